//! Legal truth on a fixture site (`tests/fixtures/amendments`): amendments by
//! provision and the wording `trich` quotes, the uncertain status an
//! unverified replacement gives, related documents, and task kinds.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{broken_links, fixture, read, relation_groups, status_of};
use vanban::date::Date;
use vanban::search::query::SearchOptions;
use vanban::{BuildOptions, Site};

struct Built {
    _tmp: Option<tempfile::TempDir>,
    out: PathBuf,
    index: PathBuf,
    warnings: Vec<String>,
}

fn build_at(site: &Path, as_of: &str) -> Built {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let index = tmp.path().join("search-index");
    let report = Site::load(site)
        .expect("site loads")
        .build(&BuildOptions {
            output: Some(out.clone()),
            index: Some(index.clone()),
            as_of: Date::parse_iso(as_of),
            ..Default::default()
        })
        .unwrap_or_else(|e| panic!("build failed: {e:?}"));
    Built {
        _tmp: Some(tmp),
        out,
        index,
        warnings: report.warnings.iter().map(|w| w.to_string()).collect(),
    }
}

/// The amendments fixture built at `as_of`, once for all the tests that read it.
fn built(as_of: &str) -> &'static Built {
    common::once_per_run(&format!("amendments as of {as_of}"), || {
        let mut b = build_at(&fixture("amendments"), as_of);
        if let Some(tmp) = b._tmp.take() {
            common::keep(tmp);
        }
        b
    })
}

/// The text of the metadata block's "Tình trạng".
#[test]
fn an_amendment_is_noted_on_both_provisions_linked_both_ways() {
    let b = built("2026-12-03");
    let amended = read(&b.out.join("luat/67-2006-qh11/index.html"));
    let k2 = amended.find("id=\"dieu-50-khoan-2\"").expect("clause 2");
    let k3 = amended.find("id=\"dieu-50-khoan-3\"").expect("clause 3");
    let note = amended[k2..k3]
        .find("class=\"amend-note\"")
        .map(|i| &amended[k2 + i..k3])
        .expect("a note between clause 2 and clause 3");
    assert!(
        note.contains("href=\"../../luat/21-2017-qh14/#dieu-57-khoan-1\""),
        "{note}"
    );
    assert!(note.contains("Khoản 2 Điều 50 đã được sửa đổi, bổ sung"));
    assert!(note.contains("từ ngày 01/01/2019"));
    assert!(note.contains("nguyên văn khi ban hành"));
    // Clause 1 is not amended: no note before clause 2.
    let k1 = amended.find("id=\"dieu-50-khoan-1\"").expect("clause 1");
    assert!(!amended[k1..k2].contains("amend-note"));

    let amending = read(&b.out.join("luat/21-2017-qh14/index.html"));
    let at = amending
        .find("id=\"dieu-57-khoan-1\"")
        .expect("amending clause");
    let note = &amending[at..amending.find("id=\"dieu-58\"").expect("next article")];
    assert!(
        note.contains("href=\"../../luat/67-2006-qh11/#dieu-50-khoan-2\""),
        "{note}"
    );
    assert!(note.contains("Khoản 1 Điều 57 sửa đổi, bổ sung"));
    assert!(broken_links(&b.out, false).is_empty());
}

#[test]
fn trich_says_whether_it_quotes_the_original_wording() {
    let b = built("2026-06-30");
    let html = read(&b.out.join("dao-tao/bai-1/index.html"));
    let notes: Vec<&str> = html
        .split("<p class=\"quote-note\">")
        .skip(1)
        .map(|s| &s[..s.find("</p>").expect("note end")])
        .collect();
    assert_eq!(notes.len(), 3, "{html}");
    // The amended clause: the original wording, and what changed it.
    assert!(
        notes[0].starts_with("Nguyên văn khi ban hành, không phải nội dung hiện hành: khoản 2 Điều 50 đã được sửa đổi, bổ sung bởi <a href=\"../../luat/21-2017-qh14/#dieu-57-khoan-1\">khoản 1 Điều 57 Luật 21/2017/QH14</a> từ ngày 01/01/2019."),
        "{}",
        notes[0]
    );
    // A clause of a document whose amendments nobody checked.
    assert!(notes[1].contains("chưa được rà soát"), "{}", notes[1]);
    // A document checked up to a day, with nothing recorded.
    assert!(
        notes[2].starts_with("Nguyên văn; không có sửa đổi nào được ghi nhận đến ngày 01/01/2025."),
        "{}",
        notes[2]
    );
    // Before the unverified replacement, no status is added to the note.
    assert!(!notes[0].contains("Tình trạng"));
    let later = built("2026-12-03");
    let html = read(&later.out.join("dao-tao/bai-1/index.html"));
    assert!(html.contains(
        "Tình trạng của Luật 67/2006/QH11 tính đến ngày 03/12/2026: Có thể đã hết hiệu lực — cần xác minh."
    ));
}

