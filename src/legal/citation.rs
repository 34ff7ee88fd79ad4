//! Finds citations in Vietnamese legal prose: documents by number or by name,
//! and provisions (`điểm a khoản 2 Điều 5`), with the date and issuer that
//! often follow.
//!
//! Why: the site links every citation to the document or provision it names,
//! so readers can follow "Quyết định số 1690/QĐ-TTg" or "khoản 2 Điều 5 của
//! Luật này" with one click. A wrong link is worse than none, so the grammar is
//! deliberately narrow: dates, amounts, phone numbers and ordinary words such
//! as "Điều kiện" or "khoản tiền" never match, and a provision of a document
//! we cannot identify ("Điều 5 của Luật Doanh nghiệp" when no such law is
//! known) yields no citation at all rather than a link into the wrong text.
//!
//! The recogniser is pure: it takes one paragraph of plain text and returns
//! byte spans into it. Input in any Unicode normalisation form is accepted
//! (it is matched in NFC and the spans are mapped back). Work is linear in the
//! length of the text: regexes are compiled once and only ever run anchored
//! at candidate positions, and after a failed candidate the scan never goes
//! back over text it has already rejected as a whole.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::UnicodeNormalization;

use super::number::{fold, DocNumber};
use super::provision::{self, Kind};

/// What a citation points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocRef {
    /// A document by its number (`Quyết định số 1690/QĐ-TTg`, or a law name
    /// followed by `số 86/2015/QH13`).
    Number(DocNumber),
    /// A document by name, resolved through [`LawNames`]: the document key
    /// the caller registered for that name.
    Name(String),
    /// "Luật này", "Nghị định này"…: the document being read.
    ThisDocument,
}

/// One provision: an article (Điều), optionally a clause (khoản) and a point
/// (điểm). Values are as printed, lower case (`5`, `5a`, `đ`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProvisionRef {
    pub dieu: String,
    pub khoan: Option<String>,
    pub diem: Option<String>,
    /// The bytes of the text naming this provision alone, for linking each
    /// number of a list separately: in "các Điều 5, 6 và 7" the spans are
    /// "Điều 5", "6" and "7"; in "điểm a khoản 2 Điều 5" it is the whole phrase.
    pub span: Range<usize>,
}

impl ProvisionRef {
    /// The provision's id ([`provision::anchor`]): `dieu-5`,
    /// `dieu-5-khoan-2`, `dieu-5-khoan-2-diem-a`, `dieu-5-diem-a`.
    pub fn anchor(&self) -> String {
        provision::anchor(&self.dieu, self.khoan.as_deref(), self.diem.as_deref())
    }

    /// How the provision is cited: `điểm a khoản 2 Điều 5`.
    pub fn text(&self) -> String {
        provision::citation_text(&self.dieu, self.khoan.as_deref(), self.diem.as_deref())
    }
}

/// A date printed after a cited document ("ngày 26/12/2023",
/// "ngày 26 tháng 12 năm 2023").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CitedDate {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// One citation found in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range in the text given to [`find_citations`]: the whole phrase,
    /// including a leading kind word ("Quyết định số"), a following date and
    /// "của <issuer>".
    pub span: Range<usize>,
    /// The cited document. `None` only for provisions that name no document
    /// ("khoản 2 Điều 5"), which refer to the document being read — as does
    /// `Some(DocRef::ThisDocument)` ("Điều 5 của Luật này").
    pub doc: Option<DocRef>,
    /// Cited provisions, in text order; empty when a whole document is cited.
    pub provisions: Vec<ProvisionRef>,
    /// The issuer named after the number ("… của Ủy ban nhân dân tỉnh Gia
    /// Lai" → "Ủy ban nhân dân tỉnh Gia Lai"), to tell apart numbers such as
    /// `687/KH-UBND` that many provinces use. NFC, spaces collapsed.
    pub issuer_hint: Option<String>,
    /// The date printed after the number, when there is one.
    pub date: Option<CitedDate>,
}

/// Names of documents the hub knows (typically law titles such as "Luật An
/// toàn thông tin mạng"), each mapped to the caller's document key. Names are
/// folded on insertion (no diacritics, lower case, punctuation ignored), so
/// "Luật an toàn thông tin mạng" in a text finds the same document.
#[derive(Debug, Clone, Default)]
pub struct LawNames {
    by_name: HashMap<String, String>,
    first_words: HashSet<String>,
    max_words: usize,
}

impl LawNames {
    pub fn new() -> LawNames {
        LawNames::default()
    }

    /// Registers `name` for the document `doc_key`; returns the key that name
    /// had before, if any (the last registration wins). Empty names are ignored.
    pub fn insert(&mut self, name: &str, doc_key: impl Into<String>) -> Option<String> {
        let key = name_key(name);
        let first = key.split(' ').next().filter(|w| !w.is_empty())?;
        self.first_words.insert(first.to_string());
        self.max_words = self.max_words.max(key.split(' ').count());
        self.by_name.insert(key, doc_key.into())
    }

