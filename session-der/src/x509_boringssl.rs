//! BoringSSL's certificate parser, as `SSL_SESSION_parse` runs it on every
//! certificate of a session (`ssl_crypto_x509_session_cache_objects`,
//! `ssl/ssl_x509.cc` → `X509_parse_from_buffer`, `crypto/x509/x_x509.cc`), in
//! the BoringSSL that `boring-sys` 5.4 vendors.
//!
//! That parser is hand-written over CBS (strict DER, [`crate::cbs`]), not
//! OpenSSL's template decoder, and so accepts and refuses other certificates
//! than `d2i_X509` does:
//! - the version must be v1, v2 or v3 (an explicit v1 is still accepted), the
//!   unique identifiers need v2 or v3 and the extensions v3 — otherwise they
//!   are left over and refused as trailing data;
//! - validity times are validated as RFC 5280 times (digits, ranges, the day of
//!   the month, `Z`; UTCTime may carry a `+hhmm`/`-hhmm` offset);
//! - a name attribute value may be any element (`asn1_parse_any_as_string`):
//!   tags outside the string types are kept opaque, but the types BoringSSL
//!   knows are checked (UTF-8, BMP and Universal strings decode, INTEGER is
//!   minimal, times are valid …);
//! - algorithm parameters are one `ANY` (`asn1_parse_any`);
//! - the signature BIT STRING alone may have a non-minimal length
//!   (`asn1_parse_bit_string_with_bad_length`, b/18228011); BIT STRING unused
//!   bits must be zero;
//! - extensions are read with the template decoder (`d2i_X509_EXTENSIONS`):
//!   the critical BOOLEAN only needs one content octet, and their values are
//!   not parsed;
//! - the public key is parsed, but a key that does not load is still a valid
//!   SPKI (`x509_pubkey_changed` clears the error).
//!
//! Only acceptance is reproduced; the errors name the first rule broken.

use crate::cbs::{Cbs, Element, Fail, Flavor, Tag, BOOLEAN, CONSTRUCTED, INTEGER, OCTET_STRING};
use crate::error::{CertificateError as C, ErrorKind};

const SEQUENCE: Tag = 0x10 | CONSTRUCTED;
const SET: Tag = 0x11 | CONSTRUCTED;
const BIT_STRING: Tag = 0x03;
const NULL: Tag = 0x05;
const OBJECT: Tag = 0x06;
const ENUMERATED: Tag = 0x0A;
const UTF8_STRING: Tag = 0x0C;
const RELATIVE_OID: Tag = 0x0D;
const UTC_TIME: Tag = 0x17;
const GENERALIZED_TIME: Tag = 0x18;
const UNIVERSAL_STRING: Tag = 0x1C;
const BMP_STRING: Tag = 0x1E;

/// `CBS_ASN1_CLASS_MASK` and `CBS_ASN1_TAG_NUMBER_MASK`.
const CLASS_MASK: Tag = 0xC0 << 24;
const NUMBER_MASK: Tag = (1 << 29) - 1;
/// `CBS_ASN1_CONTEXT_SPECIFIC`.
const CONTEXT: Tag = 0x80 << 24;

/// tbsCertificate's tags (`x_x509.cc`).
const VERSION_TAG: Tag = CONSTRUCTED | CONTEXT;
const ISSUER_UID_TAG: Tag = CONTEXT | 1;
const SUBJECT_UID_TAG: Tag = CONTEXT | 2;
const EXTENSIONS_TAG: Tag = CONSTRUCTED | CONTEXT | 3;

/// `X509_VERSION_2` and `X509_VERSION_3`.
const V2: u64 = 1;
const V3: u64 = 2;

/// `X509_NAME_MAX`: the longest Name content `x509_parse_name` takes.
const NAME_MAX: usize = 1024 * 1024;

/// `V_ASN1_MAX_UNIVERSAL`.
const MAX_UNIVERSAL: Tag = 0xFF;

fn bad(e: C, at: usize) -> Fail {
    (ErrorKind::InvalidCertificate(e), at)
}

