//! `vanban import` between files: the bytes of a source become text, and
//! imported documents become content files in a folder.
//!
//! An editor imports into `content/`, where files are hand-edited after the
//! import. So nothing already there is replaced unless asked (`--force`),
//! two sources of one run may not claim the same file or the same document
//! number, and a file is never written through a symbolic link (even with
//! `--force`: the link may lead anywhere). Every output is checked before
//! the first is written, so a refused run writes nothing; each file is
//! written to a temporary file beside it and renamed into place, so a file
//! is either the old one or the whole new one.
//!
//! The bytes are read as UTF-8, or UTF-16 when they start with its byte
//! order mark. Bytes that are not UTF-8 become U+FFFD (`�`) with a warning
//! that says where: such a text was usually saved in a legacy encoding
//! (Windows-1258, TCVN3), which cannot be told apart reliably.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::Imported;
use crate::error::{fail_on_errors, Diagnostic, Error, Position, Result};

/// How many bad places of one source are named (the count says the rest).
const NAMED_BAD_PLACES: usize = 3;

/// The text of a source's bytes, and a warning when some bytes were not
/// text. `source` names the source in the warning.
pub fn decode(source: &Path, bytes: &[u8]) -> (String, Vec<Diagnostic>) {
    if let Some(utf16) = utf16_with_bom(bytes) {
        let text = utf16.text;
        let warnings = if utf16.replaced > 0 {
            vec![Diagnostic::warning(
                source,
                Position::FILE,
                format!(
                    "tệp UTF-16 có {} đơn vị mã không hợp lệ, đã thay bằng U+FFFD (�)",
                    utf16.replaced
                ),
            )]
        } else {
            Vec::new()
        };
        return (text, warnings);
    }
    let mut text = String::with_capacity(bytes.len());
    // Offsets of the bad bytes in the source, and of their U+FFFD in the text.
    let mut bad: Vec<usize> = Vec::new();
    let mut first_in_text = None;
    let mut at = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        at += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            bad.push(at);
            first_in_text.get_or_insert(text.len());
            text.push(char::REPLACEMENT_CHARACTER);
            at += chunk.invalid().len();
        }
    }
    let Some(first_in_text) = first_in_text else {
        return (text, Vec::new());
    };
    let places: Vec<String> = bad
        .iter()
        .take(NAMED_BAD_PLACES)
        .map(|&offset| {
            let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
            format!("byte {offset} (dòng {line})")
        })
        .collect();
    let more = if bad.len() > NAMED_BAD_PLACES {
        format!(" và {} chỗ khác", bad.len() - NAMED_BAD_PLACES)
    } else {
        String::new()
    };
    let warning = Diagnostic::warning(
        source,
        Position::at(&text, first_in_text),
        format!(
            "có byte không phải UTF-8 ở {}{more}; đã thay bằng U+FFFD (�)",
            places.join(", ")
        ),
    )
    .with_hint(
        "tệp có thể được lưu bằng bảng mã cũ (Windows-1258, TCVN3): hãy lưu lại dưới dạng UTF-8 rồi nhập lại",
    );
    (text, vec![warning])
}

struct Utf16 {
    text: String,
    /// Unpaired surrogates (and a last odd byte) replaced by U+FFFD.
    replaced: usize,
}

