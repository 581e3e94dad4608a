//! Life cycle, getters and setters, mirroring OpenSSL's `SSL_SESSION_*`
//! (`ssl/ssl_sess.c`, `ssl/ssl_lib.c`): same limits, same return values.
//!
//! Every exported function is written out — cbindgen reads the signatures
//! and doc comments from the source and does not expand macros on stable —
//! and its body is one call into the shared helpers below ([`read`],
//! [`write`], [`get`], [`put`], [`put_in_range`], the byte and string
//! helpers), which hold the NULL check, the panic boundary and the
//! copy-in/copy-out rules once.

use std::ffi::{c_char, c_int, c_long, c_uint, c_void, CStr};
use std::fmt::Display;

use session_der::{decode_with, encode, DecodeError, DecodeOptions, Target};
use session_model::{
    CipherSuite, OpenSslVersion, OwnedSession, ProtocolVersion, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN,
};

use crate::cipher::{lookup, ssl_cipher_st};
use crate::error::{
    decode_error_code, pack, push, push_null, SSLSESSION_ERR_LIB_SSL, SSLSESSION_ERR_LIB_USER,
    SSLSESSION_R_FIELD_TOO_LONG, SSLSESSION_R_UNKNOWN_CIPHER, SSLSESSION_R_VALUE_OUT_OF_RANGE,
    SSLSESSION_R_WRONG_FIELD_KIND, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
    SSL_R_SSL_SESSION_ID_TOO_LONG,
};
use crate::handle::{self, handle, sslsession_session, Handle, State, StrField};
use crate::panic::guard;

/// Where an empty-but-present byte field points: C callers get a valid,
/// non-NULL address (as OpenSSL's `ASN1_STRING` data is) rather than Rust's
/// dangling empty-`Vec` pointer.
static EMPTY: [u8; 1] = [0];

pub(crate) fn bytes_out(b: &[u8]) -> *const u8 {
    if b.is_empty() {
        EMPTY.as_ptr()
    } else {
        b.as_ptr()
    }
}

fn opt_bytes_out(b: Option<&[u8]>) -> (*const u8, usize) {
    b.map_or((std::ptr::null(), 0), |b| (bytes_out(b), b.len()))
}

/// What an accessor returns when it fails (NULL session, bad argument, a
/// panic caught at the boundary): 0, NULL or nothing, as OpenSSL's twins.
pub(crate) trait Failed {
    const FAILED: Self;
}

macro_rules! failed_is_zero {
    ($($t:ty),*) => { $(impl Failed for $t { const FAILED: Self = 0; })* };
}
// `c_int`, `c_uint` and `c_long` are aliases of these.
failed_is_zero!(u8, i32, u32, i64, u64, usize);

impl Failed for () {
    const FAILED: Self = ();
}

impl<T> Failed for *const T {
    const FAILED: Self = std::ptr::null();
}

impl<T> Failed for *mut T {
    const FAILED: Self = std::ptr::null_mut();
}

/// Runs `f` on the session for reading, inside the panic boundary; a NULL
/// session queues an error and fails.
///
/// # Safety
/// `s` is NULL or a live session.
pub(crate) unsafe fn read<T: Failed>(
    s: *const sslsession_session,
    func: &str,
    f: impl FnOnce(&State) -> T,
) -> T {
    // SAFETY: `s` is NULL or a live session (contract).
    let h = unsafe { handle(s) };
    guard(T::FAILED, || match h {
        Some(h) => f(&h.read()),
        None => {
            push_null(func, "s");
            T::FAILED
        }
    })
}

/// Runs `f` on the session for writing (see [`read`]), then refreshes the
/// C-string copies of the string fields. A value `f` gave to a field the
/// session's dialect does not store (a BoringSSL session's host name, an
/// OpenSSL session's `peer_sha256`) is removed again and the call fails with
/// `SSLSESSION_R_WRONG_FIELD_KIND`, as for OpenSSL's `key_arg`: that
/// library's `i2d` would never write it.
///
/// # Safety
/// `s` is NULL or a live session.
pub(crate) unsafe fn write<T: Failed>(
    s: *mut sslsession_session,
    func: &str,
    f: impl FnOnce(&mut State) -> T,
) -> T {
    // SAFETY: `s` is NULL or a live session (contract).
    let h = unsafe { handle(s) };
    guard(T::FAILED, || match h {
        Some(h) => {
            let mut st = h.write();
            let r = f(&mut st);
            let foreign = st.drop_foreign_field();
            st.sync_c_strings();
            match foreign {
                None => r,
                Some(field) => {
                    push(
                        pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_WRONG_FIELD_KIND),
                        func,
                        &format!(
                            "{field}: {} sessions do not hold this field",
                            st.session.dialect().library()
                        ),
                    );
                    T::FAILED
                }
            }
        }
        None => {
            push_null(func, "s");
            T::FAILED
        }
    })
}

/// A getter of a session field: [`read`] on the session model.
///
/// # Safety
/// `s` is NULL or a live session.
unsafe fn get<T: Failed>(
    s: *const sslsession_session,
    func: &str,
    f: impl FnOnce(&OwnedSession) -> T,
) -> T {
    // SAFETY: forwarded contract.
    unsafe { read(s, func, |st| f(&st.session)) }
}

