//! Every dialect through the C ABI: with `sslsession_set_dialect`, `d2i`
//! reads BoringSSL's session vectors (`ssl/ssl_test.cc`, see the repository's
//! `testdata/boringssl/README.md`) as BoringSSL's `d2i_SSL_SESSION` does,
//! with the contract of d2i_SSL_SESSION(3), and `i2d` writes them back byte
//! for byte; the bad ones fail as d2i must; OpenSSL's sessions are refused
//! in BoringSSL's dialect; each session keeps its dialect.
//!
//! The verdicts and lengths expected here are the vendored BoringSSL's
//! (`boring-sys` 5.4.0's `libssl.a`, `d2i_SSL_SESSION` and
//! `SSL_SESSION_from_bytes` on the same bytes): the good vectors are read to
//! their end; of the bad ones, `d2i` accepts only kBadSessionTrailingData,
//! reading 378 of its 381 bytes (its `i2d` then writes kCustomSession's
//! bytes), and `SSL_SESSION_from_bytes` none; and it refuses all 346
//! sessions of testdata/corpus/openssl-3.0.
//!
//! The dialect is process-wide, so the tests take turns (`LOCK`).
#![allow(unsafe_code)] // Calls the C ABI.

use std::ffi::{c_long, CStr};
use std::sync::Mutex;

use sslsession::*;

static LOCK: Mutex<()> = Mutex::new(());

const GOOD: [&str; 3] = ["kOpenSSLSession", "kCustomSession", "kBoringSSLSession"];
const BAD: [&str; 4] = [
    "kBadSessionExtraField",
    "kBadSessionVersion",
    "kBadSessionTrailingData",
    "kBadSessionPeerCertTypeDefault",
];

fn vector(name: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata/boringssl/vectors")
        .join(format!("{name}.hex"));
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
    digits
        .chunks(2)
        .map(|d| {
            u8::from_str_radix(std::str::from_utf8(d).unwrap_or("zz"), 16)
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect()
}

fn errors() -> Vec<u32> {
    // The queue holds at most OpenSSL's ERR_NUM_ERRORS (16) entries: a
    // drain that goes on past that is a broken queue, and fails here
    // instead of hanging.
    let drained: Vec<u32> = std::iter::from_fn(|| Some(sslsession_err_get()).filter(|&e| e != 0))
        .take(17)
        .collect();
    assert!(drained.len() <= 16, "the error queue never empties");
    drained
}

fn user(reason: u32) -> u32 {
    (SSLSESSION_ERR_LIB_USER << 23) | reason
}

fn set_dialect(name: &CStr) {
    assert_eq!(
        // SAFETY: a NUL-terminated string.
        unsafe { sslsession_set_dialect(name.as_ptr()) },
        1,
        "{name:?}"
    );
    assert_eq!(text(sslsession_get_dialect()), name.to_str().ok());
}

fn text<'a>(p: *const std::ffi::c_char) -> Option<&'a str> {
    (!p.is_null()).then(|| {
        // SAFETY: NULL or a static NUL-terminated string from the library.
        unsafe { CStr::from_ptr(p) }
            .to_str()
            .unwrap_or("<not UTF-8>")
    })
}

struct Session(*mut sslsession_session);

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: the one reference this value holds.
        unsafe { sslsession_session_free(self.0) };
    }
}

/// `d2i(NULL, &p, len)` with `flags`: the session and how far `p` moved.
fn d2i(der: &[u8], flags: u32) -> (Option<Session>, usize) {
    let mut p = der.as_ptr();
    let len = c_long::try_from(der.len()).unwrap_or(c_long::MAX);
    // SAFETY: `p` points to `len` readable bytes.
    let s = unsafe { sslsession_session_d2i_ex(std::ptr::null_mut(), &mut p, len, flags) };
    // SAFETY: `p` still points into (or one past) `der`.
    let moved = usize::try_from(unsafe { p.offset_from(der.as_ptr()) }).unwrap_or(usize::MAX);
    ((!s.is_null()).then_some(Session(s)), moved)
}

