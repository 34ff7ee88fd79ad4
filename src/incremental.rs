//! Rebuilding only what changed, for `vanban serve`.
//!
//! A [`BuildCache`] lives as long as the server and remembers three things
//! of the last good build:
//!
//! * each page's link-stage result (its rendered body and what it cites),
//!   keyed by a hash of its source, its place and the *hub fingerprint* — a
//!   hash of every document's front matter and URL, the relations and the
//!   build date, the only things of other files a body's rendering reads.
//!   Editing one body re-renders that body; changing a number, a title or a
//!   date (what other pages link by) renders every body again;
//! * a hash of the search records: when no record changed (a template, a
//!   taxonomy page, an agency page was edited), the tantivy index and its
//!   browser export are neither rebuilt nor rewritten;
//! * a hash of every file written: only files whose bytes changed are
//!   written (each replaced atomically, by a rename), and files the site no
//!   longer has are removed.
//!
//! Everything is computed before anything is written, so a failed rebuild
//! leaves the served site as it was. Pages are rendered through the
//! templates every time (a page shows backlinks, relations and lists drawn
//! from many documents; rendering them all is a small part of a rebuild).

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use std::sync::Mutex;

use crate::error::{Error, Result};
use crate::link::graph::Graph;
use crate::link::verify::PageRefs;
use crate::markdown::Rendered;
use crate::output::{file_hash, Sink};

/// What a rebuild can reuse from the previous one.
#[derive(Default)]
pub struct BuildCache {
    /// Source path → (key of its inputs, link-stage result).
    linked: HashMap<PathBuf, (u64, Rendered, PageRefs)>,
    /// Hash of the search records last indexed.
    records: Option<u64>,
    /// The output folder and, for each file in it, the hash of its bytes.
    output: Option<PathBuf>,
    written: HashMap<String, u64>,
}

/// What a rebuild did, for the server's log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebuilt {
    /// Bodies parsed and linked again (the others came from the cache).
    pub rendered: usize,
    /// Output files written and removed.
    pub written: usize,
    pub removed: usize,
    /// Whether the search index and its export were rebuilt.
    pub indexed: bool,
}

pub fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// A hash of what the link stage of any page reads besides the page itself.
pub fn hub_fingerprint(docs: &[crate::content::Document], graph: &Graph, offline: bool) -> u64 {
    let mut h = DefaultHasher::new();
    offline.hash(&mut h);
    graph.as_of.to_string().hash(&mut h);
    format!("{:?}", graph.replaced_by).hash(&mut h);
    for d in docs {
        d.url.hash(&mut h);
        d.src.path.hash(&mut h);
        format!("{:?}", d.front).hash(&mut h);
    }
    h.finish()
}

impl std::fmt::Debug for BuildCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BuildCache")
            .field("bodies", &self.linked.len())
            .field("files", &self.written.len())
            .field("output", &self.output)
            .finish()
    }
}

impl BuildCache {
    /// The cached link-stage result of a page, if its inputs are the same.
    pub fn linked(&self, path: &Path, key: u64) -> Option<(Rendered, PageRefs)> {
        self.linked
            .get(path)
            .filter(|(k, _, _)| *k == key)
            .map(|(_, r, refs)| (r.clone(), refs.clone()))
    }

    /// Remembers the link-stage results of this build (and only those).
    pub fn keep_linked(&mut self, entries: Vec<(PathBuf, u64, Rendered, PageRefs)>) {
        self.linked = entries
            .into_iter()
            .map(|(path, key, r, refs)| (path, (key, r, refs)))
            .collect();
    }

    /// Whether the search records are those last indexed.
    pub fn same_records(&self, hash: u64) -> bool {
        self.records == Some(hash)
    }

    /// Whether `output` holds what this cache last wrote there.
    pub fn knows(&self, output: &Path) -> bool {
        self.output.as_deref() == Some(output) && output.is_dir()
    }

    /// Remembers a whole output, written by a full build: each file's
    /// [`file_hash`].
    pub fn wrote_all(&mut self, output: &Path, hashes: Vec<(String, u64)>, records: u64) {
        self.output = Some(output.to_path_buf());
        self.written = hashes.into_iter().collect();
        self.records = Some(records);
    }

    /// A sink for a rebuild into the known output: it keeps the files whose
    /// bytes differ from what was written there last.
    pub fn changes(&self, output: &Path) -> Changes {
        Changes {
            written: self.written.clone(),
            output: output.to_path_buf(),
            next: Default::default(),
            changed: Default::default(),
        }
    }

    /// Writes the changed files into the known output and removes those
    /// the site no longer has. `search_kept`: the search export was not
    /// made again (its files stay as they are).
    pub fn write_changes(
        &mut self,
        changes: Changes,
        search_kept: bool,
        records: u64,
        done: &mut Rebuilt,
    ) -> Result<()> {
        let output = changes.output;
        let mut next = changes.next.into_inner().unwrap_or_else(|e| e.into_inner());
        let changed = changes
            .changed
            .into_inner()
            .unwrap_or_else(|e| e.into_inner());
        if search_kept {
            let export = format!("{}/", crate::search::export::DIR);
            for (p, h) in &self.written {
                if p.starts_with(&export) {
                    next.insert(p.clone(), *h);
                }
            }
        }
        changed
            .par_iter()
            .try_for_each(|(rel, bytes)| replace_file(&output.join(rel), bytes))?;
        let gone: Vec<&String> = self
            .written
            .keys()
            .filter(|p| !next.contains_key(*p))
            .collect();
        for rel in &gone {
            let path = output.join(rel);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(Error::io(&path, e)),
            }
            // Folders left empty go too (a page's folder), up to the output.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != output) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
        done.written = changed.len();
        done.removed = gone.len();
        self.written = next;
        self.records = Some(records);
        Ok(())
    }
}

/// The files of a rebuild, compared as they come with what the last build
/// wrote; only those that changed are kept (and nothing is written until
/// [`BuildCache::write_changes`], so a failed rebuild leaves the site as
/// it was).
pub struct Changes {
    /// What the last build wrote (its own copy: the cache is updated only
    /// once the rebuild is through).
    written: HashMap<String, u64>,
    output: PathBuf,
    next: Mutex<HashMap<String, u64>>,
    changed: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Sink for Changes {
    fn put(&self, files: &[(String, Vec<u8>)]) -> Result<()> {
        let hashed: Vec<(String, u64, bool)> = files
            .par_iter()
            .map(|(p, b)| {
                let h = file_hash(b);
                // Changed, or gone from the folder since (someone deleted it).
                let changed = self.written.get(p) != Some(&h) || !self.output.join(p).is_file();
                (p.clone(), h, changed)
            })
            .collect();
        let mut changed = self.changed.lock().unwrap_or_else(|e| e.into_inner());
        for ((_, bytes), (path, _, is_changed)) in files.iter().zip(&hashed) {
            if *is_changed {
                changed.push((path.clone(), bytes.clone()));
            }
        }
        drop(changed);
        self.next
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(hashed.into_iter().map(|(p, h, _)| (p, h)));
        Ok(())
    }
}

/// Replaces one file whole: readers see the old bytes or the new, never a mix.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
