//! Every field by index, from Rust: the C view of the schema is the schema
//! (`session_model::FIELDS`) row for row; on every corpus session each
//! optional field reads by index as the session's OpenSSL 3 encoding holds
//! it; and the setters' ranges and limits are the schema's. The C side of
//! the same functions (against the typed accessors) is `tests/c/fields.c`.
#![allow(unsafe_code)] // Calls the C ABI.

use std::ffi::{c_int, CStr};

use session_der::OpenSslVersion;
use session_der::{decode_with, DecodeOptions};
use session_model::{Field, FieldValue, OwnedSession, ValueType, Written, FIELDS};
use sslsession::*;

/// Drains the error queue, oldest first.
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

/// A session as `SSL_SESSION_new()` leaves it, with a cipher so `i2d` works.
struct Session(*mut sslsession_session);

impl Session {
    fn new() -> Session {
        let s = sslsession_session_new();
        assert!(!s.is_null());
        // SAFETY: `s` is a live session.
        let set = unsafe { sslsession_session_set_cipher_id(s, 0x0300_1301) };
        assert_eq!(set, 1);
        Session(s)
    }

    fn d2i(der: &[u8]) -> Option<Session> {
        let mut p = der.as_ptr();
        let len = std::ffi::c_long::try_from(der.len()).expect("small");
        // SAFETY: `p` points to `len` readable bytes.
        let s = unsafe { sslsession_session_d2i(std::ptr::null_mut(), &mut p, len) };
        (!s.is_null()).then_some(Session(s))
    }

    fn i2d(&self) -> Vec<u8> {
        let mut out: *mut u8 = std::ptr::null_mut();
        // SAFETY: a live session; `out` receives a malloc()ed buffer.
        let n = unsafe { sslsession_session_i2d(self.0, &mut out) };
        let n = usize::try_from(n).expect("i2d succeeds");
        // SAFETY: `out` holds `n` bytes, freed right after the copy.
        let v = unsafe { std::slice::from_raw_parts(out, n) }.to_vec();
        // SAFETY: the buffer `i2d` allocated, of `n` bytes.
        unsafe { sslsession_der_free(out, n) };
        v
    }

    fn get_int(&self, i: usize) -> Option<i64> {
        let mut v = 0;
        // SAFETY: a live session, a writable output.
        (unsafe { sslsession_session_get_field_int(self.0, i, &mut v) } == 1).then_some(v)
    }

    fn get_uint(&self, i: usize) -> Option<u64> {
        let mut v = 0;
        // SAFETY: a live session, a writable output.
        (unsafe { sslsession_session_get_field_uint(self.0, i, &mut v) } == 1).then_some(v)
    }

    fn get_bytes(&self, i: usize) -> Option<Vec<u8>> {
        let (mut p, mut n) = (std::ptr::null(), 0);
        // SAFETY: a live session, writable outputs.
        let ok = unsafe { sslsession_session_get0_field_bytes(self.0, i, &mut p, &mut n) } == 1;
        // SAFETY: on success `p` points to `n` bytes inside the session.
        ok.then(|| unsafe { std::slice::from_raw_parts(p, n) }.to_vec())
    }

    fn set_int(&self, i: usize, v: i64) -> c_int {
        // SAFETY: a live session.
        unsafe { sslsession_session_set_field_int(self.0, i, v) }
    }

    fn set_uint(&self, i: usize, v: u64) -> c_int {
        // SAFETY: a live session.
        unsafe { sslsession_session_set_field_uint(self.0, i, v) }
    }

    fn set_bytes(&self, i: usize, v: &[u8]) -> c_int {
        // SAFETY: a live session; `v` is `v.len()` readable bytes.
        unsafe { sslsession_session_set1_field_bytes(self.0, i, v.as_ptr(), v.len()) }
    }

