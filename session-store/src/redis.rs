//! The Redis backend (feature `redis`): a cache shared by a fleet of
//! processes, on one Redis server or a Redis Cluster.
//!
//! [`RedisBackend`] implements [`AsyncBackend`] natively (the async `redis`
//! client on tokio); synchronous code (an OpenSSL callback on a plain thread)
//! uses it through [`Blocking`], e.g. [`RedisBackend::blocking`].
//!
//! ```no_run
//! use std::time::Duration;
//! use session_store::redis::{RedisBackend, RedisConfig};
//!
//! # fn main() -> Result<(), session_store::BackendError> {
//! let config = RedisConfig::new("redis://127.0.0.1:6379/")
//!     .pool_size(4)
//!     .timeout(Duration::from_millis(250));
//! // Sync (a `Backend`, for `Store` and OpenSSL's callbacks):
//! let backend = RedisBackend::blocking(config.clone())?;
//! // A URL alone takes the defaults:
//! let backend = RedisBackend::blocking("redis://127.0.0.1:6379/")?;
//! # Ok(()) }
//! // Async (an `AsyncBackend`, for `AsyncStore` on tokio):
//! # async fn f(config: RedisConfig) -> Result<(), session_store::BackendError> {
//! let backend = RedisBackend::connect(config).await?;
//! # Ok(()) }
//! ```
//!
//! # Key layout
//! The store's keys are used as they come (`NS:s:{CTX.ID}` for a server
//! slot, `NS:c:{HOST:PORT/SNI}` for a client list); the backend derives no
//! other key, so every operation touches exactly one key and so one cluster
//! slot.
//! - A **slot** is a string: a short header `1:<single-use 0|1>:<expires_at>:`
//!   (`expires_at` empty when the entry never expires) followed by the sealed
//!   bytes, written with `SET … PX ttl`.
//! - A **list** is a sorted set whose score is the member's `expires_at`
//!   (`inf` when it never expires) and whose members are
//!   `<12 hex digits: sequence><single-use 0|1><sealed bytes>`; among equal
//!   scores Redis orders members by their bytes, so the sequence number (one
//!   more than the highest among the members of the same score) makes the
//!   newest member rank last, as the list rules want. The set's own TTL
//!   follows its member expiring last.
//!
//! Which entry is usable is decided by the caller's `now` alone: reads
//! compare it with the stored `expires_at`, so an entry is never returned
//! after `now > expires_at` (OpenSSL's rule: `sess_timedout` in OpenSSL 3.0's
//! `ssl/ssl_sess.c` is `t > ss->calc_timeout`, so a session is good through
//! its last second). Redis's TTLs only collect garbage: a TTL runs to the end
//! of the second `expires_at` by this host's clock (relative, so Redis's own
//! clock never matters), and is never shorter than [`RedisConfig::min_ttl`]
//! (60 s by default), so that a caller whose clock differs from this host's
//! (skew, or a test's fixed clock) still finds its entries.
//!
//! # Atomicity
//! [`fetch`](AsyncBackend::fetch), [`claim`](AsyncBackend::claim),
//! [`push`](AsyncBackend::push), [`pop`](AsyncBackend::pop) and the per-key
//! step of [`purge_expired`](AsyncBackend::purge_expired) are Lua scripts
//! (`EVALSHA`, loaded again by the client after a Redis restart empties the
//! script cache): Redis runs a script without interleaving other commands, so
//! a single-use entry goes to exactly one caller, and a key is claimed by
//! exactly one caller, in the whole fleet.
//!
//! # Size bound
//! Each list keeps at most `keep` members (the push script trims it). The
//! bound on the whole cache is Redis's own: `maxmemory` with
//! `maxmemory-policy volatile-ttl`, which evicts the keys whose TTL ends
//! first. Every key this backend writes has a TTL (entries that never expire
//! get [`RedisConfig::max_ttl`], 7 days by default), so all of them are
//! candidates, and the entries expiring first go first, as the backend rules
//! want. Redis's evictions happen inside Redis and are not reported in the
//! counts `put`/`push` return (Redis counts them in `INFO stats`,
//! `evicted_keys`). Without a `maxmemory`, or with the default
//! `noeviction` policy, a full Redis refuses writes (`OOM` errors, which
//! the store counts as backend errors).
//!
//! # Failures
//! Every operation is bounded by [`RedisConfig::timeout`] (250 ms by
//! default): a dead or hung Redis makes operations fail with a
//! [`BackendError`] within that time, never hang a TLS handshake. The
//! connections reconnect by themselves in the background when Redis comes
//! back (no rebuild of the backend). An operation that timed out may still
//! have run on the server: a single-use entry it took is then lost, never
//! handed out twice.

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use redis::aio::{ConnectionLike, ConnectionManager, ConnectionManagerConfig};
use redis::cluster::ClusterClient;
use redis::cluster_async::ClusterConnection;
use redis::cluster_routing::{RoutingInfo, SingleNodeRoutingInfo};
use redis::{Cmd, RedisFuture, RedisResult, Script, Value};