/// `X509_parse_from_buffer` on `input[start..end]`: `Ok` where BoringSSL
/// returns a certificate.
pub(crate) fn check(input: &[u8], start: usize, end: usize) -> Result<(), Fail> {
    if start > end || end > input.len() {
        return Err((ErrorKind::BadHeader, start));
    }
    let mut buf = Cbs::new(input, Flavor::Boring);
    buf.pos = start;
    buf.end = end;
    let cert = buf.get(SEQUENCE)?;
    if !buf.is_empty() {
        return Err((ErrorKind::ExplicitLengthMismatch, buf.pos));
    }
    let mut cert = cert.content;
    let tbs = cert.get(SEQUENCE)?;
    algorithm(&mut cert)?;
    signature(&mut cert)?;
    cert.must_be_empty()?;
    tbs_certificate(tbs.content)
}

fn tbs_certificate(mut tbs: Cbs<'_>) -> Result<(), Fail> {
    // An absent version is v1; the DEFAULT value written out is still taken
    // (the TODO for crbug.com/42290225 in x_x509.cc).
    let version = if tbs.peek_tag() == Some(VERSION_TAG) {
        let mut wrapper = tbs.get(VERSION_TAG)?.content;
        let at = wrapper.pos;
        let v = wrapper.uint64()?;
        wrapper.must_be_empty()?;
        if v > V3 {
            return Err(bad(C::InvalidInteger, at));
        }
        v
    } else {
        0
    };
    let serial = tbs.get(INTEGER)?;
    integer(&serial)?;
    algorithm(&mut tbs)?;
    name(&mut tbs)?;
    let mut validity = tbs.get(SEQUENCE)?.content;
    time(&mut validity)?;
    time(&mut validity)?;
    validity.must_be_empty()?;
    name(&mut tbs)?;
    public_key(&mut tbs)?;
    // RFC 5280 4.1.2.8: unique identifiers only in v2 and v3. In a v1
    // certificate they are not read, so they are refused below as left over.
    for tag in [ISSUER_UID_TAG, SUBJECT_UID_TAG] {
        if version >= V2 && tbs.peek_tag() == Some(tag) {
            let uid = tbs.get(tag)?;
            bit_string(&uid)?;
        }
    }
    // RFC 5280 4.1.2.9: extensions only in v3.
    if version >= V3 && tbs.peek_tag() == Some(EXTENSIONS_TAG) {
        extensions(tbs.get(EXTENSIONS_TAG)?.content)?;
    }
    if !tbs.is_empty() {
        return Err((ErrorKind::SequenceLengthMismatch, tbs.pos));
    }
    Ok(())
}

/// `x509_parse_algorithm`: SEQUENCE { OBJECT, ANY OPTIONAL }.
fn algorithm(cbs: &mut Cbs<'_>) -> Result<(), Fail> {
    let mut seq = cbs.get(SEQUENCE)?.content;
    object(&mut seq)?;
    if !seq.is_empty() {
        any(&mut seq)?;
    }
    seq.must_be_empty()
}

/// `asn1_parse_object`: a valid OID's encoding.
fn object(cbs: &mut Cbs<'_>) -> Result<(), Fail> {
    let e = cbs.get(OBJECT)?;
    oid(&e)
}

/// `CBS_is_valid_asn1_oid`: non-empty, each component minimal (no leading
/// 0x80), the last octet ending a component.
fn oid(e: &Element<'_>) -> Result<(), Fail> {
    oid_contents(e.content.bytes(), e.content.pos)
}

/// [`oid`] on content octets at `at`.
pub(crate) fn oid_contents(bytes: &[u8], at: usize) -> Result<(), Fail> {
    let mut prev = 0u8;
    let mut minimal = !bytes.is_empty();
    for &b in bytes {
        // A component starting with 0x80 has a redundant leading zero.
        if prev & 0x80 == 0 && b == 0x80 {
            minimal = false;
        }
        prev = b;
    }
    if !minimal || prev & 0x80 != 0 {
        return Err(bad(C::InvalidObject, at));
    }
    Ok(())
}

