//! Real AWS-LC handshakes in this process: a client and a server `SSL` joined
//! by a BIO pair, pumped until both finish and have exchanged one message
//! each way (so that TLS 1.3 tickets arrive), collecting every session
//! AWS-LC hands to the new-session callbacks.

use crate::ffi;
use crate::session::Session;
use serde_json::{json, Value};
use std::cell::RefCell;
use std::ffi::{c_int, c_uint, CStr, CString};
use std::ptr;

/// Which side of the connection made a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A session an AWS-LC client keeps to resume.
    Client,
    /// A session an AWS-LC server keeps (session-ID cache) or seals in a ticket.
    Server,
}

impl Role {
    /// "client" / "server".
    pub fn name(self) -> &'static str {
        match self {
            Role::Client => "client",
            Role::Server => "server",
        }
    }
}

/// How the AWS-LC server is set up.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// Highest protocol version (`TLS1_2_VERSION`, `TLS1_3_VERSION`).
    pub max_version: u16,
    /// Stateless tickets; `false` sets `SSL_OP_NO_TICKET` (session-ID cache).
    pub tickets: bool,
    /// TLS 1.2 cipher list (`SSL_CTX_set_strict_cipher_list`).
    pub ciphers: Option<&'static str>,
    /// Key-exchange groups (`SSL_CTX_set1_groups_list`).
    pub groups: Option<&'static str>,
    /// Select the client's first ALPN protocol.
    pub alpn: bool,
    /// Request and require a client certificate.
    pub client_cert: bool,
    /// `SSL_CTX_set_retain_only_sha256_of_client_certs`.
    pub sha256_only: bool,
    /// `SSL_CTX_set_early_data_enabled`.
    pub early_data: bool,
    /// A stapled OCSP response.
    pub ocsp: Option<Vec<u8>>,
    /// A signed certificate timestamp list (the extension's content).
    pub sct: Option<Vec<u8>>,
    /// `SSL_CTX_set_session_id_context`.
    pub sid_ctx: &'static [u8],
    /// `SSL_CTX_set_timeout`.
    pub timeout: Option<u32>,
    /// `SSL_CTX_set_session_psk_dhe_timeout` (TLS 1.3 resumption).
    pub psk_dhe_timeout: Option<u32>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_version: 0x0304,
            tickets: true,
            ciphers: None,
            groups: None,
            alpn: false,
            client_cert: false,
            sha256_only: false,
            early_data: false,
            ocsp: None,
            sct: None,
            sid_ctx: b"sslsession",
            timeout: None,
            psk_dhe_timeout: None,
        }
    }
}

/// How the AWS-LC client is set up.
#[derive(Clone, Debug, Default)]
pub struct ClientConfig {
    /// Highest protocol version; 0 = AWS-LC's default (TLS 1.3).
    pub max_version: u16,
    /// ALPN protocols offered, in wire format (length-prefixed).
    pub alpn: Option<Vec<u8>>,
    /// Present a client certificate (with its intermediate).
    pub client_cert: bool,
    /// Verify the server against the test root (else `SSL_VERIFY_NONE` and
    /// no trust store, so the session records a verification error).
    pub verify: bool,
    /// Key-exchange groups.
    pub groups: Option<&'static str>,
    /// TLS 1.2 cipher list.
    pub ciphers: Option<&'static str>,
    /// SNI host name.
    pub sni: Option<&'static str>,
    /// Ask for OCSP stapling and SCTs.
    pub ocsp_sct: bool,
    /// `SSL_set_early_data_enabled` (sends 0-RTT data when resuming).
    pub early_data: bool,
    /// TLS 1.3 cipher suites (`SSL_CTX_set_ciphersuites`).
    pub tls13_suites: Option<String>,
}

/// An `SSL_CTX` that frees itself.
pub struct Ctx(pub *mut ffi::SSL_CTX);

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: self.0 came from SSL_CTX_new and is freed once.
        unsafe { ffi::SSL_CTX_free(self.0) }
    }
}

/// An `SSL` connection that frees itself (and its BIO).
pub struct Ssl(pub *mut ffi::SSL);

