//! Reading values as OpenSSL's template decoder reads them
//! (`ASN1_item_d2i`, `crypto/asn1/tasn_dec.c`): the SubjectPublicKeyInfo,
//! key bits and domain parameters this crate loads, RSASSA-PSS parameters
//! (`pss.rs`), and — for session-text's certificate printer, which shares
//! this reader — extension values and the names inside them.
//!
//! `X509V3_EXT_print` decodes a value before printing any of it and falls
//! back to the raw bytes when that fails, and a key that does not decode
//! does not load, so a printer must know exactly which bytes OpenSSL
//! accepts and what it makes of them. Every problem is one of two kinds:
//! bytes the decoder certainly rejects ([`Undecodable::Rejected`]: an
//! extension's raw value is printed instead, invalid PSS parameters are
//! said to be so, a key does not load), and what the decoder makes of
//! bytes in a way not reproduced here ([`Undecodable::Unsupported`]: the
//! print is refused; a name's BIT STRING with unused bits set, which
//! OpenSSL clears, is the one case left).
//!
//! The rules, each as `tasn_dec.c` applies it (the header reader, the
//! `c2i_*` checks, `ASN1_tag2bit` and `asn1_collect` are those of the
//! `ossl-asn1` crate; this module adds the template walk and the printer's
//! two kinds of failure):
//!
//! * Headers are read as `ASN1_get_object` reads them ([`Parser::read`]):
//!   high tag numbers (a number below 31 written that way is that tag),
//!   long-form lengths, leading zero length octets and long forms of short
//!   lengths are all accepted, and the value is the same as its DER
//!   spelling — OpenSSL keeps the content, not the header (checked with
//!   `openssl x509 -text`: `30 81 0B 82 09 …`, `82 84 00 00 00 03 …` and
//!   `9F 02 01 61` print as `DNS:…`). A header cut short, more than eight
//!   significant length octets, a length past the enclosing data, a long
//!   form with no byte after it (`asn1_get_length`'s `max < i + 1`: `30 81
//!   00` at the end of the value is refused, `30 81 00 FF` is read) and an
//!   indefinite length on a primitive element are errors.
//! * An indefinite length on a constructed element ends at its
//!   end-of-contents marker: where `asn1_find_end` finds it for what an ANY
//!   keeps whole and what `asn1_collect` reassembles, where the template
//!   walk meets it for a SEQUENCE, SEQUENCE OF or EXPLICIT tag (the two
//!   differ only for an indefinite EXPLICIT tag holding `00 00`: see
//!   [`Element::explicit`]). The walk reads on into the enclosing data
//!   (OpenSSL's `len` is what is left of it) and tells the parser that
//!   read the element where it ended; a missing marker, or one inside a
//!   definite length, is an error (checked with `openssl x509 -text` on
//!   every extension value of the test bundles rewritten with indefinite
//!   lengths, missing markers, extra ones: `ber_extension_values.rs`).
//! * Tags are compared by class and number, never by the constructed bit
//!   ([`Element::is`]): a SEQUENCE or EXPLICIT tag must then be constructed,
//!   a SEQUENCE OF need not be (`asn1_template_noexp_d2i` does not look),
//!   and BOOLEAN, INTEGER, ENUMERATED, NULL and OBJECT must be primitive.
//! * `00 00` where a SEQUENCE field or a SEQUENCE OF item is expected is an
//!   unexpected end-of-contents; at the top of a value or inside an EXPLICIT
//!   tag it is read as a universal tag 0 element, which an ANY accepts (an
//!   otherName whose `[0]` holds `00 00` prints `<unsupported>`; a policy
//!   qualifier whose value is `00 00` makes the extension print raw).
//! * Contents are checked as `c2i_ASN1_OBJECT`, `c2i_ASN1_INTEGER`,
//!   `c2i_ASN1_BIT_STRING` and `asn1_ex_c2i` check them (NULL and BOOLEAN
//!   lengths, BMPString and UniversalString length multiples).
//! * A constructed (segmented) string is reassembled by `asn1_collect`
//!   ([`Element::string`], which then allocates): segments' tags are not
//!   checked, they nest at most five levels below the string
//!   (`ASN1_MAX_STRING_NEST`: six constructed wrappers around `04 01 61`
//!   print `61`, seven print the raw value), and the reassembled content
//!   is checked as a primitive one would be.
//! * An ANY takes any element: SEQUENCE, SET and other classes are kept
//!   whole as read, universal types are decoded by their tag — tag 0 and
//!   numbers above 30 as plain strings. A multi-string (`ASN1_PRINTABLE`,
//!   `DIRECTORYSTRING`, `DISPLAYTEXT`) is an ANY limited to the universal
//!   tags `ASN1_tag2bit` puts in its mask.
//! * Where OpenSSL writes a decoded value back (`i2d_ASN1_TYPE`, for a name
//!   entry's `#` hex dump) a string gets a DER header whatever header it
//!   was read with (a segmented one: around its reassembled content), while
//!   a SEQUENCE keeps the bytes it was read as, an indefinite length and
//!   its end-of-contents included ([`Value::der_encoding`]; both checked
//!   with `openssl x509 -text` on DirNames rewritten so).
//! * `ASN1_item_d2i` reads one element and ignores what follows it: a
//!   printer reads the top-level element with [`Parser::new`] and never
//!   calls [`Parser::finish`] on it.

use std::borrow::Cow;
use std::cell::Cell;
use std::rc::Rc;

use ossl_asn1::der::{push_identifier, push_length};
use ossl_asn1::{
    c2i_bit_string, c2i_ibuf, c2i_object, check_eoc, ex_c2i_check, find_end, get_object, tag,
    tag2bit,
};

