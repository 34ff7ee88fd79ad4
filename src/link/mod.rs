//! The link stage: every body resolved against the hub. Citations become
//! links, quotations are filled, relations between documents make a graph
//! with each document's status, and cited provisions are checked once every
//! document is rendered.

pub mod amendments;
pub mod graph;
pub mod hub;
pub mod linked;
pub mod quote;
pub mod reference;
pub mod tasks;
pub mod verify;