/// `asn1_parse_any` (an `ASN1_TYPE`): OBJECT, NULL and BOOLEAN have their own
/// representation, everything else is `asn1_parse_any_as_string`.
fn any(cbs: &mut Cbs<'_>) -> Result<(), Fail> {
    let e = cbs.any()?;
    let at = e.content.pos;
    match e.tag {
        OBJECT => oid(&e),
        NULL if e.content.is_empty() => Ok(()),
        // CBS_get_asn1_bool: exactly 0x00 or 0xFF.
        BOOLEAN if matches!(e.content.bytes(), [0x00] | [0xFF]) => Ok(()),
        NULL | BOOLEAN => Err(bad(C::InvalidPrimitive, at)),
        _ => any_as_string(&e),
    }
}

/// `asn1_parse_any_as_string` on one element already read.
fn any_as_string(e: &Element<'_>) -> Result<(), Fail> {
    let class = e.tag & CLASS_MASK;
    let number = e.tag & NUMBER_MASK;
    let at = e.content.pos;
    if class == 0 && number <= 36 && number != 15 {
        // X.680: only EXTERNAL, EMBEDDED PDV, SEQUENCE, SET and CHARACTER
        // STRING are constructed; every other allocated universal tag is
        // primitive.
        let constructed = e.tag & CONSTRUCTED != 0;
        let must_be_constructed = matches!(number, 8 | 11 | 16 | 17 | 29);
        if constructed != must_be_constructed {
            let kind = if must_be_constructed {
                ErrorKind::NotConstructed
            } else {
                ErrorKind::NotPrimitive
            };
            return Err((kind, e.start));
        }
    }
    if class == 0 && number > MAX_UNIVERSAL {
        return Err(bad(C::Structure, e.start));
    }
    let body = e.content.bytes();
    match e.tag {
        OBJECT | RELATIVE_OID => oid(e),
        NULL if !body.is_empty() => Err(bad(C::InvalidPrimitive, at)),
        BOOLEAN if !matches!(body, [0x00] | [0xFF]) => Err(bad(C::InvalidPrimitive, at)),
        INTEGER | ENUMERATED => integer(e),
        BIT_STRING => bit_string(e),
        UNIVERSAL_STRING => characters(body, at, 4),
        BMP_STRING => characters(body, at, 2),
        UTF8_STRING => utf8(body, at),
        // TODO(crbug.com/42290221) in a_type.cc: offsets still allowed here.
        UTC_TIME => time_string(body, at, false, true),
        GENERALIZED_TIME => time_string(body, at, true, false),
        // OCTET STRING, T61String and the unchecked string types take any
        // content (crbug.com/42290290); every other tag is kept whole as
        // V_ASN1_OTHER / SEQUENCE / SET.
        _ => Ok(()),
    }
}

/// `CBS_is_valid_asn1_integer`: non-empty and minimal, either sign.
fn integer(e: &Element<'_>) -> Result<(), Fail> {
    integer_contents(e.content.bytes(), e.content.pos)
}

/// [`integer`] on content octets at `at`.
pub(crate) fn integer_contents(bytes: &[u8], at: usize) -> Result<(), Fail> {
    match bytes {
        [] => Err(bad(C::InvalidInteger, at)),
        [0x00, b, ..] if b & 0x80 == 0 => Err(bad(C::InvalidInteger, at)),
        [0xFF, b, ..] if b & 0x80 != 0 => Err(bad(C::InvalidInteger, at)),
        _ => Ok(()),
    }
}

/// `asn1_parse_bit_string_contents`: an unused-bits octet of at most 7, and
/// those bits of the last octet zero (so unused bits need an octet).
fn bit_string(e: &Element<'_>) -> Result<(), Fail> {
    bit_string_contents(e.content.bytes(), e.content.pos)
}

pub(crate) fn bit_string_contents(bytes: &[u8], at: usize) -> Result<(), Fail> {
    let ok = match bytes {
        [] => false,
        [0, ..] => true,
        [pad, .., last] if *pad <= 7 => last & ((1u8 << pad) - 1) == 0,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(bad(C::InvalidBitString, at))
    }
}

