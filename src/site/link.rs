//! The link stage of [`Site`]: every body parsed once and resolved against
//! the hub, then what needs every document rendered (cited provisions,
//! quotations, amendments, who cites whom).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{BuildOptions, Site, Timings};
use crate::content::SourceFile;
use crate::date::Date;
use crate::error::{fail_on_errors_by_stage, Diagnostic, Result};
use crate::incremental::{self, BuildCache};
use crate::link::amendments;
use crate::link::graph::{self, Graph};
use crate::link::hub::{Hub, PageLinks};
use crate::link::linked::{Linked, LinkedDoc};
use crate::link::reference::{CitedBy, Quote, Reference, Unresolved, UnresolvedReason};
use crate::link::tasks::Registry;
use crate::link::verify::{self, Outcome, PageRefs, Provisions};
use crate::markdown::{self, Rendered};

/// A body rendered against the hub, with what it cited and could not link.
type LinkedBody = (Rendered, PageRefs);

impl Site {
    /// The link stage: every body parsed once and resolved against the hub,
    /// cited provisions checked, quotations filled, the relations and the
    /// obligations registry made. With a cache, a body whose inputs did not
    /// change is taken from it (and this build's are remembered). Fails with
    /// every error of loading and linking, by stage.
    pub fn link(
        &self,
        opts: &BuildOptions,
        cache: Option<&mut BuildCache>,
        timings: &mut Timings,
    ) -> Result<Linked> {
        timings.lap("start");
        let as_of = opts.as_of.unwrap_or_else(Date::today);
        let (graph, graph_diags) = graph::build(&self.content.documents, as_of);
        timings.lap("graph");
        let hub = Hub::new(&self.content.documents, &graph);
        let (docs, pages, parsed) = self.link_bodies(&hub, &graph, opts.offline, cache);
        let (mut docs, mut doc_refs): (Vec<Rendered>, Vec<PageRefs>) = docs.into_iter().unzip();
        let (mut pages, mut page_refs): (Vec<Rendered>, Vec<PageRefs>) = pages.into_iter().unzip();
        // What needs every document rendered: the provisions they have.
        let provisions = Provisions::new(&docs);
        let outcomes: Vec<Outcome> = doc_refs
            .par_iter_mut()
            .chain(page_refs.par_iter_mut())
            .map(|refs| verify::outcome(refs, &provisions, &self.content.documents))
            .collect();
        let (registry, mut diags) = Registry::build(&self.content, &hub, &provisions);
        let (amended, mut amendment_diags) =
            amendments::resolve(&self.content.documents, |n| hub.find(n), &provisions);
        diags.append(&mut amendment_diags);
        drop(provisions);
        for (r, o) in docs.iter_mut().chain(pages.iter_mut()).zip(outcomes) {
            o.apply(r);
        }
        // Kept apart: the to-do list is ordered by how often, not by file.
        let mut to_do = citation_report(&self.unresolved(&doc_refs, &page_refs));
        let (doc_refs, doc_quotes): (Vec<Vec<Reference>>, Vec<Vec<Quote>>) =
            doc_refs.into_iter().map(|r| (r.refs, r.quotes)).unzip();
        let (page_refs, page_quotes): (Vec<Vec<Reference>>, Vec<Vec<Quote>>) =
            page_refs.into_iter().map(|r| (r.refs, r.quotes)).unzip();
        let all_refs: Vec<&[Reference]> = doc_refs
            .iter()
            .chain(&page_refs)
            .map(Vec::as_slice)
            .collect();
        to_do.extend(amendments::unknown_report(
            &self.content.documents,
            &docs,
            &all_refs,
            &amended,
        ));
        drop(hub);
        diags.extend(self.body_issues(&docs, &pages));
        // By stage: what failed to load explains what cannot be linked.
        let stages = vec![self.loaded(opts), graph_diags, diags];
        let mut warnings = fail_on_errors_by_stage(stages)?;
        warnings.extend(to_do);
        timings.lap("link");
        let cited_by = CitedBy::build(self.content.documents.len(), &doc_refs, &page_refs);
        let docs = docs
            .into_iter()
            .zip(&self.content.documents)
            .zip(cited_by.by_doc)
            .zip(doc_quotes)
            .map(|(((body, d), cited_by), quotes)| LinkedDoc {
                body,
                overview: d.front.overview.as_deref().map(markdown::render_plain),
                cited_by,
                quotes,
            })
            .collect();
        Ok(Linked {
            docs,
            pages,
            page_quotes,
            graph,
            registry,
            amended,
            as_of,
            warnings,
            parsed,
        })
    }

