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
            printable(&self.path.display().to_string()),
            self.line,
            self.col,
            label,
            printable(&self.message)
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  gợi ý: {}", printable(hint))?;
        }
        Ok(())
    }
}

/// `text` safe to print on a terminal: messages quote content, and a
/// file must not move the cursor, clear the screen or retitle the window
/// (escape sequences), nor reorder what is shown (bidirectional overrides).
/// Such characters are shown as escapes: `\x1b`, `\u{202e}`.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_char(c) {
            out.push(c);
        } else if (c as u32) < 0x80 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        }
    }
    std::borrow::Cow::Owned(out)
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
    /// A path the tool was asked to write or replace, refused before
    /// anything was touched (the output guard says why).
    #[error("{message}")]
    Refused {
        path: PathBuf,
        message: String,
        hint: String,
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
pub fn fail_on_errors(diags: Vec<Diagnostic>) -> Result<Vec<Diagnostic>> {
    fail_on_errors_by_stage(vec![diags])
}

/// [`fail_on_errors`] for the diagnostics of successive stages: each
/// stage's are sorted by place, and the stages keep the pipeline's order.
/// A root cause (a file that failed to load) then comes before what follows
/// from it (every link to that file now "missing"), whatever the paths.
pub fn fail_on_errors_by_stage(stages: Vec<Vec<Diagnostic>>) -> Result<Vec<Diagnostic>> {
    let mut diags = Vec::with_capacity(stages.iter().map(Vec::len).sum());
    for mut stage in stages {
        stage.sort();
        stage.dedup();
        diags.append(&mut stage);
    }
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
    fn control_characters_are_shown_as_escapes() {
        let d = Diagnostic::error(
            "content/a\u{1b}.md",
            Position { line: 2, col: 3 },
            "tiêu đề \u{1b}[2J\u{7}xoá\u{202e}",
        )
        .with_hint("gợi ý\u{9b}31m\r\n");
        assert_eq!(
            d.to_string(),
            "content/a\\x1b.md:2:3: lỗi: tiêu đề \\x1b[2J\\x07xoá\\u{202e}\n  gợi ý: gợi ý\\u{9b}31m\\x0d\\x0a"
        );
        assert!(!d.to_string().chars().any(|c| c.is_control() && c != '\n'));
    }

    #[test]
    fn earlier_stages_come_first() {
        let at = |p: &str| Diagnostic::error(p, Position { line: 1, col: 1 }, "x");
        let Err(Error::Invalid(d)) =
            fail_on_errors_by_stage(vec![vec![at("z.md")], vec![at("b.md"), at("a.md")]])
        else {
            panic!("errors fail");
        };
        let paths: Vec<_> = d.iter().map(|d| d.path.display().to_string()).collect();
        assert_eq!(paths, ["z.md", "a.md", "b.md"]);
    }

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "ab\nđiều x\n";
        assert_eq!(Position::at(text, 0), Position { line: 1, col: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(Position::at(text, x), Position { line: 2, col: 6 });
    }
}
