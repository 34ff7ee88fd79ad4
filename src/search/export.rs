//! The browser export: the tantivy index projected into static script files.
//!
//! Written by `vanban build` under `search/` of the output. Every file is a
//! classic script that makes one call, `vanban.shard(NAME, DATA);`; the
//! client (`vanban-search.js`) defines `vanban.shard`, adds a `<script src>`
//! for each file it needs and waits for the call. Plain scripts load over
//! http(s) and from a folder opened via file:// alike (no fetch, no range
//! requests, no modules, no wasm).
//!
//! The terms and postings come from the tantivy index itself (its terms,
//! postings and field norms, [`super::invert`]), never from a second
//! analysis.
//!
//! # Names
//!
//! Two kinds of files keep their names from build to build: the manifest
//! and the 128 index pages, small, the entry points. Every other file is a
//! *pack*, named after its bytes: `<kind>/<hash>.js`, the hash the first 6
//! bytes of the 64-bit FNV-1a hash of its DATA text, in 8 characters of
//! base64url, so a name always means the same bytes (a portal may cache
//! packs for ever) and a build that changes a pack writes it under a new
//! name. What goes in which pack does not depend on what is around it: a
//! list's shard is chosen by a hash of its term, a record's pack by its
//! number, and record numbers do not move when another document grows
//! ([`Numbering`]). So a build after editing one document rewrites the
//! packs of the lists whose postings changed, the document's record pack
//! and record directory, the index pages naming them and the manifest, and
//! leaves every other file as it was (`vanban build` does not touch a file
//! that holds the right bytes: its modification time stays, and a copy to
//! a portal by date or checksum sends only the difference).
//!
//! # Packed data
//!
//! A pack's DATA is a string: the payload's bytes compressed with raw
//! DEFLATE (RFC 1951), written in base64url without padding (the digits
//! `A–Z a–z 0–9 - _` for 0–63). Payloads are made of unsigned LEB128
//! varints (*varint*) and strings (a varint length in bytes, then UTF-8).
//!
//! # Files
//!
//! * `search/manifest.js` — `vanban.shard("manifest", {...})`, plain JSON:
//!   `version`; `records` (N, for the idf) and `documents` (D: records
//!   numbered `0..D` are whole documents); `wordShards` and `pairShards`,
//!   the number of dictionary shards of each kind (multiples of 64);
//!   `indexPages` (64); `page` (postings a list keeps at most);
//!   `documentPack` and `provisionPack` (records per record pack);
//!   `directoryPacks` (record packs per record directory) and
//!   `directories`, the names of the record directories, 8 characters each,
//!   one after the other; `facets` and `facetRows`, the names of the
//!   filters' packs (`f/…`, `g/…`); the
//!   ranking constants `k1`, `b`, `weights` `{f,e,p,t}`, `docBody`,
//!   `docTitle`, `expired`, `numberBoost`, `docWithin`, `cited` (see
//!   [`super::ranking`]); `avg` `{f,e,p,t}`, the mean field lengths; `norms`,
//!   the field length of each of the 256 field-norm ids; and for reading
//!   what a query names ([`super::named`]): `names`, the names of the shards
//!   of the names table, 8 characters each; `nameStarts`, the first words
//!   of the names it holds, sorted; and `kinds`, the kinds of documents as
//!   folded words (`[["bo", "luat"], …]`).
//! * `search/i/w<k>.js` and `search/i/p<k>.js` (`k < 64`) — the index
//!   pages of the word shards and of the pair shards: DATA is the base64url
//!   of the 6-byte hashes of shards `k, k+64, k+128, …` of that kind: a
//!   shard's name is the 8 characters at its place. The client knows the
//!   64, so it asks for a word's index page along with the manifest.
//! * `search/d/<hash>.js` — a dictionary shard. A list (KEY: a field letter,
//!   a colon and the term: `f:an` folded, `e:toàn` exact, `p:an_toan` pair,
//!   `t:an` title, `n:1690` number field) is placed by its term (so a
//!   word's folded and title lists share a shard, with its exact list when
//!   the word has no diacritics): with `h` the FNV-1a 32-bit hash of the
//!   term ([`fnv1a`]: over its UTF-16 code units, offset basis 2166136261,
//!   prime 16777619), a pair list is in pair shard `h mod pairShards`, any
//!   other in word shard `h mod wordShards`, and its shard is named on index
//!   page `h mod 64`. Payload: the number of
//!   entries, then each entry, by KEY in byte order: KEY (string), `df`
//!   (records holding the term), `kept` (postings that follow), then for a
//!   text list with `df > kept` the bound of the postings left out — a
//!   count and that many (tf varint, field-norm id byte) pairs for
//!   provisions, then the same for documents: the pairs that no other
//!   posting beats on both tf and field length, so the best contribution of
//!   what is left out is that of one of them, whatever the mean length —
//!   then the postings, in record order: each record number as the gap
//!   from the previous one plus one (the first as is), times two plus 1
//!   when its tf is above 1; then those tfs minus 2; then each posting's
//!   field-norm id (a byte). Number lists write the gaps alone (no times
//!   two, no tfs, no norms), and keep every posting. A text list keeps its
//!   [`PAGE`] postings of highest contribution (then lowest record): no
//!   query reads further, and the bound of the rest tells the client what
//!   it did not see. The idf is not written: the client computes it from
//!   `df` and N with [`ranking::ln`], as the CLI does.
//!   The number field holds a document's number terms and its name
//!   ([`super::named::name_key`], `n:luat an toan thong tin mang`), and a
//!   provision's id and the ids of the clauses and points inside it, after
//!   an `@` (`n:@dieu-5`, `n:@dieu-5-khoan-2`): a query citing `khoản 2
//!   Điều 5` reads those lists to find the article of each law it names.
//! * `search/l/<hash>.js` — a shard of the names table: DATA packed like a
//!   pack's, the payload the JSON object `{KEY: [[doc, first, count,
//!   number?], …]}` of the names and numbers of documents: KEY a folded
//!   name (`luat an toan thong tin mang`, for laws, codes, constitutions
//!   and ordinances) or `#` and an all-digit term of a document number
//!   (`#86`, `#2015`); for each document with that name or term, its
//!   record number, the record number of its first provision and the count
//!   of its provisions (its provisions are those records), and for a `#`
//!   KEY its number as printed (the client checks the query's number
//!   against its terms). A KEY is in shard `fnv1a(first two words of KEY)
//!   mod` the number of shards (a `#` KEY is one word), so the client asks
//!   for the shards of the pairs of words of the query that start with one
//!   of `nameStarts`, and of its numbers, along with the dictionary shards.
//! * `search/ri/<hash>.js` — a record directory: DATA is the base64url of
//!   the 6-byte hashes of `directoryPacks` record packs (directory `j` holds
//!   packs `j·directoryPacks` onwards): a pack's name is the 8 characters
//!   at its place.
//! * `search/r/<hash>.js` — a record pack. Records are numbered
//!   ([`Numbering`]): documents `0..D` in content order, then each
//!   document's provisions in text order, from where the previous
//!   document's run of numbers ends, a run rounded up to a multiple of
//!   [`NUMBER_RUN`] with room for one more. The packs are those of
//!   documents (records `p·documentPack` onwards) then those of provisions
//!   (numbers `D + q·provisionPack` onwards, pack `⌈D / documentPack⌉ +
//!   q`); `documentPack` and `provisionPack` are powers of two chosen per
//!   site from the mean length of the records ([`RecordPacks`]). Payload:
//!   the JSON `[HEADS, ROWS]`. HEADS are the documents of the pack's
//!   records, each once, as `[doc, title, url, number, expired]`: the
//!   document's index, title, site-relative URL and number, and 1 when it
//!   has expired, else 0. ROWS are the records by their place in the pack
//!   (`null` for a number kept for growth), each `[head, crumb, anchor,
//!   title, text]`: its document's place in HEADS; the rest of its
//!   breadcrumb title after the document title (`Chương I › Điều 3. Giải
//!   thích từ ngữ`, `""` for a document) — written `[parent, n]` when its
//!   last part is the first `n` UTF-16 code units of the text, as it is for
//!   most provisions (the crumb is then `parent › ` that head, or the head
//!   alone when `parent` is `""`); the provision id (`""` for a document);
//!   and the record's title and text *as indexed* (the `title` field, and
//!   the `folded`, `exact` and `pair` fields) — the title written as a
//!   number `m` when it is the last `m` code units of that head or, for a
//!   document (crumb `""`), the first `m` code units of its text. From these
//!   the client recomputes, with the analyzer, every term frequency and
//!   field length of the record, so it scores a record exactly, and cuts
//!   the snippet.
//! * `search/f/<hash>.js` — the filters' choices (loaded by the search
//!   page to fill its lists): the JSON `{kinds, issuers, statuses}`:
//!   `kinds` `[[slug, name]]`, `issuers` `[name]`, `statuses` `[[slug,
//!   name]]`. Its size grows with the number of issuers, not of documents.
//! * `search/g/<hash>.js` — each document's place in those tables, loaded
//!   only by a query with a filter: the JSON `{docs}`, per document `[kind,
//!   issuer, status, year, first, count]`: indexes into the tables, the
//!   year of issue (0 if unknown), and the numbers of its provisions
//!   (`first` onwards, `count` of them). Apart from the choices so that a
//!   first query without a filter does not wait for a row per document.
//!
//! # A query
//!
//! The client reads, in four rounds of requests made at once: the manifest
//! and the index pages of its words; their dictionary shards and the shards
//! of the names table it may need; the record directories of the records
//! that may end in its top results; their record packs. Whatever the number
//! of words, a first query is four round trips.
//!
//! Version 6 added the names table, the name and `@` terms of the number
//! field and the manifest's `docWithin`, `cited`, `names`, `nameStarts` and
//! `kinds`.

