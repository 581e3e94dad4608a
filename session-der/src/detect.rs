//! Which library's dialect a session blob is in.
//!
//! Each dialect's decoder is tried as its library would read the blob (one
//! session, nothing after it). LibreSSL reads almost anything, since it stops
//! at the first element it does not expect; a blob it reads only in part was
//! not written by LibreSSL, which writes nothing it does not read, so it is
//! not a LibreSSL candidate. BoringSSL and AWS-LC write the same layout; a
//! blob both read is theirs alike.

use session_model::Dialect;

use session_model::OpenSslVersion;

use crate::decode::{decode_with, DecodeOptions};
use crate::encode::{encode, Target};
use crate::libressl;
use crate::CowSession;

/// What [`detect`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    candidates: Vec<Dialect>,
    writers: Vec<Dialect>,
    reason: String,
}

impl Detection {
    /// The dialect: the one library that reads the blob, or among several
    /// that read it the one whose writer produces exactly these bytes.
    /// `None` when no library reads it or the choice stays open.
    pub fn dialect(&self) -> Option<Dialect> {
        match (self.candidates.as_slice(), self.writers.as_slice()) {
            ([one], _) | (_, [one]) => Some(*one),
            _ => None,
        }
    }

    /// Every dialect whose library reads the blob as a whole session, those
    /// that would also write it this way first, then in the order of
    /// [`Dialect::ALL`]; empty when none reads it.
    pub fn candidates(&self) -> &[Dialect] {
        &self.candidates
    }

    /// The candidates whose library, having read the blob, writes back
    /// exactly these bytes: the libraries that could have written it.
    pub fn writers(&self) -> &[Dialect] {
        &self.writers
    }

    /// The first candidate: what a tool that must pick one reads the blob as.
    pub fn best(&self) -> Option<Dialect> {
        self.candidates.first().copied()
    }

    /// Whether the dialect stays open between several libraries.
    pub fn is_ambiguous(&self) -> bool {
        self.dialect().is_none() && self.candidates.len() > 1
    }

    /// Why, in a sentence.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Whether `dialect`'s library, having read `input`, writes it back byte for
/// byte; for OpenSSL, the versions whose `i2d` does (none: empty).
fn writes_back(input: &[u8], dialect: Dialect) -> Vec<OpenSslVersion> {
    let opts = DecodeOptions::dialect(dialect).allow_trailing(false);
    // Cow storage: OpenSSL mode rewrites a BER certificate or key, which a
    // borrowed view cannot hold (NeedsOwnedStorage is not a refusal).
    let Ok(d) = decode_with::<CowSession<'_>>(input, &opts) else {
        return Vec::new();
    };
    let same = |target| encode(&d.session, target).is_ok_and(|out| *out == *input);
    match dialect {
        Dialect::OpenSsl => OpenSslVersion::ALL
            .iter()
            .copied()
            .filter(|&v| same(Target::OpenSsl(v)))
            .collect(),
        // (The version is only a marker here.)
        other if same(Target::of_dialect(other)) => vec![OpenSslVersion::LTS],
        _ => Vec::new(),
    }
}

/// Says which dialect `input` (one DER session) is in, with the reason.
///
/// ```
/// use session_der::session_model::{CipherSuite, OwnedSession, ProtocolVersion};
/// use session_der::{detect, encode, Dialect, Target};
///
/// // OpenSSL 3.x always writes [19] kex_group: BoringSSL's [19] is a
/// // certificate chain, and LibreSSL stops before it.
/// let s = OwnedSession::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
/// let der = encode(&s, Target::Auto)?;
/// let found = detect(&der);
/// assert_eq!(found.dialect(), Some(Dialect::OpenSsl));
/// println!("{}", found.reason());
/// # Ok::<(), session_der::EncodeError>(())
/// ```
pub fn detect(input: &[u8]) -> Detection {
    let mut candidates = Vec::new();
    let mut refusals = Vec::new();
    let mut partial = None;
    for dialect in Dialect::ALL {
        let opts = DecodeOptions::dialect(dialect).allow_trailing(false);
        let result = if dialect == Dialect::LibreSsl {
            libressl::read(input, false, true).map(|r| r.ignored_from)
        } else {
            decode_with::<CowSession<'_>>(input, &opts).map(|_| None)
        };
        match result {
            Ok(None) => candidates.push(dialect),
            Ok(Some(at)) => partial = Some(at),
            Err(e) => refusals.push(format!("{}: {e}", dialect.library())),
        }
    }
    let mut openssl_writers = Vec::new();
    let writers: Vec<Dialect> = candidates
        .iter()
        .copied()
        .filter(|&d| {
            let versions = writes_back(input, d);
            if d == Dialect::OpenSsl {
                openssl_writers.clone_from(&versions);
            }
            !versions.is_empty()
        })
        .collect();
    // OpenSSL by the versions that write it back (3.x add [19], 1.1.1 does not).
    let plain = |dialects: &[Dialect]| -> String {
        dialects
            .iter()
            .map(|d| d.library())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let writer_names = |dialects: &[Dialect]| -> String {
        dialects
            .iter()
            .map(|&d| {
                if d == Dialect::OpenSsl
                    && !openssl_writers.is_empty()
                    && openssl_writers.len() < OpenSslVersion::ALL.len()
                {
                    let v: Vec<String> = openssl_writers.iter().map(ToString::to_string).collect();
                    format!("OpenSSL {}", v.join("/"))
                } else {
                    d.library().to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    // Writers first, each group in Dialect::ALL's order.
    candidates.sort_by_key(|d| !writers.contains(d));
    let reason = match (candidates.as_slice(), writers.as_slice()) {
        ([], _) => {
            let mut r = format!("no library reads it ({})", refusals.join("; "));
            if let Some(at) = partial {
                r.push_str(&format!(
                    "; LibreSSL would read it but ignore everything from byte {at}"
                ));
            }
            r
        }
        ([one], _) => {
            let mut r = format!("only {} reads it", one.library());
            if !refusals.is_empty() {
                r.push_str(&format!(" ({})", refusals.join("; ")));
            }
            r
        }
        (all, [one]) => format!(
            "{} read it, and only {} writes it back byte for byte",
            plain(all),
            writer_names(&[*one])
        ),
        (all, []) => format!(
            "{} read it, and none writes it back byte for byte",
            plain(all)
        ),
        (all, writers) => format!(
            "{} read it; {} write it back byte for byte: it holds only elements they share",
            plain(all),
            writer_names(writers)
        ),
    };
    Detection {
        candidates,
        writers,
        reason,
    }
}
