//! Strict mode: DER only, on the `asn1` crate.
//!
//! `asn1::strip_tlv` enforces DER's header rules (minimal tag and length
//! octets, definite lengths) and `asn1::BigInt` minimal integers; this module
//! adds the schema: the five mandatory elements, then optional context tags in
//! strictly ascending order, each EXPLICIT wrapper holding exactly one element
//! of the right type. Anything else — unknown, duplicated or out-of-order
//! fields, BER forms, bytes after the SEQUENCE — is rejected.

use asn1::Tlv;
use session_model::Field;

use crate::assemble::Parsed;
use crate::ber::{get_object, int_content, session_int, IntType};
use crate::error::{DecodeError, ErrorKind};
use crate::template::Engine;
use crate::x509;

const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const SEQUENCE: u8 = 0x30;

/// Why `asn1` refused a header, in our terms: re-read it with the BER reader
/// in DER mode, which names the exact rule broken.
fn header_error(input: &[u8], offset: usize, field: Field) -> DecodeError {
    let window = input.get(offset..).unwrap_or(&[]);
    let kind = match get_object(window, true) {
        Err(k) => k,
        Ok(_) => ErrorKind::BadHeader,
    };
    DecodeError::new(kind, field, offset)
}

struct Reader<'a> {
    input: &'a [u8],
    /// Offset of `rest` in `input`.
    pos: usize,
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn next(&mut self, field: Field) -> Result<(Tlv<'a>, usize), DecodeError> {
        let at = self.pos;
        if self.rest.is_empty() {
            return Err(DecodeError::new(ErrorKind::MissingField, field, at));
        }
        let (tlv, rest) =
            asn1::strip_tlv(self.rest).map_err(|_| header_error(self.input, at, field))?;
        self.pos += self.rest.len() - rest.len();
        self.rest = rest;
        Ok((tlv, at))
    }
}

fn first_octet(tlv: &Tlv<'_>) -> u8 {
    tlv.full_data().first().copied().unwrap_or(0)
}

fn expect_tag(tlv: &Tlv<'_>, tag: u8, field: Field, at: usize) -> Result<(), DecodeError> {
    let found = first_octet(tlv);
    if found == tag {
        return Ok(());
    }
    // Same tag number and class, wrong form: name the form.
    let kind = if found & !0x20 == tag & !0x20 {
        if tag & 0x20 != 0 {
            ErrorKind::NotConstructed
        } else if tag == OCTET_STRING {
            ErrorKind::ConstructedString
        } else {
            ErrorKind::NotPrimitive
        }
    } else {
        ErrorKind::UnexpectedTag { found }
    };
    Err(DecodeError::new(kind, field, at))
}

fn integer(tlv: &Tlv<'_>, ty: IntType, field: Field, at: usize) -> Result<i128, DecodeError> {
    expect_tag(tlv, INTEGER, field, at)?;
    let content = tlv.data();
    if asn1::parse_single::<asn1::BigInt<'_>>(tlv.full_data()).is_err() {
        let kind = match int_content(content, false) {
            Err(k) => k,
            Ok(_) => ErrorKind::NonMinimalInteger,
        };
        return Err(DecodeError::new(kind, field, at));
    }
    let v = int_content(content, false).map_err(|k| DecodeError::new(k, field, at))?;
    session_int(v, ty).map_err(|k| DecodeError::new(k, field, at))
}

fn narrow<T: TryFrom<i128>>(v: i128, field: Field, at: usize) -> Result<T, DecodeError> {
    T::try_from(v).map_err(|_| DecodeError::new(ErrorKind::IntegerTooLarge, field, at))
}

/// The single element inside an EXPLICIT wrapper.
fn explicit_inner<'a>(
    input: &'a [u8],
    tlv: &Tlv<'a>,
    field: Field,
    at: usize,
) -> Result<(Tlv<'a>, usize), DecodeError> {
    let inner_at = at + (tlv.full_data().len() - tlv.data().len());
    let mut r = Reader {
        input,
        pos: inner_at,
        rest: tlv.data(),
    };
    let (inner, at) = r.next(field)?;
    if !r.rest.is_empty() {
        return Err(DecodeError::new(
            ErrorKind::ExplicitLengthMismatch,
            field,
            r.pos,
        ));
    }
    Ok((inner, at))
}

