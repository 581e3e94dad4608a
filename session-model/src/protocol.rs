//! The protocol version a session was negotiated with.

use std::fmt;

/// A TLS/DTLS wire protocol version, as stored in a session's `sslVersion`.
///
/// Any 16-bit value can be held (OpenSSL's `i2d` writes whatever the session
/// carries); [`ProtocolVersion::is_accepted_by_openssl`] says whether OpenSSL's
/// `d2i_SSL_SESSION` would take it back.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct ProtocolVersion(pub u16);

impl ProtocolVersion {
    /// SSL 3.0 (0x0300).
    pub const SSL3: Self = Self(0x0300);
    /// TLS 1.0 (0x0301).
    pub const TLS1: Self = Self(0x0301);
    /// TLS 1.1 (0x0302).
    pub const TLS1_1: Self = Self(0x0302);
    /// TLS 1.2 (0x0303).
    pub const TLS1_2: Self = Self(0x0303);
    /// TLS 1.3 (0x0304).
    pub const TLS1_3: Self = Self(0x0304);
    /// OpenSSL's pre-standard DTLS (`DTLS1_BAD_VER`, 0x0100).
    pub const DTLS1_BAD: Self = Self(0x0100);
    /// DTLS 1.0 (0xFEFF).
    pub const DTLS1: Self = Self(0xFEFF);
    /// DTLS 1.2 (0xFEFD).
    pub const DTLS1_2: Self = Self(0xFEFD);

    /// The wire value.
    pub const fn wire(self) -> u16 {
        self.0
    }

    /// The name OpenSSL prints (`ssl_protocol_to_string` in `ssl/ssl_lib.c`):
    /// `TLSv1.3`, `TLSv1.2`, `TLSv1.1`, `TLSv1`, `SSLv3`, `DTLSv0.9`, `DTLSv1`,
    /// `DTLSv1.2`, or `None` for any other value (OpenSSL prints `unknown`).
    pub const fn name(self) -> Option<&'static str> {
        match self.0 {
            0x0304 => Some("TLSv1.3"),
            0x0303 => Some("TLSv1.2"),
            0x0302 => Some("TLSv1.1"),
            0x0301 => Some("TLSv1"),
            0x0300 => Some("SSLv3"),
            0x0100 => Some("DTLSv0.9"),
            0xFEFF => Some("DTLSv1"),
            0xFEFD => Some("DTLSv1.2"),
            _ => None,
        }
    }

    /// The name OpenSSL prints, `unknown` included.
    pub const fn openssl_name(self) -> &'static str {
        match self.name() {
            Some(n) => n,
            None => "unknown",
        }
    }

    /// Looks a version up by the name OpenSSL prints.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::TLS1_3,
            Self::TLS1_2,
            Self::TLS1_1,
            Self::TLS1,
            Self::SSL3,
            Self::DTLS1_BAD,
            Self::DTLS1,
            Self::DTLS1_2,
        ]
        .into_iter()
        .find(|v| v.name() == Some(name))
    }

    /// Whether OpenSSL 1.1.0+'s `d2i_SSL_SESSION` accepts this version: its
    /// major byte is 0x03 (SSL3/TLS) or 0xFE (DTLS), or it is `DTLS1_BAD_VER`
    /// (`ssl/ssl_asn1.c`: `(ssl_version >> 8) == SSL3_VERSION_MAJOR || … == DTLS1_VERSION_MAJOR
    /// || ssl_version == DTLS1_BAD_VER`).
    pub const fn is_accepted_by_openssl(self) -> bool {
        let major = self.0 >> 8;
        major == 0x03 || major == 0xFE || self.0 == 0x0100
    }

    /// TLS 1.3 keeps a resumption PSK where older versions keep a master secret.
    pub const fn is_tls13(self) -> bool {
        self.0 == 0x0304
    }
}

impl fmt::Debug for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => write!(f, "{n}"),
            None => write!(f, "ProtocolVersion(0x{:04X})", self.0),
        }
    }
}

impl fmt::Display for ProtocolVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "0x{:04X}", self.0),
        }
    }
}