    /// What loading found, and an empty `content/` unless it is allowed.
    fn loaded(&self, opts: &BuildOptions) -> Vec<Diagnostic> {
        let mut loaded = self.load_diagnostics.clone();
        let empty = self.content.documents.is_empty() && self.content.pages.is_empty();
        if empty && !self.config_for(opts).allow_empty {
            loaded.push(
                Diagnostic::error(
                    "content",
                    crate::error::Position::FILE,
                    "content/ không có trang nào: dựng bây giờ sẽ thay trang đã có bằng một trang trống",
                )
                .with_hint("thêm tệp .md vào content/, hoặc đặt allow_empty = true trong vanban.toml nếu muốn dựng trang trống"),
            );
        }
        loaded
    }

    /// Every source file with the citations it could not link.
    fn unresolved(
        &self,
        doc_refs: &[PageRefs],
        page_refs: &[PageRefs],
    ) -> Vec<(PathBuf, Unresolved)> {
        self.sources()
            .zip(doc_refs.iter().chain(page_refs))
            .flat_map(|(src, refs)| {
                refs.unresolved
                    .iter()
                    .map(|u| (src.path.clone(), u.clone()))
            })
            .collect()
    }

    /// The problems the Markdown stage found in the bodies, at their place.
    fn body_issues(&self, docs: &[Rendered], pages: &[Rendered]) -> Vec<Diagnostic> {
        let mut diags = Vec::new();
        for (src, rendered) in self.sources().zip(docs.iter().chain(pages)) {
            for issue in &rendered.issues {
                let pos = src.body_pos(issue.offset);
                let d = if issue.error {
                    Diagnostic::error(&src.path, pos, &issue.message)
                } else {
                    Diagnostic::warning(&src.path, pos, &issue.message)
                };
                diags.push(d.with_hint(&issue.hint));
            }
        }
        diags
    }

    /// The source of every document, then of every page.
    fn sources(&self) -> impl Iterator<Item = &SourceFile> {
        let docs = self.content.documents.iter().map(|d| &d.src);
        docs.chain(self.content.pages.iter().map(|p| &p.src))
    }

