//! Real BoringSSL handshakes in-process (client and server over a Unix
//! socket pair), and a BoringSSL client for a peer in another process
//! (`openssl s_server`), each reporting the sessions BoringSSL made and what
//! the connections negotiated.
#![allow(unsafe_code)]

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::net::UnixStream;
use std::sync::{Arc, Mutex};
use std::thread;

use boring::ssl::{
    Ssl, SslContext, SslContextBuilder, SslMethod, SslOptions, SslRef, SslSessionCacheMode,
    SslStream, SslVerifyMode, SslVersion,
};
use boring_sys as ffi;
use foreign_types::{ForeignType, ForeignTypeRef};
use serde_json::{json, Value};

use crate::bssl::Session;
use crate::pki::pki;
use crate::{hex, Result};

/// What a handshake exercises.
#[derive(Clone, Debug)]
pub struct Options {
    /// Protocol version (both ends pinned to it).
    pub version: SslVersion,
    /// Stateless tickets; otherwise `SSL_OP_NO_TICKET` and the server's
    /// session-id cache.
    pub tickets: bool,
    /// The server asks for, and the client sends, a certificate.
    pub client_cert: bool,
    /// ALPN protocol both ends agree on.
    pub alpn: Option<&'static str>,
    /// SNI host name the client sends.
    pub sni: Option<&'static str>,
    /// `SSL_CTX_set_early_data_enabled` on both ends (TLS 1.3 tickets then
    /// allow 0-RTT: `[24] ticketMaxEarlyData`).
    pub early_data: bool,
    /// The server sends its intermediate CA after its leaf (the client's
    /// session then has a `[19]` certChain).
    pub send_chain: bool,
    /// The server staples this OCSP response (`SSL_CTX_set_ocsp_response`)
    /// and the client asks for it.
    pub ocsp: Option<&'static [u8]>,
    /// The server sends this SCT list and the client asks for it.
    pub sct: Option<&'static [u8]>,
    /// The server keeps only the SHA-256 of the client's certificate
    /// (`SSL_CTX_set_retain_only_sha256_of_client_certs`: `[13]`).
    pub sha256_only: bool,
    /// The server authenticates with a raw public key (RFC 7250:
    /// `SSL_CREDENTIAL_new_raw_public_key`), which the client accepts
    /// (`SSL_CTX_set1_accepted_peer_cert_types`): `[32]` 2 and `[33]`.
    pub server_rpk: bool,
    /// Both ends offer ALPS (application settings) for the ALPN protocol
    /// (`SSL_add_application_settings`; TLS 1.3): `[29]` and `[30]`.
    pub alps: bool,
}

/// The ALPS values of the [`Options::alps`] handshakes.
pub const CLIENT_ALPS: &[u8] = b"client settings";
/// The server's.
pub const SERVER_ALPS: &[u8] = b"server settings";

/// `SSL_add_application_settings` for `proto` on `ssl`.
fn add_alps(ssl: &mut Ssl, proto: &str, settings: &[u8]) -> Result<()> {
    // SAFETY: a live SSL before its handshake; BoringSSL copies both buffers.
    let ok = unsafe {
        ffi::SSL_add_application_settings(
            ssl.as_ptr(),
            proto.as_ptr(),
            proto.len(),
            settings.as_ptr(),
            settings.len(),
        )
    };
    if ok == 1 {
        Ok(())
    } else {
        Err("SSL_add_application_settings".into())
    }
}

/// `TLSEXT_cert_type_rpk`.
const TLSEXT_CERT_TYPE_RPK: u8 = 2;

/// The session id context of the test servers.
pub const SID_CTX: &[u8] = b"sslsession-bssl";

impl Options {
    /// `version`, tickets, no client certificate, ALPN `h2`, SNI `server.test`.
    pub fn new(version: SslVersion) -> Self {
        Options {
            version,
            tickets: true,
            client_cert: false,
            alpn: Some("h2"),
            sni: Some("server.test"),
            early_data: false,
            send_chain: false,
            ocsp: None,
            sct: None,
            sha256_only: false,
            server_rpk: false,
            alps: false,
        }
    }
}

