//! The inverted lists of the text fields (the folded, exact and pair views,
//! the title and the document number), built in parallel from the records.
//!
//! The text views are almost all of the index: three terms per syllable,
//! tens of millions on a national corpus. Tantivy's indexing loop hashes
//! every one of them as a string into one table per thread; here a syllable
//! is hashed once per chunk of records and each view works with term numbers,
//! so the lists cost a fraction of that. [`super::segment`] writes them into
//! the tantivy segment through tantivy's own postings serializer, so the index
//! on disk is the one tantivy would have written (a test compares the two);
//! the browser export ([`super::export`]) is made from the same lists while
//! the index is written.
//!
//! The terms are exactly the analyzer's views (a test compares them with
//! `schema::text_views`): folded syllables (empty ones left out), exact
//! syllables, and pairs of adjacent folded syllables not across sentence
//! punctuation.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::analyzer;
use super::index::SearchRecord;
use super::named;
use super::ranking::ListField;
use super::schema::View;

/// Tantivy drops longer tokens (`MAX_TOKEN_LEN`): so do the lists.
const MAX_TOKEN_LEN: usize = u16::MAX as usize - 5;

/// No folded term (the syllable folds to nothing).
const NONE: u32 = u32::MAX;

/// Flag on a term number: the term is longer than [`MAX_TOKEN_LEN`].
const TOO_LONG: u32 = 1 << 31;

/// A record holding a term, and how often.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub rec: u32,
    pub tf: u32,
}

/// One view's lists for a run of records: terms in byte order.
#[derive(Debug, Default)]
pub struct Lists {
    pub terms: Vec<(String, Vec<Posting>)>,
}

/// One text view of every record.
#[derive(Debug, Default)]
pub struct ViewLists {
    /// The lists of each chunk of records, chunks in record order: a term's
    /// postings are its postings in each chunk, one after the other.
    pub chunks: Vec<Lists>,
    /// Tokens of the view in each record (tantivy's field norm, before it is
    /// rounded to a byte).
    pub norms: Vec<u32>,
    /// Sum of `norms`.
    pub total_tokens: u64,
}

impl ViewLists {
    /// Every term in byte order with its postings, chunk by chunk.
    pub fn merged(&self) -> Merged<'_> {
        Merged {
            chunks: &self.chunks,
            next: vec![0; self.chunks.len()],
        }
    }
}

/// The terms of a [`ViewLists`] in byte order (see [`ViewLists::merged`]).
pub struct Merged<'a> {
    chunks: &'a [Lists],
    next: Vec<usize>,
}

impl<'a> Iterator for Merged<'a> {
    type Item = (&'a str, Vec<&'a [Posting]>);

    fn next(&mut self) -> Option<Self::Item> {
        // Few chunks: a linear scan for the least term beats a heap.
        let least = self
            .chunks
            .iter()
            .zip(&self.next)
            .filter_map(|(c, &i)| c.terms.get(i).map(|t| t.0.as_str()))
            .min()?;
        let mut parts = Vec::new();
        for (c, i) in self.chunks.iter().zip(self.next.iter_mut()) {
            if let Some((term, postings)) = c.terms.get(*i) {
                if term == least {
                    parts.push(postings.as_slice());
                    *i += 1;
                }
            }
        }
        Some((least, parts))
    }
}

/// The lists of every indexed text field of the records.
#[derive(Debug, Default)]
pub struct Views {
    pub folded: ViewLists,
    pub exact: ViewLists,
    pub pair: ViewLists,
    /// Folded terms of the record's own title.
    pub title: ViewLists,
    /// Terms of the document number and name of document records, the
    /// article term of provisions ([`named_terms`]).
    pub number: ViewLists,
}

impl Views {
    /// The lists a query list of `field` reads.
    pub fn of(&self, field: ListField) -> &ViewLists {
        match field {
            ListField::Folded => &self.folded,
            ListField::Exact => &self.exact,
            ListField::Pair => &self.pair,
            ListField::Title => &self.title,
        }
    }
}

