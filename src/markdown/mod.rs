//! Markdown to HTML, with the structure of Vietnamese legal texts.
//!
//! pulldown-cmark parses; this module walks its events once and, on the way,
//! recognises provisions (see [`structure`]), gives each a stable id with a
//! copy-link control, collects the table of contents, the searchable records
//! (one per article or plan section) and each provision's HTML fragment (for
//! quoting), and asks a [`Links`] implementation to resolve `vb:` links and
//! citations. It knows nothing about other documents itself.

pub mod highlight;
pub mod structure;

use rustc_hash::FxHashMap;
use std::ops::Range;

use pulldown_cmark::{
    html, CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd,
};
use serde::Serialize;

use crate::legal::provision::Kind;
use structure::{heading_marker, paragraph_marker, Marker, Outline, Unit};

/// What a renderer needs from the rest of the site. The `legal` stage
/// implements it; [`NoLinks`] links nothing.
pub trait Links {
    /// An explicit link destination such as `vb:86/2015/QH13#dieu-5`: the
    /// relative href, or a message saying what is missing.
    /// `offset`: where the link is in the body, for errors found later.
    fn resolve(&self, dest: &str, offset: usize) -> Option<Result<String, String>>;
    /// Citations to link in a run of plain text, in text order (none: keep
    /// the text as it is). `article` is the number of the article the text
    /// is in (`5`, `5a`), if any.
    fn cite(&self, text: &str, article: Option<&str>) -> Vec<CiteLink>;
    /// The `trich(...)` shortcode: the quotation's number on the page (its
    /// text is filled in once every document is rendered), or a message.
    fn quote(&self, args: &str, offset: usize) -> Result<u32, String>;
}

/// A citation in a run of text, as the link stage resolved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CiteLink {
    /// Where the citation is in the text (bytes).
    pub span: Range<usize>,
    pub href: String,
    /// Set for a link the link stage may take back once every document is
    /// rendered (a cited provision to look up): the check's number.
    pub check: Option<u32>,
}

/// A citation link that may be taken back: where its tags are in the HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedCite {
    pub check: u32,
    /// The opening tag `<a class="cite" href="…">`.
    pub open: Range<usize>,
    /// Where its `</a>` starts.
    pub close: usize,
}

/// Where a quotation's text goes in the HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpot {
    pub quote: u32,
    pub at: usize,
}

/// Links nothing; quoting is an error.
pub struct NoLinks;

impl Links for NoLinks {
    fn resolve(&self, _dest: &str, _offset: usize) -> Option<Result<String, String>> {
        None
    }
    fn cite(&self, _text: &str, _article: Option<&str>) -> Vec<CiteLink> {
        Vec::new()
    }
    fn quote(&self, _args: &str, _offset: usize) -> Result<u32, String> {
        Err("trích dẫn không dùng được ở đây".into())
    }
}

/// An entry of the table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub id: String,
    pub label: String,
    pub title: String,
    /// 0 for the outermost level.
    pub depth: u8,
}

/// A provision with an id: where its HTML is in the output.
#[derive(Debug, Clone)]
pub struct Anchor {
    pub id: String,
    pub unit: Option<Unit>,
    /// How a reader names it: `Điều 5`, `khoản 2 Điều 5`, `I.1.a`.
    pub label: String,
    pub title: String,
    pub range: Range<usize>,
}

/// A searchable unit: an article, or a section of a plan.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    pub id: String,
    pub label: String,
    pub title: String,
    pub breadcrumb: Vec<String>,
    pub text: String,
}

/// A problem found while rendering, at a byte offset of the body.
#[derive(Debug, Clone)]
pub struct Issue {
    pub offset: usize,
    pub message: String,
    pub hint: String,
    pub error: bool,
}

/// The result of rendering one body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<Anchor>,
    pub records: Vec<Record>,
    /// Text before the first record (preamble, summaries).
    pub intro: String,
    pub issues: Vec<Issue>,
    /// Citation links to provisions, checked once every document is
    /// rendered, in the order of the HTML.
    pub cites: Vec<CheckedCite>,
    /// Where the quotations go, in the order of the HTML.
    pub quotes: Vec<QuoteSpot>,
}

