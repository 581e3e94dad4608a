//! Cipher suites, by the two-byte code a session stores.

use std::fmt;

use crate::cipher_table::CIPHERS;
use crate::version::OpenSslVersion;

/// One bit per two-byte code and version: bit `code` of `KNOWN[v]` is set
/// when `OpenSslVersion::ALL[v]`'s table has `code`; `KNOWN[ANY]` is their
/// union. Built at compile time from [`CIPHERS`].
static KNOWN: [[u64; 1024]; ANY + 1] = {
    let mut bits = [[0u64; 1024]; ANY + 1];
    let mut i = 0;
    while i < CIPHERS.len() {
        let (code, versions) = (CIPHERS[i].0 as usize, CIPHERS[i].4);
        let mut v = 0;
        while v < ANY {
            if versions >> v & 1 == 1 {
                bits[v][code >> 6] |= 1 << (code & 63);
                bits[ANY][code >> 6] |= 1 << (code & 63);
            }
            v += 1;
        }
        i += 1;
    }
    bits
};

/// The row of [`KNOWN`] for "any version".
const ANY: usize = OpenSslVersion::ALL.len();

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

    /// The entry of `version`'s cipher table, or `None` when that version's
    /// `d2i_SSL_SESSION` rejects the code (`ssl3_get_cipher_by_id` finds
    /// nothing). The tables are the ones the real builds accept (weak ciphers
    /// such as RC4 are not built in, the SCSVs are); they differ: 1.1.1 lacks
    /// the GOST 2012 suites `0xC100`–`0xC102` and names `0xFF85` differently,
    /// 3.4+ adds the integrity-only TLS 1.3 suites `0xC0B4`/`0xC0B5`, 4.0 the
    /// TLS 1.3 SM4 suites `0x00C6`/`0x00C7`.
    pub fn info_in(self, version: OpenSslVersion) -> Option<CipherInfo> {
        self.rows()
            .find(|row| row.4 >> version.index() & 1 == 1)
            .map(info)
    }

    /// The entry of the newest version that knows the code (its names), or
    /// `None` when no version's `d2i_SSL_SESSION` accepts it.
    pub fn info(self) -> Option<CipherInfo> {
        // Rows are sorted by code, then by versions: the last has the newest.
        self.rows().last().map(info)
    }

    /// The rows of [`CIPHERS`] for this code (one per naming).
    fn rows(self) -> std::slice::Iter<'static, CipherRow> {
        let start = CIPHERS.partition_point(|c| c.0 < self.0);
        let end = CIPHERS.partition_point(|c| c.0 <= self.0);
        CIPHERS.get(start..end).unwrap_or_default().iter()
    }

    /// Whether `version`'s `d2i_SSL_SESSION` knows this code.
    #[inline]
    pub fn is_known_to(self, version: OpenSslVersion) -> bool {
        is_set(&KNOWN[version.index()], self.0)
    }

    /// Whether some version's `d2i_SSL_SESSION` knows this code (strict mode's
    /// rule: it reads what any version writes).
    #[inline]
    pub fn is_known(self) -> bool {
        is_set(&KNOWN[ANY], self.0)
    }

    /// OpenSSL's name, if known (the newest version's).
    pub fn openssl_name(self) -> Option<&'static str> {
        self.info().map(|i| i.openssl_name)
    }

    /// The IANA name, if known.
    pub fn iana_name(self) -> Option<&'static str> {
        self.info().and_then(|i| i.iana_name)
    }

    /// Looks a suite up by OpenSSL's (any version's) or IANA's name.
    pub fn from_name(name: &str) -> Option<Self> {
        CIPHERS
            .iter()
            .find(|c| c.1 == name || c.2 == Some(name))
            .map(|c| Self(c.0))
    }

    /// Every code some version's `d2i_SSL_SESSION` accepts, once, in
    /// ascending order, with the newest version's names.
    pub fn all_known() -> impl Iterator<Item = CipherInfo> {
        CIPHERS
            .iter()
            .enumerate()
            .filter(|&(i, row)| CIPHERS.get(i + 1).is_none_or(|next| next.0 != row.0))
            .map(|(_, row)| info(row))
    }

    /// Every code `version`'s `d2i_SSL_SESSION` accepts, in ascending order,
    /// with that version's names.
    pub fn all_known_to(version: OpenSslVersion) -> impl Iterator<Item = CipherInfo> {
        CIPHERS
            .iter()
            .filter(move |row| row.4 >> version.index() & 1 == 1)
            .map(info)
    }
}

/// A row of [`CIPHERS`].
type CipherRow = (u16, &'static str, Option<&'static str>, &'static str, u8);

fn info(&(code, openssl_name, iana_name, min_protocol, _): &CipherRow) -> CipherInfo {
    CipherInfo {
        code,
        openssl_name,
        iana_name,
        min_protocol,
    }
}

/// One load: every decode asks, so a bit per code rather than a search.
#[inline]
fn is_set(bits: &[u64; 1024], code: u16) -> bool {
    bits[usize::from(code >> 6)] >> (code & 63) & 1 == 1
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
