//! Eight threads on one SQLite file, mixed reads and writes: throughput and
//! per-call latency of `SqliteBackend` with 1, 2, 4 and 8 connections (one
//! connection is a `Mutex<Connection>` in effect), to choose the default.
//!
//! `cargo bench -p session-store --bench sqlite_threads` (3 s per setting;
//! under `cargo test --benches` a short run that only checks it works).
//!
//! The mix, per call: 60 % fetch of a multi-use slot (a TLS 1.2 server
//! resuming), 10 % fetch of a single-use slot (TLS 1.3, taken), 20 % put
//! (new sessions), 10 % push + pop on a client list (a TLS 1.3 client).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use session_store::{Backend, Entry, EntryMeta, SqliteBackend, SqliteOptions};

const NOW: i64 = 1_800_000_000;
const THREADS: usize = 8;
const KEYS: u64 = 2_000;

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let run_for = if full {
        Duration::from_secs(3)
    } else {
        Duration::from_millis(200)
    };
    println!(
        "{THREADS} threads, mixed 60/10/20/10 (fetch / take / put / push+pop), {run_for:?} each"
    );
    println!("| connections | calls/s | p50 µs | p99 µs | p99 writes µs |");
    println!("| --- | --- | --- | --- | --- |");
    for connections in [1, 2, 4, 8] {
        let dir = tempfile::tempdir().expect("temporary directory");
        let options = SqliteOptions::new(100_000).connections(connections);
        let backend = Arc::new(
            SqliteBackend::open_with(dir.path().join("bench.sqlite"), &options).expect("open"),
        );
        let sealed = vec![0x5a; 260]; // a sealed TLS 1.3 session's size, about
        for k in 0..KEYS {
            backend
                .put(&format!("b:s:{{{k}}}"), &entry(&sealed, false))
                .expect("put");
        }
        let stop = Arc::new(AtomicBool::new(false));
        let threads: Vec<_> = (0..THREADS)
            .map(|t| {
                let (backend, stop, sealed) =
                    (Arc::clone(&backend), Arc::clone(&stop), sealed.clone());
                std::thread::spawn(move || work(&backend, t as u64, &sealed, &stop))
            })
            .collect();
        std::thread::sleep(run_for);
        stop.store(true, Ordering::Relaxed);
        let (mut all, mut writes) = (Vec::new(), Vec::new());
        for t in threads {
            let (a, w) = t.join().expect("thread");
            all.extend(a);
            writes.extend(w);
        }
        let rate = all.len() as f64 / run_for.as_secs_f64();
        println!(
            "| {connections} | {rate:.0} | {} | {} | {} |",
            percentile(&mut all, 50),
            percentile(&mut all, 99),
            percentile(&mut writes, 99)
        );
    }
}

fn entry(sealed: &[u8], single_use: bool) -> Entry<'_> {
    Entry {
        sealed,
        meta: EntryMeta {
            expires_at: Some(NOW + 3600),
            single_use,
        },
        record: None,
    }
}

/// One thread's calls until `stop`: latencies (µs) of all calls, and of the
/// writes alone.
fn work(b: &SqliteBackend, seed: u64, sealed: &[u8], stop: &AtomicBool) -> (Vec<u64>, Vec<u64>) {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let (mut all, mut writes) = (Vec::new(), Vec::new());
    while !stop.load(Ordering::Relaxed) {
        let r = next();
        let k = r % KEYS;
        let start = Instant::now();
        let write = match (r >> 32) % 10 {
            0..=5 => {
                b.fetch(&format!("b:s:{{{k}}}"), NOW).expect("fetch");
                false
            }
            6 => {
                // Take a single-use one, put in its own key space.
                b.fetch(&format!("b:t:{{{k}}}"), NOW).expect("take");
                true
            }
            7 => {
                b.put(&format!("b:t:{{{k}}}"), &entry(sealed, true))
                    .expect("put");
                true
            }
            8 => {
                b.put(&format!("b:s:{{{k}}}"), &entry(sealed, false))
                    .expect("put");
                true
            }
            _ => {
                let list = format!("b:c:{{{}}}", k % 64);
                b.push(&list, &entry(sealed, true), 4).expect("push");
                b.pop(&list, NOW).expect("pop");
                true
            }
        };
        let us = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX);
        all.push(us);
        if write {
            writes.push(us);
        }
    }
    (all, writes)
}

fn percentile(v: &mut [u64], p: usize) -> u64 {
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    v[(v.len() - 1) * p / 100]
}
