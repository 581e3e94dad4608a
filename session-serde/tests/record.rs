//! The record's input rules: presence kept, the decoder's limits and errors,
//! unknown fields and schemas refused, redacted records refused.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

mod common;

use serde_json::{json, Value};
use session_der::{decode, encode, DecodeError, ErrorKind, Target};
use session_model::{CipherSuite, Field, Origin, OwnedSession, ProtocolVersion};
use session_serde::{Octets, Record, RecordError, RecordOptions, SCHEMA};

fn full_json(der: &[u8]) -> Value {
    let s = decode(der).unwrap();
    serde_json::to_value(Record::from_session(&s, &RecordOptions::full())).unwrap()
}

fn record_from(v: &Value) -> Result<Record, serde_json::Error> {
    serde_json::from_value(v.clone())
}

fn to_der(v: &Value) -> Result<Vec<u8>, RecordError> {
    record_from(v)
        .expect("record deserialises")
        .to_der()
        .map(|d| d.to_vec())
}

// ---------------------------------------------------------------------------
// A minimal DER writer, to give the decoder the same defects as a record.

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(u8::try_from(n).unwrap());
    } else {
        let len = n.to_be_bytes();
        let skip = len.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | u8::try_from(len.len() - skip).unwrap());
        out.extend_from_slice(&len[skip..]);
    }
    out.extend_from_slice(content);
    out
}

fn int(v: i128) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    // Minimal two's complement: drop redundant leading 0x00 / 0xFF octets.
    while start < 15
        && ((bytes[start] == 0 && bytes[start + 1] & 0x80 == 0)
            || (bytes[start] == 0xFF && bytes[start + 1] & 0x80 != 0))
    {
        start += 1;
    }
    tlv(0x02, &bytes[start..])
}

fn octets(b: &[u8]) -> Vec<u8> {
    tlv(0x04, b)
}

fn explicit(tag: u8, inner: Vec<u8>) -> Vec<u8> {
    tlv(0xA0 | tag, &inner)
}

/// A session: version 1, `pv`, `cipher`, id, key, then `extra` elements as given.
fn der_session(pv: i128, cipher: u16, id: &[u8], key: &[u8], extra: &[Vec<u8>]) -> Vec<u8> {
    let mut body = int(1);
    body.extend(int(pv));
    body.extend(octets(&cipher.to_be_bytes()));
    body.extend(octets(id));
    body.extend(octets(key));
    for e in extra {
        body.extend_from_slice(e);
    }
    tlv(0x30, &body)
}

/// The JSON record of the same minimal session (nothing optional present).
fn json_session(pv: i64, cipher: u16, id: &[u8], key: &[u8]) -> Value {
    json!({
        "schema": 1,
        "protocol_version": pv,
        "cipher": { "code": cipher },
        "session_id": common::hex(id),
        "master_key": common::hex(key),
    })
}

/// The record error must be the decoder's: same kind, same field, same words.
fn assert_same_error(case: &str, der: &[u8], record: &Value) {
    let expected: DecodeError = decode(der).expect_err(case);
    let got = to_der(record).expect_err(case);
    assert_eq!(got.kind(), Some(expected.kind()), "{case}: {got}");
    assert_eq!(got.field(), Some(expected.field()), "{case}: {got}");
    let decoder_text = expected.to_string();
    let decoder_text = &decoder_text[..decoder_text.rfind(" (offset ").unwrap()];
    assert_eq!(got.to_string(), decoder_text, "{case}");
}

#[test]
fn the_minimal_writer_agrees_with_the_decoder() {
    // Guards the test helpers: a valid session they write decodes, and its
    // record gives back the same bytes.
    let der = der_session(0x0304, 0x1301, &[1; 32], &[2; 48], &[explicit(1, int(5))]);
    let s = decode(&der).unwrap();
    assert_eq!(s.time(), Some(5));
    let mut rec = json_session(0x0304, 0x1301, &[1; 32], &[2; 48]);
    rec["time"] = json!(5);
    assert_eq!(to_der(&rec).unwrap(), der);
}

