//! Faults under a real TLS server resuming through session-store:
//!
//! - the backend goes away mid-run (Redis killed and restarted, PostgreSQL
//!   stopped and started) while clients keep connecting: every handshake
//!   completes — a full one while the backend is down, within the backend
//!   timeout — the store counts the backend errors, and resumption comes back
//!   by itself on the same store object;
//! - entries edited behind the store's back, directly in Redis, PostgreSQL
//!   and SQLite (damaged, truncated, moved to another session's slot,
//!   replayed, sealed under a key rotated out): misses, counted, a full
//!   handshake, never a different session.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use openssl::ssl::SslSession;
use session_store::{KeyRing, SealingKey, SessionStore, Stats};
use sslsession_store_fleet::fleet;
use sslsession_store_fleet::raw::{
    slot_key, RawBackend, RawPostgres, RawRedis, RawSlot, RawSqlite,
};
use sslsession_store_fleet::tls::server_session_id;
use sslsession_store_fleet::{
    open_store, BackendKind, Client, InProcessServer, Protection, Proto, TestPki,
};

/// The backend timeout of the fault tests: an operation on a dead backend
/// fails within it.
const TIMEOUT: Duration = Duration::from_millis(250);

fn ring(id: u32, byte: u8) -> KeyRing {
    KeyRing::new(id, SealingKey::new([byte; 32]))
}

fn store_on(kind: &BackendKind, keys: KeyRing) -> Arc<dyn SessionStore> {
    open_store(kind, keys, Protection::Sealed, TIMEOUT).expect("store")
}

/// One handshake of the client stream.
struct Record {
    proto: Proto,
    started: Instant,
    elapsed: Duration,
    reused: bool,
    error: Option<String>,
}

/// Clients connecting one after another until stopped, one thread per TLS
/// version, each offering the last session it got.
struct ClientStream {
    stop: Arc<AtomicBool>,
    records: Arc<Mutex<Vec<Record>>>,
    threads: Vec<JoinHandle<()>>,
}