/// The signature: `asn1_parse_bit_string_with_bad_length` — the tag must be
/// BIT STRING, the length may be in a non-minimal long form (one to four
/// octets), never indefinite.
fn signature(cbs: &mut Cbs<'_>) -> Result<(), Fail> {
    let bytes = cbs.bytes();
    let at = cbs.pos;
    let short = || bad(C::Structure, at);
    // Any other identifier, high-tag forms included, is not BIT STRING.
    let (&tag, rest) = bytes.split_first().ok_or_else(short)?;
    if Tag::from(tag) != BIT_STRING {
        return Err((ErrorKind::UnexpectedTag { found: tag }, at));
    }
    let (&first, rest) = rest.split_first().ok_or_else(short)?;
    let (len, header) = if first & 0x80 == 0 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7F);
        // 0x80 on a primitive element, or more than four length octets.
        if n == 0 || n > 4 || rest.len() < n {
            return Err(short());
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |v, &b| (v << 8) | usize::from(b));
        (len, 2 + n)
    };
    let content = header.checked_add(len).ok_or_else(short)?;
    if content > bytes.len() {
        return Err(short());
    }
    bit_string_contents(&bytes[header..content], at + header)?;
    cbs.pos += content;
    Ok(())
}

/// `x509_parse_name`: SEQUENCE OF non-empty SET OF SEQUENCE { OBJECT, any
/// element `asn1_parse_any_as_string` takes }.
fn name(cbs: &mut Cbs<'_>) -> Result<(), Fail> {
    let seq = cbs.get(SEQUENCE)?;
    if seq.content.len() > NAME_MAX {
        return Err(bad(C::Structure, seq.start));
    }
    let mut rdns = seq.content;
    while !rdns.is_empty() {
        let rdn = rdns.get(SET)?;
        if rdn.content.is_empty() {
            return Err(bad(C::Structure, rdn.start));
        }
        let mut entries = rdn.content;
        while !entries.is_empty() {
            let mut entry = entries.get(SEQUENCE)?.content;
            object(&mut entry)?;
            let value = entry.any()?;
            any_as_string(&value)?;
            entry.must_be_empty()?;
        }
    }
    // x509_name_get_cache re-encodes the name (as read and canonicalised);
    // everything parsed above re-encodes, so that never fails here.
    Ok(())
}

/// `asn1_parse_time` of a validity date: UTCTime (a timezone offset allowed)
/// or else GeneralizedTime (none).
fn time(cbs: &mut Cbs<'_>) -> Result<(), Fail> {
    if cbs.peek_tag() == Some(UTC_TIME) {
        let e = cbs.get(UTC_TIME)?;
        time_string(e.content.bytes(), e.content.pos, false, true)
    } else {
        let e = cbs.get(GENERALIZED_TIME)?;
        time_string(e.content.bytes(), e.content.pos, true, false)
    }
}

/// `CBS_parse_utc_time` / `CBS_parse_generalized_time`
/// (`CBS_parse_rfc5280_time_internal`, `crypto/bytestring/cbs.cc`).
pub(crate) fn time_string(
    s: &[u8],
    at: usize,
    generalized: bool,
    allow_offset: bool,
) -> Result<(), Fail> {
    if valid_time(s, generalized, allow_offset) {
        Ok(())
    } else {
        Err(bad(C::InvalidTime, at))
    }
}

fn valid_time(s: &[u8], generalized: bool, allow_offset: bool) -> bool {
    let mut pos = 0usize;
    let mut two = || -> Option<u32> {
        let pair = s.get(pos..pos + 2)?;
        pos += 2;
        match pair {
            [a @ b'0'..=b'9', b @ b'0'..=b'9'] => {
                Some(u32::from(a - b'0') * 10 + u32::from(b - b'0'))
            }
            _ => None,
        }
    };
    let mut fields = || -> Option<()> {
        let year = if generalized {
            two()? * 100 + two()?
        } else {
            // Two-digit years are 1950..=2049.
            let y = 1900 + two()?;
            if y < 1950 {
                y + 100
            } else {
                y
            }
        };
        let month = two()?;
        let day = two()?;
        let (hour, min, sec) = (two()?, two()?, two()?);
        ((1..=12).contains(&month)
            && valid_day(year, month, day)
            && hour <= 23
            && min <= 59
            && sec <= 59)
            .then_some(())
    };
    if fields().is_none() {
        return false;
    }
    match s.get(pos) {
        Some(b'Z') => pos + 1 == s.len(),
        // Offsets are outside RFC 5280 but taken for UTCTime in validity
        // (cl/237068815): hhmm, hours <= 23, minutes <= 59.
        Some(b'+' | b'-') if allow_offset => match s.get(pos + 1..) {
            Some([h1 @ b'0'..=b'9', h2 @ b'0'..=b'9', m1 @ b'0'..=b'9', m2 @ b'0'..=b'9']) => {
                (h1 - b'0') * 10 + (h2 - b'0') <= 23 && (m1 - b'0') * 10 + (m2 - b'0') <= 59
            }
            _ => false,
        },
        _ => false,
    }
}

