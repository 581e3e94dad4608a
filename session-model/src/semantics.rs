//! OpenSSL's reading of a stored session: defaults and derived facts.
//!
//! These apply the rules `d2i_SSL_SESSION` and the session cache apply, without
//! changing what is stored (so the stored form still re-encodes exactly).

use crate::session::{Session, DEFAULT_TIMEOUT, FLAG_EXTENDED_MASTER_SECRET};
use crate::storage::ByteStorage;
use crate::version::{seconds_to_ticks, OpenSslVersion, TICKS_PER_SECOND};

/// `TLSEXT_max_fragment_length_UNSPECIFIED`: the max fragment length mode
/// OpenSSL 3.0 and later store in a new session (`SSL_SESSION_new()`) until
/// a handshake negotiates one.
pub const MAX_FRAGMENT_LENGTH_UNSPECIFIED: u8 = 255;

/// A session's start time and lifetime as one OpenSSL version holds them
/// after `d2i_SSL_SESSION`, and its timeout check.
///
/// ```
/// use session_model::{CipherSuite, OpenSslVersion, OwnedSession, ProtocolVersion};
/// let mut s = OwnedSession::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
/// s.set_time(Some(1_700_000_000));
/// s.set_timeout(Some(-1));
/// // 3.0 keeps a time_t; 3.2+ an OSSL_TIME, whose conversion wraps.
/// assert_eq!(s.openssl_times(OpenSslVersion::V3_0, 0).timeout, -1);
/// assert_eq!(s.openssl_times(OpenSslVersion::V3_5, 0).timeout, 18_446_744_072);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OpenSslTimes {
    /// What `SSL_SESSION_get_time` reports.
    pub time: i64,
    /// What `SSL_SESSION_get_timeout` reports.
    pub timeout: i64,
    /// Whether the version holds the time as zero (`SSL_SESSION_print`
    /// skips it then): the `time_t` up to 3.0; from 3.2 the `OSSL_TIME`
    /// ticks, zero for a multiple of 2⁵⁵ s, and not zero but under a second
    /// (so `time` is 0) for some other values.
    pub time_held_as_zero: bool,
    /// Whether the version holds the timeout as zero (as for the time).
    pub timeout_held_as_zero: bool,
    deadline: Deadline,
}

/// How a version decides that a session has timed out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Deadline {
    /// 1.1.1 keeps no deadline: `ssl_get_prev_session` refuses a session when
    /// `timeout < (long)(time(NULL) - time)` (`long` arithmetic, wrapping).
    Elapsed { time: i64, timeout: i64 },
    /// 3.0 (`CALCULATE_TIMEOUT` in ssl/ssl_sess.c of 3.0.19): when `timeout`
    /// exceeds `(time_t)((uint64_t)TIME_T_MAX - (uint64_t)time)` the session
    /// never times out (`timeout_ovf`); otherwise `now > time + timeout`.
    Seconds(Option<i64>),
    /// 3.2+: `calc_timeout = ossl_time_add(time, timeout)` in nanosecond
    /// ticks, saturating; timed out when `now > calc_timeout`.
    Ticks(u64),
}

impl OpenSslTimes {
    /// The times `version` holds for a stored time and timeout (absent or
    /// zero already replaced by OpenSSL's defaults).
    pub fn new(version: OpenSslVersion, time: i64, timeout: i64) -> Self {
        let deadline = if version.has_ossl_time() {
            Deadline::Ticks(seconds_to_ticks(time).saturating_add(seconds_to_ticks(timeout)))
        } else if version == OpenSslVersion::V1_1_1 {
            Deadline::Elapsed { time, timeout }
        } else {
            // Both conversions are C casts: the subtraction wraps in uint64_t.
            let overflow = (i64::MAX as u64).wrapping_sub(time as u64) as i64;
            Deadline::Seconds((timeout <= overflow).then(|| time.wrapping_add(timeout)))
        };
        let held_as_zero = |seconds: i64| {
            if version.has_ossl_time() {
                seconds_to_ticks(seconds) == 0
            } else {
                seconds == 0
            }
        };
        OpenSslTimes {
            time: version.seconds_as_held(time),
            timeout: version.seconds_as_held(timeout),
            time_held_as_zero: held_as_zero(time),
            timeout_held_as_zero: held_as_zero(timeout),
            deadline,
        }
    }

