//! How search results are ranked — the one place where the rules are written.
//!
//! Both runtimes implement exactly this: the CLI (`query.rs`, over the tantivy
//! index) and the browser (`vanban-search.js`, over the export). The browser
//! reads every constant below from the export's manifest, and the two compute
//! a score with the same floating-point operations in the same order, so the
//! same record gets the bit-for-bit same score in both.
//!
//! The CLI scores every record that matches (exhaustively, from tantivy's
//! postings). The browser cannot read whole posting lists of common words, so
//! it evaluates the same score with a threshold algorithm (see
//! `vanban-search.js`): it reads the highest-impact postings first, scores
//! candidates exactly from their record files, and stops when nothing unread
//! can enter the top results — then its top results are the CLI's. Only when a
//! query's download budget runs out first (very common words on a large site)
//! can the two differ below the first results.
//!
//! # The query
//!
//! A query is analysed by [`crate::search::analyzer`] into *lists*, each a
//! (field, term) pair, in this order, without duplicates:
//!
//! 1. every folded term, in the `folded` field (weight [`W_FOLDED`]);
//! 2. if the query has diacritics, every exact term, in `exact` ([`W_EXACT`]);
//! 3. every word pair, in `pair` ([`W_PAIR`]);
//! 4. every folded term again, in `title` ([`W_TITLE`]).
//!
//! plus the document-number groups of [`analyzer::query_numbers`] that have
//! two terms or more. Terms are OR-ed: a record matching any list is a result.
//!
//! A query that names a document ([`super::named`]: by name, `Luật An toàn
//! thông tin mạng`, or by number) and asks something else besides is
//! searched for that something else: the lists are those of the query with
//! the words that named the document (and a cited provision) left out. A
//! query that is only names, numbers and citations is searched as written,
//! but for the words of its citations.
//!
//! # The score
//!
//! For a record *r* and each list *i* that *r* appears in:
//!
//! ```text
//! c_i(r) = w_i · idf_i · tf·(k1+1) / (tf + k1·(1 − b + b·len/avglen))
//! idf_i  = ln(1 + (N − df + 0.5)/(df + 0.5))
//! ```
//!
//! (BM25 with k1 = [`K1`], b = [`B`]; `N` records, `df` records holding the
//! term, `tf` its count in the record's field, `len` the field's length as
//! tantivy stores it (the field norm), `avglen` the field's mean length.)
//! Then `score(r) = (Σ_i c_i(r) + NUMBER_BOOST · u(r)) · s(r)`, the sum taken in
//! list order, `u(r)` the boost units of [`units`], `s(r)` = [`EXPIRED`] for
//! an expired document's records and 1 otherwise. Results are sorted by
//! score, then by record number. With `g(d)` the times the query names `r`'s
//! document `d` (number groups all of whose terms are in `d`'s number field,
//! plus one if a name of `d` is in the query):
//!
//! * `r` is `d`'s whole-document record: `u(r) = g(d)` when the query is
//!   only names and numbers, [`DOCUMENT_WITHIN`]` · g(d)` when it asks
//!   something else;
//! * `r` is a provision of `d`: `u(r) = g(d)` when the query asks something
//!   else and a list reaches `r`, plus [`CITED`] when `g(d) > 0` and `r` is
//!   the article of a provision the query cites (`r` is a result even when
//!   no list reaches it, and is shown at the cited provision: `khoản 2 Điều
//!   5` → `#dieu-5-khoan-2`).
//!
//! # Why each boost
//!
//! * **BM25 over the folded view** is the base: users type with or without
//!   diacritics, and folding makes both find the text.
//! * **Exact view, only when the query has diacritics** ([`W_EXACT`]): a user
//!   who typed `bản` means *bản* (copy), not *bán* (sell) or *bàn* (table),
//!   which all fold to `ban`; records that match the marks rank higher. A query
//!   without marks says nothing about them, so the exact view stays out.
//! * **Word pairs** ([`W_PAIR`]): Vietnamese words are mostly two syllables
//!   (`an toàn`, `thông tin`), so two adjacent syllables are the word or
//!   phrase the user meant; a record with the phrase ranks above one with the
//!   syllables scattered. Pairs are rarer than syllables, so their idf is
//!   already higher; the weight makes a phrase count more than its parts.
//! * **Title** ([`W_TITLE`]): the title of a law or of an article says what
//!   it is about; a record whose title holds the query is about the query, one
//!   that only mentions it in passing is not. The title field is short, so
//!   BM25 already rewards a title that is mostly the query.
//! * **Document number** ([`NUMBER_BOOST`]): a number identifies one document.
//!   The boost is larger than any text score a query can reach (a BM25 term
//!   is at most about `2.2·ln(N)` ≈ 30 at a million records, times the
//!   weights), so a query that is a document number puts that document first.
//! * **A named law is where to look** ([`DOCUMENT_WITHIN`]): "Người lao
//!   động được nghỉ bao nhiêu ngày theo Bộ luật Lao động?" asks for an
//!   article of the code. The code's name no longer competes with the
//!   question (its title would make the whole-document record the best
//!   match), the code's provisions that the question reaches get the boost a
//!   number gets, and its own record half of it: it comes first only when
//!   nothing in the code matches the rest of the question.
//! * **A cited provision is the answer** ([`CITED`]): "khoản 2 Điều 5 Luật
//!   An toàn thông tin mạng" names one place; it ranks above the law itself.
//! * **Provision above its document** ([`DOCUMENT_BODY`]): a document record
//!   holds the title, number, metadata, preamble and overview — not the
//!   articles. When the words are found in the text of a document record as
//!   well as in a provision, the provision is the more precise answer (it is
//!   where the reader should land), so the body views of a document record
//!   count half.
//! * **Document title** ([`DOCUMENT_TITLE`]): the title of a document names
//!   the whole text, an article's title only one part of it, and articles
//!   often repeat the law's name ("Chính sách của Nhà nước về an toàn thông
//!   tin mạng"). A query that matches a document's title most likely names the
//!   document, where a reader starts, so a document's title weighs double.
//! * **In force above expired** ([`EXPIRED`]): an official searching usually
//!   needs the rule that applies now; an expired text stays findable but
//!   yields to a comparable text in force. The factor is small, so a clearly
//!   better match that has expired still ranks first.

