//! Builds real fixture sites and checks what `vanban build` writes.

use crate::common;

use common::{broken_links, build, build_once, fixture, html_files, ids, read};
use vanban::date::Date;
use vanban::{BuildOptions, Error, Site};

#[test]
fn pages_exist_at_documented_urls() {
    let out = build_once("basic", false);
    for path in [
        "index.html",
        "luat/86-2015-qh13/index.html",
        "ke-hoach/687-kh-ubnd/index.html",
        "huong-dan/index.html",
        "huong-dan/cau-hinh/index.html",
        "loai/index.html",
        "loai/luat/index.html",
        "co-quan-ban-hanh/quoc-hoi/index.html",
        "linh-vuc/cong-nghe-thong-tin/index.html",
        "nam/2015/index.html",
        "tinh-trang/con-hieu-luc/index.html",
        "phan-loai/index.html",
        "404.html",
        "sitemap.xml",
        "atom.xml",
        "robots.txt",
        "static/style.css",
        "static/highlight.css",
    ] {
        assert!(out.join(path).is_file(), "{path} missing");
    }
}

#[test]
fn every_structural_id_of_the_sample_law_and_plan() {
    let out = build_once("basic", false);
    let law = ids(&read(&out.join("luat/86-2015-qh13/index.html")));
    for id in [
        "chuong-i",
        "dieu-1",
        "dieu-3",
        "dieu-3-khoan-1",
        "dieu-3-khoan-2",
        "dieu-4",
        "dieu-4-khoan-1",
        "chuong-ii",
        "chuong-ii-muc-1",
        "dieu-7",
        "dieu-7-khoan-2",
        "dieu-7-khoan-2-diem-a",
        "dieu-7-khoan-2-diem-dd",
    ] {
        assert!(law.iter().any(|i| i == id), "law lacks #{id}");
    }
    let plan = ids(&read(&out.join("ke-hoach/687-kh-ubnd/index.html")));
    for id in [
        "phan-i",
        "phan-i-1",
        "phan-i-1-a",
        "phan-i-1-b",
        "phan-ii",
        "phan-ii-1",
        "phan-ii-1-a",
        "phan-ii-1-b",
    ] {
        assert!(plan.iter().any(|i| i == id), "plan lacks #{id}");
    }
    let mut sorted = law.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), law.len(), "ids repeat on the law page");
}

