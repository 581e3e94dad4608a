//! The OCSP extensions libcrypto prints (`crypto/ocsp/v3_ocsp.c`): nonce,
//! CRL ID, no-check and service locator.

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Parser};
use super::super::integer::Integer;
use super::super::name::{self, NameEntry};
use super::super::{oid, Unsupported};
use super::crl_entry::print_generalized;
use super::general_name::GeneralName;
use super::info_access::access_description;
use super::{decoded, Printed};
use crate::dump::{ascii_or_dot, i2a_integer, i2a_string, indent};

/// The nonce method has no ASN.1 template: its `d2i` copies the whole
/// value, which `i2a_ASN1_STRING` prints in hex (`0` when empty).
pub(super) fn print_nonce(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    indent(out, width);
    i2a_string(out, value);
    Ok(Printed::Done)
}

/// `OCSP_CRLID`'s three optional fields: URL, number, time.
type CrlId<'a> = (
    Option<Cow<'a, [u8]>>,
    Option<Integer>,
    Option<Cow<'a, [u8]>>,
);

/// `OCSP_CRLID`: three optional EXPLICIT fields.
fn decode_crl_id(value: &[u8]) -> Decoded<CrlId<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let url = fields.optional_explicit(0, |e| e.expect(ber::IA5_STRING)?.string())?;
    let number = fields
        .optional_explicit(1, |e| e.expect(ber::INTEGER)?.integer())?
        .map(Integer::from_content);
    let time = fields.optional_explicit(2, |e| e.expect(ber::GENERALIZED_TIME)?.string())?;
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
        ascii_or_dot(out, &url);
        out.push(b'\n');
    }
    if let Some(number) = number {
        indent(out, width);
        out.extend_from_slice(b"crlNum: ");
        i2a_integer(out, number.negative, &number.magnitude);
        out.push(b'\n');
    }
    if let Some(time) = time {
        indent(out, width);
        out.extend_from_slice(b"crlTime: ");
        if print_generalized(out, &time) == Printed::Failed {
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
    let null = Parser::new(value)
        .expect(ber::NULL)
        .and_then(|element| element.null());
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
