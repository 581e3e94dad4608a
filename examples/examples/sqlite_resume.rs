//! A client keeps its TLS sessions in an SQLite file and resumes from it.
//!
//! `cargo run -p sslsession-examples --example sqlite_resume [-- path/to/sessions.sqlite]`

use openssl::ssl::SslVersion;
use sslsession_examples::{unix_now, Key, SessionStore, SqliteStore};
use sslsession_interop::{Options, Server};

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let tmp = tempfile::tempdir()?;
    let path = std::env::args()
        .nth(1)
        .map_or_else(|| tmp.path().join("sessions.sqlite"), Into::into);
    let mut store = SqliteStore::open(&path)?;
    let key = Key::Peer("server.test:443".into());

    for version in [SslVersion::TLS1_2, SslVersion::TLS1_3] {
        let server = Server::new(Options::new(version))?;
        let first = server.handshake(None)?;
        // OpenSSL's session → our decoder → the store (a session-serde record).
        let session = session_der::decode(&first.client_der)?;
        store.put(&key, &session, unix_now())?;

        // Later (another run, another process): the store → our encoder → OpenSSL.
        let stored = store.get(&key, unix_now())?.ok_or("session missing")?;
        let der = session_der::encode(&stored, session_der::Target::Auto)?;
        let second = server.handshake(Some(&der))?;
        println!(
            "{:?}: stored in {}, resumed: client {}, server {}",
            stored.protocol_version(),
            path.display(),
            second.client_reused,
            second.server_reused
        );
        if !(second.client_reused && second.server_reused) {
            return Err("not resumed".into());
        }
    }
    println!(
        "purged {} expired sessions",
        store.purge_expired(unix_now())?
    );
    Ok(())
}
