#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod backend;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod key;
pub mod memory;
#[cfg(feature = "postgres")]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub mod postgres;
#[cfg(feature = "redis")]
#[cfg_attr(docsrs, doc(cfg(feature = "redis")))]
pub mod redis;
pub mod seal;
#[cfg(feature = "sqlite")]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
pub mod sqlite;
pub mod stats;
pub mod store;

pub use backend::{
    AsyncBackend, Backend, BackendError, Blocking, Entry, EntryMeta, Offload, CLAIM_MARKER,
};
pub use key::{Namespace, PeerKey, ServerKey};
pub use memory::MemoryBackend;
#[cfg(feature = "postgres")]
pub use postgres::{PostgresBackend, PostgresConfig};
#[cfg(feature = "redis")]
pub use redis::{RedisBackend, RedisConfig};
pub use seal::{KeyRing, SealError, SealingKey};
#[cfg(feature = "sqlite")]
pub use sqlite::{SqliteBackend, SqliteOptions};
pub use stats::Stats;
pub use store::{
    unix_now, AsyncSessionStore, AsyncStore, CachedSession, SessionStore, Store, StoreConfig,
    StoreError,
};
