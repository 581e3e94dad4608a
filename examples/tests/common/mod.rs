//! The resumption proof every store must pass, and helpers shared by the store tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::io::Write;

use openssl::ssl::SslVersion;
use session_der::{decode, decode_with, encode, DecodeOptions, OwnedSession, Target};
use sslsession_examples::{unix_now, Key, SessionStore, StoreError};
use sslsession_interop::{Options, Server};
use sslsession_testkit::services::{self, ServerError};

pub const VERSIONS: [(SslVersion, &str); 2] = [
    (SslVersion::TLS1_2, "TLS 1.2"),
    (SslVersion::TLS1_3, "TLS 1.3"),
];

/// A server started for a test, or `None` when its binary is not installed:
/// the test is then skipped, and says so on the terminal. With
/// `SSLSESSION_REQUIRE_SERVICES=1` (scripts/test.sh, CI) a missing binary fails
/// the test instead, so CI never skips these silently. A server that is
/// installed but does not start always fails the test.
pub fn start<T>(start: fn() -> Result<T, ServerError>) -> Option<T> {
    match start() {
        Ok(s) => Some(s),
        Err(e @ ServerError::Missing { .. }) if !services::services_required() => {
            // Straight to the process's stderr: libtest captures `eprintln!`
            // of a passing test, and a skip nobody sees is a silent one.
            let test = std::thread::current()
                .name()
                .unwrap_or("a store test")
                .to_string();
            let _ = writeln!(
                std::io::stderr(),
                "\nSKIPPED {test}: {e}; set {}=1 to make this a failure",
                services::REQUIRE_VAR
            );
            None
        }
        Err(e) => panic!("{e}"),
    }
}

/// A TLS server and the client session of a first, full handshake with it.
pub struct FirstHandshake {
    pub server: Server,
    /// The client's session as OpenSSL's `i2d_SSL_SESSION` wrote it.
    pub client_der: Vec<u8>,
    /// The server's session likewise.
    pub server_der: Vec<u8>,
}

pub fn first_handshake(version: SslVersion) -> FirstHandshake {
    let server = Server::new(Options::new(version)).expect("TLS server");
    let h = server.handshake(None).expect("first handshake");
    assert!(!h.client_reused, "a first handshake cannot resume");
    FirstHandshake {
        server,
        client_der: h.client_der,
        server_der: h.server_der,
    }
}

/// OpenSSL's session → our decoder → (serde inside) the store.
pub fn put_der(store: &mut dyn SessionStore, key: &Key, der: &[u8]) {
    let session = decode(der).expect("our decoder reads OpenSSL's session");
    store.put(key, &session, unix_now()).expect("put");
}

/// The store → (serde inside) → our encoder → a real handshake that must resume.
pub fn resume_from(store: &mut dyn SessionStore, key: &Key, first: &FirstHandshake, what: &str) {
    let session = store
        .get(key, unix_now())
        .unwrap_or_else(|e| panic!("{what}: get: {e}"))
        .unwrap_or_else(|| panic!("{what}: the stored session is gone"));
    let der = encode(&session, Target::Auto).expect("our encoder");
    assert_eq!(
        der.as_slice(),
        first.client_der.as_slice(),
        "{what}: DER changed on the way"
    );
    let second = first
        .server
        .handshake(Some(&der))
        .expect("second handshake");
    assert!(second.client_reused, "{what}: client did not resume");
    assert!(second.server_reused, "{what}: server did not resume");
}

