//! What OpenSSL's template decoder (`ASN1_item_d2i`, `crypto/asn1/tasn_dec.c`)
//! makes of an extension value: the fields it would read, a rejection, or
//! "cannot tell".
//!
//! `X509V3_EXT_print` decodes the value before printing and falls back to
//! the raw bytes when that fails, so a printer must know exactly which bytes
//! OpenSSL accepts. The rules kept here are the ones that decide that for
//! the types the printers in this directory use:
//!
//! * headers as `ASN1_get_object` reads them: high tag numbers, long-form
//!   lengths with leading zeros (but a long form needs one byte after it),
//!   a length running past the data is an error;
//! * tag number and class are compared, not the constructed bit: a SEQUENCE
//!   must be constructed, a SEQUENCE OF need not be, INTEGER, OBJECT, NULL
//!   and BOOLEAN must be primitive;
//! * `00 00` where an element is expected is an unexpected end-of-contents;
//! * contents checked by `c2i_ASN1_OBJECT`, `c2i_ASN1_INTEGER`,
//!   `c2i_ASN1_BIT_STRING`, the NULL/BOOLEAN lengths and the BMPString /
//!   UniversalString length multiples;
//! * `ASN1_item_d2i` reads one element and ignores what follows it.
//!
//! Indefinite lengths and constructed (segmented) strings are BER that
//! OpenSSL reassembles: they come back as [`Undecodable::Unsupported`]. What
//! the decoder certainly fails on is [`Undecodable::Rejected`]. (The error
//! types are `ber.rs`'s, shared with the other extension printers; `ber.rs`
//! refuses long-form lengths and multi-octet tags outright, while this
//! reader takes them as OpenSSL does — OpenSSL prints such values exactly as
//! their DER spelling, which the bundle checks.)

use super::super::super::ber::Parser;
pub(crate) use super::super::super::ber::{Decoded, Undecodable};
use super::super::super::Unsupported;
use super::super::general_name::GeneralName;

/// `V_ASN1_UNIVERSAL`.
pub(crate) const UNIVERSAL: u8 = 0x00;
/// `V_ASN1_CONTEXT_SPECIFIC`.
pub(crate) const CONTEXT: u8 = 0x80;

// Universal tag numbers (`V_ASN1_*`).
pub(crate) const BOOLEAN: u32 = 1;
pub(crate) const INTEGER: u32 = 2;
pub(crate) const BIT_STRING: u32 = 3;
pub(crate) const OCTET_STRING: u32 = 4;
pub(crate) const NULL: u32 = 5;
pub(crate) const OBJECT: u32 = 6;
pub(crate) const ENUMERATED: u32 = 10;
pub(crate) const SEQUENCE: u32 = 16;
pub(crate) const SET: u32 = 17;
pub(crate) const PRINTABLE_STRING: u32 = 19;
pub(crate) const IA5_STRING: u32 = 22;
pub(crate) const UNIVERSAL_STRING: u32 = 28;
pub(crate) const BMP_STRING: u32 = 30;

/// `B_ASN1_DISPLAYTEXT`: IA5String, VisibleString, BMPString, UTF8String.
pub(crate) const DISPLAY_TEXT: u32 = 0x0010 | 0x0040 | 0x0800 | 0x2000;
/// `B_ASN1_DIRECTORYSTRING`: PrintableString, T61String, BMPString,
/// UniversalString, UTF8String.
pub(crate) const DIRECTORY_STRING: u32 = 0x0002 | 0x0004 | 0x0800 | 0x0100 | 0x2000;

/// A shorthand for a rejection.
pub(crate) fn rejected<T>() -> Decoded<T> {
    Err(Undecodable::Rejected)
}

/// One element as `ASN1_get_object` reads it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Element<'a> {
    /// The tag number (high-tag-number form decoded).
    pub(crate) number: u32,
    /// The class bits (`0x00`, `0x40`, `0x80` or `0xC0`).
    pub(crate) class: u8,
    /// Whether the constructed bit is set.
    pub(crate) constructed: bool,
    /// The content octets.
    pub(crate) content: &'a [u8],
    /// The whole encoding, header included.
    pub(crate) whole: &'a [u8],
}

