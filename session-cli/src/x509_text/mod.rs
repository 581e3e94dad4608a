//! `X509_print`, as `openssl sess_id -text -cert` prints a session's peer
//! certificate (`crypto/x509/t_x509.c`, `X509_print_ex` with
//! `XN_FLAG_COMPAT` names and `X509_FLAG_COMPAT` parts).
//!
//! The printers reproduce OpenSSL 3.0's text for certificates encoded in
//! DER. What they cannot reproduce exactly — BER inside the certificate, a
//! key type or extension without a printer here, a key libcrypto would fail
//! to load (it then prints its error queue, which names the process) — comes
//! back as [`Unsupported`], and the command refuses rather than print
//! something OpenSSL would not.

mod ber;
mod der;
mod extensions;
mod integer;
mod name;
mod oid;
#[rustfmt::skip]
mod oid_table;
mod pss;
mod public_key;
mod signature;
mod time;

use crate::dump::{self, indent};
use der::Reader;
use integer::Integer;

/// Why a certificate's text cannot be reproduced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Unsupported {
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

/// The text `X509_print` writes for a DER certificate.
pub(crate) fn x509_print(certificate: &[u8]) -> Result<Vec<u8>, Unsupported> {
    let mut outer = Reader::new(certificate);
    let mut cert = Reader::new(outer.read_tag(der::SEQUENCE)?);
    outer.finish()?;
    let mut tbs = Reader::new(cert.read_tag(der::SEQUENCE)?);
    let signature_algorithm = cert.read_tag(der::SEQUENCE)?;
    let signature_value = bit_string_bytes(cert.read_tag(der::BIT_STRING)?)?;
    cert.finish()?;

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
    signature::print(&mut out, tbs_signature_algorithm, None)?;

    let issuer = tbs.read_tag(der::SEQUENCE)?;
    out.extend_from_slice(b"        Issuer: ");
    name::print_compat(&mut out, issuer)?;
    out.push(b'\n');

    let mut validity = Reader::new(tbs.read_tag(der::SEQUENCE)?);
    let not_before = validity.read()?;
    let not_after = validity.read()?;
    validity.finish()?;
    out.extend_from_slice(b"        Validity\n            Not Before: ");
    time::print_rfc822(&mut out, not_before)?;
    out.extend_from_slice(b"\n            Not After : ");
    time::print_rfc822(&mut out, not_after)?;
    out.push(b'\n');

    let subject = tbs.read_tag(der::SEQUENCE)?;
    out.extend_from_slice(b"        Subject: ");
    name::print_compat(&mut out, subject)?;
    out.push(b'\n');

    let spki = tbs.read_tag(der::SEQUENCE)?;
    print_public_key_info(&mut out, spki)?;

    if let Some(issuer_uid) = tbs.read_optional(der::context(1, false))? {
        out.extend_from_slice(b"        Issuer Unique ID: ");
        dump::signature_dump(&mut out, bit_string_bytes(issuer_uid)?, 12);
    }
    if let Some(subject_uid) = tbs.read_optional(der::context(2, false))? {
        out.extend_from_slice(b"        Subject Unique ID: ");
        dump::signature_dump(&mut out, bit_string_bytes(subject_uid)?, 12);
    }
    if let Some(explicit) = tbs.read_optional(der::context(3, true))? {
        let mut inner = Reader::new(explicit);
        let list = inner.read_tag(der::SEQUENCE)?;
        inner.finish()?;
        extensions::print_all(&mut out, list)?;
    }
    tbs.finish()?;

    signature::print(&mut out, signature_algorithm, Some(signature_value))?;
    Ok(out)
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
fn print_public_key_info(out: &mut Vec<u8>, spki: &[u8]) -> Result<(), Unsupported> {
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
    public_key::print(out, oid, parameters, bit_string_bytes(key)?, 16)
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
