//! The browser export: the tantivy index projected into static script files.
//!
//! Written by `vanban build` under `search/` of the output. Every file is a
//! classic script that makes one call, `vanban.shard(NAME, DATA);`, where DATA
//! is a JSON value; the client (`vanban-search.js`) defines `vanban.shard`,
//! adds a `<script src>` for each file it needs and waits for the call. Plain
//! scripts load over http(s) and from a folder opened via file:// alike (no
//! fetch, no modules, no wasm). Every number is written by serde_json (the
//! shortest text that reads back as the same double), so the client computes
//! with the very values the CLI uses.
//!
//! The terms and postings come from the tantivy index itself (its term
//! dictionary, postings and field norms), never from a second analysis.
//!
//! # Files
//!
//! * `search/manifest.js` — `vanban.shard("manifest", {...})`: `version`,
//!   `records` (N), `documents` (D: records `0..D` are whole documents, the
//!   rest provisions), `shards` (S), `block`, `page`, the ranking constants
//!   `k1`, `b`, `weights` `{f,e,p,t}`, `docBody`, `docTitle`, `expired`,
//!   `numberBoost`
//!   (see [`super::ranking`]), and `avg` `{f,e,p,t}`, the mean field lengths.
//! * `search/d/<s>.js` — the term dictionary, shard `s` of `S`:
//!   `vanban.shard("d/<s>", {KEY: ENTRY, ...})`. KEY is a field letter, a
//!   colon and the term: `f:an` (folded), `e:toàn` (exact), `p:an_toan`
//!   (pair), `t:an` (title), `n:1690` (document number). A key is in shard
//!   `fnv1a(KEY) mod S`, with FNV-1a 32-bit over the key's UTF-16 code units
//!   (offset basis 2166136261, prime 16777619). ENTRY is
//!   `[df, idf, pages, list]`, or `[df, idf, 0, POSTINGS]` when the list is
//!   short enough to be inline.
//! * `search/p/<list>-<page>.js` — `vanban.shard("p/<list>-<page>", POSTINGS)`:
//!   page `page` (from 0) of list `list`.
//! * POSTINGS is a flat array of triples `key, tf, len`: `key` is the record
//!   number times two plus 1 when the record's document has expired, `tf` the
//!   term's count in the record's field and `len` the field's length (the
//!   tantivy field norm). Text lists are in *impact order* — by the record's
//!   contribution to the score, highest first, then by record — so the client
//!   can stop reading a list once the rest cannot change the top results;
//!   a list keeps at most `page × MAX_PAGES` postings (the rest, the
//!   lowest-impact ones of very common terms, are left out of the export).
//!   Number lists are complete, in record order.
//! * `search/r/<b>.js` — `vanban.shard("r/<b>", [RECORD, ...])`: records
//!   `b·block .. (b+1)·block`, each `[doc, title, url, anchor, number, text]`:
//!   the document's index, the breadcrumb title, the site-relative URL of the
//!   document page, the provision id (`""` for a document), the document
//!   number and the first [`SNIPPET_CHARS`] characters of the text after the
//!   record's own heading (the source of the snippet).
//! * `search/facets.js` — `vanban.shard("facets", {kinds, issuers, statuses,
//!   docs})`, for filters (loaded by the search page): `kinds` `[[slug,
//!   name]]`, `issuers` `[name]`, `statuses` `[[slug, name]]`, and per
//!   document `[kind, issuer, status, year, first, count]`: indexes into those
//!   tables, the year of issue (0 if unknown), and the range of its provision
//!   records.

use std::collections::BTreeMap;

use serde_json::{json, Value};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocSet, Postings};

use super::index::SearchRecord;
use super::query::Searchable;
use super::ranking::{self, ListField};
use crate::error::{Error, Result};
use crate::legal::status::Status;

/// Folder of the export in the output.
pub const DIR: &str = "search";
/// Records per record shard.
pub const BLOCK: usize = 8;
/// Postings per page.
pub const PAGE: usize = 256;
/// Pages kept per text list.
pub const MAX_PAGES: usize = 32;
/// Lists of at most this many postings are inline in the dictionary.
pub const INLINE: usize = 16;
/// Target size of a dictionary shard, in bytes.
pub const DICT_SHARD_BYTES: usize = 12 * 1024;
/// Characters of a record's text kept for snippets.
pub const SNIPPET_CHARS: usize = 320;
/// Version of this format.
pub const VERSION: u32 = 1;