impl Rendered {
    pub fn anchor(&self, id: &str) -> Option<&Anchor> {
        self.anchors.iter().find(|a| a.id == id)
    }

    /// The HTML of one provision (with its nested provisions).
    pub fn fragment(&self, id: &str) -> Option<&str> {
        self.anchor(id).and_then(|a| self.html.get(a.range.clone()))
    }
}

/// pulldown-cmark options: tables, footnotes, strikethrough, heading
/// attributes. Smart punctuation stays off: it would rewrite `1690/QĐ-TTg` and
/// quotation marks in official text.
fn parser_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders Markdown with no legal structure and no links (overviews, notes).
pub fn render_plain(body: &str) -> String {
    render(body, false, &NoLinks).html
}

/// Renders a body. `legal`: recognise the structure of a legal text.
pub fn render(body: &str, legal: bool, links: &dyn Links) -> Rendered {
    walk(body, legal, links)
}

fn walk(body: &str, legal: bool, links: &dyn Links) -> Rendered {
    // NUL marks where checked citation links are in the HTML the writer
    // makes (see `Renderer::write`); a NUL of the text itself is a space,
    // as wide as it, so offsets into the body stay true.
    let spaced;
    let body = if body.contains('\0') {
        spaced = body.replace('\0', " ");
        spaced.as_str()
    } else {
        body
    };
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, parser_options())
        .into_offset_iter()
        .collect();
    let mut r = Renderer {
        legal,
        links,
        body,
        out: String::with_capacity(body.len() * 3 / 2),
        pending: Vec::new(),
        outline: Outline::default(),
        used: FxHashMap::default(),
        open: Vec::new(),
        levels: Vec::new(),
        lists: Vec::new(),
        item_anchor: Vec::new(),
        text: String::new(),
        record: None,
        in_link: 0,
        container_depth: 0,
        checks: std::collections::VecDeque::new(),
        result: Rendered::default(),
    };
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::Heading { .. }) => {
                let end = find_end(&events, i, |e| matches!(e, TagEnd::Heading(_)));
                r.heading(&events[i..=end]);
                i = end;
            }
            Event::Start(Tag::Paragraph) => {
                let end = find_end(&events, i, |e| matches!(e, TagEnd::Paragraph));
                r.paragraph(&events[i..=end]);
                i = end;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let end = find_end(&events, i, |e| matches!(e, TagEnd::CodeBlock));
                let code: String = events[i + 1..end]
                    .iter()
                    .filter_map(|(e, _)| match e {
                        Event::Text(t) => Some(t.as_ref()),
                        _ => None,
                    })
                    .collect();
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.as_ref(),
                    CodeBlockKind::Indented => "",
                };
                r.flush();
                r.out.push_str(&highlight::highlight(&code, lang));
                r.push_text(&code);
                i = end;
            }
            Event::Start(Tag::List(start)) => {
                r.lists.push((*start, 0));
                r.container_depth += 1;
                r.pending.push(event.clone().into_static());
            }
            Event::End(TagEnd::List(_)) => {
                r.lists.pop();
                r.container_depth -= 1;
                r.pending.push(event.clone().into_static());
            }
            Event::Start(Tag::Item) => r.item_start(range.start),
            Event::End(TagEnd::Item) => r.item_end(),
            Event::Start(Tag::BlockQuote(_) | Tag::FootnoteDefinition(_) | Tag::Table(_)) => {
                r.container_depth += 1;
                r.pending.push(event.clone().into_static());
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::FootnoteDefinition | TagEnd::Table) => {
                r.container_depth -= 1;
                r.pending.push(event.clone().into_static());
                r.push_text(" ");
            }
            _ => {
                let inline = r.inline(std::slice::from_ref(&events[i]), true);
                r.pending.extend(inline);
            }
        }
        i += 1;
    }
    r.finish()
}