impl Drop for Ssl {
    fn drop(&mut self) {
        // SAFETY: self.0 came from SSL_new and is freed once (with its BIO).
        unsafe { ffi::SSL_free(self.0) }
    }
}

thread_local! {
    // Sessions the new-session callbacks received during the current run,
    // with the side that made them.
    static NEW_SESSIONS: RefCell<Vec<(Role, Session)>> = const { RefCell::new(Vec::new()) };
}

/// Takes (and clears) the sessions the new-session callbacks of this thread
/// received so far.
pub fn take_new_sessions() -> Vec<(Role, Session)> {
    NEW_SESSIONS.with(|v| std::mem::take(&mut *v.borrow_mut()))
}

unsafe extern "C" fn new_session_cb(ssl: *mut ffi::SSL, sess: *mut ffi::SSL_SESSION) -> c_int {
    // SAFETY: AWS-LC passes the live connection.
    let role = if unsafe { ffi::SSL_is_server(ssl) } == 1 {
        Role::Server
    } else {
        Role::Client
    };
    // SAFETY: returning 1 tells AWS-LC we keep the reference it passed.
    let s = unsafe { Session::from_raw(sess) };
    NEW_SESSIONS.with(|v| v.borrow_mut().push((role, s)));
    1
}

unsafe extern "C" fn alpn_select_cb(
    _ssl: *mut ffi::SSL,
    out: *mut *const u8,
    out_len: *mut u8,
    input: *const u8,
    in_len: c_uint,
    _arg: *mut std::ffi::c_void,
) -> c_int {
    if in_len < 2 {
        return 3; // SSL_TLSEXT_ERR_NOACK
    }
    // SAFETY: input holds in_len >= 2 bytes of the client's protocol list,
    // which outlives the callback; we point into its first entry.
    unsafe {
        *out_len = *input;
        *out = input.add(1);
    }
    ffi::SSL_TLSEXT_ERR_OK
}

fn cstr(s: &str) -> CString {
    CString::new(s).expect("no NUL")
}

fn path(name: &str) -> CString {
    let p = crate::testdata().join("pki").join(name);
    cstr(p.to_str().expect("UTF-8 path"))
}

fn check(ok: c_int, what: &str) -> Result<(), String> {
    if ok == 1 {
        Ok(())
    } else {
        Err(format!("{what}: {}", crate::errors()))
    }
}

fn new_ctx() -> Result<Ctx, String> {
    // SAFETY: TLS_method() is a static table; SSL_CTX_new returns an owned
    // context or NULL.
    let ctx = unsafe { ffi::SSL_CTX_new(ffi::TLS_method()) };
    if ctx.is_null() {
        return Err(format!("SSL_CTX_new: {}", crate::errors()));
    }
    Ok(Ctx(ctx))
}

fn use_cert(ctx: *mut ffi::SSL_CTX, who: &str) -> Result<(), String> {
    let chain = path(&format!("{who}-chain.pem"));
    let key = path(&format!("{who}.key"));
    // SAFETY: ctx is live; the paths are NUL-terminated.
    unsafe {
        check(
            ffi::SSL_CTX_use_certificate_chain_file(ctx, chain.as_ptr()),
            "certificate",
        )?;
        check(
            ffi::SSL_CTX_use_PrivateKey_file(ctx, key.as_ptr(), ffi::SSL_FILETYPE_PEM),
            "private key",
        )
    }
}

fn trust_root(ctx: *mut ffi::SSL_CTX) -> Result<(), String> {
    let ca = path("ca.pem");
    // SAFETY: ctx is live; the path is NUL-terminated.
    check(
        unsafe { ffi::SSL_CTX_load_verify_locations(ctx, ca.as_ptr(), ptr::null()) },
        "trust store",
    )
}

/// An AWS-LC server context (kept across handshakes: it holds the session-ID
/// cache and the ticket keys).
pub struct Server {
    /// The context.
    pub ctx: Ctx,
    /// Its configuration.
    pub config: ServerConfig,
}

