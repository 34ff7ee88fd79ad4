//! Helpers for the serve tests: a copy of the fixture site, a server on a
//! free loopback port, and a tiny HTTP/1.1 client over `TcpStream` (raw, so
//! request paths reach the server exactly as written: no client-side
//! normalisation of `..` or percent escapes).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use vanban::date::Date;
use vanban::serve::{ServeOptions, Server};

pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("rel");
        let name = rel.to_string_lossy();
        if name.starts_with("search-index") || name.starts_with("public") {
            continue;
        }
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

/// A fresh copy of the fixture site in a temp folder; the site is `tmp/site`.
pub fn site_copy() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().join("site");
    copy_dir(&fixture(), &root);
    (tmp, root)
}

pub fn options(root: &Path, watch: bool) -> ServeOptions {
    let mut o = ServeOptions::new(root);
    o.port = 0;
    o.watch = watch;
    o.as_of = Date::parse_iso("2025-01-01");
    o
}

/// Watch mode on a copy of the fixture.
pub fn start_watch() -> (tempfile::TempDir, PathBuf, Server) {
    let (tmp, root) = site_copy();
    let server = Server::start(options(&root, true)).expect("server starts");
    (tmp, root, server)
}

/// Builds a copy of the fixture with `vanban build`, then serves it with
/// `--no-watch` (production mode).
pub fn start_read_only() -> (tempfile::TempDir, PathBuf, Server) {
    start_read_only_with(|_| {})
}

/// [`start_read_only`] with options changed by `change`.
pub fn start_read_only_with(
    change: impl FnOnce(&mut ServeOptions),
) -> (tempfile::TempDir, PathBuf, Server) {
    let (tmp, root) = site_copy();
    let site = vanban::Site::load(&root).expect("load");
    site.build(&vanban::BuildOptions {
        as_of: Date::parse_iso("2025-01-01"),
        ..Default::default()
    })
    .expect("build");
    // Without the lock files a build leaves, opening the index for reading
    // would have to create them: the read-only test then sees any write.
    for entry in std::fs::read_dir(root.join("search-index")).expect("index") {
        let path = entry.expect("entry").path();
        if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(".tantivy-"))
        {
            std::fs::remove_file(path).expect("remove lock");
        }
    }
    let mut opts = options(&root, false);
    change(&mut opts);
    let server = Server::start(opts).expect("server starts");
    (tmp, root, server)
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// One request, `Connection: close`; the target is sent byte for byte.
pub fn request(addr: SocketAddr, method: &str, target: &str) -> Resp {
    try_request(addr, method, target).unwrap_or_else(|e| panic!("{method} {target}: {e}"))
}

pub fn get(addr: SocketAddr, target: &str) -> Resp {
    request(addr, "GET", target)
}

pub fn try_request(addr: SocketAddr, method: &str, target: &str) -> std::io::Result<Resp> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(30)))?;
    s.set_write_timeout(Some(Duration::from_secs(30)))?;
    write!(
        s,
        "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    parse(&raw, method == "HEAD")
}

fn parse(raw: &[u8], head: bool) -> std::io::Result<Resp> {
    let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| bad("no end of headers"))?;
    let head_text = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head_text.split("\r\n");
    let status_line = lines.next().ok_or_else(|| bad("no status line"))?;
    let status: u16 = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("bad status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked && !head {
        body = dechunk(&body).ok_or_else(|| bad("bad chunked body"))?;
    }
    Ok(Resp {
        status,
        headers,
        body,
    })
}

fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n")?;
        let size =
            usize::from_str_radix(std::str::from_utf8(&b[..line_end]).ok()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// Polls `f` every 50 ms until it is true or `limit` has passed.
pub fn wait_until(limit: Duration, mut f: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < limit {
        if f() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    f()
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
