//! Reading extension values as OpenSSL's template decoder (`ASN1_item_d2i`,
//! `crypto/asn1/tasn_dec.c`) reads them, sorting every problem into one of
//! two kinds: bytes the decoder certainly rejects ([`Undecodable::Rejected`]:
//! `X509V3_EXT_print` then returns 0 and the raw value is printed), and BER
//! the decoder may accept but that is not DER ([`Undecodable::Unsupported`]:
//! we cannot be sure what OpenSSL makes of it, so the print is refused).

use super::der::Tlv;
use super::Unsupported;

/// Why an extension value (or part of it) could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Undecodable {
    /// OpenSSL's decoder certainly fails on these bytes.
    Rejected,
    /// Not DER, and OpenSSL's BER reading might accept it.
    Unsupported(Unsupported),
}

impl From<Unsupported> for Undecodable {
    fn from(unsupported: Unsupported) -> Self {
        Undecodable::Unsupported(unsupported)
    }
}

/// The result of decoding part of an extension value.
pub(crate) type Decoded<T> = Result<T, Undecodable>;

fn unsupported<T>(what: &str) -> Decoded<T> {
    Err(Undecodable::Unsupported(Unsupported::new(what)))
}

/// Tag class and number of an identifier octet, without the constructed bit.
fn tag_number(tag: u8) -> u8 {
    tag & !0x20
}

/// Reads consecutive elements of a value the way `ASN1_get_object` and
/// `asn1_check_tlen` do.
#[derive(Clone, Debug)]
pub(crate) struct Parser<'a> {
    rest: &'a [u8],
}

