//! `crlDistributionPoints`, `freshestCRL` and `issuingDistributionPoint`
//! (`crypto/x509/v3_crld.c`, `i2r_crldp` and `i2r_idp`).
//!
//! OpenSSL's `print_gens` ends its last name without a newline, so what
//! follows a full name (reasons, a CRL issuer) continues on the same line;
//! that is reproduced as is.

use super::super::ber::{self, BitString, Decoded, Element, Parser};
use super::super::name::{self, NameEntry};
use super::super::Unsupported;
use super::general_name::{decode_general_names, GeneralName};
use super::{decoded, Printed};
use crate::dump::indent;

/// `DIST_POINT_NAME`.
enum PointName<'a> {
    /// `[0] fullName`.
    Full(Vec<GeneralName<'a>>),
    /// `[1] nameRelativeToCRLIssuer`.
    Relative(Vec<NameEntry<'a>>),
}

/// The `[0] EXPLICIT DIST_POINT_NAME`.
fn point_name(explicit: Element<'_>) -> Decoded<PointName<'_>> {
    let mut inner = explicit.explicit()?;
    let choice = inner.read()?;
    let name = if choice.is(ber::context(0)) {
        PointName::Full(decode_general_names(choice)?)
    } else if choice.is(ber::context(1)) {
        PointName::Relative(name::decode_rdn(choice, 0)?)
    } else {
        // No alternative matches.
        return ber::rejected();
    };
    inner.finish()?;
    Ok(name)
}

/// `DIST_POINT`.
struct DistPoint<'a> {
    name: Option<PointName<'a>>,
    reasons: Option<BitString<'a>>,
    crl_issuer: Option<Vec<GeneralName<'a>>>,
}

fn dist_point(element: Element<'_>) -> Decoded<DistPoint<'_>> {
    let mut fields = element.sequence()?;
    let name = match fields.optional(ber::context(0))? {
        Some(explicit) => Some(point_name(explicit)?),
        None => None,
    };
    let reasons = match fields.optional(ber::context(1))? {
        Some(bits) => Some(bits.bit_string()?),
        None => None,
    };
    let crl_issuer = match fields.optional(ber::context(2))? {
        Some(names) => Some(decode_general_names(names)?),
        None => None,
    };
    fields.finish()?;
    Ok(DistPoint {
        name,
        reasons,
        crl_issuer,
    })
}

/// `print_gens`: each name on its own line at `width + 2`, no final newline.
fn print_names(out: &mut Vec<u8>, names: &[GeneralName<'_>], width: usize) {
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        indent(out, width + 2);
        name.print(out);
    }
}

/// `print_distpoint`. From 3.5 (`crypto/x509/v3_crld.c`) a newline follows
/// the full name (`OSSL_GENERAL_NAMES_print`, then `BIO_puts(out, "\n")`),
/// which 3.0 left out: there the next line ran on after the last name.
fn print_point_name(out: &mut Vec<u8>, name: &PointName<'_>, width: usize, newline: bool) {
    match name {
        PointName::Full(names) => {
            indent(out, width);
            out.extend_from_slice(b"Full Name:\n");
            print_names(out, names, width);
            if newline {
                out.push(b'\n');
            }
        }
        PointName::Relative(entries) => {
            indent(out, width);
            out.extend_from_slice(b"Relative Name:\n");
            indent(out, width + 2);
            // A failure only cuts the name short; OpenSSL goes on.
            let _ = name::print_oneline_ex(out, entries, 0);
            out.push(b'\n');
        }
    }
}

const REASONS: [&str; 9] = [
    "Unused",
    "Key Compromise",
    "CA Compromise",
    "Affiliation Changed",
    "Superseded",
    "Cessation Of Operation",
    "Certificate Hold",
    "Privilege Withdrawn",
    "AA Compromise",
];

/// `print_reasons`.
fn print_reasons(out: &mut Vec<u8>, title: &str, reasons: &BitString<'_>, width: usize) {
    indent(out, width);
    out.extend_from_slice(title.as_bytes());
    out.extend_from_slice(b":\n");
    indent(out, width + 2);
    let set: Vec<&str> = REASONS
        .iter()
        .enumerate()
        .filter(|(bit, _)| reasons.view().bit(*bit))
        .map(|(_, name)| *name)
        .collect();
    if set.is_empty() {
        out.extend_from_slice(b"<EMPTY>\n");
    } else {
        out.extend_from_slice(set.join(", ").as_bytes());
        out.push(b'\n');
    }
}

pub(super) fn print_distribution_points(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    distribution_points(out, value, width, false)
}

/// [`print_distribution_points`] of 3.5 and later.
pub(super) fn print_distribution_points_3_5(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    distribution_points(out, value, width, true)
}

fn distribution_points(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
    newline: bool,
) -> Result<Printed, Unsupported> {
    let points = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|list| list.sequence_of().all(ber::SEQUENCE, dist_point));
    let Some(points) = decoded(points)? else {
        return Ok(Printed::Failed);
    };
    for (i, point) in points.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        if let Some(name) = &point.name {
            print_point_name(out, name, width, newline);
        }
        if let Some(reasons) = &point.reasons {
            print_reasons(out, "Reasons", reasons, width);
        }
        if let Some(issuer) = &point.crl_issuer {
            indent(out, width);
            out.extend_from_slice(b"CRL Issuer:\n");
            print_names(out, issuer, width);
        }
    }
    Ok(Printed::Done)
}