/// A setter that cannot fail once the session is there: [`write`], then 1.
///
/// # Safety
/// `s` is NULL or a live session.
unsafe fn put(s: *mut sslsession_session, func: &str, f: impl FnOnce(&mut OwnedSession)) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        write(s, func, |st| {
            f(&mut st.session);
            1
        })
    }
}

/// A setter of a field narrower than its C argument: stores `convert(v)` and
/// returns 1, or returns 0 with `SSLSESSION_R_VALUE_OUT_OF_RANGE`
/// ("`field`: `v` `why`") when `convert` refuses `v`.
///
/// # Safety
/// `s` is NULL or a live session.
unsafe fn put_in_range<V: Copy + Display, W>(
    s: *mut sslsession_session,
    func: &str,
    (field, v, why): (&str, V, &str),
    convert: impl FnOnce(V) -> Option<W>,
    f: impl FnOnce(&mut OwnedSession, W),
) -> c_int {
    // SAFETY: forwarded contract.
    unsafe {
        write(s, func, |st| match convert(v) {
            Some(w) => {
                f(&mut st.session, w);
                1
            }
            None => {
                push(
                    pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_VALUE_OUT_OF_RANGE),
                    func,
                    &format!("{field}: {v} {why}"),
                );
                0
            }
        })
    }
}

/// The `len` bytes at `p`; `None` (error queued) for NULL with `len > 0`.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes that outlive `'a`.
pub(crate) unsafe fn bytes_in<'a>(
    p: *const u8,
    len: usize,
    func: &str,
    arg: &str,
) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if p.is_null() {
        push_null(func, arg);
        return None;
    }
    // SAFETY: non-NULL and `len` readable bytes (contract).
    Some(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Writes `v` through `out` when `out` is not NULL.
///
/// # Safety
/// `out` is NULL or writable.
pub(crate) unsafe fn write_out<T>(out: *mut T, v: T) {
    if let Some(o) = {
        // SAFETY: `out` is NULL or valid for writes (contract).
        unsafe { out.as_mut() }
    } {
        *o = v;
    }
}

// ---------------------------------------------------------------- life cycle

/// The library's version, e.g. `"0.1.0"` (the header's `SSLSESSION_VERSION`
/// names the version it was generated for).
#[no_mangle]
pub extern "C" fn sslsession_version() -> *const c_char {
    static VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(v) => v,
            Err(_) => c"",
        };
    VERSION.as_ptr()
}

/// A new, empty session with one reference, as `SSL_SESSION_new()` of the
/// default OpenSSL version (`sslsession_get_openssl_version`) makes it, and
/// following that version: protocol version 0, no cipher (so `i2d` refuses
/// it until one is set), time now, timeout 304 s, verify result 1. NULL only
/// if memory ran out.
#[no_mangle]
pub extern "C" fn sslsession_session_new() -> *mut sslsession_session {
    guard(std::ptr::null_mut(), || {
        Handle::into_raw(State::new_like_openssl(crate::version::default_version()))
    })
}

/// A deep copy with its own single reference (`SSL_SESSION_dup`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_dup(
    s: *const sslsession_session,
) -> *mut sslsession_session {
    const F: &str = "sslsession_session_dup";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { read(s, F, |st| Handle::into_raw(st.duplicate())) }
}

/// Adds a reference (`SSL_SESSION_up_ref`). Returns 1, or 0 for NULL.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_up_ref(s: *mut sslsession_session) -> c_int {
    guard(0, || {
        if s.is_null() {
            push_null("sslsession_session_up_ref", "s");
            return 0;
        }
        // SAFETY: `s` is a live session whose reference the caller holds.
        unsafe { handle::up_ref(s) };
        1
    })
}

/// Drops a reference (`SSL_SESSION_free`); the last one wipes the master key
/// and frees the session. NULL is a no-op.
///
/// # Safety
/// `s` is NULL or a live session; the caller gives up one reference.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_free(s: *mut sslsession_session) {
    guard((), || {
        if !s.is_null() {
            // SAFETY: the caller hands back a reference it holds (contract).
            unsafe { handle::release(s) };
        }
    });
}

// ---------------------------------------------------------- protocol, cipher

/// The protocol version, e.g. 0x0304 (`SSL_SESSION_get_protocol_version`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_protocol_version(
    s: *const sslsession_session,
) -> c_int {
    const F: &str = "sslsession_session_get_protocol_version";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| c_int::from(x.protocol_version().wire())) }
}

/// Sets the protocol version (`SSL_SESSION_set_protocol_version`). Returns 1;
/// 0 for a value outside 0..=0xFFFF, which a session cannot carry on the
/// wire (OpenSSL would store it and write it).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_protocol_version(
    s: *mut sslsession_session,
    version: c_int,
) -> c_int {
    const F: &str = "sslsession_session_set_protocol_version";
    let what = ("protocol_version", version, "is not 0..=0xFFFF");
    let store = |x: &mut OwnedSession, v| x.set_protocol_version(ProtocolVersion(v));
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put_in_range(s, F, what, |v| u16::try_from(v).ok(), store) }
}

