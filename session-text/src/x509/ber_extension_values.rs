//! BER inside extension values, which `X509V3_EXT_print` decodes with
//! `ASN1_item_d2i` (and falls back to a dump of the raw bytes when that
//! fails), printed as the installed `openssl x509 -text` prints it.
//!
//! Every extension value of the test bundles is rewritten in one BER form
//! — indefinite lengths, segmented strings (definite and indefinite),
//! segments nested up to and past `ASN1_MAX_STRING_NEST`, end-of-contents
//! markers where none may be — and put back into its certificate (the
//! signature no longer matches, which `x509 -text` does not check). Each
//! certificate must print exactly as OpenSSL prints it, or be refused where
//! OpenSSL refuses it (or where the printer refuses the DER original: a key
//! libcrypto would not load, a key type without a printer).

use ossl_asn1::der::{push_length, push_tlv};
use ossl_asn1::get_object;

use super::ber_certificates::openssl_text;
use super::der::{self, Reader};
use super::{bundle_certificates as bundle, x509_print_3_0 as x509_print};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Form {
    /// Every constructed element with an indefinite length.
    Indefinite,
    /// Every string of two octets or more as a constructed string of two
    /// segments, the second nested one level deeper.
    Segmented,
    /// Every non-empty string as an indefinite constructed string holding
    /// an indefinite constructed segment of one-octet segments.
    SegmentedIndefinite,
    /// Every non-empty string inside this many constructed wrappers: six
    /// are read (the segments nest five deep), seven are not.
    Nested(usize),
    /// `00 00` at the end of every definite constructed element's content.
    EocInDefinite,
    /// Indefinite lengths, without the end-of-contents that ends the value.
    EocMissing,
    /// Indefinite lengths, with an end-of-contents right after the value's
    /// first header: the value is an empty element, and what follows it is
    /// ignored (`ASN1_item_d2i` reads one element).
    EocFirst,
}

const FORMS: [Form; 8] = [
    Form::Indefinite,
    Form::Segmented,
    Form::SegmentedIndefinite,
    Form::Nested(6),
    Form::Nested(7),
    Form::EocInDefinite,
    Form::EocMissing,
    Form::EocFirst,
];

/// The primitive elements a segmented form applies to: the universal string
/// types, and every context-specific tag (implicitly tagged strings, but
/// also INTEGERs and OBJECTs, which must stay primitive).
fn is_string(first: u8) -> bool {
    matches!(
        first,
        0x03 | 0x04 | 0x0C | 0x12 | 0x13 | 0x14 | 0x16 | 0x17 | 0x18 | 0x1A | 0x1C | 0x1E
    ) || (first & 0xE0 == 0x80 && first & 0x1F != 0x1F)
}

/// A definite-length element.
fn definite(out: &mut Vec<u8>, first: u8, content: &[u8]) {
    out.push(first);
    push_length(out, content.len());
    out.extend_from_slice(content);
}

/// A string's content as segments, in `form`.
fn segmented(out: &mut Vec<u8>, first: u8, content: &[u8], form: Form) {
    let constructed = first | 0x20;
    match form {
        Form::Segmented => {
            let (a, b) = content.split_at(1);
            let mut segments = Vec::new();
            definite(&mut segments, first, a);
            let mut second = Vec::new();
            definite(&mut second, first, b);
            definite(&mut segments, constructed, &second);
            definite(out, constructed, &segments);
        }
        Form::SegmentedIndefinite => {
            out.extend_from_slice(&[constructed, 0x80, constructed, 0x80]);
            for &octet in content {
                definite(out, first, &[octet]);
            }
            out.extend_from_slice(&[0, 0, 0, 0]);
        }
        Form::Nested(wrappers) => {
            let mut element = Vec::new();
            definite(&mut element, first, content);
            for _ in 0..wrappers {
                let mut wrapped = Vec::new();
                definite(&mut wrapped, constructed, &element);
                element = wrapped;
            }
            out.extend_from_slice(&element);
        }
        _ => definite(out, first, content),
    }
}

