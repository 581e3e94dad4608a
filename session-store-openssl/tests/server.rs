//! The server cache in real handshakes with the linked OpenSSL: resumption
//! from the store, a fleet of contexts sharing one store, TLS 1.3 sessions
//! resuming once, and failures that are full handshakes.

mod common;

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

use common::{
    backends, client_builder, config, handshake, handshake_closing, keys, name, offer_session,
    server_builder, store_on, Faulty, VERSIONS,
};
use openssl::ssl::{ShutdownState, SslContext, SslOptions, SslSessionCacheMode, SslVersion};
use session_store::{SessionStore, Store};
use session_store_openssl::{CacheError, ServerCache};

fn cached_server(version: SslVersion, store: &Arc<dyn SessionStore>, sid_ctx: &[u8]) -> SslContext {
    let mut b = server_builder(version);
    ServerCache::new(Arc::clone(store), sid_ctx)
        .install(&mut b)
        .expect("install");
    b.build()
}

fn plain_client(version: SslVersion) -> SslContext {
    client_builder(version).build()
}

/// OpenSSL's default number of TLS 1.3 tickets after a full handshake
/// (`SSL_CTX_set_num_tickets(3)`: 2); TLS 1.2 makes one session.
fn sessions_per_full_handshake(version: SslVersion) -> u64 {
    if version == SslVersion::TLS1_3 {
        2
    } else {
        1
    }
}

#[test]
fn the_server_resumes_sessions_from_the_store() {
    for (backend, store) in backends() {
        for version in VERSIONS {
            let what = format!("{backend}, {}", name(version));
            let server = cached_server(version, &store, b"svc");
            let client = plain_client(version);
            let before = store.stats();

            let first = handshake(&server, &client, |_| {});
            assert!(!first.server_reused, "{what}: first handshake is full");
            let stored = store.stats().stored - before.stored;
            assert_eq!(stored, sessions_per_full_handshake(version), "{what}");

            let session = first.session.expect("session");
            let second = handshake(&server, &client, |ssl| offer_session(ssl, &session));
            assert!(
                second.server_reused && second.client_reused,
                "{what}: resumed"
            );
            assert_eq!(
                store.stats().hits - before.hits,
                1,
                "{what}: found in the store"
            );

            // TLS 1.2 sessions stay; a TLS 1.3 session resumes once.
            let third = handshake(&server, &client, |ssl| offer_session(ssl, &session));
            assert_eq!(
                third.server_reused,
                version == SslVersion::TLS1_2,
                "{what}: the same session offered again"
            );
        }
    }
}

#[test]
fn a_fleet_of_contexts_sharing_a_store_resumes_each_others_sessions() {
    for (backend, store) in backends() {
        for version in VERSIONS {
            let what = format!("{backend}, {}", name(version));
            // Two contexts: two servers, each with its own ticket keys and
            // (unused) internal cache; only the store joins them.
            let a = cached_server(version, &store, b"fleet");
            let b = cached_server(version, &store, b"fleet");
            let client = plain_client(version);

            let first = handshake(&a, &client, |_| {});
            assert!(!first.server_reused, "{what}");
            let session = first.session.expect("session");
            let on_b = handshake(&b, &client, |ssl| offer_session(ssl, &session));
            assert!(on_b.server_reused, "{what}: B resumes A's session");
            // Back on A: TLS 1.2 resumes again; the TLS 1.3 ticket was spent
            // on B, and A makes a full handshake.
            let back = handshake(&a, &client, |ssl| offer_session(ssl, &session));
            assert_eq!(back.server_reused, version == SslVersion::TLS1_2, "{what}");

            // B's new session (TLS 1.3: the fresh ticket of the resumption)
            // resumes on A.
            let fresh = on_b.session.expect("session");
            let on_a = handshake(&a, &client, |ssl| offer_session(ssl, &fresh));
            assert!(on_a.server_reused, "{what}: A resumes B's session");

            // Another session id context is another cache key: OpenSSL would
            // refuse the session anyway, and the store does not find it.
            let other = cached_server(version, &store, b"other-service");
            let fresh = on_a.session.expect("session");
            let elsewhere = handshake(&other, &client, |ssl| offer_session(ssl, &fresh));
            assert!(!elsewhere.server_reused, "{what}: other sid_ctx");
        }
    }
}

