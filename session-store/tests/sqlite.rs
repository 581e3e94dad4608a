//! The SQLite backend keeps every backend rule — on a file and in memory,
//! across threads, across processes sharing one file, through `Offload` on
//! tokio — and fails with an error, never a panic, on a damaged database.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use session_store::{
    conformance, AsyncBackend, AsyncSessionStore, AsyncStore, Backend, BackendError, Entry,
    EntryMeta, KeyRing, Offload, PeerKey, SealingKey, SqliteBackend, SqliteOptions,
};

const NOW: i64 = 1_800_000_000;

fn entry(sealed: &[u8], expires_in: i64, single_use: bool) -> Entry<'_> {
    Entry {
        sealed,
        meta: EntryMeta {
            expires_at: Some(NOW + expires_in),
            single_use,
        },
        record: None,
    }
}

#[test]
fn file_backend_keeps_the_backend_rules() {
    let dir = tempfile::tempdir().unwrap();
    conformance::run_all(SqliteBackend::open(dir.path().join("s.sqlite"), 1024).unwrap());
}

#[test]
fn file_backend_stays_within_its_bound() {
    let dir = tempfile::tempdir().unwrap();
    let b = SqliteBackend::open(dir.path().join("s.sqlite"), 20).unwrap();
    conformance::bounded(&b, 20);
    assert!(b.len().unwrap() <= 20, "{} entries", b.len().unwrap());
}

#[test]
fn memory_backend_keeps_the_backend_rules() {
    conformance::run_all(SqliteBackend::open(":memory:", 1024).unwrap());
}

#[test]
fn memory_backend_stays_within_its_bound() {
    let b = SqliteBackend::in_memory(20).unwrap();
    assert_eq!(b.path(), None);
    conformance::bounded(&b, 20);
    assert!(b.len().unwrap() <= 20);
}

/// Two in-memory backends are two databases (`:memory:` is per process and
/// per backend), while two backends on one file share it.
#[test]
fn memory_is_private_and_a_file_is_shared() {
    let (a, b) = (
        SqliteBackend::in_memory(10).unwrap(),
        SqliteBackend::in_memory(10).unwrap(),
    );
    a.put("k", &entry(b"v", 10, false)).unwrap();
    assert_eq!(b.fetch("k", NOW).unwrap(), None);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let a = SqliteBackend::open(&path, 10).unwrap();
    a.put("k", &entry(b"v", 10, false)).unwrap();
    let b = SqliteBackend::open(&path, 10).unwrap();
    assert_eq!(b.fetch("k", NOW).unwrap().as_deref(), Some(&b"v"[..]));
    drop((a, b));
    // And it persists.
    let c = SqliteBackend::open(&path, 10).unwrap();
    assert_eq!(c.fetch("k", NOW).unwrap().as_deref(), Some(&b"v"[..]));
    assert_eq!(c.len().unwrap(), 1);
}

/// The file is in WAL mode with the schema version set, and keeps the
/// record when one is given (the `record` column).
#[test]
fn file_layout_wal_schema_version_and_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let b = SqliteBackend::open(&path, 10).unwrap();
    b.put(
        "k",
        &Entry {
            record: Some(r#"{"protocol":"TLSv1.3"}"#),
            ..entry(b"v", 10, false)
        },
    )
    .unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = raw
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, session_store::sqlite::SCHEMA_VERSION);
    let protocol: String = raw
        .query_row(
            "SELECT json_extract(record, '$.protocol') FROM session_entries WHERE key = 'k'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(protocol, "TLSv1.3");
}

/// Entries that never expire rank after every dated one: a bound evicts
/// dated ones first, and `purge_expired` keeps them.
#[test]
fn never_expiring_entries_rank_last() {
    let b = SqliteBackend::in_memory(2).unwrap();
    let never = Entry {
        meta: EntryMeta {
            expires_at: None,
            single_use: false,
        },
        ..entry(b"never", 0, false)
    };
    b.put("n", &never).unwrap();
    b.put("a", &entry(b"a", 100, false)).unwrap();
    assert_eq!(b.put("b", &entry(b"b", 200, false)).unwrap(), 1);
    assert!(b.fetch("n", NOW).unwrap().is_some());
    assert!(
        b.fetch("a", NOW).unwrap().is_none(),
        "expiring first, evicted"
    );
    assert_eq!(b.purge_expired(i64::MAX - 1).unwrap(), 1);
    assert!(b.fetch("n", i64::MAX).unwrap().is_some());
}