#[test]
fn document_page_shows_metadata_and_number() {
    let out = build_once("basic", false);
    let html = read(&out.join("luat/86-2015-qh13/index.html"));
    assert!(html.contains(r#"<meta name="vanban:number" content="86/2015/QH13">"#));
    assert!(html.contains(r#"<html lang="vi">"#));
    for label in common::META_LABELS.iter().chain(&["Mục lục"]) {
        assert!(html.contains(label), "missing {label}");
    }
    assert!(html.contains("Nguyễn Sinh Hùng"));
    assert!(html.contains("19/11/2015"));
    assert!(html.contains("Còn hiệu lực"));
    // The plan is based on the law: both sides of the relation show.
    assert!(html.contains("Văn bản dựa trên văn bản này"));
    assert!(html.contains("687/KH-UBND"));
    // Cited by the plan and by the guide (which quotes it).
    assert!(html.contains("Được dẫn chiếu bởi"));
    assert!(html.contains("Cấu hình mẫu"));
}

#[test]
fn relative_links_resolve_online_and_offline() {
    for offline in [false, true] {
        let out = build_once("basic", offline);
        let broken = broken_links(out, offline);
        assert!(broken.is_empty(), "offline={offline}: {broken:#?}");
    }
    let out = build_once("basic", true);
    let home = read(&out.join("index.html"));
    assert!(
        home.contains(r#"href="luat/86-2015-qh13/index.html#dieu-4""#),
        "{home}"
    );
    for file in html_files(out) {
        let html = read(&file);
        assert!(
            !html.contains("href=\"/") || file.ends_with("404.html"),
            "absolute link in {}",
            file.display()
        );
    }
}

#[test]
fn quotes_and_code_blocks() {
    let out = build_once("basic", false);
    let guide = read(&out.join("huong-dan/cau-hinh/index.html"));
    assert!(guide.contains("<blockquote class=\"quote\">"));
    assert!(
        guide.contains("Cơ quan, tổ chức, cá nhân có trách nhiệm bảo đảm an toàn thông tin mạng.")
    );
    assert!(guide.contains("href=\"../../luat/86-2015-qh13/#dieu-4-khoan-1\""));
    assert!(guide.contains("class=\"hl-"));
    assert!(guide.contains("static/highlight.css"));
    assert!(!guide.contains("style=\""));
}

#[test]
fn sitemap_and_feed_are_valid_xml_with_absolute_urls() {
    let out = build_once("basic", false);
    for file in ["sitemap.xml", "atom.xml"] {
        let text = read(&out.join(file));
        let mut reader = quick_xml::Reader::from_str(&text);
        let mut elements = 0;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Start(_)) => elements += 1,
                Ok(_) => {}
                Err(e) => panic!("{file} is not XML: {e}"),
            }
        }
        assert!(elements > 3, "{file} is empty");
        assert!(
            text.contains("https://example.gov.vn/chuyen-doi-so/luat/86-2015-qh13/"),
            "{file}"
        );
    }
    assert!(read(&out.join("robots.txt"))
        .contains("Sitemap: https://example.gov.vn/chuyen-doi-so/sitemap.xml"));
}

#[test]
fn builds_are_deterministic() {
    let (_a, out_a) = build("basic", false);
    let (_b, out_b) = build("basic", false);
    for file in html_files(&out_a) {
        let rel = file.strip_prefix(&out_a).unwrap();
        assert_eq!(
            read(&file),
            read(&out_b.join(rel)),
            "{} differs",
            rel.display()
        );
    }
}

fn bad_build(name: &str, out: &std::path::Path) -> Vec<String> {
    let site = match Site::load(&fixture(name)) {
        Ok(site) => site,
        Err(Error::Invalid(diags)) => return diags.iter().map(|d| d.to_string()).collect(),
        Err(e) => panic!("{e:?}"),
    };
    let opts = BuildOptions {
        output: Some(out.to_path_buf()),
        index: Some(out.with_file_name("search-index")),
        as_of: Date::parse_iso("2025-01-01"),
        ..Default::default()
    };
    match site.build(&opts) {
        Err(Error::Invalid(diags)) => diags.iter().map(|d| d.to_string()).collect(),
        other => panic!("{name} should fail, got {other:?}"),
    }
}

#[test]
fn bad_input_lists_every_error_with_place_and_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let errors = bad_build("bad", &out);
    // What fails to load comes first: it may be why a link finds nothing.
    let expect = [
        "content/luat/a.md:6:18: lỗi: ngày không hợp lệ",
        "content/luat/b.md:4:8: lỗi: loại văn bản không có: \"Sắc lệnh\"",
        "content/luat/d.md:6:10: lỗi: cú pháp TOML sai",
        "content/luat/e.md:2:1: lỗi: thiếu trường bắt buộc `title`",
        "content/luat/f.md:6:1: lỗi: trường không có: `nguoi_ky`",
        "content/luat/g.md:2:10: lỗi: số hiệu 1/2020/QH14 trùng với content/luat/c.md",
        "content/luat/c.md:7:5: lỗi: văn bản 1/2020/QH14 không có điều khoản #dieu-99",
        "content/luat/c.md:7:42: lỗi: không có văn bản số 999/2099/QH99 trong kho",
    ];
    assert_eq!(errors.len(), expect.len(), "{errors:#?}");
    for (got, want) in errors.iter().zip(expect) {
        assert!(got.starts_with(want), "{got}\n  should start with\n{want}");
        assert!(got.contains("gợi ý: "), "no hint: {got}");
    }
    assert!(!out.exists(), "a failed build wrote output");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "staging folder left behind");
}

#[test]
fn template_and_config_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let errors = bad_build("bad-template", &tmp.path().join("p"));
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("templates/page.html:4:1: lỗi:"),
        "{}",
        errors[0]
    );
    let errors = bad_build("bad-config", &tmp.path().join("p"));
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0].starts_with("vanban.toml:2:1: lỗi: trường không có: `base_ulr`"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = Site::load(&fixture("basic")).unwrap();
    site.build(&BuildOptions {
        output: Some(out.clone()),
        index: Some(out.with_file_name("search-index")),
        ..Default::default()
    })
    .unwrap();
    let before = read(&out.join("luat/86-2015-qh13/index.html"));
    let _ = bad_build("bad", &out);
    assert_eq!(read(&out.join("luat/86-2015-qh13/index.html")), before);
    assert_eq!(
        names_in(tmp.path()),
        ["public", "search-index"],
        "no staging folder is left"
    );
}

