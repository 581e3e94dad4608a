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
    let malformed = || {
        refused("a SubjectPublicKeyInfo that is not one DER SEQUENCE of an AlgorithmIdentifier and a BIT STRING")
    };
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

/// `EVP_marshal_public_key` (crypto/evp/evp_asn1.cc) of a key libssl's
/// parser holds: the `*_pub_encode` of its type, which
/// `SSL_SESSION_to_bytes` writes as `[33]` (ssl/ssl_asn1.cc). RSA: the
/// rsaEncryption OID with a NULL, n and e as minimal INTEGERs
/// (`BN_marshal_asn1`); EC: id-ecPublicKey, the curve's OID
/// (`EC_KEY_marshal_curve_name`) and the point uncompressed; Ed25519 and
/// ML-DSA: the OID alone and the raw key. `None` for a key libssl's parser
/// does not make.
pub(crate) fn marshal(key: &PublicKey) -> Option<Vec<u8>> {
    let push = |out: &mut Vec<u8>, tag: u8, content: &[u8]| {
        ossl_asn1::der::push_tlv(out, tag, content);
    };
    let mut algorithm = Vec::new();
    let mut bits = vec![0u8];
    match key {
        PublicKey::Rsa(rsa) => {
            push(&mut algorithm, ber::OBJECT, oid::RSA_ENCRYPTION);
            push(&mut algorithm, ber::NULL, &[]);
            let mut integers = Vec::new();
            for magnitude in [&rsa.modulus, &rsa.exponent] {
                let digits = crate::values::trimmed(magnitude);
                let mut content = Vec::with_capacity(digits.len() + 1);
                if digits.first().is_none_or(|b| b & 0x80 != 0) {
                    content.push(0);
                }
                content.extend_from_slice(digits);
                push(&mut integers, ber::INTEGER, &content);
            }
            push(&mut bits, ber::SEQUENCE, &integers);
        }
        PublicKey::Ec(ec_key) => {
            let (curve, point) = ec::named_uncompressed(ec_key)?;
            push(&mut algorithm, ber::OBJECT, oid::EC_PUBLIC_KEY);
            push(&mut algorithm, ber::OBJECT, &curve);
            bits.extend(point);
        }
        PublicKey::Ecx(EcxKind::Ed25519, raw) => {
            push(&mut algorithm, ber::OBJECT, oid::ED25519);
            bits.extend_from_slice(raw);
        }
        PublicKey::MlDsa(set, raw) => {
            push(&mut algorithm, ber::OBJECT, &set.oid());
            bits.extend_from_slice(raw);
        }
        _ => return None,
    }
    let mut content = Vec::new();
    push(&mut content, ber::SEQUENCE, &algorithm);
    push(&mut content, ber::BIT_STRING, &bits);
    let mut spki = Vec::new();
    push(&mut spki, ber::SEQUENCE, &content);
    Some(spki)
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

#[cfg(test)]
mod tests {
    //! Each expectation is a rule of BoringSSL's sources named in the module
    //! docs; the oracle's mutation test (oracles/boringssl, `[33]` cases)
    //! puts the same kinds of keys to the real BoringSSL.
    use super::*;
    use crate::tables::CURVES;
    use crate::values::hex;
    use ossl_asn1::der::push_tlv;

    fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        push_tlv(&mut out, tag, content);
        out
    }

    /// A SubjectPublicKeyInfo: the algorithm's content (OID and
    /// parameters, already encoded) and the key with a 0 unused-bit count.
    fn spki(algorithm: &[u8], key: &[u8]) -> Vec<u8> {
        let bits = [&[0u8][..], key].concat();
        tlv(0x30, &[tlv(0x30, algorithm), tlv(0x03, &bits)].concat())
    }

    fn oid(content: &[u8]) -> Vec<u8> {
        tlv(0x06, content)
    }

    const NULL: [u8; 2] = [0x05, 0x00];

    fn rsa_algorithm() -> Vec<u8> {
        [oid(oid::RSA_ENCRYPTION), NULL.to_vec()].concat()
    }

    /// An INTEGER of a magnitude, with the sign octet DER needs.
    fn uint(magnitude: &[u8]) -> Vec<u8> {
        let mut content = magnitude.to_vec();
        if content.first().is_none_or(|b| b & 0x80 != 0) {
            content.insert(0, 0);
        }
        tlv(0x02, &content)
    }

    /// A modulus of `bits` bits, odd: 1, zeros, 1 (BoringSSL does not test
    /// primality).
    fn modulus(bits: usize) -> Vec<u8> {
        let mut n = vec![0u8; bits.div_ceil(8)];
        n[0] = 1 << ((bits - 1) % 8);
        if let Some(last) = n.last_mut() {
            *last |= 1;
        }
        n
    }

    fn rsa(n: &[u8], e: &[u8]) -> Vec<u8> {
        spki(&rsa_algorithm(), &tlv(0x30, &[uint(n), uint(e)].concat()))
    }

    fn loads(spki: &[u8]) -> bool {
        load_peer(spki).is_ok()
    }

    #[test]
    fn rsa_modulus_size_and_parity() {
        let e = [0x01, 0x00, 0x01];
        assert!(loads(&rsa(&modulus(512), &e)));
        assert!(loads(&rsa(&modulus(2048), &e)));
        assert!(loads(&rsa(&modulus(16384), &e)));
        // OPENSSL_RSA_MIN_MODULUS_BITS and _MAX_MODULUS_BITS.
        assert!(!loads(&rsa(&modulus(511), &e)));
        assert!(!loads(&rsa(&modulus(16385), &e)));
        // "RSA moduli must be positive and odd".
        let mut even = modulus(2048);
        if let Some(last) = even.last_mut() {
            *last &= !1;
        }
        assert!(!loads(&rsa(&even, &e)));
    }

    #[test]
    fn rsa_exponent_rules() {
        let n = modulus(1024);
        assert!(loads(&rsa(&n, &[3])));
        // e = 1, even e, e of 34 bits: RSA_R_BAD_E_VALUE. 33 bits is the limit.
        assert!(!loads(&rsa(&n, &[1])));
        assert!(!loads(&rsa(&n, &[0x01, 0x00, 0x00])));
        assert!(!loads(&rsa(&n, &[0])));
        assert!(loads(&rsa(&n, &[0x01, 0x00, 0x00, 0x00, 0x01])));
        assert!(!loads(&rsa(&n, &[0x02, 0x00, 0x00, 0x00, 0x01])));
    }

    #[test]
    fn rsa_integers_are_minimal_and_not_negative() {
        // 1020 bits: the top octet is 0x08, so a zero before it is superfluous.
        let n = modulus(1020);
        let e = uint(&[0x01, 0x00, 0x01]);
        let key = |n: Vec<u8>, rest: &[u8]| {
            spki(
                &rsa_algorithm(),
                &[tlv(0x30, &[n, e.clone()].concat()), rest.to_vec()].concat(),
            )
        };
        assert!(loads(&key(uint(&n), &[])));
        // Negative: the sign octet dropped from a modulus whose top bit is set.
        let mut top = n.clone();
        top[0] = 0x80;
        assert!(loads(&key(uint(&top), &[])));
        assert!(!loads(&key(tlv(0x02, &top), &[])));
        // Not minimal: a superfluous zero octet.
        assert!(!loads(&key(tlv(0x02, &[&[0u8][..], &n].concat()), &[])));
        // Empty INTEGER; bytes after the RSAPublicKey; a third INTEGER.
        assert!(!loads(&key(tlv(0x02, &[]), &[])));
        assert!(!loads(&key(uint(&n), &[0x00])));
        let three = tlv(0x30, &[uint(&n), e.clone(), uint(&[1])].concat());
        assert!(!loads(&spki(&rsa_algorithm(), &three)));
    }

    #[test]
    fn rsa_parameters_are_exactly_null() {
        let key = tlv(0x30, &[uint(&modulus(1024)), uint(&[3])].concat());
        let with =
            |params: &[u8]| spki(&[oid(oid::RSA_ENCRYPTION), params.to_vec()].concat(), &key);
        assert!(loads(&with(&NULL)));
        assert!(!loads(&with(&[])));
        assert!(!loads(&with(&[0x05, 0x01, 0x00])));
        assert!(!loads(&with(&[0x05, 0x00, 0x05, 0x00])));
        assert!(!loads(&with(&[0x05, 0x81, 0x00])));
        // X.500's rsa and id-RSASSA-PSS are not in libssl's list.
        assert!(!loads(&spki(
            &[oid(oid::RSA_X500), NULL.to_vec()].concat(),
            &key
        )));
        assert!(!loads(&spki(
            &[oid(oid::RSASSA_PSS), NULL.to_vec()].concat(),
            &key
        )));
        assert!(!loads(&spki(&oid(oid::RSASSA_PSS), &key)));
    }

    fn curve(name: &str) -> &'static crate::ec::Curve {
        CURVES
            .iter()
            .find(|c| c.name == name)
            .expect("a built-in curve")
    }

    fn ec(curve_oid: &[u8], point: &[u8]) -> Vec<u8> {
        spki(&[oid(oid::EC_PUBLIC_KEY), oid(curve_oid)].concat(), point)
    }

    fn uncompressed(c: &crate::ec::Curve) -> Vec<u8> {
        [&[4u8][..], &hex(c.generator)].concat()
    }

    #[test]
    fn ec_points_on_p256_p384_p521() {
        for name in ["prime256v1", "secp384r1", "secp521r1"] {
            let c = curve(name);
            let g = uncompressed(c);
            let width = (g.len() - 1) / 2;
            assert!(loads(&ec(&hex(c.oid), &g)), "{name}");
            // Compressed: either y bit decompresses (x is on the curve).
            let mut compressed = g[..=width].to_vec();
            for form in [2, 3] {
                compressed[0] = form;
                assert!(loads(&ec(&hex(c.oid), &compressed)), "{name} {form}");
            }
            // Hybrid forms, the point at infinity, a bad form octet.
            let mut hybrid = g.clone();
            hybrid[0] = 6 | c.generator_y_bit;
            assert!(!loads(&ec(&hex(c.oid), &hybrid)), "{name}");
            assert!(!loads(&ec(&hex(c.oid), &[0])), "{name}");
            let mut five = g.clone();
            five[0] = 5;
            assert!(!loads(&ec(&hex(c.oid), &five)), "{name}");
            // Off the curve; truncated; a byte too many.
            let mut off = g.clone();
            off[g.len() - 1] ^= 1;
            assert!(!loads(&ec(&hex(c.oid), &off)), "{name}");
            assert!(!loads(&ec(&hex(c.oid), &g[..g.len() - 1])), "{name}");
            assert!(
                !loads(&ec(&hex(c.oid), &[g.clone(), vec![0]].concat())),
                "{name}"
            );
            // x not below p (p itself) in the compressed form.
            let p = match c.field {
                crate::ec::Field::Prime(p) => hex(p),
                crate::ec::Field::Binary { .. } => unreachable!(),
            };
            let mut at_p = vec![2u8; 1 + width - p.len()];
            at_p.extend(p);
            assert!(!loads(&ec(&hex(c.oid), &at_p)), "{name}");
        }
    }

    #[test]
    fn ec_parameters_name_one_of_libssls_curves() {
        let p256 = curve("prime256v1");
        let g = uncompressed(p256);
        // P-224 and secp256k1 are built into BoringSSL but not in libssl's
        // list; a key on P-256 under another curve's OID is refused too.
        for other in ["secp224r1", "secp256k1"] {
            let c = curve(other);
            assert!(!loads(&ec(&hex(c.oid), &uncompressed(c))), "{other}");
            assert!(!loads(&ec(&hex(c.oid), &g)), "{other}");
        }
        let algorithm = |params: &[u8]| [oid(oid::EC_PUBLIC_KEY), params.to_vec()].concat();
        let named = oid(&hex(p256.oid));
        assert!(loads(&spki(&algorithm(&named), &g)));
        // No parameters, NULL, the OID then NULL, explicit parameters.
        assert!(!loads(&spki(&algorithm(&[]), &g)));
        assert!(!loads(&spki(&algorithm(&NULL), &g)));
        assert!(!loads(&spki(
            &algorithm(&[named.clone(), NULL.to_vec()].concat()),
            &g
        )));
        assert!(!loads(&spki(&algorithm(&tlv(0x30, &tlv(0x02, &[1]))), &g)));
    }

    fn ed25519(params: &[u8], key: &[u8]) -> Vec<u8> {
        spki(&[oid(oid::ED25519), params.to_vec()].concat(), key)
    }

    #[test]
    fn ed25519_keys() {
        assert!(loads(&ed25519(&[], &[9; 32])));
        assert!(!loads(&ed25519(&[], &[9; 31])));
        assert!(!loads(&ed25519(&[], &[9; 33])));
        assert!(!loads(&ed25519(&NULL, &[9; 32])));
        // X25519, X448 and Ed448 are not in libssl's list.
        for other in [oid::X25519, oid::X448, oid::ED448] {
            assert!(!loads(&spki(
                &oid(other),
                &[9; 57][..EcxKind::Ed448.key_len()]
            )));
            assert!(!loads(&spki(&oid(other), &[9; 32])));
        }
    }

    #[test]
    fn ml_dsa_keys() {
        for (last, len) in [(17u8, 1312usize), (18, 1952), (19, 2592)] {
            let id = [oid::NIST_ALGORITHMS, &[3, last]].concat();
            assert!(loads(&spki(&oid(&id), &vec![0xFF; len])), "{last}");
            assert!(!loads(&spki(&oid(&id), &vec![0xFF; len - 1])), "{last}");
            assert!(!loads(&spki(&oid(&id), &vec![0xFF; len + 1])), "{last}");
            let with_null = [oid(&id), NULL.to_vec()].concat();
            assert!(!loads(&spki(&with_null, &vec![0xFF; len])), "{last}");
        }
        // ML-KEM-768 and SLH-DSA are not in libssl's list.
        let ml_kem = [oid::NIST_ALGORITHMS, &[4, 2]].concat();
        let len = crate::MlKem::MlKem768.key_len();
        assert!(!loads(&spki(&oid(&ml_kem), &vec![0; len])));
        let slh = [oid::NIST_ALGORITHMS, &[3, 20]].concat();
        assert!(!loads(&spki(&oid(&slh), &[0; 32])));
    }

    #[test]
    fn the_spki_is_strict_der_and_alone() {
        let good = ed25519(&[], &[9; 32]);
        assert!(loads(&good));
        // Bytes after it.
        assert!(!loads(&[good.clone(), vec![0]].concat()));
        // A non-minimal long-form length on the outer SEQUENCE.
        let mut long = vec![0x30, 0x81, good[1]];
        long.extend(&good[2..]);
        assert!(!loads(&long));
        // Indefinite length.
        let mut indefinite = vec![0x30, 0x80];
        indefinite.extend(&good[2..]);
        indefinite.extend([0, 0]);
        assert!(!loads(&indefinite));
        // A constructed BIT STRING, a SET for the AlgorithmIdentifier.
        let mut constructed = good.clone();
        constructed[9] = 0x23;
        assert!(!loads(&constructed));
        let mut set = good.clone();
        set[2] = 0x31;
        assert!(!loads(&set));
        // Something after the BIT STRING inside the SEQUENCE.
        let inner = [
            tlv(0x30, &oid(oid::ED25519)),
            tlv(0x03, &[&[0u8][..], &[9; 32]].concat()),
            NULL.to_vec(),
        ]
        .concat();
        assert!(!loads(&tlv(0x30, &inner)));
        // Empty input, an empty SEQUENCE.
        assert!(!loads(&[]));
        assert!(!loads(&[0x30, 0x00]));
    }

    #[test]
    fn unused_bits_are_refused_for_known_algorithms() {
        let mut good = ed25519(&[], &[8; 32]);
        assert!(loads(&good));
        // The unused-bit octet of the BIT STRING (the last bit of the key is
        // zero, so the bits are the same).
        good[11] = 1;
        assert!(!loads(&good));
        // An empty BIT STRING.
        assert!(!loads(&tlv(
            0x30,
            &[tlv(0x30, &oid(oid::ED25519)), tlv(0x03, &[])].concat()
        )));
    }

    /// `EVP_marshal_public_key` writes a DER key back as read, and an EC
    /// point uncompressed (`eckey_pub_encode`).
    #[test]
    fn marshal_writes_points_uncompressed() {
        let marshal_of = |spki: &[u8]| load_peer(spki).ok().and_then(|k| marshal(&k));
        for name in ["prime256v1", "secp384r1", "secp521r1"] {
            let c = curve(name);
            let g = uncompressed(c);
            let width = (g.len() - 1) / 2;
            let whole = ec(&hex(c.oid), &g);
            assert_eq!(marshal_of(&whole), Some(whole.clone()), "{name}");
            let mut compressed = g[..=width].to_vec();
            compressed[0] = 2 | c.generator_y_bit;
            assert_eq!(
                marshal_of(&ec(&hex(c.oid), &compressed)),
                Some(whole.clone()),
                "{name}"
            );
            // The other y: p - y.
            compressed[0] ^= 1;
            let other = marshal_of(&ec(&hex(c.oid), &compressed)).expect("decompresses");
            let p = match c.field {
                crate::ec::Field::Prime(p) => crate::field::Uint::from_be_bytes(&hex(p)),
                crate::ec::Field::Binary { .. } => unreachable!(),
            };
            let y = crate::field::Uint::from_be_bytes(&g[1 + width..]);
            let y2 = crate::field::Uint::from_be_bytes(&other[other.len() - width..]);
            assert_eq!(y.add(&y2), p, "{name}");
            assert_eq!(
                other[..other.len() - width],
                whole[..whole.len() - width],
                "{name}"
            );
        }
        for spki in [
            rsa(&modulus(2048), &[1, 0, 1]),
            ed25519(&[], &[5; 32]),
            spki(&oid(&[oid::NIST_ALGORITHMS, &[3, 18]].concat()), &[1; 1952]),
        ] {
            assert_eq!(marshal_of(&spki), Some(spki.clone()));
        }
    }

    #[test]
    fn nothing_panics_on_truncations_and_flips() {
        let c = curve("secp521r1");
        let inputs = [
            rsa(&modulus(2048), &[1, 0, 1]),
            ec(&hex(c.oid), &uncompressed(c)),
            ed25519(&[], &[1; 32]),
        ];
        for input in inputs {
            for cut in 0..input.len() {
                let _ = load_peer(&input[..cut]);
                assert!(!loads(&input[..cut]));
            }
            for i in 0..input.len() {
                for bit in 0..8 {
                    let mut v = input.clone();
                    v[i] ^= 1 << bit;
                    let _ = load_peer(&v);
                }
            }
        }
    }
}
