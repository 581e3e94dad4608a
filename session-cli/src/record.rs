//! The JSON form: the record of `session-serde` (`session_serde::record`), the
//! one format shared by `show --json`, `convert --to json` and JSON input.
//! Its schema is documented in `session-serde/README.md`.

use serde::Serialize;
use session_der::session_model::{ByteStorage, OwnedSession, Session};
use session_der::{Dialect, OpenSslVersion};
use session_serde::{Record, RecordOptions};
use zeroize::Zeroizing;

use crate::dialect::{Chosen, Reader};
use crate::input::InputError;

/// The record with the session's dialect in front, for as long as
/// session-serde's `Record` has no `dialect` member of its own.
#[derive(Serialize)]
struct WithDialect<'a> {
    dialect: &'static str,
    #[serde(flatten)]
    record: &'a Record,
}

/// The member the CLI adds to the record (see [`WithDialect`]).
const DIALECT: &str = "dialect";

/// Whether session-serde's record writes a `dialect` member itself.
fn record_has_dialect(record: &Record) -> bool {
    serde_json::to_value(record).is_ok_and(|v| v.get(DIALECT).is_some())
}

/// The record of `session` with the derived facts for `now` as OpenSSL
/// `openssl` computes them, as JSON (keys in the record's field order): the
/// full record (master key included, so it can be edited and converted back),
/// or the redacted one (master key, ticket and PSK identities masked as
/// `{"redacted": <length>}`).
pub fn to_json<B: ByteStorage>(
    session: &Session<B>,
    openssl: OpenSslVersion,
    now: i64,
    redact: bool,
    pretty: bool,
) -> Result<Zeroizing<String>, String> {
    let options = if redact {
        RecordOptions::redacted()
    } else {
        RecordOptions::full()
    };
    let options = options.with_openssl(openssl);
    let record = Record::from_session(session, &options.with_now(now));
    let json = if record_has_dialect(&record) {
        to_string(&record, pretty)
    } else {
        let with = WithDialect {
            dialect: session.dialect().name(),
            record: &record,
        };
        to_string(&with, pretty)
    };
    json.map(Zeroizing::new).map_err(|e| e.to_string())
}

fn to_string<T: Serialize>(value: &T, pretty: bool) -> serde_json::Result<String> {
    if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    }
}

/// A session from a JSON record, checked as the reader of its dialect
/// (`--dialect`, else the record's `dialect`, else OpenSSL's) checks DER.
pub fn session_from_json(
    json: &[u8],
    reader: &Reader,
) -> Result<(OwnedSession, Chosen), InputError> {
    let bad = |e: String| InputError::Json(e);
    let mut value: serde_json::Value =
        serde_json::from_slice(json).map_err(|e| bad(e.to_string()))?;
    let recorded = match value.get(DIALECT) {
        None | Some(serde_json::Value::Null) => None,
        Some(serde_json::Value::String(s)) => Some(
            s.parse::<Dialect>()
                .map_err(|e| bad(format!("dialect: {e}")))?,
        ),
        Some(other) => return Err(bad(format!("dialect: {other} is not a string"))),
    };
    // Read back the member `to_json` added, unless the record knows it.
    let record: Record = match serde_json::from_value::<Record>(value.clone()) {
        Ok(r) => r,
        Err(first) => {
            let Some(object) = value.as_object_mut() else {
                return Err(bad(first.to_string()));
            };
            if object.remove(DIALECT).is_none() {
                return Err(bad(first.to_string()));
            }
            serde_json::from_value(value.clone()).map_err(|_| bad(first.to_string()))?
        }
    };
    if record.is_redacted() {
        let masked: Vec<&str> = record.redacted_fields().iter().map(|f| f.name()).collect();
        return Err(InputError::Json(format!(
            "the record is redacted (masked: {}), so it cannot become a session; \
             use the record of `sslsess show --json` without --redact",
            masked.join(", ")
        )));
    }
    let chosen = reader.for_record(recorded);
    let session = record
        .to_session_with(&chosen.options)
        .map_err(|e| InputError::Json(e.to_string()))?;
    // A member the session did not keep (another dialect's field in a record
    // read as OpenSSL's, say) is refused rather than lost.
    let kept = serde_json::to_value(Record::from_session(&session, &RecordOptions::full()))
        .map_err(|e| bad(e.to_string()))?;
    let lost: Vec<&str> = value
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| {
            !v.is_null()
                && ![DIALECT, "derived"].contains(&k.as_str())
                && kept.get(k.as_str()).is_none_or(|v| v.is_null())
        })
        .map(|(k, _)| k.as_str())
        .collect();
    if !lost.is_empty() {
        return Err(bad(format!(
            "{}: not kept when the record becomes a session in the {} dialect, \
             so refused rather than lost",
            lost.join(", "),
            chosen.dialect
        )));
    }
    Ok((session, chosen))
}
