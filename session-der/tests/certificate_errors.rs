//! The certificate error names the fault the library's own decoder reports.

use session_der::session_model::Dialect;
use session_der::{decode_with, CertificateError, CowSession, DecodeOptions, ErrorKind};

/// A file of the repository's testdata.
fn testdata(path: &str) -> Vec<u8> {
    let path = sslsession_testkit::workspace_root()
        .join("testdata")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Where `needle` first starts in `haystack`.
fn find(haystack: &[u8], needle: &[u8], what: &str) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap_or_else(|| panic!("no {what}"))
}

/// An OpenSSL 3.0 session of the corpus, with the server's certificate.
const CORPUS_SESSION: &str = "corpus/openssl-3.0/p00000-tls12-ecdhe-rsa-aes128gcm-client-t0.der";

/// Strict mode and OpenSSL 3.0 mode both refuse `input` for `fault` inside
/// its certificate.
fn refused_in_strict_and_openssl_mode(input: &[u8], fault: CertificateError, what: &str) {
    for options in [
        DecodeOptions::strict(),
        DecodeOptions::openssl_version(session_der::OpenSslVersion::V3_0),
    ] {
        let Err(e) = decode_with::<CowSession<'_>>(input, &options) else {
            panic!("{what}: {:?} accepts it", options.mode());
        };
        assert_eq!(
            e.kind(),
            ErrorKind::InvalidCertificate(fault),
            "{what}, {:?}: {e}",
            options.mode()
        );
    }
}

/// A LibreSSL 4.3.2 client session (testdata/libressl) whose peer
/// certificate's first validity time, `261203144558Z`, is given month 13.
/// LibreSSL's template decoder checks every UTCTime it reads against RFC
/// 5280's form (`asn1/tasn_dec.c`: `asn1_time_parse_cbs`, then
/// `ASN1error(ASN1_R_INVALID_TIME_FORMAT)`), so `d2i_X509` refuses the
/// certificate for its time: [`CertificateError::InvalidTime`], at the
/// certificate's `[3]`.
#[test]
fn libressl_refuses_a_certificate_time_of_month_13_for_its_time() {
    let recorded = testdata("libressl/tls12-ticket-client.der");
    let libressl = DecodeOptions::dialect(Dialect::LibreSsl);
    // LibreSSL wrote it: it reads back.
    decode_with::<CowSession<'_>>(&recorded, &libressl).expect("LibreSSL's own session");

    let at = find(&recorded, b"\x17\x0d261203144558Z", "notBefore");
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

/// A certificate whose serial number INTEGER is padded (a first octet that
/// only repeats the sign: `00 01…`, `FF 80…`), edited in place in an OpenSSL
/// 3.0 session of the corpus. X.690 §8.3.2 forbids it (in BER already), and
/// OpenSSL's `c2i_ibuf` refuses it (`ASN1_R_ILLEGAL_PADDING`): strict mode
/// and OpenSSL mode both refuse the certificate for its INTEGER.
#[test]
fn a_padded_serial_number_is_refused_in_every_mode() {
    let recorded = testdata(CORPUS_SESSION);
    // TBSCertificate: `[0] { INTEGER 2 }` (v3), then the serial's INTEGER.
    let v3 = [0xA0, 0x03, 0x02, 0x01, 0x02, 0x02];
    let at = find(&recorded, &v3, "certificate version") + v3.len();
    assert!(recorded[at] >= 2, "a serial of at least two octets");
    for padding in [[0x00, 0x01], [0xFF, 0x80]] {
        let mut edited = recorded.clone();
        edited[at + 1..at + 3].copy_from_slice(&padding);
        refused_in_strict_and_openssl_mode(
            &edited,
            CertificateError::InvalidInteger,
            &format!("serial padded with {padding:02x?}"),
        );
    }
}

/// A Name attribute whose OBJECT IDENTIFIER ends in an octet with its high
/// bit set (`55 04 80`: a subidentifier that never ends), edited in place
/// in an OpenSSL 3.0 session of the corpus. X.690 §8.19.2 forbids it and
/// OpenSSL's `c2i_ASN1_OBJECT` refuses it (`ASN1_R_INVALID_OBJECT_ENCODING`,
/// which interop checks against libssl for algorithm identifiers): both
/// modes refuse the certificate for its object identifier.
#[test]
fn a_name_attribute_oid_that_never_ends_is_refused_in_every_mode() {
    let recorded = testdata(CORPUS_SESSION);
    // commonName: OBJECT IDENTIFIER 2.5.4.3.
    let at = find(&recorded, &[0x06, 0x03, 0x55, 0x04, 0x03], "commonName");
    let mut edited = recorded.clone();
    edited[at + 4] = 0x80;
    refused_in_strict_and_openssl_mode(&edited, CertificateError::InvalidObject, "unending OID");
}

/// A certificate whose subject Name holds one RDN, a SET of indefinite
/// length (`31 80`) that never ends: the Name's content stops where its
/// SEQUENCE ends, with no end-of-contents octets. X.690 §8.1.3.6 ends the
/// indefinite form's contents with them, and OpenSSL's template decoder
/// refuses a constructed element without them (`ASN1_R_MISSING_EOC`); the
/// SET holds the usual RDN (commonName, a UTF8String of 119 octets), so its
/// header would read as that of a 128-octet SET to a reader that took `80`
/// for a length. Both modes refuse the certificate.
#[test]
fn an_rdn_set_of_indefinite_length_without_its_end_is_refused_in_every_mode() {
    use sslsession_testkit::mutate::boringssl::{children, join, read_elem, split, Elem};
    let recorded = testdata(CORPUS_SESSION);
    let mut session = split(&recorded).expect("a DER session");
    let peer = session
        .iter()
        .position(|e| e.ctx_number() == Some(3))
        .expect("a peer certificate");
    let (certificate, _) = read_elem(&session[peer].content).expect("a certificate");
    let mut parts = children(&certificate.content).expect("three parts");
    let mut fields = children(&parts[0].content).expect("TBSCertificate fields");
    let version = usize::from(fields[0].id == [0xA0]);
    let subject = version + 4;

    let mut rdn = vec![
        0x31, 0x80, 0x30, 0x7E, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0C, 0x77,
    ];
    rdn.extend([b'a'; 0x77]);
    assert_eq!(rdn.len(), 2 + 128);
    fields[subject] = Elem {
        id: vec![0x30],
        content: rdn,
    };
    let encode_all = |elems: &[Elem]| elems.iter().flat_map(Elem::encode).collect::<Vec<u8>>();
    parts[0].content = encode_all(&fields);
    session[peer].content = Elem {
        id: vec![0x30],
        content: encode_all(&parts),
    }
    .encode();
    let edited = join(&session);

    for options in [
        DecodeOptions::strict(),
        DecodeOptions::openssl_version(session_der::OpenSslVersion::V3_0),
    ] {
        let Err(e) = decode_with::<CowSession<'_>>(&edited, &options) else {
            panic!("{:?} accepts an RDN SET without its end", options.mode());
        };
        assert!(
            matches!(e.kind(), ErrorKind::InvalidCertificate(_)),
            "{:?}: {e}",
            options.mode()
        );
    }
}

