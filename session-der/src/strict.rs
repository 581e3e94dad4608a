//! Strict mode: DER only.
//!
//! The schema is read element by element: the five mandatory elements, then
//! optional context tags in strictly ascending order, each EXPLICIT wrapper
//! holding exactly one element of the right type. Anything else — unknown,
//! duplicated or out-of-order fields, BER forms, bytes after the SEQUENCE — is
//! rejected. The `asn1` crate serves as an independent DER oracle for this
//! module in the tests (`tests/asn1_oracle.rs`).

use ossl_asn1::c2i_ibuf_check;
use ossl_asn1::ident::{INTEGER, OCTET_STRING, SEQUENCE};
use session_model::{
    session_schema, Field, FieldSpec, Session, SessionRef, Tagging, ValueType, FIELDS,
    MANDATORY_COUNT,
};

use crate::assemble;
use crate::decode::{trailing, DecodeOptions, Decoded};
use crate::der::{read, Element};
use crate::error::{DecodeError, ErrorKind};
use crate::peer_rpk;
use crate::template::Engine;
use crate::x509;

struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    end: usize,
}

impl Reader<'_> {
    #[inline(always)]
    fn next(&mut self, field: Field) -> Result<Element, DecodeError> {
        if self.pos >= self.end {
            return Err(DecodeError::new(ErrorKind::MissingField, field, self.pos));
        }
        let e = read(self.input, self.pos, self.end)
            .map_err(|k| DecodeError::new(k, field, self.pos))?;
        self.pos = e.end;
        Ok(e)
    }
}

#[inline(always)]
fn expect_tag(e: &Element, tag: u8, field: Field) -> Result<(), DecodeError> {
    if e.first == tag {
        return Ok(());
    }
    // Same tag number and class, other form: name the form.
    let kind = if e.first & !0x20 == tag & !0x20 {
        if tag & 0x20 != 0 {
            ErrorKind::NotConstructed
        } else if tag == OCTET_STRING {
            ErrorKind::ConstructedString
        } else {
            ErrorKind::NotPrimitive
        }
    } else {
        ErrorKind::UnexpectedTag { found: e.first }
    };
    Err(DecodeError::new(kind, field, e.start))
}

/// A DER INTEGER of the session, in the range of its OpenSSL type. Unlike
/// OpenSSL (`uint64_c2i`), strict mode does not wrap a negative 64-bit
/// magnitude above 2^63 into a positive value: such a value could not be
/// written back as it was read.
#[inline(always)]
fn integer<T: TryFrom<i128>>(
    input: &[u8],
    e: &Element,
    ty: ValueType,
    field: Field,
) -> Result<T, DecodeError> {
    expect_tag(e, INTEGER, field)?;
    let c = input.get(e.content..e.end).unwrap_or(&[]);
    let err = |kind| DecodeError::new(kind, field, e.start);
    // `c2i_ibuf`'s padding rule is DER's minimal-encoding rule (X.690
    // §8.3.2), so OpenSSL's check serves here unchanged. (Its two refusals
    // are named here: through `ErrorKind::from` and its whole match, the
    // strict decode took ~1% more instructions under callgrind.)
    if let Err(refusal) = c2i_ibuf_check(c, false) {
        return Err(err(match refusal {
            ossl_asn1::Error::IllegalZeroContent => ErrorKind::EmptyInteger,
            _ => ErrorKind::NonMinimalInteger,
        }));
    }
    let negative = c.first().is_some_and(|b| b & 0x80 != 0);
    if c.len() > 9 {
        return Err(err(if negative {
            ErrorKind::IntegerTooSmall
        } else {
            ErrorKind::IntegerTooLarge
        }));
    }
    // Up to 8 octets fit an i64 (sign-extended); only a 9-octet positive
    // value (2^63..2^64, unsigned fields) needs the wide path.
    let value = if c.len() <= 8 {
        let v = c.iter().fold(if negative { -1i64 } else { 0 }, |v, &b| {
            (v << 8) | i64::from(b)
        });
        i128::from(v)
    } else {
        c.iter().fold(if negative { -1i128 } else { 0 }, |v, &b| {
            (v << 8) | i128::from(b)
        })
    };
    let (min, max) = ty.int_range().unwrap_or((0, -1));
    if value > max {
        return Err(err(ErrorKind::IntegerTooLarge));
    }
    if value < min {
        return Err(err(if min == 0 {
            ErrorKind::NegativeValue
        } else {
            ErrorKind::IntegerTooSmall
        }));
    }
    T::try_from(value).map_err(|_| err(ErrorKind::IntegerTooLarge))
}

