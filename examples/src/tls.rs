//! TLS on loopback for the examples: [`Terminator`]s (TLS servers running
//! an accept loop on a thread of their own) and a [`Client`] with its own
//! session cache, on the workspace's test PKI (`sslsession_interop::pki`).
//!
//! The session caches are not set up here: each example installs a
//! `session_store_openssl::ServerCache` on the [`acceptor`] it builds, so the
//! terminators resume from the store the example chose.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use openssl::error::ErrorStack;
use openssl::ssl::{
    SslAcceptor, SslAcceptorBuilder, SslConnector, SslMethod, SslStream, SslVersion,
};
use session_store::{KeyRing, MemoryBackend, PeerKey, SealingKey, SessionStore, Store};
use session_store_openssl::ClientCache;

/// What the examples' functions return on failure.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The name the terminators' certificate is for (the test PKI's server), and
/// the client connects to.
pub const HOST: &str = "server.test";

/// A server context builder for [`HOST`] (TLS 1.2 and 1.3), ready for a
/// session cache to be installed on it.
///
/// # Errors
/// OpenSSL refused the certificate or key.
pub fn acceptor() -> Result<SslAcceptorBuilder, ErrorStack> {
    // The workspace's test PKI (sslsession-interop): a CA and a server
    // certificate for HOST.
    let (cert, key) = &sslsession_interop::pki().server;
    let mut builder = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls())?;
    builder.set_certificate(cert)?;
    builder.set_private_key(key)?;
    // Acknowledge the client's server name: without a servername callback
    // OpenSSL 3.x does not keep the name in the server's session
    // (`final_server_name`, ssl/statem/extensions.c), and the PostgreSQL
    // record's `hostname` would be missing.
    builder.set_servername_callback(|_, _| Ok(()));
    Ok(builder)
}

/// A TLS terminator: one [`acceptor`]'s context serving connections on a
/// loopback port, one at a time, on a thread of its own. Each connection gets
/// a line saying whether the server resumed the session (`"A resumed"`,
/// `"A new session"`), then both ends close with close_notify.
pub struct Terminator {
    name: String,
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Terminator {
    /// Starts serving `acceptor` on a free loopback port.
    ///
    /// # Errors
    /// No port could be bound.
    pub fn start(name: &str, acceptor: SslAcceptor) -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (name, stop) = (name.to_owned(), Arc::clone(&stop));
            thread::Builder::new()
                .name(format!("terminator {name}"))
                .spawn(move || {
                    for tcp in listener.incoming() {
                        if stop.load(Ordering::Relaxed) {
                            break;
                        }
                        // A client that fails its handshake ends its own
                        // connection; the terminator goes on serving.
                        if let Ok(tcp) = tcp {
                            let _ = serve(&name, &acceptor, tcp);
                        }
                    }
                })?
        };
        Ok(Terminator {
            name: name.to_owned(),
            addr,
            stop,
            thread: Some(thread),
        })
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

fn serve(name: &str, acceptor: &SslAcceptor, tcp: TcpStream) -> Result<(), Error> {
    let mut tls = acceptor.accept(tcp)?;
    let state = if tls.ssl().session_reused() {
        "resumed"
    } else {
        "new session"
    };
    // TLS 1.3: OpenSSL sends its tickets right after the handshake, so they
    // reach the client before this line.
    writeln!(tls, "{name} {state}")?;
    close(&mut tls);
    Ok(())
}

/// Waits for the peer's close_notify, then answers it. A connection freed
/// without sending close_notify loses its session: `SSL_free` calls
/// `ssl_clear_bad_session` (ssl/ssl_sess.c, OpenSSL 3.x), which removes it
/// through the remove-session callback — from the shared store, for every
/// terminator.
fn close(tls: &mut SslStream<TcpStream>) {
    let _ = tls.read_to_end(&mut Vec::new());
    let _ = tls.shutdown();
}

impl Drop for Terminator {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// What one connection did.
#[derive(Debug)]
pub struct Connection {
    /// Whether the client resumed (`SSL_session_reused`).
    pub resumed: bool,
    /// Whether the terminator says it resumed.
    pub server_resumed: bool,
    /// The session the client offered (`i2d_SSL_SESSION` DER), if any.
    pub offered: Option<Vec<u8>>,
}

/// A client pinned to one protocol version, with a session cache of its own
/// in memory: `session_store_openssl::ClientCache` over
/// `Store<MemoryBackend>` (sealed like any store), which keeps the sessions
/// OpenSSL's new-session callback hands over and offers one before each
/// connection — a TLS 1.3 ticket once.
pub struct Client {
    connector: SslConnector,
    cache: ClientCache,
    store: Arc<Store<MemoryBackend>>,
}

impl Client {
    /// A client speaking only `version`, trusting the test CA that signed
    /// the terminators' certificate.
    ///
    /// # Errors
    /// OpenSSL refused the configuration.
    pub fn new(version: SslVersion) -> Result<Self, ErrorStack> {
        let store = Arc::new(Store::new(
            MemoryBackend::new(1_000),
            KeyRing::new(1, SealingKey::new([0x11; 32])),
        ));
        let cache = ClientCache::new(Arc::clone(&store) as Arc<dyn SessionStore>);
        let mut builder = SslConnector::builder(SslMethod::tls())?;
        builder
            .cert_store_mut()
            .add_cert(sslsession_interop::pki().ca.clone())?;
        builder.set_min_proto_version(Some(version))?;
        builder.set_max_proto_version(Some(version))?;
        cache.install(&mut builder)?;
        Ok(Client {
            connector: builder.build(),
            cache,
            store,
        })
    }

    /// The client's own session store (e.g. to hand it a session).
    pub fn store(&self) -> &Store<MemoryBackend> {
        &self.store
    }

    /// Connects to `peer` (the service's name and port, which the store keys
    /// sessions by) at `terminator` (the machine a load balancer picked),
    /// offering a stored session if there is one; reads the terminator's
    /// line and closes.
    ///
    /// # Errors
    /// The connection or the handshake failed.
    pub fn connect(&self, peer: &PeerKey, terminator: &Terminator) -> Result<Connection, Error> {
        let mut config = self.connector.configure()?;
        let offered = if self.cache.prepare(&mut config, peer)? {
            config.session().map(|s| s.to_der()).transpose()?
        } else {
            None
        };
        let tcp = TcpStream::connect(terminator.addr())?;
        let mut tls = config.connect(peer.host(), tcp)?;
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while tls.read(&mut byte)? == 1 && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        let resumed = tls.ssl().session_reused();
        let _ = tls.shutdown();
        let _ = tls.read_to_end(&mut Vec::new());
        let line = String::from_utf8_lossy(&line);
        Ok(Connection {
            resumed,
            server_resumed: line.ends_with(" resumed"),
            offered,
        })
    }
}