/// An AWS-LC client session whose peer certificate's tbsCertificate claims
/// one octet more than the certificate holds after its header: AWS-LC's
/// `d2i_X509` (`ASN1_get_object`) refuses a length past the end of its
/// enclosing element (X.690 8.1.3: the content is that many octets, and the
/// certificate has not got them). The error says how many were claimed and
/// how many there are: the certificate's content less the tbsCertificate's
/// four header octets.
#[test]
fn aws_lc_refuses_a_tbs_certificate_longer_than_its_certificate() {
    let recorded = testdata("aws-lc/tls12-clientcert-client.der");
    let aws_lc = DecodeOptions::dialect(Dialect::AwsLc);
    decode_with::<CowSession<'_>>(&recorded, &aws_lc).expect("AWS-LC's own session");

    // `[3] 82 ll ll`, the certificate `30 82 hh hh`, then the
    // tbsCertificate `30 82 tt tt`.
    let cert = find(&recorded, &[0xA3, 0x82], "[3]") + 4;
    assert_eq!(recorded[cert..cert + 2], [0x30, 0x82], "certificate header");
    let cert_len = usize::from(u16::from_be_bytes([recorded[cert + 2], recorded[cert + 3]]));
    let tbs = cert + 4;
    assert_eq!(
        recorded[tbs..tbs + 2],
        [0x30, 0x82],
        "tbsCertificate header"
    );
    let available = cert_len - 4;
    let claimed = u16::try_from(available + 1).expect("two length octets");
    let mut edited = recorded.clone();
    edited[tbs + 2..tbs + 4].copy_from_slice(&claimed.to_be_bytes());

    let e = decode_with::<CowSession<'_>>(&edited, &aws_lc).expect_err("tbsCertificate too long");
    assert_eq!(
        e.kind(),
        ErrorKind::Truncated {
            needed: u64::from(claimed),
            available
        },
        "{e}"
    );
    assert_eq!(e.offset(), tbs, "{e}");
}