use crate::backend::{claim_entry, AsyncBackend, BackendError, Blocking, Entry, EntryMeta};
use crate::key::Namespace;

const WHAT: &str = "redis";

/// `expires_at` values from here on (9999-12-31T23:59:59Z) are kept as
/// "never": Redis refuses expiry times that overflow its millisecond clock.
const FAR_FUTURE: i64 = 253_402_300_799;

/// Reconnection after a lost connection: attempts from 50 ms apart, backing
/// off to 1 s, 6 in a row; the next operation after that starts a new round.
/// Operations never wait for these longer than [`RedisConfig::timeout`].
const RECONNECT_MIN_DELAY: Duration = Duration::from_millis(50);
const RECONNECT_MAX_DELAY: Duration = Duration::from_secs(1);
const RECONNECT_RETRIES: usize = 6;

/// How many keys one `SCAN` step of `purge_expired` asks for.
const SCAN_COUNT: usize = 500;

/// Where the Redis backend connects and how it behaves.
#[derive(Clone)]
pub struct RedisConfig {
    target: Target,
    pool_size: usize,
    timeout: Duration,
    connect_timeout: Duration,
    max_ttl: Option<Duration>,
    min_ttl: Duration,
    scope: Option<Namespace>,
}

#[derive(Clone)]
enum Target {
    Single(String),
    Cluster(Vec<String>),
}

impl RedisConfig {
    /// One Redis server at `url` (`redis://[user:password@]host:port/db`, or
    /// `rediss://` for TLS when the `redis` crate's TLS features are enabled
    /// by the application).
    pub fn new(url: impl Into<String>) -> Self {
        Self::with_target(Target::Single(url.into()))
    }

    /// A Redis Cluster reached through any of `nodes` (URLs as for
    /// [`new`](Self::new)); the client learns the other nodes and the slot
    /// map from them and follows `MOVED`/`ASK` redirections itself.
    pub fn cluster<I, S>(nodes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self::with_target(Target::Cluster(nodes.into_iter().map(Into::into).collect()))
    }

    fn with_target(target: Target) -> Self {
        RedisConfig {
            target,
            pool_size: 2,
            timeout: Duration::from_millis(250),
            connect_timeout: Duration::from_secs(1),
            max_ttl: Some(Duration::from_secs(7 * 24 * 3600)),
            min_ttl: Duration::from_secs(60),
            scope: None,
        }
    }

    /// How many connections to open (default 2, at least 1). Each is
    /// multiplexed (many concurrent requests pipelined on one socket), so a
    /// few serve many tasks; operations take them in turn.
    #[must_use]
    pub fn pool_size(mut self, connections: usize) -> Self {
        self.pool_size = connections.max(1);
        self
    }

