//! The store's rules on real OpenSSL sessions (the corpus: sessions from
//! OpenSSL 3.0 handshakes with the values OpenSSL reported), over the memory
//! backend and a recording one that shows what reaches storage.

use std::sync::{Arc, Mutex};

use session_der::decode;
use session_store::{
    AsyncSessionStore, AsyncStore, Backend, BackendError, Entry, EntryMeta, KeyRing, MemoryBackend,
    Offload, PeerKey, SealingKey, ServerKey, SessionStore, Stats, Store, StoreConfig, StoreError,
};
use sslsession_testkit::manifest;

/// A corpus session with what OpenSSL reported about it.
struct Known {
    der: Vec<u8>,
    session_id: Vec<u8>,
    sid_ctx: Vec<u8>,
    master_key: Vec<u8>,
    time: i64,
    timeout: i64,
    tls13: bool,
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

/// The corpus's handshake sessions with a session id (server side and TLS
/// 1.2/1.3 clients), as OpenSSL reported them.
fn known() -> Vec<Known> {
    let (dir, entries) = manifest();
    entries
        .iter()
        .filter(|e| e["origin"] == "handshake")
        .filter(|e| e["session_id_hex"].as_str().is_some_and(|s| !s.is_empty()))
        .map(|e| Known {
            der: std::fs::read(dir.join(e["file"].as_str().expect("file"))).expect("read"),
            session_id: unhex(e["session_id_hex"].as_str().expect("id")),
            sid_ctx: unhex(e["sid_ctx_hex"].as_str().unwrap_or("")),
            master_key: unhex(e["master_key_hex"].as_str().expect("master key")),
            time: e["time"].as_i64().expect("time"),
            timeout: e["timeout"].as_i64().expect("timeout"),
            tls13: e["protocol_version"] == 772,
        })
        .collect()
}

fn pick(tls13: bool) -> Known {
    known()
        .into_iter()
        .find(|k| k.tls13 == tls13 && k.timeout > 10)
        .expect("a corpus session of that protocol")
}

fn ring(id: u32, byte: u8) -> KeyRing {
    KeyRing::new(id, SealingKey::new([byte; 32]))
}

/// A backend that keeps a copy of everything written to it.
struct Recording {
    inner: Arc<MemoryBackend>,
    written: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Recording {
    fn new() -> Self {
        Recording {
            inner: Arc::new(MemoryBackend::new(1000)),
            written: Mutex::new(Vec::new()),
        }
    }
    fn last(&self) -> (String, Vec<u8>) {
        self.written
            .lock()
            .expect("lock")
            .last()
            .cloned()
            .expect("a write")
    }
}

impl Backend for Recording {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        self.written
            .lock()
            .expect("lock")
            .push((key.to_owned(), entry.sealed.to_vec()));
        self.inner.put(key, entry)
    }
    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.fetch(key, now)
    }
    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        Backend::remove(&*self.inner, key)
    }
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        Backend::claim(&*self.inner, key, meta, now)
    }
    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        self.written
            .lock()
            .expect("lock")
            .push((list.to_owned(), entry.sealed.to_vec()));
        self.inner.push(list, entry, keep)
    }
    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.inner.pop(list, now)
    }
    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        Backend::purge_expired(&*self.inner, now)
    }
}

#[test]
fn a_server_session_comes_back_byte_for_byte_and_tls12_stays() {
    let k = pick(false);
    let store = Store::new(MemoryBackend::new(100), ring(1, 7));
    let key = ServerKey::new(&k.session_id, &k.sid_ctx);
    store.put_server_der(&key, &k.der, k.time).expect("put");
    for _ in 0..3 {
        let got = store
            .get_server(&key, k.time + 1)
            .expect("get")
            .expect("hit");
        assert_eq!(
            got.der(),
            k.der.as_slice(),
            "the DER OpenSSL wrote, unchanged"
        );
        assert_eq!(got.session().master_key().expose(), k.master_key.as_slice());
        assert_eq!(got.expires_at(), Some(k.time + k.timeout));
    }
    assert_eq!(store.stats().hits, 3);
    // Another context, same id: OpenSSL would refuse it; so does the key.
    let other = ServerKey::new(&k.session_id, b"another context");
    assert!(store.get_server(&other, k.time).expect("get").is_none());
    assert!(store.remove_server(&key).expect("remove"));
    assert!(store.get_server(&key, k.time).expect("get").is_none());
}

