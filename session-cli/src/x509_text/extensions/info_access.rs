//! `authorityInfoAccess` and `subjectInfoAccess` (`crypto/x509/v3_info.c`):
//! one line per access description, `method - name:value`.

use super::super::ber::{self, Decoded, Parser};
use super::super::{oid, Unsupported};
use super::conf_value::ConfList;
use super::general_name::GeneralName;
use super::{decoded, print_i2v, Printed};

/// `ACCESS_DESCRIPTION`: the method's OID content and the location.
pub(super) fn access_description<'a>(
    parser: &mut Parser<'a>,
) -> Decoded<(&'a [u8], GeneralName<'a>)> {
    let mut fields = Parser::new(parser.constructed(0x30)?);
    let method = fields.primitive(0x06)?;
    ber::check_object(method)?;
    let location = GeneralName::decode(&mut fields)?;
    fields.finish()?;
    Ok((method, location))
}

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let descriptions = Parser::new(value)
        .list(0x30)
        .and_then(|content| ber::sequence_of(content, access_description));
    let Some(descriptions) = decoded(descriptions)? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    for (method, location) in &descriptions {
        if location.i2v(&mut list).is_err() {
            return Ok(Printed::Failed);
        }
        // The entry just added gets "<method> - " in front of its name
        // (i2t_ASN1_OBJECT into 80 bytes).
        let method_name = oid::obj2txt(method, false, 80);
        if let Some(entry) = list.last_mut() {
            let mut name = method_name;
            name.extend_from_slice(b" - ");
            name.extend_from_slice(entry.name.as_deref().unwrap_or_default());
            entry.name = Some(name);
        }
    }
    Ok(print_i2v(out, Some(list), width, true))
}
