//! Writing the site atomically.
//!
//! Everything is written into a fresh sibling folder first; only when the
//! whole build has succeeded is it swapped in for the old output, so a failed
//! build never leaves a half-written site (and a server reading the old one
//! never sees a mix).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};

/// A folder being filled, that becomes `target` on [`Staging::commit`] and
/// disappears if dropped before.
pub struct Staging {
    target: PathBuf,
    dir: PathBuf,
    committed: bool,
}

impl Staging {
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let dir = parent.join(format!(".{name}.tmp-{}", std::process::id()));
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        }
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(Staging {
            target: target.to_path_buf(),
            dir,
            committed: false,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes files (site-relative path, bytes) in parallel.
    ///
    /// Folders are made first, each once: a large site has hundreds of
    /// thousands of files in a few thousand folders, and asking for every
    /// file's folder again costs more than writing it.
    pub fn write_all(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        let mut dirs: Vec<&str> = files
            .iter()
            .filter_map(|(rel, _)| rel.rsplit_once('/').map(|(d, _)| d))
            .collect();
        dirs.sort_unstable();
        dirs.dedup();
        dirs.par_iter().try_for_each(|d| {
            let path = self.dir.join(d);
            std::fs::create_dir_all(&path).map_err(|e| Error::io(&path, e))
        })?;
        files.par_iter().try_for_each(|(rel, bytes)| {
            let path = self.dir.join(rel);
            std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
        })
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| Error::io(&path, e))
    }

    /// Swaps the staged folder in for the target.
    pub fn commit(mut self) -> Result<()> {
        let old = self.dir.with_file_name(format!(
            ".{}.old-{}",
            self.target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            std::process::id()
        ));
        let had_old = self.target.exists();
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
        if had_old {
            remove_tree(&old)?;
        }
        Ok(())
    }
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
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}
