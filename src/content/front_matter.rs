//! Splitting a content file into TOML front matter and Markdown body.

use crate::error::{Diagnostic, Position};
use std::path::Path;

/// A content file cut in two, remembering where each part starts so that
/// errors inside either part point at the right line of the file.
pub struct Split<'a> {
    pub front: &'a str,
    /// Byte offset of `front` in the file.
    pub front_offset: usize,
    pub body: &'a str,
    /// Byte offset of `body` in the file.
    pub body_offset: usize,
}

/// Finds the `+++` fences. A file without them is an error: every content
/// file needs at least a title.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text_start = usize::from(text.starts_with('\u{feff}')) * 3;
    let rest = &text[text_start..];
    let first_line_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    if rest[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error(
            path,
            Position { line: 1, col: 1 },
            "thiếu phần thông tin đầu (front matter)",
        )
        .with_hint(
            "tệp phải bắt đầu bằng một dòng `+++`, rồi các trường TOML, rồi một dòng `+++`",
        ));
    }
    let front_offset = text_start + first_line_end;
    let mut offset = front_offset;
    for line in text[front_offset..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_offset = offset + line.len();
            return Ok(Split {
                front: &text[front_offset..offset],
                front_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        Position { line: 1, col: 1 },
        "phần thông tin đầu không có dòng `+++` đóng",
    )
    .with_hint("thêm một dòng chỉ có `+++` sau trường cuối cùng"))
}

/// The byte offset in `front` of the top-level key `key` (`title = ...`),
/// for the values TOML does not give a place for. Only the lines before
/// the first `[table]` hold top-level keys.
pub fn key_offset(front: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            return None;
        }
        let indent = line.len() - trimmed.len();
        let rest = [key.to_string(), format!("\"{key}\"")]
            .into_iter()
            .find_map(|k| trimmed.strip_prefix(k.as_str()).map(str::to_string));
        if rest.is_some_and(|r| r.trim_start().starts_with('=')) {
            return Some(offset + indent);
        }
        offset += line.len();
    }
    None
}

/// Turns a TOML error inside the front matter into a diagnostic on the file.
pub fn toml_diagnostic(
    path: &Path,
    file: &str,
    split_offset: usize,
    err: &toml::de::Error,
) -> Diagnostic {
    let pos = err.span().map_or(Position { line: 1, col: 1 }, |s| {
        Position::at(file, split_offset + s.start)
    });
    let raw = err.message().trim().replace('\n', "; ");
    let (message, hint) = explain_toml(&raw);
    Diagnostic::error(path, pos, message).with_hint(hint)
}

/// TOML's messages in plain Vietnamese, with a hint.
pub fn explain_toml(raw: &str) -> (String, String) {
    let quoted = |s: &str| s.split('`').nth(1).unwrap_or("").to_string();
    if raw.starts_with("unknown field") {
        let expected = raw
            .split_once("expected one of ")
            .map(|(_, e)| e.replace('`', ""))
            .unwrap_or_default();
        (
            format!("trường không có: `{}`", quoted(raw)),
            format!("các trường hợp lệ: {expected} (xem content/README.md)"),
        )
    } else if raw.starts_with("missing field") {
        (
            format!("thiếu trường bắt buộc `{}`", quoted(raw)),
            "thêm trường này vào phần thông tin đầu".into(),
        )
    } else if raw.contains("date-time") || raw.contains("ngày") {
        (
            format!("ngày không hợp lệ ({raw})"),
            "viết ngày dạng 2024-03-27, không có ngoặc kép, và là ngày có thật".into(),
        )
    } else if raw.starts_with("invalid type") {
        (
            format!("sai kiểu giá trị ({raw})"),
            "chuỗi viết trong ngoặc kép, danh sách trong [ ], ngày dạng 2024-03-27".into(),
        )
    } else {
        (format!("cú pháp TOML sai ({raw})"), "kiểm tra cú pháp TOML: chuỗi trong ngoặc kép, danh sách trong [ ], mỗi trường một dòng".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_keys_are_found_by_their_line() {
        let front = "number = \"1/QH\"\n  title = \"\"\ntitled = 1\n[relations]\ntitle = 2\n";
        assert_eq!(
            key_offset(front, "title"),
            Some(front.find("title").unwrap())
        );
        assert_eq!(key_offset("titles = 1\n", "title"), None);
        assert_eq!(key_offset("[a]\ntitle = 1\n", "title"), None);
        assert_eq!(key_offset("\"title\" = \"\"\n", "title"), Some(0));
    }
}
