//! `X509_print`, as `openssl sess_id -text -cert` prints a session's peer
//! certificate (`crypto/x509/t_x509.c`, `X509_print_ex` with
//! `XN_FLAG_COMPAT` names and `X509_FLAG_COMPAT` parts).
//!
//! The printers reproduce OpenSSL 3.0's text for certificates in DER and in
//! the BER `d2i_X509` reads: the certificate is first rewritten as the DER of
//! what OpenSSL's parse holds (`skeleton.rs`); values inside it (extension
//! values, key bits, parameters) are read as OpenSSL's template decoder
//! reads them, BER included (`ber.rs`). What they cannot reproduce
//! exactly — a key type or extension without a printer here, a key libcrypto would fail to load (it
//! then prints its error queue, which names the process) — comes back as
//! [`Unsupported`], and the caller refuses rather than print something
//! OpenSSL would not.

#[cfg(test)]
mod ber_certificates;
#[cfg(test)]
mod ber_extension_values;
mod der;
mod extensions;
mod name;
mod oid;
#[rustfmt::skip]
mod oid_table;
mod public_key;
mod signature;
mod skeleton;
mod time;
#[rustfmt::skip]
mod version_guards;

// The template reader, INTEGERs and RSASSA-PSS parameters are ossl-pkey's,
// which loads subject keys with them.
use ossl_pkey::{ber, integer, pss};

use crate::dump::{self, indent};
use der::Reader;
use integer::Integer;
use session_model::OpenSslVersion;

/// Why a certificate's text cannot be reproduced: what the printer met that
/// it cannot print exactly as OpenSSL would (BER inside the certificate, a
/// key or extension form without a printer here, a key libcrypto would fail
/// to load), in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unsupported {
    what: String,
}

impl Unsupported {
    pub(crate) fn new(what: impl Into<String>) -> Self {
        Unsupported { what: what.into() }
    }
}

impl std::fmt::Display for Unsupported {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.what)
    }
}

impl std::error::Error for Unsupported {}

