//! BoringSSL's seven session vectors (ssl/ssl_test.cc, `SSLTest.SessionEncoding`)
//! behave in the real BoringSSL as that test requires, and in our codec the same.

use sslsession_oracle_boringssl::{bssl, hex, vectors};

/// What ssl_test.cc requires, run against the vendored BoringSSL: the good
/// vectors decode with `SSL_SESSION_from_bytes` and `d2i_SSL_SESSION`
/// (advancing to the end) and both `SSL_SESSION_to_bytes` and
/// `i2d_SSL_SESSION` write them back byte for byte; the bad ones are refused
/// by `SSL_SESSION_from_bytes`.
#[test]
fn boringssl_behaves_as_ssl_test_requires() {
    let v = vectors().expect("testdata/boringssl/vectors");
    assert_eq!(v.len(), 7);
    assert_eq!(v.iter().filter(|x| x.good).count(), 3);
    for x in &v {
        let parsed = bssl::from_bytes(&x.der);
        if x.good {
            let s = parsed.unwrap_or_else(|| panic!("{}: SSL_SESSION_from_bytes refused", x.name));
            assert_eq!(
                s.to_bytes().map(|b| hex(&b)),
                Some(hex(&x.der)),
                "{}: to_bytes",
                x.name
            );
            let (d, consumed) =
                bssl::d2i(&x.der).unwrap_or_else(|| panic!("{}: d2i refused", x.name));
            assert_eq!(consumed, x.der.len(), "{}: d2i advanced", x.name);
            assert_eq!(
                d.i2d().map(|b| hex(&b)),
                Some(hex(&x.der)),
                "{}: i2d",
                x.name
            );
        } else {
            assert!(
                parsed.is_none(),
                "{}: SSL_SESSION_from_bytes accepted",
                x.name
            );
        }
    }
}

use sslsession_oracle_boringssl::ours as common;

/// Our codec does what ssl_test.cc requires of BoringSSL: the good vectors
/// decode in BoringSSL's dialect (both entry points) and re-encode to the
/// exact bytes; the bad ones are refused by our `SSL_SESSION_from_bytes`.
/// Where BoringSSL's `d2i_SSL_SESSION` accepts a bad one (trailing data), so
/// do we, with the same length read.
#[test]
fn ours_behaves_as_ssl_test_requires() {
    for x in vectors().expect("testdata/boringssl/vectors") {
        let ours = common::from_bytes(&x.der);
        if x.good {
            let s = ours.unwrap_or_else(|e| panic!("{}: we refused: {e}", x.name));
            assert_eq!(
                hex(&common::to_bytes(&s).expect("our encoder")),
                hex(&x.der),
                "{}: our encoding",
                x.name
            );
            let (_, consumed) = common::d2i(&x.der).unwrap_or_else(|e| panic!("{}: {e}", x.name));
            assert_eq!(consumed, x.der.len(), "{}", x.name);
        } else {
            assert!(ours.is_err(), "{}: we accepted it", x.name);
        }
        let theirs = bssl::d2i(&x.der).map(|(_, n)| n);
        let ours = common::d2i(&x.der).ok().map(|(_, n)| n);
        assert_eq!(
            ours, theirs,
            "{}: d2i_SSL_SESSION's verdict and length",
            x.name
        );
    }
}
