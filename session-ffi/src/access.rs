//! Life cycle, getters and setters, mirroring OpenSSL's `SSL_SESSION_*`
//! (`ssl/ssl_sess.c`, `ssl/ssl_lib.c`): same limits, same return values.

use std::ffi::{c_char, c_int, c_long, c_uint, c_void, CStr};

use session_der::{decode_with, encode, DecodeError, DecodeOptions, Target};
use session_model::{
    CipherSuite, OwnedSession, ProtocolVersion, MAX_MASTER_KEY_LEN, MAX_SESSION_ID_LEN,
    MAX_SID_CTX_LEN,
};

use crate::cipher::lookup;
use crate::error::{
    decode_error_code, pack, push, push_null, SSLSESSION_ERR_LIB_SSL, SSLSESSION_ERR_LIB_USER,
    SSLSESSION_R_FIELD_TOO_LONG, SSLSESSION_R_UNKNOWN_CIPHER, SSLSESSION_R_VALUE_OUT_OF_RANGE,
    SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG, SSL_R_SSL_SESSION_ID_TOO_LONG,
};
use crate::handle::{self, handle, sslsession_session, Handle, State, StrField};
use crate::panic::guard;

/// Where an empty-but-present byte field points: C callers get a valid,
/// non-NULL address (as OpenSSL's `ASN1_STRING` data is) rather than Rust's
/// dangling empty-`Vec` pointer.
static EMPTY: [u8; 1] = [0];

fn bytes_out(b: &[u8]) -> *const u8 {
    if b.is_empty() {
        EMPTY.as_ptr()
    } else {
        b.as_ptr()
    }
}

fn opt_bytes_out(b: Option<&[u8]>) -> (*const u8, usize) {
    b.map_or((std::ptr::null(), 0), |b| (bytes_out(b), b.len()))
}

/// Runs `f` on the session for reading, inside the panic boundary; a NULL
/// session queues an error and returns `default`.
fn get<T: Copy>(h: Option<&Handle>, default: T, func: &str, f: impl FnOnce(&State) -> T) -> T {
    guard(default, || match h {
        Some(h) => f(&h.read()),
        None => {
            push_null(func, "s");
            default
        }
    })
}

/// Runs `f` on the session for writing (see [`get`]), then refreshes the
/// C-string copies of the string fields.
fn set<T: Copy>(h: Option<&Handle>, default: T, func: &str, f: impl FnOnce(&mut State) -> T) -> T {
    guard(default, || match h {
        Some(h) => {
            let mut st = h.write();
            let r = f(&mut st);
            st.sync_c_strings();
            r
        }
        None => {
            push_null(func, "s");
            default
        }
    })
}

/// The `len` bytes at `p`; `None` (error queued) for NULL with `len > 0`.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes that outlive `'a`.
unsafe fn bytes_in<'a>(p: *const u8, len: usize, func: &str, arg: &str) -> Option<&'a [u8]> {
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
unsafe fn write_out<T>(out: *mut T, v: T) {
    if let Some(o) = {
        // SAFETY: `out` is NULL or valid for writes (contract).
        unsafe { out.as_mut() }
    } {
        *o = v;
    }
}

fn too_long(func: &str, what: &str, len: usize, max: usize) {
    push(
        pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_FIELD_TOO_LONG),
        func,
        &format!("{what}: {len} bytes, at most {max} allowed"),
    );
}

fn out_of_range(func: &str, detail: &str) {
    push(
        pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_VALUE_OUT_OF_RANGE),
        func,
        detail,
    );
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

/// A new, empty session with one reference, as `SSL_SESSION_new()` makes it:
/// protocol version 0, no cipher (so `i2d` refuses it until one is set),
/// time now, timeout 304 s, verify result 1. NULL only if memory ran out.
#[no_mangle]
pub extern "C" fn sslsession_session_new() -> *mut sslsession_session {
    guard(std::ptr::null_mut(), || {
        Handle::into_raw(State::new_like_openssl())
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        std::ptr::null_mut(),
        "sslsession_session_dup",
        |st| Handle::into_raw(st.duplicate()),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_protocol_version",
        |st| c_int::from(st.session.protocol_version().wire()),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        match u16::try_from(version) {
            Ok(v) => {
                st.session.set_protocol_version(ProtocolVersion(v));
                1
            }
            Err(_) => {
                out_of_range(F, &format!("protocol_version: {version} is not 0..=0xFFFF"));
                0
            }
        }
    })
}

