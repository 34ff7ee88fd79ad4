//! The body: lines → units (Phần, Chương, Mục, Tiểu mục, Điều, clause, point,
//! paragraph) → Markdown in the forms of `docs/conventions.md`.
//!
//! Why a line-by-line state machine with explicit repairs: the corpus is "one
//! line per unit" except where it is not. Headings lose their titles or have
//! them on the next line, clauses are written `1-`, `1.Text` or `2 .`, lines
//! are wrapped mid-sentence, amending laws quote whole articles, and a few
//! lines start with "Điều 11 …" only because a cross-reference was wrapped.
//! Each of these is recognised by a narrow rule, preferably one the text
//! itself confirms (the next number in sequence, the previous line ending
//! mid-sentence), and every repair is reported with its line.

use std::sync::LazyLock;

use regex::Regex;

use super::header::ymd;
use super::{
    escape_line, is_upper_line, push_escaped, ArticleSource, Date, IrregularKind, Irregularity,
};
use crate::legal::provision::{Kind, LETTER, ORDINALS, ROMAN};

/// The kinds of unit, in the order of the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnitKind {
    Part,
    Chapter,
    Section,
    Subsection,
    Article,
    Clause,
    Point,
    Para,
}

/// One unit of the body. For headings `text` is the title (may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Unit {
    pub kind: UnitKind,
    /// `thứ nhất`, `II`, `1`, `5a`, `đ`; empty for paragraphs.
    pub number: String,
    pub text: String,
    /// 1-based source line where the unit starts.
    pub line: usize,
}

/// The parsed body.
#[derive(Debug, Default)]
pub(super) struct Body {
    pub units: Vec<Unit>,
    pub articles: Vec<ArticleSource>,
    pub irregular: Vec<Irregularity>,
    pub notes: Vec<String>,
}

