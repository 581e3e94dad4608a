//! Redis store: a private `redis-server` on a free loopback port; real
//! resumption for TLS 1.2 and 1.3; a second connection and a second process
//! (the fleet) resume from the same cache; Redis expires entries itself;
//! corrupt values are errors.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::time::Duration;

use common::*;
use sslsession_examples::{unix_now, Key, RedisStore, SessionStore};
use sslsession_testkit::services::RedisServer;

#[test]
fn redis_store() {
    let Some(redis) = start(RedisServer::start) else {
        return;
    };
    let mut store = RedisStore::connect(&redis.url()).unwrap();
    let proofs = prove_resumption(&mut store, "redis");

    // The fleet: another connection, and another process, read the same cache
    // and resume with the server that issued the session.
    let mut other = RedisStore::connect(&redis.url()).unwrap();
    for (first, key) in &proofs {
        resume_from(&mut other, key, first, "redis, second connection");
        let Key::Peer(peer) = key else { unreachable!() };
        let der = second_process(&[
            ("FLEET_REDIS_URL", redis.url()),
            ("FLEET_PEER", peer.clone()),
        ]);
        assert_eq!(der, first.client_der, "second process read another DER");
        let h = first.server.handshake(Some(&der)).unwrap();
        assert!(
            h.client_reused && h.server_reused,
            "second process's session did not resume"
        );
    }

    // Redis sets the expiry itself, from the session's remaining lifetime.
    let (first, key) = &proofs[0];
    let ttl: i64 = redis::cmd("TTL")
        .arg(store.redis_key(key))
        .query(store.connection())
        .unwrap();
    let session = session_der::decode(&first.client_der).unwrap();
    let remaining = session.expires_at(0).unwrap() - unix_now();
    assert!(
        ttl > 0 && (ttl - remaining).abs() <= 2,
        "TTL {ttl}, expected about {remaining}"
    );

    expired_never_returned(&mut store, first);
    assert_eq!(store.purge_expired(unix_now()).unwrap(), 0);

    // A session with one second left: Redis drops it by itself.
    let now = unix_now();
    let soon = Key::Peer("soon.test:443".into());
    store
        .put(
            &soon,
            &session_expiring(first, now - 100, 100).as_view(),
            now,
        )
        .unwrap();
    assert!(store.get(&soon, now).unwrap().is_some());
    std::thread::sleep(Duration::from_millis(2100));
    let raw: Option<Vec<u8>> = redis::cmd("GET")
        .arg(store.redis_key(&soon))
        .query(store.connection())
        .unwrap();
    assert!(raw.is_none(), "Redis kept an expired session");
    assert!(store.get(&soon, unix_now()).unwrap().is_none());

    // Corrupt values.
    let (first, key) = &proofs[1];
    let rkey = store.redis_key(key);
    let original: Vec<u8> = redis::cmd("GET")
        .arg(&rkey)
        .query(store.connection())
        .unwrap();
    let mut set = |v: &[u8]| {
        redis::cmd("SET")
            .arg(&rkey)
            .arg(v)
            .query::<()>(other.connection())
            .unwrap();
    };
    set(&original[..original.len() - 40]);
    assert_corrupt(store.get(key, unix_now()), key, "entry:");
    set(&original[..5]);
    assert_corrupt(store.get(key, unix_now()), key, "entry:");
    set(b"");
    assert_corrupt(store.get(key, unix_now()), key, "entry:");
    // One byte of the ticket flipped: still a valid session, caught by the digest.
    let mut flipped = original.clone();
    let ticket = session_der::decode(&first.client_der)
        .unwrap()
        .ticket()
        .unwrap()
        .to_vec();
    let at = original
        .windows(ticket.len())
        .position(|w| w == ticket.as_slice())
        .expect("ticket bytes in the entry");
    flipped[at + ticket.len() / 2] ^= 0x01;
    set(&flipped);
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        "does not match its stored SHA-256",
    );
    set(&original);
    resume_from(&mut store, key, first, "redis, restored");
    assert!(store.remove(key).unwrap());
    assert!(store.get(key, unix_now()).unwrap().is_none());
}

/// Run by `redis_store` in a second process: reads one session and prints its DER.
#[test]
#[ignore = "run by redis_store as a second process"]
fn fleet_child() {
    let url = std::env::var("FLEET_REDIS_URL").expect("FLEET_REDIS_URL");
    let peer = std::env::var("FLEET_PEER").expect("FLEET_PEER");
    let mut store = RedisStore::connect(&url).unwrap();
    let session = store
        .get(&Key::Peer(peer), unix_now())
        .unwrap()
        .expect("session");
    let der = session_der::encode(&session, session_der::Target::Auto).unwrap();
    println!("DER:{}", hex(&der));
}