#[test]
fn limits_and_checks_are_the_decoders() {
    let id = [7u8; 32];
    let key = [9u8; 48];
    let unknown_cipher = (0..=u16::MAX)
        .find(|&c| !CipherSuite(c).is_known())
        .unwrap();
    // (case, DER with the defect, the record with the same defect)
    let mut cases: Vec<(&str, Vec<u8>, Value)> = vec![
        (
            "session id of 33 bytes",
            der_session(0x0304, 0x1301, &[7; 33], &key, &[]),
            json_session(0x0304, 0x1301, &[7; 33], &key),
        ),
        (
            "master key of 513 bytes",
            der_session(0x0304, 0x1301, &id, &[9; 513], &[]),
            json_session(0x0304, 0x1301, &id, &[9; 513]),
        ),
        (
            "unsupported protocol version 0x0200",
            der_session(0x0200, 0x1301, &id, &key, &[]),
            json_session(0x0200, 0x1301, &id, &key),
        ),
        (
            "negative protocol version",
            der_session(-5, 0x1301, &id, &key, &[]),
            json_session(-5, 0x1301, &id, &key),
        ),
        (
            "protocol version beyond 32 bits",
            der_session(0x1_0000_0303, 0x1301, &id, &key, &[]),
            json_session(0x1_0000_0303, 0x1301, &id, &key),
        ),
        (
            "protocol version below 32 bits",
            der_session(-0x8000_0001, 0x1301, &id, &key, &[]),
            json_session(-0x8000_0001, 0x1301, &id, &key),
        ),
        (
            "cipher not in OpenSSL's table",
            der_session(0x0303, unknown_cipher, &id, &key, &[]),
            json_session(0x0303, unknown_cipher, &id, &key),
        ),
    ];
    let base = |extra: Vec<u8>| der_session(0x0304, 0x1301, &id, &key, &[extra]);
    let rec = |field: &str, v: Value| {
        let mut r = json_session(0x0304, 0x1301, &id, &key);
        r[field] = v;
        r
    };
    cases.extend([
        (
            "sid_ctx of 33 bytes",
            base(explicit(4, octets(&[1; 33]))),
            rec("sid_ctx", json!(common::hex(&[1; 33]))),
        ),
        (
            "verify_result above i32",
            base(explicit(5, int(1 << 31))),
            rec("verify_result", json!(1i64 << 31)),
        ),
        (
            "verify_result below i32",
            base(explicit(5, int(-(1 << 31) - 1))),
            rec("verify_result", json!(-(1i64 << 31) - 1)),
        ),
        (
            "ticket_age_add above u32",
            base(explicit(14, int(1 << 32))),
            rec("ticket_age_add", json!(1u64 << 32)),
        ),
        (
            "max_early_data above u32",
            base(explicit(15, int(1 << 32))),
            rec("max_early_data", json!(1u64 << 32)),
        ),
        (
            "max_fragment_len_mode above u32",
            base(explicit(17, int(1 << 32))),
            rec("max_fragment_len_mode", json!(1u64 << 32)),
        ),
        (
            "kex_group above u32",
            base(explicit(19, int(u64::MAX.into()))),
            rec("kex_group", json!(u64::MAX)),
        ),
        (
            "peer certificate that is no certificate",
            base(explicit(3, tlv(0x30, &int(1)))),
            rec("peer_certificate", json!(common::hex(&tlv(0x30, &int(1))))),
        ),
    ]);
    for (case, der, record) in &cases {
        assert_same_error(case, der, record);
    }
}

#[test]
fn limit_error_names_field_and_limit() {
    let r = json_session(0x0304, 0x1301, &[7; 33], &[1; 32]);
    let e = to_der(&r).unwrap_err();
    assert_eq!(e.to_string(), "session_id: 33 bytes, at most 32 allowed");
    assert_eq!(e.field(), Some(Field::SessionId));
    assert_eq!(e.kind(), Some(ErrorKind::TooLong { len: 33, max: 32 }));
    // At the limit is fine.
    let r = json_session(0x0304, 0x1301, &[7; 32], &[1; 512]);
    assert!(to_der(&r).is_ok());
}

#[test]
fn compression_id_is_one_byte() {
    let mut r = json_session(0x0303, 0xC02F, &[1; 32], &[2; 48]);
    r["compression_id"] = json!(255);
    let der = to_der(&r).unwrap();
    assert_eq!(decode(&der).unwrap().compression_id(), Some(255));
    r["compression_id"] = json!(256);
    let e = to_der(&r).unwrap_err();
    assert_eq!(e.field(), Some(Field::CompressionId));
    assert_eq!(e.kind(), Some(ErrorKind::IntegerTooLarge));
}

