//! One AWS-LC `SSL_SESSION`: its two readers (`SSL_SESSION_from_bytes`,
//! `d2i_SSL_SESSION`), its two writers (`SSL_SESSION_to_bytes`,
//! `i2d_SSL_SESSION`) and every value its getters report.

use crate::ffi;
use serde_json::{json, Map, Value};
use std::ffi::CStr;
use std::ptr;

/// An owned reference to an AWS-LC `SSL_SESSION`.
pub struct Session(*mut ffi::SSL_SESSION);

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: self.0 is a live session reference this value owns.
        unsafe { ffi::SSL_SESSION_free(self.0) }
    }
}

/// The `SSL_CTX` `SSL_SESSION_from_bytes` takes (for its X509 method and buffer
/// pool): a plain `TLS_method()` context, one per thread.
struct Ctx(*mut ffi::SSL_CTX);

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: self.0 came from SSL_CTX_new and is freed once.
        unsafe { ffi::SSL_CTX_free(self.0) }
    }
}

thread_local! {
    // SAFETY: TLS_method() returns a static method table; SSL_CTX_new
    // returns an owned context or NULL (checked where used).
    static CTX: Ctx = Ctx(unsafe { ffi::SSL_CTX_new(ffi::TLS_method()) });
}

/// Copies `len` bytes at `data` (which may be NULL when `len` is 0).
///
/// # Safety
/// `data` must be valid for reads of `len` bytes when `len > 0`.
unsafe fn bytes(data: *const u8, len: usize) -> Vec<u8> {
    if data.is_null() || len == 0 {
        Vec::new()
    } else {
        // SAFETY: guaranteed by the caller.
        unsafe { std::slice::from_raw_parts(data, len) }.to_vec()
    }
}

/// Copies an AWS-LC-owned buffer returned by a serialiser, then frees it.
///
/// # Safety
/// `data` must be NULL or an `OPENSSL_malloc`ed buffer of `len` bytes.
unsafe fn take(data: *mut u8, len: usize) -> Vec<u8> {
    // SAFETY: guaranteed by the caller.
    let out = unsafe { bytes(data, len) };
    // SAFETY: data was allocated by AWS-LC (OPENSSL_free accepts NULL).
    unsafe { ffi::OPENSSL_free(data.cast()) };
    out
}

fn hex_or_null(b: &[u8]) -> Value {
    if b.is_empty() {
        Value::Null
    } else {
        Value::String(hex::encode(b))
    }
}

impl Session {
    /// Takes ownership of one reference to `ptr`.
    ///
    /// # Safety
    /// `ptr` must be a live `SSL_SESSION` reference the caller gives away.
    pub unsafe fn from_raw(ptr: *mut ffi::SSL_SESSION) -> Self {
        Session(ptr)
    }

    /// The raw pointer (still owned by `self`).
    pub fn as_ptr(&self) -> *mut ffi::SSL_SESSION {
        self.0
    }

    /// `SSL_SESSION_from_bytes(der, ctx)`: `None` when AWS-LC refuses it.
    pub fn from_bytes(der: &[u8]) -> Option<Session> {
        Self::from_bytes_reason(der).ok()
    }

    /// [`Session::from_bytes`], with AWS-LC's error queue when it refuses.
    pub fn from_bytes_reason(der: &[u8]) -> Result<Session, String> {
        CTX.with(|ctx| {
            assert!(!ctx.0.is_null(), "SSL_CTX_new: {}", crate::errors());
            crate::errors();
            // SAFETY: der is valid for der.len() bytes; ctx.0 is a live context.
            let p = unsafe { ffi::SSL_SESSION_from_bytes(der.as_ptr(), der.len(), ctx.0) };
            let reason = crate::errors();
            if p.is_null() {
                Err(reason)
            } else {
                Ok(Session(p))
            }
        })
    }

    /// `d2i_SSL_SESSION(NULL, &p, len)`: the session and how many bytes it
    /// consumed, or `None` when AWS-LC refuses it.
    pub fn d2i(der: &[u8]) -> Option<(Session, usize)> {
        Self::d2i_reason(der).ok()
    }

