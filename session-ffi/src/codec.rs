//! `d2i` and `i2d` with the contract of OpenSSL's `d2i_SSL_SESSION(3)`.

use std::ffi::{c_int, c_long};

use session_der::{
    decode_with, detect, encode_into, encoded_len, DecodeError, DecodeOptions, Decoded, Dialect,
    OpenSslVersion, OwnedSession,
};
use zeroize::Zeroize;

use crate::dialect::Choice;
use crate::error::{
    pack, push, push_decode, push_null, R_MALLOC_FAILURE, SSLSESSION_ERR_LIB_SSL,
    SSLSESSION_ERR_LIB_USER, SSLSESSION_R_BAD_FLAGS, SSLSESSION_R_NO_CIPHER,
    SSLSESSION_R_VALUE_OUT_OF_RANGE,
};
use crate::handle::{handle, sslsession_session, Handle, State};
use crate::panic::guard;

/// `sslsession_session_d2i_ex` flag: accept strict DER only (minimal lengths
/// and integers, definite lengths, primitive strings, fields in order) instead
/// of everything the OpenSSL version accepts; reads every version's output
/// (`[19]`, `[20]` and every version's cipher suites included).
pub const SSLSESSION_D2I_STRICT: u32 = 1;
/// `sslsession_session_d2i_ex` flag: fail if bytes follow the session within
/// `length` (OpenSSL's ticket decryption makes the same check).
pub const SSLSESSION_D2I_NO_TRAILING: u32 = 2;

const KNOWN_FLAGS: u32 = SSLSESSION_D2I_STRICT | SSLSESSION_D2I_NO_TRAILING;

/// Decodes one session, exactly as the OpenSSL version's `d2i_SSL_SESSION`
/// accepts it (BER leniencies included), from the `length` bytes at `*pp`.
/// The version is the process-wide default (`sslsession_get_openssl_version`:
/// 3.5 unless `sslsession_set_openssl_version` or the environment variable
/// `SSLSESSION_OPENSSL_VERSION` chose another); the session remembers it, so
/// its getters and `i2d` follow that version.
///
/// Sessions of the other libraries are read the same way, with the same
/// contract, once the process reads their dialect (`sslsession_set_dialect`
/// or the environment variable `SSLSESSION_DIALECT`: `boringssl`, `aws-lc`,
/// `libressl`, or `auto` for whichever the bytes are in): `d2i` then accepts
/// exactly what that library's `d2i_SSL_SESSION` accepts, the session keeps
/// its dialect (`sslsession_session_get_dialect`), its `i2d` writes that
/// library's encoding, and its getters report the fields that dialect has
/// (the others read as absent). The default, `openssl`, refuses the other
/// libraries' sessions as OpenSSL does.
///
/// - `a == NULL`: a new session is returned (one reference).
/// - `*a == NULL`: the new session is also stored in `*a`.
/// - `*a != NULL`: that session is reused — its contents are replaced — and
///   returned.
///
/// On success `*pp` is advanced past the session's SEQUENCE; bytes after it
/// are left unread. On failure NULL is returned, an error is queued (see
/// `sslsession_err_get`), and **neither `*pp` nor `*a` nor the object `*a`
/// points to is changed** — stricter than OpenSSL, which may leave a reused
/// `*a` half-modified. `length <= 0` fails.
///
/// # Safety
/// `a` is NULL or points to a writable pointer that is NULL or a session of
/// this library. `pp` is NULL or points to a pointer that is NULL or to
/// `length` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_d2i(
    a: *mut *mut sslsession_session,
    pp: *mut *const u8,
    length: c_long,
) -> *mut sslsession_session {
    // SAFETY: same contract as this function's.
    unsafe { d2i(a, pp, length, 0, "sslsession_session_d2i") }
}

/// `sslsession_session_d2i` with `flags`: `SSLSESSION_D2I_STRICT` selects
/// strict DER, `SSLSESSION_D2I_NO_TRAILING` rejects bytes after the session.
/// 0 is `sslsession_session_d2i`. Unknown flag bits fail.
///
/// # Safety
/// As for `sslsession_session_d2i`.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_d2i_ex(
    a: *mut *mut sslsession_session,
    pp: *mut *const u8,
    length: c_long,
    flags: u32,
) -> *mut sslsession_session {
    // SAFETY: same contract as this function's.
    unsafe { d2i(a, pp, length, flags, "sslsession_session_d2i_ex") }
}

