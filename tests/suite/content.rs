//! The bundled Gia Lai hub: it builds, its text is NFC, the plan carries the
//! seed's metadata and every heading of parts I and II with its anchor, and
//! every document the plan rests on has a page with metadata and a source.
//! Built as of 2026-12-03, after the reported replacements of 01/07/2026: the
//! pages must be true on the day the site is built.

use crate::common;

use std::path::{Path, PathBuf};

use common::{broken_links, ids, read, relation_groups, status_of};
use unicode_normalization::is_nfc;
use vanban::date::Date;
use vanban::{BuildOptions, Site};

/// The day the bars are checked at.
const AS_OF: &str = "2026-12-03";

/// The bundled hub built at [`AS_OF`], once for all the tests that read it.
struct Hub {
    out: PathBuf,
    index: PathBuf,
    warnings: Vec<vanban::Diagnostic>,
}

fn hub() -> &'static Hub {
    common::once_per_run("the bundled hub", || {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let index = tmp.path().join("search-index");
        let site = Site::load(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("hub loads");
        let report = site
            .build(&BuildOptions {
                output: Some(out.clone()),
                index: Some(index.clone()),
                as_of: Date::parse_iso(AS_OF),
                ..Default::default()
            })
            .unwrap_or_else(|e| panic!("the bundled hub must build: {e:#?}"));
        common::keep(tmp);
        Hub {
            out,
            index,
            warnings: report.warnings,
        }
    })
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
    let out = &hub().out;
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
    let out = &hub().out;
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
        // The Party conclusions may not be on vbpl.vn: their pages say the
        // address is unverified instead of linking to a portal.
        if path.starts_with("ket-luan/") {
            assert!(
                html.contains("chưa có địa chỉ đã kiểm chứng") && !html.contains("vbpl.vn/\" rel"),
                "{path} links a doubted source"
            );
        } else {
            assert!(
                html.contains("rel=\"noopener\""),
                "{path} lacks a source link"
            );
        }
    }
    // The Công báo address only secondary sources give is not a link either.
    let new = read(&out.join("luat/148-2025-qh15/index.html"));
    assert!(new.contains("chưa có địa chỉ đã kiểm chứng"));
    assert!(!new.contains("href=\"https://congbao.chinhphu.vn/van-ban/luat-so-148"));
}

#[test]
fn full_text_laws_keep_every_article() {
    let out = &hub().out;
    for (path, articles) in [
        ("luat/86-2015-qh13", 54),
        ("luat/24-2018-qh14", 43),
        ("luat/67-2006-qh11", 79),
        ("luat/51-2005-qh11", 54),
    ] {
        let html = read(&out.join(path).join("index.html"));
        let ids = ids(&html);
        let n = ids
            .iter()
            .filter(|i| i.starts_with("dieu-") && !i.contains("-khoan-") && !i.contains("-diem-"))
            .count();
        assert_eq!(n, articles, "{path}");
        assert!(
            html.contains("Tóm tắt cho cán bộ"),
            "{path} lacks its overview"
        );
        // No id was repeated (a repeat gets "-2"), so none is suffixed.
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{path} repeats an id");
        let suffixed: Vec<&String> = ids
            .iter()
            .filter(|i| {
                i.starts_with("dieu-")
                    && i.ends_with("-2")
                    && !i.ends_with("khoan-2")
                    && !i.ends_with("dieu-2")
            })
            .collect();
        assert!(suffixed.is_empty(), "{path}: {suffixed:?}");
    }
}

#[test]
fn the_2005_law_has_the_two_articles_its_source_lost() {
    let Hub { out, warnings, .. } = hub();
    let html = read(&out.join("luat/51-2005-qh11/index.html"));
    let ids = ids(&html);
    for id in [
        "dieu-4",
        "dieu-4-khoan-1",
        "dieu-4-khoan-15",
        "dieu-29",
        "dieu-29-khoan-9",
    ] {
        assert!(ids.iter().any(|i| i == id), "lacks #{id}");
    }
    // The definitions are no longer clauses of Điều 3, nor a second run in Điều 28.
    assert!(!ids.iter().any(|i| i.starts_with("dieu-3-khoan-")));
    assert!(!ids.iter().any(|i| i == "dieu-28-khoan-4"));
    // The headings are not guessed.
    assert!(html.contains("Điều 4. [tiêu đề chưa có trong bản nguồn — cần xác minh]"));
    assert!(html.contains("Điều 29. [tiêu đề chưa có trong bản nguồn — cần xác minh]"));
    assert!(
        !warnings.iter().any(|w| w.message.contains("lặp lại")),
        "{warnings:#?}"
    );
}

