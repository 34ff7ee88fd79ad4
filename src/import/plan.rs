//! The body of a plan (Kế hoạch, Chương trình hành động, Chỉ thị, Công văn…):
//! no `Điều`, but sections `I.`, items `1.` and points `a)`.
//!
//! Written in the forms the renderer numbers as `phan-i`, `phan-i-1`,
//! `phan-i-1-a` (`docs/conventions.md`): `## I. TITLE`, `### 1. Title` (or
//! the paragraph `1\. text` when the item is a sentence rather than a
//! title), the paragraph `a) text`. The importer computes the same ids, so a
//! task read from a table can name the provision the table stands in.

use std::sync::LazyLock;

use regex::Regex;

use super::structure::roman_value;
use super::{escape_inline, escape_line, is_upper_line, IrregularKind, Irregularity};
use crate::legal::provision;

static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^({})\s*[.:\-–]\s*(\S.*)$", provision::ROMAN)).expect("valid regex")
});
/// `1. text`; not `1.1.` nor a number that starts a sentence (`2024 là …`).
static ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\s?\.\s*(\D.*)$").expect("valid regex"));
static LETTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^({})\s?\)\s*(.*)$", provision::LETTER)).expect("valid regex")
});

/// Kinds whose bodies are numbered I./1./a) rather than by articles.
pub(super) const PLAN_KINDS: &[&str] = &[
    "Kế hoạch",
    "Chương trình hành động",
    "Chỉ thị",
    "Công văn",
    "Hướng dẫn",
    "Thông báo",
    "Kết luận",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Roman,
    Arabic,
    Letter,
    Para,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unit {
    pub level: Level,
    /// `II`, `3`, `đ`; empty for paragraphs.
    pub number: String,
    pub text: String,
    /// 0-based source line.
    pub line: usize,
    /// The provision id the renderer gives it (`phan-ii-3`), for numbered units.
    pub id: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Body {
    pub units: Vec<Unit>,
    pub irregular: Vec<Irregularity>,
}

impl Body {
    /// How many units of each numbered level.
    pub fn count(&self, level: Level) -> usize {
        self.units.iter().filter(|u| u.level == level).count()
    }

    /// The id of the last numbered unit that starts before source line `line`
    /// (0-based): the provision a table at that line belongs to.
    pub fn anchor_before(&self, line: usize) -> Option<String> {
        self.units
            .iter()
            .take_while(|u| u.line < line)
            .filter_map(|u| u.id.clone())
            .last()
    }
}

/// Reads `lines[start..]`, skipping `dropped` lines (tables, the signature).
pub(super) fn parse(lines: &[&str], start: usize, dropped: &[bool]) -> Body {
    let mut body = Body::default();
    let mut roman: Option<(u32, String)> = None;
    let mut arabic: Option<String> = None;
    for (i, &line) in lines.iter().enumerate().skip(start) {
        if line.is_empty() || dropped.get(i).copied().unwrap_or(false) {
            continue;
        }
        if let Some(c) = ROMAN.captures(line) {
            let value = roman_value(&c[1]);
            let next = roman.as_ref().map_or(1, |(v, _)| v + 1);
            // A Roman number opens a section only in sequence (I, II, III…)
            // and with an upper-case title, so "V. Khác" in a sentence does not.
            if value == Some(next) && is_upper_line(&c[2]) {
                let id = format!("phan-{}", c[1].to_lowercase());
                roman = Some((next, id.clone()));
                arabic = None;
                body.units.push(Unit {
                    level: Level::Roman,
                    number: c[1].to_string(),
                    text: c[2].trim().to_string(),
                    line: i,
                    id: Some(id),
                });
                continue;
            }
        }
        if let Some(c) = ARABIC.captures(line) {
            let id = match &roman {
                Some((_, r)) => format!("{r}-{}", &c[1]),
                None => format!("muc-{}", &c[1]),
            };
            arabic = Some(id.clone());
            body.units.push(Unit {
                level: Level::Arabic,
                number: c[1].to_string(),
                text: c[2].trim().to_string(),
                line: i,
                id: Some(id),
            });
            continue;
        }
        if let Some(c) = LETTER.captures(line) {
            let n = if &c[1] == "đ" { "dd" } else { &c[1] };
            let id = match arabic.as_ref().or(roman.as_ref().map(|(_, r)| r)) {
                Some(parent) => format!("{parent}-{n}"),
                None => format!("diem-{n}"),
            };
            body.units.push(Unit {
                level: Level::Letter,
                number: c[1].to_string(),
                text: c[2].trim().to_string(),
                line: i,
                id: Some(id),
            });
            continue;
        }
        // A wrapped line: lower case after a unit that ends mid-sentence.
        if let Some(prev) = body.units.last_mut() {
            let mid_sentence = prev
                .text
                .chars()
                .last()
                .is_some_and(|c| c.is_alphanumeric() || c == ',');
            if line.starts_with(char::is_lowercase) && mid_sentence {
                prev.text.push(' ');
                prev.text.push_str(line);
                body.irregular.push(Irregularity {
                    line: i + 1,
                    kind: IrregularKind::LineJoined,
                    detail: "joined to the line above".into(),
                });
                continue;
            }
        }
        body.units.push(Unit {
            level: Level::Para,
            number: String::new(),
            text: line.to_string(),
            line: i,
            id: None,
        });
    }
    body
}

/// A numbered item that reads as a title: short, without a final period.
fn is_title(text: &str) -> bool {
    text.chars().count() <= 150 && !text.ends_with(['.', ';', ','])
}

/// One unit in Markdown.
pub(super) fn render(u: &Unit) -> String {
    match u.level {
        Level::Roman => format!("## {}. {}", u.number, escape_inline(&u.text)),
        Level::Arabic if is_title(&u.text) => {
            format!("### {}. {}", u.number, escape_inline(&u.text))
        }
        Level::Arabic => format!("{}\\. {}", u.number, escape_inline(&u.text)),
        Level::Letter => format!("{}) {}", u.number, escape_inline(&u.text))
            .trim_end()
            .to_string(),
        Level::Para => escape_line(&u.text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_units_get_the_renderers_ids() {
        let lines = [
            "Thực hiện Quyết định số 1690/QĐ-TTg;",
            "I. THỰC TRẠNG",
            "1. Tình hình tổ chức bộ máy",
            "a) Các sở, ban, ngành:",
            "- 100% các sở đã kiện toàn.",
            "đ) Điểm đ",
            "V. Khác không phải mục",
            "II. MỤC ĐÍCH, YÊU CẦU",
            "1. Mục đích:",
            "a) Triển khai kịp thời, có hiệu quả các nhiệm vụ và",
            "giải pháp của Đề án.",
            "2. Các sở, ban, ngành chủ động tham mưu, tổ chức thực hiện các nhiệm vụ được giao.",
            "1.1. Không phải mục",
        ];
        let body = parse(&lines, 0, &[]);
        let ids: Vec<Option<&str>> = body.units.iter().map(|u| u.id.as_deref()).collect();
        assert_eq!(
            ids,
            [
                None,
                Some("phan-i"),
                Some("phan-i-1"),
                Some("phan-i-1-a"),
                None,
                Some("phan-i-1-dd"),
                None,
                Some("phan-ii"),
                Some("phan-ii-1"),
                Some("phan-ii-1-a"),
                Some("phan-ii-2"),
                None,
            ]
        );
        assert_eq!(
            body.units[9].text,
            "Triển khai kịp thời, có hiệu quả các nhiệm vụ và giải pháp của Đề án."
        );
        assert_eq!(body.count(Level::Roman), 2);
        assert_eq!(body.anchor_before(11), Some("phan-ii-1-a".into()));
        assert_eq!(body.anchor_before(12), Some("phan-ii-2".into()));
        assert_eq!(body.anchor_before(1), None);
        let md: Vec<String> = body.units.iter().map(render).collect();
        assert_eq!(md[1], "## I. THỰC TRẠNG");
        assert_eq!(md[2], "### 1. Tình hình tổ chức bộ máy");
        assert_eq!(md[4], "\\- 100% các sở đã kiện toàn.");
        assert!(md[10].starts_with("2\\. Các sở"), "{}", md[10]);
        assert_eq!(md[11], "1\\.1. Không phải mục");
    }
}