#[test]
fn a_tls13_server_session_resumes_once() {
    let k = pick(true);
    let store = Store::new(MemoryBackend::new(100), ring(1, 7));
    let key = ServerKey::new(&k.session_id, &k.sid_ctx);
    store.put_server_der(&key, &k.der, k.time).expect("put");
    assert!(store.get_server(&key, k.time).expect("get").is_some());
    assert!(
        store.get_server(&key, k.time).expect("get").is_none(),
        "single use"
    );
    let s = store.stats();
    assert_eq!((s.hits, s.misses), (1, 1));
}

#[test]
fn expiry_is_the_sessions_own_time_plus_timeout() {
    for k in [pick(false), pick(true)] {
        let store = Store::new(MemoryBackend::new(100), ring(1, 7));
        let key = ServerKey::new(&k.session_id, &k.sid_ctx);
        let end = k.time + k.timeout;
        store.put_server_der(&key, &k.der, k.time).expect("put");
        assert!(
            store.get_server(&key, end).expect("get").is_some(),
            "usable at time + timeout"
        );
        store
            .put_server_der(&key, &k.der, k.time)
            .expect("put again");
        assert!(
            store.get_server(&key, end + 1).expect("get").is_none(),
            "expired one second later"
        );
        assert!(
            matches!(
                store.put_server_der(&key, &k.der, end + 1),
                Err(StoreError::NotStorable(_))
            ),
            "an expired session is not stored"
        );
        let s = store.stats();
        assert_eq!((s.hits, s.misses, s.not_stored), (1, 1, 1));
    }
}

#[test]
fn a_client_keeps_several_sessions_per_peer_and_hands_each_tls13_ticket_out_once() {
    let sessions = known();
    let tickets: Vec<&Known> = sessions.iter().filter(|k| k.tls13).take(6).collect();
    assert!(tickets.len() >= 3, "the corpus has TLS 1.3 sessions");
    let now = tickets.iter().map(|k| k.time).max().expect("a time");
    let store = Store::with_config(
        MemoryBackend::new(100),
        ring(1, 7),
        StoreConfig::new().tickets_per_peer(3),
    );
    let peer = PeerKey::new("server.test", 443);
    for k in &tickets {
        store.put_client_der(&peer, &k.der, now).expect("put");
    }
    let mut handed = Vec::new();
    while let Some(c) = store.take_client(&peer, now).expect("take") {
        handed.push(c.der().to_vec());
    }
    assert_eq!(
        handed.len(),
        3,
        "three kept (tickets_per_peer), each handed out once"
    );
    handed.sort();
    handed.dedup();
    assert_eq!(handed.len(), 3, "no ticket twice");
    assert!(store.stats().evicted >= 3);
    // Another server name at the same address is another peer.
    let other = PeerKey::new("server.test", 443).with_server_name(Some("other.test"));
    assert!(store.take_client(&other, now).expect("take").is_none());

    let k12 = pick(false);
    store
        .put_client_der(&peer, &k12.der, k12.time)
        .expect("put");
    for _ in 0..3 {
        let got = store
            .take_client(&peer, k12.time)
            .expect("take")
            .expect("TLS 1.2 stays");
        assert_eq!(got.der(), k12.der.as_slice());
    }
}

