//! The hub's notes on amendments, in the theme's words: under amended and
//! amending provisions, and under each quotation (whether the wording quoted
//! is still the wording in force).

use std::collections::BTreeMap;

use super::wording::{fill, AmendmentWords};
use crate::content::Document;
use crate::date::Date;
use crate::link::amendments::{label_only, Amendment};
use crate::markdown::{escape_html, Rendered};
use crate::url::Linker;

/// How a provision is named in a note: "khoản 2 Điều 50 Luật 67/2006/QH11".
fn name_of(docs: &[Document], rendered: &[&Rendered], doc: usize, anchor: &str) -> String {
    let d = &docs[doc];
    format!(
        "{} {} {}",
        label_only(rendered, doc, anchor),
        d.kind.name(),
        d.number.canonical()
    )
}

/// The notes to write after each provision an amendment concerns ([`annotated`]):
/// on the amended one (what changed it, from when, and that the text shown
/// is the original wording) and on the amending one (what it changes). Each
/// links to the other. The notes are the hub's, not the documents', in the
/// theme's `wording`.
pub fn notes(
    list: &[Amendment],
    docs: &[Document],
    rendered: &[&Rendered],
    offline: bool,
    as_of: Date,
    wording: &AmendmentWords,
) -> Notes {
    // Per document: (anchor, note HTML), in record order.
    let mut notes: BTreeMap<usize, Vec<(String, String)>> = BTreeMap::new();
    for a in list {
        let amended = name_of(docs, rendered, a.doc, &a.provision);
        let amending = name_of(docs, rendered, a.by, &a.by_provision);
        let pending = a.from > as_of;
        let on_amended = {
            let linker = Linker::new(&docs[a.doc].url, offline);
            let href = linker.href_anchor(&docs[a.by].url, &a.by_provision);
            fill(
                &wording.amended,
                &[
                    (
                        "provision",
                        &escape_html(&capitalise(&label_only(rendered, a.doc, &a.provision))),
                    ),
                    ("tense", if pending { &wording.will } else { &wording.did }),
                    ("action", wording.passive(a.action)),
                    (
                        "by",
                        &format!(
                            "<a href=\"{}\">{}</a>",
                            escape_html(&href),
                            escape_html(&amending)
                        ),
                    ),
                    ("date", &a.from.to_string()),
                    ("current", if pending { "" } else { &wording.not_current }),
                ],
            )
        };
        let on_amending = {
            let linker = Linker::new(&docs[a.by].url, offline);
            let href = linker.href_anchor(&docs[a.doc].url, &a.provision);
            fill(
                &wording.amending,
                &[
                    (
                        "provision",
                        &escape_html(&capitalise(&label_only(rendered, a.by, &a.by_provision))),
                    ),
                    ("action", wording.active(a.action)),
                    (
                        "target",
                        &format!(
                            "<a href=\"{}\">{}</a>",
                            escape_html(&href),
                            escape_html(&amended)
                        ),
                    ),
                    ("date", &a.from.to_string()),
                ],
            )
        };
        notes
            .entry(a.doc)
            .or_default()
            .push((a.provision.clone(), on_amended));
        notes
            .entry(a.by)
            .or_default()
            .push((a.by_provision.clone(), on_amending));
    }
    notes
}

/// The notes of each document: (anchor of the provision, note HTML).
pub type Notes = BTreeMap<usize, Vec<(String, String)>>;

/// `body` with its notes written after the provisions they concern.
pub fn annotated(body: &Rendered, notes: &[(String, String)]) -> Rendered {
    let mut body = body.clone();
    for (anchor, html) in notes {
        insert_note(&mut body, anchor, html);
    }
    body
}

fn capitalise(text: &str) -> String {
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Inserts `<div class="amend-note">` right after the element that carries
/// `id="anchor"`, keeping the provisions' ranges right.
fn insert_note(r: &mut Rendered, anchor: &str, note: &str) {
    let Some(at) = r.html.find(&format!(" id=\"{anchor}\"")) else {
        return;
    };
    let Some(open) = r.html[..at].rfind('<') else {
        return;
    };
    let tag: String = r.html[open + 1..at]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    let close = format!("</{tag}>");
    let Some(end) = r.html[at..].find(&close).map(|i| at + i + close.len()) else {
        return;
    };
    let html = format!("\n<div class=\"amend-note\" role=\"note\">{note}</div>");
    r.html.insert_str(end, &html);
    let len = html.len();
    for a in &mut r.anchors {
        if a.range.start >= end {
            a.range.start += len;
        }
        if a.range.end >= end {
            a.range.end += len;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_goes_after_the_element_and_ranges_follow() {
        let html = "<h4 id=\"dieu-1\">Điều 1</h4>\n<p id=\"dieu-1-khoan-1\">1. A</p>\n<p id=\"dieu-1-khoan-2\">2. B</p>";
        let k1 = html.find("<p id=\"dieu-1-khoan-1\"").unwrap();
        let k2 = html.find("<p id=\"dieu-1-khoan-2\"").unwrap();
        let mut r = Rendered {
            html: html.to_string(),
            anchors: [
                ("dieu-1", 0..html.len()),
                ("dieu-1-khoan-1", k1..k2),
                ("dieu-1-khoan-2", k2..html.len()),
            ]
            .into_iter()
            .map(|(id, range)| crate::markdown::Anchor {
                id: id.into(),
                unit: None,
                label: String::new(),
                title: String::new(),
                range,
            })
            .collect(),
            ..Rendered::default()
        };
        insert_note(&mut r, "dieu-1-khoan-1", "N");
        assert!(r.html.contains(
            "1. A</p>\n<div class=\"amend-note\" role=\"note\">N</div>\n<p id=\"dieu-1-khoan-2\""
        ));
        assert_eq!(
            r.fragment("dieu-1-khoan-2"),
            Some("<p id=\"dieu-1-khoan-2\">2. B</p>")
        );
        assert!(r.fragment("dieu-1-khoan-1").unwrap().ends_with("N</div>\n"));
        assert!(r.fragment("dieu-1").unwrap().ends_with("2. B</p>"));
    }
}
