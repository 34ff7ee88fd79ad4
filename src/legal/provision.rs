//! The grammar of provisions: the units of a Vietnamese legal text (Phần,
//! Chương, Mục, Tiểu mục, Điều, khoản, điểm), the words and numbers that name
//! them, and the ids they get.
//!
//! Why one module: the Markdown stage gives every unit an id, citations in
//! running text and `trich(...)` quotations link to those ids, and the
//! importer writes the headings the Markdown stage reads. When each kept its
//! own copy of the rule they drifted apart (a heading "Điều 5đ." got
//! `dieu-5d` while a citation of "Điều 5đ" linked to `#dieu-5dd`, and the
//! link was dropped). So every pattern for a unit's keyword or number and the
//! id rule live here; the other stages build their recognisers (the
//! importer's, for one, is more tolerant of damaged text) from these pieces.
//!
//! The id rule (the table is in `docs/conventions.md`): the unit's slug and
//! its number folded to lower-case ASCII, under the id of the unit it sits
//! in: `chuong-ii-muc-1`, `dieu-5-khoan-2-diem-a`. The letter `đ` is written
//! `dd` wherever it stands in a number, so that it never meets `d`: point
//! `đ)` → `diem-dd`, article `Điều 5đ` → `dieu-5dd`, next to `Điều 5d` →
//! `dieu-5d` (laws insert articles 5a, 5b, 5c, 5d, 5đ, 5e…). This was already
//! the form of points and of citations; none of the 208 laws of the corpus has
//! an article or clause numbered with `đ`, so no id of a real law changes.

use crate::text::slugify;

/// A unit of the legal hierarchy, outermost first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// `Phần thứ nhất` in codes.
    Phan,
    Chuong,
    Muc,
    TieuMuc,
    Dieu,
    Khoan,
    Diem,
}

/// Roman numerals, as Phần, Chương, Mục and a plan's sections use them.
pub const ROMAN: &str = "[IVXLC]+";

/// One lower-case letter of the Vietnamese alphabet's order (`a`…`z`, `đ`):
/// a point, or the letter of an article or clause inserted by an amendment
/// (`5a`, `12đ`).
pub const LETTER: &str = "[a-zđ]";

/// The ordinal words of `Phần thứ …` (`thứ nhất`, `thứ mười hai`).
pub const ORDINALS: &str = r"nhất|hai|ba|tư|bốn|năm|sáu|bảy|tám|chín|mười(?:\s+(?:một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|tám|chín))?";

impl Kind {
    /// The word as a heading or a label starts with it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Phan => "Phần",
            Kind::Chuong => "Chương",
            Kind::Muc => "Mục",
            Kind::TieuMuc => "Tiểu mục",
            Kind::Dieu => "Điều",
            Kind::Khoan => "Khoản",
            Kind::Diem => "Điểm",
        }
    }

    /// The word as a citation writes it: articles keep their capital
    /// ("điểm a khoản 2 Điều 5"), the rest are lower case.
    pub fn cited_word(self) -> &'static str {
        match self {
            Kind::Khoan => "khoản",
            Kind::Diem => "điểm",
            other => other.word(),
        }
    }

    /// The word in ids: `dieu-5-khoan-2-diem-a`.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::Phan => "phan",
            Kind::Chuong => "chuong",
            Kind::Muc => "muc",
            Kind::TieuMuc => "tieu-muc",
            Kind::Dieu => "dieu",
            Kind::Khoan => "khoan",
            Kind::Diem => "diem",
        }
    }

    /// The word in any case, as a regex fragment without groups:
    /// `(?i:điều)`, `(?i:tiểu\s+mục)`.
    pub fn keyword(self) -> String {
        format!("(?i:{})", self.word().to_lowercase().replace(' ', r"\s+"))
    }

    /// The word as running text writes it, capital or not at its start and
    /// lower case after (`[Đđ]iều`): "ĐIỀU" is a heading, not a citation.
    pub fn keyword_in_text(self) -> String {
        let word = self.word();
        let mut chars = word.chars();
        let first = chars.next().unwrap_or(' ');
        let lower: String = first.to_lowercase().collect();
        format!("[{first}{lower}]{}", chars.as_str().replace(' ', r"\s+"))
    }

    /// The number after the word in a heading, as a regex fragment without
    /// groups: `II`, `thứ nhất`, `5`, `5a`, `5đ`.
    pub fn number(self) -> &'static str {
        match self {
            Kind::Phan => r"(?i:thứ)\s+\p{Ll}+(?:\s+\p{Ll}+)?|[IVXLC]+|\d+",
            Kind::Chuong => r"[IVXLC]+|\d+",
            Kind::Muc | Kind::TieuMuc => r"\d+|[IVXLC]+",
            Kind::Dieu | Kind::Khoan => r"\d+[a-zđ]?",
            Kind::Diem => LETTER,
        }
    }

    /// The number after the word in running text: an article has at most
    /// four digits and a clause three, so "Điều 20235" is no citation.
    pub fn cited_number(self) -> &'static str {
        match self {
            Kind::Dieu => r"\d{1,4}[a-zđ]?",
            Kind::Khoan => r"\d{1,3}[a-zđ]?",
            other => other.number(),
        }
    }
}

