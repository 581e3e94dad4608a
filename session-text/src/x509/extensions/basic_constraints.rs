//! `basicConstraints` (`crypto/x509/v3_bcons.c`): `CA:TRUE|FALSE` and,
//! when present, `pathlen:N`, on one line.

use super::super::ber::{self, Decoded, Parser};
use super::super::integer::Integer;
use super::super::Unsupported;
use super::conf_value::{add_value, ConfList};
use super::{decoded, print_i2v, Printed};

/// `SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL }`.
fn decode(value: &[u8]) -> Decoded<(bool, Option<&[u8]>)> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let ca = match fields.optional(ber::BOOLEAN)? {
        Some(flag) => flag.boolean()?,
        None => false,
    };
    let path_length = match fields.optional(ber::INTEGER)? {
        Some(number) => Some(number.integer()?),
        None => None,
    };
    fields.finish()?;
    Ok((ca, path_length))
}

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let Some((ca, path_length)) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    add_value(
        &mut list,
        Some(b"CA"),
        Some(if ca { b"TRUE" } else { b"FALSE" }),
    );
    if let Some(content) = path_length {
        let text = Integer::from_content(content).to_openssl_string();
        add_value(&mut list, Some(b"pathlen"), Some(text.as_bytes()));
    }
    Ok(print_i2v(out, Some(list), width, false))
}
