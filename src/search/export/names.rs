//! The names table: how the browser learns which documents a query names
//! ([`crate::search::named`]) and where their provisions are.
//!
//! The CLI looks names and numbers up in the index's number field; the
//! browser reads this table instead, in small shards loaded with the
//! dictionary shards (the second round of a query), so a query that names a
//! law costs no extra round trip.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::pack::{self, Packed};
use super::{fnv1a, nice};
use crate::search::index::SearchRecord;
use crate::search::{analyzer, named};

/// About this many bytes of entries per shard. Small: a query loads one or
/// two shards in full for one or two entries, and a number shared by many
/// documents (a year) makes an entry of kilobytes that should not come
/// along with every other number hashed beside it.
const SHARD_BYTES: usize = 4 * 1024;

/// The table's shards and the first words of its names.
pub struct NameTable {
    pub shards: Vec<Packed>,
    pub starts: Vec<String>,
}

/// The shard key of an entry: its first two words (a name) or the whole
/// key (`#86`).
pub fn shard_key(key: &str) -> &str {
    match key.match_indices(' ').nth(1) {
        Some((at, _)) => &key[..at],
        None => key,
    }
}

/// The table of `records`, numbered by `ids`.
pub fn table(records: &[SearchRecord], ids: &[u32]) -> NameTable {
    // Each document's run of provision numbers.
    let mut runs: BTreeMap<usize, (u32, u32)> = BTreeMap::new();
    for (rec, r) in records.iter().enumerate() {
        if !r.is_document() {
            let run = runs.entry(r.doc).or_insert((ids[rec], 0));
            run.1 += 1;
        }
    }
    let mut entries: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (rec, r) in records.iter().enumerate().filter(|(_, r)| r.is_document()) {
        let (first, count) = runs.get(&r.doc).copied().unwrap_or((0, 0));
        if let Some(name) = named::name_key(r.kind_slug, &r.title) {
            entries
                .entry(name)
                .or_default()
                .push(json!([ids[rec], first, count]));
        }
        let terms = analyzer::number_terms(&r.number);
        for t in terms
            .iter()
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()))
        {
            entries
                .entry(format!("#{t}"))
                .or_default()
                .push(json!([ids[rec], first, count, &*r.number]));
        }
    }
    let mut starts: Vec<String> = entries
        .keys()
        .filter(|k| !k.starts_with('#'))
        .filter_map(|k| k.split(' ').next())
        .map(str::to_string)
        .collect();
    starts.dedup();
    starts.sort();
    starts.dedup();
    let bytes: usize = entries
        .iter()
        .map(|(k, v)| k.len() + 16 * v.len() + 8)
        .sum();
    let count = nice(bytes.div_ceil(SHARD_BYTES));
    let mut shards: Vec<serde_json::Map<String, Value>> = vec![Default::default(); count];
    for (key, docs) in entries {
        let s = fnv1a(shard_key(&key)) as usize % count;
        shards[s].insert(key, Value::Array(docs));
    }
    let shards = shards
        .into_iter()
        .map(|s| {
            let payload = serde_json::to_vec(&Value::Object(s))
                .expect("strings and numbers always serialise");
            pack::pack("l", &payload, pack::TEXT)
        })
        .collect();
    NameTable { shards, starts }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_placed_by_their_first_two_words() {
        assert_eq!(shard_key("luat an toan thong tin mang"), "luat an");
        assert_eq!(shard_key("bo luat"), "bo luat");
        assert_eq!(shard_key("#86"), "#86");
    }
}
