//! `subjectAltName`, `issuerAltName` and `certificateIssuer`
//! (`crypto/x509/v3_san.c`): `i2v_GENERAL_NAMES`, on one line; an empty
//! list prints `<EMPTY>`.

use super::super::ber::{self, Parser};
use super::super::Unsupported;
use super::conf_value::ConfList;
use super::general_name::{decode_general_names, i2v_general_names};
use super::{decoded, print_i2v, Printed};

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let names = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(decode_general_names);
    let Some(names) = decoded(names)? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    let list = i2v_general_names(&names, &mut list).ok().map(|()| list);
    Ok(print_i2v(out, list, width, false))
}
