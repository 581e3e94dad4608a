//! SQLite: the embedded default backend — one file, no server, shared by
//! every process on the machine that opens it (feature `sqlite`).
//!
//! [`SqliteBackend`] is a synchronous [`Backend`]; async code wraps it in
//! [`Offload`](crate::Offload), which runs each call on tokio's blocking pool:
//!
//! ```no_run
//! # async fn demo() -> Result<(), session_store::BackendError> {
//! use session_store::{AsyncBackend, Offload, SqliteBackend};
//!
//! let backend = Offload::new(SqliteBackend::open("/var/cache/tls/sessions.sqlite", 100_000)?);
//! // `backend` is an `AsyncBackend`: its calls never block the executor.
//! backend.purge_expired(1_800_000_000).await?;
//! # Ok(()) }
//! ```
//!
//! # Several processes, one file
//!
//! The database runs in WAL journal mode, so readers never wait for a writer
//! and one writer at a time commits. Every write is one transaction that takes
//! SQLite's write lock when it *starts* (`BEGIN IMMEDIATE`, or a single
//! statement, which SQLite runs as its own transaction holding the write lock
//! from its first step): a read-modify-write never acts on a snapshot another
//! process has since changed. A process that finds the lock taken waits up to
//! the busy timeout ([`SqliteOptions::busy_timeout`], 5 s by default), then the
//! call fails with a [`BackendError`] (the store counts it in
//! `backend_errors`, and a lookup that failed so counts as a miss).
//!
//! Single-use entries are taken with `DELETE … RETURNING` (SQLite ≥ 3.35; the
//! bundled SQLite is 3.53): the row is deleted and its bytes returned by the
//! same statement, so of any number of threads and processes racing for one
//! TLS 1.3 session exactly one gets it.
//!
//! # Inside one process
//!
//! Methods take `&self`; the backend is `Send + Sync`. It holds a small pool of
//! connections ([`SqliteOptions::connections`], 8 by default for a file), each
//! used by one thread at a time: reads run in parallel, and writers of this
//! process meet at SQLite's write lock exactly as other processes' do. With 8
//! threads on one file (a mixed load, `benches/sqlite_threads.rs`, 2 shared
//! cores), 8 connections served 1.2–2× the calls per second of one
//! connection behind a mutex (28–53 k against 19–36 k), with a p99 latency of
//! 0.07–0.26 ms instead of 7–11 ms (a thread waiting for the single
//! connection waits for every call queued before it).
//! Queueing this process's writers on a mutex of their own before SQLite's
//! lock was measured too, and was slower than letting them meet at SQLite's.
//! An in-memory database (`":memory:"`) exists inside one connection only, so
//! it gets exactly one, and lives as long as the backend.
//!
//! # Schema
//!
//! One table, `session_entries`, holds slots and list members; a one-row
//! table `session_store_count` keeps their number (maintained by triggers), so
//! the size bound costs one row read per write rather than a count of the
//! table. `PRAGMA user_version` is the schema version ([`SCHEMA_VERSION`]): a
//! file without it gets the schema; a file with a newer version is refused, so
//! an old release never writes into a layout it does not know.
//!
//! [`Entry::record`] (the redacted JSON record, given only when the store is
//! configured to) is stored in the nullable `record` column, where SQLite's
//! `json_extract` can query it; it is never read back by the backend.

use std::fmt;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::Duration;

use rusqlite::{
    params, Connection, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};

use crate::backend::{claim_entry, Backend, BackendError, Entry, EntryMeta};

/// The schema version this release writes and reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// `expires_at` of an entry that never expires. A sentinel rather than `NULL`
/// keeps the column totally ordered the way the rules order entries (`NULL`
/// would sort first, as if it expired first).
const NEVER: i64 = i64::MAX;