/// The text `X509_print` of OpenSSL `openssl` writes for a DER certificate —
/// what `openssl x509 -text -noout -nameopt compat` prints, and what
/// `openssl sess_id -text -cert` prints after the session.
///
/// OpenSSL 3.0's text is reproduced in full. For the other versions it is
/// 3.0's with what differs in theirs — compared on the 742 test
/// certificates (`testdata/x509`) through each version's `openssl sess_id
/// -text -cert` — printed their way where that is known and refused where
/// it is not (the crate's README has the list):
/// - 3.5 and 3.6: a newline after each full name of a CRL distribution
///   point (`crypto/x509/v3_crld.c`); refused: an object identifier their
///   object table names otherwise or only one of the two knows, an
///   extension only they have a printer for (`version_guards.rs`, from
///   their sources), a negative integer (`-1 (-0x1)` for a serial), an
///   `otherName` (`othername: UPN:` for 3.0's `othername: UPN::`), a CRL ID
///   with a bad time, public keys other than RSA, RSA-PSS, EC, EdDSA,
///   X25519/X448 and DSA (`dsaEncryption`); for 3.6 also BER and an
///   extension value 3.0 cannot decode (its decoder reads some lengths 3.5
///   refuses);
/// - 4.0: as 3.6, with its hex layout (24 bytes a signature line, 16 a key
///   line, no `00` sign octet), EC keys' field and security bits, the
///   authority key identifier's serial as an integer and `(null)` for a
///   NULL `%s`; refused also: explicit EC parameters other than a built-in
///   curve's and `Bad time value`;
/// - 1.1.1: its signature layout, `RSA Public-Key:`, named-curve EC, X25519,
///   X448 and EdDSA keys, the authority key identifier's `keyid:` and the
///   blank line after multiline extensions; the common web PKI extensions
///   (key identifiers, key usages, basic constraints, alternative names and
///   information access with email, DNS, URI and IP names, certificate
///   policies with CPS qualifiers) print; everything else it prints
///   otherwise (other keys, RSA-PSS and DSA signatures, other extensions,
///   BER, unusual times and names, OIDs its table names otherwise) is
///   refused.
///
/// ```
/// let certificate: &[u8] = &[
///     0x30, 0x81, 0xe6, 0x30, 0x81, 0x99, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02,
///     0x02, 0x12, 0x34, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x30, 0x12,
///     0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x07, 0x65,
///     0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x30, 0x1e, 0x17, 0x0d, 0x32, 0x36,
///     0x31, 0x32, 0x30, 0x33, 0x30, 0x39, 0x31, 0x39, 0x35, 0x35, 0x5a, 0x17,
///     0x0d, 0x33, 0x36, 0x31, 0x31, 0x33, 0x30, 0x30, 0x39, 0x31, 0x39, 0x35,
///     0x35, 0x5a, 0x30, 0x12, 0x31, 0x10, 0x30, 0x0e, 0x06, 0x03, 0x55, 0x04,
///     0x03, 0x0c, 0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x30, 0x2a,
///     0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00, 0x5c, 0xb2,
///     0x81, 0x72, 0xb1, 0xc7, 0x50, 0x48, 0xd5, 0x5c, 0x49, 0x1f, 0x8b, 0xff,
///     0x6a, 0xe9, 0x8a, 0xb1, 0x27, 0x06, 0x2c, 0x30, 0x1c, 0xcc, 0x5a, 0x5a,
///     0x02, 0x76, 0xd8, 0xea, 0xfc, 0xf5, 0xa3, 0x13, 0x30, 0x11, 0x30, 0x0f,
///     0x06, 0x03, 0x55, 0x1d, 0x13, 0x01, 0x01, 0xff, 0x04, 0x05, 0x30, 0x03,
///     0x01, 0x01, 0xff, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x41,
///     0x00, 0x89, 0xa9, 0x6d, 0x35, 0xeb, 0x5b, 0x61, 0x33, 0x2a, 0xcb, 0x92,
///     0x68, 0x9c, 0x15, 0xb6, 0xa0, 0xa0, 0xc0, 0x1b, 0xab, 0x8b, 0x48, 0xae,
///     0xf6, 0x78, 0x7c, 0x06, 0xf4, 0x98, 0x67, 0x74, 0x89, 0xe2, 0x04, 0xba,
///     0x2f, 0xc2, 0x85, 0xc3, 0x1a, 0x38, 0x29, 0x97, 0x04, 0x40, 0x38, 0x3e,
///     0xb5, 0xae, 0xd1, 0xef, 0x8b, 0x18, 0x98, 0x1d, 0x68, 0x9f, 0x8f, 0x16,
///     0xcd, 0x7e, 0xa9, 0xbc, 0x08,
/// ];
/// // `openssl x509 -inform DER -text -noout -nameopt compat` (OpenSSL 3.0.19),
/// // which is X509_print:
/// let expected = "Certificate:
///     Data:
///         Version: 3 (0x2)
///         Serial Number: 4660 (0x1234)
///         Signature Algorithm: ED25519
///         Issuer: CN=example
///         Validity
///             Not Before: Dec  3 09:19:55 2026 GMT
///             Not After : Nov 30 09:19:55 2036 GMT
///         Subject: CN=example
///         Subject Public Key Info:
///             Public Key Algorithm: ED25519
///                 ED25519 Public-Key:
///                 pub:
///                     5c:b2:81:72:b1:c7:50:48:d5:5c:49:1f:8b:ff:6a:
///                     e9:8a:b1:27:06:2c:30:1c:cc:5a:5a:02:76:d8:ea:
///                     fc:f5
///         X509v3 extensions:
///             X509v3 Basic Constraints: critical
///                 CA:TRUE
///     Signature Algorithm: ED25519
///     Signature Value:
///         89:a9:6d:35:eb:5b:61:33:2a:cb:92:68:9c:15:b6:a0:a0:c0:
///         1b:ab:8b:48:ae:f6:78:7c:06:f4:98:67:74:89:e2:04:ba:2f:
///         c2:85:c3:1a:38:29:97:04:40:38:3e:b5:ae:d1:ef:8b:18:98:
///         1d:68:9f:8f:16:cd:7e:a9:bc:08
/// ";
/// let text = session_text::x509_print(certificate, session_model::OpenSslVersion::V3_0)?;
/// assert_eq!(String::from_utf8_lossy(&text), expected);
/// # Ok::<(), session_text::Unsupported>(())
/// ```
///
/// # Errors
/// [`Unsupported`] when the text cannot be reproduced with certainty for
/// that version.
pub fn x509_print(certificate: &[u8], openssl: OpenSslVersion) -> Result<Vec<u8>, Unsupported> {
    if openssl == OpenSslVersion::V3_0 {
        return x509_print_as(certificate, openssl);
    }
    // 3.6's template decoder reads some long-form lengths 3.5 refuses
    // (asn1_get_length), and 1.1.1's is not compared: BER they may read
    // otherwise is refused.
    if (openssl >= OpenSslVersion::V3_6 || openssl < OpenSslVersion::V3_0)
        && skeleton::as_der(certificate)? != certificate
    {
        return Err(Unsupported::new(format!(
            "OpenSSL {openssl} may read this BER certificate otherwise than 3.0"
        )));
    }
    refuse_objects_printed_otherwise(certificate, openssl)?;
    let text = x509_print_as(certificate, openssl)?;
    refuse_text_printed_otherwise(&text, openssl)?;
    Ok(text)
}