mod lists;
mod names;
mod pack;
mod records;

use std::collections::BTreeMap;

use serde_json::{json, Value};

pub use pack::{base64, fnv1a64, hash_of, Hash, Packed, HASH_BYTES};
pub use records::{record_packs, Numbering, RecordPacks, NUMBER_RUN};

use super::index::SearchRecord;
use super::invert::Views;
use super::{named, ranking};
use crate::legal::status::Status;

/// Folder of the export in the output.
pub const DIR: &str = "search";
/// Version of this format.
pub const VERSION: u32 = 6;
/// Index pages (`i/w<k>.js`, `i/p<k>.js`): the names of the word or pair
/// shards whose number is `k` modulo this. The client knows it, so it can ask for a word's index
/// page along with the manifest.
pub const INDEX_PAGES: usize = 64;
/// Postings a text list keeps, those of highest impact (with the bound of
/// the rest): a query reads them and no more.
pub const PAGE: usize = 128;
/// Record packs per record directory (`ri/<hash>.js`).
pub const DIRECTORY_PACKS: usize = 32;

/// FNV-1a 32-bit over UTF-16 code units: places a list in its shard by its
/// term.
pub fn fnv1a(key: &str) -> u32 {
    let mut h: u32 = 2166136261;
    for unit in key.encode_utf16() {
        h ^= unit as u32;
        h = h.wrapping_mul(16777619);
    }
    h
}

