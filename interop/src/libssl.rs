//! The linked libssl's own session functions, called directly: what its
//! `d2i_SSL_SESSION` consumed, every getter of the session it read, its
//! `i2d_SSL_SESSION` and `PEM_write_bio_SSL_SESSION`, and its timeout check.
//! These are the expectations of the per-version tests: whichever OpenSSL this
//! crate is linked to (oracles/openssl/README.md) is the oracle.
//!
//! The `openssl` crate binds few of these, so they are declared here; those
//! newer than 1.1.1 only when the linked version has them (`build.rs`).
#![allow(unsafe_code)]

use std::ffi::{c_char, c_int, c_long, c_uchar, c_uint, c_void, CStr};
use std::ptr;

use foreign_types::ForeignTypeRef;
use openssl::ssl::{SslRef, SslSessionRef};
use openssl_sys::{SSL_CIPHER, SSL_CTX, SSL_SESSION, X509};

#[cfg(ossl320)]
use openssl_sys::{EVP_PKEY, SSL};

extern "C" {
    // All of these exist in 1.1.1 and every later release.
    fn SSL_SESSION_get0_hostname(s: *const SSL_SESSION) -> *const c_char;
    fn SSL_SESSION_get0_alpn_selected(
        s: *const SSL_SESSION,
        alpn: *mut *const c_uchar,
        len: *mut usize,
    );
    fn SSL_SESSION_get0_id_context(s: *const SSL_SESSION, len: *mut c_uint) -> *const c_uchar;
    fn SSL_SESSION_get0_ticket(s: *const SSL_SESSION, tick: *mut *const c_uchar, len: *mut usize);
    fn SSL_SESSION_get_ticket_lifetime_hint(s: *const SSL_SESSION) -> c_ulong_t;
    fn SSL_SESSION_get0_ticket_appdata(
        s: *mut SSL_SESSION,
        data: *mut *mut c_void,
        len: *mut usize,
    ) -> c_int;
    fn SSL_SESSION_get_max_fragment_length(s: *const SSL_SESSION) -> u8;
    fn SSL_SESSION_is_resumable(s: *const SSL_SESSION) -> c_int;
    fn SSL_SESSION_get0_peer(s: *mut SSL_SESSION) -> *mut X509;
    fn SSL_SESSION_get0_cipher(s: *const SSL_SESSION) -> *const SSL_CIPHER;
    fn PEM_write_bio_SSL_SESSION(bio: *mut openssl_sys::BIO, s: *mut SSL_SESSION) -> c_int;
    fn PEM_read_bio_SSL_SESSION(
        bio: *mut openssl_sys::BIO,
        s: *mut *mut SSL_SESSION,
        cb: *mut c_void,
        u: *mut c_void,
    ) -> *mut SSL_SESSION;
    fn BIO_new_mem_buf(buf: *const c_void, len: c_int) -> *mut openssl_sys::BIO;
    fn SSL_SESSION_print(bio: *mut openssl_sys::BIO, s: *const SSL_SESSION) -> c_int;
    fn SSL_CTX_use_psk_identity_hint(ctx: *mut SSL_CTX, hint: *const c_char) -> c_int;
}

#[cfg(ossl320)]
extern "C" {
    fn SSL_SESSION_get0_peer_rpk(s: *mut SSL_SESSION) -> *mut EVP_PKEY;
    fn SSL_get0_peer_rpk(s: *const SSL) -> *mut EVP_PKEY;
    fn SSL_CTX_set1_client_cert_type(ctx: *mut SSL_CTX, val: *const c_uchar, len: usize) -> c_int;
    fn SSL_CTX_set1_server_cert_type(ctx: *mut SSL_CTX, val: *const c_uchar, len: usize) -> c_int;
    fn SSL_get0_group_name(s: *mut SSL) -> *const c_char;
}

#[cfg(ossl330)]
extern "C" {
    fn SSL_SESSION_get_time_ex(s: *const SSL_SESSION) -> i64;
}

// Deprecated in 3.4 for the `_ex` form (not Y2038-safe on 32-bit `long`).
#[cfg(not(ossl340))]
extern "C" {
    fn SSL_CTX_flush_sessions(ctx: *mut SSL_CTX, tm: c_long);
}