/// The decoder options `d2i` reads `dialect` with: OpenSSL's are the
/// version's (or strict DER with `SSLSESSION_D2I_STRICT`); the other
/// libraries' are their own `d2i_SSL_SESSION`'s, whose parsers have their
/// own DER rules (BoringSSL's and AWS-LC's CBS readers are strict DER
/// already), so the flag does not change them.
fn options(dialect: Dialect, version: OpenSslVersion, flags: u32) -> DecodeOptions {
    let base = match dialect {
        Dialect::OpenSsl if flags & SSLSESSION_D2I_STRICT != 0 => DecodeOptions::strict(),
        Dialect::OpenSsl => DecodeOptions::openssl_version(version),
        other => DecodeOptions::dialect(other),
    };
    // Like d2i, every mode leaves bytes after the session to the caller
    // unless asked to reject them.
    base.allow_trailing(flags & SSLSESSION_D2I_NO_TRAILING == 0)
}

/// One session from `input` in the process's dialect (`crate::dialect`):
/// that dialect's decoder; with `auto`, the dialect `session_der::detect`
/// finds (the one library that reads the bytes, or the one among several
/// that writes them back exactly; else its first candidate), and when no
/// library reads the bytes as they are (bytes after the session, say), the
/// first of `Dialect::ALL` (OpenSSL first) whose `d2i` accepts them; when
/// none does, OpenSSL's error.
fn read(
    input: &[u8],
    version: OpenSslVersion,
    flags: u32,
) -> Result<Decoded<OwnedSession>, DecodeError> {
    let decode = |d: Dialect| decode_with::<OwnedSession>(input, &options(d, version, flags));
    match crate::dialect::default_choice() {
        Choice::Fixed(d) => decode(d),
        Choice::Auto => {
            let found = detect(input);
            if let Some(d) = found.dialect().or_else(|| found.best()) {
                return decode(d);
            }
            let openssl = decode(Dialect::OpenSsl);
            if openssl.is_ok() {
                return openssl;
            }
            Dialect::ALL
                .into_iter()
                .filter(|&d| d != Dialect::OpenSsl)
                .find_map(|d| decode(d).ok())
                .map_or(openssl, Ok)
        }
    }
}

/// # Safety
/// As for `sslsession_session_d2i`.
pub(crate) unsafe fn d2i(
    a: *mut *mut sslsession_session,
    pp: *mut *const u8,
    length: c_long,
    flags: u32,
    func: &str,
) -> *mut sslsession_session {
    guard(std::ptr::null_mut(), || {
        if flags & !KNOWN_FLAGS != 0 {
            push(
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_BAD_FLAGS),
                func,
                &format!("unknown flags 0x{:X}", flags & !KNOWN_FLAGS),
            );
            return std::ptr::null_mut();
        }
        if pp.is_null() {
            push_null(func, "pp");
            return std::ptr::null_mut();
        }
        // SAFETY: `pp` is non-NULL and points to a readable pointer (contract).
        let start = unsafe { *pp };
        if start.is_null() {
            push_null(func, "*pp");
            return std::ptr::null_mut();
        }
        let version = crate::version::default_version();
        let len = match usize::try_from(length) {
            Ok(n) if n > 0 => n,
            // No input (or a negative length): the version's own verdict on
            // nothing, as session-der gives it (3.0+ queue ASN1_R_TOO_SMALL,
            // 1.1.1 ASN1_R_HEADER_TOO_LONG; FORMAT.md §5.1).
            _ => {
                if let Err(e) = read(&[], version, flags) {
                    push_decode(func, &e);
                }
                return std::ptr::null_mut();
            }
        };
        // SAFETY: the caller guarantees `length` readable bytes at `*pp`; the
        // slice lives only for this call and we never write through it.
        let input = unsafe { std::slice::from_raw_parts(start, len) };
        let decoded = match read(input, version, flags) {
            Ok(d) => d,
            Err(e) => {
                push_decode(func, &e);
                return std::ptr::null_mut();
            }
        };
        let state = State::from_decoded(decoded.session, version);
        // SAFETY: `consumed <= len`, so the result stays within (or one past
        // the end of) the caller's buffer.
        let end = unsafe { start.add(decoded.consumed) };
        let reuse = if a.is_null() {
            std::ptr::null_mut()
        } else {
            // SAFETY: `a` is non-NULL and points to a readable pointer (contract).
            unsafe { *a }
        };
        // SAFETY: `reuse` is NULL or a live session of ours (contract).
        let result = match unsafe { handle(reuse) } {
            Some(h) => {
                // Replacing the whole state drops the old session, whose
                // `Secret` wipes the old master key.
                *h.write() = state;
                reuse
            }
            None => {
                let new = Handle::into_raw(state);
                if !a.is_null() {
                    // SAFETY: `a` is non-NULL and writable (contract).
                    unsafe { *a = new };
                }
                new
            }
        };
        // SAFETY: `pp` is non-NULL and writable (contract).
        unsafe { *pp = end };
        result
    })
}

