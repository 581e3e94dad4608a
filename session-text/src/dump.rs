//! OpenSSL's byte dumps and text escapes (`BIO_dump_indent`,
//! `X509_signature_dump`, `ASN1_buf_print`, `ASN1_STRING_print`, …), shared
//! by the session text and the certificate printers.

/// `BIO_indent` / `"%*s"`: `width` spaces.
pub(crate) fn indent(out: &mut Vec<u8>, width: usize) {
    out.resize(out.len() + width, b' ');
}

/// The widths of an OpenSSL version's colon-separated hex dumps, the one
/// layout difference of its certificate text that runs through every key and
/// signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HexLayout {
    /// Bytes per line of `X509_signature_dump` (crypto/x509/t_x509.c).
    signature_row: usize,
    /// Bytes per line of `ASN1_buf_print` (crypto/asn1/t_pkey.c) and of the
    /// key printers' `print_labeled_buf` / `print_labeled_bignum`.
    buf_row: usize,
    /// Whether a big number whose top bit is set is dumped with a leading
    /// `00` (`ASN1_bn_print`'s sign octet, up to 3.6).
    bn_sign_octet: bool,
    /// Whether `X509_signature_dump` starts its first line with a newline
    /// too (1.1.1: `if ((i % 18) == 0)`, 3.0 added `i > 0 &&`).
    signature_newline_first: bool,
}

impl HexLayout {
    /// OpenSSL 3.0's layout, for the tests of the printers.
    #[cfg(test)]
    pub(crate) const V3_0: HexLayout = HexLayout {
        signature_row: 18,
        buf_row: 15,
        bn_sign_octet: true,
        signature_newline_first: false,
    };

    /// The layout of `openssl`'s printers: 18 bytes a signature line, 15 a
    /// key line and a `00` before a number with its top bit set up to 3.6;
    /// 4.0 prints 24 and 16 (`X509_signature_dump`'s `i % 24`,
    /// `ASN1_BUF_PRINT_WIDTH` and `LABELED_BUF_PRINT_WIDTH` /
    /// `LABELED_BN_PRINT_WIDTH` 16, crypto/encode_decode/encoder_lib.c) and
    /// dumps a number's `BN_bn2bin` / `BN_bn2hex` bytes without the sign
    /// octet.
    pub(crate) fn of(openssl: session_model::OpenSslVersion) -> Self {
        if openssl >= session_model::OpenSslVersion::V4_0 {
            HexLayout {
                signature_row: 24,
                buf_row: 16,
                bn_sign_octet: false,
                signature_newline_first: false,
            }
        } else {
            HexLayout {
                signature_row: 18,
                buf_row: 15,
                bn_sign_octet: true,
                signature_newline_first: openssl < session_model::OpenSslVersion::V3_0,
            }
        }
    }
}

/// `X509_signature_dump`: [`colon_hex_lines`] with the version's bytes per
/// line.
pub(crate) fn signature_dump(out: &mut Vec<u8>, bytes: &[u8], width: usize, hex: HexLayout) {
    if hex.signature_newline_first && !bytes.is_empty() {
        out.push(b'\n');
    }
    colon_hex_lines(out, bytes, width, hex.signature_row);
}

/// Lowercase hex pairs joined by `:`, `per_line` to a line, each line
/// indented by `width`, a newline at the end (also when empty): the layout
/// `X509_signature_dump` and `ASN1_buf_print` share.
fn colon_hex_lines(out: &mut Vec<u8>, bytes: &[u8], width: usize, per_line: usize) {
    for (i, byte) in bytes.iter().enumerate() {
        if i % per_line == 0 {
            if i > 0 {
                out.push(b'\n');
            }
            indent(out, width);
        }
        push_hex_lower(out, *byte);
        if i + 1 != bytes.len() {
            out.push(b':');
        }
    }
    out.push(b'\n');
}

/// Two lowercase hex digits.
pub(crate) fn push_hex_lower(out: &mut Vec<u8>, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.push(DIGITS[usize::from(byte >> 4)]);
    out.push(DIGITS[usize::from(byte & 0x0F)]);
}

/// Two uppercase hex digits.
pub(crate) fn push_hex_upper(out: &mut Vec<u8>, byte: u8) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.push(DIGITS[usize::from(byte >> 4)]);
    out.push(DIGITS[usize::from(byte & 0x0F)]);
}

/// `ASN1_STRING_print`: printable ASCII, `\n` and `\r` as they are, every
/// other byte as `.`.
pub(crate) fn ascii_or_dot(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend(bytes.iter().map(|&b| match b {
        b' '..=b'~' | b'\n' | b'\r' => b,
        _ => b'.',
    }));
}

/// What a C `"%s"` prints of a byte string: everything up to the first NUL.
pub(crate) fn c_string(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}

/// `BIO_dump_indent(bp, data, len, indent)` of OpenSSL 1.1.0+: rows of
/// `16 - (indent - min(indent, 6) + 3) / 4` bytes (`DUMP_WIDTH_LESS_INDENT`),
/// each `"%*s%04x - "`, the bytes as `"%02x"` with `-` after the eighth, two
/// spaces, then printable ASCII or `.`. Every byte is dumped (1.1.0 dropped
/// the old trailing-space truncation).
pub(crate) fn bio_dump(out: &mut Vec<u8>, bytes: &[u8], indent_width: usize) {
    let indent_width = indent_width.min(64);
    let width = 16 - (indent_width - indent_width.min(6)).div_ceil(4);
    for (row, chunk) in bytes.chunks(width).enumerate() {
        indent(out, indent_width);
        out.extend_from_slice(format!("{:04x} - ", row * width).as_bytes());
        for column in 0..width {
            match chunk.get(column) {
                Some(&byte) => {
                    push_hex_lower(out, byte);
                    out.push(if column == 7 { b'-' } else { b' ' });
                }
                None => out.extend_from_slice(b"   "),
            }
        }
        out.extend_from_slice(b"  ");
        out.extend(chunk.iter().map(|&b| match b {
            b' '..=b'~' => b,
            _ => b'.',
        }));
        out.push(b'\n');
    }
}

