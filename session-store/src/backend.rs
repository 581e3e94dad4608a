//! The storage layer under a store: sealed entries as opaque bytes, with the
//! two access patterns a TLS cache needs.
//!
//! - **Slots** (server caches): one entry per storage key; [`Backend::fetch`]
//!   returns it, and removes it *in the same atomic step* when it was put as
//!   single-use (a TLS 1.3 session: RFC 8446 §8 and OpenSSL's stateful tickets
//!   resume once, and a fleet must not let two servers accept the same one).
//! - **Lists** (client caches): several entries per peer; [`Backend::pop`]
//!   hands out the one expiring last, removing it atomically when it is
//!   single-use (a TLS 1.3 ticket, offered once: RFC 8446 §C.4), leaving it
//!   in place otherwise (a TLS 1.2 session is reused until it expires).
//!
//! Backends never see a session or a key in clear: the store seals entries
//! before they arrive here and checks them after they leave. A backend's job
//! is atomicity, expiry (never return an entry whose `expires_at` is before
//! `now`) and the size bound (evict the entries expiring first).

use std::fmt;
use std::future::Future;
use std::sync::Arc;

/// An entry as the store hands it to a backend.
#[derive(Clone, Copy)]
pub struct Entry<'a> {
    /// The sealed bytes: all a backend needs to give back.
    pub sealed: &'a [u8],
    /// Expiry and use rule.
    pub meta: EntryMeta,
    /// The session as a JSON record with its secrets masked
    /// (`session_serde::Record`, redacted), when the store is configured to
    /// give one ([`StoreConfig::public_record`](crate::StoreConfig)): for
    /// backends that keep a queryable copy beside the sealed bytes
    /// (PostgreSQL's `jsonb` column). Others ignore it.
    pub record: Option<&'a str>,
}

impl<'a> Entry<'a> {
    /// An entry of `sealed` bytes expiring at `expires_at` (`None`: never),
    /// single-use or not, without a record: what backend tests write.
    pub fn new(sealed: &'a [u8], expires_at: Option<i64>, single_use: bool) -> Self {
        Entry {
            sealed,
            meta: EntryMeta {
                expires_at,
                single_use,
            },
            record: None,
        }
    }
}

impl std::fmt::Debug for Entry<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("sealed", &format_args!("{} bytes", self.sealed.len()))
            .field("meta", &self.meta)
            .field("record", &self.record.map(str::len))
            .finish()
    }
}

/// The value [`Backend::claim`] stores: one byte, public (a claimed key
/// says only that something was claimed).
pub const CLAIM_MARKER: &[u8] = &[1];

/// The entry [`Backend::claim`] stores for `meta`: [`CLAIM_MARKER`],
/// expiring at `meta.expires_at`, never single-use (reading a marker must
/// not consume it), without a record.
pub(crate) fn claim_entry(meta: EntryMeta) -> Entry<'static> {
    Entry::new(CLAIM_MARKER, meta.expires_at, false)
}

/// What a backend keeps beside an entry's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EntryMeta {
    /// When the entry stops being usable, in seconds since the Unix epoch;
    /// `None`: never (OpenSSL's `time + timeout` overflowed).
    pub expires_at: Option<i64>,
    /// Whether reading the entry consumes it (TLS 1.3).
    pub single_use: bool,
}

impl EntryMeta {
    /// Whether the entry can no longer be used at `now` (OpenSSL: a session
    /// expires when `now > time + timeout`, so it is still good at the last
    /// second itself).
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at.is_some_and(|at| now > at)
    }

    /// Seconds from `now` until the entry expires, at least 1 (for TTLs);
    /// `None` when it never does.
    pub fn ttl_from(&self, now: i64) -> Option<u64> {
        self.expires_at.map(|at| {
            u64::try_from(at.saturating_sub(now).saturating_add(1))
                .unwrap_or(1)
                .max(1)
        })
    }
}

