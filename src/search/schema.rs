//! The tantivy schema of the search index and the tokenizers that feed it.
//!
//! One tantivy document per *record*: one per legal document (title, number,
//! metadata, preamble and overview) and one per provision (an article, or a
//! section of a plan). Records are numbered `0..` in a stable order (all
//! documents first, in content order, then every document's provisions in
//! text order); the number is the `rec` fast field and the record id of the
//! browser export.
//!
//! The indexed fields never use tantivy's own tokenizers: each is tokenized by
//! a [`ViewTokenizer`] that calls [`crate::search::analyzer`], so the terms in
//! the index are exactly the analyzer's views, the ones the browser computes
//! for a query with `vanban-analyzer.js`.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED,
};
#[cfg(test)]
use tantivy::tokenizer::PreTokenizedString;
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::Index;

use super::analyzer;

/// A view of the text: which analyzer function turns it into terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Folded,
    Exact,
    Pair,
    Number,
}

impl View {
    pub fn tokenizer_name(self) -> &'static str {
        match self {
            View::Folded => "vi_folded",
            View::Exact => "vi_exact",
            View::Pair => "vi_pair",
            View::Number => "vi_number",
        }
    }

    /// The terms of `text` in this view, with their NFC byte offsets.
    pub fn tokens(self, text: &str) -> Vec<(String, usize, usize)> {
        match self {
            View::Folded => analyzer::syllables(text)
                .into_iter()
                .map(|t| (memo::fold(&t.text), t.start, t.end))
                .filter(|t| !t.0.is_empty())
                .collect(),
            View::Exact => analyzer::syllables(text)
                .into_iter()
                .map(|t| (memo::exact(&t.text), t.start, t.end))
                .collect(),
            View::Pair => analyzer::pair_tokens_by(text, memo::fold)
                .into_iter()
                .map(|t| (t.text, t.start, t.end))
                .collect(),
            View::Number => analyzer::number_terms(text)
                .into_iter()
                .map(|t| (t, 0, text.len()))
                .collect(),
        }
    }

    /// The tokens of `text` in this view as tantivy's writer takes them: the
    /// reference the lists of [`super::invert`] are tested against.
    #[cfg(test)]
    pub fn pre_tokenized(self, text: &str) -> PreTokenizedString {
        pre_tokenized(text, self.tokens(text))
    }
}

/// The folded, exact and pair views of a record's text at once, as
/// [`View::pre_tokenized`] gives each: the syllables are found once (the
/// tests' reference, like [`View::pre_tokenized`]).
#[cfg(test)]
pub fn text_views(text: &str) -> [PreTokenizedString; 3] {
    let nfc = analyzer::nfc(text);
    let syllables = analyzer::syllables(&nfc);
    let folded: Vec<analyzer::Token> = syllables
        .iter()
        .map(|t| analyzer::Token {
            text: memo::fold(&t.text),
            start: t.start,
            end: t.end,
        })
        .filter(|t| !t.text.is_empty())
        .collect();
    let exact = syllables
        .iter()
        .map(|t| (memo::exact(&t.text), t.start, t.end))
        .collect();
    let pairs = analyzer::pairs_of(&nfc, &folded)
        .into_iter()
        .map(|t| (t.text, t.start, t.end))
        .collect();
    let folded = folded
        .into_iter()
        .map(|t| (t.text, t.start, t.end))
        .collect();
    [folded, exact, pairs].map(|tokens| pre_tokenized(text, tokens))
}

#[cfg(test)]
fn pre_tokenized(text: &str, tokens: Vec<(String, usize, usize)>) -> PreTokenizedString {
    PreTokenizedString {
        text: text.to_string(),
        tokens: tantivy_tokens(tokens),
    }
}

/// (term, from, to) → tantivy tokens, positions in order.
pub(super) fn tantivy_tokens(tokens: Vec<(String, usize, usize)>) -> Vec<Token> {
    tokens
        .into_iter()
        .enumerate()
        .map(|(position, (text, from, to))| Token {
            offset_from: from,
            offset_to: to,
            position,
            text,
            position_length: 1,
        })
        .collect()
}

/// The folded and exact terms of each syllable, remembered per thread.
///
/// A language has a few thousand syllables, and a corpus says them millions
/// of times: normalising, lower-casing and placing the tone once per distinct
/// syllable instead of once per occurrence makes indexing several times
/// faster. The answers are the analyzer's own (the memo only remembers them).
mod memo {
    use std::cell::RefCell;
    use std::collections::HashMap;

    use crate::search::analyzer;

    /// Distinct syllables remembered before the memo starts over (numbers and
    /// names make the set of syllables of a large corpus open-ended).
    const CAPACITY: usize = 1 << 16;

    thread_local! {
        static FOLDED: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
        static EXACT: RefCell<HashMap<String, String>> = RefCell::new(HashMap::new());
    }

    fn remembered(
        memo: &'static std::thread::LocalKey<RefCell<HashMap<String, String>>>,
        syllable: &str,
        compute: fn(&str) -> String,
    ) -> String {
        memo.with(|m| {
            let mut m = m.borrow_mut();
            if let Some(t) = m.get(syllable) {
                return t.clone();
            }
            if m.len() >= CAPACITY {
                m.clear();
            }
            let t = compute(syllable);
            m.insert(syllable.to_string(), t.clone());
            t
        })
    }