#[test]
fn secrets_never_reach_the_backend_in_clear() {
    let backend = Arc::new(Recording::new());
    let store = Store::new(Arc::clone(&backend), ring(1, 7));
    for k in known() {
        store
            .put_server_der(&ServerKey::new(&k.session_id, &k.sid_ctx), &k.der, k.time)
            .expect("put");
        let (_, sealed) = backend.last();
        assert!(
            !sealed
                .windows(k.master_key.len())
                .any(|w| w == k.master_key.as_slice()),
            "master key in clear"
        );
        assert!(
            !sealed
                .windows(16)
                .any(|w| k.der.windows(16).any(|d| d == w)),
            "DER in clear"
        );
    }
    let shown = format!("{store:?}");
    assert!(
        shown.contains("ids: [1]") && !shown.contains("7, 7"),
        "{shown}"
    );
}

fn stored_entry(
    k: &Known,
) -> (
    Arc<Recording>,
    Store<Arc<Recording>>,
    ServerKey,
    String,
    Vec<u8>,
) {
    let backend = Arc::new(Recording::new());
    let store = Store::new(Arc::clone(&backend), ring(1, 7));
    let key = ServerKey::new(&k.session_id, &k.sid_ctx);
    store.put_server_der(&key, &k.der, k.time).expect("put");
    let (storage_key, sealed) = backend.last();
    (backend, store, key, storage_key, sealed)
}

fn entry(sealed: &[u8], single_use: bool) -> Entry<'_> {
    Entry {
        sealed,
        meta: session_store::EntryMeta {
            expires_at: None,
            single_use,
        },
        record: None,
    }
}

#[test]
fn damaged_and_truncated_entries_are_counted_misses_never_another_session() {
    let k = pick(false);
    let (backend, store, key, storage_key, sealed) = stored_entry(&k);
    let mut bad = 0;
    for i in 0..sealed.len() {
        for flip in [0x01u8, 0x80] {
            let mut damaged = sealed.clone();
            damaged[i] ^= flip;
            backend
                .inner
                .put(&storage_key, &entry(&damaged, false))
                .expect("put");
            assert!(
                store.get_server(&key, k.time).expect("get").is_none(),
                "byte {i} ^ {flip:#x}"
            );
            bad += 1;
        }
    }
    for len in 0..sealed.len() {
        backend
            .inner
            .put(&storage_key, &entry(&sealed[..len], false))
            .expect("put");
        assert!(
            store.get_server(&key, k.time).expect("get").is_none(),
            "truncated to {len}"
        );
        bad += 1;
    }
    let s: Stats = store.stats();
    // A flipped key-id byte names a key the ring lacks: unknown_key.
    assert_eq!(s.corrupt + s.unknown_key, bad);
    assert_eq!(s.unknown_key, 8, "4 key-id bytes x 2 flips");
    assert_eq!(s.hits, 0);
    // The intact entry still works.
    backend
        .inner
        .put(&storage_key, &entry(&sealed, false))
        .expect("put");
    assert_eq!(
        store
            .get_server(&key, k.time)
            .expect("get")
            .expect("hit")
            .der(),
        k.der.as_slice()
    );
}

#[test]
fn an_entry_moved_to_another_key_is_corrupt() {
    let sessions = known();
    let (a, b) = (&sessions[0], &sessions[1]);
    let (backend, store, _, _, sealed_a) = stored_entry(a);
    let key_b = ServerKey::new(&b.session_id, &b.sid_ctx);
    backend
        .inner
        .put(
            &key_b.storage_key(&Default::default()),
            &entry(&sealed_a, false),
        )
        .expect("put");
    assert!(store.get_server(&key_b, a.time).expect("get").is_none());
    assert_eq!(store.stats().corrupt, 1);
}

