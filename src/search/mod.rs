//! Search: the Vietnamese analyzer, the tantivy index and the browser export.
//!
//! * [`analyzer`] — text → terms (shared with `vanban-analyzer.js`);
//! * [`schema`] — the tantivy fields and tokenizers;
//! * [`index`] — records of the site, written into the index;
//! * [`named`] — what a query names: provisions and documents;
//! * [`ranking`] — how results are ranked, the one place where it is written;
//! * [`query`] — searching the index (the CLI);
//! * [`guard`] — reading an index damaged on disk: errors, not panics;
//! * [`export`] — the index as static script files for the browser.

pub mod analyzer;
pub mod export;
pub mod guard;
pub mod index;
pub mod invert;
pub mod named;
pub mod query;
pub mod ranking;
pub mod schema;
pub mod segment;

pub use index::SearchRecord;
pub use query::{Hit, SearchOptions, Searchable};

use std::path::Path;
use std::sync::Arc;

use crate::error::Result;

static INDEX_LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Held while a build writes and swaps in an index: the staging folder of an
/// index is named after the process, so two builds of the same site in one
/// process (threads, tests) take turns.
pub fn write_lock() -> std::sync::MutexGuard<'static, ()> {
    INDEX_LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Indexes `records` into the empty folder `dir` and returns what the
/// export needs of the index; [`export::finish`] makes its files once the
/// record packs ([`export::record_packs`]) are made.
/// `statuses`: the name readers see of each status (in the order of
/// [`crate::legal::status::Status::ALL`]), for the
/// filter's choices (the theme's words).
pub fn build_index(
    dir: &Path,
    records: &Arc<[index::SearchRecord]>,
    statuses: &[String],
) -> Result<export::IndexExport> {
    let (_, export) = index::write_and(dir, records, |views| {
        export::export_index(views, records, statuses)
    })?;
    Ok(export)
}

/// Copies the README of an index folder (an explanation for people who find
/// the folder) into its replacement, so swapping the index in keeps it.
pub fn keep_readme(old: &Path, new: &Path) -> Result<()> {
    let readme = old.join("README.md");
    if readme.is_file() {
        std::fs::copy(&readme, new.join("README.md"))
            .map_err(|e| crate::error::Error::io(&readme, e))?;
    }
    Ok(())
}

/// Opens the index at `dir` and searches it.
pub fn search(dir: &Path, query: &str, opts: &SearchOptions) -> Result<Vec<Hit>> {
    Searchable::open(dir)?.search(query, opts)
}