#[cfg(ossl340)]
extern "C" {
    fn SSL_CTX_flush_sessions_ex(ctx: *mut SSL_CTX, tm: i64);
}

/// `unsigned long`, the return type of `SSL_SESSION_get_ticket_lifetime_hint`.
#[allow(non_camel_case_types)]
type c_ulong_t = std::ffi::c_ulong;

/// `SSL_CTRL_SESS_NUMBER` (`SSL_CTX_sess_number` is a macro over `SSL_CTX_ctrl`).
const SSL_CTRL_SESS_NUMBER: c_int = 20;
/// `TLSEXT_cert_type_rpk` (RFC 7250).
#[cfg(ossl320)]
const TLSEXT_CERT_TYPE_RPK: c_uchar = 2;
/// `TLSEXT_cert_type_x509`.
#[cfg(ossl320)]
const TLSEXT_CERT_TYPE_X509: c_uchar = 0;

/// Everything the linked libssl's getters report about one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Getters {
    /// `SSL_SESSION_get_protocol_version`.
    pub protocol_version: i32,
    /// `SSL_CIPHER_get_protocol_id(SSL_SESSION_get0_cipher)`.
    pub cipher: u16,
    /// `SSL_SESSION_get_id`.
    pub session_id: Vec<u8>,
    /// `SSL_SESSION_get_master_key`.
    pub master_key: Vec<u8>,
    /// `SSL_SESSION_get0_id_context`.
    pub sid_ctx: Vec<u8>,
    /// `SSL_SESSION_get_time`.
    pub time: i64,
    /// `SSL_SESSION_get_time_ex` (3.3+; `None` before).
    pub time_ex: Option<i64>,
    /// `SSL_SESSION_get_timeout`.
    pub timeout: i64,
    /// `SSL_SESSION_get0_hostname` (a C string: up to its first NUL).
    pub hostname: Option<Vec<u8>>,
    /// `SSL_SESSION_get0_alpn_selected` (`None` when it reports no bytes).
    pub alpn_selected: Option<Vec<u8>>,
    /// `SSL_SESSION_get0_ticket` (`None` when it reports no bytes).
    pub ticket: Option<Vec<u8>>,
    /// `SSL_SESSION_get_ticket_lifetime_hint`.
    pub ticket_lifetime_hint: u64,
    /// `SSL_SESSION_get0_ticket_appdata` (`None` when it reports no bytes).
    pub ticket_appdata: Option<Vec<u8>>,
    /// `SSL_SESSION_get_max_early_data`.
    pub max_early_data: u32,
    /// `SSL_SESSION_get_max_fragment_length`.
    pub max_fragment_length: u8,
    /// `SSL_SESSION_is_resumable`.
    pub is_resumable: bool,
    /// `i2d_X509(SSL_SESSION_get0_peer)`.
    pub peer_certificate: Option<Vec<u8>>,
    /// `i2d_PUBKEY(SSL_SESSION_get0_peer_rpk)` (3.2+; always `None` before).
    pub peer_rpk: Option<Vec<u8>>,
}

/// What the linked libssl made of an input its `d2i_SSL_SESSION` accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Read {
    /// How far `d2i_SSL_SESSION` advanced `*pp`.
    pub consumed: usize,
    /// Its getters on the session it read.
    pub getters: Getters,
    /// `i2d_SSL_SESSION` of that session.
    pub der: Vec<u8>,
    /// `PEM_write_bio_SSL_SESSION` of that session.
    pub pem: String,
    /// `SSL_SESSION_print` of that session (`openssl sess_id -text -noout`):
    /// bytes, since it prints PSK identities and host names as they are.
    pub text: Vec<u8>,
}

/// An owned `SSL_SESSION *`, freed on drop.
struct Owned(*mut SSL_SESSION);

impl Drop for Owned {
    fn drop(&mut self) {
        // SAFETY: we own one reference to a valid session.
        unsafe { openssl_sys::SSL_SESSION_free(self.0) }
    }
}