/// Separator between a heading number and its title (optional).
const SEP: &str = r"(?:\s*[.:\-–—]\s*|\s+|$)";

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{kw}\s+(?i:thứ)\s+((?i:{ORDINALS})){SEP}(.*)$",
        kw = Kind::Phan.keyword()
    ))
    .expect("valid regex")
});
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    // `l`: a lower-case L typed for `I` (repaired in [`heading`]).
    Regex::new(&format!(
        r"^{kw}\s+({ROMAN}|\d+|l){SEP}(.*)$",
        kw = Kind::Chuong.keyword()
    ))
    .expect("valid regex")
});
static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{kw}\s*\.?\s*({n}){SEP}(.*)$",
        kw = Kind::Muc.keyword(),
        n = Kind::Muc.number()
    ))
    .expect("valid regex")
});
/// The word every heading line starts with (a prefilter for [`heading`]).
static HEADING_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "^(?:{}|{}|{}|{})",
        Kind::Phan.keyword(),
        Kind::Chuong.keyword(),
        Kind::Muc.keyword(),
        Kind::TieuMuc.keyword()
    ))
    .expect("valid regex")
});
static SUBSECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{kw}\s+({n}){SEP}(.*)$",
        kw = Kind::TieuMuc.keyword(),
        n = Kind::TieuMuc.number()
    ))
    .expect("valid regex")
});
/// `Điều 5. Title`, `Điều 5a.`, `Điều15.`, `Điều 2.Title`, `Điều 24:Title`, `Điều 5 .`, typo `Điền 25.`.
/// The title is the rest of the line ([`rest`]).
static ARTICLE_STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^((?i:{kw}|{typo}))\s*(\d+)({LETTER})?\s*([.:\-–—])\s*",
        kw = article_word(),
        typo = ARTICLE_TYPO
    ))
    .expect("valid regex")
});
/// `Điều 5`, `Điều 5 Title` (no separator).
static ARTICLE_WEAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{kw}\s*(\d+)({LETTER})?(?:\s+(.*))?$",
        kw = Kind::Dieu.keyword()
    ))
    .expect("valid regex")
});
static ARTICLE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?i:{kw}|{typo})\s*\d",
        kw = article_word(),
        typo = ARTICLE_TYPO
    ))
    .expect("valid regex")
});
static ARTICLE_LIKE_STRONG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{kw}\s*(?:{n})\s*[.:]",
        kw = Kind::Dieu.keyword(),
        n = Kind::Dieu.number()
    ))
    .expect("valid regex")
});
/// The word of an article in lower case, for alternatives inside `(?i:…)`.
fn article_word() -> String {
    Kind::Dieu.word().to_lowercase()
}
/// `Điền`, a typo for the article's word in some texts of the corpus.
const ARTICLE_TYPO: &str = "điền";
/// The simple form every article heading should have; lines not in this
/// form but counted as articles are reported (the tests count this form).
static SIMPLE_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{} (?:{})[.:]?\s",
        Kind::Dieu.word(),
        Kind::Dieu.number()
    ))
    .expect("valid regex")
});
/// `“Điều 54. …` — an article quoted by an amending law.
static QUOTED_ARTICLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"^["“”']\s*{}\s*\d"#, Kind::Dieu.keyword())).expect("valid regex")
});
/// `1. text`, `1.Text`, `2..Text`, `2 . Text`, `12.` (alone), `1a. text`;
/// the text is the rest of the line ([`rest`]).
static CLAUSE_DOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(\d{{1,3}}{LETTER}?)(\s?)(\.{{1,2}})(\s*)")).expect("valid regex")
});
/// `1- Text` (old laws). No space before the dash and a capital after it, so
/// that `4 - meta - hydroxyphenyl …` (a chemical name in a table) stays text.
static CLAUSE_DASH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})-\s+(\p{Lu}.*)$").expect("valid regex"));
/// `1 Text` (dot missing): accepted only as the next clause number.
static CLAUSE_NODOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})\s+(\p{Lu}.*)$").expect("valid regex"));
/// `a) text`, `e)Text`, `c)` alone; the text is the rest of the line ([`rest`]).
static POINT_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^({LETTER})(\s*)\)(\s*)")).expect("valid regex"));
/// A point letter typed in Cyrillic (`р)` for `p)`, `с)` for `c)`).
static POINT_CYRILLIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([асеорхуі])\s*\)\s*(.*)$").expect("valid regex"));
/// `a. Text`, `a.Text`: accepted only as the next point letter.
static POINT_DOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r#"^({LETTER})\s?\.\s*([\p{{Lu}}"“].*)$"#)).expect("valid regex")
});
/// `i.`, `ii.`, `(iv)`: roman sub-items, never wrapped lines.
static ROMAN_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\(?[ivxlc]+[.)]").expect("valid regex"));
/// A number continuing a sentence: `15 ngày, kể từ …`, `40 của Luật này;`.
static NUMBER_THEN_LOWER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d[\d.,/]*\s+\p{Ll}").expect("valid regex"));
/// A lone number or year: `2010.`
static LONE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,4}[.,;]?$").expect("valid regex"));
/// A number or roman numeral followed by punctuation or a space: `2010.`, `XII,`.
static NUMERAL_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:\d{{1,4}}|{ROMAN})(?:[.,;:]|\s|$)")).expect("valid regex")
});
/// "Điều 11 của …": a wrapped cross-reference.
static ARTICLE_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^{kw}\s*(?:{n})\s+\p{{Ll}}",
        kw = Kind::Dieu.keyword(),
        n = Kind::Dieu.number()
    ))
    .expect("valid regex")
});
static EFFECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Bộ luật|Luật|Pháp lệnh|Nghị định|Nghị quyết|Quyết định|Thông tư liên tịch|Thông tư|Chỉ thị|Hiến pháp|Văn bản hợp nhất|Văn bản|Kế hoạch) này có hiệu lực(?: thi hành)?\s+(?:kể\s+)?từ\s+(.*)$")
        .expect("valid regex")
});
static DATE_AT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ngày\s*(\d{1,2})\s*tháng\s*(\d{1,2})\s*năm\s*(\d{4})").expect("valid regex")
});

/// What follows a match of a line's start. The patterns for unit starts
/// leave the unit's text out: a trailing `(.*)$` group made each of them
/// walk the whole line through the regex engine's slowest path, which was
/// most of the import's time on long texts.
fn rest<'a>(line: &'a str, c: &regex::Captures<'_>) -> &'a str {
    c.get(0).map_or("", |m| &line[m.end()..])
}