/// FNV-1a 32-bit over UTF-16 code units.
pub fn fnv1a(key: &str) -> u32 {
    let mut h: u32 = 2166136261;
    for unit in key.encode_utf16() {
        h ^= unit as u32;
        h = h.wrapping_mul(16777619);
    }
    h
}

fn err(e: impl std::fmt::Display) -> Error {
    Error::Search(format!("xuất chỉ mục cho trình duyệt: {e}"))
}

fn script(name: &str, data: &Value) -> Vec<u8> {
    format!("vanban.shard({},{});\n", json!(name), data).into_bytes()
}

/// A posting: record, expired, tf, field length.
type Posting = (u64, bool, u32, u32);

/// Every file of the export, sorted by path.
pub fn export(s: &Searchable, records: &[SearchRecord]) -> Result<Vec<(String, Vec<u8>)>> {
    let searcher = s.searcher();
    let segments = searcher.segment_readers();
    if segments.len() > 1 {
        return Err(err("chỉ mục có nhiều phân đoạn"));
    }
    let n = searcher.num_docs();
    let documents = records.iter().filter(|r| r.is_document()).count();
    let mut files = Vec::new();
    let mut entries: Vec<(String, Value)> = Vec::new();
    let mut list_id = 0usize;
    let mut avg = serde_json::Map::new();
    let mut weights = serde_json::Map::new();
    let mut fields: Vec<(&str, Field, Option<ListField>)> = ListField::ALL
        .iter()
        .map(|&f| (f.letter(), s.list_field(f), Some(f)))
        .collect();
    fields.push(("n", s.fields().number, None));
    for (letter, field, list_field) in fields {
        let mean = s.avg_len(&searcher, field)?;
        if let Some(lf) = list_field {
            avg.insert(letter.into(), json!(mean));
            weights.insert(letter.into(), json!(lf.weight()));
        }
        let Some(seg) = segments.first() else {
            continue;
        };
        let inverted = seg.inverted_index(field).map_err(err)?;
        let norms = seg.get_fieldnorms_reader(field).map_err(err)?;
        let recs = seg.fast_fields().u64("rec").map_err(err)?;
        let flags = seg.fast_fields().u64("flags").map_err(err)?;
        let mut stream = inverted.terms().stream().map_err(err)?;
        while stream.advance() {
            let term = String::from_utf8_lossy(stream.key()).into_owned();
            let mut postings = inverted
                .read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)
                .map_err(err)?;
            let mut list: Vec<Posting> = Vec::new();
            let mut doc = postings.doc();
            while doc != tantivy::TERMINATED {
                if !seg.is_deleted(doc) {
                    let fl = flags.first(doc).unwrap_or_default();
                    list.push((
                        recs.first(doc).unwrap_or_default(),
                        fl & super::schema::FLAG_EXPIRED != 0,
                        postings.term_freq(),
                        norms.fieldnorm(doc),
                    ));
                }
                doc = postings.advance();
            }
            if list.is_empty() {
                continue;
            }
            let df = list.len() as u64;
            let idf = ranking::idf(n, df);
            let cap = match list_field {
                Some(lf) => {
                    let impact = |p: &Posting| {
                        let w = ranking::list_weight(lf, (p.0 as usize) < documents);
                        ranking::contribution(w, 1.0, p.2, p.3, mean)
                    };
                    list.sort_by(|a, b| impact(b).total_cmp(&impact(a)).then(a.0.cmp(&b.0)));
                    PAGE * MAX_PAGES
                }
                None => {
                    list.sort_by_key(|p| p.0);
                    usize::MAX
                }
            };
            list.truncate(cap);
            let flat = |part: &[Posting]| -> Value {
                let mut v = Vec::with_capacity(part.len() * 3);
                for p in part {
                    v.push(json!(p.0 * 2 + u64::from(p.1)));
                    v.push(json!(p.2));
                    v.push(json!(p.3));
                }
                Value::Array(v)
            };
            let key = format!("{letter}:{term}");
            let entry = if list.len() <= INLINE {
                json!([df, idf, 0, flat(&list)])
            } else {
                let pages: Vec<&[Posting]> = list.chunks(PAGE).collect();
                for (i, page) in pages.iter().enumerate() {
                    let name = format!("p/{list_id}-{i}");
                    files.push((format!("{DIR}/{name}.js"), script(&name, &flat(page))));
                }
                let e = json!([df, idf, pages.len(), list_id]);
                list_id += 1;
                e
            };
            entries.push((key, entry));
        }
    }
    // Dictionary shards.
    let total: usize = entries
        .iter()
        .map(|(k, v)| k.len() + v.to_string().len() + 4)
        .sum();
    let shards = total.div_ceil(DICT_SHARD_BYTES).max(1);
    let mut buckets: Vec<BTreeMap<String, Value>> = vec![BTreeMap::new(); shards];
    for (key, entry) in entries {
        let b = fnv1a(&key) as usize % shards;
        buckets[b].insert(key, entry);
    }
    for (i, bucket) in buckets.into_iter().enumerate() {
        let name = format!("d/{i}");
        let map: serde_json::Map<String, Value> = bucket.into_iter().collect();
        files.push((
            format!("{DIR}/{name}.js"),
            script(&name, &Value::Object(map)),
        ));
    }
    // Records.
    for (b, block) in records.chunks(BLOCK).enumerate() {
        let rows: Vec<Value> = block
            .iter()
            .map(|r| {
                // The heading is shown as the title: the snippet starts after it.
                let own = r.heading.rsplit(super::index::CRUMB).next().unwrap_or("");
                let body = r.text.strip_prefix(own).unwrap_or(&r.text).trim_start();
                let text: String = body.chars().take(SNIPPET_CHARS).collect();
                json!([r.doc, r.heading, r.url, r.anchor, r.number, text])
            })
            .collect();
        let name = format!("r/{b}");
        files.push((
            format!("{DIR}/{name}.js"),
            script(&name, &Value::Array(rows)),
        ));
    }
    files.push((
        format!("{DIR}/facets.js"),
        script("facets", &facets(records)),
    ));
    let manifest = json!({
        "version": VERSION,
        "records": n,
        "documents": documents,
        "shards": shards,
        "block": BLOCK,
        "page": PAGE,
        "k1": ranking::K1,
        "b": ranking::B,
        "weights": weights,
        "docBody": ranking::DOCUMENT_BODY,
        "docTitle": ranking::DOCUMENT_TITLE,
        "expired": ranking::EXPIRED,
        "numberBoost": ranking::NUMBER_BOOST,
        "avg": avg,
    });
    files.push((format!("{DIR}/manifest.js"), script("manifest", &manifest)));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

