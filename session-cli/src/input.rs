//! Reading an input (file or stdin) with a size limit, and turning it into a session.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use session_der::pem::{self, PemError};
use session_der::session_model::{CowSession, OwnedSession};
use session_der::{decode_with, DecodeError, DecodeOptions, Decoded, Mode};
use zeroize::Zeroizing;

/// The default input limit: 1 MiB, like BoringSSL's session reader. A real
/// session is a few KiB (the largest part is the peer certificate).
pub const DEFAULT_MAX_INPUT: u64 = 1 << 20;

/// Where an input comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// Standard input (`-` or no file).
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// `-` means stdin, as in most Unix tools (and OpenSSL's apps).
    pub fn from_arg(arg: Option<&Path>) -> Self {
        match arg {
            None => Source::Stdin,
            Some(p) if p.as_os_str() == "-" => Source::Stdin,
            Some(p) => Source::File(p.to_path_buf()),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Stdin => f.write_str("<stdin>"),
            Source::File(p) => write!(f, "{}", p.display()),
        }
    }
}

/// The encoding of an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Binary DER (or BER in OpenSSL mode).
    Der,
    /// `-----BEGIN SSL SESSION PARAMETERS-----`.
    Pem,
    /// The JSON record `show --json` prints.
    Json,
}

/// Why an input could not be used. Every variant is one line a person can act on.
#[derive(Debug)]
pub enum InputError {
    /// The file could not be opened or read.
    Io(io::Error),
    /// The path is a directory.
    IsDirectory,
    /// More bytes than the limit.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The PEM armour is broken.
    Pem(PemError),
    /// The session encoding was rejected.
    Decode(DecodeError),
    /// JSON where DER or PEM is needed.
    JsonNotAccepted,
    /// A JSON record could not be read or turned into a session.
    Json(String),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "{e}"),
            InputError::IsDirectory => f.write_str("is a directory, expected a session file"),
            InputError::TooLarge { limit } => write!(
                f,
                "input is larger than {limit} bytes, too large for a session \
                 (raise the limit with --max-input-size BYTES)"
            ),
            InputError::Pem(e) => write!(f, "{e}"),
            InputError::Decode(e) => write!(f, "{e}"),
            InputError::JsonNotAccepted => {
                f.write_str("JSON input is accepted by `convert` and `show` only")
            }
            InputError::Json(e) => write!(f, "JSON record: {e}"),
        }
    }
}

impl From<io::Error> for InputError {
    fn from(e: io::Error) -> Self {
        InputError::Io(e)
    }
}

/// Reads the whole input, refusing more than `limit` bytes without reading
/// further (so a 1 GiB stream costs no more than `limit + 1` bytes of memory).
///
/// The buffer is wiped when dropped: a session carries its master key in clear.
pub fn read_source(source: &Source, limit: u64) -> Result<Zeroizing<Vec<u8>>, InputError> {
    match source {
        Source::Stdin => read_limited(io::stdin().lock(), limit),
        Source::File(path) => {
            // `File::open` succeeds on a directory on Unix; the read would then
            // fail with a less helpful "Is a directory (os error 21)".
            if std::fs::metadata(path)?.is_dir() {
                return Err(InputError::IsDirectory);
            }
            read_limited(File::open(path)?, limit)
        }
    }
}

fn read_limited(reader: impl Read, limit: u64) -> Result<Zeroizing<Vec<u8>>, InputError> {
    let mut buf = Zeroizing::new(Vec::new());
    reader.take(limit.saturating_add(1)).read_to_end(&mut buf)?;
    if u64::try_from(buf.len()).map_or(true, |n| n > limit) {
        return Err(InputError::TooLarge { limit });
    }
    Ok(buf)
}

/// Guesses the encoding: PEM text starts with `-----BEGIN `, a JSON record
/// with `{`; anything else is taken as DER.
pub fn detect_format(input: &[u8]) -> Format {
    if pem::is_pem(input) {
        return Format::Pem;
    }
    match input.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Json,
        _ => Format::Der,
    }
}

/// The DER inside an input of the given format (PEM unwrapped, DER as is).
pub fn der_of(input: &[u8], format: Format) -> Result<Zeroizing<Vec<u8>>, InputError> {
    match format {
        Format::Der => Ok(Zeroizing::new(input.to_vec())),
        Format::Pem => pem::from_pem(input).map_err(InputError::Pem),
        Format::Json => Err(InputError::JsonNotAccepted),
    }
}

/// Decoder options for a command-line mode: OpenSSL mode reads exactly what
/// the version's `d2i_SSL_SESSION` reads, bytes after the session included
/// (`d2i` stops at the end of the SEQUENCE); strict mode wants exactly one
/// DER session.
pub fn decode_options(mode: Mode) -> DecodeOptions {
    DecodeOptions::from(mode)
}

/// Decodes DER with the mode's options.
pub fn decode(der: &[u8], mode: Mode) -> Result<Decoded<CowSession<'_>>, InputError> {
    decode_with::<CowSession<'_>>(der, &decode_options(mode)).map_err(InputError::Decode)
}

/// A session loaded from an input, whatever its format.
pub struct Loaded {
    /// The session, owned.
    pub session: OwnedSession,
    /// Bytes after the session that were not read (OpenSSL mode only).
    pub trailing: usize,
}

/// Loads a session from any supported format. JSON goes through `from_json`
/// (the record of `session-serde`).
pub fn load(
    input: &[u8],
    mode: Mode,
    allow_json: bool,
    from_json: impl FnOnce(&[u8], Mode) -> Result<OwnedSession, InputError>,
) -> Result<Loaded, InputError> {
    let format = detect_format(input);
    if format == Format::Json {
        if !allow_json {
            return Err(InputError::JsonNotAccepted);
        }
        return Ok(Loaded {
            session: from_json(input, mode)?,
            trailing: 0,
        });
    }
    let der = der_of(input, format)?;
    let decoded = decode(&der, mode)?;
    Ok(Loaded {
        session: decoded.session.to_owned_session(),
        trailing: der.len() - decoded.consumed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limit_is_enforced_without_reading_everything() {
        // An endless reader: `take` must stop it one byte after the limit.
        let endless = io::repeat(0);
        match read_limited(endless, 1000) {
            Err(InputError::TooLarge { limit: 1000 }) => {}
            other => panic!("expected TooLarge, got {other:?}"),
        }
        let exact = read_limited(&[7u8; 1000][..], 1000).expect("1000 bytes fit");
        assert_eq!(exact.len(), 1000);
    }

    #[test]
    fn formats_are_detected() {
        assert_eq!(detect_format(b"\n-----BEGIN SSL SESSION"), Format::Pem);
        assert_eq!(detect_format(b"  {\"protocol\":1}"), Format::Json);
        assert_eq!(detect_format(b"\x30\x81"), Format::Der);
        assert_eq!(detect_format(b""), Format::Der);
    }
}
