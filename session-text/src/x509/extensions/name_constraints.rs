//! nameConstraints (`i2r_NAME_CONSTRAINTS`, `crypto/x509/v3_ncons.c`):
//! the permitted and excluded subtrees' base names, an iPAddress base as
//! address and mask.

use super::super::ber::{self, Decoded, Element, Parser};
use super::super::Unsupported;
use super::decoded;
use super::general_name::{ip_address_text, GeneralName};
use super::Printed;
use crate::dump::indent;

/// A `GENERAL_SUBTREE`: only the base is printed (minimum and maximum are
/// decoded and checked, never shown).
fn subtree(element: Element<'_>) -> Decoded<GeneralName<'_>> {
    let mut fields = element.sequence()?;
    let base = GeneralName::decode(fields.read()?)?;
    for tag in [ber::context(0), ber::context(1)] {
        if let Some(bound) = fields.optional(tag)? {
            bound.integer()?;
        }
    }
    fields.finish()?;
    Ok(base)
}

/// `[n] IMPLICIT SEQUENCE OF GENERAL_SUBTREE OPTIONAL`: `None` when absent,
/// which OpenSSL tells apart from an empty list.
fn subtrees<'a>(fields: &mut Parser<'a>, tag: u8) -> Decoded<Option<Vec<GeneralName<'a>>>> {
    match fields.optional(tag)? {
        Some(list) => list.sequence_of().all(ber::SEQUENCE, subtree).map(Some),
        None => Ok(None),
    }
}

/// nameConstraints.
pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let read = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|element| {
            let mut fields = element.sequence()?;
            let permitted = subtrees(&mut fields, ber::context(0))?;
            let excluded = subtrees(&mut fields, ber::context(1))?;
            fields.finish()?;
            Ok((permitted, excluded))
        });
    let Some((permitted, excluded)) = decoded(read)? else {
        return Ok(Printed::Failed);
    };
    print_subtrees(out, permitted.as_deref(), width, "Permitted");
    if permitted.is_some() && excluded.is_some() {
        out.push(b'\n');
    }
    print_subtrees(out, excluded.as_deref(), width, "Excluded");
    Ok(Printed::Done)
}

/// `do_i2r_name_constraints`.
fn print_subtrees(out: &mut Vec<u8>, bases: Option<&[GeneralName<'_>]>, width: usize, title: &str) {
    let bases = bases.unwrap_or_default();
    if !bases.is_empty() {
        indent(out, width);
        out.extend_from_slice(title.as_bytes());
        out.extend_from_slice(b":\n");
    }
    for (i, base) in bases.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        indent(out, width + 2);
        match base {
            GeneralName::IpAddress(bytes) => print_ip_and_mask(out, bytes),
            other => other.print(out),
        }
    }
}

/// `print_nc_ipadd`: the first 16 bytes (or 4, or all when fewer) as the
/// address, the rest as the mask, each through `ossl_ipaddr_to_asc`.
fn print_ip_and_mask(out: &mut Vec<u8>, bytes: &[u8]) {
    let split = match bytes.len() {
        16.. => 16,
        4.. => 4,
        all => all,
    };
    let (address, mask) = bytes.split_at(split);
    out.extend_from_slice(
        format!("IP:{}/{}", ip_address_text(address), ip_address_text(mask)).as_bytes(),
    );
}
