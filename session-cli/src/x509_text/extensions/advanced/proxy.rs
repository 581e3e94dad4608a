//! proxyCertInfo (`i2r_pci`, `crypto/x509/v3_pci.c`, RFC 3820).

use super::super::super::dump::{i2a_integer, indent};
use super::super::super::integer::Integer;
use super::super::super::{oid, Unsupported};
use super::super::Printed;
use super::asn1::{self, Decoded, UNIVERSAL};
use super::conclude;
use super::text;

/// A `PROXY_CERT_INFO_EXTENSION`: path length (INTEGER content), policy
/// language OID, policy text.
type ProxyCertInfo<'a> = (Option<&'a [u8]>, &'a [u8], Option<&'a [u8]>);

fn decode(value: &[u8]) -> Decoded<ProxyCertInfo<'_>> {
    let mut fields = asn1::sequence(asn1::top(value, asn1::SEQUENCE, UNIVERSAL)?)?;
    let path_length = match fields.take_optional(asn1::INTEGER, UNIVERSAL)? {
        Some(number) => Some(asn1::integer(number)?),
        None => None,
    };
    let mut policy = asn1::sequence(fields.take(asn1::SEQUENCE, UNIVERSAL)?)?;
    let language = asn1::object(policy.take(asn1::OBJECT, UNIVERSAL)?)?;
    let text = if policy.is_empty() {
        None
    } else {
        Some(asn1::string_content(
            policy.take(asn1::OCTET_STRING, UNIVERSAL)?,
        )?)
    };
    policy.finish()?;
    fields.finish()?;
    Ok((path_length, language, text))
}

/// proxyCertInfo: the path length (`i2a_ASN1_INTEGER`, hex) or
/// `infinite`, the policy language and, when there is one, the policy.
pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let (path_length, language, policy) = match decode(value) {
        Ok(info) => info,
        Err(stop) => return conclude(stop),
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
        text::push_c_string(out, policy);
    }
    Ok(Printed::Done)
}
