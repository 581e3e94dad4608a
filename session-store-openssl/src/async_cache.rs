//! The caches over async stores ([`AsyncSessionStore`]), for tokio and
//! tokio-openssl: OpenSSL's callbacks are synchronous, so the server's
//! lookups block (off the worker) and the client's writes go to a task.

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};

use openssl::error::ErrorStack;
use openssl::ssl::{SslContextBuilder, SslRef, SslSessionCacheMode};
use session_store::{unix_now, AsyncSessionStore, CachedSession, PeerKey, ServerKey};
use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinSet;
use zeroize::Zeroizing;

use crate::client::offer_reported;
use crate::common::{guard, peer_of, set_peer, CacheError, Hook};
use crate::server::{install, ServerOps};

/// [`ServerCache`](crate::ServerCache) over an async store: the same
/// configuration and rules (read its documentation), for a tokio server.
///
/// OpenSSL's get-session callback is synchronous and must return the
/// session, so each store call is driven to completion inside the callback:
///
/// - on a worker of a **multi-thread** runtime (a tokio-openssl handshake
///   polled by a task), the callback leaves the worker
///   (`tokio::task::block_in_place`: the worker's other tasks move to another
///   thread) and runs the store's future there (`Handle::block_on`);
/// - on a thread outside any runtime (a plain-thread server), it runs the
///   future on the runtime the cache was created in (or given by
///   [`with_handle`](Self::with_handle)), which must be multi-thread;
/// - on a **current-thread** runtime it cannot (its one thread would block
///   the I/O the store waits for): every lookup is a miss reported as
///   [`CacheError::NoRuntime`]. Use a multi-thread runtime, or a
///   [`ServerCache`](crate::ServerCache) over a synchronous store.
pub struct AsyncServerCache<S> {
    store: Arc<S>,
    sid_ctx: Vec<u8>,
    hook: Hook,
    handle: Option<Handle>,
}

impl<S: AsyncSessionStore + 'static> AsyncServerCache<S> {
    /// A cache on `store` for the session id context `sid_ctx`. Created
    /// inside a tokio runtime, it remembers that runtime for callbacks that
    /// run outside one.
    pub fn new(store: Arc<S>, sid_ctx: &[u8]) -> Self {
        AsyncServerCache {
            store,
            sid_ctx: sid_ctx.to_vec(),
            hook: Hook::default(),
            handle: Handle::try_current().ok(),
        }
    }

    /// The runtime to drive the store on when a callback runs outside any
    /// runtime.
    #[must_use]
    pub fn with_handle(mut self, handle: Handle) -> Self {
        self.handle = Some(handle);
        self
    }

    /// Calls `hook` with every failure the callbacks swallow.
    /// Set it before `install`: callbacks already installed keep the hook
    /// they were installed with.
    #[must_use]
    pub fn on_error(mut self, hook: impl Fn(&CacheError) + Send + Sync + 'static) -> Self {
        self.hook = Hook::new(hook);
        self
    }

    /// The store.
    pub fn store(&self) -> &Arc<S> {
        &self.store
    }

    /// Configures `builder` to use this cache.
    ///
    /// # Errors
    /// OpenSSL refused the session id context (longer than 32 bytes).
    pub fn install(&self, builder: &mut SslContextBuilder) -> Result<(), ErrorStack> {
        let ops = AsyncOps {
            store: Arc::clone(&self.store),
            handle: self.handle.clone(),
        };
        install(builder, Arc::new(ops), &self.sid_ctx, &self.hook)
    }
}

impl<S: AsyncSessionStore> fmt::Debug for AsyncServerCache<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncServerCache")
            .field("sid_ctx", &self.sid_ctx)
            .field("stats", &self.store.stats())
            .field("on_error", &self.hook)
            .finish_non_exhaustive()
    }
}

/// An async store driven from a synchronous callback.
struct AsyncOps<S> {
    store: Arc<S>,
    handle: Option<Handle>,
}

