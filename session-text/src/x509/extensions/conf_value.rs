//! `STACK_OF(CONF_VALUE)`, what the `i2v` printers return, and
//! `X509V3_EXT_val_prn`, which prints it (`crypto/x509/v3_prn.c`).

use crate::dump::{c_string, indent};

/// One name/value pair. Both are C strings in OpenSSL: they never contain
/// a NUL here either.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ConfValue {
    pub(crate) name: Option<Vec<u8>>,
    pub(crate) value: Option<Vec<u8>>,
}

/// The list an `i2v` function builds.
pub(crate) type ConfList = Vec<ConfValue>;

/// `X509V3_add_value`: `value` is taken as a C string (up to its first NUL).
pub(crate) fn add_value(list: &mut ConfList, name: Option<&[u8]>, value: Option<&[u8]>) {
    list.push(ConfValue {
        name: name.map(|n| c_string(n).to_vec()),
        value: value.map(|v| c_string(v).to_vec()),
    });
}

/// `x509v3_add_len_value_uchar`: fails (adds nothing) when the value holds
/// a NUL, which OpenSSL refuses to put into a C string.
pub(crate) fn add_len_value(list: &mut ConfList, name: &[u8], value: &[u8]) -> Result<(), ()> {
    if value.contains(&0) {
        return Err(());
    }
    list.push(ConfValue {
        name: Some(name.to_vec()),
        value: Some(value.to_vec()),
    });
    Ok(())
}

/// `X509V3_EXT_val_prn(out, list, indent, multiline)`.
pub(crate) fn val_prn(out: &mut Vec<u8>, list: &[ConfValue], width: usize, multiline: bool) {
    if !multiline || list.is_empty() {
        indent(out, width);
        if list.is_empty() {
            out.extend_from_slice(b"<EMPTY>\n");
        }
    }
    for (i, item) in list.iter().enumerate() {
        if multiline {
            if i > 0 {
                out.push(b'\n');
            }
            indent(out, width);
        } else if i > 0 {
            out.extend_from_slice(b", ");
        }
        match (&item.name, &item.value) {
            (None, Some(value)) => out.extend_from_slice(value),
            (Some(name), None) => out.extend_from_slice(name),
            (Some(name), Some(value)) => {
                out.extend_from_slice(name);
                out.push(b':');
                out.extend_from_slice(value);
            }
            // BIO_puts(NULL) is not reached by any printer here.
            (None, None) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_and_multi_line_layouts() {
        let mut list = ConfList::new();
        add_value(&mut list, Some(b"CA"), Some(b"TRUE"));
        add_value(&mut list, None, Some(b"v\0cut"));
        add_value(&mut list, Some(b"flag"), None);
        let mut out = Vec::new();
        val_prn(&mut out, &list, 2, false);
        assert_eq!(out, b"  CA:TRUE, v, flag");
        out.clear();
        val_prn(&mut out, &list, 2, true);
        assert_eq!(out, b"  CA:TRUE\n  v\n  flag");
        out.clear();
        val_prn(&mut out, &[], 2, true);
        assert_eq!(out, b"  <EMPTY>\n");
        assert!(add_len_value(&mut list, b"DNS", b"a\0b").is_err());
    }
}
