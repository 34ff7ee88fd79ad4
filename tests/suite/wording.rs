//! A site rewords what readers see through its theme's `strings.toml` alone:
//! statuses, relation headings and verbs, deadlines, task kinds, and the
//! server's search page; a theme that lacks a key is refused by name.

use std::path::{Path, PathBuf};

use crate::common::{fixture, read};
use crate::serve_support::{copy_dir, get, options};
use vanban::date::Date;
use vanban::error::Error;
use vanban::serve::Server;
use vanban::{BuildOptions, Site};

/// (old line, new line) of the default strings.toml.
const REWORDED: &[(&str, &str)] = &[
    (
        "con-hieu-luc = \"Còn hiệu lực\"",
        "con-hieu-luc = \"Đang áp dụng\"",
    ),
    (
        "het-hieu-luc = \"Hết hiệu lực\"",
        "het-hieu-luc = \"Không còn áp dụng\"",
    ),
    (
        "expired = \"Hết hiệu lực.\"",
        "expired = \"Không còn áp dụng.\"",
    ),
    (
        "replaces = \"Văn bản được thay thế\"",
        "replaces = \"Thay cho văn bản\"",
    ),
    (
        "replaces = \"Văn bản thay thế\"",
        "replaces = \"Được thay bằng\"",
    ),
    ("replaces = \"thay thế\"", "replaces = \"thay cho\""),
    (
        "quarter = \"Quý {quarter}/{year}\"",
        "quarter = \"Hạn quý {quarter} năm {year}\"",
    ),
    ("ongoing = \"Thường xuyên\"", "ongoing = \"Liên tục\""),
    (
        "muc-dich = \"Mục đích của văn bản, không phải nhiệm vụ được giao\"",
        "muc-dich = \"Chỉ là mục đích\"",
    ),
    (
        "found = \"{count} kết quả cho “{query}”.\"",
        "found = \"Tìm được {count} mục cho “{query}”.\"",
    ),
    (
        "search_title = \"Tìm kiếm\"",
        "search_title = \"Tra cứu nhanh\"",
    ),
];

fn default_strings() -> String {
    read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/strings.toml"))
}

/// The basic fixture with a law that replaces its law, a plan task due in a
/// quarter and a purpose, and the theme `loi` with `strings`.
fn site(strings: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&fixture("basic"), &root);
    let config = root.join("vanban.toml");
    std::fs::write(&config, format!("theme = \"loi\"\n{}", read(&config))).expect("config");
    std::fs::create_dir_all(root.join("themes/loi")).expect("theme");
    std::fs::write(root.join("themes/loi/strings.toml"), strings).expect("strings");
    std::fs::write(
        root.join("content/luat/99-2024-qh15.md"),
        "+++\nnumber = \"99/2024/QH15\"\ntitle = \"Luật An toàn thông tin mạng (thay thế)\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2024-06-01\neffective = 2024-07-01\n[relations]\nreplaces = [\"86/2015/QH13\"]\n+++\n#### Điều 1. Phạm vi điều chỉnh\n\nLuật này quy định về an toàn thông tin mạng.\n",
    )
    .expect("law");
    let plan = root.join("content/ke-hoach/687-kh-ubnd.md");
    let text = read(&plan);
    let end = text[3..].find("+++").expect("front matter") + 3;
    let tasks = "\n[[tasks]]\ntask = \"Triển khai nền tảng số\"\nlead = \"so-tttt\"\ndeadline = \"Quý II/2025\"\n\n[[tasks]]\ntask = \"Nâng cao nhận thức\"\nlead = \"so-tttt\"\nkind = \"mục đích\"\ndeadline = \"thường xuyên\"\n";
    std::fs::write(&plan, format!("{}{tasks}{}", &text[..end], &text[end..])).expect("plan");
    (tmp, root)
}

fn reworded() -> String {
    let mut text = default_strings();
    for (old, new) in REWORDED {
        assert!(text.contains(old), "strings.toml has no line {old}");
        text = text.replacen(old, new, 1);
    }
    text
}

fn build(root: &Path) -> vanban::error::Result<PathBuf> {
    let out = root.join("public");
    Site::load(root)?.build(&BuildOptions {
        output: Some(out.clone()),
        index: Some(root.join("search-index")),
        as_of: Date::parse_iso("2025-01-01"),
        ..Default::default()
    })?;
    Ok(out)
}

