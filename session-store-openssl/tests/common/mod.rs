//! Real handshakes with the linked OpenSSL over TCP loopback, the stores the
//! tests run on, and backends that fail or damage entries on demand.
#![allow(dead_code, unreachable_pub)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{
    Ssl, SslContext, SslContextBuilder, SslMethod, SslRef, SslSession, SslStream, SslVerifyMode,
    SslVersion,
};
use openssl::x509::extension::SubjectAlternativeName;
use openssl::x509::{X509Name, X509};
use session_der::session_model::{OpenSslVersion, SessionRef};
use session_store::{
    Backend, BackendError, Entry, EntryMeta, KeyRing, MemoryBackend, SealingKey, SessionStore,
    SqliteBackend, Store, StoreConfig,
};

/// The protocol versions every test runs on.
pub const VERSIONS: [SslVersion; 2] = [SslVersion::TLS1_2, SslVersion::TLS1_3];

pub fn name(version: SslVersion) -> &'static str {
    if version == SslVersion::TLS1_3 {
        "TLS 1.3"
    } else {
        "TLS 1.2"
    }
}

/// A self-signed certificate for `server.test` and its key (made once).
pub fn identity() -> &'static (X509, PKey<Private>) {
    static ID: OnceLock<(X509, PKey<Private>)> = OnceLock::new();
    ID.get_or_init(|| {
        let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("group");
        let key = PKey::from_ec_key(EcKey::generate(&group).expect("key")).expect("pkey");
        let mut name = X509Name::builder().expect("name");
        name.append_entry_by_nid(Nid::COMMONNAME, "server.test")
            .expect("cn");
        let name = name.build();
        let mut b = X509::builder().expect("builder");
        b.set_version(2).expect("version");
        let mut serial = BigNum::new().expect("bn");
        serial.rand(64, MsbOption::MAYBE_ZERO, false).expect("rand");
        b.set_serial_number(&serial.to_asn1_integer().expect("serial"))
            .expect("serial");
        b.set_subject_name(&name).expect("subject");
        b.set_issuer_name(&name).expect("issuer");
        b.set_pubkey(&key).expect("pubkey");
        b.set_not_before(&Asn1Time::days_from_now(0).expect("t"))
            .expect("nb");
        b.set_not_after(&Asn1Time::days_from_now(30).expect("t"))
            .expect("na");
        let san = SubjectAlternativeName::new()
            .dns("server.test")
            .build(&b.x509v3_context(None, None))
            .expect("san");
        b.append_extension(san).expect("ext");
        b.sign(&key, MessageDigest::sha256()).expect("sign");
        (b.build(), key)
    })
}

/// A server context builder pinned to `version`, with the test identity.
pub fn server_builder(version: SslVersion) -> SslContextBuilder {
    let (cert, key) = identity();
    let mut b = SslContext::builder(SslMethod::tls_server()).expect("ctx");
    b.set_certificate(cert).expect("cert");
    b.set_private_key(key).expect("key");
    b.set_min_proto_version(Some(version)).expect("min");
    b.set_max_proto_version(Some(version)).expect("max");
    b
}

/// A client context builder pinned to `version` (no certificate check: the
/// tests are about sessions).
pub fn client_builder(version: SslVersion) -> SslContextBuilder {
    let mut b = SslContext::builder(SslMethod::tls_client()).expect("ctx");
    b.set_verify(SslVerifyMode::NONE);
    b.set_min_proto_version(Some(version)).expect("min");
    b.set_max_proto_version(Some(version)).expect("max");
    b
}

/// What one handshake did.
pub struct Outcome {
    /// The client's view of `SSL_session_reused`.
    pub client_reused: bool,
    /// The server's.
    pub server_reused: bool,
    /// What the client offered: the ticket of the session it set (TLS 1.3
    /// and TLS 1.2 tickets), else its session id; `None` when it offered
    /// nothing.
    pub offered: Option<Vec<u8>>,
    /// The session the client connection ended with (to offer it again).
    pub session: Option<SslSession>,
}

