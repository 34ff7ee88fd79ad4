//! Proving that every internal link of a built site resolves.
//!
//! Every HTML file of the output is tokenised (tags and attributes; comments,
//! `<script>` and `<style>` bodies skipped). Each `href` and `src` that is not
//! external (`https:`, `mailto:`, `//host`…) must lead to a file of the
//! output, a folder link to its `index.html` (written out in an offline
//! build), and a `#anchor` to an `id` (or `<a name>`) of the target page.
//! Absolute paths (`/chuyen-doi-so/…`, used by 404.html) must start with the
//! base URL's path. The sitemap's `<loc>` and the feed's links must start
//! with the base URL and lead to a page.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use crate::error::{Error, Result};

/// What to check against.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// The site's public address (`https://example.gov.vn/chuyen-doi-so/`).
    pub base_url: Option<String>,
    /// Folder links must spell out `index.html` (the output is for file://).
    pub offline: bool,
}

/// One link that does not resolve.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Broken {
    /// The file holding the link, relative to the output folder.
    pub file: String,
    pub link: String,
    pub reason: String,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.file, self.link, self.reason)
    }
}

/// What one HTML file holds.
#[derive(Debug, Default)]
pub struct Scanned {
    pub ids: HashSet<String>,
    pub links: Vec<String>,
}

/// Checks every link of the output folder `dir`; returns the broken ones.
pub fn check(dir: &Path, opts: &CheckOptions) -> Result<Vec<Broken>> {
    let mut pages: HashMap<String, Scanned> = HashMap::new();
    let mut all: HashSet<String> = HashSet::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| Error::io(dir, e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if rel.ends_with(".html") {
            let bytes = std::fs::read(entry.path()).map_err(|e| Error::io(entry.path(), e))?;
            pages.insert(rel.clone(), scan_html(&String::from_utf8_lossy(&bytes)));
        }
        all.insert(rel);
    }
    let base_path = opts
        .base_url
        .as_deref()
        .map(url_path)
        .unwrap_or_else(|| "/".into());
    let mut broken = Vec::new();
    let mut names: Vec<&String> = pages.keys().collect();
    names.sort();
    for file in names {
        for link in &pages[file].links {
            if let Err(reason) = resolve(file, link, &base_path, opts.offline, &all, &pages) {
                broken.push(Broken {
                    file: file.clone(),
                    link: link.clone(),
                    reason,
                });
            }
        }
    }
    if let Some(base) = &opts.base_url {
        check_feed(
            dir,
            "sitemap.xml",
            "<loc>",
            "</loc>",
            base,
            &all,
            &mut broken,
        )?;
        check_feed(dir, "atom.xml", "href=\"", "\"", base, &all, &mut broken)?;
    }
    broken.sort();
    broken.dedup();
    Ok(broken)
}