    /// The longest an operation may take, waiting for a connection included
    /// (default 250 ms); past it the operation fails with a
    /// [`BackendError`]. A `purge_expired` is many operations, each bounded
    /// by it.
    #[must_use]
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest one connection attempt may take (default 1 s): bounds
    /// [`RedisBackend::connect`] and each background reconnection attempt.
    #[must_use]
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The TTL given in Redis to entries that never expire (OpenSSL's
    /// `time + timeout` overflowed), so that every key has a TTL and
    /// `maxmemory-policy volatile-ttl` may evict any of them. Default: 7 days,
    /// the longest lifetime RFC 8446 §4.6.1 allows a TLS 1.3 ticket; `None`
    /// keeps such entries without a TTL.
    #[must_use]
    pub fn max_ttl(mut self, ttl: Option<Duration>) -> Self {
        self.max_ttl = ttl;
        self
    }

    /// The shortest TTL an entry gets in Redis (default 60 s): Redis may
    /// delete an entry this long after it is written even if its
    /// `expires_at` has passed by this host's clock, so a caller with another
    /// clock still reads it as its own `now` says; no reader ever gets it
    /// after its `expires_at` by the reader's `now`.
    #[must_use]
    pub fn min_ttl(mut self, ttl: Duration) -> Self {
        self.min_ttl = ttl;
        self
    }

    /// Restricts [`purge_expired`](AsyncBackend::purge_expired) to the keys
    /// of `namespace` (the store's). Without it, purge scans every key in the
    /// key layout (`*:s:{*` and `*:c:{*`), whichever store wrote it, and
    /// touches only those holding this backend's entry format.
    #[must_use]
    pub fn purge_scope(mut self, namespace: &Namespace) -> Self {
        self.scope = Some(namespace.clone());
        self
    }
}

/// `RedisConfig::new(url)`, so a URL alone will do:
/// `RedisBackend::blocking("redis://127.0.0.1:6379/")`.
impl From<&str> for RedisConfig {
    fn from(url: &str) -> Self {
        RedisConfig::new(url)
    }
}

/// `RedisConfig::new(url)`.
impl From<String> for RedisConfig {
    fn from(url: String) -> Self {
        RedisConfig::new(url)
    }
}

impl fmt::Debug for RedisConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = match &self.target {
            Target::Single(url) => redact(url),
            Target::Cluster(nodes) => {
                let nodes: Vec<String> = nodes.iter().map(|n| redact(n)).collect();
                format!("cluster {}", nodes.join(", "))
            }
        };
        f.debug_struct("RedisConfig")
            .field("target", &target)
            .field("pool_size", &self.pool_size)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("max_ttl", &self.max_ttl)
            .field("min_ttl", &self.min_ttl)
            .field("purge_scope", &self.scope)
            .finish()
    }
}

/// A URL without its credentials (`redis://user:secret@host` shows as
/// `redis://***@host`): configs end up in logs.
fn redact(url: &str) -> String {
    match url.split_once("://") {
        Some((scheme, rest)) => {
            let authority_end = rest.find('/').unwrap_or(rest.len());
            match rest[..authority_end].rfind('@') {
                Some(at) => format!("{scheme}://***{}", &rest[at..]),
                None => url.to_owned(),
            }
        }
        None => url.to_owned(),
    }
}

/// One connection of the pool: a single server's self-reconnecting
/// multiplexed connection, or a cluster connection (which keeps a
/// connection to every node and follows the slot map).
#[derive(Clone)]
enum Conn {
    Single(ConnectionManager),
    Cluster(ClusterConnection),
}

impl ConnectionLike for Conn {
    fn req_packed_command<'a>(&'a mut self, cmd: &'a Cmd) -> RedisFuture<'a, Value> {
        match self {
            Conn::Single(c) => c.req_packed_command(cmd),
            Conn::Cluster(c) => c.req_packed_command(cmd),
        }
    }

    fn req_packed_commands<'a>(
        &'a mut self,
        pipeline: &'a redis::Pipeline,
        offset: usize,
        count: usize,
    ) -> RedisFuture<'a, Vec<Value>> {
        match self {
            Conn::Single(c) => c.req_packed_commands(pipeline, offset, count),
            Conn::Cluster(c) => c.req_packed_commands(pipeline, offset, count),
        }
    }

    fn get_db(&self) -> i64 {
        match self {
            Conn::Single(c) => c.get_db(),
            Conn::Cluster(c) => c.get_db(),
        }
    }
}

