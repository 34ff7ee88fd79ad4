//! Building the tantivy index from the compiled site.
//!
//! [`records`] turns documents and their rendered provisions into
//! [`SearchRecord`]s (the unit of search); [`write_and`] indexes them into a folder.
//! `Site::build` writes that folder through [`crate::output::Staging`], so the
//! index on disk is swapped in whole or not at all.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;
use tantivy::schema::document::{ReferenceValue, ReferenceValueLeaf};
use tantivy::schema::{Facet, Field};
#[cfg(test)]
use tantivy::{doc, TantivyDocument};
use tantivy::{Index, IndexWriter};

use super::invert::Views;
use super::schema::{self, Fields, FLAG_DOCUMENT, FLAG_EXPIRED};
use super::{invert, segment};
use crate::content::Content;
use crate::error::{Error, Result};
use crate::legal::status::Status;
use crate::link::graph::Graph;
use crate::link::linked::LinkedDoc;
use crate::text::slugify;

/// Separator of the parts of a breadcrumb title.
pub const CRUMB: &str = " › ";

/// One searchable unit: a whole document or one of its provisions.
#[derive(Debug, Clone, Hash)]
pub struct SearchRecord {
    /// Index of the document in the content order.
    pub doc: usize,
    /// Site-relative URL of the document page (`luat/86-2015-qh13/`).
    /// This and the other fields of the document are shared by its records.
    pub url: Arc<str>,
    /// The provision's id, `""` for a whole document.
    pub anchor: String,
    /// The ids of the clauses and points inside an article (`dieu-5-khoan-2`,
    /// `dieu-5-khoan-2-diem-a`), so that a query citing one finds the
    /// article and its exact place ([`super::named`]).
    pub parts: Vec<String>,
    /// The document number as printed.
    pub number: Arc<str>,
    /// "Luật An toàn thông tin mạng › Chương I › Điều 3. Giải thích từ ngữ".
    pub heading: String,
    /// The record's own title (indexed in the title field).
    pub title: String,
    /// Indexed text (folded, exact and pair views); stored for snippets.
    pub text: String,
    pub kind_slug: &'static str,
    pub kind: &'static str,
    pub issuer: Arc<str>,
    pub fields: Arc<[String]>,
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

