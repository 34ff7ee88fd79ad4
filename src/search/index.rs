//! Building the tantivy index from the compiled site.
//!
//! [`records`] turns documents and their rendered provisions into
//! [`SearchRecord`]s (the unit of search); [`write()`] indexes them into a folder.
//! `Site::build` writes that folder through [`crate::output::Staging`], so the
//! index on disk is swapped in whole or not at all.

use std::path::Path;

use tantivy::schema::Facet;
use tantivy::{doc, Index, IndexWriter, TantivyDocument};

use rayon::prelude::*;

use super::schema::{self, Fields, View, FLAG_DOCUMENT, FLAG_EXPIRED};
use crate::content::Content;
use crate::error::{Error, Result};
use crate::legal::graph::Graph;
use crate::legal::status::Status;
use crate::markdown::Rendered;
use crate::slug::slugify;

/// Separator of the parts of a breadcrumb title.
pub const CRUMB: &str = " › ";

/// One searchable unit: a whole document or one of its provisions.
#[derive(Debug, Clone, Hash)]
pub struct SearchRecord {
    /// Index of the document in the content order.
    pub doc: usize,
    /// Site-relative URL of the document page (`luat/86-2015-qh13/`).
    pub url: String,
    /// The provision's id, `""` for a whole document.
    pub anchor: String,
    /// The document number as printed.
    pub number: String,
    /// "Luật An toàn thông tin mạng › Chương I › Điều 3. Giải thích từ ngữ".
    pub heading: String,
    /// The record's own title (indexed in the title field).
    pub title: String,
    /// Indexed text (folded, exact and pair views); stored for snippets.
    pub text: String,
    pub kind_slug: String,
    pub kind: String,
    pub issuer: String,
    pub fields: Vec<String>,
    pub year: Option<i32>,
    pub status: Status,
}

impl SearchRecord {
    pub fn is_document(&self) -> bool {
        self.anchor.is_empty()
    }

    pub fn flags(&self) -> u64 {
        let mut flags = 0;
        if self.status == Status::HetHieuLuc {
            flags |= FLAG_EXPIRED;
        }
        if self.is_document() {
            flags |= FLAG_DOCUMENT;
        }
        flags
    }

    fn facets(&self) -> Vec<Facet> {
        let mut facets = vec![
            Facet::from_path(["loai", &self.kind_slug]),
            Facet::from_path(["co-quan", &slugify(&self.issuer)]),
            Facet::from_path(["tinh-trang", self.status.slug()]),
        ];
        for f in &self.fields {
            facets.push(Facet::from_path(["linh-vuc", &slugify(f)]));
        }
        if let Some(y) = self.year {
            facets.push(Facet::from_path(["nam", &y.to_string()]));
        }
        facets
    }
}

/// The records of a site: every document first (content order), then each
/// document's provisions in text order. The position is the record number.
pub fn records(content: &Content, docs: &[Rendered], graph: &Graph) -> Vec<SearchRecord> {
    let mut whole = Vec::with_capacity(content.documents.len());
    let mut parts = Vec::new();
    for (i, d) in content.documents.iter().enumerate() {
        let base = SearchRecord {
            doc: i,
            url: d.url.clone(),
            anchor: String::new(),
            number: d.number.canonical().to_string(),
            heading: d.front.title.clone(),
            title: d.front.title.clone(),
            text: String::new(),
            kind_slug: d.kind.slug().to_string(),
            kind: d.kind.name().to_string(),
            issuer: d.front.issuer.clone(),
            fields: d.front.fields.clone(),
            year: d.front.issued.as_ref().map(|x| x.get_ref().year),
            status: graph.status.get(i).copied().unwrap_or(Status::ChuaRo),
        };
        let mut text = vec![
            d.front.title.clone(),
            format!("{} số {}", d.kind.name(), d.number.canonical()),
            d.front.issuer.clone(),
        ];
        text.extend(d.front.fields.iter().cloned());
        if let Some(r) = docs.get(i) {
            if !r.intro.trim().is_empty() {
                text.push(r.intro.trim().to_string());
            }
        }
        if let Some(o) = &d.front.overview {
            text.push(o.trim().to_string());
        }
        whole.push(SearchRecord {
            text: text.join("\n"),
            ..base.clone()
        });
        for r in docs.get(i).map(|r| r.records.as_slice()).unwrap_or(&[]) {
            let own = if r.title.is_empty() {
                r.label.clone()
            } else {
                format!("{}. {}", r.label, r.title)
            };
            let mut heading = vec![d.front.title.clone()];
            heading.extend(r.breadcrumb.iter().cloned());
            heading.push(own.clone());
            parts.push(SearchRecord {
                anchor: r.id.clone(),
                heading: heading.join(CRUMB),
                title: r.title.clone(),
                // The record's text starts with its heading ("Điều 5. …").
                text: r.text.trim().to_string(),
                ..base.clone()
            });
        }
    }
    whole.extend(parts);
    whole
}