#[test]
fn the_laws_reported_replaced_may_have_ended_as_of_the_build() {
    let Hub { out, index, .. } = hub();
    for path in [
        "luat/86-2015-qh13",
        "luat/24-2018-qh14",
        "luat/67-2006-qh11",
    ] {
        let html = read(&out.join(path).join("index.html"));
        assert_eq!(
            status_of(&html),
            "Có thể đã hết hiệu lực — cần xác minh",
            "{path}"
        );
        assert!(!html.contains(">Còn hiệu lực</a>"), "{path}");
        // The overview is written for a reader after 01/07/2026.
        assert!(
            !html.contains("sẽ thay thế") && !html.contains("sẽ chấm dứt"),
            "{path}"
        );
    }
    let term = read(&out.join("tinh-trang/co-the-da-het-hieu-luc/index.html"));
    for number in ["86/2015/QH13", "24/2018/QH14", "67/2006/QH11"] {
        assert!(term.contains(number), "tinh-trang/ lacks {number}");
    }
    assert!(!read(&out.join("tinh-trang/con-hieu-luc/index.html")).contains("86/2015/QH13"));
    // vanban search --in-force keeps them (README: they may still apply) and
    // says what they are; it leaves out the law that has ended.
    let search = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
            .arg("search")
            .args(args)
            .arg("--index")
            .arg(index)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let text = search(&["--in-force", "-n", "50", "an toan thong tin mang"]);
    assert!(
        text.contains("86/2015/QH13 · Có thể đã hết hiệu lực — cần xác minh ·"),
        "{text}"
    );
    let text = search(&["--in-force", "-n", "50", "giao dich dien tu"]);
    assert!(!text.contains("51/2005/QH11"), "{text}");
    let text = search(&["-n", "50", "giao dich dien tu"]);
    assert!(text.contains("51/2005/QH11 · Hết hiệu lực ·"), "{text}");
}

#[test]
fn the_plan_rests_only_on_1690_and_says_it_is_incomplete() {
    let out = &hub().out;
    let html = read(&out.join("ke-hoach/687-kh-ubnd/index.html"));
    let groups = relation_groups(&html);
    assert_eq!(groups["Văn bản căn cứ"], ["1690/QĐ-TTg"], "{groups:#?}");
    let mut related =
        groups["Văn bản liên quan (được nêu trong nội dung, không phải căn cứ)"].clone();
    related.sort();
    assert_eq!(
        related,
        ["04-NQ/TU", "28-KL/TW", "40-KL/TW", "921/CTHĐ-UBND"],
        "{groups:#?}"
    );
    let notice = html
        .find("banner-incomplete")
        .expect("incompleteness notice");
    let first = html.find("id=\"phan-i\"").expect("first heading");
    assert!(notice < first);
    assert!(html[notice..first].contains("gialai.gov.vn"));
    // The four are named on their own pages as naming the plan, not as its basis.
    let kl = relation_groups(&read(&out.join("ket-luan/28-kl-tw/index.html")));
    assert!(!kl.contains_key("Văn bản dựa trên văn bản này"), "{kl:#?}");
}

#[test]
fn no_purpose_is_exported_as_a_task_and_members_link_to_their_level() {
    let out = &hub().out;
    let tasks: serde_json::Value =
        serde_json::from_str(&read(&out.join("nhiem-vu/tasks.json"))).expect("JSON");
    for t in tasks.as_array().expect("array") {
        let text = t["task"].as_str().unwrap_or_default();
        assert!(!text.starts_with("Mục đích"), "{text}");
        assert_eq!(t["kind"], "nhiem-vu");
    }
    let all: serde_json::Value =
        serde_json::from_str(&read(&out.join("nhiem-vu/tasks-all.json"))).expect("JSON");
    assert_eq!(all.as_array().expect("array").len(), 10);
    let mut districts = 0;
    for entry in std::fs::read_dir(out.join("co-quan")).expect("co-quan/") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let html = || read(&out.join("co-quan").join(&name).join("index.html"));
        if ["ubnd-h-", "ubnd-tx-", "ubnd-tp-"]
            .iter()
            .any(|p| name.starts_with(p))
        {
            districts += 1;
            assert!(
                html().contains("href=\"../../co-quan/ubnd-cap-huyen/#nhiem-vu\""),
                "{name} does not link to the district-level tasks"
            );
        } else if name.starts_with("so-") {
            assert!(
                html().contains("href=\"../../co-quan/cac-so-ban-nganh/#nhiem-vu\""),
                "{name} does not link to the departments' tasks"
            );
        }
    }
    assert_eq!(districts, 17);
    // Only Ia Pa, Kông Chro and Phú Thiện are named by the plan.
    for (page, named) in [
        ("ubnd-h-ia-pa", true),
        ("ubnd-h-chu-pah", false),
        ("ubnd-tp-pleiku", false),
    ] {
        let html = read(&out.join("co-quan").join(page).join("index.html"));
        assert_eq!(html.contains("Kế hoạch nêu tên"), named, "{page}");
        assert!(!html.contains("mà Kế hoạch 687/KH-UBND nhắc đến"), "{page}");
    }
}

