//! The `openssl-names` feature: the same functions under OpenSSL's names and
//! exact C signatures (`include/sslsession/openssl_compat.h`), so a program
//! that uses only these links against this library instead of libssl.
//!
//! Each function forwards to its `sslsession_*` twin; where OpenSSL would
//! dereference a NULL argument and crash, these return 0/NULL and queue an
//! error instead.

// `long` is 64-bit on LP64 systems, 32-bit on others: the conversions stay.
#![allow(clippy::useless_conversion)]

use std::ffi::{c_char, c_int, c_long, c_uint, c_ulong, c_void};

use crate::access::*;
use crate::cipher::ssl_cipher_st;
use crate::codec::{d2i, i2d};
use crate::handle::{handle, sslsession_session};
use crate::panic::guard;

/// OpenSSL's `SSL_SESSION` (`typedef struct ssl_session_st SSL_SESSION;`).
#[allow(non_camel_case_types)]
pub type SSL_SESSION = sslsession_session;
/// OpenSSL's `SSL_CIPHER` (`typedef struct ssl_cipher_st SSL_CIPHER;`).
#[allow(non_camel_case_types)]
pub type SSL_CIPHER = ssl_cipher_st;

/// Defines `extern "C" fn $name($args) -> $ret { $body }` with the uniform
/// safety contract of this module: every pointer argument is NULL or valid
/// as the OpenSSL function of that name requires.
macro_rules! compat {
    ($(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),* $(,)?) $(-> $ret:ty)? => $body:expr) => {
        $(#[$doc])*
        ///
        /// # Safety
        /// Pointer arguments are NULL or valid as for OpenSSL's function of
        /// the same name; sessions come from this library.
        #[no_mangle]
        #[allow(unused_unsafe)] // a few bodies (`SSL_SESSION_new`) need none
        pub unsafe extern "C" fn $name($($arg: $ty),*) $(-> $ret)? {
            // SAFETY: the caller upholds OpenSSL's contract for this function,
            // which is the contract of the `sslsession_*` function called here.
            unsafe { $body }
        }
    };
}

