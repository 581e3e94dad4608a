//! Which library's reader reads an input: the `--dialect` given, the OpenSSL
//! one `--openssl` / `--mode` imply, or the one detection finds.

use session_der::session_model::CowSession;
use session_der::{decode_with, DecodeError, DecodeOptions, Decoded, Dialect, Mode};

/// The outcome of trying every dialect's reader on an input: the dialects
/// whose library reads it as exactly one session, the one to use, and why.
/// The shape of `session_der::detect`'s `Detection`, which replaces
/// [`detect`] once it is on main.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    dialect: Option<Dialect>,
    candidates: Vec<Dialect>,
    reason: String,
}

impl Detection {
    /// The one dialect that reads the input, or `None` (none, or several).
    pub fn dialect(&self) -> Option<Dialect> {
        self.dialect
    }

    /// Every dialect whose reader accepts the input, the exact readers first,
    /// each group in [`Dialect::ALL`] order.
    pub fn candidates(&self) -> &[Dialect] {
        &self.candidates
    }

    /// Why, in words.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Tries each dialect's library reader on `input`, bytes after the session
/// refused (BoringSSL's and AWS-LC's `SSL_SESSION_from_bytes`; for OpenSSL
/// and LibreSSL, `d2i_SSL_SESSION` that ends exactly at the end of the
/// input). The candidates are the readers that accept it, those that read it
/// exactly first: their library's writer gives the input back byte for byte
/// (LibreSSL's reader accepts most OpenSSL and BoringSSL sessions, but skips
/// every element after `[10]`). The dialect is the one exact reader, or the
/// one reader; anything else is ambiguous.
pub fn detect(input: &[u8]) -> Detection {
    let mut exact = Vec::new();
    let mut inexact = Vec::new();
    for d in Dialect::ALL {
        let options = DecodeOptions::dialect(d).allow_trailing(false);
        if let Ok(decoded) = decode_with::<CowSession<'_>>(input, &options) {
            let again = session_der::encode(&decoded.session, session_der::Target::Auto);
            if again.is_ok_and(|bytes| bytes.as_slice() == input) {
                exact.push(d);
            } else {
                inexact.push(d);
            }
        }
    }
    let names = |ds: &[Dialect]| {
        ds.iter()
            .map(|d| d.library())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let skipping = if inexact.is_empty() {
        String::new()
    } else {
        format!(
            " ({} also accept{} it, not exactly)",
            names(&inexact),
            if inexact.len() == 1 { "s" } else { "" }
        )
    };
    let (dialect, reason) = match (exact.as_slice(), inexact.as_slice()) {
        ([], []) => (
            None,
            "no library's reader accepts it as one session".to_string(),
        ),
        ([one], _) => (
            Some(*one),
            format!("only {} reads it exactly{skipping}", one.library()),
        ),
        ([], [one]) => (
            Some(*one),
            format!(
                "only {} reads it, not exactly (its writer gives other bytes back)",
                one.library()
            ),
        ),
        ([], several) => (
            None,
            format!(
                "{} read it, none exactly (their writers give other bytes back)",
                names(several)
            ),
        ),
        (several, _) => (
            None,
            format!("{} all read it exactly{skipping}", names(several)),
        ),
    };
    exact.extend(inexact);
    Detection {
        dialect,
        candidates: exact,
        reason,
    }
}

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

    /// A stderr note when detection did not settle on one dialect, `None` otherwise.
    pub fn note(&self) -> Option<String> {
        let d = self.detection.as_ref()?;
        if d.dialect() == Some(self.dialect) {
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
/// Detection uses the first candidate. When there is none, the first
/// dialect (in [`Dialect::ALL`] order) whose command-line reader accepts the
/// input (OpenSSL's or LibreSSL's `d2i` leave bytes after the session
/// unread); when none does, OpenSSL's, whose error is reported as before
/// sslsess read other dialects (each reader counts offsets its own way, so
/// how far one got does not say where the input came from).
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
            let dialect = match detection.candidates().first() {
                Some(&d) => d,
                None => fallback(input, openssl_mode),
            };
            Chosen {
                dialect,
                options: options_for(dialect, openssl_mode),
                detection: Some(detection),
            }
        }
    }
}

/// The dialect for an input no reader accepts exactly (see [`choose`]).
fn fallback(input: &[u8], openssl_mode: Mode) -> Dialect {
    Dialect::ALL
        .into_iter()
        .find(|&d| decode_with::<CowSession<'_>>(input, &options_for(d, openssl_mode)).is_ok())
        .unwrap_or(Dialect::OpenSsl)
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
        let d = detect(b"");
        assert!(d.candidates().is_empty());
        assert_eq!(d.dialect(), None);
        let chosen = choose(b"", Choice::Detect, Mode::OpenSsl(Default::default()));
        // No reader accepts it: OpenSSL's gives the error.
        assert_eq!(chosen.dialect, Dialect::OpenSsl);
        assert!(chosen.note().is_some());
    }
}