/// Why an extension value (or part of it) could not be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Undecodable {
    /// OpenSSL's decoder certainly fails on these bytes.
    Rejected,
    /// What OpenSSL's decoder accepts, in a way not reproduced here.
    Unsupported(String),
}

/// The result of decoding part of an extension value.
pub type Decoded<T> = Result<T, Undecodable>;

/// A rejection: OpenSSL's decoder fails here.
pub fn rejected<T>() -> Decoded<T> {
    Err(Undecodable::Rejected)
}

// The identifier octets (low-tag-number form) of the universal types the
// templates name. Comparisons ignore the constructed bit.
pub const BOOLEAN: u8 = 0x01;
pub const INTEGER: u8 = 0x02;
pub const BIT_STRING: u8 = 0x03;
pub const OCTET_STRING: u8 = 0x04;
pub const NULL: u8 = 0x05;
pub const OBJECT: u8 = 0x06;
pub const ENUMERATED: u8 = 0x0A;
pub const UTF8_STRING: u8 = 0x0C;
pub const PRINTABLE_STRING: u8 = 0x13;
pub const IA5_STRING: u8 = 0x16;
pub const GENERALIZED_TIME: u8 = 0x18;
pub const SEQUENCE: u8 = 0x30;
pub const SET: u8 = 0x31;

/// The identifier octet of a context-specific `[n]` tag (n < 31).
pub const fn context(n: u8) -> u8 {
    0x80 | n
}

/// The class bits of a universal tag (`V_ASN1_UNIVERSAL`).
const UNIVERSAL: u8 = ossl_asn1::class::UNIVERSAL;
/// The class bits of a context-specific tag (`V_ASN1_CONTEXT_SPECIFIC`).
pub const CONTEXT: u8 = ossl_asn1::class::CONTEXT;

/// `B_ASN1_PRINTABLE` (`ASN1_PRINTABLE`, a name entry's value).
pub const PRINTABLE: u32 = ossl_asn1::bits::PRINTABLE;
/// `B_ASN1_DIRECTORYSTRING`.
pub const DIRECTORY_STRING: u32 = ossl_asn1::bits::DIRECTORYSTRING;
/// `B_ASN1_DISPLAYTEXT`.
pub const DISPLAY_TEXT: u32 = ossl_asn1::bits::DISPLAYTEXT;

/// One element as `ASN1_get_object` reads it. Its methods check the form
/// and the content for the type they name, not the tag: that was checked
/// when the element was read ([`Parser::expect`], [`Parser::optional`],
/// [`Parser::all`]), or the caller checks it (a CHOICE, with
/// [`Element::is`]).
#[derive(Clone, Debug)]
pub struct Element<'a> {
    /// The class bits (`0x00`, `0x40`, `0x80` or `0xC0`).
    pub class: u8,
    /// The tag number (a high-tag-number form decoded).
    pub number: u32,
    /// Whether the constructed bit is set.
    constructed: bool,
    /// Whether the length is indefinite.
    indefinite: bool,
    /// The content octets; for an indefinite length, those before the
    /// end-of-contents marker `asn1_find_end` finds.
    content: &'a [u8],
    /// The whole encoding as read, header included; for an indefinite
    /// length, up to the end `asn1_find_end` finds.
    whole: &'a [u8],
    /// For an indefinite length: everything after the header in the
    /// enclosing data (OpenSSL's `len` for it), which the template reading
    /// the element walks up to its own end-of-contents.
    tail: &'a [u8],
    /// For an indefinite length: where the parser that read the element
    /// resumes, set by the element's own parser when it meets its
    /// end-of-contents ([`Parser::is_empty`]).
    end: Option<Rc<Cell<&'a [u8]>>>,
}

/// Reads one element from the front of `input` (the rest of the enclosing
/// data: `ASN1_get_object`'s `max`), returning it and what follows it.
///
/// An indefinite length ends, for now, where `asn1_find_end` ends it: an
/// ANY keeps exactly that much (`asn1_d2i_ex_primitive`), `asn1_collect`
/// reassembles exactly that much, and a template walk of a SEQUENCE,
/// SEQUENCE OF or EXPLICIT tag ends there too — unless an indefinite
/// EXPLICIT tag inside holds `00 00` as its element (an ANY reads it as a
/// universal tag 0 element before the tag's end-of-contents is looked for),
/// so the element's own parser reports where it really ended
/// ([`Element::end`]). Where `asn1_find_end` fails, the template walk fails
/// too: it reads the same headers, and every template reads what it keeps.
fn element(input: &[u8]) -> Decoded<(Element<'_>, &[u8])> {
    let Ok(header) = get_object(input, false) else {
        return rejected();
    };
    let body = &input[header.header_len..header.header_len + header.len];
    let (content, used) = if header.indefinite {
        let Ok(used) = find_end(body) else {
            return rejected();
        };
        (&body[..used - 2], used)
    } else {
        (body, body.len())
    };
    let (whole, rest) = input.split_at(header.header_len + used);
    Ok((
        Element {
            class: header.class,
            number: header.tag,
            constructed: header.constructed,
            indefinite: header.indefinite,
            content,
            whole,
            tail: body,
            end: None,
        },
        rest,
    ))
}

