//! The decoder's options do what their documentation promises: each dialect's
//! mode reads that dialect, a mode's own defaults are the constructor the docs
//! name, and OpenSSL mode lets bytes follow the session as `d2i_SSL_SESSION`
//! does (it reads one SEQUENCE and advances `*pp` past it, d2i_SSL_SESSION(3)),
//! where strict mode does not. Found by cargo-mutants: `Mode::of_dialect`'s
//! arms and `From<Mode>` could be replaced without a test failing.

// Test helpers: a panic here is a failed test, which is what it should be.
#![allow(clippy::unwrap_used)]

mod common;

use session_der::{
    decode_with, DecodeOptions, Dialect, Mode, OpenSslVersion, OwnedSession, Target,
};

#[test]
fn each_dialect_has_the_mode_that_reads_it() {
    for d in Dialect::ALL {
        let mode = Mode::of_dialect(d);
        assert_eq!(mode.dialect(), d, "{d:?}");
        assert_eq!(DecodeOptions::dialect(d).mode(), mode, "{d:?}");
        // The writer of a dialect's library writes that dialect.
        assert_eq!(Target::of_dialect(d).dialect(), Some(d), "{d:?}");
    }
    assert_eq!(
        Target::of_dialect(Dialect::OpenSsl),
        Target::OpenSsl(OpenSslVersion::V3_5)
    );
    // "OpenSSL: the default version, 3.5".
    assert_eq!(
        Mode::of_dialect(Dialect::OpenSsl),
        Mode::OpenSsl(OpenSslVersion::V3_5)
    );
    assert_eq!(Mode::of_dialect(Dialect::LibreSsl), Mode::LibreSsl);
    assert_eq!(Mode::of_dialect(Dialect::AwsLc), Mode::AwsLc);
    assert_eq!(Mode::of_dialect(Dialect::BoringSsl), Mode::BoringSsl);
}

#[test]
fn a_modes_defaults_are_the_documented_constructors() {
    assert_eq!(DecodeOptions::from(Mode::Strict), DecodeOptions::strict());
    for v in OpenSslVersion::ALL {
        assert_eq!(
            DecodeOptions::from(Mode::OpenSsl(v)),
            DecodeOptions::openssl_version(v)
        );
        assert_eq!(DecodeOptions::from(v), DecodeOptions::openssl_version(v));
        assert_eq!(DecodeOptions::from(v).mode(), Mode::OpenSsl(v));
    }
    for d in [Dialect::BoringSsl, Dialect::AwsLc, Dialect::LibreSsl] {
        let mode = Mode::of_dialect(d);
        assert_eq!(DecodeOptions::from(mode), DecodeOptions::dialect(d));
        assert_eq!(DecodeOptions::from(mode).mode(), mode);
    }
    assert_eq!(DecodeOptions::default(), DecodeOptions::strict());
}

/// A corpus session (written by OpenSSL 3.0) with a byte after it: each
/// OpenSSL version's mode reads it and reports where the session ends, as
/// d2i_SSL_SESSION does; strict mode refuses the extra byte.
#[test]
fn openssl_modes_let_bytes_follow_the_session_and_strict_does_not() {
    let (dir, _) = common::corpus_dir();
    let der = std::fs::read_dir(dir.join("openssl-3.0"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "der"))
        .min()
        .map(|p| std::fs::read(p).unwrap())
        .unwrap();
    let mut input = der.clone();
    input.push(0);
    for v in [
        OpenSslVersion::V3_0,
        OpenSslVersion::V3_5,
        OpenSslVersion::V4_0,
    ] {
        for opts in [
            DecodeOptions::from(Mode::OpenSsl(v)),
            DecodeOptions::from(v),
        ] {
            let d = decode_with::<OwnedSession>(&input, &opts).unwrap();
            assert_eq!(d.consumed, der.len(), "{v}");
        }
    }
    assert!(decode_with::<OwnedSession>(&input, &DecodeOptions::from(Mode::Strict)).is_err());
    assert!(decode_with::<OwnedSession>(&der, &DecodeOptions::from(Mode::Strict)).is_ok());
}
