//! The schema with RustCrypto's `der` derive (`der` 0.8, the crate under
//! `x509-cert`, `pkcs8`, `spki`).
//!
//! Everything is expressible: `#[asn1(context_specific = "n", tag_mode =
//! "EXPLICIT"|"IMPLICIT", optional = "true")]`, `&OctetStringRef` borrows an
//! OCTET STRING, [`AnyRef`] keeps the certificate's element (its tag and
//! content, borrowed). It encodes into a caller's buffer
//! ([`Encode::encode_to_slice`]).

use ::der::asn1::{AnyRef, OctetStringRef};
use ::der::{Decode, Encode, Sequence};

use super::Fields;

/// OpenSSL's `SSL_SESSION_ASN1`, integer widths as in its template.
#[derive(Sequence, Debug, PartialEq, Eq)]
pub struct Session<'a> {
    /// `version` (`UINT32`).
    pub version: u32,
    /// `sslVersion` (`INT32`).
    pub ssl_version: i32,
    /// `cipher`.
    pub cipher: &'a OctetStringRef,
    /// `sessionID`.
    pub session_id: &'a OctetStringRef,
    /// `masterKey`.
    pub master_key: &'a OctetStringRef,
    /// `[0] IMPLICIT` key_arg.
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    pub key_arg: Option<&'a OctetStringRef>,
    /// `[1]` time (`ZINT64`).
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    pub time: Option<i64>,
    /// `[2]` timeout (`ZINT64`).
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    pub timeout: Option<i64>,
    /// `[3]` the peer certificate, raw.
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    pub peer: Option<AnyRef<'a>>,
    /// `[4]` session id context.
    #[asn1(context_specific = "4", tag_mode = "EXPLICIT", optional = "true")]
    pub sid_ctx: Option<&'a OctetStringRef>,
    /// `[5]` verify result (`ZINT32`).
    #[asn1(context_specific = "5", tag_mode = "EXPLICIT", optional = "true")]
    pub verify_result: Option<i32>,
    /// `[6]` host name.
    #[asn1(context_specific = "6", tag_mode = "EXPLICIT", optional = "true")]
    pub hostname: Option<&'a OctetStringRef>,
    /// `[7]` PSK identity hint.
    #[asn1(context_specific = "7", tag_mode = "EXPLICIT", optional = "true")]
    pub psk_identity_hint: Option<&'a OctetStringRef>,
    /// `[8]` PSK identity.
    #[asn1(context_specific = "8", tag_mode = "EXPLICIT", optional = "true")]
    pub psk_identity: Option<&'a OctetStringRef>,
    /// `[9]` ticket lifetime hint (`ZUINT64`).
    #[asn1(context_specific = "9", tag_mode = "EXPLICIT", optional = "true")]
    pub ticket_lifetime_hint: Option<u64>,
    /// `[10]` ticket.
    #[asn1(context_specific = "10", tag_mode = "EXPLICIT", optional = "true")]
    pub ticket: Option<&'a OctetStringRef>,
    /// `[11]` compression id.
    #[asn1(context_specific = "11", tag_mode = "EXPLICIT", optional = "true")]
    pub compression: Option<&'a OctetStringRef>,
    /// `[12]` SRP user name.
    #[asn1(context_specific = "12", tag_mode = "EXPLICIT", optional = "true")]
    pub srp_username: Option<&'a OctetStringRef>,
    /// `[13]` flags (`ZUINT64`).
    #[asn1(context_specific = "13", tag_mode = "EXPLICIT", optional = "true")]
    pub flags: Option<u64>,
    /// `[14]` ticket age add (`ZUINT32`).
    #[asn1(context_specific = "14", tag_mode = "EXPLICIT", optional = "true")]
    pub ticket_age_add: Option<u32>,
    /// `[15]` max early data (`ZUINT32`).
    #[asn1(context_specific = "15", tag_mode = "EXPLICIT", optional = "true")]
    pub max_early_data: Option<u32>,
    /// `[16]` ALPN selected.
    #[asn1(context_specific = "16", tag_mode = "EXPLICIT", optional = "true")]
    pub alpn_selected: Option<&'a OctetStringRef>,
    /// `[17]` max fragment length mode (`ZUINT32`).
    #[asn1(context_specific = "17", tag_mode = "EXPLICIT", optional = "true")]
    pub max_fragment_len_mode: Option<u32>,
    /// `[18]` ticket app data.
    #[asn1(context_specific = "18", tag_mode = "EXPLICIT", optional = "true")]
    pub ticket_appdata: Option<&'a OctetStringRef>,
    /// `[19]` key exchange group (`UINT32`).
    #[asn1(context_specific = "19", tag_mode = "EXPLICIT", optional = "true")]
    pub kex_group: Option<u32>,
    /// `[20]` peer raw public key.
    #[asn1(context_specific = "20", tag_mode = "EXPLICIT", optional = "true")]
    pub peer_rpk: Option<&'a OctetStringRef>,
}

/// Decodes one session (the whole input).
///
/// # Errors
/// The crate's error: not DER, or not the schema.
#[inline]
pub fn decode(der: &[u8]) -> ::der::Result<Session<'_>> {
    Session::from_der(der)
}

/// Encodes a session into `buf`, returning the bytes written.
///
/// # Errors
/// The crate's error, e.g. `buf` too short.
#[inline]
pub fn encode_into<'b>(s: &Session<'_>, buf: &'b mut [u8]) -> ::der::Result<&'b [u8]> {
    s.encode_to_slice(buf)
}

/// The whole DER element of `a` (the crate's `to_der` needs its `alloc`
/// feature, which the measured code does not use).
fn element(a: AnyRef<'_>) -> Vec<u8> {
    let len = a
        .encoded_len()
        .ok()
        .and_then(|l| usize::try_from(u32::from(l)).ok())
        .unwrap_or(0);
    let mut buf = vec![0u8; len];
    let written = a.encode_to_slice(&mut buf).map_or(0, <[u8]>::len);
    buf.truncate(written);
    buf
}

impl<'a> Session<'a> {
    /// The common view of the fields.
    pub fn fields(&self) -> Fields<'a> {
        Fields {
            version: self.version,
            ssl_version: self.ssl_version,
            cipher: self.cipher.as_bytes().to_vec(),
            session_id: self.session_id.as_bytes(),
            master_key: self.master_key.as_bytes(),
            key_arg: self.key_arg.map(OctetStringRef::as_bytes),
            time: self.time,
            timeout: self.timeout,
            peer: self.peer.map(element),
            sid_ctx: self.sid_ctx.map(OctetStringRef::as_bytes),
            verify_result: self.verify_result,
            hostname: self.hostname.map(OctetStringRef::as_bytes),
            psk_identity_hint: self.psk_identity_hint.map(OctetStringRef::as_bytes),
            psk_identity: self.psk_identity.map(OctetStringRef::as_bytes),
            ticket_lifetime_hint: self.ticket_lifetime_hint,
            ticket: self.ticket.map(OctetStringRef::as_bytes),
            compression: self.compression.map(|c| c.as_bytes().to_vec()),
            srp_username: self.srp_username.map(OctetStringRef::as_bytes),
            flags: self.flags,
            ticket_age_add: self.ticket_age_add,
            max_early_data: self.max_early_data,
            alpn_selected: self.alpn_selected.map(OctetStringRef::as_bytes),
            max_fragment_len_mode: self.max_fragment_len_mode,
            ticket_appdata: self.ticket_appdata.map(OctetStringRef::as_bytes),
            kex_group: self.kex_group,
            peer_rpk: self.peer_rpk.map(OctetStringRef::as_bytes),
        }
    }
}