/// Rewrites each DER element of `input` in `form`, descending into
/// constructed elements; what does not read as DER (or uses a high tag
/// number) is copied as it is.
fn rewrite(input: &[u8], form: Form, out: &mut Vec<u8>) {
    let mut rest = input;
    while !rest.is_empty() {
        let Ok(h) = get_object(rest, true) else {
            out.extend_from_slice(rest);
            return;
        };
        let (element, after) = rest.split_at(h.header_len + h.len);
        let content = &element[h.header_len..];
        if h.first & 0x1F == 0x1F {
            out.extend_from_slice(element);
        } else if h.constructed {
            let mut inner = Vec::new();
            rewrite(content, form, &mut inner);
            match form {
                Form::Indefinite | Form::EocMissing | Form::EocFirst => {
                    out.extend_from_slice(&[h.first, 0x80]);
                    out.extend_from_slice(&inner);
                    out.extend_from_slice(&[0, 0]);
                }
                Form::EocInDefinite => {
                    inner.extend_from_slice(&[0, 0]);
                    definite(out, h.first, &inner);
                }
                _ => definite(out, h.first, &inner),
            }
        } else if is_string(h.first) && content.len() >= 2 - usize::from(form != Form::Segmented) {
            segmented(out, h.first, content, form);
        } else {
            out.extend_from_slice(element);
        }
        rest = after;
    }
}

/// An extension value in `form`.
pub(super) fn ber_value(value: &[u8], form: Form) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len() * 2);
    rewrite(value, form, &mut out);
    let opens_indefinite = out.get(1) == Some(&0x80);
    match form {
        Form::EocMissing if opens_indefinite && out.ends_with(&[0, 0]) => {
            out.truncate(out.len() - 2);
        }
        Form::EocFirst if opens_indefinite => {
            out.splice(2..2, [0, 0]);
        }
        _ => {}
    }
    out
}

/// `certificate` (DER) with the TBS fields `field` rewrites (given tag and
/// content, returning the new content, or `None` to keep it); `None` when
/// it rewrites none.
fn map_tbs_fields(
    certificate: &[u8],
    mut field: impl FnMut(u8, &[u8]) -> Option<Vec<u8>>,
) -> Option<Vec<u8>> {
    let mut outer = Reader::new(certificate);
    let mut cert = Reader::new(outer.read_tag(der::SEQUENCE).ok()?);
    let mut tbs = Reader::new(cert.read_tag(der::SEQUENCE).ok()?);
    let mut new_tbs = Vec::new();
    let mut found = false;
    while !tbs.is_empty() {
        let old = tbs.read().ok()?;
        match field(old.tag, old.content) {
            Some(content) => {
                found = true;
                push_tlv(&mut new_tbs, old.tag, &content);
            }
            None => push_tlv(&mut new_tbs, old.tag, old.content),
        }
    }
    if !found {
        return None;
    }
    let mut body = Vec::new();
    push_tlv(&mut body, der::SEQUENCE, &new_tbs);
    body.extend_from_slice(cert.remaining());
    let mut out = Vec::new();
    push_tlv(&mut out, der::SEQUENCE, &body);
    Some(out)
}

/// `certificate` (DER) with every extension value passed through `map`;
/// `None` when it has no extensions.
fn map_extension_values(certificate: &[u8], map: impl Fn(&[u8]) -> Vec<u8>) -> Option<Vec<u8>> {
    map_tbs_fields(certificate, |tag, content| {
        if tag != der::context(3, true) {
            return None;
        }
        let mut list = Reader::new(Reader::new(content).read_tag(der::SEQUENCE).ok()?);
        let mut new_list = Vec::new();
        while !list.is_empty() {
            let mut extension = Reader::new(list.read_tag(der::SEQUENCE).ok()?);
            let mut new_extension = Vec::new();
            while !extension.is_empty() {
                let part = extension.read().ok()?;
                if part.tag == der::OCTET_STRING {
                    push_tlv(&mut new_extension, part.tag, &map(part.content));
                } else {
                    push_tlv(&mut new_extension, part.tag, part.content);
                }
            }
            push_tlv(&mut new_list, der::SEQUENCE, &new_extension);
        }
        let mut explicit = Vec::new();
        push_tlv(&mut explicit, der::SEQUENCE, &new_list);
        Some(explicit)
    })
}