/// Point letters in Vietnamese order (no f, j, w, z).
const POINT_LETTERS: &[char] = &[
    'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't',
    'u', 'v', 'x', 'y',
];

/// A line that starts like an article heading (for locating the end matter).
pub(super) fn starts_like_article(line: &str) -> bool {
    ARTICLE_LIKE_STRONG.is_match(line)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    /// The last unit is a Phần/Chương/Mục/Tiểu mục; `got` = it has a title.
    HeadingTitle {
        got: bool,
    },
    /// The last unit is `Điều N.` with nothing after the separator.
    ArticleTitle,
    /// The last unit is a clause or point with its number alone on the line.
    UnitText,
}

struct Parser<'a> {
    lines: &'a [&'a str],
    dropped: &'a [bool],
    body: Body,
    last_article: Option<u32>,
    last_chapter: Option<u32>,
    last_clause: u32,
    last_point: Option<char>,
    pending: Pending,
}

/// Parse the body lines `lines[start..]`, skipping `dropped` ones.
pub(super) fn parse_body(lines: &[&str], start: usize, dropped: &[bool]) -> Body {
    let mut p = Parser {
        lines,
        dropped,
        body: Body::default(),
        last_article: None,
        last_chapter: None,
        last_clause: 0,
        last_point: None,
        pending: Pending::None,
    };
    for (i, line) in lines.iter().enumerate().skip(start) {
        if line.is_empty() || dropped.get(i).copied().unwrap_or(false) {
            continue;
        }
        p.line(i);
    }
    p.finish_pending();
    p.body
}