    /// Parses and links every body against the hub: documents, then pages.
    /// With a cache, a body whose inputs did not change is taken from it.
    /// Also returns how many bodies were parsed.
    fn link_bodies(
        &self,
        hub: &Hub<'_>,
        graph: &Graph,
        offline: bool,
        cache: Option<&mut BuildCache>,
    ) -> (Vec<LinkedBody>, Vec<LinkedBody>, usize) {
        let fingerprint = cache
            .as_ref()
            .map(|_| incremental::hub_fingerprint(&self.content.documents, graph, offline));
        // A body's key: its text, its place, and what it reads of the others.
        let key = |kind: u8, i: usize, body: &str, url: &str| {
            fingerprint.map(|f| incremental::hash_of((f, kind, i, body, url)))
        };
        let cached = cache.as_deref();
        let link = |path: &Path,
                    key: Option<u64>,
                    render: &dyn Fn() -> LinkedBody|
         -> (LinkedBody, bool) {
            match key.and_then(|k| cached.and_then(|c| c.linked(path, k))) {
                Some(hit) => (hit, false),
                None => (render(), true),
            }
        };
        let linked_docs: Vec<(LinkedBody, bool)> = self
            .content
            .documents
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                link(&d.src.path, key(0, i, d.src.body(), &d.url), &|| {
                    let links = PageLinks::new(hub, &d.url, offline, Some(i));
                    let rendered = markdown::render(d.src.body(), true, &links);
                    (rendered, links.into_references())
                })
            })
            .collect();
        let linked_pages: Vec<(LinkedBody, bool)> = self
            .content
            .pages
            .par_iter()
            .enumerate()
            .map(|(j, p)| {
                link(&p.src.path, key(1, j, p.src.body(), &p.url), &|| {
                    let links = PageLinks::new(hub, &p.url, offline, None);
                    let rendered = markdown::render(p.src.body(), false, &links);
                    (rendered, links.into_references())
                })
            })
            .collect();
        let rendered_now = linked_docs
            .iter()
            .chain(&linked_pages)
            .filter(|(_, fresh)| *fresh)
            .count();
        if let Some(cache) = cache {
            let docs = self
                .content
                .documents
                .iter()
                .enumerate()
                .map(|(i, d)| (0, i, &d.src, &d.url));
            let pages = self
                .content
                .pages
                .iter()
                .enumerate()
                .map(|(j, p)| (1, j, &p.src, &p.url));
            let keep = docs
                .chain(pages)
                .zip(linked_docs.iter().chain(&linked_pages))
                .filter_map(|((kind, i, src, url), ((r, refs), _))| {
                    key(kind, i, src.body(), url)
                        .map(|k| (src.path.clone(), k, r.clone(), refs.clone()))
                })
                .collect();
            cache.keep_linked(keep);
        }
        let linked_docs: Vec<LinkedBody> = linked_docs.into_iter().map(|(l, _)| l).collect();
        let linked_pages: Vec<LinkedBody> = linked_pages.into_iter().map(|(l, _)| l).collect();
        (linked_docs, linked_pages, rendered_now)
    }
}

/// The editors' to-do list: one warning per cited document or provision the
/// hub cannot link, most cited first, naming the files that cite it.
fn citation_report(unresolved: &[(PathBuf, Unresolved)]) -> Vec<Diagnostic> {
    let mut by_cited: std::collections::BTreeMap<(&str, UnresolvedReason), Vec<&PathBuf>> =
        Default::default();
    for (path, u) in unresolved {
        by_cited
            .entry((u.cited.as_str(), u.reason))
            .or_default()
            .push(path);
    }
    let mut rows: Vec<_> = by_cited.into_iter().collect();
    rows.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
    rows.into_iter()
        .map(|((cited, reason), mut paths)| {
            let count = paths.len();
            paths.sort();
            paths.dedup();
            let (message, hint) = match reason {
                UnresolvedReason::Missing => (
                    format!("văn bản {cited} được dẫn chiếu {count} lần nhưng chưa có trong kho"),
                    "thêm văn bản này vào content/ để các trích dẫn thành liên kết",
                ),
                UnresolvedReason::Ambiguous => (
                    format!("số hiệu {cited} được dẫn chiếu {count} lần mà không rõ cơ quan ban hành"),
                    "ghi rõ cơ quan ban hành sau số hiệu (\"... của Ủy ban nhân dân tỉnh Gia Lai\") hoặc dùng liên kết vb:",
                ),
                UnresolvedReason::AmbiguousName => (
                    format!("tên \"{cited}\" được dẫn chiếu {count} lần nhưng ứng với nhiều văn bản trong kho"),
                    "ghi kèm số hiệu (\"Luật ... số 20/2023/QH15\") hoặc dùng liên kết vb:",
                ),
                UnresolvedReason::MissingProvision => (
                    format!("{cited} được dẫn chiếu {count} lần nhưng văn bản trong kho không có điều khoản đó"),
                    "kiểm tra số điều, khoản hoặc bổ sung toàn văn",
                ),
            };
            let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            Diagnostic::warning(paths[0], crate::error::Position::FILE, message)
                .with_hint(format!("{hint}; dẫn chiếu trong: {}", files.join(", ")))
        })
        .collect()
}
