//! Cipher suites, by the two-byte code a session stores.

use std::fmt;

use crate::cipher_table::CIPHERS;

/// One bit per two-byte code, set for the codes of [`CIPHERS`], built at compile time.
static KNOWN: [u64; 1024] = {
    let mut bits = [0u64; 1024];
    let mut i = 0;
    while i < CIPHERS.len() {
        let code = CIPHERS[i].0 as usize;
        bits[code >> 6] |= 1 << (code & 63);
        i += 1;
    }
    bits
};

/// A cipher suite, by its two-byte TLS code (the low 16 bits of OpenSSL's
/// `0x0300XXXX` cipher id).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub struct CipherSuite(pub u16);

/// What OpenSSL knows about a cipher suite it accepts in a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CipherInfo {
    /// The two-byte code.
    pub code: u16,
    /// OpenSSL's name, e.g. `ECDHE-RSA-AES128-GCM-SHA256`.
    pub openssl_name: &'static str,
    /// The IANA (RFC) name, e.g. `TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256`; `None`
    /// for the few suites OpenSSL has no standard name for (GOST, some PSK/ARIA).
    pub iana_name: Option<&'static str>,
    /// The minimum protocol as OpenSSL prints it (`SSLv3`, `TLSv1.2`, …, `unknown` for SCSVs).
    pub min_protocol: &'static str,
}

impl CipherSuite {
    /// `TLS_EMPTY_RENEGOTIATION_INFO_SCSV`, which OpenSSL accepts in a session.
    pub const EMPTY_RENEGOTIATION_INFO_SCSV: Self = Self(0x00FF);
    /// `TLS_FALLBACK_SCSV`, which OpenSSL accepts in a session.
    pub const FALLBACK_SCSV: Self = Self(0x5600);

    /// The two-byte code.
    pub const fn code(self) -> u16 {
        self.0
    }

    /// OpenSSL's 32-bit cipher id (`0x03000000 | code`).
    pub const fn openssl_id(self) -> u32 {
        0x0300_0000 | self.0 as u32
    }

    /// The entry of OpenSSL 3.0's cipher table, or `None` when OpenSSL's
    /// `d2i_SSL_SESSION` would reject the code (`ssl3_get_cipher_by_id` finds nothing).
    ///
    /// The table is the one the installed OpenSSL 3.0.19 build accepts (weak
    /// ciphers such as RC4 are not built in, the SCSVs are).
    pub fn info(self) -> Option<CipherInfo> {
        CIPHERS
            .binary_search_by_key(&self.0, |c| c.0)
            .ok()
            .and_then(|i| CIPHERS.get(i))
            .map(
                |&(code, openssl_name, iana_name, min_protocol)| CipherInfo {
                    code,
                    openssl_name,
                    iana_name,
                    min_protocol,
                },
            )
    }

    /// Whether OpenSSL 3.0's `d2i_SSL_SESSION` knows this code.
    #[inline]
    pub fn is_known(self) -> bool {
        // A bit per code: every decode asks, so this is one load, not a search.
        KNOWN[usize::from(self.0 >> 6)] >> (self.0 & 63) & 1 == 1
    }

    /// OpenSSL's name, if known.
    pub fn openssl_name(self) -> Option<&'static str> {
        self.info().map(|i| i.openssl_name)
    }

    /// The IANA name, if known.
    pub fn iana_name(self) -> Option<&'static str> {
        self.info().and_then(|i| i.iana_name)
    }

    /// Looks a suite up by OpenSSL's or IANA's name.
    pub fn from_name(name: &str) -> Option<Self> {
        CIPHERS
            .iter()
            .find(|c| c.1 == name || c.2 == Some(name))
            .map(|c| Self(c.0))
    }

    /// Every code OpenSSL 3.0's `d2i_SSL_SESSION` accepts, in ascending order.
    pub fn all_known() -> impl Iterator<Item = CipherInfo> {
        CIPHERS.iter().filter_map(|c| Self(c.0).info())
    }
}

impl fmt::Debug for CipherSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.openssl_name() {
            Some(n) => write!(f, "{n} (0x{:04X})", self.0),
            None => write!(f, "CipherSuite(0x{:04X})", self.0),
        }
    }
}

impl fmt::Display for CipherSuite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.openssl_name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{:04X}", self.0),
        }
    }
}
