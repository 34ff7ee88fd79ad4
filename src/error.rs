//! The library's error type.
//!
//! Problems an editor can fix (broken front matter, an unknown kind, a link to a
//! missing article) are [`Diagnostic`]s: they carry the file, line and column,
//! a plain message and a hint. A stage collects every diagnostic it finds before
//! failing, so the editor sees the whole list at once. Only the CLI prints them.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a diagnostic is: errors stop the build, warnings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in the input, with its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based, counted in characters.
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<PathBuf>, pos: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: pos.line,
            col: pos.col,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<PathBuf>, pos: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "lỗi",
            Severity::Warning => "cảnh báo",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.col,
            label,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  gợi ý: {hint}")?;
        }
        Ok(())
    }
}

/// A 1-based line and column in a text file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl Position {
    pub const FILE: Position = Position { line: 0, col: 0 };

    /// The position of byte `offset` in `text` (columns count characters).
    pub fn at(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        Position { line, col }
    }
}

/// Everything that can stop a library call.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{} lỗi trong nội dung", count_errors(.0))]
    Invalid(Vec<Diagnostic>),
    #[error("không đọc hoặc ghi được {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("lỗi chỉ mục tìm kiếm: {0}")]
    Search(String),
    /// The index on disk is damaged (tantivy failed or panicked reading
    /// it); the detail names the folder and what failed.
    #[error("chỉ mục tìm kiếm hỏng, hãy chạy lại vanban build ({0})")]
    CorruptIndex(String),
    #[error("{0}")]
    Usage(String),
}

fn count_errors(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

impl Error {
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Turns a list of diagnostics into `Err` when any of them is an error.
pub fn fail_on_errors(mut diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>> {
    diags.sort();
    diags.dedup();
    if diags.iter().any(Diagnostic::is_error) {
        Err(Error::Invalid(diags))
    } else {
        Ok(diags)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nđiều x\n";
        assert_eq!(Position::at(text, 0), Position { line: 1, col: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(Position::at(text, x), Position { line: 2, col: 6 });
    }
}
