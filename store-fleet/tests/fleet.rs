//! A fleet of TLS servers — separate OS processes, each with its own store
//! object and connection pool — sharing one Redis, one PostgreSQL or one
//! SQLite file: a client's session made at one server resumes at another,
//! TLS 1.2 and TLS 1.3 (stateful tickets), and a TLS 1.3 session resumes
//! once in the whole fleet, also when two servers are offered it at the same
//! instant.

use std::path::Path;
use std::sync::Barrier;

use openssl::ssl::SslSession;

use sslsession_store_fleet::fleet::{self, ServerProcess};
use sslsession_store_fleet::tls::server_session_id;
use sslsession_store_fleet::{BackendKind, Client, Proto, TestPki};

const PROGRAM: &str = env!("CARGO_BIN_EXE_store_server");

/// Two server processes on `backend`.
fn two_servers(dir: &Path, backend: &BackendKind) -> (ServerProcess, ServerProcess) {
    let pki = TestPki::generate().expect("certificate");
    let (cert, key) = pki.write_to(dir).expect("write certificate");
    let start = || ServerProcess::start(Path::new(PROGRAM), backend, &cert, &key).expect("server");
    let (a, b) = (start(), start());
    assert_ne!(a.id(), b.id(), "two processes");
    (a, b)
}

fn master_key(session: &SslSession) -> Vec<u8> {
    let mut key = vec![0u8; session.master_key_len()];
    let n = session.master_key(&mut key);
    key.truncate(n);
    key
}

fn tls12_resumes_across_the_fleet(a: &ServerProcess, b: &ServerProcess) {
    let client = Client::new(Proto::Tls12).expect("client");
    let full = client
        .handshake(a.addr(), None)
        .expect("full handshake at A");
    assert!(!full.reused);
    let session = full.session;
    let at_b = client
        .handshake(b.addr(), Some(&session))
        .expect("resumption at B");
    assert!(at_b.reused, "B resumes the TLS 1.2 session A made");
    assert_eq!(at_b.session.id(), session.id(), "the same session");
    assert_eq!(
        master_key(&at_b.session),
        master_key(&session),
        "the same master secret"
    );
    assert!(at_b.server_stat("hits") >= 1, "B's store found it");
    // A TLS 1.2 session stays reusable, at either server.
    for server in [a, b, a] {
        let again = client
            .handshake(server.addr(), Some(&session))
            .expect("resumption");
        assert!(
            again.reused,
            "TLS 1.2 sessions are reused until they expire"
        );
    }
}

fn tls13_resumes_once_across_the_fleet(a: &ServerProcess, b: &ServerProcess) {
    let client = Client::new(Proto::Tls13).expect("client");
    let full = client
        .handshake(a.addr(), None)
        .expect("full handshake at A");
    assert!(!full.reused);
    let session = full.session;
    let at_b = client
        .handshake(b.addr(), Some(&session))
        .expect("resumption at B");
    assert!(at_b.reused, "B resumes the TLS 1.3 session A made");
    // The ticket is spent in the whole fleet: offered again at either server,
    // it is a full handshake.
    for server in [a, b] {
        let again = client
            .handshake(server.addr(), Some(&session))
            .expect("handshake");
        assert!(!again.reused, "a TLS 1.3 session resumes once");
    }
    // The ticket B issued on resumption resumes at A.
    let back = client
        .handshake(a.addr(), Some(&at_b.session))
        .expect("resumption at A");
    assert!(back.reused, "A resumes the ticket B issued");

    // Offered to both servers at the same instant: exactly one resumes.
    for round in 0..5 {
        let session = client
            .handshake(a.addr(), None)
            .expect("full handshake")
            .session;
        let barrier = Barrier::new(2);
        let reused: Vec<bool> = std::thread::scope(|s| {
            let tries: Vec<_> = [a, b]
                .map(|server| {
                    let (client, session, barrier) = (&client, &session, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        client
                            .handshake(server.addr(), Some(session))
                            .expect("handshake")
                            .reused
                    })
                })
                .into_iter()
                .collect();
            tries
                .into_iter()
                .map(|t| t.join().expect("client thread"))
                .collect()
        });
        assert_eq!(
            reused.iter().filter(|&&r| r).count(),
            1,
            "round {round}: one of two simultaneous offers of a TLS 1.3 session resumes \
             ({reused:?})"
        );
    }
}

/// The stored slot is the server's session id (TLS 1.2) or the stateful
/// ticket (TLS 1.3) — what the raw-entry tests rely on.
fn server_ids_are_what_the_client_holds(a: &ServerProcess) {
    for proto in [Proto::Tls12, Proto::Tls13] {
        let client = Client::new(proto).expect("client");
        let session = client.handshake(a.addr(), None).expect("handshake").session;
        let id = server_session_id(&session).expect("server session id");
        assert_eq!(
            id.len(),
            32,
            "{}: OpenSSL's session ids are 32 bytes",
            proto.name()
        );
    }
}

fn fleet(dir: &Path, backend: &BackendKind) {
    let (a, b) = two_servers(dir, backend);
    tls12_resumes_across_the_fleet(&a, &b);
    tls13_resumes_once_across_the_fleet(&a, &b);
    server_ids_are_what_the_client_holds(&a);
}

#[test]
fn a_fleet_sharing_redis_resumes_each_others_sessions() {
    let Some(redis) = fleet::redis("a_fleet_sharing_redis_resumes_each_others_sessions") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    fleet(dir.path(), &BackendKind::Redis(redis.url()));
}

#[test]
fn a_fleet_sharing_postgres_resumes_each_others_sessions() {
    let Some(pg) = fleet::postgres("a_fleet_sharing_postgres_resumes_each_others_sessions") else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    fleet(dir.path(), &BackendKind::Postgres(pg.params()));
}

#[test]
fn a_fleet_sharing_a_sqlite_file_resumes_each_others_sessions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("sessions.sqlite");
    fleet(dir.path(), &BackendKind::Sqlite(file));
}
