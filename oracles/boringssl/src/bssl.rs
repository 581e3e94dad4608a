//! BoringSSL's own session functions, called in-process through boring-sys:
//! `SSL_SESSION_from_bytes`, `d2i_SSL_SESSION`, `SSL_SESSION_to_bytes`,
//! `i2d_SSL_SESSION` and every `SSL_SESSION_*` getter (ssl/ssl_asn1.cc,
//! ssl/ssl_session.cc, ssl/ssl_x509.cc of the vendored BoringSSL).
#![allow(unsafe_code)]

use std::ptr;
use std::sync::OnceLock;

use boring::ssl::{SslContext, SslMethod, SslSessionRef};
use boring_sys as ffi;
use foreign_types::ForeignTypeRef;
use serde_json::{json, Value};

use crate::hex;

/// An `SSL_SESSION` BoringSSL made (one reference, released on drop).
pub struct Session(*mut ffi::SSL_SESSION);

// SAFETY: an SSL_SESSION is reference counted with atomic counts and never
// mutated after parsing here; BoringSSL documents sessions as shareable
// across threads once made.
unsafe impl Send for Session {}

impl Clone for Session {
    /// Another reference to the same session (`SSL_SESSION_up_ref`).
    fn clone(&self) -> Self {
        // SAFETY: we hold a reference, so the session is live.
        unsafe { ffi::SSL_SESSION_up_ref(self.0) };
        Session(self.0)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: we own one reference.
        unsafe { ffi::SSL_SESSION_free(self.0) }
    }
}

/// The `SSL_CTX` whose x509 method and buffer pool `SSL_SESSION_from_bytes`
/// uses (a plain `TLS_method()` context, as ssl_test.cc's SessionEncoding).
fn ctx() -> &'static SslContext {
    static CTX: OnceLock<SslContext> = OnceLock::new();
    CTX.get_or_init(|| {
        SslContext::builder(SslMethod::tls())
            .expect("SSL_CTX_new")
            .build()
    })
}

/// Takes the bytes of an `OPENSSL_malloc`ed buffer and frees it.
///
/// # Safety
/// `p` is null or points to `len` bytes allocated by BoringSSL.
unsafe fn take(p: *mut u8, len: usize) -> Vec<u8> {
    if p.is_null() {
        return Vec::new();
    }
    let v = std::slice::from_raw_parts(p, len).to_vec();
    ffi::OPENSSL_free(p.cast());
    v
}

/// Clears BoringSSL's thread-local error queue (a refused input leaves
/// entries behind).
fn clear_errors() {
    // SAFETY: no arguments.
    unsafe { ffi::ERR_clear_error() }
}

/// `SSL_SESSION_from_bytes(input, ctx)`: the whole input must be the session.
pub fn from_bytes(input: &[u8]) -> Option<Session> {
    from_bytes_why(input).ok()
}

/// [`from_bytes`], and when BoringSSL refuses, its error queue (oldest
/// first, `ERR_error_string_n`), which names the failing check.
///
/// # Errors
/// BoringSSL's errors.
pub fn from_bytes_why(input: &[u8]) -> Result<Session, String> {
    // SAFETY: input is a valid slice; ctx lives for the program.
    let p = unsafe { ffi::SSL_SESSION_from_bytes(input.as_ptr(), input.len(), ctx().as_ptr()) };
    let errors = error_queue();
    if p.is_null() {
        Err(errors)
    } else {
        Ok(Session(p))
    }
}

/// Drains the thread's error queue into one line.
fn error_queue() -> String {
    let mut out = Vec::new();
    loop {
        // SAFETY: reads and pops the thread-local queue.
        let e = unsafe { ffi::ERR_get_error() };
        if e == 0 {
            break;
        }
        let mut buf = [0u8; 256];
        // SAFETY: buf is writable for its length; BoringSSL NUL-terminates.
        unsafe { ffi::ERR_error_string_n(e, buf.as_mut_ptr().cast(), buf.len()) };
        let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
        out.push(String::from_utf8_lossy(&buf[..end]).into_owned());
    }
    out.join("; ")
}

