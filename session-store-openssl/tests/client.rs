//! The client cache in real handshakes with the linked OpenSSL: resumption
//! from the store, every TLS 1.3 ticket offered once (sequentially and from
//! many threads), and failures that are full handshakes.

mod common;

use std::collections::HashSet;
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::thread;

use common::{
    backends, backends_with, client_builder, config, handshake, keys, name, server_builder,
    store_on, Faulty, Outcome, VERSIONS,
};
use openssl::ssl::{NameType, SslContext, SslVersion};
use session_store::{MemoryBackend, PeerKey, SessionStore, Store};
use session_store_openssl::{CacheError, ClientCache, ServerCache};

fn peer() -> PeerKey {
    PeerKey::new("server.test", 443)
}

fn cached_client(version: SslVersion, cache: &ClientCache) -> SslContext {
    let mut b = client_builder(version);
    cache.install(&mut b).expect("install");
    b.build()
}

/// A handshake of a client connection prepared by `cache` for `peer`.
fn connect(server: &SslContext, client: &SslContext, cache: &ClientCache) -> Outcome {
    handshake(server, client, |ssl| {
        let offered = cache.prepare(ssl, &peer()).expect("prepare");
        assert_eq!(offered, ssl.session().is_some());
        assert_eq!(ssl.servername(NameType::HOST_NAME), Some("server.test"));
    })
}

#[test]
fn the_client_resumes_sessions_from_the_store() {
    // A store per version: the peer is the same, and a TLS 1.2 session
    // offered by a TLS 1.3-only client would be a full handshake.
    for version in VERSIONS {
        for (backend, store) in backends() {
            let what = format!("{backend}, {}", name(version));
            // A plain OpenSSL server: its internal cache and its stateless
            // tickets (the defaults).
            let server = server_builder(version).build();
            let cache = ClientCache::new(Arc::clone(&store));
            let client = cached_client(version, &cache);

            let first = connect(&server, &client, &cache);
            assert!(first.offered.is_none() && !first.client_reused, "{what}");
            let second = connect(&server, &client, &cache);
            assert!(second.client_reused && second.server_reused, "{what}");
            let third = connect(&server, &client, &cache);
            assert!(third.client_reused, "{what}");
            if version == SslVersion::TLS1_2 {
                // A TLS 1.2 session stays in the store and is offered again.
                assert_eq!(second.offered, third.offered, "{what}");
            } else {
                assert_ne!(second.offered, third.offered, "{what}");
            }
        }
    }
}

#[test]
fn a_tls13_ticket_is_never_offered_twice() {
    for (backend, client_store) in backends() {
        let version = SslVersion::TLS1_3;
        // A fleet of two servers on one server store: A issues OpenSSL's
        // default tickets (2 after a full handshake, 1 after a resumption);
        // B issues none, so the client's stock of tickets runs out on B.
        let server_store: Arc<dyn SessionStore> = store_on(MemoryBackend::new(1000));
        let server = |tickets: usize| {
            let mut b = server_builder(version);
            ServerCache::new(Arc::clone(&server_store), b"fleet")
                .install(&mut b)
                .expect("install");
            b.set_num_tickets(tickets).expect("num_tickets");
            b.build()
        };
        let (a, b) = (server(2), server(0));
        let cache = ClientCache::new(Arc::clone(&client_store));
        let client = cached_client(version, &cache);

        let mut offers = Vec::new();
        let mut on_a = Vec::new();
        for _ in 0..20 {
            on_a.push(connect(&a, &client, &cache));
        }
        assert!(on_a[0].offered.is_none());
        assert!(
            on_a[1..].iter().all(|o| o.client_reused && o.server_reused),
            "{backend}"
        );
        offers.extend(on_a.into_iter().filter_map(|o| o.offered));

        // The two tickets left in the store resume on B; the connections
        // after them offer nothing and make full handshakes.
        let on_b: Vec<Outcome> = (0..5).map(|_| connect(&b, &client, &cache)).collect();
        let resumed: Vec<bool> = on_b.iter().map(|o| o.server_reused).collect();
        assert_eq!(resumed, [true, true, false, false, false], "{backend}");
        assert!(on_b[2..].iter().all(|o| o.offered.is_none()), "{backend}");
        offers.extend(on_b.into_iter().filter_map(|o| o.offered));

        assert_eq!(offers.len(), 21, "{backend}");
        let distinct: HashSet<&Vec<u8>> = offers.iter().collect();
        assert_eq!(
            distinct.len(),
            offers.len(),
            "{backend}: a ticket offered twice"
        );
    }
}