/// OpenSSL's 32-bit cipher id (`SSL_CIPHER_get_id(SSL_SESSION_get0_cipher(s))`,
/// `0x0300XXXX`), or 0 when no cipher was set.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_cipher_id(s: *const sslsession_session) -> u32 {
    const F: &str = "sslsession_session_get_cipher_id";
    let id = |st: &State| st.has_cipher.then(|| st.session.cipher().openssl_id());
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { read(s, F, |st| id(st).unwrap_or(0)) }
}

/// Sets the cipher by OpenSSL id (`0x0300XXXX`), like `SSL_SESSION_set_cipher`
/// with the `SSL_CIPHER` of that id. Returns 1, or 0 for an id the session's
/// OpenSSL version's table does not have (it could not read such a session
/// back).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_cipher_id(
    s: *mut sslsession_session,
    id: u32,
) -> c_int {
    const F: &str = "sslsession_session_set_cipher_id";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe {
        write(s, F, |st| {
            let code = u16::try_from(id & 0xFFFF).unwrap_or(0);
            if id & 0xFFFF_0000 != 0x0300_0000 || lookup(code, st.version).is_none() {
                push(
                    pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_CIPHER),
                    F,
                    &format!(
                        "cipher: id 0x{id:08X} is not in OpenSSL {}'s cipher table",
                        st.version
                    ),
                );
                return 0;
            }
            st.session.set_cipher(CipherSuite(code));
            st.has_cipher = true;
            1
        })
    }
}

/// OpenSSL's name of the cipher (`SSL_CIPHER_get_name`), e.g.
/// `ECDHE-RSA-AES128-GCM-SHA256`; NULL when no cipher is set. Static storage.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_cipher_name(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get0_cipher_name";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get_cipher_str(s, F, ssl_cipher_st::name_ptr) }
}

/// The IANA name of the cipher (`SSL_CIPHER_standard_name`), e.g.
/// `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`; NULL when none. Static storage.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_cipher_standard_name(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get0_cipher_standard_name";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get_cipher_str(s, F, ssl_cipher_st::standard_name_ptr) }
}

pub(crate) fn cipher_entry(st: &State) -> Option<&'static ssl_cipher_st> {
    if st.has_cipher {
        lookup(st.session.cipher().code(), st.version)
    } else {
        None
    }
}

/// A string of the session's cipher (static storage); NULL when none is set.
///
/// # Safety
/// `s` is NULL or a live session.
unsafe fn get_cipher_str(
    s: *const sslsession_session,
    func: &str,
    name: fn(&ssl_cipher_st) -> *const c_char,
) -> *const c_char {
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe {
        read(s, func, |st| {
            cipher_entry(st).map_or(std::ptr::null(), name)
        })
    }
}

// ------------------------------------------------------- id, context, key

/// A byte field's address (see [`opt_bytes_out`]) and, through `len` when it
/// is not NULL, its length in `L` (0 if it does not fit, which the field
/// limits rule out).
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
pub(crate) unsafe fn get_with_len<L: TryFrom<usize> + Default>(
    s: *const sslsession_session,
    func: &str,
    len: *mut L,
    field: impl FnOnce(&OwnedSession) -> Option<&[u8]>,
) -> *const u8 {
    let out = |x: &OwnedSession| {
        let (p, n) = opt_bytes_out(field(x));
        // SAFETY: `len` is NULL or writable (contract).
        unsafe { write_out(len, L::try_from(n).unwrap_or_default()) };
        p
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, func, out) }
}

/// A setter of a byte field with a maximum length (`max` of the session's
/// OpenSSL version): over it, returns 0 and queues `code` ("`field`: N
/// bytes, at most `max` allowed"); otherwise copies the `len` bytes at `p`
/// (argument `arg`) into the field.
///
/// # Safety
/// `s` is NULL or a live session; `p` points to `len` bytes (or `len == 0`).
unsafe fn put_bytes_upto(
    s: *mut sslsession_session,
    func: &str,
    (p, len, arg): (*const u8, usize, &str),
    (field, max, code): (&str, fn(OpenSslVersion) -> usize, u32),
    store: impl FnOnce(&mut OwnedSession, Vec<u8>) -> bool,
) -> c_int {
    let copy_in = |st: &mut State| {
        let max = max(st.version);
        if len > max {
            let detail = format!("{field}: {len} bytes, at most {max} allowed");
            push(code, func, &detail);
            return 0;
        }
        // SAFETY: `p` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(p, len, func, arg) }) else {
            return 0;
        };
        c_int::from(store(&mut st.session, b.to_vec()))
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { write(s, func, copy_in) }
}

/// The session id and its length (`SSL_SESSION_get_id`). The pointer is valid
/// until the id is changed or the session freed. `len` may be NULL.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_id(
    s: *const sslsession_session,
    len: *mut c_uint,
) -> *const u8 {
    const F: &str = "sslsession_session_get_id";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, |x| Some(x.session_id())) }
}