/// `d2i_SSL_SESSION(NULL, &p, len)`: the session and how far `p` advanced
/// (bytes after the session are allowed there: ssl_x509.cc's D2IFromCBS).
pub fn d2i(input: &[u8]) -> Option<(Session, usize)> {
    let len = std::os::raw::c_long::try_from(input.len()).ok()?;
    let mut p = input.as_ptr();
    // SAFETY: p points into input, whose length is len.
    let s = unsafe { ffi::d2i_SSL_SESSION(ptr::null_mut(), &mut p, len) };
    clear_errors();
    if s.is_null() {
        return None;
    }
    // SAFETY: d2i advanced p within input.
    let consumed = unsafe { p.offset_from(input.as_ptr()) };
    Some((Session(s), usize::try_from(consumed).ok()?))
}

impl Session {
    /// A new reference to a session `boring` holds.
    pub fn from_ref(s: &SslSessionRef) -> Session {
        // SAFETY: up_ref gives us our own reference.
        unsafe { ffi::SSL_SESSION_up_ref(s.as_ptr()) };
        Session(s.as_ptr())
    }

    /// The raw pointer (for `SSL_set_session`).
    pub fn as_ptr(&self) -> *mut ffi::SSL_SESSION {
        self.0
    }

    /// `SSL_SESSION_to_bytes`.
    pub fn to_bytes(&self) -> Option<Vec<u8>> {
        let mut out = ptr::null_mut();
        let mut len = 0usize;
        // SAFETY: out/len are valid out-pointers.
        let ok = unsafe { ffi::SSL_SESSION_to_bytes(self.0, &mut out, &mut len) };
        clear_errors();
        // SAFETY: on success out holds len bytes from OPENSSL_malloc.
        (ok == 1).then(|| unsafe { take(out, len) })
    }

    /// `i2d_SSL_SESSION`, the allocating form (`*pp == NULL`), and checks the
    /// length form (`pp == NULL`) agrees.
    pub fn i2d(&self) -> Option<Vec<u8>> {
        // SAFETY: a NULL pp asks for the length only.
        let n = unsafe { ffi::i2d_SSL_SESSION(self.0, ptr::null_mut()) };
        let mut out: *mut u8 = ptr::null_mut();
        // SAFETY: out is a valid out-pointer, NULL: i2d allocates.
        let m = unsafe { ffi::i2d_SSL_SESSION(self.0, &mut out) };
        clear_errors();
        if n <= 0 || m != n {
            return None;
        }
        // SAFETY: i2d allocated m bytes at out.
        Some(unsafe { take(out, usize::try_from(m).ok()?) })
    }

