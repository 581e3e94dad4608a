//! The thread-local error queue, in the spirit of OpenSSL's `ERR_*`.
//!
//! Every failing call pushes one entry: a packed code (OpenSSL 3's
//! `ERR_PACK(lib, 0, reason)` = `lib << 23 | reason`) and a text naming the
//! function, the field and the byte offset. Like OpenSSL's queue it is per
//! thread, oldest first, and bounded (OpenSSL's `ERR_NUM_ERRORS` = 16: when
//! full, the oldest entry is dropped).

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ffi::c_char;

use session_der::{DecodeError, ErrorKind};

use crate::panic::guard;

/// `ERR_LIB_ASN1`: codes of OpenSSL's ASN.1 template decoder.
pub const SSLSESSION_ERR_LIB_ASN1: u32 = 13;
/// `ERR_LIB_SSL`: codes of libssl (`SSL_R_*`, and `ERR_R_*` raised by libssl).
pub const SSLSESSION_ERR_LIB_SSL: u32 = 20;
/// `ERR_LIB_USER`: failures for which OpenSSL queues no error at all (it
/// fails silently), with this library's own reasons `SSLSESSION_R_*`.
pub const SSLSESSION_ERR_LIB_USER: u32 = 128;

/// Reason (lib `ERR_LIB_USER`): the cipher is not in the OpenSSL version's table.
/// OpenSSL's `d2i_SSL_SESSION` fails here with an empty queue.
pub const SSLSESSION_R_UNKNOWN_CIPHER: u32 = 1;
/// Reason (lib `ERR_LIB_USER`): session id, master key or id context over
/// OpenSSL's limit (32, 512 — 1.1.1: 256 — and 32 bytes). OpenSSL's `d2i_SSL_SESSION` and
/// `SSL_SESSION_set1_master_key` fail here with an empty queue.
pub const SSLSESSION_R_FIELD_TOO_LONG: u32 = 2;
/// Reason (lib `ERR_LIB_USER`): `i2d` of a session that has no cipher
/// (OpenSSL returns 0 without queueing anything).
pub const SSLSESSION_R_NO_CIPHER: u32 = 3;
/// Reason (lib `ERR_LIB_USER`): unknown bits in a `flags` argument.
pub const SSLSESSION_R_BAD_FLAGS: u32 = 4;
/// Reason (lib `ERR_LIB_USER`): a value the session cannot hold (a protocol
/// version outside 0..=0xFFFF, a compression id over 255, an encoding over
/// `INT_MAX` bytes).
pub const SSLSESSION_R_VALUE_OUT_OF_RANGE: u32 = 5;
/// Reason (lib `ERR_LIB_USER`): a field index at or past
/// `sslsession_field_count()`.
pub const SSLSESSION_R_UNKNOWN_FIELD: u32 = 6;
/// Reason (lib `ERR_LIB_USER`): a field-by-index function called with a
/// field it does not serve: one of another kind (bytes, signed or unsigned
/// integer), a mandatory field (it has its own accessors), or a setter with
/// a field OpenSSL does not keep (`key_arg`); and any setter giving a value
/// to a field the session's library does not keep (a BoringSSL session's
/// host name, an OpenSSL session's `peer_sha256`).
pub const SSLSESSION_R_WRONG_FIELD_KIND: u32 = 7;
/// Reason (lib `ERR_LIB_USER`): `sslsession_set_openssl_version` with a name
/// that is not one of the OpenSSL versions this library reproduces.
pub const SSLSESSION_R_UNKNOWN_OPENSSL_VERSION: u32 = 8;
/// Reason (lib `ERR_LIB_USER`): `sslsession_set_dialect` was given a name that is not `openssl`,
/// `boringssl`, `aws-lc`, `libressl` or `auto`.
pub const SSLSESSION_R_UNKNOWN_DIALECT: u32 = 9;
/// Reason (lib `ERR_LIB_USER`): the session is in another library's dialect
/// than the call needs (an OpenSSL version for a BoringSSL session).
pub const SSLSESSION_R_WRONG_DIALECT: u32 = 10;

/// `ERR_R_MALLOC_FAILURE`.
pub(crate) const R_MALLOC_FAILURE: u32 = fatal(256);
/// `ERR_R_PASSED_NULL_PARAMETER`.
pub(crate) const R_PASSED_NULL_PARAMETER: u32 = fatal(258);
/// `ERR_R_INTERNAL_ERROR`.
pub(crate) const R_INTERNAL_ERROR: u32 = fatal(259);
/// `ERR_R_FATAL` = `ERR_RFLAG_FATAL | ERR_RFLAG_COMMON` (`include/openssl/err.h`).
const R_FATAL: u32 = (0x1 << 18) | (0x2 << 18);

/// A common reason as OpenSSL 3 defines its fatal ones
/// (`# define ERR_R_… (n|ERR_R_FATAL)`): one place for the flags, which
/// `differential.c` checks against the linked libssl's `ERR_PACK`.
const fn fatal(reason: u32) -> u32 {
    reason | R_FATAL
}
/// `SSL_R_SSL_SESSION_ID_TOO_LONG` (`SSL_SESSION_set1_id`).
pub(crate) const SSL_R_SSL_SESSION_ID_TOO_LONG: u32 = 408;
/// `SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG` (`SSL_SESSION_set1_id_context`).
pub(crate) const SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG: u32 = 273;

