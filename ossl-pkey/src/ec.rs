//! id-ecPublicKey: `eckey_pub_decode` (crypto/ec/ec_ameth.c), which the
//! EC and SM2 SubjectPublicKeyInfo decoders reach through `d2i_EC_PUBKEY`.
//!
//! Named curves must be built in. Explicit parameters are loaded by
//! `EC_GROUP_new_from_ecparameters`, which replaces a group equal to a
//! built-in curve by that curve (its values, its generator uncompressed,
//! its seed when the input had one). Other explicit parameters keep their
//! values: over a built-in curve's field and coefficients (any generator,
//! order and cofactor libcrypto accepts) the point checks rest on a known
//! prime or irreducible polynomial; over any other prime field they are
//! checked with the same arithmetic modulo the given number, prime or not,
//! except that a compressed point modulo a number no built-in curve has is
//! left undecided (`BN_mod_sqrt` modulo a composite is not reproduced);
//! over any other binary field they are undecided. 4.0, built without
//! `ec_explicit_curves`, refuses explicit parameters that are no built-in
//! curve.
//!
//! Points are checked as `EC_POINT_oct2point` checks them (form octet,
//! length, coordinates below the field size, on the curve, compressed
//! coordinates that decompress) and kept as `EC_KEY_key2buf` writes them
//! back in the same form.

use std::borrow::Cow;

use crate::ber::{self, BitString, Decoded, Element, Parser};
use crate::field::{BinaryCurve, BinaryField, Poly, PrimeCurve, Uint};
use crate::tables::CURVES;
use crate::values::{hex, trimmed};
use crate::{oid, undecodable, Refused, Release, Tlv};

/// A curve's field: the prime, or GF(2^m) by its reduction polynomial's
/// middle exponents (one for a trinomial basis, three for a pentanomial).
pub(crate) enum Field {
    Prime(&'static str),
    Binary { m: u32, k: &'static [u32] },
}

/// One built-in curve; numbers are big-endian hex without leading zeros.
pub(crate) struct Curve {
    /// `OBJ_nid2sn` of the curve.
    pub(crate) name: &'static str,
    /// The OID's content bytes in hex; empty for the two Oakley curves,
    /// which have none.
    pub(crate) oid: &'static str,
    /// `EC_curve_nid2nist`.
    pub(crate) nist: Option<&'static str>,
    pub(crate) field: Field,
    pub(crate) a: &'static str,
    pub(crate) b: &'static str,
    /// x then y, each as wide as the field.
    pub(crate) generator: &'static str,
    /// The low bit of the compressed generator's first byte.
    pub(crate) generator_y_bit: u8,
    pub(crate) order: &'static str,
    pub(crate) cofactor: &'static str,
    /// Empty when the curve has none.
    pub(crate) seed: &'static str,
}

/// A loaded EC key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcKey {
    /// The group.
    pub group: EcGroup,
    /// `EC_GROUP_order_bits`.
    pub order_bits: usize,
    /// `EC_GROUP_get_degree`: the bits of the prime, or m for GF(2^m)
    /// (OpenSSL 4.0's key text prints it).
    pub degree: usize,
    /// The public point as `EC_KEY_key2buf` writes it back in the form it
    /// was read in; `None` for the point at infinity.
    pub point: Option<Vec<u8>>,
}

/// The group libcrypto ends up with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EcGroup {
    /// A built-in curve named by its OID.
    Named {
        /// `OBJ_nid2sn` of the curve.
        name: &'static str,
        /// `EC_curve_nid2nist`.
        nist: Option<&'static str>,
    },
    /// Explicit parameters.
    Explicit(ExplicitCurve),
}

/// The field of explicit parameters, as `ec_param_explicit_to_text` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// prime-field.
    Prime,
    /// characteristic-two-field, with a pentanomial (ppBasis) or trinomial
    /// (tpBasis) basis.
    Binary {
        /// Whether the basis is a pentanomial.
        pentanomial: bool,
    },
}

