//! PostgreSQL (feature `postgres`): a cache a fleet of servers shares, with a
//! queryable, secret-free copy of every session in a `jsonb` column.
//!
//! [`PostgresBackend`] implements [`AsyncBackend`] natively on
//! `tokio-postgres` with a `deadpool-postgres` pool; synchronous code uses it
//! through [`Blocking`] ([`PostgresBackend::blocking`]).
//!
//! # Failure behaviour
//! Every operation is bounded by [`PostgresConfig::timeout`] (default
//! 300 ms), connection included: when the database is down, slow or
//! unreachable, the operation fails with a [`BackendError`] within that time,
//! the store counts it as a backend error, and the TLS handshake makes a full
//! one instead of hanging. A connection that timed out is dropped rather than
//! returned to the pool, and the pool discards closed connections when it
//! hands them out, so when the server comes back the next operations open
//! fresh connections and succeed: the cache recovers by itself, on the same
//! backend object.
//!
//! # Tables
//! With the table prefix `P` (default `sslsession`, see
//! [`PostgresConfig::table_prefix`]) the backend creates, if absent, under an
//! advisory lock (so a fleet starting at once does not race on the
//! catalogue):
//!
//! - `P_entries`: one row per slot and per list member — `id` (an identity
//!   column: the sequence that says which entry is newest), `is_list`,
//!   `key`, `expires_at` (seconds since the epoch; `NULL`: never),
//!   `single_use`, `sealed` (`bytea`: the sealed entry, the only place the
//!   secrets live), and `record` (`jsonb`: the redacted session record the
//!   store passes in [`Entry::record`], `NULL` when it passes none);
//! - `P_count`: 64 counter rows kept by statement triggers, so the global
//!   bound ([`PostgresConfig::max_entries`]) is checked without counting the
//!   table;
//! - functions `P_put`, `P_push`, `P_claim` and `P_evict`, which insert,
//!   trim a list to its `keep` members, claim a slot (insert-if-absent) and
//!   evict the entries expiring first, in one round trip and one transaction.
//!
//! A single-use entry is taken by one `DELETE … RETURNING` statement whose
//! row is chosen `FOR UPDATE SKIP LOCKED`: of several servers racing for one
//! TLS 1.3 session, exactly one gets it.
//!
//! # Queries
//! [`EXPIRING_FOR_HOST_SQL`] (and [`PostgresBackend::expiring_for_host`]):
//! every session for a host that expires within a given time, on an
//! expression index over `record->>'hostname'`.

use std::fmt;
use std::time::{Duration, Instant};

use deadpool_postgres::{Manager, ManagerConfig, Object, Pool, RecyclingMethod};
use tokio::sync::OnceCell;
use tokio_postgres::types::ToSql;
use tokio_postgres::Row;

use crate::backend::{claim_entry, AsyncBackend, BackendError, Blocking, Entry, EntryMeta};
use crate::key::Namespace;

const WHAT: &str = "postgres";

/// The longest table prefix: PostgreSQL truncates identifiers at 63 bytes,
/// and the longest derived name adds 16.
const MAX_PREFIX: usize = 40;

/// How a [`PostgresBackend`] connects and what it keeps.
#[derive(Clone)]
pub struct PostgresConfig {
    pg: tokio_postgres::Config,
    pool_size: usize,
    timeout: Duration,
    setup_timeout: Duration,
    table_prefix: String,
    max_entries: u64,
    #[cfg(feature = "postgres-tls")]
    tls: Option<rustls::ClientConfig>,
}

impl fmt::Debug for PostgresConfig {
    // tokio-postgres's own Debug masks the password.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("PostgresConfig");
        d.field("pg", &self.pg)
            .field("pool_size", &self.pool_size)
            .field("timeout", &self.timeout)
            .field("setup_timeout", &self.setup_timeout)
            .field("table_prefix", &self.table_prefix)
            .field("max_entries", &self.max_entries);
        #[cfg(feature = "postgres-tls")]
        d.field("tls", &self.tls.is_some());
        d.finish()
    }
}