fn find_end(
    events: &[(Event<'_>, Range<usize>)],
    from: usize,
    is_end: impl Fn(&TagEnd) -> bool,
) -> usize {
    events[from..]
        .iter()
        .position(|(e, _)| matches!(e, Event::End(t) if is_end(t)))
        .map_or(events.len() - 1, |p| from + p)
}

struct OpenAnchor {
    rank: u8,
    index: usize,
}

struct Renderer<'l> {
    legal: bool,
    links: &'l dyn Links,
    /// The Markdown source, for the exact place of a problem in a run of text.
    body: &'l str,
    out: String,
    /// Events not yet written; flushed through pulldown-cmark's HTML writer.
    pending: Vec<Event<'static>>,
    outline: Outline,
    used: FxHashMap<String, usize>,
    open: Vec<OpenAnchor>,
    /// (rank, heading level) of open structural headings.
    levels: Vec<(u8, u8)>,
    /// Open lists: (start number if ordered, items seen so far).
    lists: Vec<(Option<u64>, u64)>,
    /// For each open list item: the index of the anchor it opened, if any.
    item_anchor: Vec<Option<usize>>,
    /// Text of the current record (or the intro before the first).
    text: String,
    record: Option<Record>,
    in_link: usize,
    container_depth: usize,
    /// Checks of the citation links written as events but not yet as HTML.
    checks: std::collections::VecDeque<u32>,
    result: Rendered,
}

impl Renderer<'_> {
    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let events = std::mem::take(&mut self.pending);
            self.write(events);
        }
    }

    /// Writes events as HTML, noting where the checked citation links are:
    /// each is written between three NULs (before and after its opening tag,
    /// before its `</a>`), taken out here.
    fn write(&mut self, events: Vec<Event<'_>>) {
        let start = self.out.len();
        html::push_html(&mut self.out, events.into_iter());
        if self.checks.is_empty() || !self.out[start..].contains('\0') {
            return;
        }
        let written = self.out.split_off(start);
        let mut marks = Vec::with_capacity(3);
        let mut pieces = written.split('\0').peekable();
        while let Some(piece) = pieces.next() {
            self.out.push_str(piece);
            if pieces.peek().is_none() {
                break;
            }
            marks.push(self.out.len());
            if let [open, text, close] = marks[..] {
                if let Some(check) = self.checks.pop_front() {
                    self.result.cites.push(CheckedCite {
                        check,
                        open: open..text,
                        close,
                    });
                }
                marks.clear();
            }
        }
    }

    fn push_text(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn end_block_text(&mut self) {
        if !self.text.ends_with(' ') && !self.text.is_empty() {
            self.text.push(' ');
        }
    }

    /// Transforms inline events: resolves `vb:` links, links citations in
    /// text, collects the plain text for search.
    fn inline(&mut self, events: &[(Event<'_>, Range<usize>)], cite: bool) -> Vec<Event<'static>> {
        self.check_shortcodes(events);
        let mut out = Vec::with_capacity(events.len());
        for (event, range) in events {
            match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    self.in_link += 1;
                    let dest = match self.links.resolve(dest_url, range.start) {
                        Some(Ok(href)) => CowStr::from(href),
                        Some(Err(message)) => {
                            self.result.issues.push(Issue {
                                offset: range.start,
                                message,
                                hint: "kiểm tra số hiệu và mã neo (ví dụ vb:86/2015/QH13#dieu-5); văn bản phải có trong kho".into(),
                                error: true,
                            });
                            CowStr::from(dest_url.to_string())
                        }
                        None => CowStr::from(dest_url.to_string()),
                    };
                    out.push(Event::Start(Tag::Link {
                        link_type: *link_type,
                        dest_url: dest,
                        title: CowStr::from(title.to_string()),
                        id: CowStr::from(id.to_string()),
                    }));
                }
                Event::End(TagEnd::Link) => {
                    self.in_link = self.in_link.saturating_sub(1);
                    out.push(Event::End(TagEnd::Link));
                }
                Event::Text(text) => {
                    self.text.push_str(text);
                    let linked = if cite && self.in_link == 0 {
                        self.links.cite(text, self.outline.article())
                    } else {
                        Vec::new()
                    };
                    if linked.is_empty() {
                        out.push(Event::Text(CowStr::from(text.to_string())));
                    } else {
                        let html = self.cite_html(text, &linked);
                        out.push(Event::InlineHtml(CowStr::from(html)));
                    }
                }
                Event::Code(code) => {
                    self.text.push_str(code);
                    out.push(Event::Code(CowStr::from(code.to_string())));
                }
                Event::SoftBreak | Event::HardBreak => {
                    self.text.push(' ');
                    out.push(event.clone().into_static());
                }
                other => out.push(other.clone().into_static()),
            }
        }
        out
    }

    /// A `{{ name(` left in running text is a shortcode that was not
    /// recognised (unclosed, malformed, or not alone in its paragraph): an
    /// error at its place, never text printed as it is.
    fn check_shortcodes(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let has_text = |e: &Event<'_>| matches!(e, Event::Text(t) if t.contains("{{"));
        if !events.iter().any(|(e, _)| has_text(e)) {
            return;
        }
        let text = shortcode_text(events);
        let Some(message) = bad_shortcode(&text) else {
            return;
        };
        let start = events.first().map_or(0, |(_, r)| r.start);
        let end = events.last().map_or(start, |(_, r)| r.end).max(start);
        let offset = self
            .body
            .get(start..end)
            .and_then(|src| SHORTCODE_OPEN.find(src))
            .map_or(start, |m| start + m.start());
        self.result.issues.push(Issue {
            offset,
            message,
            hint: "viết trọn dạng {{ trich(vb=\"86/2015/QH13\", dieu=5) }} trên một dòng riêng, cách đoạn trước và sau một dòng trống".into(),
            error: true,
        });
    }

    fn unique(&mut self, id: String, offset: usize) -> String {
        let count = match self.used.get_mut(&id) {
            Some(count) => {
                *count += 1;
                *count
            }
            None => {
                self.used.insert(id.clone(), 1);
                return id;
            }
        };
        let unique = format!("{id}-{count}");
        self.result.issues.push(Issue {
            offset,
            message: format!("mã neo #{id} lặp lại; dùng #{unique}"),
            hint: "văn bản có hai đơn vị cùng số; kiểm tra lại số thứ tự".into(),
            error: false,
        });
        unique
    }

    /// Closes every open anchor of rank `rank` or deeper at the current output end.
    fn close(&mut self, rank: u8) {
        let end = self.out.len();
        while let Some(top) = self.open.last() {
            if top.rank < rank {
                break;
            }
            let index = top.index;
            self.open.pop();
            self.result.anchors[index].range.end = end;
        }
    }

    /// Starts a structural unit at the current output position.
    fn enter(&mut self, marker: &Marker, offset: usize) -> (String, String) {
        self.flush();
        let rank = marker.unit.rank();
        self.close(rank);
        let id = self.outline.enter(marker);
        let id = self.unique(id, offset);
        let label = self.citation_label(marker);
        if marker.unit.is_record() {
            self.start_record(&id, marker);
        }
        self.result.anchors.push(Anchor {
            id: id.clone(),
            unit: Some(marker.unit),
            label: label.clone(),
            title: marker.title.clone(),
            range: self.out.len()..self.out.len(),
        });
        self.open.push(OpenAnchor {
            rank,
            index: self.result.anchors.len() - 1,
        });
        (id, label)
    }

    /// How a reader cites the unit: `khoản 2 Điều 5`, `điểm a khoản 2 Điều 5`.
    fn citation_label(&self, marker: &Marker) -> String {
        match marker.unit {
            Unit::Legal(Kind::Khoan) | Unit::Legal(Kind::Diem) => {
                let mut parts: Vec<String> = Vec::new();
                let crumbs = self.outline.breadcrumb();
                for label in crumbs.iter().rev() {
                    let lower = lowercase_first(label);
                    parts.push(lower);
                    if label.starts_with(Kind::Dieu.word()) {
                        break;
                    }
                }
                let mut label = lowercase_first(&marker.label);
                for p in parts {
                    label.push(' ');
                    label.push_str(&uppercase_dieu(&p));
                }
                label
            }
            _ => marker.label.clone(),
        }
    }

    fn start_record(&mut self, id: &str, marker: &Marker) {
        self.finish_record();
        self.record = Some(Record {
            id: id.to_string(),
            label: marker.label.clone(),
            title: marker.title.clone(),
            breadcrumb: self.outline.breadcrumb(),
            text: String::new(),
        });
    }

    fn finish_record(&mut self) {
        let text = collapsed(std::mem::take(&mut self.text));
        match self.record.take() {
            Some(mut record) => {
                record.text = text;
                self.result.records.push(record);
            }
            None => {
                if !self.result.intro.is_empty() && !text.is_empty() {
                    self.result.intro.push(' ');
                }
                self.result.intro.push_str(&text);
            }
        }
    }

    fn heading_level(&mut self, rank: u8) -> u8 {
        while self.levels.last().is_some_and(|(r, _)| *r >= rank) {
            self.levels.pop();
        }
        let level = self.levels.last().map_or(2, |(_, l)| (*l + 1).min(6));
        self.levels.push((rank, level));
        level
    }

    fn heading(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let (
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }),
            range,
        ) = &events[0]
        else {
            return;
        };
        let text = plain_text(&events[1..events.len() - 1]);
        let marker = if self.legal && self.container_depth == 0 {
            heading_marker(&text, self.outline.in_article())
        } else {
            None
        };
        let inner_events = &events[1..events.len() - 1];
        self.end_block_text();
        match marker {
            Some(marker) => {
                let level = self.heading_level(marker.unit.rank());
                let (id, label) = self.enter(&marker, range.start);
                // Chapter titles are not part of any article's text.
                let mark = self.text.len();
                let inner = self.inline(inner_events, false);
                if !marker.unit.is_record() {
                    self.text.truncate(mark);
                }
                let depth = self.levels.len().saturating_sub(1) as u8;
                if !matches!(
                    marker.unit,
                    Unit::Legal(Kind::Khoan) | Unit::Legal(Kind::Diem)
                ) {
                    self.result.toc.push(TocEntry {
                        id: id.clone(),
                        label: marker.label.clone(),
                        title: marker.title.clone(),
                        depth,
                    });
                }
                let class = unit_class(marker.unit);
                self.out
                    .push_str(&format!("<h{level} id=\"{id}\" class=\"{class}\">"));
                self.copy_link(&id, &label);
                self.write(inner);
                self.out.push_str(&format!("</h{level}>\n"));
            }
            None => {
                let inner = self.inline(inner_events, false);
                self.flush();
                self.close(0);
                self.levels.clear();
                let level = heading_number(*level).max(2);
                let id = id
                    .as_ref()
                    .map_or_else(|| crate::text::slugify(&text), |i| i.to_string());
                let id = self.unique(if id.is_empty() { "muc".into() } else { id }, range.start);
                self.result.toc.push(TocEntry {
                    id: id.clone(),
                    label: String::new(),
                    title: text.clone(),
                    depth: level.saturating_sub(2),
                });
                let class = classes
                    .iter()
                    .map(|c| c.as_ref())
                    .collect::<Vec<_>>()
                    .join(" ");
                let class_attr = if class.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape_html(&class))
                };
                self.out
                    .push_str(&format!("<h{level} id=\"{id}\"{class_attr}>"));
                self.copy_link(&id, &text);
                self.write(inner);
                self.out.push_str(&format!("</h{level}>\n"));
            }
        }
        self.end_block_text();
    }

    /// A run of text with its citations as links (see [`Renderer::write`]
    /// for the NULs around a checked one).
    fn cite_html(&mut self, text: &str, links: &[CiteLink]) -> String {
        let mut out = String::with_capacity(text.len() + links.len() * 48);
        let mut at = 0;
        for link in links {
            let span = link.span.clone();
            if span.start < at || span.end > text.len() {
                continue;
            }
            out.push_str(&escape_html(&text[at..span.start]));
            let cited = escape_html(&text[span.clone()]);
            let href = &link.href;
            match link.check {
                Some(check) => {
                    self.checks.push_back(check);
                    out.push_str(&format!(
                        "\0<a class=\"cite\" href=\"{href}\">\0{cited}\0</a>"
                    ));
                }
                None => out.push_str(&format!("<a class=\"cite\" href=\"{href}\">{cited}</a>")),
            }
            at = span.end;
        }
        out.push_str(&escape_html(&text[at..]));
        out
    }

    fn copy_link(&mut self, id: &str, label: &str) {
        self.out.push_str(&format!(
            "<a class=\"pl\" href=\"#{id}\" aria-label=\"Liên kết tới {}\">#</a>",
            escape_html(label)
        ));
    }

    fn paragraph(&mut self, events: &[(Event<'_>, Range<usize>)]) {
        let inner_events = &events[1..events.len() - 1];
        if let Some(args) = shortcode_args(&shortcode_text(inner_events)) {
            self.flush();
            match self.links.quote(args, events[0].1.start) {
                Ok(quote) => self.result.quotes.push(QuoteSpot {
                    quote,
                    at: self.out.len(),
                }),
                Err(message) => {
                    self.result.issues.push(Issue {
                        offset: events[0].1.start,
                        message,
                        hint: "viết dạng {{ trich(vb=\"86/2015/QH13\", dieu=5) }}; văn bản và điều phải có trong kho".into(),
                        error: true,
                    });
                }
            }
            return;
        }
        let text = plain_text(inner_events);
        let marker = if self.legal && self.container_depth == 0 {
            paragraph_marker(&text, self.outline.in_article())
        } else {
            None
        };
        match marker {
            Some(marker) => {
                let (id, label) = self.enter(&marker, events[0].1.start);
                let inner = self.inline(inner_events, true);
                let class = unit_class(marker.unit);
                self.out
                    .push_str(&format!("<p id=\"{id}\" class=\"{class}\">"));
                self.copy_link(&id, &label);
                self.write(inner);
                self.out.push_str("</p>\n");
            }
            None => {
                let inner = self.inline(inner_events, true);
                self.pending.push(Event::Start(Tag::Paragraph));
                self.pending.extend(inner);
                self.pending.push(Event::End(TagEnd::Paragraph));
            }
        }
        self.end_block_text();
    }

    /// An ordered-list item directly inside an article is a clause.
    fn item_start(&mut self, offset: usize) {
        let clause_number = match self.lists.last_mut() {
            Some((Some(start), seen)) => {
                *seen += 1;
                Some(*start + *seen - 1)
            }
            _ => None,
        }
        .filter(|_| self.legal && self.lists.len() == 1 && self.outline.in_article());
        match clause_number {
            Some(n) => {
                let marker = Marker {
                    unit: Unit::Legal(Kind::Khoan),
                    number: n.to_string(),
                    label: format!("{} {n}", Kind::Khoan.word()),
                    title: String::new(),
                };
                let (id, label) = self.enter(&marker, offset);
                self.out
                    .push_str(&format!("<li id=\"{id}\" class=\"khoan\">"));
                self.copy_link(&id, &label);
                self.item_anchor.push(Some(self.result.anchors.len() - 1));
            }
            None => {
                self.pending.push(Event::Start(Tag::Item));
                self.item_anchor.push(None);
            }
        }
        self.container_depth += 1;
    }

    fn item_end(&mut self) {
        self.container_depth -= 1;
        match self.item_anchor.pop().flatten() {
            Some(_) => {
                self.flush();
                self.out.push_str("</li>\n");
                self.close(Unit::Legal(Kind::Khoan).rank());
            }
            None => self.pending.push(Event::End(TagEnd::Item)),
        }
        self.end_block_text();
    }

    fn finish(mut self) -> Rendered {
        self.flush();
        self.close(0);
        self.finish_record();
        self.result.html = self.out;
        self.result
    }
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// `{{ trich(vb="86/2015/QH13", dieu=5) }}` alone in a paragraph → the arguments.
fn shortcode_args(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("{{")?.strip_suffix("}}")?.trim();
    inner.strip_prefix("trich(")?.strip_suffix(')')
}

/// The text a shortcode is looked for in: inline code is left out, since
/// it shows a shortcode rather than runs it.
fn shortcode_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// The start of a shortcode: `{{`, a name, `(`.
static SHORTCODE_OPEN: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"\{\{\s*([\p{L}\p{N}_]+)\s*\(").expect("valid pattern")
});