/// `d2i_SSL_SESSION(NULL, &p, len)` into an owned session and the consumed length.
fn d2i_raw(input: &[u8]) -> Option<(Owned, usize)> {
    let read = d2i_raw_keeping_errors(input);
    if read.is_none() {
        // SAFETY: no arguments; empties this thread's error queue.
        unsafe { openssl_sys::ERR_clear_error() };
    }
    read
}

/// [`d2i_raw`], leaving what libssl queued on a refusal in the error queue.
fn d2i_raw_keeping_errors(input: &[u8]) -> Option<(Owned, usize)> {
    openssl_sys::init();
    // SAFETY: no arguments; empties this thread's error queue, so that what
    // is queued next is this call's.
    unsafe { openssl_sys::ERR_clear_error() };
    let len = c_long::try_from(input.len()).ok()?;
    let start = input.as_ptr();
    let mut p: *const c_uchar = start;
    // SAFETY: `p` points at `len` readable bytes; OpenSSL reads at most `len`
    // of them and returns a new session we own, or NULL.
    let session = unsafe { openssl_sys::d2i_SSL_SESSION(ptr::null_mut(), &mut p, len) };
    if session.is_null() {
        return None;
    }
    // SAFETY: on success OpenSSL leaves `p` inside the same buffer, at or after `start`.
    let consumed = usize::try_from(unsafe { p.offset_from(start) }).unwrap_or(usize::MAX);
    Some((Owned(session), consumed))
}

/// Why the linked libssl's `d2i_SSL_SESSION` refuses `input`: the first
/// error it queued, as OpenSSL 3.x packs it (`ERR_PACK(lib, 0, reason)`, the
/// form of `DecodeError::openssl_error_code`), whatever the version's own
/// packing; `None` when it accepts.
pub fn d2i_refusal(input: &[u8]) -> Option<u32> {
    d2i_refusals(input).map(|queued| queued.first().copied().unwrap_or(0))
}

/// Every error the linked libssl's `d2i_SSL_SESSION` queued refusing
/// `input`, earliest first, packed as [`d2i_refusal`] packs them; `None`
/// when it accepts.
pub fn d2i_refusals(input: &[u8]) -> Option<Vec<u32>> {
    if let Some((session, _)) = d2i_raw_keeping_errors(input) {
        drop(session);
        return None;
    }
    let mut queued = Vec::new();
    loop {
        // SAFETY: no arguments; takes the earliest error off this thread's
        // queue (0 once it is empty).
        let e = unsafe { openssl_sys::ERR_get_error() };
        if e == 0 {
            break;
        }
        let lib = u32::try_from(openssl_sys::ERR_GET_LIB(e)).unwrap_or(0);
        let reason = u32::try_from(openssl_sys::ERR_GET_REASON(e)).unwrap_or(0);
        queued.push(lib << 23 | reason);
    }
    Some(queued)
}

/// The linked libssl's `d2i_SSL_SESSION` of `input`, with what it read:
/// `None` when it rejects the input.
pub fn d2i(input: &[u8]) -> Option<Read> {
    let (session, consumed) = d2i_raw(input)?;
    // SAFETY: `session.0` is a valid session for the calls below.
    let (getters, der, pem, text) = unsafe {
        (
            getters_raw(session.0),
            i2d_raw(session.0),
            lossy(bio_bytes(session.0, |bio, s| {
                PEM_write_bio_SSL_SESSION(bio, s)
            })),
            bio_bytes(session.0, |bio, s| SSL_SESSION_print(bio, s)),
        )
    };
    Some(Read {
        consumed,
        getters,
        der,
        pem,
        text,
    })
}

/// The getters on a session the `openssl` crate holds (one from a handshake).
pub fn getters(session: &SslSessionRef) -> Getters {
    // SAFETY: `as_ptr` is a valid session for the lifetime of the borrow; the
    // getters only read it.
    unsafe { getters_raw(session.as_ptr()) }
}

/// `PEM_write_bio_SSL_SESSION` of a session the `openssl` crate holds.
pub fn pem(session: &SslSessionRef) -> String {
    // SAFETY: as in `getters`; the PEM writer only reads the session.
    lossy(unsafe { bio_bytes(session.as_ptr(), |bio, s| PEM_write_bio_SSL_SESSION(bio, s)) })
}

