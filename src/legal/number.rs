//! Vietnamese document numbers (số hiệu): parsing, canonical form, lookup key, URL slug.
//!
//! Why a parser rather than a string: the same number is printed in many ways
//! (`921/CTHĐ- UBND`, `1690/QD-TTg` typed without `Đ`, decomposed Unicode
//! pasted from a PDF, `–` for `-`), and every place that compares numbers —
//! duplicate detection, `[relations]` in front matter, links found in the body
//! text, search — must agree that these are one document. [`DocNumber::key`]
//! is that agreement; [`DocNumber::canonical`] is what we print; and
//! [`DocNumber::slug`] is the URL segment defined in `docs/conventions.md`.
//!
//! Shapes recognised (serial, optional year, codes):
//!
//! | form | example | parts |
//! |---|---|---|
//! | `serial/year/ISSUER` | `86/2015/QH13` | type none, issuer `qh13` |
//! | `serial/year/TYPE-ISSUER` | `11/2022/TT-BTTTT`, `01/2021/TTLT-BTP-BNV` | `tt` / `btttt` |
//! | `serial/TYPE-ISSUER` | `1690/QĐ-TTg`, `921/CTHĐ-UBND` | `qd` / `ttg` |
//! | `serial-TYPE/ISSUER` (Party, old State forms) | `04-NQ/TU`, `18-L/CTN`, `101-SL/L.003` | `nq` / `tu` |
//!
//! Old prints that split a legislature's term from its code (`73/2006/QH 11`)
//! are read as `73/2006/QH11`.
//!
//! The same scanner serves [`DocNumber::parse`] (a front-matter field: any
//! case, any spacing around separators) and the citation finder (running
//! text: strict casing so that `1- Trong trường hợp` or a date never reads as
//! a number).

use std::fmt;
use std::hash::{Hash, Hasher};

use unicode_normalization::UnicodeNormalization;

/// Folds Vietnamese text for comparison: NFC, diacritics stripped, `đ`/`Đ` → `d`,
/// lower case. `"Quyết Định"` → `"quyet dinh"`.
pub fn fold(s: &str) -> String {
    crate::text::fold(s)
}

/// Type codes (folded) that may open the code part of a `serial/…` number.
/// When the first code is not one of these (`86/2015/QH13`,
/// `1234/BTTTT-CĐSQG`), the whole code part is the issuer.
const TYPE_CODES: &[&str] = &[
    "bc", "cd", "ct", "ctr", "cthd", "da", "hd", "kh", "kl", "l", "lct", "nd", "nq", "nqlt", "pl",
    "qc", "qd", "qdi", "qyd", "sl", "tb", "tt", "ttlt", "ttr", "vbhn",
];

/// Codes commonly typed without `Đ`, restored in the canonical form.
fn restore_d(token: &str) -> Option<String> {
    let fixed = match token {
        "QD" => "QĐ",
        "ND" => "NĐ",
        "QDi" => "QĐi",
        "CTHD" => "CTHĐ",
        "HDND" => "HĐND",
        "BGDDT" => "BGDĐT",
        _ => {
            let rest = token.strip_prefix("HDNN")?;
            if rest.bytes().all(|b| b.is_ascii_digit()) {
                return Some(format!("HĐNN{rest}"));
            }
            return None;
        }
    };
    Some(fixed.to_string())
}

/// A parsed document number. Equality and hashing follow [`DocNumber::key`],
/// so two spellings of one number are equal.
#[derive(Debug, Clone)]
pub struct DocNumber {
    canonical: String,
    key: String,
    serial: String,
    year: Option<u16>,
    type_code: Option<String>,
    issuer_code: Option<String>,
}

/// The components of a number, folded (lower-case ASCII), for search and
/// disambiguation. For `1690/QĐ-TTg`: serial `1690`, year none, type `qd`,
/// issuer `ttg`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberParts<'a> {
    /// The serial as printed, leading zeros kept (`04`).
    pub serial: &'a str,
    pub year: Option<u16>,
    /// Document type code (`qd`, `tt`, `nq`…), when the number carries one.
    pub type_code: Option<&'a str>,
    /// Everything after the type code (`ttg`, `btp-bnv`, `qh13`).
    pub issuer_code: Option<&'a str>,
}