/// The least of 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, … (steps of a
/// quarter to a half) not below `n`: a count of shards made from a size
/// changes only when the size crosses one of these, not at every build.
pub fn nice(n: usize) -> usize {
    if n <= 3 {
        return n.max(1);
    }
    let mut scale = 1;
    loop {
        for k in [4, 5, 6] {
            if k * scale >= n {
                return k * scale;
            }
        }
        scale *= 2;
    }
}

/// The field length of a field-norm id (tantivy's table).
fn norm(id: u8) -> u32 {
    tantivy::fieldnorm::FieldNormReader::id_to_fieldnorm(id)
}

/// What the export needs of the index, made while the index is written.
pub struct IndexExport {
    lists: lists::ListFiles,
    names: names::NameTable,
    facets: Packed,
    facet_rows: Packed,
    records: usize,
    documents: usize,
}

/// The dictionary shards and facets of the export, from the lists the index
/// is written from ([`super::invert`]): the same terms,
/// postings and field norms as the tantivy index holds.
pub fn export_index(views: &Views, records: &[SearchRecord], statuses: &[String]) -> IndexExport {
    let numbering = Numbering::new(records);
    let documents = numbering.documents;
    let (choices, rows) = facets(records, &numbering.ids, statuses);
    let json = |v: Value| serde_json::to_vec(&v).expect("strings and numbers always serialise");
    IndexExport {
        lists: lists::list_files(views, records.len(), documents, &numbering.ids),
        names: names::table(records, &numbering.ids),
        facets: pack::pack("f", &json(choices), pack::TEXT),
        facet_rows: pack::pack("g", &json(rows), pack::TEXT),
        records: records.len(),
        documents,
    }
}