/// The three ways of `i2d`: the length alone, into a caller's buffer, into
/// a buffer it allocates; all three must agree.
fn i2d(s: &Session) -> Vec<u8> {
    // SAFETY: a live session; NULL asks for the length.
    let n = unsafe { sslsession_session_i2d(s.0, std::ptr::null_mut()) };
    let n = usize::try_from(n).unwrap_or(0);
    assert!(n > 0, "i2d: {:?}", errors());
    let mut buf = vec![0u8; n];
    let mut p = buf.as_mut_ptr();
    // SAFETY: `p` has room for `n` bytes.
    let m = unsafe { sslsession_session_i2d(s.0, &mut p) };
    assert_eq!(usize::try_from(m).ok(), Some(n));
    assert_eq!(
        // SAFETY: `p` moved within `buf`.
        unsafe { p.offset_from(buf.as_ptr()) },
        isize::try_from(n).unwrap_or(0)
    );
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: `out` receives a malloc()ed buffer.
    let k = unsafe { sslsession_session_i2d(s.0, &mut out) };
    assert_eq!(usize::try_from(k).ok(), Some(n));
    // SAFETY: `out` holds `n` bytes, freed right after the copy.
    let alloc = unsafe { std::slice::from_raw_parts(out, n) }.to_vec();
    // SAFETY: the buffer `i2d` allocated, of `n` bytes.
    unsafe { sslsession_der_free(out, n) };
    assert_eq!(alloc, buf);
    buf
}

fn field(name: &CStr) -> usize {
    // SAFETY: a NUL-terminated string.
    usize::try_from(unsafe { sslsession_field_by_name(name.as_ptr()) }).expect("a field")
}