/// The length of a clause number at the start of `text`: one to three digits
/// and at most one [`LETTER`] (`1`, `12`, `3a`). Written by hand, not as a
/// regex: every paragraph of a law is tried.
pub fn clause_number_len(text: &str) -> Option<usize> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    Some(match text[digits..].chars().next() {
        Some(c) if is_letter(c) => digits + c.len_utf8(),
        _ => digits,
    })
}

/// Whether `c` is a point letter ([`LETTER`]).
pub fn is_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c == 'đ'
}

/// A number as it stands in ids: `II` → `ii`, `5a` → `5a`, `thứ nhất` →
/// `thu-nhat`, and `đ` → `dd` wherever it stands (`đ` → `dd`, `5đ` → `5dd`).
pub fn number_id(number: &str) -> String {
    if number.contains(['đ', 'Đ']) {
        return slugify(&number.replace(['đ', 'Đ'], "dd"));
    }
    slugify(number)
}

/// The id of unit `kind` numbered `number` inside the unit whose id is
/// `parent` (none for a unit at the top): `dieu-5`, `dieu-5-khoan-2`,
/// `chuong-ii-muc-1`.
pub fn id(parent: Option<&str>, kind: Kind, number: &str) -> String {
    let own = format!("{}-{}", kind.slug(), number_id(number));
    match parent {
        Some(p) => format!("{p}-{own}"),
        None => own,
    }
}

/// The id of an item numbered without a word (a plan's `1.` or `a)`) inside
/// `parent`: `phan-i-1`, `phan-i-1-a`.
pub fn item_id(parent: &str, number: &str) -> String {
    format!("{parent}-{}", number_id(number))
}

/// The id of a cited provision: `dieu-5`, `dieu-5-khoan-2`,
/// `dieu-5-khoan-2-diem-a`, `dieu-5-diem-a` (a point directly in an article).
pub fn anchor(dieu: &str, khoan: Option<&str>, diem: Option<&str>) -> String {
    let mut out = id(None, Kind::Dieu, dieu);
    if let Some(k) = khoan {
        out = id(Some(&out), Kind::Khoan, k);
    }
    if let Some(d) = diem {
        out = id(Some(&out), Kind::Diem, d);
    }
    out
}

/// How a provision is cited in running text: `Điều 5`, `khoản 2 Điều 5`,
/// `điểm a khoản 2 Điều 5`. [`anchor`] of the same parts is its id.
pub fn citation_text(dieu: &str, khoan: Option<&str>, diem: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(d) = diem {
        out.push_str(&format!("{} {d} ", Kind::Diem.cited_word()));
    }
    if let Some(k) = khoan {
        out.push_str(&format!("{} {k} ", Kind::Khoan.cited_word()));
    }
    out.push_str(&format!("{} {dieu}", Kind::Dieu.cited_word()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_units() {
        assert_eq!(id(None, Kind::Dieu, "5"), "dieu-5");
        assert_eq!(id(None, Kind::Dieu, "5a"), "dieu-5a");
        assert_eq!(id(None, Kind::Dieu, "5đ"), "dieu-5dd");
        assert_eq!(id(None, Kind::Dieu, "5d"), "dieu-5d");
        assert_eq!(id(None, Kind::Chuong, "II"), "chuong-ii");
        assert_eq!(id(None, Kind::Phan, "thứ nhất"), "phan-thu-nhat");
        assert_eq!(
            id(Some("chuong-ii-muc-1"), Kind::TieuMuc, "2"),
            "chuong-ii-muc-1-tieu-muc-2"
        );
        assert_eq!(item_id("phan-i", "1"), "phan-i-1");
        assert_eq!(item_id("phan-i-1", "đ"), "phan-i-1-dd");
    }

    #[test]
    fn anchors_and_citation_texts() {
        // (article, clause, point, id, citation).
        type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, &'a str, &'a str);
        let rows: [Row<'_>; 5] = [
            ("5", None, None, "dieu-5", "Điều 5"),
            ("12a", None, None, "dieu-12a", "Điều 12a"),
            ("5", Some("2"), None, "dieu-5-khoan-2", "khoản 2 Điều 5"),
            (
                "5đ",
                Some("1"),
                Some("a"),
                "dieu-5dd-khoan-1-diem-a",
                "điểm a khoản 1 Điều 5đ",
            ),
            ("5", None, Some("đ"), "dieu-5-diem-dd", "điểm đ Điều 5"),
        ];
        for (dieu, khoan, diem, id, text) in rows {
            assert_eq!(anchor(dieu, khoan, diem), id);
            assert_eq!(citation_text(dieu, khoan, diem), text);
        }
    }

    #[test]
    fn keywords() {
        assert_eq!(Kind::Dieu.keyword(), "(?i:điều)");
        assert_eq!(Kind::TieuMuc.keyword(), r"(?i:tiểu\s+mục)");
        assert_eq!(Kind::Dieu.keyword_in_text(), "[Đđ]iều");
        assert_eq!(Kind::Khoan.keyword_in_text(), "[Kk]hoản");
    }

    #[test]
    fn clause_numbers() {
        assert_eq!(clause_number_len("1. x"), Some(1));
        assert_eq!(clause_number_len("12a. x"), Some(3));
        assert_eq!(clause_number_len("3đ. x"), Some(3));
        assert_eq!(clause_number_len("2015 là"), None);
        assert_eq!(clause_number_len("x"), None);
    }
}
