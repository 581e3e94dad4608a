//! Number helpers for the key printers: the C conversions libcrypto
//! applies to decoded values (decoding itself is `ber.rs`'s), and the hex
//! of the generated tables.

/// Bytes of a trusted hex string from the generated tables (lowercase, even
/// length; the table tests check that).
pub(crate) fn hex(text: &str) -> Vec<u8> {
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
pub(crate) fn trimmed(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// `BN_num_bits` of a big-endian magnitude.
pub fn num_bits(magnitude: &[u8]) -> usize {
    let digits = trimmed(magnitude);
    digits
        .first()
        .map_or(0, |&top| digits.len() * 8 - top.leading_zeros() as usize)
}

/// `ASN1_INTEGER_get` stored in a C `int`: the long (-1 when the value does
/// not fit one) cut to its low 32 bits.
pub(crate) fn c_int_of_long(value: i64) -> i32 {
    let [b0, b1, b2, b3, ..] = value.to_le_bytes();
    i32::from_le_bytes([b0, b1, b2, b3])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_int_keeps_the_low_32_bits() {
        assert_eq!(c_int_of_long((1 << 32) + 5), 5);
        assert_eq!(c_int_of_long(-1), -1);
        assert_eq!(c_int_of_long(0xFFFF_FFFF), -1);
        assert_eq!(c_int_of_long(1 << 31), i32::MIN);
    }
}
