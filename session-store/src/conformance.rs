//! The rules every [`Backend`] must keep, as one suite each backend's tests
//! run (feature `conformance`). An [`AsyncBackend`](crate::AsyncBackend) runs
//! it behind [`Blocking`](crate::Blocking).
//!
//! Keys are made unique per run (a random prefix), so the suite can run
//! against a shared Redis or database next to other data.
//!
//! Each check panics with a message naming the rule it found broken.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use crate::backend::{Backend, BackendError, Entry, EntryMeta, CLAIM_MARKER};

const NOW: i64 = 1_800_000_000;

fn meta(expires_in: Option<i64>, single_use: bool) -> EntryMeta {
    EntryMeta {
        expires_at: expires_in.map(|s| NOW + s),
        single_use,
    }
}

/// The suite's calls: an entry is bytes and a meta, without a record.
trait Raw {
    fn put_raw(&self, key: &str, sealed: &[u8], meta: EntryMeta) -> Result<u64, BackendError>;
    fn push_raw(
        &self,
        list: &str,
        sealed: &[u8],
        meta: EntryMeta,
        keep: usize,
    ) -> Result<u64, BackendError>;
}

impl<B: Backend + ?Sized> Raw for B {
    fn put_raw(&self, key: &str, sealed: &[u8], meta: EntryMeta) -> Result<u64, BackendError> {
        self.put(
            key,
            &Entry {
                sealed,
                meta,
                record: None,
            },
        )
    }
    fn push_raw(
        &self,
        list: &str,
        sealed: &[u8],
        meta: EntryMeta,
        keep: usize,
    ) -> Result<u64, BackendError> {
        self.push(
            list,
            &Entry {
                sealed,
                meta,
                record: None,
            },
            keep,
        )
    }
}

fn fresh_prefix() -> String {
    let mut r = [0u8; 6];
    getrandom::getrandom(&mut r).expect("random bytes");
    let hex: String = r.iter().map(|b| format!("{b:02x}")).collect();
    format!("conformance-{hex}")
}

/// Runs every check on `backend` (which must hold at least 64 entries).
pub fn run_all<B: Backend + 'static>(backend: B) {
    let backend = Arc::new(backend);
    slots(&*backend);
    single_use_slots(&*backend);
    expiry(&*backend);
    lists(&*backend);
    list_bound(&*backend);
    purge(&*backend);
    concurrent_single_use(Arc::clone(&backend));
    claims(Arc::clone(&backend));
}

/// Slots: put, fetch (repeatedly: multi-use), replace, remove.
pub fn slots(b: &dyn Backend) {
    let p = fresh_prefix();
    let k = format!("{p}:s:{{a}}");
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch"),
        None,
        "an empty slot is a miss"
    );
    b.put_raw(&k, b"one", meta(Some(100), false)).expect("put");
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch").as_deref(),
        Some(&b"one"[..])
    );
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch").as_deref(),
        Some(&b"one"[..]),
        "a multi-use slot stays after a fetch"
    );
    b.put_raw(&k, b"two", meta(Some(100), false)).expect("put");
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch").as_deref(),
        Some(&b"two"[..]),
        "put replaces"
    );
    assert!(
        b.remove(&k).expect("remove"),
        "remove reports the entry it removed"
    );
    assert!(
        !b.remove(&k).expect("remove"),
        "remove of an empty slot is false"
    );
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch"),
        None,
        "a removed slot is a miss"
    );
    // Binary-safe values, including empty and all byte values.
    let all: Vec<u8> = (0..=255).collect();
    b.put_raw(&k, &all, meta(None, false)).expect("put");
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch"),
        Some(all),
        "entries are binary-safe"
    );
    b.remove(&k).expect("remove");
}

/// A single-use slot is handed out once.
pub fn single_use_slots(b: &dyn Backend) {
    let p = fresh_prefix();
    let k = format!("{p}:s:{{b}}");
    b.put_raw(&k, b"once", meta(Some(100), true)).expect("put");
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch").as_deref(),
        Some(&b"once"[..])
    );
    assert_eq!(
        b.fetch(&k, NOW).expect("fetch"),
        None,
        "a single-use slot is consumed by its fetch"
    );
    assert!(
        !b.remove(&k).expect("remove"),
        "nothing is left after a single-use fetch"
    );
}

