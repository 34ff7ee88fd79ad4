//! Watching the sources and rebuilding.
//!
//! The watched places are `content/`, `themes/`, `templates/`, `static/` and
//! `vanban.toml`. Events are debounced (a save often writes several events,
//! an editor may write a temp file and rename it) and then the site is
//! rebuilt through a [`BuildCache`] kept for the server's life: only the
//! bodies whose inputs changed are parsed again, the search index only when
//! a record changed, and only changed files are written (see
//! [`crate::incremental`]). `vanban serve` prints what each rebuild did.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use notify::{RecursiveMode, Watcher as _};

use super::{error_lines, print_build, AppState, StopFlag};
use crate::config::CONFIG_FILE;
use crate::error::{Error, Result};
use crate::incremental::BuildCache;
use crate::{BuildOptions, Site};

/// The folders under the root whose changes trigger a rebuild.
pub const WATCHED_DIRS: &[&str] = &["content", "themes", "templates", "static"];

/// How long the sources must be quiet before a rebuild starts.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// Builds the site for serving.
#[derive(Debug, Clone)]
pub struct Builder {
    pub root: PathBuf,
    pub options: BuildOptions,
    pub verbose: bool,
    /// What the next rebuild can reuse.
    pub cache: Arc<Mutex<BuildCache>>,
}

impl Builder {
    /// A build: the first one full, the next ones of what changed. Nothing
    /// is written unless the whole build succeeded; on failure the old
    /// output stays and the errors go to the overlay.
    pub fn rebuild(&self, state: &AppState) {
        let started = Instant::now();
        // A panic in a stage must not end the watching: it becomes the
        // overlay's error, and the next save builds again. (The cache may be
        // half updated: it is dropped, so the next build is a full one.)
        let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            Site::load(&self.root).and_then(|site| {
                let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
                site.rebuild(&self.options, &mut cache)
            })
        }));
        let result = match built {
            Ok(result) => result.map_err(|e| error_lines(&e)),
            Err(panic) => {
                let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
                *cache = BuildCache::default();
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                Err(vec![format!(
                    "vanban: lỗi nội bộ khi dựng lại trang: {}",
                    crate::error::printable(&what)
                )])
            }
        };
        if self.verbose {
            print_build(started, &result);
        }
        if result.is_ok() {
            state.search.reload();
        }
        state.finish_build(result.err().unwrap_or_default());
    }
}

/// Whether a changed path is one of the sources.
pub fn is_source(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    // Editors' swap and backup files.
    if name.starts_with(".#")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
    {
        return false;
    }
    let mut parts = rel.components();
    match parts.next().and_then(|c| c.as_os_str().to_str()) {
        Some(first) if rel.components().count() == 1 => {
            first == CONFIG_FILE || WATCHED_DIRS.contains(&first)
        }
        Some(first) => WATCHED_DIRS.contains(&first),
        None => false,
    }
}

/// The watcher thread; stops when dropped.
pub struct Watcher {
    stop: StopFlag,
    thread: Option<JoinHandle<()>>,
}

impl Watcher {
    pub fn start(builder: Builder, state: Arc<AppState>) -> Result<Watcher> {
        let (tx, rx) = mpsc::channel::<notify::Result<notify::Event>>();
        let mut watcher = notify::recommended_watcher(tx)
            .map_err(|e| Error::Usage(format!("không theo dõi được thư mục: {e}")))?;
        let root = builder
            .root
            .canonicalize()
            .map_err(|e| Error::io(&builder.root, e))?;
        // The root itself, not recursively: vanban.toml, and folders created later.
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| Error::Usage(format!("không theo dõi được {}: {e}", root.display())))?;
        let mut watched: Vec<PathBuf> = Vec::new();
        add_dirs(&mut watcher, &root, &mut watched);
        let stop: StopFlag = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::Builder::new()
            .name("vanban-watch".into())
            .spawn(move || {
                while !flag.load(Ordering::SeqCst) {
                    let first = match rx.recv_timeout(Duration::from_millis(200)) {
                        Ok(ev) => ev,
                        Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    };
                    let mut relevant = touches_sources(&root, &first);
                    // Debounce: wait until nothing has happened for DEBOUNCE.
                    loop {
                        match rx.recv_timeout(DEBOUNCE) {
                            Ok(ev) => relevant |= touches_sources(&root, &ev),
                            Err(mpsc::RecvTimeoutError::Timeout) => break,
                            Err(mpsc::RecvTimeoutError::Disconnected) => return,
                        }
                    }
                    if relevant && !flag.load(Ordering::SeqCst) {
                        add_dirs(&mut watcher, &root, &mut watched);
                        builder.rebuild(&state);
                    }
                }
            })
            .map_err(|e| Error::Usage(format!("không khởi động được bộ theo dõi: {e}")))?;
        Ok(Watcher {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn touches_sources(root: &Path, ev: &notify::Result<notify::Event>) -> bool {
    match ev {
        Ok(ev) => {
            !matches!(ev.kind, notify::EventKind::Access(_))
                && ev.paths.iter().any(|p| is_source(root, p))
        }
        Err(_) => false,
    }
}

/// Watches every source folder that exists and is not watched yet.
fn add_dirs(watcher: &mut notify::RecommendedWatcher, root: &Path, watched: &mut Vec<PathBuf>) {
    for d in WATCHED_DIRS {
        let dir = root.join(d);
        if dir.is_dir()
            && !watched.contains(&dir)
            && watcher.watch(&dir, RecursiveMode::Recursive).is_ok()
        {
            watched.push(dir);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_content_theme_templates_static_and_config() {
        let root = Path::new("/site");
        for yes in [
            "content/luat/a.md",
            "vanban.toml",
            "themes/x/templates/base.html",
            "static/a.css",
            "templates/page.html",
            "content",
        ] {
            assert!(is_source(root, &root.join(yes)), "{yes}");
        }
        for no in [
            "public/index.html",
            "public.serve/a.html",
            ".public.serve.tmp-1/x",
            "search-index/meta.json",
            "content/.#a.md",
            "content/a.md~",
            "content/.a.md.swp",
            "README.md",
            "/elsewhere/content/a.md",
        ] {
            assert!(!is_source(root, &root.join(no)), "{no}");
        }
    }
}
