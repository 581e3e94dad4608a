//! session-store on SQLite (`Store<SqliteBackend>`) with real OpenSSL
//! resumption: TLS 1.2 and 1.3, client and server caches, a second store and a
//! second process on the same file, a TLS 1.3 ticket handed out once, expiry,
//! purge, and rows altered in the file: misses, counted, never a session.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::path::Path;

use common::{first_handshake, hex, second_process, session_expiring, VERSIONS};
use openssl::ssl::SslVersion;
use session_der::decode;
use session_store::{
    unix_now, KeyRing, PeerKey, SealingKey, ServerKey, SessionStore, SqliteBackend, Store,
};
use sslsession_interop::{Options, Server};

/// The key every store of these tests seals with (in production: from the
/// application's secrets, the same for every process sharing the file).
fn keys() -> KeyRing {
    KeyRing::new(1, SealingKey::new([0x5e; 32]))
}

fn store_on(path: &Path) -> Store<SqliteBackend> {
    Store::new(SqliteBackend::open(path, 10_000).unwrap(), keys())
}

fn peer(label: &str) -> PeerKey {
    PeerKey::new("server.test", 443).with_server_name(Some(&format!("{label}.server.test")))
}

#[test]
fn sqlite_store_resumes_real_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.sqlite");
    let store = store_on(&path);
    for (version, label) in VERSIONS {
        let tls13 = version == SslVersion::TLS1_3;
        let first = first_handshake(version);
        let peer = peer(label);
        store
            .put_client_der(&peer, &first.client_der, unix_now())
            .unwrap();

        // Another process's view: a second store on the same file.
        let other = store_on(&path);
        let cached = other
            .take_client(&peer, unix_now())
            .unwrap()
            .unwrap_or_else(|| panic!("{label}: the stored session is gone"));
        assert_eq!(
            cached.der(),
            first.client_der.as_slice(),
            "{label}: DER changed on the way"
        );
        let second = first.server.handshake(Some(cached.der())).unwrap();
        assert!(second.client_reused, "{label}: client did not resume");
        assert!(second.server_reused, "{label}: server did not resume");
        // A TLS 1.3 ticket is offered once, to whichever store took it; a TLS
        // 1.2 session stays for the next connection, from either store.
        assert_eq!(
            store.take_client(&peer, unix_now()).unwrap().is_some(),
            !tls13,
            "{label}: offered again"
        );

        // Server side: a stateful server (no stateless tickets, so its
        // sessions have ids, as OpenSSL's external cache callbacks see them),
        // keyed by session id and id context; a TLS 1.3 session resumes once.
        let stateful = Server::new(Options {
            tickets: false,
            ..Options::new(version)
        })
        .unwrap();
        let first = stateful.handshake(None).unwrap();
        let server_session = decode(&first.server_der).unwrap();
        let key = ServerKey::new(
            server_session.session_id(),
            server_session.sid_ctx().unwrap_or_default(),
        );
        store
            .put_server_der(&key, &first.server_der, unix_now())
            .unwrap();
        let back = other.get_server(&key, unix_now()).unwrap().unwrap();
        assert_eq!(
            back.der(),
            first.server_der.as_slice(),
            "{label}: server DER"
        );
        assert_eq!(
            store.get_server(&key, unix_now()).unwrap().is_some(),
            !tls13,
            "{label}: server session found again"
        );
        store.remove_server(&key).unwrap();
        assert!(store.get_server(&key, unix_now()).unwrap().is_none());
    }
    let stats = store.stats();
    assert_eq!((stats.corrupt, stats.backend_errors), (0, 0), "{stats:?}");
}

/// Run by `a_second_process_takes_the_ticket`: takes one session from the
/// file and prints its DER.
#[test]
#[ignore = "run by a_second_process_takes_the_ticket as a second process"]
fn fleet_child() {
    let path = std::env::var("FLEET_SQLITE_PATH").expect("FLEET_SQLITE_PATH");
    let label = std::env::var("FLEET_PEER").expect("FLEET_PEER");
    let cached = store_on(Path::new(&path))
        .take_client(&peer(&label), unix_now())
        .unwrap()
        .expect("session");
    println!("DER:{}", hex(cached.der()));
}