/// What one end's `SSL` reported after the handshake.
pub fn facts(ssl: &SslRef) -> Value {
    let s = ssl.as_ptr().cast_const();
    // SAFETY (whole block): s is a live, handshaken SSL; the getters return
    // values or pointers into it, copied out before it goes.
    unsafe {
        let cipher = ffi::SSL_get_current_cipher(s);
        let cipher = if cipher.is_null() {
            Value::Null
        } else {
            json!(ffi::SSL_CIPHER_get_protocol_id(cipher))
        };
        let (mut p, mut l) = (std::ptr::null(), 0u32);
        ffi::SSL_get0_alpn_selected(s, &mut p, &mut l);
        let alpn = (!p.is_null() && l > 0).then(|| hex(std::slice::from_raw_parts(p, l as usize)));
        let chain = ffi::SSL_get0_peer_certificates(s);
        let peer_certificates: Option<Vec<String>> = if chain.is_null() {
            None
        } else {
            let stack = chain.cast::<ffi::OPENSSL_STACK>();
            Some(
                (0..ffi::OPENSSL_sk_num(stack))
                    .map(|i| {
                        let b = ffi::OPENSSL_sk_value(stack, i).cast::<ffi::CRYPTO_BUFFER>();
                        hex(std::slice::from_raw_parts(
                            ffi::CRYPTO_BUFFER_data(b),
                            ffi::CRYPTO_BUFFER_len(b),
                        ))
                    })
                    .collect(),
            )
        };
        let (mut p, mut l) = (std::ptr::null(), 0usize);
        ffi::SSL_get0_peer_application_settings(s, &mut p, &mut l);
        let peer_alps = if p.is_null() {
            String::new()
        } else {
            hex(std::slice::from_raw_parts(p, l))
        };
        json!({
            "protocol_version": ffi::SSL_version(s),
            "cipher": cipher,
            "alpn": alpn,
            "group_id": ffi::SSL_get_group_id(s),
            "peer_signature_algorithm": ffi::SSL_get_peer_signature_algorithm(s),
            "extended_master_secret": ffi::SSL_get_extms_support(s) == 1,
            "peer_certificates": peer_certificates,
            "verify_result": ffi::SSL_get_verify_result(s),
            "session_reused": ffi::SSL_session_reused(s) == 1,
            "is_server": ffi::SSL_is_server(s) == 1,
            "peer_cert_type": ffi::SSL_get_peer_cert_type(s),
            "has_application_settings": ffi::SSL_has_application_settings(s) == 1,
            "peer_application_settings": peer_alps,
        })
    }
}

/// The sessions a context's new-session callback collected.
type Collected = Arc<Mutex<Vec<Session>>>;

/// Takes what a collector holds.
fn drain(c: &Collected) -> Result<Vec<Session>> {
    let mut v = c.lock().map_err(|_| "session collector poisoned")?;
    Ok(std::mem::take(&mut *v))
}

fn wire_alpn(proto: &str) -> Vec<u8> {
    let mut v = vec![u8::try_from(proto.len()).unwrap_or(u8::MAX)];
    v.extend_from_slice(proto.as_bytes());
    v
}

fn early_data(b: &mut SslContextBuilder, on: bool) {
    // SAFETY: a live context under construction.
    unsafe { ffi::SSL_CTX_set_early_data_enabled(b.as_ptr(), i32::from(on)) }
}

/// A client context as the tests use it: trusts the test root, pinned to
/// `o.version`, client session cache on, every new session collected.
///
/// # Errors
/// From BoringSSL's setters.
pub fn client_context(o: &Options) -> Result<(SslContext, Collected)> {
    let pki = pki();
    let mut c = SslContext::builder(SslMethod::tls())?;
    if o.server_rpk {
        let types = [TLSEXT_CERT_TYPE_RPK];
        // SAFETY: a live context under construction; BoringSSL copies the list.
        let ok = unsafe {
            ffi::SSL_CTX_set1_accepted_peer_cert_types(c.as_ptr(), types.as_ptr(), types.len())
        };
        if ok != 1 {
            return Err("SSL_CTX_set1_accepted_peer_cert_types".into());
        }
        // A raw public key has no chain to verify: the test trusts it
        // (BoringSSL refuses raw public keys without a custom verifier).
        c.set_custom_verify_callback(SslVerifyMode::PEER, |_| Ok(()));
    }
    // The intermediate too: a server that sends only its leaf still verifies.
    c.cert_store_mut().add_cert(pki.ca.clone())?;
    c.cert_store_mut().add_cert(pki.intermediate.clone())?;
    c.set_verify(SslVerifyMode::PEER);
    c.set_min_proto_version(Some(o.version))?;
    c.set_max_proto_version(Some(o.version))?;
    c.set_session_cache_mode(SslSessionCacheMode::CLIENT);
    if !o.tickets {
        c.set_options(SslOptions::NO_TICKET);
    }
    if o.client_cert {
        c.set_certificate(&pki.client.0)?;
        c.add_extra_chain_cert(pki.intermediate.clone())?;
        c.set_private_key(&pki.client.1)?;
    }
    if let Some(a) = o.alpn {
        c.set_alpn_protos(&wire_alpn(a))?;
    }
    if o.ocsp.is_some() {
        // SAFETY: a live context under construction.
        unsafe { ffi::SSL_CTX_enable_ocsp_stapling(c.as_ptr()) };
    }
    if o.sct.is_some() {
        c.enable_signed_cert_timestamps();
    }
    early_data(&mut c, o.early_data);
    let got: Collected = Arc::default();
    let sink = got.clone();
    c.set_new_session_callback(move |_, s| {
        if let Ok(mut v) = sink.lock() {
            v.push(Session::from_ref(&s));
        }
    });
    Ok((c.build(), got))
}

