//! Our codec (session-der in BoringSSL's dialect), called the way each
//! BoringSSL entry point is compared with it.

use crate::{hex, mutate};
use serde_json::{json, Value};
use session_der::session_model::{Dialect, OwnedSession};
use session_der::{decode_with, encode, DecodeError, DecodeOptions, Decoded, Target};

/// Our `SSL_SESSION_from_bytes`: BoringSSL's dialect, nothing after the session.
///
/// # Errors
/// What we refuse.
pub fn from_bytes(input: &[u8]) -> Result<OwnedSession, DecodeError> {
    decode_with(
        input,
        &DecodeOptions::dialect(Dialect::BoringSsl).allow_trailing(false),
    )
    .map(|d: Decoded<OwnedSession>| d.session)
}

/// Our `d2i_SSL_SESSION`: BoringSSL's dialect, bytes after the session left
/// unread; the session and how far it got.
///
/// # Errors
/// What we refuse.
pub fn d2i(input: &[u8]) -> Result<(OwnedSession, usize), DecodeError> {
    decode_with(input, &DecodeOptions::dialect(Dialect::BoringSsl))
        .map(|d: Decoded<OwnedSession>| (d.session, d.consumed))
}

/// Our `SSL_SESSION_to_bytes` / `i2d_SSL_SESSION`.
///
/// # Errors
/// When our encoder refuses the session.
pub fn to_bytes(s: &OwnedSession) -> Result<Vec<u8>, session_der::EncodeError> {
    encode(s, Target::BoringSsl).map(|b| b.to_vec())
}

/// The certificates of a `[19]` certChain content, one by one.
fn split_certs(mut chain: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    while let Some((_, n)) = mutate::read_elem(chain) {
        out.push(hex(&chain[..n]));
        chain = &chain[n..];
    }
    out
}

/// Our getters, under the keys of `bssl::Session::report` that have one
/// (BoringSSL's derived flags — is_resumable, should_be_single_use,
/// early_data_capable — are compared separately; `version` is its name).
pub fn values(s: &OwnedSession) -> Value {
    let leaf = s.peer_certificate().map(hex);
    let peer_certificates = leaf.clone().map(|l| {
        let mut v = vec![l];
        v.extend(s.cert_chain().map(split_certs).unwrap_or_default());
        v
    });
    json!({
        "protocol_version": s.protocol_version().wire(),
        "cipher": s.cipher().code(),
        "session_id": hex(s.session_id()),
        "sid_ctx": hex(s.sid_ctx().unwrap_or_default()),
        "master_key": hex(s.master_key().expose()),
        "time": s.time(),
        "timeout": s.timeout(),
        // SSL_SESSION_has_ticket: a non-empty ticket.
        "ticket": s.ticket().filter(|t| !t.is_empty()).map(hex),
        "ticket_lifetime_hint": s.ticket_lifetime_hint().unwrap_or(0),
        "peer_certificate": leaf,
        "peer_certificates": peer_certificates,
        "peer_sha256": s.peer_sha256().map(hex),
        "signed_cert_timestamp_list": hex(s.signed_cert_timestamp_list().unwrap_or_default()),
        "ocsp_response": hex(s.ocsp_response().unwrap_or_default()),
        "peer_rpk": s.peer_rpk().map(hex),
        "is_resumable_across_names": s.resumable_across_names().unwrap_or(false),
    })
}

/// BoringSSL's report without the keys [`values`] has no getter for.
pub fn comparable(report: &Value) -> Value {
    let mut r = report.clone();
    if let Some(m) = r.as_object_mut() {
        for k in [
            "version",
            "is_resumable",
            "should_be_single_use",
            "early_data_capable",
        ] {
            m.remove(k);
        }
    }
    r
}
