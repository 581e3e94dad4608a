//! Every session of the corpus round-trips through JSON, CBOR, postcard and
//! MessagePack, as a record and as a DER blob, to the identical DER; and the
//! output never holds integer arrays.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use serde::{de::DeserializeOwned, Deserialize, Serialize};
use session_der::{decode, encode, Target};
use session_model::OwnedSession;
use session_serde::{Record, RecordOptions};

/// A value stored as its DER, as a cache entry would.
#[derive(Serialize, Deserialize)]
struct Blob {
    #[serde(with = "session_serde::der")]
    session: OwnedSession,
}

/// Object-safe serialisation so one table drives every format.
mod erased {
    pub enum Ser<'a> {
        Record(&'a session_serde::Record),
        Blob(&'a super::Blob),
    }
}

struct Format {
    name: &'static str,
    encode: fn(&erased::Ser<'_>) -> Vec<u8>,
    decode_record: fn(&[u8]) -> Result<Record, String>,
    decode_blob: fn(&[u8]) -> Result<Blob, String>,
}

fn with(v: &erased::Ser<'_>, f: impl Fn(&dyn ErasedSer) -> Vec<u8>) -> Vec<u8> {
    match v {
        erased::Ser::Record(r) => f(*r),
        erased::Ser::Blob(b) => f(*b),
    }
}

/// Serialisation of either kind of value into one format.
trait ErasedSer {
    fn json(&self) -> Vec<u8>;
    fn cbor(&self) -> Vec<u8>;
    fn postcard(&self) -> Vec<u8>;
    fn msgpack(&self) -> Vec<u8>;
}

impl<T: Serialize> ErasedSer for T {
    fn json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap()
    }
    fn cbor(&self) -> Vec<u8> {
        let mut out = Vec::new();
        ciborium::into_writer(self, &mut out).unwrap();
        out
    }
    fn postcard(&self) -> Vec<u8> {
        postcard::to_allocvec(self).unwrap()
    }
    fn msgpack(&self) -> Vec<u8> {
        // Maps with field names: self-describing, so unknown fields can be detected.
        rmp_serde::to_vec_named(self).unwrap()
    }
}

fn from_json<T: DeserializeOwned>(b: &[u8]) -> Result<T, String> {
    serde_json::from_slice(b).map_err(|e| e.to_string())
}
fn from_cbor<T: DeserializeOwned>(b: &[u8]) -> Result<T, String> {
    ciborium::from_reader(b).map_err(|e| e.to_string())
}
fn from_postcard<T: DeserializeOwned>(b: &[u8]) -> Result<T, String> {
    postcard::from_bytes(b).map_err(|e| e.to_string())
}
fn from_msgpack<T: DeserializeOwned>(b: &[u8]) -> Result<T, String> {
    rmp_serde::from_slice(b).map_err(|e| e.to_string())
}

fn formats() -> Vec<Format> {
    vec![
        Format {
            name: "JSON (serde_json)",
            encode: |v| with(v, |s| s.json()),
            decode_record: from_json,
            decode_blob: from_json,
        },
        Format {
            name: "CBOR (ciborium)",
            encode: |v| with(v, |s| s.cbor()),
            decode_record: from_cbor,
            decode_blob: from_cbor,
        },
        Format {
            name: "postcard",
            encode: |v| with(v, |s| s.postcard()),
            decode_record: from_postcard,
            decode_blob: from_postcard,
        },
        Format {
            name: "MessagePack (rmp-serde, named)",
            encode: |v| with(v, |s| s.msgpack()),
            decode_record: from_msgpack,
            decode_blob: from_msgpack,
        },
    ]
}

#[derive(Default)]
struct Sizes {
    record: usize,
    blob: usize,
}

#[test]
fn every_corpus_session_round_trips_through_every_format() {
    let (dir, full) = common::corpus_dir();
    let sessions = common::corpus_sessions();
    let formats = formats();
    let mut sizes: Vec<Sizes> = formats.iter().map(|_| Sizes::default()).collect();
    let mut der_total = 0usize;
    for (name, der) in &sessions {
        der_total += der.len();
        let session = decode(der).unwrap_or_else(|e| panic!("{name}: {e}"));
        let record = Record::from_session(&session, &RecordOptions::full());
        let blob = Blob {
            session: session.to_owned_session(),
        };
        for (f, size) in formats.iter().zip(&mut sizes) {
            let bytes = (f.encode)(&erased::Ser::Record(&record));
            size.record += bytes.len();
            let back =
                (f.decode_record)(&bytes).unwrap_or_else(|e| panic!("{name} {}: {e}", f.name));
            let again = back
                .to_der()
                .unwrap_or_else(|e| panic!("{name} {}: {e}", f.name));
            assert_eq!(
                again.as_slice(),
                der.as_slice(),
                "{name}: record through {}",
                f.name
            );

            let bytes = (f.encode)(&erased::Ser::Blob(&blob));
            size.blob += bytes.len();
            let back = (f.decode_blob)(&bytes).unwrap_or_else(|e| panic!("{name} {}: {e}", f.name));
            let again = encode(&back.session, Target::Auto).unwrap();
            assert_eq!(
                again.as_slice(),
                der.as_slice(),
                "{name}: DER blob through {}",
                f.name
            );
        }
    }
    let n = sessions.len();
    println!(
        "{n} sessions from {} ({}); DER itself: total {der_total} B, mean {:.1} B",
        dir.join("openssl-3.0").display(),
        if full {
            "full corpus"
        } else {
            "testdata subset"
        },
        der_total as f64 / n as f64
    );
    println!("| format | record: mean | record: total | DER blob: mean | DER blob: total |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (f, s) in formats.iter().zip(&sizes) {
        println!(
            "| {} | {:.1} B | {} B | {:.1} B | {} B |",
            f.name,
            s.record as f64 / n as f64,
            s.record,
            s.blob as f64 / n as f64,
            s.blob
        );
    }
}

/// Walks a JSON value: no arrays anywhere (byte fields are hex strings).
fn json_has_array(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Array(_) => true,
        serde_json::Value::Object(m) => m.values().any(json_has_array),
        _ => false,
    }
}

