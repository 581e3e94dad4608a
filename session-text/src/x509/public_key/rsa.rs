//! rsaEncryption and id-RSASSA-PSS: `rsa_pub_decode` and
//! `ossl_rsa_param_decode` (crypto/rsa/rsa_ameth.c, rsa_backend.c) to load
//! the key, `rsa_to_text` (encode_key2text.c) to print it. The PSS
//! parameters are decoded by [`pss::decode`], as for a signature.

use super::text::labeled_bignum;
use super::undecodable;
use super::values::{c_int_of_long, num_bits};
use crate::dump::HexLayout;
use crate::x509::ber::{self, Decoded, Parser};
use crate::x509::der::{self, Tlv};
use crate::x509::integer::Integer;
use crate::x509::{pss, Unsupported};
use session_model::OpenSslVersion;

/// `d2i_RSAPublicKey` of the key bits: a SEQUENCE of two `BIGNUM`s
/// ([`ber::Element::bignum`]: any content, read as an unsigned magnitude).
/// Bytes after the SEQUENCE are ignored.
fn public_key(key: &[u8], openssl: OpenSslVersion) -> Result<(&[u8], &[u8]), Unsupported> {
    let decoded = || -> Decoded<(&[u8], &[u8])> {
        let mut fields = Parser::new(key).expect(ber::SEQUENCE)?.sequence()?;
        let modulus = fields.expect(ber::INTEGER)?.bignum_in(openssl)?;
        let exponent = fields.expect(ber::INTEGER)?.bignum_in(openssl)?;
        fields.finish()?;
        Ok((modulus, exponent))
    };
    decoded().map_err(undecodable("an RSAPublicKey"))
}

fn print_key(out: &mut Vec<u8>, modulus: &[u8], exponent: &[u8], hex: HexLayout) {
    out.extend_from_slice(format!("Public-Key: ({} bit)\n", num_bits(modulus)).as_bytes());
    labeled_bignum(out, "Modulus:", false, modulus, hex);
    labeled_bignum(out, "Exponent:", false, exponent, hex);
}

/// rsaEncryption (and X.500's rsa OID, an alias): parameters are not looked
/// at.
pub(super) fn print_rsa(
    out: &mut Vec<u8>,
    key: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let (modulus, exponent) = public_key(key, openssl)?;
    print_key(out, modulus, exponent, HexLayout::of(openssl));
    Ok(())
}

/// How libcrypto names a digest in PSS restrictions: the digests
/// `EVP_get_digestbyobj` finds (by their own OID or a signature OID
/// registered as an alias), with the name `ossl_rsa_oaeppss_nid2name` gives
/// (`None` prints as `<NULL>`) and whether it is SHA-1 (the default).
/// Found by loading an RSA-PSS key with each OID libcrypto 3.0.19 knows as
/// hashAlgorithm; any other OID fails to load.
#[rustfmt::skip]
const DIGESTS: &[(&[u8], Option<&str>, bool)] = &[
    (&[0x28, 0xCF, 0x06, 0x03, 0x00, 0x37], None, false), // whirlpool
    (&[0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x83, 0x11], None, false), // sm3
    (&[0x2A, 0x81, 0x1C, 0xCF, 0x55, 0x01, 0x83, 0x78], None, false), // sm3WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x03], None, false), // md4WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x04], None, false), // md5WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05], Some("SHA1"), true), // sha1WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B], Some("SHA2-256"), false), // sha256WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C], Some("SHA2-384"), false), // sha384WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D], Some("SHA2-512"), false), // sha512WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0E], Some("SHA2-224"), false), // sha224WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0F], Some("SHA2-512/224"), false), // sha512-224WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x10], Some("SHA2-512/256"), false), // sha512-256WithRSAEncryption
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x04], None, false), // md4
    (&[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x05], None, false), // md5
    (&[0x2B, 0x06, 0x01, 0x04, 0x01, 0x8D, 0x3A, 0x0C, 0x02, 0x01, 0x10], None, false), // blake2b512
    (&[0x2B, 0x06, 0x01, 0x04, 0x01, 0x8D, 0x3A, 0x0C, 0x02, 0x02, 0x08], None, false), // blake2s256
    (&[0x2B, 0x0E, 0x03, 0x02, 0x1A], Some("SHA1"), true), // sha1
    (&[0x2B, 0x0E, 0x03, 0x02, 0x1D], Some("SHA1"), true), // sha1WithRSA
    (&[0x2B, 0x24, 0x03, 0x02, 0x01], None, false), // ripemd160
    (&[0x2B, 0x24, 0x03, 0x03, 0x01, 0x02], None, false), // ripemd160WithRSA
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01], Some("SHA2-256"), false), // sha256
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02], Some("SHA2-384"), false), // sha384
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03], Some("SHA2-512"), false), // sha512
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x04], Some("SHA2-224"), false), // sha224
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x05], Some("SHA2-512/224"), false), // sha512-224
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x06], Some("SHA2-512/256"), false), // sha512-256
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x07], None, false), // sha3-224
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x08], None, false), // sha3-256
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x09], None, false), // sha3-384
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0A], None, false), // sha3-512
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0B], None, false), // shake128
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x0C], None, false), // shake256
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0D], None, false), // RSA-SHA3-224
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0E], None, false), // RSA-SHA3-256
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x0F], None, false), // RSA-SHA3-384
    (&[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x10], None, false), // RSA-SHA3-512
];

