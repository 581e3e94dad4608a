//! The OCSP extensions libcrypto prints (`crypto/ocsp/v3_ocsp.c`): nonce,
//! CRL ID, no-check and service locator.

use super::super::ber::{self, Decoded, Element, Parser};
use super::super::integer::Integer;
use super::super::name::{self, NameEntry};
use super::super::{oid, Unsupported};
use super::crl_entry::print_generalized;
use super::general_name::GeneralName;
use super::info_access::access_description;
use super::{decoded, Printed};
use crate::dump::{ascii_or_dot, indent, push_hex_upper};

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

/// An OPTIONAL `[tag] EXPLICIT` field holding one `inner_tag` element,
/// decoded by `read`.
fn explicit_field<'a, T>(
    fields: &mut Parser<'a>,
    tag: u8,
    inner_tag: u8,
    read: fn(Element<'a>) -> Decoded<T>,
) -> Decoded<Option<T>> {
    let Some(explicit) = fields.optional(tag)? else {
        return Ok(None);
    };
    let mut inner = explicit.explicit()?;
    let value = read(inner.expect(inner_tag)?)?;
    inner.finish()?;
    Ok(Some(value))
}

/// `OCSP_CRLID`: three optional EXPLICIT fields.
fn decode_crl_id(value: &[u8]) -> Decoded<CrlId<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let url = explicit_field(
        &mut fields,
        ber::context(0),
        ber::IA5_STRING,
        Element::string,
    )?;
    let number = explicit_field(&mut fields, ber::context(1), ber::INTEGER, Element::integer)?
        .map(Integer::from_content);
    let time = explicit_field(
        &mut fields,
        ber::context(2),
        ber::GENERALIZED_TIME,
        Element::string,
    )?;
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
    let null = Parser::new(value).expect(ber::NULL).and_then(Element::null);
    Ok(match decoded(null)? {
        Some(()) => Printed::Done,
        None => Printed::Failed,
    })
}

/// `OCSP_SERVICELOC { issuer Name, locator SEQUENCE OF AccessDescription
/// OPTIONAL }`.
type ServiceLocator<'a> = (Vec<NameEntry<'a>>, Vec<(&'a [u8], GeneralName<'a>)>);

fn decode_service_locator(value: &[u8]) -> Decoded<ServiceLocator<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let issuer = name::decode_name(fields.expect(ber::SEQUENCE)?.sequence_of())?;
    let locator = match fields.optional(ber::SEQUENCE)? {
        Some(list) => list.sequence_of().all(ber::SEQUENCE, access_description)?,
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
