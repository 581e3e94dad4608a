//! The OpenSSL releases whose `d2i_SSL_SESSION` / `i2d_SSL_SESSION` this
//! library reproduces, each one exactly.

use std::fmt;
use std::str::FromStr;

use crate::schema::OpenSslRelease;

/// An OpenSSL version whose session codec is reproduced exactly: what its
/// `d2i_SSL_SESSION` accepts, what its getters report and what its
/// `i2d_SSL_SESSION` writes back.
///
/// Each is checked against a real build of that version (1.1.1w, 3.0.19,
/// 3.5.5, 3.6.3, 4.0.3). Where versions agree they share one rule; what
/// differs between them is listed in the session-der README ("OpenSSL
/// versions"), each difference backed by a test against the real library.
///
/// ```
/// use session_model::OpenSslVersion;
/// let v: OpenSslVersion = "3.5".parse()?;
/// assert_eq!(v, OpenSslVersion::default()); // the current LTS
/// assert_eq!(v.to_string(), "3.5");
/// # Ok::<(), session_model::UnknownOpenSslVersion>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum OpenSslVersion {
    /// OpenSSL 1.1.1 (out of support since 2023, still on long-lived systems):
    /// fields `[0]`–`[18]`, `time_t` times.
    V1_1_1,
    /// OpenSSL 3.0 (support ended September 2026): adds `[19]` kex_group.
    V3_0,
    /// OpenSSL 3.5, the long-term-support release and the default: adds
    /// `[20]` peer_rpk (3.2), keeps times as `OSSL_TIME` (3.2), accepts the
    /// integrity-only TLS 1.3 suites (3.4).
    #[default]
    V3_5,
    /// OpenSSL 3.6.
    V3_6,
    /// OpenSSL 4.0.
    V4_0,
}

/// A version name [`OpenSslVersion::from_str`] does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownOpenSslVersion(pub String);

impl fmt::Display for UnknownOpenSslVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown OpenSSL version {:?} (known: 1.1.1, 3.0, 3.5, 3.6, 4.0)",
            self.0
        )
    }
}

impl std::error::Error for UnknownOpenSslVersion {}

impl OpenSslVersion {
    /// Every version, oldest first.
    pub const ALL: [OpenSslVersion; 5] = [
        OpenSslVersion::V1_1_1,
        OpenSslVersion::V3_0,
        OpenSslVersion::V3_5,
        OpenSslVersion::V3_6,
        OpenSslVersion::V4_0,
    ];

    /// The current long-term-support release (3.5), the default.
    pub const LTS: OpenSslVersion = OpenSslVersion::V3_5;

    /// `major.minor`, for the schema's "first release" column.
    pub const fn release(self) -> OpenSslRelease {
        match self {
            OpenSslVersion::V1_1_1 => OpenSslRelease::new(1, 1),
            OpenSslVersion::V3_0 => OpenSslRelease::new(3, 0),
            OpenSslVersion::V3_5 => OpenSslRelease::new(3, 5),
            OpenSslVersion::V3_6 => OpenSslRelease::new(3, 6),
            OpenSslVersion::V4_0 => OpenSslRelease::new(4, 0),
        }
    }

    /// Whether this version is `release` or later.
    pub const fn is_at_least(self, release: OpenSslRelease) -> bool {
        self.release().is_at_least(release)
    }

    /// The name: `1.1.1`, `3.0`, `3.5`, `3.6`, `4.0`.
    pub const fn name(self) -> &'static str {
        match self {
            OpenSslVersion::V1_1_1 => "1.1.1",
            OpenSslVersion::V3_0 => "3.0",
            OpenSslVersion::V3_5 => "3.5",
            OpenSslVersion::V3_6 => "3.6",
            OpenSslVersion::V4_0 => "4.0",
        }
    }

    /// The version a linked libssl is, from its `OPENSSL_VERSION_NUMBER`
    /// (`OpenSSL_version_num()`: `0xMNN00PP0` from 3.0 on, `0xMNNFFPPS` before);
    /// `None` for a release this library does not reproduce (3.1–3.4, …).
    pub const fn from_version_number(number: u64) -> Option<OpenSslVersion> {
        let major = (number >> 28) & 0xF;
        let minor = (number >> 20) & 0xFF;
        let fix = (number >> 12) & 0xFF;
        match (major, minor) {
            (1, 1) if fix == 1 => Some(OpenSslVersion::V1_1_1),
            (3, 0) => Some(OpenSslVersion::V3_0),
            (3, 5) => Some(OpenSslVersion::V3_5),
            (3, 6) => Some(OpenSslVersion::V3_6),
            (4, 0) => Some(OpenSslVersion::V4_0),
            _ => None,
        }
    }

    /// Position in [`OpenSslVersion::ALL`] (for per-version tables).
    pub const fn index(self) -> usize {
        self as usize
    }

    /// `TLS13_MAX_RESUMPTION_PSK_LENGTH`: the longest master key this
    /// version's `d2i_SSL_SESSION` takes (256 in 1.1.1, 512 from 3.0 on).
    pub const fn max_master_key_len(self) -> usize {
        match self {
            OpenSslVersion::V1_1_1 => crate::limits::MAX_MASTER_KEY_LEN_111,
            _ => crate::limits::MAX_MASTER_KEY_LEN,
        }
    }

    /// A stored seconds value (`[1]` time, `[2]` timeout) as this version
    /// holds it, in seconds again: what its getters report and its `i2d`
    /// writes back. Up to 3.0 a `time_t`/`long`, unchanged. From 3.2 an
    /// `OSSL_TIME`: `ossl_time_from_time_t` / `ossl_seconds2time` multiply
    /// by 10⁹ in a `uint64_t` (wrapping, not saturating: -1 becomes
    /// 18446744072 s), and `ossl_time_to_time_t` divides again
    /// (include/internal/time.h).
    pub const fn seconds_as_held(self, seconds: i64) -> i64 {
        if self.has_ossl_time() {
            (seconds_to_ticks(seconds) / TICKS_PER_SECOND) as i64
        } else {
            seconds
        }
    }

    /// Whether the session's times are `OSSL_TIME` (nanosecond ticks in a
    /// `uint64_t`, 3.2+) rather than `time_t` seconds.
    pub(crate) const fn has_ossl_time(self) -> bool {
        self.is_at_least(OpenSslRelease::new(3, 2))
    }
}