// ---- several processes on one file ---------------------------------------

/// Eight openers of one new file at once (each its own connections, as
/// processes would be): all succeed — the switch to WAL, which SQLite answers
/// with `SQLITE_BUSY` at once under contention, is retried — and all see one
/// database.
#[test]
fn concurrent_openers_of_a_new_file_all_succeed() {
    for round in 0..40 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.sqlite");
        let go = Arc::new(std::sync::Barrier::new(8));
        let openers: Vec<_> = (0..8)
            .map(|n| {
                let (path, go) = (path.clone(), Arc::clone(&go));
                std::thread::spawn(move || {
                    go.wait();
                    let b = SqliteBackend::open(&path, 100)?;
                    b.put(&format!("k{n}"), &entry(b"v", 10, false))?;
                    Ok::<_, BackendError>(b)
                })
            })
            .collect();
        for t in openers {
            let b = t
                .join()
                .unwrap()
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            assert_eq!(b.path(), Some(path.as_path()));
        }
        let b = SqliteBackend::open(&path, 100).unwrap();
        assert_eq!(b.len().unwrap(), 8, "round {round}: one database");
    }
}

const RACE_DB: &str = "SESSION_STORE_SQLITE_RACE_DB";
const SLOTS: usize = 1000;
const MEMBERS: usize = 1000;

/// What one racer does: take every single-use slot and list member it can,
/// as fast as it can, and report each (`GOT:<value>`).
fn race(b: &SqliteBackend, report: &mut dyn FnMut(String)) {
    for i in 0..SLOTS {
        if let Some(v) = b.fetch(&format!("race:s:{{{i}}}"), NOW).unwrap() {
            report(String::from_utf8(v).unwrap());
        }
    }
    while let Some(v) = b.pop("race:c:{peer}", NOW).unwrap() {
        report(String::from_utf8(v).unwrap());
    }
}

/// Not a test of its own: the child process of
/// `processes_and_threads_race_for_single_use_entries` (which runs this test
/// binary again with `RACE_DB` set). Without it, it does nothing.
#[test]
#[ignore = "child process of processes_and_threads_race_for_single_use_entries"]
fn race_child_process() {
    let Ok(path) = std::env::var(RACE_DB) else {
        return;
    };
    let b = SqliteBackend::open(&path, 100_000).unwrap();
    // Ready (the database open), then wait for the start.
    let ready = Path::new(&path).with_extension(format!("ready{}", std::process::id()));
    std::fs::write(ready, b"").unwrap();
    wait_for(&Path::new(&path).with_extension("go"));
    race(&b, &mut |v| println!("GOT:{v}"));
}