/// A test server (ticket keys and session cache live across handshakes).
pub struct Server {
    ctx: SslContext,
    client: SslContext,
    client_sessions: Collected,
    server_sessions: Collected,
    options: Options,
}

/// What one in-process handshake produced.
pub struct Handshake {
    /// The sessions the client's new-session callback received (TLS 1.3:
    /// one per NewSessionTicket).
    pub client_sessions: Vec<Session>,
    /// `SSL_get_session` of the client after the handshake.
    pub client_session: Session,
    /// `SSL_get_session` of the server after the handshake.
    pub server_session: Session,
    /// The sessions the server's new-session callback received (its cache).
    pub server_sessions: Vec<Session>,
    /// [`facts`] of the client.
    pub client_facts: Value,
    /// [`facts`] of the server.
    pub server_facts: Value,
}

impl Server {
    /// A server and its matching client configuration.
    ///
    /// # Errors
    /// From BoringSSL's setters.
    pub fn new(options: Options) -> Result<Self> {
        let pki = pki();
        let o = &options;
        let mut a = SslContext::builder(SslMethod::tls())?;
        if o.server_rpk {
            // SAFETY: the key outlives the call; the credential is
            // reference counted, the context takes its own reference.
            unsafe {
                let cred = ffi::SSL_CREDENTIAL_new_raw_public_key(pki.server.1.as_ptr());
                if cred.is_null() {
                    return Err("SSL_CREDENTIAL_new_raw_public_key".into());
                }
                let ok = ffi::SSL_CTX_add1_credential(a.as_ptr(), cred);
                ffi::SSL_CREDENTIAL_free(cred);
                if ok != 1 {
                    return Err("SSL_CTX_add1_credential".into());
                }
            }
        } else {
            a.set_certificate(&pki.server.0)?;
            if o.send_chain {
                a.add_extra_chain_cert(pki.intermediate.clone())?;
            }
            a.set_private_key(&pki.server.1)?;
        }
        a.set_min_proto_version(Some(o.version))?;
        a.set_max_proto_version(Some(o.version))?;
        a.set_session_id_context(SID_CTX)?;
        a.set_session_cache_mode(SslSessionCacheMode::SERVER);
        if !o.tickets {
            a.set_options(SslOptions::NO_TICKET);
        }
        if o.client_cert {
            a.cert_store_mut().add_cert(pki.ca.clone())?;
            a.cert_store_mut().add_cert(pki.intermediate.clone())?;
            a.set_verify(SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT);
        }
        if o.sha256_only {
            // SAFETY: a live context under construction.
            unsafe { ffi::SSL_CTX_set_retain_only_sha256_of_client_certs(a.as_ptr(), 1) };
        }
        if let Some(r) = o.ocsp {
            // SAFETY: r is a valid slice; BoringSSL copies it.
            let ok = unsafe { ffi::SSL_CTX_set_ocsp_response(a.as_ptr(), r.as_ptr(), r.len()) };
            if ok != 1 {
                return Err("SSL_CTX_set_ocsp_response".into());
            }
        }
        if let Some(l) = o.sct {
            // SAFETY: l is a valid slice; BoringSSL copies it.
            let ok = unsafe {
                ffi::SSL_CTX_set_signed_cert_timestamp_list(a.as_ptr(), l.as_ptr(), l.len())
            };
            if ok != 1 {
                return Err("SSL_CTX_set_signed_cert_timestamp_list".into());
            }
        }
        if let Some(proto) = o.alpn {
            let list: &'static [u8] = Box::leak(wire_alpn(proto).into_boxed_slice());
            a.set_alpn_select_callback(move |_, client| {
                boring::ssl::select_next_proto(list, client).ok_or(boring::ssl::AlpnError::NOACK)
            });
        }
        early_data(&mut a, o.early_data);
        let server_sessions: Collected = Arc::default();
        let sink = server_sessions.clone();
        a.set_new_session_callback(move |_, s| {
            if let Ok(mut v) = sink.lock() {
                v.push(Session::from_ref(&s));
            }
        });
        let (client, client_sessions) = client_context(o)?;
        Ok(Server {
            ctx: a.build(),
            client,
            client_sessions,
            server_sessions,
            options,
        })
    }