#[test]
fn a_replayed_tls13_ticket_is_refused() {
    let k = pick(true);
    let backend = Arc::new(Recording::new());
    let store = Store::new(Arc::clone(&backend), ring(1, 7));
    let peer = PeerKey::new("server.test", 443);
    store.put_client_der(&peer, &k.der, k.time).expect("put");
    let (list, sealed) = backend.last();
    assert!(store.take_client(&peer, k.time).expect("take").is_some());
    // The storage is rolled back (a restored backup, a replayed write).
    backend
        .inner
        .push(&list, &entry(&sealed, true), 4)
        .expect("push");
    assert!(
        store.take_client(&peer, k.time).expect("take").is_none(),
        "offered twice"
    );
    let s = store.stats();
    assert_eq!((s.hits, s.replayed), (1, 1));
}

#[test]
fn rotated_keys_open_old_entries_until_retired() {
    let k = pick(false);
    let (backend, _old_store, key, _, _) = stored_entry(&k);
    let rotated = ring(2, 9)
        .with_previous(1, SealingKey::new([7; 32]))
        .expect("ring");
    let store = Store::new(Arc::clone(&backend), rotated);
    assert!(
        store.get_server(&key, k.time).expect("get").is_some(),
        "old key still opens"
    );
    store
        .put_server_der(&key, &k.der, k.time)
        .expect("put with the new key");
    let (_, resealed) = backend.last();
    assert_eq!(&resealed[3..7], &2u32.to_be_bytes(), "the new key seals");

    let backend_old = stored_entry(&k).0;
    let retired = Store::new(Arc::clone(&backend_old), ring(2, 9));
    assert!(retired.get_server(&key, k.time).expect("get").is_none());
    assert_eq!(retired.stats().unknown_key, 1);
    // Same id, different key material: unauthentic.
    let wrong = Store::new(backend_old, ring(1, 8));
    assert!(wrong.get_server(&key, k.time).expect("get").is_none());
    assert_eq!(wrong.stats().corrupt, 1);
}

#[test]
fn unusable_sessions_are_refused_by_put() {
    let k = pick(false);
    let store = Store::new(MemoryBackend::new(10), ring(1, 7));
    // Filed under another session's id.
    let wrong = ServerKey::new(&[0xAA; 32], &k.sid_ctx);
    assert!(matches!(
        store.put_server_der(&wrong, &k.der, k.time),
        Err(StoreError::NotStorable(_))
    ));
    // Its id, another session id context: OpenSSL would refuse it there.
    let other_ctx = ServerKey::new(&k.session_id, b"another context");
    assert!(matches!(
        store.put_server_der(&other_ctx, &k.der, k.time),
        Err(StoreError::NotStorable(_))
    ));
    // Not a session OpenSSL 3.5 reads.
    assert!(matches!(
        store.put_server_der(&wrong, b"\x30\x00", k.time),
        Err(StoreError::NotStorable(_))
    ));
    // No session id and no ticket: OpenSSL's SSL_SESSION_is_resumable is 0.
    let mut s = decode(&k.der).expect("decode").to_owned_session();
    s.set_session_id(Vec::new()).expect("id");
    s.set_ticket(None);
    let der = session_der::encode(&s, session_der::Target::Auto).expect("encode");
    let peer = PeerKey::new("server.test", 443);
    assert!(matches!(
        store.put_client_der(&peer, &der, k.time),
        Err(StoreError::NotStorable(_))
    ));
    assert_eq!(store.stats().not_stored, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_async_store_keeps_the_same_rules_and_hands_a_ticket_to_one_of_many_tasks() {
    let k = pick(true);
    // Plain memory backend, many racing tasks.
    let store = Arc::new(AsyncStore::new(MemoryBackend::new(100), ring(1, 7)));
    let peer = PeerKey::new("server.test", 443);
    store
        .put_client_der(&peer, &k.der, k.time)
        .await
        .expect("put");
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let (store, peer) = (Arc::clone(&store), peer.clone());
            tokio::spawn(async move {
                store
                    .take_client(&peer, k.time)
                    .await
                    .expect("take")
                    .is_some()
            })
        })
        .collect();
    let mut winners = 0;
    for t in tasks {
        winners += usize::from(t.await.expect("task"));
    }
    assert_eq!(winners, 1);
    // Through the blocking pool (a sync backend in async code).
    let offloaded = AsyncStore::new(Offload::new(MemoryBackend::new(100)), ring(1, 7));
    let key = ServerKey::new(&k.session_id, &k.sid_ctx);
    offloaded
        .put_server_der(&key, &k.der, k.time)
        .await
        .expect("put");
    let got = offloaded
        .get_server(&key, k.time)
        .await
        .expect("get")
        .expect("hit");
    assert_eq!(got.der(), k.der.as_slice());
    assert!(offloaded
        .get_server(&key, k.time)
        .await
        .expect("get")
        .is_none());
}