#[test]
fn agency_pages_link_the_duties_the_laws_give_local_government() {
    let out = &hub().out;
    let page = |p: &str| read(&out.join("co-quan").join(p).join("index.html"));
    let province = page("ubnd-tinh");
    for anchor in [
        "luat/67-2006-qh11/#dieu-7-khoan-4",
        "luat/67-2006-qh11/#dieu-46-khoan-2",
        "luat/67-2006-qh11/#dieu-59-khoan-4",
        "luat/67-2006-qh11/#dieu-60-khoan-1",
        "luat/86-2015-qh13/#dieu-13-khoan-3",
        "luat/86-2015-qh13/#dieu-14-khoan-4-diem-c",
        "luat/86-2015-qh13/#dieu-38-khoan-8",
        "luat/86-2015-qh13/#dieu-52-khoan-11",
        "luat/24-2018-qh14/#dieu-34-khoan-3",
        "luat/24-2018-qh14/#dieu-40",
    ] {
        assert!(
            province.contains(&format!("href=\"../../{anchor}\"")),
            "ubnd-tinh lacks {anchor}"
        );
    }
    for level in ["ubnd-cap-huyen", "ubnd-cap-xa"] {
        let html = page(level);
        for anchor in [
            "luat/86-2015-qh13/#dieu-14-khoan-4-diem-c",
            "luat/67-2006-qh11/#dieu-60-khoan-1",
        ] {
            assert!(
                html.contains(&format!("href=\"../../{anchor}\"")),
                "{level} lacks {anchor}"
            );
        }
    }
    let lesson = read(&out.join("dao-tao/bai-1-khung-phap-ly-va-ke-hoach-687/index.html"));
    assert!(!lesson.contains("không nêu riêng trách nhiệm của cấp huyện"));
    assert!(lesson.contains("Ủy ban nhân dân các cấp"));
}

#[test]
fn the_amendment_the_corpus_records_is_noted_both_ways() {
    let out = &hub().out;
    let law = read(&out.join("luat/67-2006-qh11/index.html"));
    assert!(law.contains("href=\"../../luat/21-2017-qh14/#dieu-57-khoan-1\""));
    let amending = read(&out.join("luat/21-2017-qh14/index.html"));
    assert!(amending.contains("href=\"../../luat/67-2006-qh11/#dieu-50-khoan-2\""));
    // Training quotations say they quote the text as passed.
    let lesson = read(&out.join("dao-tao/bai-3-giao-dich-dien-tu-va-du-lieu/index.html"));
    assert!(lesson.contains("<p class=\"quote-note\">Nguyên văn khi ban hành"));
    assert!(
        !lesson.contains("hiện hành."),
        "no quotation claims to be current"
    );
}

#[test]
fn the_prose_names_laws_plainly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    for entry in walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
    {
        if entry.path().extension().is_some_and(|x| x == "md")
            && !entry.path().ends_with("README.md")
        {
            let text = read(entry.path());
            for bad in [
                "Chuyển đổi số số",
                "sẽ thay thế",
                "Sắp tới",
                "vẫn là căn cứ hiện hành",
            ] {
                assert!(!text.contains(bad), "{}: {bad}", entry.path().display());
            }
        }
    }
}

#[test]
fn replaced_laws_warn_as_of_today() {
    let out = &hub().out;
    let old = read(&out.join("luat/51-2005-qh11/index.html"));
    assert!(old.contains("Hết hiệu lực"));
    assert!(old.contains("được thay thế bởi <a href=\"../../luat/20-2023-qh15/\">Luật 20/2023/QH15</a> từ ngày 01/07/2024"), "{old}");
    let ninh = read(&out.join("luat/86-2015-qh13/index.html"));
    assert!(ninh.contains("116/2025/QH15"));
    assert!(ninh.contains("cần xác minh"));
}

#[test]
fn every_internal_link_resolves() {
    let Hub { out, warnings, .. } = hub();
    let broken = broken_links(out, false);
    assert!(broken.is_empty(), "{broken:#?}");
    assert!(warnings.iter().all(|w| !w.is_error()));
}