/// `PEM_read_bio_SSL_SESSION` of `pem`, written back with `i2d_SSL_SESSION`:
/// `None` when the linked libssl rejects it.
pub fn pem_to_der(pem: &str) -> Option<Vec<u8>> {
    openssl_sys::init();
    let len = c_int::try_from(pem.len()).ok()?;
    // SAFETY: the BIO reads `len` bytes of `pem`, which outlives it; the
    // session read is owned and freed by `Owned`.
    unsafe {
        let bio = BIO_new_mem_buf(pem.as_ptr().cast(), len);
        if bio.is_null() {
            return None;
        }
        let s = PEM_read_bio_SSL_SESSION(bio, ptr::null_mut(), ptr::null_mut(), ptr::null_mut());
        openssl_sys::BIO_free_all(bio);
        if s.is_null() {
            openssl_sys::ERR_clear_error();
            return None;
        }
        let s = Owned(s);
        Some(i2d_raw(s.0))
    }
}

/// Whether the linked libssl counts the session `input` decodes to as timed
/// out at `now`: the session goes into a fresh `SSL_CTX`'s cache, and
/// `SSL_CTX_flush_sessions_ex(ctx, now)` (`SSL_CTX_flush_sessions` before 3.4)
/// removes it or not. `None` when `d2i_SSL_SESSION` rejects the input or the
/// cache would not take it. `now == 0` flushes every session (OpenSSL's rule).
pub fn expired_at(input: &[u8], now: i64) -> Option<bool> {
    let (session, _) = d2i_raw(input)?;
    // SAFETY: the context is fresh and freed below; the cache takes its own
    // reference to the session, released when the context is freed or the
    // session is flushed; `session` keeps ours.
    unsafe {
        let ctx = openssl_sys::SSL_CTX_new(openssl_sys::TLS_method());
        if ctx.is_null() {
            return None;
        }
        openssl_sys::SSL_CTX_add_session(ctx, session.0);
        let before = openssl_sys::SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_NUMBER, 0, ptr::null_mut());
        flush(ctx, now);
        let after = openssl_sys::SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_NUMBER, 0, ptr::null_mut());
        openssl_sys::SSL_CTX_free(ctx);
        (before == 1).then_some(after == 0)
    }
}

#[cfg(ossl340)]
unsafe fn flush(ctx: *mut SSL_CTX, now: i64) {
    // SAFETY: the caller's context is valid.
    unsafe { SSL_CTX_flush_sessions_ex(ctx, now) }
}

#[cfg(not(ossl340))]
unsafe fn flush(ctx: *mut SSL_CTX, now: i64) {
    // `long` is 64 bits on every platform these tests run on.
    #[allow(clippy::useless_conversion)]
    let now = c_long::try_from(now).unwrap_or(c_long::MAX);
    // SAFETY: the caller's context is valid.
    unsafe { SSL_CTX_flush_sessions(ctx, now) }
}

/// Copies `len` bytes at `p` (`None` for a null pointer or no bytes).
unsafe fn bytes(p: *const c_uchar, len: usize) -> Option<Vec<u8>> {
    if p.is_null() || len == 0 {
        return None;
    }
    // SAFETY: the caller passes a pointer to `len` readable bytes.
    Some(unsafe { std::slice::from_raw_parts(p, len) }.to_vec())
}

