//! Live handshakes with the installed OpenSSL, for tests that check our codec
//! against the real thing: a throw-away PKI, an in-process TLS server and
//! client over a socket pair, and resumption with a session given as DER.
//!
//! Never published; no library of the workspace depends on it.
//!
//! Whichever OpenSSL the crate is linked to is the one under test: the
//! system's, or an oracle build of another version
//! (`oracles/openssl/test.sh`); [`libssl`] reads its own view of a session.

pub mod compare;
pub mod edges;
pub mod libssl;

use std::error::Error;
use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::OnceLock;
use std::thread;

use openssl::asn1::Asn1Time;
use openssl::bn::{BigNum, MsbOption};
use openssl::ec::{EcGroup, EcKey};
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::ssl::{
    ErrorCode, Ssl, SslAcceptor, SslConnector, SslMethod, SslOptions, SslSession,
    SslSessionCacheMode, SslStream, SslVerifyMode, SslVersion,
};
use openssl::x509::extension::{BasicConstraints, SubjectAlternativeName};
use openssl::x509::{X509Name, X509};

/// Result type of the helpers.
pub type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

/// A CA and two leaf certificates signed by it.
pub struct Pki {
    /// The CA certificate.
    pub ca: X509,
    /// Server certificate (SAN `server.test`) and key.
    pub server: (X509, PKey<Private>),
    /// Client certificate and key.
    pub client: (X509, PKey<Private>),
}

fn key() -> Result<PKey<Private>> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
    Ok(PKey::from_ec_key(EcKey::generate(&group)?)?)
}

fn cert(cn: &str, key: &PKey<Private>, issuer: Option<(&X509, &PKey<Private>)>) -> Result<X509> {
    let mut name = X509Name::builder()?;
    name.append_entry_by_nid(Nid::COMMONNAME, cn)?;
    let name = name.build();
    let mut b = X509::builder()?;
    b.set_version(2)?;
    let mut serial = BigNum::new()?;
    serial.rand(64, MsbOption::MAYBE_ZERO, false)?;
    let serial = serial.to_asn1_integer()?;
    b.set_serial_number(&serial)?;
    b.set_subject_name(&name)?;
    b.set_pubkey(key)?;
    let not_before = Asn1Time::days_from_now(0)?;
    let not_after = Asn1Time::days_from_now(30)?;
    b.set_not_before(&not_before)?;
    b.set_not_after(&not_after)?;
    match issuer {
        None => {
            b.set_issuer_name(&name)?;
            b.append_extension(BasicConstraints::new().critical().ca().build()?)?;
            b.sign(key, MessageDigest::sha256())?;
        }
        Some((ca, ca_key)) => {
            b.set_issuer_name(ca.subject_name())?;
            let san = SubjectAlternativeName::new()
                .dns(cn)
                .build(&b.x509v3_context(Some(ca), None))?;
            b.append_extension(san)?;
            b.sign(ca_key, MessageDigest::sha256())?;
        }
    }
    Ok(b.build())
}

/// The `.der` files of `dir`, sorted by name: the sessions a handshake run
/// or a snapshot left there.
///
/// # Errors
/// When `dir` cannot be read.
pub fn der_files(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .collect();
    files.sort();
    Ok(files)
}

/// The PKI shared by all tests of a process (made once).
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let make = || -> Result<Pki> {
            let ca_key = key()?;
            let ca = cert("sslsession test CA", &ca_key, None)?;
            let server_key = key()?;
            let server = cert("server.test", &server_key, Some((&ca, &ca_key)))?;
            let client_key = key()?;
            let client = cert("client.test", &client_key, Some((&ca, &ca_key)))?;
            Ok(Pki {
                ca,
                server: (server, server_key),
                client: (client, client_key),
            })
        };
        make().expect("test PKI")
    })
}

/// What a handshake should exercise.
#[derive(Clone, Debug)]
pub struct Options {
    /// Protocol version (both ends pinned to it).
    pub version: SslVersion,
    /// Stateless tickets (otherwise the server's session-id cache).
    pub tickets: bool,
    /// Ask for and send a client certificate.
    pub client_cert: bool,
    /// ALPN protocol both ends agree on.
    pub alpn: Option<&'static str>,
    /// SNI host name the client sends.
    pub sni: Option<&'static str>,
    /// The server's session id context.
    pub sid_ctx: &'static [u8],
    /// Authenticate with a pre-shared key ([`PSK_IDENTITY`]) instead of
    /// certificates: TLS 1.2 `PSK-AES128-GCM-SHA256`, or TLS 1.3's external PSK.
    pub psk: bool,
    /// The server allows this much early data (TLS 1.3); a resumed handshake
    /// then sends [`EARLY_DATA`] as 0-RTT data.
    pub max_early_data: Option<u32>,
    /// Key exchange groups of both ends (`SSL_CTX_set1_groups_list`);
    /// `None` keeps the linked version's defaults.
    pub groups: Option<&'static str>,
    /// The server authenticates with a raw public key (RFC 7250, 3.2+).
    pub server_rpk: bool,
    /// The client authenticates with a raw public key (3.2+; with `client_cert`).
    pub client_rpk: bool,
}

