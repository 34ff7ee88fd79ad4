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
//! * `search/r/<f>/<blk>.js` — `vanban.shard("r/<f>/<blk>", [HEADS, ROWS])`
//!   with `blk = rec div recordBlock` and `f = blk div recordDir`: the
//!   records `blk × recordBlock` onwards, `recordBlock` of them (fewer in the
//!   last file). `recordBlock` is chosen per site by [`record_block`]: short
//!   records share a file, so a large corpus is not hundreds of thousands of
//!   files to write, copy to a USB stick or upload to a portal, while long
//!   ones (the articles of real laws) have one each, since a query reads a
//!   few dozen records scattered over the corpus. HEADS are the documents of
//!   the file's records, each once, as `[doc, title, url, number, expired]`:
//!   the document's index, title, site-relative URL and number, and 1 when
//!   it has expired, else 0. ROWS are the records in order, each `[head,
//!   crumb, anchor, title, text]`: its document's place in HEADS; the rest of
//!   its breadcrumb title after the document title (`Chương I › Điều 3. Giải
//!   thích từ ngữ`, `""` for a document) — written `[parent, n]` when its
//!   last part is the first `n` UTF-16 code units of the text, as it is for
//!   most provisions (the crumb is then `parent › ` that head, or the head
//!   alone when `parent` is `""`); the provision id (`""` for a document);
//!   and the record's title and text *as indexed* (the `title` field, and the
//!   `folded`, `exact` and `pair` fields) — the title written as a number
//!   `m` when it is the last `m` code units of that head or, for a document
//!   (crumb `""`), the first `m` code units of its text. From these the
//!   client recomputes, with the analyzer, every term frequency and field
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
pub const RECORD_FILE_BYTES: usize = 2600;
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
pub const VERSION: u32 = 4;

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
            let name = record_name(block * per_file, per_file);
            // Serialised straight from the rows (no JSON tree in between):
            // the same bytes as `script`.
            let mut out = format!("vanban.shard({},", json!(name)).into_bytes();
            serde_json::to_writer(&mut out, &record_file(chunk))
                .expect("strings and numbers always serialise");
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
                let df = parts.iter().map(|part| part.len() as u64).sum();
                let posting = |rec: u32, tf: u32| {
                    let r = rec as usize;
                    (rec as u64, expired[r], tf, norm_ids[r])
                };
                let list: Vec<Posting> = match list_field {
                    Some(lf) => by_impact(&parts, lf, documents, mean, &norm_ids)
                        .into_iter()
                        .map(|(rec, tf)| posting(rec, tf))
                        .collect(),
                    // Already in record order.
                    None => parts
                        .iter()
                        .flat_map(|part| part.iter())
                        .map(|p| posting(p.rec, p.tf))
                        .collect(),
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
/// of thousands of files. The estimate follows [`record_files`]: a record
/// costs its own fields, a file the heads of the documents it touches.
pub fn record_block(records: &[SearchRecord]) -> usize {
    if records.is_empty() {
        return 1;
    }
    let n = records.len();
    let mut own = 0;
    let mut heads = 0;
    let mut documents = 0;
    for r in records {
        let (crumb, title) = row_fields(r);
        own += r.text.len() + r.anchor.len() + 20;
        own += match crumb {
            Crumb::Whole(c) => c.len(),
            Crumb::Head(parent, _) => parent.len() + 4,
        };
        own += match title {
            Title::Whole(t) => t.len(),
            Title::Tail(_) => 2,
        };
        if r.is_document() {
            documents += 1;
            heads += split_heading(r).0.len() + r.url.len() + r.number.len() + 20;
        }
    }
    let documents = documents.max(1);
    let (own, head) = (own as f64 / n as f64, heads as f64 / documents as f64);
    // A file of k records starts with one document and meets another at
    // each of the (k - 1) record boundaries with probability documents / n.
    let fits = |k: usize| {
        let heads = 1.0 + (k - 1) as f64 * documents as f64 / n as f64;
        k as f64 * own + heads * head <= RECORD_FILE_BYTES as f64
    };
    (1..=MAX_RECORD_BLOCK)
        .take_while(|&k| fits(k))
        .last()
        .unwrap_or(1)
}

/// A record's document title and the rest of its breadcrumb title.
fn split_heading(r: &SearchRecord) -> (&str, &str) {
    match r.heading.split_once(super::index::CRUMB) {
        Some((title, crumb)) => (title, crumb),
        None => (r.heading.as_str(), ""),
    }
}

/// A record file as the client reads it (see the module documentation):
/// the heads of the documents of its records, then the records.
#[derive(serde::Serialize)]
struct RecordFile<'a>(Vec<DocHead<'a>>, Vec<RecordRow<'a>>);

/// doc, title, url, number, expired.
type DocHead<'a> = (usize, &'a str, &'a str, &'a str, u8);

