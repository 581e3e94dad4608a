//! TLS session stores on Redis and PostgreSQL, built on `session-serde`:
//! the runnable, tested examples of the sslsession workspace (see README.md).
//! The SQLite example uses `session-store` (`Store<SqliteBackend>`) instead.
//!
//! [`SessionStore`] is the interface: put / get / remove / purge-expired, keyed
//! by session id (servers) or peer name (client caches), with expiry from the
//! session's own time + timeout. Every store keeps a SHA-256 of the session's
//! DER next to it, so a damaged or altered entry is an error, never a session
//! with different values.
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod postgres_store;
pub mod redis_store;

mod store;

pub use postgres_store::PostgresStore;
pub use redis_store::RedisStore;
pub use store::{unix_now, Key, SessionStore, StoreError};