impl Element<'_> {
    /// Whether the element carries this tag number and class.
    pub(crate) fn is(&self, number: u32, class: u8) -> bool {
        self.number == number && self.class == class
    }
}

/// Reads one element header and its content from the front of `input`, as
/// `ASN1_get_object` followed by `asn1_check_tlen` do; returns the element
/// and the bytes after it.
fn element(input: &[u8]) -> Decoded<(Element<'_>, &[u8])> {
    let Some(&first) = input.first() else {
        return rejected();
    };
    // `max` in ASN1_get_object is always `input.len() - at` here; it must not
    // reach zero before the length octets.
    let mut at = 1;
    let number = if first & 0x1F == 0x1F {
        let mut number: u32 = 0;
        loop {
            let Some(&byte) = input.get(at) else {
                return rejected();
            };
            at += 1;
            number = (number << 7) | u32::from(byte & 0x7F);
            if byte & 0x80 == 0 {
                break;
            }
            if number > (i32::MAX as u32 >> 7) {
                return rejected();
            }
        }
        number
    } else {
        u32::from(first & 0x1F)
    };
    let constructed = first & 0x20 != 0;
    let Some(&length_octet) = input.get(at) else {
        return rejected();
    };
    at += 1;
    let length = match length_octet {
        0x80 => {
            if !constructed {
                return rejected();
            }
            return Err(Undecodable::Unsupported(Unsupported::new(
                "an extension value uses an indefinite length",
            )));
        }
        short if short < 0x80 => usize::from(short),
        long => {
            let mut count = usize::from(long & 0x7F);
            // asn1_get_length: `if (max < i + 1) return 0`, where max counts
            // the bytes after the first length octet.
            if input.len() - at < count + 1 {
                return rejected();
            }
            while count > 0 && input[at] == 0 {
                at += 1;
                count -= 1;
            }
            if count > 8 {
                return rejected();
            }
            let mut value: u64 = 0;
            for &byte in &input[at..at + count] {
                value = (value << 8) | u64::from(byte);
            }
            at += count;
            if value > i64::MAX as u64 {
                return rejected();
            }
            match usize::try_from(value) {
                Ok(length) => length,
                Err(_) => return rejected(),
            }
        }
    };
    if length > input.len() - at {
        return rejected();
    }
    let (content, rest) = input[at..].split_at(length);
    Ok((
        Element {
            number,
            class: first & 0xC0,
            constructed,
            content,
            whole: &input[..at + length],
        },
        rest,
    ))
}

/// The elements of a definite-length container (or of the whole value).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    /// A cursor over `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Cursor { rest: bytes }
    }

    /// Whether everything was read.
    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next element without consuming it; `None` at the end. An
    /// end-of-contents marker is an error in a definite-length container
    /// (`ASN1_R_UNEXPECTED_EOC`), a bad header one everywhere.
    pub(crate) fn peek(&self) -> Decoded<Option<Element<'a>>> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        if self.rest.starts_with(&[0, 0]) {
            return rejected();
        }
        element(self.rest).map(|(element, _)| Some(element))
    }

    /// The next element, whatever it is; at the end, a missing field.
    pub(crate) fn next(&mut self) -> Decoded<Element<'a>> {
        if self.rest.is_empty() || self.rest.starts_with(&[0, 0]) {
            return rejected();
        }
        let (element, rest) = element(self.rest)?;
        self.rest = rest;
        Ok(element)
    }

    /// The next element, which must carry this tag.
    pub(crate) fn take(&mut self, number: u32, class: u8) -> Decoded<Element<'a>> {
        let element = self.next()?;
        if !element.is(number, class) {
            return rejected();
        }
        Ok(element)
    }

    /// The next element if it carries this tag (an OPTIONAL field).
    pub(crate) fn take_optional(&mut self, number: u32, class: u8) -> Decoded<Option<Element<'a>>> {
        match self.peek()? {
            Some(element) if element.is(number, class) => self.next().map(Some),
            _ => Ok(None),
        }
    }

    /// Fails unless the container was read to its end
    /// (`ASN1_R_SEQUENCE_LENGTH_MISMATCH`, `ASN1_R_EXPLICIT_LENGTH_MISMATCH`).
    pub(crate) fn finish(&self) -> Decoded<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            rejected()
        }
    }
}