/// The path part of an absolute URL, with a trailing slash (`/cds/`).
fn url_path(url: &str) -> String {
    let after_scheme = url.split_once("://").map_or(url, |(_, r)| r);
    let path = after_scheme.find('/').map_or("/", |i| &after_scheme[i..]);
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

fn is_external(link: &str) -> bool {
    if link.starts_with("//") {
        return true;
    }
    // A scheme: letters, digits, `+ - .`, then `:` before any `/ ? #`.
    match link.find(':') {
        Some(i) => {
            let scheme = &link[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Resolves `link` found in `file`; `Err(reason)` when it is broken.
fn resolve(
    file: &str,
    link: &str,
    base_path: &str,
    offline: bool,
    all: &HashSet<String>,
    pages: &HashMap<String, Scanned>,
) -> Result<(), String> {
    let link = link.trim();
    if link.is_empty() || is_external(link) || link.starts_with("/__vanban/") {
        return Ok(());
    }
    let (path, anchor) = link.split_once('#').unwrap_or((link, ""));
    let path = path.split_once('?').map_or(path, |(p, _)| p);
    let decoded = crate::url::percent_decode(path)
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or("mã hóa phần trăm sai")?;
    let anchor = crate::url::percent_decode(anchor)
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or("mã hóa phần trăm sai")?;
    if decoded.is_empty() {
        return check_anchor(file, &anchor, pages);
    }
    // Start from the file's folder, or from the root for /absolute paths.
    let (mut parts, rest): (Vec<&str>, &str) = match decoded.strip_prefix('/') {
        Some(_) => {
            let rest = if decoded == base_path.trim_end_matches('/') {
                ""
            } else {
                decoded
                    .strip_prefix(base_path)
                    .ok_or_else(|| format!("ngoài đường dẫn gốc {base_path}"))?
            };
            (Vec::new(), rest)
        }
        None => {
            let mut parts: Vec<&str> = file.split('/').collect();
            parts.pop();
            (parts, decoded.as_str())
        }
    };
    for seg in rest.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err("ra ngoài thư mục trang".into());
                }
            }
            s => parts.push(s),
        }
    }
    let last = rest.rsplit('/').next().unwrap_or("");
    let dir_link = rest.is_empty() || matches!(last, "" | "." | "..");
    target_of(parts.join("/"), dir_link, offline, &anchor, all, pages)
}

fn target_of(
    joined: String,
    dir_link: bool,
    offline: bool,
    anchor: &str,
    all: &HashSet<String>,
    pages: &HashMap<String, Scanned>,
) -> Result<(), String> {
    let index = if joined.is_empty() {
        "index.html".to_string()
    } else {
        format!("{joined}/index.html")
    };
    let target = if dir_link {
        if offline {
            return Err("liên kết tới thư mục thiếu index.html (bản mở từ ổ đĩa)".into());
        }
        index
    } else if all.contains(&joined) {
        joined
    } else if all.contains(&index) {
        return Err("liên kết tới thư mục thiếu dấu / ở cuối".into());
    } else {
        joined
    };
    if !all.contains(&target) {
        return Err("không có tệp đích".into());
    }
    check_anchor(&target, anchor, pages)
}

fn check_anchor(
    target: &str,
    anchor: &str,
    pages: &HashMap<String, Scanned>,
) -> Result<(), String> {
    if anchor.is_empty() {
        return Ok(());
    }
    match pages.get(target) {
        Some(p) if p.ids.contains(anchor) => Ok(()),
        Some(_) => Err(format!("không có #{anchor} trong {target}")),
        None => Ok(()),
    }
}

/// Links of the sitemap and feed must be absolute, under the base URL, and
/// lead to a page of the output.
fn check_feed(
    dir: &Path,
    name: &str,
    open: &str,
    close: &str,
    base: &str,
    all: &HashSet<String>,
    broken: &mut Vec<Broken>,
) -> Result<()> {
    let path = dir.join(name);
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(());
    };
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let mut rest = text.as_str();
    while let Some(i) = rest.find(open) {
        rest = &rest[i + open.len()..];
        let Some(end) = rest.find(close) else { break };
        let url = decode_entities(&rest[..end]);
        rest = &rest[end..];
        let ok = match url.strip_prefix(&base) {
            Some(p) => {
                let p = p.split('#').next().unwrap_or("");
                let t = if p.is_empty() || p.ends_with('/') {
                    format!("{p}index.html")
                } else {
                    p.to_string()
                };
                all.contains(&t)
            }
            None => false,
        };
        if !ok {
            broken.push(Broken {
                file: name.to_string(),
                link: url.clone(),
                reason: format!("không nằm dưới {base} hoặc không có trang đích"),
            });
        }
    }
    Ok(())
}

