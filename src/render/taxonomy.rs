//! Taxonomies: documents grouped by kind, issuer, field, year and status.
//!
//! Every document's metadata links to its terms, so all five taxonomies are
//! always built; `taxonomies` in `vanban.toml` chooses (and orders) the ones
//! listed on the overview page `phan-loai/`.

use std::collections::BTreeMap;

use serde::Serialize;

use super::wording::Wording;
use super::{render, SiteView, Theme};
use crate::content::{Content, Document};
use crate::error::Result;
use crate::legal::status::Status;
use crate::link::graph::Graph;
use crate::text::slugify;
use crate::url::Linker;

/// One term: its display name and the documents under it.
#[derive(Debug, Clone, Default)]
pub struct Term {
    pub name: String,
    pub docs: Vec<usize>,
}

/// Terms of each taxonomy, keyed by taxonomy slug then term slug.
#[derive(Debug, Clone, Default)]
pub struct Taxonomies {
    pub terms: BTreeMap<&'static str, BTreeMap<String, Term>>,
}

pub const KIND: &str = "loai";
pub const ISSUER: &str = "co-quan-ban-hanh";
pub const FIELD: &str = "linh-vuc";
pub const YEAR: &str = "nam";
pub const STATUS: &str = "tinh-trang";

impl Taxonomies {
    /// The terms (kinds, statuses and the unknown year named in `wording`).
    pub fn build(content: &Content, graph: &Graph, wording: &Wording) -> Taxonomies {
        let mut t = Taxonomies::default();
        for tax in [KIND, ISSUER, FIELD, YEAR, STATUS] {
            t.terms.insert(tax, BTreeMap::new());
        }
        for (i, d) in content.documents.iter().enumerate() {
            t.add(KIND, d.kind.slug(), d.kind.name(), i);
            t.add(ISSUER, &slugify(&d.front.issuer), &d.front.issuer, i);
            for f in &d.front.fields {
                t.add(FIELD, &slugify(f), f, i);
            }
            match &d.front.issued {
                Some(date) => {
                    let y = date.get_ref().year.to_string();
                    t.add(YEAR, &y, &y, i)
                }
                None => t.add(YEAR, "chua-ro", &wording.title.unknown_year, i),
            }
            let s = graph.status[i];
            t.add(STATUS, s.slug(), wording.status(s), i);
        }
        t
    }

    fn add(&mut self, tax: &'static str, slug: &str, name: &str, doc: usize) {
        let term = self
            .terms
            .entry(tax)
            .or_default()
            .entry(slug.to_string())
            .or_insert_with(|| Term {
                name: name.to_string(),
                docs: Vec::new(),
            });
        term.docs.push(doc);
    }

    pub fn kind_url(&self, d: &Document) -> String {
        format!("{KIND}/{}/", d.kind.slug())
    }
    pub fn issuer_url(&self, d: &Document) -> String {
        format!("{ISSUER}/{}/", slugify(&d.front.issuer))
    }
    pub fn field_url(&self, field: &str) -> String {
        format!("{FIELD}/{}/", slugify(field))
    }
    pub fn year_url(&self, d: &Document) -> String {
        match &d.front.issued {
            Some(date) => format!("{YEAR}/{}/", date.get_ref().year),
            None => format!("{YEAR}/chua-ro/"),
        }
    }
    pub fn status_url(&self, s: Status) -> String {
        format!("{STATUS}/{}/", s.slug())
    }

    /// Ordered terms of one taxonomy: years newest first, others by count.
    fn ordered(&self, tax: &str) -> Vec<(&String, &Term)> {
        let mut terms: Vec<(&String, &Term)> = self
            .terms
            .get(tax)
            .map(|m| m.iter().collect())
            .unwrap_or_default();
        if tax == YEAR {
            terms.sort_by(|a, b| b.0.cmp(a.0));
        } else {
            terms.sort_by(|a, b| b.1.docs.len().cmp(&a.1.docs.len()).then(a.0.cmp(b.0)));
        }
        terms
    }

    pub fn render(&self, view: &SiteView<'_>, theme: &Theme) -> Vec<Result<(String, Vec<u8>)>> {
        let mut out = Vec::new();
        let w = &theme.wording;
        let term_json = |linker: &Linker, tax: &str| -> Vec<serde_json::Value> {
            self.ordered(tax)
                .into_iter()
                .map(|(slug, term)| serde_json::json!({"name": term.name, "href": linker.href(&format!("{tax}/{slug}/")), "count": term.docs.len()}))
                .collect()
        };
        // Overview of the configured taxonomies.
        let linker = Linker::new("phan-loai/", view.offline);
        let mut ctx = view.base(theme, &linker, "phan-loai/", &w.title.taxonomies, "");
        #[derive(Serialize)]
        struct Tax<'a> {
            slug: String,
            name: &'a str,
            href: String,
            terms: Vec<serde_json::Value>,
        }
        let taxes: Vec<Tax> = view
            .config
            .taxonomies
            .iter()
            .map(|slug| Tax {
                slug: slug.clone(),
                name: w.taxonomy(slug),
                href: linker.href(&format!("{slug}/")),
                terms: term_json(&linker, slug),
            })
            .collect();
        ctx.insert("taxonomies", &taxes);
        out.push(
            render(theme, "taxonomies.html", &ctx, "phan-loai/")
                .map(|h| ("phan-loai/index.html".into(), h)),
        );
        for (&tax, terms) in &self.terms {
            let url = format!("{tax}/");
            let linker = Linker::new(&url, view.offline);
            let mut ctx = view.base(theme, &linker, &url, w.taxonomy(tax), "");
            ctx.insert("terms", &term_json(&linker, tax));
            out.push(
                render(theme, "taxonomy.html", &ctx, &url).map(|h| (format!("{url}index.html"), h)),
            );
            for (slug, term) in terms {
                let url = format!("{tax}/{slug}/");
                let linker = Linker::new(&url, view.offline);
                let title = format!("{}: {}", w.taxonomy(tax), term.name);
                let mut ctx = view.base(theme, &linker, &url, &title, "");
                let mut docs = term.docs.clone();
                view.newest_first(&mut docs);
                ctx.insert("docs", &view.doc_links(w, &docs, &linker));
                ctx.insert("crumbs", &[serde_json::json!({"title": w.taxonomy(tax), "href": linker.href(&format!("{tax}/"))})]);
                ctx.insert("body", "");
                ctx.insert("pages", &Vec::<()>::new());
                out.push(
                    render(theme, "list.html", &ctx, &url).map(|h| (format!("{url}index.html"), h)),
                );
            }
        }
        out
    }
}