compat!(
    /// `d2i_SSL_SESSION(3)` (see `sslsession_session_d2i`).
    fn d2i_SSL_SESSION(a: *mut *mut SSL_SESSION, pp: *mut *const u8, length: c_long) -> *mut SSL_SESSION
        => d2i(a, pp, length, 0, "d2i_SSL_SESSION")
);
compat!(
    /// `i2d_SSL_SESSION(3)` (see `sslsession_session_i2d`); a buffer it
    /// allocates is `malloc`ed, so `free` and `OPENSSL_free` release it.
    fn i2d_SSL_SESSION(s: *const SSL_SESSION, pp: *mut *mut u8) -> c_int
        => i2d(s, pp, "i2d_SSL_SESSION")
);
compat!(
    /// `SSL_SESSION_new`.
    fn SSL_SESSION_new() -> *mut SSL_SESSION => sslsession_session_new()
);
compat!(
    /// `SSL_SESSION_dup`.
    fn SSL_SESSION_dup(s: *const SSL_SESSION) -> *mut SSL_SESSION => sslsession_session_dup(s)
);
compat!(
    /// `SSL_SESSION_free`.
    fn SSL_SESSION_free(s: *mut SSL_SESSION) => sslsession_session_free(s)
);
compat!(
    /// `SSL_SESSION_up_ref`.
    fn SSL_SESSION_up_ref(s: *mut SSL_SESSION) -> c_int => sslsession_session_up_ref(s)
);
compat!(
    /// `SSL_SESSION_get_time`.
    fn SSL_SESSION_get_time(s: *const SSL_SESSION) -> c_long
        => c_long::try_from(sslsession_session_get_time(s)).unwrap_or(c_long::MAX)
);
compat!(
    /// `SSL_SESSION_set_time`: returns `t`.
    fn SSL_SESSION_set_time(s: *mut SSL_SESSION, t: c_long) -> c_long
        => if sslsession_session_set_time(s, i64::from(t)) == 0 && s.is_null() { 0 } else { t }
);
compat!(
    /// `SSL_SESSION_get_timeout`.
    fn SSL_SESSION_get_timeout(s: *const SSL_SESSION) -> c_long
        => c_long::try_from(sslsession_session_get_timeout(s)).unwrap_or(c_long::MAX)
);
compat!(
    /// `SSL_SESSION_set_timeout`: 1, or 0 for NULL or negative `t`.
    fn SSL_SESSION_set_timeout(s: *mut SSL_SESSION, t: c_long) -> c_long
        => c_long::from(sslsession_session_set_timeout(s, i64::from(t)))
);
compat!(
    /// `SSL_SESSION_get_protocol_version`.
    fn SSL_SESSION_get_protocol_version(s: *const SSL_SESSION) -> c_int
        => sslsession_session_get_protocol_version(s)
);
compat!(
    /// `SSL_SESSION_set_protocol_version`.
    fn SSL_SESSION_set_protocol_version(s: *mut SSL_SESSION, version: c_int) -> c_int
        => sslsession_session_set_protocol_version(s, version)
);
compat!(
    /// `SSL_SESSION_get0_hostname`.
    fn SSL_SESSION_get0_hostname(s: *const SSL_SESSION) -> *const c_char
        => sslsession_session_get0_hostname(s)
);
compat!(
    /// `SSL_SESSION_set1_hostname`.
    fn SSL_SESSION_set1_hostname(s: *mut SSL_SESSION, hostname: *const c_char) -> c_int
        => sslsession_session_set1_hostname(s, hostname)
);
compat!(
    /// `SSL_SESSION_get0_alpn_selected`.
    fn SSL_SESSION_get0_alpn_selected(s: *const SSL_SESSION, alpn: *mut *const u8, len: *mut usize)
        => sslsession_session_get0_alpn_selected(s, alpn, len)
);
compat!(
    /// `SSL_SESSION_set1_alpn_selected`.
    fn SSL_SESSION_set1_alpn_selected(s: *mut SSL_SESSION, alpn: *const u8, len: usize) -> c_int
        => sslsession_session_set1_alpn_selected(s, alpn, len)
);
compat!(
    /// `SSL_SESSION_get0_cipher`: the cipher, from a static table; NULL when none set.
    fn SSL_SESSION_get0_cipher(s: *const SSL_SESSION) -> *const SSL_CIPHER
        => guard(std::ptr::null(), || match handle(s) {
            Some(h) => cipher_entry(&h.read()).map_or(std::ptr::null(), |c| c as *const SSL_CIPHER),
            None => std::ptr::null(),
        })
);
compat!(
    /// `SSL_SESSION_set_cipher` with a cipher from `SSL_SESSION_get0_cipher`.
    fn SSL_SESSION_set_cipher(s: *mut SSL_SESSION, cipher: *const SSL_CIPHER) -> c_int
        => match cipher.as_ref() {
            Some(c) => sslsession_session_set_cipher_id(s, c.id()),
            None => 0,
        }
);
compat!(
    /// `SSL_CIPHER_get_id`: `0x0300XXXX`; 0 for NULL.
    fn SSL_CIPHER_get_id(c: *const SSL_CIPHER) -> u32 => c.as_ref().map_or(0, |c| c.id())
);
compat!(
    /// `SSL_CIPHER_get_protocol_id`: the two-byte code; 0 for NULL.
    fn SSL_CIPHER_get_protocol_id(c: *const SSL_CIPHER) -> u16 => c.as_ref().map_or(0, |c| c.code)
);
compat!(
    /// `SSL_CIPHER_get_name`: OpenSSL's name; `"(NONE)"` for NULL, as OpenSSL.
    fn SSL_CIPHER_get_name(c: *const SSL_CIPHER) -> *const c_char
        => c.as_ref().map_or(c"(NONE)".as_ptr(), |c| c.name_ptr())
);
compat!(
    /// `SSL_CIPHER_standard_name`: the IANA name; `"(NONE)"` for NULL, as OpenSSL.
    fn SSL_CIPHER_standard_name(c: *const SSL_CIPHER) -> *const c_char
        => c.as_ref().map_or(c"(NONE)".as_ptr(), |c| c.standard_name_ptr())
);
compat!(
    /// `SSL_SESSION_has_ticket`.
    fn SSL_SESSION_has_ticket(s: *const SSL_SESSION) -> c_int => sslsession_session_has_ticket(s)
);
compat!(
    /// `SSL_SESSION_get_ticket_lifetime_hint`.
    fn SSL_SESSION_get_ticket_lifetime_hint(s: *const SSL_SESSION) -> c_ulong
        => c_ulong::try_from(sslsession_session_get_ticket_lifetime_hint(s)).unwrap_or(c_ulong::MAX)
);
compat!(
    /// `SSL_SESSION_get0_ticket`.
    fn SSL_SESSION_get0_ticket(s: *const SSL_SESSION, tick: *mut *const u8, len: *mut usize)
        => sslsession_session_get0_ticket(s, tick, len)
);
compat!(
    /// `SSL_SESSION_get_max_early_data`.
    fn SSL_SESSION_get_max_early_data(s: *const SSL_SESSION) -> u32
        => sslsession_session_get_max_early_data(s)
);
compat!(
    /// `SSL_SESSION_set_max_early_data`.
    fn SSL_SESSION_set_max_early_data(s: *mut SSL_SESSION, max_early_data: u32) -> c_int
        => sslsession_session_set_max_early_data(s, max_early_data)
);
compat!(
    /// `SSL_SESSION_set1_id_context`.
    fn SSL_SESSION_set1_id_context(s: *mut SSL_SESSION, sid_ctx: *const u8, sid_ctx_len: c_uint) -> c_int
        => sslsession_session_set1_id_context(s, sid_ctx, sid_ctx_len)
);
compat!(
    /// `SSL_SESSION_set1_id`.
    fn SSL_SESSION_set1_id(s: *mut SSL_SESSION, sid: *const u8, sid_len: c_uint) -> c_int
        => sslsession_session_set1_id(s, sid, sid_len)
);
compat!(
    /// `SSL_SESSION_is_resumable`.
    fn SSL_SESSION_is_resumable(s: *const SSL_SESSION) -> c_int => sslsession_session_is_resumable(s)
);
compat!(
    /// `SSL_SESSION_get_id`.
    fn SSL_SESSION_get_id(s: *const SSL_SESSION, len: *mut c_uint) -> *const u8
        => sslsession_session_get_id(s, len)
);
compat!(
    /// `SSL_SESSION_get0_id_context`.
    fn SSL_SESSION_get0_id_context(s: *const SSL_SESSION, len: *mut c_uint) -> *const u8
        => sslsession_session_get0_id_context(s, len)
);
compat!(
    /// `SSL_SESSION_get_compress_id`.
    fn SSL_SESSION_get_compress_id(s: *const SSL_SESSION) -> c_uint
        => sslsession_session_get_compress_id(s)
);
compat!(
    /// `SSL_SESSION_get_master_key`.
    fn SSL_SESSION_get_master_key(s: *const SSL_SESSION, out: *mut u8, outlen: usize) -> usize
        => sslsession_session_get_master_key(s, out, outlen)
);
compat!(
    /// `SSL_SESSION_set1_master_key`.
    fn SSL_SESSION_set1_master_key(s: *mut SSL_SESSION, key: *const u8, len: usize) -> c_int
        => sslsession_session_set1_master_key(s, key, len)
);
compat!(
    /// `SSL_SESSION_get_max_fragment_length`.
    fn SSL_SESSION_get_max_fragment_length(s: *const SSL_SESSION) -> u8
        => sslsession_session_get_max_fragment_length(s)
);
compat!(
    /// `SSL_SESSION_set1_ticket_appdata`.
    fn SSL_SESSION_set1_ticket_appdata(s: *mut SSL_SESSION, data: *const c_void, len: usize) -> c_int
        => sslsession_session_set1_ticket_appdata(s, data, len)
);
compat!(
    /// `SSL_SESSION_get0_ticket_appdata` (OpenSSL's takes `void **`).
    fn SSL_SESSION_get0_ticket_appdata(s: *mut SSL_SESSION, data: *mut *mut c_void, len: *mut usize) -> c_int
        => sslsession_session_get0_ticket_appdata(s, data.cast(), len)
);