/// The lists of `records` (record number = position).
pub fn invert(records: &[SearchRecord]) -> Views {
    let threads = rayon::current_num_threads().max(1);
    let size = records.len().div_ceil(4 * threads).max(1024);
    let chunks: Vec<[ChunkLists; 5]> = records
        .par_chunks(size)
        .enumerate()
        .map(|(c, chunk)| {
            let first = (c * size) as u32;
            let [folded, exact, pair] = invert_chunk(first, chunk);
            let title = invert_terms(first, chunk, |r| View::Folded.tokens(&r.title));
            let number = invert_terms(first, chunk, named_terms);
            [folded, exact, pair, title, number]
        })
        .collect();
    let mut views = Views::default();
    for chunk in chunks {
        let [folded, exact, pair, title, number] = chunk;
        for (view, lists) in [
            (&mut views.folded, folded),
            (&mut views.exact, exact),
            (&mut views.pair, pair),
            (&mut views.title, title),
            (&mut views.number, number),
        ] {
            view.total_tokens += lists.norms.iter().map(|&n| n as u64).sum::<u64>();
            view.norms.extend(lists.norms);
            view.chunks.push(lists.lists);
        }
    }
    views
}

/// The terms of a record's number field: a document's number terms and its
/// name ([`named::name_key`]), a provision's [`named::article_term`] of its
/// id and of the ids inside it.
pub fn named_terms(r: &SearchRecord) -> Vec<(String, usize, usize)> {
    if !r.is_document() {
        return std::iter::once(&r.anchor)
            .chain(&r.parts)
            .map(|id| (named::article_term(id), 0, 0))
            .collect();
    }
    let mut terms = View::Number.tokens(&r.number);
    if let Some(name) = named::name_key(r.kind_slug, &r.title) {
        terms.push((name, 0, 0));
    }
    terms
}

/// The lists of a field whose terms `terms` gives for each record (short
/// fields: titles, numbers).
fn invert_terms(
    first: u32,
    records: &[SearchRecord],
    terms: impl Fn(&SearchRecord) -> Vec<(String, usize, usize)>,
) -> ChunkLists {
    let mut named = Named::default();
    let mut norms = Vec::with_capacity(records.len());
    let (mut ids, mut counts) = (Vec::new(), Vec::new());
    for (i, r) in records.iter().enumerate() {
        ids.clear();
        for (term, _, _) in terms(r) {
            let id = named.id(term);
            if id & TOO_LONG == 0 {
                ids.push(id);
            }
        }
        norms.push(ids.len() as u32);
        named.terms.post(first + i as u32, &ids, &mut counts);
    }
    named.terms.into_lists(norms)
}

/// One view's lists for a chunk, with the records' token counts.
struct ChunkLists {
    lists: Lists,
    norms: Vec<u32>,
}

/// Terms by number, and the postings of each, while a chunk is read.
#[derive(Default)]
struct Terms {
    names: Vec<String>,
    postings: Vec<Vec<Posting>>,
}

impl Terms {
    fn add(&mut self, name: String) -> u32 {
        self.names.push(name);
        self.postings.push(Vec::new());
        (self.names.len() - 1) as u32
    }

    /// Posts record `rec` for each of the term numbers `ids`, with the
    /// number of times it appears there (counted in `counts`, left zero).
    fn post(&mut self, rec: u32, ids: &[u32], counts: &mut Vec<u32>) {
        if counts.len() < self.names.len() {
            counts.resize(self.names.len(), 0);
        }
        for &id in ids {
            counts[id as usize] += 1;
        }
        for &id in ids {
            let tf = std::mem::take(&mut counts[id as usize]);
            if tf > 0 {
                self.postings[id as usize].push(Posting { rec, tf });
            }
        }
    }

