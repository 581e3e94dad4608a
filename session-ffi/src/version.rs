//! Which OpenSSL version the C library reproduces: a process-wide default
//! that `d2i` and `sslsession_session_new` give each new session, and the
//! version each session remembers (its getters and `i2d` follow it).
//!
//! The default is, in order: what `sslsession_set_openssl_version` last set;
//! else the environment variable `SSLSESSION_OPENSSL_VERSION`, read once, at
//! the first use; else 3.5, the current LTS (`OpenSslVersion::default()`).
//! So a program written for OpenSSL picks a version without a code change
//! (the environment), and a new program says it explicitly (the setter).

use std::ffi::{c_char, c_int, CStr, CString};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

use session_der::{Dialect, OpenSslVersion};

use crate::error::{pack, push, push_null, SSLSESSION_ERR_LIB_USER};
use crate::error::{SSLSESSION_R_UNKNOWN_OPENSSL_VERSION, SSLSESSION_R_WRONG_DIALECT};
use crate::handle::{sslsession_session, State};
use crate::panic::guard;

/// The environment variable read once, at first use, when the program has
/// not chosen a version with `sslsession_set_openssl_version`.
pub(crate) const ENV_VAR: &str = "SSLSESSION_OPENSSL_VERSION";

/// The default's position in `OpenSslVersion::ALL`; `UNSET` until the first
/// use or the first `sslsession_set_openssl_version`.
static DEFAULT: AtomicU8 = AtomicU8::new(UNSET);
const UNSET: u8 = u8::MAX;

fn to_index(v: OpenSslVersion) -> u8 {
    // `ALL` has a handful of entries: always fits.
    u8::try_from(v.index()).unwrap_or(UNSET)
}

fn from_index(i: u8) -> Option<OpenSslVersion> {
    OpenSslVersion::ALL.get(usize::from(i)).copied()
}

/// The version named by the environment, or the library's default (3.5)
/// when the variable is unset or names no version this library reproduces.
fn from_environment() -> OpenSslVersion {
    std::env::var(ENV_VAR)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_default()
}

/// The process-wide default version (see the module's documentation).
pub(crate) fn default_version() -> OpenSslVersion {
    if let Some(v) = from_index(DEFAULT.load(Ordering::Acquire)) {
        return v;
    }
    let env = from_environment();
    // Only an unset default takes the environment's: a concurrent
    // `sslsession_set_openssl_version` (or another first reader) wins.
    match DEFAULT.compare_exchange(UNSET, to_index(env), Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => env,
        Err(current) => from_index(current).unwrap_or(env),
    }
}

/// A version's name as a C string with static storage (`"3.5"`).
pub(crate) fn c_name(v: OpenSslVersion) -> *const c_char {
    static NAMES: OnceLock<Vec<CString>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        OpenSslVersion::ALL
            .iter()
            // Names are ASCII digits and dots: `CString::new` cannot fail.
            .filter_map(|v| CString::new(v.name()).ok())
            .collect()
    });
    names
        .get(v.index())
        .map_or(std::ptr::null(), |n| n.as_ptr())
}

/// Parses a C string naming a version; `None` (error queued) when it is NULL,
/// not UTF-8 or not a version this library reproduces.
///
/// # Safety
/// `version` is NULL or a NUL-terminated string.
unsafe fn parse(version: *const c_char, func: &str) -> Option<OpenSslVersion> {
    if version.is_null() {
        push_null(func, "version");
        return None;
    }
    // SAFETY: non-NULL and NUL-terminated (contract).
    let name = unsafe { CStr::from_ptr(version) }.to_string_lossy();
    match name.parse::<OpenSslVersion>() {
        Ok(v) => Some(v),
        Err(e) => {
            push(
                pack(
                    SSLSESSION_ERR_LIB_USER,
                    SSLSESSION_R_UNKNOWN_OPENSSL_VERSION,
                ),
                func,
                &e.to_string(),
            );
            None
        }
    }
}