/// OpenSSL's 32-bit cipher id (`SSL_CIPHER_get_id(SSL_SESSION_get0_cipher(s))`,
/// `0x0300XXXX`), or 0 when no cipher was set.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_cipher_id(s: *const sslsession_session) -> u32 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_cipher_id",
        |st| {
            if st.has_cipher {
                st.session.cipher().openssl_id()
            } else {
                0
            }
        },
    )
}

/// Sets the cipher by OpenSSL id (`0x0300XXXX`), like `SSL_SESSION_set_cipher`
/// with the `SSL_CIPHER` of that id. Returns 1, or 0 for an id OpenSSL 3.0's
/// table does not have (it could not read such a session back).
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
    set(unsafe { handle(s) }, 0, F, |st| {
        let code = u16::try_from(id & 0xFFFF).unwrap_or(0);
        if id & 0xFFFF_0000 != 0x0300_0000 || lookup(code).is_none() {
            push(
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_CIPHER),
                F,
                &format!("cipher: id 0x{id:08X} is not in OpenSSL's cipher table"),
            );
            return 0;
        }
        st.session.set_cipher(CipherSuite(code));
        st.has_cipher = true;
        1
    })
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        std::ptr::null(),
        "sslsession_session_get0_cipher_name",
        |st| cipher_entry(st).map_or(std::ptr::null(), |c| c.name_ptr()),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        std::ptr::null(),
        "sslsession_session_get0_cipher_standard_name",
        |st| cipher_entry(st).map_or(std::ptr::null(), |c| c.standard_name_ptr()),
    )
}

pub(crate) fn cipher_entry(st: &State) -> Option<&'static crate::cipher::ssl_cipher_st> {
    if st.has_cipher {
        lookup(st.session.cipher().code())
    } else {
        None
    }
}

// ------------------------------------------------------- id, context, key

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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        std::ptr::null(),
        "sslsession_session_get_id",
        |st| {
            let id = st.session.session_id();
            // SAFETY: `len` is NULL or writable (contract); ids are <= 32 bytes.
            unsafe { write_out(len, c_uint::try_from(id.len()).unwrap_or(0)) };
            bytes_out(id)
        },
    )
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
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if len > MAX_SESSION_ID_LEN {
            push(
                pack(SSLSESSION_ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_TOO_LONG),
                F,
                &format!("session_id: {len} bytes, at most {MAX_SESSION_ID_LEN} allowed"),
            );
            return 0;
        }
        // SAFETY: `sid` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(sid, len, F, "sid") }) else {
            return 0;
        };
        c_int::from(st.session.set_session_id(b.to_vec()).is_ok())
    })
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        std::ptr::null(),
        "sslsession_session_get0_id_context",
        |st| {
            let ctx = st.session.sid_ctx().unwrap_or(&[]);
            // SAFETY: `len` is NULL or writable (contract); contexts are <= 32 bytes.
            unsafe { write_out(len, c_uint::try_from(ctx.len()).unwrap_or(0)) };
            bytes_out(ctx)
        },
    )
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
    let len = usize::try_from(len).unwrap_or(usize::MAX);
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if len > MAX_SID_CTX_LEN {
            push(
                pack(
                    SSLSESSION_ERR_LIB_SSL,
                    SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
                ),
                F,
                &format!("sid_ctx: {len} bytes, at most {MAX_SID_CTX_LEN} allowed"),
            );
            return 0;
        }
        // SAFETY: `ctx` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(ctx, len, F, "sid_ctx") }) else {
            return 0;
        };
        c_int::from(st.session.set_sid_ctx(Some(b.to_vec())).is_ok())
    })
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(unsafe { handle(s) }, 0, F, |st| {
        let key = st.session.master_key().expose();
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
    })
}

/// Sets the master key (`SSL_SESSION_set1_master_key`). Returns 1, or 0 when
/// `len > 512` (`TLS13_MAX_RESUMPTION_PSK_LENGTH`; OpenSSL queues no error
/// there, this library queues `SSLSESSION_R_FIELD_TOO_LONG`). The old key is
/// wiped.
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if len > MAX_MASTER_KEY_LEN {
            too_long(F, "master_key", len, MAX_MASTER_KEY_LEN);
            return 0;
        }
        // SAFETY: `key` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(key, len, F, "in") }) else {
            return 0;
        };
        c_int::from(st.session.set_master_key(b.to_vec()).is_ok())
    })
}

// ------------------------------------------------------------ time, timeout

