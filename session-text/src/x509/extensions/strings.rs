//! Extensions that are one string: the Netscape IA5String extensions
//! (`v3_ia5.c`), `subjectSignTool` (`v3_utf8.c`), and `issuerSignTool`
//! (`v3_ist.c`), four UTF8Strings.

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Parser};
use super::super::Unsupported;
use super::{decoded, print_i2s, Printed};
use crate::dump::indent;

/// `i2s_ASN1_IA5STRING` / `i2s_ASN1_UTF8STRING`: the string as a C string;
/// an empty one is NULL.
fn print_string(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
    tag: u8,
) -> Result<Printed, Unsupported> {
    let text = Parser::new(value)
        .expect(tag)
        .and_then(|element| element.string());
    let Some(text) = decoded(text)? else {
        return Ok(Printed::Failed);
    };
    Ok(print_i2s(out, (!text.is_empty()).then_some(&*text), width))
}

pub(super) fn print_ia5(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    print_string(out, value, width, ber::IA5_STRING)
}

pub(super) fn print_utf8(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    print_string(out, value, width, ber::UTF8_STRING)
}

/// `ISSUER_SIGN_TOOL`: four required UTF8Strings.
fn decode_sign_tool(value: &[u8]) -> Decoded<[Cow<'_, [u8]>; 4]> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let mut tool = || fields.expect(ber::UTF8_STRING)?.string();
    let tools = [tool()?, tool()?, tool()?, tool()?];
    fields.finish()?;
    Ok(tools)
}

/// `i2r_issuer_sign_tool`: one labelled line each, the bytes written as
/// they are (`BIO_write`, NULs included), no final newline.
pub(super) fn print_issuer_sign_tool(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let Some(tools) = decoded(decode_sign_tool(value))? else {
        return Ok(Printed::Failed);
    };
    let labels: [&[u8]; 4] = [
        b"signTool    : ",
        b"cATool      : ",
        b"signToolCert: ",
        b"cAToolCert  : ",
    ];
    for (i, (label, text)) in labels.iter().zip(tools).enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        indent(out, width);
        out.extend_from_slice(label);
        out.extend_from_slice(&text);
    }
    Ok(Printed::Done)
}
