//! `vanban serve`: a preview server for editors and a read-only server for
//! portals.
//!
//! * **Watch mode** (default): builds the site into `<output_dir>.serve`
//!   (never the publishable `output_dir`) with the live-reload script, serves
//!   it, watches the sources and rebuilds ([`watch`]); a failed rebuild keeps
//!   the last good site and shows its errors in an overlay ([`live`]).
//! * **Production mode** (`--no-watch`): serves a prebuilt output folder as it
//!   is; nothing is built or written, so several copies can share one folder.
//!
//! Static files go through [`files`], the only code that touches the disk on
//! behalf of a request; the search endpoints are in [`api`].

pub mod api;
pub mod connections;
pub mod engine;
pub mod files;
pub mod live;
pub mod watch;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Instant;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::{broadcast, oneshot};

use crate::date::Date;
use crate::error::{Error, Result};
use crate::render::search_page::ServedSearchPage;
use crate::BuildOptions;

pub const DEFAULT_PORT: u16 = 1111;

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site root (vanban.toml, content/).
    pub root: PathBuf,
    /// Default: 127.0.0.1 (loopback only).
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// The folder served. Default: `<output_dir>.serve` in watch mode, the
    /// config's `output_dir` with `--no-watch`.
    pub output: Option<PathBuf>,
    /// Build, watch and rebuild (false: serve a prebuilt folder read-only).
    pub watch: bool,
    pub as_of: Option<Date>,
    /// Stop on Ctrl-C (the CLI); tests stop by dropping the [`Server`].
    pub handle_ctrl_c: bool,
    /// Print builds and errors to the terminal.
    pub verbose: bool,
    /// Header timeout and connection cap ([`connections`]).
    pub limits: connections::Limits,
}

impl ServeOptions {
    pub fn new(root: &Path) -> ServeOptions {
        ServeOptions {
            root: root.to_path_buf(),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: DEFAULT_PORT,
            output: None,
            watch: true,
            as_of: None,
            handle_ctrl_c: false,
            verbose: false,
            limits: connections::Limits::default(),
        }
    }
}

/// What the handlers share.
pub struct AppState {
    /// The site root (its theme makes the search page).
    pub root: PathBuf,
    /// The folder served.
    pub out: PathBuf,
    pub watch: bool,
    /// The errors of the last failed rebuild (empty: the site is current).
    errors: RwLock<Vec<String>>,
    generation: AtomicU64,
    /// Tells the live-reload streams that a rebuild finished (`Some`
    /// generation) or that the server stops (`None`: the streams end, so a
    /// graceful shutdown does not wait for open pages).
    pub reload: broadcast::Sender<Option<u64>>,
    pub search: api::SearchState,
    /// The search page's renderer, and the build generation it was loaded
    /// for.
    search_page: RwLock<Option<(u64, Arc<ServedSearchPage>)>>,
}

impl AppState {
    pub fn new(root: PathBuf, out: PathBuf, watch: bool, search: api::SearchState) -> AppState {
        let (reload, _) = broadcast::channel(16);
        AppState {
            root,
            out,
            watch,
            errors: RwLock::new(Vec::new()),
            generation: AtomicU64::new(0),
            reload,
            search,
            search_page: RwLock::new(None),
        }
    }

    /// The search page's renderer for the current build, from the site's
    /// theme (loaded again after each build; a theme that fails to load
    /// keeps the last one that did, like the rest of the last good site).
    /// Reads files: call it off the async workers.
    pub fn search_page(&self) -> std::result::Result<Arc<ServedSearchPage>, String> {
        let generation = self.generation();
        let cached = self.search_page.read().ok().and_then(|c| c.clone());
        if let Some((g, page)) = &cached {
            if *g == generation {
                return Ok(page.clone());
            }
        }
        match ServedSearchPage::load(&self.root, &self.out, self.watch) {
            Ok(page) => {
                let page = Arc::new(page);
                if let Ok(mut c) = self.search_page.write() {
                    *c = Some((generation, page.clone()));
                }
                Ok(page)
            }
            Err(e) => match cached {
                Some((_, page)) => Ok(page),
                None => Err(error_lines(&e).join("\n")),
            },
        }
    }

    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn errors(&self) -> Vec<String> {
        self.errors.read().map(|e| e.clone()).unwrap_or_default()
    }

    /// Records the outcome of a build and tells the open pages to reload.
    pub fn finish_build(&self, errors: Vec<String>) {
        if let Ok(mut e) = self.errors.write() {
            *e = errors;
        }
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.reload.send(Some(generation));
    }

    /// Ends the live-reload streams.
    pub fn close_streams(&self) {
        let _ = self.reload.send(None);
    }
}

