//! URLs of the site: relative links between its pages ([`Linker`]) and the
//! decoding of request paths (the link checker, the server).
//!
//! A foundation below the stages: the link stage, rendering, publishing and
//! the server all build or read the site's URLs the same way from here.

mod decode;
mod linker;

pub use decode::percent_decode;
pub use linker::Linker;
