//! `X509_signature_print` (`crypto/x509/t_x509.c`): the algorithm's name
//! and, for the outer signature, `Signature Value:` and its dump. The
//! algorithm's key type decides the dump (`ameth->sig_print`): RSA-PSS
//! prints its parameters, DSA its `r` and `s`, every other type (RSA,
//! ECDSA, EdDSA, unknown) the raw bytes.

use super::ber::Undecodable;
use super::der::{self, Reader, Tlv};
use super::{oid, pss, Unsupported};
use crate::dump::{self, indent, HexLayout};
use session_model::OpenSslVersion;

/// libcrypto's NID of `rsassaPss`.
const NID_RSASSA_PSS: u16 = 912;
/// Signature NIDs whose key type is DSA: `OBJ_find_sigid_algs` pairs them
/// with `dsa` or its alias `dsa_2`, whose method has `dsa_sig_print`
/// (dsaWithSHA, dsaWithSHA1-old, dsaWithSHA1, dsa_with_SHA224,
/// dsa_with_SHA256; read from libcrypto 3.0.19).
const DSA_SIGNATURE_NIDS: [u16; 5] = [66, 70, 113, 802, 803];

/// Prints `    Signature Algorithm: <name>` and, with `value`, the
/// signature. The leading four spaces of the TBS algorithm line are the
/// caller's; X509_signature_print adds its own four.
pub(crate) fn print(
    out: &mut Vec<u8>,
    algorithm: &[u8],
    value: Option<&[u8]>,
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let hex = HexLayout::of(openssl);
    let mut fields = Reader::new(algorithm);
    let oid_content = fields.read_tag(der::OID)?;
    let parameter = if fields.is_empty() {
        None
    } else {
        Some(fields.read()?)
    };
    fields.finish()?;

    if openssl < OpenSslVersion::V3_0 {
        return print_1_1_1(out, oid_content, value, hex);
    }
    out.extend_from_slice(b"    Signature Algorithm: ");
    out.extend_from_slice(oid::name(oid_content).as_bytes());
    if value.is_some() {
        out.extend_from_slice(b"\n    Signature Value:");
    }
    match oid::nid(oid_content) {
        Some(NID_RSASSA_PSS) => {
            print_pss_parameters(out, parameter, 8)?;
            if let Some(value) = value {
                dump::signature_dump(out, value, 8, hex);
            }
        }
        Some(nid) if DSA_SIGNATURE_NIDS.contains(&nid) => match value {
            None => out.push(b'\n'),
            Some(value) => match dsa_signature(value) {
                Some((r, s)) => {
                    out.push(b'\n');
                    dump::bn_print(out, "r:   ", false, r, 8, hex);
                    dump::bn_print(out, "s:   ", false, s, 8, hex);
                }
                None => {
                    out.push(b'\n');
                    dump::signature_dump(out, value, 8, hex);
                }
            },
        },
        _ => {
            out.push(b'\n');
            if let Some(value) = value {
                dump::signature_dump(out, value, 8, hex);
            }
        }
    }
    Ok(())
}

/// 1.1.1's `X509_signature_print` (crypto/x509/t_x509.c of 1.1.1w): no
/// `Signature Value:` line; the dump at indent 9, each of its lines opened
/// by a newline (`X509_signature_dump`), or a newline alone without a
/// value. RSA-PSS and DSA signatures, which its `sig_print` methods print
/// their own way, are refused.
fn print_1_1_1(
    out: &mut Vec<u8>,
    oid_content: &[u8],
    value: Option<&[u8]>,
    hex: HexLayout,
) -> Result<(), Unsupported> {
    match oid::nid(oid_content) {
        Some(nid) if nid == NID_RSASSA_PSS || DSA_SIGNATURE_NIDS.contains(&nid) => {
            return Err(Unsupported::new(format!(
                "OpenSSL 1.1.1's text of a {} signature is not reproduced",
                oid::name(oid_content)
            )))
        }
        _ => {}
    }
    out.extend_from_slice(b"    Signature Algorithm: ");
    out.extend_from_slice(oid::name(oid_content).as_bytes());
    match value {
        Some(value) => dump::signature_dump(out, value, 9, hex),
        None => out.push(b'\n'),
    }
    Ok(())
}

