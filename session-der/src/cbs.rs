//! The CBS reading rules BoringSSL and AWS-LC share (`crypto/bytestring/cbs.cc`
//! in both), and LibreSSL's variant of them (`bs_cbs.c`): strict DER headers,
//! read one element at a time from a cursor.
//!
//! Tags are compared as CBS compares them: class, constructed bit and number
//! together, so a primitive `0x81` is simply not the constructed `[1]`.

use session_model::Field;

use crate::error::{DecodeError, ErrorKind};

/// A CBS tag: the identifier octet's class and constructed bits in the top
/// byte, the tag number below (`CBS_ASN1_TAG`).
pub(crate) type Tag = u32;

const SHIFT: u32 = 24;
/// `CBS_ASN1_CONSTRUCTED`.
pub(crate) const CONSTRUCTED: Tag = 0x20 << SHIFT;
/// `CBS_ASN1_CONTEXT_SPECIFIC`.
const CONTEXT_SPECIFIC: Tag = 0x80 << SHIFT;
pub(crate) const BOOLEAN: Tag = 0x01;
pub(crate) const INTEGER: Tag = 0x02;
pub(crate) const OCTET_STRING: Tag = 0x04;
pub(crate) const SEQUENCE: Tag = 0x10 | CONSTRUCTED;

/// `[n]`, constructed: every explicitly tagged element of the sessions.
pub(crate) const fn context(n: u32) -> Tag {
    CONSTRUCTED | CONTEXT_SPECIFIC | n
}

/// Which library's CBS: they differ in the identifier octets they take.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// BoringSSL and AWS-LC: high tag numbers in minimal base-128 form (at
    /// least 31), `[UNIVERSAL 0]` refused.
    Boring,
    /// LibreSSL (`cbs_get_any_asn1_element_internal` with `strict`): no
    /// high-tag-number form at all.
    Libre,
}

/// A failure and the offset of the octet it concerns.
pub(crate) type Fail = (ErrorKind, usize);

/// A cursor over `input[pos..end]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Cbs<'a> {
    input: &'a [u8],
    pub(crate) pos: usize,
    pub(crate) end: usize,
    flavor: Flavor,
}

/// One element: its tag, where its header starts, its content.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Element<'a> {
    pub(crate) tag: Tag,
    pub(crate) start: usize,
    pub(crate) content: Cbs<'a>,
}

impl<'a> Element<'a> {
    /// The whole encoding, header included.
    pub(crate) fn whole(&self) -> &'a [u8] {
        &self.content.input[self.start..self.content.end]
    }
}

impl<'a> Cbs<'a> {
    pub(crate) fn new(input: &'a [u8], flavor: Flavor) -> Self {
        Cbs {
            input,
            pos: 0,
            end: input.len(),
            flavor,
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.end
    }

    pub(crate) fn len(&self) -> usize {
        self.end - self.pos
    }

    pub(crate) fn bytes(&self) -> &'a [u8] {
        &self.input[self.pos..self.end]
    }

    fn byte(&mut self) -> Option<u8> {
        if self.pos < self.end {
            let b = self.input[self.pos];
            self.pos += 1;
            Some(b)
        } else {
            None
        }
    }