    /// [`Session::d2i`], with AWS-LC's error queue when it refuses.
    pub fn d2i_reason(der: &[u8]) -> Result<(Session, usize), String> {
        let len = std::os::raw::c_long::try_from(der.len()).map_err(|e| e.to_string())?;
        let mut p = der.as_ptr();
        crate::errors();
        // SAFETY: p points to der.len() readable bytes; d2i advances p within
        // them and returns an owned session or NULL.
        let s = unsafe { ffi::d2i_SSL_SESSION(ptr::null_mut(), &mut p, len) };
        let reason = crate::errors();
        if s.is_null() {
            return Err(reason);
        }
        // SAFETY: d2i only advances p inside der.
        let used = unsafe { p.offset_from(der.as_ptr()) };
        Ok((
            Session(s),
            usize::try_from(used).map_err(|e| e.to_string())?,
        ))
    }

    /// `SSL_SESSION_to_bytes`.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut data = ptr::null_mut();
        let mut len = 0usize;
        // SAFETY: self.0 is live; data/len are out-parameters.
        let ok = unsafe { ffi::SSL_SESSION_to_bytes(self.0, &mut data, &mut len) };
        assert_eq!(ok, 1, "SSL_SESSION_to_bytes: {}", crate::errors());
        // SAFETY: on success data is an OPENSSL_malloc'ed buffer of len bytes.
        unsafe { take(data, len) }
    }

    /// `i2d_SSL_SESSION`, called twice as the man page has it: once for the
    /// length, once to write.
    pub fn i2d(&self) -> Vec<u8> {
        // SAFETY: a NULL output pointer asks for the length only.
        let n = unsafe { ffi::i2d_SSL_SESSION(self.0, ptr::null_mut()) };
        let n = usize::try_from(n).unwrap_or_else(|_| panic!("i2d_SSL_SESSION: {n}"));
        let mut out = vec![0u8; n];
        let mut p = out.as_mut_ptr();
        // SAFETY: out has room for the n bytes i2d reported.
        let m = unsafe { ffi::i2d_SSL_SESSION(self.0, &mut p) };
        assert_eq!(
            usize::try_from(m).ok(),
            Some(n),
            "i2d_SSL_SESSION length changed"
        );
        out
    }

    /// The peer certificates as stored (`SSL_SESSION_get0_peer_certificates`):
    /// the leaf first, then the rest of the chain.
    pub fn peer_certificates(&self) -> Vec<Vec<u8>> {
        // SAFETY: self.0 is live; the returned stack (or NULL) is owned by it.
        let sk = unsafe { ffi::SSL_SESSION_get0_peer_certificates(self.0) };
        if sk.is_null() {
            return Vec::new();
        }
        // SAFETY: sk is a live STACK_OF(CRYPTO_BUFFER).
        let n = unsafe { ffi::OPENSSL_sk_num(sk.cast()) };
        (0..n)
            .map(|i| {
                // SAFETY: i < n; the element is a CRYPTO_BUFFER owned by sk.
                let buf =
                    unsafe { ffi::OPENSSL_sk_value(sk.cast(), i) }.cast::<ffi::CRYPTO_BUFFER>();
                // SAFETY: buf is live; data/len describe its bytes.
                unsafe { bytes(ffi::CRYPTO_BUFFER_data(buf), ffi::CRYPTO_BUFFER_len(buf)) }
            })
            .collect()
    }

    /// Every value AWS-LC's `SSL_SESSION_*` getters report, as JSON (byte
    /// strings in hex; absent or empty ones `null`).
    pub fn getters(&self) -> Value {
        let s = self.0;
        let mut m = Map::new();
        let peer_x509;
        // SAFETY: s is a live session; every getter only
        // reads it and returns pointers into it (valid while it lives) or
        // values; out-parameters are local.
        unsafe {
            m.insert(
                "protocol_version".into(),
                json!(ffi::SSL_SESSION_get_protocol_version(s)),
            );
            let v = ffi::SSL_SESSION_get_version(s);
            m.insert("version".into(), json!(CStr::from_ptr(v).to_string_lossy()));
            let c = ffi::SSL_SESSION_get0_cipher(s);
            if c.is_null() {
                m.insert("cipher".into(), Value::Null);
            } else {
                m.insert("cipher".into(), json!(ffi::SSL_CIPHER_get_protocol_id(c)));
                let name = CStr::from_ptr(ffi::SSL_CIPHER_standard_name(c));
                m.insert("cipher_name".into(), json!(name.to_string_lossy()));
            }
            let mut len = 0u32;
            let id = ffi::SSL_SESSION_get_id(s, &mut len);
            m.insert(
                "session_id".into(),
                json!(hex::encode(bytes(id, len as usize))),
            );
            let n = ffi::SSL_SESSION_get_master_key(s, ptr::null_mut(), 0);
            let mut key = vec![0u8; n];
            let n = ffi::SSL_SESSION_get_master_key(s, key.as_mut_ptr(), key.len());
            key.truncate(n);
            m.insert("master_key".into(), json!(hex::encode(key)));
            m.insert("time".into(), json!(ffi::SSL_SESSION_get_time(s)));
            m.insert("timeout".into(), json!(ffi::SSL_SESSION_get_timeout(s)));
            let ctx = ffi::SSL_SESSION_get0_id_context(s, &mut len);
            m.insert(
                "sid_ctx".into(),
                json!(hex::encode(bytes(ctx, len as usize))),
            );
            let has_ticket = ffi::SSL_SESSION_has_ticket(s) == 1;
            m.insert("has_ticket".into(), json!(has_ticket));
            let mut tp = ptr::null();
            let mut tl = 0usize;
            ffi::SSL_SESSION_get0_ticket(s, &mut tp, &mut tl);
            m.insert("ticket".into(), hex_or_null(&bytes(tp, tl)));
            m.insert(
                "ticket_lifetime_hint".into(),
                json!(ffi::SSL_SESSION_get_ticket_lifetime_hint(s)),
            );
            let has_sha = ffi::SSL_SESSION_has_peer_sha256(s) == 1;
            let sha = if has_sha {
                let mut p = ptr::null();
                let mut l = 0usize;
                ffi::SSL_SESSION_get0_peer_sha256(s, &mut p, &mut l);
                hex_or_null(&bytes(p, l))
            } else {
                Value::Null
            };
            m.insert("peer_sha256".into(), sha);
            let mut op = ptr::null();
            let mut ol = 0usize;
            ffi::SSL_SESSION_get0_ocsp_response(s, &mut op, &mut ol);
            m.insert("ocsp_response".into(), hex_or_null(&bytes(op, ol)));
            ffi::SSL_SESSION_get0_signed_cert_timestamp_list(s, &mut op, &mut ol);
            m.insert(
                "signed_cert_timestamp_list".into(),
                hex_or_null(&bytes(op, ol)),
            );
            m.insert(
                "is_resumable".into(),
                json!(ffi::SSL_SESSION_is_resumable(s) == 1),
            );
            m.insert(
                "should_be_single_use".into(),
                json!(ffi::SSL_SESSION_should_be_single_use(s) == 1),
            );
            m.insert(
                "early_data_capable".into(),
                json!(ffi::SSL_SESSION_early_data_capable(s) == 1),
            );
            // The X509 view of the leaf (SSL_SESSION_get0_peer), re-encoded.
            let x = ffi::SSL_SESSION_get0_peer(s);
            peer_x509 = if x.is_null() {
                None
            } else {
                let mut p = ptr::null_mut();
                let n = ffi::i2d_X509(x, &mut p);
                Some(take(p, usize::try_from(n).unwrap_or(0)))
            };
        }
        let certs = self.peer_certificates();
        // Recorded as a comparison, not a second copy of the certificate.
        m.insert(
            "peer_x509_is_peer_certificate".into(),
            match &peer_x509 {
                None => Value::Null,
                Some(x) => json!(certs.first() == Some(x)),
            },
        );
        m.insert(
            "peer_certificate".into(),
            certs
                .first()
                .map_or(Value::Null, |c| Value::String(hex::encode(c))),
        );
        let chain: Vec<u8> = certs.iter().skip(1).flatten().copied().collect();
        m.insert("cert_chain".into(), hex_or_null(&chain));
        m.insert("peer_certificate_count".into(), json!(certs.len()));
        Value::Object(m)
    }
}
