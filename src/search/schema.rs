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
                .map(|t| (analyzer::fold(&t.text), t.start, t.end))
                .filter(|t| !t.0.is_empty())
                .collect(),
            View::Exact => analyzer::syllables(text)
                .into_iter()
                .map(|t| (analyzer::exact_term(&t.text), t.start, t.end))
                .collect(),
            View::Pair => analyzer::pair_tokens(text)
                .into_iter()
                .map(|t| (t.text, t.start, t.end))
                .collect(),
            View::Number => analyzer::number_terms(text)
                .into_iter()
                .map(|t| (t, 0, text.len()))
                .collect(),
        }
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
        let tokens = self
            .0
            .tokens(text)
            .into_iter()
            .enumerate()
            .map(|(position, (text, from, to))| Token {
                offset_from: from,
                offset_to: to,
                position,
                text,
                position_length: 1,
            })
            .collect();
        ViewTokenStream { tokens, next: 0 }
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