impl<S: AsyncSessionStore> AsyncOps<S> {
    fn run<F: Future>(&self, future: F) -> Result<F::Output, CacheError> {
        match Handle::try_current() {
            Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => {
                // block_in_place marks the runtime as exited for the closure,
                // so Handle::block_on may run the future on this thread.
                Ok(tokio::task::block_in_place(|| h.block_on(future)))
            }
            Ok(_) => Err(CacheError::NoRuntime),
            Err(_) => match &self.handle {
                Some(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => {
                    Ok(h.block_on(future))
                }
                _ => Err(CacheError::NoRuntime),
            },
        }
    }
}

impl<S: AsyncSessionStore + 'static> ServerOps for AsyncOps<S> {
    fn put(&self, key: &ServerKey, der: &[u8], now: i64) -> Result<(), CacheError> {
        Ok(self.run(self.store.put_server_der(key, der, now))??)
    }
    fn get(&self, key: &ServerKey, now: i64) -> Result<Option<CachedSession>, CacheError> {
        Ok(self.run(self.store.get_server(key, now))??)
    }
    fn remove(&self, key: &ServerKey) -> Result<bool, CacheError> {
        Ok(self.run(self.store.remove_server(key))??)
    }
}

/// [`ClientCache`](crate::ClientCache) over an async store, for
/// tokio-openssl clients: [`prepare`](Self::prepare) takes a session with an
/// `await`, and the new-session callback — synchronous, inside the
/// handshake's poll — hands each new session to a writer task that stores it
/// without blocking the handshake.
///
/// The writer task is started on the runtime of the first callback (or the
/// one the cache was created in) and again if that runtime has gone.
/// [`flush`](Self::flush) waits until every session handed over so far is
/// stored (e.g. before taking the next session in a test, or at shutdown).
pub struct AsyncClientCache<S> {
    store: Arc<S>,
    hook: Hook,
    writer: Arc<Writer<S>>,
}

/// What the writer task is asked to do.
enum Msg {
    Put(PeerKey, Zeroizing<Vec<u8>>),
    Flush(oneshot::Sender<()>),
}

/// The channel to the writer task, started on demand.
struct Writer<S> {
    store: Arc<S>,
    hook: Hook,
    handle: Option<Handle>,
    tx: Mutex<Option<mpsc::UnboundedSender<Msg>>>,
}

impl<S: AsyncSessionStore + 'static> Writer<S> {
    /// Sends `msg` to the writer task, starting one if there is none or the
    /// last one's runtime shut down. `Err` gives the message back when no
    /// runtime is available.
    fn send(&self, msg: Msg) -> Result<(), Msg> {
        let mut tx = self.tx.lock().unwrap_or_else(PoisonError::into_inner);
        let msg = match tx.as_ref() {
            Some(sender) => match sender.send(msg) {
                Ok(()) => return Ok(()),
                Err(mpsc::error::SendError(msg)) => msg,
            },
            None => match msg {
                // No writer yet: nothing was handed over, nothing to wait for.
                Msg::Flush(done) => {
                    let _ = done.send(());
                    return Ok(());
                }
                msg @ Msg::Put(..) => msg,
            },
        };
        let Some(handle) = Handle::try_current().ok().or_else(|| self.handle.clone()) else {
            return Err(msg);
        };
        let (new_tx, rx) = mpsc::unbounded_channel();
        handle.spawn(write(Arc::clone(&self.store), self.hook.clone(), rx));
        let sent = new_tx.send(msg).map_err(|e| e.0);
        *tx = Some(new_tx);
        sent
    }
}

/// The writer task: each session is stored by a task of its own (so a slow
/// backend call does not hold up the next), and a flush waits for all of
/// them.
async fn write<S: AsyncSessionStore + 'static>(
    store: Arc<S>,
    hook: Hook,
    mut rx: mpsc::UnboundedReceiver<Msg>,
) {
    let mut tasks = JoinSet::new();
    let reap = |result: Result<(), tokio::task::JoinError>, hook: &Hook| {
        if let Err(e) = result {
            if e.is_panic() {
                hook.report(&CacheError::Panicked(e.to_string()));
            }
        }
    };
    while let Some(msg) = rx.recv().await {
        match msg {
            Msg::Put(peer, der) => {
                let (store, task_hook) = (Arc::clone(&store), hook.clone());
                tasks.spawn(async move {
                    if let Err(e) = store.put_client_der(&peer, &der, unix_now()).await {
                        task_hook.report(&CacheError::Store(e));
                    }
                });
                while let Some(result) = tasks.try_join_next() {
                    reap(result, &hook);
                }
            }
            Msg::Flush(done) => {
                while let Some(result) = tasks.join_next().await {
                    reap(result, &hook);
                }
                let _ = done.send(());
            }
        }
    }
}

