//! OpenSSL 3.x's length limits, and the error a setter returns past them.

use std::fmt;

use crate::field::Field;

/// `SSL3_MAX_SSL_SESSION_ID_LENGTH`.
pub const MAX_SESSION_ID_LEN: usize = 32;
/// `SSL_MAX_SID_CTX_LENGTH`.
pub const MAX_SID_CTX_LEN: usize = 32;
/// `TLS13_MAX_RESUMPTION_PSK_LENGTH` in OpenSSL 3.x (48 in 1.1.0, 256 in 1.1.1).
pub const MAX_MASTER_KEY_LEN: usize = 512;
/// The master key limit of OpenSSL 1.1.1 (`TLS13_MAX_RESUMPTION_PSK_LENGTH` = 256 there).
pub const MAX_MASTER_KEY_LEN_111: usize = 256;

/// A value outside what OpenSSL can hold in a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LimitError {
    /// The field concerned.
    pub field: Field,
    /// The length offered.
    pub len: usize,
    /// The most OpenSSL allows.
    pub max: usize,
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} bytes, at most {} allowed",
            self.field, self.len, self.max
        )
    }
}

impl std::error::Error for LimitError {}

pub(crate) fn check_len(field: Field, bytes: &[u8], max: usize) -> Result<(), LimitError> {
    if bytes.len() > max {
        Err(LimitError {
            field,
            len: bytes.len(),
            max,
        })
    } else {
        Ok(())
    }
}