/// Reads consecutive elements: a whole extension value, an EXPLICIT tag's
/// content, or the fields or items of a SEQUENCE, SET or SEQUENCE OF.
#[derive(Clone, Debug)]
pub struct Parser<'a> {
    rest: &'a [u8],
    /// Inside a SEQUENCE or SEQUENCE OF, `00 00` is an end-of-contents
    /// marker, which a definite length makes an error
    /// (`ASN1_R_UNEXPECTED_EOC`); elsewhere OpenSSL reads it as an element.
    items: bool,
    /// The content of an indefinite length: it ends at an end-of-contents
    /// marker, and `rest` runs to the end of the enclosing data.
    indefinite: bool,
    /// Where the parser that read this one's element resumes: told when
    /// the end-of-contents is met.
    report: Option<Rc<Cell<&'a [u8]>>>,
    /// The last element read had an indefinite length: `rest` is where
    /// `asn1_find_end` ends it, this where its own parser ended it.
    resume: Option<Rc<Cell<&'a [u8]>>>,
}

impl<'a> Parser<'a> {
    /// A whole value (`ASN1_item_d2i`) or an EXPLICIT tag's content.
    pub fn new(value: &'a [u8]) -> Self {
        Parser {
            rest: value,
            items: false,
            indefinite: false,
            report: None,
            resume: None,
        }
    }

    /// The fields of a SEQUENCE or the items of a SEQUENCE OF / SET OF,
    /// given its content.
    pub fn items(content: &'a [u8]) -> Self {
        Parser {
            items: true,
            ..Parser::new(content)
        }
    }

