//! Strict mode: DER only.
//!
//! The schema is read element by element: the five mandatory elements, then
//! optional context tags in strictly ascending order, each EXPLICIT wrapper
//! holding exactly one element of the right type. Anything else — unknown,
//! duplicated or out-of-order fields, BER forms, bytes after the SEQUENCE — is
//! rejected. The `asn1` crate serves as an independent DER oracle for this
//! module in the tests (`tests/asn1_oracle.rs`).

use ossl_asn1::c2i_ibuf_check;
use ossl_asn1::ident::{BOOLEAN, INTEGER, OCTET_STRING, SEQUENCE};
use session_model::{
    session_schema, Asn1Type, Field, FieldSpec, Session, SessionRef, Tagging, FIELDS,
    MANDATORY_COUNT,
};

use crate::assemble;
use crate::decode::{trailing, DecodeOptions, Decoded};
use crate::der::{offset, read, read_short, Element};
use crate::error::{DecodeError, ErrorKind};
use crate::peer_rpk;
use crate::template::Engine;
use crate::x509;

/// The elements inside the session's SEQUENCE (`rest`), in `input`.
struct Reader<'a> {
    input: &'a [u8],
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    #[inline(always)]
    fn next(&mut self, field: Field) -> Result<Element<'a>, DecodeError> {
        if self.rest.is_empty() {
            return Err(self.error(ErrorKind::MissingField, field));
        }
        let (e, rest) = read(self.rest).map_err(|k| self.error(k, field))?;
        self.rest = rest;
        Ok(e)
    }

    /// [`Reader::next`] for an element expected to be of tag `tag`, which
    /// the caller still checks ([`read_short`] only shortens the common path).
    #[inline(always)]
    fn next_of(&mut self, field: Field, tag: u8) -> Result<Element<'a>, DecodeError> {
        if let Some((content, rest)) = read_short(self.rest, tag) {
            self.rest = rest;
            return Ok(Element {
                first: tag,
                header_len: 2,
                content,
            });
        }
        self.next(field)
    }

    /// An error at the next element.
    #[cold]
    fn error(&self, kind: ErrorKind, field: Field) -> DecodeError {
        DecodeError::new(kind, field, offset(self.input, self.rest))
    }
}

#[inline(always)]
fn expect_tag(input: &[u8], e: &Element<'_>, tag: u8, field: Field) -> Result<(), DecodeError> {
    if e.first == tag {
        return Ok(());
    }
    Err(wrong_tag(e.first, e.start(input), tag, field))
}

/// Why the element at `start`, whose identifier octet is `first`, is not of
/// tag `tag`. (The cold paths take the element's parts by value: given its
/// address, the compiler kept every element in a stack slot of its own,
/// stored on the hot path — ~10 instructions per element under callgrind.)
#[cold]
#[inline(never)]
fn wrong_tag(first: u8, start: usize, tag: u8, field: Field) -> DecodeError {
    // Same tag number and class, other form: name the form.
    let kind = if first & !0x20 == tag & !0x20 {
        if tag & 0x20 != 0 {
            ErrorKind::NotConstructed
        } else if tag == OCTET_STRING {
            ErrorKind::ConstructedString
        } else {
            ErrorKind::NotPrimitive
        }
    } else {
        ErrorKind::UnexpectedTag { found: first }
    };
    DecodeError::new(kind, field, start)
}

