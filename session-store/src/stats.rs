//! What a store counts: every lookup is a hit or a miss, and every miss that
//! had an entry behind it says why.

use std::sync::atomic::{AtomicU64, Ordering};

/// A snapshot of a store's counters since it was built.
///
/// `hits + misses` is the number of lookups (`get_server`, `take_client`).
/// `expired`, `corrupt`, `unknown_key`, `replayed`, `backend_errors` and
/// `short_circuited` count misses with a reason (an entry was there but could
/// not be used, or the backend failed or was skipped) — and, for the last
/// two, failed writes too; the other misses found nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Stats {
    /// Lookups that returned a session.
    pub hits: u64,
    /// Lookups that returned none.
    pub misses: u64,
    /// Entries a backend returned that the store found expired (at its
    /// OpenSSL version's rule, or by the expiry sealed inside). Backends
    /// drop entries past their `expires_at` themselves (Redis by TTL), so
    /// those lookups are plain misses; this counts what slipped through,
    /// e.g. a session whose version rule ends before the sealed expiry.
    pub expired: u64,
    /// Entries that failed authentication or validation: damaged,
    /// truncated, altered, moved from another key, or not a session of the
    /// key they were found under. Never returned.
    pub corrupt: u64,
    /// Entries sealed by a key id no longer in the ring (rotated out).
    pub unknown_key: u64,
    /// Single-use entries seen again after this store handed them out
    /// (restored by a replay of the database). Never returned twice.
    pub replayed: u64,
    /// Sessions stored.
    pub stored: u64,
    /// Sessions refused by `put` (expired, unresumable, undecodable).
    pub not_stored: u64,
    /// Entries the backends evicted to keep within their bounds.
    pub evicted: u64,
    /// Entries removed by `remove_server` or `purge_expired`.
    pub removed: u64,
    /// Backend operations that failed (unreachable, timed out, refused).
    pub backend_errors: u64,
    /// Operations not sent to the backend because it had just failed (the
    /// circuit breaker, `StoreConfig::circuit_breaker`).
    pub short_circuited: u64,
}

impl Stats {
    /// Lookups in all.
    pub fn lookups(&self) -> u64 {
        self.hits + self.misses
    }
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub(crate) hits: AtomicU64,
    pub(crate) misses: AtomicU64,
    pub(crate) expired: AtomicU64,
    pub(crate) corrupt: AtomicU64,
    pub(crate) unknown_key: AtomicU64,
    pub(crate) replayed: AtomicU64,
    pub(crate) stored: AtomicU64,
    pub(crate) not_stored: AtomicU64,
    pub(crate) evicted: AtomicU64,
    pub(crate) removed: AtomicU64,
    pub(crate) backend_errors: AtomicU64,
    pub(crate) short_circuited: AtomicU64,
}

/// Adds `n` to a counter (statistics need no ordering with other memory).
pub(crate) fn bump(counter: &AtomicU64, n: u64) {
    counter.fetch_add(n, Ordering::Relaxed);
}

impl Counters {
    pub(crate) fn snapshot(&self) -> Stats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Stats {
            hits: get(&self.hits),
            misses: get(&self.misses),
            expired: get(&self.expired),
            corrupt: get(&self.corrupt),
            unknown_key: get(&self.unknown_key),
            replayed: get(&self.replayed),
            stored: get(&self.stored),
            not_stored: get(&self.not_stored),
            evicted: get(&self.evicted),
            removed: get(&self.removed),
            backend_errors: get(&self.backend_errors),
            short_circuited: get(&self.short_circuited),
        }
    }
}
