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
//! dictionary, postings and field norms, merged over its segments), never
//! from a second analysis.
//!
//! # Files
//!
//! * `search/manifest.js` — `vanban.shard("manifest", {...})`: `version`,
//!   `records` (N), `documents` (D: records `0..D` are whole documents, the
//!   rest provisions), `shards` (S), `extraPages` (pages a query reads
//!   after the first pages of its lists, at most), `recordBlock` (records per record
//!   file), `recordDir` (record files per folder), `pageDir` (lists whose
//!   pages share a folder),
//!   `page` and `pageRest` (postings in the first page of a list and in each
//!   later one), the ranking constants `k1`, `b`, `weights` `{f,e,p,t}`,
//!   `docBody`, `docTitle`, `expired`, `numberBoost` (see
//!   [`super::ranking`]), `avg` `{f,e,p,t}`, the mean field lengths, and
//!   `norms`, the field length of each of the 256 field-norm ids.
//! * `search/d/<s>.js` — the term dictionary, shard `s` of `S`:
//!   `vanban.shard("d/<s>", {KEY: ENTRY, ...})`. KEY is a field letter, a
//!   colon and the term: `f:an` (folded), `e:toàn` (exact), `p:an_toan`
//!   (pair), `t:an` (title), `n:1690` (document number). A key is in shard
//!   `fnv1a(KEY) mod S`, with FNV-1a 32-bit over the key's UTF-16 code units
//!   (offset basis 2166136261, prime 16777619). ENTRY is
//!   `[df, idf, pages, list]`, or `[df, idf, 0, POSTINGS]` when the list is
//!   short enough to be inline.
//! * `search/p/<f>/<list>-<page>.js` — `vanban.shard("p/<f>/<list>-<page>",
//!   POSTINGS)` with `f = list div pageDir`: page `page` (from 0) of list
//!   `list`.
//! * POSTINGS is a string, 7 characters per posting, each character a digit
//!   of base 64 in the alphabet `A–Z a–z 0–9 - _` (values 0–63), numbers
//!   written most significant digit first: 4 digits `key`, the record number
//!   times two plus 1 when the record's document has expired; 1 digit `tf`,
//!   the term's count in the record's field (when it is 63 or more: `_` then 6
//!   digits); 2 digits, the field's tantivy field-norm id, whose length is
//!   `manifest.norms[id]`. Text lists are in *impact order* — by the record's
//!   contribution to the score, highest first, then by record — so the client
//!   can stop reading a list once the rest cannot change the top results;
//!   a list keeps at most [`MAX_POSTINGS`] postings, the pages a query may
//!   read (the rest, the lowest-impact ones of very common terms, are left
//!   out of the export; a list is complete when `df` is at most what its
//!   pages hold).
//!   Number lists are complete, in record order.
//! * `search/r/<f>/<blk>.js` — `vanban.shard("r/<f>/<blk>", [RECORD, ...])`
//!   with `blk = rec div recordBlock` and `f = blk div recordDir`: the
//!   records `blk × recordBlock` onwards, `recordBlock` of them (fewer in the
//!   last file). `recordBlock` is chosen per site by [`record_block`]: short
//!   records share a file, so a large corpus is not hundreds of thousands of
//!   files to write, copy to a USB stick or upload to a portal, while long
//!   ones (the articles of real laws) have one each, since a query reads a
//!   few dozen records scattered over the corpus. RECORD is `[doc, title, url, number,
//!   crumb, anchor, expired, heading, text]`: its document's index, title,
//!   site-relative URL and number; the rest of its breadcrumb title after the
//!   document title (`Chương I › Điều 3. Giải thích từ ngữ`, `""` for a
//!   document); the provision id (`""` for a document); 1 when the document
//!   has expired, else 0; and the record's title and text *as indexed* (the
//!   `title` field, and the `folded`, `exact` and `pair` fields). From these
//!   the client recomputes, with the analyzer, every term frequency and field
//!   length of the record — so it can score any record exactly without
//!   reading long posting lists to their end — and cuts the snippet.
//! * `search/facets.js` — `vanban.shard("facets", {kinds, issuers, statuses,
//!   docs})`, for filters (loaded by the search page): `kinds` `[[slug,
//!   name]]`, `issuers` `[name]`, `statuses` `[[slug, name]]`, and per
//!   document `[kind, issuer, status, year, first, count]`: indexes into those
//!   tables, the year of issue (0 if unknown), and the range of its provision
//!   records.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::{json, Value};