#[test]
fn negative_value_in_an_unsigned_field_is_refused() {
    let mut r = json_session(0x0304, 0x1301, &[1; 32], &[2; 48]);
    r["ticket_age_add"] = json!(-1);
    let e = record_from(&r).unwrap_err().to_string();
    assert!(e.contains("invalid value: integer `-1`"), "{e}");
}

#[test]
fn presence_is_kept_absent_empty_and_explicit_zero() {
    let der = common::sample(common::TLS12_CLIENT);
    let base = full_json(&der);
    // Absent, present-but-empty and explicit zero: three different DERs, each
    // decoding back to what the record said.
    type Check = fn(&OwnedSession) -> String;
    let cases: &[(&str, Value, Check)] = &[
        ("hostname", Value::Null, |s| format!("{:?}", s.hostname())),
        ("hostname", json!(""), |s| format!("{:?}", s.hostname())),
        ("hostname", json!("6100"), |s| format!("{:?}", s.hostname())),
        ("ticket", Value::Null, |s| format!("{:?}", s.ticket())),
        ("ticket", json!(""), |s| format!("{:?}", s.ticket())),
        ("sid_ctx", Value::Null, |s| format!("{:?}", s.sid_ctx())),
        ("sid_ctx", json!(""), |s| format!("{:?}", s.sid_ctx())),
        ("time", Value::Null, |s| format!("{:?}", s.time())),
        ("time", json!(0), |s| format!("{:?}", s.time())),
        ("timeout", json!(0), |s| format!("{:?}", s.timeout())),
        ("verify_result", Value::Null, |s| {
            format!("{:?}", s.verify_result())
        }),
        ("verify_result", json!(0), |s| {
            format!("{:?}", s.verify_result())
        }),
        ("kex_group", Value::Null, |s| format!("{:?}", s.kex_group())),
        ("kex_group", json!(0), |s| format!("{:?}", s.kex_group())),
        ("flags", json!(0), |s| format!("{:?}", s.flags())),
        ("max_early_data", json!(0), |s| {
            format!("{:?}", s.max_early_data())
        }),
        ("key_arg", json!(""), |s| format!("{:?}", s.key_arg())),
    ];
    let mut seen = std::collections::HashMap::<(&str, Vec<u8>), &Value>::new();
    for (field, value, get) in cases {
        let mut r = base.clone();
        r[*field] = value.clone();
        let out = to_der(&r).unwrap_or_else(|e| panic!("{field}={value}: {e}"));
        if let Some(other) = seen.insert((*field, out.clone()), value) {
            panic!("{field}: {value} and {other} give the same DER");
        }
        let s = session_der::decode_with::<session_der::OwnedSession>(&out, &Default::default())
            .unwrap()
            .session;
        let expected = match value {
            Value::Null => "None".to_string(),
            Value::Number(n) => format!("Some({n})"),
            Value::String(h) if h.is_empty() => "Some([])".to_string(),
            Value::String(_) => "Some([97, 0])".to_string(),
            _ => unreachable!(),
        };
        assert_eq!(get(&s), expected, "{field}={value}");
        // And back: the record of the decoded session says the same.
        let again = full_json(&out);
        assert_eq!(again[*field], *value, "{field}");
    }
    // An omitted key is absent too.
    let mut r = base.clone();
    r.as_object_mut().unwrap().remove("hostname");
    r.as_object_mut().unwrap().remove("time");
    let s = record_from(&r).unwrap().to_session().unwrap();
    assert_eq!(s.hostname(), None);
    assert_eq!(s.time(), None);
}

#[test]
fn built_session_keeps_its_values_and_presence() {
    let mut s = OwnedSession::new(ProtocolVersion::TLS1_2, CipherSuite(0xC02F));
    s.set_session_id(vec![1; 32]).unwrap();
    s.set_master_key(vec![2; 48]).unwrap();
    s.set_time(Some(i64::MIN));
    s.set_timeout(Some(i64::MAX));
    s.set_flags(Some(u64::MAX));
    s.set_ticket_lifetime_hint(Some(u64::MAX));
    s.set_hostname(Some(b"a\0b".to_vec()));
    s.set_psk_identity(Some(Vec::new()));
    let json = serde_json::to_string(&Record::from_session(&s, &RecordOptions::full())).unwrap();
    // 64-bit values are exact in the JSON text.
    assert!(json.contains(&format!("\"time\":{}", i64::MIN)), "{json}");
    assert!(json.contains(&format!("\"flags\":{}", u64::MAX)), "{json}");
    let back: Record = serde_json::from_str(&json).unwrap();
    let t = back.to_session().unwrap();
    assert_eq!(t, s);
    assert_eq!(t.origin(), Origin::Decoded);
    // The record keeps stored values (the NUL in the host name included); the
    // session it gives is `Decoded`, so `Auto` writes them as stored, where the
    // built original's `Auto` applies OpenSSL 3's rules.
    assert_eq!(
        encode(&t, Target::Auto).unwrap().as_slice(),
        encode(&s, Target::Exact).unwrap().as_slice()
    );
}