    /// What is left to read.
    fn current(&self) -> &'a [u8] {
        self.resume.as_ref().map_or(self.rest, |end| end.get())
    }

    /// Whether everything was read: the end of a definite length, or the
    /// end-of-contents of an indefinite one (whose element's parser then
    /// resumes after it).
    pub fn is_empty(&self) -> bool {
        let rest = self.current();
        if !self.indefinite {
            return rest.is_empty();
        }
        if !check_eoc(rest) {
            return false;
        }
        if let Some(report) = &self.report {
            report.set(&rest[2..]);
        }
        true
    }

    /// The next element without consuming it; `None` at the end. A broken
    /// header is an error even here: `asn1_check_tlen` reads the header
    /// before it compares tags (an OPTIONAL field is not absent then).
    pub fn peek(&self) -> Decoded<Option<Element<'a>>> {
        let rest = self.current();
        if rest.is_empty() {
            return Ok(None);
        }
        if self.items && check_eoc(rest) {
            // The end of an indefinite length, or ASN1_R_UNEXPECTED_EOC.
            return if self.is_empty() {
                Ok(None)
            } else {
                rejected()
            };
        }
        element(rest).map(|(element, _)| Some(element))
    }

    /// The next element, whatever its tag; at the end, a missing field.
    pub fn read(&mut self) -> Decoded<Element<'a>> {
        let rest = self.current();
        self.rest = rest;
        self.resume = None;
        let Some(mut element) = self.peek()? else {
            return rejected();
        };
        self.rest = &rest[element.whole.len()..];
        if element.indefinite {
            let end = Rc::new(Cell::new(self.rest));
            element.end = Some(Rc::clone(&end));
            self.resume = Some(end);
        }
        Ok(element)
    }

    /// Whether the next element carries `tag`'s class and number; `false`
    /// at the end.
    fn next_is(&self, tag: u8) -> Decoded<bool> {
        Ok(self.peek()?.is_some_and(|element| element.is(tag)))
    }

    /// The next element, which must carry `tag`'s class and number.
    pub fn expect(&mut self, tag: u8) -> Decoded<Element<'a>> {
        let element = self.read()?;
        if !element.is(tag) {
            return rejected();
        }
        Ok(element)
    }

    /// The next element if it carries `tag` (an OPTIONAL field), else
    /// `None` with nothing read.
    pub fn optional(&mut self, tag: u8) -> Decoded<Option<Element<'a>>> {
        if self.next_is(tag)? {
            self.read().map(Some)
        } else {
            Ok(None)
        }
    }

    /// Fails unless everything was read: a SEQUENCE or EXPLICIT tag with
    /// data left over is an error (`ASN1_R_SEQUENCE_LENGTH_MISMATCH`,
    /// `ASN1_R_EXPLICIT_LENGTH_MISMATCH`).
    pub fn finish(&self) -> Decoded<()> {
        if self.is_empty() {
            Ok(())
        } else {
            rejected()
        }
    }

    /// An OPTIONAL `[n] EXPLICIT` field (`asn1_template_ex_d2i` with
    /// `ASN1_TFLG_EXPTAG`): `None` when the next element is not `[n]`;
    /// otherwise a constructed tag holding exactly one element, which
    /// `read` decodes (it checks that element's tag).
    pub fn optional_explicit<T>(
        &mut self,
        n: u8,
        read: impl FnOnce(Element<'a>) -> Decoded<T>,
    ) -> Decoded<Option<T>> {
        let Some(tagged) = self.optional(context(n))? else {
            return Ok(None);
        };
        let mut inner = tagged.explicit()?;
        let value = read(inner.read()?)?;
        inner.finish()?;
        Ok(Some(value))
    }

    /// Every remaining element (the items of a SEQUENCE OF), each of which
    /// must carry `tag`, decoded by `item`.
    pub fn all<T>(
        self,
        tag: u8,
        mut item: impl FnMut(Element<'a>) -> Decoded<T>,
    ) -> Decoded<Vec<T>> {
        self.all_choices(|element| item(element.expect(tag)?))
    }

    /// Every remaining element, decoded by `item`, which checks the tag:
    /// the items of a SEQUENCE OF a CHOICE or multi-string type.
    pub fn all_choices<T>(
        mut self,
        mut item: impl FnMut(Element<'a>) -> Decoded<T>,
    ) -> Decoded<Vec<T>> {
        let mut items = Vec::new();
        while !self.is_empty() {
            items.push(item(self.read()?)?);
        }
        Ok(items)
    }
}

impl<'a> Element<'a> {
    /// The element's whole encoding as read, header included (for an
    /// indefinite length: up to the end `asn1_find_end` finds).
    pub fn whole(&self) -> &'a [u8] {
        self.whole
    }

    /// Whether the constructed bit is set.
    pub fn is_constructed(&self) -> bool {
        self.constructed
    }

    /// The content octets (for an indefinite length: those before the
    /// end-of-contents marker).
    pub fn content(&self) -> &'a [u8] {
        self.content
    }

    /// Whether the element carries `tag`'s class and number (the constructed
    /// bit is not compared: `asn1_check_tlen` compares tag and class only).
    pub fn is(&self, tag: u8) -> bool {
        self.class == tag & 0xC0 && self.number == u32::from(tag & 0x1F)
    }

    /// The element, which must carry `tag`'s class and number.
    pub fn expect(self, tag: u8) -> Decoded<Self> {
        if !self.is(tag) {
            return rejected();
        }
        Ok(self)
    }

    /// The content of an element that must be constructed: a SEQUENCE
    /// (`ASN1_R_SEQUENCE_NOT_CONSTRUCTED`), an EXPLICIT tag
    /// (`ASN1_R_EXPLICIT_TAG_NOT_CONSTRUCTED`) or an `ASN1_SEQUENCE` kept
    /// encoded.
    pub fn constructed(&self) -> Decoded<&'a [u8]> {
        if !self.constructed {
            return rejected();
        }
        Ok(self.content)
    }

    /// The elements inside, read with a template: for an indefinite length
    /// up to the end-of-contents the walk meets, which it reports back.
    fn inside(self, items: bool) -> Parser<'a> {
        let (rest, report) = if self.indefinite {
            (self.tail, self.end)
        } else {
            (self.content, None)
        };
        Parser {
            rest,
            items,
            indefinite: self.indefinite,
            report,
            resume: None,
        }
    }

    /// The fields of a SEQUENCE (possibly implicitly tagged); the caller
    /// must [`Parser::finish`] them.
    pub fn sequence(self) -> Decoded<Parser<'a>> {
        self.constructed()?;
        Ok(self.inside(true))
    }

    /// The content of an EXPLICIT tag; the caller must [`Parser::finish`]
    /// it. Its element is read before any end-of-contents is looked for
    /// (`asn1_template_ex_d2i`): `A0 80 00 00 00 00` holds a universal tag 0
    /// element, which an ANY accepts.
    pub fn explicit(self) -> Decoded<Parser<'a>> {
        self.constructed()?;
        Ok(self.inside(false))
    }

    /// The items of a SEQUENCE OF / SET OF (possibly implicitly tagged):
    /// `asn1_template_noexp_d2i` does not check the constructed bit, so the
    /// primitive form is read the same way.
    pub fn sequence_of(self) -> Parser<'a> {
        self.inside(true)
    }

    /// The content of a type that must be primitive
    /// (`ASN1_R_TYPE_NOT_PRIMITIVE`): BOOLEAN, INTEGER, ENUMERATED, NULL,
    /// OBJECT IDENTIFIER.
    fn primitive(&self) -> Decoded<&'a [u8]> {
        if self.constructed {
            return rejected();
        }
        Ok(self.content)
    }

    /// An OBJECT IDENTIFIER's content, checked as `c2i_ASN1_OBJECT` checks it.
    pub fn object(&self) -> Decoded<&'a [u8]> {
        let content = self.primitive()?;
        check_object(content)?;
        Ok(content)
    }

    /// An INTEGER's or ENUMERATED's content (two's complement, for
    /// `Integer::from_content`), checked as `c2i_ASN1_INTEGER` checks it.
    pub fn integer(&self) -> Decoded<&'a [u8]> {
        let content = self.primitive()?;
        check_integer(content)?;
        Ok(content)
    }

    /// A `BIGNUM` field (`crypto/asn1/x_bignum.c`, the numbers of RSA, DSA
    /// and DH keys and parameters): a primitive INTEGER whose content
    /// `bn_c2i` reads as an unsigned big-endian magnitude with
    /// `BN_bin2bn` — any content, empty, padded or "negative", is taken.
    pub fn bignum(&self) -> Decoded<&'a [u8]> {
        self.primitive()
    }

    /// An `INT32` or `ZINT32` field (`crypto/asn1/x_int64.c`,
    /// `uint32_c2i`): a primitive INTEGER; empty content reads as 0,
    /// anything else must pass `c2i_ibuf` (as [`Element::integer`]) and fit
    /// an `int32_t`.
    pub fn int32(&self) -> Decoded<i32> {
        let content = self.primitive()?;
        let value = c2i_ibuf(content, true)
            .and_then(|v| ossl_asn1::x_int64_c2i(v, ossl_asn1::IntType::I32))
            .or_else(|_| rejected())?;
        i32::try_from(value).or_else(|_| rejected())
    }

    /// A NULL: no content.
    pub fn null(&self) -> Decoded<()> {
        ex_c2i_check(tag::NULL, self.primitive()?).or_else(|_| rejected())
    }

    /// A BOOLEAN: exactly one octet; OpenSSL keeps its value, so any
    /// non-zero octet is true.
    pub fn boolean(&self) -> Decoded<bool> {
        let content = self.primitive()?;
        ex_c2i_check(tag::BOOLEAN, content).or_else(|_| rejected())?;
        Ok(content.iter().any(|&b| b != 0))
    }

    /// The content of a string type (possibly implicitly tagged): borrowed
    /// when primitive; reassembled by `asn1_collect` when constructed (the
    /// segments' tags are not checked: it is called with tag -1; an
    /// end-of-contents marker in a definite length, a broken header and
    /// constructed segments nested deeper than `ASN1_MAX_STRING_NEST` are
    /// errors). A universal BMPString or UniversalString must then have
    /// whole characters (`asn1_ex_c2i`; no template read here tags one
    /// implicitly).
    pub fn string(&self) -> Decoded<Cow<'a, [u8]>> {
        let content = if self.constructed {
            let mut collected = Vec::with_capacity(self.content.len());
            // For an indefinite length `content` ends before the marker that
            // ends the string, so there is none left to meet.
            ossl_asn1::collect(self.content, false, &mut |segment: &[u8]| {
                collected.extend_from_slice(segment);
            })
            .or_else(|_| rejected())?;
            Cow::Owned(collected)
        } else {
            Cow::Borrowed(self.content)
        };
        if self.class == UNIVERSAL {
            ex_c2i_check(self.number, &content).or_else(|_| rejected())?;
        }
        Ok(content)
    }

    /// A BIT STRING (possibly implicitly tagged), checked as
    /// `c2i_ASN1_BIT_STRING` checks it.
    pub fn bit_string(&self) -> Decoded<BitString<'a>> {
        let content = self.string()?;
        bit_string(&content)?;
        Ok(BitString { content })
    }

    /// An `ASN1_ANY` (`asn1_d2i_ex_primitive` with `V_ASN1_ANY`): other
    /// classes are kept whole whatever they hold (`V_ASN1_OTHER`); a
    /// universal element is decoded by its tag.
    pub fn any(&self) -> Decoded<Any<'a>> {
        if self.class != UNIVERSAL {
            return Ok(Any::Other);
        }
        self.universal_value().map(Any::Universal)
    }

    /// An `ASN1_ITYPE_MSTRING` field (`DIRECTORYSTRING`, `DISPLAYTEXT`,
    /// `ASN1_PRINTABLE`): universal class and a tag whose `ASN1_tag2bit` is
    /// in `mask`, then decoded by its tag as an ANY is.
    pub fn mstring(&self, mask: u32) -> Decoded<Value<'a>> {
        if self.class != UNIVERSAL || tag2bit(self.number) & mask == 0 {
            return rejected();
        }
        self.universal_value()
    }

    /// `asn1_d2i_ex_primitive` and `asn1_ex_c2i` for a universal element
    /// whose type is its tag.
    fn universal_value(&self) -> Decoded<Value<'a>> {
        let value = |data: &'a [u8]| Value {
            tag: self.number,
            data: Cow::Borrowed(data),
            unused_bits: 0,
        };
        match self.number {
            // Left encoded, header and all, as read (an indefinite length
            // up to the end `asn1_find_end` finds).
            tag::SEQUENCE | tag::SET => self.constructed().map(|_| value(self.whole)),
            tag::BOOLEAN => self.boolean().map(|_| value(self.content)),
            tag::INTEGER | tag::ENUMERATED => self.integer().map(value),
            tag::NULL => self.null().map(|()| value(self.content)),
            tag::OBJECT => self.object().map(value),
            tag::BIT_STRING => self.bit_string().map(|bits| {
                let unused_bits = bits.view().unused();
                let data = match bits.content {
                    Cow::Borrowed(content) => Cow::Borrowed(&content[1..]),
                    Cow::Owned(mut content) => {
                        content.remove(0);
                        Cow::Owned(content)
                    }
                };
                Value {
                    tag: self.number,
                    data,
                    unused_bits,
                }
            }),
            _ => self.string().map(|data| Value {
                tag: self.number,
                data,
                unused_bits: 0,
            }),
        }
    }
}

