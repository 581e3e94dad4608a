//! One row in the schema is all a new field needs.
//!
//! Built only with the `schema-test-row` feature, which appends a row to
//! `session_model::session_schema!`: `[21] EXPLICIT INTEGER`, a `u32` named
//! `test_only` that no OpenSSL has (first release 99.0). Nothing else in the
//! workspace names it, yet the field enum, the session's accessors, the
//! strict decoder, OpenSSL's template, the encoder and the serde record all
//! carry it. Expected bytes come from X.690 (EXPLICIT `[21]` is the
//! constructed context tag `0xB5` around a DER INTEGER), not from our encoder.
//!
//! `cargo test -p session-serde --features schema-test-row --test schema_row`

use session_der::{
    decode, decode_with, encode, CowSession, DecodeOptions, ErrorKind, OpenSslVersion, Target,
};
use session_model::{
    CipherSuite, Field, OwnedSession, ProtocolVersion, Session, FIELDS, MANDATORY_COUNT,
    OPTIONAL_COUNT,
};
use session_serde::{Record, RecordOptions};

/// A built session with the test field set to 42 (an OpenSSL 3 target writes
/// `[4]` and `[19]` as OpenSSL 3.x does).
fn session() -> OwnedSession {
    let mut s: OwnedSession = Session::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
    s.set_master_key(vec![0x11; 48])
        .expect("48 bytes are within the limit");
    s.set_test_only(Some(42));
    s
}

#[test]
fn the_row_is_a_field() {
    // The last of OpenSSL's rows (the other dialects' own rows follow them).
    let spec = &FIELDS[MANDATORY_COUNT + OPTIONAL_COUNT - 1];
    assert_eq!(spec.field, Field::TestOnly);
    assert_eq!(Field::from_tag(21), Some(Field::TestOnly));
    assert_eq!(Field::TestOnly.tag(), Some(21));
    assert_eq!(Field::TestOnly.name(), "test_only");
    assert_eq!(Field::TestOnly.openssl_name(), "test_only");
}

#[test]
fn the_encoder_writes_it_and_the_strict_decoder_reads_it() {
    let der = encode(&session(), Target::Exact).unwrap();
    // [21] EXPLICIT { INTEGER 42 }, after [19] kex_group 0: A1 is [19].
    let tail: &[u8] = &[0xB3, 0x03, 0x02, 0x01, 0x00, 0xB5, 0x03, 0x02, 0x01, 0x2A];
    assert!(der.ends_with(tail), "{der:02x?}");
    let back = decode(&der).unwrap();
    assert_eq!(back.test_only(), Some(42));
    assert_eq!(back, session());
}

/// OpenSSL 3.0's template ends at `[19]`: after it, `asn1_template_noexp_d2i`
/// has no template left and `[21]` is data left over in the SEQUENCE
/// (`ASN1_R_SEQUENCE_LENGTH_MISMATCH`), reported at the element's offset.
#[test]
fn openssl_mode_rejects_it_as_openssl_3_0_rejects_any_later_field() {
    let der = encode(&session(), Target::Exact).unwrap();
    let e =
        decode_with::<CowSession<'_>>(&der, &DecodeOptions::openssl_version(OpenSslVersion::V3_0))
            .unwrap_err();
    assert_eq!(e.field(), Field::Session);
    assert_eq!(e.kind(), ErrorKind::SequenceLengthMismatch, "{e}");
    assert_eq!(e.offset(), der.len() - 5);
}

#[test]
fn no_openssl_target_writes_it() {
    for target in OpenSslVersion::ALL.map(Target::OpenSsl) {
        let der = encode(&session(), target).unwrap();
        assert!(!der.contains(&0xB5), "{target:?}: {der:02x?}");
    }
}

#[test]
fn the_record_carries_it() {
    let record = Record::from_session(&session(), &RecordOptions::full());
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["test_only"], 42);
    let back: Record = serde_json::from_value(json).unwrap();
    assert_eq!(back.to_session().unwrap().test_only(), Some(42));
}
