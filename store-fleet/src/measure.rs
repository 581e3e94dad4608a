//! What the bench measures and compares against: [`Timed`], a store wrapper
//! that times every operation as OpenSSL's callbacks see it, and
//! [`Unsealed`], the baseline that keeps the DER in clear through the same
//! backend (what sealing costs is the difference).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use session_der::{decode_with, encode, DecodeOptions, Target};
use session_model::{OpenSslVersion, SessionRef};
use session_store::{
    Backend, BackendError, CachedSession, Entry, EntryMeta, Namespace, PeerKey, ServerKey,
    SessionStore, Stats, StoreConfig, StoreError,
};

/// Latencies of one kind of operation, in nanoseconds.
#[derive(Default)]
pub struct Latencies(Mutex<Vec<u64>>);

impl Latencies {
    fn record(&self, d: Duration) {
        let ns = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(ns);
    }

    /// Forgets what was recorded (after a warm-up).
    pub fn clear(&self) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// How many were recorded.
    pub fn count(&self) -> usize {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).len()
    }

    /// The `p`-th percentile (0..=100, nearest rank), or `None` when none
    /// were recorded.
    pub fn percentile(&self, p: f64) -> Option<Duration> {
        let mut v = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        if v.is_empty() {
            return None;
        }
        v.sort_unstable();
        let rank = (p / 100.0 * v.len() as f64).ceil().max(1.0);
        // rank is within 1..=len by construction.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let i = (rank as usize).min(v.len()) - 1;
        Some(Duration::from_nanos(v[i]))
    }
}

/// A [`SessionStore`] that forwards to another and times each call: the
/// latency of a lookup (`get_server`) and of a store (`put_server*`) as the
/// OpenSSL callbacks wait for them.
pub struct Timed {
    inner: Arc<dyn SessionStore>,
    /// `get_server` and `take_client`.
    pub gets: Latencies,
    /// `put_server`, `put_server_der`, `put_client`, `put_client_der`.
    pub puts: Latencies,
}

impl Timed {
    /// Wraps `inner`.
    pub fn new(inner: Arc<dyn SessionStore>) -> Self {
        Timed {
            inner,
            gets: Latencies::default(),
            puts: Latencies::default(),
        }
    }
}

fn timed<T>(into: &Latencies, call: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = call();
    into.record(start.elapsed());
    out
}

impl SessionStore for Timed {
    fn put_server(
        &self,
        key: &ServerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        timed(&self.puts, || self.inner.put_server(key, session, now))
    }
    fn put_server_der(&self, key: &ServerKey, der: &[u8], now: i64) -> Result<(), StoreError> {
        timed(&self.puts, || self.inner.put_server_der(key, der, now))
    }
    fn get_server(&self, key: &ServerKey, now: i64) -> Result<Option<CachedSession>, StoreError> {
        timed(&self.gets, || self.inner.get_server(key, now))
    }
    fn remove_server(&self, key: &ServerKey) -> Result<bool, StoreError> {
        self.inner.remove_server(key)
    }
    fn put_client(
        &self,
        peer: &PeerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        timed(&self.puts, || self.inner.put_client(peer, session, now))
    }
    fn put_client_der(&self, peer: &PeerKey, der: &[u8], now: i64) -> Result<(), StoreError> {
        timed(&self.puts, || self.inner.put_client_der(peer, der, now))
    }
    fn take_client(&self, peer: &PeerKey, now: i64) -> Result<Option<CachedSession>, StoreError> {
        timed(&self.gets, || self.inner.take_client(peer, now))
    }
    fn purge_expired(&self, now: i64) -> Result<u64, StoreError> {
        self.inner.purge_expired(now)
    }
    fn stats(&self) -> Stats {
        self.inner.stats()
    }
}

/// The bench's baseline: a [`SessionStore`] that does what
/// session-store's `Store` does — reads the DER with OpenSSL 3.5's rules,
/// computes expiry and single use, keys it the same way, hands it to the same
/// backend — except sealing: the DER goes to the backend in clear, master
/// secret included. Never for production; it exists to show what sealing
/// costs.
pub struct Unsealed<B> {
    backend: B,
    config: StoreConfig,
    namespace: Namespace,
    version: OpenSslVersion,
    hits: AtomicU64,
    misses: AtomicU64,
    stored: AtomicU64,
    backend_errors: AtomicU64,
}

impl<B: Backend> Unsealed<B> {
    /// A baseline store on `backend` (default namespace, OpenSSL 3.5 rules,
    /// four sessions per peer as `Store`'s default).
    pub fn new(backend: B) -> Self {
        Unsealed {
            backend,
            config: StoreConfig::new(),
            namespace: Namespace::default(),
            version: OpenSslVersion::default(),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            stored: AtomicU64::new(0),
            backend_errors: AtomicU64::new(0),
        }
    }

