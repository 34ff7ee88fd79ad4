//! Vietnamese text analysis for search: syllables, three term views and
//! document numbers.
//!
//! The same rules are implemented twice: here (the Rust index, tantivy) and in
//! `themes/default/static/vanban-analyzer.js` (the in-browser search). A query
//! only finds what the index holds if both sides turn text into the same terms,
//! so this comment is the specification, and `tests/analyzer-vectors.json` is
//! the one set of test vectors that both implementations must pass. Change a
//! rule here, in the JavaScript and in the vectors together.
//!
//! # Why three views
//!
//! Vietnamese is written in syllables separated by spaces; diacritics carry
//! meaning (`ban`, `bàn`, `bán`, `bản`, `bạn` are different words) but users
//! often type without them. So every syllable is indexed twice, and adjacent
//! syllables once more:
//!
//! * **folded** terms (no diacritics) find a query typed with or without marks;
//! * **exact** terms (with diacritics) rank the documents that match the marks
//!   the user did type higher: callers boost the exact view when
//!   [`has_diacritics`] is true for the query;
//! * **pair** terms (two adjacent folded syllables, `chuyen_doi`) approximate
//!   Vietnamese words, which are mostly one or two syllables, so a phrase ranks
//!   above the same syllables scattered through a document.
//!
//! # Rules
//!
//! **NFC** ([`nfc`]). All text is first put in Unicode Normalization Form C, so
//! precomposed (`ệ` U+1EC7) and decomposed (`e` U+0065 + U+0323 + U+0302, in any
//! order of the marks, or `ê` + U+0323) input give the same terms. Every
//! Vietnamese letter has a precomposed form, so NFC Vietnamese text contains no
//! combining marks.
//!
//! **Fold** ([`fold`]). `fold(s)` is, in this order: NFC; lower-case (Unicode
//! default full lower-casing: Rust `str::to_lowercase`, JavaScript
//! `String.prototype.toLowerCase`); NFD; delete every code point in the
//! Combining Diacritical Marks block U+0300..=U+036F (this removes all five
//! Vietnamese tone marks — grave U+0300, acute U+0301, tilde U+0303, hook above
//! U+0309, dot below U+0323 — and the vowel marks breve U+0306, circumflex
//! U+0302 and horn U+031B, as well as the marks of other Latin-script
//! languages); replace `đ` (U+0111), `ð` (U+00F0) and `ɖ` (U+0256) by `d`; NFC
//! again (so that scripts that NFD splits, such as Hangul, come back whole).
//! `ð` and `ɖ` are the lower case of `Ð` (U+00D0) and `Ɖ` (U+0189), which look
//! exactly like `Đ` and turn up in text converted from legacy Vietnamese
//! encodings. Vietnamese text folds to plain ASCII.
//!
//! **Syllables** ([`syllables`]). After NFC, a syllable is a maximal run of
//! code points for which Rust's `char::is_alphanumeric` is true: the Unicode
//! property `Alphabetic` or a general category `Nd`, `Nl` or `No`. In
//! JavaScript that class is `/[\p{Alphabetic}\p{N}]/u` — deliberately *not*
//! `\p{L}`, which would leave out `Alphabetic` code points that are not letters
//! (circled letters such as `Ⓐ`, Roman numerals are in both, combining vowel
//! signs of Indic scripts). Everything else separates syllables: spaces,
//! punctuation, `/`, `-`, `_`, symbols and any combining mark left over after
//! NFC. Letters and digits are not separated from each other: `QH13` and `2a`
//! are one syllable each. Offsets index the NFC string: [`Token::start`] and
//! [`Token::end`] are UTF-8 byte offsets in Rust and UTF-16 code-unit offsets in
//! JavaScript (the units each language slices strings with); the vectors give
//! them in code points.
//!
//! **Folded view** ([`folded_terms`]). `fold` of each syllable, in order.
//! A syllable that folds to the empty string (it can only consist of combining
//! marks that are `Alphabetic`, such as U+0345) is dropped.
//!
//! **Exact view** ([`exact_terms`], [`exact_term`]). Each syllable is
//! lower-cased and put in NFC, `ð` and `ɖ` become `đ`, and then the tone mark is
//! moved to its canonical vowel (below). Diacritics are kept.
//!
//! **Pair view** ([`pair_terms`], [`pair_tokens`]). For each two consecutive
//! syllables of the folded view, `a + "_" + b`, unless the text between them
//! (in the NFC string) contains a break character: `.` `,` `;` `:` `!` `?`
//! `(` `)` `[` `]` `{` `}` `…` (U+2026) or a line break (`\n`, `\r`, U+000B,
//! U+000C, U+0085, U+2028, U+2029). Spaces, `/`, `-`, quotes and other symbols
//! do not break a pair: `1690/QĐ-TTg` gives `1690_qd`, `qd_ttg`.
//!
//! **Diacritics in a query** ([`has_diacritics`]). True when the NFD form of the
//! text contains a code point in U+0300..=U+036F or one of `Đ đ Ð ð Ɖ ɖ`, that
//! is, exactly when `fold` changes more than letter case.
//!
//! # Canonical tone placement: the "new style"
//!
//! Vietnamese has two conventions for where the tone mark goes in the open
//! syllables spelt with `oa`, `oe` and `uy`: the old style puts it on the first
//! vowel (`hòa`, `khỏe`, `thủy`, `Ủy ban`), the new style — the rule of the
//! Ministry of Education's spelling rules of the 1980s, "the tone mark goes on
//! the main vowel" — on the second (`hoà`, `khoẻ`, `thuỷ`, `Uỷ ban`). Official
//! documents use both, often in the same collection, so the exact view must not
//! tell them apart. It stores the **new style**. It could equally have been the
//! old one, since both spellings become the same term either way; the new style
//! was chosen because it is a rule rather than a list of exceptions — the mark
//! always sits on the main vowel, for every syllable — so it is simple to state
//! and to implement identically twice. The same rewriting also repairs marks
//! that are merely misplaced: `qúy` → `quý`, `gìa` → `già`, `hòang` → `hoàng`,
//! `ngòai` → `ngoài`, `khủyu` → `khuỷu`.
//!
//! The rewriting applies to a lower-case NFC syllable whose every code point is
//! an ASCII letter `a`–`z`, `đ`, or one of the 72 vowels `a ă â e ê i o ô ơ u ư
//! y` with no tone or one of the tones `◌̀ ◌́ ◌̉ ◌̃ ◌̣`; whose vowels form one
//! contiguous run (the *cluster*); and that carries exactly one tone mark. Any
//! other syllable (no tone, two tones, digits, other letters, two clusters as
//! in `email`) is left as it is. The tone is taken off, and put back on one
//! vowel of the cluster, chosen in this order:
//!
//! 1. After the initials `q` and `g` a cluster of two or more vowels loses its
//!    first vowel, which belongs to the consonant `qu` or `gi`:
//!    `quý` (cluster `y`), `quả`, `già`, `giữa` (cluster `ưa`); but `gì`, `gìn`.
//! 2. If the cluster has a vowel with a vowel mark (`ă â ê ô ơ ư`), the last
//!    such vowel: `người`, `rượu`, `thuở`, `cứu`, `khuyến`, `loắt`.
//! 3. If the cluster is one vowel, that vowel.
//! 4. If a consonant follows the cluster, the last vowel: `hoàng`, `toán`,
//!    `huỳnh`, `khoét`.
//! 5. If the cluster is `oa`, `oe` or `uy` (open syllable), the second vowel:
//!    `hoà`, `khoẻ`, `thuỷ` — the only place where the two styles differ.
//! 6. Any other open two-vowel cluster: the first vowel: `mùa`, `mía`, `tài`,
//!    `cháu`, `chịu`, `gửi`.
//! 7. An open cluster of three or more vowels: the second vowel: `ngoài`,
//!    `xoáy`, `khuỷu`, `ngoẹo`.
//!
//! The exact view does not unify the spelling variants `i`/`y` (`kĩ`/`kỹ`,
//! `lí`/`lý`, `quí`/`quý`): those are different spellings, not different mark
//! placements.
//!
//! # Document numbers
//!
//! Document numbers (`số hiệu`) are indexed and searched as their own terms,
//! apart from the text views. A number is normalised by `fold`, then dashes
//! (U+2010..=U+2015, U+2212, U+FF0D) become `-` and slashes (U+2044, U+2215,
//! U+FF0F) become `/`. A normalised number has the shape
//!
//! ```text
//! NUMBER := DIGITS [ "/" YEAR ] [ SEP SYMBOL ]
//! SYMBOL := WORD { SEP WORD }        SEP := "/" | "-"
//! DIGITS := [0-9]+   YEAR := [0-9]{4}   WORD := [a-z][a-z0-9]*
//! ```
//!
//! as in `1690/qd-ttg`, `86/2015/qh13`, `11/2022/tt-btttt`, `04-nq/tu`.
//!
//! [`number_terms`] (for the index) removes all white space (`char::is_whitespace`)
//! and any leading or trailing code points other than `a`–`z` and `0`–`9`, and
//! returns, without duplicates and in this order: the whole number; every
//! non-empty part between separators; and, when the number matches `NUMBER` and
//! its `SYMBOL` contains a separator, the whole symbol. `1690/QĐ-TTg` →
//! `1690/qd-ttg 1690 qd ttg qd-ttg`; `86/2015/QH13` → `86/2015/qh13 86 2015
//! qh13`; `04-NQ/TU` → `04-nq/tu 04 nq tu nq/tu`.
//!
//! [`query_numbers`] (for a query) finds numbers inside free text. White space
//! next to a `/` or `-` is removed, and the text is cut into *chunks*: maximal
//! runs of `a`–`z`, `0`–`9`, `/`, `-`, with leading and trailing separators
//! trimmed; a chunk with two separators in a row is skipped. A chunk that
//! matches `NUMBER` gives the group `[DIGITS, YEAR?, SYMBOL?]`. A chunk that is a
//! `SYMBOL` with at least one separator, followed by nothing but white space and
//! then a chunk that matches `NUMBER` without a symbol, gives the group
//! `[DIGITS, YEAR?, SYMBOL]` (the form `QĐ-TTg 1690`), and the two chunks are
//! used up. Other chunks give nothing. Every term of a group is a term of
//! `number_terms` of any document whose number it was written for, even when the
//! query leaves out the year or part of the symbol (`16/QĐ-UBND` finds
//! `16/2023/QĐ-UBND`), so a caller can require all terms of a group.
//! [`query_number_terms`] is the groups flattened, without duplicates:
//! `1690/QĐ-TTg`, `1690/QD-TTg` and `QĐ-TTg 1690` → `1690 qd-ttg`; `1690` →
//! `1690`; `86/2015/QH13` → `86 2015 qh13`; `86/2015` → `86 2015`.
//!
//! # Known differences between Rust and JavaScript
//!
//! Both follow Unicode, but each at the version its runtime ships (Rust's
//! standard library and JavaScript engine's ICU may be a version apart), so
//! code points assigned in the newest Unicode version may be classified
//! differently. This never affects Vietnamese text (and a differential run of
//! 50,000 random strings, Vietnamese and other, gave identical terms from
//! Rust 1.95 and Node 20). Offsets are in each language's own string units, as
//! said above. The JavaScript uses `\p{Alphabetic}` rather than `\p{L}` and
//! `\p{White_Space}` rather than `\s`, because those are the properties
//! behind `char::is_alphanumeric` and `char::is_whitespace`.

