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

use ossl_asn1::{get_object_der_common, Header};

use crate::ber::{get_object, LongLength};
use crate::error::ErrorKind;

/// One element of the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Element<'a> {
    /// The identifier octet (tag number < 31).
    pub first: u8,
    /// The whole element, header included.
    pub whole: &'a [u8],
    /// Its content octets.
    pub content: &'a [u8],
}

impl Element<'_> {
    /// Where the element starts in `input`, of which it is a part.
    #[inline]
    pub fn start(&self, input: &[u8]) -> usize {
        offset(input, self.whole)
    }
}

/// Where `part`, a slice of `input`, starts in it (the offset errors report).
#[inline]
pub(crate) fn offset(input: &[u8], part: &[u8]) -> usize {
    (part.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize)
}

/// Reads the element `data` starts with: the element, and the bytes after it.
#[inline(always)]
pub(crate) fn read(data: &[u8]) -> Result<(Element<'_>, &[u8]), ErrorKind> {
    match get_object_der_common(data) {
        Some(h) => split(data, &h).ok_or(ErrorKind::BadHeader),
        None => read_general(data),
    }
}

/// The element `h` is the header of, and what follows it (`None` is not
/// reached: both readers checked that the content fits).
#[inline(always)]
fn split<'a>(data: &'a [u8], h: &Header) -> Option<(Element<'a>, &'a [u8])> {
    let (whole, rest) = data.split_at_checked(h.header_len + h.len)?;
    let content = whole.get(h.header_len..)?;
    Some((
        Element {
            first: h.first,
            whole,
            content,
        },
        rest,
    ))
}

/// Rare or malformed: the general reader decides, with DER rules.
#[cold]
#[inline(never)]
fn read_general(data: &[u8]) -> Result<(Element<'_>, &[u8]), ErrorKind> {
    let h = get_object(data, true, LongLength::OctetMustFollow)?;
    if h.tag >= 31 {
        // Valid DER, but no field of the schema has such a tag.
        return Err(ErrorKind::UnexpectedField { found: h.first });
    }
    split(data, &h).ok_or(ErrorKind::BadHeader)
}