impl PostgresConfig {
    /// The default per-operation timeout: a TLS handshake waits at most this
    /// long for the cache before making a full handshake.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_millis(300);
    /// The default bound on the entries kept (slots and list members).
    pub const DEFAULT_MAX_ENTRIES: u64 = 1_000_000;
    /// The default number of pooled connections.
    pub const DEFAULT_POOL_SIZE: usize = 16;
    /// The default table prefix.
    pub const DEFAULT_PREFIX: &'static str = "sslsession";

    /// A configuration from libpq-style parameters
    /// (`host=127.0.0.1 port=5432 user=cache dbname=tls`) or a
    /// `postgresql://` URL, with the defaults: a pool of 16, a 300 ms
    /// timeout per operation, tables `sslsession_*`, at most 1 000 000
    /// entries, no TLS.
    ///
    /// # Errors
    /// The parameters do not parse.
    pub fn new(params: &str) -> Result<Self, BackendError> {
        let pg = params
            .parse::<tokio_postgres::Config>()
            .map_err(|e| BackendError::new(WHAT, e))?;
        Ok(Self::from_pg_config(pg))
    }

    /// A configuration from a `tokio_postgres::Config` built by the caller.
    pub fn from_pg_config(pg: tokio_postgres::Config) -> Self {
        PostgresConfig {
            pg,
            pool_size: Self::DEFAULT_POOL_SIZE,
            timeout: Self::DEFAULT_TIMEOUT,
            setup_timeout: Duration::from_secs(10),
            table_prefix: Self::DEFAULT_PREFIX.to_owned(),
            max_entries: Self::DEFAULT_MAX_ENTRIES,
            #[cfg(feature = "postgres-tls")]
            tls: None,
        }
    }

    /// At most `size` pooled connections (at least 1).
    #[must_use]
    pub fn pool_size(mut self, size: usize) -> Self {
        self.pool_size = size.max(1);
        self
    }

    /// The longest an operation may take, waiting for a pooled connection or
    /// connecting included; past it, the operation fails with a
    /// [`BackendError`].
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest [`PostgresBackend::connect`] waits for the schema to be
    /// created (default 10 s; another server may hold the schema lock).
    #[must_use]
    pub fn setup_timeout(mut self, timeout: Duration) -> Self {
        self.setup_timeout = timeout;
        self
    }

    /// Keep at most `max` entries (slots and list members together, at least
    /// 1); beyond it, the entries expiring first are evicted.
    #[must_use]
    pub fn max_entries(mut self, max: u64) -> Self {
        self.max_entries = max.max(1);
        self
    }

    /// The tables' and functions' prefix: `prefix_entries`, `prefix_count`, …
    ///
    /// # Errors
    /// `prefix` is not a plain lowercase SQL identifier (`[a-z_][a-z0-9_]*`)
    /// of at most 40 bytes: it is spliced into SQL, so nothing else is taken.
    pub fn table_prefix(mut self, prefix: &str) -> Result<Self, BackendError> {
        let ok = !prefix.is_empty()
            && prefix.len() <= MAX_PREFIX
            && prefix
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            && !prefix.as_bytes()[0].is_ascii_digit();
        if !ok {
            return Err(BackendError::new(
                WHAT,
                format!(
                    "table prefix {prefix:?} is not [a-z_][a-z0-9_]* of at most {MAX_PREFIX} bytes"
                ),
            ));
        }
        prefix.clone_into(&mut self.table_prefix);
        Ok(self)
    }

    /// The table prefix derived from a store's namespace: lowercased, every
    /// byte outside `[a-z0-9_]` made `_`, cut to 40 bytes (so `my-cache`
    /// gives tables `my_cache_entries`, …).
    #[must_use]
    pub fn namespace(mut self, namespace: &Namespace) -> Self {
        let mut prefix: String = namespace
            .as_str()
            .bytes()
            .map(|b| match b.to_ascii_lowercase() {
                c @ (b'a'..=b'z' | b'0'..=b'9' | b'_') => char::from(c),
                _ => '_',
            })
            .take(MAX_PREFIX)
            .collect();
        if prefix.is_empty() || prefix.as_bytes()[0].is_ascii_digit() {
            prefix.insert(0, '_');
            prefix.truncate(MAX_PREFIX);
        }
        self.table_prefix = prefix;
        self
    }