impl DocNumber {
    /// Parses a number written on its own (a front-matter field, a search
    /// query). Tolerates surrounding and inner spaces around `/` and `-`,
    /// `–`/`—` for `-`, decomposed Unicode and any letter case.
    /// `"921/CTHĐ- UBND"` → `921/CTHĐ-UBND`.
    pub fn parse(s: &str) -> Option<DocNumber> {
        let s: String = s.nfc().collect();
        let s = s.trim();
        let (number, end) = scan(s, 0, Mode::Field)?;
        (end == s.len()).then_some(number)
    }

    /// Reads a number printed at byte `at` of running text (NFC), as the
    /// citation finder does: at most one space around a separator, codes in
    /// capitals (`TTg`, `QĐi` allowed), nothing glued after the number. Does
    /// not look at what precedes `at`. Returns the number and the byte offset
    /// just after it. `"Quyết định số 1690/QĐ-TTg ngày …"` at the `1` →
    /// `1690/QĐ-TTg`.
    pub fn read_at(text: &str, at: usize) -> Option<(DocNumber, usize)> {
        if !text.is_char_boundary(at) {
            return None;
        }
        scan(text, at, Mode::Text)
    }

    /// The number as printed: NFC, no spaces, `-` as the dash, `Đ` restored in
    /// common codes typed without it (`QD` → `QĐ`).
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// Folded lookup key: `1690/qd-ttg`. Equal for two spellings of a number.
    pub fn key(&self) -> String {
        self.key.clone()
    }

    /// URL slug per `docs/conventions.md`: `1690-qd-ttg`, `86-2015-qh13`.
    pub fn slug(&self) -> String {
        crate::text::slugify(&self.key)
    }

    /// Serial, year, type code and issuer code, folded.
    pub fn parts(&self) -> NumberParts<'_> {
        NumberParts {
            serial: &self.serial,
            year: self.year,
            type_code: self.type_code.as_deref(),
            issuer_code: self.issuer_code.as_deref(),
        }
    }
}

impl PartialEq for DocNumber {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}

impl Eq for DocNumber {}

impl Hash for DocNumber {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key.hash(state);
    }
}

impl fmt::Display for DocNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

/// How strictly [`scan`] reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A field holding only a number: any case, any whitespace around separators.
    Field,
    /// Running text: at most one space on each side of a separator, codes
    /// start with a capital and have no more lower-case than upper-case
    /// letters (`TTg`, `QĐi` pass; `Trong`, `Gia` do not), and the number must
    /// not be glued to other text.
    Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Slash,
    Dash,
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == 'Đ' || c == 'đ'
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '—')
}

fn is_space(c: char, mode: Mode) -> bool {
    match mode {
        Mode::Field => c.is_whitespace(),
        Mode::Text => c == ' ' || c == '\u{a0}',
    }
}

struct Scanner<'a> {
    s: &'a str,
    pos: usize,
    mode: Mode,
}

