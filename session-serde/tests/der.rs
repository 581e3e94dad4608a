//! The `der` with-module: base64 in JSON, bytes in binary formats, the
//! decoder's errors for corrupt or truncated blobs, `BytesSession` and `Option`.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use serde::{Deserialize, Serialize};
use serde_json::json;
use session_der::{decode, encode, Target};
use session_model::{BytesSession, OwnedSession};

#[derive(Serialize, Deserialize)]
struct Owned {
    #[serde(with = "session_serde::der")]
    s: OwnedSession,
}

#[derive(Serialize, Deserialize)]
struct Shared {
    #[serde(with = "session_serde::der")]
    s: BytesSession,
}

#[derive(Serialize, Deserialize)]
struct Maybe {
    #[serde(with = "session_serde::der::option")]
    s: Option<OwnedSession>,
}

fn b64(b: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(b)
}

#[test]
fn bytes_session_and_option_round_trip() {
    let der = common::sample(common::TLS12_CLIENT);
    let owned = decode(&der).unwrap().to_owned_session();
    let json = serde_json::to_string(&Owned { s: owned.clone() }).unwrap();
    let shared: Shared = serde_json::from_str(&json).unwrap();
    assert_eq!(shared.s, owned);
    assert_eq!(
        encode(&shared.s, Target::Auto).unwrap().as_slice(),
        der.as_slice()
    );

    let pc = postcard::to_allocvec(&shared).unwrap();
    let back: Owned = postcard::from_bytes(&pc).unwrap();
    assert_eq!(back.s, owned);

    for value in [Some(owned), None] {
        let json = serde_json::to_value(&Maybe { s: value.clone() }).unwrap();
        assert_eq!(json["s"].is_null(), value.is_none());
        let back: Maybe = serde_json::from_value(json).unwrap();
        assert_eq!(back.s, value);
        let mut cbor = Vec::new();
        ciborium::into_writer(&Maybe { s: value.clone() }, &mut cbor).unwrap();
        let back: Maybe = ciborium::from_reader(cbor.as_slice()).unwrap();
        assert_eq!(back.s, value);
    }
}

#[test]
fn corrupt_or_truncated_blobs_give_the_decoders_error() {
    let der = common::sample(common::TLS13_CLIENT);
    let err = |v: serde_json::Value| {
        serde_json::from_value::<Owned>(json!({ "s": v }))
            .err()
            .expect("refused")
            .to_string()
    };
    // Truncated: the decoder's own message, with field and offset.
    let e = err(json!(b64(&der[..der.len() - 10])));
    assert!(e.starts_with("session DER: session: element needs"), "{e}");
    assert!(e.contains("(offset 0)"), "{e}");
    // A flipped byte in the cipher: refused by the decoder's semantic check.
    let mut bad = der.clone();
    let cipher_at = der
        .windows(4)
        .position(|w| w == [0x04, 0x02, 0x13, 0x01])
        .unwrap();
    bad[cipher_at + 2] = 0x77;
    let e = err(json!(b64(&bad)));
    assert!(
        e.contains("cipher: cipher 0x7701 is not in the reading library's cipher table"),
        "{e}"
    );
    // Trailing bytes after the session.
    let mut long = der.clone();
    long.push(0);
    assert!(err(json!(b64(&long))).contains("1 bytes follow the session"));
    // Not base64, unpadded base64, not a string.
    assert!(err(json!("not base64!")).contains("invalid base64"));
    let unpadded = b64(&der[..der.len() - 1]);
    assert!(err(json!(unpadded.trim_end_matches('='))).contains("invalid base64"));
    // Not a string: the message says what a blob is.
    let e = err(json!([1, 2, 3]));
    assert!(
        e.contains("invalid type") && e.contains("expected a session's DER"),
        "{e}"
    );
    // Binary formats: a truncated byte string.
    #[derive(Serialize)]
    struct Raw<'a> {
        #[serde(with = "serde_bytes_like")]
        s: &'a [u8],
    }
    mod serde_bytes_like {
        pub fn serialize<S: serde::Serializer>(b: &&[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_bytes(b)
        }
    }
    let pc = postcard::to_allocvec(&Raw { s: &der[..200] }).unwrap();
    let e = postcard::from_bytes::<Owned>(&pc).err().unwrap();
    // postcard keeps only its own error kind; the decoder's error still stops it.
    assert!(matches!(e, postcard::Error::SerdeDeCustom), "{e:?}");
    let mut cbor = Vec::new();
    ciborium::into_writer(&Raw { s: &der[..200] }, &mut cbor).unwrap();
    let e = ciborium::from_reader::<Owned, _>(cbor.as_slice())
        .err()
        .unwrap();
    assert!(e.to_string().contains("element needs"), "{e}");
}
