//! Publishing the built site: the offline `.zip` bundle ([`bundle`]) and the
//! proof that every internal link of an output folder resolves ([`links`]).

pub mod bundle;
pub mod links;