/// Sets the session id (`SSL_SESSION_set1_id`). Returns 1, or 0 when
/// `len > 32` (`SSL_R_SSL_SESSION_ID_TOO_LONG`, as OpenSSL).
///
/// # Safety
/// `s` is NULL or a live session; `sid` points to `len` bytes (or `len == 0`).
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_id(
    s: *mut sslsession_session,
    sid: *const u8,
    len: c_uint,
) -> c_int {
    const F: &str = "sslsession_session_set1_id";
    let arg = (sid, usize::try_from(len).unwrap_or(usize::MAX), "sid");
    let code = pack(SSLSESSION_ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_TOO_LONG);
    let limit: (_, fn(_) -> _, _) = ("session_id", |_| MAX_SESSION_ID_LEN, code);
    // SAFETY: `s` is NULL or a live session; `sid` points to `len` bytes (contract).
    unsafe { put_bytes_upto(s, F, arg, limit, |x, b| x.set_session_id(b).is_ok()) }
}

/// The session id context and its length (`SSL_SESSION_get0_id_context`).
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_id_context(
    s: *const sslsession_session,
    len: *mut c_uint,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_id_context";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, |x| Some(x.sid_ctx().unwrap_or(&[]))) }
}

/// Sets the session id context (`SSL_SESSION_set1_id_context`). Returns 1, or
/// 0 when `len > 32` (`SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG`, as OpenSSL).
///
/// # Safety
/// `s` is NULL or a live session; `ctx` points to `len` bytes (or `len == 0`).
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_id_context(
    s: *mut sslsession_session,
    ctx: *const u8,
    len: c_uint,
) -> c_int {
    const F: &str = "sslsession_session_set1_id_context";
    let arg = (ctx, usize::try_from(len).unwrap_or(usize::MAX), "sid_ctx");
    let code = pack(
        SSLSESSION_ERR_LIB_SSL,
        SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
    );
    let limit: (_, fn(_) -> _, _) = ("sid_ctx", |_| MAX_SID_CTX_LEN, code);
    // SAFETY: `s` is NULL or a live session; `ctx` points to `len` bytes (contract).
    unsafe { put_bytes_upto(s, F, arg, limit, |x, b| x.set_sid_ctx(Some(b)).is_ok()) }
}

/// Copies the master key (TLS 1.3: resumption PSK) out, as
/// `SSL_SESSION_get_master_key`: with `outlen == 0` returns the key's length
/// and copies nothing; otherwise copies `min(outlen, length)` bytes to `out`
/// and returns that count.
///
/// # Safety
/// `s` is NULL or a live session; `out` points to `outlen` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_master_key(
    s: *const sslsession_session,
    out: *mut u8,
    outlen: usize,
) -> usize {
    const F: &str = "sslsession_session_get_master_key";
    let copy_out = |x: &OwnedSession| {
        let key = x.master_key().expose();
        if outlen == 0 {
            return key.len();
        }
        if out.is_null() {
            push_null(F, "out");
            return 0;
        }
        let n = outlen.min(key.len());
        // SAFETY: `out` has `outlen >= n` writable bytes (contract) and
        // cannot overlap the session's own key buffer.
        unsafe { std::ptr::copy_nonoverlapping(key.as_ptr(), out, n) };
        n
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, copy_out) }
}

/// Sets the master key (`SSL_SESSION_set1_master_key`). Returns 1, or 0 when
/// `len > 512` (256 for OpenSSL 1.1.1: `sizeof(sess->master_key)`,
/// `TLS13_MAX_RESUMPTION_PSK_LENGTH`; OpenSSL queues no error there, this
/// library queues `SSLSESSION_R_FIELD_TOO_LONG`). The old key is wiped.
///
/// # Safety
/// `s` is NULL or a live session; `key` points to `len` bytes (or `len == 0`).
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_master_key(
    s: *mut sslsession_session,
    key: *const u8,
    len: usize,
) -> c_int {
    const F: &str = "sslsession_session_set1_master_key";
    // OpenSSL names the argument `in`.
    let arg = (key, len, "in");
    let code = pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_FIELD_TOO_LONG);
    let limit: (_, fn(_) -> _, _) = ("master_key", OpenSslVersion::max_master_key_len, code);
    // SAFETY: `s` is NULL or a live session; `key` points to `len` bytes (contract).
    unsafe { put_bytes_upto(s, F, arg, limit, |x, b| x.set_master_key(b).is_ok()) }
}

// ------------------------------------------------------------ time, timeout

/// The start time in seconds since the epoch (`SSL_SESSION_get_time`), as
/// the session's OpenSSL version holds it (3.2+: an `OSSL_TIME`, so a
/// negative time reads as a large positive one, as there).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_time(s: *const sslsession_session) -> i64 {
    const F: &str = "sslsession_session_get_time";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| x.time().unwrap_or(0)) }
}

/// Sets the start time (`SSL_SESSION_set_time`), held as the session's
/// OpenSSL version holds it (3.2+: `ossl_time_from_time_t`, wrapping);
/// returns `t`, or 0 for NULL.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_time(s: *mut sslsession_session, t: i64) -> i64 {
    const F: &str = "sslsession_session_set_time";
    let store = |st: &mut State| {
        st.session.set_time(Some(st.held(t)));
        1
    };
    // SAFETY: `s` is NULL or a live session (contract).
    let ok: c_int = unsafe { write(s, F, store) };
    if ok == 1 {
        t
    } else {
        0
    }
}

/// The timeout in seconds (`SSL_SESSION_get_timeout`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_timeout(s: *const sslsession_session) -> i64 {
    const F: &str = "sslsession_session_get_timeout";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| x.timeout().unwrap_or(0)) }
}