#[test]
fn a_theme_rewords_statuses_relations_deadlines_and_task_kinds() {
    let (_tmp, root) = site(&reworded());
    let out = build(&root).expect("build");
    let page = |p: &str| read(&out.join(p));

    let old_law = page("luat/86-2015-qh13/index.html");
    assert!(old_law.contains("Không còn áp dụng"), "status and notice");
    assert!(old_law.contains("Được thay bằng"), "incoming heading");
    for old in ["Hết hiệu lực", "Văn bản thay thế"] {
        assert!(!old_law.contains(old), "{old} left on the replaced law");
    }
    let new_law = page("luat/99-2024-qh15/index.html");
    assert!(new_law.contains("Thay cho văn bản"), "outgoing heading");
    assert!(new_law.contains(">thay cho</text>"), "verb on the diagram");
    assert!(!new_law.contains("Văn bản được thay thế"));
    assert!(!new_law.contains(">thay thế</text>"));

    let plan = page("ke-hoach/687-kh-ubnd/index.html");
    for new in [
        "Đang áp dụng",
        "Hạn quý II năm 2025",
        "Liên tục",
        "Chỉ là mục đích",
    ] {
        assert!(plan.contains(new), "{new} missing on the plan");
    }
    for old in [
        "Còn hiệu lực",
        "Quý II/2025",
        ">Thường xuyên<",
        "Mục đích của văn bản",
    ] {
        assert!(!plan.contains(old), "{old} left on the plan");
    }
    let deadlines = page("thoi-han/index.html");
    assert!(deadlines.contains("Hạn quý II năm 2025") && !deadlines.contains("Quý II/2025"));
    let status_list = page("tinh-trang/con-hieu-luc/index.html");
    assert!(status_list.contains("Đang áp dụng") && !status_list.contains("Còn hiệu lực"));

    let feed = page("atom.xml");
    assert!(feed.contains("label=\"Đang áp dụng\"") && !feed.contains("Còn hiệu lực"));
    let csv = page("nhiem-vu/tasks.csv");
    assert!(csv.contains("Hạn quý II năm 2025") && csv.contains("Đang áp dụng"));
    assert!(!csv.contains("Quý II/2025") && !csv.contains("Còn hiệu lực"));
    let ics = page("nhiem-vu/tasks.ics").replace("\r\n ", "");
    assert!(ics.contains("Hạn quý II năm 2025"));
    let all = page("nhiem-vu/tasks-all.json");
    assert!(all.contains("\"kind_label\": \"Chỉ là mục đích\""));
    assert!(all.contains("\"kind\": \"muc-dich\""), "codes stay codes");
    // The search page's status filter reads its names from the export.
    let choices = filter_choices(&out);
    assert!(
        choices.contains("[\"con-hieu-luc\",\"Đang áp dụng\"]"),
        "{choices}"
    );
    assert!(!choices.contains("Còn hiệu lực"), "{choices}");
}

/// The JSON of the search export's filter choices (`search/f/`): a pack is
/// `vanban.shard("f/NAME","DATA")`, DATA raw DEFLATE in base64url.
fn filter_choices(out: &Path) -> String {
    let dir = out.join("search/f");
    let file = std::fs::read_dir(&dir)
        .expect("search/f")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "js"))
        .expect("a pack of choices");
    let text = read(&file);
    let data = text
        .rsplit(",\"")
        .next()
        .expect("data")
        .trim_end_matches(&['"', ')', ';', '\n'][..]);
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut bytes, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in data.bytes() {
        let d = alphabet.iter().position(|&a| a == c).expect("base64url") as u32;
        acc = (acc << 6) | d;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    let mut inflated = vec![0u8; bytes.len() * 64 + 4096];
    let n = libdeflater::Decompressor::new()
        .deflate_decompress(&bytes, &mut inflated)
        .expect("raw DEFLATE");
    String::from_utf8(inflated[..n].to_vec()).expect("UTF-8")
}