/// Walks a CBOR value: no arrays anywhere (byte fields are byte strings).
fn cbor_has_array(v: &ciborium::Value) -> bool {
    match v {
        ciborium::Value::Array(_) => true,
        ciborium::Value::Map(m) => m
            .iter()
            .any(|(k, v)| cbor_has_array(k) || cbor_has_array(v)),
        ciborium::Value::Tag(_, v) => cbor_has_array(v),
        _ => false,
    }
}

fn cbor_get<'a>(v: &'a ciborium::Value, key: &str) -> &'a ciborium::Value {
    v.as_map()
        .unwrap()
        .iter()
        .find(|(k, _)| k.as_text() == Some(key))
        .map(|(_, v)| v)
        .unwrap_or_else(|| panic!("no {key}"))
}

#[test]
fn byte_fields_are_strings_or_byte_strings_never_integer_arrays() {
    for name in [common::TLS13_CLIENT, common::TLS12_CLIENT] {
        let der = common::sample(name);
        let session = decode(&der).unwrap();
        for opts in [
            RecordOptions::full().with_now(1_700_000_000),
            RecordOptions::redacted(),
        ] {
            let record = Record::from_session(&session, &opts);
            let json = serde_json::to_value(&record).unwrap();
            assert!(!json_has_array(&json), "{name}: {json}");
            let session_id = json["session_id"].as_str().unwrap();
            assert_eq!(session_id, common::hex(session.session_id()));

            let mut cbor = Vec::new();
            ciborium::into_writer(&record, &mut cbor).unwrap();
            let value: ciborium::Value = ciborium::from_reader(cbor.as_slice()).unwrap();
            assert!(!cbor_has_array(&value), "{name}: {value:?}");
            assert_eq!(
                cbor_get(&value, "session_id").as_bytes().map(Vec::as_slice),
                Some(session.session_id())
            );
            assert_eq!(
                cbor_get(&value, "peer_certificate")
                    .as_bytes()
                    .map(Vec::as_slice),
                session.peer_certificate()
            );
        }

        let blob = Blob {
            session: session.to_owned_session(),
        };
        let json = serde_json::to_value(&blob).unwrap();
        let b64 = json["session"].as_str().unwrap();
        // Standard, padded base64: the body of the PEM form without its line breaks.
        let pem = session_der::pem::to_pem(&der);
        let pem_body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(b64, pem_body);
        let mut cbor = Vec::new();
        ciborium::into_writer(&blob, &mut cbor).unwrap();
        let value: ciborium::Value = ciborium::from_reader(cbor.as_slice()).unwrap();
        assert_eq!(
            cbor_get(&value, "session").as_bytes().map(Vec::as_slice),
            Some(der.as_slice())
        );
    }
}