fn get_bytes(s: &Session, i: usize) -> Option<Vec<u8>> {
    let (mut p, mut n) = (std::ptr::null(), 0);
    // SAFETY: a live session, writable outputs.
    let ok = unsafe { sslsession_session_get0_field_bytes(s.0, i, &mut p, &mut n) } == 1;
    // SAFETY: on success `p` points to `n` bytes inside the session.
    ok.then(|| unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
}

#[test]
fn boringssl_good_vectors_read_and_write_back_byte_for_byte() {
    let _turn = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    set_dialect(c"boringssl");
    sslsession_err_clear();
    for name in GOOD {
        let der = vector(name);
        for flags in [0, SSLSESSION_D2I_NO_TRAILING, SSLSESSION_D2I_STRICT] {
            let (s, moved) = d2i(&der, flags);
            let s = s.unwrap_or_else(|| panic!("{name}: refused: {:?}", errors()));
            assert_eq!(moved, der.len(), "{name}: d2i reads to the end");
            assert_eq!(
                // SAFETY: a live session.
                text(unsafe { sslsession_session_get_dialect(s.0) }),
                Some("boringssl")
            );
            assert_eq!(i2d(&s), der, "{name}: i2d writes the vector back");
            // A copy keeps the dialect and the bytes.
            // SAFETY: a live session.
            let dup = Session(unsafe { sslsession_session_dup(s.0) });
            assert_eq!(i2d(&dup), der, "{name}: dup");
        }
    }
    assert_eq!(errors(), Vec::<u32>::new());
}

#[test]
fn getters_read_every_dialects_fields_and_absent_ones_as_absent() {
    let _turn = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    set_dialect(c"boringssl");
    sslsession_err_clear();
    let der = vector("kCustomSession");
    let s = d2i(&der, 0).0.expect("kCustomSession");
    // Mandatory fields: TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256 (the vector's
    // 02 02 03 03 and 04 02 c0 2f).
    // SAFETY: `s` is a live session throughout the block.
    unsafe {
        assert_eq!(sslsession_session_get_protocol_version(s.0), 0x0303);
        assert_eq!(sslsession_session_get_cipher_id(s.0), 0x0300_C02F);
        // OpenSSL's own fields that BoringSSL does not store read as absent.
        assert!(sslsession_session_get0_hostname(s.0).is_null());
        assert_eq!(sslsession_session_get_flags(s.0), 0);
        assert_eq!(sslsession_session_get_max_early_data(s.0), 0);
    }
    // [13] peerSHA256: the 32 bytes after `ad 22 04 20` in the vector.
    let at = der
        .windows(4)
        .position(|w| w == [0xAD, 0x22, 0x04, 0x20])
        .expect("[13] in the vector");
    assert_eq!(
        get_bytes(&s, field(c"peer_sha256")).as_deref(),
        Some(&der[at + 4..at + 36])
    );
    // The typed getter says the same.
    let mut n = 0usize;
    // SAFETY: a live session, a writable length.
    let p = unsafe { sslsession_session_get0_peer_sha256(s.0, &mut n) };
    assert!(!p.is_null());
    // SAFETY: `p` points to `n` bytes inside the session.
    let typed = unsafe { std::slice::from_raw_parts(p, n) };
    assert_eq!(typed, &der[at + 4..at + 36]);
    let mut sigalg = 0u16;
    // SAFETY: a live session, a writable output.
    let present = unsafe { sslsession_session_get_peer_signature_algorithm(s.0, &mut sigalg) };
    assert_eq!((present, sigalg), (0, 0), "absent in kCustomSession");
    // [16] ocspResponse is present, `flags` (OpenSSL's [13]) absent.
    assert!(get_bytes(&s, field(c"ocsp_response")).is_some());
    let mut v = 7u64;
    assert_eq!(
        // SAFETY: a live session, a writable output.
        unsafe { sslsession_session_get_field_uint(s.0, field(c"flags"), &mut v) },
        0
    );
    assert_eq!(v, 7);
    assert_eq!(errors(), Vec::<u32>::new(), "absent fields queue nothing");

    // No OpenSSL version applies to a BoringSSL session.
    // SAFETY: a live session.
    assert!(unsafe { sslsession_session_get_openssl_version(s.0) }.is_null());
    assert_eq!(errors(), [user(SSLSESSION_R_WRONG_DIALECT)]);
    assert_eq!(
        // SAFETY: a live session, a NUL-terminated string.
        unsafe { sslsession_session_set_openssl_version(s.0, c"3.0".as_ptr()) },
        0
    );
    assert_eq!(errors(), [user(SSLSESSION_R_WRONG_DIALECT)]);

    // A field BoringSSL does not store cannot be set; the session is unchanged.
    assert_eq!(
        // SAFETY: a live session, a NUL-terminated string.
        unsafe { sslsession_session_set1_hostname(s.0, c"example.com".as_ptr()) },
        0
    );
    assert_eq!(errors(), [user(SSLSESSION_R_WRONG_FIELD_KIND)]);
    // SAFETY: a live session.
    assert!(unsafe { sslsession_session_get0_hostname(s.0) }.is_null());
    assert_eq!(i2d(&s), der);
    // One it stores can.
    assert_eq!(
        // SAFETY: a live session.
        unsafe {
            sslsession_session_set_field_uint(s.0, field(c"peer_signature_algorithm"), 0x0804)
        },
        1
    );
    assert_ne!(i2d(&s), der);
    // SAFETY: a live session, a writable output.
    let present = unsafe { sslsession_session_get_peer_signature_algorithm(s.0, &mut sigalg) };
    assert_eq!((present, sigalg), (1, 0x0804));

    // And the other way round: an OpenSSL session holds no BoringSSL field.
    set_dialect(c"openssl");
    let ossl = sslsession_session_new();
    let sha = [6u8; 32];
    assert_eq!(
        // SAFETY: a live session; `sha` is 32 readable bytes.
        unsafe {
            sslsession_session_set1_field_bytes(
                ossl,
                field(c"peer_sha256"),
                sha.as_ptr(),
                sha.len(),
            )
        },
        0
    );
    assert_eq!(errors(), [user(SSLSESSION_R_WRONG_FIELD_KIND)]);
    assert_eq!(
        // SAFETY: a live session.
        text(unsafe { sslsession_session_get_dialect(ossl) }),
        Some("openssl")
    );
    // SAFETY: the one reference.
    unsafe { sslsession_session_free(ossl) };
}

#[test]
fn bad_vectors_fail_as_d2i_must() {
    let _turn = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    set_dialect(c"boringssl");
    sslsession_err_clear();
    // A session to be reused: it must come out unchanged.
    let good = vector("kCustomSession");
    let kept = d2i(&good, 0).0.expect("kCustomSession");
    for name in BAD {
        let der = vector(name);
        // As SSL_SESSION_from_bytes: nothing may follow the session.
        for flags in [SSLSESSION_D2I_NO_TRAILING, 0] {
            let mut a = kept.0;
            let mut p = der.as_ptr();
            let len = c_long::try_from(der.len()).unwrap_or(c_long::MAX);
            // SAFETY: `a` is a live session, `p` points to `len` readable bytes.
            let r = unsafe { sslsession_session_d2i_ex(&mut a, &mut p, len, flags) };
            if name == "kBadSessionTrailingData" && flags == 0 {
                // BoringSSL's d2i_SSL_SESSION reads the SEQUENCE and leaves
                // the three bytes after it: 378 of 381. Its i2d then writes
                // kCustomSession's bytes: the vector is kCustomSession with a
                // [6] host name, which BoringSSL reads and drops.
                assert_eq!(r, kept.0, "{name}: d2i reuses *a");
                // SAFETY: `p` moved within `der`.
                assert_eq!(unsafe { p.offset_from(der.as_ptr()) }, 378);
                assert_eq!(i2d(&kept), good, "{name}");
                continue;
            }
            assert!(r.is_null(), "{name} (flags {flags}): accepted");
            assert_eq!(p, der.as_ptr(), "{name}: *pp unchanged");
            assert_eq!(a, kept.0, "{name}: *a unchanged");
            assert_eq!(i2d(&kept), good, "{name}: the reused session unchanged");
            assert!(!errors().is_empty(), "{name}: an error is queued");
        }
    }
}

#[test]
fn openssl_sessions_are_refused_in_boringssls_dialect() {
    let _turn = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    let corpus = sslsession_testkit::corpus_sessions();
    assert!(!corpus.is_empty());
    set_dialect(c"openssl");
    let readable: Vec<_> = corpus
        .iter()
        .filter(|(_, der)| d2i(der, 0).0.is_some())
        .collect();
    assert!(!readable.is_empty());
    set_dialect(c"boringssl");
    sslsession_err_clear();
    for (name, der) in &readable {
        let (s, moved) = d2i(der, 0);
        assert!(
            s.is_none(),
            "{name}: an OpenSSL session read as BoringSSL's"
        );
        assert_eq!(moved, 0, "{name}: *pp unchanged");
        assert!(!errors().is_empty(), "{name}: an error is queued");
    }
    // And BoringSSL's vectors in OpenSSL's dialect (the default): OpenSSL
    // refuses all seven (issue 11).
    set_dialect(c"openssl");
    for name in GOOD.iter().chain(&BAD) {
        let (s, moved) = d2i(&vector(name), 0);
        assert!(s.is_none() && moved == 0, "{name}");
    }
    sslsession_err_clear();
}

#[test]
fn auto_reads_each_session_in_its_own_dialect() {
    let _turn = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    set_dialect(c"auto");
    sslsession_err_clear();
    for name in GOOD {
        let der = vector(name);
        let (s, moved) = d2i(&der, 0);
        let s = s.unwrap_or_else(|| panic!("{name}: {:?}", errors()));
        assert_eq!(moved, der.len());
        assert_eq!(
            // SAFETY: a live session.
            text(unsafe { sslsession_session_get_dialect(s.0) }),
            Some("boringssl"),
            "{name}"
        );
        assert_eq!(i2d(&s), der, "{name}");
    }
    // Bytes after the session: no library reads the whole input, so the
    // first d2i that reads one session from it does (OpenSSL refuses it,
    // BoringSSL's reads 378 of 381 bytes).
    let (s, moved) = d2i(&vector("kBadSessionTrailingData"), 0);
    assert!(s.is_some());
    assert_eq!(moved, 378);
    if let Some(s) = &s {
        // SAFETY: a live session.
        let d = unsafe { sslsession_session_get_dialect(s.0) };
        assert_eq!(text(d), Some("boringssl"));
    }
    for (name, der) in sslsession_testkit::corpus_sessions().iter().take(40) {
        if let (Some(s), _) = d2i(der, 0) {
            assert_eq!(
                // SAFETY: a live session.
                text(unsafe { sslsession_session_get_dialect(s.0) }),
                Some("openssl"),
                "{name}"
            );
        }
    }
    sslsession_err_clear();
    set_dialect(c"openssl");
}

#[test]
fn unknown_dialect_names_are_refused() {
    let _turn = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    set_dialect(c"aws-lc");
    sslsession_err_clear();
    for bad in [c"wolfssl", c"", c"boring ssl", c"openssl3"] {
        assert_eq!(
            // SAFETY: a NUL-terminated string.
            unsafe { sslsession_set_dialect(bad.as_ptr()) },
            0,
            "{bad:?}"
        );
        assert_eq!(errors(), [user(SSLSESSION_R_UNKNOWN_DIALECT)], "{bad:?}");
        assert_eq!(
            text(sslsession_get_dialect()),
            Some("aws-lc"),
            "default unchanged"
        );
    }
    // SAFETY: NULL is refused.
    assert_eq!(unsafe { sslsession_set_dialect(std::ptr::null()) }, 0);
    assert_eq!(errors().len(), 1);
    // Names are case-insensitive, as `Dialect`'s.
    set_dialect(c"libressl");
    // SAFETY: a NUL-terminated string.
    assert_eq!(unsafe { sslsession_set_dialect(c"BoringSSL".as_ptr()) }, 1);
    assert_eq!(text(sslsession_get_dialect()), Some("boringssl"));
    set_dialect(c"openssl");
}

/// A recorded session of another library: its bytes and what the library
/// itself reported for them (the repository's `testdata/*/README.md`).
fn recorded(path: &str) -> (Vec<u8>, serde_json::Value) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata");
    let der = std::fs::read(dir.join(format!("{path}.der"))).expect("recorded DER");
    let json = std::fs::read_to_string(dir.join(format!("{path}.json"))).expect("recorded JSON");
    (der, serde_json::from_str(&json).expect("JSON"))
}

