//! The PostgreSQL backend against a private PostgreSQL cluster (testkit's
//! `PostgresServer`): the backend rules, single-use entries raced by two
//! pools, the database stopped and started mid-run, the record query, and TLS
//! to the server.
//!
//! Without PostgreSQL's server binaries each test prints `SKIPPED …` and
//! passes, unless `SSLSESSION_REQUIRE_SERVICES=1` (CI), which fails it.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use session_serde::{Record, RecordOptions};
use session_store::postgres::{PostgresBackend, PostgresConfig};
use session_store::{
    conformance, AsyncBackend, AsyncSessionStore, AsyncStore, Backend, BackendError, Entry,
    EntryMeta, KeyRing, Namespace, SealingKey, ServerKey, StoreConfig,
};
use sslsession_testkit::services::{services_required, PostgresServer, ServerError, REQUIRE_VAR};

const NOW: i64 = 1_800_000_000;

/// A private server, or `None` (the test skips) when PostgreSQL is not
/// installed and services are not required.
fn server(test: &str) -> Option<PostgresServer> {
    match PostgresServer::start() {
        Ok(server) => Some(server),
        Err(e @ ServerError::Missing { .. }) if !services_required() => {
            println!("SKIPPED {test}: {e} ({REQUIRE_VAR}=1 makes this a failure)");
            None
        }
        Err(e) => panic!("{test}: {e}"),
    }
}

fn config(server: &PostgresServer) -> PostgresConfig {
    PostgresConfig::new(&server.params()).expect("params")
}

#[test]
fn postgres_backend_keeps_the_backend_rules() {
    let Some(server) = server("postgres_backend_keeps_the_backend_rules") else {
        return;
    };
    let backend = PostgresBackend::blocking(config(&server).max_entries(10_000)).expect("connect");
    conformance::run_all(backend);
    // The bound is global, so it gets tables of its own.
    let bounded = PostgresBackend::blocking(
        config(&server)
            .table_prefix("bounded")
            .expect("prefix")
            .max_entries(20),
    )
    .expect("connect");
    conformance::bounded(&bounded, 20);
    // Replacing a slot does not count it twice (the counter triggers see an
    // upsert's update as no insert): 20 more replacements evict nothing.
    let key = "replaced:s:{x}";
    let mut evicted = 0;
    for i in 0..20 {
        evicted += bounded
            .put(key, &Entry::new(b"v", Some(NOW + 5000 + i), false))
            .expect("put");
    }
    assert!(evicted <= 1, "replacements evicted {evicted}");
    let evicted: u64 = (0..20)
        .map(|_| {
            bounded
                .put(key, &Entry::new(b"v", Some(NOW + 6000), false))
                .expect("put")
        })
        .sum();
    assert_eq!(
        evicted, 0,
        "a full cache evicts nothing when a slot is replaced"
    );
}

