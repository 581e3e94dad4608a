//! BoringSSL's `[33]` peerRawPublicKey: read with libssl's own key parser
//! (`ssl_parse_peer_subject_public_key_info`), not OpenSSL's `d2i_PUBKEY`,
//! and written back by `EVP_marshal_public_key`. Every verdict here was
//! seen from the real BoringSSL (boring-sys 5.4.0) by the oracle's mutation
//! test (oracles/boringssl, `mutate::rpk_cases`: "RSA e even", "RSA n
//! negative", "X25519: as is", "P-256: compressed, ...", "ML-DSA-44: as
//! is"), where OpenSSL's `d2i_PUBKEY` loads all of these keys.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

use session_der::{
    decode_with, encode, session_model::Field, DecodeOptions, Dialect, ErrorKind, OwnedSession,
    Target,
};
use sslsession_testkit::tlv;

/// One element's header length and total length (DER, short or long form).
fn element(der: &[u8]) -> (usize, usize) {
    let (id, l0) = (1, der[1]);
    if l0 < 0x80 {
        return (id + 1, id + 1 + usize::from(l0));
    }
    let n = usize::from(l0 & 0x7F);
    let len = der[2..2 + n]
        .iter()
        .fold(0, |a, &b| (a << 8) | usize::from(b));
    (2 + n, 2 + n + len)
}

/// A recorded BoringSSL client session without its certificates ([3],
/// [19]) and peer SHA-256 ([13]), with `[32] 2` and `[33] spki` at the end.
fn rpk_session(spki: &[u8]) -> Vec<u8> {
    rpk_session_with(spki, false)
}

/// [`rpk_session`], keeping the session's certificate (`[3]`) when
/// `keep_certificate`.
fn rpk_session_with(spki: &[u8], keep_certificate: bool) -> Vec<u8> {
    let der = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/boringssl/sessions/tls13-plain-client.der"
    ))
    .unwrap();
    let (header, _) = element(&der);
    let mut rest = &der[header..];
    let mut content = Vec::new();
    while !rest.is_empty() {
        let (_, total) = element(rest);
        let certificates = match rest[0] {
            0xA3 => !keep_certificate,
            0xAD | 0xB3 => true,
            _ => false,
        };
        let after_31 = rest[0] == 0xBF && rest[1] >= 32;
        if !certificates && !after_31 {
            content.extend_from_slice(&rest[..total]);
        }
        rest = &rest[total..];
    }
    // [32] and [33]: high-tag-number form (BF 20, BF 21).
    for (n, inner) in [(0x20, tlv(0x02, &[2])), (0x21, spki.to_vec())] {
        content.extend([0xBF, n]);
        content.extend(&tlv(0, &inner)[1..]);
    }
    tlv(0x30, &content)
}

fn spki(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
    let bits = [&[0u8][..], key].concat();
    tlv(0x30, &[tlv(0x30, algorithm), tlv(0x03, &bits)].concat())
}

const RSA: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01];

/// An RSA key of a 512-bit odd modulus (the INTEGER content `n`) and `e`.
fn rsa(n: &[u8], e: &[u8]) -> Vec<u8> {
    let key = tlv(0x30, &[tlv(0x02, n), tlv(0x02, e)].concat());
    spki(&[tlv(0x06, RSA), vec![0x05, 0x00]].concat(), &key)
}

fn n512() -> Vec<u8> {
    let mut n = vec![0u8; 65];
    n[1] = 0x80;
    n[64] = 1;
    n
}

fn boringssl() -> DecodeOptions {
    DecodeOptions::dialect(Dialect::BoringSsl)
}

fn refusal(der: &[u8]) -> (ErrorKind, Field) {
    let e = decode_with::<OwnedSession>(der, &boringssl()).unwrap_err();
    (e.kind(), e.field())
}