#[cfg(feature = "public-record")]
#[test]
fn the_public_record_holds_no_secret() {
    let k = pick(false);
    let backend = Arc::new(RecordKeeping::default());
    let store = Store::with_config(
        Arc::clone(&backend),
        ring(1, 7),
        StoreConfig::new().public_record(true),
    );
    store
        .put_server_der(&ServerKey::new(&k.session_id, &k.sid_ctx), &k.der, k.time)
        .expect("put");
    let record = backend.0.lock().expect("lock").clone().expect("a record");
    let json: serde_json::Value = serde_json::from_str(&record).expect("JSON");
    assert_eq!(json["master_key"], serde_json::json!({ "redacted": 48 }));
    assert_eq!(json["session_id"], sslsession_testkit::hex(&k.session_id));
    assert!(!record.contains(&sslsession_testkit::hex(&k.master_key)));
}

/// Keeps the last record handed over.
#[cfg(feature = "public-record")]
struct RecordKeeping(Mutex<Option<String>>, MemoryBackend);

#[cfg(feature = "public-record")]
impl Default for RecordKeeping {
    fn default() -> Self {
        RecordKeeping(Mutex::new(None), MemoryBackend::new(10))
    }
}

#[cfg(feature = "public-record")]
impl Backend for RecordKeeping {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        *self.0.lock().expect("lock") = entry.record.map(str::to_owned);
        self.1.put(key, entry)
    }
    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.1.fetch(key, now)
    }
    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        Backend::remove(&self.1, key)
    }
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        Backend::claim(&self.1, key, meta, now)
    }
    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        self.1.push(list, entry, keep)
    }
    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.1.pop(list, now)
    }
    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        Backend::purge_expired(&self.1, now)
    }
}

#[test]
fn a_taken_ticket_written_back_is_refused_by_every_store_of_the_fleet() {
    let k = pick(true);
    let peer = PeerKey::new("server.test", 443);
    for guard in [true, false] {
        let backend = Arc::new(Recording::new());
        let config = StoreConfig::new().fleet_replay_guard(guard);
        let a = Store::with_config(Arc::clone(&backend), ring(1, 7), config.clone());
        let b = Store::with_config(Arc::clone(&backend), ring(1, 7), config);
        a.put_client_der(&peer, &k.der, k.time).expect("put");
        let (list, sealed) = backend.last();
        assert!(a.take_client(&peer, k.time).expect("take").is_some());
        // Restored behind the fleet's back; another process looks.
        backend
            .inner
            .push(&list, &entry(&sealed, true), 4)
            .expect("push");
        let again = b.take_client(&peer, k.time).expect("take");
        if guard {
            assert!(
                again.is_none(),
                "the marker left by the first take refuses it"
            );
            assert_eq!((b.stats().replayed, b.stats().hits), (1, 0));
        } else {
            // Without the marker only the store that took it would know.
            assert!(again.is_some(), "the guard is what refuses it");
        }
    }
}

/// A backend that fails every call, counting them.
struct Failing(std::sync::atomic::AtomicU64);

