//! The TLS side of the proofs: a test certificate, a server that resumes
//! through a [`SessionStore`] (session-store-openssl's `ServerCache`), and a
//! client that offers exactly the session it is told to.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use openssl::asn1::Asn1Time;
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{
    ErrorCode, Ssl, SslContext, SslContextBuilder, SslFiletype, SslMethod, SslOptions, SslSession,
    SslStream, SslVerifyMode, SslVersion,
};
use openssl::x509::{X509NameBuilder, X509};
use session_store::SessionStore;
use session_store_openssl::ServerCache;

/// Errors of the harness (they fail a test or the bench).
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// The session id context every server of a fleet shares: OpenSSL resumes a
/// session only under the context it was made in (`ssl_get_prev_session`,
/// ssl/ssl_sess.c), so a fleet must agree on it.
pub const SID_CTX: &[u8] = b"sslsession-fleet";

/// How long a client waits for a server before the handshake counts as
/// stalled (an error of the test, never a pass).
pub const IO_TIMEOUT: Duration = Duration::from_secs(20);

/// A self-signed P-256 certificate and its key, for one test run; every
/// server of a fleet serves the same one (as a real fleet behind one name).
pub struct TestPki {
    /// The certificate, PEM.
    pub cert_pem: Vec<u8>,
    /// Its private key, PKCS#8 PEM.
    pub key_pem: Vec<u8>,
}

impl TestPki {
    /// A fresh certificate for `localhost`, valid for a day.
    ///
    /// # Errors
    /// OpenSSL failed.
    pub fn generate() -> Result<Self, Error> {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
        let key: PKey<Private> = PKey::from_ec_key(EcKey::generate(&group)?)?;
        let mut name = X509NameBuilder::new()?;
        name.append_entry_by_nid(Nid::COMMONNAME, "localhost")?;
        let name = name.build();
        let mut cert = X509::builder()?;
        cert.set_version(2)?;
        let serial = BigNum::from_u32(1)?.to_asn1_integer()?;
        cert.set_serial_number(&serial)?;
        cert.set_subject_name(&name)?;
        cert.set_issuer_name(&name)?;
        cert.set_pubkey(&key)?;
        let (from, until) = (Asn1Time::days_from_now(0)?, Asn1Time::days_from_now(1)?);
        cert.set_not_before(&from)?;
        cert.set_not_after(&until)?;
        cert.sign(&key, MessageDigest::sha256())?;
        Ok(TestPki {
            cert_pem: cert.build().to_pem()?,
            key_pem: key.private_key_to_pem_pkcs8()?,
        })
    }

    /// Writes `cert.pem` and `key.pem` into `dir`; their paths.
    ///
    /// # Errors
    /// The files could not be written.
    pub fn write_to(&self, dir: &Path) -> Result<(PathBuf, PathBuf), Error> {
        let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
        std::fs::write(&cert, &self.cert_pem)?;
        std::fs::write(&key, &self.key_pem)?;
        Ok((cert, key))
    }
}

/// A TLS server context resuming through `store` only: session-store-openssl's
/// `ServerCache` (OpenSSL's internal cache off), stateful TLS 1.3 tickets
/// (`SSL_OP_NO_TICKET`: a TLS 1.3 ticket is then a session id looked up in the
/// cache, so every resumption, 1.2 and 1.3, goes through `store`).
///
/// # Errors
/// OpenSSL refused the certificate or key, or the cache could not be installed.
pub fn server_context(
    cert: &Path,
    key: &Path,
    store: Arc<dyn SessionStore>,
) -> Result<SslContext, Error> {
    let mut b = SslContextBuilder::new(SslMethod::tls_server())?;
    b.set_certificate_chain_file(cert)?;
    b.set_private_key_file(key, SslFiletype::PEM)?;
    b.check_private_key()?;
    b.set_min_proto_version(Some(SslVersion::TLS1_2))?;
    b.set_max_proto_version(Some(SslVersion::TLS1_3))?;
    b.set_options(SslOptions::NO_TICKET);
    ServerCache::new(store, SID_CTX).install(&mut b)?;
    Ok(b.build())
}

/// The line a server sends after each handshake: whether it resumed and its
/// store's counters, so a test sees what happened inside the server process.
fn status_line(ssl: &openssl::ssl::SslRef, store: &dyn SessionStore) -> String {
    let s = store.stats();
    format!(
        "reused={} hits={} misses={} expired={} corrupt={} unknown_key={} replayed={} \
         stored={} backend_errors={}\n",
        u8::from(ssl.session_reused()),
        s.hits,
        s.misses,
        s.expired,
        s.corrupt,
        s.unknown_key,
        s.replayed,
        s.stored,
        s.backend_errors
    )
}