/// Sets the timeout (`SSL_SESSION_set_timeout`), held as the session's
/// OpenSSL version holds it (3.2+: `ossl_seconds2time`, wrapping). Returns
/// 1, or 0 for NULL or, from OpenSSL 3.0 on, a negative `t` (`if (s == NULL
/// || t < 0) return 0;`; 1.1.1 stores a negative timeout).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_timeout(
    s: *mut sslsession_session,
    t: i64,
) -> c_int {
    const F: &str = "sslsession_session_set_timeout";
    let store = |st: &mut State| {
        if t < 0 && st.version != OpenSslVersion::V1_1_1 {
            push(
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_VALUE_OUT_OF_RANGE),
                F,
                &format!("timeout: {t} is negative"),
            );
            return 0;
        }
        st.session.set_timeout(Some(st.held(t)));
        1
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { write(s, F, store) }
}

// ------------------------------------------------------------ strings

/// # Safety
/// `s` is NULL or a live session.
unsafe fn get_c_string(s: *const sslsession_session, f: StrField, func: &str) -> *const c_char {
    let ptr = |st: &State| st.c_string(f).map_or(std::ptr::null(), |c| c.as_ptr());
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { read(s, func, ptr) }
}

/// # Safety
/// `s` is NULL or a live session; `value` is NULL or a NUL-terminated string.
unsafe fn set_c_string(
    s: *mut sslsession_session,
    f: StrField,
    value: *const c_char,
    func: &str,
) -> c_int {
    let bytes = if value.is_null() {
        None
    } else {
        // SAFETY: non-NULL and NUL-terminated (contract).
        Some(unsafe { CStr::from_ptr(value) }.to_bytes().to_vec())
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe {
        put(s, func, |x| match f {
            StrField::Hostname => x.set_hostname(bytes),
            StrField::PskIdentityHint => x.set_psk_identity_hint(bytes),
            StrField::PskIdentity => x.set_psk_identity(bytes),
            StrField::SrpUsername => x.set_srp_username(bytes),
        })
    }
}

/// The SNI host name, NUL-terminated, or NULL when absent
/// (`SSL_SESSION_get0_hostname`). Valid until the host name is changed or
/// the session freed.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_hostname(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get0_hostname";
    // SAFETY: forwarded contract.
    unsafe { get_c_string(s, StrField::Hostname, F) }
}

/// Sets the host name, NULL removes it (`SSL_SESSION_set1_hostname`). Returns 1.
///
/// # Safety
/// `s` is NULL or a live session; `hostname` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_hostname(
    s: *mut sslsession_session,
    hostname: *const c_char,
) -> c_int {
    const F: &str = "sslsession_session_set1_hostname";
    // SAFETY: forwarded contract.
    unsafe { set_c_string(s, StrField::Hostname, hostname, F) }
}

/// The PSK identity hint (`[7]`), NUL-terminated, or NULL when absent.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_psk_identity_hint(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get0_psk_identity_hint";
    // SAFETY: forwarded contract.
    unsafe { get_c_string(s, StrField::PskIdentityHint, F) }
}

/// Sets the PSK identity hint, NULL removes it. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session; `hint` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_psk_identity_hint(
    s: *mut sslsession_session,
    hint: *const c_char,
) -> c_int {
    const F: &str = "sslsession_session_set1_psk_identity_hint";
    // SAFETY: forwarded contract.
    unsafe { set_c_string(s, StrField::PskIdentityHint, hint, F) }
}

/// The PSK identity (`[8]`), NUL-terminated, or NULL when absent.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_psk_identity(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get0_psk_identity";
    // SAFETY: forwarded contract.
    unsafe { get_c_string(s, StrField::PskIdentity, F) }
}

/// Sets the PSK identity, NULL removes it. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session; `identity` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_psk_identity(
    s: *mut sslsession_session,
    identity: *const c_char,
) -> c_int {
    const F: &str = "sslsession_session_set1_psk_identity";
    // SAFETY: forwarded contract.
    unsafe { set_c_string(s, StrField::PskIdentity, identity, F) }
}

/// The SRP user name (`[12]`), NUL-terminated, or NULL when absent.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_srp_username(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get0_srp_username";
    // SAFETY: forwarded contract.
    unsafe { get_c_string(s, StrField::SrpUsername, F) }
}

/// Sets the SRP user name, NULL removes it. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session; `username` is NULL or a C string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_srp_username(
    s: *mut sslsession_session,
    username: *const c_char,
) -> c_int {
    const F: &str = "sslsession_session_set1_srp_username";
    // SAFETY: forwarded contract.
    unsafe { set_c_string(s, StrField::SrpUsername, username, F) }
}

// ------------------------------------------------------ byte-string fields

