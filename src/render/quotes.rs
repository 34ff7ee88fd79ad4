//! Quotations (`trich(...)`) filled with the quoted provision, its label and
//! source, and a note on whether its wording is still in force. Done when
//! pages are rendered: every document is rendered by then (the quoted one may
//! come later than the page quoting it), and the note is in the theme's words.

use rayon::prelude::*;

use super::wording::{self, Wording};
use crate::content::Document;
use crate::date::Date;
use crate::legal::status::Status;
use crate::link::amendments::{split_spec, touches, Action};
use crate::link::reference::Quote;
use crate::markdown::{escape_html, Rendered};
use crate::url::Linker;

/// What quotations are filled from: the hub's documents, as of a date.
pub struct Sources<'a> {
    pub docs: &'a [Document],
    pub wording: &'a Wording,
    /// A document number → the hub document, for the amendments a note names.
    pub find: &'a (dyn Fn(&str) -> Option<usize> + Sync),
    pub status: &'a [Status],
    pub as_of: Date,
    pub offline: bool,
}

/// Every body with quotations, filled with the quoted provisions, their
/// label, source and whether their wording is still in force (`None` for a
/// body without): (documents', pages'). A quotation inside a quoted
/// provision is left out. `*_quotes[i]` are the quotations the link stage
/// found in body `i`; `page_urls` the pages' URLs.
pub fn fill(
    sources: &Sources<'_>,
    docs: &[&Rendered],
    doc_quotes: &[&[Quote]],
    pages: &[&Rendered],
    page_quotes: &[&[Quote]],
    page_urls: &[&str],
) -> (Vec<Option<Rendered>>, Vec<Option<Rendered>>) {
    let filled_docs = docs
        .par_iter()
        .zip(doc_quotes)
        .zip(sources.docs)
        .map(|((r, quotes), d)| filled(sources, docs, r, quotes, &d.url))
        .collect();
    let filled_pages = pages
        .par_iter()
        .zip(page_quotes)
        .zip(page_urls)
        .map(|((r, quotes), url)| filled(sources, docs, r, quotes, url))
        .collect();
    (filled_docs, filled_pages)
}

/// `r` with its quotations in place (and the places after them moved), or
/// `None` if it has none.
fn filled(
    sources: &Sources<'_>,
    docs: &[&Rendered],
    r: &Rendered,
    quotes: &[Quote],
    url: &str,
) -> Option<Rendered> {
    if r.quotes.is_empty() {
        return None;
    }
    let linker = Linker::new(url, sources.offline);
    let mut html = String::with_capacity(r.html.len() + r.quotes.len() * 1024);
    // (place in the old HTML, bytes inserted there)
    let mut inserted: Vec<(usize, usize)> = Vec::with_capacity(r.quotes.len());
    let mut at = 0;
    for spot in &r.quotes {
        html.push_str(&r.html[at..spot.at]);
        at = spot.at;
        if let Some(q) = quotes.get(spot.quote as usize) {
            let piece = quotation(sources, docs, &linker, q);
            inserted.push((spot.at, piece.len()));
            html.push_str(&piece);
        }
    }
    html.push_str(&r.html[at..]);
    // A quotation is inside the provisions open where it stands, and before
    // those that start there.
    let moved = |pos: usize| -> usize {
        pos + inserted
            .iter()
            .take_while(|(p, _)| *p <= pos)
            .map(|(_, len)| len)
            .sum::<usize>()
    };
    let mut done = r.clone();
    done.html = html;
    for a in &mut done.anchors {
        a.range = moved(a.range.start)..moved(a.range.end);
    }
    for c in &mut done.cites {
        c.open = moved(c.open.start)..moved(c.open.end);
        c.close = moved(c.close);
    }
    done.quotes.clear();
    Some(done)
}

