//! Content: reading `content/` into documents and pages.
//!
//! Loading is the first stage of the pipeline. It reads every `.md` file,
//! splits off the front matter and types it; it does not look at the Markdown
//! body (that is the `markdown` stage) nor at other documents (the `legal` stage).

pub mod document;
pub mod front_matter;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Error, Position, Result};
use crate::legal::kind::Kind;
use crate::legal::number::DocNumber;
pub use document::{DocumentFront, PageFront};

/// A content file as read from disk.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to the site root, as shown in messages (`content/luat/x.md`).
    pub path: PathBuf,
    pub text: String,
    pub front_offset: usize,
    pub body_offset: usize,
}

impl SourceFile {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The front matter's text (between the `+++` fences).
    pub fn front(&self) -> &str {
        let end = self.text[..self.body_offset]
            .trim_end_matches(['\r', '\n'])
            .rfind('\n')
            .map_or(self.body_offset, |i| i + 1)
            .max(self.front_offset);
        &self.text[self.front_offset..end]
    }

    /// The position of a span inside the front matter.
    pub fn front_pos(&self, span: std::ops::Range<usize>) -> Position {
        Position::at(&self.text, self.front_offset + span.start)
    }

    /// The position of a byte offset inside the body.
    pub fn body_pos(&self, offset: usize) -> Position {
        Position::at(&self.text, self.body_offset + offset)
    }
}

/// A legal document: typed front matter plus its place in the site.
#[derive(Debug, Clone)]
pub struct Document {
    pub src: SourceFile,
    pub front: DocumentFront,
    pub kind: Kind,
    pub number: DocNumber,
    /// Site-relative URL path, e.g. `luat/86-2015-qh13/`.
    pub url: String,
}

/// An ordinary page or section index.
#[derive(Debug, Clone)]
pub struct Page {
    pub src: SourceFile,
    pub front: PageFront,
    /// Site-relative URL path, `""` for the home page.
    pub url: String,
    /// `_index.md`: the page introduces a section.
    pub is_section: bool,
    /// The section the page belongs to (`dao-tao`), `""` at the top.
    pub section: String,
}

/// All the content of a site.
#[derive(Debug, Clone, Default)]
pub struct Content {
    pub documents: Vec<Document>,
    pub pages: Vec<Page>,
}

enum Loaded {
    Document(Box<Document>),
    Page(Box<Page>),
}

/// Reads every content file under `root/content`. Collects every error.
pub fn load(root: &Path) -> Result<(Content, Vec<Diagnostic>)> {
    let dir = root.join("content");
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "không có thư mục nội dung {}; chạy lệnh trong thư mục gốc của trang (nơi có vanban.toml)",
            dir.display()
        )));
    }
    let mut paths = Vec::new();
    let mut diags = Vec::new();
    // Hidden files and folders (`.drafts/`, an editor's `.x.md.swp`) are
    // never published: they are where people keep what is not ready.
    let walk = WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walk {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(&dir).to_path_buf();
            Error::io(&path, e.into())
        })?;
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".md") || name.eq_ignore_ascii_case("README.md") {
            continue;
        }
        if entry.file_type().is_file() {
            paths.push(entry.into_path());
        } else if entry.path_is_symlink() {
            // Links are not followed (a link to a folder can loop, or pull
            // in files from outside the site): said, not silently skipped.
            let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
            diags.push(
                Diagnostic::warning(
                    rel,
                    Position::FILE,
                    "tệp là liên kết tượng trưng, bị bỏ qua",
                )
                .with_hint("vanban không theo liên kết; chép tệp thật vào content/"),
            );
        }
    }
    let results: Vec<Result<Loaded, Vec<Diagnostic>>> =
        paths.par_iter().map(|path| load_file(root, path)).collect();

    let mut content = Content::default();
    for result in results {
        match result {
            Ok(Loaded::Document(d)) => content.documents.push(*d),
            Ok(Loaded::Page(p)) => {
                if !p.front.draft {
                    content.pages.push(*p)
                }
            }
            Err(mut d) => diags.append(&mut d),
        }
    }
    check_unique(&content, &mut diags);
    Ok((content, diags))
}