/// A DER INTEGER of the session, in the range of its OpenSSL type `T`
/// (`signed`: `INT32`/`INT64`, else an unsigned type). Unlike OpenSSL
/// (`uint64_c2i`), strict mode does not wrap a negative 64-bit magnitude
/// above 2^63 into a positive value: such a value could not be written back
/// as it was read.
#[inline(always)]
fn integer<T: TryFrom<i64> + TryFrom<u64>>(
    input: &[u8],
    e: &Element<'_>,
    signed: bool,
    field: Field,
) -> Result<T, DecodeError> {
    expect_tag(input, e, INTEGER, field)?;
    let c = e.content;
    // `c2i_ibuf`'s padding rule is DER's minimal-encoding rule (X.690
    // §8.3.2), so OpenSSL's check serves here unchanged. (Its two refusals
    // are named here: through `ErrorKind::from` and its whole match, the
    // strict decode took ~1% more instructions under callgrind.)
    if let Err(refusal) = c2i_ibuf_check(c, false) {
        return Err(DecodeError::new(
            match refusal {
                ossl_asn1::Error::IllegalZeroContent => ErrorKind::EmptyInteger,
                _ => ErrorKind::NonMinimalInteger,
            },
            field,
            e.start(input),
        ));
    }
    // Up to 8 octets fit an i64 (sign-extended); a 9-octet positive value
    // (2^63..2^64, unsigned fields) is `00` and 8 octets, a u64. Anything
    // else is out of every type's range.
    let value = match *c {
        [0, ref rest @ ..] if rest.len() == 8 => {
            T::try_from(rest.iter().fold(0u64, |v, &b| (v << 8) | u64::from(b))).ok()
        }
        _ => be_signed(c).and_then(|v| T::try_from(v).ok()),
    };
    value.ok_or_else(|| out_of_range(c, e.start(input), signed, field))
}

/// The two's-complement value of one to eight big-endian content octets,
/// one load per length: the byte-by-byte fold this replaces took ~24
/// instructions per INTEGER under callgrind, a fifth of a small session's
/// decode.
#[inline(always)]
fn be_signed(c: &[u8]) -> Option<i64> {
    let high16 = |a: u8, b: u8| i64::from(i16::from_be_bytes([a, b]));
    let high32 = |a: u8, b: u8, c: u8, d: u8| i64::from(i32::from_be_bytes([a, b, c, d]));
    let low16 = |a: u8, b: u8| i64::from(u16::from_be_bytes([a, b]));
    Some(match *c {
        [a] => i64::from(i8::from_be_bytes([a])),
        [a, b] => high16(a, b),
        [a, b, c] => high16(a, b) << 8 | i64::from(c),
        [a, b, c, d] => high32(a, b, c, d),
        [a, b, c, d, e] => high32(a, b, c, d) << 8 | i64::from(e),
        [a, b, c, d, e, f] => high32(a, b, c, d) << 16 | low16(e, f),
        [a, b, c, d, e, f, g] => high32(a, b, c, d) << 24 | low16(e, f) << 8 | i64::from(g),
        [a, b, c, d, e, f, g, h] => i64::from_be_bytes([a, b, c, d, e, f, g, h]),
        _ => return None,
    })
}

/// An INTEGER outside its type's range: too large, negative where the type
/// is unsigned, or below a signed type's minimum.
#[cold]
fn out_of_range(content: &[u8], start: usize, signed: bool, field: Field) -> DecodeError {
    // OpenSSL's reason where it refuses the same value
    // (`ossl_c2i_uint64_int`, then `uint64_c2i`/`uint32_c2i`): "too large"
    // for a magnitude past 64 bits, whatever the sign; else, for a negative
    // value, "illegal negative value" in an unsigned field and "too small"
    // in a signed one. Where OpenSSL accepts what strict mode refuses (a
    // negative 64-bit magnitude past 2^63 in a signed field, which
    // `uint64_c2i` wraps), the reason is "too small".
    let negative = content.first().is_some_and(|b| b & 0x80 != 0);
    // A magnitude fits 64 bits in up to 8 octets, or in 9 whose first is a
    // sign-only 0xFF: `c2i_ibuf` strips that as padding unless every octet
    // after it is zero (-2^64: 9 octets of magnitude).
    let magnitude_fits_64_bits = match content {
        [0xFF, rest @ ..] if rest.len() == 8 => rest.iter().any(|&b| b != 0),
        _ => content.len() <= 8,
    };
    let kind = if !negative || !magnitude_fits_64_bits {
        ErrorKind::IntegerTooLarge
    } else if signed {
        ErrorKind::IntegerTooSmall
    } else {
        ErrorKind::NegativeValue
    };
    DecodeError::new(kind, field, start)
}

