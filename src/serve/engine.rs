//! The search index as the server holds it: opened read-only, reopened after
//! each successful rebuild, shared by every request. Searches run the same
//! [`Searchable::search`] as `vanban search`, so the ranking is the CLI's.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::Index;

use super::api::{ApiHit, SearchParams};
use crate::error::Error;
use crate::search::{SearchOptions, Searchable};

/// The index the handlers search, swapped whole after a rebuild.
pub struct SearchState {
    index_dir: PathBuf,
    engine: RwLock<Arc<Engine>>,
    permits: tokio::sync::Semaphore,
    cache: Mutex<Cache>,
}

/// Answers of recent searches, emptied whenever the index is reopened, so
/// an answer is always the one the current index gives. Popular queries on
/// a portal repeat; a search costs up to seconds on a large corpus.
#[derive(Default)]
struct Cache {
    entries: HashMap<SearchParams, (Arc<Vec<ApiHit>>, u64)>,
    clock: u64,
}

/// Searches remembered.
pub const CACHE_ENTRIES: usize = 512;

impl Cache {
    fn get(&mut self, key: &SearchParams) -> Option<Arc<Vec<ApiHit>>> {
        self.clock += 1;
        let now = self.clock;
        self.entries.get_mut(key).map(|(hits, used)| {
            *used = now;
            hits.clone()
        })
    }

    fn put(&mut self, key: SearchParams, hits: Arc<Vec<ApiHit>>) {
        if self.entries.len() >= CACHE_ENTRIES {
            // Evict the least recently used (a scan of 512 is cheaper than a search).
            if let Some(old) = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            {
                self.entries.remove(&old);
            }
        }
        self.clock += 1;
        self.entries.insert(key, (hits, self.clock));
    }
}

/// One opened index, or why there is none.
pub enum Engine {
    Ready(Searchable),
    Missing(String),
}

/// Why a search gave no results list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SearchFailure {
    /// The query cannot be searched (no letter or digit…): a 400.
    Query(String),
    /// No usable index: a 503.
    Unavailable(String),
}

impl SearchState {
    pub fn new(index_dir: PathBuf) -> SearchState {
        let engine = RwLock::new(Arc::new(Engine::missing(&index_dir, "chưa mở")));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        SearchState {
            index_dir,
            engine,
            permits: tokio::sync::Semaphore::new(cores),
            cache: Mutex::new(Cache::default()),
        }
    }

    /// A remembered answer for these parameters.
    pub fn cached(&self, p: &SearchParams) -> Option<Arc<Vec<ApiHit>>> {
        self.cache.lock().ok()?.get(p)
    }

    /// Remembers an answer, unless the index changed meanwhile.
    pub fn remember(&self, engine: &Arc<Engine>, p: SearchParams, hits: Arc<Vec<ApiHit>>) {
        if Arc::ptr_eq(engine, &self.clone_engine()) {
            if let Ok(mut c) = self.cache.lock() {
                c.put(p, hits);
            }
        }
    }

    /// Limits how many searches run at once.
    pub fn permits(&self) -> &tokio::sync::Semaphore {
        &self.permits
    }

    /// (Re)opens the index; called after each successful build and once in
    /// read-only mode. Opening only reads: see [`ReadOnly`].
    pub fn reload(&self) {
        let engine = match open_read_only(&self.index_dir) {
            Ok(s) => Engine::Ready(s),
            Err(e) => Engine::missing(&self.index_dir, &e),
        };
        if let Ok(mut e) = self.engine.write() {
            *e = Arc::new(engine);
            if let Ok(mut c) = self.cache.lock() {
                c.entries.clear();
            }
        }
    }

    pub fn is_ready(&self) -> bool {
        matches!(self.clone_engine().as_ref(), Engine::Ready(_))
    }

    pub fn clone_engine(&self) -> Arc<Engine> {
        match self.engine.read() {
            Ok(e) => e.clone(),
            Err(_) => Arc::new(Engine::missing(&self.index_dir, "khóa hỏng")),
        }
    }
}

impl Engine {
    fn missing(dir: &Path, why: &str) -> Engine {
        Engine::Missing(format!(
            "Máy chủ chưa có chỉ mục tìm kiếm ({}): {why}",
            dir.display()
        ))
    }

    pub fn search(&self, p: &SearchParams) -> Result<Vec<ApiHit>, SearchFailure> {
        let s = match self {
            Engine::Ready(s) => s,
            Engine::Missing(why) => return Err(SearchFailure::Unavailable(why.clone())),
        };
        let opts = SearchOptions {
            limit: p.limit,
            kind: p.kind.clone(),
            issuer: p.issuer.clone(),
            in_force: p.in_force,
        };
        let hits = s.search(&p.q, &opts).map_err(|e| match e {
            Error::Usage(msg) => SearchFailure::Query(sentence(&msg)),
            other => SearchFailure::Unavailable(sentence(&other.to_string())),
        })?;
        Ok(hits
            .into_iter()
            .map(|h| {
                let href = if h.anchor.is_empty() {
                    h.url.clone()
                } else {
                    format!("{}#{}", h.url, h.anchor)
                };
                let text = h
                    .passage
                    .iter()
                    .map(|(s, _)| s.as_str())
                    .collect::<Vec<_>>()
                    .join("");
                ApiHit {
                    number: h.number,
                    title: h.title,
                    url: h.url,
                    anchor: h.anchor,
                    href,
                    status: h.status,
                    score: h.score,
                    snippet: text,
                    snippet_html: h.snippet,
                }
            })
            .collect())
    }
}

/// `câu tìm kiếm trống` → `Câu tìm kiếm trống.`
fn sentence(msg: &str) -> String {
    let mut c = msg.trim().chars();
    let mut out: String = match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    };
    if !out.ends_with(['.', '!', '?']) {
        out.push('.');
    }
    out
}

/// Opens the index without writing a byte: tantivy's reader takes a lock
/// file (`.tantivy-meta.lock`) even to read, which fails on a read-only
/// disk and is a write all the same. Only this process reads the index, and
/// builds swap a new index in whole, so the lock guards nothing here.
fn open_read_only(dir: &Path) -> Result<Searchable, String> {
    if !dir.join("meta.json").is_file() {
        return Err("chưa có chỉ mục; hãy chạy `vanban build`".into());
    }
    let mmap = MmapDirectory::open(dir).map_err(|e| e.to_string())?;
    let index = crate::search::guard::guarded(dir, || {
        Index::open(ReadOnly(mmap)).map_err(|e| crate::search::guard::read_error(dir, e))
    })
    .map_err(|e| e.to_string())?;
    Searchable::from_index(index, dir).map_err(|e| e.to_string())
}

/// A tantivy directory that reads through to the disk and refuses every
/// write; its locks are taken in memory.
#[derive(Debug, Clone)]
pub struct ReadOnly(MmapDirectory);

fn refused() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::PermissionDenied, "chỉ mục chỉ đọc")
}

impl Directory for ReadOnly {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        Err(DeleteError::IoError {
            io_error: Arc::new(refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        Err(OpenWriteError::IoError {
            io_error: Arc::new(refused()),
            filepath: path.to_path_buf(),
        })
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.0.atomic_read(path)
    }

    fn atomic_write(&self, _path: &Path, _data: &[u8]) -> std::io::Result<()> {
        Err(refused())
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        Ok(())
    }

    fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
        Ok(DirectoryLock::from(Box::new(())))
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(callback)
    }
}