impl<'a> Parser<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Parser { rest: input }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next element's header and content, without consuming it.
    ///
    /// `ASN1_get_object` fails on a header that is cut short, a length of
    /// more than `sizeof(long)` significant octets, a length past the end of
    /// the enclosing data, and an indefinite length on a primitive element;
    /// it accepts leading zero length octets, long forms of short lengths,
    /// indefinite lengths on constructed elements and multi-octet tags —
    /// those are BER, refused here as unsupported.
    pub(crate) fn peek(&self) -> Decoded<Tlv<'a>> {
        let input = self.rest;
        let Some((&tag, mut after_tag)) = input.split_first() else {
            return Err(Undecodable::Rejected);
        };
        if tag & 0x1F == 0x1F {
            // A tag number in base-128 octets. Numbers below 31 written this
            // way are BER for a low tag; larger ones match no field of any
            // template, only an ANY (they keep the identifier octet's 0x1F).
            let mut number: u64 = 0;
            loop {
                let Some((&octet, rest)) = after_tag.split_first() else {
                    return Err(Undecodable::Rejected);
                };
                after_tag = rest;
                // ASN1_get_object's overflow check (l > INT_MAX >> 7).
                if number > u64::from(i32::MAX as u32 >> 7) {
                    return Err(Undecodable::Rejected);
                }
                number = (number << 7) | u64::from(octet & 0x7F);
                if octet & 0x80 == 0 {
                    break;
                }
            }
            if number < 31 {
                return unsupported("an extension value writes a low tag number in the long form");
            }
        }
        let Some((&first, mut after_length)) = after_tag.split_first() else {
            return Err(Undecodable::Rejected);
        };
        let length = if first < 0x80 {
            usize::from(first)
        } else if first == 0x80 {
            if tag & 0x20 == 0 {
                return Err(Undecodable::Rejected);
            }
            return unsupported("an extension value uses an indefinite length");
        } else {
            let count = usize::from(first & 0x7F);
            if after_length.len() < count {
                return Err(Undecodable::Rejected);
            }
            let (octets, rest) = after_length.split_at(count);
            after_length = rest;
            let significant: &[u8] = {
                let zeros = octets.iter().take_while(|&&b| b == 0).count();
                &octets[zeros..]
            };
            // asn1_get_length: more than sizeof(long) octets, or a value
            // above LONG_MAX, is an error.
            if significant.len() > 8 {
                return Err(Undecodable::Rejected);
            }
            let value = significant
                .iter()
                .fold(0u64, |n, &b| (n << 8) | u64::from(b));
            let value = usize::try_from(value).unwrap_or(usize::MAX);
            if value > after_length.len() {
                return Err(Undecodable::Rejected);
            }
            if significant.len() != count || value < 0x80 {
                return unsupported("an extension value uses a non-minimal length");
            }
            value
        };
        if length > after_length.len() {
            return Err(Undecodable::Rejected);
        }
        let header = input.len() - after_length.len();
        Ok(Tlv {
            tag,
            content: &after_length[..length],
            whole: &input[..header + length],
        })
    }

    /// The next element, whatever its tag.
    pub(crate) fn read(&mut self) -> Decoded<Tlv<'a>> {
        let tlv = self.peek()?;
        self.rest = &self.rest[tlv.whole.len()..];
        Ok(tlv)
    }

    /// Whether the next element carries `tag`'s class and number (either
    /// form); `false` at the end. A broken header is an error even here:
    /// `asn1_check_tlen` reads the header before comparing tags.
    pub(crate) fn next_is(&self, tag: u8) -> Decoded<bool> {
        if self.rest.is_empty() {
            return Ok(false);
        }
        Ok(tag_number(self.peek()?.tag) == tag_number(tag))
    }

    /// The next element, which must carry `tag`'s class and number.
    fn expect(&mut self, tag: u8) -> Decoded<Tlv<'a>> {
        let tlv = self.read()?;
        if tag_number(tlv.tag) != tag_number(tag) {
            return Err(Undecodable::Rejected);
        }
        Ok(tlv)
    }

    /// A SEQUENCE, SET or EXPLICIT tag (`tag` with or without the
    /// constructed bit): the primitive form is an error.
    pub(crate) fn constructed(&mut self, tag: u8) -> Decoded<&'a [u8]> {
        let tlv = self.expect(tag)?;
        if !tlv.constructed() {
            return Err(Undecodable::Rejected);
        }
        Ok(tlv.content)
    }

    /// A SEQUENCE OF or SET OF (possibly implicitly tagged). OpenSSL's
    /// template decoder does not check the constructed bit of these
    /// (`asn1_template_noexp_d2i`): the primitive form is read the same way.
    pub(crate) fn list(&mut self, tag: u8) -> Decoded<&'a [u8]> {
        Ok(self.expect(tag)?.content)
    }

    /// A BOOLEAN, INTEGER, ENUMERATED, NULL or OBJECT IDENTIFIER (possibly
    /// implicitly tagged): the constructed form is an error.
    pub(crate) fn primitive(&mut self, tag: u8) -> Decoded<&'a [u8]> {
        let tlv = self.expect(tag)?;
        if tlv.constructed() {
            return Err(Undecodable::Rejected);
        }
        Ok(tlv.content)
    }

    /// A string type (possibly implicitly tagged): the constructed form is
    /// BER that OpenSSL reassembles, unsupported here.
    pub(crate) fn string(&mut self, tag: u8) -> Decoded<&'a [u8]> {
        let tlv = self.expect(tag)?;
        if tlv.constructed() {
            return constructed_string(tlv.content);
        }
        Ok(tlv.content)
    }

    /// The content of an OPTIONAL element read with `read` when the next
    /// element carries `tag`, else `None`.
    pub(crate) fn optional(
        &mut self,
        tag: u8,
        read: fn(&mut Self, u8) -> Decoded<&'a [u8]>,
    ) -> Decoded<Option<&'a [u8]>> {
        if self.next_is(tag)? {
            read(self, tag).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Fails unless everything was read (a SEQUENCE or EXPLICIT tag with
    /// data left over is an error).
    pub(crate) fn finish(&self) -> Decoded<()> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Undecodable::Rejected)
        }
    }
}

/// A constructed string: OpenSSL reassembles it (`asn1_collect`), which is
/// BER we do not reproduce — unless the reassembly certainly fails: an
/// end-of-contents marker in a definite length, a broken inner header, or
/// constructed parts nested five deep (`ASN1_MAX_STRING_NEST`).
fn constructed_string<T>(content: &[u8]) -> Decoded<T> {
    fn collect(content: &[u8], depth: usize) -> Decoded<()> {
        let mut parts = Parser::new(content);
        while !parts.is_empty() {
            if parts.rest.starts_with(&[0, 0]) {
                return Err(Undecodable::Rejected);
            }
            let part = parts.read()?;
            if part.constructed() {
                if depth >= 5 {
                    return Err(Undecodable::Rejected);
                }
                collect(part.content, depth + 1)?;
            }
        }
        Ok(())
    }
    collect(content, 0)?;
    unsupported("an extension value has a constructed string")
}