/// `is_valid_day`: the days of `month` in `year` (Gregorian leap years).
fn valid_day(year: u32, month: u32, day: u32) -> bool {
    let last = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => return false,
    };
    (1..=last).contains(&day)
}

/// `is_valid_code_point` (`crypto/bytestring/unicode.cc`): Unicode scalar
/// values that are not noncharacters.
pub(crate) fn valid_code_point(v: u32) -> bool {
    v <= 0x10FFFF
        && v & 0xFFFE != 0xFFFE
        && !(0xFDD0..=0xFDEF).contains(&v)
        && !(0xD800..=0xDFFF).contains(&v)
}

/// BMPString (`CBS_get_ucs2_be`, width 2) and UniversalString
/// (`CBS_get_utf32_be`, width 4): big-endian code points, each valid.
pub(crate) fn characters(body: &[u8], at: usize, width: usize) -> Result<(), Fail> {
    let ok = body.len() % width == 0
        && body
            .chunks_exact(width)
            .all(|c| valid_code_point(c.iter().fold(0u32, |v, &b| (v << 8) | u32::from(b))));
    if ok {
        Ok(())
    } else {
        Err(bad(C::InvalidString, at))
    }
}

/// `CBS_get_utf8` over the whole string: shortest forms of valid code points.
pub(crate) fn utf8(body: &[u8], at: usize) -> Result<(), Fail> {
    let mut i = 0usize;
    while let Some(&c) = body.get(i) {
        i += 1;
        if c <= 0x7F {
            continue;
        }
        let (mut v, len, lower) = match c {
            _ if c & 0xE0 == 0xC0 => (u32::from(c & 0x1F), 1, 0x80),
            _ if c & 0xF0 == 0xE0 => (u32::from(c & 0x0F), 2, 0x800),
            _ if c & 0xF8 == 0xF0 => (u32::from(c & 0x07), 3, 0x10000),
            _ => return Err(bad(C::InvalidString, at)),
        };
        for _ in 0..len {
            match body.get(i) {
                Some(&b) if b & 0xC0 == 0x80 => v = (v << 6) | u32::from(b & 0x3F),
                _ => return Err(bad(C::InvalidString, at)),
            }
            i += 1;
        }
        if !valid_code_point(v) || v < lower {
            return Err(bad(C::InvalidString, at));
        }
    }
    Ok(())
}

/// `SubjectPublicKeyInfo` (`x509_parse_public_key`): SEQUENCE { algorithm,
/// BIT STRING }. The key itself is then loaded, but failing to is not an
/// error (`x509_pubkey_changed` clears it).
fn public_key(cbs: &mut Cbs<'_>) -> Result<(), Fail> {
    let mut seq = cbs.get(SEQUENCE)?.content;
    algorithm(&mut seq)?;
    let key = seq.get(BIT_STRING)?;
    bit_string(&key)?;
    seq.must_be_empty()
}