/// `rsa_pss_param_print(bp, 0, pss, indent)` for a signature algorithm;
/// parameters [`pss::decode`] rejects print as invalid.
fn print_pss_parameters(
    out: &mut Vec<u8>,
    parameter: Option<Tlv<'_>>,
    width: usize,
) -> Result<(), Unsupported> {
    indent(out, width);
    let pss = match pss::decode(parameter) {
        Ok(pss) => pss,
        Err(Undecodable::Rejected) => {
            out.extend_from_slice(b"(INVALID PSS PARAMETERS)\n");
            return Ok(());
        }
        Err(Undecodable::Unsupported(why)) => return Err(Unsupported::new(why)),
    };
    out.push(b'\n');
    indent(out, width);
    out.extend_from_slice(b"Hash Algorithm: ");
    match pss.hash {
        Some(hash) => out.extend_from_slice(oid::name(hash).as_bytes()),
        None => out.extend_from_slice(b"sha1 (default)"),
    }
    out.push(b'\n');
    indent(out, width);
    out.extend_from_slice(b"Mask Algorithm: ");
    match pss.mask {
        Some((mgf, hash)) => {
            out.extend_from_slice(oid::name(mgf).as_bytes());
            out.extend_from_slice(b" with ");
            out.extend_from_slice(oid::name(hash).as_bytes());
        }
        None => out.extend_from_slice(b"mgf1 with sha1 (default)"),
    }
    out.push(b'\n');
    indent(out, width);
    out.extend_from_slice(b" Salt Length: 0x");
    match &pss.salt_length {
        Some(n) => dump::i2a_integer(out, n.negative, &n.magnitude),
        None => out.extend_from_slice(b"14 (default)"),
    }
    out.push(b'\n');
    indent(out, width);
    out.extend_from_slice(b"Trailer Field: 0x");
    match &pss.trailer_field {
        Some(n) => dump::i2a_integer(out, n.negative, &n.magnitude),
        None => out.extend_from_slice(b"01 (default)"),
    }
    out.push(b'\n');
    Ok(())
}

/// `d2i_DSA_SIG` (`ossl_decode_der_dsa_sig`): a SEQUENCE of two
/// non-negative INTEGERs; lengths in short form or `81`/`82` (not checked
/// for minimality); bytes after the SEQUENCE are ignored.
fn dsa_signature(value: &[u8]) -> Option<(&[u8], &[u8])> {
    /// `ossl_decode_der_length` (crypto/asn1_dsa.c): libcrypto decodes a
    /// DSA signature with its own PACKET reader, not the template decoder,
    /// so these rules are not those of `ber.rs`: the short form, or `81`
    /// / `82` and one or two length octets (not checked for minimality);
    /// nothing longer, no indefinite length.
    fn length(input: &[u8]) -> Option<(&[u8], &[u8])> {
        let (&first, rest) = input.split_first()?;
        let (n, rest) = match first {
            0..=0x7F => (usize::from(first), rest),
            0x81 => (usize::from(*rest.first()?), &rest[1..]),
            0x82 => {
                let bytes = rest.get(..2)?;
                (
                    (usize::from(bytes[0]) << 8) | usize::from(bytes[1]),
                    &rest[2..],
                )
            }
            _ => return None,
        };
        (rest.len() >= n).then(|| rest.split_at(n))
    }
    fn integer(input: &[u8]) -> Option<(&[u8], &[u8])> {
        let (&tag, rest) = input.split_first()?;
        if tag != der::INTEGER {
            return None;
        }
        let (content, rest) = length(rest)?;
        match content {
            [] => return None,
            [first, ..] if first & 0x80 != 0 => return None,
            [0, next, ..] if next & 0x80 == 0 => return None,
            _ => {}
        }
        Some((content, rest))
    }
    let (&tag, rest) = value.split_first()?;
    if tag != der::SEQUENCE {
        return None;
    }
    let (content, _) = length(rest)?;
    let (r, rest) = integer(content)?;
    let (s, rest) = integer(rest)?;
    rest.is_empty().then_some((r, s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dsa_signature_rules_follow_ossl_decode_der_dsa_sig() {
        assert_eq!(
            dsa_signature(&[0x30, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07, 0xEE]),
            Some((&[0x05][..], &[0x07][..]))
        );
        // A negative r, a padded s, a long-form length beyond 0x82.
        assert_eq!(
            dsa_signature(&[0x30, 0x06, 0x02, 0x01, 0x85, 0x02, 0x01, 0x07]),
            None
        );
        assert_eq!(
            dsa_signature(&[0x30, 0x07, 0x02, 0x01, 0x05, 0x02, 0x02, 0x00, 0x07]),
            None
        );
        assert_eq!(dsa_signature(&[0x30, 0x83, 0x00, 0x00, 0x06]), None);
        // 0x81 with a short value is accepted (not checked for minimality).
        assert_eq!(
            dsa_signature(&[0x30, 0x81, 0x06, 0x02, 0x01, 0x05, 0x02, 0x01, 0x07]),
            Some((&[0x05][..], &[0x07][..]))
        );
    }
}
