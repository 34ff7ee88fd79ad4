//! Recognising the structure of Vietnamese legal texts and naming provisions.
//!
//! Ids depend only on the numbering (never on the wording), so a trainer's link
//! to `#dieu-5-khoan-2` keeps working when the text of the article changes.
//! The full table of forms and ids is in `docs/conventions.md`; the words,
//! numbers and id rule are [`crate::legal::provision`]'s, shared with
//! citations, quotations and the importer. This module decides only where a
//! unit opens and which unit it sits in.

use std::sync::LazyLock;

use regex::Regex;

use crate::legal::provision::{self, Kind};

/// A structural unit of a text: a unit of the legal hierarchy, or an item
/// of a plan or other administrative text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Phần, Chương, Mục, Tiểu mục, Điều, khoản, điểm ([`Kind`]).
    Legal(Kind),
    /// `I.` in plans and other administrative texts.
    Roman,
    /// `1.` outside an article.
    Arabic,
    /// `a)` outside an article.
    Letter,
}

impl Unit {
    /// Nesting rank: a unit closes every open unit of equal or higher rank.
    /// [`Kind`]s are declared outermost first; a plan's items rank as the
    /// chapters, sections and subsections they stand for.
    pub fn rank(self) -> u8 {
        match self {
            Unit::Legal(kind) => kind as u8,
            Unit::Roman => Kind::Chuong as u8,
            Unit::Arabic => Kind::Muc as u8,
            Unit::Letter => Kind::TieuMuc as u8,
        }
    }

    /// The unit of the legal hierarchy this is; `None` for a plan's items.
    pub fn kind(self) -> Option<Kind> {
        match self {
            Unit::Legal(kind) => Some(kind),
            Unit::Roman | Unit::Arabic | Unit::Letter => None,
        }
    }

    /// Units that are searchable records of their own.
    pub fn is_record(self) -> bool {
        matches!(
            self,
            Unit::Legal(Kind::Dieu) | Unit::Roman | Unit::Arabic | Unit::Letter
        )
    }
}

/// A heading or paragraph opening recognised as a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub unit: Unit,
    /// The number as written: `II`, `5`, `5a`, `a`, `đ`, `thứ nhất`.
    pub number: String,
    /// Display label: `Chương II`, `Điều 5`, `Khoản 2`, `I`, `a)`.
    pub label: String,
    /// The rest of a heading after the number (its title).
    pub title: String,
}

const SEP: &str = r"\s*[.:\-–—]?\s*";

/// The units a heading can open with a word, as the provision grammar
/// writes them; each with the lower-case start of its word (the first five
/// letters at most, what [`heading_marker`] compares) and its pattern.
static HEADING: LazyLock<Vec<(Unit, String, Regex)>> = LazyLock::new(|| {
    [
        Kind::TieuMuc,
        Kind::Phan,
        Kind::Chuong,
        Kind::Muc,
        Kind::Dieu,
    ]
    .into_iter()
    .map(|kind| {
        let word = kind.word().to_lowercase();
        let first_word = word.split(' ').next().unwrap_or_default();
        let start = first_word.chars().take(5).collect();
        let pattern = format!(
            r"^{kw}\s+(?P<n>{n})\b{SEP}(?P<title>.*)$",
            kw = kind.keyword(),
            n = kind.number()
        );
        (
            Unit::Legal(kind),
            start,
            Regex::new(&pattern).expect("valid pattern"),
        )
    })
    .collect()
});
static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?P<n>{})\.\s+(?P<title>.*)$", provision::ROMAN)).expect("valid pattern")
});

fn marker(unit: Unit, caps: &regex::Captures<'_>) -> Marker {
    make_marker(
        unit,
        &caps["n"],
        caps.name("title").map_or("", |m| m.as_str()),
    )
}

fn make_marker(unit: Unit, number: &str, title: &str) -> Marker {
    let number = number.split_whitespace().collect::<Vec<_>>().join(" ");
    let title = title.trim().to_string();
    let label = match unit.kind() {
        Some(Kind::Chuong) => format!("{} {}", Kind::Chuong.word(), number.to_uppercase()),
        Some(kind) => format!("{} {number}", kind.word()),
        None if unit == Unit::Letter => format!("{number})"),
        None => number.clone(),
    };
    Marker {
        unit,
        number,
        label,
        title,
    }
}