#[test]
fn check_lists_cited_provisions_whose_amendment_status_is_unknown() {
    let b = built("2026-12-03");
    let unknown: Vec<&String> = b
        .warnings
        .iter()
        .filter(|w| w.contains("chưa rõ đã được sửa đổi"))
        .collect();
    assert_eq!(unknown.len(), 1, "{:#?}", b.warnings);
    let w = unknown[0];
    assert!(w.contains("content/luat/67-2006-qh11.md"), "{w}");
    assert!(w.contains(": khoản 1 Điều 50"), "{w}");
    // Clause 2 has an amendment record; 21/2017/QH14 is checked.
    assert!(!w.contains("khoản 2 Điều 50"), "{w}");
    assert!(!b
        .warnings
        .iter()
        .any(|w| w.contains("21/2017/QH14 được dẫn chiếu mà")));
}

#[test]
fn an_unverified_replacement_makes_the_status_uncertain_everywhere() {
    let before = built("2026-06-30");
    let page = read(&before.out.join("luat/67-2006-qh11/index.html"));
    // A verified amendment in force: in force in part.
    assert_eq!(status_of(&page), "Hết hiệu lực một phần");

    let b = built("2026-12-03");
    let page = read(&b.out.join("luat/67-2006-qh11/index.html"));
    assert_eq!(status_of(&page), "Có thể đã hết hiệu lực — cần xác minh");
    assert!(page.contains("banner-uncertain"));
    assert!(page.contains("<meta name=\"vanban:status\" content=\"co-the-da-het-hieu-luc\">"));
    // The taxonomy.
    let term = read(&b.out.join("tinh-trang/co-the-da-het-hieu-luc/index.html"));
    assert!(term.contains("67/2006/QH11"));
    assert!(!b.out.join("tinh-trang/het-hieu-luc/index.html").exists());
    // The feed.
    let feed = read(&b.out.join("atom.xml"));
    let entry = &feed[feed.find("luat/67-2006-qh11/").expect("entry")..];
    let entry = &entry[..entry.find("</entry>").expect("entry end")];
    assert!(
        entry.contains(
            "term=\"co-the-da-het-hieu-luc\" label=\"Có thể đã hết hiệu lực — cần xác minh\""
        ),
        "{entry}"
    );
    // The task exports: the basis may have ended.
    let json: serde_json::Value =
        serde_json::from_str(&read(&b.out.join("nhiem-vu/tasks.json"))).expect("JSON");
    assert_eq!(json[0]["basis_status"], "co-the-da-het-hieu-luc");
    assert_eq!(json[0]["document_status"], "con-hieu-luc");
    let csv = read(&b.out.join("nhiem-vu/tasks.csv"));
    assert!(
        csv.contains(",Còn hiệu lực,Có thể đã hết hiệu lực — cần xác minh,2026-12-31\r\n"),
        "{csv}"
    );
    let ics = read(&b.out.join("nhiem-vu/tasks.ics")).replace("\r\n ", "");
    assert!(
        ics.contains("67/2006/QH11#dieu-50-khoan-2 (Có thể đã hết hiệu lực — cần xác minh)"),
        "{ics}"
    );

    // Search: "in force" keeps a document that may have ended, and says so.
    let query = "san pham cong nghe thong tin trong diem";
    let opts = SearchOptions {
        limit: 50,
        in_force: true,
        ..Default::default()
    };
    let hits = vanban::search::search(&b.index, query, &opts).expect("search");
    assert!(hits.iter().any(|h| h.number == "67/2006/QH11"));
    assert!(hits
        .iter()
        .filter(|h| h.number == "67/2006/QH11")
        .all(|h| h.status == "co-the-da-het-hieu-luc"));
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["search", "--in-force", "--index"])
        .arg(&b.index)
        .arg(query)
        .output()
        .expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("67/2006/QH11 · Có thể đã hết hiệu lực — cần xác minh ·"),
        "{text}"
    );
}