/// Tag attributes of an HTML text: ids (and `<a name>`) and href/src values.
pub fn scan_html(html: &str) -> Scanned {
    let b = html.as_bytes();
    let len = b.len();
    let mut out = Scanned::default();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        let rest = &html[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            i = comment.find("-->").map_or(len, |e| start + 4 + e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = rest.find('>').map_or(len, |e| start + e + 1);
            continue;
        }
        let mut j = start + 1;
        while j < len && b[j].is_ascii_alphanumeric() {
            j += 1;
        }
        if j == start + 1 {
            i = start + 1;
            continue;
        }
        let tag = html[start + 1..j].to_ascii_lowercase();
        loop {
            while j < len && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                j += 1;
            }
            if j >= len {
                break;
            }
            if b[j] == b'>' {
                j += 1;
                break;
            }
            let name_start = j;
            while j < len && !b[j].is_ascii_whitespace() && !matches!(b[j], b'=' | b'>' | b'/') {
                j += 1;
            }
            let name = html[name_start..j].to_ascii_lowercase();
            while j < len && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let mut value = None;
            if j < len && b[j] == b'=' {
                j += 1;
                while j < len && b[j].is_ascii_whitespace() {
                    j += 1;
                }
                if j < len && (b[j] == b'"' || b[j] == b'\'') {
                    let q = b[j];
                    let v_start = j + 1;
                    let v_end = html[v_start..].find(q as char).map_or(len, |e| v_start + e);
                    value = Some(&html[v_start..v_end]);
                    j = (v_end + 1).min(len);
                } else {
                    let v_start = j;
                    while j < len && !b[j].is_ascii_whitespace() && b[j] != b'>' {
                        j += 1;
                    }
                    value = Some(&html[v_start..j]);
                }
            }
            if let Some(v) = value {
                match name.as_str() {
                    "id" => {
                        out.ids.insert(decode_entities(v));
                    }
                    "name" if tag == "a" => {
                        out.ids.insert(decode_entities(v));
                    }
                    "href" | "src" => out.links.push(decode_entities(v)),
                    _ => {}
                }
            }
        }
        i = j;
        if tag == "script" || tag == "style" {
            let close = format!("</{tag}");
            let lower = html[i..].to_ascii_lowercase();
            i = lower.find(&close).map_or(len, |e| i + e);
        }
    }
    out
}

/// Decodes the character references an attribute value may hold.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let ent = &rest[1..end];
        let ch = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => ent
                .strip_prefix("#x")
                .or_else(|| ent.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| ent.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scans_attributes_and_skips_scripts_and_comments() {
        let s = scan_html(
            "<!-- <a href=\"x\"> --><p id=\"a&amp;b\" class=x><a HREF='../y/#z'>t</a><script>var s = '<a href=\"no\">';</script><img src=pic.png><a name=old></a>",
        );
        assert_eq!(s.links, vec!["../y/#z".to_string(), "pic.png".to_string()]);
        assert!(s.ids.contains("a&b") && s.ids.contains("old"));
    }

    #[test]
    fn external_links_and_base_paths() {
        for l in [
            "https://x.vn/",
            "mailto:a@b",
            "//cdn/x.js",
            "data:image/png;base64,AA",
            "tel:1",
        ] {
            assert!(is_external(l), "{l}");
        }
        for l in ["a/b", "../x:y", "#a", "/cds/"] {
            assert!(!is_external(l), "{l}");
        }
        assert_eq!(
            url_path("https://example.gov.vn/chuyen-doi-so"),
            "/chuyen-doi-so/"
        );
        assert_eq!(url_path("http://127.0.0.1:1111/"), "/");
    }

    #[test]
    fn resolves_relative_absolute_and_anchors() {
        let all: HashSet<String> = ["index.html", "luat/a/index.html", "static/s.css"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let mut pages = HashMap::new();
        pages.insert("index.html".to_string(), Scanned::default());
        let mut law = Scanned::default();
        law.ids.insert("dieu-5".into());
        pages.insert("luat/a/index.html".to_string(), law);
        let r = |file: &str, link: &str, offline: bool| {
            resolve(file, link, "/cds/", offline, &all, &pages)
        };
        assert!(r("index.html", "luat/a/#dieu-5", false).is_ok());
        assert!(r("index.html", "luat/a/index.html#dieu-5", true).is_ok());
        assert!(
            r("index.html", "luat/a/", true).is_err(),
            "offline folder link"
        );
        assert!(r("index.html", "luat/a/#dieu-6", false).is_err());
        assert!(
            r("index.html", "luat/a", false).is_err(),
            "no trailing slash"
        );
        assert!(r("luat/a/index.html", "../../static/s.css", false).is_ok());
        assert!(r("luat/a/index.html", "../../../etc/passwd", false).is_err());
        assert!(r("404.html", "/cds/static/s.css", false).is_ok());
        assert!(r("404.html", "/cds/", false).is_ok());
        assert!(r("404.html", "/static/s.css", false).is_err());
        assert!(
            r("index.html", "#top", false).is_err(),
            "anchors in the page itself are checked"
        );
        assert!(r("index.html", "?q=x", false).is_ok());
    }
}
