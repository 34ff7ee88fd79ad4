//! Safe static file serving: the only way a request reaches the disk.
//!
//! A request path is percent-decoded once and split into segments; any
//! segment that is empty-after-decoding tricks (`..`, `.`), hidden (`.git`),
//! or carries a separator or control character (`/`, `\`, `:`, NUL) refuses
//! the request. What remains is joined under the output folder and resolved
//! with `canonicalize`, and the result must still lie inside the (canonical)
//! output folder, so a symlink pointing out of the tree is refused too.
//! Every refusal is a plain 404, the same as a missing file, so a prober
//! learns nothing.

use std::path::{Path, PathBuf};

pub use crate::url::percent_decode;

/// The site-relative segments of a request path, or `None` when the path is
/// not a plain path inside the site.
pub fn segments(raw_path: &str) -> Option<Vec<String>> {
    let decoded = String::from_utf8(percent_decode(raw_path)?).ok()?;
    let mut out = Vec::new();
    for seg in decoded.split('/') {
        if seg.is_empty() {
            continue;
        }
        if seg.starts_with('.')
            || seg.contains(['\\', ':', '%'])
            || seg.chars().any(char::is_control)
        {
            return None;
        }
        out.push(seg.to_string());
    }
    Some(out)
}

/// What a request path resolves to.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A regular file inside the site.
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect so relative
    /// links on its `index.html` resolve from the right place.
    AddSlash,
    NotFound,
}

/// Resolves a raw (still percent-encoded) request path under `root`.
pub fn resolve(root: &Path, raw_path: &str) -> Resolved {
    let Some(segs) = segments(raw_path) else {
        return Resolved::NotFound;
    };
    let Ok(root) = root.canonicalize() else {
        return Resolved::NotFound;
    };
    let mut path = root.clone();
    for s in &segs {
        path.push(s);
    }
    let Ok(real) = path.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(&root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !segs.is_empty() && !raw_path.ends_with('/') {
            return Resolved::AddSlash;
        }
        let index = path.join("index.html");
        return match index.canonicalize() {
            Ok(i) if i.starts_with(&root) && i.is_file() => Resolved::File(i),
            _ => Resolved::NotFound,
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// The Content-Type of a file, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_refuse_traversal_and_odd_characters() {
        assert_eq!(segments("/luat/x/"), Some(vec!["luat".into(), "x".into()]));
        assert_eq!(segments("//a///b"), Some(vec!["a".into(), "b".into()]));
        for bad in [
            "/../etc/passwd",
            "/a/%2e%2e/b",
            "/a/%2E%2E%2Fb",
            "/a%5c..%5cb",
            "/%252e%252e/",
            "/.git/config",
            "/a/%00",
            "/c:/windows",
            "/%ff",
            "/%zz",
            "/%",
        ] {
            assert_eq!(segments(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/b.CSS")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }
}
