//! The link stage: turns references in a page's Markdown into hub links.
//!
//! It answers the Markdown renderer's [`Links`] questions for one page: explicit
//! `vb:NUMBER#anchor` links and site paths (`/co-quan/`) become relative hrefs,
//! `trich(...)` quotes another provision's text, and citations in running text
//! become links when their target is in the hub. Every reference is recorded so
//! that the cited document can list what cites it.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use crate::content::Document;
use crate::legal::citation::{find_citations_in, DocRef, LawNames};
use crate::legal::number::DocNumber;
use crate::legal::provision;
use crate::link::quote::{parse_args, quote_target};
use crate::link::reference::{Quote, Reference, Unresolved, UnresolvedReason};
use crate::link::verify::{Check, PageRefs};
use crate::markdown::{CiteLink, Links};
use crate::text::fold;
use crate::url::Linker;

/// What all pages link against: the documents and their provisions.
pub struct Hub<'a> {
    pub docs: &'a [Document],
    pub by_key: &'a std::collections::HashMap<String, usize>,
    /// Law names of the hub's documents.
    names: LawNames,
    /// `?name` keys of names several documents share → those documents.
    shared_names: HashMap<String, Vec<usize>>,
    replaced_by: &'a [Vec<usize>],
    as_of: crate::date::Date,
}

impl<'a> Hub<'a> {
    /// The provisions of documents are not known yet: a page may cite one
    /// that is rendered later, so every citation of a provision is checked
    /// once all are rendered ([`crate::link::verify`]).
    pub fn new(docs: &'a [Document], graph: &'a crate::link::graph::Graph) -> Hub<'a> {
        let by_key = &graph.by_key;
        let (names, shared_names) = law_names(docs);
        Hub {
            docs,
            by_key,
            names,
            shared_names,
            replaced_by: &graph.replaced_by,
            as_of: graph.as_of,
        }
    }

    pub fn find(&self, number: &str) -> Option<usize> {
        DocNumber::parse(number).and_then(|n| self.by_key.get(&n.key()).copied())
    }
}

/// The [`Links`] of one page.
pub struct PageLinks<'h, 'a> {
    hub: &'h Hub<'a>,
    linker: Linker,
    /// The document being rendered, for citations of "Điều 5" in the same text.
    this: Option<usize>,
    refs: RefCell<Vec<Reference>>,
    unresolved: RefCell<Vec<Unresolved>>,
    /// Provisions to check once every document is rendered.
    checks: RefCell<Vec<Check>>,
    /// Citation links to check made so far (the next one's number).
    cites: Cell<u32>,
    /// The quotations, in the order of the text.
    quotes: RefCell<Vec<Quote>>,
}

impl<'h, 'a> PageLinks<'h, 'a> {
    pub fn new(hub: &'h Hub<'a>, page_url: &str, offline: bool, this: Option<usize>) -> Self {
        PageLinks {
            hub,
            linker: Linker::new(page_url, offline),
            this,
            refs: RefCell::new(Vec::new()),
            unresolved: RefCell::new(Vec::new()),
            checks: RefCell::new(Vec::new()),
            cites: Cell::new(0),
            quotes: RefCell::new(Vec::new()),
        }
    }

    /// The references made while rendering, the citations that could not be
    /// linked (one entry per occurrence) and the provisions still to check.
    pub fn into_references(self) -> PageRefs {
        PageRefs {
            this: self.this,
            refs: self.refs.into_inner(),
            unresolved: self.unresolved.into_inner(),
            checks: self.checks.into_inner(),
            quotes: self.quotes.into_inner(),
        }
    }

    fn unresolved(&self, cited: String, reason: UnresolvedReason) {
        self.unresolved
            .borrow_mut()
            .push(Unresolved { cited, reason });
    }

    /// The hub document a cited law name means: the only one of that name,
    /// or the only one in force when the citing document was issued (today
    /// for the hub's own pages).
    fn name_target(&self, key: &str) -> Option<usize> {
        let Some(list) = self.hub.shared_names.get(key) else {
            return self.hub.by_key.get(key).copied();
        };
        if let Some(this) = self.this.filter(|t| list.contains(t)) {
            // A law naming itself.
            return Some(this);
        }
        let date = self
            .this
            .and_then(|t| self.hub.docs[t].front.issued.as_ref().map(|d| *d.get_ref()))
            .unwrap_or(self.hub.as_of);
        let in_force: Vec<usize> = list
            .iter()
            .copied()
            .filter(|&j| in_force_on(self.hub.docs, self.hub.replaced_by, j, date))
            .collect();
        match in_force[..] {
            [only] => Some(only),
            _ => {
                let title = &self.hub.docs[list[0]].front.title;
                self.unresolved(title.clone(), UnresolvedReason::AmbiguousName);
                None
            }
        }
    }

