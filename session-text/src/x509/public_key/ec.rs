//! id-ecPublicKey: `eckey_pub_decode` (crypto/ec/ec_ameth.c) to load the
//! key, `ec_to_text` (encode_key2text.c) to print it.
//!
//! Named curves print `ASN1 OID:` (and `NIST CURVE:`). Explicit parameters
//! are loaded by `EC_GROUP_new_from_ecparameters`, which replaces a group
//! equal to a built-in curve by that curve (keeping the "explicit" flag): the
//! text then shows the built-in curve's values, its generator uncompressed
//! and its seed when the input had one. Other explicit parameters print as
//! given; they are handled when their field and coefficients are those of a
//! built-in curve (any generator, order and cofactor libcrypto accepts), so
//! that the point checks here rest on a known prime or irreducible
//! polynomial. Parameters over any other curve are refused.
//!
//! Points are checked as `EC_POINT_oct2point` checks them (form octet,
//! length, coordinates below the field size, on the curve, compressed
//! coordinates that decompress) and printed as `EC_KEY_key2buf` writes them
//! back in the same form.

use std::borrow::Cow;

use super::field::{BinaryCurve, BinaryField, Poly, PrimeCurve, Uint};
use super::tables::CURVES;
use super::text::{labeled_bignum, labeled_buf};
use super::undecodable;
use super::values::{hex, num_bits, trimmed};
use crate::dump::HexLayout;
use crate::x509::ber::{self, BitString, Decoded, Element, Parser};
use crate::x509::der::{self, Tlv};
use crate::x509::Unsupported;
use session_model::OpenSslVersion;

/// A curve's field: the prime, or GF(2^m) by its reduction polynomial's
/// middle exponents (one for a trinomial basis, three for a pentanomial).
pub(super) enum Field {
    Prime(&'static str),
    Binary { m: u32, k: &'static [u32] },
}

/// One built-in curve; numbers are big-endian hex without leading zeros.
pub(super) struct Curve {
    /// `OBJ_nid2sn` of the curve.
    pub(super) name: &'static str,
    /// The OID's content bytes in hex; empty for the two Oakley curves,
    /// which have none.
    pub(super) oid: &'static str,
    /// `EC_curve_nid2nist`.
    pub(super) nist: Option<&'static str>,
    pub(super) field: Field,
    pub(super) a: &'static str,
    pub(super) b: &'static str,
    /// x then y, each as wide as the field.
    pub(super) generator: &'static str,
    /// The low bit of the compressed generator's first byte.
    pub(super) generator_y_bit: u8,
    pub(super) order: &'static str,
    pub(super) cofactor: &'static str,
    /// Empty when the curve has none.
    pub(super) seed: &'static str,
}

const PRIME_FIELD: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x01];
const CHARACTERISTIC_TWO_FIELD: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x02];
const TP_BASIS: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x02, 0x03, 0x02];
const PP_BASIS: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x02, 0x03, 0x03];