/// The routes. Everything not matched is a static file.
pub fn router(state: Arc<AppState>) -> Router {
    let mut r = Router::new()
        .route("/api/search", get(api::search_json))
        .route("/tim-kiem", get(api::search_page_bare))
        .route("/tim-kiem/", get(api::search_page));
    if state.watch {
        r = r
            .route("/__vanban/live.js", get(live::script))
            .route("/__vanban/events", get(live::events));
    }
    r.fallback(static_file)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// On every answer: no MIME sniffing (a .txt served as text stays text).
async fn security_headers(mut resp: Response) -> Response {
    resp.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    resp
}

/// Any path not routed: a file of the output folder, or 404.
async fn static_file(State(state): State<Arc<AppState>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
            "Phương thức không được hỗ trợ.\n",
        )
            .into_response();
    }
    let raw = uri.path();
    let out = state.out.clone();
    let raw_owned = raw.to_string();
    let resolved = tokio::task::spawn_blocking(move || files::resolve(&out, &raw_owned))
        .await
        .unwrap_or(files::Resolved::NotFound);
    match resolved {
        files::Resolved::File(path) => match tokio::fs::read(&path).await {
            Ok(bytes) => file_response(&state, StatusCode::OK, &path, bytes),
            Err(_) => not_found(&state).await,
        },
        files::Resolved::AddSlash => {
            // Rebuilt from the segments, so `//host` can never become an
            // open redirect to another site.
            let mut location: String = raw
                .split('/')
                .filter(|s| !s.is_empty())
                .flat_map(|s| ["/", s])
                .collect();
            location.push('/');
            if let Some(q) = uri.query() {
                location.push('?');
                location.push_str(q);
            }
            match HeaderValue::from_str(&location) {
                Ok(v) => (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, v)]).into_response(),
                Err(_) => not_found(&state).await,
            }
        }
        files::Resolved::NotFound => not_found(&state).await,
    }
}

const BARE_404: &str = "<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n<title>Không tìm thấy trang</title>\n</head>\n<body>\n<h1>Không tìm thấy trang</h1>\n</body>\n</html>\n";

/// The site's own 404.html when it has one.
pub async fn not_found(state: &AppState) -> Response {
    let page = state.out.join("404.html");
    match tokio::fs::read(&page).await {
        Ok(bytes) => file_response(state, StatusCode::NOT_FOUND, &page, bytes),
        // No site yet (its first build failed): a bare page, so the
        // overlay still has somewhere to show the errors.
        Err(_) => file_response(
            state,
            StatusCode::NOT_FOUND,
            Path::new("404.html"),
            BARE_404.as_bytes().to_vec(),
        ),
    }
}

fn file_response(state: &AppState, status: StatusCode, path: &Path, bytes: Vec<u8>) -> Response {
    let ctype = files::content_type(path);
    let body = if ctype.starts_with("text/html") {
        with_overlay(state, bytes)
    } else {
        bytes
    };
    let cache = if state.watch {
        "no-cache"
    } else {
        "public, max-age=300"
    };
    let mut resp = Response::new(Body::from(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ctype));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    resp
}

/// Adds the error overlay to an HTML page while the last rebuild failed.
pub fn with_overlay(state: &AppState, bytes: Vec<u8>) -> Vec<u8> {
    let errors = state.errors();
    if errors.is_empty() {
        return bytes;
    }
    match String::from_utf8(bytes) {
        Ok(html) => live::inject(&html, &live::overlay(&errors)).into_bytes(),
        Err(e) => e.into_bytes(),
    }
}

/// The lines shown for a failed build: `path:line:col: lỗi: message`.
pub fn error_lines(err: &Error) -> Vec<String> {
    match err {
        Error::Invalid(diags) => diags.iter().map(|d| d.to_string()).collect(),
        other => vec![other.to_string()],
    }
}

/// A running server; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    state: Arc<AppState>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<std::io::Result<()>>>,
    watcher: Option<watch::Watcher>,
}

