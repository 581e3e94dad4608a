//! `RSASSA-PSS-params` (RFC 4055) as `ossl_rsa_pss_decode`
//! (crypto/rsa/rsa_ameth.c) reads them from an AlgorithmIdentifier's
//! parameter: the one decoder for both places a certificate carries them.
//!
//! * A signature algorithm (`X509_signature_print` → `rsa_sig_print`):
//!   `signature.rs` prints them with `rsa_pss_param_print(bp, 0, pss, 8)`,
//!   and prints `(INVALID PSS PARAMETERS)` where decoding fails.
//! * An RSA-PSS subject key (`rsa_pub_decode` → `ossl_rsa_param_decode`):
//!   a failure means the key does not load. Such a key is printed by the
//!   provider's `rsa_to_text` (encode_key2text.c) from the
//!   `RSA_PSS_PARAMS_30` the parameters resolve to — digest names such as
//!   `SHA2-256`, a decimal salt length, `(default)` markers computed from
//!   the values — not by `rsa_pss_param_print(bp, 1, ..)`, which OpenSSL 3.0
//!   no longer calls for keys. The two printers share no layout, so
//!   `public_key/rsa.rs` keeps its own.

use crate::ber::{self, Decoded, Element, Parser};
use crate::integer::Integer;
use crate::Tlv;

/// id-mgf1, 1.2.840.113549.1.1.8: the one OID with libcrypto's NID of
/// `mgf1`.
const MGF1: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08];

/// The fields of `RSA_PSS_PARAMS` the printers use; `None` where a field is
/// absent (its default applies).
pub struct PssParameters<'a> {
    /// hashAlgorithm's OID.
    pub hash: Option<&'a [u8]>,
    /// maskGenAlgorithm's OID (always mgf1: nothing else decodes) and the
    /// OID of the hash in its parameter (`RSA_PSS_PARAMS.maskHash`).
    pub mask: Option<(&'a [u8], &'a [u8])>,
    /// saltLength.
    pub salt_length: Option<Integer>,
    /// trailerField.
    pub trailer_field: Option<Integer>,
}