#[test]
fn unknown_fields_are_errors_not_silent_loss() {
    let der = common::sample(common::TLS13_CLIENT);
    let mut r = full_json(&der);
    r["resumption_secret_v2"] = json!("00");
    let e = record_from(&r).unwrap_err().to_string();
    assert!(e.contains("unknown field `resumption_secret_v2`"), "{e}");

    let mut r = full_json(&der);
    r["cipher"]["strength"] = json!(128);
    let e = record_from(&r).unwrap_err().to_string();
    assert!(e.contains("unknown field `strength`"), "{e}");

    let mut r = full_json(&der);
    r["master_key"] = json!({"redacted": 32, "why": "x"});
    let e = record_from(&r).unwrap_err().to_string();
    assert!(e.contains("unknown field `why`"), "{e}");

    // Self-describing binary formats too.
    let mut r = full_json(&der);
    r["extra"] = json!(1);
    let mut cbor = Vec::new();
    ciborium::into_writer(&r, &mut cbor).unwrap();
    let e = ciborium::from_reader::<Record, _>(cbor.as_slice()).unwrap_err();
    assert!(e.to_string().contains("unknown field `extra`"), "{e}");
    let mp = rmp_serde::to_vec_named(&r).unwrap();
    let e = rmp_serde::from_slice::<Record>(&mp).unwrap_err();
    assert!(e.to_string().contains("unknown field `extra`"), "{e}");
}

#[test]
fn newer_schema_is_an_error() {
    let der = common::sample(common::TLS13_CLIENT);
    let mut r = full_json(&der);
    r["schema"] = json!(SCHEMA + 1);
    let e = record_from(&r).unwrap_err().to_string();
    assert!(
        e.contains(&format!("record schema {} is not supported", SCHEMA + 1)),
        "{e}"
    );
    r["schema"] = json!(0);
    assert!(record_from(&r).is_err());
    // A record built in code with an unsupported schema is refused as well.
    let mut rec = record_from(&full_json(&der)).unwrap();
    rec.schema = 7;
    assert_eq!(
        rec.to_session().unwrap_err(),
        RecordError::UnsupportedSchema { found: 7 }
    );
    // A missing schema is an error (records always carry one).
    let mut r = full_json(&der);
    r.as_object_mut().unwrap().remove("schema");
    assert!(record_from(&r)
        .unwrap_err()
        .to_string()
        .contains("missing field `schema`"));
}

#[test]
fn redacted_record_masks_secrets_and_refuses_to_build() {
    let der = common::sample(common::TLS13_CLIENT);
    let s = decode(&der).unwrap();
    let key_hex = common::hex(s.master_key().expose());
    let ticket_hex = common::hex(s.ticket().unwrap());
    let redacted = Record::from_session(&s, &RecordOptions::redacted());
    let text = serde_json::to_string(&redacted).unwrap();
    assert!(!text.contains(&key_hex));
    assert!(!text.contains(&ticket_hex));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["master_key"], json!({"redacted": 32}));
    assert_eq!(v["ticket"], json!({"redacted": s.ticket().unwrap().len()}));
    // Debug of a full record does not show the key either.
    let full = Record::from_session(&s, &RecordOptions::full());
    assert!(!format!("{full:?}").contains(&key_hex));
    assert!(!full.is_redacted());

    let back: Record = serde_json::from_str(&text).unwrap();
    assert!(back.is_redacted());
    let e = back.to_session().unwrap_err();
    assert_eq!(
        e,
        RecordError::Redacted {
            fields: vec![Field::MasterKey, Field::Ticket]
        }
    );
    assert!(
        e.to_string().starts_with(
            "record is redacted and cannot become a session (masked: master_key, ticket)"
        ),
        "{e}"
    );

    // Through binary formats it stays redacted and refused.
    let pc = postcard::to_allocvec(&redacted).unwrap();
    let back: Record = postcard::from_bytes(&pc).unwrap();
    assert!(matches!(
        back.to_session(),
        Err(RecordError::Redacted { .. })
    ));
    let mut cbor = Vec::new();
    ciborium::into_writer(&redacted, &mut cbor).unwrap();
    let back: Record = ciborium::from_reader(cbor.as_slice()).unwrap();
    assert!(matches!(
        back.to_session(),
        Err(RecordError::Redacted { .. })
    ));

    // The `with` module refuses it as a deserialisation error.
    #[derive(serde::Deserialize)]
    struct Stored {
        #[serde(with = "session_serde::record")]
        #[allow(dead_code)]
        session: OwnedSession,
    }
    let e = serde_json::from_value::<Stored>(json!({ "session": v }))
        .err()
        .unwrap()
        .to_string();
    assert!(e.contains("record is redacted"), "{e}");
}

