//! Which library's encoding `d2i` reads: a process-wide default that each
//! session read by `d2i` takes from its bytes and keeps (its `i2d` writes
//! that library's encoding, `Target::Auto`), in the manner of the OpenSSL
//! version (`crate::version`).
//!
//! The default is, in order: what `sslsession_set_dialect` last set; else
//! the environment variable `SSLSESSION_DIALECT`, read once, at the first
//! use; else `openssl` (what every earlier release of this library read).
//! `auto` reads each session in the dialect its bytes are in
//! (`session_der::detect`; see `codec::read`).

use std::ffi::{c_char, c_int, CStr};
use std::sync::atomic::{AtomicU8, Ordering};

use session_der::Dialect;

use crate::error::{pack, push, push_null, SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_DIALECT};
use crate::handle::sslsession_session;
use crate::panic::guard;

/// The environment variable read once, at first use, when the program has
/// not chosen a dialect with `sslsession_set_dialect`.
pub(crate) const ENV_VAR: &str = "SSLSESSION_DIALECT";

/// What `d2i` reads: one dialect, or whichever the bytes are in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Choice {
    /// Only this library's encoding, as its `d2i_SSL_SESSION` reads it.
    Fixed(Dialect),
    /// The dialect the bytes are in (`auto`).
    Auto,
}

/// The default's code: `UNSET` until the first use or the first
/// `sslsession_set_dialect`, `AUTO`, else a position in `Dialect::ALL`.
static DEFAULT: AtomicU8 = AtomicU8::new(UNSET);
const UNSET: u8 = u8::MAX;
const AUTO: u8 = u8::MAX - 1;

fn to_code(c: Choice) -> u8 {
    match c {
        Choice::Auto => AUTO,
        Choice::Fixed(d) => Dialect::ALL
            .iter()
            .position(|&x| x == d)
            // `ALL` has four entries: always fits.
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(UNSET),
    }
}

fn from_code(c: u8) -> Option<Choice> {
    if c == AUTO {
        return Some(Choice::Auto);
    }
    Dialect::ALL.get(usize::from(c)).copied().map(Choice::Fixed)
}

/// `auto` or a dialect's name (`Dialect::from_str`: `openssl`, `boringssl`,
/// `aws-lc`, `libressl`, case-insensitively).
fn parse_name(name: &str) -> Result<Choice, String> {
    if name.eq_ignore_ascii_case("auto") {
        return Ok(Choice::Auto);
    }
    name.parse::<Dialect>()
        .map(Choice::Fixed)
        .map_err(|e| format!("{e}, or auto"))
}

/// The dialect the environment names, or OpenSSL's when the variable is
/// unset or names none (as a wrong `SSLSESSION_OPENSSL_VERSION` gives 3.5).
fn from_environment() -> Choice {
    std::env::var(ENV_VAR)
        .ok()
        .and_then(|v| parse_name(v.trim()).ok())
        .unwrap_or(Choice::Fixed(Dialect::OpenSsl))
}

/// The process-wide default (see the module's documentation).
pub(crate) fn default_choice() -> Choice {
    if let Some(c) = from_code(DEFAULT.load(Ordering::Acquire)) {
        return c;
    }
    let env = from_environment();
    // Only an unset default takes the environment's: a concurrent
    // `sslsession_set_dialect` (or another first reader) wins.
    match DEFAULT.compare_exchange(UNSET, to_code(env), Ordering::AcqRel, Ordering::Acquire) {
        Ok(_) => env,
        Err(current) => from_code(current).unwrap_or(env),
    }
}

/// A dialect's name as a C string in static storage (`"boringssl"`).
pub(crate) fn c_name(d: Dialect) -> *const c_char {
    let name: &'static CStr = match d {
        Dialect::BoringSsl => c"boringssl",
        Dialect::AwsLc => c"aws-lc",
        Dialect::LibreSsl => c"libressl",
        _ => c"openssl",
    };
    name.as_ptr()
}

/// Sets which library's session encoding `sslsession_session_d2i` reads
/// from now on, for the whole process: `"openssl"` (the default),
/// `"boringssl"`, `"aws-lc"`, `"libressl"`, or `"auto"` for whichever of
/// them the bytes are in. `d2i` then accepts exactly what that library's
/// `d2i_SSL_SESSION` accepts (OpenSSL: the version
/// `sslsession_get_openssl_version` names; `auto`: the library whose
/// encoding the bytes are in — the one that reads them, or among several
/// the one that writes them back byte for byte, else the first of OpenSSL,
/// BoringSSL, AWS-LC and LibreSSL whose `d2i` accepts them), with the same
/// contract; each session keeps the dialect it was read in
/// (`sslsession_session_get_dialect`) and its `i2d` writes that library's
/// encoding. Sessions that exist keep theirs.
///
/// Returns 1, or 0 (error queued, default unchanged) for NULL or another
/// name. Thread-safe; an explicit call wins over the environment variable
/// `SSLSESSION_DIALECT`.
///
/// # Safety
/// `dialect` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sslsession_set_dialect(dialect: *const c_char) -> c_int {
    const F: &str = "sslsession_set_dialect";
    guard(0, || {
        if dialect.is_null() {
            push_null(F, "dialect");
            return 0;
        }
        // SAFETY: non-NULL and NUL-terminated (contract).
        let name = unsafe { CStr::from_ptr(dialect) }.to_string_lossy();
        match parse_name(&name) {
            Ok(c) => {
                DEFAULT.store(to_code(c), Ordering::Release);
                1
            }
            Err(e) => {
                push(
                    pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_DIALECT),
                    F,
                    &e,
                );
                0
            }
        }
    })
}

/// What `sslsession_session_d2i` reads (static storage): `"openssl"`,
/// `"boringssl"`, `"aws-lc"`, `"libressl"` or `"auto"` — what
/// `sslsession_set_dialect` set, else what the environment variable
/// `SSLSESSION_DIALECT` names (read once, at the first use), else
/// `"openssl"` (also when the variable names none of them).
#[no_mangle]
pub extern "C" fn sslsession_get_dialect() -> *const c_char {
    guard(std::ptr::null(), || match default_choice() {
        Choice::Auto => c"auto".as_ptr(),
        Choice::Fixed(d) => c_name(d),
    })
}

/// The library whose encoding `s` is in (static storage): `"openssl"`,
/// `"boringssl"`, `"aws-lc"` or `"libressl"` — the dialect `d2i` read it in
/// (with `auto`: the one its bytes were in); `"openssl"` for a session made
/// by `sslsession_session_new`. `i2d` writes that library's encoding. NULL
/// (error queued) for a NULL session.
///
/// # Safety
/// `s` is NULL or a live session.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_dialect(
    s: *const sslsession_session,
) -> *const c_char {
    const F: &str = "sslsession_session_get_dialect";
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe { crate::access::read(s, F, |st| c_name(st.session.dialect())) }
}