    /// `parse_asn1_tag`.
    fn tag(&mut self) -> Result<Tag, Fail> {
        let at = self.pos;
        let first = self.byte().ok_or((ErrorKind::BadHeader, at))?;
        let mut tag = Tag::from(first & 0xE0) << SHIFT;
        let mut number = Tag::from(first & 0x1F);
        if number == 0x1F {
            if self.flavor == Flavor::Libre {
                return Err((ErrorKind::BadHeader, at));
            }
            // The number in base 128, as an OID component: minimal, and
            // within CBS_ASN1_TAG_NUMBER_MASK (29 bits).
            let mut v: u64 = 0;
            loop {
                let b = self.byte().ok_or((ErrorKind::BadHeader, at))?;
                if v >> (64 - 7) != 0 || (v == 0 && b == 0x80) {
                    return Err((ErrorKind::BadHeader, at));
                }
                v = (v << 7) | u64::from(b & 0x7F);
                if b & 0x80 == 0 {
                    break;
                }
            }
            number = match Tag::try_from(v) {
                Ok(n) if (0x1F..1 << 29).contains(&n) => n,
                _ => return Err((ErrorKind::NonMinimalTag, at)),
            };
        }
        tag |= number;
        // [UNIVERSAL 0] is reserved (crbug.com/boringssl/455); LibreSSL's
        // CBS has no such check, but its callers never ask for tag 0.
        if self.flavor == Flavor::Boring && tag & !CONSTRUCTED == 0 {
            return Err((ErrorKind::UnexpectedEoc, at));
        }
        Ok(tag)
    }

    /// `CBS_peek_asn1_tag`'s view: the next tag, or `None` if it does not parse.
    pub(crate) fn peek_tag(&self) -> Option<Tag> {
        let mut copy = *self;
        copy.tag().ok()
    }

    /// `CBS_get_any_asn1_element` (DER only).
    pub(crate) fn any(&mut self) -> Result<Element<'a>, Fail> {
        let start = self.pos;
        let tag = self.tag()?;
        let length_at = self.pos;
        let first = self.byte().ok_or((ErrorKind::BadHeader, length_at))?;
        let len = if first & 0x80 == 0 {
            usize::from(first)
        } else {
            let n = usize::from(first & 0x7F);
            if n == 0 {
                return Err((ErrorKind::IndefiniteLength, length_at));
            }
            if n > 4 {
                return Err((ErrorKind::BadHeader, length_at));
            }
            let mut v: u64 = 0;
            for _ in 0..n {
                let b = self.byte().ok_or((ErrorKind::BadHeader, length_at))?;
                v = (v << 8) | u64::from(b);
            }
            if v < 128 || v >> ((n - 1) * 8) == 0 {
                return Err((ErrorKind::NonMinimalLength, length_at));
            }
            usize::try_from(v).map_err(|_| (ErrorKind::BadHeader, length_at))?
        };
        if len > self.len() {
            return Err((
                ErrorKind::Truncated {
                    needed: len as u64,
                    available: self.len(),
                },
                length_at,
            ));
        }
        let content = Cbs {
            input: self.input,
            pos: self.pos,
            end: self.pos + len,
            flavor: self.flavor,
        };
        self.pos += len;
        Ok(Element {
            tag,
            start,
            content,
        })
    }

    /// `CBS_get_asn1`: the next element, which must have `tag`.
    pub(crate) fn get(&mut self, tag: Tag) -> Result<Element<'a>, Fail> {
        let at = self.pos;
        let e = self.any()?;
        if e.tag != tag {
            return Err((
                ErrorKind::UnexpectedTag {
                    found: self.input[at],
                },
                at,
            ));
        }
        Ok(e)
    }

    /// `CBS_get_optional_asn1`: the next element if its tag is `tag`.
    pub(crate) fn optional(&mut self, tag: Tag) -> Result<Option<Element<'a>>, Fail> {
        if self.peek_tag() == Some(tag) {
            self.get(tag).map(Some)
        } else {
            Ok(None)
        }
    }

    /// `CBS_get_optional_asn1_octet_string`: `[tag] { OCTET STRING }`, nothing more inside.
    pub(crate) fn optional_octet_string(&mut self, tag: Tag) -> Result<Option<&'a [u8]>, Fail> {
        let Some(e) = self.optional(tag)? else {
            return Ok(None);
        };
        let mut inner = e.content;
        let s = inner.get(OCTET_STRING)?;
        inner.must_be_empty()?;
        Ok(Some(s.content.bytes()))
    }

    /// `CBS_get_asn1_uint64`: a minimal, non-negative INTEGER of at most 64 bits.
    pub(crate) fn uint64(&mut self) -> Result<u64, Fail> {
        let e = self.get(INTEGER)?;
        unsigned(e.content.bytes(), e.content.pos)
    }

    /// `CBS_get_optional_asn1_uint64`: `[tag] { INTEGER }`, nothing more inside.
    pub(crate) fn optional_uint64(&mut self, tag: Tag) -> Result<Option<u64>, Fail> {
        let Some(e) = self.optional(tag)? else {
            return Ok(None);
        };
        let mut inner = e.content;
        let v = inner.uint64()?;
        inner.must_be_empty()?;
        Ok(Some(v))
    }

    /// `CBS_get_optional_asn1_bool`: `[tag] { BOOLEAN }` holding 0x00 or 0xFF.
    pub(crate) fn optional_bool(&mut self, tag: Tag) -> Result<Option<bool>, Fail> {
        let Some(e) = self.optional(tag)? else {
            return Ok(None);
        };
        let mut inner = e.content;
        let b = inner.get(BOOLEAN)?;
        let value = match b.content.bytes() {
            [0x00] => false,
            [0xFF] => true,
            _ => return Err((ErrorKind::InvalidBoolean, b.content.pos)),
        };
        inner.must_be_empty()?;
        Ok(Some(value))
    }

    /// Fails unless everything was read (`CBS_len(&child) != 0` checks).
    pub(crate) fn must_be_empty(&self) -> Result<(), Fail> {
        if self.is_empty() {
            Ok(())
        } else {
            Err((ErrorKind::ExplicitLengthMismatch, self.pos))
        }
    }
}