impl<'a> Scanner<'a> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }

    fn skip_spaces(&mut self) {
        let mut n = 0;
        while let Some(c) = self.peek() {
            if !is_space(c, self.mode) || (self.mode == Mode::Text && n == 1) {
                break;
            }
            self.pos += c.len_utf8();
            n += 1;
        }
    }

    /// A separator with its tolerated spaces. Leaves `pos` alone on failure.
    fn sep(&mut self) -> Option<Sep> {
        let start = self.pos;
        self.skip_spaces();
        let sep = match self.peek() {
            Some('/') => Sep::Slash,
            Some(c) if is_dash(c) => Sep::Dash,
            _ => {
                self.pos = start;
                return None;
            }
        };
        self.pos += self.peek().map_or(0, char::len_utf8);
        self.skip_spaces();
        Some(sep)
    }

    /// A maximal run of code characters, rejected when glued to a letter
    /// outside the code alphabet (`Công`, `Trường`).
    fn run(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let rest = &self.s[start..];
        let len = rest.find(|c: char| !is_code_char(c)).unwrap_or(rest.len());
        if len == 0 {
            return None;
        }
        if rest[len..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
        {
            return None;
        }
        self.pos = start + len;
        Some(&self.s[start..start + len])
    }

    /// A code token. `first`: the first code after a separator group, which
    /// must start with a letter; later ones may be all digits (`L-004`).
    fn code(&mut self, first: bool) -> Option<String> {
        let start = self.pos;
        let Some(tok) = self.run() else {
            self.pos = start;
            return None;
        };
        let digits_only = tok.chars().all(|c| c.is_ascii_digit());
        let ok = if digits_only {
            !first
        } else {
            let head = tok.chars().next().unwrap_or('0');
            let upper = tok.chars().filter(|c| c.is_uppercase()).count();
            let lower = tok.chars().filter(|c| c.is_lowercase()).count();
            head.is_alphabetic()
                && (self.mode == Mode::Field
                    || (head.is_uppercase() && lower <= upper && tok.chars().count() <= 15))
        };
        if !ok {
            self.pos = start;
            return None;
        }
        let mut code = restore_d(tok).unwrap_or_else(|| tok.to_string());
        // "73/2006/QH 11": the legislature's term printed apart from its code.
        if LEGISLATURE_CODES.contains(&code.as_str()) {
            let rest = &self.s[self.pos..];
            if let Some(after_space) = rest.strip_prefix(' ') {
                let digits = after_space.bytes().take_while(u8::is_ascii_digit).count();
                let glued = after_space[digits..]
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric);
                if (1..=2).contains(&digits) && !glued {
                    code.push_str(&after_space[..digits]);
                    self.pos += 1 + digits;
                }
            }
        }
        Some(code)
    }

    /// Further codes after the first: `-CP`, `/TW`, `-BTP-BNV`, `.003`.
    /// Appends them to `canonical` and returns them.
    fn chain(&mut self, canonical: &mut String) -> Vec<String> {
        let mut codes = Vec::new();
        loop {
            let save = self.pos;
            let sep = if self.s[self.pos..].starts_with('.')
                && self.s[self.pos + 1..]
                    .chars()
                    .next()
                    .is_some_and(is_code_char)
            {
                // `101-SL/L.003`: a dot only between two codes, never spaced.
                self.pos += 1;
                '.'
            } else {
                match self.sep() {
                    Some(Sep::Slash) => '/',
                    Some(Sep::Dash) => '-',
                    None => break,
                }
            };
            let Some(code) = self.code(false) else {
                self.pos = save;
                break;
            };
            canonical.push(sep);
            canonical.push_str(&code);
            codes.push(code);
        }
        codes
    }
}

/// Codes followed by a legislature's term, which some prints set apart
/// (`QH 11`).
const LEGISLATURE_CODES: &[&str] = &["QH", "UBTVQH", "HĐNN"];