unsafe fn getters_raw(s: *mut SSL_SESSION) -> Getters {
    // SAFETY (whole body): `s` is a valid session; each getter only reads it
    // and returns pointers into it, copied before `s` can change.
    unsafe {
        let mut id_len: c_uint = 0;
        let id = openssl_sys::SSL_SESSION_get_id(s, &mut id_len);
        let session_id = bytes(id, id_len as usize).unwrap_or_default();
        let key_len = openssl_sys::SSL_SESSION_get_master_key(s, ptr::null_mut(), 0);
        let mut master_key = vec![0u8; key_len];
        openssl_sys::SSL_SESSION_get_master_key(s, master_key.as_mut_ptr(), key_len);
        let mut ctx_len: c_uint = 0;
        let ctx = SSL_SESSION_get0_id_context(s, &mut ctx_len);
        let sid_ctx = bytes(ctx, ctx_len as usize).unwrap_or_default();
        let host = SSL_SESSION_get0_hostname(s);
        let hostname = (!host.is_null()).then(|| CStr::from_ptr(host).to_bytes().to_vec());
        let (mut p, mut n): (*const c_uchar, usize) = (ptr::null(), 0);
        SSL_SESSION_get0_alpn_selected(s, &mut p, &mut n);
        let alpn_selected = bytes(p, n);
        let (mut p, mut n): (*const c_uchar, usize) = (ptr::null(), 0);
        SSL_SESSION_get0_ticket(s, &mut p, &mut n);
        let ticket = bytes(p, n);
        let (mut d, mut n): (*mut c_void, usize) = (ptr::null_mut(), 0);
        SSL_SESSION_get0_ticket_appdata(s, &mut d, &mut n);
        let ticket_appdata = bytes(d.cast_const().cast(), n);
        let cipher = SSL_SESSION_get0_cipher(s);
        let cipher = if cipher.is_null() {
            0
        } else {
            openssl_sys::SSL_CIPHER_get_protocol_id(cipher)
        };
        let peer = SSL_SESSION_get0_peer(s);
        let peer_certificate =
            (!peer.is_null()).then(|| i2d_with(|pp| openssl_sys::i2d_X509(peer, pp)));
        #[cfg(ossl320)]
        let peer_rpk = {
            let k = SSL_SESSION_get0_peer_rpk(s);
            (!k.is_null()).then(|| i2d_with(|pp| openssl_sys::i2d_PUBKEY(k, pp)))
        };
        #[cfg(not(ossl320))]
        let peer_rpk = None;
        #[cfg(ossl330)]
        let time_ex = Some(SSL_SESSION_get_time_ex(s));
        #[cfg(not(ossl330))]
        let time_ex = None;
        // `long` is 64 bits here but 32 on some targets: keep the conversions.
        #[allow(clippy::useless_conversion)]
        Getters {
            protocol_version: openssl_sys::SSL_SESSION_get_protocol_version(s),
            cipher,
            session_id,
            master_key,
            sid_ctx,
            time: i64::from(openssl_sys::SSL_SESSION_get_time(s)),
            time_ex,
            timeout: i64::from(openssl_sys::SSL_SESSION_get_timeout(s)),
            hostname,
            alpn_selected,
            ticket,
            ticket_lifetime_hint: u64::from(SSL_SESSION_get_ticket_lifetime_hint(s)),
            ticket_appdata,
            max_early_data: openssl_sys::SSL_SESSION_get_max_early_data(s),
            max_fragment_length: SSL_SESSION_get_max_fragment_length(s),
            is_resumable: SSL_SESSION_is_resumable(s) == 1,
            peer_certificate,
            peer_rpk,
        }
    }
}

/// Runs an `i2d_*` function twice: once to measure, once to write.
unsafe fn i2d_with(f: impl Fn(*mut *mut c_uchar) -> c_int) -> Vec<u8> {
    let n = f(ptr::null_mut());
    let mut out = vec![0u8; usize::try_from(n).unwrap_or(0)];
    if n > 0 {
        let mut q = out.as_mut_ptr();
        let written = f(&mut q);
        out.truncate(usize::try_from(written).unwrap_or(0));
    }
    out
}

unsafe fn i2d_raw(s: *mut SSL_SESSION) -> Vec<u8> {
    // SAFETY: `s` is valid; i2d with a NULL output only measures, and the
    // second call writes exactly that many bytes into a buffer of that size.
    unsafe { i2d_with(|pp| openssl_sys::i2d_SSL_SESSION(s, pp)) }
}

/// PEM is ASCII.
fn lossy(b: Vec<u8>) -> String {
    String::from_utf8_lossy(&b).into_owned()
}