/// The group libcrypto ends up with, which decides how the key prints.
enum Group {
    /// A curve OID.
    Named(&'static Curve),
    /// Explicit parameters over the field and coefficients of `curve`.
    Explicit(&'static Curve, Shown),
}

/// The values `ec_param_explicit_to_text` prints besides the field and the
/// coefficients.
struct Shown {
    generator_label: &'static str,
    generator: Vec<u8>,
    order: Vec<u8>,
    cofactor: Vec<u8>,
    seed: Option<Vec<u8>>,
}

/// The curve arithmetic needed to check a point.
enum Arithmetic {
    Prime(PrimeCurve),
    Binary(BinaryCurve),
}

impl Curve {
    fn arithmetic(&self) -> Arithmetic {
        match self.field {
            Field::Prime(p) => Arithmetic::Prime(PrimeCurve {
                p: Uint::from_be_bytes(&hex(p)),
                a: Uint::from_be_bytes(&hex(self.a)),
                b: Uint::from_be_bytes(&hex(self.b)),
            }),
            Field::Binary { m, k } => Arithmetic::Binary(BinaryCurve {
                field: BinaryField {
                    m: m as usize,
                    middle: k.iter().map(|&k| k as usize).collect(),
                },
                a: Poly::from_be_bytes(&hex(self.a)),
                b: Poly::from_be_bytes(&hex(self.b)),
            }),
        }
    }

    /// Bytes per coordinate: `BN_num_bytes(p)`, or (m + 7) / 8.
    fn field_len(&self) -> usize {
        match self.field {
            Field::Prime(p) => trimmed(&hex(p)).len(),
            Field::Binary { m, .. } => (m as usize).div_ceil(8),
        }
    }

    /// The field modulus as a BIGNUM's bytes (the polynomial for GF(2^m)).
    fn modulus_bytes(&self) -> Vec<u8> {
        match self.field {
            Field::Prime(p) => hex(p),
            Field::Binary { m, k } => {
                let mut exponents = vec![m, 0];
                exponents.extend_from_slice(k);
                Poly::from_exponents(&exponents).to_be_bytes()
            }
        }
    }

    /// `EC_GROUP_get_degree`: the bits of p, or m for GF(2^m).
    fn degree(&self) -> usize {
        match self.field {
            Field::Prime(p) => num_bits(&hex(p)),
            Field::Binary { m, .. } => m as usize,
        }
    }

    /// `EC_GROUP_order_bits`.
    fn order_bits(&self) -> usize {
        Uint::from_be_bytes(&hex(self.order)).bits()
    }
}

/// Prints an id-ecPublicKey key, or says why libcrypto would not load it.
pub(super) fn print(
    out: &mut Vec<u8>,
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    openssl: OpenSslVersion,
) -> Result<(), Unsupported> {
    let layout = HexLayout::of(openssl);
    let parameters =
        parameters.ok_or_else(|| Unsupported::new("an EC key has no curve parameters"))?;
    let group = match parameters.tag {
        der::OID => {
            let curve = CURVES
                .iter()
                .find(|c| !c.oid.is_empty() && hex(c.oid) == parameters.content)
                .ok_or_else(|| {
                    Unsupported::new(format!(
                        "EC curve {} is not built into libcrypto",
                        crate::x509::oid::name(parameters.content)
                    ))
                })?;
            Group::Named(curve)
        }
        // 1.1.1's ECPKParameters_print of explicit parameters is not
        // compared with 3.0's.
        der::SEQUENCE if openssl < OpenSslVersion::V3_0 => {
            return Err(Unsupported::new(format!(
                "OpenSSL {openssl}'s text of explicit EC parameters is not reproduced"
            )))
        }
        der::SEQUENCE => explicit_group(parameters.content, openssl)?,
        _ => {
            return Err(Unsupported::new(
                "EC parameters are neither a curve OID nor explicit parameters",
            ))
        }
    };
    let (curve, order_bits) = match &group {
        Group::Named(curve) => (*curve, curve.order_bits()),
        Group::Explicit(curve, shown) => (*curve, Uint::from_be_bytes(&shown.order).bits()),
    };
    // 1.1.1 may treat the SM2 curve's keys as SM2 keys; not compared.
    if openssl < OpenSslVersion::V3_0 && curve.name == "SM2" {
        return Err(Unsupported::new(format!(
            "OpenSSL {openssl}'s text of an SM2 key is not reproduced"
        )));
    }
    let Some(point) = checked_point(curve, key)? else {
        // 1.1.1's EC_POINT_point2oct encodes it as one 00 octet and prints
        // it; not compared.
        if openssl < OpenSslVersion::V3_0 {
            return Err(Unsupported::new(format!(
                "OpenSSL {openssl}'s text of an EC key at infinity is not reproduced"
            )));
        }
        // The point at infinity loads, but `ec_to_text` cannot encode it
        // (`EC_POINT_point2oct` rejects its form 0) and prints nothing.
        return Ok(());
    };
    if openssl >= OpenSslVersion::V4_0 {
        // 4.0's ec_to_text: "(%d bit field, %d bit security level)" with
        // EC_GROUP_get_degree and EC_GROUP_security_bits (crypto/ec/ec_lib.c).
        let degree = curve.degree();
        let security = security_bits(order_bits);
        out.extend_from_slice(
            format!("Public-Key: ({degree} bit field, {security} bit security level)\n").as_bytes(),
        );
    } else {
        out.extend_from_slice(format!("Public-Key: ({order_bits} bit)\n").as_bytes());
    }
    labeled_buf(out, "pub:", &point, layout);
    match group {
        Group::Named(curve) => {
            out.extend_from_slice(format!("ASN1 OID: {}\n", curve.name).as_bytes());
            if let Some(nist) = curve.nist {
                out.extend_from_slice(format!("NIST CURVE: {nist}\n").as_bytes());
            }
        }
        Group::Explicit(curve, shown) => print_explicit(out, curve, &shown, layout),
    }
    Ok(())
}

/// `EC_GROUP_security_bits` (OpenSSL 4.0, crypto/ec/ec_lib.c): NIST SP
/// 800-57's levels by order bits, half the bits below 160.
fn security_bits(order_bits: usize) -> usize {
    match order_bits {
        512.. => 256,
        384.. => 192,
        256.. => 128,
        224.. => 112,
        160.. => 80,
        _ => order_bits / 2,
    }
}

/// `ec_param_explicit_to_text`.
fn print_explicit(out: &mut Vec<u8>, curve: &Curve, shown: &Shown, layout: HexLayout) {
    match curve.field {
        Field::Prime(_) => {
            out.extend_from_slice(b"Field Type: prime-field\n");
            labeled_bignum(out, "Prime:", false, &curve.modulus_bytes(), layout);
        }
        Field::Binary { k, .. } => {
            out.extend_from_slice(b"Field Type: characteristic-two-field\n");
            let basis = if k.len() == 1 { "tpBasis" } else { "ppBasis" };
            out.extend_from_slice(format!("Basis Type: {basis}\n").as_bytes());
            labeled_bignum(out, "Polynomial:", false, &curve.modulus_bytes(), layout);
        }
    }
    labeled_bignum(out, "A:   ", false, &hex(curve.a), layout);
    labeled_bignum(out, "B:   ", false, &hex(curve.b), layout);
    labeled_buf(out, shown.generator_label, &shown.generator, layout);
    labeled_bignum(out, "Order: ", false, &shown.order, layout);
    labeled_bignum(out, "Cofactor: ", false, &shown.cofactor, layout);
    if let Some(seed) = &shown.seed {
        labeled_buf(out, "Seed:", seed, layout);
    }
}

/// The magnitude of an INTEGER (as `c2i_ASN1_INTEGER` reads it) that
/// `ASN1_INTEGER_to_BN` makes non-negative; the EC code refuses a negative
/// one.
fn non_negative(element: Element<'_>) -> Decoded<&[u8]> {
    let content = element.expect(ber::INTEGER)?.integer()?;
    if content.first().is_some_and(|first| first & 0x80 != 0) {
        return ber::rejected();
    }
    Ok(trimmed(content))
}

/// A small positive INTEGER (a field degree or basis exponent). The
/// template reads these as `LONG` (x_long.c), which also takes padded
/// encodings; those are refused here.
fn small(element: Element<'_>) -> Decoded<u32> {
    let magnitude = non_negative(element)?;
    if magnitude.len() > 4 {
        return ber::rejected();
    }
    Ok(magnitude.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b)))
}