    /// Field `i` by index, widened as the model widens it.
    fn get(&self, i: usize) -> Option<Value> {
        match FIELDS[i].value {
            ValueType::Bytes => self.get_bytes(i).map(Value::Bytes),
            v if v.is_signed() => self.get_int(i).map(|x| Value::Int(i128::from(x))),
            _ => self.get_uint(i).map(|x| Value::Int(i128::from(x))),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // SAFETY: the one reference this value holds.
        unsafe { sslsession_session_free(self.0) };
    }
}

#[derive(Debug, PartialEq)]
enum Value {
    Bytes(Vec<u8>),
    Int(i128),
}

fn optional_rows() -> impl Iterator<Item = usize> {
    (0..FIELDS.len()).filter(|&i| FIELDS[i].tagging.number().is_some())
}

#[test]
fn the_schema_as_c_sees_it() {
    assert_eq!(sslsession_field_count(), FIELDS.len());
    for (i, spec) in FIELDS.iter().enumerate() {
        let name = sslsession_field_name(i);
        assert!(!name.is_null(), "{}", spec.name);
        // SAFETY: a static NUL-terminated name.
        let name = unsafe { CStr::from_ptr(name) };
        assert_eq!(name.to_str(), Ok(spec.name));
        // SAFETY: a NUL-terminated string.
        let found = unsafe { sslsession_field_by_name(name.as_ptr()) };
        assert_eq!(usize::try_from(found), Ok(i));
        // OpenSSL's tag: none for the fields only the other libraries store.
        let tag = match spec.placement(session_model::Dialect::OpenSsl) {
            session_model::Placement::Tagged(n) => c_int::from(n),
            _ => -1,
        };
        assert_eq!(sslsession_field_tag(i), tag, "{}", spec.name);
        let kind = match spec.value {
            ValueType::Bytes => SSLSESSION_FIELD_BYTES,
            v if v.is_signed() => SSLSESSION_FIELD_INT,
            _ => SSLSESSION_FIELD_UINT,
        };
        assert_eq!(sslsession_field_kind(i), kind, "{}", spec.name);
        assert_eq!(sslsession_field_is_secret(i), c_int::from(spec.secret));
    }
    assert_eq!(errors(), Vec::<u32>::new());
    let past = FIELDS.len();
    assert!(sslsession_field_name(past).is_null());
    assert_eq!(sslsession_field_tag(past), -1);
    assert_eq!(sslsession_field_kind(past), 0);
    assert_eq!(sslsession_field_is_secret(past), 0);
    assert_eq!(errors(), [user(SSLSESSION_R_UNKNOWN_FIELD); 4]);
}

/// Each optional field of every corpus session d2i accepts reads, by index,
/// as the session's own `i2d` encoding holds it (decoded independently, in
/// OpenSSL's mode): the encoding is OpenSSL 3.0's byte for byte
/// (`differential.c`), so this is the value OpenSSL holds. Fields OpenSSL
/// writes only when not zero read as 0 when the encoding omits them.
#[test]
fn every_field_of_every_corpus_session_reads_as_its_encoding() {
    let mut walked = 0;
    for (name, der) in sslsession_testkit::corpus_sessions() {
        let Some(s) = Session::d2i(&der) else {
            continue;
        };
        let enc = s.i2d();
        let model = decode_with::<OwnedSession>(
            &enc,
            &DecodeOptions::openssl_version(OpenSslVersion::V3_0),
        )
        .unwrap_or_else(|e| panic!("{name}: our i2d does not decode: {e}"))
        .session;
        for i in optional_rows() {
            let spec = &FIELDS[i];
            let ours = s.get(i);
            let encoded = match model.get(spec.field) {
                Some(FieldValue::Bytes(b)) => Some(Value::Bytes(b.to_vec())),
                Some(FieldValue::Int(v)) => Some(Value::Int(v)),
                _ => None,
            };
            let zero_omitted = matches!(
                spec.written,
                Written::UnlessZero | Written::LowBitsUnlessZero(_)
            );
            if zero_omitted && encoded.is_none() {
                assert!(
                    matches!(ours, None | Some(Value::Int(0))),
                    "{name}: {}: {ours:?}, not in the encoding",
                    spec.name
                );
            } else {
                assert_eq!(ours, encoded, "{name}: {}", spec.name);
            }
        }
        walked += 1;
    }
    assert!(walked > 100, "{walked} sessions");
    assert_eq!(errors(), Vec::<u32>::new());
}

/// The integer setters accept exactly the field's type, narrowed to the bits
/// OpenSSL keeps of it (`Written::LowBitsUnlessZero`), and a refused value
/// changes nothing.
#[test]
fn integer_setters_take_the_schema_ranges() {
    let s = Session::new();
    // OpenSSL 3.0 holds every value of the schema's ranges as given; 3.2+
    // hold time and timeout as `OSSL_TIME`, which wraps (`fields.c`).
    // (A session 3.0's d2i reads back needs a protocol version.)
    // SAFETY: `s.0` is a live session; the name is NUL-terminated.
    let moved = unsafe {
        sslsession_session_set_protocol_version(s.0, 0x0304);
        sslsession_session_set_openssl_version(s.0, c"3.0".as_ptr())
    };
    assert_eq!(moved, 1);
    for i in optional_rows() {
        let spec = &FIELDS[i];
        let Some((mut lo, mut hi)) = spec.value.int_range() else {
            continue;
        };
        if spec.written == Written::Never {
            continue;
        }
        if let Written::LowBitsUnlessZero(bits) = spec.written {
            hi = hi.min((1i128 << bits) - 1);
            lo = lo.max(0);
        }
        let before = s.i2d();
        let set = |v: i128| {
            if spec.value.is_signed() {
                i64::try_from(v).ok().map(|v| s.set_int(i, v))
            } else {
                u64::try_from(v).ok().map(|v| s.set_uint(i, v))
            }
        };
        for bad in [lo - 1, hi + 1] {
            if let Some(r) = set(bad) {
                assert_eq!(r, 0, "{} = {bad}", spec.name);
                assert_eq!(errors(), [user(SSLSESSION_R_VALUE_OUT_OF_RANGE)]);
                assert_eq!(s.i2d(), before, "{}", spec.name);
            }
        }
        for good in [lo, hi] {
            assert_eq!(set(good), Some(1), "{} = {good}", spec.name);
            assert_eq!(s.get(i), Some(Value::Int(good)), "{}", spec.name);
        }
    }
    assert_eq!(errors(), Vec::<u32>::new());
}

/// The byte setters refuse what is over OpenSSL's limit, with the code the
/// typed setter queues, and accept the limit itself.
#[test]
fn byte_setters_take_the_schema_limits() {
    let s = Session::new();
    let mut limited = 0;
    for i in optional_rows() {
        let spec = &FIELDS[i];
        let Some(max) = spec.max_len else { continue };
        limited += 1;
        let value = vec![b'a'; max + 1];
        assert_eq!(s.set_bytes(i, &value), 0, "{}", spec.name);
        let code = errors();
        assert_eq!(s.set_bytes(i, &value[..max]), 1, "{}", spec.name);
        assert_eq!(s.get(i), Some(Value::Bytes(value[..max].to_vec())));
        if spec.field == Field::SidCtx {
            // SSL_SESSION_set1_id_context's SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG.
            assert_eq!(code, [(SSLSESSION_ERR_LIB_SSL << 23) | 273]);
            let len = std::ffi::c_uint::try_from(max + 1).expect("small");
            // SAFETY: a live session, `value` has `max + 1` bytes.
            let typed = unsafe { sslsession_session_set1_id_context(s.0, value.as_ptr(), len) };
            assert_eq!(typed, 0);
            assert_eq!(errors(), code);
        } else {
            assert_eq!(code, [user(SSLSESSION_R_FIELD_TOO_LONG)]);
        }
    }
    assert!(limited > 0);
}

/// The mandatory fields, `key_arg` and a wrong kind are refused, whatever
/// the field: nothing is changed and the reason is queued.
#[test]
fn refused_fields_change_nothing() {
    let s = Session::new();
    let before = s.i2d();
    let wrong = user(SSLSESSION_R_WRONG_FIELD_KIND);
    for (i, spec) in FIELDS.iter().enumerate() {
        let optional = spec.tagging.number().is_some();
        let kept = spec.written != Written::Never;
        let (int_ok, uint_ok, bytes_ok) = match spec.value {
            ValueType::Bytes => (false, false, true),
            v if v.is_signed() => (true, false, false),
            _ => (false, true, false),
        };
        let setters: [(bool, &dyn Fn() -> c_int); 3] = [
            (int_ok, &|| s.set_int(i, 0)),
            (uint_ok, &|| s.set_uint(i, 0)),
            (bytes_ok, &|| s.set_bytes(i, b"")),
        ];
        for (ok, set) in setters {
            let r = set();
            if !(ok && optional && kept) {
                assert_eq!(r, 0, "{}", spec.name);
                assert_eq!(errors(), [wrong], "{}", spec.name);
            } else if spec.asn1 == session_model::Asn1Type::Certificate {
                // An empty certificate is no certificate (d2i_X509 rejects it).
                assert_eq!(r, 0, "{}", spec.name);
                assert_eq!(errors().len(), 1);
            } else {
                assert_eq!(r, 1, "{}", spec.name);
                // SAFETY: a live session.
                assert_eq!(unsafe { sslsession_session_clear_field(s.0, i) }, 1);
            }
        }
        if !optional {
            // SAFETY: a live session.
            assert_eq!(unsafe { sslsession_session_clear_field(s.0, i) }, 0);
            assert_eq!(errors(), [wrong]);
        }
    }
    // Cleared fields read as absent; `i2d` writes what OpenSSL writes for
    // them then (the fields set above were cleared again, all absent).
    let cleared = s.i2d();
    let again = Session::new();
    for i in optional_rows() {
        // SAFETY: a live session.
        assert_eq!(unsafe { sslsession_session_clear_field(again.0, i) }, 1);
    }
    assert_eq!(cleared, again.i2d());
    assert_ne!(before, cleared, "SSL_SESSION_new() sets time, timeout, …");
    assert_eq!(errors(), Vec::<u32>::new());
}

/// A session whose cipher is not in the OpenSSL version's table: OpenSSL's
/// `d2i_SSL_SESSION` refuses it with an empty error queue (the differential
/// suite checks it stays silent there), and the library queues its own
/// reason for it, `SSLSESSION_R_UNKNOWN_CIPHER`, not a generic one.
#[test]
fn an_unknown_cipher_is_reported_as_such() {
    let (_, der) = sslsession_testkit::corpus_sessions()
        .into_iter()
        .next()
        .expect("a corpus session");
    let session = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl())
        .expect("the corpus session reads")
        .session;
    let cipher = session.cipher().code().to_be_bytes();
    let at = der
        .windows(4)
        .position(|w| w == [0x04, 0x02, cipher[0], cipher[1]])
        .expect("the cipher's OCTET STRING");
    let mut unknown = der.clone();
    unknown[at + 2..at + 4].copy_from_slice(&[0x77, 0x01]);
    errors();
    assert!(Session::d2i(&unknown).is_none());
    assert_eq!(errors(), [user(SSLSESSION_R_UNKNOWN_CIPHER)]);
}