/// A backend failed: the database or cache is unreachable, timed out, or
/// answered with an error. The store counts it and callers treat it as a
/// miss; the TLS handshake then simply makes a full one.
#[derive(Debug)]
pub struct BackendError {
    what: &'static str,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl BackendError {
    /// An error of backend `what` (e.g. `"redis"`) caused by `source`.
    pub fn new(
        what: &'static str,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        BackendError {
            what,
            source: source.into(),
        }
    }

    /// Which backend failed.
    pub fn backend(&self) -> &'static str {
        self.what
    }
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} backend: {}", self.what, self.source)
    }
}

impl std::error::Error for BackendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

/// A synchronous storage backend (SQLite, memory, or an async one behind
/// [`Blocking`]). Every method takes `&self` and may be called from many
/// threads at once.
pub trait Backend: Send + Sync {
    /// Stores `entry` in the slot `key`, replacing what was there. Returns how
    /// many entries were evicted to keep the backend within its bound.
    ///
    /// # Errors
    /// The backend failed.
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError>;

    /// The entry in slot `key`, unless it is missing or expired at `now`;
    /// a single-use entry is removed in the same atomic step.
    ///
    /// # Errors
    /// The backend failed.
    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError>;

    /// Empties slot `key`; whether there was an entry.
    ///
    /// # Errors
    /// The backend failed.
    fn remove(&self, key: &str) -> Result<bool, BackendError>;

    /// Claims slot `key`: atomically, if the slot holds no entry live at
    /// `now`, stores the 1-byte [`CLAIM_MARKER`] there (multi-use whatever
    /// `meta.single_use` says, expiring at `meta.expires_at`) and returns
    /// `true`; if a live entry is there (a marker or any other entry), leaves
    /// it untouched and returns `false`. An entry expired at `now` does not
    /// block a claim: it is replaced. Of any number of callers claiming one
    /// key at once — threads, processes, servers of a fleet — exactly one
    /// gets `true`.
    ///
    /// Why it exists: the store's fleet-wide replay guard must mark a taken
    /// single-use entry as spent in one atomic step. A `fetch` of the
    /// marker followed by a `put` leaves a whole round trip between check
    /// and set, in which two stores handed the same entry (a backend that
    /// lost its single-use flag, or an entry written back twice) both find
    /// no marker and both accept it (review of issue 12, finding B2).
    /// The claimed marker can be read back with [`fetch`](Self::fetch) and
    /// counts toward the backend's size bound like any entry (the bound is
    /// kept as [`put`](Self::put) keeps it; what it evicts is not reported).
    ///
    /// # Errors
    /// The backend failed (the claim may or may not have been made).
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError>;

    /// Adds `entry` to the list `list`, then keeps at most `keep` of its
    /// entries (those expiring last; ties: the newest). Returns how many
    /// entries were evicted (from the list or for the backend's bound).
    ///
    /// # Errors
    /// The backend failed.
    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError>;

    /// The entry of `list` expiring last that is not expired at `now` (ties:
    /// the newest); removed in the same atomic step when single-use. Members
    /// found expired at `now` are removed too (they can never be used
    /// again, and a later `pop` must not return them).
    ///
    /// # Errors
    /// The backend failed.
    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError>;

    /// Removes every entry expired at `now` (slots and list members); how many.
    ///
    /// # Errors
    /// The backend failed.
    fn purge_expired(&self, now: i64) -> Result<u64, BackendError>;
}