#[test]
fn ber_extension_values_print_as_openssl_prints_them() {
    let mut certificates = bundle("extensions.pem");
    certificates.extend(bundle("advanced-extensions.pem"));
    certificates.extend(bundle("core.pem").into_iter().step_by(3));
    certificates.extend(bundle("keys.pem").into_iter().step_by(16));
    // Certificates whose DER original the printer refuses are no test here.
    certificates.retain(|der| x509_print(der).is_ok());
    let mut failures = Vec::new();
    let (mut total_printed, mut total_refused) = (0, 0);
    for form in FORMS {
        let (mut printed, mut refused) = (0, 0);
        for (i, der) in certificates.iter().enumerate() {
            let Some(ber) = map_extension_values(der, |value| ber_value(value, form)) else {
                continue;
            };
            if ber == *der {
                continue;
            }
            match (x509_print(&ber), openssl_text(&ber)) {
                (Ok(ours), Some(theirs)) if ours == theirs => printed += 1,
                (Ok(ours), Some(theirs)) => failures.push(format!(
                    "{form:?} #{i}: ours\n{}\nOpenSSL's\n{}",
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&theirs)
                )),
                (Ok(_), None) => failures.push(format!("{form:?} #{i}: OpenSSL refuses it")),
                (Err(_), None) => refused += 1,
                (Err(e), Some(_)) => failures.push(format!("{form:?} #{i}: refused: {e}")),
            }
        }
        eprintln!("{form:?}: {printed} printed identically, {refused} refused by both");
        assert!(printed > 20, "{form:?}: {printed} printed");
        total_printed += printed;
        total_refused += refused;
    }
    eprintln!(
        "all forms: {total_printed} printed identically, {total_refused} refused by both, {} different",
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// rsaEncryption and RSASSA-PSS: keys whose bits are an `RSAPublicKey`
/// SEQUENCE, which `d2i_RSAPublicKey` reads with the template decoder.
const RSA_KEYS: [&[u8]; 2] = [
    &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01],
    &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A],
];

/// `certificate` (DER) with the bits of its RSA key passed through `map`;
/// `None` for other keys.
fn map_rsa_key_bits(certificate: &[u8], map: impl Fn(&[u8]) -> Vec<u8>) -> Option<Vec<u8>> {
    let mut done = false;
    map_tbs_fields(certificate, |tag, content| {
        // The first SEQUENCE whose first field is an RSA AlgorithmIdentifier
        // is the SubjectPublicKeyInfo (the signature field has no BIT STRING).
        if done || tag != der::SEQUENCE {
            return None;
        }
        let mut spki = Reader::new(content);
        let algorithm = spki.read_tag(der::SEQUENCE).ok()?;
        let object = Reader::new(algorithm).read_tag(der::OID).ok()?;
        if !RSA_KEYS.contains(&object) {
            return None;
        }
        let (unused, bits) = spki.read_tag(der::BIT_STRING).ok()?.split_first()?;
        done = true;
        let mut new_key = vec![*unused];
        new_key.extend(map(bits));
        let mut new_spki = Vec::new();
        push_tlv(&mut new_spki, der::SEQUENCE, algorithm);
        push_tlv(&mut new_spki, der::BIT_STRING, &new_key);
        Some(new_spki)
    })
}

/// RSA key bits with indefinite lengths, and with data after the key
/// (which `d2i_RSAPublicKey` ignores): printed as OpenSSL prints them.
#[test]
fn ber_rsa_key_bits_print_as_openssl_prints_them() {
    let mut certificates = bundle("keys.pem");
    certificates.extend(bundle("core.pem").into_iter().step_by(3));
    certificates.retain(|der| x509_print(der).is_ok());
    let mut failures = Vec::new();
    let mut printed = 0;
    for (i, der) in certificates.iter().enumerate() {
        let Some(ber) = map_rsa_key_bits(der, |bits| {
            let mut out = ber_value(bits, Form::Indefinite);
            out.extend_from_slice(&[0x05, 0x00]);
            out
        }) else {
            continue;
        };
        match (x509_print(&ber), openssl_text(&ber)) {
            (Ok(ours), Some(theirs)) if ours == theirs => printed += 1,
            (ours, theirs) => failures.push(format!(
                "#{i}: ours {:?}\nOpenSSL's {:?}",
                ours.map(|o| String::from_utf8_lossy(&o).into_owned()),
                theirs.map(|t| String::from_utf8_lossy(&t).into_owned())
            )),
        }
    }
    eprintln!(
        "RSA keys: {printed} printed identically, {} different",
        failures.len()
    );
    assert!(printed > 10, "{printed} printed");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