#[inline(always)]
fn octets<'a>(input: &[u8], e: &Element<'a>, field: Field) -> Result<&'a [u8], DecodeError> {
    expect_tag(input, e, OCTET_STRING, field)?;
    Ok(e.content)
}

/// The element `[n]` holds: `e` itself for IMPLICIT tagging (primitive in
/// DER), the one element inside it for EXPLICIT.
#[inline(always)]
fn tagged_value<'a>(
    input: &[u8],
    e: Element<'a>,
    explicit: bool,
    inner_tag: u8,
    field: Field,
    fast_path: bool,
) -> Result<Element<'a>, DecodeError> {
    let constructed = e.first & 0x20 != 0;
    if !explicit {
        if constructed {
            return Err(DecodeError::new(
                ErrorKind::ConstructedString,
                field,
                e.start(input),
            ));
        }
        return Ok(e);
    }
    if !constructed {
        return Err(DecodeError::new(
            ErrorKind::NotConstructed,
            field,
            e.start(input),
        ));
    }
    if let Some((content, [])) = read_short(e.content, inner_tag) {
        return Ok(Element {
            first: inner_tag,
            header_len: 2,
            content,
        });
    }
    // The same error either way; where it is built is a matter of
    // instructions (callgrind): out of line for strict mode, inline for
    // OpenSSL mode's fast path, which only asks whether the input is DER.
    match read(e.content) {
        Ok((inner, [])) => Ok(inner),
        Ok((_, rest)) => Err(DecodeError::new(
            ErrorKind::ExplicitLengthMismatch,
            field,
            offset(input, rest),
        )),
        Err(k) if fast_path => Err(DecodeError::new(k, field, offset(input, e.content))),
        Err(_) => Err(unwrap_failed(input, e.content, field)),
    }
}

/// Why the content of an EXPLICIT wrapper is not an element, read again
/// off the hot path.
#[inline(never)]
fn unwrap_failed(input: &[u8], content: &[u8], field: Field) -> DecodeError {
    match read(content) {
        Err(kind) => DecodeError::new(kind, field, offset(input, content)),
        // Not reached: the same read just failed.
        Ok((_, rest)) => DecodeError::new(
            ErrorKind::ExplicitLengthMismatch,
            field,
            offset(input, rest),
        ),
    }
}

/// The identifier octet of the element an EXPLICIT row's wrapper holds in
/// DER (a hint for [`read_short`]: the value's reader checks it).
#[inline(always)]
const fn inner_tag(asn1: Asn1Type) -> u8 {
    match asn1 {
        Asn1Type::Integer => INTEGER,
        Asn1Type::Boolean => BOOLEAN,
        Asn1Type::Certificate | Asn1Type::Certificates => SEQUENCE,
        _ => OCTET_STRING,
    }
}

/// Whether a row is EXPLICIT (an IMPLICIT one is the element itself).
#[inline(always)]
const fn explicit(spec: &FieldSpec) -> bool {
    matches!(spec.tagging, Tagging::Explicit(_))
}

/// The content of an OCTET STRING, or of an IMPLICIT one (tag already matched).
#[inline(always)]
fn string<'a>(
    input: &[u8],
    e: &Element<'a>,
    explicit: bool,
    field: Field,
) -> Result<&'a [u8], DecodeError> {
    if explicit {
        octets(input, e, field)
    } else {
        Ok(e.content)
    }
}

/// `[20]` peer_rpk (OpenSSL 3.2+): an OCTET STRING holding one DER
/// SubjectPublicKeyInfo, which OpenSSL parses with `d2i_PUBKEY`: the key
/// must load in every release that reads `[20]` ([`peer_rpk`]).
#[inline]
fn public_key<'a>(input: &[u8], e: &Element<'a>, field: Field) -> Result<&'a [u8], DecodeError> {
    let spki = octets(input, e, field)?;
    let holds_one_sequence =
        read(spki).is_ok_and(|(k, rest)| k.first == SEQUENCE && rest.is_empty());
    if !holds_one_sequence {
        let found = spki.first().copied().unwrap_or(0);
        return Err(DecodeError::new(
            ErrorKind::UnexpectedTag { found },
            field,
            offset(input, e.content),
        ));
    }
    peer_rpk::check_peer_rpk_everywhere(spki)
        .map_err(|kind| DecodeError::new(kind, field, offset(input, e.content)))?;
    Ok(spki)
}

