//! The C API (`session-ffi`) against libssl and against the Rust API: its
//! `sslsession_session_d2i`, set to the linked libssl's version
//! (`sslsession_set_openssl_version`), must accept exactly what that
//! libssl's `d2i_SSL_SESSION` accepts (and so what `decode_with` in OpenSSL mode
//! accepts), advance `*pp` as far, and write with `sslsession_session_i2d`
//! what OpenSSL's `i2d_SSL_SESSION` writes for it; reusing a session object
//! (`*a != NULL`) must leave it and `*pp` untouched on failure, and give what
//! a fresh decode gives on success.
#![allow(unsafe_code)]

use std::ffi::c_long;
use std::ptr;

use session_der::{decode_with, encode, CowSession, DecodeOptions, OpenSslVersion, Target};
use sslsession::{
    sslsession_err_clear, sslsession_session, sslsession_session_d2i, sslsession_session_free,
    sslsession_session_i2d, sslsession_set_openssl_version,
};

use sslsession_testkit::hex;

use crate::{libssl, Known};

/// A TLS 1.2 server session (corpus `p00001`), the object reused below.
const SEED: &str = "305b020101020203030402c02f0400043057eb3e1d6b7e836b7ffa7a05cb4311223c3af3\
09a3d754ff411739372783cc23212846e65c75c0eab0917d3e5b10502ea10602046b072f65a20402021c20a40204\
00ad03020101b30302011d";

/// `sslsession_session_i2d` into a new `Vec`.
///
/// # Safety
/// `s` is a live session of `session-ffi`.
unsafe fn i2d(s: *const sslsession_session) -> Option<Vec<u8>> {
    // SAFETY: `s` is live (caller); a NULL `pp` only measures.
    let n = unsafe { sslsession_session_i2d(s, ptr::null_mut()) };
    let mut out = vec![0u8; usize::try_from(n).ok().filter(|&n| n > 0)?];
    let mut q = out.as_mut_ptr();
    // SAFETY: `out` has room for the `n` bytes i2d said it writes.
    let written = unsafe { sslsession_session_i2d(s, &mut q) };
    (written == n).then_some(out)
}

/// `sslsession_session_d2i(a, &p, len)`: the session (or NULL) and how far `p` moved.
///
/// # Safety
/// `a` is NULL or points to NULL or a live session.
unsafe fn d2i(a: *mut *mut sslsession_session, data: &[u8]) -> (*mut sslsession_session, usize) {
    let len = c_long::try_from(data.len()).unwrap_or(c_long::MAX);
    let start = data.as_ptr();
    let mut p = start;
    // SAFETY: `p` points at `len` readable bytes; `a` as the caller says.
    let s = unsafe { sslsession_session_d2i(a, &mut p, len) };
    // SAFETY: d2i leaves `p` inside (or one past) the same buffer.
    let moved = usize::try_from(unsafe { p.offset_from(start) }).unwrap_or(usize::MAX);
    (s, moved)
}

/// Sets the C API's process-wide OpenSSL version to the linked libssl's.
fn follow_libssl() -> OpenSslVersion {
    static SET: std::sync::Once = std::sync::Once::new();
    let version = libssl::version();
    SET.call_once(|| {
        let name = std::ffi::CString::new(version.name()).unwrap_or_default();
        // SAFETY: `name` is a NUL-terminated string that outlives the call.
        let ok = unsafe { sslsession_set_openssl_version(name.as_ptr()) };
        assert_eq!(ok, 1, "the C API does not know OpenSSL {version}");
    });
    version
}