/// Refuses a certificate holding an object identifier `openssl` prints
/// otherwise than 3.0 (`version_guards.rs`). The OIDs are looked for as
/// bytes, `06 len content` with a short or a one-byte long-form length,
/// anywhere in the certificate: a match that is not an OID only refuses
/// more — except a match inside the content of an OID found by walking the
/// DER ([`object_contents`]): `06 01 04` is in every OID under
/// 1.3.6.1.4.1 and would otherwise refuse them all for `0.4`.
fn refuse_objects_printed_otherwise(
    certificate: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let mut objects = Vec::new();
    object_contents(certificate, 0, 0, &mut objects);
    let inside_an_object =
        |at: usize, len: usize| objects.iter().any(|r| r.start <= at && at + len <= r.end);
    let contains = |needle: &[u8]| {
        certificate
            .windows(needle.len())
            .enumerate()
            .any(|(at, w)| w == needle && !inside_an_object(at, needle.len()))
    };
    for &(version, content) in version_guards::DIFFERING_OIDS {
        if version != openssl {
            continue;
        }
        let Ok(len) = u8::try_from(content.len()) else {
            continue;
        };
        let short = [&[0x06, len][..], content].concat();
        let long = [&[0x06, 0x81, len][..], content].concat();
        if contains(&short) || contains(&long) {
            return Err(Unsupported::new(format!(
                "the certificate holds {}, which OpenSSL {openssl} names or prints otherwise \
                 than 3.0",
                oid::dotted(content)
            )));
        }
    }
    Ok(())
}

/// Collects the content ranges (offsets from `base`) of the OBJECT
/// IDENTIFIERs in `bytes` read as a series of DER elements: inside
/// constructed elements and inside OCTET and BIT STRINGs whose content reads
/// as DER (extension values, keys). A level that does not read whole as DER
/// adds nothing, so only real OIDs' contents are collected; what is not
/// walked stays subject to the byte search.
fn object_contents(
    bytes: &[u8],
    base: usize,
    depth: usize,
    out: &mut Vec<std::ops::Range<usize>>,
) -> bool {
    if depth > 32 {
        return false;
    }
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let tag = bytes[at];
        if tag & 0x1F == 0x1F {
            return false;
        }
        let Some(&first) = bytes.get(at + 1) else {
            return false;
        };
        let (len, header) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let count = usize::from(first & 0x7F);
            if count == 0 || count > 4 {
                return false;
            }
            let Some(octets) = bytes.get(at + 2..at + 2 + count) else {
                return false;
            };
            let len = octets
                .iter()
                .fold(0usize, |n, &b| (n << 8) | usize::from(b));
            (len, 2 + count)
        };
        let start = at + header;
        let Some(content) = start.checked_add(len).and_then(|end| bytes.get(start..end)) else {
            return false;
        };
        let offset = base + start;
        match tag {
            0x06 => found.push(offset..offset + len),
            0x04 => {
                object_contents(content, offset, depth + 1, &mut found);
            }
            0x03 if !content.is_empty() => {
                object_contents(&content[1..], offset + 1, depth + 1, &mut found);
            }
            _ if tag & 0x20 != 0 && !object_contents(content, offset, depth + 1, &mut found) => {
                return false;
            }
            _ => {}
        }
        at = start + len;
    }
    out.extend(found);
    true
}

