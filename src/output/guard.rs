//! Where vanban may write, and what it may delete.
//!
//! A build replaces whole folders (the site's output, the search index) and
//! `vanban bundle` replaces a file. A wrong path on the command line or in
//! `vanban.toml` (`-o content`, `index_dir = "content"`, `-o ..`) must never
//! turn that into deleting the site's sources, so every path is checked
//! here before anything is written:
//!
//! * paths are resolved first — made absolute, every symbolic link followed,
//!   `.` and `..` applied to the real folders — so that two spellings of the
//!   same place are the same path;
//! * an output may not be, contain, or lie inside a source of the site
//!   (`content/`, `templates/`, `static/`, `themes/`, `vanban.toml`), nor
//!   another output;
//! * an output folder that already exists is replaced only if vanban made
//!   it: it holds the [`MARKER`] file (or, written before the marker
//!   existed, a vanban build's own files), or it is empty;
//! * an output that is a symbolic link is refused: replacing it would write
//!   through the link into whatever it points at.

use std::path::{Component, Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};

/// The file that marks a folder as made by vanban (a site output or a search
/// index), and so as vanban's to replace.
pub const MARKER: &str = ".vanban-output";

/// What the marker file says to a person who finds it.
pub const MARKER_TEXT: &str =
    "Thư mục này do vanban tạo ra; mỗi lần dựng, vanban thay nó bằng bản mới.\n\
This folder is written by vanban and replaced by every build.\n";

/// The folders and files of a site root that hold its sources.
const SOURCES: &[&str] = &["content", "templates", "static", "themes", CONFIG_FILE];

/// What an output is, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The site's output folder (`output_dir`, `-o`).
    Site,
    /// The tantivy index folder (`index_dir`).
    Index,
    /// A file `vanban bundle` writes.
    Archive,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Site => "thư mục xuất",
            Kind::Index => "thư mục chỉ mục",
            Kind::Archive => "tệp gói",
        }
    }
}

/// The path `path` names on disk: absolute, with every symbolic link it goes
/// through followed and `.`/`..` applied to the real folders. The part that
/// does not exist yet is appended as written.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        let cwd = std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))?;
        cwd.join(path)
    };
    // `real` never holds a link: each one is resolved as it is met, so that
    // `..` can be applied by dropping the last name.
    let mut real = PathBuf::new();
    for component in abs.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => real.push(component.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                let is_link =
                    std::fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink());
                if is_link {
                    real = real.canonicalize().map_err(|e| Error::io(&real, e))?;
                }
            }
        }
    }
    Ok(real)
}

/// Whether one of the two paths (resolved) is, contains or lies in the other.
fn overlap(a: &Path, b: &Path) -> bool {
    a.starts_with(b) || b.starts_with(a)
}

/// The checked outputs of one build.
#[derive(Debug, Clone)]
pub struct Outputs {
    pub site: PathBuf,
    pub index: PathBuf,
}

/// Checks the output folder and the index folder of a build of the site at
/// `root`, before anything is written.
pub fn check_build(root: &Path, output: &Path, index: &Path) -> Result<Outputs> {
    let sources = Sources::of(root)?;
    let site = sources.check(output, Kind::Site)?;
    let index_path = sources.check(index, Kind::Index)?;
    if overlap(&site, &index_path) {
        return Err(refusal(
            index,
            Kind::Index,
            &format!("trùng hoặc lồng vào thư mục xuất {}", output.display()),
            "đặt index_dir và output_dir (hoặc -o) là hai thư mục riêng, không thư mục nào nằm trong thư mục kia",
        ));
    }
    check_replaceable(&site, output, Kind::Site)?;
    check_replaceable(&index_path, index, Kind::Index)?;
    Ok(Outputs {
        site,
        index: index_path,
    })
}

/// Checks the file `vanban bundle` writes: not a source, not in one, not a
/// folder or a link, and, if it exists, a zip archive (the one a previous
/// bundle wrote).
pub fn check_archive(root: &Path, zip: &Path) -> Result<PathBuf> {
    let sources = Sources::of(root)?;
    let path = sources.check(zip, Kind::Archive)?;
    match std::fs::symlink_metadata(zip) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(path),
        Err(e) => Err(Error::io(zip, e)),
        Ok(meta) if meta.file_type().is_symlink() => Err(refusal(
            zip,
            Kind::Archive,
            "là một liên kết tượng trưng",
            "vanban không ghi qua liên kết; chọn một tên tệp khác",
        )),
        Ok(meta) if !meta.is_file() => Err(refusal(
            zip,
            Kind::Archive,
            "là một thư mục",
            "chọn một tên tệp .zip",
        )),
        Ok(_) if !is_zip(&path) => Err(refusal(
            zip,
            Kind::Archive,
            "đã có và không phải tệp .zip",
            "vanban chỉ ghi đè tệp .zip; chọn một tên tệp khác",
        )),
        Ok(_) => Ok(path),
    }
}

/// Whether the file starts like a zip archive.
fn is_zip(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"PK\x03\x04" || &head == b"PK\x05\x06")
}

/// The sources of a site, resolved.
struct Sources {
    paths: Vec<(PathBuf, &'static str)>,
}

impl Sources {
    fn of(root: &Path) -> Result<Sources> {
        let root = resolve(root)?;
        let paths = SOURCES
            .iter()
            .map(|name| resolve(&root.join(name)).map(|p| (p, *name)))
            .collect::<Result<_>>()?;
        Ok(Sources { paths })
    }

