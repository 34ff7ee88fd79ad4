//! The posting lists of the export (see the format in [`super`]): every
//! list's highest-impact postings, with the bound of the rest, in the
//! dictionary shard that a hash of its term chooses.

use rayon::prelude::*;

use super::pack::{self, Packed};
use super::{fnv1a, nice, INDEX_PAGES, PAGE};
use crate::search::invert::{Posting, ViewLists, Views};
use crate::search::ranking::{self, ListField};

/// About how many bytes of entries (before compression) a shard of words
/// holds: a query reads one per word.
pub const WORD_SHARD_BYTES: usize = 3 * 1024;
/// About how many bytes of entries (before compression) a shard of pairs
/// holds: a query reads one per pair of words. Pairs are nine tenths of the
/// lists (most of them rare): their shards are larger, so that the export
/// is not too many files, and the words' (every query reads them) smaller.
pub const PAIR_SHARD_BYTES: usize = 10 * 1024;

/// The dictionary shards, by number: those of words (folded, exact and
/// title lists, number lists), those of pairs.
pub struct ListFiles {
    pub words: Vec<Packed>,
    pub pairs: Vec<Packed>,
    /// Mean length of each text field, by letter.
    pub avg: Vec<(&'static str, f64)>,
}

/// One list, encoded: its key, the hash that places it, its dictionary
/// entry.
struct Entry {
    hash: u32,
    key: String,
    entry: Vec<u8>,
}

/// The dictionary shards of `views` over `n` records, the first
/// `documents` of them whole documents, the records named by `ids`.
pub fn list_files(views: &Views, n: usize, documents: usize, ids: &[u32]) -> ListFiles {
    let mut entries: Vec<Entry> = Vec::new();
    let mut avg = Vec::new();
    let mut fields: Vec<(&'static str, &ViewLists, Option<ListField>)> = ListField::ALL
        .iter()
        .map(|&f| (f.letter(), views.of(f), Some(f)))
        .collect();
    fields.push(("n", &views.number, None));
    for (letter, lists, field) in fields {
        let mean = ranking::avg_len(lists.total_tokens, n as u64);
        if field.is_some() {
            avg.push((letter, mean));
        }
        // Each record's field norm as tantivy stores it (a byte).
        let norm_ids: Vec<u8> = lists
            .norms
            .iter()
            .map(|&len| tantivy::fieldnorm::FieldNormReader::fieldnorm_to_id(len))
            .collect();
        let terms: Vec<_> = lists.merged().collect();
        let encoded: Vec<Entry> = terms
            .into_par_iter()
            .map(|(term, parts)| {
                let key = format!("{letter}:{term}");
                let entry = match field {
                    Some(lf) => text_list(&parts, lf, documents, mean, &norm_ids, ids),
                    None => number_list(&parts, ids),
                };
                Entry {
                    hash: fnv1a(term),
                    key,
                    entry,
                }
            })
            .collect();
        entries.extend(encoded);
    }
    let (pairs, words): (Vec<Entry>, Vec<Entry>) =
        entries.into_iter().partition(|e| e.key.starts_with("p:"));
    ListFiles {
        words: shards(&words, WORD_SHARD_BYTES),
        pairs: shards(&pairs, PAIR_SHARD_BYTES),
        avg,
    }
}

/// `entries` in shards of about `bytes` bytes, each entry in the shard its
/// hash chooses, the count of shards a multiple of [`INDEX_PAGES`] that
/// changes only when the entries' size crosses a step of [`nice`].
fn shards(entries: &[Entry], bytes: usize) -> Vec<Packed> {
    let total: usize = entries.iter().map(|e| e.key.len() + e.entry.len()).sum();
    let count = INDEX_PAGES * nice(total.div_ceil(INDEX_PAGES * bytes));
    let mut by_shard: Vec<Vec<&Entry>> = vec![Vec::new(); count];
    for e in entries {
        by_shard[e.hash as usize % count].push(e);
    }
    by_shard
        .into_par_iter()
        .map(|mut list| {
            list.sort_unstable_by(|a, b| a.key.cmp(&b.key));
            let mut out = Vec::new();
            pack::varint(&mut out, list.len() as u64);
            for e in list {
                pack::string(&mut out, &e.key);
                out.extend_from_slice(&e.entry);
            }
            pack::pack("d", &out, pack::POSTINGS)
        })
        .collect()
}

/// A text list's entry: its df, the number of postings it holds, the bound
/// of those it leaves out, and its postings.
fn text_list(
    parts: &[&[Posting]],
    field: ListField,
    documents: usize,
    mean: f64,
    norm_ids: &[u8],
    ids: &[u32],
) -> Vec<u8> {
    let df: usize = parts.iter().map(|p| p.len()).sum();
    let (kept, left_out) = by_impact(parts, field, documents, mean, norm_ids);
    let mut entry = Vec::new();
    pack::varint(&mut entry, df as u64);
    pack::varint(&mut entry, kept.len() as u64);
    if df > kept.len() {
        let (docs, provisions): (Vec<_>, Vec<_>) = left_out
            .iter()
            .map(|&(rec, tf)| (rec, (tf, norm_ids[rec as usize])))
            .partition(|&(rec, _)| (rec as usize) < documents);
        write_frontier(&mut entry, &frontier(provisions.into_iter().map(|p| p.1)));
        write_frontier(&mut entry, &frontier(docs.into_iter().map(|p| p.1)));
    }
    let kept: Vec<(u32, u32, u8)> = kept
        .iter()
        .map(|&(rec, tf)| (ids[rec as usize], tf, norm_ids[rec as usize]))
        .collect();
    write_postings(&mut entry, kept, true);
    entry
}

/// A number list's entry: complete, in record order (a number's lists hold
/// documents only, and a query needs all of them to count the groups a
/// document matches).
fn number_list(parts: &[&[Posting]], ids: &[u32]) -> Vec<u8> {
    let all: Vec<(u32, u32, u8)> = parts
        .iter()
        .flat_map(|p| p.iter())
        .map(|p| (ids[p.rec as usize], p.tf, 0))
        .collect();
    let mut entry = Vec::new();
    pack::varint(&mut entry, all.len() as u64);
    pack::varint(&mut entry, all.len() as u64);
    write_postings(&mut entry, all, false);
    entry
}

/// Postings (record number, tf, field-norm id) sorted by record: every
/// record as the gap from the one before (minus one; the first as is),
/// times two plus 1 when its tf is above 1, then those tfs minus 2, then
/// every record's field-norm id; for a number list (`text` false), the
/// gaps alone.
fn write_postings(out: &mut Vec<u8>, mut postings: Vec<(u32, u32, u8)>, text: bool) {
    postings.sort_unstable();
    let mut next = 0u64;
    for &(rec, tf, _) in &postings {
        let gap = u64::from(rec) - next;
        next = u64::from(rec) + 1;
        if text {
            pack::varint(out, gap << 1 | u64::from(tf > 1));
        } else {
            pack::varint(out, gap);
        }
    }
    if text {
        for &(_, tf, _) in postings.iter().filter(|p| p.1 > 1) {
            pack::varint(out, u64::from(tf - 2));
        }
        out.extend(postings.iter().map(|p| p.2));
    }
}

/// The (tf, field-norm id) pairs that no other pair beats on both counts (a
/// higher tf, a shorter field): the highest contribution of a set of
/// postings is that of one of them, whatever the mean field length.
fn frontier(postings: impl Iterator<Item = (u32, u8)>) -> Vec<(u32, u8)> {
    let mut best = [0u32; 256];
    for (tf, id) in postings {
        best[id as usize] = best[id as usize].max(tf);
    }
    let mut out = Vec::new();
    let mut tf_so_far = 0;
    for (id, &tf) in best.iter().enumerate() {
        if tf > tf_so_far {
            out.push((tf, id as u8));
            tf_so_far = tf;
        }
    }
    out
}

fn write_frontier(out: &mut Vec<u8>, frontier: &[(u32, u8)]) {
    pack::varint(out, frontier.len() as u64);
    for &(tf, id) in frontier {
        pack::varint(out, u64::from(tf));
        out.push(id);
    }
}

/// (record, tf) pairs.
type Postings = Vec<(u32, u32)>;

/// The [`PAGE`] postings of a text list with the highest impact (then the
/// lowest record), as (record, tf); and the postings left out. The kept postings are selected before they are
/// sorted, since the lists of common terms are long and only the head is
/// kept.
///
/// Each posting is one `u128` key, so selecting and sorting compare integers:
/// the contribution's bits complemented (contributions are positive, and the
/// bits of positive doubles order as the doubles do), the record, the tf.
fn by_impact(
    parts: &[&[Posting]],
    field: ListField,
    documents: usize,
    mean: f64,
    norm_ids: &[u8],
) -> (Postings, Postings) {
    let (w_doc, w_rec) = (
        ranking::list_weight(field, true),
        ranking::list_weight(field, false),
    );
    let mut keys: Vec<u128> = Vec::with_capacity(parts.iter().map(|p| p.len()).sum());
    for p in parts.iter().flat_map(|part| part.iter()) {
        let rec = p.rec as usize;
        let w = if rec < documents { w_doc } else { w_rec };
        let impact = ranking::contribution(w, 1.0, p.tf, super::norm(norm_ids[rec]), mean);
        keys.push(u128::from(!impact.to_bits()) << 64 | u128::from(p.rec) << 32 | u128::from(p.tf));
    }
    let mut left_out = Vec::new();
    if keys.len() > PAGE {
        keys.select_nth_unstable(PAGE - 1);
        left_out = keys[PAGE..]
            .iter()
            .map(|&k| ((k >> 32) as u32, k as u32))
            .collect();
        keys.truncate(PAGE);
    }
    let kept = keys
        .into_iter()
        .map(|k| ((k >> 32) as u32, k as u32))
        .collect();
    (kept, left_out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_frontier_keeps_what_no_posting_beats() {
        let f = frontier([(1, 40), (2, 60), (1, 30), (3, 90), (2, 70), (1, 50)].into_iter());
        assert_eq!(f, [(1, 30), (2, 60), (3, 90)]);
        assert!(frontier(std::iter::empty()).is_empty());
    }

    #[test]
    fn postings_are_gaps_then_tfs_then_norms() {
        let mut out = Vec::new();
        write_postings(&mut out, vec![(4, 1, 11), (1, 3, 8), (2, 1, 9)], true);
        // 1 (gap 1, tf 3), 2 (gap 0), 4 (gap 1); tf 3 - 2; norms.
        assert_eq!(out, [3, 0, 2, 1, 8, 9, 11]);
        let mut out = Vec::new();
        write_postings(&mut out, vec![(0, 1, 0), (5, 1, 0)], false);
        assert_eq!(out, [0, 4]);
    }
}
