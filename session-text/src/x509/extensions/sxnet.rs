//! Strong Extranet ID (`crypto/x509/v3_sxnet.c`, `sxnet_i2r`): the version
//! plus one, then `Zone: …, User: …` per id, no final newline.

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Parser};
use super::super::integer::Integer;
use super::super::Unsupported;
use super::{decoded, Printed};
use crate::dump::{ascii_or_dot, indent};

fn integer(parser: &mut Parser<'_>) -> Decoded<Integer> {
    let content = parser.expect(ber::INTEGER)?.integer()?;
    Ok(Integer::from_content(content))
}

/// The version and the (zone, user) pairs.
type Sxnet<'a> = (Integer, Vec<(Integer, Cow<'a, [u8]>)>);

/// `SXNET { version INTEGER, ids SEQUENCE OF SXNETID { zone INTEGER,
/// user OCTET STRING } }`.
fn decode(value: &[u8]) -> Decoded<Sxnet<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let version = integer(&mut fields)?;
    let ids = fields.expect(ber::SEQUENCE)?.sequence_of();
    let ids = ids.all(ber::SEQUENCE, |id| {
        let mut id = id.sequence()?;
        let zone = integer(&mut id)?;
        let user = id.expect(ber::OCTET_STRING)?.string()?;
        id.finish()?;
        Ok((zone, user))
    })?;
    fields.finish()?;
    Ok((version, ids))
}

/// `ASN1_INTEGER_get_int64`, then the `v >= LONG_MAX || v < LONG_MIN`
/// check: the version when it can be printed plus one.
fn version_number(version: &Integer) -> Option<i64> {
    if version.magnitude.len() > 8 {
        return None;
    }
    let magnitude = version
        .magnitude
        .iter()
        .fold(0u64, |n, &b| (n << 8) | u64::from(b));
    let value = if version.negative {
        0i64.checked_sub_unsigned(magnitude)
            .or((magnitude == 1 << 63).then_some(i64::MIN))?
    } else {
        i64::try_from(magnitude).ok()?
    };
    (value != i64::MAX).then_some(value)
}

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let Some((version, ids)) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    indent(out, width);
    match version_number(&version) {
        // "%ld (0x%lX)": the hex is of the unsigned long.
        Some(v) => {
            out.extend_from_slice(format!("Version: {} (0x{:X})", v + 1, v as u64).as_bytes())
        }
        None => out.extend_from_slice(b"Version: <unsupported>"),
    }
    for (zone, user) in &ids {
        out.push(b'\n');
        indent(out, width);
        out.extend_from_slice(format!("Zone: {}, User: ", zone.to_openssl_string()).as_bytes());
        ascii_or_dot(out, user);
    }
    Ok(Printed::Done)
}
