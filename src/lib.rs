//! vanban: a static-site generator and hub for Vietnamese legal documents.
//!
//! The pipeline runs one way:
//! config → load ([`content`]) → parse ([`markdown`]) → link ([`legal`]) →
//! render ([`render`]) → index ([`search`]) → write ([`output`]).
//! [`Site`] owns the stages; the CLI in `main.rs` only calls it.

pub mod config;
pub mod content;
pub mod date;
pub mod error;
pub mod import;
pub mod incremental;
pub mod legal;
pub mod link;
pub mod markdown;
pub mod output;
pub mod publish;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod text;
pub mod url;

pub use error::{Diagnostic, Error, Result};
pub use site::{BuildOptions, BuildReport, Site};