    /// Connect over TLS (feature `postgres-tls`), with rustls configured by
    /// `config` (its root store decides which server certificates are
    /// trusted; the server name checked is the `host` of the parameters).
    /// TLS is then required (`sslmode=require`): no silent fallback to
    /// plain text.
    #[cfg(feature = "postgres-tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "postgres-tls")))]
    #[must_use]
    pub fn tls(mut self, config: rustls::ClientConfig) -> Self {
        self.pg.ssl_mode(tokio_postgres::config::SslMode::Require);
        self.tls = Some(config);
        self
    }

    /// Connect over TLS (feature `postgres-tls`), trusting the CA
    /// certificates in `ca_pem` (PEM) only, with rustls's `ring` provider
    /// and its safe default protocol versions (TLS 1.2 and 1.3).
    ///
    /// # Errors
    /// `ca_pem` holds no usable certificate.
    #[cfg(feature = "postgres-tls")]
    #[cfg_attr(docsrs, doc(cfg(feature = "postgres-tls")))]
    pub fn tls_ca_pem(self, ca_pem: &[u8]) -> Result<Self, BackendError> {
        use rustls::pki_types::pem::PemObject;
        use rustls::pki_types::CertificateDer;
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_slice_iter(ca_pem) {
            let cert = cert.map_err(|e| BackendError::new(WHAT, format!("CA PEM: {e}")))?;
            roots
                .add(cert)
                .map_err(|e| BackendError::new(WHAT, format!("CA certificate: {e}")))?;
        }
        if roots.is_empty() {
            return Err(BackendError::new(WHAT, "CA PEM holds no certificate"));
        }
        // An explicit provider, so the application need not install a
        // process-wide default.
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| BackendError::new(WHAT, e))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(self.tls(config))
    }
}

/// The SQL of one table prefix.
#[derive(Debug)]
struct Sql {
    table: String,
    schema: String,
    put: String,
    push: String,
    fetch: String,
    claim: String,
    pop: String,
    remove: String,
    purge: String,
    expiring_for_host: String,
    entry_count: String,
}

/// The rank "expiring last": `NULL` (never) is later than any second.
const NEVER: &str = "9223372036854775807";

impl Sql {
    fn new(p: &str) -> Self {
        let fill = |s: &str| s.replace("{p}", p).replace("{never}", NEVER);
        Sql {
            table: format!("{p}_entries"),
            schema: fill(SCHEMA),
            put: fill("SELECT {p}_put($1, $2, $3, $4, $5::text::jsonb, $6)"),
            push: fill("SELECT {p}_push($1, $2, $3, $4, $5::text::jsonb, $6, $7)"),
            fetch: fill(FETCH),
            claim: fill("SELECT {p}_claim($1, $2, $3, $4, $5)"),
            pop: fill(POP),
            remove: fill(
                "WITH gone AS (DELETE FROM {p}_entries WHERE NOT is_list AND key = $1 \
                 RETURNING 1) SELECT count(*) FROM gone",
            ),
            // Written on the eviction index's expression, so it can use it.
            purge: fill(
                "WITH gone AS (DELETE FROM {p}_entries \
                 WHERE coalesce(expires_at, {never}) < $1 RETURNING 1) \
                 SELECT count(*) FROM gone",
            ),
            entry_count: fill("SELECT coalesce(sum(n), 0)::bigint FROM {p}_count"),
            expiring_for_host: EXPIRING_FOR_HOST_SQL.replace("{table}", &format!("{p}_entries")),
        }
    }
}

/// The schema, one idempotent batch run as one implicit transaction under a
/// transaction-scoped advisory lock: `CREATE … IF NOT EXISTS` alone is not
/// safe when a fleet starts at once (two sessions can both find the table
/// absent and one fails on the catalogue's unique index).
const SCHEMA: &str = r"
SELECT pg_advisory_xact_lock(hashtext('session-store schema {p}'));
CREATE TABLE IF NOT EXISTS {p}_entries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    is_list     boolean NOT NULL,
    key         text    NOT NULL,
    expires_at  bigint,
    single_use  boolean NOT NULL,
    sealed      bytea   NOT NULL,
    record      jsonb
);
CREATE UNIQUE INDEX IF NOT EXISTS {p}_slot_key ON {p}_entries (key) WHERE NOT is_list;
CREATE INDEX IF NOT EXISTS {p}_list_rank
    ON {p}_entries (key, (coalesce(expires_at, {never})) DESC, id DESC) WHERE is_list;
