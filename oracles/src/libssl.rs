//! The installed libssl's own `d2i_SSL_SESSION` / `i2d_SSL_SESSION`, called
//! directly: the `openssl` crate's `SslSession::from_der` does not say how far
//! `d2i` advanced its input pointer, and the differential oracle needs exactly
//! that. The one place the workspace calls `openssl-sys` directly; only with
//! the `libssl` feature.
#![allow(unsafe_code)]

use std::ffi::{c_long, c_uchar};
use std::ptr;

/// The linked libssl's version (the oracle's), which our OpenSSL mode and
/// targets must reproduce.
///
/// # Panics
/// When the linked libssl is a version this library does not claim.
pub fn version() -> session_der::OpenSslVersion {
    // SAFETY: no arguments; returns a constant.
    let number = unsafe { openssl_sys::OpenSSL_version_num() };
    // `c_ulong` is 64 bits here but 32 on some targets: keep the conversion.
    #[allow(clippy::useless_conversion)]
    let number = u64::from(number);
    session_der::OpenSslVersion::from_version_number(number)
        .unwrap_or_else(|| panic!("libssl {number:#x} is not a version sslsession reproduces"))
}

/// What OpenSSL made of an input it accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// How far `d2i_SSL_SESSION` advanced `*pp`.
    pub consumed: usize,
    /// `i2d_SSL_SESSION` of the session it read.
    pub reencoded: Vec<u8>,
    /// `SSL_SESSION_get_time` (OpenSSL's clock when the input had none or 0).
    pub time: i64,
    /// `SSL_SESSION_get_timeout` (3 when the input had none or 0).
    pub timeout: i64,
}

/// `d2i_SSL_SESSION(NULL, &p, len)`: `None` when OpenSSL rejects the input.
pub fn d2i(input: &[u8]) -> Option<Accepted> {
    openssl_sys::init();
    let len = c_long::try_from(input.len()).ok()?;
    let start = input.as_ptr();
    let mut p: *const c_uchar = start;
    // SAFETY: `p` points at `len` readable bytes; OpenSSL reads at most `len`
    // of them and returns a new session we own, or NULL.
    let session = unsafe { openssl_sys::d2i_SSL_SESSION(ptr::null_mut(), &mut p, len) };
    if session.is_null() {
        // SAFETY: no arguments; empties this thread's error queue.
        unsafe { openssl_sys::ERR_clear_error() };
        return None;
    }
    // SAFETY: on success OpenSSL leaves `p` inside the same buffer, at or after `start`.
    let consumed = usize::try_from(unsafe { p.offset_from(start) }).unwrap_or(usize::MAX);
    // SAFETY: `session` is a valid SSL_SESSION until the free below; i2d with a
    // NULL output pointer only measures, and the second call writes exactly
    // that many bytes into a buffer of that size.
    // `c_long` is 64 bits here but 32 on some targets: keep the conversion.
    #[allow(clippy::useless_conversion)]
    let (reencoded, time, timeout) = unsafe {
        let n = openssl_sys::i2d_SSL_SESSION(session, ptr::null_mut());
        let mut out = vec![0u8; usize::try_from(n).unwrap_or(0)];
        if n > 0 {
            let mut q = out.as_mut_ptr();
            let written = openssl_sys::i2d_SSL_SESSION(session, &mut q);
            out.truncate(usize::try_from(written).unwrap_or(0));
        }
        let time = i64::from(openssl_sys::SSL_SESSION_get_time(session));
        let timeout = i64::from(openssl_sys::SSL_SESSION_get_timeout(session));
        openssl_sys::SSL_SESSION_free(session);
        (out, time, timeout)
    };
    Some(Accepted {
        consumed,
        reencoded,
        time,
        timeout,
    })
}
