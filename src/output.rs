//! Writing the site atomically.
//!
//! Everything is written into a sibling folder first; only when the whole
//! build has succeeded is it swapped in for the old output, so a failed build
//! never leaves a half-written site (and a server reading the old one never
//! sees a mix).
//!
//! The site's output is double-buffered ([`Staging::reusing`]): the output it
//! replaces is kept beside it (`.<name>.prev`) and is where the next build
//! writes, leaving alone the files that already hold the right bytes.
//! Rewriting a file, and even more keeping one, is much cheaper than
//! creating one and deleting another: a large hub is a hundred thousand
//! files, and on some file systems (USB sticks, ext4 without a journal right
//! after a delete) creating them costs more than the rest of the build.

pub mod guard;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use guard::{Kind, MARKER, MARKER_TEXT};

/// Where the files of a build go as they are made: a staging folder for a
/// build, the changes to an output already served for a rebuild
/// (`vanban serve`), nowhere for a check. Files are
/// (site-relative path, bytes); `put` is called from many threads.
pub trait Sink: Sync {
    fn put(&self, files: &[(String, Vec<u8>)]) -> Result<()>;
}

/// Takes files and keeps nothing (`vanban check` renders every page to find
/// the template errors, and writes none).
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _files: &[(String, Vec<u8>)]) -> Result<()> {
        Ok(())
    }
}

/// Keeps every file in memory (`Site::compile`, tests).
#[derive(Default)]
pub struct Collect(std::sync::Mutex<Vec<(String, Vec<u8>)>>);

impl Collect {
    /// The files taken, in path order.
    pub fn into_files(self) -> Vec<(String, Vec<u8>)> {
        let mut files = self.0.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.0.cmp(&b.0));
        files
    }
}

impl Sink for Collect {
    fn put(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(files);
        Ok(())
    }
}

/// A hash of a file's bytes: what tells a rebuild which files changed, and
/// what the service worker's version is made of.
pub fn file_hash(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

/// A sink that notes the hash of every file it passes on.
pub struct Hashed<'s> {
    inner: &'s dyn Sink,
    hashes: std::sync::Mutex<Vec<(String, u64)>>,
}

impl<'s> Hashed<'s> {
    pub fn new(inner: &'s dyn Sink) -> Hashed<'s> {
        Hashed {
            inner,
            hashes: Default::default(),
        }
    }

    /// Every file passed on so far, with its hash, in path order.
    pub fn hashes(&self) -> Vec<(String, u64)> {
        let mut all = self
            .hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        all.sort_unstable();
        all
    }
}

impl Sink for Hashed<'_> {
    fn put(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        let hashed: Vec<(String, u64)> = files
            .par_iter()
            .map(|(path, bytes)| (path.clone(), file_hash(bytes)))
            .collect();
        self.inner.put(files)?;
        self.hashes
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(hashed);
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        self.write_all(files)
    }
}

/// A folder being filled, that becomes `target` on [`Staging::commit`] and
/// disappears if dropped before.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
    /// Set for a reused folder: where the replaced output goes, the files
    /// the folder held (listed while the build runs), and what was written.
    reuse: Option<Reuse>,
}