/// Recognises a heading's text (`Chương II. TITLE`, `Điều 5. Title`, `I. TITLE`).
pub fn heading_marker(text: &str, in_article: bool) -> Option<Marker> {
    let text = text.trim();
    // Only headings that open with one of the five words can be these units.
    let first: String = text.chars().take(5).flat_map(char::to_lowercase).collect();
    for (unit, _, re) in HEADING
        .iter()
        .filter(|(_, k, _)| first.starts_with(k.as_str()))
    {
        if let Some(caps) = re.captures(text) {
            return Some(marker(*unit, &caps));
        }
    }
    if let Some(caps) = ROMAN.captures(text) {
        return Some(marker(Unit::Roman, &caps));
    }
    numbered_marker(text, in_article)
}

/// Recognises a paragraph's opening (`1. text`, `a) text`).
pub fn paragraph_marker(text: &str, in_article: bool) -> Option<Marker> {
    let text = text.trim_start();
    // Most paragraphs open with neither: skip the regexes for them.
    let mut chars = text.chars();
    let first = chars.next()?;
    let second = chars.next();
    let letter_point = provision::is_letter(first) && second == Some(')');
    if !first.is_ascii_digit() && !letter_point {
        return None;
    }
    numbered_marker(text, in_article)
}

/// `1. text` is a clause inside an article and a section outside;
/// `a) text` is a point inside an article and a lettered item outside.
fn numbered_marker(text: &str, in_article: bool) -> Option<Marker> {
    // Hand-written rather than regexes: every paragraph of a law is tried.
    if let Some(end) = provision::clause_number_len(text) {
        let rest = text[end..].strip_prefix('.')?;
        if !rest.starts_with(char::is_whitespace) {
            return None;
        }
        let unit = if in_article {
            Unit::Legal(Kind::Khoan)
        } else {
            Unit::Arabic
        };
        return Some(make_marker(unit, &text[..end], rest));
    }
    let mut chars = text.char_indices();
    let (_, letter) = chars.next()?;
    let (close, paren) = chars.next()?;
    if !provision::is_letter(letter) || paren != ')' {
        return None;
    }
    let unit = if in_article {
        Unit::Legal(Kind::Diem)
    } else {
        Unit::Letter
    };
    Some(make_marker(unit, &text[..close], &text[close + 1..]))
}

/// Where we are in the document; turns markers into ids.
#[derive(Debug, Default, Clone)]
pub struct Outline {
    phan: Option<String>,
    chuong: Option<String>,
    muc: Option<String>,
    tieu_muc: Option<String>,
    dieu: Option<String>,
    dieu_number: Option<String>,
    khoan: Option<String>,
    roman: Option<String>,
    arabic: Option<String>,
    /// Open containers as (unit, label) for breadcrumbs.
    trail: Vec<(Unit, String)>,
}

impl Outline {
    pub fn in_article(&self) -> bool {
        self.dieu.is_some()
    }

    /// The number of the article being read (`5`, `5a`), if any: what
    /// "khoản 2 Điều này" in it cites.
    pub fn article(&self) -> Option<&str> {
        self.dieu_number.as_deref()
    }

    fn close_article(&mut self) {
        self.dieu = None;
        self.dieu_number = None;
        self.khoan = None;
    }

    /// Enters a unit: returns its id and updates the context. The ids are
    /// [`provision::id`]'s; which unit each sits in is decided here.
    pub fn enter(&mut self, m: &Marker) -> String {
        let n = m.number.as_str();
        let rank = m.unit.rank();
        self.trail.retain(|(u, _)| u.rank() < rank);
        let id = match m.unit {
            Unit::Legal(Kind::Phan) => {
                self.chuong = None;
                self.muc = None;
                self.tieu_muc = None;
                self.close_article();
                let id = provision::id(None, Kind::Phan, n);
                self.phan = Some(id.clone());
                id
            }
            Unit::Legal(Kind::Chuong) => {
                self.muc = None;
                self.tieu_muc = None;
                self.close_article();
                let id = provision::id(None, Kind::Chuong, n);
                self.chuong = Some(id.clone());
                id
            }
            Unit::Legal(Kind::Muc) => {
                self.tieu_muc = None;
                self.close_article();
                let id = provision::id(self.chuong.as_deref(), Kind::Muc, n);
                self.muc = Some(id.clone());
                id
            }
            Unit::Legal(Kind::TieuMuc) => {
                self.close_article();
                let id = provision::id(self.muc.as_deref(), Kind::TieuMuc, n);
                self.tieu_muc = Some(id.clone());
                id
            }
            Unit::Legal(Kind::Dieu) => {
                self.khoan = None;
                let id = provision::id(None, Kind::Dieu, n);
                self.dieu = Some(id.clone());
                self.dieu_number = Some(n.to_string());
                id
            }
            Unit::Legal(Kind::Khoan) => {
                let dieu = self.dieu.as_deref().unwrap_or_default();
                let id = provision::id(Some(dieu), Kind::Khoan, n);
                self.khoan = Some(id.clone());
                id
            }
            Unit::Legal(Kind::Diem) => {
                let parent = self.khoan.as_deref().or(self.dieu.as_deref());
                provision::id(Some(parent.unwrap_or_default()), Kind::Diem, n)
            }
            // A plan's sections: `I.` takes the id of a Phần, a `1.` outside
            // any section that of a Mục, an `a)` outside any that of a point.
            Unit::Roman => {
                self.arabic = None;
                let id = provision::id(None, Kind::Phan, n);
                self.roman = Some(id.clone());
                id
            }
            Unit::Arabic => {
                let id = match &self.roman {
                    Some(r) => provision::item_id(r, n),
                    None => provision::id(None, Kind::Muc, n),
                };
                self.arabic = Some(id.clone());
                id
            }
            Unit::Letter => match self.arabic.as_ref().or(self.roman.as_ref()) {
                Some(parent) => provision::item_id(parent, n),
                None => provision::id(None, Kind::Diem, n),
            },
        };
        self.trail.push((m.unit, m.label.clone()));
        id
    }