use super::index::SearchRecord;
use super::invert::{ViewLists, Views};
use super::ranking::{self, ListField};
use crate::error::{Error, Result};
use crate::legal::status::Status;

/// Folder of the export in the output.
pub const DIR: &str = "search";
/// About how many bytes of records a record file holds: records are put
/// [`record_block`] to a file, as many as fit in this on average.
pub const RECORD_FILE_BYTES: usize = 2800;
/// Records per record file, at most.
pub const MAX_RECORD_BLOCK: usize = 8;
/// Record files per folder (`r/<blk / RECORD_DIR>/<blk>.js`). Folders stay
/// small: creating a file costs a scan of its folder on file systems without
/// directory indexes (FAT on USB sticks, some ext4 set-ups).
pub const RECORD_DIR: usize = 64;
/// Lists per folder of posting pages (`p/<list / PAGE_DIR>/<list>-<page>.js`;
/// a long list has two pages).
pub const PAGE_DIR: usize = 32;
/// Postings in the first page of a list (the one every query reads).
pub const PAGE: usize = 128;
/// Postings per page after the first: a query that reads on needs more.
pub const PAGE_REST: usize = 1024;
/// Pages a query reads after the first pages of its lists, at most (the
/// client reads it from the manifest).
pub const EXTRA_PAGES: usize = 1;
/// Postings kept per text list: no query reads further.
pub const MAX_POSTINGS: usize = PAGE + EXTRA_PAGES * PAGE_REST;
/// Lists of at most this many postings are inline in the dictionary.
pub const INLINE: usize = 16;
/// Target size of a dictionary shard, in bytes.
pub const DICT_SHARD_BYTES: usize = 2 * 1024;
/// Version of this format.
pub const VERSION: u32 = 3;

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

/// The shard name of the record file that holds a record: `r/<folder>/<blk>`.
pub fn record_name(rec: usize, per_file: usize) -> String {
    let block = rec / per_file;
    format!("r/{}/{block}", block / RECORD_DIR)
}

fn script(name: &str, data: &Value) -> Vec<u8> {
    format!("vanban.shard({},{});\n", json!(name), data).into_bytes()
}

/// A posting: record, expired, tf, field-norm id.
type Posting = (u64, bool, u32, u8);

/// The record files: they need only the records, not the index, so a build
/// can write them while the index is being made.
pub fn record_files(records: &[SearchRecord]) -> Vec<(String, Vec<u8>)> {
    let per_file = record_block(records);
    records
        .par_chunks(per_file)
        .enumerate()
        .map(|(block, chunk)| {
            let rows: Vec<RecordRow> = chunk.iter().map(record_row).collect();
            let name = record_name(block * per_file, per_file);
            // Serialised straight from the rows (no JSON tree in between):
            // the same bytes as `script`.
            let mut out = format!("vanban.shard({},", json!(name)).into_bytes();
            serde_json::to_writer(&mut out, &rows).expect("strings and numbers always serialise");
            out.extend_from_slice(b");\n");
            (format!("{DIR}/{name}.js"), out)
        })
        .collect()
}