/// Every file of the export but the record packs: the dictionary shards,
/// index pages, record directories, facets and manifest.
pub fn finish(index: IndexExport, records: &RecordPacks) -> Vec<(String, Vec<u8>)> {
    let IndexExport {
        lists,
        names,
        facets,
        facet_rows,
        records: n,
        documents,
    } = index;
    let mut files = Vec::new();
    // Index pages.
    for (kind, shards) in [("w", &lists.words), ("p", &lists.pairs)] {
        for k in 0..INDEX_PAGES {
            let hashes: Vec<u8> = (k..shards.len())
                .step_by(INDEX_PAGES)
                .flat_map(|s| shards[s].hash)
                .collect();
            let name = format!("i/{kind}{k}");
            files.push((
                format!("{DIR}/{name}.js"),
                pack::script(&name, &format!("\"{}\"", base64(&hashes))),
            ));
        }
    }
    // Record directories.
    let mut directories = String::new();
    for chunk in records.hashes.chunks(DIRECTORY_PACKS) {
        let hashes: Vec<u8> = chunk.iter().flatten().copied().collect();
        let dir = pack::named("ri", base64(&hashes));
        directories.push_str(&base64(&dir.hash));
        files.push((dir.path, dir.bytes));
    }
    let avg: serde_json::Map<String, Value> = lists
        .avg
        .iter()
        .map(|(letter, mean)| (letter.to_string(), json!(mean)))
        .collect();
    let weights: serde_json::Map<String, Value> = ranking::ListField::ALL
        .iter()
        .map(|f| (f.letter().to_string(), json!(f.weight())))
        .collect();
    let manifest = json!({
        "version": VERSION,
        "records": n,
        "documents": documents,
        "wordShards": lists.words.len(),
        "pairShards": lists.pairs.len(),
        "indexPages": INDEX_PAGES,
        "page": PAGE,
        "documentPack": records.document_pack,
        "provisionPack": records.provision_pack,
        "directoryPacks": DIRECTORY_PACKS,
        "directories": directories,
        "facets": facets.path.trim_start_matches("search/").trim_end_matches(".js"),
        "facetRows": facet_rows.path.trim_start_matches("search/").trim_end_matches(".js"),
        "k1": ranking::K1,
        "b": ranking::B,
        "weights": weights,
        "docBody": ranking::DOCUMENT_BODY,
        "docTitle": ranking::DOCUMENT_TITLE,
        "expired": ranking::EXPIRED,
        "numberBoost": ranking::NUMBER_BOOST,
        "docWithin": ranking::DOCUMENT_WITHIN,
        "cited": ranking::CITED,
        "names": names.shards.iter().map(|s| base64(&s.hash)).collect::<String>(),
        "nameStarts": names.starts,
        "kinds": named::kinds(),
        "avg": avg,
        "norms": (0..=255u8).map(norm).collect::<Vec<u32>>(),
    });
    files.push((facets.path, facets.bytes));
    files.push((facet_rows.path, facet_rows.bytes));
    for p in lists
        .words
        .into_iter()
        .chain(lists.pairs)
        .chain(names.shards)
    {
        files.push((p.path, p.bytes));
    }
    files.push((
        format!("{DIR}/manifest.js"),
        pack::script("manifest", &manifest.to_string()),
    ));
    // Packs of equal bytes are one file (empty shards of a small site).
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files.dedup_by(|a, b| a.0 == b.0);
    files
}

/// The filters' choices and each document's row (see the format above).
fn facets(records: &[SearchRecord], ids: &[u32], names: &[String]) -> (Value, Value) {
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
        .zip(names)
        .map(|(s, name)| json!([s.slug(), name]))
        .collect();
    let mut ranges: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (rec, r) in records.iter().enumerate() {
        if !r.is_document() {
            let e = ranges.entry(r.doc).or_insert((ids[rec] as usize, 0));
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
    let choices = json!({
        "kinds": kinds.iter().map(|k| json!([k.0, k.1])).collect::<Vec<_>>(),
        "issuers": issuers,
        "statuses": statuses,
    });
    (choices, json!({ "docs": docs }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_counts_move_in_coarse_steps() {
        let steps: Vec<usize> = (0..=26).map(nice).collect();
        assert_eq!(
            steps,
            [
                1, 1, 2, 3, 4, 5, 6, 8, 8, 10, 10, 12, 12, 16, 16, 16, 16, 20, 20, 20, 20, 24, 24,
                24, 24, 32, 32
            ]
        );
        assert_eq!(nice(100), 128);
    }

    #[test]
    fn fnv1a_over_utf16() {
        assert_eq!(fnv1a(""), 2166136261);
        assert_eq!(fnv1a("a"), 0xe40c292c);
    }
}
