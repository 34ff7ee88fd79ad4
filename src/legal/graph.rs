//! Relations between documents and their status as of a date.
//!
//! The front matter records one side of each relation (this plan *implements*
//! that decision); the graph adds the inverse side (that decision *is
//! implemented by* this plan), so both pages show it. Status follows from the
//! dates and from replacements and amendments that have taken effect.

use std::collections::HashMap;

use serde::Serialize;

use crate::content::{Date, Document};
use crate::error::Diagnostic;
use crate::legal::number::DocNumber;
use crate::legal::status::{status_as_of, Status, StatusFacts};

/// A relation as written in `[relations]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Relation {
    BasedOn,
    Implements,
    Guides,
    Amends,
    Replaces,
    /// A document the text names without resting on it (vbpl's "văn bản
    /// liên quan"): a plan's purposes cite a resolution, not as its basis.
    Related,
}

impl Relation {
    pub const ALL: [Relation; 6] = [
        Relation::BasedOn,
        Relation::Implements,
        Relation::Guides,
        Relation::Amends,
        Relation::Replaces,
        Relation::Related,
    ];

    /// Heading of the group on the page of the document that states it.
    pub fn outgoing_name(self) -> &'static str {
        match self {
            Relation::BasedOn => "Văn bản căn cứ",
            Relation::Implements => "Văn bản được thực hiện",
            Relation::Guides => "Văn bản được hướng dẫn",
            Relation::Amends => "Văn bản được sửa đổi, bổ sung",
            Relation::Replaces => "Văn bản được thay thế",
            Relation::Related => "Văn bản liên quan (được nêu trong nội dung, không phải căn cứ)",
        }
    }

    /// Heading of the group on the page of the document it points to.
    pub fn incoming_name(self) -> &'static str {
        match self {
            Relation::BasedOn => "Văn bản dựa trên văn bản này",
            Relation::Implements => "Văn bản thực hiện",
            Relation::Guides => "Văn bản hướng dẫn",
            Relation::Amends => "Văn bản sửa đổi, bổ sung",
            Relation::Replaces => "Văn bản thay thế",
            Relation::Related => "Văn bản nêu văn bản này trong nội dung (không phải căn cứ)",
        }
    }

    /// Short verb for diagram edges.
    pub fn verb(self) -> &'static str {
        match self {
            Relation::BasedOn => "căn cứ",
            Relation::Implements => "thực hiện",
            Relation::Guides => "hướng dẫn",
            Relation::Amends => "sửa đổi",
            Relation::Replaces => "thay thế",
            Relation::Related => "liên quan",
        }
    }
}

/// One edge seen from a document: to `other`, outgoing or incoming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub relation: Relation,
    pub other: usize,
    pub outgoing: bool,
}

/// Documents, the edges between them and their status.
#[derive(Debug, Clone)]
pub struct Graph {
    /// Number key (`1690/qd-ttg`) → document index.
    pub by_key: HashMap<String, usize>,
    pub edges: Vec<Vec<Edge>>,
    pub status: Vec<Status>,
    /// For expired documents: the documents that replaced them.
    pub replaced_by: Vec<Vec<usize>>,
    pub as_of: Date,
}

fn relation_lists(doc: &Document) -> [(Relation, &Vec<toml::Spanned<String>>); 6] {
    let r = &doc.front.relations;
    [
        (Relation::BasedOn, &r.based_on),
        (Relation::Implements, &r.implements),
        (Relation::Guides, &r.guides),
        (Relation::Amends, &r.amends),
        (Relation::Replaces, &r.replaces),
        (Relation::Related, &r.related),
    ]
}