/// OpenSSL's `ERR_NUM_ERRORS`.
const QUEUE_LEN: usize = 16;

/// `ERR_PACK(lib, 0, reason)`.
pub(crate) const fn pack(lib: u32, reason: u32) -> u32 {
    (lib << 23) | (reason & 0x7F_FFFF)
}

struct Entry {
    code: u32,
    text: String,
}

thread_local! {
    static QUEUE: RefCell<VecDeque<Entry>> = const { RefCell::new(VecDeque::new()) };
}

fn lib_name(code: u32) -> &'static str {
    match code >> 23 {
        SSLSESSION_ERR_LIB_ASN1 => "asn1 encoding routines",
        SSLSESSION_ERR_LIB_SSL => "SSL routines",
        _ => "sslsession",
    }
}

/// Queues an error raised by `func`, formatted as OpenSSL formats its own
/// (`error:<code>:<library>:<function>:<detail>`).
pub(crate) fn push(code: u32, func: &str, detail: &str) {
    let text = format!("error:{code:08X}:{}:{func}:{detail}", lib_name(code));
    // `try_with`/`try_borrow_mut`: pushing must never panic, not even while the
    // thread is being torn down or after a panic was caught mid-borrow.
    let _ = QUEUE.try_with(|q| {
        if let Ok(mut q) = q.try_borrow_mut() {
            if q.len() == QUEUE_LEN {
                q.pop_front();
            }
            q.push_back(Entry { code, text });
        }
    });
}

/// Queues "a pointer argument was NULL".
pub(crate) fn push_null(func: &str, arg: &str) {
    push(
        pack(SSLSESSION_ERR_LIB_SSL, R_PASSED_NULL_PARAMETER),
        func,
        &format!("passed a null parameter: {arg}"),
    );
}

/// The code queued for a decoding failure: OpenSSL's own where OpenSSL queues
/// one, otherwise this library's `ERR_LIB_USER` reason.
pub(crate) fn decode_error_code(e: &DecodeError) -> u32 {
    match e.openssl_error_code() {
        Some(code) => code,
        None => match e.kind() {
            ErrorKind::UnknownCipher { .. } => {
                pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_UNKNOWN_CIPHER)
            }
            _ => pack(SSLSESSION_ERR_LIB_USER, SSLSESSION_R_FIELD_TOO_LONG),
        },
    }
}

/// Queues a decoding failure; its text names the field and the byte offset.
pub(crate) fn push_decode(func: &str, e: &DecodeError) {
    push(decode_error_code(e), func, &e.to_string());
}

fn with_queue<T>(default: T, f: impl FnOnce(&mut VecDeque<Entry>) -> T) -> T {
    QUEUE
        .try_with(|q| q.try_borrow_mut().ok().map(|mut q| f(&mut q)))
        .ok()
        .flatten()
        .unwrap_or(default)
}

/// Removes the oldest error of this thread's queue and returns its code
/// (`ERR_get_error`); 0 when the queue is empty.
#[no_mangle]
pub extern "C" fn sslsession_err_get() -> u32 {
    guard(0, || with_queue(0, |q| q.pop_front().map_or(0, |e| e.code)))
}

/// The code of the oldest error of this thread's queue, which stays queued
/// (`ERR_peek_error`); 0 when the queue is empty.
#[no_mangle]
pub extern "C" fn sslsession_err_peek() -> u32 {
    guard(0, || with_queue(0, |q| q.front().map_or(0, |e| e.code)))
}

/// Empties this thread's error queue (`ERR_clear_error`).
#[no_mangle]
pub extern "C" fn sslsession_err_clear() {
    guard((), || with_queue((), VecDeque::clear));
}

/// The library of a packed code (`ERR_GET_LIB`).
#[no_mangle]
pub extern "C" fn sslsession_err_lib(code: u32) -> u32 {
    (code >> 23) & 0xFF
}

/// The reason of a packed code (`ERR_GET_REASON`), without OpenSSL 3's flag bits.
#[no_mangle]
pub extern "C" fn sslsession_err_reason(code: u32) -> u32 {
    code & 0x3_FFFF
}

/// Copies the text of the oldest queued error (the one `sslsession_err_peek`
/// reports) into `buf`, NUL-terminated, e.g.
/// `error:0A0000FE:SSL routines:sslsession_session_d2i:version: structure version 2, expected 1 (offset 2)`.
///
/// Returns the size the text needs, NUL included; 0 when the queue is empty.
/// Writes only when `buf` is non-NULL and `len` is at least that size, so
/// `sslsession_err_string(NULL, 0)` asks for the size. Does not remove the
/// error: call `sslsession_err_get` next.
///
/// # Safety
/// `buf` is NULL or points to `len` writable bytes.
#[no_mangle]
pub unsafe extern "C" fn sslsession_err_string(buf: *mut c_char, len: usize) -> usize {
    guard(0, || {
        with_queue(0, |q| {
            let Some(entry) = q.front() else { return 0 };
            let text = entry.text.as_bytes();
            let needed = text.len() + 1;
            if !buf.is_null() && len >= needed {
                // SAFETY: the caller gives `len >= needed` writable bytes at `buf`;
                // `text` is our own String, so the ranges cannot overlap.
                unsafe {
                    std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
                    *buf.add(text.len()) = 0;
                }
            }
            needed
        })
    })
}
