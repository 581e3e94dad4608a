//! PostgreSQL: structured records in a `jsonb` column, so sessions can be
//! queried — e.g. every session for a host name that expires in the next hour
//! ([`PostgresStore::expiring_for_host`]).

use postgres::{Client, NoTls};
use session_model::{OwnedSession, SessionRef};
use session_serde::{Record, RecordOptions};

use crate::store::{corrupt, digest_of, expired_at, expiry, verify, Key, SessionStore, StoreError};

/// A session store in PostgreSQL.
pub struct PostgresStore {
    client: Client,
}

/// One row of [`PostgresStore::expiring_for_host`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiringSession {
    /// The storage key.
    pub key: String,
    /// The session id, hex (from the record).
    pub session_id: String,
    /// The protocol name (from the record).
    pub protocol: Option<String>,
    /// When it expires.
    pub expires_at: i64,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tls_sessions (
    key        text PRIMARY KEY,   -- sid:<hex> or peer:<name>
    record     jsonb NOT NULL,     -- session-serde full record
    der_sha256 bytea NOT NULL,     -- SHA-256 of the session's DER
    expires_at bigint              -- time + timeout; NULL = never
);
CREATE INDEX IF NOT EXISTS tls_sessions_expires_at ON tls_sessions (expires_at);
CREATE INDEX IF NOT EXISTS tls_sessions_hostname ON tls_sessions ((record->>'hostname'));
";

/// The query of [`PostgresStore::expiring_for_host`]: the record's `hostname`
/// is hex (byte fields always are), so the host name is hex-encoded in SQL.
pub const EXPIRING_FOR_HOST_SQL: &str = "
SELECT key, record->>'session_id', record->>'protocol', expires_at
  FROM tls_sessions
 WHERE record->>'hostname' = encode(convert_to($1, 'UTF8'), 'hex')
   AND expires_at >= $2 AND expires_at < $2 + $3
 ORDER BY expires_at, key";

impl PostgresStore {
    /// Connects with libpq-style `params`
    /// (`host=127.0.0.1 port=5432 user=postgres dbname=postgres`) and creates
    /// the table if needed.
    ///
    /// # Errors
    /// The client's.
    pub fn connect(params: &str) -> Result<Self, StoreError> {
        let mut client = Client::connect(params, NoTls)?;
        client.batch_execute(SCHEMA)?;
        Ok(PostgresStore { client })
    }

    /// The underlying client (for queries of your own).
    pub fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    /// Every live session for `host` (the SNI name in the record) that expires
    /// within `within` seconds of `now`, soonest first.
    ///
    /// # Errors
    /// The client's.
    pub fn expiring_for_host(
        &mut self,
        host: &str,
        now: i64,
        within: i64,
    ) -> Result<Vec<ExpiringSession>, StoreError> {
        let rows = self
            .client
            .query(EXPIRING_FOR_HOST_SQL, &[&host, &now, &within])?;
        Ok(rows
            .iter()
            .map(|r| ExpiringSession {
                key: r.get(0),
                session_id: r.get::<_, Option<String>>(1).unwrap_or_default(),
                protocol: r.get(2),
                expires_at: r.get(3),
            })
            .collect())
    }
}

impl SessionStore for PostgresStore {
    fn put(&mut self, key: &Key, session: &SessionRef<'_>, now: i64) -> Result<(), StoreError> {
        let expires_at = expiry(session, now)?;
        let digest = digest_of(session)?;
        let record = Record::from_session(session, &RecordOptions::full());
        let json = serde_json::to_value(&record).map_err(|e| StoreError::Backend(Box::new(e)))?;
        self.client.execute(
            "INSERT INTO tls_sessions (key, record, der_sha256, expires_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (key) DO UPDATE SET record = excluded.record,
                 der_sha256 = excluded.der_sha256, expires_at = excluded.expires_at",
            &[&key.storage_key(), &json, &digest.as_slice(), &expires_at],
        )?;
        Ok(())
    }

    fn get(&mut self, key: &Key, now: i64) -> Result<Option<OwnedSession>, StoreError> {
        let row = self.client.query_opt(
            "SELECT record, der_sha256, expires_at FROM tls_sessions WHERE key = $1",
            &[&key.storage_key()],
        )?;
        let Some(row) = row else {
            return Ok(None);
        };
        let expires_at: Option<i64> = row.try_get(2)?;
        if expired_at(expires_at, now) {
            self.remove(key)?;
            return Ok(None);
        }
        let record: serde_json::Value = row.try_get(0)?;
        let digest: Vec<u8> = row.try_get(1)?;
        let record: Record = serde_json::from_value(record)
            .map_err(|e| corrupt(key, format_args!("record: {e}")))?;
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
        let n = self.client.execute(
            "DELETE FROM tls_sessions WHERE key = $1",
            &[&key.storage_key()],
        )?;
        Ok(n > 0)
    }

    fn purge_expired(&mut self, now: i64) -> Result<u64, StoreError> {
        Ok(self.client.execute(
            "DELETE FROM tls_sessions WHERE expires_at IS NOT NULL AND expires_at < $1",
            &[&now],
        )?)
    }
}