fn facets(records: &[SearchRecord]) -> Value {
    let mut kinds: Vec<(String, String)> = Vec::new();
    let mut issuers: Vec<String> = Vec::new();
    for r in records.iter().filter(|r| r.is_document()) {
        let k = (r.kind_slug.clone(), r.kind.clone());
        if !kinds.contains(&k) {
            kinds.push(k);
        }
        if !issuers.contains(&r.issuer) {
            issuers.push(r.issuer.clone());
        }
    }
    kinds.sort();
    issuers.sort();
    let statuses: Vec<Value> = Status::ALL
        .iter()
        .map(|s| json!([s.slug(), s.name()]))
        .collect();
    let mut ranges: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (rec, r) in records.iter().enumerate() {
        if !r.is_document() {
            let e = ranges.entry(r.doc).or_insert((rec, 0));
            e.1 += 1;
        }
    }
    let docs: Vec<Value> = records
        .iter()
        .filter(|r| r.is_document())
        .map(|r| {
            let kind = kinds.iter().position(|k| k.0 == r.kind_slug).unwrap_or(0);
            let issuer = issuers.iter().position(|i| *i == r.issuer).unwrap_or(0);
            let status = Status::ALL.iter().position(|s| *s == r.status).unwrap_or(0);
            let (first, count) = ranges.get(&r.doc).copied().unwrap_or((0, 0));
            json!([kind, issuer, status, r.year.unwrap_or(0), first, count])
        })
        .collect();
    json!({
        "kinds": kinds.iter().map(|k| json!([k.0, k.1])).collect::<Vec<_>>(),
        "issuers": issuers,
        "statuses": statuses,
        "docs": docs,
    })
}