/// Decodes the first DER SEQUENCE of `input`; returns the fields and its length.
pub(crate) fn parse(
    input: &[u8],
    check_certificate: bool,
) -> Result<(Parsed<&[u8]>, usize), DecodeError> {
    if input.is_empty() {
        return Err(DecodeError::new(ErrorKind::Empty, Field::Session, 0));
    }
    let mut outer = Reader {
        input,
        pos: 0,
        rest: input,
    };
    let (seq, _) = outer.next(Field::Session)?;
    expect_tag(&seq, SEQUENCE, Field::Session, 0)?;
    let consumed = outer.pos;
    let mut r = Reader {
        input,
        pos: consumed - seq.data().len(),
        rest: seq.data(),
    };
    let mut p = Parsed::<&[u8]>::default();

    let (t, at) = r.next(Field::Version)?;
    p.version = Some((integer(&t, IntType::U32, Field::Version, at)?, at));
    let (t, at) = r.next(Field::ProtocolVersion)?;
    p.ssl_version = Some((integer(&t, IntType::I32, Field::ProtocolVersion, at)?, at));
    for field in [Field::Cipher, Field::SessionId, Field::MasterKey] {
        let (t, at) = r.next(field)?;
        expect_tag(&t, OCTET_STRING, field, at)?;
        let v = Some((t.data(), at));
        match field {
            Field::Cipher => p.cipher = v,
            Field::SessionId => p.session_id = v,
            _ => p.master_key = v,
        }
    }

    let mut last_tag: Option<u8> = None;
    while !r.rest.is_empty() {
        let (t, at) = r.next(Field::Session)?;
        let first = first_octet(&t);
        // DER forbids the high-tag form below 31, so every known field is one octet.
        let number = (first & 0xC0 == 0x80)
            .then_some(first & 0x1F)
            .filter(|&n| n <= 20 && last_tag.is_none_or(|l| n > l));
        let constructed = first & 0x20 != 0;
        let Some(number) = number else {
            return Err(DecodeError::new(
                ErrorKind::UnexpectedField {
                    found: first_octet(&t),
                },
                Field::Session,
                at,
            ));
        };
        last_tag = Some(number);
        let field = Field::from_tag(u32::from(number)).unwrap_or(Field::Session);
        if number == 0 {
            // [0] IMPLICIT OCTET STRING, primitive in DER.
            if constructed {
                return Err(DecodeError::new(ErrorKind::ConstructedString, field, at));
            }
            p.key_arg = Some(t.data());
            continue;
        }
        if !constructed {
            return Err(DecodeError::new(ErrorKind::NotConstructed, field, at));
        }
        let (inner, iat) = explicit_inner(input, &t, field, at)?;
        let int = |ty| integer(&inner, ty, field, iat);
        let bytes = || expect_tag(&inner, OCTET_STRING, field, iat).map(|()| inner.data());
        match number {
            1 => p.time = Some(narrow(int(IntType::I64)?, field, iat)?),
            2 => p.timeout = Some(narrow(int(IntType::I64)?, field, iat)?),
            3 => {
                expect_tag(&inner, SEQUENCE, field, iat)?;
                if check_certificate {
                    let engine = Engine { input, der: true };
                    x509::check(&engine, iat, inner.full_data().len())
                        .map_err(|f| DecodeError::new(f.kind, field, f.offset))?;
                }
                p.peer = Some(inner.full_data());
            }
            4 => p.sid_ctx = Some((bytes()?, iat)),
            5 => p.verify_result = Some(narrow(int(IntType::I32)?, field, iat)?),
            6 => p.hostname = Some(bytes()?),
            7 => p.psk_identity_hint = Some(bytes()?),
            8 => p.psk_identity = Some(bytes()?),
            9 => p.ticket_lifetime_hint = Some(narrow(int(IntType::U64)?, field, iat)?),
            10 => p.ticket = Some(bytes()?),
            11 => p.compression = Some((bytes()?, iat)),
            12 => p.srp_username = Some(bytes()?),
            13 => p.flags = Some(narrow(int(IntType::U64)?, field, iat)?),
            14 => p.ticket_age_add = Some(narrow(int(IntType::U32)?, field, iat)?),
            15 => p.max_early_data = Some(narrow(int(IntType::U32)?, field, iat)?),
            16 => p.alpn_selected = Some(bytes()?),
            17 => p.max_fragment_len_mode = Some(narrow(int(IntType::U32)?, field, iat)?),
            18 => p.ticket_appdata = Some(bytes()?),
            19 => p.kex_group = Some(narrow(int(IntType::U32)?, field, iat)?),
            _ => {
                // [20] peer_rpk (OpenSSL 3.2+): an OCTET STRING holding one DER
                // SubjectPublicKeyInfo, which OpenSSL parses with d2i_PUBKEY.
                let spki = bytes()?;
                let ok = matches!(asn1::strip_tlv(spki), Ok((k, rest)) if rest.is_empty() && first_octet(&k) == SEQUENCE);
                if !ok {
                    return Err(DecodeError::new(
                        ErrorKind::UnexpectedTag {
                            found: spki.first().copied().unwrap_or(0),
                        },
                        field,
                        iat,
                    ));
                }
                p.peer_rpk = Some(spki);
            }
        }
    }
    Ok((p, consumed))
}