/// `fetch`: the slot's entry unless expired at `now` (ARGV[1]); a single-use
/// entry is deleted in the same script, so it goes to one caller only.
const FETCH_LUA: &str = r"
local v = redis.call('GET', KEYS[1])
if not v then return false end
local u, x, at = string.match(v, '^1:([01]):(%-?%d*):()')
if not u then
  return redis.error_reply('session-store: ' .. KEYS[1] .. ' holds no session-store entry')
end
if x ~= '' and tonumber(ARGV[1]) > tonumber(x) then
  redis.call('DEL', KEYS[1])
  return false
end
if u == '1' then redis.call('DEL', KEYS[1]) end
return string.sub(v, at)
";

/// `claim`: ARGV = now, the marker's slot value, its TTL in ms (`0`: none).
/// Stores the marker unless the slot holds an entry live at `now`; returns 1
/// when it stored it, 0 otherwise. A plain `SET NX` would not do: a slot
/// whose `expires_at` has passed may still be in Redis (its TTL is at least
/// `min_ttl`, and runs by this host's clock, not by the caller's `now`), and
/// such an entry must not block a claim.
const CLAIM_LUA: &str = r"
local v = redis.call('GET', KEYS[1])
if v then
  local x = string.match(v, '^1:[01]:(%-?%d*):')
  if not x then
    return redis.error_reply('session-store: ' .. KEYS[1] .. ' holds no session-store entry')
  end
  if x == '' or tonumber(ARGV[1]) <= tonumber(x) then return 0 end
end
if ARGV[3] == '0' then
  redis.call('SET', KEYS[1], ARGV[2])
else
  redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
end
return 1
";

/// Sets a list's TTL from its member expiring last: to the end of its
/// `expires_at` second by `clock_ms` (this host's clock), at least `min_ms`;
/// `max_ms` for members that never expire (0: no TTL). Shared by the push and
/// pop scripts.
const EXPIRE_AS_TOP_LUA: &str = r"
local function expire_as_top(list, clock_ms, min_ms, max_ms)
  local top = redis.call('ZRANGE', list, -1, -1, 'WITHSCORES')
  if #top == 0 then return end
  local at = tonumber(top[2])
  if top[2] == 'inf' or at == nil or at >= FAR_FUTURE then
    if max_ms > 0 then
      redis.call('PEXPIRE', list, max_ms)
    else
      redis.call('PERSIST', list)
    end
  else
    redis.call('PEXPIRE', list, math.max((at + 1) * 1000 - clock_ms, min_ms, 1))
  end
end
";

/// `push`: ARGV = score (`expires_at` or `inf`), single-use flag, sealed
/// bytes, keep, then clock, min and max TTL in ms (see `expire_as_top`). Adds the member after the newest of its
/// score, trims the list to `keep` (lowest ranks first: expiring first,
/// ties oldest) and returns how many it trimmed.
const PUSH_LUA: &str = r"
local list, score, keep = KEYS[1], ARGV[1], tonumber(ARGV[4])
local seq = 0
for _, m in ipairs(redis.call('ZRANGEBYSCORE', list, score, score)) do
  local s = tonumber(string.sub(m, 1, 12), 16)
  if s and s > seq then seq = s end
end
redis.call('ZADD', list, score, string.format('%012x', seq + 1) .. ARGV[2] .. ARGV[3])
local evicted = 0
local n = redis.call('ZCARD', list)
if n > keep then
  redis.call('ZREMRANGEBYRANK', list, 0, n - keep - 1)
  evicted = n - keep
end
expire_as_top(list, tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7]))
return evicted
";

/// `pop`: ARGV = now, then clock, min and max TTL in ms. Drops the members expired at `now`
/// (score < now), returns the last-ranked one (expiring last, ties newest),
/// deleting it when single-use.
const POP_LUA: &str = r"
local list = KEYS[1]
redis.call('ZREMRANGEBYSCORE', list, '-inf', '(' .. ARGV[1])
local top = redis.call('ZRANGE', list, -1, -1)
if #top == 0 then return false end
local m = top[1]
local u = string.sub(m, 13, 13)
if #m < 13 or (u ~= '0' and u ~= '1') then
  return redis.error_reply('session-store: ' .. list .. ' holds no session-store list')