/// Reads `content` as a SEQUENCE OF / SET OF, each element with `element`.
pub(crate) fn sequence_of<'a, T>(
    content: &'a [u8],
    mut element: impl FnMut(&mut Parser<'a>) -> Decoded<T>,
) -> Decoded<Vec<T>> {
    let mut parser = Parser::new(content);
    let mut items = Vec::new();
    while !parser.is_empty() {
        items.push(element(&mut parser)?);
    }
    Ok(items)
}

/// `c2i_ASN1_OBJECT`: at least one octet, the last without its high bit,
/// and no sub-identifier starting with 0x80.
pub(crate) fn check_object(content: &[u8]) -> Decoded<()> {
    let Some(&last) = content.last() else {
        return Err(Undecodable::Rejected);
    };
    if last & 0x80 != 0 {
        return Err(Undecodable::Rejected);
    }
    let mut starts_arc = true;
    for &byte in content {
        if starts_arc && byte == 0x80 {
            return Err(Undecodable::Rejected);
        }
        starts_arc = byte & 0x80 == 0;
    }
    Ok(())
}

/// `c2i_ibuf`: no empty content and no padding octet (0x00 before a clear
/// high bit, 0xFF before a set one unless all the rest is zero).
pub(crate) fn check_integer(content: &[u8]) -> Decoded<()> {
    match content {
        [] => Err(Undecodable::Rejected),
        [0x00, second, ..] if second & 0x80 == 0 => Err(Undecodable::Rejected),
        // The second octet is then non-zero, so OpenSSL counts the 0xFF as
        // padding.
        [0xFF, second, ..] if second & 0x80 != 0 => Err(Undecodable::Rejected),
        _ => Ok(()),
    }
}

/// `c2i_ASN1_BIT_STRING`: the bytes after the unused-bits octet, with the
/// unused bits cleared as OpenSSL clears them (`None` when that changes a
/// byte: reported as unsupported by callers that print the bytes).
pub(crate) fn bit_string(content: &[u8]) -> Decoded<BitString<'_>> {
    match content.split_first() {
        Some((&unused, bytes)) if unused < 8 => Ok(BitString { unused, bytes }),
        _ => Err(Undecodable::Rejected),
    }
}

/// An `ASN1_BIT_STRING` as decoded: every byte kept, the last one's
/// `unused` low bits cleared on access.
#[derive(Clone, Copy, Debug)]
pub(crate) struct BitString<'a> {
    unused: u8,
    bytes: &'a [u8],
}

impl BitString<'_> {
    /// Whether the encoding has unused bits set (which OpenSSL clears).
    pub(crate) fn has_unused_bits_set(&self) -> bool {
        self.bytes
            .last()
            .is_some_and(|&last| last & !(0xFFu8 << self.unused) != 0)
    }

    /// `ASN1_BIT_STRING_get_bit`.
    pub(crate) fn bit(&self, n: usize) -> bool {
        let Some(&byte) = self.bytes.get(n / 8) else {
            return false;
        };
        let byte = if n / 8 + 1 == self.bytes.len() {
            byte & (0xFFu8 << self.unused)
        } else {
            byte
        };
        byte & (0x80 >> (n % 8)) != 0
    }
}

/// `ASN1_BOOLEAN` content: exactly one octet; OpenSSL keeps its value, so
/// any non-zero octet is true.
pub(crate) fn boolean(content: &[u8]) -> Decoded<bool> {
    match content {
        [value] => Ok(*value != 0),
        _ => Err(Undecodable::Rejected),
    }
}

/// The universal string types' content checks in `asn1_ex_c2i`: a
/// BMPString has an even length, a UniversalString a multiple of four.
pub(crate) fn check_string_length(tag: u8, content: &[u8]) -> Decoded<()> {
    match tag {
        0x1E if content.len() % 2 != 0 => Err(Undecodable::Rejected),
        0x1C if content.len() % 4 != 0 => Err(Undecodable::Rejected),
        _ => Ok(()),
    }
}

