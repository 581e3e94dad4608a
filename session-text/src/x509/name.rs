//! Distinguished names: decoding an `X509_NAME` with the checks
//! `x509_name_ex_d2i` makes (`crypto/x509/x_name.c`), `X509_NAME_oneline`
//! (`crypto/x509/x509_obj.c`), `X509_NAME_print` — the compat form
//! `X509_print` uses for the issuer and subject — and
//! `X509_NAME_print_ex(.., XN_FLAG_ONELINE)` (`crypto/asn1/a_strex.c`),
//! which `GENERAL_NAME_print` uses for a DirName.
//!
//! `X509_NAME_oneline` writes `/SN=value` per entry (`+` inside a
//! multi-valued RDN), escapes `/` and `+` with a backslash and every byte
//! outside `' '..='~'` as `\xHH`; `X509_NAME_print` then drops the first
//! slash and turns each `/` followed by one or two capitals and `=` into
//! `, ` — so `emailAddress` keeps its slash. Inside an extension OpenSSL
//! rejects some names (and then prints the raw extension), and
//! `i2v_GENERAL_NAME` cuts the one-line form at 255 bytes.

use super::ber::{self, Decoded, Element, Parser, Undecodable, Value};
use super::{oid, Unsupported};
use crate::dump::{indent, push_hex_upper};

/// One `X509_NAME_ENTRY` as OpenSSL holds it.
#[derive(Clone, Debug)]
pub(crate) struct NameEntry<'a> {
    /// The attribute type's OID content.
    pub(crate) object: &'a [u8],
    /// The value, an `ASN1_PRINTABLE`.
    pub(crate) value: Value<'a>,
    /// Which RDN the entry came from (`X509_NAME_ENTRY.set`).
    pub(crate) set: usize,
}

