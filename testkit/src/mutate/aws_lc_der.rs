//! Just enough DER to take a real session apart and put variants of it
//! together (for the mutation and rule tests): definite-length TLVs with
//! single-byte tags, which is all AWS-LC writes.

/// One top-level element of the session SEQUENCE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// The tag byte (e.g. 0xA1 for `[1]` constructed).
    pub tag: u8,
    /// Offset of the length octets inside `bytes`.
    pub header_len: usize,
    /// The whole element: tag, length, content.
    pub bytes: Vec<u8>,
}

impl Element {
    /// The content octets.
    pub fn content(&self) -> &[u8] {
        &self.bytes[self.header_len..]
    }

    /// The context-specific tag number, if it is one.
    pub fn context_number(&self) -> Option<u8> {
        (self.tag & 0xC0 == 0x80).then_some(self.tag & 0x1F)
    }
}

use crate::tlv;

/// An explicitly tagged `[n]` element around `inner`.
pub fn explicit(n: u8, inner: &[u8]) -> Vec<u8> {
    tlv(0xA0 | n, inner)
}

/// Reads one TLV at the start of `input`: (tag, header length, total length).
pub fn read_tlv(input: &[u8]) -> Option<(u8, usize, usize)> {
    let tag = *input.first()?;
    let first = *input.get(1)?;
    let (len, header) = if first < 0x80 {
        (usize::from(first), 2)
    } else {
        let n = usize::from(first & 0x7F);
        if n == 0 || n > 4 {
            return None;
        }
        let mut len = 0usize;
        for i in 0..n {
            len = (len << 8) | usize::from(*input.get(2 + i)?);
        }
        (len, 2 + n)
    };
    let total = header.checked_add(len)?;
    (total <= input.len()).then_some((tag, header, total))
}

/// Splits a session (outer SEQUENCE) into its top-level elements.
pub fn split(session: &[u8]) -> Option<Vec<Element>> {
    let (tag, header, total) = read_tlv(session)?;
    if tag != 0x30 || total != session.len() {
        return None;
    }
    let mut rest = &session[header..];
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (tag, h, t) = read_tlv(rest)?;
        out.push(Element {
            tag,
            header_len: h,
            bytes: rest[..t].to_vec(),
        });
        rest = &rest[t..];
    }
    Some(out)
}

/// The SEQUENCE around `elements`.
pub fn join(elements: &[Element]) -> Vec<u8> {
    let body: Vec<u8> = elements
        .iter()
        .flat_map(|e| e.bytes.iter().copied())
        .collect();
    tlv(0x30, &body)
}

/// The SEQUENCE around raw element bytes.
pub fn join_raw(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// `elements` with `new` (a whole `[n]` element) inserted where its tag
/// number belongs in ascending order, replacing an existing `[n]` if
/// `replace`.
pub fn with_field(elements: &[Element], new: Vec<u8>, replace: bool) -> Vec<u8> {
    let n = new[0] & 0x1F;
    let mut parts: Vec<Vec<u8>> = Vec::new();
    let mut placed = false;
    for e in elements {
        let num = e.context_number();
        if !placed && num.is_some_and(|m| m >= n) {
            parts.push(new.clone());
            placed = true;
            if replace && num == Some(n) {
                continue;
            }
        }
        parts.push(e.bytes.clone());
    }
    if !placed {
        parts.push(new);
    }
    join_raw(&parts)
}

/// The element `[n]` of a split session, if present.
pub fn field(elements: &[Element], n: u8) -> Option<&Element> {
    elements.iter().find(|e| e.context_number() == Some(n))
}