fn wait_for(go: &Path) {
    let start = Instant::now();
    while !go.exists() {
        assert!(start.elapsed() < Duration::from_secs(60), "no go signal");
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Two child processes, and four threads on two backends of this process,
/// race for the same single-use slots and list members on one file: each
/// entry is handed out exactly once, and every one is handed out.
#[test]
fn processes_and_threads_race_for_single_use_entries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.sqlite");
    let a = Arc::new(SqliteBackend::open(&path, 100_000).unwrap());
    for i in 0..SLOTS {
        a.put(
            &format!("race:s:{{{i}}}"),
            &entry(format!("slot{i}").as_bytes(), 100, true),
        )
        .unwrap();
    }
    for m in 0..MEMBERS {
        // Some share an expiry, so ties are decided by age too.
        a.push(
            "race:c:{peer}",
            &entry(format!("member{m}").as_bytes(), 100 + (m as i64 % 7), true),
            MEMBERS,
        )
        .unwrap();
    }
    let children: Vec<_> = (0..2)
        .map(|_| {
            std::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "race_child_process",
                    "--exact",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(RACE_DB, &path)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let b = Arc::new(SqliteBackend::open(&path, 100_000).unwrap());
    let go = path.with_extension("go");
    let threads: Vec<_> = [&a, &a, &b, &b]
        .into_iter()
        .map(|backend| {
            let (backend, go) = (Arc::clone(backend), go.clone());
            std::thread::spawn(move || {
                wait_for(&go);
                let mut got = Vec::new();
                race(&backend, &mut |v| got.push(v));
                got
            })
        })
        .collect();
    // Start when both children have opened the database, so they race the
    // threads from the first entry on rather than arriving late.
    let start = Instant::now();
    while std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with("race.ready")
        })
        .count()
        < 2
    {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "children not ready"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    std::fs::write(&go, b"go").unwrap();

    let mut handed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (n, t) in threads.into_iter().enumerate() {
        for v in t.join().unwrap() {
            handed.entry(v).or_default().push(format!("thread {n}"));
        }
    }
    let mut per_child = Vec::new();
    for (n, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "child {n} failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // libtest prints `test race_child_process ... ` before the test's
        // own output, on the same line as its first `GOT:`.
        let got: Vec<_> = stdout
            .lines()
            .filter_map(|l| l.split_once("GOT:").map(|(_, v)| v))
            .collect();
        per_child.push(got.len());
        for v in got {
            handed
                .entry(v.to_owned())
                .or_default()
                .push(format!("child {n}"));
        }
    }
    let twice: Vec<_> = handed.iter().filter(|(_, who)| who.len() > 1).collect();
    assert!(twice.is_empty(), "handed out more than once: {twice:?}");
    assert_eq!(handed.len(), SLOTS + MEMBERS, "every entry handed out");
    assert_eq!(a.len().unwrap(), 0, "nothing left");
    // Not a property, but the sign the race took place: say who won what.
    println!("entries taken by the child processes: {per_child:?}");
}

// ---- damaged databases ----------------------------------------------------

fn assert_sqlite_error(e: &BackendError, what: &str) {
    assert_eq!(e.backend(), "sqlite", "{what}: {e}");
}

/// Every operation on `b`, as a damaged database would see them: each is an
/// error or an answer the rules allow (a miss, or a value that was stored),
/// never a panic; returns how many failed.
fn exercise(b: &SqliteBackend, stored: &[Vec<u8>], what: &str) -> usize {
    let mut failures = 0;
    let mut check = |r: Result<Option<Vec<u8>>, BackendError>| match r {
        Ok(Some(v)) => assert!(stored.contains(&v), "{what}: a value never stored"),
        Ok(None) => {}
        Err(e) => {
            assert_sqlite_error(&e, what);
            failures += 1;
        }
    };
    for i in 0..20 {
        check(b.fetch(&format!("k{i}"), NOW));
    }
    check(b.pop("list", NOW));
    check(b.put("new", &entry(b"new", 10, false)).map(|_| None));
    check(b.push("list", &entry(b"new", 10, true), 4).map(|_| None));
    check(b.remove("k1").map(|_| None));
    check(b.purge_expired(NOW).map(|_| None));
    check(b.len().map(|_| None));
    failures
}

/// A database with entries, closed, as bytes.
fn populated(path: &Path) -> Vec<Vec<u8>> {
    let b = SqliteBackend::open(path, 1000).unwrap();
    let mut stored = vec![b"new".to_vec()];
    for i in 0u8..20 {
        let v = vec![i; 300];
        b.put(&format!("k{i}"), &entry(&v, 100, i % 2 == 0))
            .unwrap();
        b.push("list", &entry(&v, 100 + i64::from(i), true), 50)
            .unwrap();
        stored.push(v);
    }
    stored
}

fn garbage(len: usize, seed: u8) -> Vec<u8> {
    let mut x = u32::from(seed) | 0x9e37_0000;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn garbage_file_is_an_error_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.sqlite");
    std::fs::write(&path, garbage(8192, 1)).unwrap();
    let e = SqliteBackend::open(&path, 10).unwrap_err();
    assert_sqlite_error(&e, "garbage");
    assert!(e.to_string().contains("not a database"), "{e}");
}

#[test]
fn damaged_pages_are_errors_never_panics() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.sqlite");
    let stored = populated(&path);
    let good = std::fs::read(&path).unwrap();
    assert!(good.len() > 3 * 4096, "{} bytes", good.len());

    // Everything after the first page (which holds the header and the
    // schema) overwritten: the tables' pages are garbage.
    let mut bytes = good.clone();
    let tail = garbage(bytes.len() - 4096, 2);
    bytes[4096..].copy_from_slice(&tail);
    std::fs::write(&path, &bytes).unwrap();
    let failures = match SqliteBackend::open(&path, 1000) {
        Err(e) => {
            assert_sqlite_error(&e, "tables overwritten");
            1
        }
        Ok(b) => exercise(&b, &stored, "tables overwritten"),
    };
    assert!(failures > 0, "a database with garbage pages gave no error");

    // The schema page overwritten behind an intact 100-byte header.
    let mut bytes = good.clone();
    let page = garbage(4096 - 100, 3);
    bytes[100..4096].copy_from_slice(&page);
    std::fs::write(&path, &bytes).unwrap();
    match SqliteBackend::open(&path, 1000) {
        Err(e) => assert_sqlite_error(&e, "schema overwritten"),
        Ok(b) => assert!(exercise(&b, &stored, "schema overwritten") > 0),
    }

    // Truncated to half: whatever still reads must be an allowed answer.
    std::fs::write(&path, &good[..good.len() / 2]).unwrap();
    match SqliteBackend::open(&path, 1000) {
        Err(e) => assert_sqlite_error(&e, "truncated"),
        Ok(b) => {
            exercise(&b, &stored, "truncated");
        }
    }
}

/// A row written by something else, with a text where the sealed bytes
/// belong: an error, not a panic and not a value.
#[test]
fn mistyped_rows_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let b = SqliteBackend::open(&path, 10).unwrap();
    b.put("k", &entry(b"v", 10, false)).unwrap();
    b.push("l", &entry(b"v", 10, true), 4).unwrap();
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute("UPDATE session_entries SET sealed = 'text'", [])
        .unwrap();
    assert_sqlite_error(&b.fetch("k", NOW).unwrap_err(), "mistyped slot");
    assert_sqlite_error(&b.pop("l", NOW).unwrap_err(), "mistyped member");
}