end
if u == '1' then
  redis.call('ZREM', list, m)
  expire_as_top(list, tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]))
end
return string.sub(m, 14)
";

/// `purge_expired`, per batch of keys found by `SCAN` (one key per call on a
/// cluster, where a script may only touch one slot): ARGV[1] = now. Deletes
/// expired slots and removes expired list members, touching only keys in
/// this backend's formats; returns how many entries it removed.
const PURGE_LUA: &str = r"
local now, removed = tonumber(ARGV[1]), 0
for _, key in ipairs(KEYS) do
  local t = redis.call('TYPE', key)['ok']
  if t == 'string' then
    local x = string.match(redis.call('GET', key), '^1:[01]:(%-?%d*):')
    if x and x ~= '' and now > tonumber(x) then
      redis.call('DEL', key)
      removed = removed + 1
    end
  elseif t == 'zset' then
    local first = redis.call('ZRANGE', key, 0, 0)
    if #first == 1 and string.match(first[1], '^' .. string.rep('%x', 12) .. '[01]') then
      removed = removed + redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. ARGV[1])
    end
  end
end
return removed
";

struct Scripts {
    fetch: Script,
    claim: Script,
    push: Script,
    pop: Script,
    purge: Script,
}

impl Scripts {
    fn new() -> Self {
        let expire_as_top = EXPIRE_AS_TOP_LUA.replace("FAR_FUTURE", &FAR_FUTURE.to_string());
        Scripts {
            fetch: Script::new(FETCH_LUA),
            claim: Script::new(CLAIM_LUA),
            push: Script::new(&format!("{expire_as_top}{PUSH_LUA}")),
            pop: Script::new(&format!("{expire_as_top}{POP_LUA}")),
            purge: Script::new(PURGE_LUA),
        }
    }
}

/// A session-store backend on Redis or Redis Cluster: see the [module
/// documentation](self) for the key layout, atomicity, the size bound and
/// failure behaviour.
pub struct RedisBackend {
    conns: Vec<Conn>,
    next: AtomicUsize,
    config: RedisConfig,
    scan_match: String,
    scripts: Scripts,
}

impl fmt::Debug for RedisBackend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RedisBackend")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

fn error(e: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> BackendError {
    BackendError::new(WHAT, e)
}

fn timed_out(what: &str, after: Duration) -> BackendError {
    error(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        format!("{what} took longer than {after:?}"),
    ))
}