    pub fn fold(syllable: &str) -> String {
        remembered(&FOLDED, syllable, analyzer::fold)
    }

    pub fn exact(syllable: &str) -> String {
        remembered(&EXACT, syllable, analyzer::exact_term)
    }
}

/// A tantivy tokenizer for one [`View`].
#[derive(Debug, Clone, Copy)]
pub struct ViewTokenizer(pub View);

/// The tokens of one text, handed out one by one.
pub struct ViewTokenStream {
    tokens: Vec<Token>,
    next: usize,
}

impl Tokenizer for ViewTokenizer {
    type TokenStream<'a> = ViewTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ViewTokenStream {
        ViewTokenStream {
            tokens: tantivy_tokens(self.0.tokens(text)),
            next: 0,
        }
    }
}

impl TokenStream for ViewTokenStream {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }

    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    /// Record number (fast, stored, indexed).
    pub rec: Field,
    /// Bit 0: the document has expired; bit 1: the record is a whole document.
    pub flags: Field,
    /// Index of the legal document in the site's content order.
    pub doc: Field,
    pub folded: Field,
    pub exact: Field,
    pub pair: Field,
    /// Folded terms of the record's own title (document title, article title).
    pub title: Field,
    /// Terms of the document number (document records only).
    pub number: Field,
    /// `/loai/luat`, `/co-quan/quoc-hoi`, `/linh-vuc/…`, `/nam/2015`, `/tinh-trang/…`.
    pub facet: Field,
    // Stored only.
    pub url: Field,
    pub anchor: Field,
    pub doc_number: Field,
    pub heading: Field,
    pub kind: Field,
    pub issuer: Field,
    pub year: Field,
    pub status: Field,
    pub text: Field,
}

/// Flag bits of [`Fields::flags`].
pub const FLAG_EXPIRED: u64 = 1;
pub const FLAG_DOCUMENT: u64 = 2;

fn indexed(view: View) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(view.tokenizer_name())
            .set_index_option(IndexRecordOption::WithFreqs)
            .set_fieldnorms(true),
    )
}

/// The schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let fields = Fields {
        rec: b.add_u64_field("rec", FAST | STORED | INDEXED),
        flags: b.add_u64_field("flags", FAST | STORED),
        doc: b.add_u64_field("doc", FAST | STORED),
        folded: b.add_text_field("folded", indexed(View::Folded)),
        exact: b.add_text_field("exact", indexed(View::Exact)),
        pair: b.add_text_field("pair", indexed(View::Pair)),
        title: b.add_text_field("title", indexed(View::Folded)),
        number: b.add_text_field("number", indexed(View::Number)),
        facet: b.add_facet_field("facet", INDEXED | STORED),
        url: b.add_text_field("url", STORED),
        anchor: b.add_text_field("anchor", STORED),
        doc_number: b.add_text_field("doc_number", STORED),
        heading: b.add_text_field("heading", STORED),
        kind: b.add_text_field("kind", STORED),
        issuer: b.add_text_field("issuer", STORED),
        year: b.add_u64_field("year", STORED),
        status: b.add_text_field("status", STORED),
        text: b.add_text_field("text", STORED),
    };
    (b.build(), fields)
}

/// The fields of an opened index, by name.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let f = |name: &str| schema.get_field(name);
    Ok(Fields {
        rec: f("rec")?,
        flags: f("flags")?,
        doc: f("doc")?,
        folded: f("folded")?,
        exact: f("exact")?,
        pair: f("pair")?,
        title: f("title")?,
        number: f("number")?,
        facet: f("facet")?,
        url: f("url")?,
        anchor: f("anchor")?,
        doc_number: f("doc_number")?,
        heading: f("heading")?,
        kind: f("kind")?,
        issuer: f("issuer")?,
        year: f("year")?,
        status: f("status")?,
        text: f("text")?,
    })
}

/// Registers the four view tokenizers on an index (needed to write and to
/// parse; the reader only reads terms).
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    for view in [View::Folded, View::Exact, View::Pair, View::Number] {
        manager.register(view.tokenizer_name(), ViewTokenizer(view));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass views are the views one by one, on text with tone marks
    /// in both places, decomposed letters, punctuation, numbers and `ð`.
    #[test]
    fn text_views_are_the_views_one_by_one() {
        let texts = [
            "Điều 5. Hòa thủy, Hoà thuỷ: an toàn thông tin mạng (khoản 2).",
            "Cha\u{300}o ĐỒNG CHÍ ðiều 1690/QĐ-TTg\nngày 26/12/2023 – số 1.000.000 đồng",
            "",
            "x × y ÷ z; ơ ư ạ ỹ ǅ",
        ];
        for text in texts {
            let views = text_views(text);
            for (view, got) in [View::Folded, View::Exact, View::Pair].iter().zip(&views) {
                let want = view.pre_tokenized(text);
                let key = |p: &PreTokenizedString| {
                    p.tokens
                        .iter()
                        .map(|t| (t.text.clone(), t.offset_from, t.offset_to, t.position))
                        .collect::<Vec<_>>()
                };
                assert_eq!(key(got), key(&want), "{view:?} of {text:?}");
                assert!(!key(&want).is_empty() || text.is_empty());
            }
        }
    }
}