/// `[3]`'s content with `d2i_X509_EXTENSIONS` (the template decoder,
/// `x_exten.cc`): exactly one SEQUENCE OF X509_EXTENSION { OBJECT, BOOLEAN
/// OPTIONAL, OCTET STRING }. An empty list is accepted (the TODO for
/// crbug.com/442221114), the BOOLEAN needs one content octet of any value
/// (`asn1_parse_item_primitive`, crbug.com/42290221), the value is not
/// parsed.
fn extensions(mut wrapper: Cbs<'_>) -> Result<(), Fail> {
    let mut list = wrapper.get(SEQUENCE)?.content;
    while !list.is_empty() {
        let mut ext = list.get(SEQUENCE)?.content;
        object(&mut ext)?;
        if ext.peek_tag() == Some(BOOLEAN) {
            let critical = ext.get(BOOLEAN)?;
            if critical.content.len() != 1 {
                return Err(bad(C::InvalidPrimitive, critical.content.pos));
            }
        }
        ext.get(OCTET_STRING)?;
        ext.must_be_empty()?;
    }
    wrapper.must_be_empty()
}

#[cfg(test)]
mod tests {
    //! Each rule of `X509_parse_from_buffer` (boring-sys 5.4's x_x509.cc and
    //! the parsers it calls), one field changed at a time from a DER v3
    //! certificate. The live comparison with BoringSSL is
    //! `oracles/boringssl/tests/malformed.rs`.
    //!
    //! Every row's expectation was also confirmed against the real BoringSSL
    //! (boring-sys 5.4.0's `SSL_SESSION_from_bytes`, the certificate as a recorded
    //! session's `[3]`): 110 of 110 rows agree.
    use super::check;
    use crate::x509_testcert::{content, indefinite, long, name, oid, seq, tlv, Cert};

    fn accepts(der: &[u8]) -> bool {
        check(der, 0, der.len()).is_ok()
    }

    #[track_caller]
    fn table(rows: &[(&str, Vec<u8>, bool)]) {
        for (what, der, expected) in rows {
            assert_eq!(
                accepts(der),
                *expected,
                "{what}: {}",
                crate::x509_testcert::hex(der)
            );
        }
    }

    #[test]
    fn version_rules_and_validity_times() {
        table(&crate::x509_testcert::shared_rows());
    }

    #[test]
    fn serial_is_any_minimal_integer() {
        let c = Cert::v3();
        table(&[
            (
                "negative",
                c.with(|c| c.serial = vec![2, 1, 0xFF]).der(),
                true,
            ),
            ("zero", c.with(|c| c.serial = vec![2, 1, 0]).der(), true),
            (
                "non-minimal",
                c.with(|c| c.serial = vec![2, 2, 0, 1]).der(),
                false,
            ),
            ("empty", c.with(|c| c.serial = vec![2, 0]).der(), false),
        ]);
    }

