//! Legal vocabulary: document kinds and numbers, the provision grammar,
//! citations as written, statuses and deadlines. It knows nothing of a
//! site: the content, the Markdown renderer and the link stage build on it.

pub mod citation;
pub mod deadline;
pub mod kind;
pub mod number;
pub mod provision;
pub mod status;
