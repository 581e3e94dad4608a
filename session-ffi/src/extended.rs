//! Typed getters of the fields only the other libraries store: BoringSSL's
//! and AWS-LC's own elements (`ssl/ssl_asn1.cc`), named after BoringSSL's
//! `SSL_SESSION` members. They read the session as its library's `d2i`
//! left it; a field the session's dialect does not store (every one of
//! these in an OpenSSL or LibreSSL session, `[31]` and `[32]` in an AWS-LC
//! one) reads as absent. The field-by-index functions reach the same
//! values (`sslsession_field_by_name`).

use std::ffi::c_int;

use session_model::OwnedSession;

use crate::access::{get_with_len, read, write_out};
use crate::handle::sslsession_session;

/// An optional integer field: 1 and the value through `out` (when not
/// NULL) if present; 0 if absent (nothing queued) or `s` is NULL (queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
unsafe fn get_opt<T>(
    s: *const sslsession_session,
    func: &str,
    out: *mut T,
    field: impl FnOnce(&OwnedSession) -> Option<T>,
) -> c_int {
    // SAFETY: `s` is NULL or a live session (contract).
    unsafe {
        read(s, func, |st| match field(&st.session) {
            Some(v) => {
                // SAFETY: `out` is NULL or writable (contract).
                write_out(out, v);
                1
            }
            None => 0,
        })
    }
}

/// BoringSSL's `[13]` peerSHA256: the SHA-256 of the peer's leaf certificate, kept instead of the certificate (`SSL_CTX_set_retain_only_sha256_of_client_certs`); NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_peer_sha256(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_peer_sha256";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::peer_sha256) }
}

/// BoringSSL's `[14]` originalHandshakeHash: the hash of the original handshake (Channel ID on resumption); NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_original_handshake_hash(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_original_handshake_hash";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::original_handshake_hash) }
}

/// BoringSSL's `[15]` signedCertTimestampList: the server's SCT extension contents; NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_signed_cert_timestamp_list(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_signed_cert_timestamp_list";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::signed_cert_timestamp_list) }
}

/// BoringSSL's `[16]` ocspResponse: the OCSP response the server stapled; NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_ocsp_response(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_ocsp_response";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::ocsp_response) }
}

/// BoringSSL's `[19]` certChain: the peer's certificates after the leaf, each a DER certificate, concatenated (the content of the SEQUENCE OF); NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_cert_chain(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_cert_chain";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::cert_chain) }
}

/// BoringSSL's `[28]` quicEarlyDataContext: the QUIC transport's early data context; NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_quic_early_data_context(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_quic_early_data_context";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::quic_early_data_context) }
}

/// BoringSSL's `[29]` localALPS: our ALPS (application settings) value; NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_local_alps(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_local_alps";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::local_alps) }
}

/// BoringSSL's `[30]` peerALPS: the peer's ALPS value; NULL when absent,
/// else its bytes (valid until the field changes or the session is freed)
/// and, through `len` when not NULL, their length.
///
/// # Safety
/// `s` is NULL or a live session; `len` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get0_peer_alps(
    s: *const sslsession_session,
    len: *mut usize,
) -> *const u8 {
    const F: &str = "sslsession_session_get0_peer_alps";
    // SAFETY: `s` is NULL or a live session, `len` NULL or writable (contract).
    unsafe { get_with_len(s, F, len, OwnedSession::peer_alps) }
}

/// BoringSSL's `[17]` extendedMasterSecret (RFC 7627), 1 or 0 (an OpenSSL session keeps it as bit `SSL_SESS_FLAG_EXTMS` of `sslsession_session_get_flags` instead). Returns 1 and writes the value
/// through `out` (when not NULL) if the session holds it; 0 if it does not
/// (nothing queued), or for a NULL session (error queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_extended_master_secret(
    s: *const sslsession_session,
    out: *mut c_int,
) -> c_int {
    const F: &str = "sslsession_session_get_extended_master_secret";
    // SAFETY: `s` is NULL or a live session, `out` NULL or writable (contract).
    unsafe { get_opt(s, F, out, |x| x.extended_master_secret().map(c_int::from)) }
}