/// `*`, `?`, `[`, `]` and `\` are `SCAN MATCH` glob syntax.
fn glob_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl RedisBackend {
    /// Connects as `config` (a [`RedisConfig`] or just a URL) says and checks that Redis answers (`PING` on
    /// every connection, within [`RedisConfig::connect_timeout`]).
    ///
    /// Must run inside a tokio runtime with its time driver enabled (the
    /// connections' tasks live there).
    ///
    /// # Errors
    /// The URL is invalid, or Redis did not answer.
    pub async fn connect(config: impl Into<RedisConfig>) -> Result<Self, BackendError> {
        let config = config.into();
        let mut conns = Vec::with_capacity(config.pool_size);
        match &config.target {
            Target::Single(url) => {
                let client = redis::Client::open(url.as_str()).map_err(error)?;
                for _ in 0..config.pool_size {
                    let manager_config = ConnectionManagerConfig::new()
                        .set_connection_timeout(Some(config.connect_timeout))
                        .set_response_timeout(Some(config.timeout))
                        .set_min_delay(RECONNECT_MIN_DELAY)
                        .set_max_delay(RECONNECT_MAX_DELAY)
                        .set_number_of_retries(RECONNECT_RETRIES);
                    let manager =
                        ConnectionManager::new_lazy_with_config(client.clone(), manager_config)
                            .map_err(error)?;
                    conns.push(Conn::Single(manager));
                }
            }
            Target::Cluster(nodes) => {
                let client = ClusterClient::builder(nodes.iter().map(String::as_str))
                    .connection_timeout(config.connect_timeout)
                    .response_timeout(config.timeout)
                    .build()
                    .map_err(error)?;
                for _ in 0..config.pool_size {
                    let conn =
                        tokio::time::timeout(config.connect_timeout, client.get_async_connection())
                            .await
                            .map_err(|_| timed_out("connecting", config.connect_timeout))?
                            .map_err(error)?;
                    conns.push(Conn::Cluster(conn));
                }
            }
        }
        for conn in &conns {
            let mut conn = conn.clone();
            tokio::time::timeout(
                config.connect_timeout,
                redis::cmd("PING").query_async::<String>(&mut conn),
            )
            .await
            .map_err(|_| timed_out("connecting", config.connect_timeout))?
            .map_err(error)?;
        }
        let scan_match = match &config.scope {
            Some(ns) => format!("{}:[sc]:{{*", glob_escape(ns.as_str())),
            None => "*:[sc]:{*".to_owned(),
        };
        Ok(RedisBackend {
            conns,
            next: AtomicUsize::new(0),
            config,
            scan_match,
            scripts: Scripts::new(),
        })
    }

    /// The backend for synchronous code: [`connect`](Self::connect)ed inside
    /// the private runtime of a [`Blocking`] wrapper, which then implements
    /// [`Backend`](crate::Backend). Not for use inside a tokio runtime (use
    /// the async backend there).
    ///
    /// # Errors
    /// As [`connect`](Self::connect), or the runtime could not be created.
    pub fn blocking(
        config: impl Into<RedisConfig>,
    ) -> Result<Blocking<RedisBackend>, BackendError> {
        let config = config.into();
        Blocking::build(|| RedisBackend::connect(config))
    }

    /// The configuration it was built with.
    pub fn config(&self) -> &RedisConfig {
        &self.config
    }

    /// The next connection of the pool, in turn.
    fn conn(&self) -> Conn {
        let i = self.next.fetch_add(1, Ordering::Relaxed) % self.conns.len();
        self.conns[i].clone()
    }

    /// Runs one operation within the timeout.
    async fn timed<T>(
        &self,
        what: &'static str,
        op: impl Future<Output = RedisResult<T>>,
    ) -> Result<T, BackendError> {
        match tokio::time::timeout(self.config.timeout, op).await {
            Ok(result) => result.map_err(error),
            Err(_) => Err(timed_out(what, self.config.timeout)),
        }
    }

    /// The TTL arguments of the list scripts: this host's clock, the
    /// minimum and the maximum TTL, in ms.
    fn ttl_args(&self) -> [u128; 3] {
        [
            clock_ms(),
            self.config.min_ttl.as_millis(),
            self.config.max_ttl.map_or(0, |d| d.as_millis()),
        ]
    }

    /// The TTL of a slot expiring at `expires_at`, in ms (`None`: none): to
    /// the end of that second by this host's clock, at least `min_ttl`.
    fn slot_ttl_ms(&self, expires_at: Option<i64>) -> Option<u128> {
        match expires_at {
            Some(at) if at < FAR_FUTURE => {
                let end_ms = i128::from(at.saturating_add(1)) * 1000;
                let now_ms = i128::try_from(clock_ms()).unwrap_or(i128::MAX);
                let left = u128::try_from(end_ms - now_ms).unwrap_or(0);
                Some(left.max(self.config.min_ttl.as_millis()).max(1))
            }
            _ => self.config.max_ttl.map(|d| d.as_millis().max(1)),
        }
    }

    /// The masters of the cluster as `(host, port)`, from `CLUSTER SLOTS`.
    async fn masters(&self, conn: &mut Conn) -> Result<Vec<(String, u16)>, BackendError> {
        let slots: Value = self
            .timed(
                "CLUSTER SLOTS",
                redis::cmd("CLUSTER").arg("SLOTS").query_async(conn),
            )
            .await?;
        let mut masters = Vec::new();
        let Value::Array(ranges) = slots else {
            return Err(error(format!("unexpected CLUSTER SLOTS reply {slots:?}")));
        };
        for range in ranges {
            // [start, end, [host, port, id, ...], replicas...]
            let master = match &range {
                Value::Array(parts) => parts.get(2),
                _ => None,
            };
            let Some(Value::Array(node)) = master else {
                return Err(error(format!("unexpected CLUSTER SLOTS range {range:?}")));
            };
            let host: String = node
                .first()
                .map(redis::from_redis_value_ref)
                .transpose()
                .map_err(error)?
                .unwrap_or_default();
            let port: u16 = node
                .get(1)
                .map(redis::from_redis_value_ref)
                .transpose()
                .map_err(error)?
                .unwrap_or_default();
            if !masters.contains(&(host.clone(), port)) {
                masters.push((host, port));
            }
        }
        Ok(masters)
    }

    /// One `SCAN` step on the connection's server, or on the cluster node at
    /// `node`.
    async fn scan_step(
        &self,
        conn: &mut Conn,
        node: Option<&(String, u16)>,
        cursor: u64,
    ) -> Result<(u64, Vec<String>), BackendError> {
        let mut cmd = redis::cmd("SCAN");
        cmd.arg(cursor)
            .arg("MATCH")
            .arg(&self.scan_match)
            .arg("COUNT")
            .arg(SCAN_COUNT);
        match (node, &mut *conn) {
            (Some((host, port)), Conn::Cluster(cluster)) => {
                let routing = RoutingInfo::SingleNode(SingleNodeRoutingInfo::ByAddress {
                    host: host.clone(),
                    port: *port,
                });
                let reply = self
                    .timed("SCAN", cluster.route_command(cmd, routing))
                    .await?;
                redis::from_redis_value(reply).map_err(error)
            }
            _ => self.timed("SCAN", cmd.query_async(conn)).await,
        }
    }

    /// Purges the keys one `SCAN` step found.
    async fn purge_keys(
        &self,
        conn: &mut Conn,
        keys: &[String],
        now: i64,
    ) -> Result<u64, BackendError> {
        let mut removed = 0;
        if matches!(conn, Conn::Cluster(_)) {
            // A script may only touch keys of one slot: one call per key.
            for key in keys {
                let mut call = self.scripts.purge.key(key);
                call.arg(now);
                removed += self.timed("purge", call.invoke_async::<u64>(conn)).await?;
            }
        } else if !keys.is_empty() {
            let mut call = self.scripts.purge.prepare_invoke();
            call.key(keys).arg(now);
            removed += self.timed("purge", call.invoke_async::<u64>(conn)).await?;
        }
        Ok(removed)
    }
}