#[test]
fn psk_identities_are_masked_too() {
    let mut s = OwnedSession::new(ProtocolVersion::TLS1_2, CipherSuite(0x00AE));
    s.set_psk_identity(Some(b"client-7".to_vec()));
    s.set_psk_identity_hint(Some(b"hint".to_vec()));
    let v = serde_json::to_value(Record::from_session(&s, &RecordOptions::default())).unwrap();
    assert_eq!(v["psk_identity"], json!({"redacted": 8}));
    assert_eq!(v["psk_identity_hint"], json!({"redacted": 4}));
    let r: Record = serde_json::from_value(v).unwrap();
    assert_eq!(
        r.redacted_fields(),
        [Field::MasterKey, Field::PskIdentityHint, Field::PskIdentity]
    );
}

#[test]
fn convenience_members_must_agree() {
    let der = common::sample(common::TLS13_CLIENT);
    let base = full_json(&der);
    for (path, value, needle) in [
        (
            "protocol",
            json!("TLSv1.2"),
            "protocol \"TLSv1.2\" does not match protocol_version 772",
        ),
        (
            "cipher.hex",
            json!("1302"),
            "cipher.hex \"1302\" does not match code 4865",
        ),
        (
            "cipher.openssl_name",
            json!("TLS_AES_256_GCM_SHA384"),
            "cipher.openssl_name",
        ),
        (
            "cipher.iana_name",
            json!("TLS_CHACHA20_POLY1305_SHA256"),
            "cipher.iana_name",
        ),
    ] {
        let mut r = base.clone();
        match path.split_once('.') {
            Some((a, b)) => r[a][b] = value,
            None => r[path] = value,
        }
        let e = to_der(&r).unwrap_err();
        assert!(matches!(e, RecordError::Inconsistent { .. }), "{path}: {e}");
        assert!(e.to_string().contains(needle), "{path}: {e}");
    }
    // Omitted or null convenience members are not checked; the code decides.
    let mut r = base.clone();
    r["protocol"] = Value::Null;
    r["cipher"] = json!({ "code": 4865 });
    assert_eq!(to_der(&r).unwrap(), der);
    // Upper-case hex is read.
    let mut r = base.clone();
    r["session_id"] = json!(r["session_id"].as_str().unwrap().to_uppercase());
    assert_eq!(to_der(&r).unwrap(), der);
}

#[test]
fn malformed_values_are_refused_with_the_field_named() {
    let der = common::sample(common::TLS13_CLIENT);
    let base = full_json(&der);
    for (field, value, needle) in [
        ("session_id", json!("abc"), "odd length"),
        ("session_id", json!("zz"), "not a hex digit"),
        ("master_key", json!([1, 2, 3]), "invalid type"),
        // The message says what a byte field is written as.
        ("session_id", json!(5), "expected a hex string"),
        ("ticket", json!({"redacted": "x"}), "invalid type"),
        ("time", json!("now"), "invalid type"),
        ("cipher", json!({"code": 70000}), "invalid value"),
    ] {
        let mut r = base.clone();
        r[field] = value;
        let e = record_from(&r).unwrap_err().to_string();
        assert!(e.contains(needle), "{field}: {e}");
    }
}

