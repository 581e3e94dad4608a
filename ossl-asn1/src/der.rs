//! A small DER writer: identifier octets, definite length octets and TLV
//! sizes, as `ASN1_put_object` and `ASN1_object_size`
//! (`crypto/asn1/asn1_lib.c`) write and count them.

/// How many length octets a DER definite length of `len` takes.
#[inline]
pub const fn length_len(len: usize) -> usize {
    if len < 0x80 {
        1
    } else {
        1 + (usize::BITS - len.leading_zeros()).div_ceil(8) as usize
    }
}

/// How many identifier octets tag number `number` takes.
#[inline]
pub const fn identifier_len(number: u32) -> usize {
    if number < 0x1F {
        1
    } else {
        1 + (u32::BITS - number.leading_zeros()).div_ceil(7) as usize
    }
}

/// `ASN1_object_size` for a one-octet identifier: the size of a TLV with
/// `content_len` content octets.
#[inline]
pub const fn tlv_len(content_len: usize) -> usize {
    1 + length_len(content_len) + content_len
}

/// Hands the DER length octets of `len` to `put`, one at a time: one octet
/// below 128, else `0x80 | n` and the `n` significant big-endian octets.
/// (Generic and inlined, so an encoder writing into its own buffer pays no
/// more than if it had the loop itself.)
#[inline]
pub fn write_length(len: usize, mut put: impl FnMut(u8)) {
    if let Ok(short @ 0..=0x7F) = u8::try_from(len) {
        put(short);
    } else {
        let n = length_len(len) - 1;
        // n ≤ size_of::<usize>(), so it fits the low 7 bits.
        put(0x80 | u8::try_from(n).unwrap_or(0x7F));
        for &b in &len.to_be_bytes()[size_of::<usize>() - n..] {
            put(b);
        }
    }
}

/// Appends the identifier octets of tag `number` with the class and
/// constructed bits `class_bits` (`ASN1_put_object`): the low-tag-number form
/// below 31, else `0x1F` and base-128 septets, most significant first.
pub fn push_identifier(out: &mut Vec<u8>, class_bits: u8, number: u32) {
    match u8::try_from(number) {
        Ok(low) if low < 0x1F => out.push(class_bits | low),
        _ => {
            out.push(class_bits | 0x1F);
            let septets = identifier_len(number) - 1;
            for i in (0..septets).rev() {
                let more = if i > 0 { 0x80 } else { 0 };
                let septet = (number >> (7 * i)) & 0x7F;
                out.push(more | u8::try_from(septet).unwrap_or(0));
            }
        }
    }
}

/// Appends the DER length octets of `len`.
#[inline]
pub fn push_length(out: &mut Vec<u8>, len: usize) {
    write_length(len, |b| out.push(b));
}

/// Appends a one-octet identifier and the DER length of `len`.
#[inline]
pub fn push_header(out: &mut Vec<u8>, identifier: u8, len: usize) {
    out.push(identifier);
    push_length(out, len);
}

/// Appends a whole TLV: a one-octet identifier, the DER length, the content.
pub fn push_tlv(out: &mut Vec<u8>, identifier: u8, content: &[u8]) {
    push_header(out, identifier, content.len());
    out.extend_from_slice(content);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::get_object;

    #[test]
    fn lengths_are_minimal() {
        for (len, octets) in [
            (0usize, &[0x00][..]),
            (0x7F, &[0x7F]),
            (0x80, &[0x81, 0x80]),
            (0xFF, &[0x81, 0xFF]),
            (0x100, &[0x82, 0x01, 0x00]),
            (0x01_0000, &[0x83, 0x01, 0x00, 0x00]),
        ] {
            let mut out = Vec::new();
            push_length(&mut out, len);
            assert_eq!(out, octets, "{len}");
            assert_eq!(length_len(len), octets.len());
            assert_eq!(tlv_len(len), 1 + octets.len() + len);
        }
        let mut max = Vec::new();
        push_length(&mut max, usize::MAX);
        assert_eq!(max.len(), 1 + size_of::<usize>());
        assert_eq!(usize::from(max[0]), 0x80 | size_of::<usize>());
    }

    #[test]
    fn identifiers() {
        let id = |class_bits, number| {
            let mut out = Vec::new();
            push_identifier(&mut out, class_bits, number);
            assert_eq!(out.len(), identifier_len(number));
            out
        };
        assert_eq!(id(0, 12), [0x0C]);
        assert_eq!(id(0xA0, 3), [0xA3]);
        assert_eq!(id(0, 31), [0x1F, 0x1F]);
        assert_eq!(id(0x80, 128), [0x9F, 0x81, 0x00]);
        assert_eq!(id(0, 200), [0x1F, 0x81, 0x48]);
        assert_eq!(id(0, u32::MAX), [0x1F, 0x8F, 0xFF, 0xFF, 0xFF, 0x7F]);
    }

    /// What is written is read back as DER.
    #[test]
    fn written_headers_read_as_der() {
        for len in [0usize, 1, 0x7F, 0x80, 0x1234] {
            let mut out = Vec::new();
            push_identifier(&mut out, 0x20, 200);
            push_length(&mut out, len);
            let header_len = out.len();
            out.resize(header_len + len, 0);
            let h = get_object(&out, true).unwrap();
            assert_eq!((h.tag, h.len, h.header_len), (200, len, header_len));
        }
        let mut out = Vec::new();
        push_tlv(&mut out, 0x04, b"ab");
        assert_eq!(out, [0x04, 0x02, b'a', b'b']);
    }
}
