//! Which backend a store runs on, chosen by name (the server program's
//! `--backend`, the bench's list), and the store built on it.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use session_store::postgres::{PostgresBackend, PostgresConfig};
use session_store::redis::{RedisBackend, RedisConfig};
use session_store::sqlite::SqliteBackend;
use session_store::{
    Backend, BackendError, KeyRing, MemoryBackend, SessionStore, Store, StoreConfig,
};

use crate::measure::Unsealed;

/// The most entries a bounded backend keeps in the proofs (far more than
/// any run makes, so nothing is evicted by accident).
pub const MAX_ENTRIES: usize = 1_000_000;

/// A backend and where it lives.
#[derive(Clone, Debug)]
pub enum BackendKind {
    /// In this process's memory.
    Memory,
    /// A SQLite file (shared by every process that opens it).
    Sqlite(PathBuf),
    /// A Redis server, by URL.
    Redis(String),
    /// A PostgreSQL server, by libpq-style parameters.
    Postgres(String),
}

impl BackendKind {
    /// From a name (`memory`, `sqlite`, `redis`, `postgres`) and its location
    /// (a file, a URL, connection parameters; ignored for `memory`).
    ///
    /// # Errors
    /// An unknown name.
    pub fn parse(name: &str, location: &str) -> Result<Self, String> {
        Ok(match name {
            "memory" => BackendKind::Memory,
            "sqlite" => BackendKind::Sqlite(PathBuf::from(location)),
            "redis" => BackendKind::Redis(location.to_owned()),
            "postgres" => BackendKind::Postgres(location.to_owned()),
            other => return Err(format!("unknown backend {other:?}")),
        })
    }

    /// The name, as [`parse`](Self::parse) takes it.
    pub fn name(&self) -> &'static str {
        match self {
            BackendKind::Memory => "memory",
            BackendKind::Sqlite(_) => "sqlite",
            BackendKind::Redis(_) => "redis",
            BackendKind::Postgres(_) => "postgres",
        }
    }

    /// The location, as [`parse`](Self::parse) takes it.
    pub fn location(&self) -> String {
        match self {
            BackendKind::Memory => String::new(),
            BackendKind::Sqlite(path) => path.display().to_string(),
            BackendKind::Redis(url) => url.clone(),
            BackendKind::Postgres(params) => params.clone(),
        }
    }
}

/// How a store of the fleet protects its entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protection {
    /// session-store's `Store` with its defaults: sealed, and the fleet-wide
    /// replay guard on (a marker per taken TLS 1.3 entry).
    Sealed,
    /// `Store` without the fleet-wide replay guard: against `Sealed`, the
    /// guard's cost; against `Unsealed`, sealing's.
    SealedWithoutFleetGuard,
    /// The bench's baseline [`Unsealed`]: the DER in clear.
    Unsealed,
}

impl Protection {
    /// Its name in the bench's table.
    pub fn name(self) -> &'static str {
        match self {
            Protection::Sealed => "sealed + fleet guard",
            Protection::SealedWithoutFleetGuard => "sealed",
            Protection::Unsealed => "unsealed",
        }
    }
}

/// A store on `kind`: protected as `sealed` says (session-store's
/// [`Store`] under `keys`, with or without the fleet-wide replay guard, or the
/// bench's baseline [`Unsealed`]). Network backends give up on an
/// operation after `timeout` (the store then counts a backend error and the
/// handshake is a full one).
///
/// # Errors
/// The backend could not be opened or reached.
pub fn open_store(
    kind: &BackendKind,
    keys: KeyRing,
    sealed: Protection,
    timeout: Duration,
) -> Result<Arc<dyn SessionStore>, BackendError> {
    fn on<B: Backend + 'static>(b: B, keys: KeyRing, sealed: Protection) -> Arc<dyn SessionStore> {
        match sealed {
            Protection::Sealed => Arc::new(Store::new(b, keys)),
            Protection::SealedWithoutFleetGuard => Arc::new(Store::with_config(
                b,
                keys,
                StoreConfig::new().fleet_replay_guard(false),
            )),
            Protection::Unsealed => Arc::new(Unsealed::new(b)),
        }
    }
    Ok(match kind {
        BackendKind::Memory => on(MemoryBackend::new(MAX_ENTRIES), keys, sealed),
        BackendKind::Sqlite(path) => on(SqliteBackend::open(path, MAX_ENTRIES)?, keys, sealed),
        BackendKind::Redis(url) => on(
            RedisBackend::blocking(RedisConfig::new(url.as_str()).timeout(timeout))?,
            keys,
            sealed,
        ),
        BackendKind::Postgres(params) => on(
            PostgresBackend::blocking(PostgresConfig::new(params)?.timeout(timeout))?,
            keys,
            sealed,
        ),
    })
}