/// A BIT STRING's content (the unused-bits octet, then the bytes) as
/// `c2i_ASN1_BIT_STRING` accepted it: borrowed, or reassembled from
/// segments.
#[derive(Clone, Debug)]
pub struct BitString<'a> {
    content: Cow<'a, [u8]>,
}

impl BitString<'_> {
    /// The string, read by `ossl_asn1`.
    pub fn view(&self) -> ossl_asn1::BitString<'_> {
        // Checked when made (`Element::bit_string`); an empty string stands
        // in for what cannot happen.
        c2i_bit_string(&self.content).unwrap_or_default()
    }
}

/// A decoded `ASN1_ANY`.
#[derive(Clone, Debug)]
pub enum Any<'a> {
    /// A universal type.
    Universal(Value<'a>),
    /// Another class (`V_ASN1_OTHER`).
    Other,
}

impl Any<'_> {
    /// The value's bytes when it is of universal type `tag`
    /// (`ASN1_TYPE.type == tag`).
    pub fn of_type(&self, tag: u32) -> Option<&[u8]> {
        match self {
            Any::Universal(value) if value.tag == tag => Some(&value.data),
            _ => None,
        }
    }
}

/// A universal value as OpenSSL holds it in an `ASN1_TYPE` or
/// `ASN1_STRING`: its type and bytes.
#[derive(Clone, Debug)]
pub struct Value<'a> {
    /// The universal tag number (`ASN1_STRING.type`).
    pub tag: u32,
    /// The string's bytes: the content (reassembled when segmented); the
    /// whole encoding as read for a SEQUENCE or SET; the bytes after the
    /// unused-bits octet for a BIT STRING (its unused bits not cleared
    /// here).
    pub data: Cow<'a, [u8]>,
    /// A BIT STRING's unused-bits count (`ASN1_STRING_FLAG_BITS_LEFT`).
    pub unused_bits: u8,
}