fn search_error(context: &str) -> impl Fn(tantivy::TantivyError) -> Error + '_ {
    move |e| Error::Search(format!("{context}: {e}"))
}

/// Indexing threads: tantivy files each thread's documents in a segment of
/// its own. The segments are not merged (a merge rewrites everything, and
/// costs what the second thread saved): the search and the export read
/// every segment.
fn index_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().clamp(1, 4))
}

/// Records tokenized per parallel batch (tantivy queues up to 10,000).
const CHUNK: usize = 2048;

/// Indexes `records` into an empty folder `dir`.
pub fn write(dir: &Path, records: &[SearchRecord]) -> Result<Index> {
    let (schema, f) = schema::schema();
    let index = Index::create_in_dir(dir, schema).map_err(search_error("tạo chỉ mục"))?;
    schema::register_tokenizers(&index);
    let mut writer: IndexWriter = index
        .writer_with_num_threads(index_threads(), 512 * 1024 * 1024)
        .map_err(search_error("mở chỉ mục để ghi"))?;
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    // Analysis is most of the work: documents are tokenized in parallel, a
    // chunk at a time, while tantivy's thread files the previous chunk.
    for (c, chunk) in records.chunks(CHUNK).enumerate() {
        let docs: Vec<TantivyDocument> = chunk
            .par_iter()
            .enumerate()
            .map(|(i, r)| document(&f, (c * CHUNK + i) as u64, r))
            .collect();
        for d in docs {
            writer
                .add_document(d)
                .map_err(search_error("ghi chỉ mục"))?;
        }
    }
    writer.commit().map_err(search_error("ghi chỉ mục"))?;
    writer
        .wait_merging_threads()
        .map_err(search_error("gộp chỉ mục"))?;
    Ok(index)
}

fn document(f: &Fields, rec: u64, r: &SearchRecord) -> TantivyDocument {
    let mut d = doc!(
        f.rec => rec,
        f.flags => r.flags(),
        f.doc => r.doc as u64,
        f.url => r.url.as_str(),
        f.anchor => r.anchor.as_str(),
        f.doc_number => r.number.as_str(),
        f.heading => r.heading.as_str(),
        f.kind => r.kind.as_str(),
        f.issuer => r.issuer.as_str(),
        f.status => r.status.slug(),
        f.text => r.text.as_str(),
    );
    let [folded, exact, pair] = schema::text_views(&r.text);
    d.add_pre_tokenized_text(f.folded, folded);
    d.add_pre_tokenized_text(f.exact, exact);
    d.add_pre_tokenized_text(f.pair, pair);
    d.add_pre_tokenized_text(f.title, View::Folded.pre_tokenized(&r.title));
    if r.is_document() {
        d.add_pre_tokenized_text(f.number, View::Number.pre_tokenized(&r.number));
    }
    if let Some(y) = r.year {
        d.add_u64(f.year, y.max(0) as u64);
    }
    for facet in r.facets() {
        d.add_facet(f.facet, facet);
    }
    d
}