/// The schema of version 1. Every statement is idempotent, and it runs
/// inside the `BEGIN IMMEDIATE` transaction that sets `user_version`, so two
/// processes opening a new file at once create it once.
const SCHEMA_V1: &str = "
CREATE TABLE IF NOT EXISTS session_entries (
    seq        INTEGER PRIMARY KEY,  -- insertion order: the newest has the highest
    kind       INTEGER NOT NULL,     -- 0: a slot, 1: a list member
    key        TEXT NOT NULL,        -- the slot's or the list's storage key
    expires_at INTEGER NOT NULL,     -- seconds since the epoch; 9223372036854775807: never
    single_use INTEGER NOT NULL,     -- 1: consumed by the fetch or pop that returns it
    sealed     BLOB NOT NULL,        -- the sealed entry, opaque here
    record     TEXT                  -- Entry::record (redacted JSON) when given
);
CREATE INDEX IF NOT EXISTS session_entries_by_key
    ON session_entries (kind, key, expires_at);
CREATE INDEX IF NOT EXISTS session_entries_by_expiry
    ON session_entries (expires_at);
CREATE TABLE IF NOT EXISTS session_store_count (
    id      INTEGER PRIMARY KEY CHECK (id = 0),
    entries INTEGER NOT NULL
);
INSERT OR IGNORE INTO session_store_count (id, entries)
    SELECT 0, count(*) FROM session_entries;
CREATE TRIGGER IF NOT EXISTS session_entries_inserted AFTER INSERT ON session_entries
BEGIN
    UPDATE session_store_count SET entries = entries + 1 WHERE id = 0;
END;
CREATE TRIGGER IF NOT EXISTS session_entries_deleted AFTER DELETE ON session_entries
BEGIN
    UPDATE session_store_count SET entries = entries - 1 WHERE id = 0;
END;
";

/// A slot's row (`kind`).
const SLOT: i64 = 0;
/// A list member's row (`kind`).
const MEMBER: i64 = 1;

fn sqlite_error(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> BackendError {
    BackendError::new("sqlite", e)
}

/// How a [`SqliteBackend`] opens its database.
#[derive(Clone, Debug)]
pub struct SqliteOptions {
    max_entries: usize,
    connections: usize,
    busy_timeout: Duration,
    durable: bool,
}

impl SqliteOptions {
    /// Options for a backend holding at most `max_entries` entries (slots and
    /// list members together; at least 1), with the defaults: 8 connections,
    /// a 5 s busy timeout, not [`durable`](Self::durable).
    pub fn new(max_entries: usize) -> Self {
        SqliteOptions {
            max_entries: max_entries.max(1),
            connections: 8,
            busy_timeout: Duration::from_secs(5),
            durable: false,
        }
    }

    /// How many connections the backend keeps for a file (at least 1; an
    /// in-memory database always has one). Readers use them in parallel.
    #[must_use]
    pub fn connections(mut self, connections: usize) -> Self {
        self.connections = connections.max(1);
        self
    }

    /// How long a call waits for another process's write to finish before it
    /// fails (SQLite's `busy_timeout`).
    #[must_use]
    pub fn busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// Whether every commit is flushed to disk (`PRAGMA synchronous = FULL`).
    /// By default (`NORMAL`, SQLite's advice for WAL mode) a commit survives
    /// the process crashing but may be lost with the machine's power — a
    /// lost cache entry costs one full handshake.
    #[must_use]
    pub fn durable(mut self, durable: bool) -> Self {
        self.durable = durable;
        self
    }
}

/// A [`Backend`] in an SQLite database file (or in memory): see the
/// [module documentation](self) for concurrency and the schema.
pub struct SqliteBackend {
    pool: Pool,
    max_entries: i64,
    location: Option<PathBuf>,
}

impl fmt::Debug for SqliteBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SqliteBackend")
            .field("location", &self.location)
            .field("connections", &self.pool.size)
            .field("max_entries", &self.max_entries)
            .finish()
    }
}