use unicode_normalization::UnicodeNormalization;

use crate::text::is_combining_diacritic;
pub use crate::text::{fold, nfc};

/// One syllable of a text, or one pair of syllables from [`pair_tokens`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The syllable as written (NFC, original case); for a pair, the pair term.
    pub text: String,
    /// UTF-8 byte offset of the first byte in the NFC text.
    pub start: usize,
    /// UTF-8 byte offset just after the last byte in the NFC text.
    pub end: usize,
}

/// The syllables of `text` (maximal runs of alphanumeric code points after NFC),
/// with byte offsets into `nfc(text)`.
pub fn syllables(text: &str) -> Vec<Token> {
    tokens_of(&nfc(text))
}

/// Each syllable folded: `"Chuyển đổi số"` → `["chuyen", "doi", "so"]`.
pub fn folded_terms(text: &str) -> Vec<String> {
    syllables(text)
        .iter()
        .map(|t| fold(&t.text))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Each syllable lower-cased with its diacritics and the tone mark in the
/// canonical (new-style) place: `"Hòa thủy"` → `["hoà", "thuỷ"]`.
pub fn exact_terms(text: &str) -> Vec<String> {
    syllables(text)
        .iter()
        .map(|t| exact_term(&t.text))
        .collect()
}

/// The exact-view term of one syllable: lower case, NFC, `ð`/`ɖ` → `đ`, tone
/// mark moved to its canonical vowel (see the module documentation).
pub fn exact_term(syllable: &str) -> String {
    let lower = nfc(syllable).to_lowercase();
    let lower: String = nfc(&lower)
        .chars()
        .map(|c| if is_lookalike_d(c) { 'đ' } else { c })
        .collect();
    place_tone(&lower).unwrap_or(lower)
}

/// Adjacent folded syllables joined by `_`, not across sentence punctuation or
/// line breaks: `"Chuyển đổi số"` → `["chuyen_doi", "doi_so"]`.
pub fn pair_terms(text: &str) -> Vec<String> {
    pair_tokens(text).into_iter().map(|t| t.text).collect()
}

/// Like [`pair_terms`], with each pair's offsets in `nfc(text)`: from the start
/// of its first syllable to the end of its second.
pub fn pair_tokens(text: &str) -> Vec<Token> {
    pair_tokens_by(text, fold)
}

/// [`pair_tokens`] with `fold` given (the indexer passes a memoised one).
pub fn pair_tokens_by(text: &str, fold: impl Fn(&str) -> String) -> Vec<Token> {
    let text = nfc(text);
    let folded: Vec<Token> = tokens_of(&text)
        .into_iter()
        .map(|t| Token {
            text: fold(&t.text),
            ..t
        })
        .filter(|t| !t.text.is_empty())
        .collect();
    pairs_of(&text, &folded)
}

/// The pairs of adjacent syllables of `folded` (the non-empty folded
/// syllables of the NFC text `text`), as [`pair_tokens`] gives them.
pub fn pairs_of(text: &str, folded: &[Token]) -> Vec<Token> {
    folded
        .windows(2)
        .filter_map(|w| {
            let (a, b) = (&w[0], &w[1]);
            let gap = text.get(a.end..b.start)?;
            if gap.chars().any(is_pair_break) {
                return None;
            }
            Some(Token {
                text: format!("{}_{}", a.text, b.text),
                start: a.start,
                end: b.end,
            })
        })
        .collect()
}

/// Whether `query` carries Vietnamese tone or vowel marks (any combining mark
/// U+0300..=U+036F after NFD) or a `đ`: then the exact view deserves a boost.
pub fn has_diacritics(query: &str) -> bool {
    query
        .nfd()
        .any(|c| is_combining_diacritic(c) || matches!(c, 'đ' | 'Đ' | 'ð' | 'Ð' | 'ɖ' | 'Ɖ'))
}

/// Index terms of a document number: the whole normalised number, its parts and
/// its symbol. `"1690/QĐ-TTg"` → `["1690/qd-ttg", "1690", "qd", "ttg", "qd-ttg"]`.
pub fn number_terms(number: &str) -> Vec<String> {
    let normalized: String = normalize_number_text(number)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let whole = normalized.trim_matches(|c: char| !is_number_char(c));
    if whole.is_empty() {
        return Vec::new();
    }
    let mut terms = Vec::new();
    push_unique(&mut terms, whole);
    for part in whole.split(is_separator).filter(|p| !p.is_empty()) {
        push_unique(&mut terms, part);
    }
    if let Some(parsed) = parse_number(whole) {
        if let Some(symbol) = parsed.symbol {
            if symbol.contains(is_separator) {
                push_unique(&mut terms, symbol);
            }
        }
    }
    terms
}

/// The document numbers found in a query, one group of terms per number; every
/// term of a group is among the [`number_terms`] of the document it names.
/// `"QĐ-TTg 1690 và 86/2015"` → `[["1690", "qd-ttg"], ["86", "2015"]]`.
pub fn query_numbers(query: &str) -> Vec<Vec<String>> {
    let text = squeeze_separators(&normalize_number_text(query));
    let chunks = chunks_of(&text);
    let mut groups = Vec::new();
    let mut i = 0;
    while i < chunks.len() {
        let chunk = &chunks[i];
        if let Some(parsed) = parse_number(chunk.text) {
            groups.push(parsed.terms(None));
            i += 1;
            continue;
        }
        if is_symbol(chunk.text) && chunk.text.contains(is_separator) {
            if let Some(next) = chunks.get(i + 1) {
                let between = text.get(chunk.end..next.start).unwrap_or("");
                let parsed = parse_number(next.text).filter(|p| p.symbol.is_none());
                if let (true, Some(parsed)) = (is_blank(between), parsed) {
                    groups.push(parsed.terms(Some(chunk.text)));
                    i += 2;
                    continue;
                }
            }
        }
        i += 1;
    }
    groups
}

/// The terms of all numbers in a query ([`query_numbers`] flattened, without
/// duplicates): `"QĐ-TTg 1690"` → `["1690", "qd-ttg"]`.
pub fn query_number_terms(query: &str) -> Vec<String> {
    let mut terms = Vec::new();
    for group in query_numbers(query) {
        for term in group {
            push_unique(&mut terms, &term);
        }
    }
    terms
}

// ---------------------------------------------------------------------------
// Syllables and the character classes of the rules above.

fn tokens_of(text: &str) -> Vec<Token> {
    syllable_spans(text)
        .map(|(start, end)| Token {
            text: text[start..end].to_string(),
            start,
            end,
        })
        .collect()
}

/// The byte ranges of the syllables of the NFC text `text`: maximal runs of
/// alphanumeric code points.
pub(crate) fn syllable_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut chars = text.char_indices();
    std::iter::from_fn(move || {
        let start = chars.by_ref().find(|&(_, c)| is_alphanumeric(c))?.0;
        let end = chars
            .by_ref()
            .find(|&(_, c)| !is_alphanumeric(c))
            .map_or(text.len(), |(i, _)| i);
        Some((start, end))
    })
}