impl Parser<'_> {
    fn irregular(&mut self, idx: usize, kind: IrregularKind, detail: impl Into<String>) {
        self.body.irregular.push(Irregularity {
            line: idx + 1,
            kind,
            detail: detail.into(),
        });
    }

    fn push(
        &mut self,
        kind: UnitKind,
        number: impl Into<String>,
        text: impl Into<String>,
        idx: usize,
    ) {
        self.body.units.push(Unit {
            kind,
            number: number.into(),
            text: text.into(),
            line: idx + 1,
        });
    }

    /// The next non-empty, non-dropped line after `idx`.
    fn next_content(&self, idx: usize) -> Option<&str> {
        self.next_content_index(idx).map(|k| self.lines[k])
    }

    fn next_content_index(&self, idx: usize) -> Option<usize> {
        (idx + 1..self.lines.len())
            .find(|&k| !self.lines[k].is_empty() && !self.dropped.get(k).copied().unwrap_or(false))
    }

    /// Close a pending heading that never got its title.
    fn finish_pending(&mut self) {
        if let Pending::HeadingTitle { got: false } = self.pending {
            if let Some(u) = self.body.units.last() {
                let (line, label) = (u.line, heading_label(u));
                self.body.irregular.push(Irregularity {
                    line,
                    kind: IrregularKind::HeadingTitleMissing,
                    detail: format!("\"{label}\" has no title"),
                });
            }
        }
        self.pending = Pending::None;
    }

    fn line(&mut self, idx: usize) {
        let line = self.lines[idx];

        // 1. Something waits for this line.
        match self.pending {
            Pending::HeadingTitle { got } => {
                // Upper-case lines continue a title; a first title may also be
                // printed in sentence case ("Chương I" / "Những quy định chung").
                if is_heading_title(line) || (!got && is_article_title(line)) {
                    if got {
                        self.irregular(
                            idx,
                            IrregularKind::HeadingTitleSplit,
                            "title continued on this line",
                        );
                    }
                    if let Some(u) = self.body.units.last_mut() {
                        if !u.text.is_empty() {
                            u.text.push(' ');
                        }
                        u.text.push_str(line);
                    }
                    self.pending = Pending::HeadingTitle { got: true };
                    return;
                }
                self.finish_pending();
            }
            Pending::ArticleTitle => {
                self.pending = Pending::None;
                if is_article_title(line) {
                    if let Some(u) = self.body.units.last_mut() {
                        u.text = line.to_string();
                    }
                    self.irregular(
                        idx,
                        IrregularKind::ArticleTitleNextLine,
                        "joined to the heading above",
                    );
                    return;
                }
            }
            Pending::UnitText => {
                self.pending = Pending::None;
                if classify_block(line).is_none() {
                    if let Some(u) = self.body.units.last_mut() {
                        u.text = line.to_string();
                    }
                    self.irregular(
                        idx,
                        IrregularKind::LineJoined,
                        "text of the numbered unit above",
                    );
                    return;
                }
            }
            Pending::None => {}
        }

        // 2. An article quoted by an amending law.
        if QUOTED_ARTICLE.is_match(line) {
            self.irregular(idx, IrregularKind::QuotedArticle, "kept as a paragraph");
            self.push(UnitKind::Para, "", line, idx);
            return;
        }

        // 3. Phần / Chương / Mục / Tiểu mục.
        if let Some((kind, number, title)) = heading(line) {
            self.heading(idx, kind, number, title);
            return;
        }

        // 4. Điều.
        if ARTICLE_LIKE.is_match(line) && self.article(idx, line) {
            return;
        }

        // 5. Points written `a)`.
        if let Some(c) = POINT_PAREN.captures(line) {
            let letter = c[1].to_string();
            let text = rest(line, &c);
            if !c[2].is_empty() || (c[3].is_empty() && !text.is_empty()) {
                self.irregular(
                    idx,
                    IrregularKind::PointForm,
                    format!("\"{}\"", short(line)),
                );
            }
            self.point(idx, &letter, text);
            return;
        }
        if let Some(c) = POINT_CYRILLIC.captures(line) {
            let latin = cyrillic_to_latin(&c[1]);
            if latin
                .chars()
                .next()
                .is_some_and(|l| Some(l) == self.next_point_letter())
            {
                self.irregular(
                    idx,
                    IrregularKind::Homoglyph,
                    format!("Cyrillic point letter \"{}\" read as \"{latin}\"", &c[1]),
                );
                let text = c[2].to_string();
                self.point(idx, latin, &text);
                return;
            }
        }

        // 6. A wrapped line continues the unit before it.
        if self.continues(line) {
            if let Some(u) = self.body.units.last_mut() {
                u.text.push(' ');
                u.text.push_str(line);
            }
            let what = if ARTICLE_LIKE.is_match(line) {
                "cross-reference wrapped from the line above; joined"
            } else {
                "joined to the line above"
            };
            self.irregular(idx, IrregularKind::LineJoined, what);
            return;
        }

        // 7. Clauses.
        if self.clause(idx, line) {
            return;
        }

        // 8. Points written `a.`, only as the next letter.
        if let Some(c) = POINT_DOT.captures(line) {
            if c[1]
                .chars()
                .next()
                .is_some_and(|l| self.point_letter_expected(l))
            {
                self.irregular(
                    idx,
                    IrregularKind::PointForm,
                    format!("\"{}\"", short(line)),
                );
                let (letter, text) = (c[1].to_string(), c[2].to_string());
                self.point(idx, &letter, &text);
                return;
            }
        }

        // 9. An upper-case title with no heading line before it.
        if is_heading_title(line) && line.split_whitespace().count() >= 2 {
            // Possibly followed by more upper-case title lines before the structure.
            let mut k = idx;
            let next_is_structure = loop {
                match self.next_content_index(k) {
                    Some(n) if is_heading_title(self.lines[n]) => k = n,
                    Some(n) => {
                        let next = self.lines[n];
                        break heading(next).is_some() || ARTICLE_LIKE_STRONG.is_match(next);
                    }
                    None => break false,
                }
            };
            if next_is_structure {
                self.irregular(
                    idx,
                    IrregularKind::OrphanTitle,
                    format!(
                        "\"{}\" has no Chương/Mục line; kept as a paragraph",
                        short(line)
                    ),
                );
            }
        }
        self.push(UnitKind::Para, "", line, idx);
    }

    fn heading(&mut self, idx: usize, kind: UnitKind, number: String, title: String) {
        let line = self.lines[idx];
        // A table of contents: a heading with its title, directly followed by
        // another heading of the same level.
        if !title.is_empty() {
            if let Some(next) = self.next_content(idx) {
                if heading(next).is_some_and(|(k, _, _)| k == kind) {
                    self.irregular(idx, IrregularKind::TableOfContents, "kept as a paragraph");
                    self.push(UnitKind::Para, "", line, idx);
                    return;
                }
            }
        }
        let mut number = number;
        if kind == UnitKind::Chapter {
            if number == "l" {
                // "Chương l": a lower-case L typed for the roman I.
                if self.last_chapter.is_none() {
                    self.irregular(
                        idx,
                        IrregularKind::HeadingNumberRepaired,
                        "\"Chương l\" (lower-case L) read as \"Chương I\": it is the first chapter",
                    );
                    number = "I".into();
                } else {
                    self.body.notes.push(format!(
                        "dòng {}: \"{}\" giữ nguyên như bản in",
                        idx + 1,
                        short(line)
                    ));
                }
            }
            self.last_chapter = chapter_value(&number).or(self.last_chapter);
        }
        if kind == UnitKind::Part {
            number = number.to_lowercase();
        }
        let got = !title.is_empty();
        self.push(kind, number, title, idx);
        self.pending = Pending::HeadingTitle { got };
        self.last_clause = 0;
        self.last_point = None;
    }

    /// Handle a line starting with "Điều"/"Điền" + digits. `false`: not a heading.
    fn article(&mut self, idx: usize, line: &str) -> bool {
        let simple = SIMPLE_ARTICLE.is_match(line);
        let mut accepted: Option<(String, String, bool)> = None; // number, title, separator seen
        let mut form: Option<String> = None;
        let mut not_reason = "not a heading";

        if let Some(c) = ARTICLE_STRONG.captures(line) {
            let keyword = &c[1];
            let n: u32 = c[2].parse().unwrap_or(0);
            let number = format!("{}{}", &c[2], c.get(3).map_or("", |m| m.as_str()));
            let title = rest(line, &c).trim().to_string();
            let typo = keyword.to_lowercase() == "điền";
            if typo {
                let in_sequence = n == self.last_article.map_or(1, |l| l + 1);
                if in_sequence && title.chars().next().is_some_and(char::is_uppercase) {
                    form = Some(format!(
                        "typo \"{keyword}\" for \"Điều\"; the number is next in sequence"
                    ));
                    accepted = Some((number, title, true));
                } else {
                    not_reason = "\"Điền\" is not \"Điều\" here (number out of sequence)";
                }
            } else {
                let sep = &c[4];
                let mut forms = Vec::new();
                let spaced = line
                    .strip_prefix(Kind::Dieu.word())
                    .is_some_and(|rest| rest.starts_with(' '));
                if !spaced {
                    forms.push("no space after \"Điều\"");
                }
                if sep != "." {
                    forms.push("separator is not \".\"");
                }
                let before_sep = &line[..c.get(4).map_or(0, |m| m.start())];
                if before_sep.ends_with(char::is_whitespace) {
                    forms.push("space before the separator");
                }
                if title.is_empty() {
                    forms.push("no title on the line");
                } else if !line[c.get(4).map_or(0, |m| m.end())..].starts_with(char::is_whitespace)
                {
                    forms.push("no space after the separator");
                }
                if !forms.is_empty() || !simple {
                    form = Some(forms.join(", "));
                }
                accepted = Some((number, title, true));
            }
        } else if let Some(c) = ARTICLE_WEAK.captures(line) {
            let n: u32 = c[1].parse().unwrap_or(0);
            let number = format!("{}{}", &c[1], c.get(2).map_or("", |m| m.as_str()));
            let rest = c.get(3).map_or("", |m| m.as_str()).trim();
            let increasing = self.last_article.is_none_or(|l| n > l);
            let rest_is_title =
                rest.is_empty() || rest.chars().next().is_some_and(char::is_uppercase);
            if rest_is_title && increasing {
                form = Some(if rest.is_empty() {
                    "bare \"Điều N\" without title".to_string()
                } else {
                    "no separator after the number".to_string()
                });
                accepted = Some((number, rest.to_string(), false));
            } else if !rest_is_title {
                not_reason = "cross-reference (lower-case text follows the number)";
            } else {
                not_reason = "number does not follow the previous article (table or reference)";
            }
        }

        let Some((number, title, has_sep)) = accepted else {
            self.irregular(
                idx,
                IrregularKind::NotAnArticle,
                format!("\"{}\": {not_reason}", short(line)),
            );
            return false;
        };
        if let Some(f) = form {
            let detail = if f.is_empty() {
                format!("\"{}\"", short(line))
            } else {
                format!("\"{}\": {f}", short(line))
            };
            self.irregular(idx, IrregularKind::ArticleHeadingForm, detail);
        }
        let (n, _) = super::split_number(&number);
        self.last_article = Some(n);
        self.last_clause = 0;
        self.last_point = None;
        self.body.articles.push(ArticleSource {
            number: number.clone(),
            line: idx + 1,
        });
        let empty = title.is_empty();
        self.push(UnitKind::Article, number, title, idx);
        if empty && has_sep {
            self.pending = Pending::ArticleTitle;
        }
        true
    }

    fn point(&mut self, idx: usize, letter: &str, text: &str) {
        self.last_point = letter.chars().next();
        let text = text.trim();
        self.push(UnitKind::Point, letter, text, idx);
        if text.is_empty() {
            self.pending = Pending::UnitText;
        }
    }

    /// The next point letter in Vietnamese order (a, b, c, d, đ, e, g …).
    fn next_point_letter(&self) -> Option<char> {
        match self.last_point {
            None => Some('a'),
            Some(p) => {
                let i = POINT_LETTERS.iter().position(|&l| l == p)?;
                POINT_LETTERS.get(i + 1).copied()
            }
        }
    }

    /// Letters that may follow the last point: the next one in Vietnamese
    /// order (d → đ → e → g) and, for translated texts, in Latin order (d → e → f).
    fn point_letter_expected(&self, letter: char) -> bool {
        if Some(letter) == self.next_point_letter() {
            return true;
        }
        let latin_next = match self.last_point {
            None => Some('a'),
            Some(l) if l.is_ascii_lowercase() => char::from_u32(l as u32 + 1),
            Some(_) => None,
        };
        latin_next == Some(letter)
    }

    /// Handle clause forms; `false` when the line is not a clause.
    fn clause(&mut self, idx: usize, line: &str) -> bool {
        let (number, text, form) = if let Some(c) = CLAUSE_DOT.captures(line) {
            let rest = rest(line, &c);
            if rest.starts_with(|ch: char| ch.is_ascii_digit()) {
                return false; // 3.2, 1.000-4.000: numbers, not clauses
            }
            let mut forms = Vec::new();
            if !c[2].is_empty() {
                forms.push("space before the dot");
            }
            if &c[3] == ".." {
                forms.push("two dots");
            }
            if rest.is_empty() {
                forms.push("number alone, text on the next line");
            } else if c[4].is_empty() {
                forms.push("no space after the dot");
            }
            (c[1].to_string(), rest.to_string(), forms.join(", "))
        } else if let Some(c) = CLAUSE_DASH.captures(line) {
            (
                c[1].to_string(),
                c[2].to_string(),
                "written \"N- \"".to_string(),
            )
        } else if let Some(c) = CLAUSE_NODOT.captures(line) {
            let n: u32 = c[1].parse().unwrap_or(0);
            if n != self.last_clause + 1 {
                return false;
            }
            (
                c[1].to_string(),
                c[2].to_string(),
                "dot missing; accepted as the next clause number".to_string(),
            )
        } else {
            return false;
        };
        if !form.is_empty() {
            self.irregular(
                idx,
                IrregularKind::ClauseForm,
                format!("\"{}\": {form}", short(line)),
            );
        }
        let (n, _) = super::split_number(&number);
        self.last_clause = n;
        self.last_point = None;
        let empty = text.trim().is_empty();
        self.push(UnitKind::Clause, number, text.trim(), idx);
        if empty {
            self.pending = Pending::UnitText;
        }
        true
    }

    /// Does `line` continue the text unit before it (a wrapped line)?
    fn continues(&self, line: &str) -> bool {
        let Some(prev) = self.body.units.last() else {
            return false;
        };
        if !matches!(
            prev.kind,
            UnitKind::Clause | UnitKind::Point | UnitKind::Para
        ) || prev.text.is_empty()
        {
            return false;
        }
        let Some(last) = prev.text.chars().last() else {
            return false;
        };
        let mid_sentence =
            last.is_lowercase() || last.is_ascii_digit() || last == ',' || last == ';';
        let Some(first) = line.chars().next() else {
            return false;
        };
        if first.is_lowercase()
            && is_latin(first)
            && !ROMAN_ITEM.is_match(line)
            && !POINT_DOT.is_match(line)
        {
            return mid_sentence;
        }
        if ARTICLE_REFERENCE.is_match(line) || NUMBER_THEN_LOWER.is_match(line) {
            return mid_sentence;
        }
        if LONE_NUMBER.is_match(line) || NUMERAL_START.is_match(line) {
            // "… thông qua ngày 17 tháng 11 năm" + "2010.", "… khóa" + "XII, kỳ họp …"
            let last_word = prev
                .text
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_lowercase();
            return ["ngày", "tháng", "năm", "số", "khóa", "khoá"].contains(&last_word.as_str());
        }
        false
    }
}

