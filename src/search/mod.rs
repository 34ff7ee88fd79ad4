//! Search: the Vietnamese analyzer, the tantivy index and the browser export.

pub mod analyzer;