/// An AWS-LC client session whose certificate's tbsCertificate signature
/// algorithm gets the parameter `30 80 30 80 00 00`: an indefinite-length
/// SEQUENCE holding an indefinite-length SEQUENCE that ends, with no
/// end-of-contents of its own before the AlgorithmIdentifier ends. AWS-LC
/// reads the ANY parameter with `asn1_find_end`, which counts the nested
/// indefinite headers within the parameter's window and, when the window
/// is spent with one still open, fails with `ASN1_R_MISSING_EOC`
/// (`crypto/asn1/tasn_dec.c`): the error is that, where the window ends.
#[test]
fn aws_lc_refuses_an_indefinite_parameter_whose_end_is_missing() {
    let recorded = testdata("aws-lc/tls12-clientcert-client.der");
    let aws_lc = DecodeOptions::dialect(Dialect::AwsLc);
    let cert_tag = find(&recorded, &[0xA3, 0x82], "[3]");
    let (cert, tbs) = (cert_tag + 4, cert_tag + 8);
    // ecdsa-with-SHA256, no parameters: `30 0a 06 08 2a 86 48 ce 3d 04 03 02`.
    let algorithm = [
        0x30, 0x0A, 0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02,
    ];
    let alg = tbs + find(&recorded[tbs..], &algorithm, "signature algorithm");
    let parameter = [0x30, 0x80, 0x30, 0x80, 0x00, 0x00];

    let mut edited = recorded[..alg].to_vec();
    edited.extend_from_slice(&[0x30, 0x0A + 6]);
    edited.extend_from_slice(&algorithm[2..]);
    edited.extend_from_slice(&parameter);
    edited.extend_from_slice(&recorded[alg + algorithm.len()..]);
    // The session, [3], the certificate and the tbsCertificate each have two
    // length octets, after their `xx 82`: six more octets in each.
    for header in [0, cert_tag, cert, tbs] {
        assert_eq!(edited[header + 1], 0x82, "two length octets at {header}");
        let len = u16::from_be_bytes([edited[header + 2], edited[header + 3]]) + 6;
        edited[header + 2..header + 4].copy_from_slice(&len.to_be_bytes());
    }

    let e = decode_with::<CowSession<'_>>(&edited, &aws_lc).expect_err("no end-of-contents");
    assert_eq!(e.kind(), ErrorKind::MissingEoc, "{e}");
    assert_eq!(e.offset(), alg + 2 + 10 + parameter.len(), "{e}");
}

/// A BoringSSL client session (testdata/boringssl) with its peer
/// certificate's signature BIT STRING replaced by `new_signature`; the
/// session, `[3]` and the certificate keep their two length octets. Also
/// returns where the signature starts.
fn boringssl_session_with_signature(new_signature: &[u8]) -> (Vec<u8>, usize) {
    let recorded = testdata("boringssl/sessions/tls12-ticket-client.der");
    let length = |b: &[u8], at: usize| usize::from(u16::from_be_bytes([b[at + 2], b[at + 3]]));
    let tag = find(&recorded, &[0xA3, 0x82], "[3]");
    let cert = tag + 4;
    let cert_end = cert + 4 + length(&recorded, cert);
    // The tbsCertificate, then the AlgorithmIdentifier, then the signature
    // to the certificate's end.
    let after = |at: usize| match recorded[at + 1] {
        n if n < 0x80 => at + 2 + usize::from(n),
        0x81 => at + 3 + usize::from(recorded[at + 2]),
        _ => at + 4 + length(&recorded, at),
    };
    let tbs = cert + 4;
    let signature = after(after(tbs));
    assert_eq!(recorded[signature], 0x03, "the signature BIT STRING");

    let mut edited = recorded[..signature].to_vec();
    edited.extend_from_slice(new_signature);
    edited.extend_from_slice(&recorded[cert_end..]);
    let shrink = (cert_end - signature) - new_signature.len();
    for header in [0, tag, cert] {
        let len = length(&edited, header) - shrink;
        assert!(len >= 256, "two length octets stay minimal");
        edited[header + 2..header + 4]
            .copy_from_slice(&u16::try_from(len).expect("two octets").to_be_bytes());
    }
    (edited, signature)
}

/// The signature's BIT STRING content is checked where it is (X.690
/// 8.6.2: an initial octet of unused bits, at most 7, then the bits), by
/// BoringSSL's `asn1_parse_bit_string_with_bad_length`, which also takes a
/// long-form length: an initial octet of 8 is refused at the content; so
/// is a long-form length of zero (`03 81 00`, the length octet the last
/// octet of the certificate), whose content has no initial octet.
#[test]
fn boringssl_checks_the_signature_bit_string_at_its_content() {
    let boringssl = DecodeOptions::dialect(Dialect::BoringSsl);
    let bit_string = ErrorKind::InvalidCertificate(CertificateError::InvalidBitString);
    let (valid, _) = boringssl_session_with_signature(&[0x03, 0x02, 0x00, 0x5A]);
    decode_with::<CowSession<'_>>(&valid, &boringssl).expect("a valid BIT STRING");

    for (signature, header) in [
        (&[0x03, 0x02, 0x08, 0x00][..], 2),
        (&[0x03, 0x81, 0x00][..], 3),
    ] {
        let (edited, at) = boringssl_session_with_signature(signature);
        let e = decode_with::<CowSession<'_>>(&edited, &boringssl).expect_err("refused");
        assert_eq!(e.kind(), bit_string, "{signature:02x?}: {e}");
        assert_eq!(e.offset(), at + header, "{signature:02x?}: {e}");
    }
}