/// Does a line start a unit of its own (heading, article, clause, point)?
fn classify_block(line: &str) -> Option<()> {
    if heading(line).is_some()
        || ARTICLE_LIKE_STRONG.is_match(line)
        || POINT_PAREN.is_match(line)
        || QUOTED_ARTICLE.is_match(line)
    {
        return Some(());
    }
    if let Some(c) = CLAUSE_DOT.captures(line) {
        if !rest(line, &c).starts_with(|ch: char| ch.is_ascii_digit()) {
            return Some(());
        }
    }
    None
}

/// Phần/Chương/Mục/Tiểu mục with the number and the title on the same line
/// (the title must be upper case, otherwise the line is a sentence).
fn heading(line: &str) -> Option<(UnitKind, String, String)> {
    // Most lines start with none of the four words: one test that allocates
    // nothing, instead of four searches with captures.
    if !HEADING_WORD.is_match(line) {
        return None;
    }
    let (kind, c) = if let Some(c) = PART.captures(line) {
        (UnitKind::Part, c)
    } else if let Some(c) = CHAPTER.captures(line) {
        (UnitKind::Chapter, c)
    } else if let Some(c) = SUBSECTION.captures(line) {
        (UnitKind::Subsection, c)
    } else if let Some(c) = SECTION.captures(line) {
        (UnitKind::Section, c)
    } else {
        return None;
    };
    let title = c[2].trim();
    if !title.is_empty() && !is_upper_line(title) {
        return None;
    }
    Some((kind, c[1].to_string(), title.to_string()))
}

