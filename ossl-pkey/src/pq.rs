//! The post-quantum keys of OpenSSL 3.5's default provider: ML-KEM
//! (FIPS 203), ML-DSA (FIPS 204) and SLH-DSA (FIPS 205).
//!
//! Their SubjectPublicKeyInfo decoders do not use the template decoder's
//! view of the key: they compare the whole encoding, as `d2i_PUBKEY`
//! read it, with the one DER form.
//!
//! * ML-KEM and ML-DSA (`ossl_ml_kem_d2i_PUBKEY`, `ossl_ml_dsa_d2i_PUBKEY`
//!   in providers/implementations/encode_decode/ml_{kem,dsa}_codecs.c):
//!   the input must be the 22-byte DER prefix (`ML_COMMON_SPKI_OVERHEAD`)
//!   followed by exactly the key's length. ML-KEM then decodes the vector
//!   `t` (`vector_decode_12`, crypto/ml_kem/ml_kem.c), refusing a 12-bit
//!   coefficient not below q = 3329; ML-DSA's 10-bit `t1` coefficients
//!   (`poly_decode_10_bits`) cannot be out of range.
//! * SLH-DSA (`slh_dsa_d2i_PUBKEY`, decode_der2key.c): the input must be
//!   `18 + n` bytes for a key of n bytes, decode as `BARE_PUBKEY`
//!   (SEQUENCE { SEQUENCE { OBJECT }, BIT STRING }) with no unused bits,
//!   consume all of it and carry the variant's OID; `ossl_slh_dsa_set_pub`
//!   wants exactly n bytes. Every field of that DER form is as short as an
//!   encoding can be, so any other spelling (a long-form length, an
//!   indefinite length, a parameter) is longer and leaves the key short:
//!   the checks come down to the same comparison with the DER form.
//!
//! The three decoders are the same in 3.5.5, 3.6.3 and 4.0.3 (3.6 and 4.0
//! change only the private-key codecs).

use crate::oid::NIST_ALGORITHMS;
use crate::{PublicKey, Refused};

/// ML-KEM's modulus q.
const ML_KEM_Q: u16 = 3329;

/// An ML-KEM parameter set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MlKem {
    /// ML-KEM-512, 2.16.840.1.101.3.4.4.1: 800-byte keys.
    MlKem512,
    /// ML-KEM-768, 2.16.840.1.101.3.4.4.2: 1184-byte keys.
    MlKem768,
    /// ML-KEM-1024, 2.16.840.1.101.3.4.4.3: 1568-byte keys.
    MlKem1024,
}

impl MlKem {
    /// The module rank k.
    fn rank(self) -> usize {
        match self {
            MlKem::MlKem512 => 2,
            MlKem::MlKem768 => 3,
            MlKem::MlKem1024 => 4,
        }
    }

    /// The encoded public key's length: 384 k bytes of `t`, then `rho`.
    pub fn key_len(self) -> usize {
        384 * self.rank() + 32
    }

    /// The provider's name.
    pub fn name(self) -> &'static str {
        match self {
            MlKem::MlKem512 => "ML-KEM-512",
            MlKem::MlKem768 => "ML-KEM-768",
            MlKem::MlKem1024 => "ML-KEM-1024",
        }
    }
}

/// An ML-DSA parameter set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MlDsa {
    /// ML-DSA-44, 2.16.840.1.101.3.4.3.17: 1312-byte keys.
    MlDsa44,
    /// ML-DSA-65, 2.16.840.1.101.3.4.3.18: 1952-byte keys.
    MlDsa65,
    /// ML-DSA-87, 2.16.840.1.101.3.4.3.19: 2592-byte keys.
    MlDsa87,
}

impl MlDsa {
    /// The algorithm OID's content (2.16.840.1.101.3.4.3.17 to .19).
    pub(crate) fn oid(self) -> Vec<u8> {
        let last = match self {
            MlDsa::MlDsa44 => 17,
            MlDsa::MlDsa65 => 18,
            MlDsa::MlDsa87 => 19,
        };
        [NIST_ALGORITHMS, &[3, last]].concat()
    }

    /// The parameter set of an algorithm OID's content
    /// (2.16.840.1.101.3.4.3.17 to .19).
    pub(crate) fn of_oid(algorithm: &[u8]) -> Option<Self> {
        [MlDsa::MlDsa44, MlDsa::MlDsa65, MlDsa::MlDsa87]
            .into_iter()
            .find(|set| set.oid() == algorithm)
    }