    /// `path` resolved, if it is clear of every source.
    fn check(&self, path: &Path, kind: Kind) -> Result<PathBuf> {
        let resolved = resolve(path)?;
        for (source, name) in &self.paths {
            if resolved == *source || resolved.starts_with(source) {
                return Err(refusal(
                    path,
                    kind,
                    &format!("nằm trong nguồn của trang ({name})"),
                    "chọn một thư mục ngoài content/, templates/, static/ và themes/",
                ));
            }
            if source.starts_with(&resolved) {
                return Err(refusal(
                    path,
                    kind,
                    &format!("chứa nguồn của trang ({name})"),
                    "thư mục xuất phải là một thư mục riêng, ví dụ public/ trong thư mục trang",
                ));
            }
        }
        Ok(resolved)
    }
}

/// Checks that an output folder, if it exists, is vanban's to replace.
fn check_replaceable(resolved: &Path, given: &Path, kind: Kind) -> Result<()> {
    match std::fs::symlink_metadata(given) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Error::io(given, e)),
        Ok(meta) if meta.file_type().is_symlink() => {
            return Err(refusal(
                given,
                kind,
                "là một liên kết tượng trưng",
                "vanban không ghi qua liên kết; đặt thư mục xuất là một thư mục thật",
            ))
        }
        Ok(meta) if !meta.is_dir() => {
            return Err(refusal(
                given,
                kind,
                "là một tệp, không phải thư mục",
                "chọn một thư mục khác",
            ))
        }
        Ok(_) => {}
    }
    if made_by_vanban(resolved, kind) {
        return Ok(());
    }
    Err(refusal(
        given,
        kind,
        "đã có và không do vanban tạo ra, nên vanban không xóa nó",
        "chọn một thư mục chưa có (hoặc trống), hoặc tự xóa thư mục này nếu chắc chắn",
    ))
}

/// Whether the folder `dir` is vanban's: it holds the marker, or is empty
/// (an index folder: but for its README), or (written before the marker)
/// holds the files only a vanban build writes there.
pub fn made_by_vanban(dir: &Path, kind: Kind) -> bool {
    if dir.join(MARKER).is_file() {
        return true;
    }
    let names: Vec<std::ffi::OsString> = match std::fs::read_dir(dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .map(|e| e.file_name())
            .take(2)
            .collect(),
        Err(_) => return false,
    };
    // An index folder may hold only its README, which a build keeps.
    let empty = names.is_empty() || (kind == Kind::Index && names == ["README.md"]);
    empty
        || match kind {
            Kind::Site => {
                dir.join("sitemap.xml").is_file()
                    && dir.join("static").join("vanban-search.js").is_file()
            }
            Kind::Index => dir.join("meta.json").is_file() && dir.join(".managed.json").is_file(),
            Kind::Archive => false,
        }
}

fn refusal(path: &Path, kind: Kind, why: &str, hint: &str) -> Error {
    Error::Refused {
        path: path.to_path_buf(),
        message: format!("{} {} {why}", kind.name(), path.display()),
        hint: hint.to_string(),
    }
}

/// Whether a site-relative path (`luat/x/index.html`) stays inside the
/// folder it is joined to: not empty, not absolute, no `.`/`..` or empty
/// segment. Every file a build writes is checked, so that no content name
/// can send a page outside the output.
pub fn is_inside(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.starts_with('/')
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|seg| !seg.is_empty() && seg != "." && seg != ".." && !seg.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_stay_inside() {
        assert!(is_inside("index.html"));
        assert!(is_inside("luat/86-2015-qh13/index.html"));
        for bad in [
            "",
            "/index.html",
            "a//index.html",
            "../x",
            "a/../../x",
            "./x",
            "a/",
            "a\\..\\x",
        ] {
            assert!(!is_inside(bad), "{bad:?}");
        }
    }

    #[test]
    fn resolving_applies_dot_dot_to_real_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        std::fs::create_dir_all(base.join("a/b")).unwrap();
        std::fs::create_dir_all(base.join("elsewhere/deep")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(base.join("elsewhere/deep"), base.join("a/link")).unwrap();
        assert_eq!(
            resolve(&base.join("a/b/../b/./c")).unwrap(),
            base.join("a/b/c")
        );
        #[cfg(unix)]
        assert_eq!(
            resolve(&base.join("a/link/../x")).unwrap(),
            base.join("elsewhere/x")
        );
    }

    #[test]
    fn outputs_must_keep_clear_of_sources() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/luat")).unwrap();
        std::fs::write(root.join(CONFIG_FILE), "").unwrap();
        let index = root.join("search-index");
        let refused = |out: &Path| check_build(&root, out, &index).is_err();
        assert!(refused(&root.join("content")));
        assert!(refused(&root.join("content/luat/x")));
        assert!(refused(&root));
        assert!(refused(tmp.path()));
        assert!(refused(&root.join("public/../content")));
        assert!(refused(&root.join(CONFIG_FILE)));
        assert!(refused(&root.join("search-index")));
        assert!(refused(&root.join("search-index/public")));
        assert!(!refused(&root.join("public")));
        assert!(check_build(&root, &root.join("public"), &root.join("public/idx")).is_err());
    }

    #[test]
    fn a_folder_vanban_did_not_make_is_not_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        let out = tmp.path().join("docs");
        std::fs::create_dir_all(&out).unwrap();
        let index = root.join("search-index");
        assert!(check_build(&root, &out, &index).is_ok(), "empty folder");
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(
            check_build(&root, &out, &index).is_err(),
            "someone's folder"
        );
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_build(&root, &out, &index).is_ok(), "marked");
    }
}
