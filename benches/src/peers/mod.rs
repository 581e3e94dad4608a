//! The session schema written with the Rust ASN.1 libraries a user would
//! otherwise reach for (issue 14): OpenSSL's `SSL_SESSION_ASN1` template
//! (`ssl/ssl_asn1.c`, 3.2+: fields `[0]`–`[20]`, `[0]` IMPLICIT and every
//! other tag EXPLICIT) as a derived struct of each library, with the
//! template's integer widths (`UINT32`, `INT32`, `ZINT64`, `ZUINT64`, …) as
//! native integers, every octet string borrowed from the input where the
//! library allows it, and the peer certificate `[3]` kept as raw DER, not
//! looked into (so they compare with our `-nocert` operations).
//!
//! What each library can and cannot do with the schema is said in its module;
//! [`Fields`] is the common view the tests compare with our decoder.

pub mod der;
pub mod rasn;
pub mod rust_asn1;

use session_der::SessionRef;

/// Every field of a session as the wire carries it, whatever library read it:
/// what `tests/peers.rs` compares between the peers and our decoder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fields<'a> {
    /// `version` (always 1 for a session OpenSSL reads).
    pub version: u32,
    /// `sslVersion`.
    pub ssl_version: i32,
    /// The cipher's octets (two of them).
    pub cipher: Vec<u8>,
    /// The session id.
    pub session_id: &'a [u8],
    /// The master key.
    pub master_key: &'a [u8],
    /// `[0]` key_arg.
    pub key_arg: Option<&'a [u8]>,
    /// `[1]` time.
    pub time: Option<i64>,
    /// `[2]` timeout.
    pub timeout: Option<i64>,
    /// `[3]` the peer certificate, its whole DER element.
    pub peer: Option<Vec<u8>>,
    /// `[4]` the session id context.
    pub sid_ctx: Option<&'a [u8]>,
    /// `[5]` the verify result.
    pub verify_result: Option<i32>,
    /// `[6]` the host name.
    pub hostname: Option<&'a [u8]>,
    /// `[7]` the PSK identity hint.
    pub psk_identity_hint: Option<&'a [u8]>,
    /// `[8]` the PSK identity.
    pub psk_identity: Option<&'a [u8]>,
    /// `[9]` the ticket lifetime hint.
    pub ticket_lifetime_hint: Option<u64>,
    /// `[10]` the ticket.
    pub ticket: Option<&'a [u8]>,
    /// `[11]` the compression id's octets.
    pub compression: Option<Vec<u8>>,
    /// `[12]` the SRP user name.
    pub srp_username: Option<&'a [u8]>,
    /// `[13]` the flags.
    pub flags: Option<u64>,
    /// `[14]` the ticket age add.
    pub ticket_age_add: Option<u32>,
    /// `[15]` max early data.
    pub max_early_data: Option<u32>,
    /// `[16]` the selected ALPN protocol.
    pub alpn_selected: Option<&'a [u8]>,
    /// `[17]` the max fragment length mode.
    pub max_fragment_len_mode: Option<u32>,
    /// `[18]` the ticket app data.
    pub ticket_appdata: Option<&'a [u8]>,
    /// `[19]` the key exchange group.
    pub kex_group: Option<u32>,
    /// `[20]` the peer's raw public key (a DER SubjectPublicKeyInfo).
    pub peer_rpk: Option<&'a [u8]>,
}

impl<'a> Fields<'a> {
    /// The fields of a session our decoder read.
    pub fn ours(s: &'a SessionRef<'a>) -> Fields<'a> {
        Fields {
            // Our decoder refuses any other structure version, as OpenSSL
            // 1.1.0+ does (SSL_R_UNKNOWN_SSL_VERSION), and does not keep it.
            version: 1,
            ssl_version: i32::from(s.protocol_version().wire()),
            cipher: s.cipher().code().to_be_bytes().to_vec(),
            session_id: s.session_id(),
            master_key: s.master_key().expose(),
            key_arg: s.key_arg(),
            time: s.time(),
            timeout: s.timeout(),
            peer: s.peer_certificate().map(<[u8]>::to_vec),
            sid_ctx: s.sid_ctx(),
            verify_result: s.verify_result(),
            hostname: s.hostname(),
            psk_identity_hint: s.psk_identity_hint(),
            psk_identity: s.psk_identity(),
            ticket_lifetime_hint: s.ticket_lifetime_hint(),
            ticket: s.ticket(),
            compression: s.compression_id().map(|c| vec![c]),
            srp_username: s.srp_username(),
            flags: s.flags(),
            ticket_age_add: s.ticket_age_add(),
            max_early_data: s.max_early_data(),
            alpn_selected: s.alpn_selected(),
            max_fragment_len_mode: s.max_fragment_len_mode(),
            ticket_appdata: s.ticket_appdata(),
            kex_group: s.kex_group(),
            peer_rpk: s.peer_rpk(),
        }
    }
}