/// Sets the OpenSSL version that sessions read or created from now on
/// follow, for the whole process: `"1.1.1"`, `"3.0"`, `"3.5"`, `"3.6"` or
/// `"4.0"` (a full release name such as `"3.5.5"` or `"1.1.1w"` is accepted
/// too). `sslsession_session_d2i` then accepts exactly what that version's
/// `d2i_SSL_SESSION` accepts, the session's getters report what that
/// version's report, and its `i2d` writes what that version's writes.
/// Sessions that exist keep the version they were made with.
///
/// Returns 1, or 0 (error queued, default unchanged) for NULL or a name
/// that is not one of those versions. Thread-safe; an explicit call wins
/// over the environment variable `SSLSESSION_OPENSSL_VERSION`.
///
/// # Safety
/// `version` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_set_openssl_version(version: *const c_char) -> c_int {
    const F: &str = "sslsession_set_openssl_version";
    guard(0, || {
        // SAFETY: forwarded contract.
        match unsafe { parse(version, F) } {
            Some(v) => {
                DEFAULT.store(to_index(v), Ordering::Release);
                1
            }
            None => 0,
        }
    })
}

/// The OpenSSL version new sessions follow (`"3.5"`, …; static storage):
/// what `sslsession_set_openssl_version` set, else what the environment
/// variable `SSLSESSION_OPENSSL_VERSION` names (read once, at the first
/// use), else `"3.5"` (the current LTS; also when the variable names no
/// version this library reproduces).
#[no_mangle]
pub extern "C" fn sslsession_get_openssl_version() -> *const c_char {
    guard(std::ptr::null(), || c_name(default_version()))
}

/// The OpenSSL version `s` follows (static storage): the default at the
/// time it was read by `d2i` or made by `sslsession_session_new`, or what
/// `sslsession_session_set_openssl_version` set. NULL (error queued) for a
/// NULL session, and for a session in another library's dialect
/// (`sslsession_session_get_dialect`), which follows no OpenSSL version
/// (`SSLSESSION_R_WRONG_DIALECT`).
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_openssl_version(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get_openssl_version";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe {
        crate::access::read(s, F, |st| {
            let dialect = st.session.dialect();
            if dialect == Dialect::OpenSsl {
                c_name(st.version)
            } else {
                push(
                    pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_WRONG_DIALECT),
                    F,
                    &format!(
                        "session: a {} session follows no OpenSSL version",
                        dialect.library()
                    ),
                );
                std::ptr::null()
            }
        })
    }
}

/// Moves `s` to another OpenSSL version, as a session cache shared across an
/// upgrade does: `s` becomes what `version`'s `d2i_SSL_SESSION` reads from
/// the bytes `s`'s own version's `i2d` writes (so, e.g., a time OpenSSL
/// 3.5 cannot hold is wrapped as 3.5 wraps it, and a time it holds as 0 is
/// read back as now). Returns 1; 0 (error queued, `s` unchanged) for NULL
/// arguments, an unknown version, a session without a cipher, or one that
/// `version` cannot read (e.g. a cipher suite only 3.5 knows moved to 3.0,
/// a master key over 256 bytes moved to 1.1.1), or a session in another
/// library's dialect (`SSLSESSION_R_WRONG_DIALECT`).
///
/// # Safety
/// `s` is NULL or a live session; `version` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_set_openssl_version(
    s: *mut sslsession_session,
    version: *const c_char,
) -> c_int {
    const F: &str = "sslsession_session_set_openssl_version";
    // SAFETY: forwarded contract.
    let Some(v) = guard(None, || unsafe { parse(version, F) }) else {
        return 0;
    };
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe {
        crate::access::write(s, F, |st| match State::reread(st, v, F) {
            Some(new) => {
                *st = new;
                1
            }
            None => 0,
        })
    }
}
