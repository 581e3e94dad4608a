//! The certificate error names the fault the library's own decoder reports.

use session_der::session_model::Dialect;
use session_der::{decode_with, CertificateError, CowSession, DecodeOptions, ErrorKind};

/// A LibreSSL 4.3.2 client session (testdata/libressl) whose peer
/// certificate's first validity time, `261203144558Z`, is given month 13.
/// LibreSSL's template decoder checks every UTCTime it reads against RFC
/// 5280's form (`asn1/tasn_dec.c`: `asn1_time_parse_cbs`, then
/// `ASN1error(ASN1_R_INVALID_TIME_FORMAT)`), so `d2i_X509` refuses the
/// certificate for its time: [`CertificateError::InvalidTime`], at the
/// certificate's `[3]`.
#[test]
fn libressl_refuses_a_certificate_time_of_month_13_for_its_time() {
    let path =
        sslsession_testkit::workspace_root().join("testdata/libressl/tls12-ticket-client.der");
    let recorded = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let libressl = DecodeOptions::dialect(Dialect::LibreSsl);
    // LibreSSL wrote it: it reads back.
    decode_with::<CowSession<'_>>(&recorded, &libressl).expect("LibreSSL's own session");

    let time = b"\x17\x0d261203144558Z";
    let at = recorded
        .windows(time.len())
        .position(|w| w == time)
        .expect("the certificate's notBefore");
    let mut edited = recorded.clone();
    edited[at + 4..at + 6].copy_from_slice(b"13");

    let e = decode_with::<CowSession<'_>>(&edited, &libressl).expect_err("month 13");
    assert_eq!(
        e.kind(),
        ErrorKind::InvalidCertificate(CertificateError::InvalidTime),
        "{e}"
    );
}

/// A certificate error's message says which fault it is (a person reading
/// `peer_certificate: not a valid X.509 certificate: …` learns what is
/// wrong): each kind has a message, and no two kinds share one.
#[test]
fn each_certificate_error_has_a_message_of_its_own() {
    use CertificateError::*;
    let all = [
        Structure,
        InvalidObject,
        InvalidBitString,
        InvalidInteger,
        InvalidPrimitive,
        InvalidStringType,
        InvalidString,
        InvalidTime,
    ];
    let messages: std::collections::BTreeSet<String> =
        all.iter().map(ToString::to_string).collect();
    assert_eq!(messages.len(), all.len(), "{messages:?}");
    assert!(
        messages.iter().all(|m| !m.trim().is_empty()),
        "{messages:?}"
    );
    let whole = ErrorKind::InvalidCertificate(InvalidTime).to_string();
    assert!(whole.ends_with(&InvalidTime.to_string()), "{whole}");
}
