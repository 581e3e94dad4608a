//! Property tests: arbitrary sessions round-trip through encode/decode in both modes.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation)]

mod common;

use arbitrary::{Arbitrary, Unstructured};
use common::noise;
use session_der::OpenSslVersion;
use session_der::{decode_with, encode, DecodeOptions, OwnedSession, Target};

fn sessions(count: u64) -> impl Iterator<Item = (u64, OwnedSession)> {
    (0..count).filter_map(|seed| {
        let bytes = noise(seed, 4096);
        OwnedSession::arbitrary(&mut Unstructured::new(&bytes))
            .ok()
            .map(|s| (seed, s))
    })
}

// Arbitrary certificates are opaque bytes, not X.509: skip that check.
fn strict() -> DecodeOptions {
    DecodeOptions::strict().check_certificate(false)
}
fn openssl() -> DecodeOptions {
    DecodeOptions::openssl_version(OpenSslVersion::V3_0).check_certificate(false)
}

#[test]
fn exact_encoding_round_trips_in_strict_mode() {
    let mut n = 0;
    for (seed, s) in sessions(2000) {
        let der = encode(&s, Target::Exact).unwrap();
        let back = decode_with::<OwnedSession>(&der, &strict())
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{s:?}"));
        assert_eq!(back.consumed, der.len());
        assert_eq!(back.session, s, "seed {seed}");
        assert_eq!(
            encode(&back.session, Target::Exact).unwrap(),
            der,
            "seed {seed}"
        );
        n += 1;
    }
    assert!(n > 1500);
}

#[test]
fn exact_encoding_round_trips_in_openssl_mode() {
    let mut n = 0;
    for (seed, mut s) in sessions(2000) {
        // OpenSSL 3.0 has no [20], and a cipher code only later versions
        // know; it rejects both.
        s.set_peer_rpk(None);
        if !s.cipher().is_known_to(OpenSslVersion::V3_0) {
            continue;
        }
        let der = encode(&s, Target::Exact).unwrap();
        let back = decode_with::<OwnedSession>(&der, &openssl())
            .unwrap_or_else(|e| panic!("seed {seed}: {e}\n{s:?}"));
        assert_eq!(back.session, s, "seed {seed}");
        n += 1;
    }
    assert!(n > 1500);
}

#[test]
fn openssl3_and_111_targets_are_stable_and_readable() {
    for (seed, s) in sessions(1000) {
        let three = encode(&s, Target::OpenSsl(OpenSslVersion::V3_0)).unwrap();
        let back = decode_with::<OwnedSession>(&three, &strict())
            .unwrap()
            .session;
        // Writing OpenSSL's form of OpenSSL's form changes nothing.
        assert_eq!(
            encode(&back, Target::OpenSsl(OpenSslVersion::V3_0)).unwrap(),
            three,
            "seed {seed}"
        );
        assert_eq!(encode(&back, Target::Exact).unwrap(), three, "seed {seed}");
        assert!(back.sid_ctx().is_some() && back.kex_group().is_some() && back.key_arg().is_none());
        if s.master_key().len() <= 256 {
            let old = encode(&s, Target::OpenSsl(OpenSslVersion::V1_1_1)).unwrap();
            let back = decode_with::<OwnedSession>(&old, &strict())
                .unwrap()
                .session;
            assert!(
                back.kex_group().is_none() && back.peer_rpk().is_none(),
                "seed {seed}"
            );
        } else {
            assert!(
                encode(&s, Target::OpenSsl(OpenSslVersion::V1_1_1)).is_err(),
                "1.1.1 cannot read keys over 256 bytes"
            );
        }
    }
}
