//! The policy, constraint, CT, RFC 3779, proxy and admission printers
//! against the installed `openssl x509 -text` on every certificate of
//! `testdata/x509/advanced-extensions.pem` (extension section
//! only, so the other parts of `X509_print` do not matter here), plus the
//! values that must be refused and hostile inputs.

use ossl_asn1::der::push_tlv;

use super::super::der::{self, Reader};
use super::super::Unsupported;
use super::printer;
use super::{print_all, Printed};

fn bundle() -> Vec<Vec<u8>> {
    super::super::bundle_certificates("advanced-extensions.pem")
}

/// The content of the certificate's `SEQUENCE OF Extension`.
fn extension_list(certificate: &[u8]) -> &[u8] {
    let mut outer = Reader::new(certificate);
    let mut cert = Reader::new(outer.read_tag(der::SEQUENCE).unwrap());
    let mut tbs = Reader::new(cert.read_tag(der::SEQUENCE).unwrap());
    loop {
        let field = tbs.read().unwrap();
        if field.tag == der::context(3, true) {
            return Reader::new(field.content).read_tag(der::SEQUENCE).unwrap();
        }
    }
}

/// Every extension of the bundle as (OID content, value).
fn bundle_values() -> Vec<(Vec<u8>, Vec<u8>)> {
    let mut values = Vec::new();
    for certificate in bundle() {
        let mut list = Reader::new(extension_list(&certificate));
        while !list.is_empty() {
            let mut extension = Reader::new(list.read_tag(der::SEQUENCE).unwrap());
            let object = extension.read_tag(der::OID).unwrap();
            extension.read_optional(der::BOOLEAN).unwrap();
            let value = extension.read_tag(der::OCTET_STRING).unwrap();
            values.push((object.to_vec(), value.to_vec()));
        }
    }
    values
}

