//! The TLS libraries whose session encodings this crate models.

use std::fmt;
use std::str::FromStr;

/// A TLS library's dialect of the `SSL_SESSION` DER encoding.
///
/// All four start with the same five untagged elements and `[1]`–`[5]`;
/// from there they differ (the session-der README has the table of every
/// element of every dialect):
///
/// * **OpenSSL** (`ssl/ssl_asn1.c`, an `ASN1_SEQUENCE` template read with
///   BER leniencies): `[0]`–`[20]`, see [`OpenSslVersion`](crate::OpenSslVersion).
/// * **BoringSSL** (`ssl/ssl_asn1.cc`, a hand-written strict-DER CBS parser):
///   OpenSSL's `[1]`–`[10]` minus `[0]`, `[6]` (skipped), `[7]`; then its own
///   `[13]`–`[33]`, which mean other things than OpenSSL's tags of the same
///   number.
/// * **AWS-LC** (Amazon's BoringSSL fork): BoringSSL's elements up to `[30]`.
/// * **LibreSSL** (`ssl/ssl_asn1.c`, a CBS parser since 2016): `[1]`–`[6]`,
///   `[9]` and `[10]` only.
///
/// ```
/// use session_model::Dialect;
/// let d: Dialect = "aws-lc".parse()?;
/// assert_eq!(d, Dialect::AwsLc);
/// assert_eq!(d.to_string(), "aws-lc");
/// assert!(Dialect::BoringSsl.is_boringssl_family());
/// # Ok::<(), session_model::UnknownDialect>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
#[non_exhaustive]
pub enum Dialect {
    /// OpenSSL (every version of [`OpenSslVersion`](crate::OpenSslVersion)).
    #[default]
    OpenSsl,
    /// BoringSSL (Chrome, Android, Cloudflare's `boring`).
    BoringSsl,
    /// AWS-LC (Amazon's BoringSSL fork; `aws-lc-rs`, curl/nginx/HAProxy builds).
    AwsLc,
    /// LibreSSL (OpenBSD, macOS).
    LibreSsl,
}

impl Dialect {
    /// Every dialect, OpenSSL first.
    pub const ALL: [Dialect; 4] = [
        Dialect::OpenSsl,
        Dialect::BoringSsl,
        Dialect::AwsLc,
        Dialect::LibreSsl,
    ];

    /// The name used on command lines and in records: `openssl`, `boringssl`,
    /// `aws-lc`, `libressl`.
    pub const fn name(self) -> &'static str {
        match self {
            Dialect::OpenSsl => "openssl",
            Dialect::BoringSsl => "boringssl",
            Dialect::AwsLc => "aws-lc",
            Dialect::LibreSsl => "libressl",
        }
    }

    /// The library's own name, for messages (`BoringSSL`).
    pub const fn library(self) -> &'static str {
        match self {
            Dialect::OpenSsl => "OpenSSL",
            Dialect::BoringSsl => "BoringSSL",
            Dialect::AwsLc => "AWS-LC",
            Dialect::LibreSsl => "LibreSSL",
        }
    }

    /// BoringSSL or its fork AWS-LC, which share one parser and one layout.
    pub const fn is_boringssl_family(self) -> bool {
        matches!(self, Dialect::BoringSsl | Dialect::AwsLc)
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A dialect name [`Dialect::from_str`] does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownDialect(pub String);

impl fmt::Display for UnknownDialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown dialect {:?} (known: openssl, boringssl, aws-lc, libressl)",
            self.0
        )
    }
}

impl std::error::Error for UnknownDialect {}

impl FromStr for Dialect {
    type Err = UnknownDialect;

    /// The [`Dialect::name`]s, case-insensitively; `awslc` and `aws_lc` too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "openssl" => Ok(Dialect::OpenSsl),
            "boringssl" | "boring" => Ok(Dialect::BoringSsl),
            "aws-lc" | "awslc" | "aws_lc" => Ok(Dialect::AwsLc),
            "libressl" => Ok(Dialect::LibreSsl),
            _ => Err(UnknownDialect(s.to_owned())),
        }
    }
}

/// Where one dialect keeps a field: its context tag, untagged (the five
/// mandatory elements), or nowhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Placement {
    /// One of the five untagged elements every dialect starts with.
    Untagged,
    /// `[n]`, explicitly tagged.
    Tagged(u8),
    /// The dialect does not store the field (it refuses or drops the element).
    Absent,
}

/// Where each non-OpenSSL dialect keeps a field (OpenSSL's own place is the
/// row's [`Tagging`](crate::Tagging)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DialectPlacements {
    /// BoringSSL.
    pub boringssl: Placement,
    /// AWS-LC.
    pub aws_lc: Placement,
    /// LibreSSL.
    pub libressl: Placement,
}