/// `OSSL_TIME_SECOND`: OpenSSL 3.2+ counts time in nanosecond ticks.
pub(crate) const TICKS_PER_SECOND: u64 = 1_000_000_000;

/// `ossl_time_from_time_t(t)` / `ossl_seconds2time(t)`: `(uint64_t)t * OSSL_TIME_SECOND`,
/// wrapping.
pub(crate) const fn seconds_to_ticks(seconds: i64) -> u64 {
    (seconds as u64).wrapping_mul(TICKS_PER_SECOND)
}

impl fmt::Display for OpenSslVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OpenSslVersion {
    type Err = UnknownOpenSslVersion;

    /// `1.1.1`, `3.0`, `3.5`, `3.6` or `4.0`; a full release name of one of
    /// them (`1.1.1w`, `3.5.5`) is accepted too.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let known = |v: &OpenSslVersion| {
            let name = v.name();
            s == name
                || s.strip_prefix(name).is_some_and(|rest| match *v {
                    // 1.1.1 letter releases: 1.1.1a … 1.1.1w.
                    OpenSslVersion::V1_1_1 => {
                        rest.len() == 1 && rest.bytes().all(|b| b.is_ascii_lowercase())
                    }
                    // 3.5.5, 4.0.3: a patch number.
                    _ => rest.strip_prefix('.').is_some_and(|patch| {
                        !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit())
                    }),
                })
        };
        OpenSslVersion::ALL
            .into_iter()
            .find(known)
            .ok_or_else(|| UnknownOpenSslVersion(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_full_releases_parse() {
        for v in OpenSslVersion::ALL {
            assert_eq!(v.name().parse::<OpenSslVersion>(), Ok(v));
            assert_eq!(OpenSslVersion::ALL[v.index()], v);
        }
        assert_eq!("1.1.1w".parse(), Ok(OpenSslVersion::V1_1_1));
        assert_eq!("3.5.5".parse(), Ok(OpenSslVersion::V3_5));
        assert_eq!("4.0.3".parse(), Ok(OpenSslVersion::V4_0));
        for bad in ["", "3", "3.1", "3.50", "3.5.", "1.1.1ww", "1.1.0", "3.5.x"] {
            assert!(bad.parse::<OpenSslVersion>().is_err(), "{bad}");
        }
    }

    #[test]
    fn version_numbers_as_the_libraries_report_them() {
        // OPENSSL_VERSION_NUMBER of the oracle builds (opensslv.h).
        assert_eq!(
            OpenSslVersion::from_version_number(0x1010_117f),
            Some(OpenSslVersion::V1_1_1)
        );
        assert_eq!(
            OpenSslVersion::from_version_number(0x3000_0130),
            Some(OpenSslVersion::V3_0)
        );
        assert_eq!(
            OpenSslVersion::from_version_number(0x3050_0050),
            Some(OpenSslVersion::V3_5)
        );
        assert_eq!(
            OpenSslVersion::from_version_number(0x3060_0030),
            Some(OpenSslVersion::V3_6)
        );
        assert_eq!(
            OpenSslVersion::from_version_number(0x4000_0030),
            Some(OpenSslVersion::V4_0)
        );
        assert_eq!(OpenSslVersion::from_version_number(0x3020_0000), None);
        assert_eq!(OpenSslVersion::from_version_number(0x1010_007f), None);
    }
}