/// An `ASN1_ANY` value: the element is any single TLV. Universal types are
/// checked as `asn1_ex_c2i` checks them; other classes are kept whole
/// (`V_ASN1_OTHER`). Returns the decoded type and bytes.
pub(crate) fn any<'a>(parser: &mut Parser<'a>) -> Decoded<AnyValue<'a>> {
    let tlv = parser.read()?;
    if tlv.tag & 0xC0 != 0 {
        return Ok(AnyValue {
            tag: None,
            data: tlv.whole,
        });
    }
    let number = tlv.tag & 0x1F;
    match number {
        0x10 | 0x11 => {
            if !tlv.constructed() {
                return Err(Undecodable::Rejected);
            }
            Ok(AnyValue {
                tag: Some(number),
                data: tlv.whole,
            })
        }
        _ if tlv.constructed() => {
            if matches!(number, 0x01 | 0x02 | 0x05 | 0x06 | 0x0A) {
                Err(Undecodable::Rejected)
            } else {
                constructed_string(tlv.content)
            }
        }
        0x01 => boolean(tlv.content).map(|_| AnyValue {
            tag: Some(number),
            data: tlv.content,
        }),
        0x02 | 0x0A => check_integer(tlv.content).map(|()| AnyValue {
            tag: Some(number),
            data: tlv.content,
        }),
        0x03 => {
            let bits = bit_string(tlv.content)?;
            Ok(AnyValue {
                tag: Some(number),
                data: bits.bytes,
            })
        }
        0x05 if !tlv.content.is_empty() => Err(Undecodable::Rejected),
        0x06 => check_object(tlv.content).map(|()| AnyValue {
            tag: Some(number),
            data: tlv.content,
        }),
        _ => {
            check_string_length(number, tlv.content)?;
            Ok(AnyValue {
                tag: Some(number),
                data: tlv.content,
            })
        }
    }
}

/// A decoded `ASN1_TYPE`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct AnyValue<'a> {
    /// The universal tag number (`ASN1_TYPE.type`; 31 stands for any
    /// number from 31 up), `None` for other classes (`V_ASN1_OTHER`).
    pub(crate) tag: Option<u8>,
    /// The string's bytes (content; the whole encoding for SEQUENCE, SET
    /// and other classes; after the unused-bits octet for a BIT STRING).
    pub(crate) data: &'a [u8],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_sorted_into_rejected_and_ber() {
        assert_eq!(
            Parser::new(&[0x04]).peek().unwrap_err(),
            Undecodable::Rejected
        );
        assert_eq!(
            Parser::new(&[0x04, 0x02, 0x00]).peek().unwrap_err(),
            Undecodable::Rejected
        );
        assert_eq!(
            Parser::new(&[0x04, 0x80]).peek().unwrap_err(),
            Undecodable::Rejected
        );
        assert!(matches!(
            Parser::new(&[0x24, 0x80, 0, 0]).peek(),
            Err(Undecodable::Unsupported(_))
        ));
        assert!(matches!(
            Parser::new(&[0x04, 0x81, 0x01, 0x00]).peek(),
            Err(Undecodable::Unsupported(_))
        ));
        assert_eq!(
            Parser::new(&[0x04, 0x89, 1, 0, 0, 0, 0, 0, 0, 0, 0])
                .peek()
                .unwrap_err(),
            Undecodable::Rejected
        );
        let tlv = Parser::new(&[0x04, 0x01, 0xAA, 0xBB]).peek().unwrap();
        assert_eq!((tlv.content, tlv.whole.len()), (&[0xAA][..], 3));
    }

    #[test]
    fn integers_and_objects_follow_c2i() {
        assert!(check_integer(&[]).is_err());
        assert!(check_integer(&[0x00, 0x7F]).is_err());
        assert!(check_integer(&[0xFF, 0x80]).is_err());
        assert!(check_integer(&[0xFF, 0x80, 0x00]).is_err());
        assert!(check_integer(&[0xFF, 0x00]).is_ok());
        assert!(check_integer(&[0x00, 0x80]).is_ok());
        assert!(check_integer(&[0x00]).is_ok());
        assert!(check_object(&[]).is_err());
        assert!(check_object(&[0x2A, 0x86]).is_err());
        assert!(check_object(&[0x2A, 0x80, 0x01]).is_err());
        assert!(check_object(&[0x80, 0x01]).is_err());
        assert!(check_object(&[0x2A, 0x81, 0x80, 0x01]).is_ok());
    }

    #[test]
    fn bit_string_clears_unused_bits() {
        let bits = bit_string(&[0x07, 0x81]).unwrap();
        assert!(bits.bit(0));
        assert!(!bits.bit(7));
        assert!(!bits.bit(8));
        assert!(bit_string(&[0x08, 0x00]).is_err());
        assert!(bit_string(&[]).is_err());
    }
}