    fn failed(&self, e: BackendError) -> StoreError {
        self.backend_errors.fetch_add(1, Ordering::Relaxed);
        StoreError::Backend(e)
    }

    /// The entry metadata for `der` (as `Store` computes it), or why not.
    fn meta(&self, der: &[u8], id: Option<&[u8]>, now: i64) -> Result<EntryMeta, StoreError> {
        let options = DecodeOptions::openssl_version(self.version).allow_trailing(false);
        let session = decode_with::<SessionRef<'_>>(der, &options)
            .map_err(|_| StoreError::NotStorable("unreadable"))?
            .session;
        if id.is_some_and(|id| session.session_id() != id) {
            return Err(StoreError::NotStorable("the session's id is not the key's"));
        }
        let times = session.openssl_times(self.version, now);
        if times.is_expired(now) {
            return Err(StoreError::NotStorable("already expired"));
        }
        Ok(EntryMeta {
            expires_at: times.expires_at(),
            single_use: session.protocol_version().is_tls13(),
        })
    }

    fn found(
        &self,
        got: Result<Option<Vec<u8>>, BackendError>,
        now: i64,
    ) -> Result<Option<CachedSession>, StoreError> {
        let got = got.map_err(|e| {
            self.misses.fetch_add(1, Ordering::Relaxed);
            self.failed(e)
        })?;
        let session = got.and_then(|der| CachedSession::from_der(&der, &self.config, now));
        if session.is_some() {
            &self.hits
        } else {
            &self.misses
        }
        .fetch_add(1, Ordering::Relaxed);
        Ok(session)
    }
}

fn der_of(session: &SessionRef<'_>) -> Result<Vec<u8>, StoreError> {
    encode(session, Target::Auto)
        .map(|d| d.as_slice().to_vec())
        .map_err(|_| StoreError::NotStorable("cannot be encoded"))
}

impl<B: Backend> SessionStore for Unsealed<B> {
    fn put_server(
        &self,
        key: &ServerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        self.put_server_der(key, &der_of(session)?, now)
    }

    fn put_server_der(&self, key: &ServerKey, der: &[u8], now: i64) -> Result<(), StoreError> {
        let meta = self.meta(der, Some(key.session_id()), now)?;
        let entry = Entry {
            sealed: der,
            meta,
            record: None,
        };
        self.backend
            .put(&key.storage_key(&self.namespace), &entry)
            .map_err(|e| self.failed(e))?;
        self.stored.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn get_server(&self, key: &ServerKey, now: i64) -> Result<Option<CachedSession>, StoreError> {
        self.found(
            self.backend.fetch(&key.storage_key(&self.namespace), now),
            now,
        )
    }

    fn remove_server(&self, key: &ServerKey) -> Result<bool, StoreError> {
        self.backend
            .remove(&key.storage_key(&self.namespace))
            .map_err(|e| self.failed(e))
    }

    fn put_client(
        &self,
        peer: &PeerKey,
        session: &SessionRef<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        self.put_client_der(peer, &der_of(session)?, now)
    }

    fn put_client_der(&self, peer: &PeerKey, der: &[u8], now: i64) -> Result<(), StoreError> {
        let meta = self.meta(der, None, now)?;
        let entry = Entry {
            sealed: der,
            meta,
            record: None,
        };
        self.backend
            .push(&peer.storage_key(&self.namespace), &entry, 4)
            .map_err(|e| self.failed(e))?;
        self.stored.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn take_client(&self, peer: &PeerKey, now: i64) -> Result<Option<CachedSession>, StoreError> {
        self.found(
            self.backend.pop(&peer.storage_key(&self.namespace), now),
            now,
        )
    }

    fn purge_expired(&self, now: i64) -> Result<u64, StoreError> {
        self.backend.purge_expired(now).map_err(|e| self.failed(e))
    }

    fn stats(&self) -> Stats {
        let mut s = Stats::default();
        s.hits = self.hits.load(Ordering::Relaxed);
        s.misses = self.misses.load(Ordering::Relaxed);
        s.stored = self.stored.load(Ordering::Relaxed);
        s.backend_errors = self.backend_errors.load(Ordering::Relaxed);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_nearest_rank() {
        let l = Latencies::default();
        assert_eq!(l.percentile(50.0), None);
        // 1..=100 µs: the nearest-rank p50 is the 50th value, p99 the 99th.
        for us in (1..=100).rev() {
            l.record(Duration::from_micros(us));
        }
        assert_eq!(l.count(), 100);
        assert_eq!(l.percentile(50.0), Some(Duration::from_micros(50)));
        assert_eq!(l.percentile(99.0), Some(Duration::from_micros(99)));
        assert_eq!(l.percentile(100.0), Some(Duration::from_micros(100)));
        assert_eq!(l.percentile(0.0), Some(Duration::from_micros(1)));
        l.clear();
        assert_eq!(l.count(), 0);
    }
}
