//! The bundled Gia Lai hub: it builds, its text is NFC, the plan carries the
//! seed's metadata and every heading of parts I and II with its anchor, and
//! every document the plan rests on has a page with metadata and a source.

mod common;

use std::path::Path;

use common::{broken_links, ids, read};
use unicode_normalization::is_nfc;
use vanban::content::Date;
use vanban::{BuildOptions, Site};

fn hub() -> (
    tempfile::TempDir,
    std::path::PathBuf,
    Vec<vanban::Diagnostic>,
) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = Site::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("hub loads");
    let report = site
        .build(&BuildOptions {
            output: Some(out.clone()),
            as_of: Date::parse_iso("2026-11-25"),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("the bundled hub must build: {e:#?}"));
    (tmp, out, report.warnings)
}

#[test]
fn every_content_file_is_nfc() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|x| x == "md") {
            let text = read(entry.path());
            assert!(is_nfc(&text), "{} is not NFC", entry.path().display());
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} content files");
}

#[test]
fn the_plan_page_carries_the_seed() {
    let (_tmp, out, _) = hub();
    let html = read(&out.join("ke-hoach/687-kh-ubnd/index.html"));
    for fact in [
        "687/KH-UBND",
        "27/03/2024",
        "Kế hoạch",
        "Ủy ban nhân dân tỉnh Gia Lai",
        "Trương Hải Long",
        "Công nghệ thông tin",
        "Bộ máy hành chính",
    ] {
        assert!(html.contains(fact), "plan page lacks {fact}");
    }
    let anchors = ids(&html);
    for (id, heading) in [
        ("phan-i", "I. THỰC TRẠNG TỔ CHỨC BỘ MÁY, NĂNG LỰC QUẢN LÝ NHÀ NƯỚC VÀ THỰC THI PHÁP LUẬT VỀ CHUYỂN ĐỔI SỐ TRÊN ĐỊA BÀN TỈNH GIA LAI"),
        ("phan-i-1", "1. Tình hình tổ chức bộ máy về chuyển đổi số"),
        ("phan-i-1-a", "a) Các sở, ban, ngành:"),
        ("phan-i-1-b", "b) Ủy ban nhân dân các huyện, thị xã, thành phố:"),
        ("phan-i-1-c", "c) Ủy ban nhân dân các xã, phường, thị trấn:"),
        ("phan-i-2", "2. Năng lực quản lý nhà nước và thực thi pháp luật về chuyển đổi số"),
        ("phan-ii", "II. MỤC ĐÍCH, YÊU CẦU"),
        ("phan-ii-1", "1. Mục đích:"),
        ("phan-ii-1-a", "a) Triển khai kịp thời"),
        ("phan-ii-1-d", "d) Bố trí đủ nguồn lực"),
        ("phan-ii-2", "2. Yêu cầu:"),
        ("phan-ii-2-a", "a) Kiện toàn tổ chức bộ máy"),
        ("phan-ii-2-b", "b) Các sở, ban, ngành"),
    ] {
        assert!(anchors.iter().any(|a| a == id), "plan lacks #{id}");
        assert!(html.contains(heading), "plan lacks the heading {heading}");
    }
    assert!(html.contains("gialai.gov.vn"), "plan lacks its source");
}

#[test]
fn every_document_the_plan_rests_on_has_a_complete_page() {
    let (_tmp, out, _) = hub();
    for path in [
        "quyet-dinh/1690-qd-ttg",
        "thong-tu/11-2022-tt-btttt",
        "quyet-dinh/16-2023-qd-ubnd",
        "luat/67-2006-qh11",
        "luat/86-2015-qh13",
        "luat/24-2018-qh14",
        "luat/20-2023-qh15",
        "luat/51-2005-qh11",
        "nghi-quyet/04-nq-tu",
        "chuong-trinh-hanh-dong/921-cthd-ubnd",
        "ket-luan/28-kl-tw",
        "ket-luan/40-kl-tw",
    ] {
        let html = read(&out.join(path).join("index.html"));
        for label in common::META_LABELS.iter().chain(&["Nguồn"]) {
            assert!(
                html.contains(&format!("<dt>{label}</dt>")),
                "{path} lacks {label}"
            );
        }
        assert!(
            html.contains("rel=\"noopener\""),
            "{path} lacks a source link"
        );
    }
}

#[test]
fn full_text_laws_keep_every_article() {
    let (_tmp, out, _) = hub();
    for (path, articles) in [
        ("luat/86-2015-qh13", 54),
        ("luat/24-2018-qh14", 43),
        ("luat/67-2006-qh11", 79),
        ("luat/51-2005-qh11", 52),
    ] {
        let html = read(&out.join(path).join("index.html"));
        let n = ids(&html)
            .iter()
            .filter(|i| i.starts_with("dieu-") && !i.contains("-khoan-") && !i.contains("-diem-"))
            .count();
        assert_eq!(n, articles, "{path}");
        assert!(
            html.contains("Tóm tắt cho cán bộ"),
            "{path} lacks its overview"
        );
    }
}

#[test]
fn replaced_laws_warn_as_of_today() {
    let (_tmp, out, _) = hub();
    let old = read(&out.join("luat/51-2005-qh11/index.html"));
    assert!(old.contains("Hết hiệu lực"));
    assert!(old.contains("được thay thế bởi <a href=\"../../luat/20-2023-qh15/\">Luật 20/2023/QH15</a> từ ngày 01/07/2024"), "{old}");
    let ninh = read(&out.join("luat/86-2015-qh13/index.html"));
    assert!(ninh.contains("116/2025/QH15"));
    assert!(ninh.contains("cần xác minh"));
}

#[test]
fn every_internal_link_resolves() {
    let (_tmp, out, warnings) = hub();
    let broken = broken_links(&out, false);
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(warnings.iter().all(|w| !w.is_error()));
}