/// Serves one connection: handshake, the status line, then a clean close.
fn serve_one(ctx: &SslContext, store: &dyn SessionStore, tcp: TcpStream) -> Result<(), Error> {
    tcp.set_read_timeout(Some(IO_TIMEOUT))?;
    tcp.set_write_timeout(Some(IO_TIMEOUT))?;
    // Without it, the status line waits for the client's delayed ACK (Nagle):
    // 40 ms per connection on Linux loopback, which would cap the bench.
    tcp.set_nodelay(true)?;
    let mut tls = SslStream::new(Ssl::new(ctx)?, tcp)?;
    tls.accept()?;
    let line = status_line(tls.ssl(), store);
    tls.write_all(line.as_bytes())?;
    // Wait for the client's close_notify, then answer it: OpenSSL drops the
    // session of an SSL freed without a clean shutdown from the cache
    // (SSL_free -> ssl_clear_bad_session, ssl/ssl_lib.c), which would call
    // the remove callback and defeat resumption.
    let mut buf = [0u8; 64];
    loop {
        match tls.ssl_read(&mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) if e.code() == ErrorCode::ZERO_RETURN => break,
            Err(e) => return Err(e.into()),
        }
    }
    let _ = tls.shutdown();
    Ok(())
}

/// Accepts connections on `listener` until `stop` is set, one thread per
/// connection. Handshake errors are counted in `errors` (the tests assert
/// there are none: no error ever reaches a peer because of the cache).
pub fn serve(
    listener: &TcpListener,
    ctx: &SslContext,
    store: &Arc<dyn SessionStore>,
    stop: &AtomicBool,
    errors: &Arc<std::sync::atomic::AtomicU64>,
) {
    for tcp in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(tcp) = tcp else { continue };
        let (ctx, store, errors) = (ctx.clone(), Arc::clone(store), Arc::clone(errors));
        std::thread::spawn(move || {
            if let Err(e) = serve_one(&ctx, &*store, tcp) {
                errors.fetch_add(1, Ordering::SeqCst);
                eprintln!("server: {e}");
            }
        });
    }
}

/// A server on a thread of this process (the fault tests and the bench, which
/// need its store object), stopped when dropped.
pub struct InProcessServer {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    errors: Arc<std::sync::atomic::AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl InProcessServer {
    /// Listens on a free loopback port and serves `store`.
    ///
    /// # Errors
    /// The context or the socket could not be made.
    pub fn start(pki: &TestPki, dir: &Path, store: Arc<dyn SessionStore>) -> Result<Self, Error> {
        let (cert, key) = pki.write_to(dir)?;
        let ctx = server_context(&cert, &key, Arc::clone(&store))?;
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let addr = listener.local_addr()?;
        let stop = Arc::new(AtomicBool::new(false));
        let errors = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let thread = {
            let (stop, errors) = (Arc::clone(&stop), Arc::clone(&errors));
            std::thread::spawn(move || serve(&listener, &ctx, &store, &stop, &errors))
        };
        Ok(InProcessServer {
            addr,
            stop,
            errors,
            thread: Some(thread),
        })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Handshakes that failed on the server's side so far.
    pub fn errors(&self) -> u64 {
        self.errors.load(Ordering::SeqCst)
    }
}

impl Drop for InProcessServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The TLS version a client speaks (exactly that one).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    /// TLS 1.2: sessions by session id, reusable until they expire.
    Tls12,
    /// TLS 1.3 with the server's stateful tickets: single-use sessions.
    Tls13,
}

impl Proto {
    /// "TLS 1.2" or "TLS 1.3".
    pub fn name(self) -> &'static str {
        match self {
            Proto::Tls12 => "TLS 1.2",
            Proto::Tls13 => "TLS 1.3",
        }
    }
}

/// What one client connection saw.
pub struct Outcome {
    /// Whether the handshake resumed the offered session.
    pub reused: bool,
    /// The session to offer next (for TLS 1.3, the last ticket received).
    pub session: SslSession,
    /// The server's counters after this handshake (its status line).
    pub server: BTreeMap<String, u64>,
    /// Connect to close.
    pub elapsed: Duration,
}