/// The field of explicit parameters: a prime, or GF(2^m) with its basis.
enum InputField<'a> {
    Prime(&'a [u8]),
    Binary { m: u32, k: Vec<u32> },
}

/// `X9_62_FIELDID`: prime-field with its prime, or
/// characteristic-two-field with its degree and a trinomial or pentanomial
/// basis. Any other field type or basis decodes (as an ANY) but
/// `EC_GROUP_new_from_ecparameters` refuses it.
fn input_field(field_id: Element<'_>) -> Decoded<InputField<'_>> {
    let mut fields = field_id.expect(ber::SEQUENCE)?.sequence()?;
    let field_type = fields.expect(ber::OBJECT)?.object()?;
    let field = if field_type == PRIME_FIELD {
        InputField::Prime(non_negative(fields.read()?)?)
    } else if field_type == CHARACTERISTIC_TWO_FIELD {
        let mut two = fields.expect(ber::SEQUENCE)?.sequence()?;
        let m = small(two.read()?)?;
        let basis = two.expect(ber::OBJECT)?.object()?;
        let k = if basis == TP_BASIS {
            vec![small(two.read()?)?]
        } else if basis == PP_BASIS {
            let mut penta = two.expect(ber::SEQUENCE)?.sequence()?;
            let mut k = Vec::with_capacity(3);
            for _ in 0..3 {
                k.push(small(penta.read()?)?);
            }
            penta.finish()?;
            k
        } else {
            return ber::rejected();
        };
        two.finish()?;
        InputField::Binary { m, k }
    } else {
        return ber::rejected();
    };
    fields.finish()?;
    Ok(field)
}

/// `ECPARAMETERS` (crypto/ec/ec_asn1.c) as the template decodes it.
struct EcParameters<'a> {
    field: InputField<'a>,
    a: Cow<'a, [u8]>,
    b: Cow<'a, [u8]>,
    seed: Option<BitString<'a>>,
    base: Cow<'a, [u8]>,
    order: &'a [u8],
    cofactor: Option<&'a [u8]>,
}