/// Builds the graph. Relations to documents not in the hub are warnings.
pub fn build(docs: &[Document], as_of: Date) -> (Graph, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let by_key: HashMap<String, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.number.key(), i))
        .collect();
    let mut edges = vec![Vec::new(); docs.len()];
    for (i, doc) in docs.iter().enumerate() {
        for (relation, list) in relation_lists(doc) {
            for number in list {
                let target =
                    DocNumber::parse(number.get_ref()).and_then(|n| by_key.get(&n.key()).copied());
                match target {
                    Some(j) if j != i => {
                        edges[i].push(Edge {
                            relation,
                            other: j,
                            outgoing: true,
                        });
                        edges[j].push(Edge {
                            relation,
                            other: i,
                            outgoing: false,
                        });
                    }
                    Some(_) => diags.push(
                        Diagnostic::error(
                            &doc.src.path,
                            doc.src.front_pos(number.span()),
                            "văn bản không thể liên quan tới chính nó",
                        )
                        .with_hint("xóa số hiệu này khỏi [relations]"),
                    ),
                    None => diags.push(
                        Diagnostic::warning(
                            &doc.src.path,
                            doc.src.front_pos(number.span()),
                            format!("văn bản {} chưa có trong kho", number.get_ref()),
                        )
                        .with_hint("thêm văn bản đó vào content/ để liên kết được"),
                    ),
                }
            }
        }
    }
    for list in &mut edges {
        list.sort();
        list.dedup();
    }
    let effective = |j: usize| docs[j].front.effective.as_ref().map(|d| *d.get_ref());
    let verified = |j: usize| docs[j].front.verify.is_none();
    let mut status = Vec::with_capacity(docs.len());
    let mut replaced_by = Vec::with_capacity(docs.len());
    for (i, doc) in docs.iter().enumerate() {
        let incoming = |rel: Relation| {
            edges[i]
                .iter()
                .filter(move |e| !e.outgoing && e.relation == rel)
                .map(|e| e.other)
        };
        let facts = StatusFacts {
            effective: doc.front.effective.as_ref().map(|d| *d.get_ref()),
            expires: doc.front.expires.as_ref().map(|d| *d.get_ref()),
            // Only verified records end a document; an unverified replacement
            // makes its status uncertain, and the page warns (see render).
            replaced_from: incoming(Relation::Replaces)
                .filter(|&j| verified(j))
                .filter_map(effective)
                .collect(),
            unverified_replaced_from: incoming(Relation::Replaces)
                .filter(|&j| !verified(j))
                .filter_map(effective)
                .collect(),
            amended_from: incoming(Relation::Amends)
                .filter(|&j| verified(j))
                .filter_map(effective)
                .chain(crate::legal::amendments::dates_for_status(
                    doc, docs, &by_key,
                ))
                .collect(),
            overridden: doc
                .front
                .status
                .as_ref()
                .and_then(|s| Status::parse(s.get_ref())),
        };
        status.push(status_as_of(&facts, as_of));
        replaced_by.push(
            incoming(Relation::Replaces)
                .filter(|&j| verified(j))
                .collect(),
        );
    }
    (
        Graph {
            by_key,
            edges,
            status,
            replaced_by,
            as_of,
        },
        diags,
    )
}

/// Who cites each document: (citing page, cited anchor).
#[derive(Debug, Clone, Default)]
pub struct CitedBy {
    pub by_doc: Vec<Vec<(Citer, Option<String>)>>,
}

/// A page that cites: a document or an ordinary page (training module, guide).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Citer {
    Document(usize),
    Page(usize),
}

impl CitedBy {
    pub fn build(
        docs: usize,
        doc_refs: &[Vec<crate::legal::link::Reference>],
        page_refs: &[Vec<crate::legal::link::Reference>],
    ) -> CitedBy {
        let mut by_doc = vec![Vec::new(); docs];
        for (i, refs) in doc_refs.iter().enumerate() {
            for r in refs {
                by_doc[r.target].push((Citer::Document(i), r.anchor.clone()));
            }
        }
        for (i, refs) in page_refs.iter().enumerate() {
            for r in refs {
                by_doc[r.target].push((Citer::Page(i), r.anchor.clone()));
            }
        }
        for list in &mut by_doc {
            list.sort();
            list.dedup();
        }
        CitedBy { by_doc }
    }
}
