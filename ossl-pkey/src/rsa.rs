//! rsaEncryption and id-RSASSA-PSS: `rsa_pub_decode` and
//! `ossl_rsa_param_decode` (crypto/rsa/rsa_ameth.c, rsa_backend.c), which
//! the provider's RSA decoders reach through `d2i_RSA_PUBKEY`. The PSS
//! parameters are decoded by [`pss::decode`], as for a signature.

use crate::ber::{self, Decoded, Parser};
use crate::integer::Integer;
use crate::values::c_int_of_long;
use crate::{bignum, oid, pss, undecodable, Refused, Release, Tlv};

/// An RSA public key: big-endian magnitudes as `BN_bin2bn` reads them
/// (leading zeros kept as encoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RsaKey {
    /// The modulus n.
    pub modulus: Vec<u8>,
    /// The public exponent e.
    pub exponent: Vec<u8>,
}

/// `d2i_RSAPublicKey` of the key bits: a SEQUENCE of two `BIGNUM`s
/// ([`ber::Element::bignum`]: any content, read as an unsigned magnitude).
/// Bytes after the SEQUENCE are ignored.
fn public_key(key: &[u8], release: Release) -> Result<RsaKey, Refused> {
    let decoded = || -> Decoded<RsaKey> {
        let mut fields = Parser::new(key).expect(ber::SEQUENCE)?.sequence()?;
        let modulus = bignum(&fields.expect(ber::INTEGER)?, release)?;
        let exponent = bignum(&fields.expect(ber::INTEGER)?, release)?;
        fields.finish()?;
        Ok(RsaKey {
            modulus: modulus.to_vec(),
            exponent: exponent.to_vec(),
        })
    };
    decoded().map_err(undecodable("an RSAPublicKey"))
}

/// rsaEncryption (and X.500's rsa OID, an alias): parameters are not looked
/// at.
pub(crate) fn load_rsa(key: &[u8], release: Release) -> Result<RsaKey, Refused> {
    public_key(key, release)
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
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Digest {
    /// The name `ossl_rsa_oaeppss_nid2name` gives (`None` prints as
    /// `<NULL>`).
    pub name: Option<&'static str>,
    /// Whether it is SHA-1, the default.
    pub sha1: bool,
}

const SHA1: Digest = Digest {
    name: Some("SHA1"),
    sha1: true,
};

/// The digest `EVP_get_digestbyobj` finds for an OID (`None`: unknown to
/// libcrypto), as RSA-PSS key parameters resolve it.
pub fn pss_digest(oid: &[u8]) -> Option<Digest> {
    DIGESTS
        .iter()
        .find(|(known, ..)| *known == oid)
        .map(|&(_, name, sha1)| Digest { name, sha1 })
}

/// `EVP_get_digestbyobj` of a digest OID; an unknown one fails to load.
fn digest(oid: &[u8]) -> Result<Digest, Refused> {
    DIGESTS
        .iter()
        .find(|(known, ..)| *known == oid)
        .map(|&(_, name, sha1)| Digest { name, sha1 })
        .ok_or_else(|| {
            Refused::not_loaded(format!(
                "RSA-PSS digest {} is unknown to libcrypto's EVP_get_digestbyobj",
                oid::dotted(oid)
            ))
        })
}

/// An ASN1_INTEGER read with `ASN1_INTEGER_get` into a C `int`.
fn c_int(integer: &Integer) -> i32 {
    c_int_of_long(integer.get_long())
}

/// RSASSA-PSS-params as `RSA_PSS_PARAMS_30` ends up holding them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PssRestrictions {
    /// hashAlgorithm (default SHA-1).
    pub hash: Digest,
    /// The hash of maskGenAlgorithm's MGF1 (default SHA-1).
    pub mask_hash: Digest,
    /// saltLength as a C `int` (default 20).
    pub salt_length: i32,
    /// trailerField as a C `int` (default 1).
    pub trailer_field: i32,
}

/// `ossl_rsa_param_decode` of a SEQUENCE parameter: [`pss::decode`], then
/// `ossl_rsa_pss_get_param_unverified` resolving the digests (defaults
/// SHA-1, salt length 20, trailer field 1).
fn pss_restrictions(parameters: Tlv<'_>) -> Result<PssRestrictions, Refused> {
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
pub(crate) fn load_pss(
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    release: Release,
) -> Result<(RsaKey, Option<PssRestrictions>), Refused> {
    let restrictions = match parameters {
        None => None,
        Some(tlv) if tlv.tag == ber::SEQUENCE => Some(pss_restrictions(tlv)?),
        Some(_) => {
            return Err(Refused::not_loaded(
                "RSA-PSS parameters are not a SEQUENCE; libcrypto does not load the key",
            ))
        }
    };
    Ok((public_key(key, release)?, restrictions))
}