/// A file from a later release (a newer schema version) is refused rather
/// than written in a layout this release does not know.
#[test]
fn newer_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    drop(SqliteBackend::open(&path, 10).unwrap());
    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.pragma_update(None, "user_version", 2).unwrap();
    drop(raw);
    let e = SqliteBackend::open(&path, 10).unwrap_err();
    assert_sqlite_error(&e, "newer schema");
    assert!(e.to_string().contains("schema version 2"), "{e}");
}

// ---- async ------------------------------------------------------------------

/// Through `Offload`, tokio tasks use the backend as an `AsyncBackend`; 16
/// tasks racing for single-use entries each get a different one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offload_serves_tokio_tasks() {
    let dir = tempfile::tempdir().unwrap();
    let b = Arc::new(Offload::new(
        SqliteBackend::open(dir.path().join("s.sqlite"), 1000).unwrap(),
    ));
    AsyncBackend::put(&*b, "slot", &entry(b"one", 10, true))
        .await
        .unwrap();
    for m in 0..8 {
        AsyncBackend::push(
            &*b,
            "list",
            &entry(format!("m{m}").as_bytes(), 10, true),
            16,
        )
        .await
        .unwrap();
    }
    let tasks: Vec<_> = (0..16)
        .map(|_| {
            let b = Arc::clone(&b);
            tokio::spawn(async move {
                let slot = AsyncBackend::fetch(&*b, "slot", NOW).await.unwrap();
                let member = AsyncBackend::pop(&*b, "list", NOW).await.unwrap();
                (slot, member)
            })
        })
        .collect();
    let (mut slots, mut members) = (0, Vec::new());
    for t in tasks {
        let (slot, member) = t.await.unwrap();
        slots += usize::from(slot.is_some());
        members.extend(member);
    }
    assert_eq!(slots, 1, "the single-use slot went to one task");
    members.sort();
    members.dedup();
    assert_eq!(members.len(), 8, "each member to one task");
    assert_eq!(AsyncBackend::purge_expired(&*b, NOW).await.unwrap(), 0);
    assert!(b.inner().is_empty().unwrap());
}

// ---- locks and options -------------------------------------------------------