CREATE INDEX IF NOT EXISTS {p}_eviction ON {p}_entries ((coalesce(expires_at, {never})), id);
CREATE INDEX IF NOT EXISTS {p}_expiring_host ON {p}_entries ((record->>'hostname'), expires_at);
CREATE TABLE IF NOT EXISTS {p}_count (shard int PRIMARY KEY, n bigint NOT NULL);
INSERT INTO {p}_count
    SELECT g, CASE WHEN g = 0 THEN (SELECT count(*) FROM {p}_entries) ELSE 0 END
      FROM generate_series(0, 63) AS g
    ON CONFLICT (shard) DO NOTHING;
CREATE OR REPLACE FUNCTION {p}_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE added bigint;
BEGIN
    SELECT count(*) INTO added FROM new_rows;
    IF added > 0 THEN
        UPDATE {p}_count SET n = n + added WHERE shard = pg_backend_pid() % 64;
    END IF;
    RETURN NULL;
END $f$;
CREATE OR REPLACE FUNCTION {p}_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE removed bigint;
BEGIN
    SELECT count(*) INTO removed FROM old_rows;
    IF removed > 0 THEN
        UPDATE {p}_count SET n = n - removed WHERE shard = pg_backend_pid() % 64;
    END IF;
    RETURN NULL;
END $f$;
DO $d$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = '{p}_entries'::regclass AND tgname = '{p}_inserted') THEN
        CREATE TRIGGER {p}_inserted AFTER INSERT ON {p}_entries
            REFERENCING NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {p}_count_inserted();
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_trigger
                    WHERE tgrelid = '{p}_entries'::regclass AND tgname = '{p}_deleted') THEN
        CREATE TRIGGER {p}_deleted AFTER DELETE ON {p}_entries
            REFERENCING OLD TABLE AS old_rows
            FOR EACH STATEMENT EXECUTE FUNCTION {p}_count_deleted();
    END IF;
END $d$;
CREATE OR REPLACE FUNCTION {p}_evict(p_max bigint) RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE excess bigint; gone bigint;
BEGIN
    SELECT sum(n) - p_max INTO excess FROM {p}_count;
    IF excess IS NULL OR excess <= 0 THEN
        RETURN 0;
    END IF;
    WITH victims AS (
        SELECT id FROM {p}_entries
         ORDER BY coalesce(expires_at, {never}), id
         LIMIT excess
         FOR UPDATE SKIP LOCKED
    ), d AS (
        DELETE FROM {p}_entries e USING victims v WHERE e.id = v.id RETURNING 1
    )
    SELECT count(*) INTO gone FROM d;
    RETURN gone;
END $f$;
CREATE OR REPLACE FUNCTION {p}_put(p_key text, p_expires_at bigint, p_single_use boolean,
                                  p_sealed bytea, p_record jsonb, p_max bigint)
RETURNS bigint LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO {p}_entries (is_list, key, expires_at, single_use, sealed, record)
         VALUES (false, p_key, p_expires_at, p_single_use, p_sealed, p_record)
    ON CONFLICT (key) WHERE NOT is_list DO UPDATE
       SET id = DEFAULT, expires_at = excluded.expires_at, single_use = excluded.single_use,
           sealed = excluded.sealed, record = excluded.record;
    RETURN {p}_evict(p_max);
END $f$;
CREATE OR REPLACE FUNCTION {p}_claim(p_key text, p_expires_at bigint, p_sealed bytea,
                                    p_now bigint, p_max bigint)
