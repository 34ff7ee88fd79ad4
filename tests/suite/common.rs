//! Helpers shared by the integration tests: building fixture sites, once
//! for the tests that only read them.
#![allow(dead_code)]

use std::any::Any;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};

use vanban::date::Date;
use vanban::{BuildOptions, Site};

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The labels of a document page's metadata block (as the national portals show it).
pub const META_LABELS: [&str; 8] = [
    "Số hiệu",
    "Loại văn bản",
    "Cơ quan ban hành",
    "Người ký",
    "Ngày ban hành",
    "Ngày hiệu lực",
    "Tình trạng",
    "Lĩnh vực",
];

/// Builds a fixture into a fresh temp folder at a fixed date.
pub fn build(name: &str, offline: bool) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("public");
    let site = Site::load(&fixture(name)).expect("site loads");
    let opts = BuildOptions {
        output: Some(out.clone()),
        offline,
        index: Some(tmp.path().join("search-index")),
        as_of: Date::parse_iso("2025-01-01"),
        ..Default::default()
    };
    site.build(&opts)
        .unwrap_or_else(|e| panic!("build of {name} failed: {e:?}"));
    (tmp, out)
}

/// [`build`] once per test run, for the tests that only read the output.
pub fn build_once(name: &str, offline: bool) -> &'static Path {
    once_per_run(&format!("build {name} offline={offline}"), || {
        let (tmp, out) = build(name, offline);
        keep(tmp);
        out
    })
}

type Cell = OnceLock<Box<dyn Any + Send + Sync>>;

/// The value `make` gives, made once per test run under `key` and shared by
/// every test that asks for it: a fixture site that several tests only read
/// is built once. A `make` that panics fails its test and the next one to ask
/// tries again.
pub fn once_per_run<T: Any + Send + Sync>(key: &str, make: impl FnOnce() -> T) -> &'static T {
    static CELLS: Mutex<BTreeMap<String, &'static Cell>> = Mutex::new(BTreeMap::new());
    let cell: &'static Cell = CELLS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(key.to_string())
        .or_insert_with(|| Box::leak(Box::default()));
    cell.get_or_init(|| Box::new(make()))
        .downcast_ref()
        .unwrap_or_else(|| panic!("{key} is asked for as two types"))
}

/// Temp folders of shared builds: statics are never dropped, so they are
/// removed when the test process exits.
static KEPT: Mutex<Vec<tempfile::TempDir>> = Mutex::new(Vec::new());

/// Keeps a temp folder until the test process exits.
pub fn keep(dir: tempfile::TempDir) {
    #[cfg(unix)]
    {
        static AT_EXIT: std::sync::Once = std::sync::Once::new();
        AT_EXIT.call_once(|| {
            // SAFETY: registers a plain function; it only takes a lock and
            // drops the temp folders.
            unsafe { libc::atexit(remove_kept) };
        });
    }
    KEPT.lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(dir);
}

#[cfg(unix)]
extern "C" fn remove_kept() {
    // The test harness exits after every test has ended; a lock still held
    // would be a stuck thread's, and the folders are left rather than wait.
    if let Ok(mut kept) = KEPT.try_lock() {
        kept.clear();
    }
}

/// A file or folder of the shared data next to the repository
/// (`../shared`: the corpus of laws, the plan seed). A test that needs it
/// fails when it is missing, rather than pass having checked nothing.
pub fn shared_data(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared")
        .join(rel);
    assert!(
        path.exists(),
        "{} is missing: this test reads the real texts of ../shared/{rel}, \
         which must be checked out next to the repository",
        path.display()
    );
    path
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every `href="..."` and `src="..."` value in an HTML text.
pub fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                out.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    out
}

/// Every `id="..."` in an HTML text.
pub fn ids(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        if let Some(end) = rest.find('"') {
            out.push(rest[..end].to_string());
        }
    }
    out
}

/// All HTML files under a folder.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

/// The links of the output that do not resolve, by the link checker of
/// `vanban build --check-links` (pages, anchors, sitemap and feed), with the
/// site's address its robots.txt gives.
pub fn broken_links(out: &Path, offline: bool) -> Vec<String> {
    let robots = std::fs::read_to_string(out.join("robots.txt")).unwrap_or_default();
    let base_url = robots
        .lines()
        .find_map(|l| l.strip_prefix("Sitemap: "))
        .map(|s| s.trim_end_matches("sitemap.xml").to_string());
    let opts = vanban::publish::links::CheckOptions { base_url, offline };
    vanban::publish::links::check(out, &opts)
        .expect("the output can be read")
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// Relation groups of a document page: heading → document numbers.
pub fn relation_groups(html: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let start = html
        .find("<section class=\"relations\"")
        .expect("relations");
    let section = &html[start..start + html[start..].find("</section>").expect("end")];
    let mut out = std::collections::BTreeMap::new();
    for group in section.split("<h3>").skip(1) {
        let name = group[..group.find("</h3>").expect("heading end")].to_string();
        let numbers = group
            .split("<li>")
            .skip(1)
            .filter_map(|li| {
                let a = li.find("\">")? + 2;
                let end = li[a..].find("</a>")?;
                li[a..a + end].split(' ').next_back().map(str::to_string)
            })
            .collect();
        out.insert(name, numbers);
    }
    out
}

/// The text of a document page's "Tình trạng".
pub fn status_of(html: &str) -> &str {
    let at = html.find("<dt>Tình trạng</dt>").expect("status row");
    let rest = &html[at..];
    let start = rest.find("\">").expect("status link") + 2;
    let end = rest[start..].find("</a>").expect("status end");
    &rest[start..start + end]
}