/// Another process holding SQLite's write lock (here a raw connection inside
/// `BEGIN IMMEDIATE`): reads of multi-use entries go on (WAL), writes and
/// takes wait for the busy timeout and then fail with an error — not a miss
/// that hides the failure, and not a second hand-out — and all works again
/// once the lock is released.
#[test]
fn a_writer_elsewhere_blocks_writes_not_reads() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.sqlite");
    let b = SqliteBackend::open_with(
        &path,
        &SqliteOptions::new(100).busy_timeout(Duration::from_millis(200)),
    )
    .unwrap();
    b.put("multi", &entry(b"m", 100, false)).unwrap();
    b.put("once", &entry(b"o", 100, true)).unwrap();

    let raw = rusqlite::Connection::open(&path).unwrap();
    raw.execute_batch("BEGIN IMMEDIATE; DELETE FROM session_entries WHERE key = 'nothing';")
        .unwrap();
    let start = Instant::now();
    assert_eq!(
        b.fetch("multi", NOW).unwrap().as_deref(),
        Some(&b"m"[..]),
        "a read waits for no writer"
    );
    let read_took = start.elapsed();
    let start = Instant::now();
    let e = b.put("new", &entry(b"n", 100, false)).unwrap_err();
    assert_sqlite_error(&e, "put under another writer");
    assert!(e.to_string().contains("locked"), "{e}");
    assert!(
        start.elapsed() >= Duration::from_millis(200),
        "put gave up before the busy timeout ({:?})",
        start.elapsed()
    );
    assert!(read_took < Duration::from_millis(200), "{read_took:?}");
    assert_sqlite_error(
        &b.fetch("once", NOW).unwrap_err(),
        "take under another writer",
    );
    raw.execute_batch("COMMIT").unwrap();

    assert_eq!(b.fetch("once", NOW).unwrap().as_deref(), Some(&b"o"[..]));
    assert_eq!(b.fetch("once", NOW).unwrap(), None);
    b.put("new", &entry(b"n", 100, false)).unwrap();
}

/// The options: one connection (a mutex around it, in effect) and
/// `synchronous = FULL` keep the rules too.
#[test]
fn one_durable_connection_keeps_the_backend_rules() {
    let dir = tempfile::tempdir().unwrap();
    let options = SqliteOptions::new(1024).connections(1).durable(true);
    let b = SqliteBackend::open_with(dir.path().join("s.sqlite"), &options).unwrap();
    assert!(format!("{b:?}").contains("connections: 1"), "{b:?}");
    conformance::run_all(b);
}

/// The store over the backend on tokio: `AsyncStore<Offload<SqliteBackend>>`
/// with a real OpenSSL 3.0 TLS 1.3 client session from the corpus; eight
/// tasks ask for it, one gets it, byte for byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn async_store_over_offload() {
    let (corpus, manifest) = sslsession_testkit::manifest();
    let known = manifest
        .iter()
        .find(|e| {
            e["origin"] == "handshake"
                && e["side"] == "client"
                && e["protocol_version"] == 772
                && e["timeout"].as_i64().is_some_and(|t| t > 10)
        })
        .expect("a TLS 1.3 client session from a handshake in the corpus");
    let der = std::fs::read(corpus.join(known["file"].as_str().unwrap())).unwrap();
    let now = known["time"].as_i64().unwrap() + 1;

    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(AsyncStore::new(
        Offload::new(SqliteBackend::open(dir.path().join("s.sqlite"), 1000).unwrap()),
        KeyRing::new(1, SealingKey::new([3; 32])),
    ));
    let peer = PeerKey::new("server.test", 443);
    store.put_client_der(&peer, &der, now).await.unwrap();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (store, peer) = (Arc::clone(&store), peer.clone());
            tokio::spawn(async move { store.take_client(&peer, now).await.unwrap() })
        })
        .collect();
    let mut got = Vec::new();
    for t in tasks {
        got.extend(t.await.unwrap());
    }
    assert_eq!(got.len(), 1, "a TLS 1.3 session is taken once");
    assert_eq!(got[0].der(), der.as_slice());
    let stats = store.stats();
    assert_eq!((stats.hits, stats.misses), (1, 7), "{stats:?}");
}
