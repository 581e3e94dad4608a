//! The CRL and CRL-entry extensions, which may also appear in a
//! certificate: `crlNumber` and `deltaCRL` (`v3_int.c`), `CRLReason`
//! (`v3_enum.c`), `invalidityDate` and OCSP `archiveCutoff`, and
//! `holdInstructionCode` (`crypto/ocsp/v3_ocsp.c`).

use super::super::ber::{self, Decoded, Parser};
use super::super::integer::Integer;
use super::super::{oid, time, Unsupported};
use super::{decoded, print_i2s, Printed};
use crate::dump::indent;

/// A top-level INTEGER or ENUMERATED (`tag`).
fn integer(value: &[u8], tag: u8) -> Decoded<Integer> {
    let content = Parser::new(value).expect(tag)?.integer()?;
    Ok(Integer::from_content(content))
}

/// `i2s_ASN1_INTEGER`.
pub(super) fn print_integer(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let Some(number) = decoded(integer(value, ber::INTEGER))? else {
        return Ok(Printed::Failed);
    };
    Ok(print_i2s(
        out,
        Some(number.to_openssl_string().as_bytes()),
        width,
    ))
}

/// `crl_reasons` of `v3_enum.c` (7 is not a reason code).
fn reason_name(code: i64) -> Option<&'static str> {
    Some(match code {
        0 => "Unspecified",
        1 => "Key Compromise",
        2 => "CA Compromise",
        3 => "Affiliation Changed",
        4 => "Superseded",
        5 => "Cessation Of Operation",
        6 => "Certificate Hold",
        8 => "Remove From CRL",
        9 => "Privilege Withdrawn",
        10 => "AA Compromise",
        _ => return None,
    })
}

/// `i2s_ASN1_ENUMERATED_TABLE`: the reason's name, else the number.
pub(super) fn print_reason(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let Some(number) = decoded(integer(value, ber::ENUMERATED))? else {
        return Ok(Printed::Failed);
    };
    // ASN1_ENUMERATED_get: too-large values come back as -1 or 0xffffffff,
    // neither of which is in the table.
    let code = if number.magnitude.len() <= 8 {
        number.get_long()
    } else {
        -1
    };
    let text = match reason_name(code) {
        Some(name) => name.to_string(),
        None => number.to_openssl_string(),
    };
    Ok(print_i2s(out, Some(text.as_bytes()), width))
}

/// `i2r_ocsp_acutoff`: the time, or `Bad time value` and failure.
pub(super) fn print_generalized_time(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let text = Parser::new(value)
        .expect(ber::GENERALIZED_TIME)
        .and_then(|element| element.string());
    let Some(text) = decoded(text)? else {
        return Ok(Printed::Failed);
    };
    indent(out, width);
    Ok(print_generalized(out, &text))
}

/// `ASN1_GENERALIZEDTIME_print`: `Failed` when it returns 0 (after
/// writing `Bad time value`).
pub(super) fn print_generalized(out: &mut Vec<u8>, text: &[u8]) -> Printed {
    time::print_time(out, text, true);
    if time::parse(text, true).is_some() {
        Printed::Done
    } else {
        Printed::Failed
    }
}

/// `i2r_object`: the OID's name.
pub(super) fn print_hold_instruction(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let object = Parser::new(value)
        .expect(ber::OBJECT)
        .and_then(|element| element.object());
    let Some(object) = decoded(object)? else {
        return Ok(Printed::Failed);
    };
    indent(out, width);
    out.extend_from_slice(oid::name(object).as_bytes());
    Ok(Printed::Done)
}