    #[test]
    fn name_values_are_any_element_with_known_types_checked() {
        let c = Cert::v3();
        let value = |v: Vec<u8>| c.with(|c| c.issuer = name(&v)).der();
        table(&[
            // asn1_parse_any_as_string keeps other tags opaque.
            ("[APPLICATION 12]", value(tlv(0x4C, b"x")), true),
            ("OCTET STRING", value(tlv(0x04, b"x")), true),
            ("[0] constructed", value(tlv(0xA0, &[0x05, 0x00])), true),
            ("SEQUENCE", value(seq(&[&[0x05, 0x00]])), true),
            ("NULL", value(vec![0x05, 0x00]), true),
            ("VisibleString", value(tlv(0x1A, b"x")), true),
            (
                "universal tag 255",
                value(vec![0x1F, 0x81, 0x7F, 0x00]),
                true,
            ),
            (
                "universal tag 256",
                value(vec![0x1F, 0x82, 0x00, 0x00]),
                false,
            ),
            (
                "constructed UTF8String",
                value(tlv(0x2C, &tlv(0x04, b"x"))),
                false,
            ),
            ("primitive SEQUENCE", value(tlv(0x10, b"x")), false),
            ("NULL with content", value(vec![0x05, 0x01, 0x00]), false),
            ("BOOLEAN 0x01", value(vec![0x01, 0x01, 0x01]), false),
            (
                "INTEGER non-minimal",
                value(vec![0x02, 0x02, 0x00, 0x01]),
                false,
            ),
            ("invalid UTF-8", value(tlv(0x0C, &[0xC0, 0x80])), false),
            (
                "UTF-8 noncharacter U+FFFE",
                value(tlv(0x0C, &[0xEF, 0xBF, 0xBE])),
                false,
            ),
            (
                "UTF-8 U+10000",
                value(tlv(0x0C, &[0xF0, 0x90, 0x80, 0x80])),
                true,
            ),
            (
                "BMPString odd length",
                value(tlv(0x1E, &[0x00, 0x41, 0x00])),
                false,
            ),
            (
                "BMPString surrogate",
                value(tlv(0x1E, &[0xD8, 0x00])),
                false,
            ),
            ("BMPString", value(tlv(0x1E, &[0x00, 0x41])), true),
            ("UniversalString", value(tlv(0x1C, &[0, 0, 0, 0x41])), true),
            (
                "UniversalString above U+10FFFF",
                value(tlv(0x1C, &[0, 0x11, 0, 0])),
                false,
            ),
            ("UTCTime valid", value(tlv(0x17, b"261203144836Z")), true),
            ("UTCTime invalid", value(tlv(0x17, b"26120314483Z")), false),
            (
                "BIT STRING with unused bits set",
                value(tlv(0x03, &[0x01, 0x01])),
                false,
            ),
            (
                "OBJECT IDENTIFIER with 0x80",
                value(tlv(0x06, &[0x2A, 0x80, 0x01])),
                false,
            ),
            (
                "empty RDN",
                c.with(|c| c.issuer = seq(&[&[0x31, 0x00]])).der(),
                false,
            ),
            ("empty name", c.with(|c| c.issuer = seq(&[])).der(), true),
            (
                "two attributes in one RDN",
                c.with(|c| {
                    let e = seq(&[&oid(crate::x509_testcert::CN), &tlv(0x0C, b"x")]);
                    c.issuer = seq(&[&tlv(0x31, &[e.clone(), e].concat())]);
                })
                .der(),
                true,
            ),
            (
                "attribute with a third element",
                c.with(|c| {
                    c.issuer = seq(&[&tlv(
                        0x31,
                        &seq(&[
                            &oid(crate::x509_testcert::CN),
                            &tlv(0x0C, b"x"),
                            &[0x05, 0x00],
                        ]),
                    )]);
                })
                .der(),
                false,
            ),
        ]);
    }

    #[test]
    fn algorithm_parameters_are_one_any() {
        let c = Cert::v3();
        let alg = |p: &[u8]| {
            c.with(|c| c.tbs_alg = seq(&[&oid(crate::x509_testcert::ECDSA_SHA256), p]))
                .der()
        };
        table(&[
            ("NULL", alg(&[0x05, 0x00]), true),
            ("NULL with content", alg(&[0x05, 0x01, 0x00]), false),
            ("BOOLEAN TRUE", alg(&[0x01, 0x01, 0xFF]), true),
            ("BOOLEAN 0x01", alg(&[0x01, 0x01, 0x01]), false),
            ("an OID", alg(&oid(&[0x2A, 0x03])), true),
            ("an invalid OID", alg(&oid(&[0x2A, 0x83])), false),
            ("two parameters", alg(&[0x05, 0x00, 0x05, 0x00]), false),
            ("[UNIVERSAL 0]", alg(&[0x00, 0x00]), false),
            (
                "no OID",
                c.with(|c| c.tbs_alg = seq(&[&[0x05, 0x00]])).der(),
                false,
            ),
        ]);
    }

