//! `[19]` kex_group across versions, through the C ABI: OpenSSL 3.x's
//! `d2i_SSL_SESSION` leaves the group 0 when `[19]` is absent and its
//! `i2d_SSL_SESSION` always writes it (`ssl_asn1.c`; OpenSSL 3.0.19's `sess_id`
//! turns testdata/openssl-1.1.1/tls12-ticket-client.der into the same bytes
//! plus `B3 03 02 01 00`), while 1.1.1 has no `[19]` at all.
#![allow(unsafe_code)] // Calls the C ABI.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use session_model::{Field, FIELDS};
use sslsession::*;

/// The bytes `s`'s version writes.
fn i2d(s: *mut sslsession_session) -> Vec<u8> {
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: a live session; `out` receives a malloc()ed buffer.
    let n = unsafe { sslsession_session_i2d(s, &mut out) };
    let n = usize::try_from(n).expect("i2d succeeds");
    // SAFETY: `out` holds `n` bytes, freed right after the copy.
    let v = unsafe { std::slice::from_raw_parts(out, n) }.to_vec();
    // SAFETY: the buffer `i2d` allocated, of `n` bytes.
    unsafe { sslsession_der_free(out, n) };
    v
}

/// The kex_group field by index, if present.
fn kex_group(s: *mut sslsession_session) -> Option<u64> {
    let index = FIELDS
        .iter()
        .position(|f| f.field == Field::KexGroup)
        .unwrap();
    let mut v = 0;
    // SAFETY: a live session, a writable output.
    (unsafe { sslsession_session_get_field_uint(s, index, &mut v) } == 1).then_some(v)
}

/// A session read by `d2i` with the process-wide default `version`.
fn d2i_as(version: &std::ffi::CStr, der: &[u8]) -> *mut sslsession_session {
    // (The process-wide default: this test binary has one test.)
    // SAFETY: a NUL-terminated name.
    let set = unsafe { sslsession_set_openssl_version(version.as_ptr()) };
    assert_eq!(set, 1);
    let mut p = der.as_ptr();
    let len = std::ffi::c_long::try_from(der.len()).unwrap();
    // SAFETY: `p` points to `len` readable bytes.
    let s = unsafe { sslsession_session_d2i(std::ptr::null_mut(), &mut p, len) };
    assert!(!s.is_null());
    s
}

#[test]
fn a_session_without_kex_group_reads_as_group_0_from_3_0_on_and_as_none_in_1_1_1() {
    let path =
        sslsession_testkit::workspace_root().join("testdata/openssl-1.1.1/tls12-ticket-client.der");
    let written_by_1_1_1 = std::fs::read(path).unwrap();

    let s = d2i_as(c"3.0", &written_by_1_1_1);
    assert_eq!(kex_group(s), Some(0), "3.0 holds group 0");
    let by_3_0 = i2d(s);
    assert_eq!(
        by_3_0[4..],
        [&written_by_1_1_1[4..], &[0xB3, 0x03, 0x02, 0x01, 0x00][..]].concat()
    );
    // SAFETY: the session from `d2i`, freed once.
    unsafe { sslsession_session_free(s) };

    let s = d2i_as(c"1.1.1", &written_by_1_1_1);
    assert_eq!(kex_group(s), None, "1.1.1 has no [19]");
    assert_eq!(
        i2d(s),
        written_by_1_1_1,
        "1.1.1 writes its own session back"
    );
    // SAFETY: the session from `d2i`, freed once.
    unsafe { sslsession_session_free(s) };
}
