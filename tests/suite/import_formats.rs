//! `vanban import` on Word and PDF files and on a plan's assignment table,
//! run as the real binary on the fixtures of `tests/fixtures/import/`
//! (written by LibreOffice: `scripts/make-import-fixtures`).
//!
//! * three corpus laws as .docx and .pdf import with the same header fields
//!   and the same article anchors as their plain text;
//! * the plan (text, .docx, .pdf) gives its table's tasks with the right
//!   lead agency and deadline, and the built site's `nhiem-vu/tasks.ics`
//!   has an event for each dated one;
//! * a scan without a text layer and a broken .docx are refused in one line,
//!   writing nothing.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    common::fixture("import").join(name)
}

fn vanban(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .output()
        .expect("vanban runs")
}

fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "vanban failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// A content file's front matter as TOML.
fn front(file: &str) -> toml::Table {
    let rest = file.strip_prefix("+++\n").expect("front matter");
    let end = rest.find("\n+++\n").expect("closing +++");
    toml::from_str(&rest[..end]).unwrap()
}

/// The `dieu-N` ids of a built page, in order.
fn article_ids(html: &str) -> Vec<String> {
    common::ids(html)
        .into_iter()
        .filter(|id| id.starts_with("dieu-") && !id.contains("-khoan-") && !id.contains("-diem-"))
        .collect()
}

/// A site in a temp folder: `vanban.toml` and the given content files.
fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    std::fs::create_dir_all(root.join("content")).unwrap();
    std::fs::write(root.join("vanban.toml"), "title = \"Kho thử\"\n").unwrap();
    for (path, text) in files {
        let path = root.join("content").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    (tmp, root)
}

fn build(root: &Path) -> PathBuf {
    let out = root.join("public");
    ok(&vanban(&[
        "-r",
        root.to_str().unwrap(),
        "build",
        "-o",
        out.to_str().unwrap(),
        "--as-of",
        "2024-05-01",
    ]));
    out
}

const LAWS: [(&str, &str, usize); 3] = [
    ("luat-45-2009-qh12", "45/2009/QH12", 11),
    ("luat-48-2010-qh12", "48/2010/QH12", 13),
    ("luat-35-2013-qh13", "35/2013/QH13", 33),
];

#[test]
fn laws_from_word_and_pdf_import_like_their_plain_text() {
    let header = [
        "number",
        "title",
        "kind",
        "issuer",
        "signer",
        "issued",
        "effective",
    ];
    let mut built: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for format in ["txt", "docx", "pdf"] {
        let mut files = Vec::new();
        for (stem, number, articles) in LAWS {
            let file = fixture(&format!("{stem}.{format}"));
            let text = ok(&vanban(&["import", file.to_str().unwrap()]));
            let f = front(&text);
            assert_eq!(f["number"].as_str(), Some(number), "{stem}.{format}");
            let fields: Vec<String> = header
                .iter()
                .map(|k| {
                    let v = f
                        .get(*k)
                        .unwrap_or_else(|| panic!("{stem}.{format}: no {k}"));
                    v.to_string()
                })
                .collect();
            let headings = text.lines().filter(|l| l.starts_with("#### Điều ")).count();
            assert_eq!(headings, articles, "{stem}.{format}");
            files.push((format!("luat/{stem}.md"), text, fields));
        }
        let contents: Vec<(&str, &str)> = files
            .iter()
            .map(|(p, t, _)| (p.as_str(), t.as_str()))
            .collect();
        let (_tmp, root) = site(&contents);
        let out = build(&root);
        let pages: Vec<(String, String)> = LAWS
            .iter()
            .zip(&files)
            .map(|((stem, number, articles), (_, _, fields))| {
                let slug = number.to_lowercase().replace('/', "-");
                let html = common::read(&out.join(format!("luat/{slug}/index.html")));
                let ids = article_ids(&html);
                let want: Vec<String> = (1..=*articles).map(|n| format!("dieu-{n}")).collect();
                assert_eq!(ids, want, "{stem}.{format}: every article, in order");
                (stem.to_string(), format!("{fields:?} {ids:?}"))
            })
            .collect();
        built.push((format.to_string(), pages));
    }
    // Header fields and anchors of the .docx and .pdf imports are those of the text.
    for (format, pages) in &built[1..] {
        assert_eq!(pages, &built[0].1, "{format} differs from the plain text");
    }
}