/// The async twin of [`Backend`] (Redis, PostgreSQL, memory, or a sync one
/// behind [`Offload`]): the same operations and guarantees, as futures that
/// are `Send`, for tokio.
pub trait AsyncBackend: Send + Sync {
    /// See [`Backend::put`].
    fn put(
        &self,
        key: &str,
        entry: &Entry<'_>,
    ) -> impl Future<Output = Result<u64, BackendError>> + Send;
    /// See [`Backend::fetch`].
    fn fetch(
        &self,
        key: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<Vec<u8>>, BackendError>> + Send;
    /// See [`Backend::remove`].
    fn remove(&self, key: &str) -> impl Future<Output = Result<bool, BackendError>> + Send;
    /// See [`Backend::claim`].
    fn claim(
        &self,
        key: &str,
        meta: EntryMeta,
        now: i64,
    ) -> impl Future<Output = Result<bool, BackendError>> + Send;
    /// See [`Backend::push`].
    fn push(
        &self,
        list: &str,
        entry: &Entry<'_>,
        keep: usize,
    ) -> impl Future<Output = Result<u64, BackendError>> + Send;
    /// See [`Backend::pop`].
    fn pop(
        &self,
        list: &str,
        now: i64,
    ) -> impl Future<Output = Result<Option<Vec<u8>>, BackendError>> + Send;
    /// See [`Backend::purge_expired`].
    fn purge_expired(&self, now: i64) -> impl Future<Output = Result<u64, BackendError>> + Send;
}

impl<B: Backend + ?Sized> Backend for Arc<B> {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        (**self).put(key, entry)
    }
    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        (**self).fetch(key, now)
    }
    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        (**self).remove(key)
    }
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        (**self).claim(key, meta, now)
    }
    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        (**self).push(list, entry, keep)
    }
    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        (**self).pop(list, now)
    }
    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        (**self).purge_expired(now)
    }
}

/// A synchronous backend used from async code: each call runs on tokio's
/// blocking thread pool (`spawn_blocking`), so a SQLite write never stalls
/// the executor.
#[derive(Debug)]
pub struct Offload<B>(Arc<B>);

impl<B: Backend + 'static> Offload<B> {
    /// Wraps `backend`.
    pub fn new(backend: B) -> Self {
        Offload(Arc::new(backend))
    }

    /// The backend inside.
    pub fn inner(&self) -> &B {
        &self.0
    }

    async fn run<T: Send + 'static>(
        &self,
        call: impl FnOnce(&B) -> Result<T, BackendError> + Send + 'static,
    ) -> Result<T, BackendError> {
        let backend = Arc::clone(&self.0);
        tokio::task::spawn_blocking(move || call(&backend))
            .await
            .map_err(|e| BackendError::new("offload", e))?
    }
}

impl<B: Backend + 'static> AsyncBackend for Offload<B> {
    async fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        let (key, owned) = (key.to_owned(), OwnedEntry::of(entry));
        self.run(move |b| b.put(&key, &owned.entry())).await
    }
    async fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let key = key.to_owned();
        self.run(move |b| b.fetch(&key, now)).await
    }
    async fn remove(&self, key: &str) -> Result<bool, BackendError> {
        let key = key.to_owned();
        self.run(move |b| b.remove(&key)).await
    }
    async fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        let key = key.to_owned();
        self.run(move |b| b.claim(&key, meta, now)).await
    }
    async fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        let (list, owned) = (list.to_owned(), OwnedEntry::of(entry));
        self.run(move |b| b.push(&list, &owned.entry(), keep)).await
    }
    async fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let list = list.to_owned();
        self.run(move |b| b.pop(&list, now)).await
    }
    async fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        self.run(move |b| b.purge_expired(now)).await
    }
}

/// An [`Entry`] moved to another thread.
struct OwnedEntry {
    sealed: Vec<u8>,
    meta: EntryMeta,
    record: Option<String>,
}

impl OwnedEntry {
    fn of(entry: &Entry<'_>) -> Self {
        OwnedEntry {
            sealed: entry.sealed.to_vec(),
            meta: entry.meta,
            record: entry.record.map(str::to_owned),
        }
    }

    fn entry(&self) -> Entry<'_> {
        Entry {
            sealed: &self.sealed,
            meta: self.meta,
            record: self.record.as_deref(),
        }
    }
}

