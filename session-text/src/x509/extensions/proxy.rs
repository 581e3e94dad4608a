//! proxyCertInfo (`i2r_pci`, `crypto/x509/v3_pci.c`, RFC 3820).

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Parser};
use super::super::integer::Integer;
use super::super::{oid, Unsupported};
use super::decoded;
use super::Printed;
use crate::dump::{i2a_integer, indent, push_c_string};

/// A `PROXY_CERT_INFO_EXTENSION`: path length (INTEGER content), policy
/// language OID, policy text.
type ProxyCertInfo<'a> = (Option<&'a [u8]>, &'a [u8], Option<Cow<'a, [u8]>>);

fn decode(value: &[u8]) -> Decoded<ProxyCertInfo<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let path_length = match fields.optional(ber::INTEGER)? {
        Some(number) => Some(number.integer()?),
        None => None,
    };
    let mut policy = fields.expect(ber::SEQUENCE)?.sequence()?;
    let language = policy.expect(ber::OBJECT)?.object()?;
    // The last field, OPTIONAL: read as required once anything is left
    // (tasn_dec.c decodes a SEQUENCE's last field with opt = 0).
    let text = if policy.is_empty() {
        None
    } else {
        Some(policy.expect(ber::OCTET_STRING)?.string()?)
    };
    policy.finish()?;
    fields.finish()?;
    Ok((path_length, language, text))
}

/// proxyCertInfo: the path length (`i2a_ASN1_INTEGER`, hex) or
/// `infinite`, the policy language and, when there is one, the policy.
pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let Some((path_length, language, policy)) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    indent(out, width);
    out.extend_from_slice(b"Path Length Constraint: ");
    match path_length {
        Some(content) => {
            let number = Integer::from_content(content);
            i2a_integer(out, number.negative, &number.magnitude);
        }
        None => out.extend_from_slice(b"infinite"),
    }
    out.push(b'\n');
    indent(out, width);
    out.extend_from_slice(b"Policy Language: ");
    out.extend_from_slice(oid::name(language).as_bytes());
    if let Some(policy) = policy {
        out.push(b'\n');
        indent(out, width);
        out.extend_from_slice(b"Policy Text: ");
        push_c_string(out, &policy);
    }
    Ok(Printed::Done)
}