#[test]
fn the_served_search_page_is_worded_by_the_theme() {
    let (_tmp, root) = site(&reworded());
    let server = Server::start(options(&root, true)).expect("server starts");
    let addr = server.addr();
    let r = get(addr, "/tim-kiem/?q=an+to%C3%A0n");
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("mục cho “an toàn”."), "{html}");
    assert!(html.contains("<title>an toàn · Tra cứu nhanh · "), "{html}");
    assert!(html.contains("<h1>Tra cứu nhanh</h1>"));
    assert!(html.contains("<a class=\"hit\" href=\"../luat/"));
    assert!(!html.contains("kết quả cho") && !html.contains("Tìm kiếm ·"));
    let r = get(addr, "/tim-kiem?q=an+to%C3%A0n");
    assert!(r.text().contains("<a class=\"hit\" href=\"luat/"));
}

#[test]
fn a_theme_rewords_the_notes_on_amended_provisions() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&fixture("amendments"), &root);
    let config = root.join("vanban.toml");
    std::fs::write(&config, format!("theme = \"loi\"\n{}", read(&config))).expect("config");
    std::fs::create_dir_all(root.join("themes/loi")).expect("theme");
    let mut strings = default_strings();
    for (old, new) in [
        (
            "sua-doi-bo-sung = \"được sửa đổi, bổ sung\"",
            "sua-doi-bo-sung = \"được chỉnh lý\"",
        ),
        (
            "sua-doi-bo-sung = \"sửa đổi, bổ sung\"",
            "sua-doi-bo-sung = \"chỉnh lý\"",
        ),
        (
            "<strong>Ghi chú về sửa đổi (không thuộc văn bản):</strong>",
            "<strong>Chú thích của cổng:</strong>",
        ),
        (
            "quote_changed = \"Nguyên văn khi ban hành, không phải nội dung hiện hành: {changes}.\"",
            "quote_changed = \"Lời văn gốc, đã đổi: {changes}.\"",
        ),
        (
            "quote_unchecked = \"Nguyên văn khi ban hành; việc sửa đổi, bổ sung sau đó chưa được rà soát — cần xác minh trước khi áp dụng.\"",
            "quote_unchecked = \"Lời văn gốc, chưa dò lại.\"",
        ),
        (
            "quote_unchanged = \"Nguyên văn; không có sửa đổi nào được ghi nhận đến ngày {date}.\"",
            "quote_unchanged = \"Lời văn gốc, không đổi đến {date}.\"",
        ),
    ] {
        assert!(strings.contains(old), "{old}");
        strings = strings.replace(old, new);
    }
    std::fs::write(root.join("themes/loi/strings.toml"), strings).expect("strings");
    let out = build(&root).expect("build");
    let amended = read(&out.join("luat/67-2006-qh11/index.html"));
    assert!(
        amended
            .contains("<strong>Chú thích của cổng:</strong> Khoản 2 Điều 50 đã được chỉnh lý bởi"),
        "{amended}"
    );
    assert!(!amended.contains("Ghi chú về sửa đổi"));
    let amending = read(&out.join("luat/21-2017-qh14/index.html"));
    assert!(
        amending.contains("<strong>Chú thích của cổng:</strong> Khoản 1 Điều 57 chỉnh lý <a href="),
        "{amending}"
    );
    // The notes under quotations: changed, never checked, checked.
    let lesson = read(&out.join("dao-tao/bai-1/index.html"));
    for new in [
        "Lời văn gốc, đã đổi: khoản 2 Điều 50 đã được chỉnh lý bởi <a",
        "Lời văn gốc, chưa dò lại.",
        "Lời văn gốc, không đổi đến",
    ] {
        assert!(lesson.contains(new), "{new} missing: {lesson}");
    }
    assert!(!lesson.contains("Nguyên văn"), "{lesson}");
}

#[test]
fn a_theme_missing_a_key_is_refused_by_name() {
    let strings = default_strings();
    let line = "ongoing = \"Thường xuyên\"\n";
    assert!(strings.contains(line));
    let (_tmp, root) = site(&strings.replacen(line, "", 1));
    match build(&root) {
        Err(Error::Invalid(diags)) => {
            assert_eq!(diags.len(), 1, "{diags:?}");
            let d = &diags[0];
            assert_eq!(d.path, Path::new("themes/loi/strings.toml"));
            assert!(d.message.contains("\"deadlines.ongoing\""), "{}", d.message);
            assert!(d
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("[deadlines] ongoing")));
        }
        other => panic!("expected the missing key, got {other:?}"),
    }
    assert!(!root.join("public").exists(), "nothing written");
}
