//! BoringSSL's optional BOOLEAN fields (`[17]` extendedMasterSecret, `[22]`
//! isServer, `[27]` isQuic, `[31]`) are read by `CBS_get_optional_asn1_bool`,
//! whose `CBS_get_asn1_bool` (crypto/bytestring/cbs.c) accepts one content
//! octet of 0x00 or 0xFF only — DER's encoding of FALSE and TRUE (X.690
//! 11.1) — and fails on any other value. A recorded BoringSSL client session
//! carries `[22] { BOOLEAN FALSE }` (`ssl_session_serialize` writes it for a
//! client); changing that octet gives the cases.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

use session_der::{
    decode_with, session_model::Field, DecodeOptions, Dialect, ErrorKind, OwnedSession,
};

/// The recorded session and the offset of its `[22]` BOOLEAN's content octet.
fn client_session() -> (Vec<u8>, usize) {
    let der = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/boringssl/sessions/tls13-plain-client.der"
    ))
    .unwrap();
    // [22] (0xB6), length 3, BOOLEAN (0x01), length 1, FALSE.
    let at = der
        .windows(5)
        .position(|w| w == [0xB6, 0x03, 0x01, 0x01, 0x00])
        .unwrap();
    (der, at + 4)
}

fn boringssl() -> DecodeOptions {
    DecodeOptions::dialect(Dialect::BoringSsl)
}

#[test]
fn is_server_reads_false_and_true() {
    let (mut der, at) = client_session();
    let s = decode_with::<OwnedSession>(&der, &boringssl())
        .unwrap()
        .session;
    assert_eq!(s.is_server(), Some(false));
    der[at] = 0xFF;
    let s = decode_with::<OwnedSession>(&der, &boringssl())
        .unwrap()
        .session;
    assert_eq!(s.is_server(), Some(true));
}

#[test]
fn a_boolean_other_than_00_or_ff_is_refused() {
    let (mut der, at) = client_session();
    for value in [0x01, 0x7F, 0x80, 0xFE] {
        der[at] = value;
        let e = decode_with::<OwnedSession>(&der, &boringssl()).unwrap_err();
        assert_eq!(
            (e.kind(), e.field(), e.offset()),
            (ErrorKind::InvalidBoolean, Field::IsServer, at),
            "BOOLEAN 0x{value:02X}"
        );
    }
}
