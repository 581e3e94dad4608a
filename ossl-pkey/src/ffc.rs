//! Finite-field keys: DSA (`dsa_pub_decode`), PKCS #3 DH and X9.42 DH
//! (`dh_pub_decode`, crypto/dh/dh_asn1.c).

use crate::ber::{self, Decoded, Parser};
use crate::integer::Integer;
use crate::tables::DH_GROUPS;
use crate::values::{c_int_of_long, hex, trimmed};
use crate::{undecodable, Refused, Release, Tlv};

/// A named group of crypto/ffc/ffc_dh.c; numbers are big-endian hex without
/// leading zeros.
pub(crate) struct DhGroup {
    pub(crate) name: &'static str,
    pub(crate) p: &'static str,
    pub(crate) g: &'static str,
    pub(crate) q: &'static str,
}

/// The content of a `BIGNUM` field ([`ber::Element::bignum`]).
fn bignum<'a>(fields: &mut Parser<'a>, release: Release) -> Decoded<&'a [u8]> {
    crate::bignum(&fields.expect(ber::INTEGER)?, release)
}

/// `d2i_ASN1_INTEGER` of the key bits then `ASN1_INTEGER_to_BN`: one
/// INTEGER as `c2i_ASN1_INTEGER` reads it, signed; bytes after it are
/// ignored.
fn public_integer(key: &[u8]) -> Result<Integer, Refused> {
    Parser::new(key)
        .expect(ber::INTEGER)
        .and_then(|element| element.integer())
        .map(Integer::from_content)
        .map_err(undecodable("a public key INTEGER"))
}

/// Domain parameters as `FFC_PARAMS` holds them after decoding
/// (big-endian magnitudes as encoded).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FfcParams {
    /// The prime p.
    pub p: Vec<u8>,
    /// The subgroup order q (DSA, X9.42 DH).
    pub q: Option<Vec<u8>>,
    /// The generator g.
    pub g: Vec<u8>,
    /// The X9.42 cofactor j.
    pub j: Option<Vec<u8>>,
    /// The validation seed (empty when absent or empty).
    pub seed: Vec<u8>,
    /// `pcounter`; -1 when unset.
    pub counter: i32,
}

/// A DSA key: its parameters and public value (signed, as
/// `ASN1_INTEGER_to_BN` keeps it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DsaKey {
    /// p, q and g.
    pub params: FfcParams,
    /// Whether the public value is negative.
    pub negative: bool,
    /// The public value's magnitude.
    pub public: Vec<u8>,
}

/// A DH key (PKCS #3 or X9.42).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DhKey {
    /// The domain parameters.
    pub params: FfcParams,
    /// PKCS #3's privateValueLength (0 when absent; always 0 for X9.42).
    pub length: i32,
    /// Whether the public value is negative.
    pub negative: bool,
    /// The public value's magnitude.
    pub public: Vec<u8>,
    /// The named group of crypto/ffc/ffc_dh.c these parameters are, if any
    /// (`ossl_dh_cache_named_group`).
    pub group: Option<&'static str>,
}

impl FfcParams {
    fn new(p: &[u8], q: Option<&[u8]>, g: &[u8]) -> FfcParams {
        FfcParams {
            p: p.to_vec(),
            q: q.map(<[u8]>::to_vec),
            g: g.to_vec(),
            j: None,
            seed: Vec::new(),
            counter: -1,
        }
    }

    /// `ossl_dh_cache_named_group`: the first named group with the same p
    /// and g, and the same q when there is one.
    fn named_group(&self) -> Option<&'static DhGroup> {
        DH_GROUPS.iter().find(|group| {
            trimmed(&self.p) == hex(group.p)
                && trimmed(&self.g) == hex(group.g)
                && self.q.as_ref().is_none_or(|q| trimmed(q) == hex(group.q))
        })
    }
}

/// Decodes the SEQUENCE parameters every FFC key needs (libcrypto refuses
/// DH without them, and fails to load DSA keys whose parameters are absent
/// or NULL): `fields` reads the SEQUENCE's fields, all of which it must
/// use (`d2i_DSAparams`, `d2i_DHparams`, `d2i_DHxparams`).
fn decode_parameters<'a, T>(
    parameters: Option<Tlv<'a>>,
    what: &str,
    fields: impl FnOnce(&mut Parser<'a>) -> Decoded<T>,
) -> Result<T, Refused> {
    let content = match parameters {
        Some(tlv) if tlv.tag == ber::SEQUENCE => tlv.content,
        _ => {
            return Err(Refused::not_loaded(format!(
                "{what} parameters are not a SEQUENCE; libcrypto does not load the key"
            )))
        }
    };
    let mut parser = Parser::items(content);
    let decoded = fields(&mut parser).and_then(|value| parser.finish().map(|()| value));
    decoded.map_err(undecodable(&format!("{what} parameters")))
}

/// DSA (dsaEncryption and the old OIDs libcrypto aliases to it).
pub(crate) fn load_dsa(
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    release: Release,
) -> Result<DsaKey, Refused> {
    let (p, q, g) = decode_parameters(parameters, "DSA", |fields| {
        Ok((
            bignum(fields, release)?,
            bignum(fields, release)?,
            bignum(fields, release)?,
        ))
    })?;
    let public = public_integer(key)?;
    Ok(DsaKey {
        params: FfcParams::new(p, Some(q), g),
        negative: public.negative,
        public: public.magnitude,
    })
}