/// `CBS_is_unsigned_asn1_integer` and the u64 accumulation of `CBS_get_asn1_uint64`.
fn unsigned(bytes: &[u8], at: usize) -> Result<u64, Fail> {
    match bytes {
        [] => return Err((ErrorKind::EmptyInteger, at)),
        [first, ..] if first & 0x80 != 0 => return Err((ErrorKind::NegativeValue, at)),
        [0x00, second, ..] if second & 0x80 == 0 => return Err((ErrorKind::NonMinimalInteger, at)),
        _ => {}
    }
    let mut v: u64 = 0;
    for &b in bytes {
        if v >> 56 != 0 {
            return Err((ErrorKind::IntegerTooLarge, at));
        }
        v = (v << 8) | u64::from(b);
    }
    Ok(v)
}

/// A CBS failure as the decoder's error, naming `field`.
pub(crate) fn at(field: Field) -> impl Fn(Fail) -> DecodeError {
    move |(kind, offset)| DecodeError::new(kind, field, offset)
}

/// A check of the library's own failing `field` at `offset`.
pub(crate) fn fail(kind: ErrorKind, field: Field, offset: usize) -> DecodeError {
    DecodeError::new(kind, field, offset)
}

/// A value longer than the library's fixed buffer for `field`.
pub(crate) fn too_long(len: usize, max: usize, field: Field, offset: usize) -> DecodeError {
    fail(ErrorKind::TooLong { len, max }, field, offset)
}

/// `SSL_MAX_MASTER_KEY_LENGTH`: BoringSSL, AWS-LC and LibreSSL all keep the
/// secret in 48 bytes.
pub(crate) const MAX_SECRET_LEN: usize = 48;

impl<'a> Cbs<'a> {
    /// An untagged OCTET STRING copied into a fixed buffer of `max` bytes
    /// (`CBS_write_bytes`, `InplaceVector::TryCopyFrom`): longer fails.
    pub(crate) fn octets_at_most(
        &mut self,
        max: usize,
        field: Field,
    ) -> Result<&'a [u8], DecodeError> {
        let e = self.get(OCTET_STRING).map_err(at(field))?;
        let bytes = e.content.bytes();
        if bytes.len() > max {
            return Err(fail(
                ErrorKind::TooLong {
                    len: bytes.len(),
                    max,
                },
                field,
                e.start,
            ));
        }
        Ok(bytes)
    }
}