/// The start time in seconds since the epoch (`SSL_SESSION_get_time`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_time(s: *const sslsession_session) -> i64 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_time",
        |st| st.session.time().unwrap_or(0),
    )
}

/// Sets the start time (`SSL_SESSION_set_time`); returns `t`, or 0 for NULL.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_time(s: *mut sslsession_session, t: i64) -> i64 {
    // SAFETY: `s` is NULL or a live session (contract).
    set(
        unsafe { handle(s) },
        0,
        "sslsession_session_set_time",
        |st| {
            st.session.set_time(Some(t));
            t
        },
    )
}

/// The timeout in seconds (`SSL_SESSION_get_timeout`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_timeout(s: *const sslsession_session) -> i64 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_timeout",
        |st| st.session.timeout().unwrap_or(0),
    )
}

/// Sets the timeout (`SSL_SESSION_set_timeout`). Returns 1, or 0 for NULL or
/// a negative `t` (OpenSSL 3: `if (s == NULL || t < 0) return 0;`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_timeout(
    s: *mut sslsession_session,
    t: i64,
) -> c_int {
    const F: &str = "sslsession_session_set_timeout";
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if t < 0 {
            out_of_range(F, &format!("timeout: {t} is negative"));
            return 0;
        }
        st.session.set_timeout(Some(t));
        1
    })
}

// ------------------------------------------------------------ strings

/// # Safety
/// `s` is NULL or a live session.
unsafe fn get_c_string(s: *const sslsession_session, f: StrField, func: &str) -> *const c_char {
    // SAFETY: `s` is NULL or a live session (contract).
    get(unsafe { handle(s) }, std::ptr::null(), func, |st| {
        st.c_string(f).map_or(std::ptr::null(), |c| c.as_ptr())
    })
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
    set(unsafe { handle(s) }, 0, func, |st| {
        match f {
            StrField::Hostname => st.session.set_hostname(bytes),
            StrField::PskIdentityHint => st.session.set_psk_identity_hint(bytes),
            StrField::PskIdentity => st.session.set_psk_identity(bytes),
            StrField::SrpUsername => st.session.set_srp_username(bytes),
        }
        1
    })
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
    // SAFETY: forwarded contract.
    unsafe { get_c_string(s, StrField::Hostname, "sslsession_session_get0_hostname") }
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
    // SAFETY: forwarded contract.
    unsafe {
        set_c_string(
            s,
            StrField::Hostname,
            hostname,
            "sslsession_session_set1_hostname",
        )
    }
}

/// The PSK identity hint (`[7]`), NUL-terminated, or NULL when absent.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_psk_identity_hint(
    s: *const sslsession_session,
) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe {
        get_c_string(
            s,
            StrField::PskIdentityHint,
            "sslsession_session_get0_psk_identity_hint",
        )
    }
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
    // SAFETY: forwarded contract.
    unsafe {
        set_c_string(
            s,
            StrField::PskIdentityHint,
            hint,
            "sslsession_session_set1_psk_identity_hint",
        )
    }
}

/// The PSK identity (`[8]`), NUL-terminated, or NULL when absent.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_psk_identity(
    s: *const sslsession_session,
) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe {
        get_c_string(
            s,
            StrField::PskIdentity,
            "sslsession_session_get0_psk_identity",
        )
    }
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
    // SAFETY: forwarded contract.
    unsafe {
        set_c_string(
            s,
            StrField::PskIdentity,
            identity,
            "sslsession_session_set1_psk_identity",
        )
    }
}

/// The SRP user name (`[12]`), NUL-terminated, or NULL when absent.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_srp_username(
    s: *const sslsession_session,
) -> *const c_char {
    // SAFETY: forwarded contract.
    unsafe {
        get_c_string(
            s,
            StrField::SrpUsername,
            "sslsession_session_get0_srp_username",
        )
    }
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
    // SAFETY: forwarded contract.
    unsafe {
        set_c_string(
            s,
            StrField::SrpUsername,
            username,
            "sslsession_session_set1_srp_username",
        )
    }
}

// ------------------------------------------------------ byte-string fields