impl Failing {
    fn calls(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::SeqCst)
    }
    fn fail<T>(&self) -> Result<T, BackendError> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Err(BackendError::new("test", "down"))
    }
}

impl Backend for Failing {
    fn put(&self, _: &str, _: &Entry<'_>) -> Result<u64, BackendError> {
        self.fail()
    }
    fn fetch(&self, _: &str, _: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.fail()
    }
    fn remove(&self, _: &str) -> Result<bool, BackendError> {
        self.fail()
    }
    fn claim(&self, _: &str, _: EntryMeta, _: i64) -> Result<bool, BackendError> {
        self.fail()
    }
    fn push(&self, _: &str, _: &Entry<'_>, _: usize) -> Result<u64, BackendError> {
        self.fail()
    }
    fn pop(&self, _: &str, _: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.fail()
    }
    fn purge_expired(&self, _: i64) -> Result<u64, BackendError> {
        self.fail()
    }
}

#[test]
fn after_a_backend_failure_the_breaker_skips_the_backend_for_its_cooldown() {
    let k = pick(false);
    let key = ServerKey::new(&k.session_id, &k.sid_ctx);
    // A cooldown no test run outlasts: every call below is inside it.
    let backend = Arc::new(Failing(Default::default()));
    let store = Store::with_config(
        Arc::clone(&backend),
        ring(1, 7),
        StoreConfig::new().circuit_breaker(std::time::Duration::from_secs(600)),
    );
    assert!(matches!(
        store.get_server(&key, k.time),
        Err(StoreError::Backend(_))
    ));
    assert_eq!(backend.calls(), 1);
    for _ in 0..10 {
        assert!(matches!(
            store.get_server(&key, k.time),
            Err(StoreError::Backend(_))
        ));
        assert!(matches!(
            store.put_server_der(&key, &k.der, k.time),
            Err(StoreError::Backend(_))
        ));
    }
    assert_eq!(
        backend.calls(),
        1,
        "no call reaches the backend while the breaker is open"
    );
    let s = store.stats();
    assert_eq!((s.backend_errors, s.short_circuited, s.misses), (1, 20, 11));

    // A short cooldown: the backend is tried again once it has passed.
    let cooldown = std::time::Duration::from_millis(200);
    let backend = Arc::new(Failing(Default::default()));
    let store = Store::with_config(
        Arc::clone(&backend),
        ring(1, 7),
        StoreConfig::new().circuit_breaker(cooldown),
    );
    assert!(store.get_server(&key, k.time).is_err());
    std::thread::sleep(cooldown + std::time::Duration::from_millis(50));
    assert!(store.get_server(&key, k.time).is_err());
    assert_eq!(
        backend.calls(),
        2,
        "after the cooldown the backend is tried again"
    );

    // Off: every call reaches the backend.
    let backend = Arc::new(Failing(Default::default()));
    let store = Store::with_config(
        Arc::clone(&backend),
        ring(1, 7),
        StoreConfig::new().circuit_breaker(std::time::Duration::ZERO),
    );
    for _ in 0..5 {
        assert!(store.get_server(&key, k.time).is_err());
    }
    assert_eq!((backend.calls(), store.stats().short_circuited), (5, 0));
}