/// STT → (lead agency id, deadline as the registry labels it, last day).
const EXPECTED: [(u32, &str, &str, Option<&str>); 18] = [
    (1, "so-tttt", "Quý II/2024", Some("20240630")),
    (2, "ubnd-cap-xa", "Tháng 6/2024", Some("20240630")),
    (3, "so-tttt", "30/06/2024", Some("20240630")),
    (4, "so-gtvt", "Năm 2025", Some("20251231")),
    (5, "so-khdt", "2024–2025", Some("20251231")),
    (6, "ubnd-cap-huyen", "Hằng năm", None),
    (7, "ubnd-tinh", "Thường xuyên", None),
    (8, "ubnd-h-ia-pa", "Quý III/2024", Some("20240930")),
    (9, "ubnd-h-kong-chro", "Quý III/2024", Some("20240930")),
    (10, "ubnd-h-phu-thien", "Tháng 9/2024", Some("20240930")),
    (11, "so-tttt", "15/12/2024", Some("20241215")),
    (13, "ubnd-tp-pleiku", "Năm 2024", Some("20241231")),
    (14, "ubnd-cap-xa", "Quý IV/2024", Some("20241231")),
    (16, "so-tttt", "2024–2025", Some("20251231")),
    (17, "ubnd-tinh", "Thường xuyên", None),
    (18, "ubnd-tx-an-khe", "Tháng 12/2024", Some("20241231")),
    (19, "ubnd-h-chu-se", "Quý I/2025", Some("20250331")),
    (20, "phong-vhtt-cap-huyen", "Hằng năm", None),
];

