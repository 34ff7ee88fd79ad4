//! Inputs that used to crash the build or publish wrong legal data without
//! a word: templates that never finish rendering, impossible provision
//! numbers, cycles of replacements, broken shortcodes. Each must be an error
//! at its `path:line` with a Vietnamese message, from the library and from
//! the binary (a non-zero exit, never a panic or an abort), and must leave
//! the sources as they were. `vanban serve` must survive them too.

use crate::serve_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use proptest::prelude::*;
use serve_support::{copy_dir, get, options, wait_until};
use vanban::date::Date;
use vanban::{BuildOptions, Diagnostic, Error, Site};

fn basic() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic")
}

fn opts() -> BuildOptions {
    BuildOptions {
        as_of: Date::parse_iso("2025-01-01"),
        ..Default::default()
    }
}

/// A copy of the basic fixture with `files` written over it; the site is `tmp/site`.
fn site_with(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&basic(), &root);
    for (path, text) in files {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    (tmp, root)
}

/// Every file under `root` with its bytes.
fn tree(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).expect("rel").to_path_buf();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The diagnostics `check` fails with (the test fails if it succeeds).
fn check_errors(root: &Path) -> Vec<Diagnostic> {
    let result = Site::load(root).and_then(|site| site.check(&opts()));
    match result {
        Err(Error::Invalid(diags)) => diags,
        Ok(warnings) => panic!("check passed; warnings: {warnings:?}"),
        Err(other) => panic!("not a content error: {other}"),
    }
}