impl Value<'_> {
    /// Whether a BIT STRING's encoding had unused bits set, which
    /// `c2i_ASN1_BIT_STRING` clears: its `data` then differs from OpenSSL's.
    pub fn has_unused_bits_set(&self) -> bool {
        self.tag == tag::BIT_STRING
            && self
                .data
                .last()
                .is_some_and(|&last| last & !(0xFFu8 << self.unused_bits) != 0)
    }

    /// What `i2d_ASN1_TYPE` writes for the value: a SEQUENCE or SET as it was
    /// read; a string with a DER header (minimal length, low tag form where
    /// the number allows) around its content — whatever the header it was
    /// read with (checked: `07 82 00 01 61` in a name dumps as `#070161`). A
    /// BIT STRING gets its unused-bits octet back, 0 when it has no bytes
    /// (`ossl_i2c_ASN1_BIT_STRING`: `03 01 05` dumps as `#030100`), and its
    /// unused bits cleared.
    pub fn der_encoding(&self) -> Vec<u8> {
        if matches!(self.tag, tag::SEQUENCE | tag::SET) {
            return self.data.to_vec();
        }
        let mut content = Vec::with_capacity(self.data.len() + 1);
        if self.tag == tag::BIT_STRING {
            content.push(if self.data.is_empty() {
                0
            } else {
                self.unused_bits
            });
            content.extend_from_slice(&self.data);
            if let Some(last) = content.last_mut().filter(|_| !self.data.is_empty()) {
                *last &= 0xFF << self.unused_bits;
            }
        } else {
            content.extend_from_slice(&self.data);
        }
        let mut der = Vec::with_capacity(content.len() + 8);
        push_identifier(&mut der, UNIVERSAL, self.tag);
        push_length(&mut der, content.len());
        der.extend_from_slice(&content);
        der
    }
}

/// `c2i_ASN1_OBJECT`: at least one octet, the last without its high bit,
/// and no sub-identifier starting with 0x80.
pub fn check_object(content: &[u8]) -> Decoded<()> {
    c2i_object(content).or_else(|_| rejected())
}

/// `c2i_ibuf`: no empty content and no padding octet.
fn check_integer(content: &[u8]) -> Decoded<()> {
    c2i_ibuf(content, false).map(|_| ()).or_else(|_| rejected())
}