/// Expiry: good through the last second (`now > expires_at` expires).
pub fn expiry(b: &dyn Backend) {
    let p = fresh_prefix();
    let k = format!("{p}:s:{{c}}");
    b.put_raw(&k, b"x", meta(Some(10), false)).expect("put");
    assert!(
        b.fetch(&k, NOW + 10).expect("fetch").is_some(),
        "usable at expires_at itself"
    );
    assert_eq!(
        b.fetch(&k, NOW + 11).expect("fetch"),
        None,
        "expired after expires_at"
    );
    let l = format!("{p}:c:{{d}}");
    b.push_raw(&l, b"old", meta(Some(5), false), 8)
        .expect("push");
    assert_eq!(
        b.pop(&l, NOW + 6).expect("pop"),
        None,
        "an expired list member is never popped"
    );
    b.remove(&k).expect("remove");
}

/// Lists: the member expiring last is popped; multi-use members stay,
/// single-use ones go.
pub fn lists(b: &dyn Backend) {
    let p = fresh_prefix();
    let l = format!("{p}:c:{{e}}");
    assert_eq!(
        b.pop(&l, NOW).expect("pop"),
        None,
        "an empty list is a miss"
    );
    b.push_raw(&l, b"t13-a", meta(Some(100), true), 8)
        .expect("push");
    b.push_raw(&l, b"t13-b", meta(Some(300), true), 8)
        .expect("push");
    b.push_raw(&l, b"t12", meta(Some(200), false), 8)
        .expect("push");
    assert_eq!(
        b.pop(&l, NOW).expect("pop").as_deref(),
        Some(&b"t13-b"[..]),
        "expiring last first"
    );
    assert_eq!(
        b.pop(&l, NOW).expect("pop").as_deref(),
        Some(&b"t12"[..]),
        "then the next"
    );
    assert_eq!(
        b.pop(&l, NOW).expect("pop").as_deref(),
        Some(&b"t12"[..]),
        "a multi-use member stays in the list"
    );
    // At NOW + 150 the TLS 1.2 member has 50 s left, the remaining ticket
    // expired at NOW + 100.
    assert_eq!(
        b.pop(&l, NOW + 150).expect("pop").as_deref(),
        Some(&b"t12"[..])
    );
    assert_eq!(
        b.pop(&l, NOW + 250).expect("pop"),
        None,
        "everything expired"
    );
    // Equal expiry: the newest first.
    b.push_raw(&l, b"first", meta(Some(100), true), 8)
        .expect("push");
    b.push_raw(&l, b"second", meta(Some(100), true), 8)
        .expect("push");
    assert_eq!(
        b.pop(&l, NOW).expect("pop").as_deref(),
        Some(&b"second"[..]),
        "ties: newest first"
    );
    assert_eq!(b.pop(&l, NOW).expect("pop").as_deref(), Some(&b"first"[..]));
    assert_eq!(b.pop(&l, NOW).expect("pop"), None);
}

/// A list keeps at most `keep` members: those expiring last.
pub fn list_bound(b: &dyn Backend) {
    let p = fresh_prefix();
    let l = format!("{p}:c:{{f}}");
    let mut evicted = 0;
    for (i, life) in [50, 10, 40, 20, 30].into_iter().enumerate() {
        evicted += b
            .push_raw(
                &l,
                format!("m{i}-{life}").as_bytes(),
                meta(Some(life), true),
                3,
            )
            .expect("push");
    }
    assert!(
        evicted >= 2,
        "push reports what the bound evicted ({evicted})"
    );
    let mut left = Vec::new();
    while let Some(e) = b.pop(&l, NOW).expect("pop") {
        left.push(String::from_utf8(e).expect("utf-8"));
    }
    assert_eq!(
        left,
        ["m0-50", "m2-40", "m4-30"],
        "the members expiring last are kept"
    );
}