#[test]
fn without_the_store_two_contexts_do_not_resume_each_others_sessions() {
    // The control for the fleet test: OpenSSL's internal caches (stateful,
    // as the store runs) are per context.
    for version in VERSIONS {
        let server = || {
            let mut b = server_builder(version);
            b.set_session_id_context(b"fleet").expect("sid_ctx");
            b.set_options(SslOptions::NO_TICKET);
            b.build()
        };
        let (a, b) = (server(), server());
        let client = plain_client(version);
        let first = handshake(&a, &client, |_| {});
        let session = first.session.expect("session");
        let on_a = handshake(&a, &client, |ssl| offer_session(ssl, &session));
        assert!(on_a.server_reused, "{}: A's own cache", name(version));
        let fresh = on_a.session.expect("session");
        let on_b = handshake(&b, &client, |ssl| offer_session(ssl, &fresh));
        assert!(
            !on_b.server_reused,
            "{}: B has no cache of A's",
            name(version)
        );
    }
}

#[test]
fn openssl_alone_resumes_a_stateful_tls13_ticket_twice_the_store_once() {
    // What OpenSSL (3.0; 3.5 reads the same in ssl/statem/extensions_srvr.c)
    // does with a stateful TLS 1.3 session after it resumed: it stays in the
    // internal cache — tls_parse_ctos_psk removes it only for early-data
    // anti-replay — so the same ticket resumes again.
    let version = SslVersion::TLS1_3;
    let mut b = server_builder(version);
    b.set_session_id_context(b"svc").expect("sid_ctx");
    b.set_options(SslOptions::NO_TICKET);
    b.set_session_cache_mode(SslSessionCacheMode::SERVER);
    let internal = b.build();
    let client = plain_client(version);
    let session = handshake(&internal, &client, |_| {})
        .session
        .expect("session");
    for attempt in 0..2 {
        let again = handshake(&internal, &client, |ssl| offer_session(ssl, &session));
        assert!(again.server_reused, "OpenSSL's cache, offer {attempt}");
    }

    // The store: once.
    let store: Arc<dyn SessionStore> = store_on(session_store::MemoryBackend::new(100));
    let cached = cached_server(version, &store, b"svc");
    let session = handshake(&cached, &client, |_| {})
        .session
        .expect("session");
    let first = handshake(&cached, &client, |ssl| offer_session(ssl, &session));
    assert!(first.server_reused);
    let second = handshake(&cached, &client, |ssl| offer_session(ssl, &session));
    assert!(
        !second.server_reused,
        "the store hands a TLS 1.3 session out once"
    );
}