    /// The hub document a cited number means, if it can tell. Numbers that
    /// many provinces use (687/KH-UBND) link only when the issuer the text
    /// names, or else the citing document's own province, matches.
    fn number_target(&self, number: &DocNumber, issuer_hint: Option<&str>) -> Option<usize> {
        let Some(&target) = self.hub.by_key.get(&number.key()) else {
            self.unresolved(number.canonical().to_string(), UnresolvedReason::Missing);
            return None;
        };
        if !is_local(number) {
            return Some(target);
        }
        let issuer = &self.hub.docs[target].front.issuer;
        let ok = match issuer_hint {
            Some(hint) => issuer_matches(hint, issuer),
            None => match self.this {
                // The hub's own summaries and pages speak of the hub's documents.
                Some(this) if !self.hub.docs[this].front.summary => {
                    province(&self.hub.docs[this].front.issuer)
                        .is_some_and(|p| province(issuer) == Some(p))
                }
                _ => true,
            },
        };
        if ok {
            Some(target)
        } else {
            self.unresolved(number.canonical().to_string(), UnresolvedReason::Ambiguous);
            None
        }
    }

    fn record(&self, target: usize, anchor: Option<&str>) {
        if Some(target) != self.this {
            self.refs.borrow_mut().push(Reference {
                target,
                anchor: anchor.map(str::to_string),
            });
        }
    }

    fn href(&self, target: usize, anchor: Option<&str>) -> String {
        self.linker
            .href_anchor(&self.hub.docs[target].url, anchor.unwrap_or(""))
    }

    /// `vb:NUMBER` or `vb:NUMBER#anchor` → (document, anchor). The anchor is
    /// checked later (see [`Hub::new`]); a missing one is an error at `offset`.
    fn target(&self, spec: &str, offset: usize) -> Result<(usize, Option<String>), String> {
        let (number, anchor) = match spec.split_once('#') {
            Some((n, a)) => (n, Some(a.to_string())),
            None => (spec, None),
        };
        let number = percent_decode(number);
        let doc = self
            .hub
            .find(&number)
            .ok_or_else(|| format!("không có văn bản số {number} trong kho"))?;
        if let Some(a) = &anchor {
            self.checks.borrow_mut().push(Check::Required {
                target: doc,
                anchor: a.clone(),
                offset,
            });
        }
        Ok((doc, anchor))
    }
}

/// A cheap test that skips most text runs. Every citation has one of: a
/// number (a digit followed by `/`, or `-` and a capital: `86/2015`,
/// `04-NQ/TU`), an article or clause with its number (`Điều 5`, `khoản 2`),
/// or the capitalised first words of a law's name (`Luật An toàn...`, `Bộ
/// luật`, `Hiến pháp`, `Pháp lệnh`). The text is NFC.
fn may_cite(text: &str) -> bool {
    let b = text.as_bytes();
    for i in 0..b.len() {
        if b[i].is_ascii_digit() {
            match (b.get(i + 1), b.get(i + 2)) {
                (Some(b'/'), _) => return true,
                (Some(b'-'), Some(c)) if c.is_ascii_uppercase() => return true,
                _ => {}
            }
        }
    }
    // The words, found in one pass over the text (most runs have none). No
    // word ends where another begins, so none hides another.
    let after = |end: usize| text[end..].chars().next();
    CITE_WORDS
        .find_iter(text)
        .any(|m| match CITE_WORD_LIST[m.pattern().as_usize()].1 {
            Follow::Digit => after(m.end()).is_some_and(|c| c.is_ascii_digit()),
            Follow::Capital => {
                after(m.end()).is_some_and(char::is_uppercase)
                    || m.pattern().as_usize() == LUAT && text[m.end()..].starts_with("này")
            }
            Follow::Anything => true,
        })
}

/// What must follow a word of [`CITE_WORD_LIST`] for the text to be worth
/// reading for citations.
#[derive(Clone, Copy)]
enum Follow {
    Digit,
    Capital,
    Anything,
}

/// The words that may start a citation, and what must follow each: the
/// words of articles and clauses without their first letter (which may be
/// either case), then documents' words.
static CITE_WORD_LIST: std::sync::LazyLock<[(String, Follow); 7]> =
    std::sync::LazyLock::new(|| {
        let tail = |kind: provision::Kind| {
            let word = kind.word();
            let first = word.chars().next().map_or(0, char::len_utf8);
            format!("{} ", &word[first..])
        };
        [
            (tail(provision::Kind::Dieu), Follow::Digit),
            (tail(provision::Kind::Dieu).to_uppercase(), Follow::Digit),
            (tail(provision::Kind::Khoan), Follow::Digit),
            ("Luật ".into(), Follow::Capital),
            ("luật ".into(), Follow::Capital),
            ("Hiến pháp".into(), Follow::Anything),
            ("Pháp lệnh".into(), Follow::Anything),
        ]
    });