    /// Labels of the units enclosing the current one (not the current one).
    pub fn breadcrumb(&self) -> Vec<String> {
        let n = self.trail.len().saturating_sub(1);
        self.trail[..n].iter().map(|(_, l)| l.clone()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(lines: &[(&str, bool)]) -> Vec<String> {
        let mut o = Outline::default();
        lines
            .iter()
            .filter_map(|(text, heading)| {
                let m = if *heading {
                    heading_marker(text, o.in_article())
                } else {
                    paragraph_marker(text, o.in_article())
                }?;
                Some(o.enter(&m))
            })
            .collect()
    }

    #[test]
    fn law_structure_ids() {
        let got = ids(&[
            ("Chương II. QUẢN LÝ", true),
            ("Mục 1. CHUNG", true),
            ("Tiểu mục 2. X", true),
            ("Điều 5. Phạm vi", true),
            ("1. Khoản một", false),
            ("a) điểm a", false),
            ("đ) điểm đ", false),
            ("2. Khoản hai", false),
            ("Điều 5a. Bổ sung", true),
            ("a) điểm trực tiếp", false),
            ("Chương III", true),
            ("Mục 1", true),
        ]);
        assert_eq!(
            got,
            [
                "chuong-ii",
                "chuong-ii-muc-1",
                "chuong-ii-muc-1-tieu-muc-2",
                "dieu-5",
                "dieu-5-khoan-1",
                "dieu-5-khoan-1-diem-a",
                "dieu-5-khoan-1-diem-dd",
                "dieu-5-khoan-2",
                "dieu-5a",
                "dieu-5a-diem-a",
                "chuong-iii",
                "chuong-iii-muc-1",
            ]
        );
    }

    #[test]
    fn plan_structure_ids() {
        let got = ids(&[
            ("I. THỰC TRẠNG", true),
            ("1. Tình hình", true),
            ("a) Các sở, ban, ngành:", true),
            ("b) UBND huyện", true),
            ("II. MỤC ĐÍCH, YÊU CẦU", true),
            ("1. Mục đích:", true),
            ("a) Triển khai kịp thời", false),
            ("2. Yêu cầu:", true),
            ("b) Các sở", false),
        ]);
        assert_eq!(
            got,
            [
                "phan-i",
                "phan-i-1",
                "phan-i-1-a",
                "phan-i-1-b",
                "phan-ii",
                "phan-ii-1",
                "phan-ii-1-a",
                "phan-ii-2",
                "phan-ii-2-b"
            ]
        );
    }

    #[test]
    fn not_structure() {
        assert_eq!(heading_marker("Điều kiện kinh doanh", false), None);
        assert_eq!(heading_marker("Mục đích", false), None);
        assert_eq!(heading_marker("Chương trình hành động", false), None);
        assert_eq!(paragraph_marker("2015 là năm", true), None);
        assert_eq!(paragraph_marker("Luật này quy định", true), None);
        let m = heading_marker("Phần thứ nhất. NHỮNG QUY ĐỊNH CHUNG", false).unwrap();
        assert_eq!(
            (m.unit, m.number.as_str()),
            (Unit::Legal(Kind::Phan), "thứ nhất")
        );
        let m = heading_marker("Điều 5: Tiêu đề", false).unwrap();
        assert_eq!((m.label.as_str(), m.title.as_str()), ("Điều 5", "Tiêu đề"));
    }
}