#[inline(always)]
fn octets<'a>(input: &'a [u8], e: &Element, field: Field) -> Result<&'a [u8], DecodeError> {
    expect_tag(e, OCTET_STRING, field)?;
    Ok(input.get(e.content..e.end).unwrap_or(&[]))
}

/// The element `[n]` holds: `e` itself for IMPLICIT tagging (primitive in
/// DER), the one element inside it for EXPLICIT.
#[inline(always)]
fn tagged_value(
    input: &[u8],
    e: Element,
    explicit: bool,
    field: Field,
    fast_path: bool,
) -> Result<Element, DecodeError> {
    let constructed = e.first & 0x20 != 0;
    if !explicit {
        if constructed {
            return Err(DecodeError::new(
                ErrorKind::ConstructedString,
                field,
                e.start,
            ));
        }
        return Ok(e);
    }
    if !constructed {
        return Err(DecodeError::new(ErrorKind::NotConstructed, field, e.start));
    }
    // The same error either way; where it is built is a matter of
    // instructions (callgrind): out of line for strict mode, inline for
    // OpenSSL mode's fast path, which only asks whether the input is DER.
    let inner = match read(input, e.content, e.end) {
        Ok(inner) => inner,
        Err(k) if fast_path => return Err(DecodeError::new(k, field, e.content)),
        Err(_) => return Err(unwrap_failed(input, &e, field)),
    };
    if inner.end != e.end {
        return Err(DecodeError::new(
            ErrorKind::ExplicitLengthMismatch,
            field,
            inner.end,
        ));
    }
    Ok(inner)
}

/// Why the content of an EXPLICIT wrapper is not an element, read again
/// off the hot path.
#[inline(never)]
fn unwrap_failed(input: &[u8], e: &Element, field: Field) -> DecodeError {
    match read(input, e.content, e.end) {
        Err(kind) => DecodeError::new(kind, field, e.content),
        // Not reached: the same read just failed.
        Ok(inner) => DecodeError::new(ErrorKind::ExplicitLengthMismatch, field, inner.end),
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
    input: &'a [u8],
    e: &Element,
    explicit: bool,
    field: Field,
) -> Result<&'a [u8], DecodeError> {
    if explicit {
        octets(input, e, field)
    } else {
        Ok(input.get(e.content..e.end).unwrap_or(&[]))
    }
}

/// `[20]` peer_rpk (OpenSSL 3.2+): an OCTET STRING holding one DER
/// SubjectPublicKeyInfo, which OpenSSL parses with `d2i_PUBKEY`: the key
/// must load in every release that reads `[20]` ([`peer_rpk`]).
#[inline]
fn public_key<'a>(input: &'a [u8], e: &Element, field: Field) -> Result<&'a [u8], DecodeError> {
    let spki = octets(input, e, field)?;
    let holds_one_sequence =
        read(spki, 0, spki.len()).is_ok_and(|k| k.first == SEQUENCE && k.end == spki.len());
    if !holds_one_sequence {
        let found = spki.first().copied().unwrap_or(0);
        return Err(DecodeError::new(
            ErrorKind::UnexpectedTag { found },
            field,
            e.content,
        ));
    }
    peer_rpk::check_peer_rpk_everywhere(spki)
        .map_err(|kind| DecodeError::new(kind, field, e.content))?;
    Ok(spki)
}