/// The full proof for one store and both protocol versions; returns the
/// handshakes so a caller can check a second reader of the same store.
pub fn prove_resumption(store: &mut dyn SessionStore, name: &str) -> Vec<(FirstHandshake, Key)> {
    VERSIONS
        .iter()
        .map(|(version, label)| {
            let first = first_handshake(*version);
            let key = Key::Peer(format!("server.test:443/{name}/{label}"));
            put_der(store, &key, &first.client_der);
            resume_from(store, &key, &first, &format!("{name} {label}"));
            // Server side: keyed by session id, read back unchanged.
            {
                let server_session = decode(&first.server_der).unwrap();
                if server_session.is_resumable() && !server_session.session_id().is_empty() {
                    let skey = Key::of_session(&server_session);
                    store.put(&skey, &server_session, unix_now()).unwrap();
                    let back = store
                        .get(&skey, unix_now())
                        .unwrap()
                        .expect("server session");
                    assert_eq!(
                        encode(&back, Target::Auto).unwrap().as_slice(),
                        first.server_der.as_slice()
                    );
                    assert!(store.remove(&skey).unwrap());
                    assert!(store.get(&skey, unix_now()).unwrap().is_none());
                }
            }
            (first, key)
        })
        .collect()
}

/// A real session, changed to expire at a chosen moment.
pub fn session_expiring(first: &FirstHandshake, time: i64, timeout: i64) -> OwnedSession {
    let mut s = decode_with::<OwnedSession>(&first.client_der, &DecodeOptions::strict())
        .unwrap()
        .session;
    s.set_time(Some(time));
    s.set_timeout(Some(timeout));
    s
}

/// Expired sessions are refused by `put` and never returned by `get`.
pub fn expired_never_returned(store: &mut dyn SessionStore, first: &FirstHandshake) {
    let now = unix_now();
    let key = Key::Peer("expiring.test:443".into());
    // Stored at `now`, lives 100 s: returned through now + 100, gone after.
    let s = session_expiring(first, now, 100);
    store.put(&key, &s.as_view(), now).unwrap();
    assert!(store.get(&key, now + 100).unwrap().is_some());
    assert!(store.get(&key, now + 101).unwrap().is_none());
    // Already expired: refused.
    let old = session_expiring(first, now - 1000, 100);
    match store.put(&key, &old.as_view(), now) {
        Err(StoreError::NotStorable(why)) => assert!(why.contains("expired")),
        other => panic!("expired session stored: {other:?}"),
    };
}

/// `purge_expired` removes exactly the expired rows (stores that keep rows).
pub fn purge_removes_expired(store: &mut dyn SessionStore, first: &FirstHandshake) {
    let now = unix_now();
    let short = Key::Peer("short.test:443".into());
    let long = Key::Peer("long.test:443".into());
    store
        .put(&short, &session_expiring(first, now, 10).as_view(), now)
        .unwrap();
    store
        .put(&long, &session_expiring(first, now, 10_000).as_view(), now)
        .unwrap();
    assert_eq!(store.purge_expired(now + 5).unwrap(), 0);
    let purged = store.purge_expired(now + 11).unwrap();
    assert!(purged >= 1, "purged {purged}");
    assert!(
        store.get(&short, now).unwrap().is_none(),
        "purged session returned"
    );
    assert!(store.get(&long, now + 11).unwrap().is_some());
    store.remove(&long).unwrap();
}

/// A corrupt entry: an error naming the key, never a panic, never a session.
pub fn assert_corrupt(result: Result<Option<OwnedSession>, StoreError>, key: &Key, needle: &str) {
    match result {
        Err(StoreError::Corrupt { key: k, reason }) => {
            assert_eq!(k, key.storage_key());
            assert!(
                reason.contains(needle),
                "{reason:?} does not mention {needle:?}"
            );
        }
        Err(other) => panic!("expected Corrupt, got {other}"),
        Ok(Some(_)) => panic!("a corrupt entry was returned as a session"),
        Ok(None) => panic!("a corrupt entry was silently dropped"),
    }
}

/// Runs this test binary's ignored `fleet_child` test in a new process with
/// `env`, and returns the DER it printed (hex after `DER:`).
pub fn second_process(env: &[(&str, String)]) -> Vec<u8> {
    let exe = std::env::current_exe().unwrap();
    let out = std::process::Command::new(exe)
        .args([
            "fleet_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "second process failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hex = stdout
        .lines()
        .find_map(|l| l.split_once("DER:").map(|(_, hex)| hex.trim()))
        .unwrap_or_else(|| panic!("no DER in the second process's output:\n{stdout}"));
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect()
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