    /// One handshake, resuming `resume` when given; a little data is
    /// exchanged, so a TLS 1.3 client has read its NewSessionTickets.
    ///
    /// # Errors
    /// When the handshake fails.
    pub fn handshake(&self, resume: Option<&Session>) -> Result<Handshake> {
        let (cs, ss) = UnixStream::pair()?;
        let ctx = self.ctx.clone();
        let alps = self.options.alps.then_some(self.options.alpn).flatten();
        let server = thread::spawn(move || -> Result<(Session, Value)> {
            let mut ssl = Ssl::new(&ctx)?;
            if let Some(proto) = alps {
                add_alps(&mut ssl, proto, SERVER_ALPS)?;
            }
            let mut s = ssl
                .accept(ss)
                .map_err(|e| format!("server handshake: {e}"))?;
            let mut buf = [0u8; 6];
            s.read_exact(&mut buf)?;
            s.write_all(b"olleh\n")?;
            let session = Session::from_ref(s.ssl().session().ok_or("server: no session")?);
            let f = facts(s.ssl());
            let _ = s.read(&mut buf);
            let _ = s.shutdown();
            Ok((session, f))
        });
        if let Ok(mut v) = self.client_sessions.lock() {
            v.clear();
        }
        if let Ok(mut v) = self.server_sessions.lock() {
            v.clear();
        }
        let (client_session, client_facts) =
            run_client(&self.client, &self.options, cs, resume, Exchange::Line)?;
        let (server_session, server_facts) =
            server.join().map_err(|_| "server thread panicked")??;
        Ok(Handshake {
            client_sessions: drain(&self.client_sessions)?,
            client_session,
            server_session,
            server_sessions: drain(&self.server_sessions)?,
            client_facts,
            server_facts,
        })
    }
}

/// What a client sends and reads after its handshake.
#[derive(Clone, Copy, Debug)]
pub enum Exchange {
    /// A line to the in-process server, six bytes back.
    Line,
    /// `GET / HTTP/1.0` to `openssl s_server -www`, everything until it closes.
    Http,
}

/// Runs a client handshake on `ctx` over `stream` (SNI and ALPS as `o`
/// says, resuming `resume`), does the [`Exchange`] (so a TLS 1.3 client has read its
/// NewSessionTickets), closes; returns `SSL_get_session` and the
/// connection's [`facts`].
///
/// # Errors
/// When the handshake or the exchange fails.
pub fn run_client<S: Read + Write>(
    ctx: &SslContext,
    o: &Options,
    stream: S,
    resume: Option<&Session>,
    exchange: Exchange,
) -> Result<(Session, Value)> {
    let mut ssl = Ssl::new(ctx)?;
    if let Some(name) = o.sni {
        ssl.set_hostname(name)?;
    }
    if let (true, Some(proto)) = (o.alps, o.alpn) {
        add_alps(&mut ssl, proto, CLIENT_ALPS)?;
    }
    if let Some(s) = resume {
        // SAFETY: a live SSL before its handshake and a live session;
        // SSL_set_session takes its own reference.
        let ok = unsafe { ffi::SSL_set_session(ssl.as_ptr(), s.as_ptr()) };
        if ok != 1 {
            return Err("SSL_set_session".into());
        }
    }
    let mut c: SslStream<S> = ssl
        .connect(stream)
        .map_err(|e| format!("client handshake: {e}"))?;
    match exchange {
        Exchange::Line => {
            c.write_all(b"hello\n")?;
            let mut buf = [0u8; 6];
            c.read_exact(&mut buf)?;
        }
        Exchange::Http => {
            c.write_all(b"GET / HTTP/1.0\r\n\r\n")?;
            let mut sink = Vec::new();
            // s_server -www closes without close_notify at times: what was
            // read is enough, the tickets came before the response.
            let _ = c.read_to_end(&mut sink);
            if sink.is_empty() {
                return Err("no HTTP response".into());
            }
        }
    }
    let session = Session::from_ref(c.ssl().session().ok_or("client: no session")?);
    let f = facts(c.ssl());
    let _ = c.shutdown();
    Ok((session, f))
}

/// A BoringSSL client against a server in another process at `addr`
/// (e.g. `openssl s_server`): the client's [`facts`] and the sessions its
/// new-session callback received.
///
/// # Errors
/// When the connection or handshake fails.
pub fn connect_tcp(
    o: &Options,
    addr: std::net::SocketAddr,
    resume: Option<&Session>,
) -> Result<(Value, Vec<Session>)> {
    let (ctx, got) = client_context(o)?;
    let stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(20)))?;
    let (_, f) = run_client(&ctx, o, stream, resume, Exchange::Http)?;
    Ok((f, drain(&got)?))
}