struct Reuse {
    keep: PathBuf,
    /// What the folder held, when it is the kept output (not a fresh one):
    /// (depth, path, is a folder).
    listing: Option<std::thread::JoinHandle<Vec<(usize, PathBuf, bool)>>>,
    written: std::sync::Mutex<Vec<String>>,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging> {
        if let Some(parent) = target.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        let dir = sibling(target, &format!("tmp-{}", std::process::id()));
        if std::fs::symlink_metadata(&dir).is_ok() {
            remove_ours(&dir)?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let marker = dir.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            reuse: None,
        })
    }

    /// A staging folder made of the output the last build replaced, if it is
    /// there (`.<name>.prev`); on [`Staging::commit`] the output replaced now
    /// is kept in its place. Files the build does not write are removed
    /// before the swap, so the output holds exactly what was written.
    pub fn reusing(target: &Path) -> Result<Staging> {
        let keep = sibling(target, "prev");
        let dir = sibling(target, &format!("tmp-{}", std::process::id()));
        // Only a real folder that a build left is reused: a link there would
        // send every write through it.
        let reusable = std::fs::symlink_metadata(&keep).is_ok_and(|m| m.is_dir())
            && guard::made_by_vanban(&keep, Kind::Site);
        if !reusable || dir.exists() || std::fs::rename(&keep, &dir).is_err() {
            let mut staging = Staging::new(target)?;
            staging.reuse = Some(Reuse {
                keep,
                listing: None,
                written: Default::default(),
            });
            return Ok(staging);
        }
        let marker = dir.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(|e| Error::io(&marker, e))?;
        let root = dir.clone();
        let listing = Some(std::thread::spawn(move || {
            walkdir::WalkDir::new(&root)
                .min_depth(1)
                .into_iter()
                .filter_map(|e| e.ok())
                .map(|e| {
                    let is_dir = e.file_type().is_dir();
                    (e.depth(), e.into_path(), is_dir)
                })
                .collect()
        }));
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
            reuse: Some(Reuse {
                keep,
                listing,
                written: std::sync::Mutex::new(vec![MARKER.to_string()]),
            }),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether the folder is a kept output (it holds files already).
    fn reused(&self) -> bool {
        self.reuse.as_ref().is_some_and(|r| r.listing.is_some())
    }

    /// Writes files (site-relative path, bytes) in parallel.
    ///
    /// Folders are made first, each once: a large site has hundreds of
    /// thousands of files in a few thousand folders, and asking for every
    /// file's folder again costs more than writing it.
    pub fn write_all(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        if let Some((rel, _)) = files.iter().find(|(rel, _)| !guard::is_inside(rel)) {
            return Err(outside(&self.dir, rel));
        }
        let mut dirs: Vec<&str> = files
            .iter()
            .filter_map(|(rel, _)| rel.rsplit_once('/').map(|(d, _)| d))
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        let reused = self.reused();
        if reused {
            self.unlink_folders(&dirs)?;
        }
        dirs.par_iter().try_for_each(|d| {
            let path = self.dir.join(d);
            std::fs::create_dir_all(&path)
                .or_else(|e| self.clear_way(&path, e, false))
                .map_err(|e| Error::io(&path, e))
        })?;
        if let Some(reuse) = &self.reuse {
            let mut written = reuse.written.lock().unwrap_or_else(|e| e.into_inner());
            written.extend(files.iter().map(|(rel, _)| rel.clone()));
        }
        files.par_iter().try_for_each(|(rel, bytes)| {
            let path = self.dir.join(rel);
            if reused && holds(&path, bytes).map_err(|e| Error::io(&path, e))? {
                return Ok(());
            }
            std::fs::write(&path, bytes)
                .or_else(|e| {
                    self.clear_way(&path, e, true)?;
                    std::fs::write(&path, bytes)
                })
                .map_err(|e| Error::io(&path, e))
        })
    }

    /// In a reused folder, replaces with real folders any symbolic link that
    /// stands where the build writes a folder (`dirs` and their parents), so
    /// that no write goes through a link to somewhere else.
    fn unlink_folders(&self, dirs: &[&str]) -> Result<()> {
        let mut all: Vec<&str> = dirs
            .iter()
            .flat_map(|d| d.match_indices('/').map(|(i, _)| &d[..i]).chain([*d]))
            .collect();
        all.sort_unstable();
        all.dedup();
        for rel in all {
            let path = self.dir.join(rel);
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                std::fs::remove_file(&path).map_err(|e| Error::io(&path, e))?;
            }
        }
        Ok(())
    }

    /// In a reused folder, a file may stand where the build wants a folder
    /// or a folder where it wants a file (the site's layout changed): it is
    /// removed (and a folder made) so that the write can be tried again.
    /// Anywhere else, the error stands.
    fn clear_way(&self, path: &Path, error: std::io::Error, file: bool) -> std::io::Result<()> {
        if !self.reused() {
            return Err(error);
        }
        // Batches of files are written at once: another one may be clearing
        // the same way, so what it already removed is not an error.
        let gone = |r: std::io::Result<()>| match r {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            other => other,
        };
        if file && path.is_dir() {
            return gone(std::fs::remove_dir_all(path));
        }
        let mut cleared = false;
        for ancestor in path.ancestors().skip(usize::from(file)) {
            if ancestor == self.dir {
                break;
            }
            if ancestor.is_file() {
                gone(std::fs::remove_file(ancestor))?;
                cleared = true;
            }
        }
        let made = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                if file {
                    Ok(())
                } else {
                    std::fs::create_dir_all(path)
                }
            });
        // Nothing in the way and still no folder: the first error stands.
        made.map_err(|e| if cleared { e } else { error })
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        if !guard::is_inside(rel) {
            return Err(outside(&self.dir, rel));
        }
        if let Some(reuse) = &self.reuse {
            let mut written = reuse.written.lock().unwrap_or_else(|e| e.into_inner());
            written.push(rel.to_string());
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Swaps the staged folder in for the target. The replaced output is
    /// removed, or, for a folder made by [`Staging::reusing`], kept for the
    /// next build (after the files this build did not write are removed).
    pub fn commit(mut self) -> Result<()> {
        let (old, keep_old) = match self.reuse.take() {
            Some(reuse) => {
                if let Some(listing) = reuse.listing {
                    let written = reuse
                        .written
                        .into_inner()
                        .unwrap_or_else(|e| e.into_inner());
                    self.remove_unwritten(listing, &written)?;
                }
                if std::fs::symlink_metadata(&reuse.keep).is_ok() {
                    remove_ours(&reuse.keep)?;
                }
                (reuse.keep, true)
            }
            None => (
                sibling(&self.target, &format!("old-{}", std::process::id())),
                false,
            ),
        };
        let had_old = std::fs::symlink_metadata(&self.target).is_ok();
        if had_old
            && !guard::made_by_vanban(&self.target, Kind::Site)
            && !guard::made_by_vanban(&self.target, Kind::Index)
        {
            return Err(Error::Refused {
                path: self.target.clone(),
                message: format!(
                    "{} đã có và không do vanban tạo ra, nên vanban không thay nó",
                    self.target.display()
                ),
                hint: "chọn một thư mục chưa có (hoặc trống)".into(),
            });
        }
        if had_old {
            std::fs::rename(&self.target, &old).map_err(|e| Error::io(&self.target, e))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_old {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(Error::io(&self.target, e));
        }
        self.committed = true;
        if had_old && !keep_old {
            remove_tree(&old)?;
        }
        Ok(())
    }

    /// Removes what the reused folder held (`listing`, made while the build
    /// ran) and the build did not write, then the folders left empty.
    fn remove_unwritten(
        &self,
        listing: std::thread::JoinHandle<Vec<(usize, PathBuf, bool)>>,
        written: &[String],
    ) -> Result<()> {
        let listing = listing
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let written: std::collections::HashSet<PathBuf> =
            written.iter().map(|rel| self.dir.join(rel)).collect();
        let (mut dirs, files): (Vec<_>, Vec<_>) =
            listing.into_iter().partition(|(_, _, is_dir)| *is_dir);
        files
            .par_iter()
            .filter(|(_, path, _)| !written.contains(path))
            .try_for_each(|(_, path, _)| match std::fs::remove_file(path) {
                // Listed as a file, since replaced by a folder, or gone.
                Err(_) if path.is_dir() => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
                r => r.map_err(|e| Error::io(path, e)),
            })?;
        // Folders left empty go, deepest first (a folder still used is kept).
        dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
        for (_, d, _) in dirs {
            let _ = std::fs::remove_dir(&d);
        }
        Ok(())
    }
}

/// Whether the file at `path` holds exactly `bytes`. A reused folder is
/// mostly the pages of a build or two ago, most of them unchanged: reading
/// one back (usually from memory) costs far less than writing it again, and
/// an unchanged page keeps its modification time, so a copy to the portal
/// by modification time sends only what changed.
///
/// A symbolic link in the file's place is removed (it does not hold the
/// bytes, and writing would go through it).
fn holds(path: &Path, bytes: &[u8]) -> std::io::Result<bool> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::remove_file(path).map(|()| false),
        Ok(m) => Ok(m.is_file()
            && m.len() == bytes.len() as u64
            && std::fs::read(path).is_ok_and(|old| old == bytes)),
        Err(_) => Ok(false),
    }
}

