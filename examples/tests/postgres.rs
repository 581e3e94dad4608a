//! The `postgres_query` example's claims, proven on a private PostgreSQL
//! cluster: two TLS terminators (two stores, two connection pools) resume
//! each other's sessions through `session_store_openssl::ServerCache` (real
//! OpenSSL handshakes, TLS 1.2 and 1.3; a TLS 1.3 session once); the
//! documented query finds the sessions OpenSSL made, with the values OpenSSL
//! reads from the sealed entries; no record holds a master key.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use std::sync::Arc;

use openssl::ssl::{SslSession, SslVersion};
use session_store::postgres::PostgresBackend;
use session_store::{
    unix_now, Blocking, KeyRing, PostgresConfig, SealingKey, ServerKey, SessionStore, Store,
    StoreConfig,
};
use sslsession_examples::tls;
use sslsession_testkit::services::{or_skip, PostgresServer};

type PgStore = Store<Blocking<PostgresBackend>>;

fn store(params: &str) -> Arc<PgStore> {
    Arc::new(Store::with_config(
        PostgresBackend::blocking(PostgresConfig::new(params).unwrap()).unwrap(),
        KeyRing::new(1, SealingKey::new([0x42; 32])),
        StoreConfig::new().public_record(true),
    ))
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

/// The record stored under `key`, as JSON.
fn record(store: &PgStore, key: &str) -> serde_json::Value {
    let backend = store.backend();
    let sql = format!(
        "SELECT record::text FROM {} WHERE key = $1",
        backend.inner().table()
    );
    let text: String = backend.block_on(async {
        let client = backend.inner().pool().get().await.unwrap();
        client.query_one(&sql, &[&key]).await.unwrap().get(0)
    });
    serde_json::from_str(&text).unwrap()
}

#[test]
fn fleet_on_postgres_and_the_expiring_query() {
    let Some(pg) = or_skip(PostgresServer::start()) else {
        return;
    };
    let (store_a, store_b) = (store(&pg.params()), store(&pg.params()));
    common::prove_fleet(
        "postgres",
        Arc::clone(&store_a) as Arc<dyn SessionStore>,
        store_b,
    );

    // What the fleet left in the table: every session for the host that
    // expires within three hours (OpenSSL's default lifetime is two).
    let backend = store_a.backend().inner();
    let now = unix_now();
    let rows = store_a
        .backend()
        .block_on(backend.expiring_for_host(tls::HOST, now, 3 * 3600))
        .unwrap();
    let protocols: Vec<_> = rows.iter().filter_map(|r| r.protocol.as_deref()).collect();
    assert!(
        protocols.contains(&"TLSv1.2") && protocols.contains(&"TLSv1.3"),
        "{rows:?}"
    );
    assert!(rows.windows(2).all(|w| w[0].expires_at <= w[1].expires_at));
    for row in &rows {
        // Read first: a TLS 1.3 entry is gone once looked up.
        let record = record(&store_a, &row.key);
        // The sealed entry, as OpenSSL reads it, is the session the record
        // describes.
        let cached = store_a
            .get_server(
                &ServerKey::new(&unhex(&row.session_id), common::SID_CTX),
                now,
            )
            .unwrap()
            .unwrap_or_else(|| panic!("{row:?}: no entry"));
        let session = SslSession::from_der(cached.der()).unwrap();
        assert_eq!(common::hex(session.id()), row.session_id);
        assert_eq!(
            session.time() + session.timeout(),
            row.expires_at,
            "{row:?}"
        );
        let version = if row.protocol.as_deref() == Some("TLSv1.3") {
            SslVersion::TLS1_3
        } else {
            SslVersion::TLS1_2
        };
        assert_eq!(session.protocol_version(), version, "{row:?}");

        // The record holds no secret: the master key (TLS 1.3: the
        // resumption PSK) is masked, and its bytes appear nowhere.
        let mut master_key = vec![0; session.master_key_len()];
        session.master_key(&mut master_key);
        assert!(master_key.len() >= 32);
        assert_eq!(
            record["master_key"],
            serde_json::json!({ "redacted": master_key.len() }),
            "{record}"
        );
        assert!(!record.to_string().contains(&common::hex(&master_key)));
        assert_eq!(record["hostname"], common::hex(tls::HOST.as_bytes()));
    }
    // Not within the next minute, and not for another host.
    let none = |host: &str, within: i64| {
        store_a
            .backend()
            .block_on(backend.expiring_for_host(host, now, within))
            .unwrap()
    };
    assert_eq!(none(tls::HOST, 60), []);
    assert_eq!(none("other.test", 3 * 3600), []);
}