/// `purge_expired` removes expired slots and members, and counts them.
pub fn purge(b: &dyn Backend) {
    let p = fresh_prefix();
    let (k1, k2, l) = (
        format!("{p}:s:{{g1}}"),
        format!("{p}:s:{{g2}}"),
        format!("{p}:c:{{g3}}"),
    );
    b.put_raw(&k1, b"x", meta(Some(10), false)).expect("put");
    b.put_raw(&k2, b"y", meta(Some(1000), false)).expect("put");
    b.push_raw(&l, b"z", meta(Some(10), true), 4).expect("push");
    b.push_raw(&l, b"w", meta(Some(1000), true), 4)
        .expect("push");
    let purged = b.purge_expired(NOW + 20).expect("purge");
    assert!(
        purged >= 2,
        "purge_expired counts what it removed ({purged})"
    );
    assert_eq!(
        b.fetch(&k1, NOW).expect("fetch"),
        None,
        "a purged slot is gone"
    );
    assert!(
        b.fetch(&k2, NOW).expect("fetch").is_some(),
        "a live slot survives purge"
    );
    assert_eq!(b.pop(&l, NOW).expect("pop").as_deref(), Some(&b"w"[..]));
    assert_eq!(
        b.pop(&l, NOW).expect("pop"),
        None,
        "a purged member is gone"
    );
    b.remove(&k2).expect("remove");
}

