//! The store: what a TLS cache does with a session on its way to a backend
//! and back — keys, expiry as OpenSSL computes it, single use for TLS 1.3,
//! sealing, validation and statistics — once, for every backend, sync and
//! async.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use session_der::{decode_with, encode, DecodeOptions, Target};
use session_model::{Dialect, OpenSslVersion, OwnedSession, SessionRef};
use zeroize::Zeroizing;

use crate::backend::{AsyncBackend, Backend, BackendError, Entry, EntryMeta};
use crate::key::{Namespace, PeerKey, ServerKey};
use crate::seal::{KeyRing, OpenError, SealError};
use crate::stats::{bump, Counters, Stats};

/// How a store reads, keeps and expires sessions.
#[derive(Clone, Debug)]
#[cfg_attr(not(feature = "public-record"), allow(dead_code))]
pub struct StoreConfig {
    namespace: Namespace,
    version: OpenSslVersion,
    dialect: Dialect,
    tickets_per_peer: usize,
    public_record: bool,
    replay_window: usize,
    fleet_replay_guard: bool,
    breaker: Duration,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            namespace: Namespace::default(),
            version: OpenSslVersion::default(),
            dialect: Dialect::OpenSsl,
            tickets_per_peer: 4,
            public_record: false,
            replay_window: 65_536,
            fleet_replay_guard: true,
            breaker: Duration::from_secs(1),
        }
    }
}

impl StoreConfig {
    /// The defaults: namespace `sslsession`, OpenSSL 3.5's rules, 4 sessions
    /// per peer, no public record, a replay window of 65 536 entries, the
    /// fleet-wide replay guard on, a 1-second circuit breaker.
    pub fn new() -> Self {
        Self::default()
    }

    /// The prefix of every storage key.
    #[must_use]
    pub fn namespace(mut self, namespace: Namespace) -> Self {
        self.namespace = namespace;
        self
    }

    /// The OpenSSL version whose `d2i_SSL_SESSION` checks stored sessions
    /// and whose timeout rule expires them (`SSL_SESSION` times changed in
    /// 3.2; see `session_model::OpenSslTimes`).
    #[must_use]
    pub fn openssl_version(mut self, version: OpenSslVersion) -> Self {
        self.version = version;
        self
    }

    /// The TLS library whose sessions the store holds (default OpenSSL): a
    /// BoringSSL or AWS-LC client's cache checks entries with that library's
    /// reader.
    #[must_use]
    pub fn dialect(mut self, dialect: Dialect) -> Self {
        self.dialect = dialect;
        self
    }

    /// How many sessions a client keeps per peer (at least 1): several TLS
    /// 1.3 tickets let parallel connections each resume with a ticket of
    /// their own.
    #[must_use]
    pub fn tickets_per_peer(mut self, n: usize) -> Self {
        self.tickets_per_peer = n.max(1);
        self
    }

    /// Whether to hand backends a queryable copy of each session with its
    /// secrets masked (`session_serde::Record`, redacted, as JSON) beside the
    /// sealed entry: PostgreSQL keeps it in a `jsonb` column. Needs the
    /// `public-record` feature (enabled by `postgres`).
    #[cfg(feature = "public-record")]
    #[must_use]
    pub fn public_record(mut self, on: bool) -> Self {
        self.public_record = on;
        self
    }

    /// How many single-use entries this store remembers having handed out,
    /// to refuse one that comes back to it (a replayed write, a restored
    /// backup — which also rolls back the fleet-wide markers, so then only
    /// a process that has not restarted since catches it). 0 turns the check
    /// off.
    #[must_use]
    pub fn replay_window(mut self, n: usize) -> Self {
        self.replay_window = n;
        self
    }

    /// Whether a single-use entry, once handed out, leaves a marker in the
    /// backend (`NS:t:{NONCE}`, until the entry would have expired) that
    /// every store sharing the backend checks: an entry written back after
    /// it was taken (a restored backup, a replayed write) is then refused by
    /// every process of a fleet, not only by the one that took it (counted
    /// as `replayed`). A restore of the whole database rolls the markers back
    /// with the entries: against that only [`replay_window`](Self::replay_window)
    /// helps. Markers are entries of the backend: they count towards its
    /// bound and may be evicted like sessions (the guard is then off for that
    /// ticket). Costs a backend round trip per TLS 1.3 hit. On by default.
    #[must_use]
    pub fn fleet_replay_guard(mut self, on: bool) -> Self {
        self.fleet_replay_guard = on;
        self
    }

