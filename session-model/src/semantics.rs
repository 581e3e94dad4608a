//! OpenSSL's reading of a stored session: defaults and derived facts.
//!
//! These apply the rules `d2i_SSL_SESSION` and the session cache apply, without
//! changing what is stored (so the stored form still re-encodes exactly).

use crate::session::{Session, DEFAULT_TIMEOUT, FLAG_EXTENDED_MASTER_SECRET};
use crate::storage::ByteStorage;

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

    /// When the session stops being resumable (seconds since the epoch), as OpenSSL
    /// 3.0's `ssl_session_calculate_timeout` computes it: `time + timeout`, with a
    /// negative timeout counted as 0. `None` when the sum overflows, in which case
    /// OpenSSL never times the session out.
    pub fn expires_at(&self, now: i64) -> Option<i64> {
        let timeout = self.effective_timeout().max(0);
        self.effective_time(now).checked_add(timeout)
    }

    /// Whether the session has timed out at `now` (OpenSSL 3.0's `sess_timedout`:
    /// `now > time + timeout`, never when that sum overflowed).
    pub fn is_expired(&self, now: i64) -> bool {
        match self.expires_at(now) {
            Some(at) => now > at,
            None => false,
        }
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

    /// Whether the extended master secret (RFC 7627) was used (`SSL_SESS_FLAG_EXTMS`).
    pub fn extended_master_secret(&self) -> bool {
        u64::from(self.effective_flags()) & FLAG_EXTENDED_MASTER_SECRET != 0
    }

    /// The max fragment length mode as OpenSSL holds it: a `uint8_t`, so mod 256.
    pub fn effective_max_fragment_len_mode(&self) -> u8 {
        (self.max_fragment_len_mode().unwrap_or(0) & 0xFF) as u8
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