RETURNS boolean LANGUAGE plpgsql AS $f$
DECLARE claimed bigint;
BEGIN
    -- Inserts the marker, or replaces a slot entry expired at p_now; a live
    -- one is left alone (the WHERE of DO UPDATE is false, no row changes).
    -- Racers for one key meet at the unique index: each waits for the row
    -- the one before it wrote and evaluates the WHERE on that row, so
    -- exactly one of them changes a row.
    INSERT INTO {p}_entries (is_list, key, expires_at, single_use, sealed, record)
         VALUES (false, p_key, p_expires_at, false, p_sealed, NULL)
    ON CONFLICT (key) WHERE NOT is_list DO UPDATE
       SET id = DEFAULT, expires_at = excluded.expires_at, single_use = false,
           sealed = excluded.sealed, record = NULL
     WHERE {p}_entries.expires_at < p_now;
    GET DIAGNOSTICS claimed = ROW_COUNT;
    IF claimed = 0 THEN
        RETURN false;
    END IF;
    PERFORM {p}_evict(p_max);
    RETURN true;
END $f$;
CREATE OR REPLACE FUNCTION {p}_push(p_key text, p_expires_at bigint, p_single_use boolean,
                                   p_sealed bytea, p_record jsonb, p_keep bigint, p_max bigint)
RETURNS bigint LANGUAGE plpgsql AS $f$
DECLARE trimmed bigint;
BEGIN
    INSERT INTO {p}_entries (is_list, key, expires_at, single_use, sealed, record)
         VALUES (true, p_key, p_expires_at, p_single_use, p_sealed, p_record);
    WITH extra AS (
        SELECT id FROM {p}_entries
         WHERE is_list AND key = p_key
         ORDER BY coalesce(expires_at, {never}) DESC, id DESC
         OFFSET p_keep
         FOR UPDATE SKIP LOCKED
    ), d AS (
        DELETE FROM {p}_entries e USING extra x WHERE e.id = x.id RETURNING 1
    )
    SELECT count(*) INTO trimmed FROM d;
    RETURN trimmed + {p}_evict(p_max);
END $f$;
";

/// A slot's entry: a single-use one is deleted and returned by one statement
/// (its row locked `SKIP LOCKED`, so of racing servers exactly one gets it);
/// a multi-use one is read without a lock. Expired entries are never
/// returned (`now > expires_at` expires, as in OpenSSL) and are deleted on
/// the way, as the memory backend does.
const FETCH: &str = r"
WITH expired AS (
    DELETE FROM {p}_entries WHERE NOT is_list AND key = $1 AND expires_at < $2
), taken AS (
    DELETE FROM {p}_entries WHERE id = (
        SELECT id FROM {p}_entries
         WHERE NOT is_list AND key = $1 AND single_use
           AND (expires_at IS NULL OR expires_at >= $2)
         FOR UPDATE SKIP LOCKED)
    RETURNING sealed
)
SELECT sealed FROM taken
UNION ALL
SELECT sealed FROM {p}_entries
 WHERE NOT is_list AND key = $1 AND NOT single_use
   AND (expires_at IS NULL OR expires_at >= $2)";

/// A list's member expiring last (ties: newest). When that member is
/// multi-use it is read without a lock; when it is single-use the first
/// member not locked by a racing pop is taken (locked, then deleted when
/// single-use), so racing pops hand out different tickets. The list's
/// expired members are deleted on the way, as the memory backend does.
const POP: &str = r"
WITH expired AS (
    DELETE FROM {p}_entries WHERE is_list AND key = $1 AND expires_at < $2
), best AS (
    SELECT sealed, single_use FROM {p}_entries
     WHERE is_list AND key = $1 AND (expires_at IS NULL OR expires_at >= $2)
     ORDER BY coalesce(expires_at, {never}) DESC, id DESC
     LIMIT 1
), pick AS (
    SELECT id, sealed, single_use FROM {p}_entries
     WHERE is_list AND key = $1 AND (expires_at IS NULL OR expires_at >= $2)
       AND (SELECT single_use FROM best)
     ORDER BY coalesce(expires_at, {never}) DESC, id DESC
     LIMIT 1
     FOR UPDATE SKIP LOCKED
), taken AS (
    DELETE FROM {p}_entries e USING pick WHERE e.id = pick.id AND pick.single_use
)
SELECT sealed FROM best WHERE NOT single_use
UNION ALL
SELECT sealed FROM pick";

