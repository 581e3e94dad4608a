//! A fast reader of DER elements for strict mode.
//!
//! The common shapes (one-octet tags, short lengths and minimal long forms
//! of one or two octets: `ossl_asn1::get_object_der_common`) are read
//! inline; anything else goes to the general reader in `ber.rs`, in DER
//! mode, which either reads it or names the DER rule it breaks. So there is one
//! source of truth for what is malformed, and the hot path stays short.
//!
//! Elements carry their bytes as slices of the input, and a reader advances
//! by splitting its rest: one bounds check per element, where re-slicing the
//! whole input by offsets took two per element and a third for its content
//! (callgrind: ~270 of 1380 instructions of a 93-byte session). Offsets,
//! which only errors need, are computed from the slices ([`offset`]).

use ossl_asn1::split_der_common;

use crate::ber::{get_object, LongLength};
use crate::error::ErrorKind;

/// One element of the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Element<'a> {
    /// The identifier octet (tag number < 31).
    pub first: u8,
    /// The length of the identifier and length octets.
    pub header_len: usize,
    /// Its content octets.
    pub content: &'a [u8],
}

impl<'a> Element<'a> {
    /// Where the element starts in `input`, of which it is a part.
    #[inline]
    pub fn start(&self, input: &[u8]) -> usize {
        offset(input, self.content) - self.header_len
    }

    /// The whole element, header included, in `input` (of which it is a part).
    #[inline]
    pub fn whole(&self, input: &'a [u8]) -> &'a [u8] {
        let start = self.start(input);
        input
            .get(start..start + self.header_len + self.content.len())
            .unwrap_or(&[])
    }
}

/// Where `part`, a slice of `input`, starts in it (the offset errors report).
#[inline]
pub(crate) fn offset(input: &[u8], part: &[u8]) -> usize {
    (part.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize)
}

/// The content and the bytes after it of the element `data` starts with,
/// when its identifier octet is `tag` and its length is in the short form
/// (below 128: every element of a session but a certificate, a ticket and a
/// few wrappers around them). `None` for anything else, which [`read`] then
/// reads or refuses: this shortens the common path and never decides an
/// error. One comparison checks the identifier, where [`read`] first rules
/// out a high tag number and the caller then compares the tag (callgrind:
/// ~5 instructions fewer per element).
#[inline(always)]
pub(crate) fn read_short(data: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    match *data {
        [first, len @ 0..=0x7F, ref rest @ ..] if first == tag => {
            rest.split_at_checked(usize::from(len))
        }
        _ => None,
    }
}

/// Reads the element `data` starts with: the element, and the bytes after it.
#[inline(always)]
pub(crate) fn read(data: &[u8]) -> Result<(Element<'_>, &[u8]), ErrorKind> {
    let (first, header_len, content, rest) = match split_der_common(data) {
        Some(parts) => parts,
        None => {
            // The general reader returns only the two sizes, and the element
            // is cut here: when it returned the element itself (through
            // memory), the compiler merged the two paths in a stack slot
            // that the hot path then wrote for every element (callgrind).
            let (header_len, len) = read_general(data)?;
            let (header, rest) = data
                .split_at_checked(header_len)
                .ok_or(ErrorKind::BadHeader)?;
            let (content, rest) = rest.split_at_checked(len).ok_or(ErrorKind::BadHeader)?;
            (header[0], header_len, content, rest)
        }
    };
    Ok((
        Element {
            first,
            header_len,
            content,
        },
        rest,
    ))
}

/// Rare or malformed: the general reader decides, with DER rules. The
/// header's length and the content's (the caller cuts the element).
#[cold]
#[inline(never)]
fn read_general(data: &[u8]) -> Result<(usize, usize), ErrorKind> {
    let h = get_object(data, true, LongLength::OctetMustFollow)?;
    if h.tag >= 31 {
        // Valid DER, but no field of the schema has such a tag.
        return Err(ErrorKind::UnexpectedField { found: h.first });
    }
    // (get_object read an identifier and a length, and checked that the
    // content fits: `header[0]` and the splits in `read` cannot fail.)
    Ok((h.header_len, h.len))
}
