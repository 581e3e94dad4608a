//! Text primitives the policy, CT and RFC 3779 printers share: object
//! names, hex dumps (`BIO_hex_string`) and C `"%.*s"`.

use super::super::super::dump::{self, indent, push_hex_upper};
use super::super::super::oid;

/// `OBJ_nid2ln(OBJ_obj2nid(obj))` as `"%s"` prints it: `undefined` (the long
/// name of `NID_undef`) for an object libcrypto does not know.
pub(crate) fn long_name_or_undefined(content: &[u8]) -> String {
    if oid::nid(content).is_some() {
        oid::name(content)
    } else {
        "undefined".to_string()
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
    out.extend_from_slice(dump::c_string(bytes));
}

#[cfg(test)]
mod tests {
    use super::*;

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