/// Explicit curve parameters as the group holds them (a built-in curve's
/// values when `EC_GROUP_new_from_ecparameters` replaced the group by it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplicitCurve {
    /// The field type.
    pub field: FieldKind,
    /// The prime, or the reduction polynomial.
    pub modulus: Vec<u8>,
    /// The coefficient a.
    pub a: Vec<u8>,
    /// The coefficient b.
    pub b: Vec<u8>,
    /// "Generator (uncompressed):", "(compressed)" or "(hybrid)".
    pub generator_label: &'static str,
    /// The generator in that form.
    pub generator: Vec<u8>,
    /// The order.
    pub order: Vec<u8>,
    /// The cofactor (empty for zero).
    pub cofactor: Vec<u8>,
    /// The seed, if any.
    pub seed: Option<Vec<u8>>,
}

const PRIME_FIELD: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x01];
const CHARACTERISTIC_TWO_FIELD: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x02];
const TP_BASIS: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x02, 0x03, 0x02];
const PP_BASIS: &[u8] = &[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x01, 0x02, 0x03, 0x03];

/// The group libcrypto ends up with.
enum Group {
    /// A curve OID.
    Named(&'static Curve),
    /// Explicit parameters over the field and coefficients of `curve`.
    Explicit(&'static Curve, Shown),
}

/// What explicit parameters make.
enum ExplicitGroup {
    /// A group over a built-in curve's field and coefficients.
    Builtin(Group),
    /// Explicit parameters over a prime field whose curve is not built in
    /// (3.x only).
    Custom(Box<CustomCurve>),
}

/// A prime-field curve of explicit parameters that is no built-in curve:
/// libcrypto's arithmetic works modulo any odd p, prime or not, except
/// `BN_mod_sqrt`, whose answers for a composite p are not reproduced — a
/// compressed point is decided only when p is a built-in curve's prime.
struct CustomCurve {
    math: PrimeCurve,
    /// `BN_num_bytes(p)`.
    width: usize,
    /// Whether p is a built-in curve's prime (so certainly prime).
    known_prime: bool,
    /// The generator was compressed and p is not known to be prime.
    generator_undecided: bool,
    shown: Shown,
}

/// The values of explicit parameters besides the field and the
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

    /// `EC_GROUP_get_degree`.
    fn degree(&self) -> usize {
        match self.field {
            Field::Prime(p) => Uint::from_be_bytes(&hex(p)).bits(),
            Field::Binary { m, .. } => m as usize,
        }
    }

    /// `EC_GROUP_order_bits`.
    fn order_bits(&self) -> usize {
        Uint::from_be_bytes(&hex(self.order)).bits()
    }
}

/// Loads an id-ecPublicKey key, or says why libcrypto would not.
pub(crate) fn load(
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    release: Release,
) -> Result<EcKey, Refused> {
    let parameters =
        parameters.ok_or_else(|| Refused::not_loaded("an EC key has no curve parameters"))?;
    let group = match parameters.tag {
        ber::OBJECT => {
            let curve = CURVES
                .iter()
                .find(|c| !c.oid.is_empty() && hex(c.oid) == parameters.content)
                .ok_or_else(|| {
                    Refused::not_loaded(format!(
                        "EC curve {} is not built into libcrypto",
                        oid::dotted(parameters.content)
                    ))
                })?;
            Group::Named(curve)
        }
        ber::SEQUENCE => match explicit_group(parameters.content, release)? {
            ExplicitGroup::Builtin(group) => group,
            ExplicitGroup::Custom(custom) => return load_on_custom(*custom, key),
        },
        _ => {
            return Err(Refused::not_loaded(
                "EC parameters are neither a curve OID nor explicit parameters",
            ))
        }
    };
    let (curve, order_bits) = match &group {
        Group::Named(curve) => (*curve, curve.order_bits()),
        Group::Explicit(curve, shown) => (*curve, Uint::from_be_bytes(&shown.order).bits()),
    };
    let point = checked_point(curve, key)?;
    let degree = curve.degree();
    let group = match group {
        Group::Named(curve) => EcGroup::Named {
            name: curve.name,
            nist: curve.nist,
        },
        Group::Explicit(curve, shown) => EcGroup::Explicit(ExplicitCurve {
            field: match curve.field {
                Field::Prime(_) => FieldKind::Prime,
                Field::Binary { k, .. } => FieldKind::Binary {
                    pentanomial: k.len() != 1,
                },
            },
            modulus: curve.modulus_bytes(),
            a: hex(curve.a),
            b: hex(curve.b),
            generator_label: shown.generator_label,
            generator: shown.generator,
            order: shown.order,
            cofactor: shown.cofactor,
            seed: shown.seed,
        }),
    };
    Ok(EcKey {
        group,
        order_bits,
        degree,
        point,
    })
}

/// A key under the named curve `curve_oid` as BoringSSL's
/// `eckey_pub_decode` reads it (crypto/evp/p_ec.cc) when the caller's
/// algorithm list has only the curves `allowed` (by `EC_curve_nid2nist`
/// name): another OID is refused, and the point must be in the compressed
/// or uncompressed form — `ec_GFp_simple_oct2point`
/// (crypto/fipsmodule/ec/oct.cc.inc) has no point at infinity and no hybrid
/// form. On those forms its checks are [`checked_point`]'s (the one
/// difference, a compressed point whose y is 0 with the odd bit set, which
/// BoringSSL accepts, needs a point of order 2, which no NIST prime curve
/// has).
pub(crate) fn load_named_among(
    curve_oid: &[u8],
    key: &[u8],
    allowed: &[&str],
) -> Result<EcKey, Refused> {
    let curve = CURVES
        .iter()
        .find(|c| c.nist.is_some_and(|n| allowed.contains(&n)) && hex(c.oid) == curve_oid)
        .ok_or_else(|| {
            Refused::not_loaded(format!(
                "EC curve {} is not among {}",
                oid::dotted(curve_oid),
                allowed.join(", ")
            ))
        })?;
    if !matches!(key.first(), Some(2..=4)) {
        return Err(Refused::not_loaded(format!(
            "an EC point that is neither compressed nor uncompressed on {}",
            curve.name
        )));
    }
    Ok(EcKey {
        group: EcGroup::Named {
            name: curve.name,
            nist: curve.nist,
        },
        order_bits: curve.order_bits(),
        degree: curve.degree(),
        point: checked_point(curve, key)?,
    })
}

/// The curve OID's content and the uncompressed point of a key on a named
/// prime curve p = 3 (mod 4), as BoringSSL's `eckey_pub_encode`
/// (crypto/evp/p_ec.cc) writes them: a compressed point is decompressed.
/// `None` for other keys (explicit parameters, binary fields, infinity).
pub(crate) fn named_uncompressed(key: &EcKey) -> Option<(Vec<u8>, Vec<u8>)> {
    let EcGroup::Named { name, .. } = key.group else {
        return None;
    };
    let curve = CURVES.iter().find(|c| c.name == name)?;
    let Arithmetic::Prime(math) = curve.arithmetic() else {
        return None;
    };
    let point = key.point.as_deref()?;
    let width = curve.field_len();
    let (&form, coordinates) = point.split_first()?;
    let uncompressed = match form {
        4 => point.to_vec(),
        2 | 3 => {
            let y = math.decompress(&Uint::from_be_bytes(coordinates), form == 3)?;
            let y = y.to_be_bytes();
            let mut out = vec![4];
            out.extend_from_slice(coordinates);
            out.resize(1 + 2 * width - y.len(), 0);
            out.extend(y);
            out
        }
        _ => return None,
    };
    Some((hex(curve.oid), uncompressed))
}

/// A key on a [`CustomCurve`]: a certain refusal of the point or of the
/// generator wins over an undecided compressed one.
fn load_on_custom(custom: CustomCurve, key: &[u8]) -> Result<EcKey, Refused> {
    let compressed = key.first().is_some_and(|&b| b & !1 == 2);
    let arithmetic = Arithmetic::Prime(custom.math);
    let point = if compressed && !custom.known_prime {
        // Only the length and the range of x are certain here.
        let width_ok = key.len() == 1 + custom.width;
        let x_ok = key.get(1..).is_some_and(|x| match &arithmetic {
            Arithmetic::Prime(math) => Uint::from_be_bytes(x) < math.p,
            Arithmetic::Binary(_) => false,
        });
        if !(width_ok && x_ok) {
            return Err(Refused::not_loaded(
                "an EC point libcrypto refuses on explicit parameters",
            ));
        }
        return Err(undecided());
    } else {
        check_point(&arithmetic, custom.width, "explicit parameters", key)?
    };
    if custom.generator_undecided {
        return Err(undecided());
    }
    let Arithmetic::Prime(math) = arithmetic else {
        return Err(undecided());
    };
    let order_bits = Uint::from_be_bytes(&custom.shown.order).bits();
    Ok(EcKey {
        group: EcGroup::Explicit(ExplicitCurve {
            field: FieldKind::Prime,
            modulus: math.p.to_be_bytes(),
            a: math.a.to_be_bytes(),
            b: math.b.to_be_bytes(),
            generator_label: custom.shown.generator_label,
            generator: custom.shown.generator,
            order: custom.shown.order,
            cofactor: custom.shown.cofactor,
            seed: custom.shown.seed,
        }),
        order_bits,
        degree: math.p.bits(),
        point,
    })
}

fn undecided() -> Refused {
    Refused::unsupported(
        "a compressed EC point over explicit parameters whose prime is not a built-in curve's: BN_mod_sqrt modulo a number that may be composite is not reproduced",
    )
}

/// `EC_GROUP_new_from_ecparameters` of 3.x (crypto/ec/ec_asn1.c) on prime
/// field parameters that are no built-in curve: the prime must be non-zero,
/// of at most `OPENSSL_ECC_MAX_FIELD_BITS` (661) bits, odd and of more than
/// two bits (`ossl_ec_GFp_simple_group_set_curve`); a and b are reduced;
/// the generator must decode on the curve and not be the point at
/// infinity; the order must be non-zero and at most one bit longer than
/// the prime (Hasse).
fn custom_group(
    field: &InputField<'_>,
    a: &[u8],
    b: &[u8],
    seed: Option<Vec<u8>>,
    base: &[u8],
    order: &[u8],
    cofactor: Option<&[u8]>,
) -> Result<ExplicitGroup, Refused> {
    let InputField::Prime(p) = field else {
        return Err(Refused::unsupported(
            "explicit EC parameters over a binary field and coefficients that are not built into libcrypto",
        ));
    };
    let refused = |why: &str| Refused::not_loaded(format!("explicit EC parameters {why}"));
    let p = Uint::from_be_bytes(p);
    if p.is_zero() || p.bits() > 661 || p.bits() <= 2 || !p.is_odd() {
        return Err(refused("have a prime field libcrypto refuses"));
    }
    let order_bits = Uint::from_be_bytes(order).bits();
    if order_bits == 0 || order_bits > p.bits() + 1 {
        return Err(refused("have an order libcrypto refuses"));
    }
    let known_prime = CURVES.iter().any(|curve| match curve.field {
        Field::Prime(q) => Uint::from_be_bytes(&hex(q)) == p,
        Field::Binary { .. } => false,
    });
    let math = PrimeCurve {
        a: Uint::from_be_bytes(a).rem(&p),
        b: Uint::from_be_bytes(b).rem(&p),
        p: p.clone(),
    };
    let width = p.to_be_bytes().len();
    let arithmetic = Arithmetic::Prime(math);
    let compressed = base.first().is_some_and(|&f| f & !1 == 2);
    let (generator, generator_undecided) = if compressed && !known_prime {
        if base.len() != 1 + width || Uint::from_be_bytes(&base[1..]) >= p {
            return Err(refused("have a generator libcrypto refuses"));
        }
        (base.to_vec(), true)
    } else {
        let generator = check_point(&arithmetic, width, "explicit parameters", base)?
            .ok_or_else(|| refused("have the point at infinity as generator"))?;
        (generator, false)
    };
    let Arithmetic::Prime(math) = arithmetic else {
        return Err(undecided());
    };
    let generator_label = match base.first().map(|b| b & !1) {
        Some(2) => "Generator (compressed):",
        Some(6) => "Generator (hybrid):",
        _ => "Generator (uncompressed):",
    };
    let cofactor = match cofactor {
        Some(cofactor) if !cofactor.is_empty() => cofactor.to_vec(),
        _ => guess_cofactor(p.bits(), p.clone(), order),
    };
    Ok(ExplicitGroup::Custom(Box::new(CustomCurve {
        math,
        width,
        known_prime,
        generator_undecided,
        shown: Shown {
            generator_label,
            generator,
            order: order.to_vec(),
            cofactor,
            seed,
        },
    })))
}

/// The SM2 algorithm OID: the SM2 key manager's decoder loads an EC key
/// (`d2i_EC_PUBKEY`) and keeps it only when its group is the SM2 curve
/// (`ec_check` in decode_der2key.c wants `EC_FLAG_SM2_RANGE`, which
/// `EC_KEY_set_group` and `d2i_ECParameters` set for that curve alone).
pub(crate) fn load_sm2(
    parameters: Option<Tlv<'_>>,
    key: &[u8],
    release: Release,
) -> Result<EcKey, Refused> {
    let loaded = load(parameters, key, release)?;
    let sm2 = match &loaded.group {
        EcGroup::Named { name, .. } => *name == "SM2",
        // Explicit parameters keep NID_undef unless they were replaced by
        // the built-in SM2 curve, which then shows its own values.
        EcGroup::Explicit(curve) => CURVES.iter().any(|c| {
            c.name == "SM2"
                && curve.a == hex(c.a)
                && curve.order == hex(c.order)
                && curve.generator == [&[0x04][..], &hex(c.generator)].concat()
                && curve.generator_label == "Generator (uncompressed):"
        }),
    };
    if sm2 {
        Ok(loaded)
    } else {
        Err(Refused::not_loaded(
            "an SM2 key whose curve is not SM2; libcrypto does not keep it",
        ))
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
fn explicit_group(parameters: &[u8], release: Release) -> Result<ExplicitGroup, Refused> {
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
            return Err(Refused::not_loaded(
                "explicit EC parameters have a bad seed",
            ))
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
        same_field && reduced(curve, &a) == hex(curve.a) && reduced(curve, &b) == hex(curve.b)
    };
    let Some(curve) = CURVES.iter().find(same_curve) else {
        if !release.loads_explicit_curves() {
            // No built-in curve has this field and these coefficients, so
            // EC_GROUP_check_named_curve cannot find one either.
            return Err(unknown_group());
        }
        return custom_group(&field, &a, &b, seed, &base, order, cofactor);
    };
    // The Hasse bound on the order (against the field's bit length, m for
    // GF(2^m)); a zero order is refused too.
    let field_bits = match curve.field {
        Field::Prime(p) => Uint::from_be_bytes(&hex(p)).bits(),
        Field::Binary { m, .. } => m as usize,
    };
    let order_bits = Uint::from_be_bytes(order).bits();
    if order_bits == 0 || order_bits > field_bits + 1 {
        return Err(Refused::not_loaded(
            "explicit EC parameters have an order libcrypto refuses",
        ));
    }
    let generator = checked_point(curve, &base)?.ok_or_else(|| {
        Refused::not_loaded("explicit EC parameters have the point at infinity as generator")
    })?;
    let cofactor = match cofactor {
        Some(cofactor) if !cofactor.is_empty() => cofactor.to_vec(),
        _ => guessed_cofactor(curve, order),
    };

    // EC_GROUP_new_from_ecparameters (crypto/ec/ec_asn1.c) looks the group
    // up with ossl_ec_curve_nid_from_params on a copy without its seed and
    // with the guessed cofactor (which the built-in curves all agree with):
    // a group equal to a built-in curve (generator and order included) is
    // replaced by that curve, whose generator prints uncompressed and whose
    // seed stays only when the input had a seed.
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
    if let Some(builtin) = builtin {
        let shown = Shown {
            generator_label: "Generator (uncompressed):",
            generator: [&[0x04][..], &hex(builtin.generator)].concat(),
            order: hex(builtin.order),
            cofactor: hex(builtin.cofactor),
            seed: seed.and((!builtin.seed.is_empty()).then(|| hex(builtin.seed))),
        };
        return Ok(ExplicitGroup::Builtin(Group::Explicit(builtin, shown)));
    }
    if !release.loads_explicit_curves() {
        // 4.0: d2i_ECPKParameters refuses a group that is no built-in curve.
        return Err(unknown_group());
    }
    // Otherwise the group keeps the input's values; the generator prints in
    // the form it was given in.
    let generator_label = match base.first().map(|b| b & !1) {
        Some(2) => "Generator (compressed):",
        Some(6) => "Generator (hybrid):",
        _ => "Generator (uncompressed):",
    };
    let shown = Shown {
        generator_label,
        generator,
        order: order.to_vec(),
        cofactor,
        seed,
    };
    Ok(ExplicitGroup::Builtin(Group::Explicit(curve, shown)))
}

/// 4.0's refusal of explicit parameters that are no built-in curve.
fn unknown_group() -> Refused {
    Refused::not_loaded(
        "explicit EC parameters that are no built-in curve; this libcrypto is built without explicit curves",
    )
}

/// A coefficient as the group holds it: `EC_GROUP_new_curve_GFp` and
/// `_GF2m` reduce it modulo the prime or the reduction polynomial.
fn reduced(curve: &Curve, value: &[u8]) -> Vec<u8> {
    match curve.arithmetic() {
        Arithmetic::Prime(math) => Uint::from_be_bytes(value).rem(&math.p).to_be_bytes(),
        Arithmetic::Binary(math) => math.field.reduce(Poly::from_be_bytes(value)).to_be_bytes(),
    }
}

/// `ec_guess_cofactor`: round((q + 1) / n) with q = p or 2^m, or 0 when the
/// order is too small for the guess to be sound.
fn guessed_cofactor(curve: &Curve, order: &[u8]) -> Vec<u8> {
    // BN_num_bits(group->field): the polynomial has m + 1 bits.
    let (field_bits, q) = match curve.field {
        Field::Prime(p) => {
            let p = Uint::from_be_bytes(&hex(p));
            (p.bits(), p)
        }
        Field::Binary { m, .. } => (m as usize + 1, Uint::power_of_two(m as usize)),
    };
    guess_cofactor(field_bits, q, order)
}

/// `ec_guess_cofactor` for a field of `field_bits` bits and q elements.
fn guess_cofactor(field_bits: usize, q: Uint, order: &[u8]) -> Vec<u8> {
    let order = Uint::from_be_bytes(order);
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
fn checked_point(curve: &Curve, encoded: &[u8]) -> Result<Option<Vec<u8>>, Refused> {
    check_point(&curve.arithmetic(), curve.field_len(), curve.name, encoded)
}

/// [`checked_point`] on a curve given by its arithmetic and field width
/// (`BN_num_bytes` of the prime, (m + 7) / 8 for GF(2^m)).
fn check_point(
    arithmetic: &Arithmetic,
    width: usize,
    name: &str,
    encoded: &[u8],
) -> Result<Option<Vec<u8>>, Refused> {
    let invalid = || Refused::not_loaded(format!("an EC point libcrypto refuses on {name}"));
    let (&first, coordinates) = encoded.split_first().ok_or_else(invalid)?;
    let y_bit = first & 1 == 1;
    let form = first & !1;
    match form {
        0 if !y_bit && coordinates.is_empty() => return Ok(None),
        2 | 6 => {}
        4 if !y_bit => {}
        _ => return Err(invalid()),
    }
    let expected = if form == 2 { 1 + width } else { 1 + 2 * width };
    if encoded.len() != expected {
        return Err(invalid());
    }
    let (x, y) = coordinates.split_at(width);
    let mut printed = encoded.to_vec();
    let valid = match arithmetic {
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