impl Outcome {
    /// The server counter `name` (0 when absent).
    pub fn server_stat(&self, name: &str) -> u64 {
        self.server.get(name).copied().unwrap_or(0)
    }
}

/// A TLS client that never caches by itself: it offers exactly the session
/// the caller passes (also one already used, to prove the server refuses it).
#[derive(Clone)]
pub struct Client {
    ctx: SslContext,
}

impl Client {
    /// A client speaking only `proto`, not verifying the (self-signed) server.
    ///
    /// # Errors
    /// OpenSSL failed.
    pub fn new(proto: Proto) -> Result<Self, Error> {
        let mut b = SslContextBuilder::new(SslMethod::tls_client())?;
        let v = match proto {
            Proto::Tls12 => SslVersion::TLS1_2,
            Proto::Tls13 => SslVersion::TLS1_3,
        };
        b.set_min_proto_version(Some(v))?;
        b.set_max_proto_version(Some(v))?;
        b.set_verify(SslVerifyMode::NONE);
        Ok(Client { ctx: b.build() })
    }

    /// One connection to `addr`, offering `offer`.
    ///
    /// # Errors
    /// The connection or handshake failed, or the server said nothing.
    pub fn handshake(
        &self,
        addr: SocketAddr,
        offer: Option<&SslSession>,
    ) -> Result<Outcome, Error> {
        let start = Instant::now();
        let tcp = TcpStream::connect(addr)?;
        tcp.set_read_timeout(Some(IO_TIMEOUT))?;
        tcp.set_write_timeout(Some(IO_TIMEOUT))?;
        tcp.set_nodelay(true)?;
        let mut ssl = Ssl::new(&self.ctx)?;
        if let Some(session) = offer {
            set_session(&mut ssl, session)?;
        }
        let mut tls = ssl
            .connect(tcp)
            .map_err(|e| format!("client handshake: {e}"))?;
        // Reading the line also processes the TLS 1.3 NewSessionTicket
        // messages the server sent before it.
        let mut line = String::new();
        BufReader::new(&mut tls).read_line(&mut line)?;
        let reused = tls.ssl().session_reused();
        let session = tls
            .ssl()
            .session()
            .ok_or("the client has no session")?
            .to_owned();
        let _ = tls.shutdown();
        // The server's close_notify (or EOF).
        let mut rest = [0u8; 16];
        let _ = tls.read(&mut rest);
        let server = parse_status(&line)?;
        if server.get("reused").copied() != Some(u64::from(reused)) {
            return Err(format!("client and server disagree on resumption: {line}").into());
        }
        Ok(Outcome {
            reused,
            session,
            server,
            elapsed: start.elapsed(),
        })
    }
}

/// `SSL_set_session` on a client about to connect.
#[allow(unsafe_code)]
fn set_session(ssl: &mut Ssl, session: &SslSession) -> Result<(), Error> {
    // SAFETY: `SslRef::set_session` is unsafe only because a session must not
    // be shared between SSL_CTXs' session caches. The client context has no
    // session cache of its own (nothing is ever added to one), and every
    // session offered was made by a connection of the same context.
    unsafe { ssl.set_session(session)? };
    Ok(())
}

fn parse_status(line: &str) -> Result<BTreeMap<String, u64>, Error> {
    let map: BTreeMap<String, u64> = line
        .split_whitespace()
        .filter_map(|kv| {
            let (k, v) = kv.split_once('=')?;
            Some((k.to_owned(), v.parse().ok()?))
        })
        .collect();
    if map.contains_key("reused") {
        Ok(map)
    } else {
        Err(format!("no status line from the server: {line:?}").into())
    }
}

/// The session id under which the *server* cached the session a client
/// holds: for TLS 1.2 the session id itself; for TLS 1.3 the ticket, which
/// with stateful tickets (`SSL_OP_NO_TICKET`) is the server's session id
/// (OpenSSL 3.0 `tls_construct_new_session_ticket` sends it as the ticket,
/// while the client names the session by a hash of it).
///
/// # Errors
/// The session has neither.
pub fn server_session_id(session: &SslSession) -> Result<Vec<u8>, Error> {
    let der = session.to_der()?;
    let decoded = session_der::decode(&der).map_err(|e| format!("client session: {e}"))?;
    if decoded.protocol_version().is_tls13() {
        let ticket = decoded
            .ticket()
            .ok_or("a TLS 1.3 session without a ticket")?;
        Ok(ticket.to_vec())
    } else {
        Ok(decoded.session_id().to_vec())
    }
}