/// Runs the binary on `root`: (exit code, stderr).
fn cli(root: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .arg("-r")
        .arg(root)
        .args(args)
        .output()
        .expect("runs");
    // No exit code: killed by a signal (SIGABRT on a stack overflow).
    let code = out.status.code().unwrap_or_else(|| {
        panic!(
            "vanban {args:?} was killed: {:?}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (code, String::from_utf8_lossy(&out.stderr).into_owned())
}

/// `files` over the basic fixture must fail `check` with an error starting
/// with `at` (`path:line:`) and holding `message`, in the library and in
/// the binary's `check` and `build`, which exit with 1 and change nothing.
/// Returns the library's diagnostics.
fn expect_error(files: &[(&str, &str)], at: &str, message: &str) -> Vec<Diagnostic> {
    let (_tmp, root) = site_with(files);
    let before = tree(&root);
    let diags = check_errors(&root);
    let shown: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    assert!(
        shown
            .iter()
            .any(|d| d.starts_with(at) && d.contains(": lỗi: ") && d.contains(message)),
        "no error at {at} saying {message:?}:\n{}",
        shown.join("\n")
    );
    assert!(
        diags.iter().all(|d| d.hint.is_some() || !d.is_error()),
        "every error has a hint: {shown:?}"
    );
    for command in [
        &["check", "--as-of", "2025-01-01"][..],
        &["build", "--as-of", "2025-01-01"][..],
    ] {
        let (code, stderr) = cli(&root, command);
        assert_eq!(code, 1, "vanban {command:?} exits with 1:\n{stderr}");
        assert!(
            stderr
                .lines()
                .any(|l| l.starts_with(at) && l.contains(message)),
            "vanban {command:?} prints {at} … {message:?}:\n{stderr}"
        );
        assert!(stderr.contains("gợi ý: "), "with a hint:\n{stderr}");
        assert_eq!(tree(&root), before, "vanban {command:?} changed the site");
    }
    diags
}

fn line_of(text: &str, needle: &str) -> usize {
    text[..text.find(needle).expect("needle")]
        .matches('\n')
        .count()
        + 1
}

// ---------------------------------------------------------------- templates

#[test]
fn a_template_that_includes_itself_is_an_error_at_its_tag() {
    expect_error(
        &[("templates/tasks.html", "x{% include \"tasks.html\" %}")],
        "templates/tasks.html:1:2:",
        "vòng lặp giữa các mẫu: tasks.html nhúng tasks.html",
    );
}

#[test]
fn a_base_template_that_extends_itself_is_an_error() {
    expect_error(
        &[("templates/base.html", "{% extends \"base.html\" %}\n<p>")],
        "templates/base.html:1:1:",
        "base.html kế thừa base.html",
    );
    // Through another file, and by importing macros.
    expect_error(
        &[
            ("templates/base.html", "{% extends \"khung.html\" %}"),
            ("templates/khung.html", "{% extends \"base.html\" %}"),
        ],
        "templates/base.html:1:1:",
        "base.html kế thừa khung.html, khung.html kế thừa base.html",
    );
    expect_error(
        &[(
            "templates/macros.html",
            "{% import \"macros.html\" as m %}{% macro doc_list(docs) %}{% endmacro %}",
        )],
        "templates/macros.html:1:1:",
        "macros.html nạp macro từ macros.html",
    );
}

#[test]
fn a_macro_that_always_calls_itself_is_an_error_at_the_call() {
    expect_error(
        &[(
            "templates/macros.html",
            "{% macro doc_list(docs) %}\n<ul>{{ self::doc_list(docs=docs) }}</ul>\n{% endmacro doc_list %}",
        )],
        "templates/macros.html:2:8:",
        "macro gọi lại chính nó mà không có điều kiện dừng: macro doc_list (macros.html) gọi macro doc_list (macros.html)",
    );
}

#[test]
fn a_macro_that_recurses_through_data_stops_at_a_depth_with_an_error() {
    // Statically fine (the call is under an `if`), but `n` only grows.
    let runaway = "{% macro d(n) %}{% if n > 0 %}<i>{{ self::d(n=n + 1) }}</i>{% endif %}{% endmacro %}{{ self::d(n=1) }}";
    expect_error(
        &[("templates/page.html", runaway)],
        "templates/page.html:1:1:",
        "macro d lồng quá sâu",
    );
    // The same macro counting down renders.
    let (tmp, root) = site_with(&[(
        "templates/page.html",
        "{% macro d(n) %}{% if n > 0 %}<i>{{ self::d(n=n - 1) }}</i>{% endif %}{% endmacro %}{{ self::d(n=5) }}",
    )]);
    let out = tmp.path().join("public");
    Site::load(&root)
        .expect("loads")
        .build(&BuildOptions {
            output: Some(out.clone()),
            index: Some(tmp.path().join("index")),
            ..opts()
        })
        .expect("builds");
    let page = std::fs::read_to_string(out.join("huong-dan/cau-hinh/index.html")).expect("page");
    assert_eq!(page, "<i><i><i><i><i></i></i></i></i></i>");
}

// ---------------------------------------------------------------- legal data

const PAGE: &str = "content/huong-dan/trich.md";

fn page(body: &str) -> String {
    format!("+++\ntitle = \"Trích\"\n+++\nĐoạn đầu.\n\n{body}\n\nĐoạn cuối.\n")
}

#[test]
fn quoting_provision_zero_or_below_is_an_error_not_article_one() {
    for (args, message) in [
        ("dieu=-1", "dieu=-1: số điều phải là số dương"),
        ("dieu=0", "dieu=0: số điều phải là số dương"),
        ("dieu=\"4\", khoan=0", "khoan=0: số khoản phải là số dương"),
        ("dieu=4, khoan=-1", "khoan=-1: số khoản phải là số dương"),
        ("dieu=4, diem=\"1\"", "diem=1: điểm là một chữ cái"),
        ("dieu=4, dieu=7", "tham số dieu lặp lại"),
        ("khoan=1", "thiếu dieu=... cho khoan hoặc diem"),
    ] {
        let text = page(&format!("{{{{ trich(vb=\"86/2015/QH13\", {args}) }}}}"));
        let line = line_of(&text, "{{");
        expect_error(&[(PAGE, &text)], &format!("{PAGE}:{line}:1:"), message);
    }
}

fn law(number: &str, extra: &str) -> String {
    format!(
        "+++\nnumber = \"{number}\"\ntitle = \"Luật {number}\"\nkind = \"Luật\"\nissuer = \"Quốc hội\"\nissued = 2020-01-01\neffective = 2020-06-01\n{extra}\n+++\n#### Điều 1. Phạm vi\n\nNội dung.\n"
    )
}

#[test]
fn replacements_in_a_cycle_are_an_error_naming_the_cycle() {
    let a = law("1/2020/QH14", "[relations]\nreplaces = [\"2/2021/QH15\"]");
    let b = law("2/2021/QH15", "[relations]\nreplaces = [\"1/2020/QH14\"]");
    let line = line_of(&a, "replaces");
    expect_error(
        &[("content/luat/a.md", &a), ("content/luat/b.md", &b)],
        &format!("content/luat/a.md:{line}:13:"),
        "các văn bản thay thế, sửa đổi nhau thành vòng: 1/2020/QH14 thay thế 2/2021/QH15, 2/2021/QH15 thay thế 1/2020/QH14",
    );
    // Any length, amendments too.
    let a = law("1/2020/QH14", "[relations]\namends = [\"2/2021/QH15\"]");
    let b = law("2/2021/QH15", "[relations]\namends = [\"3/2022/QH15\"]");
    let c = law("3/2022/QH15", "[relations]\nreplaces = [\"1/2020/QH14\"]");
    let diags = expect_error(
        &[
            ("content/luat/a.md", &a),
            ("content/luat/b.md", &b),
            ("content/luat/c.md", &c),
        ],
        "content/luat/a.md:",
        "1/2020/QH14 sửa đổi 2/2021/QH15, 2/2021/QH15 sửa đổi 3/2022/QH15, 3/2022/QH15 thay thế 1/2020/QH14",
    );
    assert_eq!(
        diags
            .iter()
            .filter(|d| d.message.contains("thành vòng"))
            .count(),
        1,
        "one error per cycle: {diags:?}"
    );
}

#[test]
fn expiry_before_taking_effect_is_an_error() {
    let text = law("1/2020/QH14", "expires = 2020-03-01");
    let line = line_of(&text, "expires");
    expect_error(
        &[("content/luat/a.md", &text)],
        &format!("content/luat/a.md:{line}:11:"),
        "ngày hết hiệu lực 01/03/2020 trước ngày hiệu lực 01/06/2020",
    );
}

#[test]
fn an_unclosed_or_misplaced_shortcode_is_an_error_at_its_place() {
    let text = page("{{ trich(vb=\"86/2015/QH13\", dieu=4");
    let line = line_of(&text, "{{");
    expect_error(
        &[(PAGE, &text)],
        &format!("{PAGE}:{line}:1:"),
        "mã trích {{ trich( chưa đóng",
    );
    let text = page("{{ trich(vb=\"86/2015/QH13\", dieu=4 }}");
    expect_error(
        &[(PAGE, &text)],
        &format!("{PAGE}:{line}:1:"),
        "mã trích thiếu dấu ) trước }}",
    );
    let text = page("Xem {{ trich(vb=\"86/2015/QH13\", dieu=4) }} ở đây.");
    expect_error(
        &[(PAGE, &text)],
        &format!("{PAGE}:{line}:5:"),
        "phải đứng riêng một đoạn",
    );
    let text = page("- một\n- {{ trich(vb=\"86/2015/QH13\", dieu=4) }}");
    expect_error(
        &[(PAGE, &text)],
        &format!("{PAGE}:{}:3:", line + 1),
        "phải đứng riêng một đoạn",
    );
    let text = page("{{ trích(vb=\"86/2015/QH13\", dieu=4) }}");
    expect_error(
        &[(PAGE, &text)],
        &format!("{PAGE}:{line}:1:"),
        "không có mã {{ trích( }}",
    );
    // Shown as code, a shortcode is text.
    let (_tmp, root) = site_with(&[(
        PAGE,
        &page("Viết `{{ trich(vb=\"86/2015/QH13\", dieu=4) }}`."),
    )]);
    Site::load(&root)
        .expect("loads")
        .check(&opts())
        .expect("code is not run");
}

// ---------------------------------------------------------------- diagnostics

#[test]
fn an_empty_title_is_reported_at_the_title_line() {
    let text = "+++\nnumber = \"1/2020/QH14\"\nkind = \"Luật\"\ntitle = \" \"\nissuer = \"Quốc hội\"\n+++\nNội dung.\n";
    expect_error(
        &[("content/luat/a.md", text)],
        "content/luat/a.md:4:1:",
        "tiêu đề trống",
    );
}

#[test]
fn the_root_cause_comes_before_the_errors_it_causes() {
    // The law fails to load, so each link to it is missing; the links'
    // file sorts first by path.
    let broken = law("9/2020/QH14", "").replace("kind = \"Luật\"", "kind = Luật");
    let links: String = (1..=30)
        .map(|k| format!("Đoạn {k}: [Luật](vb:9/2020/QH14).\n\n"))
        .collect();
    let citing = format!("+++\ntitle = \"A\"\n+++\n{links}");
    let diags = expect_error(
        &[
            ("content/huong-dan/a.md", &citing),
            ("content/luat/z.md", &broken),
        ],
        "content/luat/z.md:4:",
        "cú pháp TOML sai",
    );
    let errors: Vec<&Diagnostic> = diags.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 31, "{diags:?}");
    assert_eq!(errors[0].path, Path::new("content/luat/z.md"), "{diags:?}");
    let (_tmp, root) = site_with(&[
        ("content/huong-dan/a.md", &citing),
        ("content/luat/z.md", &broken),
    ]);
    let (_, stderr) = cli(&root, &["check", "--as-of", "2025-01-01"]);
    assert!(
        stderr.starts_with("content/luat/z.md:4:"),
        "the CLI prints the cause first:\n{stderr}"
    );
}

#[test]
fn control_characters_from_content_are_escaped_in_messages() {
    let text = law("1/2020/QH14", "").replace(
        "kind = \"Luật\"",
        "kind = \"Luật\\u001b[2J\\u001b]0;x\\u0007\"",
    );
    let line = line_of(&text, "kind");
    expect_error(
        &[("content/luat/a.md", &text)],
        &format!("content/luat/a.md:{line}:8:"),
        "loại văn bản không có: \"Luật\\x1b[2J\\x1b]0;x\\x07\"",
    );
    let (_tmp, root) = site_with(&[("content/luat/a.md", &text)]);
    let (_, stderr) = cli(&root, &["check"]);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{7}'),
        "raw control characters reach the terminal: {stderr:?}"
    );
}

// ---------------------------------------------------------------- serve

#[test]
fn serve_survives_a_template_that_never_ends_and_recovers() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&serve_support::fixture(), &root);
    // Watched from the start, so the next write is seen at once.
    std::fs::create_dir_all(root.join("templates")).expect("mkdir");
    let server = vanban::serve::Server::start(options(&root, true)).expect("server starts");
    let addr = server.addr();
    let state = server.state();
    assert!(get(addr, "/").text().contains("</html>"));
    let limit = Duration::from_secs(60);

    for (file, text, expected) in [
        (
            "templates/tasks.html",
            "x{% include \"tasks.html\" %}",
            "templates/tasks.html:1:2: lỗi: vòng lặp giữa các mẫu",
        ),
        (
            "templates/page.html",
            "{% macro d(n) %}{% if n %}{{ self::d(n=n + 1) }}{% endif %}{% endmacro %}{{ self::d(n=1) }}",
            "templates/page.html:1:1: lỗi: macro d lồng quá sâu",
        ),
    ] {
        let generation = state.generation();
        std::fs::write(root.join(file), text).expect("write");
        assert!(
            wait_until(limit, || state.generation() > generation),
            "the watcher rebuilt"
        );
        // Saving may take two events: wait for the build that saw the file.
        assert!(
            wait_until(limit, || state.errors().iter().any(|e| e.starts_with(expected))),
            "{expected}: {:?}",
            state.errors()
        );
        let home = get(addr, "/");
        assert_eq!(home.status, 200, "the server still answers");
        let html = home.text();
        assert!(html.contains("id=\"vanban-overlay\""), "with the overlay");
        assert!(html.contains(expected), "naming the template: {html}");

        // Fixed: the overlay goes.
        let generation = state.generation();
        std::fs::remove_file(root.join(file)).expect("remove");
        assert!(
            wait_until(limit, || state.generation() > generation && state.errors().is_empty()),
            "recovered: {:?}",
            state.errors()
        );
        assert!(!get(addr, "/").text().contains("vanban-overlay"));
    }
}

