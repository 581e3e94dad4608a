//! The store interface and what every store shares: keys, expiry, integrity.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use session_der::{encode, Target};
use session_model::{ByteStorage, OwnedSession, Session, SessionRef};
use sha2::{Digest, Sha256};

/// What a session is stored under.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    /// A server's session cache: the session id.
    SessionId(Vec<u8>),
    /// A client's cache: the peer it talked to, e.g. `example.com:443`.
    Peer(String),
}

impl Key {
    /// The server-side key of `session` (its session id).
    pub fn of_session<B: ByteStorage>(session: &Session<B>) -> Self {
        Key::SessionId(session.session_id().to_vec())
    }

    /// The key as stored: `sid:<hex>` or `peer:<name>`.
    pub fn storage_key(&self) -> String {
        match self {
            Key::SessionId(id) => {
                let mut s = String::from("sid:");
                for b in id {
                    s.push_str(&format!("{b:02x}"));
                }
                s
            }
            Key::Peer(name) => format!("peer:{name}"),
        }
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.storage_key())
    }
}

/// Why a store operation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreError {
    /// `put` was given a session no one could resume: expired, or with
    /// neither a session id nor a ticket.
    NotStorable(&'static str),
    /// A stored entry is damaged or was altered: it did not parse, did not
    /// validate, or does not match its digest. It is never returned.
    Corrupt {
        /// The storage key of the entry.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The database or cache failed.
    Backend(Box<dyn std::error::Error + Send + Sync>),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::NotStorable(why) => write!(f, "session not stored: {why}"),
            StoreError::Corrupt { key, reason } => {
                write!(f, "stored session {key} is corrupt: {reason}")
            }
            StoreError::Backend(e) => write!(f, "store backend: {e}"),
        }
    }
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Backend(e) => Some(e.as_ref()),
            _ => None,
        }
    }
}

impl From<redis::RedisError> for StoreError {
    fn from(e: redis::RedisError) -> Self {
        StoreError::Backend(Box::new(e))
    }
}

impl From<postgres::Error> for StoreError {
    fn from(e: postgres::Error) -> Self {
        StoreError::Backend(Box::new(e))
    }
}

/// A place to keep TLS sessions for resumption.
///
/// `now` is passed in (seconds since the epoch, [`unix_now`] in production) so
/// that expiry is testable and every store agrees on it: a session expires at
/// `time + timeout` as OpenSSL computes it (`Session::expires_at`), and is
/// never returned after that.
pub trait SessionStore {
    /// Stores `session` under `key`, replacing what was there.
    ///
    /// # Errors
    /// [`StoreError::NotStorable`] for an expired or unresumable session; the backend's errors.
    fn put(&mut self, key: &Key, session: &SessionRef<'_>, now: i64) -> Result<(), StoreError>;

    /// The session under `key`, if there is one that has not expired at `now`.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] for a damaged entry; the backend's errors.
    fn get(&mut self, key: &Key, now: i64) -> Result<Option<OwnedSession>, StoreError>;

    /// Removes the session under `key`; whether there was one.
    ///
    /// # Errors
    /// The backend's errors.
    fn remove(&mut self, key: &Key) -> Result<bool, StoreError>;

    /// Removes every session expired at `now`; how many were removed.
    ///
    /// # Errors
    /// The backend's errors.
    fn purge_expired(&mut self, now: i64) -> Result<u64, StoreError>;
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// When a session to be stored expires (`None`: never, as OpenSSL when
/// `time + timeout` overflows), or why it cannot be stored.
pub(crate) fn expiry(session: &SessionRef<'_>, now: i64) -> Result<Option<i64>, StoreError> {
    if !session.is_resumable() {
        return Err(StoreError::NotStorable(
            "not resumable (no session id and no ticket)",
        ));
    }
    if session.is_expired(now) {
        return Err(StoreError::NotStorable("already expired"));
    }
    Ok(session.expires_at(now))
}

/// Whether a stored expiry has passed (OpenSSL: `now > time + timeout`).
pub(crate) fn expired_at(expires_at: Option<i64>, now: i64) -> bool {
    expires_at.is_some_and(|at| now > at)
}

/// SHA-256 of the session's DER as `Target::Auto` writes it.
pub(crate) fn digest_of<B: ByteStorage>(session: &Session<B>) -> Result<[u8; 32], StoreError> {
    let der = encode(session, Target::Auto)
        .map_err(|_| StoreError::NotStorable("over OpenSSL's limits, cannot be encoded"))?;
    Ok(Sha256::digest(der.as_slice()).into())
}

/// Checks a session read back against the digest stored with it.
pub(crate) fn verify(
    key: &Key,
    session: OwnedSession,
    stored_digest: &[u8],
) -> Result<OwnedSession, StoreError> {
    let digest = digest_of(&session).map_err(|e| corrupt(key, e))?;
    if digest.as_slice() != stored_digest {
        return Err(corrupt(
            key,
            "session does not match its stored SHA-256 (damaged or altered)",
        ));
    }
    Ok(session)
}

pub(crate) fn corrupt(key: &Key, reason: impl fmt::Display) -> StoreError {
    StoreError::Corrupt {
        key: key.storage_key(),
        reason: reason.to_string(),
    }
}
