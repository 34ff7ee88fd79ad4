//! Rebuilds for `vanban serve`: only what changed is parsed, indexed and
//! written, and the result is always the very output of a clean build.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::fixture;
use vanban::date::Date;
use vanban::incremental::{BuildCache, Rebuilt};
use vanban::{BuildOptions, Site};

/// Every file of a folder: relative path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap();
            (
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

struct Fixture {
    _tmp: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
    cache: BuildCache,
}

impl Fixture {
    fn new() -> Fixture {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        copy_dir(&fixture("basic"), &root);
        let out = tmp.path().join("public");
        Fixture {
            _tmp: tmp,
            root,
            out,
            cache: BuildCache::default(),
        }
    }

    fn options(&self, out: &Path) -> BuildOptions {
        BuildOptions {
            output: Some(out.to_path_buf()),
            index: Some(out.with_file_name(format!(
                "{}-index",
                out.file_name().unwrap().to_string_lossy()
            ))),
            as_of: Date::parse_iso("2025-01-01"),
            live_reload: true,
            ..Default::default()
        }
    }

    fn rebuild(&mut self) -> Rebuilt {
        let opts = self.options(&self.out);
        let site = Site::load(&self.root).unwrap();
        site.rebuild(&opts, &mut self.cache).unwrap().1
    }

    /// The output a clean build of the current sources gives.
    fn clean(&self) -> BTreeMap<String, Vec<u8>> {
        let out = self.out.with_file_name("clean");
        let _ = std::fs::remove_dir_all(&out);
        Site::load(&self.root)
            .unwrap()
            .build(&self.options(&out))
            .unwrap();
        tree(&out)
    }

    fn edit(&self, rel: &str, from: &str, to: &str) {
        let path = self.root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} not in {rel}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    fn assert_same_as_clean(&self, what: &str) {
        let got = tree(&self.out);
        let want = self.clean();
        let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&got), names(&want), "{what}: the same files");
        for (path, bytes) in &want {
            assert!(
                got[path] == *bytes,
                "{what}: {path} differs from a clean build"
            );
        }
    }
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn a_body_edit_renders_that_body_and_writes_only_what_changed() {
    let mut f = Fixture::new();
    let first = f.rebuild();
    assert!(first.indexed && first.rendered > 5, "{first:?}");
    let untouched = f.out.join("luat/86-2015-qh13/index.html");
    let before = modified(&untouched);

    // A guide's body: parsed again alone; guides are not searched.
    f.edit(
        "content/huong-dan/cau-hinh.md",
        "## Tệp cấu hình",
        "## Tệp cấu hình của kho",
    );
    let done = f.rebuild();
    assert_eq!(done.rendered, 1, "only the edited body is parsed again");
    assert!(!done.indexed, "no search record changed: {done:?}");
    assert!(done.removed == 0, "{done:?}");
    assert!(
        done.written < tree(&f.out).len() / 4,
        "{} of {} files written",
        done.written,
        tree(&f.out).len()
    );
    assert_eq!(
        modified(&untouched),
        before,
        "a page that did not change is not rewritten"
    );
    let page = std::fs::read_to_string(f.out.join("huong-dan/cau-hinh/index.html")).unwrap();
    assert!(page.contains("Tệp cấu hình của kho"));
    f.assert_same_as_clean("after a guide edit");

    // A plan's body: parsed again alone, and its text is searchable.
    f.edit(
        "content/ke-hoach/687-kh-ubnd.md",
        "- 17 Ủy ban nhân dân cấp huyện.",
        "- 17 Ủy ban nhân dân cấp huyện, thị xã, thành phố.",
    );
    let done = f.rebuild();
    assert_eq!(done.rendered, 1, "{done:?}");
    assert!(done.indexed, "the index follows the text: {done:?}");
    assert_eq!(modified(&untouched), before);
    f.assert_same_as_clean("after a plan edit");

    // A page deleted from the output by hand comes back.
    std::fs::remove_file(&untouched).unwrap();
    let done = f.rebuild();
    assert_eq!((done.rendered, done.written), (0, 1), "{done:?}");
    assert!(untouched.is_file());

    // Nothing changed: nothing parsed, indexed or written.
    let idle = f.rebuild();
    assert_eq!(
        idle,
        Rebuilt {
            rendered: 0,
            written: 0,
            removed: 0,
            indexed: false
        }
    );
}

#[test]
fn a_template_edit_renders_pages_again_but_keeps_bodies_and_index() {
    let mut f = Fixture::new();
    f.rebuild();
    let templates = f.root.join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/page.html"),
    )
    .unwrap();
    assert!(page.contains("{% block"), "page.html extends base.html");
    std::fs::write(
        templates.join("page.html"),
        page.replacen("{% block", "{# mẫu của trang #}{% block", 1),
    )
    .unwrap();
    let done = f.rebuild();
    assert_eq!(done.rendered, 0, "no body is parsed again");
    assert!(!done.indexed, "no record changed: the index stays");
    f.assert_same_as_clean("after a template edit");
}

#[test]
fn numbers_titles_and_removed_files_reach_every_page() {
    let mut f = Fixture::new();
    f.rebuild();
    // A title other pages show: every body is linked again.
    f.edit(
        "content/luat/86-2015-qh13.md",
        "title = \"Luật An toàn thông tin mạng\"",
        "title = \"Luật An toàn thông tin mạng (sửa)\"",
    );
    let done = f.rebuild();
    assert!(done.rendered > 5, "{done:?}");
    f.assert_same_as_clean("after a title edit");

    // A page removed: its output goes.
    std::fs::remove_file(f.root.join("content/huong-dan/cau-hinh.md")).unwrap();
    let done = f.rebuild();
    assert!(done.removed >= 1, "{done:?}");
    assert!(!f.out.join("huong-dan/cau-hinh").exists(), "its folder too");
    f.assert_same_as_clean("after a removal");
}

#[test]
fn a_failed_rebuild_writes_nothing_and_the_next_good_one_catches_up() {
    let mut f = Fixture::new();
    f.rebuild();
    let before = tree(&f.out);
    f.edit(
        "content/ke-hoach/687-kh-ubnd.md",
        "vb:86/2015/QH13#dieu-4",
        "vb:86/2015/QH13#dieu-404",
    );
    let opts = f.options(&f.out);
    let err = Site::load(&f.root)
        .unwrap()
        .rebuild(&opts, &mut f.cache)
        .unwrap_err();
    let err = format!("{err:?}");
    assert!(err.contains("#dieu-404"), "{err}");
    assert!(tree(&f.out) == before, "the served site is untouched");
    f.edit(
        "content/ke-hoach/687-kh-ubnd.md",
        "vb:86/2015/QH13#dieu-404",
        "vb:86/2015/QH13#dieu-7",
    );
    f.rebuild();
    f.assert_same_as_clean("after a failed then a good rebuild");
}
