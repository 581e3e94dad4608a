//! The load bench: N concurrent clients × M handshakes each through a TLS
//! server resuming via session-store, on every backend, with and without
//! sealing; one markdown table.
//!
//! ```text
//! cargo bench -p sslsession-store-fleet --bench load
//! # knobs (defaults: 4, 500, 1.3,1.2, all four):
//! LOAD_CLIENTS=16 LOAD_HANDSHAKES=1000 LOAD_TLS=1.3 LOAD_BACKENDS=redis,postgres \
//!     cargo bench -p sslsession-store-fleet --bench load
//! ```
//!
//! Each client makes a full handshake, then offers the session it got last
//! on every next connection (TLS 1.3: the newest ticket, as a client cache
//! would; TLS 1.2: the session, reused). The server runs on a thread of the
//! bench's process; its store is wrapped in [`Timed`], which times each
//! `get_server` and `put_server*` as OpenSSL's callbacks wait for it.
//! "sealed + fleet guard" is session-store's `Store` as it comes; "sealed"
//! the same without the fleet-wide replay guard (its marker costs a read and
//! a write per TLS 1.3 hit); "unsealed" is [`Unsealed`]: the same reading,
//! expiry and keys through the same backend, the DER stored in clear — the
//! difference to "sealed" is what sealing costs. Redis and PostgreSQL are private servers on loopback
//! (`sslsession_testkit::services`); a missing one is reported and skipped
//! unless `SSLSESSION_REQUIRE_SERVICES=1`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use openssl::ssl::SslSession;
use session_store::{KeyRing, SealingKey, SessionStore};
use sslsession_store_fleet::measure::{Latencies, Timed};
use sslsession_store_fleet::{
    fleet, open_store, BackendKind, Client, InProcessServer, Protection, Proto, TestPki,
};

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Row {
    backend: &'static str,
    sealed: Protection,
    handshakes: usize,
    resumed: usize,
    wall: Duration,
    timed: Arc<Timed>,
    backend_errors: u64,
}

fn micros(l: &Latencies, p: f64) -> String {
    l.percentile(p).map_or_else(
        || "–".to_owned(),
        |d| format!("{:.0}", d.as_secs_f64() * 1e6),
    )
}