/// Bytes that start with a UTF-16 byte order mark, decoded.
fn utf16_with_bom(bytes: &[u8]) -> Option<Utf16> {
    let little = match bytes {
        [0xff, 0xfe, ..] => true,
        [0xfe, 0xff, ..] => false,
        _ => return None,
    };
    let body = &bytes[2..];
    let units = body.chunks_exact(2).map(|p| {
        if little {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let mut replaced = body.len() % 2;
    let mut text: String = char::decode_utf16(units)
        .map(|c| {
            c.unwrap_or_else(|_| {
                replaced += 1;
                char::REPLACEMENT_CHARACTER
            })
        })
        .collect();
    if body.len() % 2 == 1 {
        text.push(char::REPLACEMENT_CHARACTER);
    }
    Some(Utf16 { text, replaced })
}

/// One imported document and the source it came from.
pub struct Import<'a> {
    /// The source file (`-` for standard input).
    pub source: &'a Path,
    pub imported: &'a Imported,
}

/// A content file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    pub source: PathBuf,
    pub path: PathBuf,
    pub content: String,
}

/// The content files of `imports` in `dir`, checked: none of them may
/// exist (unless `force`) or be a link, and no two may share a file or a
/// document number. All problems are reported at once.
pub fn plan(dir: &Path, imports: &[Import<'_>], force: bool) -> Result<Vec<Planned>> {
    let mut diags = Vec::new();
    let mut planned: Vec<Planned> = Vec::new();
    let mut by_path: HashMap<PathBuf, &Path> = HashMap::new();
    let mut by_number: HashMap<String, (&Path, &str)> = HashMap::new();
    for import in imports {
        let source = import.source;
        let stem = if source.as_os_str() == "-" {
            "stdin".to_string()
        } else {
            source
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default()
        };
        let path = dir.join(import.imported.file_name(&stem));
        if let Some(number) = import.imported.front.number.as_deref() {
            let key = crate::text::slugify(number);
            if let Some((first, first_number)) = by_number.get(&key) {
                let printed = if *first_number == number {
                    String::new()
                } else {
                    format!(", ở đó ghi {first_number}")
                };
                diags.push(
                    Diagnostic::error(
                        source,
                        Position::FILE,
                        format!(
                            "cùng số hiệu {number} với {}{printed}, trong cùng một lần nhập",
                            first.display()
                        ),
                    )
                    .with_hint("mỗi văn bản chỉ nhập một lần; bỏ một trong hai tệp"),
                );
                continue;
            }
            by_number.insert(key, (source, number));
        }
        if let Some(first) = by_path.get(&path) {
            diags.push(
                Diagnostic::error(
                    source,
                    Position::FILE,
                    format!("ghi ra cùng tệp {} với {}", path.display(), first.display()),
                )
                .with_hint("đổi tên một trong hai tệp nguồn, hoặc nhập chúng vào hai thư mục"),
            );
            continue;
        }
        by_path.insert(path.clone(), source);
        if let Some(d) = refusal(&path, force) {
            diags.push(d);
            continue;
        }
        planned.push(Planned {
            source: source.to_path_buf(),
            path,
            content: import.imported.to_content_file(),
        });
    }
    fail_on_errors(diags)?;
    Ok(planned)
}

/// Why `path` may not be written, if it may not.
fn refusal(path: &Path, force: bool) -> Option<Diagnostic> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => {
            return Some(Diagnostic::error(
                path,
                Position::FILE,
                format!("không kiểm tra được tệp đích: {e}"),
            ))
        }
    };
    let file_type = meta.file_type();
    if file_type.is_symlink() {
        return Some(
            Diagnostic::error(
                path,
                Position::FILE,
                "tệp đích là liên kết tượng trưng (symlink); không ghi qua liên kết, kể cả với --force",
            )
            .with_hint("xoá liên kết hoặc nhập vào thư mục khác"),
        );
    }
    if !file_type.is_file() {
        return Some(Diagnostic::error(
            path,
            Position::FILE,
            "đã có một thư mục hoặc tệp đặc biệt trùng tên tệp đích",
        ));
    }
    (!force).then(|| {
        Diagnostic::error(path, Position::FILE, "tệp đã có; không ghi đè")
            .with_hint("dùng --force để ghi đè")
    })
}

/// Writes the planned files: each to a temporary file in its folder, then
/// renamed over its name (a rename replaces a link, never writes through
/// it). Creates the folders first.
pub fn write(planned: &[Planned]) -> Result<()> {
    for p in planned {
        let dir = p.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        let name = p
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        let written = std::fs::write(&tmp, &p.content)
            .map_err(|e| Error::io(&tmp, e))
            .and_then(|()| std::fs::rename(&tmp, &p.path).map_err(|e| Error::io(&p.path, e)));
        if written.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        written?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_replaced_and_its_places_named() {
        let bytes = b"Dieu 1.\nab\xffc\n\xc3\n";
        let (text, warnings) = decode(Path::new("x.txt"), bytes);
        assert_eq!(text, "Dieu 1.\nab\u{fffd}c\n\u{fffd}\n");
        assert_eq!(warnings.len(), 1);
        let w = &warnings[0];
        assert!(!w.is_error());
        assert_eq!((w.line, w.col), (2, 3));
        assert!(
            w.message.contains("byte 10 (dòng 2), byte 13 (dòng 3)"),
            "{w}"
        );
        assert!(w.hint.as_deref().is_some_and(|h| h.contains("UTF-8")));
    }

    #[test]
    fn valid_utf8_has_no_warning() {
        let (text, warnings) = decode(Path::new("x.txt"), "Điều 1.".as_bytes());
        assert_eq!(text, "Điều 1.");
        assert!(warnings.is_empty());
    }

    #[test]
    fn many_bad_places_are_counted() {
        let (_, warnings) = decode(Path::new("x.txt"), b"\xff\xff a \xfe b \xfe c \xfe");
        assert!(
            warnings[0].message.contains("và 2 chỗ khác"),
            "{}",
            warnings[0]
        );
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "Điều 1. Phạm vi";
        let le: Vec<u8> = [0xff, 0xfe]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xfe, 0xff]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        for bytes in [le, be] {
            let (decoded, warnings) = decode(Path::new("x.txt"), &bytes);
            assert_eq!(decoded, text);
            assert!(warnings.is_empty());
        }
        let (decoded, warnings) = decode(Path::new("x.txt"), &[0xff, 0xfe, 0x00, 0xd8, 0x41]);
        assert_eq!(decoded, "\u{fffd}\u{fffd}");
        assert_eq!(warnings.len(), 1);
    }
}