impl Server {
    /// Builds the context from `config`.
    pub fn new(config: ServerConfig) -> Result<Server, String> {
        let ctx = new_ctx()?;
        let c = ctx.0;
        use_cert(c, "server")?;
        // SAFETY: c is a live context; every setter copies its
        // arguments; pointers are valid for the lengths passed.
        unsafe {
            check(
                ffi::SSL_CTX_set_max_proto_version(c, config.max_version),
                "max version",
            )?;
            ffi::SSL_CTX_set_session_cache_mode(c, ffi::SSL_SESS_CACHE_SERVER);
            ffi::SSL_CTX_sess_set_new_cb(c, Some(new_session_cb));
            check(
                ffi::SSL_CTX_set_session_id_context(
                    c,
                    config.sid_ctx.as_ptr(),
                    config.sid_ctx.len(),
                ),
                "sid_ctx",
            )?;
            if !config.tickets {
                ffi::SSL_CTX_set_options(c, ffi::SSL_OP_NO_TICKET as u32);
            }
            if let Some(list) = config.ciphers {
                check(
                    ffi::SSL_CTX_set_strict_cipher_list(c, cstr(list).as_ptr()),
                    "ciphers",
                )?;
            }
            if let Some(list) = config.groups {
                check(
                    ffi::SSL_CTX_set1_groups_list(c, cstr(list).as_ptr()),
                    "groups",
                )?;
            }
            if config.alpn {
                ffi::SSL_CTX_set_alpn_select_cb(c, Some(alpn_select_cb), ptr::null_mut());
            }
            if config.client_cert {
                trust_root(c)?;
                ffi::SSL_CTX_set_verify(
                    c,
                    ffi::SSL_VERIFY_PEER | ffi::SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
                    None,
                );
            }
            if config.sha256_only {
                ffi::SSL_CTX_set_retain_only_sha256_of_client_certs(c, 1);
            }
            if config.early_data {
                ffi::SSL_CTX_set_early_data_enabled(c, 1);
            }
            if let Some(r) = &config.ocsp {
                check(
                    ffi::SSL_CTX_set_ocsp_response(c, r.as_ptr(), r.len()),
                    "ocsp",
                )?;
            }
            if let Some(l) = &config.sct {
                check(
                    ffi::SSL_CTX_set_signed_cert_timestamp_list(c, l.as_ptr(), l.len()),
                    "sct",
                )?;
            }
            if let Some(t) = config.timeout {
                ffi::SSL_CTX_set_timeout(c, t);
            }
            if let Some(t) = config.psk_dhe_timeout {
                ffi::SSL_CTX_set_session_psk_dhe_timeout(c, t);
            }
        }
        Ok(Server { ctx, config })
    }
}

/// An AWS-LC client context.
pub struct Client {
    /// The context.
    pub ctx: Ctx,
    /// Its configuration.
    pub config: ClientConfig,
}

impl Client {
    /// Builds the context from `config`.
    pub fn new(config: ClientConfig) -> Result<Client, String> {
        let ctx = new_ctx()?;
        let c = ctx.0;
        // SAFETY: c is a live context; setters copy their arguments.
        unsafe {
            if config.max_version != 0 {
                check(
                    ffi::SSL_CTX_set_max_proto_version(c, config.max_version),
                    "max version",
                )?;
            }
            ffi::SSL_CTX_set_session_cache_mode(c, ffi::SSL_SESS_CACHE_CLIENT);
            ffi::SSL_CTX_sess_set_new_cb(c, Some(new_session_cb));
            if config.verify {
                trust_root(c)?;
                ffi::SSL_CTX_set_verify(c, ffi::SSL_VERIFY_PEER, None);
            } else {
                ffi::SSL_CTX_set_verify(c, ffi::SSL_VERIFY_NONE, None);
            }
            if config.client_cert {
                use_cert(c, "client")?;
            }
            if let Some(list) = config.ciphers {
                check(
                    ffi::SSL_CTX_set_strict_cipher_list(c, cstr(list).as_ptr()),
                    "ciphers",
                )?;
            }
            if let Some(list) = config.groups {
                check(
                    ffi::SSL_CTX_set1_groups_list(c, cstr(list).as_ptr()),
                    "groups",
                )?;
            }
            if config.early_data {
                ffi::SSL_CTX_set_early_data_enabled(c, 1);
            }
            if let Some(list) = &config.tls13_suites {
                check(
                    ffi::SSL_CTX_set_ciphersuites(c, cstr(list).as_ptr()),
                    "TLS 1.3 suites",
                )?;
            }
        }
        Ok(Client { ctx, config })
    }