/// What is wrong with text that holds the start of a shortcode but is not
/// one (a well-formed shortcode alone in its paragraph never gets here).
fn bad_shortcode(text: &str) -> Option<String> {
    let caps = SHORTCODE_OPEN.captures(text)?;
    let (open, name) = (caps.get(0)?, caps.get(1)?.as_str());
    if name != "trich" {
        return Some(format!(
            "không có mã {{{{ {name}( }}}}: chỉ có {{{{ trich(...) }}}}"
        ));
    }
    let rest = &text[open.start()..];
    Some(match rest.find("}}") {
        None => "mã trích {{ trich( chưa đóng: thiếu ) }}".to_string(),
        Some(close) if !rest[..close].trim_end().ends_with(')') => {
            "mã trích thiếu dấu ) trước }}".to_string()
        }
        Some(_) => "mã trích {{ trich(...) }} phải đứng riêng một đoạn".to_string(),
    })
}

fn unit_class(unit: Unit) -> &'static str {
    match unit {
        Unit::Legal(kind) => kind.slug(),
        Unit::Roman => "la-ma",
        Unit::Arabic => "so",
        Unit::Letter => "chu",
    }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn lowercase_first(s: &str) -> String {
    match s.chars().next() {
        Some(c) => {
            let mut out = String::with_capacity(s.len() + 2);
            out.extend(c.to_lowercase());
            out.push_str(&s[c.len_utf8()..]);
            out
        }
        None => String::new(),
    }
}