/// The document's place in the file's heads, crumb, anchor, title, text.
type RecordRow<'a> = (usize, Crumb<'a>, &'a str, Title<'a>, &'a str);

/// The breadcrumb title after the document title: whole, or its parent
/// part and the length (UTF-16 code units, as the client counts) of the head
/// of the text that is its last part (`Điều 3. Giải thích từ ngữ`).
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Crumb<'a> {
    Whole(&'a str),
    Head(&'a str, usize),
}

/// The record's own title: whole, or a length: of the end of the crumb's
/// last part that it is (`Giải thích từ ngữ`), or for a document (crumb
/// `""`), of the head of the text that it is.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Title<'a> {
    Whole(&'a str),
    Tail(usize),
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// How a record's crumb and title are written (see the module
/// documentation): as lengths of its text's head where they are that head.
fn row_fields(r: &SearchRecord) -> (Crumb<'_>, Title<'_>) {
    let crumb = split_heading(r).1;
    let (parent, last) = crumb
        .rsplit_once(super::index::CRUMB)
        .unwrap_or(("", crumb));
    if !last.is_empty() && r.text.starts_with(last) {
        let title = if !r.title.is_empty() && last.ends_with(r.title.as_str()) {
            Title::Tail(utf16_len(&r.title))
        } else {
            Title::Whole(&r.title)
        };
        (Crumb::Head(parent, utf16_len(last)), title)
    } else if crumb.is_empty() && !r.title.is_empty() && r.text.starts_with(r.title.as_str()) {
        // A document: its text starts with its title.
        (Crumb::Whole(crumb), Title::Tail(utf16_len(&r.title)))
    } else {
        (Crumb::Whole(crumb), Title::Whole(&r.title))
    }
}

/// The heads and rows of the records of one file.
fn record_file(records: &[SearchRecord]) -> RecordFile<'_> {
    let mut heads: Vec<DocHead<'_>> = Vec::new();
    let rows = records
        .iter()
        .map(|r| {
            let doc_title = split_heading(r).0;
            let head = match heads.iter().position(|h| h.0 == r.doc) {
                Some(i) => i,
                None => {
                    let expired = u8::from(r.flags() & super::schema::FLAG_EXPIRED != 0);
                    heads.push((r.doc, doc_title, &r.url, &r.number, expired));
                    heads.len() - 1
                }
            };
            let (crumb, title) = row_fields(r);
            (head, crumb, r.anchor.as_str(), title, r.text.as_str())
        })
        .collect();
    RecordFile(heads, rows)
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
/// cut to [`MAX_POSTINGS`], as (record, tf): the kept postings are selected
/// before they are sorted, since the lists of common terms are long and only
/// the head is kept.
///
/// Each posting is one `u128` key, so selecting and sorting compare integers:
/// the contribution's bits complemented (contributions are positive, and the
/// bits of positive doubles order as the doubles do), the record, the tf.
fn by_impact(
    parts: &[&[super::invert::Posting]],
    lf: ListField,
    documents: usize,
    mean: f64,
    norm_ids: &[u8],
) -> Vec<(u32, u32)> {
    let (w_doc, w_rec) = (
        ranking::list_weight(lf, true),
        ranking::list_weight(lf, false),
    );
    let mut keys: Vec<u128> = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts.iter().flat_map(|part| part.iter()) {
        let rec = p.rec as usize;
        let w = if rec < documents { w_doc } else { w_rec };
        let impact = ranking::contribution(w, 1.0, p.tf, norm(norm_ids[rec]), mean);
        keys.push(u128::from(!impact.to_bits()) << 64 | u128::from(p.rec) << 32 | u128::from(p.tf));
    }
    if keys.len() > MAX_POSTINGS {
        keys.select_nth_unstable(MAX_POSTINGS - 1);
        keys.truncate(MAX_POSTINGS);
    }
    keys.sort_unstable();
    keys.into_iter()
        .map(|k| ((k >> 32) as u32, k as u32))
        .collect()
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
    let mut kinds: Vec<(&str, &str)> = Vec::new();
    let mut issuers: Vec<&str> = Vec::new();
    for r in records.iter().filter(|r| r.is_document()) {
        let k = (r.kind_slug, r.kind);
        if !kinds.contains(&k) {
            kinds.push(k);
        }
        if !issuers.contains(&&*r.issuer) {
            issuers.push(&r.issuer);
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
            let issuer = issuers.iter().position(|i| *i == &*r.issuer).unwrap_or(0);
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
            kind_slug: "luat",
            kind: "Luật",
            issuer: "Quốc hội".into(),
            fields: Vec::new().into(),
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

    /// What the client's `expand` does with a row: the record's doc, document
    /// title, url, number, crumb, anchor, expired flag, title and text.
    fn expand(
        file: &Value,
        k: usize,
    ) -> (
        u64,
        String,
        String,
        String,
        String,
        String,
        u64,
        String,
        String,
    ) {
        let row = &file[1][k];
        let head = &file[0][row[0].as_u64().unwrap() as usize];
        let text = row[4].as_str().unwrap().to_string();
        let units: Vec<u16> = text.encode_utf16().collect();
        let (crumb, title) = match (&row[1], &row[3]) {
            (Value::String(c), Value::String(t)) => (c.clone(), t.clone()),
            (Value::String(c), Value::Number(m)) if c.is_empty() => {
                let m = m.as_u64().unwrap() as usize;
                (String::new(), String::from_utf16(&units[..m]).unwrap())
            }
            (Value::Array(c), t) => {
                let n = c[1].as_u64().unwrap() as usize;
                let head = String::from_utf16(&units[..n]).unwrap();
                let title = match t {
                    Value::Number(m) => {
                        let m = m.as_u64().unwrap() as usize;
                        let units: Vec<u16> = head.encode_utf16().collect();
                        String::from_utf16(&units[units.len() - m..]).unwrap()
                    }
                    t => t.as_str().unwrap().to_string(),
                };
                let parent = c[0].as_str().unwrap();
                let crumb = if parent.is_empty() {
                    head
                } else {
                    format!("{parent}{}{head}", super::super::index::CRUMB)
                };
                (crumb, title)
            }
            other => panic!("unexpected row fields {other:?}"),
        };
        let s = |v: &Value| v.as_str().unwrap().to_string();
        (
            head[0].as_u64().unwrap(),
            s(&head[1]),
            s(&head[2]),
            s(&head[3]),
            crumb,
            s(&row[2]),
            head[4].as_u64().unwrap(),
            title,
            text,
        )
    }

    #[test]
    fn a_record_file_gives_back_every_field_of_its_records() {
        let mut doc = record(0);
        doc.doc = 3;
        doc.anchor = String::new();
        doc.heading = "Luật Giao dịch điện tử".into();
        doc.title = "Luật Giao dịch điện tử".into();
        doc.text = "Luật Giao dịch điện tử\nLuật số 20/2023/QH15".into();
        doc.status = Status::HetHieuLuc;
        let mut article = record(0);
        article.doc = 3;
        article.anchor = "dieu-3".into();
        article.heading = "Luật Giao dịch điện tử › Chương I › Điều 3. Giải thích từ ngữ".into();
        article.title = "Giải thích từ ngữ".into();
        article.text = "Điều 3. Giải thích từ ngữ 1. Chữ ký điện tử là…".into();
        article.status = Status::HetHieuLuc;
        let mut untitled = article.clone();
        untitled.anchor = "dieu-3-khoan-1".into();
        untitled.heading = "Luật Giao dịch điện tử › Điều 3 › Khoản 1".into();
        untitled.title = String::new();
        untitled.text = "Khoản 1 nói về chữ ký.".into();
        let mut elsewhere = record(0);
        elsewhere.heading = "Luật Thử › Mục lục".into();
        elsewhere.text = "Văn bản không bắt đầu bằng tiêu đề".into();
        let records = vec![doc, article, untitled, elsewhere];
        let bytes = &record_files(&records)[0].1;
        let json = std::str::from_utf8(bytes).unwrap();
        let json = json.trim_end().strip_suffix(");").unwrap();
        let file: Value = serde_json::from_str(&json[json.find(',').unwrap() + 1..]).unwrap();
        assert_eq!(
            file[0].as_array().unwrap().len(),
            2,
            "two documents, each once"
        );
        assert!(
            file[1][0][3].is_number() && file[1][1][1].is_array() && file[1][1][3].is_number(),
            "{}",
            file[1][1]
        );
        for (k, r) in records.iter().enumerate() {
            let (title, crumb) = split_heading(r);
            let expired = u64::from(r.flags() & super::super::schema::FLAG_EXPIRED != 0);
            let want = (
                r.doc as u64,
                title.to_string(),
                r.url.to_string(),
                r.number.to_string(),
                crumb.to_string(),
                r.anchor.clone(),
                expired,
                r.title.clone(),
                r.text.clone(),
            );
            assert_eq!(expand(&file, k), want, "record {k}");
        }
    }
}