impl ClientStream {
    fn start(server: &InProcessServer) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let records = Arc::new(Mutex::new(Vec::new()));
        let addr = server.addr();
        let threads = [Proto::Tls12, Proto::Tls13]
            .into_iter()
            .map(|proto| {
                let (stop, records) = (Arc::clone(&stop), Arc::clone(&records));
                std::thread::spawn(move || {
                    let client = Client::new(proto).expect("client");
                    let mut session: Option<SslSession> = None;
                    while !stop.load(Ordering::SeqCst) {
                        let started = Instant::now();
                        let result = client.handshake(addr, session.as_ref());
                        let elapsed = started.elapsed();
                        let (reused, error) = match result {
                            Ok(out) => {
                                session = Some(out.session);
                                (out.reused, None)
                            }
                            Err(e) => (false, Some(e.to_string())),
                        };
                        records
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push(Record {
                                proto,
                                started,
                                elapsed,
                                reused,
                                error,
                            });
                        std::thread::sleep(Duration::from_millis(20));
                    }
                })
            })
            .collect();
        ClientStream {
            stop,
            records,
            threads,
        }
    }

    /// Handshakes of `proto` started after `since` that matched `pick`.
    fn count(&self, since: Instant, proto: Proto, pick: impl Fn(&Record) -> bool) -> usize {
        self.records
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .filter(|r| r.proto == proto && r.started >= since && pick(r))
            .count()
    }

    /// Waits until both TLS versions resumed `n` times since `since`.
    fn await_resumptions(&self, since: Instant, n: usize, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while [Proto::Tls12, Proto::Tls13]
            .iter()
            .any(|&p| self.count(since, p, |r| r.reused) < n)
        {
            assert!(Instant::now() < deadline, "{what}: no resumption in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn finish(mut self) -> Vec<Record> {
        self.stop.store(true, Ordering::SeqCst);
        for t in self.threads.drain(..) {
            t.join().expect("client thread");
        }
        std::mem::take(&mut *self.records.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Runs clients against a server on `kind` through `stop` and `start` of
/// its backend, and checks what the module documentation promises.
fn through_an_outage(test: &str, kind: &BackendKind, stop: impl FnOnce(), start: impl FnOnce()) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pki = TestPki::generate().expect("certificate");
    let store = store_on(kind, ring(1, 0x42));
    let server = InProcessServer::start(&pki, dir.path(), Arc::clone(&store)).expect("server");
    let stream = ClientStream::start(&server);
    let t0 = Instant::now();
    stream.await_resumptions(t0, 3, "before the outage");
    let before = store.stats();

    stop();
    let down = Instant::now();
    let deadline = down + Duration::from_secs(30);
    while [Proto::Tls12, Proto::Tls13]
        .iter()
        .any(|&p| stream.count(down, p, |_| true) < 5)
    {
        assert!(
            Instant::now() < deadline,
            "{test}: handshakes stalled while down"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let during = store.stats();
    let restarting = Instant::now();
    start();
    let up = Instant::now();
    stream.await_resumptions(up, 3, "after the backend came back");
    let after = store.stats();
    let records = stream.finish();

    let failed: Vec<&String> = records.iter().filter_map(|r| r.error.as_ref()).collect();
    assert!(failed.is_empty(), "{test}: handshakes failed: {failed:?}");
    assert_eq!(server.errors(), 0, "{test}: the server saw TLS errors");
    let outage: Vec<&Record> = records
        .iter()
        .filter(|r| r.started >= down && r.started + r.elapsed <= restarting)
        .collect();
    assert!(
        outage.len() >= 10,
        "{test}: {} handshakes while down",
        outage.len()
    );
    assert!(
        outage.iter().all(|r| !r.reused),
        "{test}: nothing resumes while the backend is down"
    );
    let slowest = outage.iter().map(|r| r.elapsed).max().unwrap_or_default();
    // The store's circuit breaker (1 s by default) lets at most one call per
    // cooldown wait out the timeout; the others fail at once. A handshake
    // straddling the end of a cooldown may meet two such calls.
    let bound = TIMEOUT * 2 + Duration::from_secs(1);
    assert!(
        slowest <= bound,
        "{test}: a handshake took {slowest:?} while the backend was down (bound {bound:?})"
    );
    assert!(
        during.backend_errors > before.backend_errors,
        "{test}: backend errors counted ({} -> {})",
        before.backend_errors,
        during.backend_errors
    );
    // Every cache call while down failed: at the backend or at the breaker.
    let failed_calls = |s: &session_store::Stats| s.backend_errors + s.short_circuited;
    assert!(
        failed_calls(&during) >= failed_calls(&before) + 10,
        "{test}: failed cache calls counted ({} -> {})",
        failed_calls(&before),
        failed_calls(&during)
    );
    assert!(
        after.hits > during.hits,
        "{test}: hits again after the outage"
    );
    println!(
        "{test}: {} handshakes ({} while down, slowest {slowest:?}, bound {bound:?}); \
         backend errors {} -> {} -> {} (short-circuited {} -> {}); hits {} -> {} -> {}; \
         back {:?} after the restart",
        records.len(),
        outage.len(),
        before.backend_errors,
        during.backend_errors,
        after.backend_errors,
        before.short_circuited,
        after.short_circuited,
        before.hits,
        during.hits,
        after.hits,
        up.elapsed()
    );
}

#[test]
fn redis_killed_and_restarted_mid_run() {
    let test = "redis_killed_and_restarted_mid_run";
    let Some(redis) = fleet::redis(test) else {
        return;
    };
    let kind = BackendKind::Redis(redis.url());
    let redis = Mutex::new(redis);
    through_an_outage(
        test,
        &kind,
        || redis.lock().expect("lock").stop(),
        || {
            redis
                .lock()
                .expect("lock")
                .start_again()
                .expect("redis back")
        },
    );
}

#[test]
fn postgres_stopped_and_started_mid_run() {
    let test = "postgres_stopped_and_started_mid_run";
    let Some(pg) = fleet::postgres(test) else {
        return;
    };
    let kind = BackendKind::Postgres(pg.params());
    let pg = Mutex::new(pg);
    through_an_outage(
        test,
        &kind,
        || pg.lock().expect("lock").stop().expect("pg_ctl stop"),
        || {
            pg.lock()
                .expect("lock")
                .start_again()
                .expect("pg_ctl start")
        },
    );
}

/// A server over `kind` with its store.
struct Served {
    store: Arc<dyn SessionStore>,
    server: InProcessServer,
}

impl Served {
    fn start(kind: &BackendKind, keys: KeyRing, pki: &TestPki, dir: &std::path::Path) -> Self {
        let store = store_on(kind, keys);
        let server = InProcessServer::start(pki, dir, Arc::clone(&store)).expect("server");
        Served { store, server }
    }

    fn full(&self, client: &Client) -> SslSession {
        let out = client
            .handshake(self.server.addr(), None)
            .expect("handshake");
        assert!(!out.reused);
        out.session
    }

    /// Offers `session`; whether it resumed, and the counters' change.
    fn offer(&self, client: &Client, session: &SslSession) -> (bool, SslSession, Stats, Stats) {
        let before = self.store.stats();
        let out = client
            .handshake(self.server.addr(), Some(session))
            .expect("every handshake completes");
        (out.reused, out.session, before, self.store.stats())
    }
}

/// Expects `session`'s resumption at `at` to be a counted miss of `kind`
/// (`corrupt`, `unknown_key` or `replayed`) and a full handshake with a new
/// session.
fn refused(at: &Served, client: &Client, session: &SslSession, kind: &str, what: &str) {
    let (reused, new, before, after) = at.offer(client, session);
    assert!(!reused, "{what}: a full handshake");
    assert_ne!(
        new.id(),
        session.id(),
        "{what}: a new session, never the damaged one"
    );
    let counter = |s: &Stats| match kind {
        "corrupt" => s.corrupt,
        "unknown_key" => s.unknown_key,
        "replayed" => s.replayed,
        _ => unreachable!("{kind}"),
    };
    assert_eq!(
        counter(&after),
        counter(&before) + 1,
        "{what}: counted as {kind}"
    );
    assert_eq!(after.misses, before.misses + 1, "{what}: a miss");
    assert_eq!(after.hits, before.hits, "{what}: no hit");
}

type Edit = fn(&mut RawSlot);

/// Edits of a sealed entry in place; each must make it a counted miss.
const EDITS: &[(&str, Edit)] = &[
    ("a bit flipped in the tag", |s| {
        if let Some(b) = s.sealed.last_mut() {
            *b ^= 0x01;
        }
    }),
    ("a bit flipped in the ciphertext", |s| s.sealed[40] ^= 0x80),
    ("a bit flipped in the nonce", |s| s.sealed[10] ^= 0x04),
    ("the key id changed to another key of the ring", |s| {
        s.sealed[3..7].copy_from_slice(&2u32.to_be_bytes());
    }),
    ("truncated by one byte", |s| {
        s.sealed.pop();
    }),
    ("truncated to half", |s| {
        s.sealed.truncate(s.sealed.len() / 2)
    }),
    ("truncated inside the header", |s| s.sealed.truncate(20)),
    ("emptied", |s| s.sealed.clear()),
];

fn edited_entries(kind: &BackendKind, raw: &dyn RawBackend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let pki = TestPki::generate().expect("certificate");
    // Key 1 seals; key 2 is in the ring too, so an entry whose header names
    // key 2 is opened with it — and fails authentication.
    let keys = ring(1, 0x42)
        .with_previous(2, SealingKey::new([0x17; 32]))
        .expect("ring");
    let at = Served::start(kind, keys, &pki, dir.path());
    let c12 = Client::new(Proto::Tls12).expect("client");
    let c13 = Client::new(Proto::Tls13).expect("client");

    for (what, edit) in EDITS {
        let session = at.full(&c12);
        let key = slot_key(session.id());
        let mut slot = raw
            .read(&key)
            .expect("read")
            .expect("the session is stored");
        assert_eq!(&slot.sealed[..3], b"SS\x01", "a sealed entry");
        edit(&mut slot);
        raw.write(&key, &slot).expect("write");
        refused(&at, &c12, &session, "corrupt", what);
    }

    // Another session's entry moved into this session's slot: the seal binds
    // an entry to its key, so it is refused, and the other session is intact.
    let (victim, other) = (at.full(&c12), at.full(&c12));
    let moved = raw
        .read(&slot_key(other.id()))
        .expect("read")
        .expect("stored");
    raw.write(&slot_key(victim.id()), &moved).expect("write");
    refused(&at, &c12, &victim, "corrupt", "another session's entry");
    let (reused, got, ..) = at.offer(&c12, &other);
    assert!(reused, "the other session still resumes");
    assert_eq!(got.id(), other.id(), "as itself");

    // A TLS 1.3 entry replayed after it was used (a database restored from a
    // backup, a captured write played again): refused by the store that
    // handed it out ...
    let session = at.full(&c13);
    let key = slot_key(&server_session_id(&session).expect("ticket"));
    let saved = raw.read(&key).expect("read").expect("stored");
    assert!(saved.single_use, "a TLS 1.3 entry is single-use");
    let (reused, ..) = at.offer(&c13, &session);
    assert!(reused, "the first use resumes");
    assert_eq!(raw.read(&key).expect("read"), None, "taken by its use");
    raw.write(&key, &saved).expect("write");
    refused(&at, &c13, &session, "replayed", "a replayed TLS 1.3 entry");
    // ... and by every other server of the fleet: the first take left a
    // marker in the shared backend (`StoreConfig::fleet_replay_guard`).
    let fleet_keys = ring(1, 0x42)
        .with_previous(2, SealingKey::new([0x17; 32]))
        .expect("ring");
    let other_server = Served::start(kind, fleet_keys, &pki, dir.path());
    let session = at.full(&c13);
    let key = slot_key(&server_session_id(&session).expect("ticket"));
    let saved = raw.read(&key).expect("read").expect("stored");
    let (reused, ..) = at.offer(&c13, &session);
    assert!(reused, "the first use resumes");
    raw.write(&key, &saved).expect("write");
    refused(
        &other_server,
        &c13,
        &session,
        "replayed",
        "a TLS 1.3 entry replayed to another server of the fleet",
    );

    // Key rotation. Entries sealed by key 1 ...
    let old = at.full(&c12);
    let old_too = at.full(&c12);
    let new_ring = ring(3, 0x99)
        .with_previous(1, SealingKey::new([0x42; 32]))
        .expect("ring");
    // ... resume where key 3 seals and key 1 still opens,
    let rotated = Served::start(kind, new_ring, &pki, dir.path());
    let (reused, ..) = rotated.offer(&c12, &old);
    assert!(reused, "an entry sealed by the previous key still resumes");
    let fresh = rotated.full(&c12);
    let sealed = raw
        .read(&slot_key(fresh.id()))
        .expect("read")
        .expect("stored")
        .sealed;
    assert_eq!(&sealed[3..7], &3u32.to_be_bytes(), "the new key seals");
    // ... are counted misses once key 1 is retired,
    let retired = Served::start(kind, ring(3, 0x99), &pki, dir.path());
    refused(
        &retired,
        &c12,
        &old_too,
        "unknown_key",
        "sealed by a retired key",
    );
    // ... and where id 1 names another key, they fail authentication.
    let impostor = Served::start(kind, ring(1, 0x66), &pki, dir.path());
    refused(
        &impostor,
        &c12,
        &old,
        "corrupt",
        "sealed by another key of the same id",
    );

    for s in [&at, &rotated, &retired, &impostor] {
        assert_eq!(s.server.errors(), 0, "no TLS error reached a peer");
    }
}

#[test]
fn edited_redis_entries_are_counted_misses() {
    let Some(redis) = fleet::redis("edited_redis_entries_are_counted_misses") else {
        return;
    };
    let raw = RawRedis::connect(&redis.url()).expect("redis");
    edited_entries(&BackendKind::Redis(redis.url()), &raw);
}

#[test]
fn edited_postgres_entries_are_counted_misses() {
    let Some(pg) = fleet::postgres("edited_postgres_entries_are_counted_misses") else {
        return;
    };
    let kind = BackendKind::Postgres(pg.params());
    // The backend creates its tables on first use; the raw client connects after.
    let _ = store_on(&kind, ring(1, 0x42)).purge_expired(0);
    let raw = RawPostgres::connect(&pg.params()).expect("postgres");
    edited_entries(&kind, &raw);
}

#[test]
fn edited_sqlite_entries_are_counted_misses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sessions.sqlite");
    let raw = RawSqlite::open(file.clone());
    edited_entries(&BackendKind::Sqlite(file), &raw);
}