impl<S: AsyncSessionStore + 'static> AsyncClientCache<S> {
    /// A cache on `store`. Created inside a tokio runtime, it remembers that
    /// runtime for its writer task.
    pub fn new(store: Arc<S>) -> Self {
        let hook = Hook::default();
        AsyncClientCache {
            writer: Arc::new(Writer {
                store: Arc::clone(&store),
                hook: hook.clone(),
                handle: Handle::try_current().ok(),
                tx: Mutex::new(None),
            }),
            store,
            hook,
        }
    }

    /// Calls `hook` with every failure the cache swallows.
    /// Set it before `install`: callbacks already installed keep the hook
    /// they were installed with.
    #[must_use]
    pub fn on_error(mut self, hook: impl Fn(&CacheError) + Send + Sync + 'static) -> Self {
        self.hook = Hook::new(hook);
        self.writer = Arc::new(Writer {
            store: Arc::clone(&self.store),
            hook: self.hook.clone(),
            handle: self.writer.handle.clone(),
            tx: Mutex::new(None),
        });
        self
    }

    /// The store.
    pub fn store(&self) -> &Arc<S> {
        &self.store
    }

    /// Configures `builder`: `SslSessionCacheMode::CLIENT |
    /// NO_INTERNAL_STORE` and the new-session callback.
    ///
    /// # Errors
    /// OpenSSL could not allocate the `Ssl` ex_data index.
    pub fn install(&self, builder: &mut SslContextBuilder) -> Result<(), ErrorStack> {
        crate::common::peer_index()?;
        builder.set_session_cache_mode(
            SslSessionCacheMode::CLIENT | SslSessionCacheMode::NO_INTERNAL_STORE,
        );
        let writer = Arc::clone(&self.writer);
        let hook = self.hook.clone();
        builder.set_new_session_callback(move |ssl, session| {
            guard(&hook, (), || {
                let Some(peer) = peer_of(ssl) else { return };
                let der = match session.to_der() {
                    Ok(der) => Zeroizing::new(der),
                    Err(e) => return hook.report(&e.into()),
                };
                if writer.send(Msg::Put(peer, der)).is_err() {
                    hook.report(&CacheError::NoRuntime);
                }
            });
        });
        Ok(())
    }

    /// Prepares a connection to `peer`: records the peer, sets SNI and
    /// offers a session taken from the store (a TLS 1.3 ticket once).
    /// Returns whether a session was offered.
    ///
    /// # Errors
    /// OpenSSL refused the server name or the ex_data index; a store failure
    /// is no error here (a full handshake follows).
    pub async fn prepare(&self, ssl: &mut SslRef, peer: &PeerKey) -> Result<bool, ErrorStack> {
        set_peer(ssl, peer)?;
        let cached = match self.store.take_client(peer, unix_now()).await {
            Ok(Some(cached)) => cached,
            Ok(None) => return Ok(false),
            Err(e) => {
                self.hook.report(&CacheError::Store(e));
                return Ok(false);
            }
        };
        Ok(offer_reported(ssl, cached.der(), &self.hook))
    }

    /// Waits until every session handed to the writer so far is stored (or
    /// failed, reported).
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.writer.send(Msg::Flush(done)).is_ok() {
            let _ = wait.await;
        }
    }
}

impl<S: AsyncSessionStore> fmt::Debug for AsyncClientCache<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AsyncClientCache")
            .field("stats", &self.store.stats())
            .field("on_error", &self.hook)
            .finish_non_exhaustive()
    }
}
