//! The OCSP extensions libcrypto prints (`crypto/ocsp/v3_ocsp.c`): nonce,
//! CRL ID, no-check and service locator.

use super::super::ber::{self, Decoded, Parser};
use super::super::dump::{ascii_or_dot, indent, push_hex_upper};
use super::super::integer::Integer;
use super::super::name::{self, NameEntry};
use super::super::{oid, Unsupported};
use super::crl_entry::print_generalized;
use super::general_name::GeneralName;
use super::info_access::access_description;
use super::{decoded, Printed};

/// `i2a_ASN1_STRING` / `i2a_ASN1_INTEGER`'s hex: uppercase pairs, a
/// backslash-newline after every 35 bytes, `empty` for no bytes.
fn hex_lines(out: &mut Vec<u8>, bytes: &[u8], empty: &[u8]) {
    if bytes.is_empty() {
        out.extend_from_slice(empty);
    }
    for (i, &byte) in bytes.iter().enumerate() {
        if i != 0 && i % 35 == 0 {
            out.extend_from_slice(b"\\\n");
        }
        push_hex_upper(out, byte);
    }
}

/// The nonce method has no ASN.1 template: its `d2i` copies the whole
/// value, which `i2a_ASN1_STRING` prints in hex (`0` when empty).
pub(super) fn print_nonce(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    indent(out, width);
    hex_lines(out, value, b"0");
    Ok(Printed::Done)
}

/// `OCSP_CRLID`'s three optional fields: URL, number, time.
type CrlId<'a> = (Option<&'a [u8]>, Option<Integer>, Option<&'a [u8]>);

/// `OCSP_CRLID`: three optional EXPLICIT fields.
fn decode_crl_id(value: &[u8]) -> Decoded<CrlId<'_>> {
    let mut fields = Parser::new(Parser::new(value).constructed(0x30)?);
    let url = match fields.optional(0xA0, Parser::constructed)? {
        Some(content) => {
            let mut inner = Parser::new(content);
            let url = inner.string(0x16)?;
            inner.finish()?;
            Some(url)
        }
        None => None,
    };
    let number = match fields.optional(0xA1, Parser::constructed)? {
        Some(content) => {
            let mut inner = Parser::new(content);
            let number = inner.primitive(0x02)?;
            ber::check_integer(number)?;
            inner.finish()?;
            Some(Integer::from_content(number))
        }
        None => None,
    };
    let time = match fields.optional(0xA2, Parser::constructed)? {
        Some(content) => {
            let mut inner = Parser::new(content);
            let time = inner.string(0x18)?;
            inner.finish()?;
            Some(time)
        }
        None => None,
    };
    fields.finish()?;
    Ok((url, number, time))
}

/// `i2r_ocsp_crlid`: one line per field present; a time OpenSSL cannot
/// read makes it fail after `Bad time value`.
pub(super) fn print_crl_id(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let Some((url, number, time)) = decoded(decode_crl_id(value))? else {
        return Ok(Printed::Failed);
    };
    if let Some(url) = url {
        indent(out, width);
        out.extend_from_slice(b"crlUrl: ");
        ascii_or_dot(out, url);
        out.push(b'\n');
    }
    if let Some(number) = number {
        indent(out, width);
        out.extend_from_slice(b"crlNum: ");
        if number.negative {
            out.push(b'-');
        }
        hex_lines(out, &number.magnitude, b"00");
        out.push(b'\n');
    }
    if let Some(time) = time {
        indent(out, width);
        out.extend_from_slice(b"crlTime: ");
        if print_generalized(out, time) == Printed::Failed {
            return Ok(Printed::Failed);
        }
        out.push(b'\n');
    }
    Ok(Printed::Done)
}

/// `ASN1_NULL`: prints nothing.
pub(super) fn print_no_check(
    _out: &mut Vec<u8>,
    value: &[u8],
    _width: usize,
) -> Result<Printed, Unsupported> {
    let null = Parser::new(value).primitive(0x05).and_then(|content| {
        if content.is_empty() {
            Ok(())
        } else {
            Err(ber::Undecodable::Rejected)
        }
    });
    Ok(match decoded(null)? {
        Some(()) => Printed::Done,
        None => Printed::Failed,
    })
}

/// `OCSP_SERVICELOC { issuer Name, locator SEQUENCE OF AccessDescription
/// OPTIONAL }`.
type ServiceLocator<'a> = (Vec<NameEntry<'a>>, Vec<(&'a [u8], GeneralName<'a>)>);

fn decode_service_locator(value: &[u8]) -> Decoded<ServiceLocator<'_>> {
    let mut fields = Parser::new(Parser::new(value).constructed(0x30)?);
    let issuer = name::decode_name(fields.list(0x30)?)?;
    let locator = match fields.optional(0x30, Parser::list)? {
        Some(content) => ber::sequence_of(content, access_description)?,
        None => Vec::new(),
    };
    fields.finish()?;
    Ok((issuer, locator))
}

/// `i2r_ocsp_serviceloc`: `Issuer: ` and the name; an empty name prints
/// nothing, which OpenSSL counts as failure. Then each locator on its own
/// line at twice the indent.
pub(super) fn print_service_locator(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let Some((issuer, locator)) = decoded(decode_service_locator(value))? else {
        return Ok(Printed::Failed);
    };
    indent(out, width);
    out.extend_from_slice(b"Issuer: ");
    if issuer.is_empty() {
        return Ok(Printed::Failed);
    }
    if !name::print_oneline_ex(out, &issuer, 0) {
        return Ok(Printed::Failed);
    }
    for (method, location) in &locator {
        out.push(b'\n');
        indent(out, 2 * width);
        out.extend_from_slice(oid::name(method).as_bytes());
        out.extend_from_slice(b" - ");
        location.print(out);
    }
    Ok(Printed::Done)
}