fn load_file(root: &Path, path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let rel = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let bytes = std::fs::read(path).map_err(|e| {
        vec![Diagnostic::error(
            &rel,
            Position::FILE,
            format!("không đọc được tệp: {e}"),
        )]
    })?;
    // Checked with SIMD first: a corpus is mostly multi-byte Vietnamese,
    // where the standard check goes a byte at a time. Only a file that fails
    // is checked again, for the position of the error.
    let raw = if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was just checked to be valid UTF-8.
        Ok(unsafe { String::from_utf8_unchecked(bytes) })
    } else {
        String::from_utf8(bytes)
    };
    let raw = raw.map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let valid = String::from_utf8_lossy(&e.as_bytes()[..offset]).into_owned();
        vec![
            Diagnostic::error(&rel, Position::at(&valid, offset), "tệp không phải UTF-8")
                .with_hint("lưu tệp với bảng mã UTF-8"),
        ]
    })?;
    // NFC first: NFD text would slug, tokenise and compare differently.
    let text = if crate::text::nfc::is_nfc_quick_yes(&raw) {
        raw
    } else {
        unicode_normalization::UnicodeNormalization::nfc(raw.as_str()).collect()
    };
    let split = front_matter::split(&rel, &text).map_err(|d| vec![d])?;
    let (front_offset, body_offset) = (split.front_offset, split.body_offset);
    let is_document = toml::from_str::<toml::Table>(split.front)
        .map(|t| t.contains_key("number"))
        .map_err(|e| vec![front_matter::toml_diagnostic(&rel, &text, front_offset, &e)])?;
    let front_text = split.front.to_string();
    let src = SourceFile {
        path: rel.clone(),
        text,
        front_offset,
        body_offset,
    };
    if is_document {
        let front: DocumentFront = parse_front(&src, &front_text)?;
        document(src, front).map(|d| Loaded::Document(Box::new(d)))
    } else {
        let front: PageFront = parse_front(&src, &front_text)?;
        page(src, front).map(|p| Loaded::Page(Box::new(p)))
    }
}

fn parse_front<T: serde::de::DeserializeOwned>(
    src: &SourceFile,
    front: &str,
) -> Result<T, Vec<Diagnostic>> {
    toml::from_str(front).map_err(|e| {
        vec![front_matter::toml_diagnostic(
            &src.path,
            &src.text,
            src.front_offset,
            &e,
        )]
    })
}

fn document(src: SourceFile, front: DocumentFront) -> Result<Document, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    let kind = Kind::parse(front.kind.get_ref());
    if kind.is_none() {
        diags.push(
            Diagnostic::error(
                &src.path,
                src.front_pos(front.kind.span()),
                format!("loại văn bản không có: \"{}\"", front.kind.get_ref()),
            )
            .with_hint(format!(
                "dùng một trong: {}",
                Kind::all().map(Kind::name).collect::<Vec<_>>().join(", ")
            )),
        );
    }
    let number = DocNumber::parse(front.number.get_ref());
    if number.is_none() {
        diags.push(
            Diagnostic::error(
                &src.path,
                src.front_pos(front.number.span()),
                format!("số hiệu không đọc được: \"{}\"", front.number.get_ref()),
            )
            .with_hint("số hiệu có dạng 86/2015/QH13, 1690/QĐ-TTg hoặc 04-NQ/TU"),
        );
    }
    if front.title.trim().is_empty() {
        // `title` is a plain string (no span): its key is found in the text.
        let at = front_matter::key_offset(src.front(), "title").unwrap_or(0);
        diags.push(
            Diagnostic::error(&src.path, src.front_pos(at..at), "tiêu đề trống")
                .with_hint("điền trường title"),
        );
    }
    if let (Some(issued), Some(effective)) = (&front.issued, &front.effective) {
        if effective.get_ref() < issued.get_ref() {
            diags.push(
                Diagnostic::error(
                    &src.path,
                    src.front_pos(effective.span()),
                    "ngày hiệu lực trước ngày ban hành",
                )
                .with_hint("kiểm tra lại hai ngày issued và effective"),
            );
        }
    }
    if let Some(expires) = &front.expires {
        let (before, name) = match (&front.effective, &front.issued) {
            (Some(e), _) => (e, "hiệu lực"),
            (None, Some(i)) => (i, "ban hành"),
            (None, None) => (expires, ""),
        };
        if expires.get_ref() < before.get_ref() {
            diags.push(
                Diagnostic::error(
                    &src.path,
                    src.front_pos(expires.span()),
                    format!(
                        "ngày hết hiệu lực {} trước ngày {name} {}",
                        expires.get_ref(),
                        before.get_ref()
                    ),
                )
                .with_hint(format!(
                    "kiểm tra lại hai ngày expires và {}",
                    if name == "hiệu lực" {
                        "effective"
                    } else {
                        "issued"
                    }
                )),
            );
        }
    }
    if let Some(status) = &front.status {
        if crate::legal::status::Status::parse(status.get_ref()).is_none() {
            diags.push(
                Diagnostic::error(
                    &src.path,
                    src.front_pos(status.span()),
                    format!("tình trạng không có: \"{}\"", status.get_ref()),
                )
                .with_hint(
                    "dùng: chua-co-hieu-luc, con-hieu-luc, het-hieu-luc-mot-phan, het-hieu-luc",
                ),
            );
        }
    }
    match (kind, number) {
        (Some(kind), Some(number)) if diags.is_empty() => {
            let url = format!("{}/{}/", kind.slug(), number.slug());
            Ok(Document {
                src,
                front,
                kind,
                number,
                url,
            })
        }
        _ => Err(diags),
    }
}