/// An async backend used from synchronous code (an OpenSSL callback on a
/// plain thread): each call is driven to completion on a private tokio
/// runtime owned by the wrapper.
///
/// Not for use *inside* a tokio runtime's worker (tokio refuses to block
/// there); async code uses the [`AsyncBackend`] directly.
#[derive(Debug)]
pub struct Blocking<A> {
    backend: A,
    /// Always there but while the wrapper drops (see its `Drop`).
    runtime: Option<tokio::runtime::Runtime>,
}

impl<A> Blocking<A> {
    fn runtime(&self) -> &tokio::runtime::Runtime {
        // Only `Drop::drop` takes the runtime out, and nothing runs after it.
        self.runtime
            .as_ref()
            .expect("the runtime is only taken out by Drop")
    }
}

/// Tokio panics when a runtime is dropped where blocking is not allowed
/// (inside async code). A store over a `Blocking` backend lives in OpenSSL's
/// `SSL_CTX` ex_data when a cache is installed, so the last `SslContext`
/// reference dropped in a tokio task (a certificate reload, a shutdown in
/// `async fn main`) would drop the runtime inside OpenSSL's C free callback,
/// where a panic aborts the process. `shutdown_background` never blocks and
/// never panics: the runtime's threads are told to stop and left to do so.
impl<A> Drop for Blocking<A> {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

impl<A: AsyncBackend> Blocking<A> {
    /// Wraps `backend` with a runtime of its own (one worker thread, which
    /// keeps the connection pool's background tasks alive between calls).
    ///
    /// # Errors
    /// The runtime could not be created.
    pub fn new(backend: A) -> Result<Self, BackendError> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("session-store")
            .enable_all()
            .build()
            .map_err(|e| BackendError::new("runtime", e))?;
        Ok(Blocking {
            backend,
            runtime: Some(runtime),
        })
    }

    /// Wraps `backend` built by `make` inside the wrapper's own runtime
    /// (connection pools must be created inside the runtime that drives them).
    ///
    /// # Errors
    /// The runtime could not be created, or `make` failed.
    pub fn build<F>(make: impl FnOnce() -> F) -> Result<Self, BackendError>
    where
        F: Future<Output = Result<A, BackendError>>,
    {
        if tokio::runtime::Handle::try_current().is_ok() {
            // `block_on` below would panic ("Cannot start a runtime from
            // within a runtime"): say so instead.
            return Err(BackendError::new(
                "runtime",
                "Blocking::build was called inside a tokio runtime: use the async backend there \
                 (or build the blocking one before entering the runtime)",
            ));
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("session-store")
            .enable_all()
            .build()
            .map_err(|e| BackendError::new("runtime", e))?;
        let backend = runtime.block_on(make())?;
        Ok(Blocking {
            backend,
            runtime: Some(runtime),
        })
    }

    /// The backend inside.
    pub fn inner(&self) -> &A {
        &self.backend
    }

    /// Drives `future` to completion on the wrapper's runtime: for a
    /// backend's own async methods beyond [`AsyncBackend`] (e.g.
    /// `PostgresBackend::expiring_for_host`) from synchronous code.
    pub fn block_on<F: Future>(&self, future: F) -> F::Output {
        self.runtime().block_on(future)
    }
}

impl<A: AsyncBackend> Backend for Blocking<A> {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        self.runtime().block_on(self.backend.put(key, entry))
    }
    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.runtime().block_on(self.backend.fetch(key, now))
    }
    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        self.runtime().block_on(self.backend.remove(key))
    }
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        self.runtime().block_on(self.backend.claim(key, meta, now))
    }
    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        self.runtime()
            .block_on(self.backend.push(list, entry, keep))
    }
    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.runtime().block_on(self.backend.pop(list, now))
    }
    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        self.runtime().block_on(self.backend.purge_expired(now))
    }
}