/// This host's clock in ms since the Unix epoch: TTLs are relative to it, so
/// Redis's own clock never matters.
fn clock_ms() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

/// A slot's stored value: header, then the sealed bytes.
fn slot_value(entry: &Entry<'_>) -> Vec<u8> {
    let expires = entry
        .meta
        .expires_at
        .map(|at| at.to_string())
        .unwrap_or_default();
    let mut value = format!("1:{}:{expires}:", u8::from(entry.meta.single_use)).into_bytes();
    value.extend_from_slice(entry.sealed);
    value
}

impl AsyncBackend for RedisBackend {
    async fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        let mut cmd = redis::cmd("SET");
        cmd.arg(key).arg(slot_value(entry));
        if let Some(ttl) = self.slot_ttl_ms(entry.meta.expires_at) {
            cmd.arg("PX").arg(ttl);
        }
        let mut conn = self.conn();
        self.timed("SET", cmd.query_async::<()>(&mut conn)).await?;
        // Redis's maxmemory evictions are not seen by the client.
        Ok(0)
    }

    async fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let mut conn = self.conn();
        let mut call = self.scripts.fetch.key(key);
        call.arg(now);
        self.timed("fetch", call.invoke_async(&mut conn)).await
    }

    async fn remove(&self, key: &str) -> Result<bool, BackendError> {
        let mut conn = self.conn();
        let deleted: u64 = self
            .timed("DEL", redis::cmd("DEL").arg(key).query_async(&mut conn))
            .await?;
        Ok(deleted > 0)
    }

    /// One script (one key, so one cluster slot): the check and the `SET`
    /// run without another command between them, so of racing claimers in
    /// the whole fleet exactly one stores the marker. The marker is a slot
    /// like any other (header, TTL as `put` gives it), so `fetch` and
    /// `purge_expired` treat it as one.
    async fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        let entry = claim_entry(meta);
        let ttl = self.slot_ttl_ms(entry.meta.expires_at).unwrap_or(0);
        let mut conn = self.conn();
        let mut call = self.scripts.claim.key(key);
        call.arg(now).arg(slot_value(&entry)).arg(ttl);
        let stored: u64 = self.timed("claim", call.invoke_async(&mut conn)).await?;
        Ok(stored == 1)
    }

    async fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        let score = match entry.meta.expires_at {
            Some(at) if at < FAR_FUTURE => at.to_string(),
            _ => "inf".to_owned(),
        };
        let mut conn = self.conn();
        let mut call = self.scripts.push.key(list);
        call.arg(score)
            .arg(if entry.meta.single_use { "1" } else { "0" })
            .arg(entry.sealed)
            .arg(keep)
            .arg(&self.ttl_args()[..]);
        self.timed("push", call.invoke_async(&mut conn)).await
    }

    async fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        let mut conn = self.conn();
        let mut call = self.scripts.pop.key(list);
        call.arg(now).arg(&self.ttl_args()[..]);
        self.timed("pop", call.invoke_async(&mut conn)).await
    }

    /// Scans the key layout (`SCAN MATCH`, on every master of a cluster) and
    /// removes the slots and list members expired at `now`; returns how many
    /// it removed. Entries Redis already deleted by their TTL are gone before
    /// purge sees them and are not counted. The cost is a pass over the keys
    /// (`O(keys)`), so run it now and then, not per handshake: Redis's TTLs
    /// do most of the work.
    async fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        let mut conn = self.conn();
        let nodes: Vec<Option<(String, u16)>> = match conn {
            Conn::Cluster(_) => self
                .masters(&mut conn)
                .await?
                .into_iter()
                .map(Some)
                .collect(),
            Conn::Single(_) => vec![None],
        };
        let mut removed = 0;
        for node in &nodes {
            let mut cursor = 0;
            loop {
                let (next, keys) = self.scan_step(&mut conn, node.as_ref(), cursor).await?;
                removed += self.purge_keys(&mut conn, &keys, now).await?;
                if next == 0 {
                    break;
                }
                cursor = next;
            }
        }
        Ok(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_lose_their_credentials_in_debug() {
        assert_eq!(
            redact("redis://user:s3cret@db.example:6379/0"),
            "redis://***@db.example:6379/0"
        );
        assert_eq!(redact("redis://127.0.0.1:6379/"), "redis://127.0.0.1:6379/");
        let shown = format!(
            "{:?}",
            RedisConfig::cluster(["redis://:pw@a:7000", "redis://b:7001"])
        );
        assert!(!shown.contains("pw"), "{shown}");
        assert!(shown.contains("b:7001"), "{shown}");
    }

    #[test]
    fn slot_values_carry_use_and_expiry_before_the_bytes() {
        let entry = |expires_at, single_use| Entry {
            sealed: b"\x00\xffsealed",
            meta: crate::EntryMeta {
                expires_at,
                single_use,
            },
            record: None,
        };
        assert_eq!(
            slot_value(&entry(Some(1_800_000_010), true)),
            b"1:1:1800000010:\x00\xffsealed"
        );
        assert_eq!(slot_value(&entry(None, false)), b"1:0::\x00\xffsealed");
        assert_eq!(
            slot_value(&entry(Some(-5), false)),
            b"1:0:-5:\x00\xffsealed"
        );
    }

    #[test]
    fn purge_patterns_escape_glob_syntax() {
        assert_eq!(glob_escape("a*b?[c]\\"), "a\\*b\\?\\[c\\]\\\\");
    }
}
