//! SQLite store: real resumption through it for TLS 1.2 and 1.3, expiry,
//! purge, corrupt rows, and a second connection to the same file.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use common::*;
use rusqlite::params;
use sslsession_examples::{unix_now, SessionStore, SqliteStore};

#[test]
fn sqlite_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sessions.sqlite");
    let mut store = SqliteStore::open(&path).unwrap();
    let proofs = prove_resumption(&mut store, "sqlite");

    // Another process or a restart: a new connection to the same file resumes too.
    let mut reopened = SqliteStore::open(&path).unwrap();
    for (first, key) in &proofs {
        resume_from(&mut reopened, key, first, "sqlite, reopened");
    }

    expired_never_returned(&mut store, &proofs[0].0);
    purge_removes_expired(&mut store, &proofs[1].0);

    // Corrupt rows.
    let (first, key) = &proofs[1];
    let sk = key.storage_key();
    let conn = rusqlite::Connection::open(&path).unwrap();
    let original: String = conn
        .query_row(
            "SELECT record FROM tls_sessions WHERE key = ?1",
            params![sk],
            |r| r.get(0),
        )
        .unwrap();
    let set = |record: &rusqlite::types::Value| {
        conn.execute(
            "UPDATE tls_sessions SET record = ?1 WHERE key = ?2",
            params![record, sk],
        )
        .unwrap();
    };
    use rusqlite::types::Value;
    // Truncated JSON.
    set(&Value::Text(original[..original.len() / 2].to_string()));
    assert_corrupt(store.get(key, unix_now()), key, "EOF while parsing");
    // A value changed but still valid: the digest catches it.
    let mut v: serde_json::Value = serde_json::from_str(&original).unwrap();
    v["ticket_age_add"] = serde_json::json!(v["ticket_age_add"].as_u64().unwrap_or(0) ^ 1);
    set(&Value::Text(v.to_string()));
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        "does not match its stored SHA-256",
    );
    // Over a limit: the decoder's own error.
    let mut v: serde_json::Value = serde_json::from_str(&original).unwrap();
    v["session_id"] = serde_json::json!("00".repeat(33));
    set(&Value::Text(v.to_string()));
    assert_corrupt(
        store.get(key, unix_now()),
        key,
        "session_id: 33 bytes, at most 32 allowed",
    );
    // Not text at all (a BLOB keeps its type in a TEXT column).
    set(&Value::Blob(vec![0x30, 0x00]));
    assert_corrupt(store.get(key, unix_now()), key, "not text");
    // Restored: fine again.
    set(&Value::Text(original));
    resume_from(&mut store, key, first, "sqlite, restored");
    assert!(store.remove(key).unwrap());
    assert!(!store.remove(key).unwrap());
    assert!(store.get(key, unix_now()).unwrap().is_none());
}