use super::analyzer;
use super::named::Reading;

/// BM25 term-frequency saturation.
pub const K1: f64 = 1.2;
/// BM25 length normalisation.
pub const B: f64 = 0.75;
/// Weight of the folded view: the base.
pub const W_FOLDED: f64 = 1.0;
/// Weight of the exact view, used only when the query has diacritics.
pub const W_EXACT: f64 = 0.5;
/// Weight of word pairs.
pub const W_PAIR: f64 = 1.5;
/// Weight of title matches.
pub const W_TITLE: f64 = 2.0;
/// Added once per document-number group matched.
pub const NUMBER_BOOST: f64 = 1000.0;
/// Factor of the body views (folded, exact, pair) of a whole-document record.
pub const DOCUMENT_BODY: f64 = 0.5;
/// Factor of the title weight on whole-document records.
pub const DOCUMENT_TITLE: f64 = 2.0;
/// Factor of the score of an expired document's records.
pub const EXPIRED: f64 = 0.9;
/// Boost units of the whole-document record of a named document, per
/// naming, when the query asks something else too.
pub const DOCUMENT_WITHIN: f64 = 0.5;
/// Boost units of the article of a cited provision of a named document.
pub const CITED: f64 = 2.0;

/// A field that query lists search, with its one-letter name in the export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ListField {
    Folded,
    Exact,
    Pair,
    Title,
}

impl ListField {
    pub const ALL: [ListField; 4] = [
        ListField::Folded,
        ListField::Exact,
        ListField::Pair,
        ListField::Title,
    ];

    /// Prefix of the field's keys in the export (`f:an`, `p:an_toan`).
    pub fn letter(self) -> &'static str {
        match self {
            ListField::Folded => "f",
            ListField::Exact => "e",
            ListField::Pair => "p",
            ListField::Title => "t",
        }
    }

    pub fn weight(self) -> f64 {
        match self {
            ListField::Folded => W_FOLDED,
            ListField::Exact => W_EXACT,
            ListField::Pair => W_PAIR,
            ListField::Title => W_TITLE,
        }
    }

    /// Whether [`DOCUMENT_BODY`] applies to the field on document records.
    pub fn is_body(self) -> bool {
        !matches!(self, ListField::Title)
    }
}

/// One (field, term) list of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub field: ListField,
    pub term: String,
}

/// What a query asks for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub lists: Vec<List>,
    /// Document-number groups: a record matches one when it holds all its terms.
    pub numbers: Vec<Vec<String>>,
    /// The folded terms, for highlighting.
    pub highlight: Vec<String>,
}

impl Plan {
    /// The plan of a query as read ([`super::named::read`]): its lists are
    /// those of the words left when it names a document and asks something
    /// else; its number groups those that name documents.
    pub fn read(query: &str, reading: &Reading) -> Plan {
        let text = reading.rest.as_deref().or(reading.plain.as_deref());
        let mut plan = Plan::new(text.unwrap_or(query));
        plan.numbers = reading.numbers.clone();
        plan.highlight = unique(analyzer::folded_terms(query));
        plan
    }

