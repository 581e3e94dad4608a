//! BoringSSL's libssl key parser, `ssl_parse_peer_subject_public_key_info`
//! (ssl/ssl_privkey.cc of the BoringSSL `boring-sys` 5.4.0 vendors), which
//! reads a session's `[33]` peer raw public key (ssl/ssl_asn1.cc) and a TLS
//! raw public key. It calls `EVP_PKEY_from_subject_public_key_info`
//! (crypto/evp/evp_asn1.cc) with libssl's own algorithm list — RSA, EC
//! P-256, P-384 and P-521, Ed25519, ML-DSA-44/65/87 — not
//! `GetDefaultEVPAlgorithms()` (which adds P-224, X25519, ML-KEM and DSA).
//!
//! Everything is read with CBS (crypto/bytestring/cbs.cc): strict DER, each
//! element with the one tag wanted. The rules, in the order BoringSSL applies
//! them:
//!
//! * The SubjectPublicKeyInfo is one SEQUENCE with nothing after it, holding
//!   an AlgorithmIdentifier SEQUENCE that starts with an OBJECT IDENTIFIER,
//!   then a BIT STRING, then nothing. The OID's content is compared as bytes
//!   (not validated); whatever follows it in the AlgorithmIdentifier is the
//!   parameters, read by the algorithm's decoder.
//! * An OID none of the algorithms has is refused (`EVP_R_UNSUPPORTED_ALGORITHM`).
//! * The BIT STRING's first octet (its unused-bit count) must be 0, also for
//!   keys whose last bits happen to be zero.
//! * RSA (`rsa_pub_decode`, crypto/evp/p_rsa.cc): the parameters are exactly
//!   a NULL; the key is `RSA_public_key_from_bytes` (crypto/rsa/rsa_asn1.cc):
//!   a SEQUENCE of two INTEGERs and nothing after it, each INTEGER minimal and
//!   not negative (`BN_parse_asn1_unsigned`), then `RSA_check_key`'s public
//!   checks (`rsa_check_public_key`, crypto/fipsmodule/rsa/rsa_impl.cc.inc): n
//!   of 512 to 16384 bits and odd, e of 2 to 33 bits and odd.
//! * EC (`eckey_pub_decode`, crypto/evp/p_ec.cc): the parameters are one
//!   OBJECT IDENTIFIER naming P-256, P-384 or P-521 and nothing else (no
//!   explicit parameters; another curve is an unsupported algorithm); the
//!   point is `EC_POINT_oct2point` (crypto/fipsmodule/ec/oct.cc.inc): the
//!   uncompressed form (04) with both coordinates below p and on the curve,
//!   or a compressed form (02, 03) whose x is below p and decompresses. No
//!   point at infinity, no hybrid form.
//! * Ed25519 (`ed25519_pub_decode`, crypto/evp/p_ed25519.cc): no parameters
//!   (not even a NULL), a key of 32 bytes, not otherwise checked.
//! * ML-DSA (p_mldsa.cc, `MLDSA*_parse_public_key`): no parameters, a key of
//!   exactly 32 + 320k bytes (any bytes: every 10-bit value of t1 is valid).

use ossl_asn1::{get_object_with, LongLength};

use crate::ber;
use crate::ec;
use crate::rsa::RsaKey;
use crate::values::num_bits;
use crate::{oid, EcxKind, MlDsa, PublicKey, Refused};

/// The EC curves libssl's list has (`EVP_pkey_ec_p256`, `_p384`, `_p521`),
/// by their `EC_curve_nid2nist` names.
const PEER_CURVES: [&str; 3] = ["P-256", "P-384", "P-521"];

/// `OPENSSL_RSA_MIN_MODULUS_BITS` (crypto/fipsmodule/rsa/internal.h).
const RSA_MIN_MODULUS_BITS: usize = 512;
/// `OPENSSL_RSA_MAX_MODULUS_BITS` (include/openssl/rsa.h).
const RSA_MAX_MODULUS_BITS: usize = 16384;
/// `kMaxExponentBits` in `rsa_check_public_key`.
const RSA_MAX_EXPONENT_BITS: usize = 33;

/// `CBS_get_asn1(cbs, &out, tag)` for a low-tag-number identifier octet
/// `tag`: the element's content and what follows it, or `None` when the
/// element is not there, has another identifier, or is not DER (an
/// indefinite or non-minimal length, more than four length octets, or a
/// length past the data).
fn get(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    // `MayEndData`: CBS needs only the length octets themselves, and with
    // `der` a length under 128 in long form is refused as CBS refuses it.
    let header = get_object_with(input, true, LongLength::MayEndData).ok()?;
    if header.first != tag || header.indefinite {
        return None;
    }
    let end = header.header_len.checked_add(header.len)?;
    Some((input.get(header.header_len..end)?, input.get(end..)?))
}

fn refused(what: &str) -> Refused {
    Refused::not_loaded(format!("{what}; BoringSSL does not load the key"))
}

