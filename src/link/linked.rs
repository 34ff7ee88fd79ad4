//! What the link stage hands the render and index stages.

use crate::date::Date;
use crate::error::Diagnostic;
use crate::link::amendments::Amendment;
use crate::link::graph::Graph;
use crate::link::reference::{Citer, Quote};
use crate::link::tasks::Registry;
use crate::markdown::Rendered;

/// Every body parsed and resolved against the hub, checked, with the
/// relations between documents and the obligations registry.
pub struct Linked {
    /// Documents, in content order.
    pub docs: Vec<LinkedDoc>,
    /// Ordinary pages (training modules, guides), in content order.
    pub pages: Vec<Rendered>,
    /// The quotations of each page, filled when it is rendered.
    pub page_quotes: Vec<Vec<Quote>>,
    pub graph: Graph,
    pub registry: Registry,
    /// The amendments recorded in front matter, resolved to provisions: the
    /// render stage writes a note on each side in the theme's words.
    pub amended: Vec<Amendment>,
    /// The date statuses and deadlines are computed at.
    pub as_of: Date,
    pub warnings: Vec<Diagnostic>,
    /// Bodies parsed by this build (the others came from a cache).
    pub parsed: usize,
}

/// One document after the link stage.
pub struct LinkedDoc {
    pub body: Rendered,
    /// The `overview` of the front matter, rendered.
    pub overview: Option<String>,
    /// The pages that cite it, with the provision cited.
    pub cited_by: Vec<(Citer, Option<String>)>,
    /// Its quotations, filled when it is rendered.
    pub quotes: Vec<Quote>,
}

impl Linked {
    /// Frees what only the pages needed (the bodies' HTML, outline and
    /// anchors), once every page is rendered; the bodies' records stay.
    pub fn free_bodies(&mut self) {
        let bodies = self.docs.iter_mut().map(|d| &mut d.body);
        for body in bodies.chain(self.pages.iter_mut()) {
            body.html = String::new();
            body.toc = Vec::new();
            body.anchors = Vec::new();
        }
    }
}