/// A page's place in the site, from its path under `content/`. Every
/// segment of the address must have a letter or digit: a name made only of
/// signs (`!!!.md`) would give an empty segment, and a page written at the
/// top of the output (or over its section's index) instead of its own place.
fn page(src: SourceFile, front: PageFront) -> Result<Page, Vec<Diagnostic>> {
    let rel = src
        .path
        .strip_prefix("content")
        .unwrap_or(&src.path)
        .to_path_buf();
    let is_section = rel.file_name().is_some_and(|n| n == "_index.md");
    let parent: Vec<String> = rel
        .parent()
        .map(|p| {
            p.components()
                .map(|c| slug_segment(&c.as_os_str().to_string_lossy()))
                .collect()
        })
        .unwrap_or_default();
    let stem = rel
        .file_stem()
        .map(|s| slug_segment(&s.to_string_lossy()))
        .unwrap_or_default();
    if parent.iter().any(String::is_empty) || (!is_section && stem.is_empty()) {
        return Err(vec![Diagnostic::error(
            &src.path,
            Position::FILE,
            "tên tệp hoặc thư mục không cho địa chỉ trang (không có chữ hay số)",
        )
        .with_hint("đặt tên có chữ hoặc số, ví dụ bai-1.md")]);
    }
    let section = parent.join("/");
    let url = if is_section {
        if section.is_empty() {
            String::new()
        } else {
            format!("{section}/")
        }
    } else {
        if section.is_empty() {
            format!("{stem}/")
        } else {
            format!("{section}/{stem}/")
        }
    };
    Ok(Page {
        src,
        front,
        url,
        is_section,
        section,
    })
}

/// A path segment as a URL segment: folded to ASCII, lower case.
pub fn slug_segment(s: &str) -> String {
    crate::text::slugify(s)
}

fn check_unique(content: &Content, diags: &mut Vec<Diagnostic>) {
    let mut seen: std::collections::HashMap<String, &Document> = Default::default();
    for doc in &content.documents {
        let key = doc.number.key();
        if let Some(first) = seen.get(&key) {
            diags.push(
                Diagnostic::error(
                    &doc.src.path,
                    doc.src.front_pos(doc.front.number.span()),
                    format!(
                        "số hiệu {} trùng với {}",
                        doc.number.canonical(),
                        first.src.path.display()
                    ),
                )
                .with_hint("mỗi văn bản có một số hiệu riêng; gộp hai tệp hoặc sửa số hiệu"),
            );
        } else {
            seen.insert(key, doc);
        }
    }
    let mut urls: std::collections::HashMap<&str, &Path> = Default::default();
    for (url, path) in content
        .documents
        .iter()
        .map(|d| (d.url.as_str(), d.src.path.as_path()))
        .chain(
            content
                .pages
                .iter()
                .map(|p| (p.url.as_str(), p.src.path.as_path())),
        )
    {
        if let Some(first) = urls.insert(url, path) {
            if !diags.iter().any(|d| d.path == path) {
                diags.push(
                    Diagnostic::error(
                        path,
                        Position { line: 1, col: 1 },
                        format!("địa chỉ /{url} trùng với {}", first.display()),
                    )
                    .with_hint("đổi tên tệp để mỗi trang có một địa chỉ riêng"),
                );
            }
        }
    }
}
