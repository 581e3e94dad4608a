//! The two value layouts of providers/implementations/encode_decode/
//! encode_key2text.c: `print_labeled_bignum` and `print_labeled_buf`.
//!
//! They are other functions than `ASN1_bn_print` and `ASN1_buf_print`
//! (crypto/asn1/t_pkey.c), but print the same text: `print_labeled_buf`'s
//! lines are `ASN1_buf_print`'s at indent 4 (15 `%02x` pairs joined by
//! `:`, each line opened by four spaces, a newline after the last), and
//! `print_labeled_bignum` with a label is `ASN1_bn_print` at indent 0 —
//! ` 0` for zero, `BN_FMTu (-0xBN_FMTx)` up to `BN_BYTES`, else `BN_bn2hex`'s
//! digits (a `00` first when the top bit is set, ` (Negative)` after the
//! label) in those lines. So both are [`crate::dump`]'s printers; only the
//! NULL-label form of `print_labeled_bignum` (no space after the label),
//! which no key printer uses, would differ.

use crate::dump::{bn_print, buf_print, HexLayout};

/// `print_labeled_buf`: the label on its own line, then the bytes.
pub(super) fn labeled_buf(out: &mut Vec<u8>, label: &str, bytes: &[u8], hex: HexLayout) {
    out.extend_from_slice(label.as_bytes());
    out.push(b'\n');
    buf_print(out, bytes, 4, hex);
}

/// `print_labeled_bignum` of a BIGNUM given as sign and big-endian
/// magnitude (leading zero bytes allowed).
pub(super) fn labeled_bignum(
    out: &mut Vec<u8>,
    label: &str,
    negative: bool,
    magnitude: &[u8],
    hex: HexLayout,
) {
    bn_print(out, label, negative, magnitude, 0, hex);
}

#[cfg(test)]
mod tests {
    use super::*;

    const V3_0: HexLayout = HexLayout::V3_0;

    fn bignum(label: &str, negative: bool, magnitude: &[u8]) -> String {
        let mut out = Vec::new();
        labeled_bignum(&mut out, label, negative, magnitude, V3_0);
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
        labeled_buf(&mut out, "pub:", &[0xAB; 16], V3_0);
        let expected = format!("pub:\n    {}:\n    ab\n", ["ab"; 15].join(":"));
        assert_eq!(String::from_utf8(out).unwrap(), expected);
        let mut empty = Vec::new();
        labeled_buf(&mut empty, "Seed:", &[], V3_0);
        assert_eq!(empty, b"Seed:\n\n");
    }
}