fn unhex(h: &str) -> Vec<u8> {
    (0..h.len() / 2)
        .map(|i| u8::from_str_radix(h.get(2 * i..2 * i + 2).unwrap_or("zz"), 16).expect("hex"))
        .collect()
}

/// The bytes a getter returns, or `None` for NULL.
fn out_bytes<L: TryInto<usize>>(p: *const u8, len: L) -> Option<Vec<u8>> {
    let n = len.try_into().unwrap_or(0);
    // SAFETY: a non-NULL pointer from a getter points to `n` bytes in a live session.
    (!p.is_null()).then(|| unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
}

/// AWS-LC's and LibreSSL's sessions from real handshakes, read in their
/// dialect: `d2i` reads them to the end, `i2d` writes what the library's
/// `i2d` wrote (AWS-LC: the bytes its `SSL_SESSION_to_bytes` wrote, which
/// its parser and writer give back unchanged as for BoringSSL's vectors;
/// LibreSSL: the `i2d` its harness recorded), and the getters report what
/// the library's getters reported.
#[test]
fn aws_lc_and_libressl_sessions_report_what_their_library_reports() {
    let _turn = LOCK.lock().unwrap_or_else(|e| e.into_inner());
    for (dialect, path, getters) in [
        (c"aws-lc", "aws-lc/tls13-ticket-client", "getters"),
        (c"libressl", "libressl/tls12-ticket-client", ""),
    ] {
        let (der, json) = recorded(path);
        let g = if getters.is_empty() {
            &json
        } else {
            &json[getters]
        };
        set_dialect(dialect);
        sslsession_err_clear();
        let (s, moved) = d2i(&der, 0);
        let s = s.unwrap_or_else(|| panic!("{path}: {:?}", errors()));
        assert_eq!(moved, der.len(), "{path}");
        // SAFETY: a live session.
        let d = unsafe { sslsession_session_get_dialect(s.0) };
        assert_eq!(text(d), dialect.to_str().ok(), "{path}");
        let written = json["i2d"].as_str().map_or_else(|| der.clone(), unhex);
        assert_eq!(i2d(&s), written, "{path}: i2d");

        let num = |k: &str| g[k].as_i64().unwrap_or_else(|| panic!("{path}: {k}"));
        let hex = |k: &str| g[k].as_str().map(unhex);
        let (mut id_len, mut ctx_len, mut cert_len) = (0u32, 0u32, 0usize);
        let mut key = [0u8; 64];
        // SAFETY: `s` is a live session; every output is writable.
        let (pv, cipher, time, timeout, id, ctx, key_len, has_ticket, cert) = unsafe {
            (
                sslsession_session_get_protocol_version(s.0),
                sslsession_session_get_cipher_id(s.0),
                sslsession_session_get_time(s.0),
                sslsession_session_get_timeout(s.0),
                sslsession_session_get_id(s.0, &mut id_len),
                sslsession_session_get0_id_context(s.0, &mut ctx_len),
                sslsession_session_get_master_key(s.0, key.as_mut_ptr(), key.len()),
                sslsession_session_has_ticket(s.0),
                sslsession_session_get0_peer_certificate(s.0, &mut cert_len),
            )
        };
        assert_eq!(i64::from(pv), num("protocol_version"), "{path}");
        assert_eq!(i64::from(cipher & 0xFFFF), num("cipher"), "{path}");
        assert_eq!(time, num("time"), "{path}");
        assert_eq!(timeout, num("timeout"), "{path}");
        assert_eq!(out_bytes(id, id_len), hex("session_id"), "{path}");
        assert_eq!(out_bytes(ctx, ctx_len), hex("sid_ctx"), "{path}");
        assert_eq!(Some(key[..key_len].to_vec()), hex("master_key"), "{path}");
        assert_eq!(
            has_ticket == 1,
            g["has_ticket"].as_bool() == Some(true),
            "{path}"
        );
        let peer = if getters.is_empty() {
            "peer"
        } else {
            "peer_certificate"
        };
        assert_eq!(out_bytes(cert, cert_len), hex(peer), "{path}");
        if dialect == c"aws-lc" {
            // AWS-LC's own fields, as its getters reported them (the chain:
            // the peer's certificates after the leaf, concatenated).
            for (name, get) in [
                (
                    "peer_sha256",
                    sslsession_session_get0_peer_sha256 as unsafe extern "C" fn(_, _) -> _,
                ),
                ("cert_chain", sslsession_session_get0_cert_chain),
                ("ocsp_response", sslsession_session_get0_ocsp_response),
                (
                    "signed_cert_timestamp_list",
                    sslsession_session_get0_signed_cert_timestamp_list,
                ),
            ] {
                let mut n = 0usize;
                // SAFETY: a live session, a writable length.
                let p = unsafe { get(s.0, &mut n) };
                assert_eq!(out_bytes(p, n), hex(name), "{path}: {name}");
            }
        } else {
            // LibreSSL's ticket lifetime hint.
            // SAFETY: a live session.
            let hint = unsafe { sslsession_session_get_ticket_lifetime_hint(s.0) };
            assert_eq!(
                i64::try_from(hint).ok(),
                Some(num("ticket_lifetime_hint")),
                "{path}"
            );
            // No BoringSSL field in a LibreSSL session.
            let mut n = 0usize;
            // SAFETY: a live session, a writable length.
            assert!(unsafe { sslsession_session_get0_peer_sha256(s.0, &mut n) }.is_null());
        }
        assert_eq!(errors(), Vec::<u32>::new(), "{path}");
    }
    set_dialect(c"openssl");
}
