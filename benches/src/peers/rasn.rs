//! The schema with `rasn`'s derive (`rasn` 0.30).
//!
//! The tags are expressible (`#[rasn(tag(explicit(context, n)))]`, and
//! `#[rasn(tag(context, 0))]` for the IMPLICIT `[0]`), but nothing borrows:
//! `rasn`'s `Decode` has no lifetime (`fn decode<D: Decoder>(&mut D) ->
//! Result<Self, _>`), so every OCTET STRING is copied into an owned
//! `OctetString` (`bytes::Bytes` with the default features) and the
//! certificate into an owned [`Any`] (a `Vec`): an allocation per non-empty
//! string on every decode. Encoding writes into a
//! `Vec` that the caller may reuse ([`rasn::der::encode_buf`]), not into a
//! slice.

use ::rasn::prelude::*;

use super::Fields;

/// OpenSSL's `SSL_SESSION_ASN1`, integer widths as in its template.
#[derive(AsnType, Decode, Encode, Debug, PartialEq, Eq)]
pub struct Session {
    /// `version` (`UINT32`).
    pub version: u32,
    /// `sslVersion` (`INT32`).
    pub ssl_version: i32,
    /// `cipher`.
    pub cipher: OctetString,
    /// `sessionID`.
    pub session_id: OctetString,
    /// `masterKey`.
    pub master_key: OctetString,
    /// `[0] IMPLICIT` key_arg.
    #[rasn(tag(context, 0))]
    pub key_arg: Option<OctetString>,
    /// `[1]` time (`ZINT64`).
    #[rasn(tag(explicit(context, 1)))]
    pub time: Option<i64>,
    /// `[2]` timeout (`ZINT64`).
    #[rasn(tag(explicit(context, 2)))]
    pub timeout: Option<i64>,
    /// `[3]` the peer certificate, raw.
    #[rasn(tag(explicit(context, 3)))]
    pub peer: Option<Any>,
    /// `[4]` session id context.
    #[rasn(tag(explicit(context, 4)))]
    pub sid_ctx: Option<OctetString>,
    /// `[5]` verify result (`ZINT32`).
    #[rasn(tag(explicit(context, 5)))]
    pub verify_result: Option<i32>,
    /// `[6]` host name.
    #[rasn(tag(explicit(context, 6)))]
    pub hostname: Option<OctetString>,
    /// `[7]` PSK identity hint.
    #[rasn(tag(explicit(context, 7)))]
    pub psk_identity_hint: Option<OctetString>,
    /// `[8]` PSK identity.
    #[rasn(tag(explicit(context, 8)))]
    pub psk_identity: Option<OctetString>,
    /// `[9]` ticket lifetime hint (`ZUINT64`).
    #[rasn(tag(explicit(context, 9)))]
    pub ticket_lifetime_hint: Option<u64>,
    /// `[10]` ticket.
    #[rasn(tag(explicit(context, 10)))]
    pub ticket: Option<OctetString>,
    /// `[11]` compression id.
    #[rasn(tag(explicit(context, 11)))]
    pub compression: Option<OctetString>,
    /// `[12]` SRP user name.
    #[rasn(tag(explicit(context, 12)))]
    pub srp_username: Option<OctetString>,
    /// `[13]` flags (`ZUINT64`).
    #[rasn(tag(explicit(context, 13)))]
    pub flags: Option<u64>,
    /// `[14]` ticket age add (`ZUINT32`).
    #[rasn(tag(explicit(context, 14)))]
    pub ticket_age_add: Option<u32>,
    /// `[15]` max early data (`ZUINT32`).
    #[rasn(tag(explicit(context, 15)))]
    pub max_early_data: Option<u32>,
    /// `[16]` ALPN selected.
    #[rasn(tag(explicit(context, 16)))]
    pub alpn_selected: Option<OctetString>,
    /// `[17]` max fragment length mode (`ZUINT32`).
    #[rasn(tag(explicit(context, 17)))]
    pub max_fragment_len_mode: Option<u32>,
    /// `[18]` ticket app data.
    #[rasn(tag(explicit(context, 18)))]
    pub ticket_appdata: Option<OctetString>,
    /// `[19]` key exchange group (`UINT32`).
    #[rasn(tag(explicit(context, 19)))]
    pub kex_group: Option<u32>,
    /// `[20]` peer raw public key.
    #[rasn(tag(explicit(context, 20)))]
    pub peer_rpk: Option<OctetString>,
}

/// Decodes one session (the whole input).
///
/// # Errors
/// The crate's error: not DER, or not the schema.
#[inline]
pub fn decode(der: &[u8]) -> Result<Session, ::rasn::error::DecodeError> {
    ::rasn::der::decode(der)
}

/// Encodes a session into `buf` (cleared first; its allocation is reused).
///
/// # Errors
/// The crate's error.
#[inline]
pub fn encode_into(s: &Session, buf: &mut Vec<u8>) -> Result<(), ::rasn::error::EncodeError> {
    ::rasn::der::encode_buf(s, buf)
}

impl Session {
    /// The common view of the fields.
    pub fn fields(&self) -> Fields<'_> {
        Fields {
            version: self.version,
            ssl_version: self.ssl_version,
            cipher: self.cipher.to_vec(),
            session_id: &self.session_id,
            master_key: &self.master_key,
            key_arg: self.key_arg.as_deref(),
            time: self.time,
            timeout: self.timeout,
            peer: self.peer.as_ref().map(|a| a.as_bytes().to_vec()),
            sid_ctx: self.sid_ctx.as_deref(),
            verify_result: self.verify_result,
            hostname: self.hostname.as_deref(),
            psk_identity_hint: self.psk_identity_hint.as_deref(),
            psk_identity: self.psk_identity.as_deref(),
            ticket_lifetime_hint: self.ticket_lifetime_hint,
            ticket: self.ticket.as_deref(),
            compression: self.compression.as_ref().map(|c| c.to_vec()),
            srp_username: self.srp_username.as_deref(),
            flags: self.flags,
            ticket_age_add: self.ticket_age_add,
            max_early_data: self.max_early_data,
            alpn_selected: self.alpn_selected.as_deref(),
            max_fragment_len_mode: self.max_fragment_len_mode,
            ticket_appdata: self.ticket_appdata.as_deref(),
            kex_group: self.kex_group,
            peer_rpk: self.peer_rpk.as_deref(),
        }
    }
}
