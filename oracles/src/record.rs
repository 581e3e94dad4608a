//! The serde record (`session-serde`) in JSON and CBOR: reading any bytes
//! never panics; a record that becomes a session describes it completely
//! (record → session → record → session is stable, and its DER reads back as
//! the same session); any model session survives record → JSON/CBOR → record
//! → session; a redacted record never contains the master key.

use arbitrary::{Arbitrary, Unstructured};
use session_der::{decode_with, encode, DecodeOptions, OwnedSession, Target};
use session_serde::record::{Record, RecordOptions};

use sslsession_testkit::hex;

use crate::Known;

fn to_json(r: &Record) -> Vec<u8> {
    serde_json::to_vec(r).unwrap_or_else(|e| panic!("a record does not serialise as JSON: {e}"))
}

fn to_cbor(r: &Record) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::into_writer(r, &mut out)
        .unwrap_or_else(|e| panic!("a record does not serialise as CBOR: {e}"));
    out
}

fn from_json(b: &[u8]) -> Option<Record> {
    serde_json::from_slice(b).ok()
}

fn from_cbor(b: &[u8]) -> Option<Record> {
    ciborium::from_reader(b).ok()
}

/// `full` written as JSON and as CBOR and read back, each equal to `full`;
/// `ctx` names what the record is of, for the messages.
fn through_json_and_cbor(full: &Record, ctx: &dyn Fn() -> String) -> [(&'static str, Record); 2] {
    [
        ("JSON", from_json(&to_json(full))),
        ("CBOR", from_cbor(&to_cbor(full))),
    ]
    .map(|(name, again)| {
        let again =
            again.unwrap_or_else(|| panic!("{name}: a full record does not read back; {}", ctx()));
        assert!(
            again == *full,
            "{name}: a full record changes on a round trip; {}",
            ctx()
        );
        (name, again)
    })
}

/// A record read from untrusted bytes: if it becomes a session, that session
/// is described completely by its own full record, in both formats.
fn check_read_record(record: &Record, format: &str, input: &[u8]) {
    let Ok(session) = record.to_session() else {
        return;
    };
    let full = Record::from_session(&session, &RecordOptions::full());
    let ctx = || format!("{format} input {}", hex(input));
    for (name, again) in through_json_and_cbor(&full, &ctx) {
        match again.to_session() {
            Ok(s) => assert!(
                s == session,
                "{format} input: {name} record → session changes it"
            ),
            Err(e) => panic!("{format} input: the record of a valid session is refused: {e}"),
        }
    }
    let der = encode(&session, Target::Auto)
        .unwrap_or_else(|e| panic!("{format} input: its session does not encode: {e}"));
    match decode_with::<OwnedSession>(&der, &DecodeOptions::strict()) {
        Ok(d) => assert!(
            d.session == session,
            "{format} input: session → DER → session changes it"
        ),
        Err(e) => panic!(
            "{format} input: its DER does not decode: {e}; DER {}",
            hex(&der)
        ),
    }
}

/// The serde oracle (fuzz target `serde_record`). The first byte picks what
/// the rest is: JSON text, CBOR, or the `arbitrary` bytes of a model session.
pub fn serde_record(data: &[u8], _known: Known) {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    match selector % 3 {
        0 => {
            if let Some(r) = from_json(rest) {
                check_read_record(&r, "JSON", rest);
            }
        }
        1 => {
            if let Some(r) = from_cbor(rest) {
                check_read_record(&r, "CBOR", rest);
            }
        }
        _ => {
            let Ok(model) = OwnedSession::arbitrary(&mut Unstructured::new(rest)) else {
                return;
            };
            let full = Record::from_session(&model, &RecordOptions::full());
            // Arbitrary certificates are opaque bytes, not X.509.
            let opts = DecodeOptions::strict().check_certificate(false);
            let ctx = || format!("model {model:?}");
            for (name, again) in through_json_and_cbor(&full, &ctx) {
                match again.to_session_with(&opts) {
                    Ok(s) => assert!(
                        s == model,
                        "{name}: record → session != model\n model {model:?}\n back  {s:?}"
                    ),
                    Err(e) => panic!("{name}: a model's record is refused: {e}; model {model:?}"),
                }
            }
            // Redaction: the redacted record of a session with other secret
            // bytes of the same lengths is identical, so it reveals nothing of them.
            let mut other = model.clone();
            let flip = |b: &[u8]| b.iter().map(|x| !x).collect::<Vec<u8>>();
            let _ = other.set_master_key(flip(model.master_key().expose()));
            other.set_ticket(model.ticket().map(flip));
            other.set_psk_identity(model.psk_identity().map(flip));
            other.set_psk_identity_hint(model.psk_identity_hint().map(flip));
            let redacted = Record::from_session(&model, &RecordOptions::redacted());
            let redacted_other = Record::from_session(&other, &RecordOptions::redacted());
            assert!(
                to_json(&redacted) == to_json(&redacted_other),
                "the redacted JSON record depends on the secret bytes; model {model:?}"
            );
            assert!(
                to_cbor(&redacted) == to_cbor(&redacted_other),
                "the redacted CBOR record depends on the secret bytes; model {model:?}"
            );
            if redacted.is_redacted() {
                assert!(
                    redacted.to_session().is_err(),
                    "a redacted record became a session"
                );
            }
        }
    }
}
