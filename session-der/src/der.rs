//! A fast reader of DER elements for strict mode.
//!
//! The common shapes (one-octet tags, lengths of at most four octets) are read
//! inline; anything else goes to the general reader in `ber.rs`, in DER mode,
//! which either reads it or names the DER rule it breaks. So there is one
//! source of truth for what is malformed, and the hot path stays short.

use crate::ber::get_object;
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
    let h = get_object(data, true)?;
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

#[inline(always)]
fn read_common(data: &[u8], pos: usize) -> Option<Element> {
    let (&first, rest) = data.split_first()?;
    if first & 0x1F == 0x1F {
        return None;
    }
    let (&l0, rest) = rest.split_first()?;
    let (len, header) = match l0 {
        0..=0x7F => (usize::from(l0), 2),
        0x81 => match rest {
            [l, ..] if *l >= 0x80 => (usize::from(*l), 3),
            _ => return None,
        },
        0x82 => match rest {
            [a, b, ..] if *a != 0 => (usize::from(*a) << 8 | usize::from(*b), 4),
            _ => return None,
        },
        _ => return None,
    };
    (len <= data.len() - header).then_some(Element {
        first,
        start: pos,
        content: pos + header,
        end: pos + header + len,
    })
}