    /// A new connection of this client (ALPN, SNI, stapling requests, and
    /// the session to offer, if any).
    pub fn connection(&self, resume: Option<&Session>) -> Result<Ssl, String> {
        // SAFETY: self.ctx.0 is live; SSL_new returns an owned SSL or NULL.
        let ssl = Ssl(unsafe { ffi::SSL_new(self.ctx.0) });
        if ssl.0.is_null() {
            return Err(format!("SSL_new: {}", crate::errors()));
        }
        let s = ssl.0;
        // SAFETY: s is live; setters copy their arguments;
        // SSL_set_session takes its own reference to the session.
        unsafe {
            ffi::SSL_set_connect_state(s);
            if let Some(p) = &self.config.alpn {
                // Note: SSL_set_alpn_protos returns 0 on success.
                if ffi::SSL_set_alpn_protos(s, p.as_ptr(), p.len()) != 0 {
                    return Err(format!("alpn: {}", crate::errors()));
                }
            }
            if let Some(name) = self.config.sni {
                check(ffi::SSL_set_tlsext_host_name(s, cstr(name).as_ptr()), "sni")?;
            }
            if self.config.ocsp_sct {
                ffi::SSL_enable_ocsp_stapling(s);
                ffi::SSL_enable_signed_cert_timestamps(s);
            }
            if let Some(sess) = resume {
                check(ffi::SSL_set_session(s, sess.as_ptr()), "SSL_set_session")?;
            }
        }
        Ok(ssl)
    }
}

/// What one handshake produced.
pub struct Handshake {
    /// Sessions the new-session callbacks received, with their side.
    pub sessions: Vec<(Role, Session)>,
    /// `SSL_get1_session` of each side after the exchange.
    pub established: Vec<(Role, Session)>,
    /// `SSL_session_reused` of the client.
    pub reused: bool,
    /// `SSL_early_data_accepted` of the client.
    pub early_data_accepted: bool,
    /// Connection values per side (`SSL_get_*`), for the record.
    pub client: Value,
    /// The server's.
    pub server: Value,
}

fn connection_values(s: *mut ffi::SSL) -> Value {
    // SAFETY: s is a live connection after its handshake; the getters
    // return values or pointers into s.
    unsafe {
        let mut p = ptr::null();
        let mut l: c_uint = 0;
        ffi::SSL_get0_alpn_selected(s, &mut p, &mut l);
        let alpn = if l == 0 {
            Value::Null
        } else {
            json!(hex::encode(std::slice::from_raw_parts(p, l as usize)))
        };
        let cipher = ffi::SSL_get_current_cipher(s);
        json!({
            "version": ffi::SSL_version(s),
            "cipher": if cipher.is_null() { Value::Null } else { json!(ffi::SSL_CIPHER_get_protocol_id(cipher)) },
            "group_id": ffi::SSL_get_group_id(s),
            "peer_signature_algorithm": ffi::SSL_get_peer_signature_algorithm(s),
            "alpn_selected": alpn,
            "extended_master_secret": ffi::SSL_get_extms_support(s) == 1,
            "verify_result": ffi::SSL_get_verify_result(s),
            "session_reused": ffi::SSL_session_reused(s) == 1,
            "early_data_accepted": ffi::SSL_early_data_accepted(s) == 1,
            "version_name": CStr::from_ptr(ffi::SSL_get_version(s)).to_string_lossy(),
        })
    }
}

