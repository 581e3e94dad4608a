//! The fleet proof every shared store must pass (real OpenSSL resumption
//! through `session_store_openssl::ServerCache`), and helpers shared by the
//! store tests.
#![allow(dead_code, clippy::unwrap_used)]

use std::sync::Arc;

use openssl::ssl::SslVersion;
use session_der::{decode_with, DecodeOptions, OwnedSession};
use session_store::{unix_now, PeerKey, SessionStore};
use session_store_openssl::ServerCache;
use sslsession_examples::tls::{self, Client, Terminator};
use sslsession_interop::{Options, Server};

pub const VERSIONS: [(SslVersion, &str); 2] = [
    (SslVersion::TLS1_2, "TLS 1.2"),
    (SslVersion::TLS1_3, "TLS 1.3"),
];

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

/// A real session, changed to expire at a chosen moment.
pub fn session_expiring(first: &FirstHandshake, time: i64, timeout: i64) -> OwnedSession {
    let mut s = decode_with::<OwnedSession>(&first.client_der, &DecodeOptions::strict())
        .unwrap()
        .session;
    s.set_time(Some(time));
    s.set_timeout(Some(timeout));
    s
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

/// The session id context every terminator of the test fleets uses.
pub const SID_CTX: &[u8] = b"examples-fleet";

/// A TLS terminator whose session cache is `store` (OpenSSL's external
/// cache: new/get/remove-session callbacks).
pub fn terminator(name: &str, store: Arc<dyn SessionStore>) -> Terminator {
    let mut acceptor = tls::acceptor().unwrap();
    ServerCache::new(store, SID_CTX)
        .install(&mut acceptor)
        .unwrap();
    Terminator::start(name, acceptor.build()).unwrap()
}

/// Two terminators on two stores sharing one backend: for TLS 1.2 and 1.3, a
/// client resumes at B what A made, resumes at A again, and a copy of the
/// session used at B, offered again, resumes for TLS 1.2 only (a TLS 1.3
/// session is single-use, fleet-wide). Every step is a real OpenSSL
/// handshake; both ends must agree.
pub fn prove_fleet(what: &str, store_a: Arc<dyn SessionStore>, store_b: Arc<dyn SessionStore>) {
    let a = terminator("A", Arc::clone(&store_a));
    let b = terminator("B", Arc::clone(&store_b));
    let peer = PeerKey::new(tls::HOST, 443);
    for (version, label) in VERSIONS {
        let tls13 = version == SslVersion::TLS1_3;
        let what = format!("{what}, {label}");
        let client = Client::new(version).unwrap();

        let stored_before = store_a.stats().stored;
        let first = client.connect(&peer, &a).unwrap();
        assert!(first.offered.is_none() && !first.resumed && !first.server_resumed);
        // OpenSSL 3.x sends two TLS 1.3 tickets after a full handshake
        // (`SSL_CTX_set_num_tickets` default 2), one TLS 1.2 session id.
        assert_eq!(
            store_a.stats().stored - stored_before,
            if tls13 { 2 } else { 1 },
            "{what}: A's new sessions"
        );

        // B has never seen this client: only the shared backend can give B
        // the session A stored.
        let hits_b = store_b.stats().hits;
        let at_b = client.connect(&peer, &b).unwrap();
        assert!(at_b.offered.is_some(), "{what}: the client offered nothing");
        assert!(at_b.resumed, "{what}: client did not resume at B");
        assert!(at_b.server_resumed, "{what}: B did not resume");
        assert_eq!(store_b.stats().hits, hits_b + 1, "{what}: B's lookups");

        let again = client.connect(&peer, &a).unwrap();
        assert!(again.resumed && again.server_resumed, "{what}: A again");
        // TLS 1.3: a fresh ticket (B's, or A's second); TLS 1.2: the same session.
        assert_eq!(again.offered == at_b.offered, !tls13, "{what}: offered");

        // The session used at B, offered once more at A.
        let replay = Client::new(version).unwrap();
        replay
            .store()
            .put_client_der(&peer, at_b.offered.as_deref().unwrap(), unix_now())
            .unwrap();
        let misses_a = store_a.stats().misses;
        let replayed = replay.connect(&peer, &a).unwrap();
        assert_eq!(replayed.offered, at_b.offered);
        assert_eq!(
            (replayed.resumed, replayed.server_resumed),
            (!tls13, !tls13),
            "{what}: a session used once, offered again"
        );
        assert_eq!(
            store_a.stats().misses,
            misses_a + u64::from(tls13),
            "{what}: A's lookup of the used session"
        );
    }
    for store in [&store_a, &store_b] {
        let stats = store.stats();
        assert_eq!(
            (stats.corrupt, stats.backend_errors),
            (0, 0),
            "{what}: {stats:?}"
        );
    }
}