/// Articles keep their capital in citations: "khoản 2 Điều 5".
fn uppercase_dieu(s: &str) -> String {
    match s.strip_prefix(Kind::Dieu.word().to_lowercase().as_str()) {
        Some(rest) => format!("{}{rest}", Kind::Dieu.word()),
        None => s.to_string(),
    }
}

/// Escapes text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut copied = 0;
    // The five characters are ASCII: their bytes are char boundaries.
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
    out
}

/// `text` with each run of white space made one space, and none at the ends
/// (what `split_whitespace` then `join(" ")` gives, in one pass).
/// [`collapse_whitespace`], keeping `text` when it is collapsed already
/// but for spaces at its end, as the text of a record almost always is
/// (blocks and line breaks add one space each): then only a vectorised
/// scan and a search for two spaces read it, and nothing is copied.
fn collapsed(mut text: String) -> String {
    let end = text.trim_end_matches(' ').len();
    let b = &text.as_bytes()[..end];
    let mut special = b.first() == Some(&b' ');
    for block in b.chunks(64) {
        for &x in block {
            special |= unusual_white(x);
        }
        if special {
            break;
        }
    }
    if special || memchr::memmem::find(b, b"  ").is_some() {
        return collapse_whitespace(&text);
    }
    text.truncate(end);
    text
}

