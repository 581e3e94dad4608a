//! The JSON form: the record of `session-serde` (`session_serde::record`), the
//! one format shared by `show --json`, `convert --to json` and JSON input.
//! Its schema is documented in `session-serde/README.md`.

use session_der::session_model::{ByteStorage, OwnedSession, Session};
use session_der::{Mode, OpenSslVersion};
use session_serde::{Record, RecordOptions};
use zeroize::Zeroizing;

use crate::input::{self, InputError};

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
    let json = if pretty {
        serde_json::to_string_pretty(&record)
    } else {
        serde_json::to_string(&record)
    };
    json.map(Zeroizing::new).map_err(|e| e.to_string())
}

/// A session from a JSON record, checked as the decoder of `mode` checks DER.
pub fn session_from_json(json: &[u8], mode: Mode) -> Result<OwnedSession, InputError> {
    let record: Record =
        serde_json::from_slice(json).map_err(|e| InputError::Json(e.to_string()))?;
    if record.is_redacted() {
        let masked: Vec<&str> = record.redacted_fields().iter().map(|f| f.name()).collect();
        return Err(InputError::Json(format!(
            "the record is redacted (masked: {}), so it cannot become a session; \
             use the record of `sslsess show --json` without --redact",
            masked.join(", ")
        )));
    }
    record
        .to_session_with(&input::decode_options(mode))
        .map_err(|e| InputError::Json(e.to_string()))
}