    /// After a backend operation fails, skip the backend for `cooldown`:
    /// calls fail at once (`StoreError::Backend`, counted in
    /// `short_circuited`; a lookup is a miss) instead of each waiting out the
    /// backend's timeout, so handshakes during an outage are full ones
    /// without delay. The first call after the cooldown tries the backend
    /// again. Writes are skipped too: sessions made during the cooldown are
    /// not stored (their clients make a full handshake next time).
    /// `Duration::ZERO` turns it off; default 1 s.
    #[must_use]
    pub fn circuit_breaker(mut self, cooldown: Duration) -> Self {
        self.breaker = cooldown;
        self
    }

    fn decode_options(&self) -> DecodeOptions {
        match self.dialect {
            Dialect::OpenSsl => DecodeOptions::openssl_version(self.version),
            other => DecodeOptions::dialect(other),
        }
        .allow_trailing(false)
    }
}

/// Why a store operation failed. Lookups never fail for a bad entry (that is
/// a miss, counted); they fail only when the backend does.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// The session was not stored: why (expired, unresumable, not decodable
    /// by the configured library, not the key's session).
    NotStorable(&'static str),
    /// The backend failed.
    Backend(BackendError),
    /// Sealing failed (the system's random generator).
    Seal(SealError),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotStorable(why) => write!(f, "session not stored: {why}"),
            StoreError::Backend(e) => e.fmt(f),
            StoreError::Seal(e) => write!(f, "sealing: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Backend(e) => Some(e),
            StoreError::Seal(e) => Some(e),
            StoreError::NotStorable(_) => None,
        }
    }
}

/// A session found in the store: its DER (as the TLS library wrote it, for
/// `d2i_SSL_SESSION` / `SslSession::from_der`) and the decoded session.
/// The DER is wiped on drop; `Debug` shows no secret.
pub struct CachedSession {
    der: Zeroizing<Vec<u8>>,
    session: OwnedSession,
    expires_at: Option<i64>,
}

impl CachedSession {
    /// The session's DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The decoded session.
    pub fn session(&self) -> &OwnedSession {
        &self.session
    }

    /// When it expires (seconds since the epoch; `None`: never).
    pub fn expires_at(&self) -> Option<i64> {
        self.expires_at
    }
}

impl fmt::Debug for CachedSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CachedSession")
            .field("der", &format_args!("{} bytes", self.der.len()))
            .field("session", &self.session)
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

