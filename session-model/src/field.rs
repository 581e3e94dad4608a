//! Names of the fields of the session structure.

use std::fmt;

/// One element of OpenSSL's `SSL_SESSION_ASN1` sequence, in wire order.
///
/// Errors name the field they concern with this type, so a caller can match on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The outer SEQUENCE itself.
    Session,
    /// Structure version (always 1).
    Version,
    /// `sslVersion`.
    ProtocolVersion,
    /// The two-byte cipher code.
    Cipher,
    /// The session id.
    SessionId,
    /// The master key (TLS ≤ 1.2) or resumption PSK (TLS 1.3).
    MasterKey,
    /// `[0]` key_arg (SSLv2; read and dropped by OpenSSL 1.1.0+).
    KeyArg,
    /// `[1]` time.
    Time,
    /// `[2]` timeout.
    Timeout,
    /// `[3]` peer certificate.
    PeerCertificate,
    /// `[4]` session id context.
    SidCtx,
    /// `[5]` verify result.
    VerifyResult,
    /// `[6]` host name (SNI).
    Hostname,
    /// `[7]` PSK identity hint.
    PskIdentityHint,
    /// `[8]` PSK identity.
    PskIdentity,
    /// `[9]` ticket lifetime hint.
    TicketLifetimeHint,
    /// `[10]` ticket.
    Ticket,
    /// `[11]` compression method id.
    CompressionId,
    /// `[12]` SRP user name.
    SrpUsername,
    /// `[13]` flags.
    Flags,
    /// `[14]` ticket age add.
    TicketAgeAdd,
    /// `[15]` max early data.
    MaxEarlyData,
    /// `[16]` selected ALPN protocol.
    AlpnSelected,
    /// `[17]` max fragment length mode.
    MaxFragmentLenMode,
    /// `[18]` ticket application data.
    TicketAppdata,
    /// `[19]` key exchange group.
    KexGroup,
    /// `[20]` peer raw public key (OpenSSL 3.2+).
    PeerRpk,
}

impl Field {
    /// The context tag of an optional field (`[0]`…`[20]`), `None` for the untagged ones.
    pub const fn tag(self) -> Option<u8> {
        Some(match self {
            Field::KeyArg => 0,
            Field::Time => 1,
            Field::Timeout => 2,
            Field::PeerCertificate => 3,
            Field::SidCtx => 4,
            Field::VerifyResult => 5,
            Field::Hostname => 6,
            Field::PskIdentityHint => 7,
            Field::PskIdentity => 8,
            Field::TicketLifetimeHint => 9,
            Field::Ticket => 10,
            Field::CompressionId => 11,
            Field::SrpUsername => 12,
            Field::Flags => 13,
            Field::TicketAgeAdd => 14,
            Field::MaxEarlyData => 15,
            Field::AlpnSelected => 16,
            Field::MaxFragmentLenMode => 17,
            Field::TicketAppdata => 18,
            Field::KexGroup => 19,
            Field::PeerRpk => 20,
            _ => return None,
        })
    }

    /// The optional field with context tag `tag`.
    pub const fn from_tag(tag: u32) -> Option<Field> {
        Some(match tag {
            0 => Field::KeyArg,
            1 => Field::Time,
            2 => Field::Timeout,
            3 => Field::PeerCertificate,
            4 => Field::SidCtx,
            5 => Field::VerifyResult,
            6 => Field::Hostname,
            7 => Field::PskIdentityHint,
            8 => Field::PskIdentity,
            9 => Field::TicketLifetimeHint,
            10 => Field::Ticket,
            11 => Field::CompressionId,
            12 => Field::SrpUsername,
            13 => Field::Flags,
            14 => Field::TicketAgeAdd,
            15 => Field::MaxEarlyData,
            16 => Field::AlpnSelected,
            17 => Field::MaxFragmentLenMode,
            18 => Field::TicketAppdata,
            19 => Field::KexGroup,
            20 => Field::PeerRpk,
            _ => return None,
        })
    }

    /// Our name for the field (the key used in the JSON record).
    pub const fn name(self) -> &'static str {
        match self {
            Field::Session => "session",
            Field::Version => "version",
            Field::ProtocolVersion => "protocol_version",
            Field::Cipher => "cipher",
            Field::SessionId => "session_id",
            Field::MasterKey => "master_key",
            Field::KeyArg => "key_arg",
            Field::Time => "time",
            Field::Timeout => "timeout",
            Field::PeerCertificate => "peer_certificate",
            Field::SidCtx => "sid_ctx",
            Field::VerifyResult => "verify_result",
            Field::Hostname => "hostname",
            Field::PskIdentityHint => "psk_identity_hint",
            Field::PskIdentity => "psk_identity",
            Field::TicketLifetimeHint => "ticket_lifetime_hint",
            Field::Ticket => "ticket",
            Field::CompressionId => "compression_id",
            Field::SrpUsername => "srp_username",
            Field::Flags => "flags",
            Field::TicketAgeAdd => "ticket_age_add",
            Field::MaxEarlyData => "max_early_data",
            Field::AlpnSelected => "alpn_selected",
            Field::MaxFragmentLenMode => "max_fragment_len_mode",
            Field::TicketAppdata => "ticket_appdata",
            Field::KexGroup => "kex_group",
            Field::PeerRpk => "peer_rpk",
        }
    }

    /// The member name in OpenSSL's `SSL_SESSION_ASN1` template (`ssl/ssl_asn1.c`),
    /// which OpenSSL reports as `Field=<name>` in its error data.
    pub const fn openssl_name(self) -> &'static str {
        match self {
            Field::Session => "SSL_SESSION_ASN1",
            Field::Version => "version",
            Field::ProtocolVersion => "ssl_version",
            Field::Cipher => "cipher",
            Field::SessionId => "session_id",
            Field::MasterKey => "master_key",
            Field::KeyArg => "key_arg",
            Field::Time => "time",
            Field::Timeout => "timeout",
            Field::PeerCertificate => "peer",
            Field::SidCtx => "session_id_context",
            Field::VerifyResult => "verify_result",
            Field::Hostname => "tlsext_hostname",
            Field::PskIdentityHint => "psk_identity_hint",
            Field::PskIdentity => "psk_identity",
            Field::TicketLifetimeHint => "tlsext_tick_lifetime_hint",
            Field::Ticket => "tlsext_tick",
            Field::CompressionId => "comp_id",
            Field::SrpUsername => "srp_username",
            Field::Flags => "flags",
            Field::TicketAgeAdd => "tlsext_tick_age_add",
            Field::MaxEarlyData => "max_early_data",
            Field::AlpnSelected => "alpn_selected",
            Field::MaxFragmentLenMode => "tlsext_max_fragment_len_mode",
            Field::TicketAppdata => "ticket_appdata",
            Field::KexGroup => "kex_group",
            Field::PeerRpk => "peer_rpk",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