#[test]
fn concurrent_connections_never_share_a_tls13_ticket() {
    let version = SslVersion::TLS1_3;
    let server_store: Arc<dyn SessionStore> = store_on(MemoryBackend::new(1000));
    let mut b = server_builder(version);
    ServerCache::new(server_store, b"svc")
        .install(&mut b)
        .expect("install");
    let server = b.build();
    // Room for 8 tickets: 4 threads × (one in flight + OpenSSL's 2 per full
    // handshake) never clip the stock, so it runs dry only before the first
    // handshakes complete — at most one full handshake per thread.
    for (backend, client_store) in backends_with(&config().tickets_per_peer(8)) {
        let cache = Arc::new(ClientCache::new(client_store));
        let client = cached_client(version, &cache);
        let outcomes: Arc<Mutex<Vec<Outcome>>> = Arc::default();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (server, client) = (server.clone(), client.clone());
                let (cache, outcomes) = (Arc::clone(&cache), Arc::clone(&outcomes));
                thread::spawn(move || {
                    for _ in 0..10 {
                        let o = connect(&server, &client, &cache);
                        outcomes.lock().expect("lock").push(o);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().expect("client thread");
        }
        let outcomes = std::mem::take(&mut *outcomes.lock().expect("lock"));
        let offers: Vec<&Vec<u8>> = outcomes.iter().filter_map(|o| o.offered.as_ref()).collect();
        let distinct: HashSet<&&Vec<u8>> = offers.iter().collect();
        assert_eq!(
            distinct.len(),
            offers.len(),
            "{backend}: a ticket offered twice"
        );
        // The server store hands each stateful ticket out once too, so a
        // ticket offered twice would have failed to resume: every offer
        // resumed.
        for o in &outcomes {
            assert_eq!(o.offered.is_some(), o.server_reused, "{backend}");
        }
        assert!(
            offers.len() >= 36,
            "{backend}: {} of 40 resumed",
            offers.len()
        );
    }
}

#[test]
fn an_unprepared_connection_stores_nothing() {
    let store = store_on(MemoryBackend::new(100));
    let cache = ClientCache::new(store.clone());
    let client = cached_client(SslVersion::TLS1_3, &cache);
    let server = server_builder(SslVersion::TLS1_3).build();
    let plain = handshake(&server, &client, |_| {});
    assert!(!plain.client_reused);
    assert_eq!(store.stats().stored, 0, "no peer, nothing stored");
    connect(&server, &client, &cache);
    assert_eq!(store.stats().stored, 2);
}

#[test]
fn failures_are_full_handshakes_counted_and_reported() {
    for version in VERSIONS {
        let what = name(version);
        let backend = Arc::new(Faulty::new());
        // Every failure kind in turn, each counted: no circuit breaker
        // between them (the store's own tests cover the breaker).
        let store = Arc::new(Store::with_config(
            Arc::clone(&backend),
            keys(),
            config().circuit_breaker(std::time::Duration::ZERO),
        ));
        let seen: Arc<Mutex<Vec<&'static str>>> = Arc::default();
        let log = Arc::clone(&seen);
        let cache = ClientCache::new(store.clone()).on_error(move |e: &CacheError| {
            log.lock().expect("log").push(match e {
                CacheError::Store(_) => "store",
                CacheError::Panicked(_) => "panic",
                _ => "other",
            });
        });
        let client = cached_client(version, &cache);
        let server = server_builder(version).build();

        connect(&server, &client, &cache);
        backend.corrupt.store(true, Ordering::Relaxed);
        let damaged = connect(&server, &client, &cache);
        assert!(
            damaged.offered.is_none() && !damaged.client_reused,
            "{what}"
        );
        assert_eq!(store.stats().corrupt, 1, "{what}");
        backend.corrupt.store(false, Ordering::Relaxed);

        backend.fail.store(true, Ordering::Relaxed);
        let before = store.stats().backend_errors;
        let failed = connect(&server, &client, &cache);
        assert!(failed.offered.is_none() && !failed.client_reused, "{what}");
        assert!(
            store.stats().backend_errors >= before + 2,
            "{what}: take and put"
        );
        assert!(seen.lock().expect("log").contains(&"store"), "{what}");
        backend.fail.store(false, Ordering::Relaxed);

        backend.panic.store(true, Ordering::Relaxed);
        let panicked = connect(&server, &client, &cache);
        assert!(panicked.offered.is_none(), "{what}");
        assert!(seen.lock().expect("log").contains(&"panic"), "{what}");
        backend.panic.store(false, Ordering::Relaxed);

        connect(&server, &client, &cache);
        let healed = connect(&server, &client, &cache);
        assert!(healed.client_reused, "{what}: recovered");
    }
}