/// Reads every element of a SEQUENCE OF with `item`.
pub(crate) fn read_all<'a, T>(
    mut items: Cursor<'a>,
    mut item: impl FnMut(Element<'a>) -> Decoded<T>,
) -> Decoded<Vec<T>> {
    let mut all = Vec::new();
    while !items.is_empty() {
        all.push(item(items.next()?)?);
    }
    Ok(all)
}

/// The top-level element of an extension value, as `ASN1_item_d2i` reads
/// it: one element with this tag; bytes after it are ignored.
pub(crate) fn top(value: &[u8], number: u32, class: u8) -> Decoded<Element<'_>> {
    let (element, _ignored) = element(value)?;
    if !element.is(number, class) {
        return rejected();
    }
    Ok(element)
}

/// `element`, which must carry this tag (an element of a SEQUENCE OF, read
/// with `next`, whose type is not a CHOICE).
pub(crate) fn expect(element: Element<'_>, number: u32, class: u8) -> Decoded<Element<'_>> {
    if !element.is(number, class) {
        return rejected();
    }
    Ok(element)
}

/// The content of a SEQUENCE (an `ASN1_ITYPE_SEQUENCE` item): UNIVERSAL 16,
/// constructed (`ASN1_R_SEQUENCE_NOT_CONSTRUCTED`).
pub(crate) fn sequence(element: Element<'_>) -> Decoded<Cursor<'_>> {
    explicit(expect(element, SEQUENCE, UNIVERSAL)?)
}

/// The content of a SEQUENCE OF / SET OF: `asn1_template_noexp_d2i` does
/// not look at the constructed bit.
pub(crate) fn sequence_of(element: Element<'_>) -> Cursor<'_> {
    Cursor::new(element.content)
}

/// The content of an EXPLICIT tag (already matched), which must be
/// constructed (`ASN1_R_EXPLICIT_TAG_NOT_CONSTRUCTED`); the caller must
/// `finish` it.
pub(crate) fn explicit(element: Element<'_>) -> Decoded<Cursor<'_>> {
    if !element.constructed {
        return rejected();
    }
    Ok(Cursor::new(element.content))
}

/// Primitive content of a type that must be primitive
/// (`ASN1_R_TYPE_NOT_PRIMITIVE`).
fn primitive_only(element: Element<'_>) -> Decoded<&[u8]> {
    if element.constructed {
        return rejected();
    }
    Ok(element.content)
}

/// `c2i_ASN1_OBJECT`'s checks: not empty, the last octet ends a
/// sub-identifier, no sub-identifier starts with `0x80`.
pub(crate) fn object(element: Element<'_>) -> Decoded<&[u8]> {
    let content = primitive_only(element)?;
    let valid = content.last().is_some_and(|&last| last & 0x80 == 0)
        && content
            .iter()
            .enumerate()
            .all(|(i, &b)| b != 0x80 || (i > 0 && content[i - 1] & 0x80 != 0));
    if !valid {
        return rejected();
    }
    Ok(content)
}

/// `c2i_ASN1_INTEGER`'s checks (`c2i_ibuf`): not empty, no padding octet.
/// Returns the content (two's complement) for `Integer::from_content`.
pub(crate) fn integer(element: Element<'_>) -> Decoded<&[u8]> {
    let content = primitive_only(element)?;
    match content {
        [] => rejected(),
        [_] => Ok(content),
        [first, second, rest @ ..] => {
            let negative = first & 0x80 != 0;
            let padded = match first {
                0x00 => true,
                // "one less minimal negative": FF followed by zeros only is
                // not padding.
                0xFF => *second != 0 || rest.iter().any(|&b| b != 0),
                _ => false,
            };
            if padded && negative == (second & 0x80 != 0) {
                return rejected();
            }
            Ok(content)
        }
    }
}

/// NULL: no content.
pub(crate) fn null(element: Element<'_>) -> Decoded<()> {
    if !primitive_only(element)?.is_empty() {
        return rejected();
    }
    Ok(())
}

/// A BIT STRING as `c2i_ASN1_BIT_STRING` leaves it: the unused-bit count
/// (0..=7) and the bytes, with the unused bits of the last one cleared.
pub(crate) fn bit_string(element: Element<'_>) -> Decoded<(u8, Vec<u8>)> {
    let content = string_content(element)?;
    let Some((&unused, bytes)) = content.split_first() else {
        return rejected();
    };
    if unused > 7 {
        return rejected();
    }
    let mut bytes = bytes.to_vec();
    if let Some(last) = bytes.last_mut() {
        *last &= 0xFF << unused;
    }
    Ok((unused, bytes))
}

/// Content of a string type (or of a type OpenSSL handles as one): a
/// constructed form would be reassembled by `asn1_collect`.
pub(crate) fn string_content(element: Element<'_>) -> Decoded<&[u8]> {
    if element.constructed {
        return Err(Undecodable::Unsupported(Unsupported::new(
            "an extension value holds a constructed (BER) string",
        )));
    }
    string_length_rules(element.number, element.content)?;
    Ok(element.content)
}

/// `asn1_ex_c2i`: a BMPString has an even length, a UniversalString a
/// multiple of four.
fn string_length_rules(number: u32, content: &[u8]) -> Decoded<()> {
    if (number == BMP_STRING && content.len() % 2 != 0)
        || (number == UNIVERSAL_STRING && content.len() % 4 != 0)
    {
        return rejected();
    }
    Ok(())
}

/// `ASN1_tag2bit`.
fn tag_bit(number: u32) -> u32 {
    const BITS: [u32; 31] = [
        0, 0, 0, 0x0400, 0x0200, 0, 0, 0x1000, 0x1000, 0x1000, 0, 0x1000, 0x2000, 0x1000, 0x1000,
        0x1000, 0x10000, 0, 0x0001, 0x0002, 0x0004, 0x0008, 0x0010, 0x4000, 0x8000, 0x0020, 0x0040,
        0x0080, 0x0100, 0x1000, 0x0800,
    ];
    usize::try_from(number)
        .ok()
        .and_then(|n| BITS.get(n))
        .copied()
        .unwrap_or(0)
}

/// Whether `element` can be read as an `ASN1_ITYPE_MSTRING` with this mask
/// (`DISPLAYTEXT`, `DIRECTORYSTRING`): UNIVERSAL class, tag in the mask.
pub(crate) fn fits_mstring(element: &Element<'_>, mask: u32) -> bool {
    element.class == UNIVERSAL && tag_bit(element.number) & mask != 0
}

/// A multi-string field (required): its tag number and content.
pub(crate) fn mstring<'a>(element: Element<'a>, mask: u32) -> Decoded<(u32, &'a [u8])> {
    if !fits_mstring(&element, mask) {
        return rejected();
    }
    Ok((element.number, string_content(element)?))
}

/// Checks an `ASN1_ANY` value the way `asn1_d2i_ex_primitive` and
/// `asn1_ex_c2i` would build its `ASN1_TYPE`.
pub(crate) fn any(element: Element<'_>) -> Decoded<()> {
    if element.class != UNIVERSAL {
        // V_ASN1_OTHER: kept whole, whatever is inside.
        return Ok(());
    }
    match element.number {
        SEQUENCE | SET => {
            if !element.constructed {
                return rejected();
            }
            Ok(())
        }
        NULL => null(element),
        BOOLEAN => {
            if primitive_only(element)?.len() != 1 {
                return rejected();
            }
            Ok(())
        }
        OBJECT => object(element).map(|_| ()),
        INTEGER | ENUMERATED => integer(element).map(|_| ()),
        BIT_STRING => bit_string(element).map(|_| ()),
        _ => string_content(element).map(|_| ()),
    }
}

/// Whether `element` can start a `GENERAL_NAME` (a CHOICE of `[0]` to
/// `[8]`): an OPTIONAL one is absent otherwise.
pub(crate) fn is_general_name(element: &Element<'_>) -> bool {
    element.class == CONTEXT && element.number <= 8
}

/// A `GENERAL_NAME`, decoded by `general_name.rs`.
pub(crate) fn general_name(element: Element<'_>) -> Decoded<GeneralName<'_>> {
    let mut parser = Parser::new(element.whole);
    GeneralName::decode(&mut parser)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejects<T: std::fmt::Debug>(result: Decoded<T>) -> bool {
        matches!(result, Err(Undecodable::Rejected))
    }

    #[test]
    fn headers_follow_asn1_get_object() {
        // Long form with leading zeros is read; a long form needs a byte after it.
        let (e, rest) = element(&[0x04, 0x82, 0x00, 0x01, 0xAA, 0xBB]).unwrap();
        assert_eq!((e.number, e.content, rest), (4, &[0xAA][..], &[0xBB][..]));
        assert!(rejects(element(&[0x30, 0x81, 0x00])));
        assert!(rejects(element(&[0x04])));
        assert!(rejects(element(&[0x04, 0x05, 0x00])));
        // Nine length octets of which one is significant: leading zeros skipped.
        let mut nine = vec![0x04, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xCC];
        assert_eq!(element(&nine).unwrap().0.content, &[0xCC]);
        nine[2] = 1;
        assert!(rejects(element(&nine)));
        // High tag number form.
        let (e, _) = element(&[0x9F, 0x81, 0x00, 0x00]).unwrap();
        assert_eq!((e.number, e.class), (128, CONTEXT));
        assert!(rejects(element(&[0x1F, 0x81])));
        // Indefinite: an error when primitive, BER when constructed.
        assert!(rejects(element(&[0x04, 0x80, 0x00, 0x00])));
        assert!(matches!(
            element(&[0x30, 0x80, 0x00, 0x00]),
            Err(Undecodable::Unsupported(_))
        ));
    }

    #[test]
    fn end_of_contents_is_unexpected_inside_a_container() {
        let mut cursor = Cursor::new(&[0x00, 0x00]);
        assert!(rejects(cursor.peek()));
        assert!(rejects(cursor.next()));
    }

    #[test]
    fn contents_follow_the_c2i_functions() {
        let el = |number, content| Element {
            number,
            class: UNIVERSAL,
            constructed: false,
            content,
            whole: content,
        };
        assert!(rejects(object(el(OBJECT, &[]))));
        assert!(rejects(object(el(OBJECT, &[0x2A, 0x86]))));
        assert!(rejects(object(el(OBJECT, &[0x80, 0x01]))));
        assert!(object(el(OBJECT, &[0x2A, 0x86, 0x80, 0x01])).is_ok());
        assert!(rejects(object(el(OBJECT, &[0x2A, 0x80, 0x01]))));
        assert!(rejects(integer(el(INTEGER, &[]))));
        assert!(rejects(integer(el(INTEGER, &[0x00, 0x01]))));
        assert!(rejects(integer(el(INTEGER, &[0xFF, 0x80]))));
        assert!(integer(el(INTEGER, &[0xFF, 0x00])).is_ok());
        assert!(integer(el(INTEGER, &[0x00, 0x80])).is_ok());
        assert_eq!(
            bit_string(el(BIT_STRING, &[0x03, 0xFF])).unwrap(),
            (3, vec![0xF8])
        );
        assert!(rejects(bit_string(el(BIT_STRING, &[0x08, 0xFF]))));
        assert!(rejects(bit_string(el(BIT_STRING, &[]))));
        assert!(rejects(string_content(el(BMP_STRING, &[0x00]))));
        assert!(rejects(any(el(NULL, &[0x00]))));
        assert!(rejects(any(el(SEQUENCE, &[]))));
        assert!(any(el(0, &[0x01])).is_ok());
    }
}
