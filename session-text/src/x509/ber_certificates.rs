//! BER certificates, which OpenSSL's `d2i_X509` reads, printed as the
//! installed `openssl x509 -text` prints them.
//!
//! Each DER certificate of the test bundles is rewritten in one BER form
//! (long-form lengths, indefinite lengths, high-tag-number forms, segmented
//! strings) throughout its structure — extension values, which are OCTET
//! STRING contents, stay as they are. For each, `x509_print` must give
//! exactly OpenSSL's text, or refuse; it must never print what OpenSSL
//! refuses, and the forms `d2i_X509` undoes completely must print whenever
//! the DER original does.

use std::io::Write;
use std::process::{Command, Stdio};

use ossl_asn1::der::{push_identifier, push_length};
use ossl_asn1::get_object;

use super::{bundle_certificates as bundle, x509_print_3_0 as x509_print};

/// `openssl x509 -text -noout` with `X509_print`'s name form; `None` when
/// OpenSSL refuses the certificate.
pub(super) fn openssl_text(certificate: &[u8]) -> Option<Vec<u8>> {
    let mut child = Command::new("openssl")
        .args([
            "x509", "-inform", "DER", "-text", "-noout", "-nameopt", "compat",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(certificate)
        .expect("write");
    let output = child.wait_with_output().expect("openssl finishes");
    output.status.success().then_some(output.stdout)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    /// Every non-empty length in long form with a leading zero octet.
    LongLengths,
    /// Every constructed element with an indefinite length.
    Indefinite,
    /// Every identifier in the high-tag-number form.
    HighTags,
    /// Every string of two octets or more as a constructed string of two
    /// segments, the second nested one level deeper.
    Segmented,
}

/// Universal string types (and the IMPLICIT unique IDs) a segmented form
/// applies to.
fn is_string(first: u8) -> bool {
    matches!(
        first,
        0x03 | 0x04 | 0x0C | 0x13 | 0x16 | 0x17 | 0x18 | 0x81 | 0x82
    )
}

fn header(out: &mut Vec<u8>, first: u8, len: usize, form: Form) {
    if form == Form::HighTags {
        out.push(first | 0x1F);
        out.push(first & 0x1F);
    } else {
        out.push(first);
    }
    if form == Form::LongLengths && len > 0 {
        let be = len.to_be_bytes();
        let significant = &be[be.iter().take_while(|&&b| b == 0).count()..];
        out.push(0x80 | u8::try_from(significant.len() + 1).expect("at most 9"));
        out.push(0);
        out.extend_from_slice(significant);
    } else {
        push_length(out, len);
    }
}

/// Rewrites each DER element of `input` in `form`, descending into
/// constructed elements only.
fn rewrite(input: &[u8], form: Form, out: &mut Vec<u8>) {
    let mut rest = input;
    while !rest.is_empty() {
        let h = get_object(rest, true).expect("DER");
        let content = &rest[h.header_len..h.header_len + h.len];
        if h.constructed {
            let mut inner = Vec::new();
            rewrite(content, form, &mut inner);
            if form == Form::Indefinite {
                out.extend_from_slice(&[h.first, 0x80]);
                out.extend_from_slice(&inner);
                out.extend_from_slice(&[0, 0]);
            } else {
                header(out, h.first, inner.len(), form);
                out.extend_from_slice(&inner);
            }
        } else if form == Form::Segmented && is_string(h.first) && content.len() >= 2 {
            let (a, b) = content.split_at(1);
            let mut second = Vec::new();
            push_identifier(&mut second, h.first & 0xC0, u32::from(h.first & 0x1F));
            push_length(&mut second, b.len());
            second.extend_from_slice(b);
            let mut nested = vec![h.first | 0x20];
            push_length(&mut nested, second.len());
            nested.extend_from_slice(&second);
            let mut segments = vec![h.first, 1, a[0]];
            segments.extend_from_slice(&nested);
            header(out, h.first | 0x20, segments.len(), form);
            out.extend_from_slice(&segments);
        } else {
            header(out, h.first, content.len(), form);
            out.extend_from_slice(content);
        }
        rest = &rest[h.header_len + h.len..];
    }
}

#[test]
fn ber_certificates_print_as_openssl_prints_them() {
    let mut certificates = bundle("core.pem");
    certificates.extend(bundle("extensions.pem"));
    certificates.extend(bundle("keys.pem").into_iter().step_by(8));
    let mut failures = Vec::new();
    for form in [
        Form::LongLengths,
        Form::Indefinite,
        Form::HighTags,
        Form::Segmented,
    ] {
        let (mut printed, mut refused, mut both_refuse) = (0, 0, 0);
        for (i, der) in certificates.iter().enumerate() {
            let mut ber = Vec::new();
            rewrite(der, form, &mut ber);
            assert_ne!(&ber, der);
            let theirs = openssl_text(&ber);
            match (x509_print(&ber), theirs) {
                (Ok(ours), Some(theirs)) => {
                    printed += 1;
                    if ours != theirs {
                        failures.push(format!(
                            "{form:?} #{i}: ours\n{}\nOpenSSL's\n{}",
                            String::from_utf8_lossy(&ours),
                            String::from_utf8_lossy(&theirs)
                        ));
                    }
                }
                (Ok(_), None) => failures.push(format!("{form:?} #{i}: OpenSSL refuses it")),
                (Err(_), None) => both_refuse += 1,
                (Err(e), Some(_)) => {
                    refused += 1;
                    eprintln!("{form:?} #{i}: refused: {e}");
                    // d2i_X509 undoes these forms, and what it keeps as read
                    // (a name entry's SEQUENCE value, an indefinite one
                    // included) is printed as read: a certificate prints if
                    // its DER original does.
                    if x509_print(der).is_ok() {
                        failures.push(format!("{form:?} #{i}: refused: {e}"));
                    }
                }
            }
        }
        eprintln!("{form:?}: {printed} printed, {refused} refused, {both_refuse} refused by both");
        assert!(
            printed > certificates.len() / 2,
            "{form:?}: {printed} printed"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Truncated and byte-flipped BER certificates never panic the printer
/// (`catch_unwind` is not used: a panic fails the test).
#[test]
fn broken_ber_certificates_do_not_panic() {
    let certificates = bundle("core.pem");
    for form in [
        Form::LongLengths,
        Form::Indefinite,
        Form::HighTags,
        Form::Segmented,
    ] {
        for der in certificates.iter().step_by(13) {
            let mut ber = Vec::new();
            rewrite(der, form, &mut ber);
            for cut in 0..ber.len() {
                let _ = x509_print(&ber[..cut]);
            }
            for at in 0..ber.len() {
                for value in [0x00, 0x80, 0xFF] {
                    let mut flipped = ber.clone();
                    flipped[at] = value;
                    let _ = x509_print(&flipped);
                }
            }
        }
    }
}

/// A subject whose entries hold a SEQUENCE, with the whole certificate in
/// indefinite lengths: `d2i_X509` keeps the SEQUENCE value as read, end-of-
/// contents and all, and `X509_NAME_print` escapes those bytes — printed as
/// `openssl x509 -text` prints it.
#[test]
fn indefinite_sequence_name_values_print_as_read() {
    use super::der::{self, Reader};
    use ossl_asn1::der::push_tlv;

    let der = &bundle("core.pem")[0];
    let mut outer = Reader::new(der);
    let mut cert = Reader::new(outer.read_tag(der::SEQUENCE).unwrap());
    let mut tbs = Reader::new(cert.read_tag(der::SEQUENCE).unwrap());
    // CN = SEQUENCE { INTEGER 5 }, O = SEQUENCE { SEQUENCE {}, UTF8String "a" }
    let subject = [
        0x31, 0x0C, 0x30, 0x0A, 0x06, 0x03, 0x55, 0x04, 0x03, 0x30, 0x03, 0x02, 0x01, 0x05, 0x31,
        0x0E, 0x30, 0x0C, 0x06, 0x03, 0x55, 0x04, 0x0A, 0x30, 0x05, 0x30, 0x00, 0x0C, 0x01, 0x61,
    ];
    let mut new_tbs = Vec::new();
    let mut sequences = 0;
    while !tbs.is_empty() {
        let field = tbs.read().unwrap();
        if field.tag == der::SEQUENCE {
            sequences += 1;
        }
        // algorithm, issuer, validity, subject
        let content = if sequences == 4 && field.tag == der::SEQUENCE {
            &subject[..]
        } else {
            field.content
        };
        push_tlv(&mut new_tbs, field.tag, content);
    }
    let mut body = Vec::new();
    push_tlv(&mut body, der::SEQUENCE, &new_tbs);
    body.extend_from_slice(cert.remaining());
    let mut certificate = Vec::new();
    push_tlv(&mut certificate, der::SEQUENCE, &body);
    for form in [Form::Indefinite, Form::LongLengths] {
        let mut ber = Vec::new();
        rewrite(&certificate, form, &mut ber);
        let theirs = openssl_text(&ber).expect("OpenSSL prints it");
        // OpenSSL 3.0.19 prints, for the indefinite form,
        // `Subject: CN=0\x80\x02\x01\x05\x00\x00, O=0\x800\x80\x00\x00\x0C\x01a\x00\x00`.
        let raw =
            "CN=0\\x80\\x02\\x01\\x05\\x00\\x00, O=0\\x800\\x80\\x00\\x00\\x0C\\x01a\\x00\\x00";
        assert_eq!(
            String::from_utf8_lossy(&theirs).contains(raw),
            form == Form::Indefinite,
            "{form:?}"
        );
        let ours = x509_print(&ber).expect("printed");
        assert_eq!(
            String::from_utf8_lossy(&ours),
            String::from_utf8_lossy(&theirs),
            "{form:?}"
        );
    }
}

/// RSASSA-PSS signature parameters in BER — kept as read by `d2i_X509` (an
/// ANY), decoded by `ossl_rsa_pss_decode` when printed: indefinite lengths
/// and six nested segments decode, a constructed INTEGER and seven nested
/// segments print `(INVALID PSS PARAMETERS)` (`openssl x509 -text`).
#[test]
fn ber_pss_parameters_print_as_openssl_prints_them() {
    use super::der::{self, Reader};
    use ossl_asn1::der::push_tlv;

    const PSS: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A];
    const SHA256: &[u8] = &[
        0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
    ];
    let nested = |wrappers: usize| {
        let mut value = vec![0x04, 0x01, 0x61];
        for _ in 0..wrappers {
            value.splice(0..0, [0x24, u8::try_from(value.len()).unwrap()]);
        }
        value
    };
    let tlv = |tag: u8, content: &[u8]| {
        let mut out = Vec::new();
        push_tlv(&mut out, tag, content);
        out
    };
    let hash_parameter =
        |parameter: &[u8]| tlv(0x30, &tlv(0xA0, &tlv(0x30, &[SHA256, parameter].concat())));
    let cases: [Vec<u8>; 5] = [
        [0x30, 0x80, 0xA2, 0x03, 0x02, 0x01, 0x20, 0x00, 0x00].to_vec(),
        [
            0x30, 0x80, 0xA2, 0x80, 0x02, 0x01, 0x20, 0x00, 0x00, 0x00, 0x00,
        ]
        .to_vec(),
        tlv(0x30, &tlv(0xA2, &[0x22, 0x03, 0x02, 0x01, 0x20])),
        hash_parameter(&nested(6)),
        hash_parameter(&nested(7)),
    ];
    let pss_signed: Vec<Vec<u8>> = bundle("core.pem")
        .into_iter()
        .filter(|der| {
            let mut outer = Reader::new(der);
            let mut cert = Reader::new(outer.read_tag(der::SEQUENCE).unwrap());
            cert.read().unwrap();
            let algorithm = cert.read_tag(der::SEQUENCE).unwrap();
            Reader::new(algorithm).read_tag(der::OID).unwrap() == PSS
        })
        .collect();
    assert!(!pss_signed.is_empty());
    let mut failures = Vec::new();
    for der in &pss_signed {
        let mut outer = Reader::new(der);
        let mut cert = Reader::new(outer.read_tag(der::SEQUENCE).unwrap());
        let tbs = cert.read().unwrap();
        cert.read().unwrap();
        for parameters in &cases {
            let mut body = Vec::new();
            push_tlv(&mut body, tbs.tag, tbs.content);
            let algorithm = [&tlv(der::OID, PSS)[..], parameters].concat();
            push_tlv(&mut body, der::SEQUENCE, &algorithm);
            body.extend_from_slice(cert.remaining());
            let certificate = tlv(der::SEQUENCE, &body);
            let theirs = openssl_text(&certificate).expect("OpenSSL prints it");
            match x509_print(&certificate) {
                Ok(ours) if ours == theirs => {}
                ours => failures.push(format!(
                    "{parameters:02x?}: ours {:?}\nOpenSSL's {:?}",
                    ours.map(|o| String::from_utf8_lossy(&o).into_owned()),
                    String::from_utf8_lossy(&theirs)
                )),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