    /// The document key registered for `name` (any spelling that folds alike).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.by_name.get(&name_key(name)).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }
}

impl<N: AsRef<str>, K: Into<String>> FromIterator<(N, K)> for LawNames {
    fn from_iter<I: IntoIterator<Item = (N, K)>>(iter: I) -> LawNames {
        let mut names = LawNames::new();
        for (name, key) in iter {
            names.insert(name.as_ref(), key);
        }
        names
    }
}

/// Folded words joined by single spaces: `"Bộ luật Dân sự"` → `"bo luat dan su"`.
fn name_key(name: &str) -> String {
    fold(name)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Finds the citations in one paragraph of plain text.
pub fn find_citations(text: &str, names: &LawNames) -> Vec<Citation> {
    find_citations_in(text, names, None)
}

/// Like [`find_citations`], for a paragraph inside article `current_article`
/// (`"5"`, `"5a"`): "khoản 2 Điều này" and a bare "khoản 2" then cite that
/// article. Without it such references are skipped, since the article is unknown.
pub fn find_citations_in(
    text: &str,
    names: &LawNames,
    current_article: Option<&str>,
) -> Vec<Citation> {
    let norm = Normalized::new(text);
    let article = current_article
        .map(|a| a.trim().to_lowercase())
        .filter(|a| !a.is_empty());
    let finder = Finder::new(&norm.text, names, article.as_deref());
    let mut found = finder.run();
    if norm.is_identity() {
        return found;
    }
    for c in &mut found {
        c.span = norm.to_orig(c.span.start)..norm.to_orig(c.span.end);
        for p in &mut c.provisions {
            p.span = norm.to_orig(p.span.start)..norm.to_orig(p.span.end);
        }
    }
    found
}

// ---------------------------------------------------------------------------
// Normalisation with an offset map back to the caller's text.

struct Normalized<'a> {
    text: Cow<'a, str>,
    /// (offset in `text`, offset in the original) at each segment start, plus
    /// a final (len, len) entry. Empty when `text` is the original.
    segments: Vec<(usize, usize)>,
}

