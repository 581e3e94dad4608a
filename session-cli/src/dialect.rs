//! Which library's reader reads an input: the `--dialect` given, the OpenSSL
//! one `--openssl` / `--mode` imply, or the one detection finds.

use session_der::session_model::CowSession;
use session_der::{
    decode_with, detect, DecodeError, DecodeOptions, Decoded, Detection, Dialect, Mode,
};

/// How the command line says to pick the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// `--dialect D`.
    Given(Dialect),
    /// `--openssl V` or `--mode` without `--dialect`: both describe OpenSSL's
    /// reader, so they mean the OpenSSL dialect (as before dialects existed).
    OpenSslImplied,
    /// Neither: detect.
    Detect,
}

/// What the command line says about readers: the choice and OpenSSL's reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader {
    /// `--dialect`, implied OpenSSL, or detection.
    pub choice: Choice,
    /// OpenSSL's reader (`--mode`, `--openssl`).
    pub openssl_mode: Mode,
}

impl Reader {
    /// The reader of `input` (see [`choose`]).
    pub fn choose(&self, input: &[u8]) -> Chosen {
        choose(input, self.choice, self.openssl_mode)
    }

    /// The reader for a JSON record that names `recorded` as its dialect
    /// (if it does): `--dialect` first, then the record's, else OpenSSL's.
    pub fn for_record(&self, recorded: Option<Dialect>) -> Chosen {
        let dialect = match self.choice {
            Choice::Given(d) => d,
            Choice::OpenSslImplied => Dialect::OpenSsl,
            Choice::Detect => recorded.unwrap_or(Dialect::OpenSsl),
        };
        Chosen {
            dialect,
            options: options_for(dialect, self.openssl_mode),
            detection: None,
        }
    }
}

/// The reader used for an input, and what detection said when it was used.
#[derive(Clone, Debug)]
pub struct Chosen {
    /// The dialect whose reader gives the verdict.
    pub dialect: Dialect,
    /// Its decoder options.
    pub options: DecodeOptions,
    /// Detection's candidates and reason, when the dialect was detected.
    pub detection: Option<Detection>,
}

impl Chosen {
    /// OpenSSL's reader in `mode`, no detection (`sess_id`).
    pub fn openssl(mode: Mode) -> Self {
        Chosen {
            dialect: Dialect::OpenSsl,
            options: DecodeOptions::from(mode),
            detection: None,
        }
    }

    /// A stderr note when several libraries read the input and detection
    /// did not settle on one, `None` otherwise.
    pub fn note(&self) -> Option<String> {
        let d = self.detection.as_ref()?;
        // No candidate: OpenSSL's reader gives its verdict (and its warning
        // about bytes after the session) as before; nothing to add.
        if d.candidates().is_empty() || d.dialect() == Some(self.dialect) {
            return None;
        }
        Some(format!(
            "note: dialect uncertain: {}; read as {} (--dialect chooses)",
            d.reason(),
            self.dialect.library()
        ))
    }
}

/// Decoder options for `dialect` as the command line reads it: OpenSSL with
/// the `--openssl` / `--mode` reader (`d2i_SSL_SESSION`, bytes after the
/// session left unread); BoringSSL and AWS-LC with `SSL_SESSION_from_bytes`
/// (exactly one session: the function their own tests judge sessions with,
/// `ssl_test.cc`'s `kBadSessionTrailingData`); LibreSSL with its
/// `d2i_SSL_SESSION` (bytes after the session left unread, as OpenSSL's).
pub fn options_for(dialect: Dialect, openssl_mode: Mode) -> DecodeOptions {
    match dialect {
        Dialect::OpenSsl => DecodeOptions::from(openssl_mode),
        d if d.is_boringssl_family() => DecodeOptions::dialect(d).allow_trailing(false),
        d => DecodeOptions::dialect(d),
    }
}

/// The reader of `input` for `choice`; `openssl_mode` is OpenSSL's.
///
/// Detection (`session_der::detect`) uses the first candidate. When there
/// is none, OpenSSL's reader, as before sslsess read other dialects: it
/// reads an OpenSSL session followed by other bytes (`d2i_SSL_SESSION`
/// stops at its end), and otherwise gives OpenSSL's error. A blob LibreSSL
/// would read only in part is no LibreSSL session (detection's rule: LibreSSL
/// writes nothing it does not read); `--dialect libressl` reads it so.
pub fn choose(input: &[u8], choice: Choice, openssl_mode: Mode) -> Chosen {
    let given = |dialect| Chosen {
        dialect,
        options: options_for(dialect, openssl_mode),
        detection: None,
    };
    match choice {
        Choice::Given(d) => given(d),
        Choice::OpenSslImplied => given(Dialect::OpenSsl),
        Choice::Detect => {
            let detection = detect(input);
            let dialect = detection.best().unwrap_or(Dialect::OpenSsl);
            Chosen {
                dialect,
                options: options_for(dialect, openssl_mode),
                detection: Some(detection),
            }
        }
    }
}

/// When `--openssl` or `--mode` implied OpenSSL's reader (which refused
/// the input), the first other library that reads it, to say so.
pub fn other_reader(input: &[u8], reader: &Reader) -> Option<Dialect> {
    if reader.choice != Choice::OpenSslImplied {
        return None;
    }
    detect(input)
        .candidates()
        .iter()
        .copied()
        .find(|&d| d != Dialect::OpenSsl)
}

/// Decodes `input` with the chosen reader.
pub fn decode<'a>(
    input: &'a [u8],
    chosen: &Chosen,
) -> Result<Decoded<CowSession<'a>>, DecodeError> {
    decode_with::<CowSession<'a>>(input, &chosen.options)
}

/// `--dialect`'s value, parsed as `session_der::Dialect` parses it.
pub fn parse_dialect(s: &str) -> Result<Dialect, String> {
    s.parse::<Dialect>().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_is_no_dialect() {
        let chosen = choose(b"", Choice::Detect, Mode::OpenSsl(Default::default()));
        // No reader accepts it: OpenSSL's gives the error.
        assert_eq!(chosen.dialect, Dialect::OpenSsl);
        assert!(chosen.note().is_none());
    }
}
