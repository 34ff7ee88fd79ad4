//! Where a build may write and what it may delete: every case that once
//! deleted sources or wrote outside the output, run with the real binary on
//! a fresh copy of a site inside a sandbox folder. After each run, every
//! file of the sandbox outside the allowed outputs is compared with before:
//! the sources and anything beside the site must be untouched, refusals
//! must exit non-zero, and no run may panic (101) or abort (134).

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use proptest::prelude::*;

/// A copy of a site (`outer/site/`) with a folder beside it that nothing
/// may touch (`outer/beside/`).
struct Sandbox {
    _tmp: tempfile::TempDir,
    outer: PathBuf,
    site: PathBuf,
}

impl Sandbox {
    fn of(source: &Path) -> Sandbox {
        let tmp = tempfile::tempdir().expect("temp dir");
        let outer = tmp.path().canonicalize().expect("canonical temp dir");
        let site = outer.join("site");
        copy_tree(&source.join("content"), &site.join("content"));
        if source.join("vanban.toml").is_file() {
            std::fs::copy(source.join("vanban.toml"), site.join("vanban.toml")).expect("copy");
        }
        std::fs::create_dir_all(outer.join("beside/deep")).expect("mkdir");
        std::fs::write(outer.join("beside/keep.txt"), "không được đổi").expect("write");
        std::fs::write(
            outer.join("beside/deep/index.html"),
            "<p>của người khác</p>",
        )
        .expect("write");
        Sandbox {
            _tmp: tmp,
            outer,
            site,
        }
    }

    fn fixture() -> Sandbox {
        Sandbox::of(&common::fixture("basic"))
    }

    /// Runs the binary in the site folder; returns the exit code and stderr.
    fn run(&self, args: &[&str]) -> (i32, String) {
        let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .args(args)
            .current_dir(&self.site)
            .output()
            .expect("run vanban");
        let code = out.status.code().unwrap_or(-1);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(
            code != 101 && code != 134 && code != -1,
            "vanban {args:?} crashed ({code}): {stderr}"
        );
        (code, stderr)
    }