impl<'a> Normalized<'a> {
    fn new(text: &'a str) -> Normalized<'a> {
        if crate::text::nfc::is_nfc_quick_yes(text) {
            return Normalized {
                text: Cow::Borrowed(text),
                segments: Vec::new(),
            };
        }
        // Normalise each starter with its combining marks separately, so that
        // every segment boundary maps to a boundary of the original.
        let mut out = String::with_capacity(text.len());
        let mut segments = Vec::new();
        let mut seg_start = 0;
        for (i, c) in text.char_indices() {
            if i > 0 && canonical_combining_class(c) == 0 {
                segments.push((out.len(), seg_start));
                out.extend(text[seg_start..i].nfc());
                seg_start = i;
            }
        }
        if !text.is_empty() {
            segments.push((out.len(), seg_start));
            out.extend(text[seg_start..].nfc());
        }
        segments.push((out.len(), text.len()));
        Normalized {
            text: Cow::Owned(out),
            segments,
        }
    }

    fn is_identity(&self) -> bool {
        self.segments.is_empty()
    }

    fn to_orig(&self, at: usize) -> usize {
        match self.segments.binary_search_by_key(&at, |s| s.0) {
            Ok(i) => self.segments[i].1,
            Err(i) => self.segments.get(i).map_or(at, |s| s.1),
        }
    }
}

// ---------------------------------------------------------------------------
// Regular expressions (all NFC).

/// Kind words that may precede a number or "này". Longest first in the regex.
const KIND_WORDS: &[&str] = &[
    "Hiến pháp",
    "Bộ luật",
    "Luật",
    "Pháp lệnh",
    "Nghị quyết liên tịch",
    "Nghị quyết",
    "Nghị định thư",
    "Nghị định",
    "Quyết định",
    "Chỉ thị",
    "Thông tư liên tịch",
    "Thông tư",
    "Kế hoạch",
    "Kết luận",
    "Chương trình hành động",
    "Chương trình",
    "Công văn",
    "Công điện",
    "Hướng dẫn",
    "Thông báo",
    "Văn bản hợp nhất",
    "Văn bản",
    "Quy định",
    "Quy chế",
    "Sắc lệnh",
    "Lệnh",
    "Đề án",
    "Báo cáo",
    "Tờ trình",
    "Điều lệ",
    "Chiến lược",
    "Công ước",
    "Hiệp định",
    "Hiệp ước",
    "Điều ước",
];

/// Kinds whose name may sit between the kind word and "số": "Luật Xử lý vi
/// phạm hành chính số 15/2012/QH13".
const TITLED_KINDS: &str = r"(?:[Bb]ộ\s+luật|[Ll]uật|[Pp]háp\s+lệnh|[Hh]iến\s+pháp)";

fn kinds_pattern() -> String {
    let mut kinds: Vec<&str> = KIND_WORDS.to_vec();
    kinds.sort_by_key(|k| std::cmp::Reverse(k.chars().count()));
    let alts: Vec<String> = kinds
        .iter()
        .map(|k| {
            let mut chars = k.chars();
            let first = chars.next().unwrap_or(' ');
            let lower: String = first.to_lowercase().collect();
            let rest: String = chars.collect();
            let rest = regex::escape(&rest).replace(' ', r"\s+");
            format!("[{first}{lower}]{rest}")
        })
        .collect();
    format!("(?:{})", alts.join("|"))
}

fn re(pattern: &str) -> Regex {
    match Regex::new(pattern) {
        Ok(r) => r,
        // The patterns are constants; a failure is a bug caught by the tests.
        Err(e) => panic!("bad citation regex {pattern}: {e}"),
    }
}

static KINDS: LazyLock<String> = LazyLock::new(kinds_pattern);

/// Candidate starts: a provision keyword, a kind word before a number, a law
/// title, or a bare number followed by a separator. No `\b` here: Unicode word
/// boundaries would push the regex engine off its fast path on Vietnamese
/// text, so the scanner checks the character before a match itself.
static MASTER: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?:[Cc]ác\s+)?{units}\s+[\p{{L}}\p{{N}}]|{k}\s+(?:[Ss]ố\s*:?\s*)?\d|(?:Bộ\s+luật|Luật|Pháp\s+lệnh|Hiến\s+pháp)\s+\p{{L}}|\d{{1,6}}\s?[/\-‐‑–—]",
        units = *CITED_UNITS,
        k = *KINDS
    ))
});
static CAC: LazyLock<Regex> = LazyLock::new(|| re(r"^[Cc]ác\s+"));
/// The words of the units a citation names, smallest first.
const CITED_KINDS: [Kind; 3] = [Kind::Diem, Kind::Khoan, Kind::Dieu];
/// `(?:[Đđ]iểm|[Kk]hoản|[Đđ]iều)`.
static CITED_UNITS: LazyLock<String> = LazyLock::new(|| {
    let words: Vec<String> = CITED_KINDS.iter().map(|k| k.keyword_in_text()).collect();
    format!("(?:{})", words.join("|"))
});
/// One group per word of [`CITED_KINDS`].
static KEYWORD: LazyLock<Regex> = LazyLock::new(|| {
    let words: Vec<String> = CITED_KINDS
        .iter()
        .map(|k| format!("({})", k.keyword_in_text()))
        .collect();
    re(&format!(r"^(?:{})\s+", words.join("|")))
});
static NAY: LazyLock<Regex> = LazyLock::new(|| re(r"^này\b"));
static DIEU_VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("^(?:{})", Kind::Dieu.cited_number())));
static KHOAN_VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("^(?:{})", Kind::Khoan.cited_number())));
static DIEM_VALUE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("^(?:{})", Kind::Diem.cited_number())));
static CONN: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:\s*,\s*(?:(?:và|hoặc)\s+)?|\s+(?:và|hoặc|đến|tới)\s+)(?:các\s+)?"));
static WS: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+"));
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r#"^\s*[“"]?{kw}\s+(?:{n})(?:\s*[.:\-–—]|\s*$|\s+\p{{Lu}})"#,
        kw = Kind::Dieu.keyword_in_text(),
        n = Kind::Dieu.number()
    ))
});
static STRUCTURE: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"^(?:,?\s+(?:của\s+)?(?:{}|{}|{}|{}(?:\s+thứ)?)\s+[\p{{L}}\p{{N}}]+)+",
        Kind::TieuMuc.keyword_in_text(),
        Kind::Muc.keyword_in_text(),
        Kind::Chuong.keyword_in_text(),
        Kind::Phan.keyword_in_text(),
    ))
});
static SUFFIX: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+(của\s+)?"));
static THIS_DOC: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^{}\s+này\b", *KINDS)));
static KIND_AT: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^{}\b", *KINDS)));
static KIND_NUM: LazyLock<Regex> =
    LazyLock::new(|| re(&format!(r"^{}\s+(?:[Ss]ố\s*:?\s*)?", *KINDS)));
static TITLED_KIND: LazyLock<Regex> = LazyLock::new(|| re(&format!(r"^{TITLED_KINDS}\s+")));
static SO: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+[Ss]ố\s*:?\s*"));
static WORD: LazyLock<Regex> = LazyLock::new(|| re(r"^[\p{L}\p{N}]+"));
static TITLE_SEP: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:,\s+|\s*[-–]\s*|\s+)"));
static NAM_YEAR: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+năm\s+(?:19|20)\d\d\b"));
static DATE_NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| re(r"^,?\s+[Nn]gày\s+(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\b"));
static DATE_WORDS: LazyLock<Regex> =
    LazyLock::new(|| re(r"^,?\s+[Nn]gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})\b"));