    /// The encoded public key's length: `rho`, then k polynomials of 256
    /// 10-bit coefficients.
    pub fn key_len(self) -> usize {
        let k = match self {
            MlDsa::MlDsa44 => 4,
            MlDsa::MlDsa65 => 6,
            MlDsa::MlDsa87 => 8,
        };
        32 + 320 * k
    }

    /// The provider's name.
    pub fn name(self) -> &'static str {
        match self {
            MlDsa::MlDsa44 => "ML-DSA-44",
            MlDsa::MlDsa65 => "ML-DSA-65",
            MlDsa::MlDsa87 => "ML-DSA-87",
        }
    }
}

/// An SLH-DSA parameter set, 2.16.840.1.101.3.4.3.20 to .31 in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[allow(missing_docs)]
pub enum SlhDsa {
    Sha2_128s,
    Sha2_128f,
    Sha2_192s,
    Sha2_192f,
    Sha2_256s,
    Sha2_256f,
    Shake128s,
    Shake128f,
    Shake192s,
    Shake192f,
    Shake256s,
    Shake256f,
}

impl SlhDsa {
    const ALL: [SlhDsa; 12] = [
        SlhDsa::Sha2_128s,
        SlhDsa::Sha2_128f,
        SlhDsa::Sha2_192s,
        SlhDsa::Sha2_192f,
        SlhDsa::Sha2_256s,
        SlhDsa::Sha2_256f,
        SlhDsa::Shake128s,
        SlhDsa::Shake128f,
        SlhDsa::Shake192s,
        SlhDsa::Shake192f,
        SlhDsa::Shake256s,
        SlhDsa::Shake256f,
    ];

    /// The public key's length, 2n: PK.seed and PK.root.
    pub fn key_len(self) -> usize {
        match self {
            SlhDsa::Sha2_128s | SlhDsa::Sha2_128f | SlhDsa::Shake128s | SlhDsa::Shake128f => 32,
            SlhDsa::Sha2_192s | SlhDsa::Sha2_192f | SlhDsa::Shake192s | SlhDsa::Shake192f => 48,
            _ => 64,
        }
    }

    /// The provider's name.
    pub fn name(self) -> &'static str {
        match self {
            SlhDsa::Sha2_128s => "SLH-DSA-SHA2-128s",
            SlhDsa::Sha2_128f => "SLH-DSA-SHA2-128f",
            SlhDsa::Sha2_192s => "SLH-DSA-SHA2-192s",
            SlhDsa::Sha2_192f => "SLH-DSA-SHA2-192f",
            SlhDsa::Sha2_256s => "SLH-DSA-SHA2-256s",
            SlhDsa::Sha2_256f => "SLH-DSA-SHA2-256f",
            SlhDsa::Shake128s => "SLH-DSA-SHAKE-128s",
            SlhDsa::Shake128f => "SLH-DSA-SHAKE-128f",
            SlhDsa::Shake192s => "SLH-DSA-SHAKE-192s",
            SlhDsa::Shake192f => "SLH-DSA-SHAKE-192f",
            SlhDsa::Shake256s => "SLH-DSA-SHAKE-256s",
            SlhDsa::Shake256f => "SLH-DSA-SHAKE-256f",
        }
    }
}

/// The DER SubjectPublicKeyInfo of a key of `key_len` bytes under the
/// algorithm 2.16.840.1.101.3.4.`arc`.`last`, without parameters, up to
/// the key itself (the codecs' `asn1_prefix`; 18 bytes when every length
/// is below 128, else 22).
fn der_prefix(arc: u8, last: u8, key_len: usize) -> Vec<u8> {
    let mut algorithm = vec![0x06, 0x09];
    algorithm.extend_from_slice(NIST_ALGORITHMS);
    algorithm.extend([arc, last]);
    let mut bits_header = vec![0x03];
    ossl_asn1::der::push_length(&mut bits_header, key_len + 1);
    bits_header.push(0x00);
    let inner_len = 2 + algorithm.len() + bits_header.len() + key_len;
    let mut prefix = vec![0x30];
    ossl_asn1::der::push_length(&mut prefix, inner_len);
    prefix.extend([0x30, 0x0B]);
    prefix.extend(algorithm);
    prefix.extend(bits_header);
    prefix
}

/// The key bits when `whole` is the DER form for `(arc, last)` with a key
/// of `key_len` bytes.
fn exact(whole: &[u8], arc: u8, last: u8, key_len: usize) -> Option<&[u8]> {
    let prefix = der_prefix(arc, last, key_len);
    let key = whole.strip_prefix(prefix.as_slice())?;
    (key.len() == key_len).then_some(key)
}