/// Writes `(ptr, len)` of an optional byte field to two out-pointers: `len`
/// is required, `data` too when `data_required` (otherwise a NULL `data`
/// asks for the length only). Returns 1, or 0 with nothing written.
///
/// # Safety
/// `s` is NULL or a live session; `data`, `len` are NULL or writable.
unsafe fn get0_bytes(
    s: *const sslsession_session,
    (data, data_required): (*mut *const u8, bool),
    len: *mut usize,
    func: &str,
    field: impl FnOnce(&OwnedSession) -> Option<&[u8]>,
) -> c_int {
    let missing = if data_required && data.is_null() {
        Some("data")
    } else if len.is_null() {
        Some("len")
    } else {
        None
    };
    if let Some(arg) = missing {
        guard((), || push_null(func, arg));
        return 0;
    }
    let out = |x: &OwnedSession| {
        let (p, n) = opt_bytes_out(field(x));
        // SAFETY: `len` is non-NULL (checked), `data` NULL or writable (contract).
        unsafe {
            write_out(data, p);
            write_out(len, n);
        }
        1
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, func, out) }
}

/// What a setter of an optional byte field does with a non-NULL pointer and
/// length 0 (a NULL pointer always removes the field).
#[derive(Clone, Copy)]
enum Empty {
    /// Removes the field, as OpenSSL's `set1_alpn_selected` does.
    Removes,
    /// Stores a present-but-empty value.
    Stores,
}

/// A setter of an optional byte field: NULL `p` (or an empty value, see
/// [`Empty`]) removes it, otherwise `store` gets a copy of the `len` bytes
/// (argument `arg`). Returns what `store` returns.
///
/// # Safety
/// `s` is NULL or a live session; `p` is NULL or points to `len` bytes.
unsafe fn set1_bytes(
    s: *mut sslsession_session,
    func: &str,
    (p, len, arg): (*const u8, usize, &str),
    empty: Empty,
    store: impl FnOnce(&mut OwnedSession, Option<Vec<u8>>) -> c_int,
) -> c_int {
    let copy_in = |st: &mut State| {
        if p.is_null() || (len == 0 && matches!(empty, Empty::Removes)) {
            return store(&mut st.session, None);
        }
        // SAFETY: `p` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(p, len, func, arg) }) else {
            return 0;
        };
        store(&mut st.session, Some(b.to_vec()))
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { write(s, func, copy_in) }
}

/// The selected ALPN protocol (`SSL_SESSION_get0_alpn_selected`): `*alpn`
/// NULL and `*len` 0 when none. Both out-pointers are required; nothing is
/// written if either is NULL.
///
/// # Safety
/// `s` is NULL or a live session; `alpn`, `len` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_alpn_selected(
    s: *const sslsession_session,
    alpn: *mut *const u8,
    len: *mut usize,
) {
    const F: &str = "sslsession_session_get0_alpn_selected";
    // SAFETY: forwarded contract.
    unsafe { get0_bytes(s, (alpn, true), len, F, OwnedSession::alpn_selected) };
}

/// Sets the ALPN protocol (`SSL_SESSION_set1_alpn_selected`); NULL or
/// `len == 0` removes it, as OpenSSL. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session; `alpn` points to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_alpn_selected(
    s: *mut sslsession_session,
    alpn: *const u8,
    len: usize,
) -> c_int {
    const F: &str = "sslsession_session_set1_alpn_selected";
    let store = |x: &mut OwnedSession, v| {
        x.set_alpn_selected(v);
        1
    };
    // SAFETY: forwarded contract.
    unsafe { set1_bytes(s, F, (alpn, len, "alpn"), Empty::Removes, store) }
}

/// The session ticket (`SSL_SESSION_get0_ticket`): `*tick` NULL and `*len` 0
/// when none. `tick` may be NULL (only the length is wanted); `len` is
/// required.
///
/// # Safety
/// `s` is NULL or a live session; `tick`, `len` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_ticket(
    s: *const sslsession_session,
    tick: *mut *const u8,
    len: *mut usize,
) {
    const F: &str = "sslsession_session_get0_ticket";
    // SAFETY: forwarded contract.
    unsafe { get0_bytes(s, (tick, false), len, F, OwnedSession::ticket) };
}

/// Sets the ticket; NULL `ticket` removes it, `len == 0` with a non-NULL
/// pointer stores a present-but-empty ticket (as OpenSSL can hold). Returns 1.
/// OpenSSL has no public setter; `SSL_SESSION_has_ticket` follows the length.
///
/// # Safety
/// `s` is NULL or a live session; `ticket` points to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_ticket(
    s: *mut sslsession_session,
    ticket: *const u8,
    len: usize,
) -> c_int {
    const F: &str = "sslsession_session_set1_ticket";
    let store = |x: &mut OwnedSession, v| {
        x.set_ticket(v);
        1
    };
    // SAFETY: forwarded contract.
    unsafe { set1_bytes(s, F, (ticket, len, "ticket"), Empty::Stores, store) }
}

/// 1 when the session has a non-empty ticket (`SSL_SESSION_has_ticket`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_has_ticket(s: *const sslsession_session) -> c_int {
    const F: &str = "sslsession_session_has_ticket";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| c_int::from(x.has_ticket())) }
}

/// Application data carried in the ticket (`SSL_SESSION_get0_ticket_appdata`):
/// `*data` NULL and `*len` 0 when none. Returns 1; 0 (nothing written) for a
/// NULL argument.
///
/// # Safety
/// `s` is NULL or a live session; `data`, `len` are NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_ticket_appdata(
    s: *const sslsession_session,
    data: *mut *const c_void,
    len: *mut usize,
) -> c_int {
    const F: &str = "sslsession_session_get0_ticket_appdata";
    // SAFETY: forwarded contract; `*const c_void` and `*const u8` have the same layout.
    unsafe { get0_bytes(s, (data.cast(), true), len, F, OwnedSession::ticket_appdata) }
}

