//! Legal knowledge: document numbers, kinds, relations, status as of a date.

pub mod amendments;
pub mod citation;
pub mod deadline;
pub mod graph;
pub mod kind;
pub mod link;
pub mod number;
pub mod provision;
pub mod status;
pub mod tasks;
pub mod verify;