/// Encodes a session as `i2d_SSL_SESSION` of the session's OpenSSL version
/// (`sslsession_session_get_openssl_version`) does, byte for byte; a session
/// of another library's dialect (`sslsession_session_get_dialect`) as that
/// library's `i2d_SSL_SESSION` does.
///
/// - `pp == NULL`: returns the length only.
/// - `*pp != NULL`: writes the encoding at `*pp` (which must have room for
///   the length `i2d(s, NULL)` returned) and advances `*pp` past it.
/// - `*pp == NULL`: allocates a buffer of exactly the length with `malloc`,
///   writes it, and stores its start in `*pp` (not advanced). Free it with
///   `sslsession_der_free(p, len)`, which also wipes it (it holds the master
///   key); plain `free(p)` works too.
///
/// Returns the length, or 0 (nothing written, `*pp` unchanged, an error
/// queued) for NULL `s` or an invalid session — one whose cipher was never
/// set, as OpenSSL's `i2d` refuses too.
///
/// # Safety
/// `s` is NULL or a live session; `pp` is NULL or points to a pointer that is
/// NULL or to enough writable bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_i2d(
    s: *const sslsession_session,
    pp: *mut *mut u8,
) -> c_int {
    // SAFETY: same contract as this function's.
    unsafe { i2d(s, pp, "sslsession_session_i2d") }
}

/// # Safety
/// As for `sslsession_session_i2d`.
pub(crate) unsafe fn i2d(s: *const sslsession_session, pp: *mut *mut u8, func: &str) -> c_int {
    guard(0, || {
        // SAFETY: `s` is NULL or a live session (contract).
        let Some(h) = (unsafe { handle(s) }) else {
            push_null(func, "s");
            return 0;
        };
        let st = h.read();
        if !st.has_cipher {
            push(
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_NO_CIPHER),
                func,
                "session: no cipher set, nothing to encode",
            );
            return 0;
        }
        let len = match encoded_len(&st.session, st.target()) {
            Ok(n) => n,
            Err(e) => {
                push(
                    pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_VALUE_OUT_OF_RANGE),
                    func,
                    &e.to_string(),
                );
                return 0;
            }
        };
        let Ok(ret) = c_int::try_from(len) else {
            push(
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_VALUE_OUT_OF_RANGE),
                func,
                &format!("session: encoding is {len} bytes, over INT_MAX"),
            );
            return 0;
        };
        if pp.is_null() {
            return ret;
        }
        // SAFETY: `pp` is non-NULL and points to a readable pointer (contract).
        let out = unsafe { *pp };
        if out.is_null() {
            // SAFETY: plain allocation; `len > 0` (a SEQUENCE header at least).
            let buf = unsafe { libc::malloc(len) }.cast::<u8>();
            if buf.is_null() {
                push(
                    pack(SSLSESSION_ERR_LIB_SSL, R_MALLOC_FAILURE),
                    func,
                    "malloc failed",
                );
                return 0;
            }
            // SAFETY: `buf` is a fresh allocation of `len` bytes, ours alone.
            let dst = unsafe { std::slice::from_raw_parts_mut(buf, len) };
            if encode_into(&st.session, st.target(), dst).is_err() {
                // Unreachable (the length was computed on the same session
                // under the same lock), but never leak or hand out a partial buffer.
                dst.zeroize();
                // SAFETY: `buf` came from `malloc` above and is not used again.
                unsafe { libc::free(buf.cast()) };
                return 0;
            }
            // SAFETY: `pp` is non-NULL and writable (contract).
            unsafe { *pp = buf };
        } else {
            // SAFETY: the caller guarantees room for the encoding at `*pp`
            // (the length `i2d(s, NULL)` returns).
            let dst = unsafe { std::slice::from_raw_parts_mut(out, len) };
            if encode_into(&st.session, st.target(), dst).is_err() {
                return 0;
            }
            // SAFETY: `len` bytes were just written at `out`, so `out + len`
            // is within or one past the caller's buffer; `pp` is writable.
            unsafe { *pp = out.add(len) };
        }
        ret
    })
}

/// Wipes and frees a buffer that `sslsession_session_i2d` allocated
/// (`*pp == NULL`), like OpenSSL's `OPENSSL_clear_free(p, len)`. `len` is the
/// value `i2d` returned. NULL is a no-op.
///
/// # Safety
/// `der` is NULL or a buffer allocated by `sslsession_session_i2d` of at
/// least `len` bytes, not freed yet.
#[no_mangle]
pub unsafe extern "C" fn sslsession_der_free(der: *mut u8, len: usize) {
    guard((), || {
        if der.is_null() {
            return;
        }
        // SAFETY: `der` holds `len` bytes we allocated (contract); `zeroize`
        // uses volatile writes so the wipe is not optimised away.
        unsafe { std::slice::from_raw_parts_mut(der, len) }.zeroize();
        // SAFETY: `der` came from `libc::malloc` in `i2d` (contract).
        unsafe { libc::free(der.cast()) };
    });
}