#[test]
fn in_force_leaves_out_what_has_ended() {
    // Verify the replacement: the old law ends, and the filter drops it.
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("amendments"), tmp.path());
    let new = tmp.path().join("content/luat/148-2025-qh15.md");
    let text = read(&new).replace(
        "verify = \"Ghi nhận theo nguồn thứ cấp; chưa đối chiếu với văn bản chính thức.\"\n",
        "",
    );
    std::fs::write(&new, text).expect("write");
    let b = build_at(tmp.path(), "2026-12-03");
    let page = read(&b.out.join("luat/67-2006-qh11/index.html"));
    assert_eq!(status_of(&page), "Hết hiệu lực");
    let query = "san pham cong nghe thong tin trong diem";
    let all = vanban::search::search(&b.index, query, &SearchOptions::default()).expect("search");
    assert!(all
        .iter()
        .any(|h| h.number == "67/2006/QH11" && h.status == "het-hieu-luc"));
    let opts = SearchOptions {
        in_force: true,
        ..Default::default()
    };
    let kept = vanban::search::search(&b.index, query, &opts).expect("search");
    assert!(
        !kept.iter().any(|h| h.number == "67/2006/QH11"),
        "{kept:#?}"
    );
}

#[test]
fn related_documents_are_not_listed_as_bases() {
    let b = built("2026-12-03");
    let plan = read(&b.out.join("ke-hoach/5-kh-ubnd/index.html"));
    let groups = relation_groups(&plan);
    assert_eq!(
        groups.get("Văn bản căn cứ").map(Vec::as_slice),
        Some(&["21/2017/QH14".to_string()][..]),
        "{groups:#?}"
    );
    assert_eq!(
        groups
            .get("Văn bản liên quan (được nêu trong nội dung, không phải căn cứ)")
            .map(Vec::as_slice),
        Some(&["67/2006/QH11".to_string()][..]),
        "{groups:#?}"
    );
    assert!(
        plan.contains(">liên quan</text>"),
        "the diagram names the relation"
    );
    let law = relation_groups(&read(&b.out.join("luat/67-2006-qh11/index.html")));
    assert_eq!(
        law.get("Văn bản nêu văn bản này trong nội dung (không phải căn cứ)")
            .map(Vec::as_slice),
        Some(&["5/KH-UBND".to_string()][..]),
        "{law:#?}"
    );
    assert!(!law.contains_key("Văn bản dựa trên văn bản này"));
}