/// Every session for a host name that expires within a time window, soonest
/// first: `$1` the host name (text), `$2` now and `$3` the window in seconds
/// (`bigint`s); columns: the storage key, the session id (hex), the protocol
/// name, `expires_at`. `{table}` stands for the entries table
/// ([`PostgresBackend::table`]); [`PostgresBackend::expiring_for_host_sql`]
/// has it filled in.
///
/// The record is the redacted session-serde record, in which byte fields
/// (the host name too) are hex, so the name is hex-encoded in SQL; the
/// `P_expiring_host` expression index serves the lookup. Only entries stored
/// with a record (`Entry::record`) match.
pub const EXPIRING_FOR_HOST_SQL: &str = "
SELECT key, record->>'session_id', record->>'protocol', expires_at
  FROM {table}
 WHERE record->>'hostname' = encode(convert_to($1, 'UTF8'), 'hex')
   AND expires_at >= $2 AND expires_at < $2 + $3
 ORDER BY expires_at, key";

/// One row of [`PostgresBackend::expiring_for_host`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpiringSession {
    /// The storage key.
    pub key: String,
    /// The session id, hex (from the record).
    pub session_id: String,
    /// The protocol name (from the record).
    pub protocol: Option<String>,
    /// When it expires (seconds since the epoch).
    pub expires_at: i64,
}

/// A cache in PostgreSQL: see the [module documentation](self) for the tables,
/// the atomicity of single-use entries and the failure behaviour.
pub struct PostgresBackend {
    pool: Pool,
    sql: Sql,
    timeout: Duration,
    setup_timeout: Duration,
    max_entries: i64,
    schema: OnceCell<()>,
}

impl fmt::Debug for PostgresBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PostgresBackend")
            .field("table", &self.sql.table)
            .field("timeout", &self.timeout)
            .field("max_entries", &self.max_entries)
            .field("pool", &self.pool.status())
            .finish_non_exhaustive()
    }
}

fn timed_out(what: &str, limit: Duration) -> BackendError {
    BackendError::new(
        WHAT,
        std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!("{what}: no answer within {} ms", limit.as_millis()),
        ),
    )
}

impl PostgresBackend {
    /// A backend on `config`'s database, without touching it yet: the pool
    /// connects on first use, and the first operation creates the schema if
    /// [`connect`](Self::connect) did not (so a service may start while the
    /// database is down and use the cache once it is up).
    ///
    /// # Errors
    /// Never today; kept fallible for configuration checks.
    pub fn new(config: PostgresConfig) -> Result<Self, BackendError> {
        let PostgresConfig {
            mut pg,
            pool_size,
            timeout,
            setup_timeout,
            table_prefix,
            max_entries,
            #[cfg(feature = "postgres-tls")]
            tls,
        } = config;
        // Connecting is bounded too (the pool's own wait is bounded by the
        // operation's timeout around it).
        pg.connect_timeout(timeout.max(Duration::from_millis(1)));
        // A client that gave up on a statement drops its connection, but the
        // server would still run the statement to its end, holding its row
        // locks and adding load to a database that is already slow: the
        // server gives up at the same time (unless the parameters set
        // options of their own).
        if pg.get_options().is_none() {
            pg.options(format!(
                "-c statement_timeout={}",
                timeout.as_millis().max(1)
            ));
        }
        let manager_config = ManagerConfig {
            // `Fast` checks only that the connection is not closed: a server
            // that went away closes it (its socket ends), and the timeouts
            // drop connections that hang instead.
            recycling_method: RecyclingMethod::Fast,
        };
        #[cfg(feature = "postgres-tls")]
        let manager = match tls {
            Some(tls) => Manager::from_config(
                pg,
                tokio_postgres_rustls::MakeRustlsConnect::new(tls),
                manager_config,
            ),
            None => Manager::from_config(pg, tokio_postgres::NoTls, manager_config),
        };
        #[cfg(not(feature = "postgres-tls"))]
        let manager = Manager::from_config(pg, tokio_postgres::NoTls, manager_config);
        let pool = Pool::builder(manager)
            .max_size(pool_size)
            .build()
            .map_err(|e| BackendError::new(WHAT, e))?;
        Ok(PostgresBackend {
            pool,
            sql: Sql::new(&table_prefix),
            timeout,
            setup_timeout,
            max_entries: i64::try_from(max_entries).unwrap_or(i64::MAX),
            schema: OnceCell::new(),
        })
    }