    /// Every value BoringSSL's public `SSL_SESSION_*` getters report, as JSON
    /// (byte strings in lower-case hex). The DER-only fields that have no
    /// getter (group, signature algorithm, is_server, auth timeout, ticket
    /// age add, ...) are not here; the recordings take them from the
    /// connection (see `tls::Facts`).
    pub fn report(&self) -> Value {
        let s = self.0.cast_const();
        // SAFETY (whole block): s is a live session; every getter returns
        // pointers into it (or NULL) valid while it lives, copied out here.
        unsafe {
            let mut len = 0u32;
            let id = ffi::SSL_SESSION_get_id(s, &mut len);
            let session_id = bytes(id, len as usize);
            let mut ctx_len = 0u32;
            let sid = ffi::SSL_SESSION_get0_id_context(s, &mut ctx_len);
            let sid_ctx = bytes(sid, ctx_len as usize);
            let mut key = [0u8; 64];
            let key_len = ffi::SSL_SESSION_get_master_key(s, key.as_mut_ptr(), key.len());
            let cipher = ffi::SSL_SESSION_get0_cipher(s);
            let cipher = if cipher.is_null() {
                Value::Null
            } else {
                json!(ffi::SSL_CIPHER_get_protocol_id(cipher))
            };
            let (mut t, mut tl) = (ptr::null(), 0usize);
            ffi::SSL_SESSION_get0_ticket(s, &mut t, &mut tl);
            let ticket = (ffi::SSL_SESSION_has_ticket(s) == 1).then(|| hex(&bytes(t, tl)));
            let peer = ffi::SSL_SESSION_get0_peer(s);
            let peer_certificate = if peer.is_null() {
                None
            } else {
                let mut out: *mut u8 = ptr::null_mut();
                let n = ffi::i2d_X509(peer, &mut out);
                Some(hex(&take(out, usize::try_from(n).unwrap_or(0))))
            };
            let chain = ffi::SSL_SESSION_get0_peer_certificates(s);
            let peer_certificates: Option<Vec<String>> = if chain.is_null() {
                None
            } else {
                let stack = chain.cast::<ffi::OPENSSL_STACK>();
                let n = ffi::OPENSSL_sk_num(stack);
                Some(
                    (0..n)
                        .map(|i| {
                            let b = ffi::OPENSSL_sk_value(stack, i).cast::<ffi::CRYPTO_BUFFER>();
                            hex(&bytes(
                                ffi::CRYPTO_BUFFER_data(b),
                                ffi::CRYPTO_BUFFER_len(b),
                            ))
                        })
                        .collect(),
                )
            };
            let peer_sha256 = (ffi::SSL_SESSION_has_peer_sha256(s) == 1).then(|| {
                let (mut p, mut l) = (ptr::null(), 0usize);
                ffi::SSL_SESSION_get0_peer_sha256(s, &mut p, &mut l);
                hex(&bytes(p, l))
            });
            let (mut p, mut l) = (ptr::null(), 0usize);
            ffi::SSL_SESSION_get0_signed_cert_timestamp_list(s, &mut p, &mut l);
            let sct = hex(&bytes(p, l));
            let (mut p, mut l) = (ptr::null(), 0usize);
            ffi::SSL_SESSION_get0_ocsp_response(s, &mut p, &mut l);
            let ocsp = hex(&bytes(p, l));
            let rpk = ffi::SSL_SESSION_get0_peer_rpk(s);
            let peer_rpk = if rpk.is_null() {
                None
            } else {
                let mut out: *mut u8 = ptr::null_mut();
                let n = ffi::i2d_PUBKEY(rpk, &mut out);
                Some(hex(&take(out, usize::try_from(n).unwrap_or(0))))
            };
            let version = std::ffi::CStr::from_ptr(ffi::SSL_SESSION_get_version(s))
                .to_string_lossy()
                .into_owned();
            json!({
                "protocol_version": ffi::SSL_SESSION_get_protocol_version(s),
                "version": version,
                "cipher": cipher,
                "session_id": hex(&session_id),
                "sid_ctx": hex(&sid_ctx),
                "master_key": hex(&key[..key_len]),
                "time": ffi::SSL_SESSION_get_time(s),
                "timeout": ffi::SSL_SESSION_get_timeout(s),
                "ticket": ticket,
                "ticket_lifetime_hint": ffi::SSL_SESSION_get_ticket_lifetime_hint(s),
                "peer_certificate": peer_certificate,
                "peer_certificates": peer_certificates,
                "peer_sha256": peer_sha256,
                "signed_cert_timestamp_list": sct,
                "ocsp_response": ocsp,
                "peer_rpk": peer_rpk,
                "is_resumable": ffi::SSL_SESSION_is_resumable(s) == 1,
                "early_data_capable": ffi::SSL_SESSION_early_data_capable(s) == 1,
                "should_be_single_use": ffi::SSL_SESSION_should_be_single_use(s) == 1,
                "is_resumable_across_names": ffi::SSL_SESSION_is_resumable_across_names(s) == 1,
            })
        }
    }
}

/// Copies `len` bytes at `p` (NULL or zero length: empty).
///
/// # Safety
/// `p` is null or valid for `len` bytes.
unsafe fn bytes(p: *const u8, len: usize) -> Vec<u8> {
    if p.is_null() || len == 0 {
        return Vec::new();
    }
    std::slice::from_raw_parts(p, len).to_vec()
}
