//! The two value layouts of providers/implementations/encode_decode/
//! encode_key2text.c: `print_labeled_bignum` and `print_labeled_buf`.

/// Hex pairs joined by `:`, 15 to a line, each line indented by four
/// spaces and every line but the last ending in `:` (the shape both
/// printers share), then a newline. An empty buffer prints just the newline.
fn hex_lines(out: &mut Vec<u8>, bytes: &[u8]) {
    for (i, byte) in bytes.iter().enumerate() {
        if i % 15 == 0 {
            if i > 0 {
                out.push(b'\n');
            }
            out.extend_from_slice(b"    ");
        }
        crate::dump::push_hex_lower(out, *byte);
        if i + 1 != bytes.len() {
            out.push(b':');
        }
    }
    out.push(b'\n');
}

/// `print_labeled_buf`: the label on its own line, then the bytes.
pub(super) fn labeled_buf(out: &mut Vec<u8>, label: &str, bytes: &[u8]) {
    out.extend_from_slice(label.as_bytes());
    out.push(b'\n');
    hex_lines(out, bytes);
}

/// `print_labeled_bignum` of a BIGNUM given as sign and big-endian
/// magnitude (leading zero bytes allowed). Zero prints as `0` (never
/// negative); a value of at most `BN_BYTES` (8) bytes as decimal and hex on
/// the label's line; anything longer as `BN_bn2hex`'s bytes below the label,
/// with a `00` in front when the top bit is set and ` (Negative)` after the
/// label for a negative value.
pub(super) fn labeled_bignum(out: &mut Vec<u8>, label: &str, negative: bool, magnitude: &[u8]) {
    let start = magnitude.iter().position(|&b| b != 0);
    let digits = start.map_or(&[][..], |start| &magnitude[start..]);
    out.extend_from_slice(label.as_bytes());
    if digits.is_empty() {
        out.extend_from_slice(b" 0\n");
        return;
    }
    let sign = if negative { "-" } else { "" };
    if digits.len() <= 8 {
        let value = digits.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b));
        out.extend_from_slice(format!(" {sign}{value} ({sign}0x{value:x})\n").as_bytes());
        return;
    }
    if negative {
        out.extend_from_slice(b" (Negative)");
    }
    out.push(b'\n');
    if digits[0] & 0x80 != 0 {
        let mut padded = Vec::with_capacity(digits.len() + 1);
        padded.push(0);
        padded.extend_from_slice(digits);
        hex_lines(out, &padded);
    } else {
        hex_lines(out, digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bignum(label: &str, negative: bool, magnitude: &[u8]) -> String {
        let mut out = Vec::new();
        labeled_bignum(&mut out, label, negative, magnitude);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn small_values_print_decimal_and_hex() {
        assert_eq!(
            bignum("Exponent:", false, &[1, 0, 1]),
            "Exponent: 65537 (0x10001)\n"
        );
        assert_eq!(bignum("pub: ", true, &[5]), "pub:  -5 (-0x5)\n");
        assert_eq!(bignum("Modulus:", false, &[0, 0]), "Modulus: 0\n");
        assert_eq!(bignum("Modulus:", true, &[]), "Modulus: 0\n");
        assert_eq!(
            bignum("E:", false, &[0xFF; 8]),
            "E: 18446744073709551615 (0xffffffffffffffff)\n"
        );
    }

    #[test]
    fn nine_bytes_and_more_print_as_hex_lines() {
        assert_eq!(
            bignum("E:", false, &[0, 1, 0, 0, 0, 0, 0, 0, 0, 1]),
            "E:\n    01:00:00:00:00:00:00:00:01\n"
        );
        assert_eq!(
            bignum("pub:", true, &[0x80, 0, 0, 0, 0, 0, 0, 0, 0]),
            "pub: (Negative)\n    00:80:00:00:00:00:00:00:00:00\n"
        );
        // The leading 00 counts towards the 15 bytes of the first line.
        let text = bignum("M:", false, &[0xC5; 15]);
        assert_eq!(
            text,
            format!("M:\n    00:{}:\n    c5\n", ["c5"; 14].join(":"))
        );
    }

    #[test]
    fn buffers_break_after_fifteen_bytes() {
        let mut out = Vec::new();
        labeled_buf(&mut out, "pub:", &[0xAB; 16]);
        let expected = format!("pub:\n    {}:\n    ab\n", ["ab"; 15].join(":"));
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        let mut empty = Vec::new();
        labeled_buf(&mut empty, "Seed:", &[]);
        assert_eq!(empty, b"Seed:\n\n");
    }
}
