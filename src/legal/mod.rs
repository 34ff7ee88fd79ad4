//! Legal knowledge: document numbers, kinds, citations, relations, status.

pub mod kind;
pub mod number;
pub mod status;
