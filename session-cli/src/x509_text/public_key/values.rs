//! How libcrypto's ASN.1 primitives read the values inside keys.

use crate::x509_text::der::Tlv;

/// Bytes of a trusted hex string from the generated tables (lowercase, even
/// length; the table tests check that).
pub(super) fn hex(text: &str) -> Vec<u8> {
    let digit = |c: u8| match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        _ => 0,
    };
    text.as_bytes()
        .chunks(2)
        .map(|pair| (digit(pair[0]) << 4) | pair.get(1).map_or(0, |&c| digit(c)))
        .collect()
}

/// The magnitude without leading zero bytes.
pub(super) fn trimmed(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// `BN_num_bits` of a big-endian magnitude.
pub(super) fn num_bits(magnitude: &[u8]) -> usize {
    let digits = trimmed(magnitude);
    digits
        .first()
        .map_or(0, |&top| digits.len() * 8 - top.leading_zeros() as usize)
}

/// Whether INTEGER content passes `c2i_ibuf` (crypto/asn1/a_int.c): not
/// empty, and not padded with a 00 or FF octet the next octet makes
/// redundant. This is DER's minimal encoding.
pub(super) fn is_minimal_integer(content: &[u8]) -> bool {
    !matches!(
        content,
        [] | [0x00, 0x00..=0x7F, ..] | [0xFF, 0x80..=0xFF, ..]
    )
}

/// Whether an element in an ASN.1 `ANY` field (an AlgorithmIdentifier's
/// parameters) survives libcrypto's decoding (`asn1_d2i_ex_primitive` and
/// `asn1_ex_c2i`, crypto/asn1/tasn_dec.c): NULL must be empty, BOOLEAN one
/// octet, INTEGER and ENUMERATED minimal, an OBJECT IDENTIFIER well formed,
/// a BIT STRING at most 7 unused bits, BMPString and UniversalString whole
/// characters; SEQUENCE and SET must be constructed, the simple types
/// above primitive. Constructed strings (BER, gathered by `asn1_collect`)
/// are refused here rather than reproduced.
pub(super) fn is_loadable_any(element: &Tlv<'_>) -> bool {
    let content = element.content;
    if element.tag & 0xC0 != 0 {
        // Other classes are kept as raw bytes.
        return true;
    }
    match (element.tag & 0x1F, element.constructed()) {
        (16 | 17, constructed) => constructed,
        (_, true) | (0, false) => false,
        (1, false) => content.len() == 1,
        (2 | 10, false) => is_minimal_integer(content),
        (3, false) => content.first().is_some_and(|&unused| unused < 8),
        (5, false) => content.is_empty(),
        (6, false) => is_valid_oid(content),
        (28, false) => content.len() % 4 == 0,
        (30, false) => content.len() % 2 == 0,
        _ => true,
    }
}

/// `ossl_c2i_ASN1_OBJECT`'s checks: not empty, the last octet ends a
/// sub-identifier, no sub-identifier starts with a 0x80 padding octet.
fn is_valid_oid(content: &[u8]) -> bool {
    content.last().is_some_and(|&last| last & 0x80 == 0)
        && content
            .iter()
            .enumerate()
            .all(|(i, &b)| b != 0x80 || (i > 0 && content[i - 1] & 0x80 != 0))
}

/// An `INT32` / `ZINT32` field (crypto/asn1/x_int64.c): empty content reads
/// as 0; otherwise a minimal INTEGER within `int32_t`.
pub(super) fn int32(content: &[u8]) -> Option<i32> {
    if content.is_empty() {
        return Some(0);
    }
    if !is_minimal_integer(content) || content.len() > 8 {
        return None;
    }
    let value = crate::x509_text::integer::Integer::from_content(content).get_long();
    i32::try_from(value).ok()
}

/// `ASN1_INTEGER_get` stored in a C `int`: the long (-1 when the value does
/// not fit one) cut to its low 32 bits.
pub(super) fn c_int_of_long(value: i64) -> i32 {
    let [b0, b1, b2, b3, ..] = value.to_le_bytes();
    i32::from_le_bytes([b0, b1, b2, b3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_padding_rules() {
        for minimal in [
            &[0x00][..],
            &[0x7F],
            &[0x00, 0x80],
            &[0xFF],
            &[0xFF, 0x7F],
            &[0x80, 0x00],
        ] {
            assert!(is_minimal_integer(minimal), "{minimal:02x?}");
        }
        for padded in [&[][..], &[0x00, 0x7F], &[0xFF, 0x80], &[0x00, 0x00]] {
            assert!(!is_minimal_integer(padded), "{padded:02x?}");
        }
    }

    #[test]
    fn any_values_libcrypto_refuses() {
        // Each as OpenSSL 3.0.19 loads (or not) an RSA-PSS key whose
        // hashAlgorithm carries it as parameters.
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
        ];
        for &(encoding, loads) in cases {
            let element = crate::x509_text::der::Reader::new(encoding).read().unwrap();
            assert_eq!(is_loadable_any(&element), loads, "{encoding:02x?}");
        }
    }

    #[test]
    fn int32_range() {
        assert_eq!(int32(&[]), Some(0));
        assert_eq!(int32(&[0x7F, 0xFF, 0xFF, 0xFF]), Some(i32::MAX));
        assert_eq!(int32(&[0x80, 0x00, 0x00, 0x00]), Some(i32::MIN));
        assert_eq!(int32(&[0x00, 0x80, 0x00, 0x00, 0x00]), None);
        assert_eq!(int32(&[0x00, 0x05]), None);
    }

    #[test]
    fn c_int_keeps_the_low_32_bits() {
        assert_eq!(c_int_of_long((1 << 32) + 5), 5);
        assert_eq!(c_int_of_long(-1), -1);
        assert_eq!(c_int_of_long(0xFFFF_FFFF), -1);
        assert_eq!(c_int_of_long(1 << 31), i32::MIN);
    }
}
