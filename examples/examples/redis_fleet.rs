//! Two TLS terminators share one session cache in Redis: a client resumes at
//! terminator B the session terminator A made — TLS 1.2 and TLS 1.3 — and a
//! TLS 1.3 session resumes only once in the whole fleet.
//!
//! `cargo run -p sslsession-examples --example redis_fleet`
//! starts a private `redis-server` on a free port (stopped at the end);
//! `REDIS_URL=redis://127.0.0.1:6379/ cargo run -p sslsession-examples --example redis_fleet`
//! uses yours (keys under `sslsession-example:`, each with a TTL).

use std::sync::Arc;

use openssl::ssl::SslVersion;
use session_store::redis::RedisBackend;
use session_store::{
    unix_now, KeyRing, Namespace, PeerKey, SealingKey, SessionStore, Store, StoreConfig,
};
use session_store_openssl::ServerCache;
use sslsession_examples::tls::{self, Client, Connection, Error, Terminator};
use sslsession_testkit::services::RedisServer;

/// One terminator: its own connection to Redis and its own store object, as
/// a separate process or machine would have. Every terminator of the fleet
/// uses the same sealing key and the same session id context.
fn terminator(name: &str, redis_url: &str) -> Result<(Terminator, Arc<dyn SessionStore>), Error> {
    // The fleet's sealing key: in production from a secrets store, the same
    // for every terminator (entries are XChaCha20-Poly1305 sealed in Redis).
    let keys = KeyRing::new(1, SealingKey::new([0x42; 32]));
    let config = StoreConfig::new().namespace(Namespace::new("sslsession-example"));
    let store: Arc<dyn SessionStore> = Arc::new(Store::with_config(
        RedisBackend::blocking(redis_url)?,
        keys,
        config,
    ));
    let mut acceptor = tls::acceptor()?;
    // OpenSSL's external session cache: new/get/remove-session callbacks on
    // the store, stateful TLS 1.3 tickets, no per-process cache.
    ServerCache::new(Arc::clone(&store), b"example-fleet").install(&mut acceptor)?;
    Ok((Terminator::start(name, acceptor.build())?, store))
}

fn report(version: &str, what: &str, c: &Connection) {
    let outcome = match (c.resumed, c.server_resumed) {
        (true, true) => "resumed",
        (false, false) => "full handshake",
        _ => "client and server disagree!",
    };
    println!("  {version}: {what:<50} {outcome}");
}

fn run() -> Result<(), Error> {
    let private;
    let url = match std::env::var("REDIS_URL") {
        Ok(url) => {
            println!("using the Redis at REDIS_URL");
            url
        }
        Err(_) => {
            private = RedisServer::start()?;
            println!("started a private redis-server at {}", private.url());
            private.url()
        }
    };
    let (a, store_a) = terminator("A", &url)?;
    let (b, store_b) = terminator("B", &url)?;
    println!(
        "terminators A ({}) and B ({}) share the cache in Redis\n",
        a.addr(),
        b.addr()
    );
    // The service's name: the client keys its sessions by it, whichever
    // terminator the load balancer picks.
    let peer = PeerKey::new(tls::HOST, 443);

    for (version, label) in [
        (SslVersion::TLS1_2, "TLS 1.2"),
        (SslVersion::TLS1_3, "TLS 1.3"),
    ] {
        let client = Client::new(version)?;
        let first = client.connect(&peer, &a)?;
        report(label, "first connection, to A", &first);
        let at_b = client.connect(&peer, &b)?;
        report(label, "to B, offering the session A made", &at_b);
        let again = client.connect(&peer, &a)?;
        report(label, "to A again, offering its newest session", &again);

        // A client that kept a copy of the session it used at B offers it
        // again. A TLS 1.2 session is reused until it expires; a TLS 1.3
        // session was taken out of Redis by B's lookup (RFC 8446 §C.4: a
        // ticket is for one use), so no terminator resumes it again.
        let replay = Client::new(version)?;
        let used_at_b = at_b.offered.as_deref().ok_or("nothing offered at B")?;
        replay
            .store()
            .put_client_der(&peer, used_at_b, unix_now())?;
        let replayed = replay.connect(&peer, &a)?;
        report(
            label,
            "to A, offering the session used at B again",
            &replayed,
        );

        let tls13 = version == SslVersion::TLS1_3;
        if !(at_b.resumed && at_b.server_resumed && again.resumed && replayed.resumed != tls13) {
            return Err(format!("{label}: the fleet did not behave as described").into());
        }
    }
    println!(
        "\nA TLS 1.3 session resumes once: B's lookup took it out of Redis, so no\n\
         terminator accepts it again; TLS 1.2 sessions are reused until they expire.\n\
         Redis holds the sessions sealed (XChaCha20-Poly1305), never in clear.\n"
    );
    for (name, store) in [("A", &store_a), ("B", &store_b)] {
        let s = store.stats();
        println!(
            "terminator {name}: sessions stored {}, lookups found {}, lookups missed {}",
            s.stored, s.hits, s.misses
        );
    }
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("redis_fleet: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
