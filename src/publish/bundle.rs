//! `vanban bundle`: the offline build as one `.zip`, for USB sticks and
//! communes with weak connections.
//!
//! The site is built with `offline` (links spell out `index.html`, so the
//! pages work from `file://`) into a temporary folder, its links are checked,
//! and every file is stored under one top folder named after the archive, in
//! sorted order with a fixed date, so the same site gives the same bytes.
//! The archive is written beside its final name and renamed into place.

use std::io::Write;
use std::path::{Path, PathBuf};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::links::{self, CheckOptions};
use crate::error::{Error, Result};
use crate::{BuildOptions, BuildReport, Site};

/// What a bundle holds.
#[derive(Debug)]
pub struct BundleReport {
    pub zip: PathBuf,
    pub build: BuildReport,
    /// Files stored.
    pub files: usize,
    pub bytes: u64,
}

/// The default archive name: the site title as a slug (`kho-van-ban.zip`).
pub fn default_name(site: &Site) -> PathBuf {
    let slug = crate::text::slugify(&site.config.title);
    PathBuf::from(
        if slug.is_empty() {
            "vanban".to_string()
        } else {
            slug
        } + ".zip",
    )
}

/// Builds `site` offline and writes it to `zip_path`.
pub fn write(site: &Site, opts: &BuildOptions, zip_path: &Path) -> Result<BundleReport> {
    crate::output::guard::check_archive(&site.root, zip_path)?;
    let stem = zip_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && !s.starts_with('.'))
        .unwrap_or_else(|| "vanban".into());
    let tmp = TempDir::new()?;
    let out = tmp.0.join(&stem);
    let options = BuildOptions {
        output: Some(out.clone()),
        offline: true,
        live_reload: false,
        ..opts.clone()
    };
    let build = site.build(&options)?;
    let broken = links::check(
        &out,
        &CheckOptions {
            base_url: None,
            offline: true,
        },
    )?;
    if !broken.is_empty() {
        let list: Vec<String> = broken.iter().take(20).map(|b| b.to_string()).collect();
        return Err(Error::Usage(format!(
            "bản offline có {} liên kết hỏng, không đóng gói:\n{}",
            broken.len(),
            list.join("\n")
        )));
    }
    let partial = zip_path.with_file_name(format!(".{stem}.zip.tmp-{}", std::process::id()));
    let result = zip_dir(&out, &stem, &partial);
    let (files, bytes) = match result {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, zip_path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        Error::io(zip_path, e)
    })?;
    Ok(BundleReport {
        zip: zip_path.to_path_buf(),
        build,
        files,
        bytes,
    })
}

/// Stores every file under `dir` as `top/<relative path>`; returns the file
/// count and the archive's size.
fn zip_dir(dir: &Path, top: &str, zip_path: &Path) -> Result<(usize, u64)> {
    if let Some(parent) = zip_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let file = std::fs::File::create(zip_path).map_err(|e| Error::io(zip_path, e))?;
    let mut zip = ZipWriter::new(std::io::BufWriter::new(file));
    let zerr = |e: zip::result::ZipError| Error::io(zip_path, std::io::Error::other(e));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let mut count = 0;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        if rel == Path::new(crate::output::guard::MARKER) {
            continue;
        }
        let name = format!("{top}/{}", rel.to_string_lossy().replace('\\', "/"));
        if entry.file_type().is_dir() {
            zip.add_directory(name.trim_end_matches('/'), options.unix_permissions(0o755))
                .map_err(zerr)?;
        } else if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            zip.start_file(name, options).map_err(zerr)?;
            zip.write_all(&bytes).map_err(|e| Error::io(zip_path, e))?;
            count += 1;
        }
    }
    let mut w = zip.finish().map_err(zerr)?;
    w.flush().map_err(|e| Error::io(zip_path, e))?;
    drop(w);
    let size = std::fs::metadata(zip_path)
        .map_err(|e| Error::io(zip_path, e))?
        .len();
    Ok((count, size))
}

/// A folder under the system temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("vanban-bundle-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