/// `char::is_alphanumeric`, answered without the Unicode tables for the
/// letters of Vietnamese text: ASCII, Latin-1 and Latin Extended-A/B
/// (`đ`, `ơ`, `ư`…) and Latin Extended Additional (`ạ`…`ỹ`), where every code
/// point but `×` and `÷` is a letter.
pub(crate) fn is_alphanumeric(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        '×' | '÷' => false,
        'À'..='ɏ' | '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric(),
    }
}

/// Lower-case letters that look like `đ` but are not: `ð` (Icelandic eth) and
/// `ɖ` (African D).
fn is_lookalike_d(c: char) -> bool {
    matches!(c, 'ð' | 'ɖ')
}

pub(crate) fn is_pair_break(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '…'
            | '\n'
            | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

// ---------------------------------------------------------------------------
// Tone placement.

/// The twelve Vietnamese vowels (rows), each without a tone and then with the
/// tones huyền, sắc, hỏi, ngã, nặng (columns 0..=5).
const VOWELS: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];
const ROW_A: usize = 0;
const ROW_E: usize = 3;
const ROW_I: usize = 5;
const ROW_O: usize = 6;
const ROW_U: usize = 9;
const ROW_Y: usize = 11;
/// Rows of the vowels with a vowel mark: ă â ê ô ơ ư.
const MARKED_ROWS: [usize; 6] = [1, 2, 4, 7, 8, 10];