/// A TLS 1.3 ticket stored by this process is taken by another one, which
/// resumes with it (here, through the DER it printed); it is then gone for
/// this process too.
#[test]
fn a_second_process_takes_the_ticket() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fleet.sqlite");
    let store = store_on(&path);
    let first = first_handshake(SslVersion::TLS1_3);
    store
        .put_client_der(&peer("fleet"), &first.client_der, unix_now())
        .unwrap();
    let der = second_process(&[
        ("FLEET_SQLITE_PATH", path.display().to_string()),
        ("FLEET_PEER", "fleet".to_owned()),
    ]);
    assert_eq!(der, first.client_der);
    let second = first.server.handshake(Some(&der)).unwrap();
    assert!(second.client_reused && second.server_reused);
    assert!(
        store
            .take_client(&peer("fleet"), unix_now())
            .unwrap()
            .is_none(),
        "the ticket the other process took is offered again"
    );
}

/// Expiry is the session's own (OpenSSL's `time + timeout`): returned through
/// its last second, never after; `purge_expired` removes exactly the expired.
#[test]
fn expired_sessions_are_never_returned_and_purged() {
    let dir = tempfile::tempdir().unwrap();
    let store = store_on(&dir.path().join("expiry.sqlite"));
    let first = first_handshake(SslVersion::TLS1_2);
    let now = unix_now();
    let (short, long) = (peer("short"), peer("long"));
    let der_of = |timeout| {
        session_der::encode(
            &session_expiring(&first, now, timeout),
            session_der::Target::Auto,
        )
        .unwrap()
        .as_slice()
        .to_vec()
    };
    store.put_client_der(&short, &der_of(100), now).unwrap();
    store.put_client_der(&long, &der_of(10_000), now).unwrap();
    assert!(store.take_client(&short, now + 100).unwrap().is_some());
    assert!(store.take_client(&short, now + 101).unwrap().is_none());
    // The lookup above dropped the expired entry; put it back for purge.
    store.put_client_der(&short, &der_of(100), now).unwrap();
    assert_eq!(store.purge_expired(now + 50).unwrap(), 0);
    assert_eq!(store.purge_expired(now + 101).unwrap(), 1);
    assert!(store.take_client(&short, now).unwrap().is_none());
    assert!(store.take_client(&long, now + 101).unwrap().is_some());
    // An already expired session is refused.
    assert!(store
        .put_client_der(&short, &der_of(100), now + 1_000)
        .is_err());
}

/// Entries altered in the file — flipped, truncated, swapped between keys —
/// are misses counted as `corrupt`, never a session with other values; the
/// untouched one still resumes.
#[test]
fn altered_rows_are_counted_misses() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("altered.sqlite");
    let store = store_on(&path);
    let first = first_handshake(SslVersion::TLS1_2);
    let (a, b, c) = (peer("a"), peer("b"), peer("c"));
    for p in [&a, &b, &c] {
        store
            .put_client_der(p, &first.client_der, unix_now())
            .unwrap();
    }
    let raw = rusqlite::Connection::open(&path).unwrap();
    let key_of = |p: &PeerKey| {
        raw.query_row(
            "SELECT key FROM session_entries WHERE key LIKE ?1",
            [format!("%{}%", p.server_name().unwrap())],
            |r| r.get::<_, String>(0),
        )
        .unwrap()
    };
    let (ka, kb, kc) = (key_of(&a), key_of(&b), key_of(&c));
    // a: one bit flipped in the middle.
    let sealed: Vec<u8> = raw
        .query_row(
            "SELECT sealed FROM session_entries WHERE key = ?1",
            [&ka],
            |r| r.get(0),
        )
        .unwrap();
    let mut flipped = sealed.clone();
    flipped[40] ^= 1;
    raw.execute(
        "UPDATE session_entries SET sealed = ?1 WHERE key = ?2",
        rusqlite::params![flipped, ka],
    )
    .unwrap();
    // b: truncated by one byte.
    raw.execute(
        "UPDATE session_entries SET sealed = substr(sealed, 1, length(sealed) - 1) WHERE key = ?1",
        [&kb],
    )
    .unwrap();
    // c: a's original entry moved under c's key (sealed for another key).
    raw.execute(
        "UPDATE session_entries SET sealed = ?1 WHERE key = ?2",
        rusqlite::params![sealed, kc],
    )
    .unwrap();
    for p in [&a, &b, &c] {
        assert!(
            store.take_client(p, unix_now()).unwrap().is_none(),
            "{p}: an altered entry was returned"
        );
    }
    assert_eq!(store.stats().corrupt, 3, "{:?}", store.stats());
    // Stored afresh: fine again, and resumes.
    store
        .put_client_der(&a, &first.client_der, unix_now())
        .unwrap();
    let cached = store.take_client(&a, unix_now()).unwrap().unwrap();
    let second = first.server.handshake(Some(cached.der())).unwrap();
    assert!(second.client_reused && second.server_reused);
}