#[tokio::test]
async fn the_async_store_has_the_same_breaker_and_fleet_guard() {
    // The breaker, over the failing backend on the blocking pool.
    let k12 = pick(false);
    let key = ServerKey::new(&k12.session_id, &k12.sid_ctx);
    let backend = Arc::new(Failing(Default::default()));
    let store = AsyncStore::with_config(
        Offload::new(Arc::clone(&backend)),
        ring(1, 7),
        StoreConfig::new().circuit_breaker(std::time::Duration::from_secs(600)),
    );
    for _ in 0..5 {
        assert!(store.get_server(&key, k12.time).await.is_err());
    }
    assert_eq!(backend.calls(), 1);
    assert_eq!(store.stats().short_circuited, 4);

    // The fleet guard: two async stores on one backend, a ticket written
    // back after its use.
    let k = pick(true);
    let peer = PeerKey::new("server.test", 443);
    let shared = Arc::new(Recording::new());
    let a = AsyncStore::new(Offload::new(Arc::clone(&shared)), ring(1, 7));
    let b = AsyncStore::new(Offload::new(Arc::clone(&shared)), ring(1, 7));
    a.put_client_der(&peer, &k.der, k.time).await.expect("put");
    let (list, sealed) = shared.last();
    assert!(a.take_client(&peer, k.time).await.expect("take").is_some());
    shared
        .inner
        .push(&list, &entry(&sealed, true), 4)
        .expect("push");
    assert!(b.take_client(&peer, k.time).await.expect("take").is_none());
    assert_eq!(b.stats().replayed, 1);
}

#[test]
fn a_running_store_rotates_its_keys() {
    let k = pick(false);
    let key = ServerKey::new(&k.session_id, &k.sid_ctx);
    let backend = Arc::new(Recording::new());
    let store = Store::new(Arc::clone(&backend), ring(1, 7));
    store.put_server_der(&key, &k.der, k.time).expect("put");
    store.set_keys(
        ring(2, 9)
            .with_previous(1, SealingKey::new([7; 32]))
            .expect("ring"),
    );
    assert!(
        store.get_server(&key, k.time).expect("get").is_some(),
        "key 1 still opens"
    );
    store.put_server_der(&key, &k.der, k.time).expect("put");
    assert_eq!(&backend.last().1[3..7], &2u32.to_be_bytes(), "key 2 seals");
    let other = ServerKey::new(&[0x5a; 32], &k.sid_ctx);
    let mut s = decode(&k.der).expect("decode").to_owned_session();
    s.set_session_id(vec![0x5a; 32]).expect("id");
    let der = session_der::encode(&s, session_der::Target::Auto).expect("encode");
    store.set_keys(ring(1, 7));
    store
        .put_server_der(&other, &der, k.time)
        .expect("put under key 1");
    store.set_keys(ring(2, 9));
    assert!(store.get_server(&other, k.time).expect("get").is_none());
    assert_eq!(store.stats().unknown_key, 1, "key 1 retired");
    assert!(
        store.get_server(&key, k.time).expect("get").is_some(),
        "key 2 opens"
    );
}

#[test]
fn two_stores_given_one_ticket_at_once_hand_it_out_once() {
    // The backend's single-use flag cleared (the entry stays after each
    // read), so both stores of a fleet get the same sealed ticket at the
    // same moment: the marker is claimed atomically and only one of them
    // hands it out (review B2).
    let k = pick(true);
    let peer = PeerKey::new("server.test", 443);
    let backend = Arc::new(Recording::new());
    let stores: Vec<Arc<Store<Arc<Recording>>>> = (0..2)
        .map(|_| Arc::new(Store::new(Arc::clone(&backend), ring(1, 7))))
        .collect();
    for round in 0..20 {
        stores[0]
            .put_client_der(&peer, &k.der, k.time)
            .expect("put");
        let (list, sealed) = backend.last();
        // Taken out and written back as multi-use.
        assert!(backend.inner.pop(&list, k.time).expect("pop").is_some());
        backend
            .inner
            .push(&list, &entry(&sealed, false), 4)
            .expect("push");
        let barrier = Arc::new(std::sync::Barrier::new(2));
        let winners: usize = stores
            .iter()
            .map(|store| {
                let (store, peer, barrier) =
                    (Arc::clone(store), peer.clone(), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    usize::from(store.take_client(&peer, k.time).expect("take").is_some())
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().expect("thread"))
            .sum();
        assert_eq!(winners, 1, "round {round}: one store hands the ticket out");
        backend.inner.pop(&list, k.time).expect("clear");
    }
}
