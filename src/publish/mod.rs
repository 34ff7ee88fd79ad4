//! Publishing the built site: the offline `.zip` bundle ([`bundle`]), the
//! web app manifest and service worker for portal visitors ([`pwa`]), and the
//! proof that every internal link of an output folder resolves ([`links`]).

pub mod bundle;
pub mod links;
pub mod pwa;