/// One optional field's value, read by its type in the schema and stored.
macro_rules! read_value {
    // The peer certificate is kept as its whole encoding, its X.509 syntax
    // checked as OpenSSL's d2i_X509 checks it.
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, Certificate, $spec:ident, none) => {{
        expect_tag($input, &$i, SEQUENCE, $field)?;
        if $check {
            let engine = Engine::new($input, true);
            x509::check(&engine, $i.start($input), $i.header_len + $i.content.len())
                .map_err(|f| DecodeError::new(f.kind, $field, f.offset))?;
        }
        $s.$set(Some($i.whole($input)));
    }};
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, PublicKey, $spec:ident, none) => {
        $s.$set(Some(public_key($input, &$i, $field)?))
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, OctetString, $spec:ident, none) => {
        $s.$set(Some(string($input, &$i, explicit(&$spec), $field)?))
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, OctetString, $spec:ident, $limit:ident) => {
        $s.$set(Some(string($input, &$i, explicit(&$spec), $field)?))
            .map_err(|l| DecodeError::limit(l, $i.start($input)))?
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, u8, OneOctet, $spec:ident, none) => {
        $s.$set(Some(assemble::compression(
            string($input, &$i, explicit(&$spec), $field)?,
            $i.start($input),
        )?))
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, $int:ident, Integer, $spec:ident, none) => {
        $s.$set(Some(integer::<$int>(
            $input,
            &$i,
            $spec.value.is_signed(),
            $field,
        )?))
    };
}

/// The dispatch on an optional field's tag, one arm per row of the schema.
macro_rules! read_optional_field {
    (
        $s:ident, $input:ident, $e:ident, $number:ident, $check:ident, $fast_path:ident
        mandatory: $([$($mandatory:tt)*])*
        optional: $([$tag:literal, $v:ident, $name:ident, $set:ident, $ty:ident, $asn1:ident,
                     $limit:ident, $($rest:tt)*])*
        // OpenSSL has none of the other dialects' own fields.
        extended: $($extended:tt)*
    ) => {
        match $number {
            $( $tag => {
                const SPEC: FieldSpec = FIELDS[MANDATORY_COUNT + $tag];
                let field = Field::$v;
                let i = tagged_value(
                    $input,
                    $e,
                    explicit(&SPEC),
                    inner_tag(SPEC.asn1),
                    field,
                    $fast_path,
                )?;
                read_value!($s.$set, $input, i, field, $check, $ty, $asn1, SPEC, $limit);
            } )*
            // Not a tag of the schema.
            _ => {
                return Err(DecodeError::new(
                    ErrorKind::UnexpectedField { found: $e.first },
                    Field::Session,
                    $e.start($input),
                ))
            }
        }
    };
}

/// Decodes the first DER SEQUENCE of `input` straight into a borrowed session
/// (no intermediate copy of the fields), with its encoded length. The
/// session-level checks run as their elements are read.
#[inline(always)]
pub(crate) fn decode<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
) -> Result<Decoded<SessionRef<'a>>, DecodeError> {
    decode_body(input, opts, &mut 0, false)
}

/// [`decode`], also setting `tags` to one more than the highest context tag
/// read (0 when none): which OpenSSL releases' templates have every field.
/// (An out-parameter, so the session is built in place, never moved.)
/// For OpenSSL mode's fast path: an error only means "use the templates".
#[inline(always)]
pub(crate) fn decode_with_tags<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
    tags: &mut u8,
) -> Result<Decoded<SessionRef<'a>>, DecodeError> {
    decode_body(input, opts, tags, true)
}