impl SqliteBackend {
    /// Opens (creating if needed) the database file at `path` with the
    /// default [`SqliteOptions`] and at most `max_entries` entries;
    /// `":memory:"` opens a private in-memory database.
    ///
    /// # Errors
    /// The file cannot be opened or created, is not an SQLite database (or is
    /// damaged), or holds a newer schema version than [`SCHEMA_VERSION`].
    pub fn open(path: impl AsRef<Path>, max_entries: usize) -> Result<Self, BackendError> {
        Self::open_with(path, &SqliteOptions::new(max_entries))
    }

    /// A private in-memory database holding at most `max_entries` entries,
    /// for one process (gone when the backend is dropped).
    ///
    /// # Errors
    /// SQLite could not allocate it.
    pub fn in_memory(max_entries: usize) -> Result<Self, BackendError> {
        Self::open_with(":memory:", &SqliteOptions::new(max_entries))
    }

    /// Opens the database at `path` (`":memory:"`: in memory) with `options`.
    ///
    /// # Errors
    /// As [`open`](Self::open).
    pub fn open_with(
        path: impl AsRef<Path>,
        options: &SqliteOptions,
    ) -> Result<Self, BackendError> {
        let path = path.as_ref();
        let in_memory = path.as_os_str() == ":memory:";
        let size = if in_memory { 1 } else { options.connections };
        let first = connect(path, options)?;
        if !in_memory {
            enable_wal(&first, path, options.busy_timeout)?;
        }
        migrate(&first)?;
        let mut connections = vec![first];
        for _ in 1..size {
            connections.push(connect(path, options)?);
        }
        Ok(SqliteBackend {
            pool: Pool::new(connections),
            max_entries: i64::try_from(options.max_entries).unwrap_or(i64::MAX),
            location: (!in_memory).then(|| path.to_owned()),
        })
    }

    /// The database file, or `None` for an in-memory database.
    pub fn path(&self) -> Option<&Path> {
        self.location.as_deref()
    }

    /// How many entries the database holds (slots and list members; expired
    /// ones included until purged or read).
    ///
    /// # Errors
    /// SQLite's.
    pub fn len(&self) -> Result<u64, BackendError> {
        let conn = self.pool.get();
        let n: i64 = conn
            .prepare_cached("SELECT entries FROM session_store_count WHERE id = 0")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .map_err(sqlite_error)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// Whether the database holds no entry.
    ///
    /// # Errors
    /// SQLite's.
    pub fn is_empty(&self) -> Result<bool, BackendError> {
        Ok(self.len()? == 0)
    }

    /// Evicts the entries expiring first (ties: the oldest) until at most
    /// `max_entries` remain; how many.
    fn evict(&self, tx: &Transaction<'_>) -> rusqlite::Result<u64> {
        let count: i64 = tx
            .prepare_cached("SELECT entries FROM session_store_count WHERE id = 0")?
            .query_row([], |r| r.get(0))?;
        let excess = count.saturating_sub(self.max_entries);
        if excess <= 0 {
            return Ok(0);
        }
        let n = tx
            .prepare_cached(
                "DELETE FROM session_entries WHERE seq IN (
                     SELECT seq FROM session_entries ORDER BY expires_at, seq LIMIT ?1)",
            )?
            .execute([excess])?;
        Ok(n as u64)
    }
}

/// One connection, configured: every connection waits for other processes'
/// locks up to the busy timeout, and syncs as [`SqliteOptions::durable`] says
/// (`synchronous` is a per-connection setting).
fn connect(path: &Path, options: &SqliteOptions) -> Result<Connection, BackendError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        // Each connection is used by one thread at a time (the pool hands it
        // out), so SQLite's own per-connection mutex is not needed.
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(sqlite_error)?;
    conn.busy_timeout(options.busy_timeout)
        .map_err(sqlite_error)?;
    conn.pragma_update(
        None,
        "synchronous",
        if options.durable { "FULL" } else { "NORMAL" },
    )
    .map_err(sqlite_error)?;
    Ok(conn)
}