    pub fn new(query: &str) -> Plan {
        let mut plan = Plan::default();
        let folded = unique(analyzer::folded_terms(query));
        let mut push = |field: ListField, terms: &[String]| {
            for term in terms {
                let list = List {
                    field,
                    term: term.clone(),
                };
                if !plan.lists.contains(&list) {
                    plan.lists.push(list);
                }
            }
        };
        push(ListField::Folded, &folded);
        if analyzer::has_diacritics(query) {
            push(ListField::Exact, &unique(analyzer::exact_terms(query)));
        }
        push(ListField::Pair, &unique(analyzer::pair_terms(query)));
        push(ListField::Title, &folded);
        plan.numbers = analyzer::query_numbers(query);
        plan.highlight = folded;
        plan
    }

    pub fn is_empty(&self) -> bool {
        self.lists.is_empty() && self.numbers.is_empty()
    }
}

fn unique(terms: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(terms.len());
    for t in terms {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// BM25 inverse document frequency of a term held by `df` of `n` records.
///
/// The logarithm is [`ln`], not the platform's: the browser computes the
/// idf from `df` with the same operations and gets the same bits.
pub fn idf(n: u64, df: u64) -> f64 {
    let (n, df) = (n as f64, df as f64);
    ln(1.0 + (n - df + 0.5) / (df + 0.5))
}

/// The natural logarithm of a positive finite `x`, as fdlibm's
/// `__ieee754_log` computes it (error below 1 ulp): additions,
/// multiplications and one division on doubles, so that JavaScript
/// (`vanban-search.js`), which repeats them in the same order, gets the very
/// same result on every platform, where `f64::ln` and `Math.log` may differ
/// in the last bit.
pub fn ln(x: f64) -> f64 {
    // fdlibm's constants, by their bits.
    const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
    const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
    const LG1: f64 = f64::from_bits(0x3fe5_5555_5555_5593);
    const LG2: f64 = f64::from_bits(0x3fd9_9999_9997_fa04);
    const LG3: f64 = f64::from_bits(0x3fd2_4924_9422_9359);
    const LG4: f64 = f64::from_bits(0x3fcc_71c5_1d8e_78af);
    const LG5: f64 = f64::from_bits(0x3fc7_4664_96cb_03de);
    const LG6: f64 = f64::from_bits(0x3fc3_9a09_d078_c69f);
    const LG7: f64 = f64::from_bits(0x3fc2_f112_df3e_5244);
    const THIRD: f64 = f64::from_bits(0x3fd5_5555_5555_5555);
    if !(x.is_finite() && x >= f64::MIN_POSITIVE) {
        return x.ln();
    }
    let bits = x.to_bits();
    let mut hx = (bits >> 32) as i32;
    let lx = bits & 0xffff_ffff;
    let mut k = (hx >> 20) - 1023;
    hx &= 0x000f_ffff;
    let i = (hx + 0x95f64) & 0x0010_0000;
    // x normalised into [sqrt(2)/2, sqrt(2)).
    let x = f64::from_bits((((hx | (i ^ 0x3ff0_0000)) as u32 as u64) << 32) | lx);
    k += i >> 20;
    let f = x - 1.0;
    let dk = f64::from(k);
    if (0x000f_ffff & (2 + hx)) < 3 {
        // |f| < 2^-20
        if f == 0.0 {
            return if k == 0 {
                0.0
            } else {
                dk * LN2_HI + dk * LN2_LO
            };
        }
        let r = f * f * (0.5 - THIRD * f);
        return if k == 0 {
            f - r
        } else {
            dk * LN2_HI - ((r - dk * LN2_LO) - f)
        };
    }
    let s = f / (2.0 + f);
    let z = s * s;
    let mut i = hx - 0x6147a;
    let w = z * z;
    let j = 0x6b851 - hx;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    i |= j;
    let r = t2 + t1;
    if i > 0 {
        let hfsq = 0.5 * f * f;
        if k == 0 {
            f - (hfsq - s * (hfsq + r))
        } else {
            dk * LN2_HI - ((hfsq - (s * (hfsq + r) + dk * LN2_LO)) - f)
        }
    } else if k == 0 {
        f - s * (f - r)
    } else {
        dk * LN2_HI - ((s * (f - r) - dk * LN2_LO) - f)
    }
}

/// Mean length of a field: its total token count over the number of records.
pub fn avg_len(total_tokens: u64, n: u64) -> f64 {
    if n == 0 {
        1.0
    } else {
        (total_tokens as f64 / n as f64).max(1.0)
    }
}

/// The weight of a list for one record: the field weight, times
/// [`DOCUMENT_BODY`] on the body views of a document record and times
/// [`DOCUMENT_TITLE`] on its title.
pub fn list_weight(field: ListField, document: bool) -> f64 {
    if document && field.is_body() {
        field.weight() * DOCUMENT_BODY
    } else if document {
        field.weight() * DOCUMENT_TITLE
    } else {
        field.weight()
    }
}

/// `c_i(r)` of the module documentation. The JavaScript client evaluates the
/// same expression in the same order.
pub fn contribution(weight: f64, idf: f64, tf: u32, len: u32, avg: f64) -> f64 {
    let tf = tf as f64;
    let len = len as f64;
    weight * idf * (tf * (K1 + 1.0)) / (tf + K1 * (1.0 - B + B * len / avg))
}

/// The boost units `u(r)` of the module documentation: `named` is `g(d)`,
/// `within` whether the query asks something besides names and numbers,
/// `reached` whether a list reaches the record, `cited` whether it is the
/// article of a cited provision.
pub fn units(named: u32, document: bool, within: bool, reached: bool, cited: bool) -> f64 {
    if named == 0 {
        return 0.0;
    }
    let g = named as f64;
    if document {
        return if within { g * DOCUMENT_WITHIN } else { g };
    }
    let mut u = if within && reached { g } else { 0.0 };
    if cited {
        u += CITED;
    }
    u
}

/// The final score from the per-list contributions (in list order, 0 where the
/// record is not in the list), the boost units and the expiry.
pub fn score(contributions: &[f64], units: f64, expired: bool) -> f64 {
    let mut sum = 0.0;
    for c in contributions {
        sum += c;
    }
    let total = sum + NUMBER_BOOST * units;
    if expired {
        total * EXPIRED
    } else {
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_lists_views_in_order() {
        let plan = Plan::new("An toàn an toàn");
        let keys: Vec<String> = plan
            .lists
            .iter()
            .map(|l| format!("{}:{}", l.field.letter(), l.term))
            .collect();
        assert_eq!(
            keys,
            [
                "f:an",
                "f:toan",
                "e:an",
                "e:toàn",
                "p:an_toan",
                "p:toan_an",
                "t:an",
                "t:toan"
            ]
        );
        let plain = Plan::new("an toan");
        assert!(plain.lists.iter().all(|l| l.field != ListField::Exact));
    }

    #[test]
    fn numbers_make_groups() {
        let plan = Plan::new("QĐ-TTg 1690");
        assert_eq!(
            plan.numbers,
            vec![vec!["1690".to_string(), "qd-ttg".to_string()]]
        );
        assert!(Plan::new("  ;; ").is_empty());
    }

    #[test]
    fn ln_is_within_an_ulp_of_the_platforms() {
        let mut x = 1.0f64;
        while x < 1e7 {
            let (ours, theirs) = (ln(x), x.ln());
            let ulps = (ours.to_bits() as i64 - theirs.to_bits() as i64).abs();
            assert!(ulps <= 1, "ln({x}) = {ours}, platform {theirs}");
            x = x * 1.000_37 + 1e-9;
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(ln(std::f64::consts::E), 1.0);
        assert_eq!(ln(2.0), std::f64::consts::LN_2);
    }

    #[test]
    fn bm25_saturates_and_prefers_short_fields() {
        let i = idf(1000, 10);
        assert!(contribution(1.0, i, 2, 10, 10.0) > contribution(1.0, i, 1, 10, 10.0));
        assert!(contribution(1.0, i, 1, 5, 10.0) > contribution(1.0, i, 1, 50, 10.0));
        assert!(idf(1000, 1) > idf(1000, 500));
        assert!(score(&[1.0], 1.0, false) > 1000.0);
        assert!(score(&[1.0], 0.0, true) < score(&[1.0], 0.0, false));
    }

    #[test]
    fn a_named_law_boosts_its_provisions_above_itself() {
        // Only names: the document itself.
        assert_eq!(units(1, true, false, true, false), 1.0);
        assert_eq!(units(1, false, false, true, false), 0.0);
        // A question besides: the provisions it reaches, above the document.
        assert!(units(1, false, true, true, false) > units(1, true, true, true, false));
        assert_eq!(units(1, false, true, false, false), 0.0);
        // The cited article above everything, but only of a named document.
        assert!(units(1, false, false, false, true) > units(1, true, false, true, false));
        assert_eq!(units(0, false, true, true, true), 0.0);
    }
}
