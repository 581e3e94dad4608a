//! A certificate the peer-certificate setter refuses: the queued error names
//! the fault's offset within the certificate (`… at certificate offset N`),
//! wherever the certificate sits in the session. The offset is checked
//! against the decoder's on a session of another layout: the same fault,
//! found by `session_der` in a session that holds the certificate elsewhere,
//! is as far from the certificate's first byte.
#![allow(unsafe_code)] // Calls the C ABI.
#![allow(clippy::unwrap_used)] // tests: a failed unwrap is a failed test

use session_der::{decode_with, encode, DecodeOptions, OpenSslVersion, Target};
use session_model::{CipherSuite, OwnedSession, ProtocolVersion};
use sslsession::*;

/// Where `needle` first starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("the certificate is in the encoding")
}

/// The offset, from the certificate's first byte, of the fault the decoder
/// finds in `certificate`, placed in a TLS 1.3 session with a session id,
/// a time and a host name before it (a layout unlike the setter's probe).
fn fault_offset(certificate: &[u8]) -> usize {
    let mut s = OwnedSession::new(ProtocolVersion::TLS1_3, CipherSuite(0x1301));
    s.set_session_id(vec![7; 32]).unwrap();
    s.set_time(Some(1_700_000_000));
    s.set_hostname(Some(b"example.com".to_vec()));
    s.set_peer_certificate(Some(certificate.to_vec()));
    let der = encode(&s, Target::OpenSsl(OpenSslVersion::default())).unwrap();
    let e = decode_with::<OwnedSession>(&der, &DecodeOptions::openssl())
        .expect_err("a broken certificate");
    e.offset() - find(&der, certificate)
}

/// The setter's verdict on `certificate` and the text of the error it queued.
fn set_peer_certificate(certificate: &[u8]) -> (i32, String) {
    sslsession_err_clear();
    let s = sslsession_session_new();
    assert!(!s.is_null());
    // SAFETY: a live session; `certificate` is readable for its length.
    let set = unsafe {
        sslsession_session_set1_peer_certificate(s, certificate.as_ptr(), certificate.len())
    };
    let mut text = vec![0u8; 512];
    // SAFETY: `text` has its length writable.
    let needed = unsafe { sslsession_err_string(text.as_mut_ptr().cast(), text.len()) };
    assert!(needed > 0 && needed <= text.len(), "an error was queued");
    text.truncate(needed - 1);
    sslsession_err_clear();
    // SAFETY: the session from `sslsession_session_new`, freed once.
    unsafe { sslsession_session_free(s) };
    (set, String::from_utf8(text).unwrap())
}

/// A corpus certificate (two length octets) with its serial number padded, a
/// 5-octet "certificate" (short-form lengths) that is only a SEQUENCE of one
/// INTEGER, and a 150-octet one (one length octet): each refused, with the
/// fault's offset named.
#[test]
fn the_error_names_the_offset_within_the_certificate() {
    let session = std::fs::read(
        sslsession_testkit::workspace_root()
            .join("testdata/corpus/openssl-3.0/p00000-tls12-ecdhe-rsa-aes128gcm-client-t0.der"),
    )
    .unwrap();
    let corpus = decode_with::<OwnedSession>(&session, &DecodeOptions::openssl())
        .unwrap()
        .session;
    let mut padded = corpus.peer_certificate().unwrap().to_vec();
    // `30 82 LL LL 30 82 LL LL A0 03 02 01 02 02 LL <serial>`: pad the serial.
    assert_eq!(padded[8..14], [0xA0, 0x03, 0x02, 0x01, 0x02, 0x02]);
    padded[15..17].copy_from_slice(&[0x00, 0x01]);
    let short = [0x30, 0x03, 0x02, 0x01, 0x00];
    // 150 octets, one length octet after 0x81 (and so the `[3]` around it
    // and the session): a SEQUENCE of an INTEGER and an OCTET STRING, where
    // d2i_X509 wants the TBSCertificate's SEQUENCE.
    let mut one_length_octet = vec![0x30, 0x81, 0x93, 0x02, 0x01, 0x00, 0x04, 0x81, 0x8D];
    one_length_octet.resize(150, 0);
    for certificate in [&padded[..], &short[..], &one_length_octet[..]] {
        let expected = fault_offset(certificate);
        let (set, text) = set_peer_certificate(certificate);
        assert_eq!(set, 0, "{text}");
        assert!(
            text.ends_with(&format!("at certificate offset {expected}")),
            "expected offset {expected}: {text}"
        );
    }
}