/// "Luật " may also open "Luật này" (this law).
const LUAT: usize = 3;

static CITE_WORDS: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::new(CITE_WORD_LIST.iter().map(|w| w.0.as_str()))
            .expect("fixed word list")
    });

/// Names of the hub's laws and codes. A name two documents share (the 2005
/// and 2023 laws on e-transactions) is registered under a `?` key and
/// resolved by date: the one in force when the citing text was issued.
fn law_names(docs: &[Document]) -> (LawNames, HashMap<String, Vec<usize>>) {
    let mut by_name: HashMap<String, (String, Vec<usize>)> = HashMap::new();
    for (i, d) in docs.iter().enumerate() {
        if matches!(
            d.kind.slug(),
            "luat" | "bo-luat" | "hien-phap" | "phap-lenh"
        ) {
            let entry = by_name
                .entry(fold(&d.front.title))
                .or_insert_with(|| (d.front.title.clone(), Vec::new()));
            entry.1.push(i);
        }
    }
    let mut names = LawNames::new();
    let mut shared = HashMap::new();
    for (folded, (title, list)) in by_name {
        if let [only] = list[..] {
            names.insert(&title, docs[only].number.key());
        } else {
            let key = format!("?{folded}");
            names.insert(&title, key.clone());
            shared.insert(key, list);
        }
    }
    (names, shared)
}

/// Whether document `j` was in force on `date`: in effect, not expired, not
/// replaced by a document in effect (only verified replacements count).
fn in_force_on(
    docs: &[Document],
    replaced_by: &[Vec<usize>],
    j: usize,
    date: crate::date::Date,
) -> bool {
    let d = &docs[j].front;
    let start = d
        .effective
        .as_ref()
        .or(d.issued.as_ref())
        .map(|x| *x.get_ref());
    let started = start.is_some_and(|s| s <= date);
    let expired = d.expires.as_ref().is_some_and(|e| *e.get_ref() <= date);
    let replaced = replaced_by[j].iter().any(|&r| {
        docs[r]
            .front
            .effective
            .as_ref()
            .is_some_and(|e| *e.get_ref() <= date)
    });
    started && !expired && !replaced
}

/// Numbers whose issuer code is a local body (UBND, HĐND, Tỉnh ủy...): every
/// province has its own 687/KH-UBND.
fn is_local(number: &DocNumber) -> bool {
    let parts = number.parts();
    let codes = [parts.issuer_code, parts.type_code];
    codes.iter().flatten().any(|c| {
        let c = fold(c);
        c.split(['-', '/'])
            .any(|part| matches!(part, "ubnd" | "hdnd" | "tu" | "hu" | "du" | "qu" | "tpu"))
    })
}

/// The folded words of an issuer, with the usual abbreviations spelt out.
fn issuer_words(issuer: &str) -> Vec<String> {
    fold(issuer)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && *w != "cua")
        .flat_map(|w| match w {
            "ubnd" => vec!["uy", "ban", "nhan", "dan"],
            "hdnd" => vec!["hoi", "dong", "nhan", "dan"],
            "tp" => vec!["thanh", "pho"],
            w => vec![w],
        })
        .map(str::to_string)
        .collect()
}

/// Whether the issuer a citation names fits a document's issuer: every word
/// of the hint appears in it ("Ủy ban nhân dân tỉnh" fits "Ủy ban nhân dân
/// tỉnh Gia Lai"; "UBND tỉnh Kon Tum" does not).
fn issuer_matches(hint: &str, issuer: &str) -> bool {
    let have = issuer_words(issuer);
    let want = issuer_words(hint);
    !want.is_empty() && want.iter().all(|w| have.contains(w))
}

/// The province in an issuer's name: the words after "tỉnh" or "thành phố".
fn province(issuer: &str) -> Option<String> {
    let words = issuer_words(issuer);
    let at = words
        .iter()
        .rposition(|w| w == "tinh")
        .map(|i| i + 1)
        .or_else(|| {
            words
                .windows(2)
                .rposition(|w| w[0] == "thanh" && w[1] == "pho")
                .map(|i| i + 2)
        })?;
    let rest = words[at..].join(" ");
    (!rest.is_empty()).then_some(rest)
}