/// What `write` (`PEM_write_bio_SSL_SESSION`, `SSL_SESSION_print`) writes
/// about `s` into a memory BIO.
unsafe fn bio_bytes(
    s: *mut SSL_SESSION,
    write: impl Fn(*mut openssl_sys::BIO, *mut SSL_SESSION) -> c_int,
) -> Vec<u8> {
    // SAFETY: a fresh memory BIO, freed below; the writer reads `s` only;
    // the BIO's data pointer is valid for `n` bytes until the BIO is freed.
    unsafe {
        let bio = openssl_sys::BIO_new(openssl_sys::BIO_s_mem());
        if bio.is_null() {
            return Vec::new();
        }
        write(bio, s);
        let mut data: *mut c_char = ptr::null_mut();
        let n = openssl_sys::BIO_get_mem_data(bio, &mut data);
        let out =
            bytes(data.cast_const().cast(), usize::try_from(n).unwrap_or(0)).unwrap_or_default();
        openssl_sys::BIO_free_all(bio);
        out
    }
}

/// The group the handshake of `ssl` negotiated, by name (`SSL_get0_group_name`,
/// 3.2+; `None` before or when there was none).
pub fn group_name(ssl: &SslRef) -> Option<String> {
    #[cfg(ossl320)]
    {
        // SAFETY: `ssl` is valid for the borrow; the name is a static string.
        let name = unsafe { SSL_get0_group_name(ssl.as_ptr()) };
        // SAFETY: non-null names are NUL-terminated static strings.
        (!name.is_null()).then(|| {
            unsafe { CStr::from_ptr(name) }
                .to_string_lossy()
                .into_owned()
        })
    }
    #[cfg(not(ossl320))]
    {
        let _ = ssl;
        None
    }
}

/// The raw public key the peer of `ssl` presented (`i2d_PUBKEY` of
/// `SSL_get0_peer_rpk`; 3.2+, `None` before).
pub fn peer_rpk(ssl: &SslRef) -> Option<Vec<u8>> {
    #[cfg(ossl320)]
    {
        // SAFETY: `ssl` is valid for the borrow; the key belongs to it and is
        // only read.
        unsafe {
            let k = SSL_get0_peer_rpk(ssl.as_ptr());
            (!k.is_null()).then(|| i2d_with(|pp| openssl_sys::i2d_PUBKEY(k, pp)))
        }
    }
    #[cfg(not(ossl320))]
    {
        let _ = ssl;
        None
    }
}

/// Sets the PSK identity hint a server sends (`SSL_CTX_use_psk_identity_hint`).
pub fn use_psk_identity_hint(
    ctx: &mut openssl::ssl::SslContextBuilder,
    hint: &[u8],
) -> Result<(), &'static str> {
    let hint = std::ffi::CString::new(hint).map_err(|_| "PSK hint with a NUL byte")?;
    // SAFETY: the builder's context is valid; OpenSSL copies the string.
    if unsafe { SSL_CTX_use_psk_identity_hint(ctx.as_ptr(), hint.as_ptr()) } == 1 {
        Ok(())
    } else {
        Err("SSL_CTX_use_psk_identity_hint")
    }
}

/// Whether the linked libssl has raw public keys (RFC 7250; 3.2+).
pub const HAS_RPK: bool = cfg!(ossl320);

/// Lets a context send (`server`) and accept (`client`) raw public keys as
/// the given side's certificate type, preferring them to X.509
/// (`SSL_CTX_set1_{server,client}_cert_type`). An error before 3.2.
pub fn prefer_rpk(
    ctx: &mut openssl::ssl::SslContextBuilder,
    server: bool,
    client: bool,
) -> Result<(), &'static str> {
    #[cfg(ossl320)]
    {
        let types = [TLSEXT_CERT_TYPE_RPK, TLSEXT_CERT_TYPE_X509];
        // SAFETY: the builder's context is valid; OpenSSL copies the list.
        unsafe {
            if server && SSL_CTX_set1_server_cert_type(ctx.as_ptr(), types.as_ptr(), 2) != 1 {
                return Err("SSL_CTX_set1_server_cert_type");
            }
            if client && SSL_CTX_set1_client_cert_type(ctx.as_ptr(), types.as_ptr(), 2) != 1 {
                return Err("SSL_CTX_set1_client_cert_type");
            }
        }
        Ok(())
    }
    #[cfg(not(ossl320))]
    {
        let _ = (ctx, server, client);
        Err("raw public keys need OpenSSL 3.2+")
    }
}