    pub(crate) fn facets(&self) -> Vec<Facet> {
        let mut facets = vec![
            Facet::from_path(["loai", self.kind_slug]),
            Facet::from_path(["co-quan", &slugify(&self.issuer)]),
            Facet::from_path(["tinh-trang", self.status.slug()]),
        ];
        for f in self.fields.iter() {
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
///
/// Each provision's text is taken out of `docs`, not copied: it is most of
/// a corpus, and the pages that show it are rendered by now.
pub fn records(content: &Content, docs: &mut [LinkedDoc], graph: &Graph) -> Arc<[SearchRecord]> {
    let per_doc: Vec<(SearchRecord, Vec<SearchRecord>)> = content
        .documents
        .par_iter()
        .zip(docs.par_iter_mut())
        .enumerate()
        .map(|(i, (d, linked))| {
            let rendered = &mut linked.body;
            let base = SearchRecord {
                doc: i,
                url: d.url.as_str().into(),
                anchor: String::new(),
                parts: Vec::new(),
                number: d.number.canonical().into(),
                heading: d.front.title.clone(),
                title: d.front.title.clone(),
                text: String::new(),
                kind_slug: d.kind.slug(),
                kind: d.kind.name(),
                issuer: d.front.issuer.as_str().into(),
                fields: d.front.fields.as_slice().into(),
                year: d.front.issued.as_ref().map(|x| x.get_ref().year),
                status: graph.status.get(i).copied().unwrap_or(Status::ChuaRo),
            };
            let mut text = vec![
                d.front.title.clone(),
                format!("{} số {}", d.kind.name(), d.number.canonical()),
                d.front.issuer.clone(),
            ];
            text.extend(d.front.fields.iter().cloned());
            if !rendered.intro.trim().is_empty() {
                text.push(rendered.intro.trim().to_string());
            }
            if let Some(o) = &d.front.overview {
                text.push(o.trim().to_string());
            }
            // The ids inside each article: `dieu-5-khoan-2` is in `dieu-5`.
            let mut inside: HashMap<String, Vec<String>> = HashMap::new();
            for a in &rendered.anchors {
                let article = a.id.find("-khoan-").or_else(|| a.id.find("-diem-"));
                if let (Some(at), true) = (article, a.id.starts_with("dieu-")) {
                    inside
                        .entry(a.id[..at].to_string())
                        .or_default()
                        .push(a.id.clone());
                }
            }
            let parts = rendered
                .records
                .iter_mut()
                .map(|r| {
                    let own = if r.title.is_empty() {
                        r.label.clone()
                    } else {
                        format!("{}. {}", r.label, r.title)
                    };
                    let mut heading = vec![d.front.title.clone()];
                    heading.extend(r.breadcrumb.iter().cloned());
                    heading.push(own);
                    SearchRecord {
                        anchor: r.id.clone(),
                        parts: inside.remove(&r.id).unwrap_or_default(),
                        heading: heading.join(CRUMB),
                        title: r.title.clone(),
                        // The record's text starts with its heading ("Điều 5. …");
                        // white space is already collapsed and trimmed.
                        text: std::mem::take(&mut r.text),
                        ..base.clone()
                    }
                })
                .collect();
            let whole = SearchRecord {
                text: text.join("\n"),
                ..base
            };
            (whole, parts)
        })
        .collect();
    let total = per_doc.iter().map(|(_, parts)| 1 + parts.len()).sum();
    let mut all = Vec::with_capacity(total);
    let mut rest = Vec::with_capacity(per_doc.len());
    for (whole, parts) in per_doc {
        all.push(whole);
        rest.push(parts);
    }
    all.extend(rest.into_iter().flatten());
    all.into()
}

fn search_error(context: &str) -> impl Fn(tantivy::TantivyError) -> Error + '_ {
    move |e| Error::Search(format!("{context}: {e}"))
}

/// Indexes `records` into an empty folder `dir`, and runs `then` on the lists
/// of the text fields as soon as they are made.
///
/// Tantivy's writer files every other field in one thread while [`invert`]
/// makes the lists on the others; [`segment::write_views`] then writes them
/// into the segments while `then` (the browser export) reads them.
pub fn write_and<R>(
    dir: &Path,
    records: &Arc<[SearchRecord]>,
    then: impl FnOnce(&Views) -> R,
) -> Result<(Index, R)> {
    let (schema, f) = schema::schema();
    let index = Index::create_in_dir(dir, schema).map_err(search_error("tạo chỉ mục"))?;
    schema::register_tokenizers(&index);
    let (written, after) = std::thread::scope(|scope| {
        let filed = scope.spawn(|| file_fields(&index, &f, records));
        let views = invert::invert(records);
        std::thread::scope(|inner| {
            let written = inner.spawn(|| -> Result<()> {
                filed
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                segment::write_views(
                    dir,
                    &index,
                    &[
                        (f.folded, &views.folded),
                        (f.exact, &views.exact),
                        (f.pair, &views.pair),
                        (f.title, &views.title),
                        (f.number, &views.number),
                    ],
                )
            });
            let after = then(&views);
            (written.join(), after)
        })
    });
    written.unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    drop(index);
    let index = Index::open_in_dir(dir).map_err(search_error("mở chỉ mục"))?;
    schema::register_tokenizers(&index);
    Ok((index, after))
}

/// Files every record's fields but the text fields, in record order, with
/// one indexing thread (so that segments hold runs of records).
fn file_fields(index: &Index, f: &Fields, records: &Arc<[SearchRecord]>) -> Result<()> {
    let mut writer: IndexWriter<Filed> = index
        .writer_with_num_threads(1, 1 << 30)
        .map_err(search_error("mở chỉ mục để ghi"))?;
    writer.set_merge_policy(Box::new(tantivy::indexer::NoMergePolicy));
    // A document's records share its facets: slugged once, not per record.
    let mut facets: Vec<Vec<Facet>> = Vec::new();
    for r in records.iter().filter(|r| r.is_document()) {
        if facets.len() <= r.doc {
            facets.resize(r.doc + 1, Vec::new());
        }
        facets[r.doc] = r.facets();
    }
    let filing = Arc::new(Filing {
        records: Arc::clone(records),
        facets,
        f: *f,
    });
    for rec in 0..records.len() {
        let doc = Filed {
            filing: Arc::clone(&filing),
            rec,
        };
        writer
            .add_document(doc)
            .map_err(search_error("ghi chỉ mục"))?;
    }
    writer.commit().map_err(search_error("ghi chỉ mục"))?;
    writer
        .wait_merging_threads()
        .map_err(search_error("gộp chỉ mục"))
}

/// What [`Filed`] documents read: the records, each document's facets, the
/// fields.
struct Filing {
    records: Arc<[SearchRecord]>,
    facets: Vec<Vec<Facet>>,
    f: Fields,
}

/// A record as tantivy's writer reads it: the same fields, in the same
/// order, as [`document`] gives, borrowed from the record instead of copied
/// into a `TantivyDocument` (a third of a record's strings is its text).
struct Filed {
    filing: Arc<Filing>,
    rec: usize,
}

/// A value of a [`Filed`] document.
#[derive(Debug, Clone)]
enum FiledValue<'a> {
    Str(&'a str),
    U64(u64),
    Facet(&'a Facet),
}

impl<'a> tantivy::schema::Value<'a> for FiledValue<'a> {
    type ArrayIter = std::iter::Empty<Self>;
    type ObjectIter = std::iter::Empty<(&'a str, Self)>;

    fn as_value(&self) -> ReferenceValue<'a, Self> {
        ReferenceValue::Leaf(match *self {
            FiledValue::Str(s) => ReferenceValueLeaf::Str(s),
            FiledValue::U64(v) => ReferenceValueLeaf::U64(v),
            FiledValue::Facet(f) => ReferenceValueLeaf::Facet(f),
        })
    }
}

impl tantivy::Document for Filed {
    type Value<'a> = FiledValue<'a>;
    type FieldsValuesIter<'a> = FiledFields<'a>;

    fn iter_fields_and_values(&self) -> FiledFields<'_> {
        let filing = &*self.filing;
        let record = &filing.records[self.rec];
        FiledFields {
            filing,
            record,
            rec: self.rec,
            facets: filing
                .facets
                .get(record.doc)
                .map_or(&[][..], Vec::as_slice)
                .iter(),
            next: 0,
        }
    }
}

/// The fields of a [`Filed`] document, one by one.
struct FiledFields<'a> {
    filing: &'a Filing,
    record: &'a SearchRecord,
    rec: usize,
    facets: std::slice::Iter<'a, Facet>,
    next: u8,
}