/// `ssl_parse_peer_subject_public_key_info` on `spki`.
pub(crate) fn load_peer(spki: &[u8]) -> Result<PublicKey, Refused> {
    let malformed = || refused("a SubjectPublicKeyInfo that is not one DER SEQUENCE of an AlgorithmIdentifier and a BIT STRING");
    let (content, after) = get(spki, ber::SEQUENCE).ok_or_else(malformed)?;
    let (algorithm, content) = get(content, ber::SEQUENCE).ok_or_else(malformed)?;
    let (algorithm_oid, parameters) = get(algorithm, ber::OBJECT).ok_or_else(malformed)?;
    let (bits, content) = get(content, ber::BIT_STRING).ok_or_else(malformed)?;
    if !content.is_empty() || !after.is_empty() {
        return Err(malformed());
    }
    let decoder = Decoder::of(algorithm_oid).ok_or_else(|| {
        refused(&format!(
            "public key algorithm {} is not in libssl's list",
            oid::dotted(algorithm_oid)
        ))
    })?;
    // The unused-bit count, checked once the OID is known.
    let key = match bits.split_first() {
        Some((0, key)) => key,
        _ => return Err(refused("a key BIT STRING with unused bits (or empty)")),
    };
    decoder.decode(parameters, key)
}

/// The algorithms of libssl's list, by OID.
#[derive(Clone, Copy)]
enum Decoder {
    Rsa,
    Ec,
    Ed25519,
    MlDsa(MlDsa),
}

impl Decoder {
    /// The decoder for an algorithm OID. For id-ecPublicKey the three EC
    /// entries are tried in turn, each giving up (`evp_decode_unsupported`)
    /// on another curve's OID; together they are one decoder here, which
    /// refuses what all three give up on.
    fn of(algorithm: &[u8]) -> Option<Self> {
        Some(match algorithm {
            oid::RSA_ENCRYPTION => Decoder::Rsa,
            oid::EC_PUBLIC_KEY => Decoder::Ec,
            oid::ED25519 => Decoder::Ed25519,
            _ => return MlDsa::of_oid(algorithm).map(Decoder::MlDsa),
        })
    }

    fn decode(self, parameters: &[u8], key: &[u8]) -> Result<PublicKey, Refused> {
        match self {
            Decoder::Rsa => {
                // `rsa_pub_decode`: the parameters must be NULL, nothing else.
                if get(parameters, ber::NULL) != Some((&[], &[])) {
                    return Err(refused("RSA parameters that are not exactly a NULL"));
                }
                rsa_public_key(key).map(PublicKey::Rsa)
            }
            Decoder::Ec => {
                let curve = match get(parameters, ber::OBJECT) {
                    Some((curve, [])) => curve,
                    _ => {
                        return Err(refused(
                            "EC parameters that are not exactly a named curve's OID",
                        ))
                    }
                };
                ec::load_named_among(curve, key, &PEER_CURVES).map(PublicKey::Ec)
            }
            Decoder::Ed25519 => {
                if !parameters.is_empty() {
                    return Err(refused("Ed25519 key with parameters"));
                }
                let kind = EcxKind::Ed25519;
                if key.len() != kind.key_len() {
                    return Err(refused(&format!("Ed25519 key of {} bytes", key.len())));
                }
                Ok(PublicKey::Ecx(kind, key.to_vec()))
            }
            Decoder::MlDsa(set) => {
                if !parameters.is_empty() {
                    return Err(refused(&format!("{} key with parameters", set.name())));
                }
                if key.len() != set.key_len() {
                    return Err(refused(&format!(
                        "{} key of {} bytes, not {}",
                        set.name(),
                        key.len(),
                        set.key_len()
                    )));
                }
                Ok(PublicKey::MlDsa(set, key.to_vec()))
            }
        }
    }
}

/// `BN_parse_asn1_unsigned`: an INTEGER with content, minimal, not negative.
fn unsigned_integer(input: &[u8]) -> Option<(&[u8], &[u8])> {
    let (content, rest) = get(input, ber::INTEGER)?;
    match content {
        [] => None,
        [first, ..] if first & 0x80 != 0 => None,
        [0, second, ..] if second & 0x80 == 0 => None,
        _ => Some((content, rest)),
    }
}

/// `RSA_public_key_from_bytes`, then `rsa_check_public_key`.
fn rsa_public_key(key: &[u8]) -> Result<RsaKey, Refused> {
    let parsed = || {
        let (fields, after) = get(key, ber::SEQUENCE)?;
        let (modulus, fields) = unsigned_integer(fields)?;
        let (exponent, fields) = unsigned_integer(fields)?;
        (fields.is_empty() && after.is_empty()).then_some((modulus, exponent))
    };
    let (modulus, exponent) = parsed().ok_or_else(|| {
        refused("an RSAPublicKey that is not a DER SEQUENCE of two non-negative minimal INTEGERs")
    })?;
    let odd = |magnitude: &[u8]| magnitude.last().is_some_and(|b| b & 1 == 1);
    let n_bits = num_bits(modulus);
    if !(RSA_MIN_MODULUS_BITS..=RSA_MAX_MODULUS_BITS).contains(&n_bits) {
        return Err(refused(&format!("an RSA modulus of {n_bits} bits")));
    }
    if !odd(modulus) {
        return Err(refused("an even RSA modulus"));
    }
    let e_bits = num_bits(exponent);
    if !(2..=RSA_MAX_EXPONENT_BITS).contains(&e_bits) || !odd(exponent) {
        return Err(refused(&format!(
            "an RSA exponent of {e_bits} bits that is 1, even or over 33 bits"
        )));
    }
    Ok(RsaKey {
        modulus: modulus.to_vec(),
        exponent: exponent.to_vec(),
    })
}