static ISSUER_START: LazyLock<Regex> = LazyLock::new(|| re(r"^\s+của\s+"));
static ISSUER_SEP: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:[ \u{a0}]*[-–][ \u{a0}]*|[ \u{a0}]+)"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| re(r"\s+"));

/// Words after a number that make it a quantity, not an article or clause:
/// "Điều 5, 10 ngày".
#[rustfmt::skip]
const MEASURE_WORDS: &[&str] = &[
    "ngày", "tháng", "năm", "giờ", "phút", "giây", "tuần", "quý", "người", "đồng", "lần", "tuổi",
    "triệu", "tỷ", "tỉ", "nghìn", "ngàn", "trăm", "ha", "m", "km", "kg", "tấn", "lít", "usd", "vnd",
    "vnđ", "bản", "trang", "chiếc", "cái", "con", "hộ", "giường", "điểm", "thành", "đơn", "học",
];

/// Words that cannot be part of a law's title: the sentence has moved on.
#[rustfmt::skip]
const TITLE_STOP: &[&str] = &[
    "được", "là", "thì", "đã", "sẽ", "đang", "có", "không", "phải", "cần", "ngày", "tháng", "theo",
    "do", "để", "nhằm", "khi", "nếu", "như", "này",
];

/// Lower-case words that end an issuer name ("… của Thủ tướng Chính phủ về việc …").
#[rustfmt::skip]
const ISSUER_STOP: &[&str] = &[
    "về", "đã", "đang", "sẽ", "là", "được", "bị", "thì", "mà", "có", "tại", "theo", "do", "để",
    "nhằm", "trên", "đến", "với", "cho", "khi", "gồm", "như", "sau", "trong", "ngày", "số", "năm",
    "này", "kèm", "hoặc", "nhưng", "cũng", "còn", "không", "chưa", "vẫn", "từ", "tới", "vào", "đối",
    "giao", "thuộc", "gửi", "qua", "bằng", "của", "nêu", "trình", "phải", "cần", "sửa", "hết",
    "chỉ", "ở", "đó", "các", "những", "một", "việc", "lần", "đợt", "quyết", "tháng", "khóa", "khoá",
];

/// Lower-case words common inside issuer names ("Ủy ban nhân dân tỉnh",
/// "Ủy ban thường vụ Quốc hội", "Bộ Nông nghiệp và Phát triển nông thôn").
/// Any other lower-case word is accepted only as the second syllable of a
/// capitalised word ("Thủ tướng", "Tư pháp"), so that the issuer stops before
/// the sentence goes on ("… Quốc hội ấn định …").
#[rustfmt::skip]
const ISSUER_WORDS: &[&str] = &[
    "nhân", "dân", "tỉnh", "huyện", "xã", "thị", "trấn", "quận", "phường", "thành", "phố", "cấp",
    "trung", "ương", "tối", "cao", "thường", "vụ", "bộ", "ủy", "uỷ", "nông", "thôn", "khu", "đặc",
    "nhà", "nước", "kiểm", "sát", "vận", "tải", "chính", "phủ", "hội", "chủ", "nghĩa",
];

/// Lower-case word pairs that end an issuer name: "… tỉnh ban hành", "… quy định".
const ISSUER_STOP_PAIRS: &[(&str, &str)] = &[
    ("ban", "hành"),
    ("quy", "định"),
    ("quy", "chế"),
    ("hướng", "dẫn"),
    ("phê", "duyệt"),
    ("thực", "hiện"),
    ("triển", "khai"),
];

// ---------------------------------------------------------------------------
// The scanner.

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    Diem,
    Khoan,
    Dieu,
}

/// One provision number in the text.
#[derive(Debug, Clone)]
struct Item {
    level: Level,
    /// `None` for "Điều này".
    value: Option<String>,
    /// Start of the keyword, or of the value for a bare list value.
    start: usize,
    end: usize,
    /// Separated from the previous item by whitespace only (not "," / "và").
    after_ws: bool,
}

/// (dieu, khoan, diem) of a resolved provision.
type Resolved = (String, Option<String>, Option<String>);

struct DocMatch {
    doc: DocRef,
    end: usize,
    date: Option<CitedDate>,
    issuer: Option<String>,
}

enum Suffix {
    None,
    Doc(DocMatch),
    /// A document is named that we cannot identify.
    Foreign,
}

struct Word {
    start: usize,
    end: usize,
    folded: String,
}

struct Finder<'a> {
    t: &'a str,
    names: &'a LawNames,
    article: Option<&'a str>,
    words: Vec<Word>,
}

fn next_char(t: &str, at: usize) -> usize {
    at + t[at..].chars().next().map_or(1, char::len_utf8)
}