/// Reads a document number starting at byte `start` of `s`. Returns the
/// number and the byte offset just after it. `start` is a char boundary; in
/// [`Mode::Text`] the caller has checked what precedes it.
fn scan(s: &str, start: usize, mode: Mode) -> Option<(DocNumber, usize)> {
    let mut sc = Scanner {
        s,
        pos: start,
        mode,
    };
    // Serial.
    let rest = &s[start..];
    let digits = rest
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(rest.len());
    if digits == 0 || digits > 6 {
        return None;
    }
    let serial = rest[..digits].to_string();
    sc.pos = start + digits;
    if sc.peek().is_some_and(char::is_alphanumeric) {
        return None;
    }
    let mut canonical = serial.clone();
    let mut year = None;
    let type_code;
    let issuer_at; // byte offset in `canonical` where the issuer part starts
    match sc.sep()? {
        Sep::Slash => {
            canonical.push('/');
            let save = sc.pos;
            if let Some(y) = sc
                .run()
                .filter(|t| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            {
                // Any four digits: the slot is a year by position ("12/5/2022"
                // fails for want of a code after it, not for its value).
                if sc.sep()? != Sep::Slash {
                    return None;
                }
                year = y.parse().ok();
                canonical.push_str(y);
                canonical.push('/');
            } else {
                sc.pos = save;
            }
            let codes_at = canonical.len();
            let mut codes = vec![sc.code(true)?];
            canonical.push_str(&codes[0]);
            codes.extend(sc.chain(&mut canonical));
            if TYPE_CODES.contains(&fold(&codes[0]).as_str()) {
                type_code = Some(fold(&codes[0]));
                issuer_at = (codes.len() > 1).then(|| codes_at + codes[0].len() + 1);
            } else {
                type_code = None;
                issuer_at = Some(codes_at);
            }
        }
        Sep::Dash => {
            let kind = sc.code(true)?;
            canonical.push('-');
            canonical.push_str(&kind);
            if sc.sep()? != Sep::Slash {
                return None;
            }
            canonical.push('/');
            issuer_at = Some(canonical.len());
            canonical.push_str(&sc.code(true)?);
            sc.chain(&mut canonical);
            type_code = Some(fold(&kind));
        }
    }
    if mode == Mode::Text {
        // `1690/QĐ-TTg-xyz`, `86/2015/QH13/abc`: glued to more code-like text
        // we did not accept; better no link than a wrong one.
        let mut after = s[sc.pos..].chars();
        if after.next().is_some_and(|c| c == '/' || is_dash(c))
            && after.next().is_some_and(char::is_alphanumeric)
        {
            return None;
        }
    }
    let key = fold(&canonical);
    let issuer_code = issuer_at.map(|at| fold(&canonical[at..]));
    let number = DocNumber {
        canonical,
        key,
        serial,
        year,
        type_code,
        issuer_code,
    };
    Some((number, sc.pos))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (input, canonical, key, slug, serial, year, type code, issuer code)
    type Row = (
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        Option<u16>,
        Option<&'static str>,
        Option<&'static str>,
    );

    #[rustfmt::skip]
    const ROWS: &[Row] = &[
        ("86/2015/QH13", "86/2015/QH13", "86/2015/qh13", "86-2015-qh13", "86", Some(2015), None, Some("qh13")),
        ("11/2022/TT-BTTTT", "11/2022/TT-BTTTT", "11/2022/tt-btttt", "11-2022-tt-btttt", "11", Some(2022), Some("tt"), Some("btttt")),
        ("16/2023/QĐ-UBND", "16/2023/QĐ-UBND", "16/2023/qd-ubnd", "16-2023-qd-ubnd", "16", Some(2023), Some("qd"), Some("ubnd")),
        ("1690/QĐ-TTg", "1690/QĐ-TTg", "1690/qd-ttg", "1690-qd-ttg", "1690", None, Some("qd"), Some("ttg")),
        ("687/KH-UBND", "687/KH-UBND", "687/kh-ubnd", "687-kh-ubnd", "687", None, Some("kh"), Some("ubnd")),
        ("921/CTHĐ-UBND", "921/CTHĐ-UBND", "921/cthd-ubnd", "921-cthd-ubnd", "921", None, Some("cthd"), Some("ubnd")),
        ("921/CTHĐ- UBND", "921/CTHĐ-UBND", "921/cthd-ubnd", "921-cthd-ubnd", "921", None, Some("cthd"), Some("ubnd")),
        ("04-NQ/TU", "04-NQ/TU", "04-nq/tu", "04-nq-tu", "04", None, Some("nq"), Some("tu")),
        ("28-KL/TW", "28-KL/TW", "28-kl/tw", "28-kl-tw", "28", None, Some("kl"), Some("tw")),
        ("20/2023/QH15", "20/2023/QH15", "20/2023/qh15", "20-2023-qh15", "20", Some(2023), None, Some("qh15")),
        ("13/2023/NĐ-CP", "13/2023/NĐ-CP", "13/2023/nd-cp", "13-2023-nd-cp", "13", Some(2023), Some("nd"), Some("cp")),
        ("01/2021/TTLT-BTP-BNV", "01/2021/TTLT-BTP-BNV", "01/2021/ttlt-btp-bnv", "01-2021-ttlt-btp-bnv", "01", Some(2021), Some("ttlt"), Some("btp-bnv")),
        ("1690/QD-TTg", "1690/QĐ-TTg", "1690/qd-ttg", "1690-qd-ttg", "1690", None, Some("qd"), Some("ttg")),
        ("  1690 / QĐ – TTg ", "1690/QĐ-TTg", "1690/qd-ttg", "1690-qd-ttg", "1690", None, Some("qd"), Some("ttg")),
        ("1690/qđ-ttg", "1690/qđ-ttg", "1690/qd-ttg", "1690-qd-ttg", "1690", None, Some("qd"), Some("ttg")),
        ("725/2009/UBTVQH12", "725/2009/UBTVQH12", "725/2009/ubtvqh12", "725-2009-ubtvqh12", "725", Some(2009), None, Some("ubtvqh12")),
        ("30/2006/PL-UBTVQH11", "30/2006/PL-UBTVQH11", "30/2006/pl-ubtvqh11", "30-2006-pl-ubtvqh11", "30", Some(2006), Some("pl"), Some("ubtvqh11")),
        ("18-L/CTN", "18-L/CTN", "18-l/ctn", "18-l-ctn", "18", None, Some("l"), Some("ctn")),
        ("21-LCT/HĐNN8", "21-LCT/HĐNN8", "21-lct/hdnn8", "21-lct-hdnn8", "21", None, Some("lct"), Some("hdnn8")),
        ("21-LCT/HDNN8", "21-LCT/HĐNN8", "21-lct/hdnn8", "21-lct-hdnn8", "21", None, Some("lct"), Some("hdnn8")),
        ("102-SL/L-004", "102-SL/L-004", "102-sl/l-004", "102-sl-l-004", "102", None, Some("sl"), Some("l-004")),
        ("200/NQ-TVQH", "200/NQ-TVQH", "200/nq-tvqh", "200-nq-tvqh", "200", None, Some("nq"), Some("tvqh")),
        ("1234/BTTTT-CĐSQG", "1234/BTTTT-CĐSQG", "1234/btttt-cdsqg", "1234-btttt-cdsqg", "1234", None, None, Some("btttt-cdsqg")),
        ("01/VBHN-VPQH", "01/VBHN-VPQH", "01/vbhn-vpqh", "01-vbhn-vpqh", "01", None, Some("vbhn"), Some("vpqh")),
        ("05-CT/TW", "05-CT/TW", "05-ct/tw", "05-ct-tw", "05", None, Some("ct"), Some("tw")),
        ("12/QĐ", "12/QĐ", "12/qd", "12-qd", "12", None, Some("qd"), None),
        ("10/2020/TT-BLĐTBXH", "10/2020/TT-BLĐTBXH", "10/2020/tt-bldtbxh", "10-2020-tt-bldtbxh", "10", Some(2020), Some("tt"), Some("bldtbxh")),
        ("01/2017/NQ-HĐND", "01/2017/NQ-HĐND", "01/2017/nq-hdnd", "01-2017-nq-hdnd", "01", Some(2017), Some("nq"), Some("hdnd")),
        ("01/2017/NQ-HDND", "01/2017/NQ-HĐND", "01/2017/nq-hdnd", "01-2017-nq-hdnd", "01", Some(2017), Some("nq"), Some("hdnd")),
        ("101-SL/L.003", "101-SL/L.003", "101-sl/l.003", "101-sl-l-003", "101", None, Some("sl"), Some("l.003")),
        ("73/2006/QH 11", "73/2006/QH11", "73/2006/qh11", "73-2006-qh11", "73", Some(2006), None, Some("qh11")),
        ("1/9999/RT", "1/9999/RT", "1/9999/rt", "1-9999-rt", "1", Some(9999), None, Some("rt")),
    ];

    #[test]
    fn parses_real_forms() {
        for &(input, canonical, key, slug, serial, year, type_code, issuer_code) in ROWS {
            let Some(n) = DocNumber::parse(input) else {
                panic!("did not parse {input:?}")
            };
            assert_eq!(n.canonical(), canonical, "{input}");
            assert_eq!(n.key(), key, "{input}");
            assert_eq!(n.slug(), slug, "{input}");
            assert_eq!(n.to_string(), canonical, "{input}");
            let parts = n.parts();
            assert_eq!(
                parts,
                NumberParts {
                    serial,
                    year,
                    type_code,
                    issuer_code
                },
                "{input}"
            );
        }
        assert!(ROWS.len() >= 20);
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        for input in [
            "",
            "  ",
            "abc",
            "20/01/2022",
            "27/3/2024",
            "10/100",
            "1/3",
            "2022-2026",
            "QĐ-TTg",
            "1690",
            "1690/",
            "1690/QĐ-",
            "86/2015",
            "86/2015/",
            "1.000.000",
            "0269-3823456",
            "86/2015/QH13 extra",
            "Số 1690/QĐ-TTg",
            "1234567/QĐ-TTg",
            "04-NQ",
            "04-NQ-TU",
            "86/2015/QH13.",
            "1690/QĐ-TTg 12",
            "86/2015/QH 123",
            "COVID-19",
            "81A-123.45",
        ] {
            assert_eq!(DocNumber::parse(input), None, "{input:?}");
        }
    }

    #[test]
    fn spellings_of_one_number_are_equal() {
        use std::collections::HashSet;
        let spellings = [
            "1690/QĐ-TTg",
            "1690/QD-TTg",
            "1690/QĐ-TTG",
            "1690 /QĐ - TTg",
            "1690/QĐ–TTg",
            "1690/qđ-ttg",
        ];
        let parsed: Vec<DocNumber> = spellings
            .iter()
            .filter_map(|s| DocNumber::parse(s))
            .collect();
        assert_eq!(parsed.len(), spellings.len());
        let set: HashSet<&DocNumber> = parsed.iter().collect();
        assert_eq!(set.len(), 1);
        assert!(parsed.iter().all(|n| n.key() == "1690/qd-ttg"));
        assert_ne!(DocNumber::parse("04-NQ/TU"), DocNumber::parse("04/NQ-TU"));
    }

    #[test]
    fn decomposed_input_is_composed() {
        let nfd: String = "921/CTHĐ-UBND".nfd().collect();
        let n = DocNumber::parse(&nfd);
        assert_eq!(n.as_ref().map(DocNumber::canonical), Some("921/CTHĐ-UBND"));
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Quyết Định"), "quyet dinh");
        assert_eq!(fold("Đảng bộ tỉnh"), "dang bo tinh");
        assert_eq!(fold("QĐ-TTg"), "qd-ttg");
        let nfd: String = "Luật An toàn thông tin mạng".nfd().collect();
        assert_eq!(fold(&nfd), "luat an toan thong tin mang");
    }

    #[test]
    fn text_mode_is_strict() {
        assert!(DocNumber::read_at("Điều 5", 1).is_none());
        let at = "số ".len();
        assert!(DocNumber::read_at("số 04-NQ/TU ngày", at)
            .is_some_and(|(n, end)| n.key() == "04-nq/tu" && end == at + "04-NQ/TU".len()));
        assert!(scan("1- Trong trường hợp", 0, Mode::Text).is_none());
        assert!(scan("1- Công dân", 0, Mode::Text).is_none());
        assert!(scan("687/KH-UBND - Gia Lai", 0, Mode::Text)
            .is_some_and(|(n, end)| n.canonical() == "687/KH-UBND" && end == 11));
        assert!(scan("1690/QĐ-TTg-xyz", 0, Mode::Text).is_none());
        assert!(scan("921/CTHĐ- UBND ngày", 0, Mode::Text)
            .is_some_and(|(n, end)| n.canonical() == "921/CTHĐ-UBND" && end == 15));
        assert!(scan("921/CTHĐ-  UBND", 0, Mode::Text)
            .is_some_and(|(n, _)| n.canonical() == "921/CTHĐ"));
        assert!(scan("1690/QĐ-TTg 12 tháng", 0, Mode::Text).is_some_and(|(_, end)| end == 12));
        assert!(scan("Luật 28/2004/QH 11 ngày", "Luật ".len(), Mode::Text)
            .is_some_and(|(n, _)| n.canonical() == "28/2004/QH11"));
        assert!(scan("86/2015/QH13.Tiếp", 0, Mode::Text)
            .is_some_and(|(n, _)| n.canonical() == "86/2015/QH13"));
    }
}