/// A digest as `ossl_x509_algor_get_md` resolves an AlgorithmIdentifier
/// (its parameters, whatever they are, are ignored).
#[derive(Clone, Copy)]
struct Digest {
    name: Option<&'static str>,
    sha1: bool,
}

const SHA1: Digest = Digest {
    name: Some("SHA1"),
    sha1: true,
};

impl Digest {
    fn printed(self, openssl: OpenSslVersion) -> &'static str {
        // Up to 3.6 BIO_printf prints a NULL "%s" argument as "<NULL>"
        // (crypto/bio/bio_print.c); 4.0's BIO_printf is the C library's
        // vsnprintf, and glibc's prints "(null)".
        let null = if openssl >= OpenSslVersion::V4_0 {
            "(null)"
        } else {
            "<NULL>"
        };
        self.name.unwrap_or(null)
    }
}

/// `EVP_get_digestbyobj` of a digest OID; an unknown one fails to load.
fn digest(oid: &[u8]) -> Result<Digest, Unsupported> {
    DIGESTS
        .iter()
        .find(|(known, ..)| *known == oid)
        .map(|&(_, name, sha1)| Digest { name, sha1 })
        .ok_or_else(|| {
            Unsupported::new(format!(
                "RSA-PSS digest {} is unknown to libcrypto's EVP_get_digestbyobj",
                crate::x509::oid::name(oid)
            ))
        })
}

/// An ASN1_INTEGER read with `ASN1_INTEGER_get` into a C `int`.
fn c_int(integer: &Integer) -> i32 {
    c_int_of_long(integer.get_long())
}

/// RSASSA-PSS-params as `RSA_PSS_PARAMS_30` ends up holding them.
struct PssRestrictions {
    hash: Digest,
    mask_hash: Digest,
    salt_length: i32,
    trailer_field: i32,
}

/// `ossl_rsa_param_decode` of a SEQUENCE parameter: [`pss::decode`], then
/// `ossl_rsa_pss_get_param_unverified` resolving the digests (defaults
/// SHA-1, salt length 20, trailer field 1).
fn pss_restrictions(parameters: Tlv<'_>) -> Result<PssRestrictions, Unsupported> {
    let pss = pss::decode(Some(parameters)).map_err(undecodable("RSA-PSS parameters"))?;
    Ok(PssRestrictions {
        hash: pss.hash.map_or(Ok(SHA1), digest)?,
        mask_hash: pss.mask.map_or(Ok(SHA1), |(_, hash)| digest(hash))?,
        salt_length: pss.salt_length.as_ref().map_or(20, c_int),
        trailer_field: pss.trailer_field.as_ref().map_or(1, c_int),
    })
}

/// id-RSASSA-PSS: absent parameters mean no restrictions; anything but a
/// SEQUENCE fails to load.
pub(super) fn print_pss(
    out: &mut Vec<u8>,
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let hex = HexLayout::of(openssl);
    let restrictions = match parameters {
        None => None,
        Some(tlv) if tlv.tag == der::SEQUENCE => Some(pss_restrictions(tlv)?),
        Some(_) => {
            return Err(Unsupported::new(
                "RSA-PSS parameters are not a SEQUENCE; libcrypto does not load the key",
            ))
        }
    };
    let (modulus, exponent) = public_key(key, openssl)?;
    print_key(out, modulus, exponent, hex);
    let Some(r) = restrictions else {
        out.extend_from_slice(b"No PSS parameter restrictions\n");
        return Ok(());
    };
    let default = |yes: bool| if yes { " (default)" } else { "" };
    let text = format!(
        "PSS parameter restrictions:\n  Hash Algorithm: {}{}\n  Mask Algorithm: MGF1 with {}{}\n  Minimum Salt Length: {}{}\n  Trailer Field: 0x{:x}{}\n",
        r.hash.printed(openssl),
        default(r.hash.sha1),
        r.mask_hash.printed(openssl),
        default(r.mask_hash.sha1),
        r.salt_length,
        default(r.salt_length == 20),
        r.trailer_field,
        default(r.trailer_field == 1),
    );
    out.extend_from_slice(text.as_bytes());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The digest table is what the installed libcrypto does: among all the
    /// objects it knows, exactly these resolve to a digest (EVP_get_digestbyobj
    /// is EVP_get_digestbynid of the OID's NID), and the digest's own NID
    /// decides the name.
    #[test]
    fn digest_table_matches_libcrypto() {
        use openssl::hash::MessageDigest;
        use openssl::nid::Nid;
        let names = [
            (64, "SHA1"),
            (675, "SHA2-224"),
            (672, "SHA2-256"),
            (673, "SHA2-384"),
            (674, "SHA2-512"),
            (1094, "SHA2-512/224"),
            (1095, "SHA2-512/256"),
        ];
        for (content, nid, ..) in crate::x509::oid_table::OBJECTS {
            let digest = MessageDigest::from_nid(Nid::from_raw(i32::from(*nid)));
            let ours = DIGESTS.iter().find(|(oid, ..)| oid == content);
            let dotted = crate::x509::oid::dotted(content);
            match (digest, ours) {
                (None, None) => {}
                (Some(digest), Some(&(_, name, sha1))) => {
                    let type_nid = digest.type_().as_raw();
                    let expected = names.iter().find(|(n, _)| *n == type_nid).map(|(_, s)| *s);
                    assert_eq!(name, expected, "{dotted}");
                    assert_eq!(sha1, type_nid == 64, "{dotted}");
                }
                (digest, ours) => panic!(
                    "{dotted}: libcrypto {}, table {}",
                    digest.is_some(),
                    ours.is_some()
                ),
            }
        }
    }
}
