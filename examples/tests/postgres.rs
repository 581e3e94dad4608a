//! PostgreSQL store: a private cluster on a free loopback port; real
//! resumption for TLS 1.2 and 1.3; a second connection and a second process
//! resume from the same table; the jsonb query for a host's sessions expiring
//! within the hour; expiry, purge, corrupt rows.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use common::*;
use serde_json::json;
use sslsession_examples::{unix_now, Key, PostgresStore, SessionStore};
use sslsession_testkit::services::PostgresServer;

#[test]
fn postgres_store() {
    let Some(pg) = start(PostgresServer::start) else {
        return;
    };
    let mut store = PostgresStore::connect(&pg.params()).unwrap();
    let proofs = prove_resumption(&mut store, "postgres");

    let mut other = PostgresStore::connect(&pg.params()).unwrap();
    for (first, key) in &proofs {
        resume_from(&mut other, key, first, "postgres, second connection");
        let Key::Peer(peer) = key else { unreachable!() };
        let der = second_process(&[("FLEET_PG", pg.params()), ("FLEET_PEER", peer.clone())]);
        assert_eq!(der, first.client_der, "second process read another DER");
        let h = first.server.handshake(Some(&der)).unwrap();
        assert!(
            h.client_reused && h.server_reused,
            "second process's session did not resume"
        );
    }

    // The record is queryable: sessions for a host that expire within the hour.
    let now = unix_now();
    let (first, _) = &proofs[1];
    for (peer, host, timeout) in [
        ("a:443", "server.test", 600),
        ("b:443", "server.test", 3000),
        ("c:443", "server.test", 7200), // expires after the hour
        ("d:443", "other.test", 600),   // another host
    ] {
        let mut s = session_expiring(first, now, timeout);
        s.set_hostname(Some(host.as_bytes().to_vec()));
        store
            .put(&Key::Peer(peer.into()), &s.as_view(), now)
            .unwrap();
    }
    let rows = store.expiring_for_host("server.test", now, 3600).unwrap();
    let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["peer:a:443", "peer:b:443"]);
    assert_eq!(rows[0].expires_at, now + 600);
    assert_eq!(rows[0].protocol.as_deref(), Some("TLSv1.3"));
    assert_eq!(
        rows[0].session_id,
        hex(session_der::decode(&first.client_der).unwrap().session_id())
    );
    // The real handshakes' sessions (hostname server.test, 2 h lifetime) are not due.
    assert!(store
        .expiring_for_host("server.test", now, 60)
        .unwrap()
        .is_empty());
    for p in ["a:443", "b:443", "c:443", "d:443"] {
        assert!(store.remove(&Key::Peer(p.into())).unwrap());
    }

    expired_never_returned(&mut store, first);
    purge_removes_expired(&mut store, first);

    // Corrupt rows.
    let (first, key) = &proofs[0];
    let sk = key.storage_key();
    let original: serde_json::Value = other
        .client()
        .query_one("SELECT record FROM tls_sessions WHERE key = $1", &[&sk])
        .unwrap()
        .get(0);
    let mut set = |v: &serde_json::Value| {
        other
            .client()
            .execute(
                "UPDATE tls_sessions SET record = $1 WHERE key = $2",
                &[v, &sk],
            )
            .unwrap();
    };
    let mut v = original.clone();
    v["master_key"] = json!(v["master_key"].as_str().unwrap()[..20].to_string());
    set(&v);
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        "does not match its stored SHA-256",
    );
    let mut v = original.clone();
    v["time"] = json!(v["time"].as_i64().unwrap() + 1);
    set(&v);
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        "does not match its stored SHA-256",
    );
    let mut v = original.clone();
    v["master_key"] = json!("abc");
    set(&v);
    assert_corrupt(store.get(key, unix_now()), key, "odd length");
    let mut v = original.clone();
    v["from_the_future"] = json!(1);
    set(&v);
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        "unknown field `from_the_future`",
    );
    let mut v = original.clone();
    // A record from a newer writer than this crate.
    let newer = session_serde::SCHEMA + 1;
    v["schema"] = json!(newer);
    set(&v);
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        &format!("record schema {newer} is not supported"),
    );
    let mut v = original.clone();
    v["peer_certificate"] = json!("3000");
    set(&v);
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        "peer_certificate: not a valid X.509 certificate",
    );
    set(&json!("just a string"));
    assert_corrupt(store.get(key, unix_now()), key, "invalid type");
    set(&original);
    resume_from(&mut store, key, first, "postgres, restored");
}

/// Run by `postgres_store` in a second process: reads one session and prints its DER.
#[test]
#[ignore = "run by postgres_store as a second process"]
fn fleet_child() {
    let params = std::env::var("FLEET_PG").expect("FLEET_PG");
    let peer = std::env::var("FLEET_PEER").expect("FLEET_PEER");
    let mut store = PostgresStore::connect(&params).unwrap();
    let session = store
        .get(&Key::Peer(peer), unix_now())
        .unwrap()
        .expect("session");
    let der = session_der::encode(&session, session_der::Target::Auto).unwrap();
    println!("DER:{}", hex(&der));
}