/// `%C4%90` → `Đ`; links written in some editors arrive percent-encoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Links for PageLinks<'_, '_> {
    fn resolve(&self, dest: &str, offset: usize) -> Option<Result<String, String>> {
        if let Some(spec) = dest.strip_prefix("vb:") {
            return Some(self.target(spec, offset).map(|(doc, anchor)| {
                self.record(doc, anchor.as_deref());
                self.href(doc, anchor.as_deref())
            }));
        }
        // A site path written from the root: make it relative like every link.
        if dest.starts_with('/') && !dest.starts_with("//") {
            let (path, anchor) = dest.split_once('#').unwrap_or((dest, ""));
            return Some(Ok(self
                .linker
                .href_anchor(path.trim_start_matches('/'), anchor)));
        }
        None
    }

    fn cite(&self, text: &str, article: Option<&str>) -> Vec<CiteLink> {
        if !may_cite(text) {
            return Vec::new();
        }
        let citations = find_citations_in(
            text,
            &self.hub.names,
            article.filter(|_| self.this.is_some()),
        );
        let mut links: Vec<CiteLink> = Vec::new();
        for c in citations {
            let target = match &c.doc {
                Some(DocRef::Number(n)) => self.number_target(n, c.issuer_hint.as_deref()),
                Some(DocRef::Name(key)) => self.name_target(key),
                Some(DocRef::ThisDocument) | None => self.this,
            };
            let Some(target) = target else { continue };
            if c.provisions.is_empty() {
                if Some(target) != self.this {
                    self.record(target, None);
                    links.push(CiteLink {
                        span: c.span.clone(),
                        href: self.href(target, None),
                        check: None,
                    });
                }
                continue;
            }
            for p in &c.provisions {
                // Linked now, checked later: a link to a provision the
                // target lacks is taken out again then.
                let anchor = p.anchor();
                let report = (Some(target) != self.this && !self.hub.docs[target].front.summary)
                    .then(|| format!("{} {}", p.text(), self.hub.docs[target].number.canonical()));
                let href = self.href(target, Some(&anchor));
                let id = self.cites.get();
                self.cites.set(id + 1);
                self.checks.borrow_mut().push(Check::Cite {
                    id,
                    target,
                    anchor,
                    report,
                });
                links.push(CiteLink {
                    span: p.span.clone(),
                    href,
                    check: Some(id),
                });
            }
        }
        links.sort_by_key(|l| l.span.start);
        links
    }

    fn quote(&self, args: &str, offset: usize) -> Result<u32, String> {
        let args = parse_args(args)?;
        let (number, anchor) = quote_target(&args)?;
        let (doc, anchor) = self.target(&format!("{number}#{anchor}"), offset)?;
        let anchor = anchor.unwrap_or_default();
        self.record(doc, Some(&anchor));
        let mut quotes = self.quotes.borrow_mut();
        quotes.push(Quote { doc, anchor });
        Ok(quotes.len() as u32 - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcode_arguments() {
        assert_eq!(
            parse_args(r#"vb="86/2015/QH13", dieu=5, diem="đ""#).unwrap(),
            [
                ("vb".into(), "86/2015/QH13".into()),
                ("dieu".into(), "5".into()),
                ("diem".into(), "đ".into())
            ]
        );
        assert!(parse_args("vb").is_err());
        assert_eq!(percent_decode("1690%2FQ%C4%90-TTg"), "1690/QĐ-TTg");
    }

    #[test]
    fn issuers_and_provinces() {
        assert!(issuer_matches(
            "Ủy ban nhân dân tỉnh",
            "Ủy ban nhân dân tỉnh Gia Lai"
        ));
        assert!(issuer_matches(
            "UBND tỉnh Gia Lai",
            "Ủy ban nhân dân tỉnh Gia Lai"
        ));
        assert!(!issuer_matches(
            "UBND tỉnh Kon Tum",
            "Ủy ban nhân dân tỉnh Gia Lai"
        ));
        assert!(issuer_matches(
            "Ban Chấp hành Đảng bộ tỉnh",
            "Ban Chấp hành Đảng bộ tỉnh Gia Lai"
        ));
        assert_eq!(
            province("Ủy ban nhân dân tỉnh Gia Lai").as_deref(),
            Some("gia lai")
        );
        assert_eq!(province("UBND thành phố Hà Nội").as_deref(), Some("ha noi"));
        assert_eq!(province("Quốc hội"), None);
        let local = |n: &str| is_local(&DocNumber::parse(n).unwrap());
        assert!(local("687/KH-UBND"));
        assert!(local("04-NQ/TU"));
        assert!(local("16/2023/QĐ-UBND"));
        assert!(local("921/CTHĐ-UBND"));
        assert!(!local("1690/QĐ-TTg"));
        assert!(!local("28-KL/TW"));
        assert!(!local("86/2015/QH13"));
    }
}