/// `(row, tone)` of a lower-case precomposed Vietnamese vowel.
fn vowel_of(c: char) -> Option<(usize, usize)> {
    VOWELS
        .iter()
        .enumerate()
        .find_map(|(row, forms)| forms.chars().position(|v| v == c).map(|tone| (row, tone)))
}

fn vowel_with_tone(row: usize, tone: usize) -> Option<char> {
    VOWELS.get(row)?.chars().nth(tone)
}

#[derive(Clone, Copy)]
enum Letter {
    Vowel(usize),
    Consonant(char),
}

/// The syllable with its one tone mark moved to the canonical vowel, or `None`
/// when the rules do not apply (see the module documentation).
fn place_tone(syllable: &str) -> Option<String> {
    if syllable.is_ascii() {
        return None; // no tone mark: the common case in folded-looking text
    }
    let mut letters = Vec::new();
    let mut tone = 0;
    let mut tones = 0;
    for c in syllable.chars() {
        if let Some((row, t)) = vowel_of(c) {
            if t != 0 {
                tone = t;
                tones += 1;
            }
            letters.push(Letter::Vowel(row));
        } else if c.is_ascii_lowercase() || c == 'đ' {
            letters.push(Letter::Consonant(c));
        } else {
            return None;
        }
    }
    if tones != 1 {
        return None;
    }
    let row_at = |i: usize| match letters.get(i) {
        Some(Letter::Vowel(row)) => Some(*row),
        _ => None,
    };
    let mut first = (0..letters.len()).find(|&i| row_at(i).is_some())?;
    let mut len = (first..letters.len())
        .take_while(|&i| row_at(i).is_some())
        .count();
    if (first + len..letters.len()).any(|i| row_at(i).is_some()) {
        return None;
    }
    if first == 1 && len >= 2 {
        let starts_consonant = matches!(
            (letters[0], row_at(1)),
            (Letter::Consonant('q'), Some(ROW_U)) | (Letter::Consonant('g'), Some(ROW_I))
        );
        if starts_consonant {
            first += 1;
            len -= 1;
        }
    }
    let cluster: Vec<usize> = (first..first + len).filter_map(row_at).collect();
    let open = first + len == letters.len();
    let target = if let Some(i) = cluster.iter().rposition(|r| MARKED_ROWS.contains(r)) {
        i
    } else if len == 1 {
        0
    } else if !open {
        len - 1
    } else if len == 2 {
        match (cluster[0], cluster[1]) {
            (ROW_O, ROW_A) | (ROW_O, ROW_E) | (ROW_U, ROW_Y) => 1,
            _ => 0,
        }
    } else {
        1
    };
    let mut out = String::with_capacity(syllable.len());
    for (i, letter) in letters.iter().enumerate() {
        match *letter {
            Letter::Consonant(c) => out.push(c),
            Letter::Vowel(row) => {
                let t = if i == first + target { tone } else { 0 };
                out.push(vowel_with_tone(row, t)?);
            }
        }
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// Document numbers.

fn normalize_number_text(text: &str) -> String {
    fold(text)
        .chars()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{ff0d}' => '-',
            '\u{2044}' | '\u{2215}' | '\u{ff0f}' => '/',
            _ => c,
        })
        .collect()
}