    /// A backend whose schema exists: connects and creates the tables and
    /// functions if absent (bounded by [`PostgresConfig::setup_timeout`]).
    ///
    /// # Errors
    /// The database is unreachable, or refused the schema.
    pub async fn connect(config: PostgresConfig) -> Result<Self, BackendError> {
        let backend = Self::new(config)?;
        backend.ensure_schema(backend.setup_timeout).await?;
        Ok(backend)
    }

    /// The backend for synchronous code (OpenSSL callbacks on plain
    /// threads): [`connect`](Self::connect) run inside a [`Blocking`]
    /// wrapper's own runtime, which then drives the pool.
    ///
    /// # Errors
    /// As [`connect`](Self::connect), or the runtime could not be created.
    pub fn blocking(config: PostgresConfig) -> Result<Blocking<Self>, BackendError> {
        Blocking::build(|| Self::connect(config))
    }

    /// The entries table (`prefix_entries`), for queries of your own.
    pub fn table(&self) -> &str {
        &self.sql.table
    }

    /// The connection pool, for queries of your own (beware: these are not
    /// bounded by the backend's timeout).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// [`EXPIRING_FOR_HOST_SQL`] on this backend's table.
    pub fn expiring_for_host_sql(&self) -> &str {
        &self.sql.expiring_for_host
    }