/// Writes `(ptr, len)` of an optional byte field to two out-pointers, both
/// required.
///
/// # Safety
/// `s` is NULL or a live session; `data`, `len` are NULL or writable.
unsafe fn get0_bytes(
    s: *const sslsession_session,
    data: *mut *const u8,
    len: *mut usize,
    func: &str,
    field: impl FnOnce(&OwnedSession) -> Option<&[u8]>,
) -> c_int {
    if data.is_null() || len.is_null() {
        guard((), || {
            push_null(func, if data.is_null() { "data" } else { "len" })
        });
        return 0;
    }
    // SAFETY: `s` is NULL or a live session (contract).
    get(unsafe { handle(s) }, 0, func, |st| {
        let (p, n) = opt_bytes_out(field(&st.session));
        // SAFETY: both out-pointers are non-NULL and writable (checked, contract).
        unsafe {
            write_out(data, p);
            write_out(len, n);
        }
        1
    })
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
    // SAFETY: forwarded contract.
    unsafe {
        get0_bytes(s, alpn, len, "sslsession_session_get0_alpn_selected", |x| {
            x.alpn_selected()
        })
    };
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if alpn.is_null() || len == 0 {
            st.session.set_alpn_selected(None);
            return 1;
        }
        // SAFETY: `alpn` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(alpn, len, F, "alpn") }) else {
            return 0;
        };
        st.session.set_alpn_selected(Some(b.to_vec()));
        1
    })
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
    if len.is_null() {
        guard((), || push_null(F, "len"));
        return;
    }
    // SAFETY: `s` is NULL or a live session (contract).
    get(unsafe { handle(s) }, (), F, |st| {
        let (p, n) = opt_bytes_out(st.session.ticket());
        // SAFETY: `len` is non-NULL and writable, `tick` NULL or writable.
        unsafe {
            write_out(len, n);
            write_out(tick, p);
        }
    });
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if ticket.is_null() {
            st.session.set_ticket(None);
            return 1;
        }
        // SAFETY: `ticket` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(ticket, len, F, "ticket") }) else {
            return 0;
        };
        st.session.set_ticket(Some(b.to_vec()));
        1
    })
}

/// 1 when the session has a non-empty ticket (`SSL_SESSION_has_ticket`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_has_ticket(s: *const sslsession_session) -> c_int {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_has_ticket",
        |st| c_int::from(st.session.has_ticket()),
    )
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
    // SAFETY: forwarded contract; `*const c_void` and `*const u8` have the same layout.
    unsafe {
        get0_bytes(
            s,
            data.cast(),
            len,
            "sslsession_session_get0_ticket_appdata",
            |x| x.ticket_appdata(),
        )
    }
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if data.is_null() || len == 0 {
            st.session.set_ticket_appdata(None);
            return 1;
        }
        // SAFETY: `data` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(data.cast(), len, F, "data") }) else {
            return 0;
        };
        st.session.set_ticket_appdata(Some(b.to_vec()));
        1
    })
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        std::ptr::null(),
        "sslsession_session_get0_peer_certificate",
        |st| {
            let (p, n) = opt_bytes_out(st.session.peer_certificate());
            // SAFETY: `len` is NULL or writable (contract).
            unsafe { write_out(len, n) };
            p
        },
    )
}

/// `TLSEXT_max_fragment_length_UNSPECIFIED`.
const MFL_UNSPECIFIED: u8 = 255;

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
    let Ok(enc) = encode(&probe, Target::OpenSsl3) else {
        return Ok(());
    };
    match decode_with::<OwnedSession>(&enc, &DecodeOptions::openssl()) {
        Ok(_) => Ok(()),
        Err(e) => Err((e, certificate_offset(&enc))),
    }
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        if der.is_null() {
            st.session.set_peer_certificate(None);
            return 1;
        }
        // SAFETY: `der` points to `len` bytes (contract).
        let Some(b) = (unsafe { bytes_in(der, len, F, "der") }) else {
            return 0;
        };
        if let Err((e, start)) = probe_with_certificate(b) {
            push(
                decode_error_code(&e),
                F,
                &format!(
                    "peer_certificate: rejected as {:?} at certificate offset {}",
                    e.kind(),
                    e.offset().saturating_sub(start)
                ),
            );
            return 0;
        }
        st.session.set_peer_certificate(Some(b.to_vec()));
        1
    })
}

/// The peer's raw public key (`[20]`, OpenSSL 3.2+, DER SubjectPublicKeyInfo),
/// or NULL. Only strict mode reads `[20]` (OpenSSL 3.0 rejects it).
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_peer_rpk(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        std::ptr::null(),
        "sslsession_session_get0_peer_rpk",
        |st| {
            let (p, n) = opt_bytes_out(st.session.peer_rpk());
            // SAFETY: `len` is NULL or writable (contract).
            unsafe { write_out(len, n) };
            p
        },
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_ticket_lifetime_hint",
        |st| st.session.ticket_lifetime_hint().unwrap_or(0),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(
        unsafe { handle(s) },
        0,
        "sslsession_session_set_ticket_lifetime_hint",
        |st| {
            st.session.set_ticket_lifetime_hint(Some(v));
            1
        },
    )
}

