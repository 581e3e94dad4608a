//! A TLS server's session cache in PostgreSQL, and the queries a dashboard
//! or a pre-warming job runs on it. Each entry is sealed (the only copy of
//! the secrets); beside it the store keeps a redacted `jsonb` record of the
//! session — host name, protocol, cipher, times — that SQL can query and
//! that holds no master key, ticket or PSK.
//!
//! `cargo run -p sslsession-examples --example postgres_query`
//! starts a private PostgreSQL cluster on a free port (removed at the end);
//! `DATABASE_URL='host=127.0.0.1 user=postgres dbname=postgres' cargo run -p sslsession-examples --example postgres_query`
//! uses yours (tables `sslsession_example_*`; the example removes the
//! sessions it lists at the end).

use std::sync::Arc;

use openssl::ssl::SslVersion;
use session_store::postgres::PostgresBackend;
use session_store::{
    unix_now, Blocking, KeyRing, PeerKey, PostgresConfig, SealingKey, ServerKey, SessionStore,
    Store, StoreConfig,
};
use session_store_openssl::ServerCache;
use sslsession_examples::tls::{self, Client, Error, Terminator};
use sslsession_testkit::services::PostgresServer;

const SID_CTX: &[u8] = b"example-postgres";

/// Runs `sql` (with `{table}` standing for the entries table) and returns its
/// rows' columns as text.
fn query(backend: &Blocking<PostgresBackend>, sql: &str) -> Result<Vec<Vec<String>>, Error> {
    let sql = sql.replace("{table}", backend.inner().table());
    backend.block_on(async {
        let client = backend.inner().pool().get().await?;
        let rows = client.simple_query(&sql).await?;
        Ok(rows
            .iter()
            .filter_map(|m| match m {
                tokio_postgres::SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).unwrap_or("NULL").to_owned())
                        .collect(),
                ),
                _ => None,
            })
            .collect())
    })
}

fn unhex(hex: &str) -> Result<Vec<u8>, Error> {
    (0..hex.len())
        .step_by(2)
        .map(|i| {
            Ok(u8::from_str_radix(
                hex.get(i..i + 2).ok_or("odd length")?,
                16,
            )?)
        })
        .collect()
}

fn run() -> Result<(), Error> {
    let private;
    let params = match std::env::var("DATABASE_URL") {
        Ok(params) => {
            println!("using the PostgreSQL at DATABASE_URL");
            params
        }
        Err(_) => {
            private = PostgresServer::start()?;
            println!("started a private PostgreSQL: {}", private.params());
            private.params()
        }
    };
    // `public_record(true)`: the store hands the backend a redacted record
    // of each session, which PostgreSQL keeps in a jsonb column.
    let config = PostgresConfig::new(&params)?.table_prefix("sslsession_example")?;
    let store = Arc::new(Store::with_config(
        PostgresBackend::blocking(config)?,
        KeyRing::new(1, SealingKey::new([0x42; 32])),
        StoreConfig::new().public_record(true),
    ));
    let backend = store.backend();

    // A TLS server whose session cache is the store (OpenSSL's new/get/remove
    // session callbacks), and clients that connect twice: a full handshake,
    // then one resuming from PostgreSQL.
    let mut acceptor = tls::acceptor()?;
    ServerCache::new(Arc::clone(&store) as Arc<dyn SessionStore>, SID_CTX)
        .install(&mut acceptor)?;
    let server = Terminator::start("server", acceptor.build())?;
    let peer = PeerKey::new(tls::HOST, 443);
    for (version, label) in [
        (SslVersion::TLS1_2, "TLS 1.2"),
        (SslVersion::TLS1_3, "TLS 1.3"),
    ] {
        let client = Client::new(version)?;
        let first = client.connect(&peer, &server)?;
        let second = client.connect(&peer, &server)?;
        println!("{label}: a full handshake, then a connection resuming from PostgreSQL");
        if first.resumed || !(second.resumed && second.server_resumed) {
            return Err(format!("{label}: no resumption from PostgreSQL").into());
        }
    }

    // The documented query (session_store::postgres::EXPIRING_FOR_HOST_SQL):
    // every session for a host that expires within a window, soonest first,
    // served by an expression index on the record's host name. OpenSSL gives
    // sessions two hours by default, so: within the next three hours.
    let now = unix_now();
    println!("\n{}", backend.inner().expiring_for_host_sql().trim());
    let rows = backend.block_on(backend.inner().expiring_for_host(tls::HOST, now, 3 * 3600))?;
    println!(
        "-- byte fields of the record are hex, hence encode(convert_to(...));\n\
         -- {} sessions for $1 = {}, $2 = now, $3 = 3 h (OpenSSL gives a session 2 h):",
        rows.len(),
        tls::HOST
    );
    for row in &rows {
        println!(
            "   {} session {}… expires in {} s",
            row.protocol.as_deref().unwrap_or("?"),
            &row.session_id[..row.session_id.len().min(16)],
            row.expires_at - now
        );
    }

    // Any field of the record can be queried the same way.
    println!("\nsessions by protocol and cipher:");
    for row in query(
        backend,
        "SELECT record->>'protocol', record->'cipher'->>'openssl_name', count(*) FROM {table} \
         WHERE record IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2",
    )? {
        println!("   {}", row.join("  "));
    }
    println!("\none record, as stored (secrets masked as {{\"redacted\": <length>}}):");
    for row in query(
        backend,
        "SELECT jsonb_pretty(record) FROM {table} WHERE record->>'protocol' = 'TLSv1.3' LIMIT 1",
    )? {
        println!("{}", row[0]);
    }
    let clear = query(
        backend,
        "SELECT count(*) FROM {table} WHERE record ? 'master_key' \
         AND NOT (record->'master_key' ? 'redacted')",
    )?;
    println!("records with a master key in clear: {}", clear[0][0]);
    if clear[0][0] != "0" {
        return Err("a record holds a master key".into());
    }

    for row in &rows {
        store.remove_server(&ServerKey::new(&unhex(&row.session_id)?, SID_CTX))?;
    }
    println!(
        "\nremoved them again; store statistics: {:?}",
        store.stats()
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    match run() {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("postgres_query: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