impl Server {
    /// Binds, builds (watch mode), starts serving and watching, and returns.
    pub fn start(opts: ServeOptions) -> Result<Server> {
        // In watch mode a broken vanban.toml is only a failed build: serve,
        // show its errors and wait for the fix (with the default folders).
        let site_config = match crate::config::Config::load(&opts.root) {
            Ok(c) => c,
            Err(Error::Invalid(_)) if opts.watch => crate::config::Config::default(),
            Err(e) => return Err(e),
        };
        let out = match &opts.output {
            Some(o) => o.clone(),
            None if opts.watch => {
                let dir = opts.root.join(&site_config.output_dir);
                let name = dir
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "public".into());
                dir.with_file_name(format!("{name}.serve"))
            }
            None => opts.root.join(&site_config.output_dir),
        };
        if !opts.watch && !out.join("index.html").is_file() {
            return Err(Error::Usage(format!(
                "chưa có bản dựng trong {}; chạy `vanban build` trước khi dùng --no-watch",
                out.display()
            )));
        }
        let listener = std::net::TcpListener::bind((opts.bind, opts.port)).map_err(|e| {
            Error::Usage(format!(
                "không mở được cổng {}:{}: {e}",
                opts.bind, opts.port
            ))
        })?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::Usage(format!("không mở được cổng: {e}")))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Usage(format!("không mở được cổng: {e}")))?;
        let index_dir = opts.root.join(&site_config.index_dir);
        let state = Arc::new(AppState::new(
            opts.root.clone(),
            out.clone(),
            opts.watch,
            api::SearchState::new(index_dir),
        ));

        let builder = watch::Builder {
            root: opts.root.clone(),
            options: BuildOptions {
                output: Some(out.clone()),
                offline: false,
                as_of: opts.as_of,
                base_url: Some(format!("http://{}/", display_addr(addr))),
                index: None,
                live_reload: true,
            },
            verbose: opts.verbose,
            cache: Default::default(),
        };
        if opts.watch {
            builder.rebuild(&state);
        } else {
            state.search.reload();
        }

        let (tx, rx) = oneshot::channel::<()>();
        let app = router(state.clone());
        let limits = opts.limits;
        let ctrl_c = opts.handle_ctrl_c;
        let stop_state = state.clone();
        let thread = std::thread::Builder::new()
            .name("vanban-serve".into())
            .spawn(move || -> std::io::Result<()> {
                let rt = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()?;
                rt.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener)?;
                    let stop = async move {
                        if ctrl_c {
                            tokio::select! {
                                _ = rx => {}
                                _ = tokio::signal::ctrl_c() => {}
                            }
                        } else {
                            let _ = rx.await;
                        }
                    };
                    // On the signal: end the event streams, stop taking
                    // connections, give open ones a moment, then stop.
                    let signal = async move {
                        stop.await;
                        stop_state.close_streams();
                    };
                    connections::serve(listener, app, limits, signal).await;
                    Ok(())
                })
            })
            .map_err(|e| Error::Usage(format!("không khởi động được máy chủ: {e}")))?;

        let watcher = if opts.watch {
            Some(watch::Watcher::start(builder, state.clone())?)
        } else {
            None
        };
        Ok(Server {
            addr,
            state,
            shutdown: Some(tx),
            thread: Some(thread),
            watcher,
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn state(&self) -> &Arc<AppState> {
        &self.state
    }

    /// Blocks until the server stops (Ctrl-C when `handle_ctrl_c`).
    pub fn wait(mut self) -> Result<()> {
        if let Some(t) = self.thread.take() {
            match t.join() {
                Ok(Ok(())) => {}
                Ok(Err(e)) => return Err(Error::Usage(format!("máy chủ dừng vì lỗi: {e}"))),
                Err(_) => return Err(Error::Usage("máy chủ dừng bất thường".into())),
            }
        }
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        drop(self.watcher.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn display_addr(addr: SocketAddr) -> String {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => format!("127.0.0.1:{}", addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => format!("[::1]:{}", addr.port()),
        _ => addr.to_string(),
    }
}

/// Prints a build's outcome to the terminal.
fn print_build(
    started: Instant,
    result: &std::result::Result<(crate::BuildReport, crate::incremental::Rebuilt), Vec<String>>,
) {
    match result {
        Ok((r, done)) => {
            for w in &r.warnings {
                eprintln!("{w}");
            }
            eprintln!(
                "vanban serve: đã dựng {} văn bản, {} trang trong {} ms ({} tệp nội dung phân tích lại, {} tệp ghi ra, {} tệp xoá, chỉ mục tìm kiếm {})",
                r.documents,
                r.pages,
                started.elapsed().as_millis(),
                done.rendered,
                done.written,
                done.removed,
                if done.indexed { "dựng lại" } else { "giữ nguyên" },
            );
        }
        Err(lines) => {
            for l in lines {
                eprintln!("{l}");
            }
            eprintln!(
                "vanban serve: dựng lại không thành công ({} ms); vẫn phục vụ bản dựng tốt gần nhất",
                started.elapsed().as_millis()
            );
        }
    }
}

/// Set once a [`Server`] is asked to stop, read by the watcher thread.
pub(crate) type StopFlag = Arc<AtomicBool>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unspecified_addresses_show_as_loopback() {
        let a: SocketAddr = "0.0.0.0:8080".parse().expect("addr");
        assert_eq!(display_addr(a), "127.0.0.1:8080");
    }
}