/// [`decode`] and [`decode_with_tags`]; `fast_path` only moves where errors
/// are built.
#[inline(always)]
fn decode_body<'a>(
    input: &'a [u8],
    opts: &DecodeOptions,
    tags: &mut u8,
    fast_path: bool,
) -> Result<Decoded<SessionRef<'a>>, DecodeError> {
    let check_certificate = opts.check_certificate_enabled();
    if input.is_empty() {
        return Err(DecodeError::new(ErrorKind::Empty, Field::Session, 0));
    }
    let (outer, after) = read(input).map_err(|k| DecodeError::new(k, Field::Session, 0))?;
    expect_tag(input, &outer, SEQUENCE, Field::Session)?;
    let consumed = outer.header_len + outer.content.len();
    let mut r = Reader {
        input,
        rest: outer.content,
    };

    let e = r.next_of(Field::Version, INTEGER)?;
    assemble::structure_version(
        integer::<u32>(input, &e, false, Field::Version)?.into(),
        e.start(input),
    )?;
    let e = r.next_of(Field::ProtocolVersion, INTEGER)?;
    let protocol = assemble::protocol_version(
        integer::<i32>(input, &e, true, Field::ProtocolVersion)?.into(),
        e.start(input),
    )?;
    let e = r.next_of(Field::Cipher, OCTET_STRING)?;
    let cipher = assemble::cipher(
        octets(input, &e, Field::Cipher)?,
        e.start(input),
        // Strict mode reads any version's codes; OpenSSL mode's fast path
        // only its version's.
        opts.mode().openssl_version(),
    )?;
    let mut s = Session::bare(protocol, cipher);
    let e = r.next_of(Field::SessionId, OCTET_STRING)?;
    s.set_session_id(octets(input, &e, Field::SessionId)?)
        .map_err(|l| DecodeError::limit(l, e.start(input)))?;
    let e = r.next_of(Field::MasterKey, OCTET_STRING)?;
    s.set_master_key(octets(input, &e, Field::MasterKey)?)
        .map_err(|l| DecodeError::limit(l, e.start(input)))?;

    let mut next_allowed = 0u8;
    while !r.rest.is_empty() {
        let e = r.next(Field::Session)?;
        // Context class, a tag of the schema, above the previous one (so no duplicates).
        let number = e.first & 0x1F;
        if e.first & 0xC0 != 0x80 || number < next_allowed {
            return Err(DecodeError::new(
                ErrorKind::UnexpectedField { found: e.first },
                Field::Session,
                e.start(input),
            ));
        }
        next_allowed = number + 1;
        session_schema!(
            read_optional_field,
            s,
            input,
            e,
            number,
            check_certificate,
            fast_path
        );
    }
    if !opts.trailing_allowed() && !after.is_empty() {
        return Err(trailing(input, consumed));
    }
    *tags = next_allowed;
    Ok(Decoded {
        session: s,
        consumed,
    })
}

#[cfg(test)]
mod tests {
    use super::be_signed;

    /// X.690 §8.3.3: the value is the two's-complement binary number of the
    /// content octets, most significant first — computed here octet by
    /// octet, as the definition reads.
    fn twos_complement(c: &[u8]) -> i64 {
        let negative = c[0] & 0x80 != 0;
        c.iter().fold(if negative { -1 } else { 0 }, |v, &b| {
            (v << 8) | i64::from(b)
        })
    }

    #[test]
    fn every_length_and_sign_reads_as_the_definition() {
        let patterns: [u8; 8] = [0x00, 0x01, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x5A];
        for len in 1..=8 {
            for &first in &patterns {
                for &fill in &patterns {
                    let mut c = vec![fill; len];
                    c[0] = first;
                    c[len - 1] ^= 0x3C;
                    assert_eq!(be_signed(&c), Some(twos_complement(&c)), "{c:02X?}");
                }
            }
        }
        assert_eq!(be_signed(&[0x80, 0, 0, 0, 0, 0, 0, 0]), Some(i64::MIN));
        assert_eq!(
            be_signed(&[0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
            Some(i64::MAX)
        );
        assert_eq!(be_signed(&[0xFF; 3]), Some(-1));
        assert_eq!(be_signed(&[0x80, 0x00, 0x00]), Some(-0x80_0000));
        assert_eq!(be_signed(&[]), None);
        assert_eq!(be_signed(&[0; 9]), None);
    }
}
