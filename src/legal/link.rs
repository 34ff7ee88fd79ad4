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
use crate::legal::verify::{Check, PageRefs};
use crate::markdown::{escape_html, Links, Rendered};
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
    /// Each document's status as of `as_of`, for quotations.
    status: &'a [crate::legal::status::Status],
    as_of: crate::date::Date,
}

impl<'a> Hub<'a> {
    /// The provisions of documents are not known yet: a page may cite one
    /// that is rendered later, so every citation of a provision is checked
    /// once all are rendered ([`crate::legal::verify`]).
    pub fn new(docs: &'a [Document], graph: &'a crate::legal::graph::Graph) -> Hub<'a> {
        let by_key = &graph.by_key;
        let (names, shared_names) = law_names(docs);
        Hub {
            docs,
            by_key,
            names,
            shared_names,
            replaced_by: &graph.replaced_by,
            status: &graph.status,
            as_of: graph.as_of,
        }
    }

    pub fn find(&self, number: &str) -> Option<usize> {
        DocNumber::parse(number).and_then(|n| self.by_key.get(&n.key()).copied())
    }
}

/// A reference from one page to a document (and maybe one of its provisions).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    pub target: usize,
    pub anchor: Option<String>,
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
    /// Citation links written so far (the next one's ordinal).
    cites: Cell<usize>,
}

/// A citation the hub could not link: its target is missing or ambiguous.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unresolved {
    /// The cited number or name, as written (canonical for numbers).
    pub cited: String,
    pub reason: UnresolvedReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UnresolvedReason {
    /// The document is not in the hub.
    Missing,
    /// The number is used by several issuers and the citation does not say whose.
    Ambiguous,
    /// Several documents of the hub bear that name and the date does not decide.
    AmbiguousName,
    /// The document is in the hub but not that provision.
    MissingProvision,
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

    fn cite(&self, text: &str, article: Option<&str>) -> Option<String> {
        if !may_cite(text) {
            return None;
        }
        let citations = find_citations_in(
            text,
            &self.hub.names,
            article.filter(|_| self.this.is_some()),
        );
        if citations.is_empty() {
            return None;
        }
        // (span, href, provision to check: target, anchor, how to report it
        // missing) of every link, in text order.
        type Provision = (usize, String, Option<String>);
        type CiteLink = (std::ops::Range<usize>, String, Option<Provision>);
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
                    links.push((c.span.clone(), self.href(target, None), None));
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
                links.push((p.span.clone(), href, Some((target, anchor, report))));
            }
        }
        if links.is_empty() {
            return None;
        }
        links.sort_by_key(|(span, _, _)| span.start);
        let mut out = String::with_capacity(text.len() + links.len() * 48);
        let mut at = 0;
        for (span, href, provision) in links {
            if span.start < at || span.end > text.len() {
                continue;
            }
            let ordinal = self.cites.get();
            self.cites.set(ordinal + 1);
            if let Some((target, anchor, report)) = provision {
                self.checks.borrow_mut().push(Check::Cite {
                    target,
                    anchor,
                    ordinal,
                    report,
                });
            }
            out.push_str(&escape_html(&text[at..span.start]));
            out.push_str(&format!(
                "<a class=\"cite\" href=\"{href}\">{}</a>",
                escape_html(&text[span.clone()])
            ));
            at = span.end;
        }
        out.push_str(&escape_html(&text[at..]));
        Some(out)
    }

    fn quote(&self, args: &str, offset: usize) -> Result<String, String> {
        let args = parse_args(args)?;
        let (number, anchor) = quote_target(&args)?;
        let (doc, anchor) = self.target(&format!("{number}#{anchor}"), offset)?;
        let anchor = anchor.unwrap_or_default();
        self.record(doc, Some(&anchor));
        let d = &self.hub.docs[doc];
        // Whether the wording quoted is still the wording in force.
        let note = crate::legal::amendments::quote_note(
            self.hub.docs,
            |n| self.hub.find(n),
            doc,
            &anchor,
            (self.hub.status[doc], self.hub.as_of),
            |d, a| format!("{LABEL_OPEN}{d}#{a}{QUOTE_CLOSE}"),
            |d, a| self.href(d, Some(a)),
        );
        Ok(format!(
            "<blockquote class=\"quote\">\n<p class=\"quote-source\"><a href=\"{}\">{LABEL_OPEN}{doc}#{anchor}{QUOTE_CLOSE} {} {}</a></p>\n<p class=\"quote-note\">{note}</p>\n{QUOTE_OPEN}{doc}#{anchor}{QUOTE_CLOSE}</blockquote>\n",
            self.href(doc, Some(&anchor)),
            escape_html(d.kind.name()),
            escape_html(d.number.canonical()),
        ))
    }
}

