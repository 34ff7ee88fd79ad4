//! What the link stage records of each page: the documents and provisions
//! it cites and quotes, the citations it could not link, and, gathered from every
//! page, who cites each document.

/// A reference from one page to a document (and maybe one of its provisions).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    pub target: usize,
    pub anchor: Option<String>,
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
        doc_refs: &[Vec<Reference>],
        page_refs: &[Vec<Reference>],
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

/// What a `trich(...)` quotes: a provision of a hub document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub doc: usize,
    pub anchor: String,
}