/// Puts the file in WAL journal mode (a property of the file: it persists).
///
/// Switching a new file to WAL writes the file's header, and SQLite answers
/// `SQLITE_BUSY` at once there rather than through the busy handler when
/// another connection is writing: `sqlite3BtreeSetVersion` (sqlite3.c,
/// 3.53.2) upgrades the pragma's read transaction to a write one, and
/// `btreeBeginTrans` calls the busy handler only when no transaction is open
/// yet. Measured: with 8 threads opening one new file at once, one round in
/// about twenty had an opener fail. So the switch is retried here until the
/// busy timeout; a file another opener has meanwhile switched answers "wal".
fn enable_wal(conn: &Connection, path: &Path, timeout: Duration) -> Result<(), BackendError> {
    let start = std::time::Instant::now();
    loop {
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => {
                return Err(sqlite_error(format!(
                    "{}: the journal mode stays {mode:?}; several processes need WAL",
                    path.display()
                )))
            }
            Err(e)
                if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && start.elapsed() < timeout =>
            {
                std::thread::sleep(Duration::from_millis(2));
            }
            Err(e) => return Err(sqlite_error(e)),
        }
    }
}

/// Creates the schema in a new database, or checks the version of an
/// existing one. Later releases migrate from older versions here.
fn migrate(conn: &Connection) -> Result<(), BackendError> {
    let tx =
        Transaction::new_unchecked(conn, TransactionBehavior::Immediate).map_err(sqlite_error)?;
    let version: i64 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(sqlite_error)?;
    match version {
        0 => {
            tx.execute_batch(SCHEMA_V1).map_err(sqlite_error)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)
                .map_err(sqlite_error)?;
        }
        SCHEMA_VERSION => {}
        newer => {
            return Err(sqlite_error(format!(
                "the database has schema version {newer}; this release knows up to {SCHEMA_VERSION}"
            )))
        }
    }
    tx.commit().map_err(sqlite_error)
}

fn expires_at(entry: &Entry<'_>) -> i64 {
    entry.meta.expires_at.unwrap_or(NEVER)
}