/// BoringSSL's `[22]` isServer, 1 or 0 (BoringSSL's DEFAULT TRUE: absent on the wire means a server's session, read here as absent). Returns 1 and writes the value
/// through `out` (when not NULL) if the session holds it; 0 if it does not
/// (nothing queued), or for a NULL session (error queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_is_server(
    s: *const sslsession_session,
    out: *mut c_int,
) -> c_int {
    const F: &str = "sslsession_session_get_is_server";
    // SAFETY: `s` is NULL or a live session, `out` NULL or writable (contract).
    unsafe { get_opt(s, F, out, |x| x.is_server().map(c_int::from)) }
}

/// BoringSSL's `[23]` peerSignatureAlgorithm: the TLS SignatureScheme the peer signed with. Returns 1 and writes the value
/// through `out` (when not NULL) if the session holds it; 0 if it does not
/// (nothing queued), or for a NULL session (error queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_peer_signature_algorithm(
    s: *const sslsession_session,
    out: *mut u16,
) -> c_int {
    const F: &str = "sslsession_session_get_peer_signature_algorithm";
    // SAFETY: `s` is NULL or a live session, `out` NULL or writable (contract).
    unsafe { get_opt(s, F, out, |x| x.peer_signature_algorithm()) }
}

/// BoringSSL's `[25]` authTimeout: seconds the authentication stays valid across renewals (absent: the timeout). Returns 1 and writes the value
/// through `out` (when not NULL) if the session holds it; 0 if it does not
/// (nothing queued), or for a NULL session (error queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_auth_timeout(
    s: *const sslsession_session,
    out: *mut u32,
) -> c_int {
    const F: &str = "sslsession_session_get_auth_timeout";
    // SAFETY: `s` is NULL or a live session, `out` NULL or writable (contract).
    unsafe { get_opt(s, F, out, |x| x.auth_timeout()) }
}

/// BoringSSL's `[27]` isQuic, 1 or 0: the session was made over QUIC. Returns 1 and writes the value
/// through `out` (when not NULL) if the session holds it; 0 if it does not
/// (nothing queued), or for a NULL session (error queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_is_quic(
    s: *const sslsession_session,
    out: *mut c_int,
) -> c_int {
    const F: &str = "sslsession_session_get_is_quic";
    // SAFETY: `s` is NULL or a live session, `out` NULL or writable (contract).
    unsafe { get_opt(s, F, out, |x| x.is_quic().map(c_int::from)) }
}

/// BoringSSL's `[31]` resumableAcrossNames, 1 or 0 (BoringSSL only): the server allowed resuming under another SNI name. Returns 1 and writes the value
/// through `out` (when not NULL) if the session holds it; 0 if it does not
/// (nothing queued), or for a NULL session (error queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_resumable_across_names(
    s: *const sslsession_session,
    out: *mut c_int,
) -> c_int {
    const F: &str = "sslsession_session_get_resumable_across_names";
    // SAFETY: `s` is NULL or a live session, `out` NULL or writable (contract).
    unsafe { get_opt(s, F, out, |x| x.resumable_across_names().map(c_int::from)) }
}

/// BoringSSL's `[32]` peerCertType (BoringSSL only; DEFAULT 0, X.509; 2 is a raw public key, RFC 7250). Returns 1 and writes the value
/// through `out` (when not NULL) if the session holds it; 0 if it does not
/// (nothing queued), or for a NULL session (error queued).
///
/// # Safety
/// `s` is NULL or a live session; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sslsession_session_get_peer_cert_type(
    s: *const sslsession_session,
    out: *mut u8,
) -> c_int {
    const F: &str = "sslsession_session_get_peer_cert_type";
    // SAFETY: `s` is NULL or a live session, `out` NULL or writable (contract).
    unsafe { get_opt(s, F, out, |x| x.peer_cert_type()) }
}