/// The error for a file path that would leave the output folder: a bug,
/// since content paths are checked when loaded, but never a write.
fn outside(dir: &Path, rel: &str) -> Error {
    Error::Refused {
        path: dir.to_path_buf(),
        message: format!(
            "đường dẫn \"{rel}\" ra ngoài thư mục xuất {}",
            dir.display()
        ),
        hint: "đổi tên tệp nội dung để địa chỉ của nó có chữ hoặc số".into(),
    }
}

/// Removes a folder a build made (it holds the marker), or a link in its
/// place (the link alone, never what it points at). Anything else there is
/// left alone and reported.
fn remove_ours(path: &Path) -> Result<()> {
    let meta = std::fs::symlink_metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_dir() {
        return std::fs::remove_file(path).map_err(|e| Error::io(path, e));
    }
    if !guard::made_by_vanban(path, Kind::Site) && !guard::made_by_vanban(path, Kind::Index) {
        return Err(Error::Refused {
            path: path.to_path_buf(),
            message: format!(
                "{} đã có và không do vanban tạo ra, nên vanban không xóa nó",
                path.display()
            ),
            hint: "đổi tên hoặc tự xóa thư mục này".into(),
        });
    }
    remove_tree(path)
}

/// `.<name of target>.<suffix>` beside `target`.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// Removes a folder: its files in parallel, then its folders, deepest first.
/// The old output of a large site is a hundred thousand files, most of them
/// in one folder (`search/`), so splitting by top-level entry is not enough.
fn remove_tree(dir: &Path) -> Result<()> {
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(dir).to_path_buf();
            Error::io(&path, e.into())
        })?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files
        .par_iter()
        .try_for_each(|p| std::fs::remove_file(p).map_err(|e| Error::io(p, e)))?;
    dirs.sort_by_key(|d| std::cmp::Reverse(d.0));
    for (_, d) in dirs {
        std::fs::remove_dir(&d).map_err(|e| Error::io(&d, e))?;
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // A reused folder goes back to be reused (what it holds does not
        // matter: it is never served); a fresh one is removed.
        let reused = self.reused();
        let kept = self.reuse.as_ref().is_some_and(|r| {
            reused && !r.keep.exists() && std::fs::rename(&self.dir, &r.keep).is_ok()
        });
        if !kept {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