/// Sets the ticket application data (`SSL_SESSION_set1_ticket_appdata`);
/// NULL or `len == 0` removes it, as OpenSSL. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session; `data` points to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_ticket_appdata(
    s: *mut sslsession_session,
    data: *const c_void,
    len: usize,
) -> c_int {
    const F: &str = "sslsession_session_set1_ticket_appdata";
    let store = |x: &mut OwnedSession, v| {
        x.set_ticket_appdata(v);
        1
    };
    // SAFETY: forwarded contract.
    unsafe { set1_bytes(s, F, (data.cast(), len, "data"), Empty::Removes, store) }
}

/// The peer's leaf certificate, DER, or NULL when none (OpenSSL's
/// `i2d_X509(SSL_SESSION_get0_peer(s))` for a DER-received certificate).
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_peer_certificate(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_peer_certificate";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::peer_certificate) }
}

/// Offset of the certificate's first byte in [`probe_with_certificate`]'s encoding.
fn certificate_offset(enc: &[u8]) -> usize {
    // DER header length (tag + length octets) of the element at `pos`.
    let header = |pos: usize| -> usize {
        match enc.get(pos + 1) {
            Some(&l) if l & 0x80 != 0 => 2 + usize::from(l & 0x7F),
            _ => 2,
        }
    };
    // SEQUENCE header, then version (3), ssl_version (4), cipher (4), empty
    // session_id (2) and master_key (2), then the `[3]` wrapper's header.
    let wrapper = header(0) + 3 + 4 + 4 + 2 + 2;
    wrapper + header(wrapper)
}

fn probe_with_certificate(der: &[u8]) -> Result<(), (DecodeError, usize)> {
    let mut probe = OwnedSession::new(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));
    probe.set_peer_certificate(Some(der.to_vec()));
    let Ok(enc) = encode(&probe, Target::OpenSsl(OpenSslVersion::default())) else {
        return Ok(());
    };
    match decode_with::<OwnedSession>(&enc, &DecodeOptions::openssl()) {
        Ok(_) => Ok(()),
        Err(e) => Err((e, certificate_offset(&enc))),
    }
}

/// Whether `der` passes [`probe_with_certificate`], as a certificate of the
/// field named `field`; false with the decoder's error queued.
pub(crate) fn check_certificate(func: &str, field: &str, der: &[u8]) -> bool {
    match probe_with_certificate(der) {
        Ok(()) => true,
        Err((e, start)) => {
            push(
                decode_error_code(&e),
                func,
                &format!(
                    "{field}: rejected as {:?} at certificate offset {}",
                    e.kind(),
                    e.offset().saturating_sub(start)
                ),
            );
            false
        }
    }
}

/// Stores `der` as the peer certificate of `x` if it passes
/// [`check_certificate`]; 1, or 0 with the decoder's error queued.
fn store_peer_certificate(func: &str, x: &mut OwnedSession, der: Option<Vec<u8>>) -> c_int {
    if let Some(der) = &der {
        if !check_certificate(func, "peer_certificate", der) {
            return 0;
        }
    }
    x.set_peer_certificate(der);
    1
}

/// Sets the peer certificate from its DER; NULL removes it. The certificate
/// must pass the X.509 syntax check OpenSSL's `d2i_X509` makes when it reads
/// the session back; returns 1, or 0 (error queued with the offset within
/// the certificate) otherwise. OpenSSL sets the peer only in a handshake.
///
/// # Safety
/// `s` is NULL or a live session; `der` points to `len` bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set1_peer_certificate(
    s: *mut sslsession_session,
    der: *const u8,
    len: usize,
) -> c_int {
    const F: &str = "sslsession_session_set1_peer_certificate";
    let store = |x: &mut OwnedSession, v| store_peer_certificate(F, x, v);
    // SAFETY: forwarded contract.
    unsafe { set1_bytes(s, F, (der, len, "der"), Empty::Stores, store) }
}

/// The peer's raw public key (`[20]`, OpenSSL 3.2+, DER SubjectPublicKeyInfo),
/// or NULL. Read when the version is 3.5 or later, and by strict mode
/// (OpenSSL 1.1.1 and 3.0 reject `[20]`).
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_peer_rpk(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_peer_rpk";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::peer_rpk) }
}

// ------------------------------------------------------------ integers

/// The ticket lifetime hint in seconds (`SSL_SESSION_get_ticket_lifetime_hint`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_ticket_lifetime_hint(
    s: *const sslsession_session,
) -> u64 {
    const F: &str = "sslsession_session_get_ticket_lifetime_hint";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| x.ticket_lifetime_hint().unwrap_or(0)) }
}

/// Sets the ticket lifetime hint (`[9]`). Returns 1.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_ticket_lifetime_hint(
    s: *mut sslsession_session,
    v: u64,
) -> c_int {
    const F: &str = "sslsession_session_set_ticket_lifetime_hint";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put(s, F, |x| x.set_ticket_lifetime_hint(Some(v))) }
}