/// The C API's oracle (fuzz target `ffi`).
pub fn ffi(data: &[u8], _known: Known) {
    let version = follow_libssl();
    // SAFETY: a NULL `a` asks for a new session, which we free below.
    let (s, moved) = unsafe { d2i(ptr::null_mut(), data) };
    let theirs = libssl::d2i(data);
    let ours = decode_with::<CowSession<'_>>(data, &DecodeOptions::openssl_version(version));
    if s.is_null() {
        sslsession_err_clear();
        assert_eq!(moved, 0, "C API moved *pp on failure; input {}", hex(data));
        assert!(
            theirs.is_none(),
            "C API rejects what OpenSSL {version} accepts; input {}",
            hex(data)
        );
        assert!(
            ours.is_err(),
            "C API rejects what decode_with accepts; input {}",
            hex(data)
        );
    } else {
        // SAFETY: `s` is the live session just returned.
        let der = unsafe { i2d(s) };
        // SAFETY: `s` is ours and not used again.
        unsafe { sslsession_session_free(s) };
        let t = theirs.unwrap_or_else(|| {
            panic!(
                "C API accepts what OpenSSL {version} rejects; input {}",
                hex(data)
            )
        });
        assert_eq!(
            moved,
            t.consumed,
            "C API vs OpenSSL: *pp advance; input {}",
            hex(data)
        );
        assert!(
            ours.is_ok(),
            "C API accepts what decode_with rejects; input {}",
            hex(data)
        );
        // The C API keeps OpenSSL's in-memory state (time and timeout
        // defaults, strings cut at NUL, …), so its i2d is OpenSSL's i2d.
        let der = der.unwrap_or_else(|| panic!("C API i2d fails; input {}", hex(data)));
        if !equivalent(&der, &t.reencoded, data) {
            panic!(
                "C API i2d differs from OpenSSL's i2d; input {}\n C API   {}\n OpenSSL {}",
                hex(data),
                hex(&der),
                hex(&t.reencoded)
            );
        }
    }

    // Reuse: `*a` is a live session; a failed d2i changes neither it nor `*pp`.
    let mut seed = unhex(SEED).unwrap_or_default();
    if version == OpenSslVersion::V1_1_1 {
        // 1.1.1 has no `[19]`: drop the seed's last element (`b3 03 02 01 1d`)
        // and shorten the outer SEQUENCE's (short-form) length.
        seed.truncate(seed.len().saturating_sub(5));
        if let Some(len) = seed.get_mut(1) {
            *len = len.saturating_sub(5);
        }
    }
    let mut a: *mut sslsession_session = ptr::null_mut();
    // SAFETY: `*a` is NULL, so d2i stores the new session there.
    let (first, _) = unsafe { d2i(&mut a, &seed) };
    assert!(
        !first.is_null() && first == a,
        "the seed session does not decode"
    );
    // SAFETY: `a` is live.
    let before = unsafe { i2d(a) };
    // SAFETY: `*a` is a live session of ours.
    let (again, moved) = unsafe { d2i(&mut a, data) };
    // SAFETY: `a` is still live (reused or untouched).
    let after = unsafe { i2d(a) };
    if again.is_null() {
        sslsession_err_clear();
        assert_eq!(moved, 0, "reuse: *pp moved on failure; input {}", hex(data));
        assert!(
            before == after,
            "reuse: a failed d2i changed *a; input {}",
            hex(data)
        );
    } else {
        assert_eq!(again, a, "reuse: d2i did not return *a");
        // SAFETY: a NULL `a` asks for a new session, freed just below.
        let (new, _) = unsafe { d2i(ptr::null_mut(), data) };
        assert!(
            !new.is_null(),
            "reuse accepts what a fresh d2i rejects; input {}",
            hex(data)
        );
        // SAFETY: `new` is live until freed here.
        let fresh = unsafe { i2d(new) };
        // SAFETY: `new` is ours and not used again.
        unsafe { sslsession_session_free(new) };
        let same = match (&after, &fresh) {
            (Some(x), Some(y)) => equivalent(x, y, data),
            _ => false,
        };
        assert!(
            same,
            "reuse: *a differs from a fresh decode; input {}",
            hex(data)
        );
    }
    // SAFETY: `a` is ours and not used again.
    unsafe { sslsession_session_free(a) };
}

/// Whether the C API's encoding `a` and OpenSSL's `b` say the same: equal,
/// or, where the input has no time (or 0), equal but for the clock that both
/// read, possibly a second apart.
fn equivalent(a: &[u8], b: &[u8], input: &[u8]) -> bool {
    if a == b {
        return true;
    }
    let options = DecodeOptions::openssl_version(libssl::version());
    let defaulted = decode_with::<CowSession<'_>>(input, &options)
        .is_ok_and(|d| d.session.time().unwrap_or(0) == 0);
    let read = |x: &[u8]| {
        decode_with::<CowSession<'_>>(x, &options)
            .ok()
            .map(|d| d.session.to_owned_session())
    };
    let (true, Some(mut x), Some(mut y)) = (defaulted, read(a), read(b)) else {
        return false;
    };
    let close = x
        .time()
        .zip(y.time())
        .is_some_and(|(p, q)| p.abs_diff(q) <= 2);
    x.set_time(None);
    y.set_time(None);
    let (Ok(x), Ok(y)) = (
        encode(&x, Target::OpenSsl(libssl::version())),
        encode(&y, Target::OpenSsl(libssl::version())),
    ) else {
        return false;
    };
    close && x == y
}

/// Parses the hex of [`SEED`].
fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() % 2 != 0 {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
