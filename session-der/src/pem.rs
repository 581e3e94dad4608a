//! PEM armour: `-----BEGIN SSL SESSION PARAMETERS-----`, as `openssl sess_id` writes it.

use std::fmt;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use zeroize::Zeroizing;

/// `PEM_STRING_SSL_SESSION` (`include/openssl/pem.h`).
pub const PEM_LABEL: &str = "SSL SESSION PARAMETERS";

const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

/// Why PEM text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PemError {
    /// No `-----BEGIN …-----` line.
    NoPemBlock,
    /// A PEM block with another label (e.g. a certificate).
    WrongLabel(String),
    /// No matching `-----END …-----` line.
    MissingEnd,
    /// The body is not valid base64; `line` counts from 1 in the input.
    BadBase64 {
        /// The line of the input where the body starts.
        line: usize,
    },
}

impl fmt::Display for PemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PemError::NoPemBlock => {
                write!(f, "no PEM block (expected -----BEGIN {PEM_LABEL}-----)")
            }
            PemError::WrongLabel(l) => write!(f, "PEM block is \"{l}\", expected \"{PEM_LABEL}\""),
            PemError::MissingEnd => write!(f, "PEM block has no -----END {PEM_LABEL}----- line"),
            PemError::BadBase64 { line } => {
                write!(f, "PEM body starting at line {line} is not valid base64")
            }
        }
    }
}

impl std::error::Error for PemError {}

/// Wraps DER in PEM exactly as OpenSSL's `PEM_write_bio` does: 64 base64
/// characters per line, `\n` line ends.
pub fn to_pem(der: &[u8]) -> Zeroizing<String> {
    let b64 = Zeroizing::new(STANDARD.encode(der));
    let mut out = Zeroizing::new(String::with_capacity(b64.len() + b64.len() / 64 + 80));
    out.push_str(BEGIN);
    out.push_str(PEM_LABEL);
    out.push_str(DASHES);
    out.push('\n');
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str(END);
    out.push_str(PEM_LABEL);
    out.push_str(DASHES);
    out.push('\n');
    out
}

/// Whether `input` looks like PEM text rather than DER (it starts, after
/// whitespace, with `-----BEGIN `).
pub fn is_pem(input: &[u8]) -> bool {
    let trimmed = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(&[][..], |i| &input[i..]);
    trimmed.starts_with(BEGIN.as_bytes())
}

/// Extracts the DER of the first `SSL SESSION PARAMETERS` block. Text before
/// the block is skipped, as OpenSSL's PEM reader does; other blocks before it
/// are skipped too.
///
/// # Errors
/// See [`PemError`].
pub fn from_pem(input: &[u8]) -> Result<Zeroizing<Vec<u8>>, PemError> {
    let text = String::from_utf8_lossy(input);
    let mut lines = text.lines().enumerate();
    let mut other_label = None;
    let body_start = loop {
        let Some((n, line)) = lines.next() else {
            return Err(other_label.map_or(PemError::NoPemBlock, PemError::WrongLabel));
        };
        let line = line.trim();
        if let Some(label) = line
            .strip_prefix(BEGIN)
            .and_then(|l| l.strip_suffix(DASHES))
        {
            if label == PEM_LABEL {
                break n + 2;
            }
            other_label.get_or_insert_with(|| label.to_string());
        }
    };
    let mut body = Zeroizing::new(String::new());
    for (_, line) in lines.by_ref() {
        let line = line.trim();
        if let Some(label) = line.strip_prefix(END).and_then(|l| l.strip_suffix(DASHES)) {
            if label != PEM_LABEL {
                return Err(PemError::MissingEnd);
            }
            return STANDARD
                .decode(body.as_bytes())
                .map(Zeroizing::new)
                .map_err(|_| PemError::BadBase64 { line: body_start });
        }
        // RFC 1421 headers (`Proc-Type: …`) are not base64; OpenSSL skips them.
        if line.contains(':') {
            continue;
        }
        body.push_str(line);
    }
    Err(PemError::MissingEnd)
}