/// The hub's agency pages, front matter only (their text links to
/// documents the test site does not have).
fn agencies() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/co-quan");
    let mut out: Vec<(String, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().is_some_and(|n| n != "_index.md"))
        .map(|p| {
            let name = format!("co-quan/{}", p.file_name().unwrap().to_string_lossy());
            let text = std::fs::read_to_string(&p).unwrap();
            let end = text[4..].find("\n+++\n").unwrap() + 9;
            (name, text[..end].to_string())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_plans_assignment_table_becomes_tasks_and_calendar_events() {
    let agencies = agencies();
    let contents: Vec<(&str, &str)> = agencies
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    for format in ["txt", "docx", "pdf"] {
        let (_tmp, root) = site(&contents);
        let plan = fixture(&format!("ke-hoach-mau.{format}"));
        let dir = root.join("content/ke-hoach");
        let out = vanban(&[
            "-r",
            root.to_str().unwrap(),
            "import",
            plan.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
        ]);
        ok(&out);
        let report = String::from_utf8_lossy(&out.stderr);
        assert!(
            report.contains("bảng phân công: 20 hàng nhiệm vụ, 18 ghi thành [[tasks]]"),
            "{format}: {report}"
        );
        assert!(
            report.contains(
                "chưa ghi thành nhiệm vụ: cơ quan chủ trì \"Sở Tài chính\" chưa có trong kho"
            ),
            "{format}: the unmatched lead is named: {report}"
        );
        let file = common::read(&dir.join("01-kh-mau.md"));
        let f = front(&file);
        let tasks = f["tasks"].as_array().expect("tasks");
        assert!(tasks.len() >= 15);
        assert_eq!(tasks.len(), EXPECTED.len(), "{format}");
        for (t, (stt, lead, _, _)) in tasks.iter().zip(EXPECTED) {
            assert_eq!(t["lead"].as_str(), Some(lead), "{format}: STT {stt}");
            assert_eq!(t["provision"].as_str(), Some("phan-iii-2"), "{format}");
        }
        assert!(
            file.contains("# [[tasks]]"),
            "rows left for the editor stay visible"
        );

        let public = build(&root);
        let json: serde_json::Value =
            serde_json::from_str(&common::read(&public.join("nhiem-vu/tasks.json"))).unwrap();
        let mut labels: Vec<String> = json
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["deadline_label"].as_str().unwrap().to_string())
            .collect();
        let mut want: Vec<String> = EXPECTED.iter().map(|e| e.2.to_string()).collect();
        labels.sort();
        want.sort();
        assert_eq!(labels, want, "{format}: each task's deadline");

        let ics = common::read(&public.join("nhiem-vu/tasks.ics"));
        let calendars: Vec<_> = ical::IcalParser::new(ics.as_bytes())
            .map(Result::unwrap)
            .collect();
        let mut starts: Vec<String> = calendars[0]
            .events
            .iter()
            .map(|e| {
                e.properties
                    .iter()
                    .find(|p| p.name == "DTSTART")
                    .and_then(|p| p.value.clone())
                    .unwrap()
            })
            .collect();
        let mut dated: Vec<String> = EXPECTED
            .iter()
            .filter_map(|e| e.3.map(String::from))
            .collect();
        starts.sort();
        dated.sort();
        assert_eq!(
            starts, dated,
            "{format}: one event per dated task, due at the period's end"
        );
        // Unfolded (RFC 5545 folds long lines).
        assert!(ics.replace("\r\n ", "").contains("Thời hạn: Quý II/2024."));
    }
}

#[test]
fn scans_and_broken_word_files_are_refused_in_one_line() {
    for (name, says) in [
        ("scanned.pdf", "không có lớp chữ"),
        ("corrupt.docx", "tệp .docx hỏng"),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        let file = fixture(name);
        for args in [
            vec![
                "import",
                file.to_str().unwrap(),
                "-o",
                dir.to_str().unwrap(),
            ],
            vec!["import", file.to_str().unwrap()],
        ] {
            let out = vanban(&args);
            assert!(!out.status.success(), "{name}");
            let stderr = String::from_utf8(out.stderr).unwrap();
            let lines: Vec<&str> = stderr.lines().collect();
            assert_eq!(lines.len(), 1, "{name}: {stderr}");
            assert!(
                lines[0].contains("lỗi: ") && lines[0].contains(says),
                "{name}: {stderr}"
            );
            assert!(out.stdout.is_empty(), "{name}: nothing on standard output");
            assert!(!dir.exists(), "{name}: nothing written");
        }
    }
}

/// The plan seed (the hub's 687/KH-UBND as published) imports with the
/// anchors its hand-written content file has.
#[test]
fn the_hubs_plan_imports_with_its_anchors() {
    let seed = common::shared_data("seeds/ke-hoach-687-KH-UBND-2024.txt");
    let imported = ok(&vanban(&["import", seed.to_str().unwrap()]));
    let f = front(&imported);
    assert_eq!(f["number"].as_str(), Some("687/KH-UBND"));
    assert_eq!(f["kind"].as_str(), Some("Kế hoạch"));
    assert_eq!(f["issuer"].as_str(), Some("Ủy ban nhân dân tỉnh Gia Lai"));
    assert_eq!(f["issued"].as_datetime().unwrap().to_string(), "2024-03-27");
    let hub = common::read(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("content/ke-hoach/687-kh-ubnd.md"),
    );
    assert_eq!(plan_ids(&imported), plan_ids(&hub));
    assert!(plan_ids(&hub).contains(&"phan-ii-2-b".to_string()));
}

/// The provision ids the renderer gives a body's headings and paragraphs.
fn plan_ids(file: &str) -> Vec<String> {
    use vanban::markdown::structure::{heading_marker, paragraph_marker, Outline};
    let body = &file[file[4..].find("\n+++\n").unwrap() + 9..];
    let mut outline = Outline::default();
    let mut ids = Vec::new();
    for block in body.split("\n\n") {
        let block = block.trim();
        let marker = match block.strip_prefix('#') {
            Some(_) => heading_marker(block.trim_start_matches('#'), outline.in_article()),
            None => paragraph_marker(&block.replace("\\.", "."), outline.in_article()),
        };
        if let Some(m) = marker {
            ids.push(outline.enter(&m));
        }
    }
    ids
}
