//! Reading an input (file or stdin) with a size limit, and turning it into a session.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use session_der::pem::{self, PemError};
use session_der::session_model::{CowSession, OwnedSession};
use session_der::{DecodeError, Decoded};

use crate::dialect::{self, Chosen, Reader};
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
    /// A directory given to `check` holds no file.
    EmptyDirectory,
    /// More bytes than the limit.
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The PEM armour is broken.
    Pem(PemError),
    /// The session encoding was rejected.
    Decode(DecodeError),
    /// The session encoding was rejected by another library's reader than OpenSSL's.
    DecodeAs(session_der::Dialect, DecodeError),
    /// OpenSSL's reader, implied by `--openssl` or `--mode`, rejected what
    /// this other library reads.
    DecodeElsewhere(DecodeError, session_der::Dialect),
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
            InputError::EmptyDirectory => {
                f.write_str("is a directory without any file in it, expected session files")
            }
            InputError::TooLarge { limit } => write!(
                f,
                "input is larger than {limit} bytes, too large for a session \
                 (raise the limit with --max-input-size BYTES)"
            ),
            InputError::Pem(e) => write!(f, "{e}"),
            InputError::Decode(e) => write!(f, "{e}"),
            InputError::DecodeAs(d, e) => write!(f, "as {} reads it: {e}", d.library()),
            InputError::DecodeElsewhere(e, d) => {
                write!(f, "{e}; {} reads it (--dialect {d})", d.library())
            }
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
        // `File::open` succeeds on a directory on Unix and the read fails
        // with EISDIR, said here in words. No `stat` first: a system call
        // per file is a fifth of `check`'s time over a directory of sessions.
        Source::File(path) => match File::open(path).map(|f| read_limited(f, limit)) {
            Ok(Err(InputError::Io(e))) | Err(e) if e.kind() == io::ErrorKind::IsADirectory => {
                Err(InputError::IsDirectory)
            }
            Ok(read) => read,
            Err(e) => Err(e.into()),
        },
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

/// Decodes DER with the chosen reader's options; an error names the library
/// when it is not OpenSSL's.
pub fn decode<'a>(der: &'a [u8], chosen: &Chosen) -> Result<Decoded<CowSession<'a>>, InputError> {
    dialect::decode(der, chosen).map_err(|e| match chosen.dialect {
        session_der::Dialect::OpenSsl => InputError::Decode(e),
        d => InputError::DecodeAs(d, e),
    })
}

/// A session loaded from an input, whatever its format.
pub struct Loaded {
    /// The session, owned.
    pub session: OwnedSession,
    /// Bytes after the session that were not read (OpenSSL mode only).
    pub trailing: usize,
    /// The reader that read it.
    pub chosen: Chosen,
}

/// Loads a session from any supported format. JSON goes through `from_json`
/// (the record of `session-serde`).
pub fn load(
    input: &[u8],
    reader: &Reader,
    allow_json: bool,
    from_json: impl FnOnce(&[u8], &Reader) -> Result<(OwnedSession, Chosen), InputError>,
) -> Result<Loaded, InputError> {
    let format = detect_format(input);
    if format == Format::Json {
        if !allow_json {
            return Err(InputError::JsonNotAccepted);
        }
        let (session, chosen) = from_json(input, reader)?;
        return Ok(Loaded {
            session,
            trailing: 0,
            chosen,
        });
    }
    let der = der_of(input, format)?;
    let chosen = reader.choose(&der);
    let decoded = decode(&der, &chosen).map_err(|e| match e {
        InputError::Decode(e) => match dialect::other_reader(&der, reader) {
            Some(d) => InputError::DecodeElsewhere(e, d),
            None => InputError::Decode(e),
        },
        e => e,
    })?;
    Ok(Loaded {
        session: decoded.session.to_owned_session(),
        trailing: der.len() - decoded.consumed,
        chosen,
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