    fn into_lists(self, norms: Vec<u32>) -> ChunkLists {
        let mut terms: Vec<(String, Vec<Posting>)> = self
            .names
            .into_iter()
            .zip(self.postings)
            .filter(|(_, postings)| !postings.is_empty())
            .collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        ChunkLists {
            lists: Lists { terms },
            norms,
        }
    }
}

/// Terms numbered by name.
#[derive(Default)]
struct Named {
    terms: Terms,
    ids: FxHashMap<String, u32>,
}

impl Named {
    fn id(&mut self, name: String) -> u32 {
        if let Some(&id) = self.ids.get(&name) {
            return id;
        }
        let long = name.len() > MAX_TOKEN_LEN;
        let mut id = self.terms.add(name.clone());
        if long {
            id |= TOO_LONG;
        }
        self.ids.insert(name, id);
        id
    }
}

/// The term numbers of each syllable seen, by the syllable as written. A
/// syllable is rarely longer than 16 bytes: those are keyed by their bytes
/// as one integer (no byte of a syllable is 0, so the padding is never
/// ambiguous), which hashes and compares without reading a string.
#[derive(Default)]
struct Syllables {
    short: FxHashMap<u128, (u32, u32)>,
    long: FxHashMap<String, (u32, u32)>,
}

impl Syllables {
    fn key(syllable: &str) -> Option<u128> {
        let bytes = syllable.as_bytes();
        (bytes.len() <= 16).then(|| {
            let mut key = [0u8; 16];
            key[..bytes.len()].copy_from_slice(bytes);
            u128::from_le_bytes(key)
        })
    }

    fn get(&self, syllable: &str) -> Option<(u32, u32)> {
        match Self::key(syllable) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(syllable).copied(),
        }
    }

    fn insert(&mut self, syllable: &str, ids: (u32, u32)) {
        match Self::key(syllable) {
            Some(key) => self.short.insert(key, ids),
            None => self.long.insert(syllable.to_string(), ids),
        };
    }
}