    #[test]
    fn only_the_signature_may_have_a_ber_length() {
        let c = Cert::v3();
        let sig = [0x00, 0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01];
        let mut key = vec![0x00, 0x04];
        key.extend([0x11; 64]);
        table(&[
            (
                "signature 0x81 0x09",
                c.with(|c| c.signature = long(0x03, &sig, 1)).der(),
                true,
            ),
            (
                "signature 0x84 00 00 00 09",
                c.with(|c| c.signature = long(0x03, &sig, 4)).der(),
                true,
            ),
            (
                "signature 0x85 (five length octets)",
                c.with(|c| c.signature = long(0x03, &sig, 5)).der(),
                false,
            ),
            (
                "signature constructed",
                c.with(|c| c.signature = tlv(0x23, &tlv(0x03, &sig))).der(),
                false,
            ),
            (
                "signature with no octet",
                c.with(|c| c.signature = vec![0x03, 0x00]).der(),
                false,
            ),
            (
                "signature, unused bits with no octet",
                c.with(|c| c.signature = vec![0x03, 0x01, 0x01]).der(),
                false,
            ),
            (
                "signature, empty",
                c.with(|c| c.signature = vec![0x03, 0x01, 0x00]).der(),
                true,
            ),
            (
                "signature, unused bits set",
                c.with(|c| c.signature = vec![0x03, 0x02, 0x01, 0x01]).der(),
                false,
            ),
            (
                "signature, unused bits clear",
                c.with(|c| c.signature = vec![0x03, 0x02, 0x01, 0x02]).der(),
                true,
            ),
            (
                "signature, 8 unused bits",
                c.with(|c| c.signature = vec![0x03, 0x02, 0x08, 0x00]).der(),
                false,
            ),
            (
                "key 0x81 0x42",
                c.with(|c| {
                    c.spki = seq(&[
                        &seq(&[&oid(&[0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01])]),
                        &long(0x03, &key, 1),
                    ]);
                })
                .der(),
                false,
            ),
            (
                "a key that does not load",
                c.with(|c| {
                    c.spki = seq(&[&seq(&[&oid(&[0x2A, 0x03])]), &tlv(0x03, &[0x00, 0x01])]);
                })
                .der(),
                true,
            ),
            (
                "tbsCertificate length in three octets",
                seq(&[&long(0x30, content(&c.tbs()), 3), &c.sig_alg, &c.signature]),
                false,
            ),
        ]);
    }

    #[test]
    fn extensions_are_read_by_the_template_decoder() {
        let c = Cert::v3();
        let ext = |inner: Vec<u8>| c.with(|c| c.tail = tlv(0xA3, &seq(&[&inner]))).der();
        let bc = oid(&[0x55, 0x1D, 0x13]);
        table(&[
            (
                "critical 0x01",
                ext(seq(&[&bc, &[0x01, 0x01, 0x01], &tlv(0x04, b"")])),
                true,
            ),
            (
                "critical FALSE written",
                ext(seq(&[&bc, &[0x01, 0x01, 0x00], &tlv(0x04, b"")])),
                true,
            ),
            (
                "critical of two octets",
                ext(seq(&[&bc, &[0x01, 0x02, 0xFF, 0xFF], &tlv(0x04, b"")])),
                false,
            ),
            ("no value", ext(seq(&[&bc])), false),
            (
                "value not parsed",
                ext(seq(&[&bc, &tlv(0x04, &[0xFF])])),
                true,
            ),
            (
                "empty list",
                c.with(|c| c.tail = tlv(0xA3, &seq(&[]))).der(),
                true,
            ),
            (
                "[3] holds more",
                c.with(|c| c.tail = tlv(0xA3, &[seq(&[]), vec![0x05, 0x00]].concat()))
                    .der(),
                false,
            ),
            (
                "value constructed",
                ext(seq(&[&bc, &tlv(0x24, &tlv(0x04, b""))])),
                false,
            ),
        ]);
    }

    #[test]
    fn the_buffer_is_exactly_one_der_certificate() {
        let c = Cert::v3();
        let der = c.der();
        let mut trailing = der.clone();
        trailing.push(0x00);
        let tbs = c.tbs();
        table(&[
            ("trailing octet", trailing, false),
            ("indefinite length", indefinite(0x30, content(&der)), false),
            (
                "indefinite tbsCertificate",
                seq(&[&indefinite(0x30, content(&tbs)), &c.sig_alg, &c.signature]),
                false,
            ),
            (
                "name length 0x81 below 128",
                c.with(|c| c.issuer = long(0x30, content(&c.issuer), 1))
                    .der(),
                false,
            ),
            ("empty", Vec::new(), false),
            ("a SET", [&[0x31][..], &der[1..]].concat(), false),
        ]);
        // Offsets into a larger input: the session's [3] content.
        let mut framed = vec![0xA3, 0x82, 0x00, 0x00];
        framed.extend_from_slice(&der);
        assert!(check(&framed, 4, framed.len()).is_ok());
        assert!(check(&framed, 4, framed.len() - 1).is_err());
    }
}