/// An upper-case line that can be (part of) a heading title.
fn is_heading_title(line: &str) -> bool {
    is_upper_line(line) && heading(line).is_none() && !ARTICLE_LIKE.is_match(line)
}

/// A line that can be the title of `Điều N.` printed on the next line.
fn is_article_title(line: &str) -> bool {
    line.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c == '“' || c == '"')
        && !line.ends_with(['.', ':', ';', '!', '?'])
        && classify_block(line).is_none()
        && line.chars().count() <= 300
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || ('\u{c0}'..='\u{24f}').contains(&c)
        || ('\u{1e00}'..='\u{1eff}').contains(&c)
}

fn cyrillic_to_latin(s: &str) -> &'static str {
    match s {
        "а" => "a",
        "с" => "c",
        "е" => "e",
        "о" => "o",
        "р" => "p",
        "х" => "x",
        "у" => "y",
        "і" => "i",
        _ => "?",
    }
}

/// Value of a chapter number (`IV` → 4, `12` → 12).
fn chapter_value(n: &str) -> Option<u32> {
    n.parse().ok().or_else(|| roman_value(n))
}

/// The value of a Roman numeral in capitals (`XIV` → 14).
pub(super) fn roman_value(s: &str) -> Option<u32> {
    let mut total = 0u32;
    let mut prev = 0u32;
    for ch in s.chars().rev() {
        let v = match ch {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            _ => return None,
        };
        if v < prev {
            total = total.checked_sub(v)?;
        } else {
            total += v;
            prev = v;
        }
    }
    Some(total)
}