fn invert_chunk(first: u32, records: &[SearchRecord]) -> [ChunkLists; 3] {
    let mut folded = Named::default();
    let mut exact = Named::default();
    let mut pairs = Terms::default();
    // Syllable as written → (folded term, exact term).
    let mut syllables = Syllables::default();
    // (first, second) folded term → pair term.
    let mut pair_ids: FxHashMap<u64, u32> = FxHashMap::default();
    let mut norms: [Vec<u32>; 3] = Default::default();
    let (mut f_ids, mut e_ids, mut p_ids) = (Vec::new(), Vec::new(), Vec::new());
    let mut counts = Vec::new();
    // The folded syllables of a record: (term, start, end).
    let mut run: Vec<(u32, usize, usize)> = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let rec = first + i as u32;
        let text = analyzer::nfc(&r.text);
        f_ids.clear();
        e_ids.clear();
        p_ids.clear();
        run.clear();
        for (start, end) in analyzer::syllable_spans(&text) {
            let syllable = &text[start..end];
            let (f, e) = match syllables.get(syllable) {
                Some(ids) => ids,
                None => {
                    let f = analyzer::fold(syllable);
                    let f = if f.is_empty() { NONE } else { folded.id(f) };
                    let e = exact.id(analyzer::exact_term(syllable));
                    syllables.insert(syllable, (f, e));
                    (f, e)
                }
            };
            if e & TOO_LONG == 0 {
                e_ids.push(e);
            }
            if f != NONE {
                if f & TOO_LONG == 0 {
                    f_ids.push(f);
                }
                // A term too long to index still parts its neighbours.
                run.push((f & !TOO_LONG, start, end));
            }
        }
        for w in run.windows(2) {
            let ((a, _, a_end), (b, b_start, _)) = (w[0], w[1]);
            if text[a_end..b_start].chars().any(analyzer::is_pair_break) {
                continue;
            }
            let key = (a as u64) << 32 | b as u64;
            let id = match pair_ids.get(&key) {
                Some(&id) => id,
                None => {
                    let names = &folded.terms.names;
                    let (a, b) = (a & !TOO_LONG, b & !TOO_LONG);
                    let name = format!("{}_{}", names[a as usize], names[b as usize]);
                    if name.len() > MAX_TOKEN_LEN {
                        continue;
                    }
                    let id = pairs.add(name);
                    pair_ids.insert(key, id);
                    id
                }
            };
            p_ids.push(id);
        }
        norms[0].push(f_ids.len() as u32);
        norms[1].push(e_ids.len() as u32);
        norms[2].push(p_ids.len() as u32);
        folded.terms.post(rec, &f_ids, &mut counts);
        exact.terms.post(rec, &e_ids, &mut counts);
        pairs.post(rec, &p_ids, &mut counts);
    }
    let [nf, ne, np] = norms;
    [
        folded.terms.into_lists(nf),
        exact.terms.into_lists(ne),
        pairs.into_lists(np),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::tests::record;
    use crate::search::schema::text_views;
    use std::collections::BTreeMap;

    /// The lists hold, term by term, what counting the tokens of
    /// `text_views` gives, over records spread across several chunks.
    #[test]
    fn lists_count_the_views_tokens() {
        let texts = [
            "Điều 5. Hòa thủy, Hoà thuỷ: an toàn thông tin mạng (khoản 2).",
            "Cha\u{300}o ĐỒNG CHÍ ðiều 1690/QĐ-TTg\nngày 26/12/2023 – số 1.000.000 đồng",
            "",
            "x × y ÷ z; ơ ư ạ ỹ ǅ an toàn an toàn an toàn",
            "\u{301}\u{300} a\u{301}",
        ];
        let long = format!("mở {} đầu", "ư".repeat(40_000));
        let records: Vec<SearchRecord> = (0..3000)
            .map(|i| {
                record(if i == 7 {
                    &long
                } else {
                    texts[i % texts.len()]
                })
            })
            .collect();
        let views = invert(&records);
        assert!(views.folded.chunks.len() > 1);
        for (v, lists) in [&views.folded, &views.exact, &views.pair]
            .into_iter()
            .enumerate()
        {
            let mut want: BTreeMap<String, Vec<Posting>> = BTreeMap::new();
            let mut norms = Vec::new();
            for (rec, r) in records.iter().enumerate() {
                // Tantivy leaves out (and does not count) tokens too long.
                let tokens: Vec<_> = text_views(&r.text)[v]
                    .tokens
                    .iter()
                    .filter(|t| t.text.len() <= MAX_TOKEN_LEN)
                    .cloned()
                    .collect();
                norms.push(tokens.len() as u32);
                let mut counts: BTreeMap<&str, u32> = BTreeMap::new();
                for t in &tokens {
                    *counts.entry(&t.text).or_default() += 1;
                }
                for (term, tf) in counts {
                    want.entry(term.to_string()).or_default().push(Posting {
                        rec: rec as u32,
                        tf,
                    });
                }
            }
            let got: BTreeMap<String, Vec<Posting>> = lists
                .merged()
                .map(|(term, parts)| (term.to_string(), parts.concat()))
                .collect();
            let first_difference = got
                .iter()
                .zip(&want)
                .find(|(g, w)| g != w)
                .map(|(g, w)| (g.0, w.0));
            assert_eq!(first_difference, None, "view {v}");
            assert_eq!(got.len(), want.len(), "view {v}");
            assert_eq!(lists.norms, norms, "view {v}");
            assert_eq!(
                lists.total_tokens,
                norms.iter().map(|&n| n as u64).sum::<u64>()
            );
            let order: Vec<&str> = lists.merged().map(|(t, _)| t).collect();
            assert!(order.windows(2).all(|w| w[0] < w[1]), "view {v} in order");
        }
    }
}