    fn build(&self, extra: &[&str]) -> (i32, String) {
        let mut args = vec!["build", "--as-of", "2026-12-03"];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Every file and link of the sandbox but those under `except` (paths
    /// relative to the site), with its bytes or its target.
    fn snapshot(&self, except: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
        let skip: Vec<PathBuf> = except.iter().map(|e| self.site.join(e)).collect();
        walkdir::WalkDir::new(&self.outer)
            .into_iter()
            .filter_entry(|e| !skip.iter().any(|s| e.path().starts_with(s)))
            .filter_map(|e| e.ok())
            .filter(|e| !e.file_type().is_dir())
            .map(|e| {
                let bytes = if e.path_is_symlink() {
                    let target = std::fs::read_link(e.path()).expect("read link");
                    format!("→ {}", target.display()).into_bytes()
                } else {
                    std::fs::read(e.path()).expect("read")
                };
                (
                    e.path().strip_prefix(&self.outer).unwrap().to_path_buf(),
                    bytes,
                )
            })
            .collect()
    }

    fn set_config(&self, extra: &str) {
        let path = self.site.join("vanban.toml");
        let mut text = std::fs::read_to_string(&path).unwrap_or_default();
        text.push('\n');
        text.push_str(extra);
        text.push('\n');
        std::fs::write(path, text).expect("write config");
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// The outputs a normal build of the sandbox writes.
const OUTPUTS: &[&str] = &["public", ".public.prev", "search-index"];

fn assert_refused(code: i32, stderr: &str, words: &str) {
    assert_ne!(code, 0, "should have been refused: {stderr}");
    assert!(
        stderr.contains(words),
        "expected «{words}» in the message: {stderr}"
    );
}

#[test]
fn building_into_content_twice_deletes_nothing() {
    let sandbox = Sandbox::of(Path::new(env!("CARGO_MANIFEST_DIR")));
    let before = sandbox.snapshot(&[]);
    for _ in 0..2 {
        let (code, stderr) = sandbox.build(&["-o", "content"]);
        assert_refused(code, &stderr, "nằm trong nguồn của trang (content)");
        assert!(stderr.contains("gợi ý:"), "{stderr}");
    }
    assert_eq!(sandbox.snapshot(&[]), before);
}

#[test]
fn outputs_that_are_or_hold_sources_are_refused() {
    let sandbox = Sandbox::fixture();
    let before = sandbox.snapshot(&[]);
    let outer = sandbox.outer.display().to_string();
    for (output, words) in [
        ("content/luat/x", "nằm trong nguồn"),
        ("public/../content", "nằm trong nguồn"),
        (".", "chứa nguồn của trang"),
        ("..", "chứa nguồn của trang"),
        (outer.as_str(), "chứa nguồn của trang"),
        ("/", "chứa nguồn của trang"),
        ("vanban.toml", "nằm trong nguồn"),
        ("search-index", "trùng hoặc lồng"),
    ] {
        for _ in 0..2 {
            let (code, stderr) = sandbox.build(&["-o", output]);
            assert_refused(code, &stderr, words);
        }
        assert_eq!(sandbox.snapshot(&[]), before, "after -o {output}");
    }
}

#[test]
fn an_index_folder_in_the_sources_or_the_output_is_refused() {
    let sandbox = Sandbox::fixture();
    // A good build first: its output must survive the refused ones.
    assert_eq!(sandbox.build(&[]).0, 0);
    let config = std::fs::read_to_string(sandbox.site.join("vanban.toml")).unwrap();
    for (index_dir, words) in [
        ("content", "nằm trong nguồn của trang (content)"),
        ("public", "trùng hoặc lồng"),
        ("public/idx", "trùng hoặc lồng"),
        ("themes/x", "nằm trong nguồn của trang (themes)"),
    ] {
        std::fs::write(sandbox.site.join("vanban.toml"), &config).unwrap();
        sandbox.set_config(&format!("index_dir = \"{index_dir}\""));
        let before = sandbox.snapshot(&[]);
        let (code, stderr) = sandbox.build(&[]);
        assert_refused(code, &stderr, words);
        assert_eq!(sandbox.snapshot(&[]), before, "index_dir = {index_dir}");
    }
}

#[test]
fn a_folder_vanban_did_not_make_is_never_replaced() {
    let sandbox = Sandbox::fixture();
    let before = sandbox.snapshot(&[]);
    let beside = sandbox.outer.join("beside").display().to_string();
    let (code, stderr) = sandbox.build(&["-o", &beside]);
    assert_refused(code, &stderr, "không do vanban tạo ra");
    assert_eq!(sandbox.snapshot(&[]), before);

    // An empty folder is fine, and once built it is vanban's.
    std::fs::create_dir_all(sandbox.outer.join("empty")).unwrap();
    let empty = sandbox.outer.join("empty").display().to_string();
    assert_eq!(sandbox.build(&["-o", &empty]).0, 0);
    assert!(sandbox.outer.join("empty/index.html").is_file());
    assert_eq!(sandbox.build(&["-o", &empty]).0, 0);
}

#[test]
fn an_output_written_before_the_marker_is_still_rebuilt() {
    let sandbox = Sandbox::fixture();
    assert_eq!(sandbox.build(&[]).0, 0);
    for dir in ["public", "search-index"] {
        std::fs::remove_file(sandbox.site.join(dir).join(".vanban-output")).unwrap();
    }
    let _ = std::fs::remove_dir_all(sandbox.site.join(".public.prev"));
    let (code, stderr) = sandbox.build(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(sandbox.site.join("public/.vanban-output").is_file());
}

#[test]
fn bundles_never_overwrite_sources_or_other_files() {
    let sandbox = Sandbox::fixture();
    let before = sandbox.snapshot(&[]);
    let page = walkdir::WalkDir::new(sandbox.site.join("content"))
        .into_iter()
        .filter_map(|e| e.ok())
        .find(|e| e.path().extension().is_some_and(|x| x == "md"))
        .unwrap()
        .into_path();
    let page = page.display().to_string();
    for (zip, words) in [
        ("vanban.toml", "nằm trong nguồn"),
        (page.as_str(), "nằm trong nguồn"),
        ("content/moi.zip", "nằm trong nguồn"),
        ("../beside/keep.txt", "không phải tệp .zip"),
        ("../beside", "là một thư mục"),
    ] {
        let (code, stderr) = sandbox.run(&["bundle", "-o", zip]);
        assert_refused(code, &stderr, words);
        assert_eq!(sandbox.snapshot(&[]), before, "bundle -o {zip}");
    }
    // A zip it wrote may be written again.
    assert_eq!(sandbox.run(&["bundle", "-o", "../hub.zip"]).0, 0);
    assert_eq!(sandbox.run(&["bundle", "-o", "../hub.zip"]).0, 0);
    let zip = std::fs::read(sandbox.outer.join("hub.zip")).unwrap();
    assert!(zip.starts_with(b"PK"));
    assert!(
        !zip.windows(14).any(|w| w == b".vanban-output"),
        "the marker is not published"
    );
}

#[test]
fn a_page_name_without_letters_is_an_error_not_a_write_outside() {
    for (name, title) in [
        ("!!!.md", ""),
        ("!!!.md", "Trang"),
        ("dao-tao/!!!.md", "Trang"),
        ("---/bai.md", "Bài"),
    ] {
        let sandbox = Sandbox::fixture();
        let path = sandbox.site.join("content").join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, format!("+++\ntitle = \"{title}\"\n+++\nNội dung.\n")).unwrap();
        let before = sandbox.snapshot(&[]);
        let (code, stderr) = sandbox.run(&["check"]);
        assert_refused(code, &stderr, "không cho địa chỉ trang");
        assert!(stderr.contains(&format!("content/{name}")), "{stderr}");
        let (code, stderr) = sandbox.build(&[]);
        assert_refused(code, &stderr, "không cho địa chỉ trang");
        assert_eq!(sandbox.snapshot(&[]), before, "{name}");
    }
}

#[test]
fn an_empty_content_folder_does_not_replace_a_built_site() {
    let sandbox = Sandbox::fixture();
    assert_eq!(sandbox.build(&[]).0, 0);
    std::fs::remove_dir_all(sandbox.site.join("content")).unwrap();
    std::fs::create_dir_all(sandbox.site.join("content")).unwrap();
    let before = sandbox.snapshot(&[]);
    let (code, stderr) = sandbox.build(&[]);
    assert_refused(code, &stderr, "content/ không có trang nào");
    assert!(stderr.contains("allow_empty"), "{stderr}");
    assert_eq!(sandbox.snapshot(&[]), before);

    sandbox.set_config("allow_empty = true");
    let (code, stderr) = sandbox.build(&[]);
    assert_eq!(code, 0, "{stderr}");
}

#[cfg(unix)]
#[test]
fn links_planted_in_the_kept_output_are_not_written_through() {
    let sandbox = Sandbox::fixture();
    assert_eq!(sandbox.build(&[]).0, 0);
    assert_eq!(sandbox.build(&[]).0, 0);
    let prev = sandbox.site.join(".public.prev");
    assert!(prev.join("index.html").is_file());
    let beside = sandbox.outer.join("beside");
    // A page replaced by a link to a file outside, a folder by a link to a
    // folder outside.
    std::fs::remove_file(prev.join("index.html")).unwrap();
    std::os::unix::fs::symlink(beside.join("keep.txt"), prev.join("index.html")).unwrap();
    let folder = std::fs::read_dir(&prev)
        .unwrap()
        .filter_map(|e| e.ok())
        .find(|e| e.path().join("index.html").is_file())
        .unwrap()
        .path();
    std::fs::remove_dir_all(&folder).unwrap();
    std::os::unix::fs::symlink(beside.join("deep"), &folder).unwrap();
    let before = sandbox.snapshot(OUTPUTS);
    let (code, stderr) = sandbox.build(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(sandbox.snapshot(OUTPUTS), before);
    let public = sandbox.site.join("public");
    let name = folder.file_name().unwrap();
    for path in [public.join("index.html"), public.join(name)] {
        let meta = std::fs::symlink_metadata(&path).unwrap();
        assert!(!meta.file_type().is_symlink(), "{}", path.display());
    }
    assert!(public.join(name).join("index.html").is_file());

    // The kept output itself replaced by a link: not reused, not followed.
    std::fs::remove_dir_all(sandbox.site.join(".public.prev")).unwrap();
    std::os::unix::fs::symlink(&beside, sandbox.site.join(".public.prev")).unwrap();
    let before = sandbox.snapshot(&["public", "search-index"]);
    let (code, stderr) = sandbox.build(&[]);
    assert_eq!(code, 0, "{stderr}");
    let after = sandbox.snapshot(&["public", "search-index", ".public.prev"]);
    let before: BTreeMap<_, _> = before
        .into_iter()
        .filter(|(p, _)| !p.starts_with("site/.public.prev"))
        .collect();
    assert_eq!(after, before);
    assert!(beside.join("keep.txt").is_file());
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_link_is_refused() {
    let sandbox = Sandbox::fixture();
    std::os::unix::fs::symlink(sandbox.outer.join("beside"), sandbox.site.join("public")).unwrap();
    let before = sandbox.snapshot(&[]);
    let (code, stderr) = sandbox.build(&[]);
    assert_refused(code, &stderr, "liên kết tượng trưng");
    assert_eq!(sandbox.snapshot(&[]), before);
}

#[cfg(unix)]
#[test]
fn hidden_and_linked_content_is_not_published() {
    let sandbox = Sandbox::fixture();
    let content = sandbox.site.join("content");
    std::fs::create_dir_all(content.join(".drafts")).unwrap();
    std::fs::write(
        content.join(".drafts/nhap.md"),
        "+++\ntitle = \"Bản nháp bí mật\"\n+++\nChưa duyệt.\n",
    )
    .unwrap();
    std::fs::write(
        sandbox.outer.join("beside/ngoai.md"),
        "+++\ntitle = \"Trang ngoài\"\n+++\nNgoài trang.\n",
    )
    .unwrap();
    std::os::unix::fs::symlink(
        sandbox.outer.join("beside/ngoai.md"),
        content.join("ngoai.md"),
    )
    .unwrap();
    let (code, stderr) = sandbox.build(&[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("content/ngoai.md") && stderr.contains("liên kết tượng trưng"),
        "{stderr}"
    );
    let public = sandbox.site.join("public");
    assert!(!public.join("nhap").exists() && !public.join(".drafts").exists());
    assert!(!public.join("ngoai").exists());
    for page in common::html_files(&public) {
        assert!(!common::read(&page).contains("Bản nháp bí mật"));
    }
}

/// A piece of a content file name: letters, signs that slug to nothing,
/// and the path parts that try to climb out.
fn name_part() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{1,6}",
        "[!@#%&()+=,;~]{1,4}",
        Just("..".to_string()),
        Just(".".to_string()),
        Just("điều khoản".to_string()),
        Just("_index".to_string()),
        Just("index".to_string()),
    ]
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("title = \"\"".to_string()),
        Just("title = \"Trang\"\ndraft = true".to_string()),
        "title = \"[^\"\\\\\n]{0,12}\"",
        "[a-z]{1,5} = [0-9]{1,3}",
        Just("number = \"\"".to_string()),
        Just("title = \"Luật\"\nnumber = \"../../x\"\nkind = \"Luật\"".to_string()),
        Just("title = \"Luật\"\nnumber = \"1/2020/QH14\"\nkind = \"Luật\"".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any content file, however named, with any front matter and body:
    /// the build does not panic and writes nowhere but its outputs.
    #[test]
    fn no_content_file_makes_a_build_write_outside(
        dirs in prop::collection::vec(name_part(), 0..3),
        stem in name_part(),
        front in front_matter(),
        body in "[\\PC\n]{0,80}",
    ) {
        let sandbox = Sandbox::fixture();
        let mut rel = PathBuf::from("content");
        for d in &dirs {
            rel.push(d);
        }
        rel.push(format!("{stem}.md"));
        let path = sandbox.site.join(&rel);
        let inside = path.starts_with(sandbox.site.join("content"))
            && std::fs::create_dir_all(path.parent().unwrap()).is_ok();
        prop_assume!(inside);
        std::fs::write(&path, format!("+++\n{front}\n+++\n{body}\n")).unwrap();
        let before = sandbox.snapshot(OUTPUTS);
        let site = vanban::Site::load(&sandbox.site);
        if let Ok(site) = site {
            let opts = vanban::BuildOptions {
                output: Some(sandbox.site.join("public")),
                as_of: vanban::date::Date::parse_iso("2026-12-03"),
                ..Default::default()
            };
            let _ = site.build(&opts);
        }
        prop_assert_eq!(sandbox.snapshot(OUTPUTS), before);
        let public = sandbox.site.join("public");
        if public.is_dir() {
            for entry in walkdir::WalkDir::new(&public).into_iter().filter_map(|e| e.ok()) {
                prop_assert!(!entry.path_is_symlink());
            }
        }
    }
}