/// The identity of the [`Options::psk`] handshakes.
pub const PSK_IDENTITY: &[u8] = b"sslsession-client";
/// The server's identity hint in the [`Options::psk`] handshakes.
pub const PSK_HINT: &[u8] = b"sslsession-hint";
/// The key of the [`Options::psk`] handshakes.
const PSK_KEY: [u8; 32] = [0x5a; 32];
/// What a resumed handshake sends as early data when the server allows it.
pub const EARLY_DATA: &[u8] = b"early";

impl Options {
    /// Defaults for `version`: tickets on, no client certificate, ALPN `h2`, SNI `server.test`.
    pub fn new(version: SslVersion) -> Self {
        Options {
            version,
            tickets: true,
            client_cert: false,
            alpn: Some("h2"),
            sni: Some("server.test"),
            sid_ctx: b"sslsession-tests",
            psk: false,
            max_early_data: None,
            groups: None,
            server_rpk: false,
            client_rpk: false,
        }
    }
}

/// A TLS server whose context (ticket keys, session cache) lives across handshakes,
/// so a later handshake can resume a session from an earlier one.
pub struct Server {
    acceptor: SslAcceptor,
    connector: SslConnector,
    options: Options,
}

/// What one handshake produced.
pub struct Handshake {
    /// The client's session, as OpenSSL's `i2d_SSL_SESSION` wrote it.
    pub client_der: Vec<u8>,
    /// The server's session, likewise.
    pub server_der: Vec<u8>,
    /// The client's session object (for comparing getters).
    pub client_session: SslSession,
    /// The server's session object.
    pub server_session: SslSession,
    /// Whether the client resumed (`SSL_session_reused`).
    pub client_reused: bool,
    /// Whether the server resumed.
    pub server_reused: bool,
    /// What the client's connection reported, for comparison with the session.
    pub client_facts: Facts,
    /// What the server's connection reported.
    pub server_facts: Facts,
    /// The early data the server read (TLS 1.3 0-RTT), if it accepted any.
    pub early_data: Option<Vec<u8>>,
}

/// Values one end's `SSL` object reported after the handshake.
#[derive(Clone, Debug, Default)]
pub struct Facts {
    /// Negotiated protocol version (wire value).
    pub version: u16,
    /// Negotiated cipher suite code.
    pub cipher: u16,
    /// Selected ALPN protocol.
    pub alpn: Option<Vec<u8>>,
    /// The peer's certificate, DER.
    pub peer_certificate: Option<Vec<u8>>,
    /// SNI host name (as the server received it).
    pub servername: Option<String>,
    /// Certificate verification result (`SSL_get_verify_result`).
    pub verify_result: i32,
    /// The key exchange group, by name (3.2+: `SSL_get0_group_name`).
    pub group: Option<String>,
    /// The peer's raw public key, `i2d_PUBKEY` (3.2+: `SSL_get0_peer_rpk`).
    pub peer_rpk: Option<Vec<u8>>,
}

fn facts(ssl: &openssl::ssl::SslRef) -> Result<Facts> {
    let version = match ssl.version2() {
        Some(v) if v == SslVersion::TLS1_3 => 0x0304,
        Some(v) if v == SslVersion::TLS1_2 => 0x0303,
        Some(v) if v == SslVersion::TLS1_1 => 0x0302,
        Some(v) if v == SslVersion::TLS1 => 0x0301,
        _ => 0,
    };
    let cipher = ssl
        .current_cipher()
        .map(|c| u16::from_be_bytes(c.protocol_id()))
        .unwrap_or(0);
    let peer_certificate = match ssl.peer_certificate() {
        Some(c) => Some(c.to_der()?),
        None => None,
    };
    Ok(Facts {
        version,
        cipher,
        alpn: ssl.selected_alpn_protocol().map(<[u8]>::to_vec),
        peer_certificate,
        servername: ssl
            .servername(openssl::ssl::NameType::HOST_NAME)
            .map(str::to_string),
        verify_result: ssl.verify_result().as_raw(),
        group: libssl::group_name(ssl),
        peer_rpk: libssl::peer_rpk(ssl),
    })
}

