//! The server side: OpenSSL's external session cache (`SSL_CTX_sess_set_new_cb`,
//! `_get_cb`, `_remove_cb`) backed by a session store.

use std::fmt;
use std::sync::Arc;

use openssl::error::ErrorStack;
use openssl::ssl::{SslContextBuilder, SslOptions, SslSession, SslSessionCacheMode, SslSessionRef};
use session_store::{unix_now, CachedSession, ServerKey, SessionStore};

use crate::common::{guard, off_worker, CacheError, Hook};

/// What the callbacks do with the store, sync or async behind it.
pub(crate) trait ServerOps: Send + Sync + 'static {
    fn put(&self, key: &ServerKey, der: &[u8], now: i64) -> Result<(), CacheError>;
    fn get(&self, key: &ServerKey, now: i64) -> Result<Option<CachedSession>, CacheError>;
    fn remove(&self, key: &ServerKey) -> Result<bool, CacheError>;
}

/// A synchronous store: called in place, off the tokio worker when on one.
struct SyncOps(Arc<dyn SessionStore>);

impl ServerOps for SyncOps {
    fn put(&self, key: &ServerKey, der: &[u8], now: i64) -> Result<(), CacheError> {
        Ok(off_worker(|| self.0.put_server_der(key, der, now))?)
    }
    fn get(&self, key: &ServerKey, now: i64) -> Result<Option<CachedSession>, CacheError> {
        Ok(off_worker(|| self.0.get_server(key, now))?)
    }
    fn remove(&self, key: &ServerKey) -> Result<bool, CacheError> {
        Ok(off_worker(|| self.0.remove_server(key))?)
    }
}

/// A server's external session cache: OpenSSL asks the store for the
/// session a client offers, and hands it every new session.
///
/// [`install`](Self::install) configures a context builder:
///
/// - the session id context `sid_ctx` (`SSL_CTX_set_session_id_context`): a
///   session is only resumed under the context it was made in, and every
///   server of a fleet sharing a store must use the same one;
/// - `SslSessionCacheMode::SERVER | NO_INTERNAL`: OpenSSL neither keeps
///   sessions in its own per-process cache nor looks there, so every lookup
///   reaches the store and the fleet sees one cache;
/// - `SslOptions::NO_TICKET`: session ids instead of stateless tickets in
///   TLS 1.2, and **stateful tickets** in TLS 1.3 — the ticket is the
///   session's id, and the server looks the session up in the cache
///   (`tls_get_stateful_ticket`, OpenSSL 3.x `ssl/statem/extensions_srvr.c`).
///   Stateless tickets would carry the session inside the ticket, encrypted
///   under ticket keys each `SslContext` draws at random, so no other server
///   could resume them and the store would never be asked. Do not clear the
///   option after `install` (TLS 1.3 sessions would then be stored under
///   dummy ids and never found);
/// - the new-session callback (`SslSession::to_der` →
///   [`SessionStore::put_server_der`] under `ServerKey(id, sid_ctx)`), the
///   get-session callback ([`SessionStore::get_server`] →
///   `SslSession::from_der`) and the remove-session callback
///   ([`SessionStore::remove_server`]: OpenSSL removes a session after a
///   fatal alert or when it finds it expired).
///
/// **TLS 1.3 sessions resume once.** The store hands a TLS 1.3 session out a
/// single time (and removes it atomically in the backend), so a ticket
/// replayed to this or any other server of the fleet makes a full handshake
/// (RFC 8446 §8, §C.4). OpenSSL's own cache does not do this: OpenSSL 3.0
/// to 3.5 leave a stateful TLS 1.3 session in the internal cache after it
/// resumed and remove it only for early-data anti-replay
/// (`SSL_CTX_remove_session` in `tls_parse_ctos_psk`, when `max_early_data >
/// 0`) — see this crate's tests, where OpenSSL's internal cache resumes the
/// same ticket twice. Each resumed TLS 1.3 handshake issues a fresh ticket
/// (a new session, stored by the new-session callback).
///
/// Early data: with `max_early_data > 0` (and anti-replay on) OpenSSL
/// accepts a TLS 1.3 session only if `SSL_CTX_remove_session` finds it in
/// its *internal* cache, which `NO_INTERNAL` keeps empty: every resumption
/// would be refused. Leave early data off with this cache.
///
/// Failures never reach the TLS peer: a backend error, an entry that fails
/// authentication, a session OpenSSL cannot read, or a panic in the store is
/// a miss (a full handshake); the store counts it in its
/// [`Stats`](session_store::Stats) and [`on_error`](Self::on_error) sees it.
///
/// On a tokio multi-thread runtime (a tokio-openssl server), the callbacks
/// leave the worker thread (`tokio::task::block_in_place`) before calling
/// the store, so a store over [`Blocking`](session_store::Blocking) (which
/// runs its own runtime) works there too. On a current-thread runtime the
/// store is called in place and must not enter a runtime itself.
pub struct ServerCache {
    store: Arc<dyn SessionStore>,
    sid_ctx: Vec<u8>,
    hook: Hook,
}