    /// Whether the version refuses to resume the session at `now` (seconds
    /// since the epoch; 3.2+ compare in ticks, so `now` is converted as
    /// `ossl_time_from_time_t` does).
    pub fn is_expired(&self, now: i64) -> bool {
        match self.deadline {
            Deadline::Elapsed { time, timeout } => timeout < now.wrapping_sub(time),
            Deadline::Seconds(Some(at)) => now > at,
            Deadline::Seconds(None) => false,
            Deadline::Ticks(at) => seconds_to_ticks(now) > at,
        }
    }

    /// The last second (since the epoch) at which the session can be
    /// resumed, for clocks from 0 to [`LAST_SECOND`]: for any such `now`,
    /// [`is_expired`](Self::is_expired) is `now > expires_at` (`-1`: expired
    /// from 0 on). `None` when the session does not time out in that range
    /// (3.0's `timeout_ovf`, a deadline past it). One case has no single
    /// last second: on 1.1.1, a time before about −9.2 × 10¹⁸ whose
    /// `now − time` wraps within the range, so a session can expire and then
    /// not be expired again; the first expiry is given then, and
    /// `is_expired` follows OpenSSL exactly.
    pub fn expires_at(&self) -> Option<i64> {
        let last = i128::from(LAST_SECOND);
        let cut: i128 = match self.deadline {
            Deadline::Elapsed { time, timeout } => {
                // `timeout < now - time` in wrapping `long` arithmetic: up to
                // `p` (the last `now` before `now - time` wraps) expired when
                // `now > a`, after it when `now > b` (the wrapped difference).
                let (time, timeout) = (i128::from(time), i128::from(timeout));
                let a = time + timeout;
                let p = i128::from(i64::MAX) + time;
                let b = a + (1i128 << 64);
                let before_wrap = (p >= 0)
                    .then(|| (a + 1).max(0))
                    .filter(|&f| f <= p.min(last));
                let after_wrap = Some((p + 1).max(b + 1).max(0)).filter(|&f| f <= last);
                match (before_wrap, after_wrap) {
                    (Some(f), _) => f - 1,
                    (None, Some(f)) => f - 1,
                    (None, None) => return None,
                }
            }
            Deadline::Seconds(Some(at)) => i128::from(at),
            Deadline::Seconds(None) => return None,
            Deadline::Ticks(at) => i128::from(at / TICKS_PER_SECOND),
        };
        if cut >= last {
            return None;
        }
        // -1 ≤ cut < LAST_SECOND: fits.
        #[allow(clippy::cast_possible_truncation)]
        Some(cut.max(-1) as i64)
    }
}

/// The last second an `OSSL_TIME` holds (`UINT64_MAX` ticks), 18446744073:
/// the range of clocks [`OpenSslTimes::expires_at`] speaks for.
pub const LAST_SECOND: i64 = (u64::MAX / TICKS_PER_SECOND) as i64;

/// OpenSSL reads `[6]`, `[7]`, `[8]` and `[12]` with `OPENSSL_strndup`, which stops at
/// the first NUL byte.
fn until_nul(b: &[u8]) -> &[u8] {
    match b.iter().position(|&c| c == 0) {
        Some(i) => b.get(..i).unwrap_or(b),
        None => b,
    }
}

impl<B: ByteStorage> Session<B> {
    /// The session's start time as OpenSSL uses it: an absent or zero `[1]` means
    /// "now" (`ssl/ssl_asn1.c`: `as->time != 0 ? as->time : time(NULL)`).
    pub fn effective_time(&self, now: i64) -> i64 {
        match self.time() {
            Some(t) if t != 0 => t,
            _ => now,
        }
    }

    /// The lifetime as OpenSSL uses it: an absent or zero `[2]` means 3 seconds.
    pub fn effective_timeout(&self) -> i64 {
        match self.timeout() {
            Some(t) if t != 0 => t,
            _ => DEFAULT_TIMEOUT,
        }
    }

    /// The session's times as `version` holds them once `d2i_SSL_SESSION`
    /// has read it at `now` (seconds since the epoch): what
    /// `SSL_SESSION_get_time` / `SSL_SESSION_get_timeout` report, and that
    /// version's timeout check.
    pub fn openssl_times(&self, version: OpenSslVersion, now: i64) -> OpenSslTimes {
        OpenSslTimes::new(version, self.effective_time(now), self.effective_timeout())
    }

