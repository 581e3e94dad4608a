//! Finite-field keys: DSA (`dsa_pub_decode`), PKCS #3 DH and X9.42 DH
//! (`dh_pub_decode`, crypto/dh/dh_asn1.c), printed by `dsa_to_text` /
//! `dh_to_text` and `ffc_params_to_text` (encode_key2text.c).

use super::tables::DH_GROUPS;
use super::text::{labeled_bignum, labeled_buf};
use super::undecodable;
use super::values::{c_int_of_long, hex, num_bits, trimmed};
use crate::dump::HexLayout;
use crate::x509::ber::{self, Decoded, Parser};
use crate::x509::der::{self, Tlv};
use crate::x509::integer::Integer;
use crate::x509::Unsupported;
use session_model::OpenSslVersion;

/// A named group of crypto/ffc/ffc_dh.c; numbers are big-endian hex without
/// leading zeros.
pub(super) struct DhGroup {
    pub(super) name: &'static str,
    pub(super) p: &'static str,
    pub(super) g: &'static str,
    pub(super) q: &'static str,
}

/// The content of a `BIGNUM` field ([`ber::Element::bignum`]).
fn bignum<'a>(fields: &mut Parser<'a>, openssl: OpenSslVersion) -> Decoded<&'a [u8]> {
    fields.expect(ber::INTEGER)?.bignum_in(openssl)
}

/// `d2i_ASN1_INTEGER` of the key bits then `ASN1_INTEGER_to_BN`: one
/// INTEGER as `c2i_ASN1_INTEGER` reads it, signed; bytes after it are
/// ignored.
fn public_integer(key: &[u8]) -> Result<Integer, Unsupported> {
    Parser::new(key)
        .expect(ber::INTEGER)
        .and_then(|element| element.integer())
        .map(Integer::from_content)
        .map_err(undecodable("a public key INTEGER"))
}

/// Domain parameters as `FFC_PARAMS` holds them after decoding.
struct FfcParams<'a> {
    p: &'a [u8],
    q: Option<&'a [u8]>,
    g: &'a [u8],
    j: Option<&'a [u8]>,
    /// The validation seed (empty when absent or empty).
    seed: Vec<u8>,
    /// `pcounter`; -1 when unset.
    counter: i32,
}

impl FfcParams<'_> {
    fn new<'a>(p: &'a [u8], q: Option<&'a [u8]>, g: &'a [u8]) -> FfcParams<'a> {
        FfcParams {
            p,
            q,
            g,
            j: None,
            seed: Vec::new(),
            counter: -1,
        }
    }

    /// `ossl_dh_cache_named_group`: the first named group with the same p
    /// and g, and the same q when there is one.
    fn named_group(&self) -> Option<&'static DhGroup> {
        DH_GROUPS.iter().find(|group| {
            trimmed(self.p) == hex(group.p)
                && trimmed(self.g) == hex(group.g)
                && self.q.is_none_or(|q| trimmed(q) == hex(group.q))
        })
    }

    /// `ffc_params_to_text` (gindex and h are never set by decoding).
    fn print(&self, out: &mut Vec<u8>, named: Option<&DhGroup>, hex: HexLayout) {
        if let Some(group) = named {
            out.extend_from_slice(format!("GROUP: {}\n", group.name).as_bytes());
            return;
        }
        labeled_bignum(out, "P:   ", false, self.p, hex);
        if let Some(q) = self.q {
            labeled_bignum(out, "Q:   ", false, q, hex);
        }
        labeled_bignum(out, "G:   ", false, self.g, hex);
        if let Some(j) = self.j {
            labeled_bignum(out, "J:   ", false, j, hex);
        }
        if !self.seed.is_empty() {
            labeled_buf(out, "SEED:", &self.seed, hex);
        }
        if self.counter != -1 {
            out.extend_from_slice(format!("pcounter: {}\n", self.counter).as_bytes());
        }
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
) -> Result<T, Unsupported> {
    let content = match parameters {
        Some(tlv) if tlv.tag == der::SEQUENCE => tlv.content,
        _ => {
            return Err(Unsupported::new(format!(
                "{what} parameters are not a SEQUENCE; libcrypto does not load the key"
            )))
        }
    };
    let mut parser = Parser::items(content);
    let decoded = fields(&mut parser).and_then(|value| parser.finish().map(|()| value));
    decoded.map_err(undecodable(&format!("{what} parameters")))
}

/// DSA (dsaEncryption and the old OIDs libcrypto aliases to it).
pub(super) fn print_dsa(
    out: &mut Vec<u8>,
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let hex = HexLayout::of(openssl);
    let (p, q, g) = decode_parameters(parameters, "DSA", |fields| {
        Ok((
            bignum(fields, openssl)?,
            bignum(fields, openssl)?,
            bignum(fields, openssl)?,
        ))
    })?;
    let public = public_integer(key)?;
    out.extend_from_slice(format!("Public-Key: ({} bit)\n", num_bits(p)).as_bytes());
    labeled_bignum(out, "pub: ", public.negative, &public.magnitude, hex);
    FfcParams::new(p, Some(q), g).print(out, None, hex);
    Ok(())
}

/// dhKeyAgreement: PKCS #3 `DHparams` { p, g, privateValueLength OPTIONAL }.
pub(super) fn print_dh(
    out: &mut Vec<u8>,
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let hex = HexLayout::of(openssl);
    let (p, g, length) = decode_parameters(parameters, "DH", |fields| {
        let p = bignum(fields, openssl)?;
        let g = bignum(fields, openssl)?;
        // privateValueLength, a ZINT32.
        let length = match fields.optional(ber::INTEGER)? {
            Some(element) => element.int32()?,
            None => 0,
        };
        Ok((p, g, length))
    })?;
    let public = public_integer(key)?;
    let params = FfcParams::new(p, None, g);
    print_dh_key(out, &public, &params, hex);
    // DH_get_length: printed only when positive.
    if length > 0 {
        out.extend_from_slice(format!("recommended-private-length: {length} bits\n").as_bytes());
    }
    Ok(())
}

/// dhpublicnumber: X9.42 `DomainParameters` { p, g, q, j OPTIONAL,
/// validationParms { seed BIT STRING, pgenCounter } OPTIONAL }.
pub(super) fn print_dhx(
    out: &mut Vec<u8>,
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let hex = HexLayout::of(openssl);
    let params = decode_parameters(parameters, "X9.42 DH", |fields| {
        let p = bignum(fields, openssl)?;
        let g = bignum(fields, openssl)?;
        let q = bignum(fields, openssl)?;
        let mut params = FfcParams::new(p, Some(q), g);
        params.j = match fields.optional(ber::INTEGER)? {
            Some(j) => Some(j.bignum_in(openssl)?),
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
            params.counter = counter(bignum(&mut validation, openssl)?);
            validation.finish()?;
        }
        Ok(params)
    })?;
    let public = public_integer(key)?;
    print_dh_key(out, &public, &params, hex);
    Ok(())
}

/// `dh_to_text` up to the parameters.
fn print_dh_key(out: &mut Vec<u8>, public: &Integer, params: &FfcParams<'_>, hex: HexLayout) {
    out.extend_from_slice(format!("DH Public-Key: ({} bit)\n", num_bits(params.p)).as_bytes());
    labeled_bignum(out, "public-key:", public.negative, &public.magnitude, hex);
    params.print(out, params.named_group(), hex);
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