impl ServerCache {
    /// A cache on `store` for sessions made under the session id context
    /// `sid_ctx` (at most 32 bytes, OpenSSL's `SSL_MAX_SID_CTX_LENGTH`).
    pub fn new(store: Arc<dyn SessionStore>, sid_ctx: &[u8]) -> Self {
        ServerCache {
            store,
            sid_ctx: sid_ctx.to_vec(),
            hook: Hook::default(),
        }
    }

    /// Calls `hook` with every failure the callbacks swallow (to log or
    /// count them). The hook runs inside OpenSSL's callbacks: keep it short.
    /// Set it before [`install`](Self::install): callbacks already installed
    /// keep the hook they were installed with.
    #[must_use]
    pub fn on_error(mut self, hook: impl Fn(&CacheError) + Send + Sync + 'static) -> Self {
        self.hook = Hook::new(hook);
        self
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn SessionStore> {
        &self.store
    }

    /// The session id context.
    pub fn sid_ctx(&self) -> &[u8] {
        &self.sid_ctx
    }

    /// Configures `builder` to use this cache (see the type's documentation).
    ///
    /// # Errors
    /// OpenSSL refused the session id context (longer than 32 bytes).
    pub fn install(&self, builder: &mut SslContextBuilder) -> Result<(), ErrorStack> {
        install(
            builder,
            Arc::new(SyncOps(Arc::clone(&self.store))),
            &self.sid_ctx,
            &self.hook,
        )
    }
}

impl fmt::Debug for ServerCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerCache")
            .field("sid_ctx", &self.sid_ctx)
            .field("stats", &self.store.stats())
            .field("on_error", &self.hook)
            .finish_non_exhaustive()
    }
}

/// The callbacks' shared state.
struct Callbacks {
    ops: Arc<dyn ServerOps>,
    sid_ctx: Vec<u8>,
    hook: Hook,
}

impl Callbacks {
    fn key(&self, id: &[u8]) -> ServerKey {
        ServerKey::new(id, &self.sid_ctx)
    }

    fn new_session(&self, session: &SslSessionRef) {
        let der = match session.to_der() {
            Ok(der) => zeroize::Zeroizing::new(der),
            Err(e) => return self.hook.report(&e.into()),
        };
        if let Err(e) = self.ops.put(&self.key(session.id()), &der, unix_now()) {
            self.hook.report(&e);
        }
    }

    fn get_session(&self, id: &[u8]) -> Option<SslSession> {
        let cached = match self.ops.get(&self.key(id), unix_now()) {
            Ok(found) => found?,
            Err(e) => {
                self.hook.report(&e);
                return None;
            }
        };
        // The store checked the entry with its configured OpenSSL version's
        // reader; the linked libssl reads it again here and may still refuse
        // (another version's rules): a miss.
        match SslSession::from_der(cached.der()) {
            Ok(session) => Some(session),
            Err(e) => {
                self.hook.report(&e.into());
                None
            }
        }
    }

    fn remove_session(&self, session: &SslSessionRef) {
        if let Err(e) = self.ops.remove(&self.key(session.id())) {
            self.hook.report(&e);
        }
    }
}

/// Installs the callbacks over `ops` (sync or async stores).
#[allow(unsafe_code)]
pub(crate) fn install(
    builder: &mut SslContextBuilder,
    ops: Arc<dyn ServerOps>,
    sid_ctx: &[u8],
    hook: &Hook,
) -> Result<(), ErrorStack> {
    builder.set_session_id_context(sid_ctx)?;
    builder.set_session_cache_mode(SslSessionCacheMode::SERVER | SslSessionCacheMode::NO_INTERNAL);
    builder.set_options(SslOptions::NO_TICKET);
    let callbacks = Arc::new(Callbacks {
        ops,
        sid_ctx: sid_ctx.to_vec(),
        hook: hook.clone(),
    });

    let cb = Arc::clone(&callbacks);
    builder.set_new_session_callback(move |_ssl, session| {
        guard(&cb.hook, (), || cb.new_session(&session));
    });

    let cb = Arc::clone(&callbacks);
    builder.set_remove_session_callback(move |_ctx, session| {
        guard(&cb.hook, (), || cb.remove_session(session));
    });

    let cb = callbacks;
    // SAFETY: `set_get_session_callback` requires every session the callback
    // returns not to be associated with another `SslContext`. The callback
    // returns only sessions just made by `SslSession::from_der`
    // (d2i_SSL_SESSION), which belong to no context: they were never added
    // to any context's cache.
    unsafe {
        builder
            .set_get_session_callback(move |_ssl, id| guard(&cb.hook, None, || cb.get_session(id)));
    }
    Ok(())
}