/// `c2i_ASN1_BIT_STRING`: an unused-bits octet from 0 to 7, then the bytes.
/// The one reader of a BIT STRING's content, also for the certificate's own
/// BIT STRINGs (`x509::bit_string_bytes`).
pub fn bit_string(content: &[u8]) -> Decoded<ossl_asn1::BitString<'_>> {
    c2i_bit_string(content).or_else(|_| rejected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejects<T: std::fmt::Debug>(result: Decoded<T>) -> bool {
        matches!(result, Err(Undecodable::Rejected))
    }

    fn one(bytes: &[u8]) -> Decoded<Element<'_>> {
        Parser::new(bytes).read()
    }

    #[test]
    fn headers_follow_asn1_get_object() {
        // Long forms, with leading zeros, are read; the value is what follows.
        let (e, rest) = element(&[0x04, 0x82, 0x00, 0x01, 0xAA, 0xBB]).unwrap();
        assert_eq!((e.number, e.content, rest), (4, &[0xAA][..], &[0xBB][..]));
        assert_eq!(one(&[0x04, 0x81, 0x01, 0xAA]).unwrap().content, &[0xAA]);
        // ... but a long form needs a byte after it (asn1_get_length's max).
        assert!(rejects(one(&[0x30, 0x81, 0x00])));
        assert!(one(&[0x30, 0x81, 0x00, 0xFF]).is_ok());
        assert!(rejects(one(&[0x04])));
        assert!(rejects(one(&[0x04, 0x05, 0x00])));
        // Nine length octets of which one is significant: zeros skipped.
        let mut nine = vec![0x04, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0xCC];
        assert_eq!(one(&nine).unwrap().content, &[0xCC]);
        nine[2] = 1;
        assert!(rejects(one(&nine)));
        // High tag numbers, a low one among them.
        let e = one(&[0x9F, 0x81, 0x00, 0x00]).unwrap();
        assert_eq!((e.number, e.class), (128, CONTEXT));
        assert!(one(&[0x9F, 0x02, 0x01, 0x61]).unwrap().is(context(2)));
        assert!(one(&[0x9F, 0x80, 0x02, 0x01, 0x61]).unwrap().is(context(2)));
        assert!(rejects(one(&[0x1F, 0x81])));
        assert!(rejects(one(&[0x1F, 0x88, 0x80, 0x80, 0x80, 0x00, 0x00])));
        // Indefinite: an error when primitive; when constructed, read up to
        // its end-of-contents (certificatePolicies `30 80 30 06 … 00 00`
        // prints as its DER spelling: `ber_that_openssl_reassembles_prints`).
        assert!(rejects(one(&[0x04, 0x80, 0x00, 0x00])));
        let (e, rest) = element(&[0x30, 0x80, 0x00, 0x00, 0xFF]).unwrap();
        assert_eq!((e.whole.len(), rest), (4, &[0xFF][..]));
        assert!(e.sequence().unwrap().finish().is_ok());
        // ... and without one it is an error.
        assert!(rejects(one(&[0x30, 0x80, 0x05, 0x00])));
    }

    /// An otherName whose indefinite `[0]` holds `00 00`: the ANY reads it
    /// as a universal tag 0 element, then the `[0]`, the otherName and the
    /// list each take the next end-of-contents — two octets past where
    /// `asn1_find_end` ends each of them (OpenSSL prints it as
    /// `othername: …::<unsupported>`, then `DNS:b`:
    /// `live_tests::ber_that_openssl_reassembles_prints_like_openssl`).
    #[test]
    fn indefinite_elements_end_where_their_template_ends() {
        let value = [
            0x30, 0x80, 0xA0, 0x80, 0x06, 0x03, 0x2A, 0x03, 0x04, 0xA0, 0x80, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x82, 0x01, 0x62, 0x00, 0x00, 0xFF,
        ];
        let mut top = Parser::new(&value);
        let mut names = top.read().unwrap().sequence_of();
        let mut other_name = names.read().unwrap().sequence().unwrap();
        other_name.expect(OBJECT).unwrap();
        let mut explicit = other_name.expect(context(0)).unwrap().explicit().unwrap();
        let any = explicit.read().unwrap().any().unwrap();
        assert!(matches!(any, Any::Universal(Value { tag: 0, .. })));
        assert!(explicit.finish().is_ok());
        assert!(other_name.finish().is_ok());
        let dns = names.read().unwrap();
        assert_eq!(*dns.string().unwrap(), *b"b");
        assert!(names.finish().is_ok());
        assert_eq!(top.current(), [0xFF]);
        // Without the last end-of-contents the list has none left.
        let cut = &value[..value.len() - 3];
        let mut names = Parser::new(cut).read().unwrap().sequence_of();
        let mut other_name = names.read().unwrap().sequence().unwrap();
        other_name.expect(OBJECT).unwrap();
        let mut explicit = other_name.expect(context(0)).unwrap().explicit().unwrap();
        explicit.read().unwrap();
        assert!(explicit.finish().is_ok() && other_name.finish().is_ok());
        assert_eq!(*names.read().unwrap().string().unwrap(), *b"b");
        assert!(rejects(names.finish()));
    }

    #[test]
    fn end_of_contents_is_unexpected_only_among_items() {
        assert!(rejects(Parser::items(&[0x00, 0x00]).peek()));
        assert!(rejects(Parser::items(&[0x00, 0x00]).read()));
        // A value or an EXPLICIT tag's content reads it as tag 0.
        let e = one(&[0x00, 0x00]).unwrap();
        assert!(matches!(e.any(), Ok(Any::Universal(Value { tag: 0, .. }))));
    }

    #[test]
    fn forms_follow_the_template() {
        assert!(rejects(one(&[0x80, 0x00]).unwrap().explicit()));
        assert!(one(&[0x10, 0x00]).unwrap().is(SEQUENCE));
        assert!(rejects(one(&[0x10, 0x00]).unwrap().sequence()));
        assert!(one(&[0x10, 0x00]).unwrap().sequence_of().is_empty());
        assert!(rejects(
            one(&[0x22, 0x03, 0x02, 0x01, 0x01]).unwrap().integer()
        ));
        // A constructed string is reassembled (`asn1_collect`) ...
        assert_eq!(
            *one(&[0x24, 0x03, 0x04, 0x01, 0x61])
                .unwrap()
                .string()
                .unwrap(),
            *b"a"
        );
        // ... unless its parts are broken.
        assert!(rejects(one(&[0x24, 0x02, 0x04, 0x01]).unwrap().string()));
        assert!(rejects(one(&[0x24, 0x02, 0x00, 0x00]).unwrap().string()));
    }

    /// A subjectKeyIdentifier of `04 01 61` in `wrappers` constructed OCTET
    /// STRINGs prints `61` up to six wrappers and raw from seven
    /// (`openssl x509 -text`).
    #[test]
    fn constructed_strings_nest_five_deep() {
        let nested = |wrappers: usize| {
            let mut value = vec![0x04, 0x01, 0x61];
            for _ in 0..wrappers {
                value.splice(0..0, [0x24, u8::try_from(value.len()).unwrap()]);
            }
            value
        };
        assert_eq!(*one(&nested(6)).unwrap().string().unwrap(), *b"a");
        assert!(rejects(one(&nested(7)).unwrap().string()));
    }

    #[test]
    fn any_values_follow_asn1_ex_c2i() {
        let any = |bytes: &[u8]| one(bytes).and_then(|e| e.any()).map(|_| ());
        assert!(rejects(any(&[0x05, 0x01, 0x00])));
        assert!(rejects(any(&[0x30 & !0x20, 0x00])));
        assert!(rejects(any(&[0x01, 0x02, 0x00, 0x00])));
        assert!(rejects(any(&[0x1E, 0x01, 0x00])));
        assert!(any(&[0x00, 0x01, 0x61]).is_ok());
        assert!(any(&[0x1F, 0x2A, 0x01, 0x61]).is_ok());
        assert!(any(&[0x80, 0x01, 0xFF]).is_ok());
        assert!(matches!(
            one(&[0x1F, 0x0C, 0x01, 0x61]).unwrap().any(),
            Ok(Any::Universal(Value { tag: 12, data, .. })) if *data == *b"a"
        ));
    }

    /// Each as OpenSSL 3.0.19 loads (or not) an RSA-PSS key whose
    /// hashAlgorithm carries it as parameters (`openssl x509 -text`).
    #[test]
    fn any_values_as_key_loading_reads_them() {
        let cases: &[(&[u8], bool)] = &[
            (&[0x05, 0x00], true),
            (&[0x05, 0x01, 0x00], false),
            (&[0x25, 0x00], false),
            (&[0x01, 0x01, 0xFF], true),
            (&[0x01, 0x00], false),
            (&[0x02, 0x00], false),
            (&[0x02, 0x02, 0x00, 0x01], false),
            (&[0x06, 0x01, 0x2A], true),
            (&[0x06, 0x01, 0x80], false),
            (&[0x06, 0x02, 0x80, 0x01], false),
            (&[0x06, 0x00], false),
            (&[0x03, 0x00], false),
            (&[0x03, 0x01, 0x08], false),
            (&[0x03, 0x01, 0x00], true),
            (&[0x04, 0x00], true),
            (&[0x30, 0x00], true),
            (&[0x31, 0x00], true),
            (&[0xA0, 0x00], true),
            (&[0x80, 0x00], true),
            (&[0x1E, 0x01, 0x00], false),
            (&[0x1E, 0x02, 0x00, 0x41], true),
            (&[0x1C, 0x02, 0x00, 0x00], false),
            (&[0x0A, 0x00], false),
            (&[0x0A, 0x01, 0x05], true),
            (&[0x2A, 0x00], false),
            (&[0x17, 0x00], true),
            (&[0x13, 0x00], true),
            (&[0x00, 0x01, 0x61], true),
        ];
        for &(encoding, loads) in cases {
            let any = one(encoding).and_then(|e| e.any()).map(|_| ());
            assert_eq!(any.is_ok(), loads, "{encoding:02x?}");
        }
    }

    #[test]
    fn key_numbers_follow_their_c2i() {
        // bn_c2i takes any content; INTEGER must still be primitive.
        assert_eq!(one(&[0x02, 0x00]).unwrap().bignum().unwrap(), &[] as &[u8]);
        assert!(one(&[0x02, 0x02, 0x00, 0x01]).unwrap().bignum().is_ok());
        assert!(rejects(one(&[0x22, 0x00]).unwrap().bignum()));
        // uint32_c2i for INT32: empty is 0, otherwise c2i_ibuf and the range.
        let int32 = |bytes: &[u8]| one(bytes).and_then(|e| e.int32());
        assert_eq!(int32(&[0x02, 0x00]), Ok(0));
        assert_eq!(int32(&[0x02, 0x04, 0x7F, 0xFF, 0xFF, 0xFF]), Ok(i32::MAX));
        assert_eq!(int32(&[0x02, 0x04, 0x80, 0x00, 0x00, 0x00]), Ok(i32::MIN));
        assert!(rejects(int32(&[0x02, 0x05, 0x00, 0x80, 0x00, 0x00, 0x00])));
        assert!(rejects(int32(&[0x02, 0x02, 0x00, 0x05])));
    }

    #[test]
    fn optional_explicit_holds_one_element() {
        let mut fields = Parser::items(&[0xA1, 0x03, 0x02, 0x01, 0x05]);
        assert_eq!(fields.optional_explicit(0, |e| e.integer()), Ok(None));
        assert_eq!(
            fields.optional_explicit(1, |e| e.integer()),
            Ok(Some(&[5u8][..]))
        );
        assert!(fields.finish().is_ok());
        let mut extra = Parser::items(&[0xA1, 0x05, 0x02, 0x01, 0x05, 0x05, 0x00]);
        assert!(rejects(extra.optional_explicit(1, |e| e.integer())));
        let mut primitive = Parser::items(&[0x81, 0x03, 0x02, 0x01, 0x05]);
        assert!(rejects(primitive.optional_explicit(1, |e| e.integer())));
    }

    #[test]
    fn multi_strings_follow_tag2bit() {
        let mstring = |bytes: &[u8], mask| one(bytes).and_then(|e| e.mstring(mask).map(|_| ()));
        assert!(mstring(&[0x13, 0x01, 0x61], DIRECTORY_STRING).is_ok());
        assert!(rejects(mstring(&[0x16, 0x01, 0x61], DIRECTORY_STRING)));
        assert!(rejects(mstring(&[0x1A, 0x01, 0x61], PRINTABLE)));
        assert!(mstring(&[0x1A, 0x01, 0x61], DISPLAY_TEXT).is_ok());
        assert!(rejects(mstring(&[0x93, 0x01, 0x61], DIRECTORY_STRING)));
        assert!(rejects(mstring(&[0x1F, 0x20, 0x01, 0x61], PRINTABLE)));
    }

    #[test]
    fn values_dump_with_their_der_header() {
        fn value(bytes: &[u8]) -> Value<'_> {
            one(bytes).unwrap().mstring(PRINTABLE).unwrap()
        }
        assert_eq!(
            value(&[0x07, 0x82, 0x00, 0x01, 0x61]).der_encoding(),
            [7, 1, 0x61]
        );
        assert_eq!(
            value(&[0x1F, 0x07, 0x01, 0x61]).der_encoding(),
            [7, 1, 0x61]
        );
        assert_eq!(value(&[0x03, 0x01, 0x05]).der_encoding(), [3, 1, 0]);
        assert_eq!(
            value(&[0x03, 0x02, 0x05, 0xFF]).der_encoding(),
            [3, 2, 5, 0xE0]
        );
        assert!(value(&[0x03, 0x02, 0x05, 0xFF]).has_unused_bits_set());
        let sequence = [0x30, 0x81, 0x03, 0x02, 0x01, 0x05];
        assert_eq!(value(&sequence).der_encoding(), sequence);
        let long = Value {
            tag: 200,
            data: Cow::Borrowed(&[0; 200]),
            unused_bits: 0,
        };
        assert_eq!(long.der_encoding()[..5], [0x1F, 0x81, 0x48, 0x81, 0xC8]);
    }
}