#[test]
fn derived_is_output_only() {
    let der = common::sample(common::TLS13_CLIENT);
    let s = decode(&der).unwrap();
    let now = s.time().unwrap() + 10;
    let r = Record::from_session(&s, &RecordOptions::full().with_now(now));
    let d = r.derived.as_ref().unwrap();
    assert_eq!(d.expires_at, Some(s.time().unwrap() + s.timeout().unwrap()));
    assert!(!d.is_expired);
    assert!(d.is_resumable && d.has_ticket);
    let later = Record::from_session(&s, &RecordOptions::full().with_now(now + 7200));
    assert!(later.derived.as_ref().unwrap().is_expired);

    let mut v = serde_json::to_value(&r).unwrap();
    v["derived"] = json!({"anything": ["goes", 1]});
    let back: Record = serde_json::from_value(v).unwrap();
    assert_eq!(back.derived, None);
    assert_eq!(back.to_der().unwrap().as_slice(), der.as_slice());
    // And in a binary format, where it is read by type and dropped.
    let pc = postcard::to_allocvec(&r).unwrap();
    let back: Record = postcard::from_bytes(&pc).unwrap();
    assert_eq!(back.derived, None);
}

#[test]
fn record_field_names_are_the_models() {
    let der = common::sample(common::TLS13_CLIENT);
    let v = full_json(&der);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    // `dialect` is always written; an OpenSSL session's record has none of
    // the other dialects' own members (left out when absent in JSON).
    assert_eq!(v["dialect"], json!("openssl"));
    let mut expected = vec![
        "schema",
        "dialect",
        "protocol_version",
        "protocol",
        "cipher",
    ];
    expected.extend(
        [Field::SessionId, Field::MasterKey]
            .into_iter()
            .chain((0..=255).filter_map(Field::from_tag))
            .map(Field::name),
    );
    expected.push("derived");
    let mut sorted_keys = keys.clone();
    sorted_keys.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted_keys, expected);
}

/// `Octets`, a record's non-secret byte field: it gives back the bytes it
/// was made of (as a slice, through `AsRef`, from a `Vec` or a slice alike),
/// and its `Debug` shows them as the lowercase hex the record writes.
#[test]
fn octets_give_back_their_bytes() {
    let bytes = [0x00, 0xAB, 0x10];
    let octets = Octets::from(bytes.to_vec());
    assert_eq!(octets.as_slice(), bytes);
    assert_eq!(AsRef::<[u8]>::as_ref(&octets), bytes);
    assert_eq!(Octets::from(&bytes[..]), octets);
    assert_eq!(format!("{octets:?}"), "\"00ab10\"");
    assert_eq!(serde_json::to_value(&octets).unwrap(), json!("00ab10"));
}

/// `Sensitive`, a field a redacted record may mask: its length is the
/// value's whether masked or not, it is empty only at length 0, and its
/// `Debug` gives the length alone (never the bytes) and says which form.
#[test]
fn sensitive_tells_its_length_and_form_but_not_its_bytes() {
    use session_serde::Sensitive;
    let key = [0x5Au8; 48];
    for (s, debug) in [
        (Sensitive::value(&key), "Sensitive(48 bytes)"),
        (Sensitive::redacted(&key), "Redacted(48 bytes)"),
    ] {
        assert_eq!(s.len(), 48);
        assert!(!s.is_empty());
        assert_eq!(format!("{s:?}"), debug);
    }
    assert!(Sensitive::value(&[]).is_empty());
    assert!(Sensitive::redacted(&[]).is_empty());
}

/// A masked field of the wrong type is refused with a message that says
/// what the field is written as: in JSON, hex or `{"redacted": <length>}`;
/// in CBOR, the `value`/`redacted` variants.
#[test]
fn a_sensitive_field_of_the_wrong_type_says_what_it_takes() {
    use serde::Deserialize;
    use session_serde::Sensitive;
    let e = serde_json::from_value::<Sensitive>(json!(5)).unwrap_err();
    assert!(
        e.to_string().contains("a hex string or {\"redacted\""),
        "{e}"
    );
    // CBOR, MessagePack and postcard check the enum themselves; a binary
    // format that hands the visitor whatever it read (here, an integer)
    // gets the field's own words.
    struct BinaryInteger;
    impl<'de> serde::Deserializer<'de> for BinaryInteger {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: serde::de::Visitor<'de>>(
            self,
            v: V,
        ) -> Result<V::Value, Self::Error> {
            v.visit_u8(5)
        }
        fn is_human_readable(&self) -> bool {
            false
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map struct enum identifier ignored_any
        }
    }
    let e = Sensitive::deserialize(BinaryInteger).unwrap_err();
    assert!(
        e.to_string()
            .contains("a `value` (byte string) or `redacted`"),
        "{e}"
    );
}