/// One optional field's value, read by its type in the schema and stored.
macro_rules! read_value {
    // The peer certificate is kept as its whole encoding, its X.509 syntax
    // checked as OpenSSL's d2i_X509 checks it.
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, Certificate, $spec:ident, none) => {{
        expect_tag(&$i, SEQUENCE, $field)?;
        if $check {
            let engine = Engine::new($input, true);
            x509::check(&engine, $i.start, $i.end - $i.start)
                .map_err(|f| DecodeError::new(f.kind, $field, f.offset))?;
        }
        $s.$set($input.get($i.start..$i.end));
    }};
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, PublicKey, $spec:ident, none) => {
        $s.$set(Some(public_key($input, &$i, $field)?))
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, OctetString, $spec:ident, none) => {
        $s.$set(Some(string($input, &$i, explicit(&$spec), $field)?))
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, bytes, OctetString, $spec:ident, $limit:ident) => {
        $s.$set(Some(string($input, &$i, explicit(&$spec), $field)?))
            .map_err(|l| DecodeError::limit(l, $i.start))?
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, u8, OneOctet, $spec:ident, none) => {
        $s.$set(Some(assemble::compression(
            string($input, &$i, explicit(&$spec), $field)?,
            $i.start,
        )?))
    };
    ($s:ident.$set:ident, $input:ident, $i:ident, $field:ident, $check:ident, $int:ident, Integer, $spec:ident, none) => {
        $s.$set(Some(integer::<$int>($input, &$i, $spec.value, $field)?))
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
                let i = tagged_value($input, $e, explicit(&SPEC), field, $fast_path)?;
                read_value!($s.$set, $input, i, field, $check, $ty, $asn1, SPEC, $limit);
            } )*
            // Not a tag of the schema.
            _ => {
                return Err(DecodeError::new(
                    ErrorKind::UnexpectedField { found: $e.first },
                    Field::Session,
                    $e.start,
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
    let outer = read(input, 0, input.len()).map_err(|k| DecodeError::new(k, Field::Session, 0))?;
    expect_tag(&outer, SEQUENCE, Field::Session)?;
    let mut r = Reader {
        input,
        pos: outer.content,
        end: outer.end,
    };

    let e = r.next(Field::Version)?;
    assemble::structure_version(integer(input, &e, ValueType::U32, Field::Version)?, e.start)?;
    let e = r.next(Field::ProtocolVersion)?;
    let protocol = assemble::protocol_version(
        integer(input, &e, ValueType::I32, Field::ProtocolVersion)?,
        e.start,
    )?;
    let e = r.next(Field::Cipher)?;
    let cipher = assemble::cipher(
        octets(input, &e, Field::Cipher)?,
        e.start,
        // Strict mode reads any version's codes; OpenSSL mode's fast path
        // only its version's.
        opts.mode().openssl_version(),
    )?;
    let mut s = Session::bare(protocol, cipher);
    let e = r.next(Field::SessionId)?;
    s.set_session_id(octets(input, &e, Field::SessionId)?)
        .map_err(|l| DecodeError::limit(l, e.start))?;
    let e = r.next(Field::MasterKey)?;
    s.set_master_key(octets(input, &e, Field::MasterKey)?)
        .map_err(|l| DecodeError::limit(l, e.start))?;

    let mut next_allowed = 0u8;
    while r.pos < r.end {
        let e = r.next(Field::Session)?;
        // Context class, a tag of the schema, above the previous one (so no duplicates).
        let number = e.first & 0x1F;
        if e.first & 0xC0 != 0x80 || number < next_allowed {
            return Err(DecodeError::new(
                ErrorKind::UnexpectedField { found: e.first },
                Field::Session,
                e.start,
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
    if !opts.trailing_allowed() && outer.end != input.len() {
        return Err(trailing(input, outer.end));
    }
    *tags = next_allowed;
    Ok(Decoded {
        session: s,
        consumed: outer.end,
    })
}