/// Loads a post-quantum key from the whole SubjectPublicKeyInfo as read;
/// `None` when `algorithm` is none of theirs.
pub(crate) fn load(whole: &[u8], algorithm: &[u8]) -> Option<Result<PublicKey, Refused>> {
    let (&last, arc_path) = algorithm.split_last()?;
    let (&arc, base) = arc_path.split_last()?;
    if base != NIST_ALGORITHMS {
        return None;
    }
    let not_der = |name: &str, len: usize| {
        Refused::not_loaded(format!(
            "{name} key that is not the DER SubjectPublicKeyInfo of a {len}-byte key; libcrypto does not load it"
        ))
    };
    Some(match (arc, last) {
        (4, 1..=3) => {
            let set = [MlKem::MlKem512, MlKem::MlKem768, MlKem::MlKem1024][usize::from(last - 1)];
            match exact(whole, arc, last, set.key_len()) {
                None => Err(not_der(set.name(), set.key_len())),
                Some(key) if !ml_kem_t_in_range(key, set.rank()) => {
                    Err(Refused::not_loaded(format!(
                        "{} key with a coefficient of t not below q; libcrypto does not load it",
                        set.name()
                    )))
                }
                Some(key) => Ok(PublicKey::MlKem(set, key.to_vec())),
            }
        }
        (3, 17..=19) => {
            let set = [MlDsa::MlDsa44, MlDsa::MlDsa65, MlDsa::MlDsa87][usize::from(last - 17)];
            match exact(whole, arc, last, set.key_len()) {
                None => Err(not_der(set.name(), set.key_len())),
                Some(key) => Ok(PublicKey::MlDsa(set, key.to_vec())),
            }
        }
        (3, 20..=31) => {
            let set = SlhDsa::ALL[usize::from(last - 20)];
            match exact(whole, arc, last, set.key_len()) {
                None => Err(not_der(set.name(), set.key_len())),
                Some(key) => Ok(PublicKey::SlhDsa(set, key.to_vec())),
            }
        }
        _ => return None,
    })
}

/// `vector_decode_12`: every pair of 12-bit coefficients packed in three
/// bytes of `t` (the first 384 k bytes) is below q.
fn ml_kem_t_in_range(key: &[u8], rank: usize) -> bool {
    key.get(..384 * rank).is_some_and(|t| {
        t.chunks_exact(3).all(|b| {
            let first = u16::from(b[0]) | (u16::from(b[1] & 0x0F) << 8);
            let second = u16::from(b[1] >> 4) | (u16::from(b[2]) << 4);
            first < ML_KEM_Q && second < ML_KEM_Q
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prefixes are the codecs' `asn1_prefix` tables
    /// (ml_kem_codecs.c, ml_dsa_codecs.c of 3.5.5).
    #[test]
    fn prefixes_are_the_codecs_tables() {
        assert_eq!(
            der_prefix(4, 1, 800),
            [
                0x30, 0x82, 0x03, 0x32, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
                0x04, 0x04, 0x01, 0x03, 0x82, 0x03, 0x21, 0x00
            ]
        );
        assert_eq!(
            der_prefix(3, 17, 1312),
            [
                0x30, 0x82, 0x05, 0x32, 0x30, 0x0b, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03,
                0x04, 0x03, 0x11, 0x03, 0x82, 0x05, 0x21, 0x00
            ]
        );
        // SLH-DSA: 18 bytes before a key of at most 64.
        assert_eq!(der_prefix(3, 20, 32).len(), 18);
        assert_eq!(der_prefix(3, 31, 64).len(), 18);
    }

    #[test]
    fn ml_kem_coefficients_below_q() {
        // 3328 = 0xD00 and 0 load; 3329 = 0xD01 does not.
        let mut t = vec![0u8; 384 * 2];
        t[0] = 0x00;
        t[1] = 0x0D;
        assert!(ml_kem_t_in_range(&t, 2));
        t[0] = 0x01;
        assert!(!ml_kem_t_in_range(&t, 2));
        t[0] = 0x00;
        t[1] = 0x00;
        // The second coefficient of a triple: (b1 >> 4) | (b2 << 4).
        t[4] = 0x10;
        t[5] = 0xD0;
        assert!(!ml_kem_t_in_range(&t, 2));
    }
}
