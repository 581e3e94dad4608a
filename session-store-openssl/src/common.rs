//! What every cache shares: the error hook, the panic barrier in front of
//! OpenSSL's C callbacks, leaving a tokio worker before blocking, and the
//! `Ssl` ex_data slot holding a client connection's peer.

use std::any::Any;
use std::fmt;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Arc, OnceLock};

use openssl::error::ErrorStack;
use openssl::ssl::{Ssl, SslRef, SslSession};
use session_store::{PeerKey, StoreError};

/// Why a cache callback did not store or find a session. The handshake goes
/// on regardless — a cache that fails is a full handshake, never an error
/// the TLS peer sees — and the application may watch these through
/// `on_error` (logs, metrics). Store failures are also in the store's
/// [`Stats`](session_store::Stats).
#[derive(Debug)]
#[non_exhaustive]
pub enum CacheError {
    /// The store refused the session or its backend failed.
    Store(StoreError),
    /// OpenSSL failed to encode, decode or set a session.
    OpenSsl(ErrorStack),
    /// A callback panicked (in the store, its backend or the hook); the
    /// panic was caught before it reached OpenSSL's C code.
    Panicked(String),
    /// An async store could not be driven from the callback's thread: no
    /// tokio runtime, or a current-thread runtime (whose only thread cannot
    /// block). See `AsyncServerCache` (feature `tokio`).
    NoRuntime,
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CacheError::Store(e) => write!(f, "session store: {e}"),
            CacheError::OpenSsl(e) => write!(f, "openssl: {e}"),
            CacheError::Panicked(what) => write!(f, "session cache callback panicked: {what}"),
            CacheError::NoRuntime => {
                f.write_str("no multi-thread tokio runtime to drive the async session store")
            }
        }
    }
}

impl std::error::Error for CacheError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CacheError::Store(e) => Some(e),
            CacheError::OpenSsl(e) => Some(e),
            CacheError::Panicked(_) | CacheError::NoRuntime => None,
        }
    }
}

impl From<StoreError> for CacheError {
    fn from(e: StoreError) -> Self {
        CacheError::Store(e)
    }
}

impl From<ErrorStack> for CacheError {
    fn from(e: ErrorStack) -> Self {
        CacheError::OpenSsl(e)
    }
}

/// The application's error hook function.
type HookFn = dyn Fn(&CacheError) + Send + Sync;

/// The application's error hook (none by default).
#[derive(Clone, Default)]
pub(crate) struct Hook(Option<Arc<HookFn>>);

impl Hook {
    pub(crate) fn new(f: impl Fn(&CacheError) + Send + Sync + 'static) -> Self {
        Hook(Some(Arc::new(f)))
    }

    /// Reports `e` to the hook; a panicking hook is contained here too.
    pub(crate) fn report(&self, e: &CacheError) {
        if let Some(f) = &self.0 {
            let _ = catch_unwind(AssertUnwindSafe(|| f(e)));
        }
    }
}

impl fmt::Debug for Hook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0.is_some() { "Some(..)" } else { "None" })
    }
}

/// Runs a callback's body, turning a panic into `fallback` and a report:
/// OpenSSL's callbacks are `extern "C"` (the openssl crate's trampolines do
/// not catch), and a panic unwinding out of one aborts the process.
pub(crate) fn guard<T>(hook: &Hook, fallback: T, body: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(payload) => {
            hook.report(&CacheError::Panicked(panic_message(payload.as_ref())));
            fallback
        }
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}

/// Runs a blocking store call from an OpenSSL callback. On a tokio
/// multi-thread runtime's worker (a tokio-openssl handshake) it leaves the
/// worker first (`block_in_place`: the worker's other tasks move to another
/// thread, and the runtime counts as exited, so a `Blocking` backend's own
/// runtime may be entered inside); elsewhere it simply calls.
pub(crate) fn off_worker<R>(f: impl FnOnce() -> R) -> R {
    use tokio::runtime::{Handle, RuntimeFlavor};
    match Handle::try_current() {
        Ok(h) if h.runtime_flavor() == RuntimeFlavor::MultiThread => tokio::task::block_in_place(f),
        _ => f(),
    }
}

/// The `Ssl` ex_data slot holding the peer a client connection talks to, for
/// the new-session callback (OpenSSL hands it the connection, not the peer).
pub(crate) fn peer_index() -> Result<openssl::ex_data::Index<Ssl, PeerKey>, ErrorStack> {
    static INDEX: OnceLock<openssl::ex_data::Index<Ssl, PeerKey>> = OnceLock::new();
    if let Some(index) = INDEX.get() {
        return Ok(*index);
    }
    let index = Ssl::new_ex_index::<PeerKey>()?;
    // Two threads racing here each allocate an index; one wins and both use
    // it (the other index stays unused, as OpenSSL indexes are never freed).
    Ok(*INDEX.get_or_init(|| index))
}

/// The peer recorded on a client connection by `prepare`.
pub(crate) fn peer_of(ssl: &SslRef) -> Option<PeerKey> {
    let index = peer_index().ok()?;
    ssl.ex_data(index).cloned()
}

/// Records `peer` on `ssl` and sends its server name (SNI).
pub(crate) fn set_peer(ssl: &mut SslRef, peer: &PeerKey) -> Result<(), ErrorStack> {
    if let Some(name) = peer.server_name() {
        ssl.set_hostname(name)?;
    }
    let index = peer_index()?;
    ssl.set_ex_data(index, peer.clone());
    Ok(())
}

/// Offers `der` (a session from the store) on `ssl`; whether OpenSSL took it.
#[allow(unsafe_code)]
pub(crate) fn offer(ssl: &mut SslRef, der: &[u8]) -> Result<(), ErrorStack> {
    let session = SslSession::from_der(der)?;
    // SAFETY: the openssl crate's contract for `SslRef::set_session` is that
    // "the session is associated with the same `SslContext` as this `Ssl`".
    // What the association guards is state a context attaches to its
    // sessions — ex_data stored under that context's indices, and the
    // context's session cache (the `owner`/prev/next links OpenSSL keeps for
    // cached sessions). A session made just now by `SslSession::from_der`
    // (`d2i_SSL_SESSION`) has neither: no ex_data was ever set on it and it
    // is in no cache. OpenSSL's own client code (`s_client -sess_in`) hands
    // exactly such sessions to `SSL_set_session`, and OpenSSL copies what it
    // needs from the session at that call.
    unsafe { ssl.set_session(&session) }
}