/// Hex of bytes, for the JSON records.
fn hex_opt(b: Option<&Vec<u8>>) -> serde_json::Value {
    b.map_or(serde_json::Value::Null, |b| {
        serde_json::Value::String(sslsession_testkit::hex(b))
    })
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

impl Read {
    /// The record of what libssl read, as JSON (bytes in hex): what
    /// `testdata/openssl-VERSION/*.json` hold next to each session's DER.
    pub fn to_json(&self) -> serde_json::Value {
        let g = &self.getters;
        serde_json::json!({
            "consumed": self.consumed,
            "protocol_version": g.protocol_version,
            "cipher": g.cipher,
            "session_id": sslsession_testkit::hex(&g.session_id),
            "master_key": sslsession_testkit::hex(&g.master_key),
            "sid_ctx": sslsession_testkit::hex(&g.sid_ctx),
            "time": g.time,
            "time_ex": g.time_ex,
            "timeout": g.timeout,
            "hostname": hex_opt(g.hostname.as_ref()),
            "alpn_selected": hex_opt(g.alpn_selected.as_ref()),
            "ticket": hex_opt(g.ticket.as_ref()),
            "ticket_lifetime_hint": g.ticket_lifetime_hint,
            "ticket_appdata": hex_opt(g.ticket_appdata.as_ref()),
            "max_early_data": g.max_early_data,
            "max_fragment_length": g.max_fragment_length,
            "is_resumable": g.is_resumable,
            "peer_certificate": hex_opt(g.peer_certificate.as_ref()),
            "peer_rpk": hex_opt(g.peer_rpk.as_ref()),
            "i2d": sslsession_testkit::hex(&self.der),
            "pem": self.pem,
            // Readable when it is UTF-8 (real sessions), hex otherwise.
            "text": String::from_utf8(self.text.clone()).ok(),
            "text_hex": std::str::from_utf8(&self.text)
                .is_err()
                .then(|| sslsession_testkit::hex(&self.text)),
        })
    }

    /// The record [`Read::to_json`] wrote; `None` when a field is missing or
    /// malformed.
    pub fn from_json(v: &serde_json::Value) -> Option<Read> {
        let bytes = |k: &str| unhex(v.get(k)?.as_str()?);
        let opt = |k: &str| match v.get(k)? {
            serde_json::Value::Null => Some(None),
            s => unhex(s.as_str()?).map(Some),
        };
        let int = |k: &str| v.get(k)?.as_i64();
        let uint = |k: &str| v.get(k)?.as_u64();
        Some(Read {
            consumed: usize::try_from(uint("consumed")?).ok()?,
            getters: Getters {
                protocol_version: i32::try_from(int("protocol_version")?).ok()?,
                cipher: u16::try_from(uint("cipher")?).ok()?,
                session_id: bytes("session_id")?,
                master_key: bytes("master_key")?,
                sid_ctx: bytes("sid_ctx")?,
                time: int("time")?,
                time_ex: v.get("time_ex")?.as_i64(),
                timeout: int("timeout")?,
                hostname: opt("hostname")?,
                alpn_selected: opt("alpn_selected")?,
                ticket: opt("ticket")?,
                ticket_lifetime_hint: uint("ticket_lifetime_hint")?,
                ticket_appdata: opt("ticket_appdata")?,
                max_early_data: u32::try_from(uint("max_early_data")?).ok()?,
                max_fragment_length: u8::try_from(uint("max_fragment_length")?).ok()?,
                is_resumable: v.get("is_resumable")?.as_bool()?,
                peer_certificate: opt("peer_certificate")?,
                peer_rpk: opt("peer_rpk")?,
            },
            der: bytes("i2d")?,
            pem: v.get("pem")?.as_str()?.to_owned(),
            text: match v.get("text").and_then(serde_json::Value::as_str) {
                Some(t) => t.as_bytes().to_vec(),
                None => unhex(v.get("text_hex")?.as_str()?)?,
            },
        })
    }
}