/// dhKeyAgreement: PKCS #3 `DHparams` { p, g, privateValueLength OPTIONAL }.
pub(crate) fn load_dh(
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    release: Release,
) -> Result<DhKey, Refused> {
    let (p, g, length) = decode_parameters(parameters, "DH", |fields| {
        let p = bignum(fields, release)?;
        let g = bignum(fields, release)?;
        // privateValueLength, a ZINT32.
        let length = match fields.optional(ber::INTEGER)? {
            Some(element) => element.int32()?,
            None => 0,
        };
        Ok((p, g, length))
    })?;
    let public = public_integer(key)?;
    Ok(dh_key(FfcParams::new(p, None, g), length, public))
}

/// dhpublicnumber: X9.42 `DomainParameters` { p, g, q, j OPTIONAL,
/// validationParms { seed BIT STRING, pgenCounter } OPTIONAL }.
pub(crate) fn load_dhx(
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    release: Release,
) -> Result<DhKey, Refused> {
    let params = decode_parameters(parameters, "X9.42 DH", |fields| {
        let p = bignum(fields, release)?;
        let g = bignum(fields, release)?;
        let q = bignum(fields, release)?;
        let mut params = FfcParams::new(p, Some(q), g);
        params.j = match fields.optional(ber::INTEGER)? {
            Some(j) => Some(crate::bignum(&j, release)?.to_vec()),
            None => None,
        };
        if let Some(validation) = fields.optional(ber::SEQUENCE)? {
            let mut validation = validation.sequence()?;
            // c2i_ASN1_BIT_STRING clears the seed's unused bits.
            params.seed = validation
                .expect(ber::BIT_STRING)?
                .bit_string()?
                .view()
                .cleared_bytes();
            params.counter = counter(bignum(&mut validation, release)?);
            validation.finish()?;
        }
        Ok(params)
    })?;
    let public = public_integer(key)?;
    Ok(dh_key(params, 0, public))
}

fn dh_key(params: FfcParams, length: i32, public: Integer) -> DhKey {
    let group = params.named_group().map(|g| g.name);
    DhKey {
        params,
        length,
        negative: public.negative,
        public: public.magnitude,
        group,
    }
}

/// pgenCounter as `d2i_DHxparams` stores it: `BN_get_word` (all ones when
/// the value needs more than 64 bits) passed on as a C `int`.
fn counter(magnitude: &[u8]) -> i32 {
    let digits = trimmed(magnitude);
    let word = if digits.len() > 8 {
        u64::MAX
    } else {
        digits.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b))
    };
    c_int_of_long(i64::from_le_bytes(word.to_le_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_table_is_well_formed() {
        use crate::values::num_bits;
        assert_eq!(DH_GROUPS.len(), 14);
        for group in DH_GROUPS {
            for value in [group.p, group.g, group.q] {
                assert!(
                    value.len() % 2 == 0
                        && value
                            .bytes()
                            .all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')),
                    "{}",
                    group.name
                );
            }
            // Every group's prime is odd and as long as its name says
            // (ffdhe2048, modp_1536, dh_2048_224 ...).
            let bits = num_bits(&hex(group.p));
            assert!(
                group.name.contains(&bits.to_string()),
                "{}: {bits}",
                group.name
            );
            assert_eq!(
                hex(group.p).last().map(|b| b & 1),
                Some(1),
                "{}",
                group.name
            );
        }
    }

    #[test]
    fn named_groups_match_on_p_g_and_any_q() {
        let ffdhe2048 = &DH_GROUPS[0];
        let (p, g, q) = (hex(ffdhe2048.p), hex(ffdhe2048.g), hex(ffdhe2048.q));
        let padded_p = [&[0u8][..], &p].concat();
        let pkcs3 = FfcParams::new(&padded_p, None, &g);
        assert_eq!(pkcs3.named_group().map(|g| g.name), Some("ffdhe2048"));
        let x942 = FfcParams::new(&p, Some(&q), &g);
        assert_eq!(x942.named_group().map(|g| g.name), Some("ffdhe2048"));
        let other_q = FfcParams::new(&p, Some(&[11]), &g);
        assert!(other_q.named_group().is_none());
        let other_g = FfcParams::new(&p, None, &[5]);
        assert!(other_g.named_group().is_none());
    }

    #[test]
    fn counter_is_bn_get_word_cut_to_int() {
        assert_eq!(counter(&[]), 0);
        assert_eq!(counter(&[0x00, 0x4D]), 77);
        assert_eq!(counter(&[0x80, 0, 0, 0]), i32::MIN);
        assert_eq!(counter(&[0x01, 0, 0, 0, 0x03]), 3);
        assert_eq!(counter(&[0xFF; 8]), -1);
        // More than 64 bits: BN_get_word's all-ones error value.
        assert_eq!(counter(&[0x01, 0, 0, 0, 0, 0, 0, 0, 0]), -1);
    }
}