/// `ASN1_buf_print`: [`colon_hex_lines`] with the version's bytes per line.
pub(crate) fn buf_print(out: &mut Vec<u8>, bytes: &[u8], width: usize, hex: HexLayout) {
    colon_hex_lines(out, bytes, width, hex.buf_row);
}

/// `ASN1_bn_print(bp, label, bn, NULL, width)` of a number given as sign and
/// big-endian magnitude: ` 0`, decimal and hex up to 8 bytes (`BN_BYTES`),
/// else the bytes, up to 3.6 with a leading `00` when the top bit is set.
pub(crate) fn bn_print(
    out: &mut Vec<u8>,
    label: &str,
    negative: bool,
    magnitude: &[u8],
    width: usize,
    hex: HexLayout,
) {
    let digits: &[u8] = {
        let start = magnitude.iter().take_while(|&&b| b == 0).count();
        &magnitude[start..]
    };
    indent(out, width);
    if digits.is_empty() {
        out.extend_from_slice(format!("{label} 0\n").as_bytes());
        return;
    }
    let sign = if negative { "-" } else { "" };
    if digits.len() <= 8 {
        let value = digits.iter().fold(0u64, |n, &b| (n << 8) | u64::from(b));
        out.extend_from_slice(format!("{label} {sign}{value} ({sign}0x{value:x})\n").as_bytes());
        return;
    }
    out.extend_from_slice(label.as_bytes());
    if negative {
        out.extend_from_slice(b" (Negative)");
    }
    out.push(b'\n');
    if hex.bn_sign_octet && digits[0] & 0x80 != 0 {
        let mut padded = Vec::with_capacity(digits.len() + 1);
        padded.push(0);
        padded.extend_from_slice(digits);
        buf_print(out, &padded, width + 4, hex);
    } else {
        buf_print(out, digits, width + 4, hex);
    }
}

/// `i2a_ASN1_INTEGER`: `-` when negative, then the magnitude as
/// [`i2a_string`] writes it but `00` for an empty one.
pub(crate) fn i2a_integer(out: &mut Vec<u8>, negative: bool, magnitude: &[u8]) {
    if negative {
        out.push(b'-');
    }
    if magnitude.is_empty() {
        out.extend_from_slice(b"00");
    } else {
        i2a_string(out, magnitude);
    }
}

/// `i2a_ASN1_STRING`: uppercase hex pairs, a `\` line break every 35 bytes;
/// `0` for an empty string.
pub(crate) fn i2a_string(out: &mut Vec<u8>, bytes: &[u8]) {
    if bytes.is_empty() {
        out.push(b'0');
    }
    for (i, byte) in bytes.iter().enumerate() {
        if i != 0 && i % 35 == 0 {
            out.extend_from_slice(b"\\\n");
        }
        push_hex_upper(out, *byte);
    }
}

/// `BIO_hex_string(out, indent, width, data, len)`: uppercase hex pairs
/// joined by `:`, a newline and `indent` spaces after every `width` pairs,
/// nothing at all for no data.
pub(crate) fn hex_string(out: &mut Vec<u8>, indent_width: usize, width: usize, bytes: &[u8]) {
    let Some((last, init)) = bytes.split_last() else {
        return;
    };
    let mut column = 0;
    for (i, &byte) in init.iter().enumerate() {
        if i != 0 && column == 0 {
            indent(out, indent_width);
        }
        push_hex_upper(out, byte);
        out.push(b':');
        column = (column + 1) % width;
        if column == 0 {
            out.push(b'\n');
        }
    }
    if !init.is_empty() && column == 0 {
        indent(out, indent_width);
    }
    push_hex_upper(out, *last);
}

/// `"%.*s"` of an `ASN1_STRING`: its bytes up to the first NUL.
pub(crate) fn push_c_string(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(c_string(bytes));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_dump_breaks_after_18_bytes() {
        let mut out = Vec::new();
        signature_dump(&mut out, &[0xAB; 19], 4, HexLayout::V3_0);
        let expected = format!("    {}ab:\n    ab\n", "ab:".repeat(17));
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn string_print_keeps_newlines_and_dots_the_rest() {
        let mut out = Vec::new();
        ascii_or_dot(&mut out, b"a\r\n\x00\x7f\xff~");
        assert_eq!(out, b"a\r\n...~");
    }

    #[test]
    fn bio_dump_rows() {
        let mut out = Vec::new();
        bio_dump(&mut out, b"0123456789abcdefXY\x00", 0);
        let expected =
            "0000 - 30 31 32 33 34 35 36 37-38 39 61 62 63 64 65 66   0123456789abcdef\n\
                        0010 - 58 59 00                                          XY.\n";
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn hex_string_breaks_lines_like_bio_hex_string() {
        let mut out = Vec::new();
        hex_string(&mut out, 4, 2, &[1, 2, 3, 4, 5]);
        assert_eq!(out, b"01:02:\n    03:04:\n    05");
        out.clear();
        hex_string(&mut out, 4, 2, &[1, 2, 3, 4]);
        assert_eq!(out, b"01:02:\n    03:04");
        out.clear();
        hex_string(&mut out, 4, 2, &[]);
        assert!(out.is_empty());
    }
}