/// `ISSUING_DIST_POINT`.
struct IssuingDistPoint<'a> {
    name: Option<PointName<'a>>,
    only_user: bool,
    only_ca: bool,
    only_some_reasons: Option<BitString<'a>>,
    indirect_crl: bool,
    only_attributes: bool,
}

fn decode_issuing(value: &[u8]) -> Decoded<IssuingDistPoint<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let name = match fields.optional(ber::context(0))? {
        Some(explicit) => Some(point_name(explicit)?),
        None => None,
    };
    // IMPLICIT ASN1_FBOOLEAN: absent is false; printed when > 0, which any
    // non-zero octet is.
    let flag = |fields: &mut Parser<'_>, tag: u8| -> Decoded<bool> {
        match fields.optional(tag)? {
            Some(flag) => flag.boolean(),
            None => Ok(false),
        }
    };
    let only_user = flag(&mut fields, ber::context(1))?;
    let only_ca = flag(&mut fields, ber::context(2))?;
    let only_some_reasons = match fields.optional(ber::context(3))? {
        Some(bits) => Some(bits.bit_string()?),
        None => None,
    };
    let indirect_crl = flag(&mut fields, ber::context(4))?;
    let only_attributes = flag(&mut fields, ber::context(5))?;
    fields.finish()?;
    Ok(IssuingDistPoint {
        name,
        only_user,
        only_ca,
        only_some_reasons,
        indirect_crl,
        only_attributes,
    })
}

pub(super) fn print_issuing_distribution_point(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    issuing_distribution_point(out, value, width, false)
}

/// [`print_issuing_distribution_point`] of 3.5 and later.
pub(super) fn print_issuing_distribution_point_3_5(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    issuing_distribution_point(out, value, width, true)
}

fn issuing_distribution_point(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
    newline: bool,
) -> Result<Printed, Unsupported> {
    let Some(idp) = decoded(decode_issuing(value))? else {
        return Ok(Printed::Failed);
    };
    let line = |out: &mut Vec<u8>, text: &[u8]| {
        indent(out, width);
        out.extend_from_slice(text);
        out.push(b'\n');
    };
    if let Some(name) = &idp.name {
        print_point_name(out, name, width, newline);
    }
    if idp.only_user {
        line(out, b"Only User Certificates");
    }
    if idp.only_ca {
        line(out, b"Only CA Certificates");
    }
    if idp.indirect_crl {
        line(out, b"Indirect CRL");
    }
    if let Some(reasons) = &idp.only_some_reasons {
        print_reasons(out, "Only Some Reasons", reasons, width);
    }
    if idp.only_attributes {
        line(out, b"Only Attribute Certificates");
    }
    if idp.name.is_none()
        && !idp.only_user
        && !idp.only_ca
        && !idp.indirect_crl
        && idp.only_some_reasons.is_none()
        && !idp.only_attributes
    {
        line(out, b"<EMPTY>");
    }
    Ok(Printed::Done)
}