/// One `AttributeTypeAndValue` (a SEQUENCE).
fn entry(element: Element<'_>, set: usize) -> Decoded<NameEntry<'_>> {
    let mut fields = element.sequence()?;
    let object = fields.expect(ber::OBJECT)?.object()?;
    let value = fields.read()?;
    fields.finish()?;
    let value = value.mstring(ber::PRINTABLE)?;
    // c2i_ASN1_BIT_STRING clears set unused bits; the copy it then holds
    // differs from the encoding.
    if value.has_unused_bits_set() {
        return Err(Undecodable::Unsupported(
            "a name has a BIT STRING with unused bits set".to_owned(),
        ));
    }
    Ok(NameEntry { object, value, set })
}

/// The entries of a `SET OF AttributeTypeAndValue`, all with `set` — for a
/// DIST_POINT_NAME's relative name OpenSSL decodes the SET directly,
/// leaving every `set` at 0 and skipping the name checks.
pub(crate) fn decode_rdn(rdn: Element<'_>, set: usize) -> Decoded<Vec<NameEntry<'_>>> {
    rdn.sequence_of()
        .all(ber::SEQUENCE, |element| entry(element, set))
}

/// An `X509_NAME` (the items of its SEQUENCE OF), as `x509_name_ex_d2i`
/// decodes it: SEQUENCE OF SET OF entries, then `x509_name_canon`, which
/// fails when a string cannot be converted to UTF-8 (`ASN1_STRING_to_UTF8`:
/// invalid UTF-8, UTF-16 surrogates, code points above U+10FFFF).
pub(crate) fn decode_name(mut rdns: Parser<'_>) -> Decoded<Vec<NameEntry<'_>>> {
    let mut entries = Vec::new();
    let mut set = 0;
    while !rdns.is_empty() {
        entries.extend(decode_rdn(rdns.expect(ber::SET)?, set)?);
        set += 1;
    }
    for entry in &entries {
        if !canonicalizes(entry) {
            return ber::rejected();
        }
    }
    Ok(entries)
}

/// Whether `asn1_string_canon` succeeds on the entry's value.
fn canonicalizes(entry: &NameEntry<'_>) -> bool {
    let valid = |c: u32| c <= 0x10FFFF && !(0xD800..=0xDFFF).contains(&c);
    let data = &entry.value.data;
    match entry.value.tag {
        // UTF8String: UTF8_getc plus is_unicode_valid is exactly UTF-8.
        12 => std::str::from_utf8(data).is_ok(),
        30 => data
            .chunks_exact(2)
            .all(|c| valid(u32::from(u16::from_be_bytes([c[0], c[1]])))),
        28 => data
            .chunks_exact(4)
            .all(|c| valid(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))),
        _ => true,
    }
}

/// `OBJ_obj2txt(buf, 80, obj, 1)` (and `i2t_ASN1_OBJECT` into 80 bytes,
/// the same for an object libcrypto does not know): the dotted form, cut at
/// 79 bytes, empty when OpenSSL refuses to spell it.
fn dotted_79(object: &[u8]) -> String {
    String::from_utf8_lossy(&oid::obj2txt(object, true, 80)).into_owned()
}

/// The short name `X509_NAME_oneline` and `XN_FLAG_FN_SN` print.
fn field_name(object: &[u8]) -> String {
    match oid::short_name(object) {
        Some(short) if oid::nid(object).is_some() => short.to_string(),
        _ => dotted_79(object),
    }
}

/// Past this many bytes `X509_NAME_oneline` fails (`NAME_ONELINE_MAX`).
const NAME_ONELINE_MAX: usize = 1024 * 1024;

/// `X509_NAME_oneline(name, buf, size)`: entries are written whole while
/// they fit in `size - 1` bytes; the first that does not fit ends the line.
/// `None` when OpenSSL fails (`X509_R_NAME_TOO_LONG`).
pub(crate) fn oneline(entries: &[NameEntry<'_>], size: usize) -> Option<Vec<u8>> {
    let capacity = size - 1;
    let mut line = Vec::new();
    let mut total = 0usize;
    let mut previous_set = None;
    for entry in entries {
        let name = field_name(entry.object);
        let data = &entry.value.data;
        if data.len() > NAME_ONELINE_MAX {
            return None;
        }
        let escaped: usize = data
            .iter()
            .map(|&b| match b {
                b'/' | b'+' => 2,
                b' '..=b'~' => 1,
                _ => 4,
            })
            .sum();
        total += 1 + name.len() + 1 + escaped;
        if total > NAME_ONELINE_MAX {
            return None;
        }
        if total > capacity {
            break;
        }
        line.push(if previous_set == Some(entry.set) {
            b'+'
        } else {
            b'/'
        });
        line.extend_from_slice(name.as_bytes());
        line.push(b'=');
        for &byte in data.iter() {
            match byte {
                b'/' | b'+' => line.extend_from_slice(&[b'\\', byte]),
                b' '..=b'~' => line.push(byte),
                _ => {
                    line.extend_from_slice(b"\\x");
                    push_hex_upper(&mut line, byte);
                }
            }
        }
        previous_set = Some(entry.set);
    }
    Some(line)
}

/// `char_type` of `crypto/asn1/charmap.h` for 0..=127.
#[rustfmt::skip]
const CHAR_TYPE: [u16; 128] = [
    1026, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
    2, 2, 2, 2, 2, 2, 2, 2, 120, 0, 1, 40,
    0, 0, 0, 16, 1040, 1040, 33792, 25, 25, 16400, 8208, 16,
    4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 16, 9,
    9, 16, 9, 16, 0, 4112, 4112, 4112, 4112, 4112, 4112, 4112,
    4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112,
    4112, 4112, 4112, 4112, 4112, 4112, 4112, 0, 1025, 0, 0, 0,
    0, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112,
    4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112, 4112,
    4112, 4112, 4112, 0, 0, 0, 0, 2,
];

const ESC_2253: u16 = 0x01;
const ESC_CTRL: u16 = 0x02;
const ESC_MSB: u16 = 0x04;
const ESC_QUOTE: u16 = 0x08;
const FIRST_ESC_2253: u16 = 0x20;
const LAST_ESC_2253: u16 = 0x40;
/// `CHARTYPE_BS_ESC`.
const BS_ESC: u16 = ESC_2253 | FIRST_ESC_2253 | LAST_ESC_2253;
/// The escape flags of `XN_FLAG_ONELINE` (`ASN1_STRFLGS_RFC2253 |
/// ASN1_STRFLGS_ESC_QUOTE`, masked with `ESC_FLAGS`).
const ONELINE_ESCAPES: u16 = ESC_2253 | ESC_CTRL | ESC_MSB | ESC_QUOTE;

/// `do_esc_char` for one byte; `quotes` is set instead of printing when a
/// character asks for quoting.
fn escape_byte(out: &mut Vec<u8>, byte: u8, flags: u16, quotes: &mut bool) {
    let char_flags = if byte > 0x7F {
        flags & ESC_MSB
    } else {
        CHAR_TYPE[usize::from(byte)] & flags
    };
    if char_flags & BS_ESC != 0 {
        if char_flags & ESC_QUOTE != 0 {
            *quotes = true;
            out.push(byte);
        } else {
            out.extend_from_slice(&[b'\\', byte]);
        }
    } else if char_flags & (ESC_CTRL | ESC_MSB) != 0 {
        out.push(b'\\');
        push_hex_upper(out, byte);
    } else {
        // A backslash carries ESC_2253 in the table: handled above.
        out.push(byte);
    }
}

/// `do_buf` with `XN_FLAG_ONELINE`'s flags: the characters of `data`
/// (`width` bytes each, converted to UTF-8 when `convert`), escaped.
/// Returns the text and whether it must be quoted; `None` where OpenSSL's
/// `do_buf` fails (a UTF-16 surrogate or a value past U+10FFFF, which
/// `UTF8_putc` cannot encode).
fn escaped_value(data: &[u8], width: usize, convert: bool) -> Option<(Vec<u8>, bool)> {
    let mut out = Vec::with_capacity(data.len());
    let mut quotes = false;
    let count = data.len() / width;
    for (index, chunk) in data.chunks_exact(width).enumerate() {
        let value = chunk.iter().fold(0u32, |n, &b| (n << 8) | u32::from(b));
        // The last-character flag replaces the first-character one.
        let position = if index + 1 == count {
            LAST_ESC_2253
        } else if index == 0 {
            FIRST_ESC_2253
        } else {
            0
        };
        let flags = ONELINE_ESCAPES | position;
        if convert {
            let encoded = char::from_u32(value)?.to_string();
            for &byte in encoded.as_bytes() {
                escape_byte(&mut out, byte, flags, &mut quotes);
            }
        } else {
            // Width 1 without conversion: a UTF8String's bytes.
            escape_byte(&mut out, chunk[0], flags, &mut quotes);
        }
    }
    Some((out, quotes))
}

/// `do_print_ex` with `XN_FLAG_ONELINE` for one value; `false` when it
/// fails (having printed nothing of the value).
fn print_value(out: &mut Vec<u8>, entry: &NameEntry<'_>) -> bool {
    let (width, convert) = match entry.value.tag {
        // UTF8String with UTF8_CONVERT: printed byte by byte.
        12 => (1, false),
        18 | 19 | 20 | 22 | 23 | 24 | 26 => (1, true),
        28 => (4, true),
        30 => (2, true),
        _ => {
            // Unknown types: '#' and the hex of the DER encoding.
            out.push(b'#');
            for byte in entry.value.der_encoding() {
                push_hex_upper(out, byte);
            }
            return true;
        }
    };
    // Lengths were checked on decoding: no partial trailing character.
    let Some((text, quotes)) = escaped_value(&entry.value.data, width, convert) else {
        return false;
    };
    if quotes {
        out.push(b'"');
    }
    out.extend_from_slice(&text);
    if quotes {
        out.push(b'"');
    }
    true
}

/// `X509_NAME_print_ex(out, name, indent, XN_FLAG_ONELINE)`. Returns
/// `false` where OpenSSL's returns -1: a value it cannot print ends the
/// output there.
pub(crate) fn print_oneline_ex(out: &mut Vec<u8>, entries: &[NameEntry<'_>], width: usize) -> bool {
    indent(out, width);
    let mut previous_set = None;
    for entry in entries {
        if let Some(previous) = previous_set {
            out.extend_from_slice(if previous == entry.set { b" + " } else { b", " });
        }
        previous_set = Some(entry.set);
        let name = match oid::nid(entry.object) {
            Some(_) => oid::short_name(entry.object).unwrap_or("").to_string(),
            None => dotted_79(entry.object),
        };
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b" = ");
        if !print_value(out, entry) {
            return false;
        }
    }
    true
}

/// Refuses a name whose `X509_NAME_oneline` differs in OpenSSL 1.1.1
/// (crypto/x509/x509_obj.c of 1.1.1w): it joins the entries of a
/// multi-valued RDN with `/` and does not escape `/` and `+` in values, where
/// 3.0 writes `+` and `\/`, `\+`; other names are written alike.
pub(crate) fn refuse_oneline_otherwise_in_1_1_1(name: &[u8]) -> Result<(), Unsupported> {
    let entries = decode_name(Parser::items(name)).map_err(|e| match e {
        Undecodable::Unsupported(u) => Unsupported::new(u),
        Undecodable::Rejected => Unsupported::new("a name OpenSSL would not decode"),
    })?;
    let multi_valued = entries.windows(2).any(|w| w[0].set == w[1].set);
    let escaped = entries
        .iter()
        .any(|e| e.value.data.iter().any(|&b| b == b'/' || b == b'+'));
    if multi_valued || escaped {
        return Err(Unsupported::new(
            "OpenSSL 1.1.1 writes this name otherwise than 3.0 (a multi-valued RDN or a / or + \
             in a value), and its text is not reproduced",
        ));
    }
    Ok(())
}

/// `X509_NAME_print(bp, name, 0)`, which `X509_print` uses for the issuer
/// and subject (`XN_FLAG_COMPAT`).
pub(crate) fn print_compat(out: &mut Vec<u8>, name: &[u8]) -> Result<(), Unsupported> {
    // The certificate passed d2i_X509, so its names decode; what cannot be
    // read here is BER this printer does not reproduce.
    let entries = decode_name(Parser::items(name)).map_err(|e| match e {
        Undecodable::Unsupported(u) => Unsupported::new(u),
        Undecodable::Rejected => Unsupported::new("a name OpenSSL would not decode"),
    })?;
    let line = oneline(&entries, usize::MAX)
        .ok_or_else(|| Unsupported::new("a name is longer than X509_NAME_oneline allows"))?;
    let Some(text) = line.get(1..) else {
        return Ok(());
    };
    let is_upper = |at: usize| text.get(at).is_some_and(u8::is_ascii_uppercase);
    let is_equals = |at: usize| text.get(at) == Some(&b'=');
    let mut start = 0;
    for at in 0..text.len() {
        let separator = text[at] == b'/'
            && is_upper(at + 1)
            && (is_equals(at + 2) || (is_upper(at + 2) && is_equals(at + 3)));
        if separator {
            out.extend_from_slice(&text[start..at]);
            out.extend_from_slice(b", ");
            start = at + 1;
        }
    }
    out.extend_from_slice(&text[start..]);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(tag: u32, data: &'static [u8], set: usize) -> NameEntry<'static> {
        NameEntry {
            object: &[0x55, 0x04, 0x03],
            value: Value {
                tag,
                data: data.into(),
                unused_bits: 0,
            },
            set,
        }
    }

    fn ex(entries: &[NameEntry<'_>]) -> String {
        let mut out = Vec::new();
        print_oneline_ex(&mut out, entries, 0);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn rfc2253_escapes_and_quotes() {
        assert_eq!(ex(&[entry(19, b"a,b", 0)]), "CN = \"a,b\"");
        assert_eq!(ex(&[entry(19, b"a\\b\"", 0)]), "CN = a\\\\b\\\"");
        assert_eq!(ex(&[entry(19, b" x ", 0)]), "CN = \" x \"");
        assert_eq!(ex(&[entry(19, b"#x#", 0)]), "CN = \"#x#\"");
        // a lone '#' is the last character, not the first
        assert_eq!(ex(&[entry(19, b"#", 0)]), "CN = #");
        assert_eq!(ex(&[entry(22, b"\xE9\x01", 0)]), "CN = \\C3\\A9\\01");
        assert_eq!(ex(&[entry(12, b"\xC3\xA9", 0)]), "CN = \\C3\\A9");
        // OpenSSL 3.0.19 stops at a surrogate, before the value
        assert_eq!(
            ex(&[
                entry(19, b"a", 0),
                entry(30, b"\x00A\xD8\x00", 1),
                entry(19, b"b", 2)
            ]),
            "CN = a, CN = "
        );
        assert_eq!(
            ex(&[entry(19, b"a", 0), entry(19, b"b", 0), entry(19, b"c", 1)]),
            "CN = a + CN = b, CN = c"
        );
    }

    /// An entry tagged `20` (universal 0, constructed) where the
    /// AttributeTypeAndValue SEQUENCE belongs: OpenSSL prints the
    /// subjectAltName holding it raw (`openssl x509 -text`).
    #[test]
    fn entries_must_be_sequences() {
        let mut rdn = vec![
            0x31, 0x0A, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x13, 0x01, b'a',
        ];
        assert_eq!(decode_name(Parser::items(&rdn)).unwrap().len(), 1);
        rdn[2] = 0x20;
        assert_eq!(
            decode_name(Parser::items(&rdn)).unwrap_err(),
            Undecodable::Rejected
        );
    }

    #[test]
    fn oneline_stops_at_the_buffer() {
        let long: &'static [u8] = &[b'x'; 250];
        let entries = [entry(19, b"a/b", 0), entry(19, long, 1), entry(19, b"z", 2)];
        assert_eq!(oneline(&entries, 256).unwrap(), b"/CN=a\\/b");
        let fits = [entry(19, b"\x01", 0), entry(19, b"y", 0)];
        assert_eq!(oneline(&fits, 256).unwrap(), b"/CN=\\x01+CN=y");
    }
}

#[cfg(test)]
mod compat_tests {
    use super::super::der::{self, Reader};
    use super::*;

    const UTF8_STRING: u8 = 0x0C;
    const PRINTABLE_STRING: u8 = 0x13;
    const IA5_STRING: u8 = 0x16;
    const BMP_STRING: u8 = 0x1E;

    /// A Name's content from (OID content, tag, value, same RDN as before).
    fn name(entries: &[(&[u8], u8, &[u8], bool)]) -> Vec<u8> {
        fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
            assert!(content.len() < 128);
            let mut v = vec![tag, u8::try_from(content.len()).unwrap()];
            v.extend_from_slice(content);
            v
        }
        let mut sets: Vec<Vec<u8>> = Vec::new();
        for (object, tag, value, same) in entries {
            let mut attribute = tlv(der::OID, object);
            attribute.extend(tlv(*tag, value));
            let attribute = tlv(der::SEQUENCE, &attribute);
            match sets.last_mut() {
                Some(last) if *same => last.extend(attribute),
                _ => sets.push(attribute),
            }
        }
        sets.iter().flat_map(|s| tlv(0x31, s)).collect()
    }

    const CN: &[u8] = &[0x55, 0x04, 0x03];
    const O: &[u8] = &[0x55, 0x04, 0x0A];
    const EMAIL: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01];

    fn printed(content: &[u8]) -> String {
        let mut out = Vec::new();
        print_compat(&mut out, content).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn slashes_before_lowercase_names_stay() {
        let n = name(&[
            (O, UTF8_STRING, b"Org", false),
            (EMAIL, IA5_STRING, b"a@b", false),
            (CN, UTF8_STRING, b"x/y+z", false),
        ]);
        assert_eq!(printed(&n), "O=Org/emailAddress=a@b, CN=x\\/y\\+z");
    }

    #[test]
    fn multi_valued_rdns_and_escapes() {
        let n = name(&[
            (CN, UTF8_STRING, "K\u{f8}".as_bytes(), false),
            (O, PRINTABLE_STRING, b"P", true),
            (&[0x2A, 0x03, 0x04], BMP_STRING, &[0, b'A'], false),
        ]);
        assert_eq!(printed(&n), "CN=K\\xC3\\xB8+O=P/1.2.3.4=\\x00A");
        assert_eq!(printed(&[]), "");
    }

    /// The subject of every certificate in the test bundles, printed with
    /// `XN_FLAG_ONELINE` by `openssl x509 -subject -nameopt oneline`.
    #[test]
    fn oneline_flags_match_openssl_on_the_bundles() {
        let mut compared = 0;
        for bundle in ["ca-roots.pem", "core.pem"] {
            for cert in super::super::bundle_certificates(bundle) {
                let mut outer = Reader::new(&cert);
                let mut c = Reader::new(outer.read_tag(der::SEQUENCE).unwrap());
                let mut tbs = Reader::new(c.read_tag(der::SEQUENCE).unwrap());
                tbs.read_optional(der::context(0, true)).unwrap();
                for _ in 0..4 {
                    tbs.read().unwrap(); // serial, algorithm, issuer, validity
                }
                let subject = tbs.read_tag(der::SEQUENCE).unwrap();
                let openssl = std::process::Command::new("openssl")
                    .args([
                        "x509", "-inform", "DER", "-noout", "-subject", "-nameopt", "oneline",
                    ])
                    .stdin(std::process::Stdio::piped())
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .and_then(|mut child| {
                        use std::io::Write;
                        child.stdin.take().unwrap().write_all(&cert)?;
                        child.wait_with_output()
                    })
                    .unwrap();
                let mut ours = b"subject=".to_vec();
                let entries = decode_name(Parser::items(subject)).unwrap();
                assert!(print_oneline_ex(&mut ours, &entries, 0));
                ours.push(b'\n');
                assert_eq!(
                    String::from_utf8_lossy(&ours),
                    String::from_utf8_lossy(&openssl.stdout),
                    "{bundle}"
                );
                compared += 1;
            }
        }
        assert!(compared > 150, "{compared}");
    }
}