/// Eight threads race for each single-use entry: every one is handed out
/// exactly once (the TLS 1.3 rule across a fleet).
pub fn concurrent_single_use<B: Backend + 'static>(b: Arc<B>) {
    let p = fresh_prefix();
    let slot = format!("{p}:s:{{h}}");
    let list = format!("{p}:c:{{i}}");
    for round in 0..10 {
        b.put_raw(
            &slot,
            format!("slot{round}").as_bytes(),
            meta(Some(100), true),
        )
        .expect("put");
        for m in 0..4 {
            b.push_raw(
                &list,
                format!("r{round}m{m}").as_bytes(),
                meta(Some(100 + m), true),
                16,
            )
            .expect("push");
        }
        let slot_hits = Arc::new(AtomicUsize::new(0));
        let handed = Arc::new(std::sync::Mutex::new(Vec::new()));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (b, slot, list) = (Arc::clone(&b), slot.clone(), list.clone());
                let (slot_hits, handed) = (Arc::clone(&slot_hits), Arc::clone(&handed));
                std::thread::spawn(move || {
                    if b.fetch(&slot, NOW).expect("fetch").is_some() {
                        slot_hits.fetch_add(1, Ordering::SeqCst);
                    }
                    if let Some(e) = b.pop(&list, NOW).expect("pop") {
                        handed.lock().expect("lock").push(e);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("thread");
        }
        assert_eq!(
            slot_hits.load(Ordering::SeqCst),
            1,
            "a single-use slot went to exactly one of 8 racers"
        );
        let mut handed = handed.lock().expect("lock").clone();
        assert_eq!(
            handed.len(),
            4,
            "each of 4 single-use members went to one racer"
        );
        handed.sort();
        handed.dedup();
        assert_eq!(handed.len(), 4, "no single-use member was handed out twice");
    }
}

/// `claim` is an atomic insert-if-absent: it succeeds on an empty slot, and
/// on one whose entry is expired at `now`, never on a live entry (which it
/// leaves untouched); the marker it stores is fetched as a multi-use entry;
/// and of 8 threads racing to claim one key exactly one succeeds.
pub fn claims<B: Backend + 'static>(b: Arc<B>) {
    let p = fresh_prefix();
    let k = format!("{p}:t:{{j}}");
    assert!(
        b.claim(&k, meta(Some(10), false), NOW).expect("claim"),
        "a claim of an empty slot succeeds"
    );
    assert!(
        !b.claim(&k, meta(Some(10), false), NOW).expect("claim"),
        "a claimed slot cannot be claimed again"
    );
    for _ in 0..2 {
        assert_eq!(
            b.fetch(&k, NOW).expect("fetch").as_deref(),
            Some(CLAIM_MARKER),
            "a claimed slot holds the marker, multi-use"
        );
    }
    assert!(
        !b.claim(&k, meta(Some(100), false), NOW + 10)
            .expect("claim"),
        "a marker blocks claims through its last second"
    );
    assert!(
        b.claim(&k, meta(Some(100), false), NOW + 11)
            .expect("claim"),
        "an expired marker does not block a claim"
    );
    assert!(
        !b.claim(&k, meta(Some(100), false), NOW + 50)
            .expect("claim"),
        "the new marker blocks claims until its own expiry"
    );
    assert_eq!(
        b.fetch(&k, NOW + 100).expect("fetch").as_deref(),
        Some(CLAIM_MARKER),
        "the new marker lives to its own expiry"
    );
    b.remove(&k).expect("remove");
    // A marker that never expires.
    assert!(b.claim(&k, meta(None, false), NOW).expect("claim"));
    assert!(
        !b.claim(&k, meta(None, false), i64::MAX).expect("claim"),
        "a marker without expiry blocks claims for ever"
    );
    b.remove(&k).expect("remove");
    // Live entries of any kind block a claim and survive it; expired ones
    // give way.
    let e = format!("{p}:s:{{k}}");
    b.put_raw(&e, b"multi", meta(Some(10), false)).expect("put");
    assert!(
        !b.claim(&e, meta(Some(100), false), NOW).expect("claim"),
        "a live entry blocks a claim"
    );
    assert_eq!(
        b.fetch(&e, NOW).expect("fetch").as_deref(),
        Some(&b"multi"[..]),
        "a failed claim leaves the entry as it was"
    );
    b.put_raw(&e, b"once", meta(Some(10), true)).expect("put");
    assert!(
        !b.claim(&e, meta(Some(100), false), NOW).expect("claim"),
        "a live single-use entry blocks a claim"
    );
    assert_eq!(
        b.fetch(&e, NOW).expect("fetch").as_deref(),
        Some(&b"once"[..]),
        "a failed claim does not consume a single-use entry"
    );
    b.put_raw(&e, b"old", meta(Some(10), false)).expect("put");
    assert!(
        b.claim(&e, meta(Some(100), false), NOW + 11)
            .expect("claim"),
        "an expired entry does not block a claim"
    );
    assert_eq!(
        b.fetch(&e, NOW + 11).expect("fetch").as_deref(),
        Some(CLAIM_MARKER),
        "the claim replaced the expired entry"
    );
    b.remove(&e).expect("remove");
    // Eight racers per round, on a fresh key, and on a key holding an
    // expired marker: exactly one wins each time.
    for round in 0..10 {
        let key = format!("{p}:t:{{race{round}}}");
        let (at, expired_first) = if round % 2 == 0 {
            (NOW, false)
        } else {
            assert!(b.claim(&key, meta(Some(0), false), NOW).expect("claim"));
            (NOW + 1, true)
        };
        let start = Arc::new(std::sync::Barrier::new(8));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let (b, key, start) = (Arc::clone(&b), key.clone(), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    b.claim(&key, meta(Some(100), false), at).expect("claim")
                })
            })
            .collect();
        let won = threads
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .filter(|&won| won)
            .count();
        assert_eq!(
            won, 1,
            "exactly one of 8 racers claims a key (round {round}, over an expired marker: {expired_first})"
        );
        b.remove(&key).expect("remove");
    }
}

/// A backend built to hold at most `max` entries never holds more: after
/// `max + 10` puts, at most `max` of them can be fetched, and the ones that
/// expire last are those kept.
pub fn bounded(b: &dyn Backend, max: usize) {
    let p = fresh_prefix();
    let mut evicted = 0;
    for i in 0..max + 10 {
        evicted += b
            .put_raw(
                &format!("{p}:s:{{{i}}}"),
                b"v",
                meta(Some(1000 + i as i64), false),
            )
            .expect("put");
    }
    assert!(evicted >= 10, "puts report evictions ({evicted})");
    let kept: Vec<usize> = (0..max + 10)
        .filter(|i| {
            b.fetch(&format!("{p}:s:{{{i}}}"), NOW)
                .expect("fetch")
                .is_some()
        })
        .collect();
    assert!(
        kept.len() <= max,
        "{} entries kept, bound {max}",
        kept.len()
    );
    assert!(kept.contains(&(max + 9)), "the entry expiring last is kept");
    assert!(!kept.contains(&0), "the entry expiring first is evicted");
}
