//! A fast reader of DER elements for strict mode.
//!
//! The common shapes (one-octet tags, short lengths and minimal long forms
//! of one or two octets: `ossl_asn1::get_object_der_common`) are read
//! inline; anything else goes to the general reader in `ber.rs`, in DER
//! mode, which either reads it or names the DER rule it breaks. So there is one
//! source of truth for what is malformed, and the hot path stays short.

use ossl_asn1::get_object_der_common;

use crate::ber::{get_object, LongLength};
use crate::error::ErrorKind;

/// One element of the input: `input[start..end]`, content from `content`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Element {
    /// The identifier octet (tag number < 31).
    pub first: u8,
    pub start: usize,
    pub content: usize,
    pub end: usize,
}

/// Reads the element at `pos`, which must end by `end`.
#[inline(always)]
pub(crate) fn read(input: &[u8], pos: usize, end: usize) -> Result<Element, ErrorKind> {
    let data = input.get(pos..end).unwrap_or(&[]);
    match read_common(data, pos) {
        Some(e) => Ok(e),
        None => read_general(data, pos),
    }
}

/// Rare or malformed: the general reader decides, with DER rules.
#[cold]
#[inline(never)]
fn read_general(data: &[u8], pos: usize) -> Result<Element, ErrorKind> {
    let h = get_object(data, true, LongLength::OctetMustFollow)?;
    if h.tag >= 31 {
        // Valid DER, but no field of the schema has such a tag.
        return Err(ErrorKind::UnexpectedField { found: h.first });
    }
    Ok(Element {
        first: h.first,
        start: pos,
        content: pos + h.header_len,
        end: pos + h.header_len + h.len,
    })
}

/// The common DER shapes, from `ossl-asn1` (which checks that it agrees with
/// the general reader).
#[inline(always)]
fn read_common(data: &[u8], pos: usize) -> Option<Element> {
    let h = get_object_der_common(data)?;
    Some(Element {
        first: h.first,
        start: pos,
        content: pos + h.header_len,
        end: pos + h.header_len + h.len,
    })
}