/// The parts of 3.0's text that 3.5 and later print otherwise (seen on the
/// test certificates through their `openssl sess_id -text -cert`), and the
/// public key algorithms whose text was compared.
fn refuse_text_printed_otherwise(text: &[u8], openssl: OpenSslVersion) -> Result<(), Unsupported> {
    let contains = |needle: &[u8]| text.windows(needle.len()).any(|w| w == needle);
    for (marker, what) in [
        (&b"(Negative)"[..], "a negative integer"),
        (b"othername:", "an otherName"),
        (b"crlTime: Bad time value", "a CRL ID with a bad time"),
    ] {
        if contains(marker) {
            return Err(Unsupported::new(format!(
                "OpenSSL {openssl} prints {what} otherwise than 3.0, and its text is not reproduced"
            )));
        }
    }
    // 4.0's OPENSSL_gmtime_adj (crypto/asn1/a_time_posix.c) takes years 0
    // to 9999 where 3.x's took 1900 to 9999: a time offset that 3.0 cannot
    // apply may print as a date there. 1.1.1's X509_print stops at a time
    // it cannot print.
    // The same range prints an SCT's timestamp 3.0 leaves empty
    // (ct/ct_prn.c, timestamp_print).
    if (openssl >= OpenSslVersion::V4_0 || openssl < OpenSslVersion::V3_0)
        && (contains(b"Bad time value") || contains(b"Timestamp : \n"))
    {
        return Err(Unsupported::new(format!(
            "OpenSSL {openssl} may print a time 3.0 cannot read, and its text is not reproduced"
        )));
    }
    const KEYS: [&str; 8] = [
        "rsaEncryption",
        "rsassaPss",
        "id-ecPublicKey",
        "ED25519",
        "ED448",
        "X25519",
        "X448",
        "dsaEncryption",
    ];
    let algorithm = text
        .split(|&b| b == b'\n')
        .find_map(|line| line.strip_prefix(b"            Public Key Algorithm: "));
    match algorithm {
        Some(name) if KEYS.iter().any(|k| k.as_bytes() == name) => Ok(()),
        _ => Err(Unsupported::new(format!(
            "OpenSSL {openssl}'s text for this public key algorithm is not reproduced"
        ))),
    }
}

/// OpenSSL 3.0's `X509_print`, for the tests that compare with it.
#[cfg(test)]
fn x509_print_3_0(certificate: &[u8]) -> Result<Vec<u8>, Unsupported> {
    x509_print_as(certificate, OpenSslVersion::V3_0)
}