/// The text of the oldest queued error (then the queue is drained).
fn error_text() -> String {
    let mut text = vec![0u8; 512];
    // SAFETY: `text` has its length writable.
    let needed = unsafe { sslsession_err_string(text.as_mut_ptr().cast(), text.len()) };
    assert!(needed > 0 && needed <= text.len(), "an error is queued");
    text.truncate(needed - 1);
    errors();
    String::from_utf8(text).expect("UTF-8 text")
}

/// A setter of the wrong kind says, in its error, what the field holds and
/// what it was given, in the schema's terms (hostname: bytes; time: a signed
/// integer; ticket_lifetime_hint: an unsigned one).
#[test]
fn a_wrong_kind_says_what_the_field_holds() {
    let s = Session::new();
    let index = |name: &str| {
        FIELDS
            .iter()
            .position(|f| f.name == name)
            .expect("a field of the schema")
    };
    errors();
    let cases: [(&dyn Fn() -> c_int, &str, &str); 3] = [
        (
            &|| s.set_int(index("hostname"), 1),
            "bytes",
            "a signed integer",
        ),
        (
            &|| s.set_bytes(index("time"), b"x"),
            "a signed integer",
            "bytes",
        ),
        (
            &|| s.set_int(index("ticket_lifetime_hint"), 1),
            "an unsigned integer",
            "a signed integer",
        ),
    ];
    for (set, holds, given) in cases {
        assert_eq!(set(), 0);
        let text = error_text();
        assert!(
            text.ends_with(&format!("holds {holds}, not {given}")),
            "{text}"
        );
    }
}