/// Quotations are rendered as a placeholder and filled in once every
/// document is rendered, since the quoted one may come later.
const QUOTE_OPEN: &str = "<!--vanban:trich ";
/// The quoted provision's label ("khoản 2 Điều 5"), also filled in later.
const LABEL_OPEN: &str = "<!--vanban:nhan ";
const QUOTE_CLOSE: &str = "-->";

/// Fills the quotation placeholders of every rendered body with the quoted
/// provisions' HTML (a quotation inside a quoted provision is left out).
pub fn fill_quotes(docs: &mut [Rendered], pages: &mut [Rendered]) {
    let needs = |r: &Rendered| r.html.contains(QUOTE_OPEN);
    if !docs.iter().any(needs) && !pages.iter().any(needs) {
        return;
    }
    // `spec` is `DOC#ANCHOR`.
    let parse = |docs: &'_ [Rendered], spec: &str| -> Option<(usize, String)> {
        let (doc, anchor) = spec.split_once('#')?;
        let doc = doc.parse::<usize>().ok().filter(|&d| d < docs.len())?;
        Some((doc, anchor.to_string()))
    };
    let label = |docs: &[Rendered], spec: &str| -> String {
        parse(docs, spec)
            .and_then(|(d, a)| docs[d].anchor(&a).map(|a| escape_html(&a.label)))
            .unwrap_or_default()
    };
    let fragment = |docs: &[Rendered], spec: &str| -> String {
        let html = parse(docs, spec)
            .and_then(|(d, a)| docs[d].fragment(&a))
            .unwrap_or_default();
        let clean = replace_markers(html, QUOTE_OPEN, |_| String::new());
        quotable(&replace_markers(&clean, LABEL_OPEN, |spec| {
            label(docs, spec)
        }))
    };
    let fill = |html: &str, docs: &[Rendered]| -> String {
        let labelled = replace_markers(html, LABEL_OPEN, |spec| label(docs, spec));
        replace_markers(&labelled, QUOTE_OPEN, |spec| fragment(docs, spec))
    };
    let filled: Vec<Option<String>> = docs
        .iter()
        .map(|r| needs(r).then(|| fill(&r.html, docs)))
        .collect();
    for page in pages.iter_mut().filter(|r| needs(r)) {
        page.html = fill(&page.html, docs);
    }
    for (doc, html) in docs.iter_mut().zip(filled) {
        if let Some(html) = html {
            doc.html = html;
        }
    }
}

/// `html` with every `OPEN spec -->` replaced by `with(spec)`.
fn replace_markers(html: &str, open: &str, with: impl Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        let after = &rest[i + open.len()..];
        let (spec, tail) = after.split_once(QUOTE_CLOSE).unwrap_or((after, ""));
        out.push_str(&with(spec));
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// A provision's HTML made fit to stand inside another page: no ids (they
/// belong to the source page), no copy-link controls, headings as bold text.
fn quotable(fragment: &str) -> String {
    use std::sync::LazyLock;
    static ID: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r#" id="[^"]*""#).expect("valid pattern"));
    static PL: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r#"<a class="pl"[^>]*>#</a>"#).expect("valid pattern"));
    static H_OPEN: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"<h[1-6]( [^>]*)?>").expect("valid pattern"));
    static H_CLOSE: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"</h[1-6]>").expect("valid pattern"));
    let s = PL.replace_all(fragment, "");
    let s = ID.replace_all(&s, "");
    let s = H_OPEN.replace_all(&s, "<p class=\"quote-title\"><strong>");
    H_CLOSE.replace_all(&s, "</strong></p>").into_owned()
}

