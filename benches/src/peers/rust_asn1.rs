//! The schema with rust-asn1's derive (`asn1` 0.24, alex/rust-asn1, the
//! crate pyca/cryptography parses X.509 with).
//!
//! Everything is expressible: `#[implicit(0)]` / `#[explicit(n)]` on
//! `Option` fields, `&[u8]` reads an OCTET STRING without copying, and
//! [`asn1::Tlv`] keeps the certificate as its raw element. Writing goes into a
//! new `Vec` only ([`asn1::write_single`]; the crate has no way to write into
//! a caller's buffer).

// asn1::ParseError is 136 bytes and the derive returns it by value; the
// benchmark measures the crate as it is used, so it stays unboxed.
#![allow(clippy::result_large_err)]

use super::Fields;

/// OpenSSL's `SSL_SESSION_ASN1`, integer widths as in its template.
#[derive(asn1::Asn1Read, asn1::Asn1Write, Debug, PartialEq, Eq)]
pub struct Session<'a> {
    /// `version` (`UINT32`).
    pub version: u32,
    /// `sslVersion` (`INT32`).
    pub ssl_version: i32,
    /// `cipher`.
    pub cipher: &'a [u8],
    /// `sessionID`.
    pub session_id: &'a [u8],
    /// `masterKey`.
    pub master_key: &'a [u8],
    /// `[0] IMPLICIT` key_arg.
    #[implicit(0)]
    pub key_arg: Option<&'a [u8]>,
    /// `[1]` time (`ZINT64`).
    #[explicit(1)]
    pub time: Option<i64>,
    /// `[2]` timeout (`ZINT64`).
    #[explicit(2)]
    pub timeout: Option<i64>,
    /// `[3]` the peer certificate, raw.
    #[explicit(3)]
    pub peer: Option<asn1::Tlv<'a>>,
    /// `[4]` session id context.
    #[explicit(4)]
    pub sid_ctx: Option<&'a [u8]>,
    /// `[5]` verify result (`ZINT32`).
    #[explicit(5)]
    pub verify_result: Option<i32>,
    /// `[6]` host name.
    #[explicit(6)]
    pub hostname: Option<&'a [u8]>,
    /// `[7]` PSK identity hint.
    #[explicit(7)]
    pub psk_identity_hint: Option<&'a [u8]>,
    /// `[8]` PSK identity.
    #[explicit(8)]
    pub psk_identity: Option<&'a [u8]>,
    /// `[9]` ticket lifetime hint (`ZUINT64`).
    #[explicit(9)]
    pub ticket_lifetime_hint: Option<u64>,
    /// `[10]` ticket.
    #[explicit(10)]
    pub ticket: Option<&'a [u8]>,
    /// `[11]` compression id.
    #[explicit(11)]
    pub compression: Option<&'a [u8]>,
    /// `[12]` SRP user name.
    #[explicit(12)]
    pub srp_username: Option<&'a [u8]>,
    /// `[13]` flags (`ZUINT64`).
    #[explicit(13)]
    pub flags: Option<u64>,
    /// `[14]` ticket age add (`ZUINT32`).
    #[explicit(14)]
    pub ticket_age_add: Option<u32>,
    /// `[15]` max early data (`ZUINT32`).
    #[explicit(15)]
    pub max_early_data: Option<u32>,
    /// `[16]` ALPN selected.
    #[explicit(16)]
    pub alpn_selected: Option<&'a [u8]>,
    /// `[17]` max fragment length mode (`ZUINT32`).
    #[explicit(17)]
    pub max_fragment_len_mode: Option<u32>,
    /// `[18]` ticket app data.
    #[explicit(18)]
    pub ticket_appdata: Option<&'a [u8]>,
    /// `[19]` key exchange group (`UINT32`).
    #[explicit(19)]
    pub kex_group: Option<u32>,
    /// `[20]` peer raw public key.
    #[explicit(20)]
    pub peer_rpk: Option<&'a [u8]>,
}

/// Decodes one session (the whole input).
///
/// # Errors
/// The crate's error: not DER, or not the schema.
#[inline]
pub fn decode(der: &[u8]) -> asn1::ParseResult<Session<'_>> {
    asn1::parse_single(der)
}

/// Encodes a session into a new `Vec` (the crate's only way to write).
///
/// # Errors
/// The crate's error (allocation failure).
#[inline]
pub fn encode(s: &Session<'_>) -> asn1::WriteResult<Vec<u8>> {
    asn1::write_single(s)
}

impl<'a> Session<'a> {
    /// The common view of the fields.
    pub fn fields(&self) -> Fields<'a> {
        Fields {
            version: self.version,
            ssl_version: self.ssl_version,
            cipher: self.cipher.to_vec(),
            session_id: self.session_id,
            master_key: self.master_key,
            key_arg: self.key_arg,
            time: self.time,
            timeout: self.timeout,
            peer: self.peer.map(|t| t.full_data().to_vec()),
            sid_ctx: self.sid_ctx,
            verify_result: self.verify_result,
            hostname: self.hostname,
            psk_identity_hint: self.psk_identity_hint,
            psk_identity: self.psk_identity,
            ticket_lifetime_hint: self.ticket_lifetime_hint,
            ticket: self.ticket,
            compression: self.compression.map(<[u8]>::to_vec),
            srp_username: self.srp_username,
            flags: self.flags,
            ticket_age_add: self.ticket_age_add,
            max_early_data: self.max_early_data,
            alpn_selected: self.alpn_selected,
            max_fragment_len_mode: self.max_fragment_len_mode,
            ticket_appdata: self.ticket_appdata,
            kex_group: self.kex_group,
            peer_rpk: self.peer_rpk,
        }
    }
}
