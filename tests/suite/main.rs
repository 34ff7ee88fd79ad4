//! The integration tests, one binary: each module was once a binary of its
//! own, and linking twenty copies of tantivy, tera and syntect took longer
//! than running the tests. Run one module with `cargo test --test suite
//! search::`.
//!
//! The modules run as threads of one process: a test must not change the
//! process (current folder, environment) and must write only into its own
//! temp folder. Fixture sites that several tests only read are built once
//! (`common::build_once`, `common::once_per_run`).

mod common;
mod serve_support;

mod amendments;
mod build;
mod cli;
mod content;
mod hardening_import;
mod hardening_index;
mod hardening_paths;
mod hardening_serve;
mod hardening_templates;
mod import_formats;
mod incremental;
mod provision;
mod registry;
mod roundtrip;
mod search;
mod serve;
mod serve_live;
mod serve_load;
mod serve_prop;
mod serve_publish;
mod snapshots;
mod wording;