/// What a session offers to resume: its ticket, else its id.
pub fn offer_of(session: &openssl::ssl::SslSessionRef) -> Vec<u8> {
    let der = session.to_der().expect("to_der");
    let s: SessionRef<'_> = session_der::decode(&der).expect("decode");
    match s.ticket() {
        Some(t) if !t.is_empty() => t.to_vec(),
        _ => s.session_id().to_vec(),
    }
}

/// One handshake over TCP loopback between a fresh server connection of
/// `server` and a client connection of `client`, which `prepare` readies
/// (offers a session). The server sends 5 bytes after the handshake, which
/// the client reads, so a TLS 1.3 client has processed the NewSessionTickets
/// sent before them.
pub fn handshake(
    server: &SslContext,
    client: &SslContext,
    prepare: impl FnOnce(&mut SslRef),
) -> Outcome {
    // close_notify before the connection is freed: SSL_free removes the
    // session of a connection that did not send one (ssl_clear_bad_session,
    // ssl/ssl_sess.c), through the remove callback, from the store too.
    handshake_closing(server, client, prepare, |stream| {
        let _ = stream.shutdown();
    })
}

/// [`handshake`] with the server closing its connection by `close` (after
/// the client's close_notify arrived) before it is freed.
pub fn handshake_closing(
    server: &SslContext,
    client: &SslContext,
    prepare: impl FnOnce(&mut SslRef),
    close: fn(&mut SslStream<TcpStream>),
) -> Outcome {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = server.clone();
    let accept = thread::spawn(move || {
        let (tcp, _) = listener.accept().expect("accept");
        let ssl = Ssl::new(&server).expect("ssl");
        let mut stream = ssl.accept(tcp).expect("server handshake");
        stream.write_all(b"hello").expect("write");
        let reused = stream.ssl().session_reused();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
        close(&mut stream);
        reused
    });
    let mut ssl = Ssl::new(client).expect("ssl");
    prepare(&mut ssl);
    let offered = ssl.session().map(offer_of);
    let tcp = TcpStream::connect(addr).expect("connect");
    let mut stream = ssl.connect(tcp).expect("client handshake");
    let mut buf = [0u8; 5];
    stream.read_exact(&mut buf).expect("read");
    assert_eq!(&buf, b"hello");
    let client_reused = stream.ssl().session_reused();
    let session = stream.ssl().session().map(ToOwned::to_owned);
    let _ = stream.shutdown();
    drop(stream);
    let server_reused = accept.join().expect("server thread");
    Outcome {
        client_reused,
        server_reused,
        offered,
        session,
    }
}

/// Offers `session` on `ssl` (a plain client without a cache, or one that
/// deliberately offers a session twice).
#[allow(unsafe_code)]
pub fn offer_session(ssl: &mut SslRef, session: &SslSession) {
    // A copy through DER, so the session belongs to no context.
    let copy = SslSession::from_der(&session.to_der().expect("der")).expect("from_der");
    // SAFETY: `set_session` requires a session not associated with another
    // SslContext; `copy` was just made by `SslSession::from_der` and was
    // never added to any context's cache.
    unsafe { ssl.set_session(&copy) }.expect("set_session");
}

/// The linked OpenSSL's version, for the store's rules.
pub fn linked_version() -> OpenSslVersion {
    let n = openssl::version::number();
    match (n >> 28, (n >> 20) & 0xff) {
        (1, _) => OpenSslVersion::V1_1_1,
        (3, 0..=1) => OpenSslVersion::V3_0,
        (3, 2..=5) => OpenSslVersion::V3_5,
        (3, _) => OpenSslVersion::V3_6,
        _ => OpenSslVersion::V4_0,
    }
}

pub fn keys() -> KeyRing {
    KeyRing::new(1, SealingKey::new([0x5a; 32]))
}

