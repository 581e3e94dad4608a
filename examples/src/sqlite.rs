//! SQLite: the embedded default — one file, no server. Each row holds the full
//! `session-serde` record as JSON text (SQLite's `json_extract` can query it),
//! the SHA-256 of the session's DER, and the expiry time.

use std::path::Path;

use rusqlite::{params, Connection, OptionalExtension};
use session_model::{OwnedSession, SessionRef};
use session_serde::{Record, RecordOptions};

use crate::store::{corrupt, digest_of, expired_at, expiry, verify, Key, SessionStore, StoreError};

/// A session store in an SQLite database.
pub struct SqliteStore {
    conn: Connection,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tls_sessions (
    key        TEXT PRIMARY KEY,   -- sid:<hex> or peer:<name>
    record     TEXT NOT NULL,      -- session-serde full record, JSON
    der_sha256 BLOB NOT NULL,      -- SHA-256 of the session's DER
    expires_at INTEGER             -- time + timeout; NULL = never
);
CREATE INDEX IF NOT EXISTS tls_sessions_expires_at ON tls_sessions (expires_at);
";

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path`.
    ///
    /// # Errors
    /// SQLite's.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        Self::with_connection(Connection::open(path)?)
    }

    /// A store on an existing connection (e.g. `Connection::open_in_memory()`).
    ///
    /// # Errors
    /// SQLite's.
    pub fn with_connection(conn: Connection) -> Result<Self, StoreError> {
        conn.execute_batch(SCHEMA)?;
        Ok(SqliteStore { conn })
    }

    /// The underlying connection (for queries of your own).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

impl SessionStore for SqliteStore {
    fn put(&mut self, key: &Key, session: &SessionRef<'_>, now: i64) -> Result<(), StoreError> {
        let expires_at = expiry(session, now)?;
        let digest = digest_of(session)?;
        let record = Record::from_session(session, &RecordOptions::full());
        let json = serde_json::to_string(&record).map_err(|e| StoreError::Backend(Box::new(e)))?;
        self.conn.execute(
            "INSERT INTO tls_sessions (key, record, der_sha256, expires_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (key) DO UPDATE SET record = excluded.record,
                 der_sha256 = excluded.der_sha256, expires_at = excluded.expires_at",
            params![key.storage_key(), json, digest.as_slice(), expires_at],
        )?;
        Ok(())
    }

    fn get(&mut self, key: &Key, now: i64) -> Result<Option<OwnedSession>, StoreError> {
        let row = self
            .conn
            .query_row(
                "SELECT record, der_sha256, expires_at FROM tls_sessions WHERE key = ?1",
                params![key.storage_key()],
                |r| {
                    Ok((
                        r.get::<_, rusqlite::types::Value>(0)?,
                        r.get::<_, rusqlite::types::Value>(1)?,
                        r.get::<_, Option<i64>>(2)?,
                    ))
                },
            )
            .optional()?;
        let Some((record, digest, expires_at)) = row else {
            return Ok(None);
        };
        if expired_at(expires_at, now) {
            self.remove(key)?;
            return Ok(None);
        }
        // Column types are checked here rather than trusted: a row written by
        // something else must give an error, not a panic.
        let rusqlite::types::Value::Text(json) = record else {
            return Err(corrupt(key, "record column is not text"));
        };
        let rusqlite::types::Value::Blob(digest) = digest else {
            return Err(corrupt(key, "der_sha256 column is not a blob"));
        };
        let record: Record =
            serde_json::from_str(&json).map_err(|e| corrupt(key, format_args!("record: {e}")))?;
        let session = record
            .to_session()
            .map_err(|e| corrupt(key, format_args!("record: {e}")))?;
        let session = verify(key, session, &digest)?;
        if session.is_expired(now) {
            return Ok(None);
        }
        Ok(Some(session))
    }

    fn remove(&mut self, key: &Key) -> Result<bool, StoreError> {
        let n = self.conn.execute(
            "DELETE FROM tls_sessions WHERE key = ?1",
            params![key.storage_key()],
        )?;
        Ok(n > 0)
    }

    fn purge_expired(&mut self, now: i64) -> Result<u64, StoreError> {
        let n = self.conn.execute(
            "DELETE FROM tls_sessions WHERE expires_at IS NOT NULL AND expires_at < ?1",
            params![now],
        )?;
        Ok(u64::try_from(n).unwrap_or(u64::MAX))
    }
}