/// The arguments of `trich(...)` → (document number, anchor). Every
/// argument is checked: a provision number that is not one (`dieu=-1`,
/// `dieu=0`, `khoan=2x`) would otherwise slug into another provision's id
/// and quote the wrong text without a word.
pub fn quote_target(args: &[(String, String)]) -> Result<(String, String), String> {
    const NAMES: [&str; 5] = ["vb", "dieu", "khoan", "diem", "neo"];
    for (k, (name, _)) in args.iter().enumerate() {
        if !NAMES.contains(&name.as_str()) {
            return Err(format!(
                "tham số không có: {name} (dùng vb, dieu, khoan, diem hoặc neo)"
            ));
        }
        if args[..k].iter().any(|(n, _)| n == name) {
            return Err(format!("tham số {name} lặp lại"));
        }
    }
    let get = |k: &str| args.iter().find(|(n, _)| n == k).map(|(_, v)| v.trim());
    let number = get("vb")
        .filter(|v| !v.is_empty())
        .ok_or("thiếu vb=\"số hiệu\"")?;
    if number.contains('#') {
        return Err(format!(
            "vb=\"{number}\": chỉ ghi số hiệu; điều khoản ghi bằng dieu=, khoan=, diem="
        ));
    }
    let anchor = match (get("dieu"), get("neo")) {
        (Some(_), Some(_)) => {
            return Err("dùng dieu=... hoặc neo=\"...\", không dùng cả hai".into())
        }
        (Some(dieu), None) => {
            let dieu = provision_number("dieu", dieu)?;
            let khoan = get("khoan")
                .map(|k| provision_number("khoan", k))
                .transpose()?;
            let diem = get("diem").map(point_letter).transpose()?;
            provision::anchor(&dieu, khoan.as_deref(), diem.as_deref())
        }
        (None, Some(neo)) => {
            if get("khoan").is_some() || get("diem").is_some() {
                return Err("khoan và diem đi cùng dieu=..., không đi cùng neo".into());
            }
            let valid = !neo.is_empty()
                && neo
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !valid {
                return Err(format!(
                    "mã neo không hợp lệ: \"{neo}\" (chỉ chữ thường không dấu, số và -)"
                ));
            }
            neo.to_string()
        }
        (None, None) => {
            if get("khoan").is_some() || get("diem").is_some() {
                return Err("thiếu dieu=... cho khoan hoặc diem".into());
            }
            return Err("thiếu dieu=... (hoặc neo=\"mã neo\")".into());
        }
    };
    Ok((number.to_string(), anchor))
}

/// An article or clause number, lower case: `5`, `12a`, `5đ` (articles
/// inserted by an amendment). Zero, signs and other text are errors.
fn provision_number(name: &str, value: &str) -> Result<String, String> {
    let lower = value.to_lowercase();
    let digits = lower.bytes().take_while(u8::is_ascii_digit).count();
    let mut suffix = lower[digits..].chars();
    let valid = digits > 0
        && !lower.starts_with('0')
        && suffix.next().is_none_or(provision::is_letter)
        && suffix.next().is_none();
    if valid {
        Ok(lower)
    } else {
        Err(format!(
            "{name}={value}: số {} phải là số dương (1, 2, 12a…)",
            if name == "dieu" { "điều" } else { "khoản" }
        ))
    }
}

/// A point's letter, lower case: `a`, `đ`.
fn point_letter(value: &str) -> Result<String, String> {
    let lower = value.to_lowercase();
    let mut chars = lower.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if provision::is_letter(c) => Ok(lower),
        _ => Err(format!(
            "diem={value}: điểm là một chữ cái (a, b, c, d, đ, …)"
        )),
    }
}

/// `vb="86/2015/QH13", dieu=5` → [("vb", "86/2015/QH13"), ("dieu", "5")].
fn parse_args(text: &str) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let (name, after) = rest
            .split_once('=')
            .ok_or_else(|| format!("không đọc được tham số: {rest}"))?;
        let name = name.trim().to_string();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"').ok_or("thiếu dấu \" đóng")?;
            (quoted[..end].to_string(), &quoted[end + 1..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_string(), &after[end..])
        };
        out.push((name, value));
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    Ok(out)
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

    #[test]
    fn quoted_fragments_lose_ids_and_headings() {
        let q = quotable(
            r##"<h3 id="dieu-4" class="dieu"><a class="pl" href="#dieu-4" aria-label="x">#</a>Điều 4. A</h3><p id="dieu-4-khoan-1" class="khoan">1. B</p>"##,
        );
        assert_eq!(
            q,
            r#"<p class="quote-title"><strong>Điều 4. A</strong></p><p class="khoan">1. B</p>"#
        );
    }
}
