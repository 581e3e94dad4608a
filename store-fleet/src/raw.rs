//! Raw access to a server slot as each backend lays it out (its module
//! documentation in session-store): what an attacker or an operator with
//! write access to the database sees and can change, bypassing the store.
//! The fault tests damage, move and replay entries through it.

use std::path::PathBuf;
use std::sync::Mutex;

use session_store::{Namespace, ServerKey};

use crate::tls::{Error, SID_CTX};

/// A server slot's row as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawSlot {
    /// The sealed entry (what the store handed the backend).
    pub sealed: Vec<u8>,
    /// Its `expires_at` (`None`: never).
    pub expires_at: Option<i64>,
    /// Whether a fetch consumes it.
    pub single_use: bool,
}

/// The storage key of the server slot holding session `id` (the fleet's
/// context, the default namespace).
pub fn slot_key(session_id: &[u8]) -> String {
    ServerKey::new(session_id, SID_CTX).storage_key(&Namespace::default())
}

/// Reads and writes server slots behind a store's back.
pub trait RawBackend {
    /// The slot `key`, if there is one.
    ///
    /// # Errors
    /// The database failed.
    fn read(&self, key: &str) -> Result<Option<RawSlot>, Error>;

    /// Puts `slot` in `key`, replacing what is there.
    ///
    /// # Errors
    /// The database failed.
    fn write(&self, key: &str, slot: &RawSlot) -> Result<(), Error>;
}

/// A Redis slot: a string `1:<single-use 0|1>:<expires_at>:` followed by the
/// sealed bytes (session-store's `redis` module).
pub struct RawRedis(Mutex<redis::Connection>);

impl RawRedis {
    /// Connects to `url`.
    ///
    /// # Errors
    /// Redis is unreachable.
    pub fn connect(url: &str) -> Result<Self, Error> {
        Ok(RawRedis(Mutex::new(
            redis::Client::open(url)?.get_connection()?,
        )))
    }
}

impl RawBackend for RawRedis {
    fn read(&self, key: &str) -> Result<Option<RawSlot>, Error> {
        let mut con = self.0.lock().map_err(|_| "poisoned")?;
        let value: Option<Vec<u8>> = redis::cmd("GET").arg(key).query(&mut *con)?;
        let Some(value) = value else { return Ok(None) };
        let mut fields = value.splitn(4, |&b| b == b':');
        let (Some(b"1"), Some(single), Some(expiry), Some(sealed)) =
            (fields.next(), fields.next(), fields.next(), fields.next())
        else {
            return Err(format!("not a slot of layout 1: {key}").into());
        };
        let expires_at = if expiry.is_empty() {
            None
        } else {
            Some(std::str::from_utf8(expiry)?.parse()?)
        };
        Ok(Some(RawSlot {
            sealed: sealed.to_vec(),
            expires_at,
            single_use: single == b"1",
        }))
    }

    fn write(&self, key: &str, slot: &RawSlot) -> Result<(), Error> {
        let mut value = format!(
            "1:{}:{}:",
            u8::from(slot.single_use),
            slot.expires_at.map(|e| e.to_string()).unwrap_or_default()
        )
        .into_bytes();
        value.extend_from_slice(&slot.sealed);
        let mut con = self.0.lock().map_err(|_| "poisoned")?;
        redis::cmd("SET")
            .arg(key)
            .arg(value)
            .arg("EX")
            .arg(600)
            .query::<()>(&mut *con)?;
        Ok(())
    }
}

/// A PostgreSQL slot: a row of `sslsession_entries` with `is_list` false
/// (session-store's `postgres` module, default table prefix).
pub struct RawPostgres(Mutex<postgres::Client>);

impl RawPostgres {
    /// Connects with libpq-style `params`.
    ///
    /// # Errors
    /// PostgreSQL is unreachable.
    pub fn connect(params: &str) -> Result<Self, Error> {
        Ok(RawPostgres(Mutex::new(postgres::Client::connect(
            params,
            postgres::NoTls,
        )?)))
    }
}

impl RawBackend for RawPostgres {
    fn read(&self, key: &str) -> Result<Option<RawSlot>, Error> {
        let mut db = self.0.lock().map_err(|_| "poisoned")?;
        let row = db.query_opt(
            "SELECT sealed, expires_at, single_use FROM sslsession_entries \
             WHERE key = $1 AND NOT is_list",
            &[&key],
        )?;
        Ok(row.map(|r| RawSlot {
            sealed: r.get(0),
            expires_at: r.get(1),
            single_use: r.get(2),
        }))
    }

    fn write(&self, key: &str, slot: &RawSlot) -> Result<(), Error> {
        let mut db = self.0.lock().map_err(|_| "poisoned")?;
        let mut tx = db.transaction()?;
        tx.execute(
            "DELETE FROM sslsession_entries WHERE key = $1 AND NOT is_list",
            &[&key],
        )?;
        tx.execute(
            "INSERT INTO sslsession_entries (is_list, key, expires_at, single_use, sealed) \
             VALUES (false, $1, $2, $3, $4)",
            &[&key, &slot.expires_at, &slot.single_use, &slot.sealed],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// A SQLite slot: a row of `session_entries` with `kind` 0 (session-store's
/// `sqlite` module; `expires_at` `i64::MAX` for never).
pub struct RawSqlite(PathBuf);

impl RawSqlite {
    /// The database file at `path`.
    pub fn open(path: PathBuf) -> Self {
        RawSqlite(path)
    }

    fn connection(&self) -> Result<rusqlite::Connection, Error> {
        let db = rusqlite::Connection::open(&self.0)?;
        db.busy_timeout(std::time::Duration::from_secs(5))?;
        Ok(db)
    }
}

impl RawBackend for RawSqlite {
    fn read(&self, key: &str) -> Result<Option<RawSlot>, Error> {
        use rusqlite::OptionalExtension;
        let db = self.connection()?;
        let row = db
            .query_row(
                "SELECT sealed, expires_at, single_use FROM session_entries \
                 WHERE kind = 0 AND key = ?1",
                [key],
                |r| {
                    Ok(RawSlot {
                        sealed: r.get(0)?,
                        expires_at: Some(r.get::<_, i64>(1)?).filter(|&e| e != i64::MAX),
                        single_use: r.get::<_, i64>(2)? != 0,
                    })
                },
            )
            .optional()?;
        Ok(row)
    }

    fn write(&self, key: &str, slot: &RawSlot) -> Result<(), Error> {
        let mut db = self.connection()?;
        let tx = db.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        tx.execute(
            "DELETE FROM session_entries WHERE kind = 0 AND key = ?1",
            [key],
        )?;
        tx.execute(
            "INSERT INTO session_entries (kind, key, expires_at, single_use, sealed) \
             VALUES (0, ?1, ?2, ?3, ?4)",
            rusqlite::params![
                key,
                slot.expires_at.unwrap_or(i64::MAX),
                i64::from(slot.single_use),
                slot.sealed
            ],
        )?;
        tx.commit()?;
        Ok(())
    }
}