fn run(
    kind: &BackendKind,
    sealed: Protection,
    pki: &TestPki,
    dir: &std::path::Path,
    proto: Proto,
    clients: usize,
    handshakes: usize,
) -> Result<Row, Box<dyn std::error::Error + Send + Sync>> {
    let keys = KeyRing::new(1, SealingKey::new([0x42; 32]));
    let store = open_store(kind, keys, sealed, Duration::from_secs(2))?;
    let timed = Arc::new(Timed::new(store));
    let server = InProcessServer::start(pki, dir, Arc::clone(&timed) as Arc<dyn SessionStore>)?;
    let addr = server.addr();
    // Warm-up, not measured: the backend's connections, the server's first
    // threads, a full handshake and a resumption.
    let warm = Client::new(proto)?;
    let first = warm.handshake(addr, None)?;
    warm.handshake(addr, Some(&first.session))?;
    timed.gets.clear();
    timed.puts.clear();
    let resumed = AtomicUsize::new(0);
    let start = Instant::now();
    std::thread::scope(
        |s| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
            let threads: Vec<_> = (0..clients)
                .map(|_| {
                    let resumed = &resumed;
                    s.spawn(
                        move || -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
                            let client = Client::new(proto)?;
                            let mut session: Option<SslSession> = None;
                            for _ in 0..handshakes {
                                let out = client.handshake(addr, session.as_ref())?;
                                if out.reused {
                                    resumed.fetch_add(1, Ordering::Relaxed);
                                }
                                session = Some(out.session);
                            }
                            Ok(())
                        },
                    )
                })
                .collect();
            for t in threads {
                t.join().map_err(|_| "client thread panicked")??;
            }
            Ok(())
        },
    )?;
    let wall = start.elapsed();
    if server.errors() > 0 {
        return Err(format!("{} server-side TLS errors", server.errors()).into());
    }
    Ok(Row {
        backend: kind.name(),
        sealed,
        handshakes: clients * handshakes,
        resumed: resumed.into_inner(),
        wall,
        backend_errors: timed.stats().backend_errors,
        timed,
    })
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    format!(
        "{cores} cores (nproc), {cpu}; {}; session-store's store, the server and the \
         clients share the machine",
        openssl::version::version()
    )
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument is not supported.
    let clients = knob("LOAD_CLIENTS", 4).max(1);
    let handshakes = knob("LOAD_HANDSHAKES", 500).max(2);
    let protos: Vec<Proto> = std::env::var("LOAD_TLS")
        .unwrap_or_else(|_| "1.3,1.2".to_owned())
        .split(',')
        .map(|v| match v.trim() {
            "1.2" => Proto::Tls12,
            "1.3" => Proto::Tls13,
            other => panic!("LOAD_TLS: unknown version {other:?} (1.2, 1.3)"),
        })
        .collect();
    let wanted = std::env::var("LOAD_BACKENDS")
        .unwrap_or_else(|_| "memory,sqlite,redis,postgres".to_owned());
    let dir = tempfile::tempdir().expect("temp dir");
    let pki = TestPki::generate().expect("certificate");

    // The servers live until the end of main.
    let mut redis = None;
    let mut postgres = None;
    let mut kinds = Vec::new();
    for name in wanted.split(',').map(str::trim) {
        match name {
            "memory" => kinds.push(BackendKind::Memory),
            "sqlite" => kinds.push(BackendKind::Sqlite(dir.path().join("load.sqlite"))),
            "redis" => {
                redis = fleet::redis("load bench (redis)");
                if let Some(r) = &redis {
                    kinds.push(BackendKind::Redis(r.url()));
                }
            }
            "postgres" => {
                postgres = fleet::postgres("load bench (postgres)");
                if let Some(p) = &postgres {
                    kinds.push(BackendKind::Postgres(p.params()));
                }
            }
            other => panic!("LOAD_BACKENDS: unknown backend {other:?}"),
        }
    }

    println!(
        "\n{clients} clients × {handshakes} handshakes per row, server with stateful TLS 1.3 \
         tickets; {}\n",
        machine()
    );
    println!(
        "| TLS | backend | sealing | handshakes | handshakes/s | resumed | get p50 µs | get p99 µs \
         | put p50 µs | put p99 µs | gets / puts | backend errors |"
    );
    println!("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (proto, kind) in protos
        .iter()
        .flat_map(|&p| kinds.iter().map(move |k| (p, k)))
    {
        // The fleet-wide replay guard acts on single-use (TLS 1.3) entries
        // only: with TLS 1.2 its row would repeat the one without it.
        let variants: &[Protection] = if proto == Proto::Tls13 {
            &[
                Protection::Sealed,
                Protection::SealedWithoutFleetGuard,
                Protection::Unsealed,
            ]
        } else {
            &[Protection::Sealed, Protection::Unsealed]
        };
        for &sealed in variants {
            let row = run(kind, sealed, &pki, dir.path(), proto, clients, handshakes)
                .unwrap_or_else(|e| panic!("{} ({}): {e}", kind.name(), sealed.name()));
            // Resumption rate over the handshakes that offered a session
            // (every one but each client's first).
            let offered = row.handshakes - clients;
            println!(
                "| {} | {} | {} | {} | {:.0} | {:.1} % | {} | {} | {} | {} | {} / {} | {} |",
                &proto.name()[4..],
                row.backend,
                row.sealed.name(),
                row.handshakes,
                row.handshakes as f64 / row.wall.as_secs_f64(),
                100.0 * row.resumed as f64 / offered as f64,
                micros(&row.timed.gets, 50.0),
                micros(&row.timed.gets, 99.0),
                micros(&row.timed.puts, 50.0),
                micros(&row.timed.puts, 99.0),
                row.timed.gets.count(),
                row.timed.puts.count(),
                row.backend_errors,
            );
        }
    }
    drop((redis, postgres));
}