impl<'a> Iterator for FiledFields<'a> {
    type Item = (Field, FiledValue<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        use FiledValue::{Str, U64};
        let (f, r) = (&self.filing.f, self.record);
        loop {
            let at = self.next;
            self.next = self.next.saturating_add(1);
            return Some(match at {
                0 => (f.rec, U64(self.rec as u64)),
                1 => (f.flags, U64(r.flags())),
                2 => (f.doc, U64(r.doc as u64)),
                3 => (f.url, Str(&r.url)),
                4 => (f.anchor, Str(&r.anchor)),
                5 => (f.doc_number, Str(&r.number)),
                6 => (f.heading, Str(&r.heading)),
                7 => (f.kind, Str(r.kind)),
                8 => (f.issuer, Str(&r.issuer)),
                9 => (f.status, Str(r.status.slug())),
                10 => (f.text, Str(&r.text)),
                11 => match r.year {
                    Some(y) => (f.year, U64(y.max(0) as u64)),
                    None => continue,
                },
                _ => (f.facet, FiledValue::Facet(self.facets.next()?)),
            });
        }
    }
}

/// The tantivy document of record `rec`, with its document's `facets`: what
/// [`Filed`] gives without copying (the tests' reference).
#[cfg(test)]
pub(crate) fn document(
    f: &Fields,
    rec: u64,
    r: &SearchRecord,
    facets: &[Facet],
) -> TantivyDocument {
    let mut d = doc!(
        f.rec => rec,
        f.flags => r.flags(),
        f.doc => r.doc as u64,
        f.url => &*r.url,
        f.anchor => r.anchor.as_str(),
        f.doc_number => &*r.number,
        f.heading => r.heading.as_str(),
        f.kind => r.kind,
        f.issuer => &*r.issuer,
        f.status => r.status.slug(),
        f.text => r.text.as_str(),
    );
    if let Some(y) = r.year {
        d.add_u64(f.year, y.max(0) as u64);
    }
    for facet in facets {
        d.add_facet(f.facet, facet.clone());
    }
    d
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A provision record of document `doc` with `text`.
    pub(crate) fn record(text: &str) -> SearchRecord {
        SearchRecord {
            doc: 0,
            url: "luat/1-2020-qh14/".into(),
            anchor: "dieu-1".to_string(),
            parts: Vec::new(),
            number: "1/2020/QH14".into(),
            heading: "Luật › Điều 1".to_string(),
            title: text.split('.').next().unwrap_or_default().to_string(),
            text: text.to_string(),
            kind_slug: "luat",
            kind: "Luật",
            issuer: "Quốc hội".into(),
            fields: vec!["Công nghệ thông tin".to_string()].into(),
            year: Some(2020),
            status: Status::ConHieuLuc,
        }
    }
}