    /// When the session stops being resumable (seconds since the epoch) for
    /// the default OpenSSL version, 3.5; see [`OpenSslTimes::expires_at`].
    pub fn expires_at(&self, now: i64) -> Option<i64> {
        self.openssl_times(OpenSslVersion::default(), now)
            .expires_at()
    }

    /// Whether the default OpenSSL version (3.5) would refuse to resume the
    /// session at `now`; see [`OpenSslTimes::is_expired`].
    pub fn is_expired(&self, now: i64) -> bool {
        self.openssl_times(OpenSslVersion::default(), now)
            .is_expired(now)
    }

    /// `SSL_SESSION_is_resumable` on the decoded object: it has a session id or a
    /// non-empty ticket (`not_resumable` is never stored, so it is 0 after `d2i`).
    pub fn is_resumable(&self) -> bool {
        !self.session_id().is_empty() || self.has_ticket()
    }

    /// `SSL_SESSION_has_ticket`: a ticket is present *and* non-empty. A present
    /// but empty `[10]` is kept (and re-encoded) but is no ticket.
    pub fn has_ticket(&self) -> bool {
        self.ticket().is_some_and(|t| !t.is_empty())
    }

    /// The flags as OpenSSL holds them: only the low 32 bits (`(int32_t)as->flags`).
    pub fn effective_flags(&self) -> u32 {
        (self.flags().unwrap_or(0) & 0xFFFF_FFFF) as u32
    }

    /// Whether the extended master secret (RFC 7627) was used: OpenSSL's
    /// `SSL_SESS_FLAG_EXTMS` bit of `[13]` flags, or BoringSSL's and AWS-LC's
    /// `[17]` extendedMasterSecret.
    pub fn uses_extended_master_secret(&self) -> bool {
        u64::from(self.effective_flags()) & FLAG_EXTENDED_MASTER_SECRET != 0
            || self.extended_master_secret() == Some(true)
    }

    /// The max fragment length mode as OpenSSL holds it: a `uint8_t`, so mod 256.
    pub fn effective_max_fragment_len_mode(&self) -> u8 {
        (self.max_fragment_len_mode().unwrap_or(0) & 0xFF) as u8
    }

    /// What `version`'s `SSL_SESSION_get_max_fragment_length` reports: the
    /// byte OpenSSL holds ([`Self::effective_max_fragment_len_mode`]), except
    /// that from 3.0 on 255 (`TLSEXT_max_fragment_length_UNSPECIFIED`, what
    /// their `SSL_SESSION_new()` stores) reads as 0
    /// (`TLSEXT_max_fragment_length_DISABLED`; `ssl/t1_lib.c`); 1.1.1 returns
    /// 255 as it is.
    ///
    /// ```
    /// use session_model::{CipherSuite, OpenSslVersion, OwnedSession, ProtocolVersion};
    /// let mut s = OwnedSession::new(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));
    /// s.set_max_fragment_len_mode(Some(255));
    /// assert_eq!(s.openssl_max_fragment_length(OpenSslVersion::V1_1_1), 255);
    /// assert_eq!(s.openssl_max_fragment_length(OpenSslVersion::V3_5), 0);
    /// ```
    pub fn openssl_max_fragment_length(&self, version: OpenSslVersion) -> u8 {
        match self.effective_max_fragment_len_mode() {
            MAX_FRAGMENT_LENGTH_UNSPECIFIED if version != OpenSslVersion::V1_1_1 => 0,
            mode => mode,
        }
    }

    /// The verify result, `X509_V_OK` (0) when absent.
    pub fn effective_verify_result(&self) -> i32 {
        self.verify_result().unwrap_or(0)
    }

    /// The host name as OpenSSL reads it (cut at the first NUL).
    pub fn effective_hostname(&self) -> Option<&[u8]> {
        self.hostname().map(until_nul)
    }

    /// The PSK identity hint as OpenSSL reads it (cut at the first NUL).
    pub fn effective_psk_identity_hint(&self) -> Option<&[u8]> {
        self.psk_identity_hint().map(until_nul)
    }

    /// The PSK identity as OpenSSL reads it (cut at the first NUL).
    pub fn effective_psk_identity(&self) -> Option<&[u8]> {
        self.psk_identity().map(until_nul)
    }

    /// The SRP user name as OpenSSL reads it (cut at the first NUL).
    pub fn effective_srp_username(&self) -> Option<&[u8]> {
        self.srp_username().map(until_nul)
    }
}