/// One quotation's HTML, linked from the page `linker` is for.
fn quotation(sources: &Sources<'_>, docs: &[&Rendered], linker: &Linker, q: &Quote) -> String {
    let label = |doc: usize, anchor: &str| -> String {
        docs.get(doc)
            .and_then(|r| r.anchor(anchor))
            .map(|a| escape_html(&a.label))
            .unwrap_or_default()
    };
    let href = |doc: usize, anchor: &str| linker.href_anchor(&sources.docs[doc].url, anchor);
    let d = &sources.docs[q.doc];
    // Whether the wording quoted is still the wording in force.
    let note = quote_note(sources, q.doc, &q.anchor, label, href);
    let fragment = docs
        .get(q.doc)
        .and_then(|r| r.fragment(&q.anchor))
        .map(quotable)
        .unwrap_or_default();
    format!(
        "<blockquote class=\"quote\">\n<p class=\"quote-source\"><a href=\"{}\">{} {} {}</a></p>\n<p class=\"quote-note\">{note}</p>\n{fragment}</blockquote>\n",
        href(q.doc, &q.anchor),
        label(q.doc, &q.anchor),
        escape_html(d.kind.name()),
        escape_html(d.number.canonical()),
    )
}

/// A provision's HTML made fit to stand inside another page: no ids (they
/// belong to the source page), no copy-link controls, headings as bold text.
pub(crate) fn quotable(fragment: &str) -> String {
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

/// What a quotation of provision `anchor` of document `doc` says about its
/// wording: the original wording, changed since by …; or the original wording
/// whose later changes nobody has checked; or the wording with no change
/// recorded up to the day the document's amendments were checked. Then the
/// document's status (as of the build) when it is not, or may not be, in
/// force. `label` and `href` name and link a provision from the quoting page.
fn quote_note(
    sources: &Sources<'_>,
    doc: usize,
    anchor: &str,
    label: impl Fn(usize, &str) -> String,
    href: impl Fn(usize, &str) -> String,
) -> String {
    let (docs, find, wording) = (sources.docs, sources.find, sources.wording);
    let (status, as_of) = (sources.status[doc], sources.as_of);
    let words = &wording.amendment;
    let d = &docs[doc];
    let changes: Vec<String> = d
        .front
        .amendments
        .iter()
        .filter(|a| touches(a.provision.get_ref().trim(), anchor))
        .filter_map(|a| {
            let action = Action::parse(a.action.get_ref())?;
            let (number, by_anchor) = split_spec(a.by.get_ref());
            let (by, by_anchor) = (find(number)?, by_anchor?);
            let from = *a.from.get_ref();
            let by_link = format!(
                "<a href=\"{}\">{} {} {}</a>",
                escape_html(&href(by, by_anchor)),
                label(by, by_anchor),
                escape_html(docs[by].kind.name()),
                escape_html(docs[by].number.canonical()),
            );
            Some(wording::fill(
                &words.quote_change,
                &[
                    ("provision", &label(doc, a.provision.get_ref().trim())),
                    (
                        "tense",
                        if from > as_of {
                            &words.will
                        } else {
                            &words.did
                        },
                    ),
                    ("action", words.passive(action)),
                    ("by", &by_link),
                    ("date", &from.to_string()),
                ],
            ))
        })
        .collect();
    let note = if !changes.is_empty() {
        let changes = changes.join(&words.quote_joiner);
        wording::fill(&words.quote_changed, &[("changes", &changes)])
    } else if let Some(checked) = &d.front.amendments_checked {
        wording::fill(
            &words.quote_unchanged,
            &[("date", &checked.get_ref().to_string())],
        )
    } else {
        words.quote_unchecked.clone()
    };
    match status {
        Status::HetHieuLuc | Status::CoTheDaHetHieuLuc | Status::ChuaCoHieuLuc => {
            let document = format!(
                "{} {}",
                escape_html(d.kind.name()),
                escape_html(d.number.canonical())
            );
            wording::fill(
                &words.quote_status,
                &[
                    ("note", &note),
                    ("document", &document),
                    ("date", &as_of.to_string()),
                    ("status", wording.status(status)),
                ],
            )
        }
        _ => note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