/// The names in a folder, sorted.
fn names_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn status_follows_the_as_of_date() {
    let site = Site::load(&fixture("basic")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("p");
    site.build(&BuildOptions {
        output: Some(out.clone()),
        index: Some(out.with_file_name("search-index")),
        as_of: Date::parse_iso("2016-01-01"),
        ..Default::default()
    })
    .unwrap();
    assert!(read(&out.join("luat/86-2015-qh13/index.html")).contains("Chưa có hiệu lực"));
}

#[test]
fn citations_become_links_and_the_rest_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let site = Site::load(&fixture("basic")).unwrap();
    let report = site
        .build(&BuildOptions {
            output: Some(out.clone()),
            index: Some(out.with_file_name("search-index")),
            as_of: Date::parse_iso("2025-01-01"),
            ..Default::default()
        })
        .unwrap();
    let plan = read(&out.join("ke-hoach/687-kh-ubnd/index.html"));
    for (text, href) in [
        ("khoản 2 Điều 4", "../../luat/86-2015-qh13/#dieu-4-khoan-2"),
        ("Điều 1", "../../luat/86-2015-qh13/#dieu-1"),
        (">3<", "../../luat/86-2015-qh13/#dieu-3"),
        (">7<", "../../luat/86-2015-qh13/#dieu-7"),
    ] {
        let link = format!(
            "<a class=\"cite\" href=\"{href}\">{}</a>",
            text.trim_matches(['>', '<'])
        );
        assert!(plan.contains(&link), "{link} missing in\n{plan}");
    }
    // Not in the hub, or another province's plan: text, not links.
    assert!(!plan.contains("href=\"../../quyet-dinh/"));
    assert!(plan.contains("Kế hoạch số 687/KH-UBND ngày 01/01/2024 của UBND tỉnh Kon Tum"));
    assert!(!plan.contains(">27/3/2024</a>") && !plan.contains(">1.000.000</a>"));
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    let missing = warnings
        .iter()
        .find(|w| w.contains("1690/QĐ-TTg"))
        .expect("1690 reported");
    assert!(
        missing.contains("được dẫn chiếu 2 lần nhưng chưa có trong kho"),
        "{missing}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("687/KH-UBND") && w.contains("không rõ cơ quan ban hành")),
        "{warnings:#?}"
    );
    // The most cited come first.
    let first = warnings
        .iter()
        .position(|w| w.contains("1690/QĐ-TTg"))
        .unwrap();
    let second = warnings
        .iter()
        .position(|w| w.contains("687/KH-UBND"))
        .unwrap();
    assert!(first < second);
    // The cited law lists the plan as citing it, provision by provision.
    let law = read(&out.join("luat/86-2015-qh13/index.html"));
    assert!(
        law.contains("<a href=\"#dieu-4-khoan-2\">khoản 2 Điều 4</a>"),
        "{law}"
    );
}

