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

/// Bytes that are not a certificate's three elements (a session built by a
/// program, or read with the certificate check off) are written into
/// LibreSSL's `[3]` exactly as given: only a certificate is what LibreSSL's
/// `i2d_X509` would re-encode (its outer SEQUENCE, signature algorithm
/// SEQUENCE and signature BIT STRING, `x_x509.c`), and it never holds
/// anything else.
#[test]
fn libressl_writer_keeps_what_is_not_a_certificate_as_given() {
    use session_der::session_model::{CipherSuite, Dialect, ProtocolVersion};
    // TBSCertificate-like element, SEQUENCE {}, BIT STRING: a certificate's
    // shape but for the one element named.
    let not_certificates: [(&str, &[u8]); 4] = [
        // A universal tag number past 30 (high-tag-number form): no
        // certificate part has one, so the bytes are not re-read.
        ("universal tag 31", &[0x1F, 0x1F, 0x00]),
        (
            "outer SET",
            &[
                0x31, 0x0A, 0x30, 0x03, 0x02, 0x01, 0x05, 0x30, 0x00, 0x03, 0x01, 0x00,
            ],
        ),
        (
            "algorithm SET",
            &[
                0x30, 0x0A, 0x30, 0x03, 0x02, 0x01, 0x05, 0x31, 0x00, 0x03, 0x01, 0x00,
            ],
        ),
        (
            "signature OCTET STRING",
            &[
                0x30, 0x0A, 0x30, 0x03, 0x02, 0x01, 0x05, 0x30, 0x00, 0x04, 0x01, 0x00,
            ],
        ),
    ];
    for (what, cert) in not_certificates {
        let mut s = OwnedSession::bare(ProtocolVersion(0x0303), CipherSuite(0xC02F));
        s.set_dialect(Dialect::LibreSsl);
        s.set_master_key(vec![7; 48]).unwrap();
        s.set_peer_certificate(Some(cert.to_vec()));
        let out = encode(&s, Target::LibreSsl).expect("encodes");
        // [3] { cert }: A3, its length, then the bytes as given.
        let mut expected = vec![0xA3, u8::try_from(cert.len()).unwrap()];
        expected.extend_from_slice(cert);
        assert!(
            out.windows(expected.len()).any(|w| w == expected),
            "{what}: {:02x?}",
            &out[..]
        );
    }
}
