//! Redis: the shared cache of a fleet of TLS terminators. Each value is the
//! session's DER (`session_serde::der`) with its SHA-256, in postcard, written
//! with `SET key value EX <remaining lifetime>` so that Redis expires sessions
//! itself.

use redis::{Client, Connection};
use serde::{Deserialize, Serialize};
use session_model::{OwnedSession, SessionRef};
use session_serde::Octets;

use crate::store::{corrupt, digest_of, expiry, verify, Key, SessionStore, StoreError};

/// A session store in Redis.
pub struct RedisStore {
    conn: Connection,
    prefix: String,
}

/// What is stored under a key.
#[derive(Serialize)]
struct EntryOut<'a> {
    #[serde(serialize_with = "session_serde::der::serialize")]
    session: SessionRef<'a>,
    der_sha256: Octets,
}

#[derive(Deserialize)]
struct EntryIn {
    #[serde(with = "session_serde::der")]
    session: OwnedSession,
    der_sha256: Octets,
}

impl RedisStore {
    /// Connects to `url` (`redis://127.0.0.1:6379/`); keys are prefixed with
    /// `sslsession:`.
    ///
    /// # Errors
    /// The client's.
    pub fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with_prefix(url, "sslsession:")
    }

    /// As [`RedisStore::connect`], with another key prefix (one per cache).
    ///
    /// # Errors
    /// The client's.
    pub fn connect_with_prefix(url: &str, prefix: &str) -> Result<Self, StoreError> {
        let conn = Client::open(url)?.get_connection()?;
        Ok(RedisStore {
            conn,
            prefix: prefix.to_string(),
        })
    }

    /// The Redis key of `key`.
    pub fn redis_key(&self, key: &Key) -> String {
        format!("{}{}", self.prefix, key.storage_key())
    }

    /// The underlying connection (for commands of your own).
    pub fn connection(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

impl SessionStore for RedisStore {
    fn put(&mut self, key: &Key, session: &SessionRef<'_>, now: i64) -> Result<(), StoreError> {
        let expires_at = expiry(session, now)?;
        let entry = EntryOut {
            session: session.as_view(),
            der_sha256: Octets(digest_of(session)?.to_vec()),
        };
        let value = postcard::to_stdvec(&entry).map_err(|e| StoreError::Backend(Box::new(e)))?;
        let mut cmd = redis::cmd("SET");
        cmd.arg(self.redis_key(key)).arg(value);
        if let Some(at) = expires_at {
            // The session is resumable through `at` inclusive (OpenSSL: expired
            // when now > time + timeout), so it lives `at - now + 1` more seconds.
            let remaining = at.saturating_sub(now).saturating_add(1).max(1);
            cmd.arg("EX").arg(remaining);
        }
        cmd.query::<()>(&mut self.conn)?;
        Ok(())
    }

    fn get(&mut self, key: &Key, now: i64) -> Result<Option<OwnedSession>, StoreError> {
        let value: Option<Vec<u8>> = redis::cmd("GET")
            .arg(self.redis_key(key))
            .query(&mut self.conn)?;
        let Some(value) = value else {
            return Ok(None);
        };
        let entry: EntryIn =
            postcard::from_bytes(&value).map_err(|e| corrupt(key, format_args!("entry: {e}")))?;
        let session = verify(key, entry.session, &entry.der_sha256.0)?;
        // Redis expires entries itself; this guards against clock skew
        // between the writer and this reader.
        if session.is_expired(now) {
            return Ok(None);
        }
        Ok(Some(session))
    }

    fn remove(&mut self, key: &Key) -> Result<bool, StoreError> {
        let n: i64 = redis::cmd("DEL")
            .arg(self.redis_key(key))
            .query(&mut self.conn)?;
        Ok(n > 0)
    }

    /// Redis expires every entry itself (`EX`), so there is nothing to purge.
    fn purge_expired(&mut self, _now: i64) -> Result<u64, StoreError> {
        Ok(0)
    }
}