/// Provisions are known only once their document is rendered: a citation of
/// one further down the same text, or in a document rendered later, links;
/// one of a provision that does not exist stays text and is reported.
#[test]
fn citations_of_provisions_are_checked_after_every_document_is_rendered() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "vanban.toml",
        "title = \"Thử\"\nbase_url = \"https://example.gov.vn/\"\n",
    );
    let front = |number: &str, title: &str| {
        format!("+++\nnumber = \"{number}\"\ntitle = \"{title}\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2020-01-01\n+++\n")
    };
    // `a` is rendered first and cites `b`; `b` cites itself further down.
    write(
        "content/luat/a.md",
        &format!(
            "{}#### Điều 1. Một\n\nTheo khoản 1 Điều 2 Luật Thử hai và Điều 9 Luật Thử hai.\n",
            front("1/2020/QH14", "Luật Thử một")
        ),
    );
    write(
        "content/luat/b.md",
        &format!(
            "{}#### Điều 1. Một\n\nXem Điều 2 và Điều 8.\n\n#### Điều 2. Hai\n\n1. Khoản một.\n",
            front("2/2020/QH14", "Luật Thử hai")
        ),
    );
    let out = tmp.path().join("public");
    let report = Site::load(&root)
        .unwrap()
        .build(&BuildOptions {
            output: Some(out.clone()),
            index: Some(tmp.path().join("search-index")),
            as_of: Date::parse_iso("2025-01-01"),
            ..Default::default()
        })
        .unwrap();
    let a = read(&out.join("luat/1-2020-qh14/index.html"));
    assert!(
        a.contains(
            "<a class=\"cite\" href=\"../../luat/2-2020-qh14/#dieu-2-khoan-1\">khoản 1 Điều 2</a>"
        ),
        "{a}"
    );
    assert!(
        a.contains(" và Điều 9 Luật Thử hai.") && !a.contains("#dieu-9"),
        "{a}"
    );
    let b = read(&out.join("luat/2-2020-qh14/index.html"));
    assert!(
        b.contains(
            "<a class=\"cite\" href=\"../../luat/2-2020-qh14/#dieu-2\">Điều 2</a> và Điều 8."
        ),
        "{b}"
    );
    // The cited provision lists its citer; the missing one is on the to-do list.
    assert!(b.contains("Luật Thử một"), "{b}");
    let warnings: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("Điều 9 2/2020/QH14") && w.contains("không có điều khoản đó")),
        "{warnings:#?}"
    );
    assert!(
        !warnings.iter().any(|w| w.contains("Điều 8")),
        "{warnings:#?}"
    );
}

/// Every file under `dir`: (relative path, bytes).
fn tree(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// A rebuild writes into the output the build before it replaced (kept as
/// `.public.prev`), and the result is exactly a fresh build's: files the
/// new build does not write are gone, and a folder standing where a page
/// goes (or a file where a folder goes) is replaced.
#[test]
fn a_rebuild_reuses_the_replaced_output_and_equals_a_fresh_build() {
    let site = Site::load(&fixture("basic")).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let opts = |out: &std::path::Path| BuildOptions {
        output: Some(out.to_path_buf()),
        index: Some(out.with_file_name(format!(
            "{}-index",
            out.file_name().unwrap().to_string_lossy()
        ))),
        as_of: Date::parse_iso("2025-06-01"),
        ..Default::default()
    };
    let fresh = tmp.path().join("fresh");
    site.build(&opts(&fresh)).unwrap();
    let want = tree(&fresh);

    let out = tmp.path().join("public");
    let prev = tmp.path().join(".public.prev");
    site.build(&opts(&out)).unwrap();
    assert!(!prev.exists(), "nothing to keep after a first build");
    site.build(&opts(&out)).unwrap();
    assert!(prev.is_dir(), "the replaced output is kept");
    assert_eq!(tree(&out), want);

    // The kept output is what the next build writes into: spoil it.
    std::fs::write(prev.join("stale.html"), "cũ").unwrap();
    std::fs::create_dir_all(prev.join("bo-cu/con")).unwrap();
    let page = prev.join("luat/86-2015-qh13/index.html");
    std::fs::remove_file(&page).unwrap();
    std::fs::create_dir_all(page.join("thu-muc")).unwrap();
    std::fs::remove_dir_all(prev.join("loai")).unwrap();
    std::fs::write(prev.join("loai"), "tệp chắn chỗ thư mục").unwrap();
    site.build(&opts(&out)).unwrap();
    assert_eq!(tree(&out), want);
    assert!(
        !out.join("bo-cu").exists(),
        "empty folders left over are removed"
    );
    assert_eq!(
        names_in(tmp.path()),
        [
            ".public.prev",
            "fresh",
            "fresh-index",
            "public",
            "public-index"
        ]
    );
}

#[test]
fn a_site_without_a_home_page_still_gets_one() {
    for offline in [false, true] {
        let (_tmp, out) = build("no-index", offline);
        let home = read(&out.join("index.html"));
        assert!(home.contains("<h1>Kho không có trang chủ</h1>"), "{home}");
        // Its lists are those of any home page.
        assert!(home.contains("86/2015/QH13"));
        let broken = broken_links(&out, offline);
        assert!(broken.is_empty(), "offline={offline}: {broken:#?}");
    }
    // A site with its own home page keeps it.
    let out = build_once("basic", false);
    assert!(read(&out.join("index.html")).contains("<h1>Kho thử nghiệm</h1>"));
}