/// What `openssl x509 -text` prints from `X509v3 extensions:` up to the
/// signature algorithm.
fn openssl_extensions_text(certificate: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new("openssl")
        .args(["x509", "-inform", "DER", "-noout", "-text"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("run openssl");
    child.stdin.take().unwrap().write_all(certificate).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "openssl x509 failed");
    let text = output.stdout;
    let start = find(&text, b"        X509v3 extensions:\n").expect("an extensions section");
    let end = start + find(&text[start..], b"    Signature Algorithm:").expect("a signature");
    text[start..end].to_vec()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn bundle_extensions_print_like_openssl() {
    let certificates = bundle();
    assert!(certificates.len() >= 10);
    let mut failures = Vec::new();
    for (i, certificate) in certificates.iter().enumerate() {
        let theirs = openssl_extensions_text(certificate);
        let mut ours = Vec::new();
        if let Err(unsupported) = print_all(&mut ours, extension_list(certificate)) {
            failures.push(format!("#{i}: refused: {unsupported}"));
            continue;
        }
        if ours != theirs {
            let theirs = String::from_utf8_lossy(&theirs).into_owned();
            let ours = String::from_utf8_lossy(&ours).into_owned();
            let first = theirs
                .lines()
                .zip(ours.lines())
                .enumerate()
                .find(|(_, (a, b))| a != b)
                .map(|(line, (a, b))| format!("line {line}\nopenssl: {a:?}\nsslsess: {b:?}"))
                .unwrap_or_else(|| "one is a prefix of the other".to_string());
            failures.push(format!("#{i}: differs at {first}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Prints `value` with the printer for `nid`.
fn print(nid: u16, value: &[u8]) -> Result<(Printed, Vec<u8>), Unsupported> {
    let mut out = Vec::new();
    let printed = printer(nid).expect("a printer")(&mut out, value, 4)?;
    Ok((printed, out))
}

/// BER the template decoder reassembles — indefinite lengths, segmented
/// strings — prints as the installed `openssl x509 -text` prints it.
#[test]
fn ber_that_openssl_reassembles_prints_like_openssl() {
    let cases: &[(&[u8], &[u8])] = &[
        // certificatePolicies, indefinite length
        (b"\x55\x1d\x20", b"\x30\x80\x30\x06\x06\x04\x55\x1d\x20\x00\x00\x00"),
        // a CPS URI as a constructed IA5String
        (
            b"\x55\x1d\x20",
            b"\x30\x19\x30\x17\x06\x02\x2a\x03\x30\x11\x30\x0f\x06\x08\x2b\x06\x01\x05\x05\x07\x02\x01\x36\x03\x16\x01\x61",
        ),
        // an unknown policy qualifier holding a constructed OCTET STRING
        (
            b"\x55\x1d\x20",
            b"\x30\x12\x30\x10\x06\x02\x2a\x03\x30\x0a\x30\x08\x06\x01\x2a\x24\x03\x04\x01\x61",
        ),
        // an SCT list in a constructed OCTET STRING
        (
            b"\x2b\x06\x01\x04\x01\xd6\x79\x02\x04\x02",
            b"\x24\x04\x04\x02\x00\x00",
        ),
        // an RFC 3779 prefix as a constructed BIT STRING
        (
            b"\x2b\x06\x01\x05\x05\x07\x01\x07",
            b"\x30\x0d\x30\x0b\x04\x02\x00\x01\x30\x05\x23\x03\x03\x01\x00",
        ),
        // a DNS name as a constructed [2] IA5String
        (b"\x55\x1d\x11", b"\x30\x05\xa2\x03\x16\x01\x61"),
        // an otherName whose indefinite [0] holds `00 00` (read as a
        // universal tag 0 value before the end-of-contents), then a DNS name
        (
            b"\x55\x1d\x11",
            b"\x30\x80\xa0\x80\x06\x03\x2a\x03\x04\xa0\x80\x00\x00\x00\x00\x00\x00\x82\x01\x62\x00\x00",
        ),
    ];
    let extensions: Vec<(Vec<u8>, Vec<u8>)> = cases
        .iter()
        .map(|(object, value)| (object.to_vec(), value.to_vec()))
        .collect();
    assert_prints_like_openssl(&extensions);
}

#[test]
fn hostile_values_never_panic() {
    // Every prefix of real values, and bit flips of them, for every printer.
    let seeds: Vec<(u16, Vec<u8>)> = bundle_values()
        .into_iter()
        .filter_map(|(object, value)| {
            let nid = super::super::oid::nid(&object)?;
            printer(nid).map(|_| (nid, value))
        })
        .collect();
    assert!(seeds.len() > 100);
    for (nid, value) in &seeds {
        for end in 0..value.len() {
            let _ = print(*nid, &value[..end]);
        }
        for at in 0..value.len().min(64) {
            let mut flipped = value.clone();
            flipped[at] ^= 0x81;
            let _ = print(*nid, &flipped);
        }
    }
}

/// `certificate` with its extensions replaced by `(OID content, value)`s.
fn with_extensions(certificate: &[u8], extensions: &[(Vec<u8>, Vec<u8>)]) -> Vec<u8> {
    let mut outer = Reader::new(certificate);
    let mut cert = Reader::new(outer.read_tag(der::SEQUENCE).unwrap());
    let mut tbs = Reader::new(cert.read_tag(der::SEQUENCE).unwrap());
    let mut list = Vec::new();
    for (object, value) in extensions {
        let mut extension = Vec::new();
        push_tlv(&mut extension, der::OID, object);
        push_tlv(&mut extension, der::OCTET_STRING, value);
        push_tlv(&mut list, der::SEQUENCE, &extension);
    }
    let mut sequence = Vec::new();
    push_tlv(&mut sequence, der::SEQUENCE, &list);
    let mut new_tbs = Vec::new();
    while !tbs.is_empty() {
        let field = tbs.read().unwrap();
        if field.tag == der::context(3, true) {
            push_tlv(&mut new_tbs, field.tag, &sequence);
        } else {
            push_tlv(&mut new_tbs, field.tag, field.content);
        }
    }
    let mut body = Vec::new();
    push_tlv(&mut body, der::SEQUENCE, &new_tbs);
    body.extend_from_slice(cert.remaining());
    let mut out = Vec::new();
    push_tlv(&mut out, der::SEQUENCE, &body);
    out
}

/// xorshift64*: a fixed, dependency-free sequence of mutations.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let value = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33;
        usize::try_from(value).unwrap() % n.max(1)
    }
}

fn mutate(value: &[u8], random: &mut Random) -> Vec<u8> {
    let mut value = value.to_vec();
    for _ in 0..=random.below(2) {
        let at = random.below(value.len());
        match random.below(6) {
            0 => value.truncate(at),
            1 if !value.is_empty() => value[at] ^= 1 << random.below(8),
            2 if !value.is_empty() => value[at] = value[at].wrapping_add(1),
            3 if !value.is_empty() => value[at] = value[at].wrapping_sub(1),
            4 if !value.is_empty() => {
                value.remove(at);
            }
            _ => value.insert(at, [0x00, 0x05, 0x30, 0x80, 0xFF][random.below(5)]),
        }
    }
    value
}

/// `rounds` certificates of 25 values drawn from `seeds` and mutated,
/// printed here and by OpenSSL: how many were refused, and a description of
/// each that printed differently (naming the first extension whose text
/// differs).
fn compare_mutated(
    seeds: &[(Vec<u8>, Vec<u8>)],
    random: &mut Random,
    rounds: usize,
) -> (usize, Vec<String>) {
    let certificates = bundle();
    let mut refused = 0;
    let mut failures = Vec::new();
    for round in 0..rounds {
        let extensions: Vec<(Vec<u8>, Vec<u8>)> = (0..25)
            .map(|_| {
                let (object, value) = &seeds[random.below(seeds.len())];
                (object.clone(), mutate(value, random))
            })
            .collect();
        let certificate = with_extensions(&certificates[0], &extensions);
        let mut ours = Vec::new();
        if print_all(&mut ours, extension_list(&certificate)).is_err() {
            refused += 1;
            continue;
        }
        let theirs = openssl_extensions_text(&certificate);
        if ours != theirs {
            let mut prefix = b"        X509v3 extensions:\n".to_vec();
            let culprit = extensions.iter().find(|(object, value)| {
                let mut one = Vec::new();
                let list = {
                    let mut extension = Vec::new();
                    push_tlv(&mut extension, der::OID, object);
                    push_tlv(&mut extension, der::OCTET_STRING, value);
                    let mut list = Vec::new();
                    push_tlv(&mut list, der::SEQUENCE, &extension);
                    list
                };
                print_all(&mut one, &list).unwrap();
                prefix.extend_from_slice(&one[b"        X509v3 extensions:\n".len()..]);
                !theirs.starts_with(&prefix)
            });
            failures.push(format!(
                "round {round}: {:02x?}\nopenssl: {:?}\nsslsess: {:?}",
                culprit.map(|(_, value)| value),
                String::from_utf8_lossy(&theirs),
                String::from_utf8_lossy(&ours)
            ));
        }
    }
    (refused, failures)
}

/// Random truncations, bit flips, deletions and insertions (`00`, `05`,
/// `30`, `80`, `FF`) in the bundle's values, 25 to a certificate: every
/// certificate we print must print as OpenSSL prints it. Certificates we
/// refuse are skipped, but most must print.
#[test]
fn mutated_values_print_like_openssl_or_are_refused() {
    let mut random = Random(0x5EED_B2B2_0000_0001);
    let (refused, failures) = compare_mutated(&bundle_values(), &mut random, 100);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let compared = 100 - refused;
    assert!(compared >= 60, "{compared} compared, {refused} refused");
}

/// The same mutations in the bundle's values rewritten in BER (indefinite
/// lengths, segmented strings, definite and indefinite): misplaced,
/// missing and extra end-of-contents markers, cut segments. Every
/// certificate must print as OpenSSL prints it; nothing is refused.
#[test]
fn mutated_ber_values_print_like_openssl() {
    use super::super::ber_extension_values::{ber_value, Form};
    let forms = [
        Form::Indefinite,
        Form::Segmented,
        Form::SegmentedIndefinite,
        Form::Nested(6),
    ];
    let seeds: Vec<(Vec<u8>, Vec<u8>)> = bundle_values()
        .into_iter()
        .flat_map(|(object, value)| forms.map(|form| (object.clone(), ber_value(&value, form))))
        .collect();
    let mut random = Random(0x5EED_B2B2_0000_0002);
    let (refused, failures) = compare_mutated(&seeds, &mut random, 150);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(refused, 0);
}

/// BER that OpenSSL reads as it reads the DER spelling (long-form and
/// non-minimal lengths, high-tag-number forms), universal tag 0 values in
/// an ANY, and long forms with no byte after them (which OpenSSL rejects):
/// every one prints, as the installed `openssl x509 -text` prints it, in
/// the printers of every extension family.
#[test]
fn ber_headers_print_like_openssl() {
    let hex = |text: &str| {
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect::<Vec<u8>>()
    };
    let cases = [
        // subjectAltName: `82 82 00 03`, `9F 02`, DirName entries `13 81 01`
        // and `1F 13 01`
        ("551d11", "300782820003612e62"),
        ("551d11", "30049f020161"),
        (
            "551d11",
            "301ea41c301a310b3009060355040313810161310b300906035504031f130161",
        ),
        // a DirName dumped by GENERAL_NAME_print: `07 81 01 61`, `03 01 05`,
        // `30 81 03 …` and `1F 07 01 61` (#070161, #030100, #308103020105)
        (
            "551d1f",
            "303f303da03ba039a4373035310b3009060355040307810161310a30080603550403\
             030105310d300b0603550403308103020105310b300906035504031f070161",
        ),
        // otherName values `00 00`, `1F 2A 01 61` and a UPN as `1F 0C 01 61`
        (
            "551d11",
            "302ca00906032a0304a0020000a00b06032a0304a0041f2a0161a012060a2b06010401\
             8237140203a0041f0c0161",
        ),
        // a policy qualifier's ANY: `00 01 61` is read, `00 00` is an
        // unexpected end-of-contents
        ("551d20", "3013301106032a0304300a300806032a0305000161"),
        ("551d20", "3012301006032a03043009300706032a03050000"),
        // `30 81 00` needs a byte after it; at the top level one is ignored
        ("551d13", "308100"),
        ("551d13", "308100ff"),
        ("551d23", "3006808100820101"),
        ("551d23", "300480820000"),
        ("551d36", "02810105"),
        ("551d1e", "300aa00830069f0203612e62"),
        ("2b06010505070107", "300e300c0481020001300503030000a0"),
    ];
    let extensions: Vec<(Vec<u8>, Vec<u8>)> = cases
        .iter()
        .map(|(object, value)| (hex(object), hex(value)))
        .collect();
    assert_prints_like_openssl(&extensions);
}

/// The first bundle certificate with `extensions` (OID content, value)
/// prints them, nothing refused, as the installed `openssl x509 -text` does.
fn assert_prints_like_openssl(extensions: &[(Vec<u8>, Vec<u8>)]) {
    let certificate = with_extensions(&bundle()[0], extensions);
    let mut ours = Vec::new();
    print_all(&mut ours, extension_list(&certificate)).expect("nothing refused");
    assert_eq!(
        String::from_utf8_lossy(&ours),
        String::from_utf8_lossy(&openssl_extensions_text(&certificate))
    );
}