#[test]
fn a_plain_rpk_session_reads_and_writes_back() {
    let der = rpk_session(&rsa(&n512(), &[3]));
    let s = decode_with::<OwnedSession>(&der, &boringssl())
        .unwrap()
        .session;
    assert_eq!(s.peer_cert_type(), Some(2));
    assert_eq!(*encode(&s, Target::Auto).unwrap(), der);
}

/// A raw public key beside a certificate: BoringSSL refuses it
/// (`SSL_R_INVALID_SSL_SESSION`), and checks it twice in `SSL_SESSION_parse`
/// (ssl_asn1.cc): when it reads `[33]` (`has_peer || has_cert_chain`), and
/// after the last field (`peer_cert_type != TLSEXT_cert_type_x509 && (has_peer
/// || has_cert_chain)`). The first is the one that fails, so the refusal
/// names the key.
#[test]
fn a_raw_public_key_beside_a_certificate_is_refused_at_the_key() {
    assert_eq!(
        refusal(&rpk_session_with(&rsa(&n512(), &[3]), true)),
        (ErrorKind::Inconsistent, Field::PeerRpk)
    );
}

#[test]
fn rsa_keys_boringssl_refuses() {
    let refused = (ErrorKind::InvalidPublicKey, Field::PeerRpk);
    // An even exponent, and the modulus without its sign octet (negative).
    assert_eq!(
        refusal(&rpk_session(&rsa(&n512(), &[0x01, 0x00, 0x00]))),
        refused
    );
    assert_eq!(refusal(&rpk_session(&rsa(&n512()[1..], &[3]))), refused);
}

#[test]
fn algorithms_outside_libssls_list_are_refused() {
    let x25519 = spki(&tlv(0x06, &[0x2B, 0x65, 0x6E]), &[9; 32]);
    assert_eq!(
        refusal(&rpk_session(&x25519)),
        (ErrorKind::InvalidPublicKey, Field::PeerRpk)
    );
    let nist = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04];
    let ml_dsa_44 = spki(&tlv(0x06, &[&nist[..], &[3, 17]].concat()), &[7; 1312]);
    assert!(decode_with::<OwnedSession>(&rpk_session(&ml_dsa_44), &boringssl()).is_ok());
}

#[test]
fn a_compressed_point_is_written_uncompressed() {
    let x = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
    let y = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
    let bytes = |hex: &str| -> Vec<u8> {
        (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect()
    };
    let algorithm = bytes("06072a8648ce3d020106082a8648ce3d030107");
    // P-256's generator: y is odd.
    let compressed = spki(&algorithm, &[&[3u8][..], &bytes(x)].concat());
    let uncompressed = spki(&algorithm, &[&[4u8][..], &bytes(x), &bytes(y)].concat());
    let s = decode_with::<OwnedSession>(&rpk_session(&compressed), &boringssl())
        .unwrap()
        .session;
    assert_eq!(s.peer_rpk(), Some(&compressed[..]));
    assert_eq!(
        *encode(&s, Target::Auto).unwrap(),
        rpk_session(&uncompressed)
    );
}

/// A key BoringSSL does not load can only be in a session built, not read:
/// the writer has no marshalled form of it, so `[33]` carries the key as
/// given, and BoringSSL's reader refuses the result as it refuses the same
/// key in a recorded session (X25519, above).
#[test]
fn a_built_session_with_a_key_boringssl_refuses_is_written_as_given_and_refused() {
    let x25519 = spki(&tlv(0x06, &[0x2B, 0x65, 0x6E]), &[9; 32]);
    let plain = rpk_session(&rsa(&n512(), &[3]));
    let mut s = decode_with::<OwnedSession>(&plain, &boringssl())
        .unwrap()
        .session;
    s.set_peer_rpk(Some(x25519.clone()));
    let written = encode(&s, Target::BoringSsl).unwrap();
    assert_eq!(*written, rpk_session(&x25519));
    assert_eq!(
        refusal(&written),
        (ErrorKind::InvalidPublicKey, Field::PeerRpk)
    );
}