fn is_separator(c: char) -> bool {
    c == '/' || c == '-'
}

fn is_number_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

fn is_blank(text: &str) -> bool {
    !text.is_empty() && text.chars().all(char::is_whitespace)
}

fn push_unique(terms: &mut Vec<String>, term: &str) {
    if !terms.iter().any(|t| t == term) {
        terms.push(term.to_string());
    }
}

/// A number that matches `NUMBER` of the module documentation.
struct ParsedNumber<'a> {
    digits: &'a str,
    year: Option<&'a str>,
    symbol: Option<&'a str>,
}

impl ParsedNumber<'_> {
    fn terms(&self, symbol_before: Option<&str>) -> Vec<String> {
        let mut terms = vec![self.digits.to_string()];
        if let Some(year) = self.year {
            terms.push(year.to_string());
        }
        if let Some(symbol) = self.symbol.or(symbol_before) {
            terms.push(symbol.to_string());
        }
        terms
    }
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn is_word(s: &str) -> bool {
    let mut bytes = s.bytes();
    matches!(bytes.next(), Some(b) if b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// `SYMBOL`: words joined by single separators.
fn is_symbol(s: &str) -> bool {
    s.split(is_separator).all(is_word)
}

fn parse_number(s: &str) -> Option<ParsedNumber<'_>> {
    let digits_end = s.find(is_separator).unwrap_or(s.len());
    let digits = &s[..digits_end];
    if !is_digits(digits) {
        return None;
    }
    let mut parsed = ParsedNumber {
        digits,
        year: None,
        symbol: None,
    };
    let mut rest = &s[digits_end..];
    if let Some(after) = rest.strip_prefix('/') {
        let year_end = after.find(is_separator).unwrap_or(after.len());
        let year = &after[..year_end];
        if year.len() == 4 && is_digits(year) {
            parsed.year = Some(year);
            rest = &after[year_end..];
        }
    }
    if rest.is_empty() {
        return Some(parsed);
    }
    let symbol = rest.get(1..)?;
    if is_symbol(symbol) {
        parsed.symbol = Some(symbol);
        Some(parsed)
    } else {
        None
    }
}

/// White space next to `/` or `-` removed.
fn squeeze_separators(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending = String::new();
    let mut after_separator = false;
    for c in text.chars() {
        if c.is_whitespace() {
            if !after_separator {
                pending.push(c);
            }
        } else if is_separator(c) {
            pending.clear();
            out.push(c);
            after_separator = true;
        } else {
            out.push_str(&pending);
            pending.clear();
            out.push(c);
            after_separator = false;
        }
    }
    out.push_str(&pending);
    out
}

struct Chunk<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// Maximal runs of `[a-z0-9/-]`, separators trimmed, runs with `//`, `--`, `/-`
/// or `-/` dropped; `start`/`end` are the byte offsets of the untrimmed run.
fn chunks_of(text: &str) -> Vec<Chunk<'_>> {
    let mut chunks = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    let is_chunk_byte =
        |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'/' || b == b'-';
    while i < bytes.len() {
        if !is_chunk_byte(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && is_chunk_byte(bytes[i]) {
            i += 1;
        }
        // Only ASCII bytes were taken, so these are char boundaries.
        let run = &text[start..i];
        let trimmed = run.trim_matches(is_separator);
        if !trimmed.is_empty() && !trimmed.split(is_separator).any(str::is_empty) {
            chunks.push(Chunk {
                text: trimmed,
                start,
                end: i,
            });
        }
    }
    chunks
}

#[cfg(test)]
#[path = "analyzer_tests.rs"]
mod tests;
