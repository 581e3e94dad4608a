//! Finite-field keys: DSA (`dsa_pub_decode`), PKCS #3 DH and X9.42 DH
//! (`dh_pub_decode`, crypto/dh/dh_asn1.c), printed by `dsa_to_text` /
//! `dh_to_text` and `ffc_params_to_text` (encode_key2text.c).

use super::tables::DH_GROUPS;
use super::text::{labeled_bignum, labeled_buf};
use super::values::{c_int_of_long, hex, int32, is_minimal_integer, num_bits, trimmed};
use crate::x509_text::der::{self, Reader, Tlv};
use crate::x509_text::integer::Integer;
use crate::x509_text::Unsupported;

/// A named group of crypto/ffc/ffc_dh.c; numbers are big-endian hex without
/// leading zeros.
pub(super) struct DhGroup {
    pub(super) name: &'static str,
    pub(super) p: &'static str,
    pub(super) g: &'static str,
    pub(super) q: &'static str,
}

/// The content of an ASN.1 BIGNUM field (x_bignum.c `bn_c2i`): any bytes,
/// read as an unsigned magnitude (no sign, leading zeros allowed).
fn bignum<'a>(fields: &mut Reader<'a>) -> Result<&'a [u8], Unsupported> {
    fields.read_tag(der::INTEGER)
}

/// `d2i_ASN1_INTEGER` of the key bits then `ASN1_INTEGER_to_BN`: one
/// minimal INTEGER (c2i_ASN1_INTEGER refuses empty or padded content),
/// signed; bytes after it are ignored.
fn public_integer(key: &[u8]) -> Result<Integer, Unsupported> {
    let refused = || Unsupported::new("the public key is not an INTEGER libcrypto reads");
    let content = Reader::new(key)
        .read_tag(der::INTEGER)
        .map_err(|_| refused())?;
    if is_minimal_integer(content) {
        Ok(Integer::from_content(content))
    } else {
        Err(refused())
    }
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
    fn print(&self, out: &mut Vec<u8>, named: Option<&DhGroup>) {
        if let Some(group) = named {
            out.extend_from_slice(format!("GROUP: {}\n", group.name).as_bytes());
            return;
        }
        labeled_bignum(out, "P:   ", false, self.p);
        if let Some(q) = self.q {
            labeled_bignum(out, "Q:   ", false, q);
        }
        labeled_bignum(out, "G:   ", false, self.g);
        if let Some(j) = self.j {
            labeled_bignum(out, "J:   ", false, j);
        }
        if !self.seed.is_empty() {
            labeled_buf(out, "SEED:", &self.seed);
        }
        if self.counter != -1 {
            out.extend_from_slice(format!("pcounter: {}\n", self.counter).as_bytes());
        }
    }
}

/// The SEQUENCE parameters every FFC key needs: libcrypto refuses DH
/// without them, and fails to load DSA keys whose parameters are absent or
/// NULL.
fn sequence<'a>(parameters: Option<Tlv<'a>>, what: &str) -> Result<&'a [u8], Unsupported> {
    match parameters {
        Some(tlv) if tlv.tag == der::SEQUENCE => Ok(tlv.content),
        _ => Err(Unsupported::new(format!(
            "{what} parameters are not a SEQUENCE; libcrypto does not load the key"
        ))),
    }
}

/// DSA (dsaEncryption and the old OIDs libcrypto aliases to it).
pub(super) fn print_dsa(
    out: &mut Vec<u8>,
    parameters: Option<Tlv<'_>>,
    key: &[u8],
) -> Result<(), Unsupported> {
    let mut fields = Reader::new(sequence(parameters, "DSA")?);
    let p = bignum(&mut fields)?;
    let q = bignum(&mut fields)?;
    let g = bignum(&mut fields)?;
    fields.finish()?;
    let public = public_integer(key)?;
    out.extend_from_slice(format!("Public-Key: ({} bit)\n", num_bits(p)).as_bytes());
    labeled_bignum(out, "pub: ", public.negative, &public.magnitude);
    FfcParams::new(p, Some(q), g).print(out, None);
    Ok(())
}

/// dhKeyAgreement: PKCS #3 `DHparams` { p, g, privateValueLength OPTIONAL }.
pub(super) fn print_dh(
    out: &mut Vec<u8>,
    parameters: Option<Tlv<'_>>,
    key: &[u8],
) -> Result<(), Unsupported> {
    let mut fields = Reader::new(sequence(parameters, "DH")?);
    let p = bignum(&mut fields)?;
    let g = bignum(&mut fields)?;
    let length = match fields.read_optional(der::INTEGER)? {
        Some(content) => int32(content).ok_or_else(|| {
            Unsupported::new("privateValueLength is not an int32 libcrypto reads")
        })?,
        None => 0,
    };
    fields.finish()?;
    let public = public_integer(key)?;
    let params = FfcParams::new(p, None, g);
    print_dh_key(out, &public, &params);
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
) -> Result<(), Unsupported> {
    let mut fields = Reader::new(sequence(parameters, "X9.42 DH")?);
    let p = bignum(&mut fields)?;
    let g = bignum(&mut fields)?;
    let q = bignum(&mut fields)?;
    let mut params = FfcParams::new(p, Some(q), g);
    params.j = fields.read_optional(der::INTEGER)?;
    if let Some(validation) = fields.read_optional(der::SEQUENCE)? {
        let mut validation = Reader::new(validation);
        params.seed = bit_string(validation.read_tag(der::BIT_STRING)?)?;
        params.counter = counter(bignum(&mut validation)?);
        validation.finish()?;
    }
    fields.finish()?;
    let public = public_integer(key)?;
    print_dh_key(out, &public, &params);
    Ok(())
}

/// `dh_to_text` up to the parameters.
fn print_dh_key(out: &mut Vec<u8>, public: &Integer, params: &FfcParams<'_>) {
    out.extend_from_slice(format!("DH Public-Key: ({} bit)\n", num_bits(params.p)).as_bytes());
    labeled_bignum(out, "public-key:", public.negative, &public.magnitude);
    params.print(out, params.named_group());
}

/// `c2i_ASN1_BIT_STRING`: the bytes after the unused-bits count (at most
/// 7), the unused bits of the last byte cleared.
fn bit_string(content: &[u8]) -> Result<Vec<u8>, Unsupported> {
    match content.split_first() {
        Some((&unused, bytes)) if unused < 8 => {
            let mut bytes = bytes.to_vec();
            if let Some(last) = bytes.last_mut() {
                *last &= 0xFF << unused;
            }
            Ok(bytes)
        }
        _ => Err(Unsupported::new("a BIT STRING libcrypto refuses")),
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