/// `ossl_rsa_pss_decode` of an AlgorithmIdentifier's parameter:
/// `ASN1_TYPE_unpack_sequence` wants a SEQUENCE (absent or another type is
/// rejected), which must decode as `RSA_PSS_PARAMS`; a maskGenAlgorithm
/// must then be mgf1 with a SEQUENCE parameter that decodes as an
/// AlgorithmIdentifier (`ossl_x509_algor_mgf1_decode`). BER the template
/// decoder would reassemble is [`ber::Undecodable::Unsupported`].
pub fn decode(parameter: Option<Tlv<'_>>) -> Decoded<PssParameters<'_>> {
    let Some(parameter) = parameter.filter(|p| p.tag == ber::SEQUENCE) else {
        return ber::rejected();
    };
    let mut fields = Parser::items(parameter.content);
    let hash = fields.optional_explicit(0, algorithm)?;
    let mask = fields.optional_explicit(1, algorithm)?;
    let salt_length = fields.optional_explicit(2, |e| e.expect(ber::INTEGER)?.integer())?;
    let trailer_field = fields.optional_explicit(3, |e| e.expect(ber::INTEGER)?.integer())?;
    fields.finish()?;
    let mask = match mask {
        Some((mgf, Some(parameter))) if mgf == MGF1 => {
            let (mask_hash, _) = algorithm(parameter)?;
            Some((mgf, mask_hash))
        }
        Some(_) => return ber::rejected(),
        None => None,
    };
    Ok(PssParameters {
        hash: hash.map(|(oid, _)| oid),
        mask,
        salt_length: salt_length.map(Integer::from_content),
        trailer_field: trailer_field.map(Integer::from_content),
    })
}

/// An `X509_ALGOR`: a SEQUENCE of an OBJECT and an optional ANY parameter
/// (checked as the template decoder checks an ANY, [`Element::any`]).
pub fn algorithm(element: Element<'_>) -> Decoded<(&[u8], Option<Element<'_>>)> {
    let mut fields = element.expect(ber::SEQUENCE)?.sequence()?;
    let object = fields.expect(ber::OBJECT)?.object()?;
    let parameter = match fields.peek()? {
        Some(_) => {
            let parameter = fields.read()?;
            parameter.any()?;
            Some(parameter)
        }
        None => None,
    };
    fields.finish()?;
    Ok((object, parameter))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ber::Undecodable;

    fn decoded(content: &[u8]) -> Decoded<PssParameters<'_>> {
        decode(Some(Tlv {
            tag: ber::SEQUENCE,
            content,
        }))
    }

    const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];

    #[test]
    fn fields_and_defaults() {
        let pss = decoded(&[]).unwrap();
        assert!(pss.hash.is_none() && pss.mask.is_none());
        assert!(pss.salt_length.is_none() && pss.trailer_field.is_none());
        // [0] { sha256, NULL }, [1] { mgf1, { sha256 } }, [2] 32.
        let content = [
            &[0xA0, 0x0F, 0x30, 0x0D, 0x06, 0x09][..],
            SHA256,
            &[0x05, 0x00],
            &[0xA1, 0x1A, 0x30, 0x18, 0x06, 0x09],
            &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x08],
            &[0x30, 0x0B, 0x06, 0x09],
            SHA256,
            &[0xA2, 0x03, 0x02, 0x01, 0x20],
        ]
        .concat();
        let pss = decoded(&content).unwrap();
        assert_eq!(pss.hash, Some(SHA256));
        assert_eq!(pss.mask.map(|(_, hash)| hash), Some(SHA256));
        assert_eq!(pss.salt_length.unwrap().get_long(), 32);
    }

    /// The hash's parameter is an ANY: a universal tag 0 element loads
    /// (an RSA-PSS key with hashAlgorithm `{ sha256, 00 01 61 }` prints in
    /// `openssl x509 -text`), a NULL with content does not.
    #[test]
    fn hash_parameters_are_read_as_any() {
        let with_parameter = |parameter: &[u8]| {
            let algorithm = [&[0x06, 0x09][..], SHA256, parameter].concat();
            let mut sequence = vec![0x30, u8::try_from(algorithm.len()).unwrap()];
            sequence.extend(algorithm);
            let mut explicit = vec![0xA0, u8::try_from(sequence.len()).unwrap()];
            explicit.extend(sequence);
            explicit
        };
        assert!(decoded(&with_parameter(&[0x00, 0x01, 0x61])).is_ok());
        assert!(matches!(
            decoded(&with_parameter(&[0x05, 0x01, 0x00])),
            Err(Undecodable::Rejected)
        ));
    }

    #[test]
    fn failures_follow_ossl_rsa_pss_decode() {
        let rejected =
            |result: Decoded<PssParameters<'_>>| matches!(result, Err(Undecodable::Rejected));
        assert!(rejected(decode(None)));
        assert!(rejected(decode(Some(Tlv {
            tag: 0x05,
            content: &[],
        }))));
        // A mask that is not mgf1, and mgf1 with a NULL parameter.
        assert!(rejected(decoded(&[
            0xA1, 0x07, 0x30, 0x05, 0x06, 0x03, 0x2A, 0x03, 0x04
        ])));
        assert!(rejected(decoded(&[
            0xA1, 0x0F, 0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01,
            0x08, 0x05, 0x00
        ])));
        // A padded salt length, and data after the last field.
        assert!(rejected(decoded(&[0xA2, 0x04, 0x02, 0x02, 0x00, 0x20])));
        assert!(rejected(decoded(&[
            0xA2, 0x03, 0x02, 0x01, 0x20, 0x05, 0x00
        ])));
    }
}
