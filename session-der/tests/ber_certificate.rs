//! A peer certificate with an indefinite-length SEQUENCE, written back as
//! the real OpenSSL writes it (testdata/ber-certificate/README.md): its
//! `i2d_X509` re-encodes the outer SEQUENCE in DER and keeps the
//! TBSCertificate as received.

use session_der::session_model::{OpenSslVersion, OwnedSession};
use session_der::{decode_with, encode, DecodeOptions, Target};

fn read(name: &str) -> Vec<u8> {
    let path = sslsession_testkit::workspace_root()
        .join("testdata/ber-certificate")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn indefinite_certificate_is_written_back_as_openssl_writes_it() {
    let input = read("indefinite-certificate.der");
    for (version, file) in [
        (
            OpenSslVersion::V3_0,
            "indefinite-certificate.openssl-3.0.19.der",
        ),
        (
            OpenSslVersion::V3_5,
            "indefinite-certificate.openssl-3.5.5.der",
        ),
    ] {
        let expected = read(file);
        let d = decode_with::<OwnedSession>(&input, &DecodeOptions::openssl_version(version))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let ours = encode(&d.session, Target::OpenSsl(version)).expect("encodes");
        assert_eq!(&ours[..], &expected[..], "{file}");
    }
}