    /// Every session for `host` (the host name in the record: the SNI name)
    /// that expires within `within` seconds of `now`, soonest first. Only
    /// entries stored with a record are found.
    ///
    /// # Errors
    /// The database failed or did not answer within the timeout.
    pub async fn expiring_for_host(
        &self,
        host: &str,
        now: i64,
        within: i64,
    ) -> Result<Vec<ExpiringSession>, BackendError> {
        let rows = self
            .query(&self.sql.expiring_for_host, &[&host, &now, &within])
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ExpiringSession {
                    key: r.try_get(0)?,
                    session_id: r.try_get::<_, Option<String>>(1)?.unwrap_or_default(),
                    protocol: r.try_get(2)?,
                    expires_at: r.try_get(3)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(|e| BackendError::new(WHAT, e))
    }

    /// How many entries the table holds (expired ones included until purged
    /// or evicted), as the counter rows the triggers keep say: the number the
    /// bound is checked against. (`TRUNCATE` bypasses the triggers; empty the
    /// table with `DELETE`.)
    ///
    /// # Errors
    /// The database failed or did not answer within the timeout.
    pub async fn entry_count(&self) -> Result<u64, BackendError> {
        self.count(&self.sql.entry_count, &[]).await
    }

    /// Creates the schema once per backend (retried by the next operation
    /// when it failed).
    async fn ensure_schema(&self, limit: Duration) -> Result<(), BackendError> {
        self.schema
            .get_or_try_init(|| async {
                let started = Instant::now();
                let client = self.client(limit).await?;
                let left = limit.saturating_sub(started.elapsed());
                // The schema may wait for another server's lock: a longer
                // statement timeout for this batch (SET is transactional, so
                // a failed batch leaves the connection as it was).
                let batch = format!(
                    "SET statement_timeout = {}; {} RESET statement_timeout;",
                    limit.as_millis().max(1),
                    self.sql.schema
                );
                match tokio::time::timeout(left, client.batch_execute(&batch)).await {
                    Ok(result) => result.map_err(|e| BackendError::new(WHAT, e)),
                    Err(_) => {
                        drop(Object::take(client));
                        Err(timed_out("creating the schema", limit))
                    }
                }
            })
            .await?;
        Ok(())
    }

    /// A pooled connection within `limit`.
    async fn client(&self, limit: Duration) -> Result<Object, BackendError> {
        match tokio::time::timeout(limit, self.pool.get()).await {
            Ok(Ok(client)) => Ok(client),
            Ok(Err(e)) => Err(BackendError::new(WHAT, e)),
            Err(_) => Err(timed_out("connecting", limit)),
        }
    }

    /// Runs one statement within the operation timeout (schema creation on
    /// first use, waiting for a connection and connecting included).
    async fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, BackendError> {
        let started = Instant::now();
        if !self.schema.initialized() {
            self.ensure_schema(self.timeout).await?;
        }
        let left = self.timeout.saturating_sub(started.elapsed());
        let client = self.client(left).await?;
        let left = self.timeout.saturating_sub(started.elapsed());
        let run = async {
            let statement = client.prepare_cached(sql).await?;
            client.query(&statement, params).await
        };
        match tokio::time::timeout(left, run).await {
            Ok(result) => result.map_err(|e| BackendError::new(WHAT, e)),
            Err(_) => {
                // The connection may hang (a server that stopped answering
                // without closing it): never hand it out again.
                drop(Object::take(client));
                Err(timed_out("query", self.timeout))
            }
        }
    }

    /// The first column of the only row, as a count.
    async fn count(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<u64, BackendError> {
        let rows = self.query(sql, params).await?;
        let n: i64 = rows
            .first()
            .ok_or_else(|| BackendError::new(WHAT, "no row returned"))?
            .try_get(0)
            .map_err(|e| BackendError::new(WHAT, e))?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// The `sealed` column of the first row, if any.
    async fn sealed(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Vec<u8>>, BackendError> {
        let rows = self.query(sql, params).await?;
        rows.first()
            .map(|r| r.try_get::<_, Vec<u8>>(0))
            .transpose()
            .map_err(|e| BackendError::new(WHAT, e))
    }
}

impl AsyncBackend for PostgresBackend {
    async fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        self.count(
            &self.sql.put,
            &[
                &key,
                &entry.meta.expires_at,
                &entry.meta.single_use,
                &entry.sealed,
                &entry.record,
                &self.max_entries,
            ],
        )
        .await
    }

    async fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.sealed(&self.sql.fetch, &[&key, &now]).await
    }

    async fn remove(&self, key: &str) -> Result<bool, BackendError> {
        Ok(self.count(&self.sql.remove, &[&key]).await? > 0)
    }

    /// One round trip: `P_claim` (`INSERT … ON CONFLICT DO UPDATE … WHERE`
    /// the existing slot entry is expired, then the bound kept as `put`
    /// keeps it, in one transaction). The count triggers see an insert as
    /// one more entry and a replacement as none.
    async fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        let entry = claim_entry(meta);
        let rows = self
            .query(
                &self.sql.claim,
                &[
                    &key,
                    &entry.meta.expires_at,
                    &entry.sealed,
                    &now,
                    &self.max_entries,
                ],
            )
            .await?;
        rows.first()
            .ok_or_else(|| BackendError::new(WHAT, "no row returned"))?
            .try_get(0)
            .map_err(|e| BackendError::new(WHAT, e))
    }

    async fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        self.count(
            &self.sql.push,
            &[
                &list,
                &entry.meta.expires_at,
                &entry.meta.single_use,
                &entry.sealed,
                &entry.record,
                &keep,
                &self.max_entries,
            ],
        )
        .await
    }

    async fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.sealed(&self.sql.pop, &[&list, &now]).await
    }

    async fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        self.count(&self.sql.purge, &[&now]).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_are_plain_identifiers() {
        let config = PostgresConfig::new("host=127.0.0.1 user=postgres").expect("params");
        assert!(config.clone().table_prefix("tls_cache_2").is_ok());
        for bad in ["", "2x", "a-b", "A", "x;drop table y", &"x".repeat(41)] {
            assert!(config.clone().table_prefix(bad).is_err(), "{bad:?}");
        }
        let derived = config.namespace(&Namespace::new("My-Cache:v2"));
        assert_eq!(derived.table_prefix, "my_cache_3av2");
        let config = PostgresConfig::new("host=127.0.0.1").expect("params");
        assert_eq!(config.namespace(&Namespace::new("9")).table_prefix, "_9");
    }

    #[test]
    fn debug_hides_the_password() {
        let config = PostgresConfig::new("host=127.0.0.1 user=u password=hunter2").expect("params");
        assert!(!format!("{config:?}").contains("hunter2"));
    }
}