#[test]
fn early_data_with_anti_replay_refuses_every_external_session() {
    // With max_early_data > 0 and anti-replay on, tls_parse_ctos_psk accepts
    // a TLS 1.3 session only if SSL_CTX_remove_session finds it in the
    // internal cache — which NO_INTERNAL keeps empty. The documented pitfall.
    let store: Arc<dyn SessionStore> = store_on(session_store::MemoryBackend::new(100));
    let mut b = server_builder(SslVersion::TLS1_3);
    ServerCache::new(Arc::clone(&store), b"svc")
        .install(&mut b)
        .expect("install");
    b.set_max_early_data(16_384).expect("early data");
    let server = b.build();
    let client = plain_client(SslVersion::TLS1_3);
    let session = handshake(&server, &client, |_| {})
        .session
        .expect("session");
    let again = handshake(&server, &client, |ssl| offer_session(ssl, &session));
    assert!(!again.server_reused);
    assert_eq!(
        store.stats().hits,
        1,
        "the store found it; OpenSSL refused it"
    );
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
        let dyn_store: Arc<dyn SessionStore> = store.clone();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = Arc::clone(&seen);
        let mut b = server_builder(version);
        ServerCache::new(dyn_store, b"svc")
            .on_error(move |e: &CacheError| {
                let kind = match e {
                    CacheError::Store(_) => "store",
                    CacheError::OpenSsl(_) => "openssl",
                    CacheError::Panicked(_) => "panic",
                    _ => "other",
                };
                log.lock().expect("log").push(kind.to_owned());
            })
            .install(&mut b)
            .expect("install");
        let server = b.build();
        let client = plain_client(version);

        // A damaged entry: a miss, counted corrupt.
        let session = handshake(&server, &client, |_| {})
            .session
            .expect("session");
        backend.corrupt.store(true, Ordering::Relaxed);
        let damaged = handshake(&server, &client, |ssl| offer_session(ssl, &session));
        assert!(!damaged.server_reused, "{what}: corrupt entry");
        assert_eq!(store.stats().corrupt, 1, "{what}");
        backend.corrupt.store(false, Ordering::Relaxed);

        // A failing backend: lookups and stores fail, handshakes complete.
        let session = damaged.session.expect("session");
        backend.fail.store(true, Ordering::Relaxed);
        let before = store.stats().backend_errors;
        let failed = handshake(&server, &client, |ssl| offer_session(ssl, &session));
        assert!(!failed.server_reused, "{what}: backend down");
        let errors = store.stats().backend_errors - before;
        // The lookup and the new session(s) of the full handshake.
        assert_eq!(errors, 1 + sessions_per_full_handshake(version), "{what}");
        assert!(seen.lock().expect("log").iter().any(|k| k == "store"));
        backend.fail.store(false, Ordering::Relaxed);

        // A panicking backend: caught before OpenSSL's C code, a full
        // handshake.
        let session = failed.session.expect("session");
        backend.panic.store(true, Ordering::Relaxed);
        let panicked = handshake(&server, &client, |ssl| offer_session(ssl, &session));
        assert!(!panicked.server_reused, "{what}: panicking backend");
        assert!(seen.lock().expect("log").iter().any(|k| k == "panic"));
        backend.panic.store(false, Ordering::Relaxed);

        // And the cache works again.
        let stored = handshake(&server, &client, |_| {}).session.expect("s");
        let healed = handshake(&server, &client, |ssl| offer_session(ssl, &stored));
        assert!(healed.server_reused, "{what}: recovered");
    }
}

#[test]
fn a_connection_freed_without_close_notify_removes_its_session_from_the_store() {
    // OpenSSL's SSL_free calls ssl_clear_bad_session (ssl/ssl_sess.c): the
    // session of a connection that sent no close_notify is removed from the
    // cache — through the remove callback, from the store, for the fleet.
    for (backend, store) in backends() {
        for version in VERSIONS {
            let what = format!("{backend}, {}", name(version));
            let server = cached_server(version, &store, b"svc");
            let client = plain_client(version);
            let removed = store.stats().removed;
            let dropped = handshake_closing(&server, &client, |_| {}, |_| {});
            assert_eq!(store.stats().removed, removed + 1, "{what}");
            let session = dropped.session.expect("session");
            let again = handshake(&server, &client, |ssl| offer_session(ssl, &session));
            assert!(!again.server_reused, "{what}: removed");

            // Marked as shut down (mod_ssl's "unclean shutdown"), it stays.
            let removed = store.stats().removed;
            let kept = handshake_closing(
                &server,
                &client,
                |_| {},
                |stream| {
                    stream.set_shutdown(ShutdownState::SENT | ShutdownState::RECEIVED);
                },
            );
            assert_eq!(store.stats().removed, removed, "{what}");
            let session = kept.session.expect("session");
            let again = handshake(&server, &client, |ssl| offer_session(ssl, &session));
            assert!(again.server_reused, "{what}: kept");
        }
    }
}

#[test]
fn install_refuses_a_session_id_context_longer_than_openssls_limit() {
    // SSL_MAX_SID_CTX_LENGTH is 32 (SSL_CTX_set_session_id_context fails
    // beyond it).
    let store: Arc<dyn SessionStore> = store_on(session_store::MemoryBackend::new(10));
    let mut b = server_builder(SslVersion::TLS1_3);
    assert!(ServerCache::new(Arc::clone(&store), &[7; 33])
        .install(&mut b)
        .is_err());
    assert!(ServerCache::new(store, &[7; 32]).install(&mut b).is_ok());
}