/// Seconds since the Unix epoch, the `now` of production callers.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A TLS session cache over a synchronous [`Backend`]: `&self` everywhere,
/// `Send + Sync`, so one store serves every thread (and OpenSSL's callbacks).
pub trait SessionStore: Send + Sync {
    /// Stores a server's session under `key` (replacing what was there).
    ///
    /// # Errors
    /// [`StoreError::NotStorable`] (counted in `not_stored`); the backend's.
    fn put_server(
        &self,
        key: &ServerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError>;

    /// [`put_server`](Self::put_server) from the session's DER, stored as
    /// given once the configured library's reader accepts it whole.
    ///
    /// # Errors
    /// As `put_server`.
    fn put_server_der(&self, key: &ServerKey, der: &[u8], now: i64) -> Result<(), StoreError>;

    /// The session under `key` if one is usable at `now`. A TLS 1.3 session
    /// is consumed by the lookup (it resumes once, across every process
    /// sharing the backend).
    ///
    /// # Errors
    /// Only the backend's; bad entries are misses, counted.
    fn get_server(&self, key: &ServerKey, now: i64) -> Result<Option<CachedSession>, StoreError>;

    /// Removes the session under `key` (OpenSSL's remove-session callback);
    /// whether there was one.
    ///
    /// # Errors
    /// The backend's.
    fn remove_server(&self, key: &ServerKey) -> Result<bool, StoreError>;

    /// Adds a client's session for `peer`, keeping the configured number of
    /// sessions per peer (those expiring last).
    ///
    /// # Errors
    /// [`StoreError::NotStorable`] (counted in `not_stored`); the backend's.
    fn put_client(
        &self,
        peer: &PeerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError>;

    /// [`put_client`](Self::put_client) from the session's DER.
    ///
    /// # Errors
    /// As `put_client`.
    fn put_client_der(&self, peer: &PeerKey, der: &[u8], now: i64) -> Result<(), StoreError>;

    /// A session to resume with `peer`: the one expiring last. A TLS 1.3
    /// session (ticket) is handed out once and is gone from the store; a TLS
    /// 1.2 session stays for the next connection.
    ///
    /// # Errors
    /// Only the backend's; bad entries are misses, counted.
    fn take_client(&self, peer: &PeerKey, now: i64) -> Result<Option<CachedSession>, StoreError>;

    /// Removes every entry expired at `now`; how many.
    ///
    /// # Errors
    /// The backend's.
    fn purge_expired(&self, now: i64) -> Result<u64, StoreError>;

    /// The counters since the store was built.
    fn stats(&self) -> Stats;
}

/// The async twin of [`SessionStore`], over an [`AsyncBackend`]: the same
/// operations and rules, as `Send` futures for tokio.
pub trait AsyncSessionStore: Send + Sync {
    /// See [`SessionStore::put_server`].
    fn put_server(
        &self,
        key: &ServerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// See [`SessionStore::put_server_der`].
    fn put_server_der(
        &self,
        key: &ServerKey,
        der: &[u8],
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// See [`SessionStore::get_server`].
    fn get_server(
        &self,
        key: &ServerKey,
        now: i64,
    ) -> impl Future<Output = Result<Option<CachedSession>, StoreError>> + Send;
    /// See [`SessionStore::remove_server`].
    fn remove_server(
        &self,
        key: &ServerKey,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
    /// See [`SessionStore::put_client`].
    fn put_client(
        &self,
        peer: &PeerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// See [`SessionStore::put_client_der`].
    fn put_client_der(
        &self,
        peer: &PeerKey,
        der: &[u8],
        now: i64,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;
    /// See [`SessionStore::take_client`].
    fn take_client(
        &self,
        peer: &PeerKey,
        now: i64,
    ) -> impl Future<Output = Result<Option<CachedSession>, StoreError>> + Send;
    /// See [`SessionStore::purge_expired`].
    fn purge_expired(&self, now: i64) -> impl Future<Output = Result<u64, StoreError>> + Send;
    /// See [`SessionStore::stats`].
    fn stats(&self) -> Stats;
}

/// What the sync and async stores share: configuration, keys, counters and
/// the rules on the way in and out.
struct Front {
    config: StoreConfig,
    /// Replaced whole by `set_keys` (rotation on a live store); read for
    /// every seal and open.
    keys: RwLock<KeyRing>,
    counters: Counters,
    spent: Mutex<Spent>,
    breaker: Breaker,
}

/// The circuit breaker: the moment (in milliseconds since the store was
/// built) before which the backend is not called.
struct Breaker {
    epoch: Instant,
    closed_from: AtomicU64,
}

impl Breaker {
    fn elapsed_ms(&self) -> u64 {
        u64::try_from(self.epoch.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// A lookup's result before the fleet-wide replay check.
struct Checked {
    cached: CachedSession,
    /// For a single-use entry: its nonce (its identity) and expiry.
    single_use: Option<([u8; 24], Option<i64>)>,
}

/// The single-use entries handed out recently (their nonces), oldest first.
#[derive(Default)]
struct Spent {
    seen: HashSet<[u8; 24]>,
    order: VecDeque<[u8; 24]>,
}

/// An entry ready for a backend.
struct Prepared {
    storage_key: String,
    sealed: Vec<u8>,
    meta: EntryMeta,
    record: Option<String>,
}

impl Prepared {
    fn entry(&self) -> Entry<'_> {
        Entry {
            sealed: &self.sealed,
            meta: self.meta,
            record: self.record.as_deref(),
        }
    }
}

/// The plaintext inside a seal: flags, expiry, then the DER.
const FLAG_SINGLE_USE: u8 = 1;
const FLAG_EXPIRES: u8 = 2;
const PLAIN_HEADER: usize = 9;

/// Whose entry is being read: what the session inside must match.
enum Owner<'a> {
    Server(&'a ServerKey),
    Client,
}

impl Front {
    fn new(keys: KeyRing, config: StoreConfig) -> Self {
        Front {
            config,
            keys: RwLock::new(keys),
            counters: Counters::default(),
            spent: Mutex::new(Spent::default()),
            breaker: Breaker {
                epoch: Instant::now(),
                closed_from: AtomicU64::new(0),
            },
        }
    }

    fn keys(&self) -> std::sync::RwLockReadGuard<'_, KeyRing> {
        // A panic while holding the lock (none can happen: replacing the
        // ring is one assignment) would leave the old ring, still whole.
        self.keys
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn set_keys(&self, keys: KeyRing) {
        *self
            .keys
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = keys;
    }

    /// Whether the backend may be called now (the breaker is closed).
    fn admit(&self) -> Result<(), StoreError> {
        if self.breaker.elapsed_ms() < self.breaker.closed_from.load(Ordering::Relaxed) {
            bump(&self.counters.short_circuited, 1);
            return Err(StoreError::Backend(BackendError::new(
                "circuit breaker",
                "the backend failed moments ago; not called until the cooldown ends",
            )));
        }
        Ok(())
    }

    /// [`admit`](Self::admit) for a lookup: a refusal is a miss too.
    fn admit_lookup(&self) -> Result<(), StoreError> {
        self.admit().inspect_err(|_| bump(&self.counters.misses, 1))
    }

    fn not_stored(&self, why: &'static str) -> StoreError {
        bump(&self.counters.not_stored, 1);
        StoreError::NotStorable(why)
    }

    fn backend_error(&self, e: BackendError) -> StoreError {
        bump(&self.counters.backend_errors, 1);
        let cooldown = u64::try_from(self.config.breaker.as_millis()).unwrap_or(u64::MAX);
        if cooldown > 0 {
            self.breaker.closed_from.store(
                self.breaker.elapsed_ms().saturating_add(cooldown),
                Ordering::Relaxed,
            );
        }
        StoreError::Backend(e)
    }

    /// A lookup's backend failure: a miss too.
    fn lookup_error(&self, e: BackendError) -> StoreError {
        bump(&self.counters.misses, 1);
        self.backend_error(e)
    }

    fn decode<'a>(&self, der: &'a [u8]) -> Result<SessionRef<'a>, StoreError> {
        decode_with::<SessionRef<'a>>(der, &self.config.decode_options())
            .map(|d| d.session)
            .map_err(|_| self.not_stored("the configured library's reader refuses it"))
    }

    fn encode(&self, session: &SessionRef<'_>) -> Result<Vec<u8>, StoreError> {
        encode(session, Target::Auto)
            .map(|der| der.as_slice().to_vec())
            .map_err(|_| self.not_stored("cannot be encoded"))
    }

    /// Seals `der` (whose decoded form is `session`) for `storage_key`.
    fn prepare(
        &self,
        storage_key: String,
        owner: &Owner<'_>,
        der: &[u8],
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<Prepared, StoreError> {
        if !session.is_resumable() {
            return Err(self.not_stored("not resumable (no session id and no ticket)"));
        }
        if let Owner::Server(key) = owner {
            if session.session_id() != key.session_id() {
                return Err(self.not_stored("the session's id is not the key's"));
            }
            // OpenSSL refuses a session whose context is not the
            // connection's (`ssl_get_prev_session`): stored under another
            // context, it could only ever be a miss (and a TLS 1.3 one would
            // be consumed for nothing). A server switching `SSL_CTX` on SNI
            // makes such sessions.
            if session.sid_ctx().unwrap_or_default() != key.sid_ctx() {
                return Err(self.not_stored("the session's id context is not the key's"));
            }
        }
        let times = session.openssl_times(self.config.version, now);
        if times.is_expired(now) {
            return Err(self.not_stored("already expired"));
        }
        let meta = EntryMeta {
            expires_at: times.expires_at(),
            // RFC 8446 §C.4 (clients) and OpenSSL's stateful TLS 1.3 tickets
            // (servers): a TLS 1.3 session resumes once.
            single_use: session.protocol_version().is_tls13(),
        };
        let mut plain = Zeroizing::new(Vec::with_capacity(PLAIN_HEADER + der.len()));
        let flags = if meta.single_use { FLAG_SINGLE_USE } else { 0 }
            | if meta.expires_at.is_some() {
                FLAG_EXPIRES
            } else {
                0
            };
        plain.push(flags);
        plain.extend_from_slice(&meta.expires_at.unwrap_or(0).to_be_bytes());
        plain.extend_from_slice(der);
        let sealed = self
            .keys()
            .seal(&storage_key, &plain)
            .map_err(StoreError::Seal)?;
        Ok(Prepared {
            storage_key,
            sealed,
            meta,
            record: self.record_of(session),
        })
    }

    #[cfg(feature = "public-record")]
    fn record_of(&self, session: &SessionRef<'_>) -> Option<String> {
        use session_serde::{Record, RecordOptions};
        self.config
            .public_record
            .then(|| {
                serde_json::to_string(&Record::from_session(session, &RecordOptions::redacted()))
                    .ok()
            })
            .flatten()
    }

    #[cfg(not(feature = "public-record"))]
    fn record_of(&self, _session: &SessionRef<'_>) -> Option<String> {
        None
    }

    fn stored(&self, evicted: u64) {
        bump(&self.counters.stored, 1);
        bump(&self.counters.evicted, evicted);
    }

    /// Counts a lookup's outcome.
    fn counted(&self, result: Option<CachedSession>) -> Option<CachedSession> {
        bump(
            if result.is_some() {
                &self.counters.hits
            } else {
                &self.counters.misses
            },
            1,
        );
        result
    }

    /// The marker a taken single-use entry leaves (`NS:t:{NONCE}`) and its
    /// entry — a byte, public (a nonce is no secret), kept until the taken
    /// entry would have expired — when the fleet-wide replay guard applies
    /// to `checked`; `None` for a multi-use entry or with the guard off.
    fn marker_to_claim(&self, checked: &Checked) -> Option<(String, EntryMeta)> {
        let (nonce, expires_at) = checked
            .single_use
            .filter(|_| self.config.fleet_replay_guard)?;
        let hex: String = nonce.iter().map(|b| format!("{b:02x}")).collect();
        Some((
            format!("{}:t:{{{hex}}}", self.config.namespace.as_str()),
            EntryMeta {
                expires_at,
                single_use: false,
            },
        ))
    }

    /// What a lookup returns once the backend answered the claim of its
    /// marker (`Backend::claim`, one atomic step, so of two stores that both
    /// got the entry — written back twice, or its backend flag cleared —
    /// exactly one hands it out). The entry is already out of the backend,
    /// so a failing backend here only weakens the check: the session is
    /// handed out, the failure counted.
    fn claimed(
        &self,
        answer: Result<bool, BackendError>,
        cached: CachedSession,
    ) -> Option<CachedSession> {
        match answer {
            Ok(true) => Some(cached),
            Ok(false) => {
                bump(&self.counters.replayed, 1);
                None
            }
            Err(e) => {
                self.backend_error(e);
                Some(cached)
            }
        }
    }

    /// Checks an entry read from `storage_key` and turns it into a session,
    /// or counts why not: the one place that decides what a lookup returns
    /// (but for the fleet-wide replay marker, which needs the backend).
    fn check(
        &self,
        storage_key: &str,
        owner: &Owner<'_>,
        sealed: &[u8],
        now: i64,
    ) -> Option<Checked> {
        let (plain, nonce) = match self.keys().open(storage_key, sealed) {
            Ok(opened) => opened,
            Err(OpenError::UnknownKey(_)) => {
                bump(&self.counters.unknown_key, 1);
                return None;
            }
            Err(OpenError::Malformed(_) | OpenError::Unauthentic) => return self.corrupt(),
        };
        let Some((&flags, rest)) = plain.split_first() else {
            return self.corrupt();
        };
        let Some((expiry, der)) = rest.split_first_chunk::<8>() else {
            return self.corrupt();
        };
        let expires_at = (flags & FLAG_EXPIRES != 0).then(|| i64::from_be_bytes(*expiry));
        let meta = EntryMeta {
            expires_at,
            single_use: flags & FLAG_SINGLE_USE != 0,
        };
        if meta.is_expired(now) {
            bump(&self.counters.expired, 1);
            return None;
        }
        let Ok(decoded) = decode_with::<OwnedSession>(der, &self.config.decode_options()) else {
            return self.corrupt();
        };
        let session = decoded.session;
        if let Owner::Server(key) = owner {
            // The seal binds the entry to its storage key, which holds the id
            // and context; this catches a store written by a buggy writer.
            if session.session_id() != key.session_id()
                || session.sid_ctx().unwrap_or_default() != key.sid_ctx()
            {
                return self.corrupt();
            }
        }
        if session
            .openssl_times(self.config.version, now)
            .is_expired(now)
        {
            bump(&self.counters.expired, 1);
            return None;
        }
        if meta.single_use && !self.spend(nonce) {
            bump(&self.counters.replayed, 1);
            return None;
        }
        Some(Checked {
            cached: CachedSession {
                der: Zeroizing::new(der.to_vec()),
                session,
                expires_at,
            },
            single_use: meta.single_use.then_some((nonce, expires_at)),
        })
    }

    fn corrupt(&self) -> Option<Checked> {
        bump(&self.counters.corrupt, 1);
        None
    }

    /// Records a single-use entry as handed out; false when it already was.
    fn spend(&self, nonce: [u8; 24]) -> bool {
        let window = self.config.replay_window;
        if window == 0 {
            return true;
        }
        let mut spent = self
            .spent
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !spent.seen.insert(nonce) {
            return false;
        }
        spent.order.push_back(nonce);
        while spent.order.len() > window {
            if let Some(old) = spent.order.pop_front() {
                spent.seen.remove(&old);
            }
        }
        true
    }

    fn server_key(&self, key: &ServerKey) -> String {
        key.storage_key(&self.config.namespace)
    }

    fn peer_key(&self, peer: &PeerKey) -> String {
        peer.storage_key(&self.config.namespace)
    }
}

/// A session cache over a synchronous backend. See the crate documentation.
pub struct Store<B> {
    backend: B,
    front: Front,
}

impl<B: Backend> Store<B> {
    /// A store on `backend` sealing with `keys`, default configuration.
    pub fn new(backend: B, keys: KeyRing) -> Self {
        Self::with_config(backend, keys, StoreConfig::default())
    }

    /// A store with `config`.
    pub fn with_config(backend: B, keys: KeyRing, config: StoreConfig) -> Self {
        Store {
            backend,
            front: Front::new(keys, config),
        }
    }

    /// The backend.
    pub fn backend(&self) -> &B {
        &self.backend
    }

    /// The configuration.
    pub fn config(&self) -> &StoreConfig {
        &self.front.config
    }

    /// Replaces the key ring of the running store (rotation without a
    /// restart): the next entry is sealed by `keys`' current key, and only
    /// `keys` open entries from now on. Keep the previous key in the new ring
    /// (`KeyRing::with_previous`) until its entries have expired.
    pub fn set_keys(&self, keys: KeyRing) {
        self.front.set_keys(keys);
    }

    fn put_slot(&self, p: Prepared) -> Result<(), StoreError> {
        self.front.admit()?;
        let evicted = self
            .backend
            .put(&p.storage_key, &p.entry())
            .map_err(|e| self.front.backend_error(e))?;
        self.front.stored(evicted);
        Ok(())
    }

    fn put_list(&self, p: Prepared) -> Result<(), StoreError> {
        self.front.admit()?;
        let evicted = self
            .backend
            .push(
                &p.storage_key,
                &p.entry(),
                self.front.config.tickets_per_peer,
            )
            .map_err(|e| self.front.backend_error(e))?;
        self.front.stored(evicted);
        Ok(())
    }

    /// A lookup: the backend's entry (`fetch` of a slot or `pop` of a list),
    /// checked, then the fleet-wide replay marker of a single-use entry
    /// claimed.
    fn lookup(
        &self,
        storage_key: &str,
        owner: &Owner<'_>,
        now: i64,
        read: impl FnOnce(&B) -> Result<Option<Vec<u8>>, BackendError>,
    ) -> Result<Option<CachedSession>, StoreError> {
        self.front.admit_lookup()?;
        let found = read(&self.backend).map_err(|e| self.front.lookup_error(e))?;
        let Some(checked) =
            found.and_then(|sealed| self.front.check(storage_key, owner, &sealed, now))
        else {
            return Ok(self.front.counted(None));
        };
        let result = match self.front.marker_to_claim(&checked) {
            Some((marker, meta)) => self
                .front
                .claimed(self.backend.claim(&marker, meta, now), checked.cached),
            None => Some(checked.cached),
        };
        Ok(self.front.counted(result))
    }
}

impl<B: Backend> SessionStore for Store<B> {
    fn put_server(
        &self,
        key: &ServerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        let der = self.front.encode(session)?;
        let owner = Owner::Server(key);
        self.put_slot(
            self.front
                .prepare(self.front.server_key(key), &owner, &der, session, now)?,
        )
    }

    fn put_server_der(&self, key: &ServerKey, der: &[u8], now: i64) -> Result<(), StoreError> {
        let session = self.front.decode(der)?;
        let owner = Owner::Server(key);
        self.put_slot(
            self.front
                .prepare(self.front.server_key(key), &owner, der, &session, now)?,
        )
    }

    fn get_server(&self, key: &ServerKey, now: i64) -> Result<Option<CachedSession>, StoreError> {
        let storage_key = self.front.server_key(key);
        self.lookup(&storage_key, &Owner::Server(key), now, |b| {
            b.fetch(&storage_key, now)
        })
    }

    fn remove_server(&self, key: &ServerKey) -> Result<bool, StoreError> {
        self.front.admit()?;
        let removed = self
            .backend
            .remove(&self.front.server_key(key))
            .map_err(|e| self.front.backend_error(e))?;
        bump(&self.front.counters.removed, u64::from(removed));
        Ok(removed)
    }

    fn put_client(
        &self,
        peer: &PeerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        let der = self.front.encode(session)?;
        self.put_list(self.front.prepare(
            self.front.peer_key(peer),
            &Owner::Client,
            &der,
            session,
            now,
        )?)
    }

    fn put_client_der(&self, peer: &PeerKey, der: &[u8], now: i64) -> Result<(), StoreError> {
        let session = self.front.decode(der)?;
        self.put_list(self.front.prepare(
            self.front.peer_key(peer),
            &Owner::Client,
            der,
            &session,
            now,
        )?)
    }

    fn take_client(&self, peer: &PeerKey, now: i64) -> Result<Option<CachedSession>, StoreError> {
        let storage_key = self.front.peer_key(peer);
        self.lookup(&storage_key, &Owner::Client, now, |b| {
            b.pop(&storage_key, now)
        })
    }

    fn purge_expired(&self, now: i64) -> Result<u64, StoreError> {
        self.front.admit()?;
        let n = self
            .backend
            .purge_expired(now)
            .map_err(|e| self.front.backend_error(e))?;
        bump(&self.front.counters.removed, n);
        Ok(n)
    }

    fn stats(&self) -> Stats {
        self.front.counters.snapshot()
    }
}

/// A session cache over an async backend. See the crate documentation.
pub struct AsyncStore<A> {
    backend: A,
    front: Front,
}

impl<A: AsyncBackend> AsyncStore<A> {
    /// A store on `backend` sealing with `keys`, default configuration.
    pub fn new(backend: A, keys: KeyRing) -> Self {
        Self::with_config(backend, keys, StoreConfig::default())
    }

    /// A store with `config`.
    pub fn with_config(backend: A, keys: KeyRing, config: StoreConfig) -> Self {
        AsyncStore {
            backend,
            front: Front::new(keys, config),
        }
    }

    /// The backend.
    pub fn backend(&self) -> &A {
        &self.backend
    }

    /// The configuration.
    pub fn config(&self) -> &StoreConfig {
        &self.front.config
    }

    /// Replaces the key ring of the running store (rotation without a
    /// restart): the next entry is sealed by `keys`' current key, and only
    /// `keys` open entries from now on. Keep the previous key in the new ring
    /// (`KeyRing::with_previous`) until its entries have expired.
    pub fn set_keys(&self, keys: KeyRing) {
        self.front.set_keys(keys);
    }

    async fn put_slot(&self, p: Prepared) -> Result<(), StoreError> {
        self.front.admit()?;
        let evicted = self
            .backend
            .put(&p.storage_key, &p.entry())
            .await
            .map_err(|e| self.front.backend_error(e))?;
        self.front.stored(evicted);
        Ok(())
    }

    async fn put_list(&self, p: Prepared) -> Result<(), StoreError> {
        self.front.admit()?;
        let evicted = self
            .backend
            .push(
                &p.storage_key,
                &p.entry(),
                self.front.config.tickets_per_peer,
            )
            .await
            .map_err(|e| self.front.backend_error(e))?;
        self.front.stored(evicted);
        Ok(())
    }

    /// See [`Store::lookup`]: `found` is the backend's answer.
    async fn lookup(
        &self,
        storage_key: &str,
        owner: &Owner<'_>,
        now: i64,
        found: Result<Option<Vec<u8>>, BackendError>,
    ) -> Result<Option<CachedSession>, StoreError> {
        let found = found.map_err(|e| self.front.lookup_error(e))?;
        let Some(checked) =
            found.and_then(|sealed| self.front.check(storage_key, owner, &sealed, now))
        else {
            return Ok(self.front.counted(None));
        };
        let result = match self.front.marker_to_claim(&checked) {
            Some((marker, meta)) => {
                let answer = self.backend.claim(&marker, meta, now).await;
                self.front.claimed(answer, checked.cached)
            }
            None => Some(checked.cached),
        };
        Ok(self.front.counted(result))
    }
}

impl<A: AsyncBackend> AsyncSessionStore for AsyncStore<A> {
    async fn put_server(
        &self,
        key: &ServerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        let prepared = {
            let der = self.front.encode(session)?;
            self.front.prepare(
                self.front.server_key(key),
                &Owner::Server(key),
                &der,
                session,
                now,
            )?
        };
        self.put_slot(prepared).await
    }

    async fn put_server_der(
        &self,
        key: &ServerKey,
        der: &[u8],
        now: i64,
    ) -> Result<(), StoreError> {
        let prepared = {
            let session = self.front.decode(der)?;
            self.front.prepare(
                self.front.server_key(key),
                &Owner::Server(key),
                der,
                &session,
                now,
            )?
        };
        self.put_slot(prepared).await
    }

    async fn get_server(
        &self,
        key: &ServerKey,
        now: i64,
    ) -> Result<Option<CachedSession>, StoreError> {
        self.front.admit_lookup()?;
        let storage_key = self.front.server_key(key);
        let found = self.backend.fetch(&storage_key, now).await;
        self.lookup(&storage_key, &Owner::Server(key), now, found)
            .await
    }

    async fn remove_server(&self, key: &ServerKey) -> Result<bool, StoreError> {
        self.front.admit()?;
        let removed = self
            .backend
            .remove(&self.front.server_key(key))
            .await
            .map_err(|e| self.front.backend_error(e))?;
        bump(&self.front.counters.removed, u64::from(removed));
        Ok(removed)
    }

    async fn put_client(
        &self,
        peer: &PeerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        let prepared = {
            let der = self.front.encode(session)?;
            self.front.prepare(
                self.front.peer_key(peer),
                &Owner::Client,
                &der,
                session,
                now,
            )?
        };
        self.put_list(prepared).await
    }

    async fn put_client_der(&self, peer: &PeerKey, der: &[u8], now: i64) -> Result<(), StoreError> {
        let prepared = {
            let session = self.front.decode(der)?;
            self.front.prepare(
                self.front.peer_key(peer),
                &Owner::Client,
                der,
                &session,
                now,
            )?
        };
        self.put_list(prepared).await
    }

    async fn take_client(
        &self,
        peer: &PeerKey,
        now: i64,
    ) -> Result<Option<CachedSession>, StoreError> {
        self.front.admit_lookup()?;
        let storage_key = self.front.peer_key(peer);
        let found = self.backend.pop(&storage_key, now).await;
        self.lookup(&storage_key, &Owner::Client, now, found).await
    }

    async fn purge_expired(&self, now: i64) -> Result<u64, StoreError> {
        self.front.admit()?;
        let n = self
            .backend
            .purge_expired(now)
            .await
            .map_err(|e| self.front.backend_error(e))?;
        bump(&self.front.counters.removed, n);
        Ok(n)
    }

    fn stats(&self) -> Stats {
        self.front.counters.snapshot()
    }
}

impl<B> fmt::Debug for Store<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("config", &self.front.config)
            .field("keys", &*self.front.keys())
            .field("stats", &self.front.counters.snapshot())
            .finish_non_exhaustive()
    }
}

impl<A> fmt::Debug for AsyncStore<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncStore")
            .field("config", &self.front.config)
            .field("keys", &*self.front.keys())
            .field("stats", &self.front.counters.snapshot())
            .finish_non_exhaustive()
    }
}

/// Building a [`CachedSession`] outside a [`Store`]: for other
/// [`SessionStore`] implementations (a wrapper, a test double, the load
/// bench's unsealed baseline), which must hand OpenSSL's callbacks the same
/// type.
impl CachedSession {
    /// The session `der` if `config`'s library reader accepts it whole and it
    /// is not expired at `now` by `config`'s OpenSSL version's rule; `None`
    /// otherwise (a bad entry is a miss, never a panic).
    pub fn from_der(der: &[u8], config: &StoreConfig, now: i64) -> Option<Self> {
        let session = decode_with::<OwnedSession>(der, &config.decode_options())
            .ok()?
            .session;
        let times = session.openssl_times(config.version, now);
        if times.is_expired(now) {
            return None;
        }
        Some(CachedSession {
            der: Zeroizing::new(der.to_vec()),
            expires_at: times.expires_at(),
            session,
        })
    }
}
