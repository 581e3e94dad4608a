//! Migration help: is a session written by one OpenSSL version read, and
//! read the same, by another? What a fleet in a rolling upgrade needs to
//! know before its old and new servers share one session cache.

use std::fmt;

use session_model::{Field, FieldValue, OpenSslVersion, OwnedSession, Session, FIELDS};

use crate::decode::{decode_with, DecodeOptions};
use crate::encode::{encode, Target};
use crate::error::DecodeError;

/// What [`readable_by`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Readability {
    /// The version that wrote the session.
    pub written_by: OpenSslVersion,
    /// The version that would read it.
    pub read_by: OpenSslVersion,
    /// The answer.
    pub verdict: Verdict,
    /// For [`Verdict::ReadDifferently`], every value the reader sees
    /// differently, in field order.
    pub differences: Vec<ReadDifference>,
    /// Whether the writer can read what the reader's `i2d` writes back (into
    /// a cache they share): `None` when it can, or when the reader does not
    /// read the session at all; otherwise the writer's error. E.g. every 3.x
    /// writes `[19]`, which 1.1.1 cannot read.
    pub write_back_refused_by_writer: Option<DecodeError>,
}

/// Whether the reader reads the session as its writer does.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Verdict {
    /// Read, with every value as the writer reads it, and written back by the
    /// reader's `i2d` to the same values (when the writer can read that;
    /// see [`Readability::write_back_refused_by_writer`]).
    ReadSame,
    /// Read, but some value differs ([`Readability::differences`]).
    ReadDifferently,
    /// The reader's `d2i_SSL_SESSION` refuses it (why, where).
    Refused(DecodeError),
    /// The writer's own `d2i_SSL_SESSION` refuses it: not a session that
    /// version could have written.
    NotTheWritersSession(DecodeError),
}

/// One value the reader sees differently from the writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadDifference {
    /// The field concerned.
    pub field: Field,
    /// What differs: `"SSL_SESSION_get_time"`, `"SSL_SESSION_get_timeout"`,
    /// `"expiry"` (the last second it is resumed), or `"i2d"` (the value its
    /// `i2d_SSL_SESSION` writes back).
    pub what: &'static str,
    /// As the writer has it.
    pub writer: String,
    /// As the reader has it.
    pub reader: String,
}

impl fmt::Display for ReadDifference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {} vs {}",
            self.field, self.what, self.writer, self.reader
        )
    }
}

impl fmt::Display for Readability {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (w, r) = (self.written_by, self.read_by);
        match &self.verdict {
            Verdict::ReadSame => write!(f, "OpenSSL {r} reads it as OpenSSL {w} does")?,
            Verdict::ReadDifferently => {
                write!(f, "OpenSSL {r} reads it differently from OpenSSL {w}:")?;
                for d in &self.differences {
                    write!(f, "\n  {d}")?;
                }
            }
            Verdict::Refused(e) => return write!(f, "OpenSSL {r} refuses it: {e}"),
            Verdict::NotTheWritersSession(e) => {
                return write!(f, "OpenSSL {w} itself refuses it: {e}");
            }
        }
        if let Some(e) = &self.write_back_refused_by_writer {
            write!(
                f,
                "\n  (OpenSSL {w} cannot read what OpenSSL {r}'s i2d writes back: {e})"
            )?;
        }
        Ok(())
    }
}