/// OpenSSL 3.0's `X509_print`, with the differences of a later version that
/// are reproduced.
fn x509_print_as(certificate: &[u8], openssl: OpenSslVersion) -> Result<Vec<u8>, Unsupported> {
    // d2i_X509 keeps values, not headers: a BER certificate prints as the
    // DER of what OpenSSL made of it.
    let certificate = skeleton::as_der(certificate)?;
    let mut outer = Reader::new(&certificate);
    let mut cert = Reader::new(outer.read_tag(der::SEQUENCE)?);
    outer.finish()?;
    let mut tbs = Reader::new(cert.read_tag(der::SEQUENCE)?);
    let signature_algorithm = cert.read_tag(der::SEQUENCE)?;
    let signature_value = bit_string_bytes(cert.read_tag(der::BIT_STRING)?)?;
    cert.finish()?;

    let hex = dump::HexLayout::of(openssl);
    let mut out = Vec::with_capacity(4096);
    out.extend_from_slice(b"Certificate:\n    Data:\n");

    // X509_get_version: an absent [0] is version 1 (0).
    let version = match tbs.read_optional(der::context(0, true))? {
        Some(explicit) => {
            let mut inner = Reader::new(explicit);
            let value = Integer::from_content(inner.read_tag(der::INTEGER)?).get_long();
            inner.finish()?;
            value
        }
        None => 0,
    };
    if (0..=2).contains(&version) {
        out.extend_from_slice(
            format!("        Version: {} (0x{:x})\n", version + 1, version).as_bytes(),
        );
    } else {
        out.extend_from_slice(format!("        Version: Unknown ({version})\n").as_bytes());
    }

    let serial = Integer::from_content(tbs.read_tag(der::INTEGER)?);
    print_serial(&mut out, &serial);

    let tbs_signature_algorithm = tbs.read_tag(der::SEQUENCE)?;
    indent(&mut out, 4);
    signature::print(&mut out, tbs_signature_algorithm, None, openssl)?;

    let issuer = tbs.read_tag(der::SEQUENCE)?;
    if openssl < OpenSslVersion::V3_0 {
        name::refuse_oneline_otherwise_in_1_1_1(issuer)?;
    }
    out.extend_from_slice(b"        Issuer: ");
    name::print_compat(&mut out, issuer)?;
    out.push(b'\n');

    let mut validity = Reader::new(tbs.read_tag(der::SEQUENCE)?);
    let not_before = validity.read()?;
    let not_after = validity.read()?;
    validity.finish()?;
    if openssl < OpenSslVersion::V3_0 {
        refuse_time_read_otherwise_in_1_1_1(not_before)?;
        refuse_time_read_otherwise_in_1_1_1(not_after)?;
    }
    out.extend_from_slice(b"        Validity\n            Not Before: ");
    time::print_rfc822(&mut out, not_before)?;
    out.extend_from_slice(b"\n            Not After : ");
    time::print_rfc822(&mut out, not_after)?;
    out.push(b'\n');

    let subject = tbs.read_tag(der::SEQUENCE)?;
    if openssl < OpenSslVersion::V3_0 {
        name::refuse_oneline_otherwise_in_1_1_1(subject)?;
    }
    out.extend_from_slice(b"        Subject: ");
    name::print_compat(&mut out, subject)?;
    out.push(b'\n');

    let spki = tbs.read_tag(der::SEQUENCE)?;
    print_public_key_info(&mut out, spki, openssl)?;

    if let Some(issuer_uid) = tbs.read_optional(der::context(1, false))? {
        out.extend_from_slice(b"        Issuer Unique ID: ");
        dump::signature_dump(&mut out, bit_string_bytes(issuer_uid)?, 12, hex);
    }
    if let Some(subject_uid) = tbs.read_optional(der::context(2, false))? {
        out.extend_from_slice(b"        Subject Unique ID: ");
        dump::signature_dump(&mut out, bit_string_bytes(subject_uid)?, 12, hex);
    }
    if let Some(explicit) = tbs.read_optional(der::context(3, true))? {
        let mut inner = Reader::new(explicit);
        let list = inner.read_tag(der::SEQUENCE)?;
        inner.finish()?;
        extensions::print_all_as(&mut out, list, openssl)?;
    }
    tbs.finish()?;

    signature::print(
        &mut out,
        signature_algorithm,
        Some(signature_value),
        openssl,
    )?;
    Ok(out)
}

/// Refuses a validity time other than RFC 5280's forms (`YYMMDDHHMMSSZ`,
/// `YYYYMMDDHHMMSSZ`): 1.1.1's `ASN1_TIME_print` (crypto/asn1/a_time.c of
/// 1.1.1w) reads fractions, offsets and short forms otherwise than 3.0's,
/// and its `X509_print` stops at a time it cannot print.
fn refuse_time_read_otherwise_in_1_1_1(time: der::Tlv<'_>) -> Result<(), Unsupported> {
    let length = match time.tag {
        der::UTC_TIME => 13,
        der::GENERALIZED_TIME => 15,
        _ => 0,
    };
    let plain = time.content.len() == length
        && time
            .content
            .split_last()
            .is_some_and(|(last, digits)| *last == b'Z' && digits.iter().all(u8::is_ascii_digit));
    if plain {
        Ok(())
    } else {
        Err(Unsupported::new(
            "OpenSSL 1.1.1 may print this validity time otherwise than 3.0",
        ))
    }
}

