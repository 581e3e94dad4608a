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
            assert_eq!(s.to_bytes().map(|b| hex(&b)), Some(hex(&x.der)), "{}: to_bytes", x.name);
            let (d, consumed) =
                bssl::d2i(&x.der).unwrap_or_else(|| panic!("{}: d2i refused", x.name));
            assert_eq!(consumed, x.der.len(), "{}: d2i advanced", x.name);
            assert_eq!(d.i2d().map(|b| hex(&b)), Some(hex(&x.der)), "{}: i2d", x.name);
        } else {
            assert!(parsed.is_none(), "{}: SSL_SESSION_from_bytes accepted", x.name);
        }
    }
}