impl Backend for SqliteBackend {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        let conn = self.pool.get();
        let run = || -> rusqlite::Result<u64> {
            let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
            tx.prepare_cached("DELETE FROM session_entries WHERE kind = ?1 AND key = ?2")?
                .execute(params![SLOT, key])?;
            tx.prepare_cached(
                "INSERT INTO session_entries (kind, key, expires_at, single_use, sealed, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                SLOT,
                key,
                expires_at(entry),
                entry.meta.single_use,
                entry.sealed,
                entry.record
            ])?;
            let evicted = self.evict(&tx)?;
            tx.commit()?;
            Ok(evicted)
        };
        run().map_err(sqlite_error)
    }

    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let conn = self.pool.get();
        let run = || -> rusqlite::Result<Option<Vec<u8>>> {
            // Read first, without the write lock: a multi-use entry (TLS 1.2)
            // is served from a WAL snapshot, never waiting for a writer.
            let row = conn
                .prepare_cached(
                    "SELECT expires_at, single_use, sealed FROM session_entries
                      WHERE kind = ?1 AND key = ?2 ORDER BY seq DESC LIMIT 1",
                )?
                .query_row(params![SLOT, key], |r| {
                    Ok((
                        r.get::<_, i64>(0)?,
                        r.get::<_, bool>(1)?,
                        r.get::<_, Vec<u8>>(2)?,
                    ))
                })
                .optional()?;
            let Some((at, single_use, sealed)) = row else {
                return Ok(None);
            };
            if now > at {
                // Expired: gone for good, so drop it now rather than at the
                // next purge (the same rule as `expires_at < now` below).
                conn.prepare_cached(
                    "DELETE FROM session_entries WHERE kind = ?1 AND key = ?2 AND expires_at < ?3",
                )?
                .execute(params![SLOT, key, now])?;
                return Ok(None);
            }
            if !single_use {
                return Ok(Some(sealed));
            }
            // Single-use: the entry is the caller's only if this statement
            // deletes it. One statement is one transaction holding the write
            // lock from its first step, so of all racers (threads or
            // processes) one deletes the row and gets its bytes; the others
            // find it gone. The predicate is the whole rule, not a row id, so
            // a slot replaced meanwhile by another live single-use entry gives
            // that one (and a multi-use or expired replacement gives a miss).
            conn.prepare_cached(
                "DELETE FROM session_entries
                  WHERE kind = ?1 AND key = ?2 AND single_use = 1 AND expires_at >= ?3
                  RETURNING sealed",
            )?
            .query_row(params![SLOT, key, now], |r| r.get::<_, Vec<u8>>(0))
            .optional()
        };
        run().map_err(sqlite_error)
    }

    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        let conn = self.pool.get();
        conn.prepare_cached("DELETE FROM session_entries WHERE kind = ?1 AND key = ?2")
            .and_then(|mut s| s.execute(params![SLOT, key]))
            .map(|n| n > 0)
            .map_err(sqlite_error)
    }

    /// One `BEGIN IMMEDIATE` transaction, which holds SQLite's write lock
    /// from its start: the expired slot rows of `key` go, the marker is
    /// inserted only if no live row is left (`INSERT … SELECT … WHERE NOT
    /// EXISTS`), and `changes()` says whether it was. Schema version 1 has
    /// no unique index on slots (`put` replaces by delete and insert), so
    /// there is no conflict for an `ON CONFLICT` clause to catch; the write
    /// lock serialises every claimer, threads and processes alike, so one of
    /// them inserts and the others find its row. The count triggers see the
    /// deletes and the insert as they see `put`'s, and the bound is kept in
    /// the same transaction, as `put` keeps it.
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        let entry = claim_entry(meta);
        let conn = self.pool.get();
        let run = || -> rusqlite::Result<bool> {
            let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "DELETE FROM session_entries WHERE kind = ?1 AND key = ?2 AND expires_at < ?3",
            )?
            .execute(params![SLOT, key, now])?;
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO session_entries (kind, key, expires_at, single_use, sealed)
                     SELECT ?1, ?2, ?3, 0, ?4
                      WHERE NOT EXISTS (SELECT 1 FROM session_entries
                                         WHERE kind = ?1 AND key = ?2 AND expires_at >= ?5)",
                )?
                .execute(params![SLOT, key, expires_at(&entry), entry.sealed, now])?;
            if inserted > 0 {
                self.evict(&tx)?;
            }
            tx.commit()?;
            Ok(inserted > 0)
        };
        run().map_err(sqlite_error)
    }

    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        let conn = self.pool.get();
        let run = || -> rusqlite::Result<u64> {
            let tx = Transaction::new_unchecked(&conn, TransactionBehavior::Immediate)?;
            tx.prepare_cached(
                "INSERT INTO session_entries (kind, key, expires_at, single_use, sealed, record)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                MEMBER,
                list,
                expires_at(entry),
                entry.meta.single_use,
                entry.sealed,
                entry.record
            ])?;
            // Keep the `keep` members expiring last (ties: the newest); the
            // rest, in the same transaction, go.
            let trimmed = tx
                .prepare_cached(
                    "DELETE FROM session_entries WHERE seq IN (
                         SELECT seq FROM session_entries WHERE kind = ?1 AND key = ?2
                          ORDER BY expires_at DESC, seq DESC LIMIT -1 OFFSET ?3)",
                )?
                .execute(params![
                    MEMBER,
                    list,
                    i64::try_from(keep).unwrap_or(i64::MAX)
                ])?;
            let evicted = trimmed as u64 + self.evict(&tx)?;
            tx.commit()?;
            Ok(evicted)
        };
        run().map_err(sqlite_error)
    }

    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let conn = self.pool.get();
        let run = || -> rusqlite::Result<Option<Vec<u8>>> {
            loop {
                // The best live member, and whether the list holds expired
                // ones, read without the write lock (two index lookups).
                let best = conn
                    .prepare_cached(
                        "SELECT single_use, sealed FROM session_entries
                          WHERE kind = ?1 AND key = ?2 AND expires_at >= ?3
                          ORDER BY expires_at DESC, seq DESC LIMIT 1",
                    )?
                    .query_row(params![MEMBER, list, now], |r| {
                        Ok((r.get::<_, bool>(0)?, r.get::<_, Vec<u8>>(1)?))
                    })
                    .optional()?;
                let stale: bool = conn
                    .prepare_cached(
                        "SELECT EXISTS (SELECT 1 FROM session_entries
                          WHERE kind = ?1 AND key = ?2 AND expires_at < ?3)",
                    )?
                    .query_row(params![MEMBER, list, now], |r| r.get(0))?;
                let single_use = match best {
                    Some((true, _)) => true,
                    found if !stale => return Ok(found.map(|(_, sealed)| sealed)),
                    _ => false,
                };
                if stale {
                    // A member seen expired is deleted, as `fetch` deletes
                    // an expired slot: it must not come back to a caller whose
                    // clock is behind this one's (processes of a fleet).
                    conn.prepare_cached(
                        "DELETE FROM session_entries
                          WHERE kind = ?1 AND key = ?2 AND expires_at < ?3",
                    )?
                    .execute(params![MEMBER, list, now])?;
                }
                if !single_use {
                    return Ok(best.map(|(_, sealed)| sealed));
                }
                // Single-use: one statement picks the best live member *and*
                // deletes it if it is single-use, atomically (see `fetch`).
                // Nothing deleted means the list changed since the read
                // (another racer took that member, or a multi-use one now
                // ranks first): read again. Each turn of the loop follows a
                // change someone else committed, so it ends.
                let taken = conn
                    .prepare_cached(
                        "DELETE FROM session_entries WHERE single_use = 1 AND seq = (
                             SELECT seq FROM session_entries
                              WHERE kind = ?1 AND key = ?2 AND expires_at >= ?3
                              ORDER BY expires_at DESC, seq DESC LIMIT 1)
                         RETURNING sealed",
                    )?
                    .query_row(params![MEMBER, list, now], |r| r.get::<_, Vec<u8>>(0))
                    .optional()?;
                if taken.is_some() {
                    return Ok(taken);
                }
            }
        };
        run().map_err(sqlite_error)
    }

    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        let conn = self.pool.get();
        conn.prepare_cached("DELETE FROM session_entries WHERE expires_at < ?1")
            .and_then(|mut s| s.execute([now]))
            .map(|n| n as u64)
            .map_err(sqlite_error)
    }
}

/// A fixed set of connections handed out one thread at a time.
struct Pool {
    idle: Mutex<Vec<Connection>>,
    returned: Condvar,
    size: usize,
}

impl Pool {
    fn new(connections: Vec<Connection>) -> Self {
        Pool {
            size: connections.len(),
            idle: Mutex::new(connections),
            returned: Condvar::new(),
        }
    }

    /// A connection, waiting for one to be returned if all are in use.
    fn get(&self) -> Pooled<'_> {
        // A panic while a connection is out cannot corrupt the list (the
        // guard puts the connection back as it unwinds), so a poisoned lock
        // is taken over.
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(conn) = idle.pop() {
                return Pooled {
                    pool: self,
                    conn: Some(conn),
                };
            }
            idle = self
                .returned
                .wait(idle)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A connection out of the pool; back in it when dropped.
struct Pooled<'a> {
    pool: &'a Pool,
    conn: Option<Connection>,
}

impl Deref for Pooled<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        // Always `Some` until `drop`.
        self.conn.as_ref().unwrap_or_else(|| unreachable!())
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(conn);
            self.pool.returned.notify_one();
        }
    }
}