fn ec_parameters(content: &[u8]) -> Decoded<EcParameters<'_>> {
    let mut fields = Parser::items(content);
    // The version (an INT32) is read but never checked.
    fields.expect(ber::INTEGER)?.int32()?;
    let field = input_field(fields.read()?)?;
    let mut curve = fields.expect(ber::SEQUENCE)?.sequence()?;
    let a = curve.expect(ber::OCTET_STRING)?.string()?;
    let b = curve.expect(ber::OCTET_STRING)?.string()?;
    let seed = match curve.optional(ber::BIT_STRING)? {
        Some(seed) => Some(seed.bit_string()?),
        None => None,
    };
    curve.finish()?;
    let base = fields.expect(ber::OCTET_STRING)?.string()?;
    let order = non_negative(fields.read()?)?;
    let cofactor = match fields.optional(ber::INTEGER)? {
        Some(cofactor) => Some(non_negative(cofactor)?),
        None => None,
    };
    fields.finish()?;
    Ok(EcParameters {
        field,
        a,
        b,
        seed,
        base,
        order,
        cofactor,
    })
}

/// The group `EC_GROUP_new_from_ecparameters` makes of explicit parameters
/// (ECParameters). Only parameters over the field and coefficients of a
/// built-in curve are handled (so that the point checks here are sound);
/// any generator, order and cofactor libcrypto accepts on such a curve are.
fn explicit_group(parameters: &[u8], openssl: OpenSslVersion) -> Result<Group, Unsupported> {
    let EcParameters {
        field,
        a,
        b,
        seed,
        base,
        order,
        cofactor,
    } = ec_parameters(parameters).map_err(undecodable("explicit EC parameters"))?;
    // The seed's unused bits are cleared (c2i_ASN1_BIT_STRING);
    // EC_GROUP_new_from_ecparameters refuses an empty seed.
    let seed = match seed {
        Some(seed) if seed.view().raw_bytes().is_empty() => {
            return Err(Unsupported::new("explicit EC parameters have a bad seed"))
        }
        seed => seed.map(|seed| seed.view().cleared_bytes()),
    };

    let same_curve = |curve: &&Curve| {
        let same_field = match (&field, &curve.field) {
            (InputField::Prime(p), Field::Prime(q)) => *p == hex(q).as_slice(),
            (InputField::Binary { m, k }, Field::Binary { m: m2, k: k2 }) => {
                m == m2 && k.as_slice() == *k2
            }
            _ => false,
        };
        same_field
            && trimmed(&a) == hex(curve.a).as_slice()
            && trimmed(&b) == hex(curve.b).as_slice()
    };
    let curve = CURVES.iter().find(same_curve).ok_or_else(|| {
        Unsupported::new("explicit EC parameters over a curve that is not built into libcrypto")
    })?;
    // The Hasse bound on the order (against the field's bit length, m for
    // GF(2^m)); a zero order is refused too.
    let field_bits = match curve.field {
        Field::Prime(p) => Uint::from_be_bytes(&hex(p)).bits(),
        Field::Binary { m, .. } => m as usize,
    };
    let order_bits = Uint::from_be_bytes(order).bits();
    if order_bits == 0 || order_bits > field_bits + 1 {
        return Err(Unsupported::new(
            "explicit EC parameters have an order libcrypto refuses",
        ));
    }
    let generator = checked_point(curve, &base)?.ok_or_else(|| {
        Unsupported::new("explicit EC parameters have the point at infinity as generator")
    })?;

    // ossl_ec_curve_nid_from_params: a group equal to a built-in curve
    // (generator and order included; the seed is ignored, the cofactor is
    // the guessed one, which the built-in curves all agree with) is replaced
    // by that curve, whose generator prints uncompressed and whose seed
    // stays only when the input had a seed.
    let builtin = CURVES.iter().filter(same_curve).find(|curve| {
        let g = hex(curve.generator);
        let x = g.get(..curve.field_len()).unwrap_or_default();
        let encodings = [
            [&[0x04][..], &g].concat(),
            [&[0x02 | curve.generator_y_bit][..], x].concat(),
            [&[0x06 | curve.generator_y_bit][..], &g].concat(),
        ];
        order == hex(curve.order).as_slice() && encodings.iter().any(|e| e.as_slice() == &*base)
    });
    // OpenSSL 4.0 is built without explicit curves by default
    // ("ec_explicit_curves" => "default" in Configure's %disabled): its
    // d2i_ECPKParameters (crypto/ec/ec_asn1.c) refuses a group that
    // EC_GROUP_check_named_curve does not find, which also compares a given
    // cofactor and seed. Only a built-in curve's values, with its cofactor
    // and seed where given, are known to load there.
    if openssl >= OpenSslVersion::V4_0 {
        let loads = builtin.is_some_and(|builtin| {
            let same_cofactor =
                cofactor.is_none_or(|c| trimmed(c) == trimmed(&hex(builtin.cofactor)));
            let same_seed = seed.as_ref().is_none_or(|s| {
                builtin.seed.is_empty() || s.as_slice() == hex(builtin.seed).as_slice()
            });
            same_cofactor && same_seed
        });
        if !loads {
            return Err(Unsupported::new(format!(
                "OpenSSL {openssl} loads explicit EC parameters only when they are a built-in \
                 curve's; these may not load"
            )));
        }
    }
    if let Some(builtin) = builtin {
        let shown = Shown {
            generator_label: "Generator (uncompressed):",
            generator: [&[0x04][..], &hex(builtin.generator)].concat(),
            order: hex(builtin.order),
            cofactor: hex(builtin.cofactor),
            seed: seed.and((!builtin.seed.is_empty()).then(|| hex(builtin.seed))),
        };
        return Ok(Group::Explicit(builtin, shown));
    }
    // Otherwise the group keeps the input's values; the generator prints in
    // the form it was given in.
    let generator_label = match base.first().map(|b| b & !1) {
        Some(2) => "Generator (compressed):",
        Some(6) => "Generator (hybrid):",
        _ => "Generator (uncompressed):",
    };
    let cofactor = match cofactor {
        Some(cofactor) if !cofactor.is_empty() => cofactor.to_vec(),
        _ => guessed_cofactor(curve, order),
    };
    let shown = Shown {
        generator_label,
        generator,
        order: order.to_vec(),
        cofactor,
        seed,
    };
    Ok(Group::Explicit(curve, shown))
}