// ---------------------------------------------------------------- properties

/// The basic fixture with the body of one page replaced, in memory.
fn compile_page(body: &str) -> Result<String, Vec<Diagnostic>> {
    use std::sync::LazyLock;
    static SITE: LazyLock<Site> = LazyLock::new(|| Site::load(&basic()).expect("loads"));
    let mut content = SITE.content.clone();
    let page = content
        .pages
        .iter_mut()
        .find(|p| p.src.path == Path::new("content/huong-dan/cau-hinh.md"))
        .expect("page");
    page.src.text = format!("{}{body}", &page.src.text[..page.src.body_offset]);
    let site = Site {
        root: SITE.root.clone(),
        config: SITE.config.clone(),
        content,
        load_diagnostics: Vec::new(),
    };
    match site.compile(&opts()) {
        Ok(files) => {
            let (_, html) = files
                .iter()
                .find(|(p, _)| p == "huong-dan/cau-hinh/index.html")
                .expect("page output");
            Ok(String::from_utf8_lossy(html).into_owned())
        }
        Err(Error::Invalid(d)) => Err(d),
        Err(e) => panic!("not a content error: {e}"),
    }
}

fn errors_on_page(diags: &[Diagnostic]) -> bool {
    diags
        .iter()
        .any(|d| d.is_error() && d.path == Path::new("content/huong-dan/cau-hinh.md"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// A quotation either quotes exactly the provision asked for or is an
    /// error; provision numbers of zero or below are always errors.
    #[test]
    fn trich_quotes_what_it_names_or_fails(
        dieu in -3i64..9,
        khoan in proptest::option::of(-1i64..4),
        diem in proptest::option::of(prop_oneof![Just("a"), Just("đ"), Just("1"), Just(""), Just("ab")]),
    ) {
        let mut args = format!("vb=\"86/2015/QH13\", dieu={dieu}");
        if let Some(k) = khoan {
            args.push_str(&format!(", khoan={k}"));
        }
        if let Some(d) = diem {
            args.push_str(&format!(", diem=\"{d}\""));
        }
        let result = compile_page(&format!("{{{{ trich({args}) }}}}\n"));
        let invalid = dieu <= 0
            || khoan.is_some_and(|k| k <= 0)
            || diem.is_some_and(|d| !matches!(d, "a" | "đ"));
        match result {
            Ok(html) => {
                prop_assert!(!invalid, "{args} was accepted");
                let label = match khoan {
                    Some(k) => format!("khoản {k} Điều {dieu} Luật"),
                    None => format!("Điều {dieu} Luật"),
                };
                prop_assert!(
                    diem.is_some() || html.contains(&label),
                    "{args}: the quote is not of {label}"
                );
                prop_assert!(!html.contains("trich("));
            }
            Err(diags) => prop_assert!(errors_on_page(&diags), "{diags:?}"),
        }
    }

    /// Whatever follows `{{ trich(`, the text is quoted or an error: never
    /// printed as it is, never a panic.
    #[test]
    fn shortcode_text_is_a_quote_or_an_error(
        before in "([a-zà-ỹ][a-zà-ỹ ]{0,7})?",
        inside in "[^\n]{0,40}",
        after in prop_oneof![Just(""), Just(")"), Just(") }}"), Just(" }}"), Just(") }} x")],
    ) {
        let body = format!("{before}{{{{ trich({inside}{after}\n");
        match compile_page(&body) {
            Ok(html) => prop_assert!(!html.contains("trich("), "printed as text: {body:?}"),
            Err(diags) => prop_assert!(errors_on_page(&diags), "{body:?}: {diags:?}"),
        }
    }

    /// `quote_target` on any value: no panic; a provision number it accepts
    /// is a positive number, maybe with one letter.
    #[test]
    fn provision_numbers_accepted_are_positive(dieu in "\\PC{0,6}", n in any::<i32>()) {
        use vanban::link::quote::quote_target;
        let args = |d: &str| vec![("vb".to_string(), "86/2015/QH13".to_string()), ("dieu".to_string(), d.to_string())];
        if let Ok((_, anchor)) = quote_target(&args(&dieu)) {
            let id = anchor.strip_prefix("dieu-").expect("an article id");
            prop_assert!(id.starts_with(|c: char| ('1'..='9').contains(&c)), "{dieu:?} → {anchor}");
        }
        prop_assert_eq!(quote_target(&args(&n.to_string())).is_ok(), n > 0);
    }
}