fn heading_label(u: &Unit) -> String {
    match u.kind {
        UnitKind::Part => format!("{} {}", Kind::Phan.word(), u.number),
        UnitKind::Chapter => format!("{} {}", Kind::Chuong.word(), u.number),
        UnitKind::Section => format!("{} {}", Kind::Muc.word(), u.number),
        UnitKind::Subsection => format!("{} {}", Kind::TieuMuc.word(), u.number),
        UnitKind::Article => format!("{} {}", Kind::Dieu.word(), u.number),
        _ => u.number.clone(),
    }
}

/// At most 60 characters of a line, for report details.
fn short(line: &str) -> String {
    let mut s: String = line.chars().take(60).collect();
    if line.chars().count() > 60 {
        s.push('…');
    }
    s
}

/// The units as Markdown, one paragraph or heading per unit, written into
/// one string (a text of 200,000 articles has a million units).
pub(super) fn render(units: &[Unit]) -> String {
    let size: usize = units
        .iter()
        .map(|u| u.text.len() + u.number.len() + 24)
        .sum();
    let mut body = String::with_capacity(size);
    for (i, u) in units.iter().enumerate() {
        if i > 0 {
            body.push_str("\n\n");
        }
        let heading = match u.kind {
            UnitKind::Part => Some((
                "## ",
                Kind::Phan,
                "thứ ",
                u.number.trim_start_matches("thứ "),
            )),
            UnitKind::Chapter => Some(("## ", Kind::Chuong, "", u.number.as_str())),
            UnitKind::Section => Some(("### ", Kind::Muc, "", u.number.as_str())),
            UnitKind::Subsection => Some(("#### ", Kind::TieuMuc, "", u.number.as_str())),
            UnitKind::Article => Some(("#### ", Kind::Dieu, "", u.number.as_str())),
            UnitKind::Clause | UnitKind::Point | UnitKind::Para => None,
        };
        if let Some((level, kind, ordinal, number)) = heading {
            body.push_str(level);
            body.push_str(kind.word());
            body.push(' ');
            body.push_str(ordinal);
            body.push_str(number);
            if !u.text.is_empty() {
                body.push_str(". ");
                push_escaped(&mut body, &u.text);
            }
            continue;
        }
        match u.kind {
            UnitKind::Clause => {
                body.push_str(&u.number);
                body.push_str("\\.");
                if !u.text.is_empty() {
                    body.push(' ');
                    push_escaped(&mut body, &u.text);
                }
            }
            UnitKind::Point => {
                body.push_str(&u.number);
                body.push_str(") ");
                push_escaped(&mut body, &u.text);
                body.truncate(body.trim_end().len());
            }
            _ => body.push_str(&escape_line(&u.text)),
        }
    }
    body.push('\n');
    body
}

/// What the effective-date sentence gave.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Effective {
    Found(Date, usize),
    /// The sentence is there but its date cannot be read (line, text).
    Unreadable(usize, String),
    Absent,
}

/// The first "<Kind> này có hiệu lực (thi hành) (kể) từ ngày D tháng M năm Y".
pub(super) fn effective_date(units: &[Unit]) -> Effective {
    for u in units {
        if !matches!(u.kind, UnitKind::Para | UnitKind::Clause | UnitKind::Point) {
            continue;
        }
        let Some(c) = EFFECTIVE.captures(&u.text) else {
            continue;
        };
        let rest = c[1].to_string();
        return match DATE_AT_START
            .captures(&rest)
            .and_then(|d| ymd(&d[3], &d[2], &d[1]))
        {
            Some(d) => Effective::Found(d, u.line),
            None => Effective::Unreadable(u.line, short(&u.text)),
        };
    }
    Effective::Absent
}
