//! Sessions as `jsonb` records in PostgreSQL, and the query a dashboard or a
//! pre-warming job runs: every session for a host that expires within the hour.
//!
//! `DATABASE_URL='host=127.0.0.1 user=postgres dbname=postgres' cargo run -p sslsession-examples --example postgres_query`
//! (without `DATABASE_URL`, a private PostgreSQL cluster is started on a free port).

use openssl::ssl::SslVersion;
use sslsession_examples::postgres_store::EXPIRING_FOR_HOST_SQL;
use sslsession_examples::{unix_now, Key, PostgresStore, SessionStore};
use sslsession_interop::{Options, Server};
use sslsession_testkit::services::PostgresServer;

fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let private;
    let params = match std::env::var("DATABASE_URL") {
        Ok(p) => p,
        Err(_) => {
            private = PostgresServer::start()?;
            println!("started a private PostgreSQL: {}", private.params());
            private.params()
        }
    };
    let mut store = PostgresStore::connect(&params)?;
    let now = unix_now();

    // A server's cache: real server sessions (which record the SNI host name),
    // keyed by session id, given different lifetimes for the demonstration.
    let server = Server::new(Options::new(SslVersion::TLS1_3))?;
    let mut keys = Vec::new();
    for timeout in [900, 3000, 86_400] {
        let handshake = server.handshake(None)?;
        let mut session = session_der::decode_with::<session_der::OwnedSession>(
            &handshake.server_der,
            &Default::default(),
        )?
        .session;
        session.set_time(Some(now));
        session.set_timeout(Some(timeout));
        // OpenSSL 3.0 keeps the SNI name in a server session only when a
        // servername callback acknowledged it (`final_server_name`); the test
        // server has none, so record the name the connection reported.
        if session.hostname().is_none() {
            let sni = handshake
                .server_facts
                .servername
                .clone()
                .unwrap_or_default();
            session.set_hostname(Some(sni.into_bytes()));
        }
        let key = Key::of_session(&session);
        store.put(&key, &session.as_view(), now)?;
        keys.push(key);
    }

    println!("{}", EXPIRING_FOR_HOST_SQL.trim());
    for row in store.expiring_for_host("server.test", now, 3600)? {
        println!(
            "  {}… {} expires in {} s",
            &row.key[..row.key.len().min(20)],
            row.protocol.unwrap_or_default(),
            row.expires_at - now
        );
    }
    // The record is plain jsonb: any field can be queried.
    let row = store.client().query_one(
        "SELECT count(*), min(record->'cipher'->>'openssl_name') FROM tls_sessions \
         WHERE (record->>'protocol_version')::int = 772",
        &[],
    )?;
    println!(
        "{} TLS 1.3 sessions, cipher {}",
        row.get::<_, i64>(0),
        row.get::<_, Option<String>>(1).unwrap_or_default()
    );
    for key in &keys {
        store.remove(key)?;
    }
    Ok(())
}