/// `ec_guess_cofactor`: round((q + 1) / n) with q = p or 2^m, or 0 when the
/// order is too small for the guess to be sound.
fn guessed_cofactor(curve: &Curve, order: &[u8]) -> Vec<u8> {
    let order = Uint::from_be_bytes(order);
    // BN_num_bits(group->field): the polynomial has m + 1 bits.
    let (field_bits, q) = match curve.field {
        Field::Prime(p) => {
            let p = Uint::from_be_bytes(&hex(p));
            (p.bits(), p)
        }
        Field::Binary { m, .. } => (m as usize + 1, Uint::power_of_two(m as usize)),
    };
    if order.bits() <= field_bits.div_ceil(2) + 3 {
        return Vec::new();
    }
    let mut half = order.clone();
    half.shr1();
    q.add(&half).add(&Uint::one()).div(&order).to_be_bytes()
}

/// Checks an encoded public point as `EC_POINT_oct2point` does and returns
/// what `EC_KEY_key2buf` writes back in the same form, or `None` for the
/// point at infinity.
fn checked_point(curve: &Curve, encoded: &[u8]) -> Result<Option<Vec<u8>>, Unsupported> {
    let invalid = || Unsupported::new(format!("an EC point libcrypto refuses on {}", curve.name));
    let (&first, coordinates) = encoded.split_first().ok_or_else(invalid)?;
    let y_bit = first & 1 == 1;
    let form = first & !1;
    match form {
        0 if !y_bit && coordinates.is_empty() => return Ok(None),
        2 | 6 => {}
        4 if !y_bit => {}
        _ => return Err(invalid()),
    }
    let width = curve.field_len();
    let expected = if form == 2 { 1 + width } else { 1 + 2 * width };
    if encoded.len() != expected {
        return Err(invalid());
    }
    let (x, y) = coordinates.split_at(width);
    let mut printed = encoded.to_vec();
    let valid = match curve.arithmetic() {
        Arithmetic::Prime(math) => {
            let x = Uint::from_be_bytes(x);
            if x >= math.p {
                false
            } else if form == 2 {
                math.decompresses(&x, y_bit)
            } else {
                let y = Uint::from_be_bytes(y);
                y < math.p && (form == 4 || y.is_odd() == y_bit) && math.contains(&x, &y)
            }
        }
        Arithmetic::Binary(math) => {
            let m = math.field.m;
            let x = Poly::from_be_bytes(x);
            if x.bits() > m {
                false
            } else if form == 2 {
                // For x = 0 the y bit is ignored on reading and written
                // back as 0.
                if x.is_zero() {
                    printed[0] = 0x02;
                }
                math.decompresses(&x)
            } else {
                let y = Poly::from_be_bytes(y);
                let hybrid_bit_ok = form == 4
                    || if x.is_zero() {
                        !y_bit
                    } else {
                        math.y_bit(&x, &y) == y_bit
                    };
                y.bits() <= m && hybrid_bit_ok && math.contains(&x, &y)
            }
        }
    };
    if valid {
        Ok(Some(printed))
    } else {
        Err(invalid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_well_formed() {
        let is_hex = |s: &str| {
            s.len() % 2 == 0
                && s.bytes()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase())
        };
        for curve in CURVES {
            for value in [
                curve.oid,
                curve.a,
                curve.b,
                curve.generator,
                curve.order,
                curve.cofactor,
                curve.seed,
            ] {
                assert!(is_hex(value), "{}: {value}", curve.name);
            }
            assert_eq!(
                hex(curve.generator).len(),
                2 * curve.field_len(),
                "{}",
                curve.name
            );
        }
    }

    /// Every built-in generator is a valid point in every form, and the
    /// same x with the other y is not.
    #[test]
    fn generators_are_on_their_curves() {
        for curve in CURVES {
            let generator = hex(curve.generator);
            let width = curve.field_len();
            let uncompressed = [&[0x04][..], &generator].concat();
            assert_eq!(
                checked_point(curve, &uncompressed),
                Ok(Some(uncompressed.clone())),
                "{}",
                curve.name
            );
            let compressed = [&[0x02 | curve.generator_y_bit][..], &generator[..width]].concat();
            assert_eq!(
                checked_point(curve, &compressed),
                Ok(Some(compressed.clone())),
                "{}",
                curve.name
            );
            let hybrid = [&[0x06 | curve.generator_y_bit][..], &generator].concat();
            assert_eq!(
                checked_point(curve, &hybrid),
                Ok(Some(hybrid.clone())),
                "{}",
                curve.name
            );
            let wrong_bit = [&[0x06 | (curve.generator_y_bit ^ 1)][..], &generator].concat();
            assert!(checked_point(curve, &wrong_bit).is_err(), "{}", curve.name);
            let mut off_curve = uncompressed.clone();
            let last = off_curve.len() - 1;
            off_curve[last] ^= 1;
            assert!(checked_point(curve, &off_curve).is_err(), "{}", curve.name);
        }
    }

    #[test]
    fn malformed_points_are_refused() {
        let p256 = CURVES.iter().find(|c| c.name == "prime256v1").unwrap();
        for bad in [
            &[][..],
            &[0x01],
            &[0x05; 65],
            &[0x04; 64],
            &[0x02; 34],
            &[0x00, 0x00],
            &[0x08; 33],
        ] {
            assert!(checked_point(p256, bad).is_err(), "{bad:02x?}");
        }
        assert_eq!(checked_point(p256, &[0x00]), Ok(None));
        // x = p is out of range even though x = 0 would be fine.
        let mut x_is_p = vec![0x02];
        x_is_p.extend(hex(
            "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
        ));
        assert!(checked_point(p256, &x_is_p).is_err());
    }
}