pub fn config() -> StoreConfig {
    StoreConfig::new().openssl_version(linked_version())
}

/// A store on `backend` configured for the linked OpenSSL.
pub fn store_on<B: Backend + 'static>(backend: B) -> Arc<Store<B>> {
    Arc::new(Store::with_config(backend, keys(), config()))
}

/// The backends the handshake tests run on, by name.
pub fn backends() -> Vec<(&'static str, Arc<dyn SessionStore>)> {
    backends_with(&config())
}

/// The backends with stores configured by `config`: memory, and SQLite in
/// a fresh database file.
pub fn backends_with(config: &StoreConfig) -> Vec<(&'static str, Arc<dyn SessionStore>)> {
    vec![
        (
            "memory",
            Arc::new(Store::with_config(
                MemoryBackend::new(1000),
                keys(),
                config.clone(),
            )) as Arc<dyn SessionStore>,
        ),
        (
            "sqlite",
            Arc::new(Store::with_config(sqlite(), keys(), config.clone())),
        ),
    ]
}

/// A SQLite backend on a new database file of this test run.
pub fn sqlite() -> SqliteBackend {
    static N: AtomicU64 = AtomicU64::new(0);
    let path = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "session-store-openssl-{}-{}.sqlite",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    SqliteBackend::open(&path, 1000).expect("sqlite")
}

/// A backend that fails, damages entries or panics on demand.
#[derive(Debug)]
pub struct Faulty {
    pub inner: MemoryBackend,
    /// Every operation fails.
    pub fail: AtomicBool,
    /// Reads return the entry with one byte flipped.
    pub corrupt: AtomicBool,
    /// Every operation panics.
    pub panic: AtomicBool,
    /// Operations attempted.
    pub calls: AtomicU64,
}

impl Faulty {
    pub fn new() -> Self {
        Faulty {
            inner: MemoryBackend::new(1000),
            fail: AtomicBool::new(false),
            corrupt: AtomicBool::new(false),
            panic: AtomicBool::new(false),
            calls: AtomicU64::new(0),
        }
    }

    fn check(&self) -> Result<(), BackendError> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        assert!(
            !self.panic.load(Ordering::Relaxed),
            "test backend panics on purpose"
        );
        if self.fail.load(Ordering::Relaxed) {
            return Err(BackendError::new("faulty", "injected failure"));
        }
        Ok(())
    }

    fn damage(&self, found: Option<Vec<u8>>) -> Option<Vec<u8>> {
        found.map(|mut bytes| {
            if self.corrupt.load(Ordering::Relaxed) {
                let last = bytes.len() - 1;
                bytes[last] ^= 0x01;
            }
            bytes
        })
    }
}

impl Backend for Faulty {
    fn put(&self, key: &str, entry: &Entry<'_>) -> Result<u64, BackendError> {
        self.check()?;
        Backend::put(&self.inner, key, entry)
    }
    fn fetch(&self, key: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.check()?;
        Ok(self.damage(Backend::fetch(&self.inner, key, now)?))
    }
    fn remove(&self, key: &str) -> Result<bool, BackendError> {
        self.check()?;
        Backend::remove(&self.inner, key)
    }
    fn claim(&self, key: &str, meta: EntryMeta, now: i64) -> Result<bool, BackendError> {
        self.check()?;
        Backend::claim(&self.inner, key, meta, now)
    }
    fn push(&self, list: &str, entry: &Entry<'_>, keep: usize) -> Result<u64, BackendError> {
        self.check()?;
        Backend::push(&self.inner, list, entry, keep)
    }
    fn pop(&self, list: &str, now: i64) -> Result<Option<Vec<u8>>, BackendError> {
        self.check()?;
        Ok(self.damage(Backend::pop(&self.inner, list, now)?))
    }
    fn purge_expired(&self, now: i64) -> Result<u64, BackendError> {
        self.check()?;
        Backend::purge_expired(&self.inner, now)
    }
}