impl Server {
    /// A server and a matching client configuration.
    pub fn new(options: Options) -> Result<Self> {
        let pki = pki();
        let mut a = SslAcceptor::mozilla_intermediate_v5(SslMethod::tls())?;
        a.set_certificate(&pki.server.0)?;
        a.set_private_key(&pki.server.1)?;
        a.set_min_proto_version(Some(options.version))?;
        a.set_max_proto_version(Some(options.version))?;
        a.set_session_id_context(options.sid_ctx)?;
        a.set_session_cache_mode(SslSessionCacheMode::SERVER);
        if !options.tickets {
            a.set_options(SslOptions::NO_TICKET);
        }
        if options.client_cert {
            a.cert_store_mut().add_cert(pki.ca.clone())?;
            if options.client_rpk {
                // A raw public key has no chain to verify: the test trusts it.
                a.set_verify_callback(
                    SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT,
                    |_, _| true,
                );
            } else {
                a.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
            }
        }
        if options.server_rpk || options.client_rpk {
            libssl::prefer_rpk(&mut a, options.server_rpk, options.client_rpk)?;
        }
        if options.psk {
            // TLS 1.2 needs a PSK cipher suite; TLS 1.3 uses the same callback
            // for an external PSK with a SHA-256 suite.
            a.set_cipher_list("PSK-AES128-GCM-SHA256")?;
            // A PSK from the old-style callbacks is bound to SHA-256 in TLS 1.3.
            a.set_ciphersuites("TLS_AES_128_GCM_SHA256")?;
            libssl::use_psk_identity_hint(&mut a, PSK_HINT)?;
            a.set_psk_server_callback(|_, identity, key| {
                if identity != Some(PSK_IDENTITY) {
                    return Ok(0);
                }
                key[..PSK_KEY.len()].copy_from_slice(&PSK_KEY);
                Ok(PSK_KEY.len())
            });
        }
        // Acknowledge SNI: without a servername callback OpenSSL answers
        // NOACK and neither end stores the host name in its session.
        a.set_servername_callback(|_, _| Ok(()));
        if let Some(n) = options.max_early_data {
            a.set_max_early_data(n)?;
        }
        if let Some(groups) = options.groups {
            a.set_groups_list(groups)?;
        }
        if let Some(proto) = options.alpn {
            // The callback's answer must outlive the handshake; a test server's
            // one protocol list is leaked once per server.
            let server_list: &'static [u8] =
                Box::leak(wire_alpn(proto.as_bytes()).into_boxed_slice());
            a.set_alpn_select_callback(move |_, client| {
                openssl::ssl::select_next_proto(server_list, client)
                    .ok_or(openssl::ssl::AlpnError::NOACK)
            });
        }
        let mut c = SslConnector::builder(SslMethod::tls())?;
        c.cert_store_mut().add_cert(pki.ca.clone())?;
        c.set_min_proto_version(Some(options.version))?;
        c.set_max_proto_version(Some(options.version))?;
        c.set_session_cache_mode(SslSessionCacheMode::CLIENT);
        if options.client_cert {
            c.set_certificate(&pki.client.0)?;
            c.set_private_key(&pki.client.1)?;
        }
        if options.server_rpk {
            c.set_verify_callback(SslVerifyMode::PEER, |_, _| true);
        }
        if options.server_rpk || options.client_rpk {
            libssl::prefer_rpk(&mut c, options.server_rpk, options.client_rpk)?;
        }
        if options.psk {
            c.set_cipher_list("PSK-AES128-GCM-SHA256")?;
            c.set_ciphersuites("TLS_AES_128_GCM_SHA256")?;
            c.set_psk_client_callback(|_, _hint, identity, key| {
                identity[..PSK_IDENTITY.len()].copy_from_slice(PSK_IDENTITY);
                identity[PSK_IDENTITY.len()] = 0;
                key[..PSK_KEY.len()].copy_from_slice(&PSK_KEY);
                Ok(PSK_KEY.len())
            });
        }
        if let Some(groups) = options.groups {
            c.set_groups_list(groups)?;
        }
        if let Some(proto) = options.alpn {
            c.set_alpn_protos(&wire_alpn(proto.as_bytes()))?;
        }
        Ok(Server {
            acceptor: a.build(),
            connector: c.build(),
            options,
        })
    }