fn collapse_whitespace(text: &str) -> String {
    // Spans already single-spaced are copied whole, and only other runs
    // (several characters, line breaks, either end) are rewritten (the
    // common text with single spaces only never gets here: see
    // [`collapsed`]). The result is what splitting on `char::is_whitespace`
    // and joining with one space gives.
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < bytes.len() {
        let len = white_space_len(text, i);
        if len == 0 {
            i += 1;
            continue;
        }
        let start = i;
        i += len;
        loop {
            let more = if i < bytes.len() {
                white_space_len(text, i)
            } else {
                0
            };
            if more == 0 {
                break;
            }
            i += more;
        }
        if start > 0 && i < bytes.len() && i - start == 1 && bytes[start] == b' ' {
            continue;
        }
        out.push_str(&text[copied..start]);
        if !out.is_empty() && i < bytes.len() {
            out.push(' ');
        }
        copied = i;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether byte `x` may belong to white space other than the space: ASCII
/// white space but the space, and the bytes that can begin another white
/// space character (see [`white_space_len`]), where U+1680 (E1 9A 80) is
/// found by its 9A (rare in Vietnamese) rather than its E1 (which leads most
/// Vietnamese letters with diacritics). Arithmetic, so loops over it are
/// vectorised and take no branch per letter.
fn unusual_white(x: u8) -> bool {
    (x.wrapping_sub(0x09) < 5) | (x == 0xc2) | (x == 0x9a) | (x == 0xe2) | (x == 0xe3)
}

/// The length of the white space character at byte `i` of `text`, 0 if none.
/// Only a few lead bytes can start a non-ASCII one (U+0085, U+00A0, U+1680,
/// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), matched here byte
/// by byte: 0xE1 also starts most Vietnamese letters with diacritics, which
/// must not cost a decode each.
fn white_space_len(text: &str, i: usize) -> usize {
    let b = &text.as_bytes()[i..];
    match *b {
        [b' ' | b'\t'..=b'\r', ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..] => 3,
        [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..] => 3,
        [0xE2, 0x81, 0x9F, ..] => 3,
        [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