/// The TLS 1.3 max early data (`SSL_SESSION_get_max_early_data`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_max_early_data(
    s: *const sslsession_session,
) -> u32 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_max_early_data",
        |st| st.session.max_early_data().unwrap_or(0),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(
        unsafe { handle(s) },
        0,
        "sslsession_session_set_max_early_data",
        |st| {
            st.session.set_max_early_data(Some(v));
            1
        },
    )
}

/// The flags (`[13]`, 32 bits as OpenSSL holds them); bit 0 is
/// `SSL_SESS_FLAG_EXTMS`, the extended master secret.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_flags(s: *const sslsession_session) -> u32 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_flags",
        |st| st.session.effective_flags(),
    )
}

/// Sets the flags. Returns 1.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_flags(s: *mut sslsession_session, v: u32) -> c_int {
    // SAFETY: `s` is NULL or a live session (contract).
    set(
        unsafe { handle(s) },
        0,
        "sslsession_session_set_flags",
        |st| {
            st.session.set_flags(Some(u64::from(v)));
            1
        },
    )
}

/// The TLS 1.3 ticket age add (`[14]`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_ticket_age_add(
    s: *const sslsession_session,
) -> u32 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_ticket_age_add",
        |st| st.session.ticket_age_add().unwrap_or(0),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(
        unsafe { handle(s) },
        0,
        "sslsession_session_set_ticket_age_add",
        |st| {
            st.session.set_ticket_age_add(Some(v));
            1
        },
    )
}

/// The key exchange group (`[19]`, a TLS group id such as 0x1d for x25519).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_kex_group(s: *const sslsession_session) -> c_uint {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_kex_group",
        |st| st.session.kex_group().unwrap_or(0),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(
        unsafe { handle(s) },
        0,
        "sslsession_session_set_kex_group",
        |st| {
            st.session.set_kex_group(Some(v));
            1
        },
    )
}

/// The max fragment length mode as OpenSSL 3.0.19's
/// `SSL_SESSION_get_max_fragment_length` reports it: the stored byte, except
/// 255 (`TLSEXT_max_fragment_length_UNSPECIFIED`, what `SSL_SESSION_new()`
/// stores), which reads as 0 (`…_DISABLED`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_max_fragment_length(
    s: *const sslsession_session,
) -> u8 {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_max_fragment_length",
        |st| match st.session.effective_max_fragment_len_mode() {
            MFL_UNSPECIFIED => 0,
            m => m,
        },
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(
        unsafe { handle(s) },
        0,
        "sslsession_session_set_max_fragment_length",
        |st| {
            st.session.set_max_fragment_len_mode(Some(u32::from(mode)));
            1
        },
    )
}

/// The compression method id (`SSL_SESSION_get_compress_id`); 0 for none.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_compress_id(
    s: *const sslsession_session,
) -> c_uint {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_compress_id",
        |st| c_uint::from(st.session.compression_id().unwrap_or(0)),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| match u8::try_from(id) {
        Ok(v) => {
            st.session.set_compression_id(Some(v));
            1
        }
        Err(_) => {
            out_of_range(F, &format!("compression_id: {id} is over 255"));
            0
        }
    })
}

/// The certificate verification result (`X509_V_OK` = 0, …).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_verify_result(
    s: *const sslsession_session,
) -> c_long {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_get_verify_result",
        |st| c_long::from(st.session.effective_verify_result()),
    )
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
    // SAFETY: `s` is NULL or a live session (contract).
    set(unsafe { handle(s) }, 0, F, |st| {
        match i32::try_from(result) {
            Ok(v) => {
                st.session.set_verify_result(Some(v));
                1
            }
            Err(_) => {
                out_of_range(
                    F,
                    &format!("verify_result: {result} does not fit in 32 bits"),
                );
                0
            }
        }
    })
}

/// 1 when the session can be resumed: it has a session id or a non-empty
/// ticket (`SSL_SESSION_is_resumable`; `not_resumable` is never serialised).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_is_resumable(s: *const sslsession_session) -> c_int {
    // SAFETY: `s` is NULL or a live session (contract).
    get(
        unsafe { handle(s) },
        0,
        "sslsession_session_is_resumable",
        |st| c_int::from(st.session.is_resumable()),
    )
}
