//! The client side: sessions stored by OpenSSL's new-session callback under
//! the connection's peer, and offered again with `SSL_set_session`.

use std::fmt;
use std::sync::Arc;

use openssl::error::ErrorStack;
use openssl::ssl::{SslContextBuilder, SslRef, SslSessionCacheMode};
use session_store::{unix_now, PeerKey, SessionStore};

use crate::common::{guard, off_worker, offer, peer_of, set_peer, CacheError, Hook};

/// A client's session cache: each new session (a TLS 1.2 session, every TLS
/// 1.3 ticket) goes to the store under the peer the connection was prepared
/// for, and [`prepare`](Self::prepare) offers one back before the next
/// connection to that peer.
///
/// [`install`](Self::install) sets `SslSessionCacheMode::CLIENT |
/// NO_INTERNAL_STORE` — `CLIENT` makes OpenSSL call the new-session callback
/// on a client (`ssl_update_cache`, `ssl/ssl_lib.c`), and
/// `NO_INTERNAL_STORE` keeps it from also filling the context's internal
/// cache, which a client never reads from by itself (`NO_INTERNAL_LOOKUP`
/// concerns servers only) — and the new-session callback.
///
/// [`prepare`](Self::prepare), on each connection before the handshake,
/// records the peer on the `Ssl` (ex_data, for the new-session callback),
/// sends its server name (SNI) and takes a session from the store
/// ([`SessionStore::take_client`]): a TLS 1.3 ticket is handed out once and
/// is gone from the store, so no two connections — of this process or any
/// other sharing the store — offer the same ticket (RFC 8446 §C.4); a TLS
/// 1.2 session stays for the next connection.
///
/// A connection that was not prepared stores nothing (its peer is unknown).
/// Failures (backend, corrupt entry, a session the linked OpenSSL cannot
/// read, a panic in the store) make a full handshake and are reported to
/// [`on_error`](Self::on_error); the store counts them.
pub struct ClientCache {
    store: Arc<dyn SessionStore>,
    hook: Hook,
}

impl ClientCache {
    /// A cache on `store`.
    pub fn new(store: Arc<dyn SessionStore>) -> Self {
        ClientCache {
            store,
            hook: Hook::default(),
        }
    }

    /// Calls `hook` with every failure the cache swallows.
    /// Set it before `install`: callbacks already installed keep the hook
    /// they were installed with.
    #[must_use]
    pub fn on_error(mut self, hook: impl Fn(&CacheError) + Send + Sync + 'static) -> Self {
        self.hook = Hook::new(hook);
        self
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn SessionStore> {
        &self.store
    }

    /// Configures `builder`: the client cache mode and the new-session
    /// callback.
    ///
    /// # Errors
    /// OpenSSL could not allocate the `Ssl` ex_data index.
    pub fn install(&self, builder: &mut SslContextBuilder) -> Result<(), ErrorStack> {
        crate::common::peer_index()?;
        builder.set_session_cache_mode(
            SslSessionCacheMode::CLIENT | SslSessionCacheMode::NO_INTERNAL_STORE,
        );
        let store = Arc::clone(&self.store);
        let hook = self.hook.clone();
        builder.set_new_session_callback(move |ssl, session| {
            guard(&hook, (), || {
                let Some(peer) = peer_of(ssl) else { return };
                let der = match session.to_der() {
                    Ok(der) => zeroize::Zeroizing::new(der),
                    Err(e) => return hook.report(&e.into()),
                };
                if let Err(e) = off_worker(|| store.put_client_der(&peer, &der, unix_now())) {
                    hook.report(&CacheError::Store(e));
                }
            });
        });
        Ok(())
    }

    /// Prepares a connection to `peer` before its handshake: records the
    /// peer, sets SNI (when the peer has a server name) and offers a stored
    /// session. Returns whether a session was offered (the server may still
    /// decline it: `SslRef::session_reused` tells after the handshake).
    ///
    /// # Errors
    /// OpenSSL refused the server name, or the ex_data index; a store
    /// failure is no error here (a full handshake follows).
    pub fn prepare(&self, ssl: &mut SslRef, peer: &PeerKey) -> Result<bool, ErrorStack> {
        set_peer(ssl, peer)?;
        let found = guard(&self.hook, None, || {
            match off_worker(|| self.store.take_client(peer, unix_now())) {
                Ok(found) => found,
                Err(e) => {
                    self.hook.report(&CacheError::Store(e));
                    None
                }
            }
        });
        let Some(cached) = found else {
            return Ok(false);
        };
        Ok(offer_reported(ssl, cached.der(), &self.hook))
    }
}

/// Offers `der` on `ssl`; a session OpenSSL refuses is reported, not fatal.
pub(crate) fn offer_reported(ssl: &mut SslRef, der: &[u8], hook: &Hook) -> bool {
    match offer(ssl, der) {
        Ok(()) => true,
        Err(e) => {
            hook.report(&e.into());
            false
        }
    }
}

impl fmt::Debug for ClientCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCache")
            .field("stats", &self.store.stats())
            .field("on_error", &self.hook)
            .finish_non_exhaustive()
    }
}