/// Every file of the export but the record files ([`record_files`]), from
/// the lists the index is written from ([`super::invert`]): the same terms,
/// postings and field norms as the tantivy index holds.
pub fn export_index(views: &Views, records: &[SearchRecord]) -> Result<Vec<(String, Vec<u8>)>> {
    let n = records.len() as u64;
    let documents = records.iter().filter(|r| r.is_document()).count();
    let expired: Vec<bool> = records
        .iter()
        .map(|r| r.flags() & super::schema::FLAG_EXPIRED != 0)
        .collect();
    let mut files = Vec::new();
    let mut entries: Vec<(String, Value)> = Vec::new();
    let mut list_id = 0usize;
    let mut avg = serde_json::Map::new();
    let mut weights = serde_json::Map::new();
    let mut fields: Vec<(&str, &ViewLists, Option<ListField>)> = ListField::ALL
        .iter()
        .map(|&f| (f.letter(), views.of(f), Some(f)))
        .collect();
    fields.push(("n", &views.number, None));
    for (letter, lists, list_field) in fields {
        let mean = ranking::avg_len(lists.total_tokens, n);
        if let Some(lf) = list_field {
            avg.insert(letter.into(), json!(mean));
            weights.insert(letter.into(), json!(lf.weight()));
        }
        // Each record's field norm as tantivy stores it (a byte).
        let norm_ids: Vec<u8> = lists
            .norms
            .iter()
            .map(|&len| tantivy::fieldnorm::FieldNormReader::fieldnorm_to_id(len))
            .collect();
        let terms: Vec<_> = lists.merged().collect();
        // Each list ordered, cut and encoded in parallel.
        let encoded: Vec<ExportList> = terms
            .into_par_iter()
            .map(|(term, parts)| -> Result<ExportList> {
                let list: Vec<Posting> = parts
                    .iter()
                    .flat_map(|part| part.iter())
                    .map(|p| {
                        let rec = p.rec as usize;
                        (p.rec as u64, expired[rec], p.tf, norm_ids[rec])
                    })
                    .collect();
                let df = list.len() as u64;
                let list = match list_field {
                    Some(lf) => by_impact(list, lf, documents, mean),
                    // Already in record order.
                    None => list,
                };
                let pages = if list.len() <= INLINE {
                    vec![encode(&list)?]
                } else {
                    let (first, rest) = list.split_at(PAGE.min(list.len()));
                    std::iter::once(first)
                        .chain(rest.chunks(PAGE_REST))
                        .map(encode)
                        .collect::<Result<Vec<String>>>()?
                };
                Ok(ExportList {
                    key: format!("{letter}:{term}"),
                    df,
                    idf: ranking::idf(n, df),
                    inline: list.len() <= INLINE,
                    pages,
                })
            })
            .collect::<Result<_>>()?;
        for list in encoded {
            let entry = if list.inline {
                json!([list.df, list.idf, 0, list.pages[0]])
            } else {
                for (i, page) in list.pages.iter().enumerate() {
                    let name = format!("p/{}/{list_id}-{i}", list_id / PAGE_DIR);
                    files.push((format!("{DIR}/{name}.js"), script(&name, &json!(page))));
                }
                let e = json!([list.df, list.idf, list.pages.len(), list_id]);
                list_id += 1;
                e
            };
            entries.push((list.key, entry));
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
    files.push((
        format!("{DIR}/facets.js"),
        script("facets", &facets(records)),
    ));
    let manifest = json!({
        "version": VERSION,
        "records": n,
        "documents": documents,
        "shards": shards,
        "extraPages": EXTRA_PAGES,
        "recordBlock": record_block(records),
        "recordDir": RECORD_DIR,
        "pageDir": PAGE_DIR,
        "page": PAGE,
        "pageRest": PAGE_REST,
        "k1": ranking::K1,
        "b": ranking::B,
        "weights": weights,
        "docBody": ranking::DOCUMENT_BODY,
        "docTitle": ranking::DOCUMENT_TITLE,
        "expired": ranking::EXPIRED,
        "numberBoost": ranking::NUMBER_BOOST,
        "avg": avg,
        "norms": (0..=255u8).map(norm).collect::<Vec<u32>>(),
    });
    files.push((format!("{DIR}/manifest.js"), script("manifest", &manifest)));
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// Records per record file for these records: as many as fit in
/// [`RECORD_FILE_BYTES`] on average (1 to [`MAX_RECORD_BLOCK`]). A query
/// reads a few dozen records scattered over the corpus, so a file should
/// not hold much more than one record's worth of bytes where records are
/// long (the articles of real laws: one per file), while short ones (plan
/// sections, short articles) share files and a large corpus is not hundreds
/// of thousands of files.
pub fn record_block(records: &[SearchRecord]) -> usize {
    if records.is_empty() {
        return 1;
    }
    let bytes: usize = records
        .iter()
        .map(|r| {
            r.text.len()
                + r.heading.len()
                + r.title.len()
                + r.url.len()
                + r.number.len()
                + r.anchor.len()
                + 24
        })
        .sum();
    let mean = bytes / records.len();
    (RECORD_FILE_BYTES / mean.max(1)).clamp(1, MAX_RECORD_BLOCK)
}

/// A record as the client reads it (see the module documentation): doc,
/// title, url, number, crumb, anchor, expired, heading, text.
type RecordRow<'a> = (
    usize,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    u8,
    &'a str,
    &'a str,
);

/// A record as the client reads it (see the module documentation).
fn record_row(r: &SearchRecord) -> RecordRow<'_> {
    let title = r.heading.split(super::index::CRUMB).next().unwrap_or("");
    let crumb = r
        .heading
        .split_once(super::index::CRUMB)
        .map_or("", |(_, rest)| rest);
    (
        r.doc,
        title,
        &r.url,
        &r.number,
        crumb,
        &r.anchor,
        u8::from(r.flags() & super::schema::FLAG_EXPIRED != 0),
        &r.title,
        &r.text,
    )
}

/// One list of the export: its dictionary key, document frequency, idf, and
/// its postings encoded, inline in the dictionary or as pages.
struct ExportList {
    key: String,
    df: u64,
    idf: f64,
    inline: bool,
    pages: Vec<String>,
}

/// A text list in impact order (highest contribution first, then by record),
/// cut to [`MAX_POSTINGS`]: the kept postings are selected before they are
/// sorted, since the lists of common terms are long and only the head is kept.
fn by_impact(list: Vec<Posting>, lf: ListField, documents: usize, mean: f64) -> Vec<Posting> {
    let impact = |p: &Posting| {
        let w = ranking::list_weight(lf, (p.0 as usize) < documents);
        ranking::contribution(w, 1.0, p.2, norm(p.3), mean)
    };
    let mut keyed: Vec<(f64, Posting)> = list.iter().map(|p| (impact(p), *p)).collect();
    let order =
        |a: &(f64, Posting), b: &(f64, Posting)| b.0.total_cmp(&a.0).then(a.1 .0.cmp(&b.1 .0));
    if keyed.len() > MAX_POSTINGS {
        keyed.select_nth_unstable_by(MAX_POSTINGS - 1, order);
        keyed.truncate(MAX_POSTINGS);
    }
    keyed.sort_unstable_by(order);
    keyed.into_iter().map(|(_, p)| p).collect()
}

/// The field length of a field-norm id (tantivy's table).
fn norm(id: u8) -> u32 {
    tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(id)
}

const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn push_digits(out: &mut String, value: u64, width: u32) {
    for i in (0..width).rev() {
        out.push(DIGITS[((value >> (6 * i)) & 63) as usize] as char);
    }
}

/// Postings as the string of the format above.
fn encode(postings: &[Posting]) -> Result<String> {
    let mut out = String::with_capacity(postings.len() * 7);
    for &(rec, expired, tf, norm_id) in postings {
        let key = rec * 2 + u64::from(expired);
        if key >= 1 << 24 {
            return Err(err("quá 8 triệu bản ghi"));
        }
        push_digits(&mut out, key, 4);
        if tf < 63 {
            push_digits(&mut out, u64::from(tf), 1);
        } else {
            out.push('_');
            push_digits(&mut out, u64::from(tf), 6);
        }
        push_digits(&mut out, u64::from(norm_id), 2);
    }
    Ok(out)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::legal::status::Status;

    fn record(text_bytes: usize) -> SearchRecord {
        SearchRecord {
            doc: 0,
            url: "luat/1-2020-qh14/".into(),
            anchor: "dieu-1".into(),
            number: "1/2020/QH14".into(),
            heading: "Luật Thử › Điều 1. Một".into(),
            title: "Một".into(),
            text: "a".repeat(text_bytes),
            kind_slug: "luat".into(),
            kind: "Luật".into(),
            issuer: "Quốc hội".into(),
            fields: Vec::new(),
            year: Some(2020),
            status: Status::ConHieuLuc,
        }
    }

    #[test]
    fn long_records_get_a_file_each_short_ones_share() {
        assert_eq!(record_block(&[]), 1);
        assert_eq!(record_block(&vec![record(1500); 10]), 1, "articles of laws");
        assert_eq!(record_block(&vec![record(550); 10]), 4, "short sections");
        assert_eq!(record_block(&vec![record(10); 10]), MAX_RECORD_BLOCK);
        let records = vec![record(550); 10];
        let files = record_files(&records);
        assert_eq!(files.len(), 3, "4 + 4 + 2 records");
        assert_eq!(files[2].0, format!("{DIR}/r/0/2.js"));
        assert_eq!(record_name(9, 4), "r/0/2");
    }
}