fn starts_upper(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

impl<'a> Finder<'a> {
    fn new(t: &'a str, names: &'a LawNames, article: Option<&'a str>) -> Finder<'a> {
        let mut words = Vec::new();
        if !names.is_empty() {
            let mut start = None;
            for (i, c) in t.char_indices().chain(std::iter::once((t.len(), ' '))) {
                match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        words.push(Word {
                            start: s,
                            end: i,
                            folded: fold(&t[s..i]),
                        });
                        start = None;
                    }
                    _ => {}
                }
            }
        }
        Finder {
            t,
            names,
            article,
            words,
        }
    }

    fn run(&self) -> Vec<Citation> {
        let name_starts: Vec<usize> = self
            .words
            .iter()
            .filter(|w| {
                starts_upper(&self.t[w.start..w.end]) && self.names.first_words.contains(&w.folded)
            })
            .map(|w| w.start)
            .collect();
        let mut out = Vec::new();
        let mut pos = 0;
        let mut ni = 0;
        while pos < self.t.len() {
            while ni < name_starts.len() && name_starts[ni] < pos {
                ni += 1;
            }
            let by_regex = MASTER.find_at(self.t, pos).map(|m| m.start());
            let by_name = name_starts.get(ni).copied();
            let candidate = match (by_regex, by_name) {
                (Some(a), Some(b)) => a.min(b),
                (Some(a), None) | (None, Some(a)) => a,
                (None, None) => break,
            };
            let mid_word = self.t[..candidate]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let found = if mid_word {
                Err(next_char(self.t, candidate))
            } else {
                self.citation_at(candidate)
            };
            match found {
                Ok(c) => {
                    pos = c.span.end.max(next_char(self.t, candidate));
                    out.push(c);
                }
                Err(resume) => pos = resume.max(next_char(self.t, candidate)),
            }
        }
        out
    }

    /// A citation starting at `p`, or the position to resume scanning from.
    fn citation_at(&self, p: usize) -> Result<Citation, usize> {
        match self.provisions_at(p) {
            Ok(c) => return Ok(c),
            Err(Some(resume)) => return Err(resume),
            Err(None) => {}
        }
        match self.document_at(p, false) {
            Some(d) => Ok(Citation {
                span: p..d.end,
                doc: Some(d.doc),
                provisions: Vec::new(),
                issuer_hint: d.issuer,
                date: d.date,
            }),
            None => Err(next_char(self.t, p)),
        }
    }

    // --- provisions -------------------------------------------------------

    /// A value after a provision keyword, or a bare list value (`bare`).
    fn value_at(&self, at: usize, level: Level, bare: bool) -> Option<(String, usize)> {
        let rest = &self.t[at..];
        let m = match level {
            Level::Dieu => DIEU_VALUE.find(rest),
            Level::Khoan => KHOAN_VALUE.find(rest),
            Level::Diem => DIEM_VALUE.find(rest),
        }?;
        let end = at + m.end();
        let mut after = self.t[end..].chars();
        let (next, then) = (after.next(), after.next());
        let glued = match next {
            None => false,
            Some(c) if c.is_alphanumeric() || c == '%' => true,
            // "10,5" is a decimal; "khoản 1,2" after a keyword is a list.
            Some(',') => bare && then.is_some_and(|d| d.is_ascii_digit()),
            // "5.2", "5/2", "a-b": part of something else.
            Some('/' | '.' | '-' | ':' | '–') => then.is_some_and(char::is_alphanumeric),
            Some(_) => false,
        };
        if glued {
            return None;
        }
        if bare && level != Level::Diem {
            // "Điều 5, 10 ngày": a quantity, not a second article.
            let tail = self.t[end..].trim_start();
            if tail.starts_with('%') {
                return None;
            }
            if let Some(w) = WORD.find(tail) {
                if MEASURE_WORDS.contains(&w.as_str().to_lowercase().as_str()) {
                    return None;
                }
            }
        }
        Some((m.as_str().to_lowercase(), end))
    }

    /// A keyword and its value ("khoản 2", "Điều 5", "Điều này") at `at`.
    fn keyword_item(&self, at: usize, after_ws: bool) -> Option<Item> {
        let caps = KEYWORD.captures(&self.t[at..])?;
        let level = if caps.get(1).is_some() {
            Level::Diem
        } else if caps.get(2).is_some() {
            Level::Khoan
        } else {
            Level::Dieu
        };
        let v = at + caps.get(0).map_or(0, |m| m.end());
        if level == Level::Dieu {
            if let Some(m) = NAY.find(&self.t[v..]) {
                return Some(Item {
                    level,
                    value: None,
                    start: at,
                    end: v + m.end(),
                    after_ws,
                });
            }
        }
        let (value, end) = self.value_at(v, level, false)?;
        Some(Item {
            level,
            value: Some(value),
            start: at,
            end,
            after_ws,
        })
    }

    /// Provisions starting at `p`. `Err(None)`: nothing here; `Err(Some(at))`:
    /// provisions of an unidentified document, resume scanning at `at`.
    fn provisions_at(&self, p: usize) -> Result<Citation, Option<usize>> {
        let t = self.t;
        let mut i = p;
        if let Some(m) = CAC.find(&t[i..]) {
            i += m.end();
        }
        let first = self.keyword_item(i, false).ok_or(None)?;
        // "Điều 5. Phạm vi điều chỉnh" (or "Điều 5 Phạm vi …", the separator
        // being optional) opening a paragraph is an article heading.
        let heading = first.level == Level::Dieu
            && t[..p].trim().trim_start_matches(['“', '"']).is_empty()
            && HEADING.is_match(t);
        i = first.end;
        let mut items = vec![first];
        loop {
            let last_level = items.last().map_or(Level::Dieu, |x| x.level);
            let last_has_value = items.last().is_some_and(|x| x.value.is_some());
            if let Some(c) = CONN.find(&t[i..]) {
                let j = i + c.end();
                if last_has_value {
                    if let Some((value, end)) = self.value_at(j, last_level, true) {
                        items.push(Item {
                            level: last_level,
                            value: Some(value),
                            start: j,
                            end,
                            after_ws: false,
                        });
                        i = end;
                        continue;
                    }
                }
                if let Some(item) = self.keyword_item(j, false) {
                    i = item.end;
                    items.push(item);
                    continue;
                }
            }
            if let Some(w) = WS.find(&t[i..]) {
                if let Some(item) = self.keyword_item(i + w.end(), true) {
                    if item.level > last_level {
                        i = item.end;
                        items.push(item);
                        continue;
                    }
                }
            }
            break;
        }

        // Attach each item to the nearest higher-level item on its right,
        // when the step into that item is plain whitespace ("điểm a khoản 2",
        // not "điểm a và Điều 5"). Right to left, one slot per level: linear.
        let n = items.len();
        let mut parent: Vec<Option<usize>> = vec![None; n];
        let mut children = vec![0usize; n];
        let mut next_higher: [Option<(usize, bool)>; 3] = [None; 3];
        for k in (0..n).rev() {
            let level = items[k].level as usize;
            if let Some((h, true)) = next_higher[level] {
                parent[k] = Some(h);
                children[h] += 1;
            }
            for slot in next_higher.iter_mut().take(level) {
                *slot = Some((k, items[k].after_ws));
            }
        }

        // Resolve leaves to provisions.
        let mut used = vec![false; n];
        let mut provisions = Vec::new();
        for k in 0..n {
            if children[k] > 0 {
                continue;
            }
            let Some(prov) = self.resolve(&items, &parent, k) else {
                continue;
            };
            // The sub-span grows over parents that have no other child:
            // "điểm a khoản 2 Điều 5" as a whole, but "điểm b" alone in
            // "điểm b, điểm c khoản 3".
            let mut end = items[k].end;
            let mut extending = true;
            let mut cur = k;
            used[k] = true;
            while let Some(up) = parent[cur] {
                used[up] = true;
                extending &= children[up] == 1;
                if extending {
                    end = items[up].end;
                }
                cur = up;
            }
            let (dieu, khoan, diem) = prov;
            provisions.push(ProvisionRef {
                dieu,
                khoan,
                diem,
                span: items[k].start..end,
            });
        }
        let last_end = items.last().map_or(i, |x| x.end);
        // "Điều 223 … Mục 5 Chương XIV của Bộ luật Lao động": the document
        // comes after the structural units.
        let structure_end = STRUCTURE
            .find(&t[last_end..])
            .map_or(last_end, |m| last_end + m.end());
        let mut suffix = self.suffix(structure_end);
        if matches!(suffix, Suffix::None) && structure_end != last_end {
            suffix = self.suffix(last_end);
        }
        if matches!(suffix, Suffix::Foreign) {
            return Err(Some(last_end));
        }
        if heading && items.len() == 1 && !matches!(suffix, Suffix::Doc(_)) {
            return Err(None);
        }
        let Some(used_end) = (0..n).filter(|&k| used[k]).map(|k| items[k].end).max() else {
            return Err(Some(last_end));
        };
        let mut cit = Citation {
            span: p..used_end,
            doc: None,
            provisions,
            issuer_hint: None,
            date: None,
        };
        if used_end == last_end {
            if let Suffix::Doc(d) = suffix {
                cit.span.end = d.end;
                cit.doc = Some(d.doc);
                cit.issuer_hint = d.issuer;
                cit.date = d.date;
            }
        }
        Ok(cit)
    }

    /// (dieu, khoan, diem) for leaf `k`, or `None` when its article is unknown.
    fn resolve(&self, items: &[Item], parent: &[Option<usize>], k: usize) -> Option<Resolved> {
        let article = || self.article.map(str::to_string);
        let dieu_of = |d: usize| items[d].value.clone().or_else(article);
        let item = &items[k];
        match item.level {
            Level::Dieu => Some((dieu_of(k)?, None, None)),
            Level::Khoan => {
                let dieu = match parent[k] {
                    Some(d) => dieu_of(d)?,
                    None => article()?,
                };
                Some((dieu, item.value.clone(), None))
            }
            Level::Diem => {
                let up = parent[k]?;
                match items[up].level {
                    Level::Dieu => Some((dieu_of(up)?, None, item.value.clone())),
                    _ => {
                        let dieu = match parent[up] {
                            Some(d) => dieu_of(d)?,
                            None => article()?,
                        };
                        Some((dieu, items[up].value.clone(), item.value.clone()))
                    }
                }
            }
        }
    }

    /// What follows a list of provisions: "của Luật này", a document, or nothing.
    fn suffix(&self, at: usize) -> Suffix {
        let t = self.t;
        let Some(c) = SUFFIX.captures(&t[at..]) else {
            return Suffix::None;
        };
        let has_cua = c.get(1).is_some();
        let j = at + c.get(0).map_or(0, |m| m.end());
        if let Some(m) = THIS_DOC.find(&t[j..]) {
            return Suffix::Doc(DocMatch {
                doc: DocRef::ThisDocument,
                end: j + m.end(),
                date: None,
                issuer: None,
            });
        }
        if let Some(d) = self.document_at(j, true) {
            return Suffix::Doc(d);
        }
        if let Some(m) = KIND_AT.find(&t[j..]) {
            if has_cua || starts_upper(m.as_str()) {
                return Suffix::Foreign;
            }
        }
        Suffix::None
    }

    // --- documents --------------------------------------------------------

    /// A number in running text at `at`.
    fn number_at(&self, at: usize) -> Option<(DocNumber, usize)> {
        if let Some(prev) = self.t[..at].chars().next_back() {
            if prev.is_alphanumeric()
                || matches!(prev, '/' | '.' | ',' | ':' | '-' | '–' | '—' | '‐' | '‑')
            {
                return None;
            }
        }
        DocNumber::read_at(self.t, at)
    }

    /// A document citation at `p`: kind word and number, bare number, known
    /// name, or law title and number; then an optional date and issuer.
    /// `lenient`: after a provision, where a lower-case name is accepted.
    fn document_at(&self, p: usize, lenient: bool) -> Option<DocMatch> {
        let t = self.t;
        let (doc, mut end) = self.document_core(p, lenient)?;
        let mut date = None;
        if let Some(c) = DATE_NUMERIC
            .captures(&t[end..])
            .or_else(|| DATE_WORDS.captures(&t[end..]))
        {
            let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u16>().ok());
            if let (Some(day), Some(month), Some(year)) = (num(1), num(2), num(3)) {
                if (1..=31).contains(&day) && (1..=12).contains(&month) {
                    date = Some(CitedDate {
                        year,
                        month: month as u8,
                        day: day as u8,
                    });
                    end += c.get(0).map_or(0, |m| m.end());
                }
            }
        }
        let mut issuer = None;
        if let Some((name, issuer_end)) = self.issuer_at(end) {
            issuer = Some(name);
            end = issuer_end;
        }
        Some(DocMatch {
            doc,
            end,
            date,
            issuer,
        })
    }

    fn document_core(&self, p: usize, lenient: bool) -> Option<(DocRef, usize)> {
        let t = self.t;
        // The number is the evidence here, so a kind word in lower case
        // ("theo nghị định số 13/2023/NĐ-CP") is accepted too.
        if let Some(m) = KIND_NUM.find(&t[p..]) {
            if let Some((n, end)) = DocNumber::read_at(t, p + m.end()) {
                return Some((DocRef::Number(n), end));
            }
        }
        if t[p..].starts_with(|c: char| c.is_ascii_digit()) {
            return self.number_at(p).map(|(n, end)| (DocRef::Number(n), end));
        }
        if let Some((key, end)) = self.name_at(p, lenient) {
            // "Luật An toàn thông tin mạng số 86/2015/QH13": the number is exact.
            if let Some(m) = SO.find(&t[end..]) {
                if let Some((n, e)) = DocNumber::read_at(t, end + m.end()) {
                    return Some((DocRef::Number(n), e));
                }
            }
            let end = NAM_YEAR.find(&t[end..]).map_or(end, |m| end + m.end());
            return Some((DocRef::Name(key), end));
        }
        self.titled_number_at(p, lenient)
            .map(|(n, end)| (DocRef::Number(n), end))
    }

    /// "Luật Xử lý vi phạm hành chính số 15/2012/QH13": a law whose name we do
    /// not know, identified by the number after it.
    fn titled_number_at(&self, p: usize, lenient: bool) -> Option<(DocNumber, usize)> {
        let t = self.t;
        let m = TITLED_KIND.find(&t[p..])?;
        if !lenient && !starts_upper(m.as_str()) {
            return None;
        }
        let mut i = p + m.end();
        let mut prev = "";
        for _ in 0..24 {
            let w = WORD.find(&t[i..])?;
            let word = w.as_str();
            if i > p + m.end() && starts_upper(word) && KIND_AT.is_match(&t[i..]) {
                // "Luật Đầu tư … Quyết định số …": another document's number.
                return None;
            }
            let lower = word.to_lowercase();
            if TITLE_STOP.contains(&lower.as_str()) || (prev == "quy" && lower == "định") {
                return None;
            }
            i += w.end();
            if lower != "một" {
                if let Some(so) = SO.find(&t[i..]) {
                    if let Some(found) = DocNumber::read_at(t, i + so.end()) {
                        return Some(found);
                    }
                }
            }
            prev = if starts_upper(word) { "" } else { word };
            let sep = TITLE_SEP.find(&t[i..])?;
            // A comma may sit inside a title ("Cán bộ, công chức") but not
            // before a new capitalised phrase ("Luật Đầu tư, Thủ tướng …").
            if sep.as_str().contains(',') && starts_upper(&t[i + sep.end()..]) {
                return None;
            }
            i += sep.end();
        }
        None
    }

    /// The longest known name starting at word start `p`.
    fn name_at(&self, p: usize, lenient: bool) -> Option<(String, usize)> {
        if self.names.is_empty() {
            return None;
        }
        let i = self.words.binary_search_by_key(&p, |w| w.start).ok()?;
        if !lenient && !starts_upper(&self.t[p..]) {
            return None;
        }
        if !self.names.first_words.contains(&self.words[i].folded) {
            return None;
        }
        let mut key = String::new();
        let mut best = None;
        let last = (i + self.names.max_words).min(self.words.len());
        for j in i..last {
            if j > i {
                let gap = &self.t[self.words[j - 1].end..self.words[j].start];
                let marks = gap.chars().filter(|c| !c.is_whitespace()).count();
                if marks > 1
                    || gap
                        .chars()
                        .any(|c| !c.is_whitespace() && !matches!(c, ',' | '-' | '–'))
                {
                    break;
                }
                key.push(' ');
            }
            key.push_str(&self.words[j].folded);
            if let Some(doc) = self.names.by_name.get(&key) {
                best = Some((doc.clone(), self.words[j].end));
            }
        }
        best
    }

    /// "của Ủy ban nhân dân tỉnh Gia Lai" after a document: the issuer name and
    /// the end of the phrase.
    fn issuer_at(&self, at: usize) -> Option<(String, usize)> {
        let t = self.t;
        let start = at + ISSUER_START.find(&t[at..])?.end();
        if !starts_upper(&t[start..]) || KIND_AT.is_match(&t[start..]) {
            return None;
        }
        let mut i = start;
        let mut end = None;
        let mut count = 0;
        let mut syllable_allowance = 0;
        while let Some(w) = WORD.find(&t[i..]) {
            let word = w.as_str();
            let w_end = i + w.end();
            let next = ISSUER_SEP.find(&t[w_end..]).and_then(|s| {
                let at = w_end + s.end();
                WORD.find(&t[at..]).map(|n| (s.as_str(), at, n.as_str()))
            });
            if starts_upper(word) {
                syllable_allowance = 1;
            } else {
                if word.chars().all(|c| c.is_ascii_digit()) {
                    if word.len() > 2 {
                        break;
                    }
                } else {
                    let lower = word.to_lowercase();
                    if ISSUER_STOP.contains(&lower.as_str()) {
                        break;
                    }
                    if let Some((_, _, nw)) = next {
                        let nw = nw.to_lowercase();
                        if ISSUER_STOP_PAIRS
                            .iter()
                            .any(|&(a, b)| a == lower && b == nw)
                        {
                            break;
                        }
                    }
                    if lower == "và" {
                        // "Bộ Thông tin và Truyền thông", but not "… Gia Lai và
                        // Thông tư số …" nor "… tỉnh và thực hiện …".
                        match next {
                            Some((_, at, nw))
                                if starts_upper(nw) && !KIND_AT.is_match(&t[at..]) => {}
                            _ => break,
                        }
                    } else if syllable_allowance > 0 {
                        syllable_allowance -= 1;
                    } else if !ISSUER_WORDS.contains(&lower.as_str()) {
                        break;
                    }
                }
            }
            if word != "và" {
                end = Some(w_end);
            }
            count += 1;
            if count >= 16 {
                break;
            }
            match next {
                Some((sep, at, nw)) if !sep.trim().is_empty() => {
                    // A dash joins capitalised parts: "Lao động - Thương binh".
                    if !starts_upper(nw) {
                        break;
                    }
                    i = at;
                }
                Some((_, at, _)) => i = at,
                None => {
                    // "Bộ Văn hóa, Thể thao và Du lịch".
                    if (word == "hóa" || word == "hoá") && t[w_end..].starts_with(", Thể thao")
                    {
                        i = w_end + 2;
                        continue;
                    }
                    break;
                }
            }
        }
        let end = end?;
        let name = SPACES.replace_all(&t[start..end], " ").into_owned();
        Some((name, end))
    }
}

#[cfg(test)]
#[path = "citation_tests.rs"]
mod tests;