/// Whether the session `input` (as version `written_by` stores it) is read by
/// version `read_by`, and read the same: the same acceptance
/// (`d2i_SSL_SESSION` of each, exactly as [`Mode::OpenSsl`] reproduces it),
/// the same time, timeout and expiry as their getters and timeout checks
/// report them at `now`, and the same values once the reader's `i2d`
/// writes it back (e.g. 3.2+ write back a negative timeout as
/// `OSSL_TIME` holds it).
///
/// ```
/// use session_der::{readable_by, Verdict, OpenSslVersion};
/// # use session_der::{encode, Target, session_model::*};
/// # let mut s = OwnedSession::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
/// # s.set_kex_group(Some(0x11EC));
/// # let der = encode(&s, Target::OpenSsl(OpenSslVersion::V3_5))?;
/// // A 3.5 session carries [19] kex_group, which 1.1.1's template lacks.
/// let r = readable_by(&der, OpenSslVersion::V3_5, OpenSslVersion::V1_1_1, 1_800_000_000);
/// assert!(matches!(r.verdict, Verdict::Refused(_)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// [`Mode::OpenSsl`]: crate::Mode::OpenSsl
pub fn readable_by(
    input: &[u8],
    written_by: OpenSslVersion,
    read_by: OpenSslVersion,
    now: i64,
) -> Readability {
    let answer = |verdict, differences, write_back_refused_by_writer| Readability {
        written_by,
        read_by,
        verdict,
        differences,
        write_back_refused_by_writer,
    };
    let writer =
        match decode_with::<OwnedSession>(input, &DecodeOptions::openssl_version(written_by)) {
            Ok(d) => d.session,
            Err(e) => return answer(Verdict::NotTheWritersSession(e), Vec::new(), None),
        };
    let reader = match decode_with::<OwnedSession>(input, &DecodeOptions::openssl_version(read_by))
    {
        Ok(d) => d.session,
        Err(e) => return answer(Verdict::Refused(e), Vec::new(), None),
    };
    let (differences, write_back) = differences(&writer, &reader, written_by, read_by, now);
    let verdict = if differences.is_empty() {
        Verdict::ReadSame
    } else {
        Verdict::ReadDifferently
    };
    answer(verdict, differences, write_back)
}

fn differences(
    writer: &OwnedSession,
    reader: &OwnedSession,
    written_by: OpenSslVersion,
    read_by: OpenSslVersion,
    now: i64,
) -> (Vec<ReadDifference>, Option<DecodeError>) {
    let mut out = Vec::new();
    let mut differ = |field, what, a: String, b: String| {
        if a != b {
            out.push(ReadDifference {
                field,
                what,
                writer: a,
                reader: b,
            });
        }
    };
    let (a, b) = (
        writer.openssl_times(written_by, now),
        reader.openssl_times(read_by, now),
    );
    differ(
        Field::Time,
        "SSL_SESSION_get_time",
        a.time.to_string(),
        b.time.to_string(),
    );
    differ(
        Field::Timeout,
        "SSL_SESSION_get_timeout",
        a.timeout.to_string(),
        b.timeout.to_string(),
    );
    let expiry = |at: Option<i64>| at.map_or_else(|| "never".to_owned(), |at| at.to_string());
    differ(
        Field::Timeout,
        "expiry",
        expiry(a.expires_at()),
        expiry(b.expires_at()),
    );
    // What each one's i2d writes back, read back by the writer's version.
    // (A session a version read is within its limits: `encode` succeeds.)
    let rewritten = |s: &OwnedSession, v| {
        let der = encode(s, Target::OpenSsl(v)).ok()?;
        Some(
            decode_with::<OwnedSession>(&der, &DecodeOptions::openssl_version(written_by))
                .map(|d| d.session),
        )
    };
    let mut write_back = None;
    match (rewritten(writer, written_by), rewritten(reader, read_by)) {
        (Some(Ok(a)), Some(Ok(b))) => {
            for spec in FIELDS {
                // Defaulted times are the clock: compared above, as read.
                if matches!(spec.field, Field::Time | Field::Timeout) && a.get(spec.field).is_none()
                {
                    continue;
                }
                differ(
                    spec.field,
                    "i2d",
                    show(&a, spec.field),
                    show(&b, spec.field),
                );
            }
        }
        (_, Some(Err(e))) => write_back = Some(e),
        // The writer reads the session but not its own i2d of it: not
        // expected of OpenSSL; no comparison then.
        _ => {}
    }
    (out, write_back)
}

fn show(s: &Session<Vec<u8>>, field: Field) -> String {
    match field {
        Field::Version => "1".to_owned(),
        Field::ProtocolVersion => s.protocol_version().wire().to_string(),
        Field::Cipher => format!("{:04X}", s.cipher().code()),
        Field::SessionId => hex(s.session_id()),
        Field::MasterKey => format!("{} bytes", s.master_key().len()),
        _ => match s.get(field) {
            None => "absent".to_owned(),
            Some(FieldValue::Int(n)) => n.to_string(),
            // Secrets are compared, never shown.
            Some(FieldValue::Bytes(b)) if field.spec().is_some_and(|f| f.secret) => {
                format!("{} bytes", b.len())
            }
            Some(FieldValue::Bytes(b)) => hex(b),
            Some(_) => "?".to_owned(),
        },
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