/// Two pools on one table stand for two server processes: 32 tasks race
/// for single-use slots and list members, and each is handed out once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn single_use_entries_go_to_one_of_many_racing_tasks_across_pools() {
    let Some(server) = server("single_use_entries_go_to_one_of_many_racing_tasks_across_pools")
    else {
        return;
    };
    // A fleet starting at once: 8 backends create the schema concurrently
    // (the advisory lock serialises them; without it some fail on the
    // catalogue's unique index).
    let fleet: Vec<_> = (0..8)
        .map(|_| {
            tokio::spawn(PostgresBackend::connect(
                config(&server).table_prefix("fleet").expect("prefix"),
            ))
        })
        .collect();
    for member in fleet {
        member
            .await
            .expect("task")
            .expect("a fleet member creates or finds the schema");
    }
    let a = Arc::new(
        PostgresBackend::connect(config(&server).pool_size(8))
            .await
            .expect("connect"),
    );
    let b = Arc::new(
        PostgresBackend::connect(config(&server).pool_size(8))
            .await
            .expect("connect"),
    );
    for round in 0..5 {
        let slots: Vec<String> = (0..4).map(|i| format!("race{round}:s:{{{i}}}")).collect();
        let list = format!("race{round}:c:{{peer}}");
        for (i, slot) in slots.iter().enumerate() {
            a.put(
                slot,
                &Entry::new(format!("slot{i}").as_bytes(), Some(NOW + 100), true),
            )
            .await
            .expect("put");
        }
        for m in 0..12 {
            b.push(
                &list,
                &Entry::new(format!("m{m}").as_bytes(), Some(NOW + 100 + m % 3), true),
                64,
            )
            .await
            .expect("push");
        }
        let slot_hits = Arc::new(AtomicUsize::new(0));
        let tasks: Vec<_> = (0..32)
            .map(|t| {
                let backend = Arc::clone(if t % 2 == 0 { &a } else { &b });
                let (slots, list, slot_hits) =
                    (slots.clone(), list.clone(), Arc::clone(&slot_hits));
                tokio::spawn(async move {
                    for slot in &slots {
                        if backend.fetch(slot, NOW).await.expect("fetch").is_some() {
                            slot_hits.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    backend.pop(&list, NOW).await.expect("pop")
                })
            })
            .collect();
        let mut popped = Vec::new();
        for task in tasks {
            popped.extend(task.await.expect("task"));
        }
        assert_eq!(
            slot_hits.load(Ordering::SeqCst),
            4,
            "each of 4 single-use slots went to exactly one of 32 tasks"
        );
        let distinct: BTreeSet<_> = popped.iter().cloned().collect();
        assert_eq!(popped.len(), 12, "all 12 tickets were handed out");
        assert_eq!(distinct.len(), 12, "no ticket was handed out twice");
        assert_eq!(a.pop(&list, NOW).await.expect("pop"), None);
    }
    // Latency of one operation on loopback, for the README (printed, not
    // asserted: this machine's load decides it).
    for (op, single_use) in [
        ("put + fetch (TLS 1.2)", false),
        ("put + fetch (TLS 1.3)", true),
    ] {
        let mut put = Vec::new();
        let mut fetch = Vec::new();
        for i in 0..300 {
            let key = format!("latency{single_use}:s:{{{i}}}");
            let started = Instant::now();
            a.put(&key, &Entry::new(&[7; 200], Some(NOW + 100), single_use))
                .await
                .expect("put");
            put.push(started.elapsed());
            let started = Instant::now();
            assert!(a.fetch(&key, NOW).await.expect("fetch").is_some());
            fetch.push(started.elapsed());
        }
        put.sort();
        fetch.sort();
        println!(
            "{op}: put p50 {:?} p99 {:?}, fetch p50 {:?} p99 {:?}",
            put[150], put[296], fetch[150], fetch[296]
        );
    }
    // The counter the bound is checked against followed every insert and
    // delete of the racing tasks on both pools (300 TLS 1.2 entries remain).
    let client = a.pool().get().await.expect("client");
    let counted: i64 = client
        .query_one(&format!("SELECT count(*) FROM {}", a.table()), &[])
        .await
        .expect("count")
        .get(0);
    assert_eq!(a.entry_count().await.expect("entry count"), counted as u64);
    assert_eq!(counted, 300);
}

/// The database stopped mid-run (`pg_ctl stop -m fast`): every operation
/// fails with a `BackendError` within the timeout, nothing panics; started
/// again on the same port, the same backend object works again.
#[test]
fn a_stopped_database_fails_fast_and_the_backend_recovers_by_itself() {
    let Some(mut server) =
        server("a_stopped_database_fails_fast_and_the_backend_recovers_by_itself")
    else {
        return;
    };
    let timeout = Duration::from_millis(300);
    let backend =
        PostgresBackend::blocking(config(&server).timeout(timeout).pool_size(4)).expect("connect");
    let (slot, list) = ("restart:s:{a}", "restart:c:{peer}");
    backend
        .put(slot, &Entry::new(b"kept", Some(NOW + 1000), false))
        .expect("put");
    backend
        .push(list, &Entry::new(b"t12", Some(NOW + 1000), false), 4)
        .expect("push");
    // Several pooled connections, so recovery must replace more than one.
    std::thread::scope(|s| {
        for _ in 0..4 {
            s.spawn(|| backend.fetch(slot, NOW).expect("fetch"));
        }
    });

    // Stopped under load: four threads keep operating while the server
    // goes down; every operation returns (Ok before, Err after) in time.
    let busy = std::sync::atomic::AtomicBool::new(true);
    let slowest_under_load = std::thread::scope(|s| {
        let workers: Vec<_> = (0..4)
            .map(|t| {
                let (backend, busy) = (&backend, &busy);
                s.spawn(move || {
                    let mut slowest = Duration::ZERO;
                    let key = format!("load:s:{{{t}}}");
                    while busy.load(Ordering::SeqCst) {
                        let started = Instant::now();
                        let _ = backend.put(&key, &Entry::new(b"v", Some(NOW + 100), true));
                        let _ = backend.fetch(&key, NOW);
                        slowest = slowest.max(started.elapsed());
                    }
                    slowest
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        server.stop().expect("stop");
        std::thread::sleep(Duration::from_millis(500));
        busy.store(false, Ordering::SeqCst);
        workers
            .into_iter()
            .map(|w| w.join().expect("no panic"))
            .max()
            .unwrap_or_default()
    });
    println!("stopped under load: slowest put + fetch pair {slowest_under_load:?}");
    assert!(
        slowest_under_load <= 2 * timeout + Duration::from_millis(200),
        "a put + fetch pair took {slowest_under_load:?} while the server stopped"
    );
    // A service that starts while its database is down: `new` does no I/O,
    // operations fail until the database is up, then create the schema.
    let late_config = config(&server)
        .timeout(timeout)
        .table_prefix("late")
        .expect("prefix");
    let late = session_store::Blocking::build(|| async { PostgresBackend::new(late_config) })
        .expect("a backend without its database");
    late.put(slot, &Entry::new(b"late", Some(NOW + 10), false))
        .expect_err("no database yet");
    let mut slowest = Duration::ZERO;
    for round in 0..3 {
        let results: Vec<(&str, Duration, Result<(), BackendError>)> = vec![
            timed("fetch", || backend.fetch(slot, NOW).map(drop)),
            timed("put", || {
                backend
                    .put(slot, &Entry::new(b"x", Some(NOW + 10), false))
                    .map(drop)
            }),
            timed("pop", || backend.pop(list, NOW).map(drop)),
            timed("push", || {
                backend
                    .push(list, &Entry::new(b"y", Some(NOW + 10), true), 4)
                    .map(drop)
            }),
            timed("remove", || backend.remove("restart:s:{b}").map(drop)),
            timed("purge_expired", || backend.purge_expired(NOW).map(drop)),
        ];
        for (op, took, result) in results {
            let err = result.expect_err(op);
            assert_eq!(err.backend(), "postgres");
            println!("down, round {round}: {op} failed in {took:?}: {err}");
            slowest = slowest.max(took);
        }
    }
    assert!(
        slowest <= timeout + Duration::from_millis(200),
        "an operation on a stopped database took {slowest:?} (timeout {timeout:?})"
    );

    server.start_again().expect("start again");
    let started = Instant::now();
    assert_eq!(
        backend
            .fetch(slot, NOW)
            .expect("fetch after restart")
            .as_deref(),
        Some(&b"kept"[..]),
        "the first operation after the restart succeeds, and the data survived"
    );
    println!("first fetch after the restart: {:?}", started.elapsed());
    assert_eq!(
        backend.pop(list, NOW).expect("pop").as_deref(),
        Some(&b"t12"[..])
    );
    std::thread::scope(|s| {
        for _ in 0..8 {
            s.spawn(|| {
                backend
                    .fetch(slot, NOW)
                    .expect("fetch on every pooled connection");
            });
        }
    });
    late.put(slot, &Entry::new(b"late", Some(NOW + 10), false))
        .expect("the late backend creates its schema once the database is up");
    assert_eq!(
        late.fetch(slot, NOW).expect("fetch").as_deref(),
        Some(&b"late"[..])
    );
}

fn timed(
    op: &str,
    f: impl FnOnce() -> Result<(), BackendError>,
) -> (&str, Duration, Result<(), BackendError>) {
    let started = Instant::now();
    let result = f();
    (op, started.elapsed(), result)
}

/// A database that accepts connections and never answers (a hung server, a
/// black-holed network): the timeout alone bounds the wait. Needs no
/// PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_never_answers_fails_within_the_timeout() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = listener.local_addr().expect("addr").port();
    // Accept and hold the sockets, never writing a byte.
    let holder = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    let timeout = Duration::from_millis(250);
    let backend = PostgresBackend::new(
        PostgresConfig::new(&format!("host=127.0.0.1 port={port} user=postgres"))
            .expect("params")
            .timeout(timeout),
    )
    .expect("backend");
    for _ in 0..3 {
        let started = Instant::now();
        let err = backend
            .fetch("hung:s:{a}", NOW)
            .await
            .expect_err("no answer");
        let took = started.elapsed();
        println!("hung server: fetch failed in {took:?}: {err}");
        assert!(
            took >= timeout - Duration::from_millis(10)
                && took <= timeout + Duration::from_millis(150),
            "took {took:?} with a {timeout:?} timeout"
        );
    }
    holder.abort();
}

/// Real OpenSSL sessions with their redacted records: the old example's
/// query ("every session for a host that expires in the next hour") on the
/// new table, served by its expression index; the record holds no secret.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_record_query_finds_a_hosts_sessions_expiring_within_the_hour() {
    let Some(server) = server("the_record_query_finds_a_hosts_sessions_expiring_within_the_hour")
    else {
        return;
    };
    let backend = PostgresBackend::connect(config(&server).table_prefix("q").expect("prefix"))
        .await
        .expect("connect");
    let (dir, manifest) = sslsession_testkit::manifest();
    let mut expected = BTreeSet::new();
    let mut secrets = Vec::new();
    let mut negotiated = std::collections::BTreeMap::new();
    let mut stored = 0;
    for (i, line) in manifest
        .iter()
        .filter(|l| l["hostname_hex"].is_string())
        .enumerate()
    {
        let file = line["file"].as_str().expect("file");
        let der = std::fs::read(dir.join(file)).expect("session");
        let session =
            session_der::decode_with::<session_der::OwnedSession>(&der, &Default::default())
                .expect("corpus session decodes")
                .session;
        let record =
            serde_json::to_string(&Record::from_session(&session, &RecordOptions::redacted()))
                .expect("record");
        // Lifetimes 0, 15, 30, … minutes: the first four expire in the hour.
        let expires_at = NOW + 900 * (i as i64 % 8);
        let host = hex_text(line["hostname_hex"].as_str().expect("hex"));
        let key = format!("q:s:{{{i}}}");
        let single_use = line["negotiated_version"] == "TLSv1.3";
        backend
            .put(
                &key,
                &Entry {
                    sealed: b"sealed",
                    meta: EntryMeta {
                        expires_at: Some(expires_at),
                        single_use,
                    },
                    record: Some(&record),
                },
            )
            .await
            .expect("put");
        stored += 1;
        negotiated.insert(
            key.clone(),
            line["negotiated_version"].as_str().map(str::to_owned),
        );
        if host.as_deref() == Some("example.com") && expires_at < NOW + 3600 {
            expected.insert((
                key,
                line["session_id_hex"].as_str().expect("id").to_owned(),
                expires_at,
            ));
        }
        // Master keys of 16 bytes and more (shorter hex strings, the empty
        // key of setter-made sessions above all, occur by chance).
        let master_key = line["master_key_hex"].as_str().expect("key");
        if master_key.len() >= 32 {
            secrets.push(master_key.to_owned());
        }
    }
    assert!(
        stored >= 8,
        "the corpus has sessions with host names ({stored})"
    );
    assert!(
        !expected.is_empty(),
        "some example.com sessions expire in the hour"
    );
    let rows = backend
        .expiring_for_host("example.com", NOW, 3600)
        .await
        .expect("query");
    let found: BTreeSet<_> = rows
        .iter()
        .map(|r| (r.key.clone(), r.session_id.clone(), r.expires_at))
        .collect();
    assert_eq!(
        found, expected,
        "the host's sessions expiring within the hour"
    );
    assert!(
        rows.windows(2).all(|w| w[0].expires_at <= w[1].expires_at),
        "soonest first"
    );
    // The protocol name, where the manifest has the one real OpenSSL
    // negotiated (handshake sessions; setter-made ones carry other versions).
    for row in &rows {
        if let Some(version) = negotiated.get(&row.key).and_then(|v| v.as_deref()) {
            assert_eq!(row.protocol.as_deref(), Some(version), "{row:?}");
        }
    }

    // The table holds no secret: no master key of a stored session appears
    // in any record; and the index serves the query.
    let client = backend.pool().get().await.expect("client");
    let texts: Vec<String> = client
        .query(
            &format!("SELECT record::text FROM {}", backend.table()),
            &[],
        )
        .await
        .expect("records")
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(texts.len(), stored);
    for text in &texts {
        assert!(
            text.contains("\"redacted\""),
            "the record is the redacted one"
        );
        for secret in &secrets {
            assert!(
                !text.contains(secret.as_str()),
                "a master key leaked into the record"
            );
        }
    }
    // The server gives up on a statement when the backend does.
    let statement_timeout: String = client
        .query_one("SHOW statement_timeout", &[])
        .await
        .expect("show")
        .get(0);
    assert_eq!(statement_timeout, "300ms");
    client
        .batch_execute("SET enable_seqscan = off")
        .await
        .expect("set");
    let plan: Vec<String> = client
        .query(
            &format!("EXPLAIN {}", backend.expiring_for_host_sql()),
            &[&"example.com", &NOW, &3600_i64],
        )
        .await
        .expect("explain")
        .iter()
        .map(|r| r.get(0))
        .collect();
    client
        .batch_execute("RESET enable_seqscan")
        .await
        .expect("reset");
    let plan = plan.join("\n");
    assert!(
        plan.contains("q_expiring_host"),
        "the index serves the query:\n{plan}"
    );
}

/// The whole store on PostgreSQL: real OpenSSL server sessions put with
/// their public record come back byte for byte (TLS 1.3 once, TLS 1.2 again
/// and again), and the query finds each under its host name with the expiry
/// OpenSSL reported (`time + timeout`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_async_store_on_postgres_resumes_and_keeps_queryable_records() {
    let Some(server) = server("the_async_store_on_postgres_resumes_and_keeps_queryable_records")
    else {
        return;
    };
    let backend = PostgresBackend::connect(config(&server).table_prefix("store").expect("prefix"))
        .await
        .expect("connect");
    let store = AsyncStore::with_config(
        backend,
        KeyRing::new(1, SealingKey::new([9; 32])),
        StoreConfig::new().public_record(true),
    );
    let (dir, manifest) = sslsession_testkit::manifest();
    let servers: Vec<_> = manifest
        .iter()
        .filter(|l| l["origin"] == "handshake" && l["side"] == "server")
        .filter(|l| l["hostname_hex"].is_string())
        .filter(|l| l["session_id_hex"].as_str().is_some_and(|s| !s.is_empty()))
        .collect();
    assert!(servers.len() >= 4, "server sessions with host names");
    let mut tls13_seen = false;
    for line in servers {
        let der = std::fs::read(dir.join(line["file"].as_str().expect("file"))).expect("read");
        let id = unhex(line["session_id_hex"].as_str().expect("id"));
        let ctx = unhex(line["sid_ctx_hex"].as_str().unwrap_or(""));
        let (time, timeout) = (
            line["time"].as_i64().expect("time"),
            line["timeout"].as_i64().expect("timeout"),
        );
        let Some(host) = hex_text(line["hostname_hex"].as_str().expect("hex")) else {
            continue;
        };
        let tls13 = line["protocol_version"] == 772;
        tls13_seen |= tls13;
        let key = ServerKey::new(&id, &ctx);
        store.put_server_der(&key, &der, time).await.expect("put");

        let storage_key = key.storage_key(&Namespace::default());
        let rows = store
            .backend()
            .expiring_for_host(&host, time, timeout + 1)
            .await
            .expect("query");
        let row = rows
            .iter()
            .find(|r| r.key == storage_key)
            .unwrap_or_else(|| panic!("{host}: {storage_key} not found in {rows:?}"));
        assert_eq!(
            row.expires_at,
            time + timeout,
            "OpenSSL 3.0: time + timeout"
        );
        assert_eq!(row.session_id, line["session_id_hex"].as_str().expect("id"));
        assert_eq!(
            row.protocol.as_deref(),
            line["negotiated_version"].as_str(),
            "the protocol name OpenSSL negotiated"
        );
        let within = store
            .backend()
            .expiring_for_host(&host, time, timeout)
            .await
            .expect("query");
        assert!(
            within.iter().all(|r| r.key != storage_key),
            "a session expiring at now + within is outside the window"
        );

        let got = store
            .get_server(&key, time)
            .await
            .expect("get")
            .expect("hit");
        assert_eq!(got.der(), der.as_slice(), "byte for byte");
        let again = store.get_server(&key, time).await.expect("get");
        assert_eq!(
            again.is_none(),
            tls13,
            "TLS 1.3 resumes once, TLS 1.2 stays"
        );
        store.remove_server(&key).await.expect("remove");
    }
    assert!(tls13_seen, "a TLS 1.3 session was among them");
    let stats = store.stats();
    assert_eq!(stats.corrupt, 0);
    assert_eq!(stats.backend_errors, 0);
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

/// The text a hex string spells, when it is UTF-8.
fn hex_text(hex: &str) -> Option<String> {
    String::from_utf8(unhex(hex)).ok()
}

/// TLS to the server (feature `postgres-tls`).
#[cfg(feature = "postgres-tls")]
mod tls {
    use std::path::Path;
    use std::process::Command;

    use super::*;

    /// TLS to the server: PostgreSQL with `ssl=on` and a certificate from a CA
    /// made for the test; the backend verifies it against that CA (and refuses
    /// a server its CA did not sign).
    #[test]
    fn tls_to_the_server_verifies_its_certificate() {
        let Some(mut server) = server("tls_to_the_server_verifies_its_certificate") else {
            return;
        };
        let dir = tempfile_dir();
        let pki = dir.path();
        let ca = make_ca(pki, "ca");
        let other_ca = make_ca(pki, "other");
        new_p256_key(
            pki,
            &[
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ],
        );
        std::fs::write(
            pki.join("server.ext"),
            "subjectAltName = IP:127.0.0.1, DNS:localhost\nbasicConstraints = CA:FALSE\n",
        )
        .expect("ext");
        openssl(
            pki,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                "server.crt",
                "-extfile",
                "server.ext",
            ],
        );
        server
            .enable_tls(
                &std::fs::read(pki.join("server.crt")).expect("crt"),
                &std::fs::read(pki.join("server.key")).expect("key"),
            )
            .expect("ssl=on");

        let backend = PostgresBackend::blocking(
            config(&server)
                .tls_ca_pem(&ca)
                .expect("CA")
                .table_prefix("tls")
                .expect("prefix"),
        )
        .expect("connect over TLS");
        conformance::run_all(backend);
        // The server sees TLS, with the protocol rustls negotiated.
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let (ssl, version): (bool, Option<String>) = runtime.block_on(async {
            let backend = PostgresBackend::connect(
                config(&server)
                    .tls_ca_pem(&ca)
                    .expect("CA")
                    .table_prefix("tls")
                    .expect("prefix"),
            )
            .await
            .expect("connect over TLS");
            let client = backend.pool().get().await.expect("client");
            let row = client
                .query_one(
                    "SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                    &[],
                )
                .await
                .expect("pg_stat_ssl");
            (row.get(0), row.get(1))
        });
        drop(runtime);
        println!("TLS to the server: {version:?}");
        assert!(ssl, "the server reports the connection as TLS");

        // A server certificate from a CA the backend does not trust: refused.
        let untrusting =
            PostgresBackend::blocking(config(&server).tls_ca_pem(&other_ca).expect("CA"));
        let err = untrusting.expect_err("an unknown CA is refused");
        println!("untrusted server: {err}");
        let text = format!("{err} {:?}", std::error::Error::source(&err));
        assert!(
            text.to_lowercase().contains("certificate") || text.contains("UnknownIssuer"),
            "{text}"
        );
    }

    fn tempfile_dir() -> tempfile::TempDir {
        tempfile::Builder::new()
            .prefix("sslsession-pg-tls-")
            .tempdir()
            .expect("temp dir")
    }

    /// A self-signed CA `name.crt`/`name.key` in `dir`; its certificate (PEM).
    fn make_ca(dir: &Path, name: &str) -> Vec<u8> {
        new_p256_key(
            dir,
            &[
                "-x509",
                "-keyout",
                &format!("{name}.key"),
                "-out",
                &format!("{name}.crt"),
                "-days",
                "2",
                "-subj",
                &format!("/CN=session-store test {name}"),
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,keyCertSign",
            ],
        );
        std::fs::read(dir.join(format!("{name}.crt"))).expect("CA certificate")
    }

    /// `openssl req` with a new P-256 key and no passphrase, then `args`.
    fn new_p256_key(dir: &Path, args: &[&str]) {
        let mut all = vec![
            "req",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
        ];
        all.extend_from_slice(args);
        openssl(dir, &all);
    }

    fn openssl(dir: &Path, args: &[&str]) {
        let out = Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .output()
            .expect("the openssl command (OpenSSL is required by the workspace)");
        assert!(
            out.status.success(),
            "openssl {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