/// The TLS 1.3 max early data (`SSL_SESSION_get_max_early_data`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_max_early_data(
    s: *const sslsession_session,
) -> u32 {
    const F: &str = "sslsession_session_get_max_early_data";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| x.max_early_data().unwrap_or(0)) }
}

/// Sets the max early data (`SSL_SESSION_set_max_early_data`). Returns 1.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_max_early_data(
    s: *mut sslsession_session,
    v: u32,
) -> c_int {
    const F: &str = "sslsession_session_set_max_early_data";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put(s, F, |x| x.set_max_early_data(Some(v))) }
}

/// The flags (`[13]`, 32 bits as OpenSSL holds them); bit 0 is
/// `SSL_SESS_FLAG_EXTMS`, the extended master secret.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_flags(s: *const sslsession_session) -> u32 {
    const F: &str = "sslsession_session_get_flags";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, OwnedSession::effective_flags) }
}

/// Sets the flags. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_flags(s: *mut sslsession_session, v: u32) -> c_int {
    const F: &str = "sslsession_session_set_flags";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put(s, F, |x| x.set_flags(Some(u64::from(v)))) }
}

/// The TLS 1.3 ticket age add (`[14]`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_ticket_age_add(
    s: *const sslsession_session,
) -> u32 {
    const F: &str = "sslsession_session_get_ticket_age_add";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| x.ticket_age_add().unwrap_or(0)) }
}

/// Sets the ticket age add. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_ticket_age_add(
    s: *mut sslsession_session,
    v: u32,
) -> c_int {
    const F: &str = "sslsession_session_set_ticket_age_add";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put(s, F, |x| x.set_ticket_age_add(Some(v))) }
}

/// The key exchange group (`[19]`, a TLS group id such as 0x1d for x25519).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_kex_group(s: *const sslsession_session) -> c_uint {
    const F: &str = "sslsession_session_get_kex_group";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| x.kex_group().unwrap_or(0)) }
}

/// Sets the key exchange group. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_kex_group(
    s: *mut sslsession_session,
    v: c_uint,
) -> c_int {
    const F: &str = "sslsession_session_set_kex_group";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put(s, F, |x| x.set_kex_group(Some(v))) }
}

/// The max fragment length mode as the session's OpenSSL version's
/// `SSL_SESSION_get_max_fragment_length` reports it: the stored byte; from
/// 3.0 on 255 (`TLSEXT_max_fragment_length_UNSPECIFIED`, what their
/// `SSL_SESSION_new()` stores) reads as 0 (`…_DISABLED`; `ssl/t1_lib.c`),
/// 1.1.1 returns 255 as it is.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_max_fragment_length(
    s: *const sslsession_session,
) -> u8 {
    const F: &str = "sslsession_session_get_max_fragment_length";
    let mode = |st: &State| st.session.openssl_max_fragment_length(st.version);
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { read(s, F, mode) }
}

/// Sets the stored max fragment length mode (`[17]`, one byte). Returns 1.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_max_fragment_length(
    s: *mut sslsession_session,
    mode: u8,
) -> c_int {
    const F: &str = "sslsession_session_set_max_fragment_length";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put(s, F, |x| x.set_max_fragment_len_mode(Some(u32::from(mode)))) }
}

/// The compression method id (`SSL_SESSION_get_compress_id`); 0 for none.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_compress_id(
    s: *const sslsession_session,
) -> c_uint {
    const F: &str = "sslsession_session_get_compress_id";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| c_uint::from(x.compression_id().unwrap_or(0))) }
}

/// Sets the compression method id (`[11]`, one byte). Returns 1, or 0 for a
/// value over 255.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_compress_id(
    s: *mut sslsession_session,
    id: c_uint,
) -> c_int {
    const F: &str = "sslsession_session_set_compress_id";
    let what = ("compression_id", id, "is over 255");
    let store = |x: &mut OwnedSession, v| x.set_compression_id(Some(v));
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put_in_range(s, F, what, |v| u8::try_from(v).ok(), store) }
}

/// The certificate verification result (`X509_V_OK` = 0, …).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_verify_result(
    s: *const sslsession_session,
) -> c_long {
    const F: &str = "sslsession_session_get_verify_result";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| c_long::from(x.effective_verify_result())) }
}

/// Sets the verify result (`[5]`, a 32-bit signed value on the wire).
/// Returns 1, or 0 for a value outside `int32_t`.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_verify_result(
    s: *mut sslsession_session,
    result: c_long,
) -> c_int {
    const F: &str = "sslsession_session_set_verify_result";
    let what = ("verify_result", result, "does not fit in 32 bits");
    let store = |x: &mut OwnedSession, v| x.set_verify_result(Some(v));
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { put_in_range(s, F, what, |v| i32::try_from(v).ok(), store) }
}

/// 1 when the session can be resumed: it has a session id or a non-empty
/// ticket (`SSL_SESSION_is_resumable`; `not_resumable` is never serialised).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_is_resumable(s: *const sslsession_session) -> c_int {
    const F: &str = "sslsession_session_is_resumable";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { get(s, F, |x| c_int::from(x.is_resumable())) }
}
