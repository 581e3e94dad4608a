#![doc = include_str!("../README.md")]
// Two `unsafe fn`s of the openssl crate are called, each in one item that
// allows it with a SAFETY comment (server.rs `install`, common.rs `offer`).
#![deny(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "tokio")]
mod async_cache;
mod client;
mod common;
mod server;

#[cfg(feature = "tokio")]
#[cfg_attr(docsrs, doc(cfg(feature = "tokio")))]
pub use async_cache::{AsyncClientCache, AsyncServerCache};
pub use client::ClientCache;
pub use common::CacheError;
pub use server::ServerCache;

/// The store crate, re-exported for its types (`Store`, `PeerKey`, ...).
pub use session_store;