/// The serial: decimal and hex when `ASN1_INTEGER_get` gives something other
/// than its error value -1 (a real -1 included), else the magnitude's bytes.
fn print_serial(out: &mut Vec<u8>, serial: &Integer) {
    out.extend_from_slice(b"        Serial Number:");
    let value = if serial.magnitude.len() <= 8 {
        serial.get_long()
    } else {
        -1
    };
    if value != -1 {
        let sign = if serial.negative { "-" } else { "" };
        let magnitude = value.unsigned_abs();
        out.extend_from_slice(format!(" {sign}{magnitude} ({sign}0x{magnitude:x})\n").as_bytes());
    } else {
        out.push(b'\n');
        indent(out, 12);
        if serial.negative {
            out.extend_from_slice(b" (Negative)");
        }
        for (i, byte) in serial.magnitude.iter().enumerate() {
            dump::push_hex_lower(out, *byte);
            out.push(if i + 1 == serial.magnitude.len() {
                b'\n'
            } else {
                b':'
            });
        }
    }
}

/// `Subject Public Key Info:`, the algorithm's name, then the key as
/// `EVP_PKEY_print_public` prints it at indent 16.
fn print_public_key_info(
    out: &mut Vec<u8>,
    spki: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let mut fields = Reader::new(spki);
    let algorithm = fields.read_tag(der::SEQUENCE)?;
    let key = fields.read_tag(der::BIT_STRING)?;
    fields.finish()?;
    let mut algorithm_fields = Reader::new(algorithm);
    let oid = algorithm_fields.read_tag(der::OID)?;
    let parameters = if algorithm_fields.is_empty() {
        None
    } else {
        Some(algorithm_fields.read()?)
    };
    algorithm_fields.finish()?;
    out.extend_from_slice(b"        Subject Public Key Info:\n            Public Key Algorithm: ");
    out.extend_from_slice(oid::name(oid).as_bytes());
    out.push(b'\n');
    public_key::print(out, oid, parameters, bit_string_bytes(key)?, 16, openssl)
}

/// The bytes of a certificate BIT STRING's content (after the unused-bits
/// octet), read by [`ber::bit_string`] as `c2i_ASN1_BIT_STRING` reads them.
/// OpenSSL clears set unused bits on reading; such a string is not DER, and
/// the strict certificate reader refuses it rather than print bytes other
/// than the ones encoded.
pub(crate) fn bit_string_bytes(content: &[u8]) -> Result<&[u8], Unsupported> {
    let bits =
        ber::bit_string(content).map_err(|_| Unsupported::new("a BIT STRING is malformed"))?;
    bits.bytes_if_clear()
        .ok_or_else(|| Unsupported::new("a BIT STRING has unused bits set"))
}

/// Every certificate of `testdata/x509/<bundle>`, for the unit tests that
/// compare a printer's part with the installed `openssl`.
#[cfg(test)]
pub(crate) fn bundle_certificates(bundle: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    let path = format!("{}/../testdata/x509/{bundle}", env!("CARGO_MANIFEST_DIR"));
    let pem = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    pem.split("-----BEGIN CERTIFICATE-----")
        .skip(1)
        .map(|block| {
            let body: String = block
                .split("-----END CERTIFICATE-----")
                .next()
                .unwrap_or_default()
                .split_whitespace()
                .collect();
            base64::engine::general_purpose::STANDARD
                .decode(body)
                .unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OID guard matches `0.4` (`06 01 04`, which 3.5's object table
    /// names) where it is an OID, not inside the content of an OID under
    /// 1.3.6.1.4.1 (here ISRG's 1.3.6.1.4.1.44947.1.1.1).
    #[test]
    fn object_guard_matches_real_objects_only() {
        let enterprise = [
            0x30, 0x0D, 0x06, 0x0B, 0x2B, 0x06, 0x01, 0x04, 0x01, 0x82, 0xDF, 0x13, 0x01, 0x01,
            0x01,
        ];
        assert!(enterprise.windows(3).any(|w| w == [0x06, 0x01, 0x04]));
        assert!(refuse_objects_printed_otherwise(&enterprise, OpenSslVersion::V3_5).is_ok());
        let real = [0x30, 0x05, 0x04, 0x03, 0x06, 0x01, 0x04];
        assert!(refuse_objects_printed_otherwise(&real, OpenSslVersion::V3_5).is_err());
        // Bytes that do not read as DER stay subject to the byte search.
        let garbage = [0xFF, 0x06, 0x01, 0x04];
        assert!(refuse_objects_printed_otherwise(&garbage, OpenSslVersion::V3_5).is_err());
        let mut found = Vec::new();
        assert!(object_contents(&enterprise, 0, 0, &mut found));
        assert_eq!(found, vec![4..15]);
    }
}