/// Runs one AWS-LC client ↔ AWS-LC server handshake, offering `resume`.
pub fn run(
    client: &Client,
    server: &Server,
    resume: Option<&Session>,
) -> Result<Handshake, String> {
    take_new_sessions();
    let c = client.connection(resume)?;
    // SAFETY: server.ctx.0 is live; SSL_new returns an owned SSL or NULL.
    let s = Ssl(unsafe { ffi::SSL_new(server.ctx.0) });
    if s.0.is_null() {
        return Err(format!("SSL_new: {}", crate::errors()));
    }
    let (mut b1, mut b2) = (ptr::null_mut(), ptr::null_mut());
    // SAFETY: b1/b2 are out-parameters; each SSL_set_bio with rbio == wbio
    // takes the one reference BIO_new_bio_pair gave us for that end.
    unsafe {
        check(
            ffi::BIO_new_bio_pair(&mut b1, 0, &mut b2, 0),
            "BIO_new_bio_pair",
        )?;
        ffi::SSL_set_bio(c.0, b1, b1);
        ffi::SSL_set_bio(s.0, b2, b2);
        ffi::SSL_set_accept_state(s.0);
        if client.config.early_data {
            ffi::SSL_set_early_data_enabled(c.0, 1);
        }
    }
    pump(c.0, s.0)?;
    let mut established = Vec::new();
    for (role, ssl) in [(Role::Client, c.0), (Role::Server, s.0)] {
        // SAFETY: ssl is live; SSL_get1_session returns a new reference or NULL.
        let p = unsafe { ffi::SSL_get1_session(ssl) };
        if !p.is_null() {
            // SAFETY: p is a reference we own.
            established.push((role, unsafe { Session::from_raw(p) }));
        }
    }
    let sessions = take_new_sessions();
    Ok(Handshake {
        sessions,
        established,
        // SAFETY: c.0 is live.
        reused: unsafe { ffi::SSL_session_reused(c.0) } == 1,
        // SAFETY: c.0 is live.
        early_data_accepted: unsafe { ffi::SSL_early_data_accepted(c.0) } == 1,
        client: connection_values(c.0),
        server: connection_values(s.0),
    })
}

/// Drives both ends until the handshake is done and "ping"/"pong" crossed.
fn pump(c: *mut ffi::SSL, s: *mut ffi::SSL) -> Result<(), String> {
    let (mut c_wrote, mut c_got, mut s_got, mut s_wrote) = (false, false, false, false);
    let mut buf = [0u8; 64];
    for _ in 0..200 {
        // SAFETY: c and s are live connections joined by a BIO pair;
        // buffers are valid for the lengths passed.
        unsafe {
            if !c_wrote {
                let r = ffi::SSL_write(c, b"ping".as_ptr().cast(), 4);
                if r > 0 {
                    c_wrote = true;
                } else if tolerate(c, r, "client write")? {
                    c_wrote = false;
                }
            }
            if !c_got {
                let r = ffi::SSL_read(c, buf.as_mut_ptr().cast(), 64);
                if r > 0 {
                    c_got = true;
                } else if tolerate(c, r, "client read")? {
                    // 0-RTT was rejected: the ping goes again after the handshake.
                    c_wrote = false;
                }
            }
            if !s_got {
                let r = ffi::SSL_read(s, buf.as_mut_ptr().cast(), 64);
                if r > 0 {
                    s_got = true;
                } else {
                    tolerate(s, r, "server read")?;
                }
            }
            if s_got && !s_wrote {
                let r = ffi::SSL_write(s, b"pong".as_ptr().cast(), 4);
                if r > 0 {
                    s_wrote = true;
                } else {
                    tolerate(s, r, "server write")?;
                }
            }
        }
        if c_got && s_wrote {
            return Ok(());
        }
    }
    Err("handshake did not finish".into())
}

/// Accepts "would block", and a rejected 0-RTT attempt (reset; returns
/// `true`: the early data must be written again); anything else is an error.
///
/// # Safety
/// `ssl` must be a live connection.
unsafe fn tolerate(ssl: *mut ffi::SSL, r: c_int, what: &str) -> Result<bool, String> {
    // SAFETY: ssl is live (caller).
    let e = unsafe { ffi::SSL_get_error(ssl, r) };
    match e {
        ffi::SSL_ERROR_WANT_READ | ffi::SSL_ERROR_WANT_WRITE => Ok(false),
        ffi::SSL_ERROR_EARLY_DATA_REJECTED => {
            // SAFETY: ssl is live; this restarts the handshake without 0-RTT.
            unsafe { ffi::SSL_reset_early_data_reject(ssl) };
            Ok(true)
        }
        _ => Err(format!("{what}: SSL_get_error {e}: {}", crate::errors())),
    }
}