    /// Runs one full handshake, resuming `resume` (DER, as OpenSSL's
    /// `d2i_SSL_SESSION` will read it) when given, and exchanges a little data
    /// so that a TLS 1.3 client has processed its NewSessionTicket.
    pub fn handshake(&self, resume: Option<&[u8]>) -> Result<Handshake> {
        let (cs, ss) = UnixStream::pair()?;
        let acceptor = self.acceptor.clone();
        let read_early = self.options.max_early_data.is_some();
        type ServerSide = (Vec<u8>, SslSession, bool, Facts, Option<Vec<u8>>);
        let server = thread::spawn(move || -> Result<ServerSide> {
            let mut ssl = Ssl::new(acceptor.context())?;
            // SSL_read_early_data needs the role set before the handshake starts.
            ssl.set_accept_state();
            let mut s = SslStream::new(ssl, ss)?;
            let mut early = Vec::new();
            if read_early {
                // SSL_read_early_data until it reports the end of early data
                // (or that the client sent none); then the rest of the handshake.
                let mut buf = [0u8; 64];
                loop {
                    match s.read_early_data(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => early.extend_from_slice(&buf[..n]),
                        Err(e) if e.code() == ErrorCode::ZERO_RETURN => break,
                        Err(e) => return Err(format!("server early data: {e}").into()),
                    }
                }
            }
            s.accept().map_err(|e| format!("server handshake: {e}"))?;
            let mut buf = [0u8; 5];
            s.read_exact(&mut buf)?;
            s.write_all(b"world")?;
            let session = s.ssl().session().ok_or("server has no session")?.to_owned();
            let der = session.to_der()?;
            let reused = s.ssl().session_reused();
            let server_facts = facts(s.ssl())?;
            // Wait for the client's close_notify, then answer it: a server SSL
            // freed without shutdown drops its session from the cache
            // (ssl_clear_bad_session), which would defeat session-id resumption.
            let _ = s.read(&mut buf);
            let _ = s.shutdown();
            Ok((
                der,
                session,
                reused,
                server_facts,
                (!early.is_empty()).then_some(early),
            ))
        });
        let mut config = self.connector.configure()?;
        config.set_verify_hostname(!self.options.server_rpk);
        let sni = self.options.sni.unwrap_or("server.test");
        config.set_use_server_name_indication(self.options.sni.is_some());
        let mut ssl = config.into_ssl(sni)?;
        let mut send_early = false;
        if let Some(der) = resume {
            let session = SslSession::from_der(der)?;
            send_early = read_early && session.max_early_data() > 0;
            set_session(&mut ssl, &session)?;
        }
        // SSL_write_early_data needs the role set before the handshake starts.
        ssl.set_connect_state();
        let mut c = SslStream::new(ssl, cs)?;
        if send_early {
            c.write_early_data(EARLY_DATA)
                .map_err(|e| format!("client early data: {e}"))?;
        }
        c.connect().map_err(|e| format!("client handshake: {e}"))?;
        c.write_all(b"hello")?;
        let mut buf = [0u8; 5];
        c.read_exact(&mut buf)?;
        let client_reused = c.ssl().session_reused();
        let client_session = c.ssl().session().ok_or("client has no session")?.to_owned();
        let client_der = client_session.to_der()?;
        let client_facts = facts(c.ssl())?;
        let _ = c.shutdown();
        drop(c);
        let (server_der, server_session, server_reused, server_facts, early_data) =
            server.join().map_err(|_| "server thread panicked")??;
        Ok(Handshake {
            client_der,
            server_der,
            client_session,
            server_session,
            client_reused,
            server_reused,
            client_facts,
            server_facts,
            early_data,
        })
    }
}

impl Server {
    /// Puts the session `der` (as `d2i_SSL_SESSION` reads it) into the
    /// server's session-id cache, replacing a cached session with the same id
    /// (`SSL_CTX_add_session`): a later handshake resuming that id meets it.
    pub fn cache(&self, der: &[u8]) -> Result<()> {
        let session = SslSession::from_der(der)?;
        // SAFETY: `add_session` is unsafe only because a session must belong
        // to one context's cache; this one was just made from DER and goes
        // into this server's cache only.
        #[allow(unsafe_code)]
        let added = unsafe { self.acceptor.context().add_session(&session) };
        if added {
            Ok(())
        } else {
            Err("SSL_CTX_add_session: not added".into())
        }
    }
}

/// ALPN wire format: length-prefixed protocol names.
fn wire_alpn(proto: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(proto.len() + 1);
    v.push(u8::try_from(proto.len()).unwrap_or(u8::MAX));
    v.extend_from_slice(proto);
    v
}

/// `SSL_set_session` on a client about to connect.
#[allow(unsafe_code)]
fn set_session(ssl: &mut openssl::ssl::Ssl, session: &SslSession) -> Result<()> {
    // SAFETY: `SslRef::set_session` is unsafe only because a session must not be
    // shared between SSL_CTXs' session caches. This session was just made by
    // `SslSession::from_der`, so it belongs to no cache, and it is used with
    // this one SSL object only.
    unsafe { ssl.set_session(session)? };
    Ok(())
}
