//! A client keeps its TLS sessions in an SQLite file, sealed, and resumes
//! from it: `session_store::Store` over `SqliteBackend`.
//!
//! `cargo run -p sslsession-examples --example sqlite_resume [-- path/to/sessions.sqlite]`
//!
//! The sealing key comes from `SSLSESSION_SEALING_KEY` (64 hex digits, as a
//! secrets manager would hand it over); without it the example draws one, and
//! what an earlier run stored with another key is a counted miss (`corrupt`:
//! it fails authentication), never a session.

use openssl::ssl::SslVersion;
use session_store::{unix_now, KeyRing, PeerKey, SealingKey, SessionStore, SqliteBackend, Store};
use sslsession_interop::{Options, Server};

type Error = Box<dyn std::error::Error + Send + Sync>;

fn sealing_key() -> Result<SealingKey, Error> {
    match std::env::var("SSLSESSION_SEALING_KEY") {
        Ok(hex) if hex.len() == 64 => {
            let bytes = (0..32)
                .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16))
                .collect::<Result<Vec<u8>, _>>()?;
            Ok(SealingKey::from_slice(&bytes)?)
        }
        Ok(_) => Err("SSLSESSION_SEALING_KEY: 64 hex digits".into()),
        Err(_) => Ok(SealingKey::generate()?),
    }
}

fn main() -> Result<(), Error> {
    let tmp = tempfile::tempdir()?;
    let path = std::env::args()
        .nth(1)
        .map_or_else(|| tmp.path().join("sessions.sqlite"), Into::into);
    // One store for every thread of the process (`&self`, `Send + Sync`);
    // other processes open the same file and share the cache.
    let store = Store::new(
        SqliteBackend::open(&path, 100_000)?,
        KeyRing::new(1, sealing_key()?),
    );

    for (version, port) in [(SslVersion::TLS1_2, 4412), (SslVersion::TLS1_3, 4413)] {
        // Two servers (each with its own ticket keys): two peers.
        let server = Server::new(Options::new(version))?;
        let peer = PeerKey::new("server.test", port);
        let first = server.handshake(None)?;
        // OpenSSL's new session (i2d_SSL_SESSION's DER) into the store: checked
        // by our decoder, sealed, written to the file.
        store.put_client_der(&peer, &first.client_der, unix_now())?;

        // The next connection: the store hands out the session expiring last
        // (a TLS 1.3 ticket only once), and OpenSSL resumes from its DER.
        let cached = store
            .take_client(&peer, unix_now())?
            .ok_or("session missing")?;
        let second = server.handshake(Some(cached.der()))?;
        println!(
            "{:?}: stored in {}, resumed: client {}, server {}; offered again: {}",
            cached.session().protocol_version(),
            path.display(),
            second.client_reused,
            second.server_reused,
            store.take_client(&peer, unix_now())?.is_some(),
        );
        if !(second.client_reused && second.server_reused) {
            return Err("not resumed".into());
        }
    }
    println!(
        "purged {} expired entries; {:?}",
        store.purge_expired(unix_now())?,
        store.stats()
    );
    Ok(())
}