#[test]
fn only_assignments_are_tasks_and_members_link_to_their_level() {
    let b = built("2026-12-03");
    let tasks: serde_json::Value =
        serde_json::from_str(&read(&b.out.join("nhiem-vu/tasks.json"))).expect("JSON");
    let tasks = tasks.as_array().expect("array");
    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0]["kind"], "nhiem-vu");
    assert!(tasks
        .iter()
        .all(|t| !t["task"].as_str().unwrap_or("").starts_with("Mục đích")));
    let all: serde_json::Value =
        serde_json::from_str(&read(&b.out.join("nhiem-vu/tasks-all.json"))).expect("JSON");
    let all = all.as_array().expect("array");
    assert_eq!(all.len(), 2);
    let purpose = all
        .iter()
        .find(|t| t["kind"] == "muc-dich")
        .expect("purpose");
    assert_eq!(
        purpose["kind_label"],
        "Mục đích của văn bản, không phải nhiệm vụ được giao"
    );
    let csv = read(&b.out.join("nhiem-vu/tasks.csv"));
    assert!(!csv.contains("Mục đích của Kế hoạch"));
    assert!(!read(&b.out.join("nhiem-vu/tasks.ics")).contains("Mục đích"));
    let deadlines = read(&b.out.join("thoi-han/index.html"));
    assert!(deadlines.contains("Lập danh mục sản phẩm"));
    assert!(!deadlines.contains("Mục đích của Kế hoạch"));

    // The level page: the assignment in the table, the purpose apart and labelled.
    let level = read(&b.out.join("co-quan/ubnd-cap-huyen/index.html"));
    let apart = level
        .find("id=\"muc-dich-yeu-cau\"")
        .expect("a section apart");
    let assigned = level.find("Lập danh mục sản phẩm").expect("the assignment");
    let purpose = level.find("Mục đích của Kế hoạch").expect("the purpose");
    assert!(assigned < apart && apart < purpose);
    assert!(level.contains(
        "<span class=\"task-kind\">Mục đích của văn bản, không phải nhiệm vụ được giao:</span>"
    ));
    // A member of the level links to the level's tasks.
    let member = read(&b.out.join("co-quan/ubnd-h-ia-pa/index.html"));
    assert!(
        member.contains("<a href=\"../../co-quan/ubnd-cap-huyen/#nhiem-vu\">Ủy ban nhân dân cấp huyện</a> (1 nhiệm vụ được giao; 1 mục đích"),
        "{member}"
    );
}

#[test]
fn an_incomplete_text_says_so_above_its_first_heading() {
    let b = built("2026-12-03");
    let html = read(&b.out.join("ke-hoach/5-kh-ubnd/index.html"));
    let notice = html.find("banner-incomplete").expect("notice");
    assert!(html[notice..]
        .starts_with("banner-incomplete\" role=\"note\"><strong>Văn bản chưa đầy đủ.</strong>"));
    assert!(notice < html.find("id=\"phan-i\"").expect("first heading"));
    // A page whose source is not verified says so.
    let new = read(&b.out.join("luat/148-2025-qh15/index.html"));
    assert!(new.contains("chưa có địa chỉ đã kiểm chứng"));
}

#[test]
fn bad_records_are_errors_at_their_place() {
    let tmp = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture("amendments"), tmp.path());
    let law = tmp.path().join("content/luat/67-2006-qh11.md");
    let text = read(&law).replace(
        "+++\n\n#### Điều 50.",
        "[[amendments]]\nprovision = \"dieu-9\"\naction = \"hủy\"\nby = \"vb:99/2099/QH99#dieu-1\"\nfrom = 2020-01-01\n\n[[amendments]]\nprovision = \"dieu-50\"\naction = \"bãi bỏ\"\nby = \"vb:21/2017/QH14\"\nfrom = 2020-01-01\n+++\n\n#### Điều 50.",
    );
    std::fs::write(&law, text).expect("write");
    let plan = tmp.path().join("content/ke-hoach/5-kh-ubnd.md");
    let text = read(&plan).replace("kind = \"mục đích\"", "kind = \"việc chung\"");
    std::fs::write(&plan, text).expect("write");
    let member = tmp.path().join("content/co-quan/ubnd-h-ia-pa.md");
    let text = read(&member).replace("ubnd-cap-huyen", "ubnd-cap-tinh");
    std::fs::write(&member, text).expect("write");
    let err = Site::load(tmp.path())
        .expect("loads")
        .check(&BuildOptions::default())
        .expect_err("errors");
    let vanban::Error::Invalid(diags) = err else {
        panic!("{err:?}")
    };
    let messages: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    for expected in [
        "67-2006-qh11.md:20:13: lỗi: văn bản này không có điều khoản #dieu-9",
        "không rõ việc sửa đổi \"hủy\"",
        "văn bản sửa đổi 99/2099/QH99 chưa có trong kho",
        "thiếu mã neo của điều khoản sửa đổi",
        "loại nhiệm vụ không có: \"việc chung\"",
        "không có cơ quan mã \"ubnd-cap-tinh\"",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{expected} not in {messages:#?}"
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
