//! Checking cited provisions once every document is rendered.
//!
//! A page may cite a provision of a document that is rendered after it (or
//! later in its own text), and the provisions of a document are only known
//! by rendering it. Rather than parse every document twice, the link stage
//! links citations of provisions at once and notes each as a [`Check`]; when
//! all documents are rendered, [`outcome`] looks each one up and
//! [`Outcome::apply`] takes back the links to provisions that do not exist.
//! Explicit `vb:` links and `trich` quotations must resolve: a missing
//! provision is an error at the link's place.

use rayon::prelude::*;

use crate::content::Document;
use crate::link::reference::{Quote, Reference, Unresolved, UnresolvedReason};
use crate::markdown::{Issue, Rendered};

/// A provision a page points at, to look up once every document is rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// A `vb:` link or a `trich` quotation; `offset` in the body.
    Required {
        target: usize,
        anchor: String,
        offset: usize,
    },
    /// A citation link of the page ([`crate::markdown::CheckedCite`] with
    /// the same `id`). `report`: how to list it among the unresolved
    /// citations if the provision is missing (`None`: don't).
    Cite {
        id: u32,
        target: usize,
        anchor: String,
        report: Option<String>,
    },
}

/// What the link stage learnt about one page.
#[derive(Debug, Clone, Default)]
pub struct PageRefs {
    /// The document the page is, if it is one.
    pub this: Option<usize>,
    pub refs: Vec<Reference>,
    pub unresolved: Vec<Unresolved>,
    pub checks: Vec<Check>,
    /// The quotations, filled once every document is rendered.
    pub quotes: Vec<Quote>,
}

/// Each document's provisions, id → label.
pub struct Provisions<'a> {
    anchors: Vec<rustc_hash::FxHashMap<&'a str, &'a str>>,
}

impl<'a> Provisions<'a> {
    /// `docs`: the rendered documents, in content order.
    pub fn new(docs: &'a [Rendered]) -> Provisions<'a> {
        let anchors = docs
            .par_iter()
            .map(|r| {
                r.anchors
                    .iter()
                    .map(|a| (a.id.as_str(), a.label.as_str()))
                    .collect()
            })
            .collect();
        Provisions { anchors }
    }

    pub fn has(&self, doc: usize, anchor: &str) -> bool {
        self.anchors
            .get(doc)
            .is_some_and(|a| a.contains_key(anchor))
    }
}

/// The result of a page's checks.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Checks of the citation links to take back.
    unlink: Vec<u32>,
    issues: Vec<Issue>,
}

/// Looks up a page's checks; completes its references (sorted, without
/// repeats) and unresolved citations.
pub fn outcome(page: &mut PageRefs, provisions: &Provisions<'_>, docs: &[Document]) -> Outcome {
    let mut out = Outcome::default();
    for check in page.checks.drain(..) {
        match check {
            Check::Required {
                target,
                anchor,
                offset,
            } => {
                if !provisions.has(target, &anchor) {
                    out.issues.push(Issue {
                        offset,
                        message: format!(
                            "văn bản {} không có điều khoản #{anchor}",
                            docs[target].number.canonical()
                        ),
                        hint: "kiểm tra số hiệu và mã neo (ví dụ vb:86/2015/QH13#dieu-5); văn bản phải có trong kho".into(),
                        error: true,
                    });
                }
            }
            Check::Cite {
                id,
                target,
                anchor,
                report,
            } => {
                if provisions.has(target, &anchor) {
                    if Some(target) != page.this {
                        page.refs.push(Reference {
                            target,
                            anchor: Some(anchor),
                        });
                    }
                } else {
                    out.unlink.push(id);
                    if let Some(cited) = report {
                        page.unresolved.push(Unresolved {
                            cited,
                            reason: UnresolvedReason::MissingProvision,
                        });
                    }
                }
            }
        }
    }
    page.refs.sort();
    page.refs.dedup();
    out
}

impl Outcome {
    /// Adds the errors to the page and takes back the links to missing
    /// provisions (their text stays), keeping the places of provisions and
    /// quotations right.
    pub fn apply(self, r: &mut Rendered) {
        r.issues.extend(self.issues);
        if self.unlink.is_empty() {
            return;
        }
        // Byte ranges of the HTML to cut: each link's opening tag and its `</a>`.
        let mut cuts: Vec<std::ops::Range<usize>> = Vec::new();
        for cite in r.cites.iter().filter(|c| self.unlink.contains(&c.check)) {
            cuts.push(cite.open.clone());
            cuts.push(cite.close..cite.close + "</a>".len());
        }
        cuts.sort_by_key(|c| c.start);
        let mut html = String::with_capacity(r.html.len());
        let mut at = 0;
        for cut in &cuts {
            html.push_str(&r.html[at..cut.start]);
            at = cut.end;
        }
        html.push_str(&r.html[at..]);
        r.html = html;
        // A position after cuts moves back by their total length.
        let moved = |pos: usize| -> usize {
            pos - cuts
                .iter()
                .take_while(|c| c.end <= pos)
                .map(|c| c.len())
                .sum::<usize>()
        };
        for a in &mut r.anchors {
            a.range = moved(a.range.start)..moved(a.range.end);
        }
        for q in &mut r.quotes {
            q.at = moved(q.at);
        }
        r.cites.retain(|c| !self.unlink.contains(&c.check));
        for c in &mut r.cites {
            c.open = moved(c.open.start)..moved(c.open.end);
            c.close = moved(c.close);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Anchor;

    fn rendered(html: &str, anchors: &[(&str, std::ops::Range<usize>)]) -> Rendered {
        Rendered {
            html: html.to_string(),
            anchors: anchors
                .iter()
                .map(|(id, range)| Anchor {
                    id: id.to_string(),
                    unit: None,
                    label: String::new(),
                    title: String::new(),
                    range: range.clone(),
                })
                .collect(),
            ..Rendered::default()
        }
    }

    #[test]
    fn taking_back_a_link_keeps_its_text_and_the_other_links() {
        let html = "<p id=\"dieu-1\">x <a class=\"cite\" href=\"a/#dieu-9\">Điều 9</a> và \
                    <a class=\"cite\" href=\"b/\">Luật B</a></p><p id=\"dieu-2\">y</p>";
        let second = html.find("<p id=\"dieu-2\"").unwrap();
        let mut r = rendered(
            html,
            &[("dieu-1", 0..second), ("dieu-2", second..html.len())],
        );
        let open = html.find("<a class").unwrap();
        let text = html.find("Điều 9").unwrap();
        r.cites.push(crate::markdown::CheckedCite {
            check: 0,
            open: open..text,
            close: html.find("</a>").unwrap(),
        });
        Outcome {
            unlink: vec![0],
            issues: Vec::new(),
        }
        .apply(&mut r);
        assert_eq!(
            r.html,
            "<p id=\"dieu-1\">x Điều 9 và <a class=\"cite\" href=\"b/\">Luật B</a></p><p id=\"dieu-2\">y</p>"
        );
        assert_eq!(r.fragment("dieu-2"), Some("<p id=\"dieu-2\">y</p>"));
        assert!(r.fragment("dieu-1").unwrap().ends_with("Luật B</a></p>"));
    }
}
