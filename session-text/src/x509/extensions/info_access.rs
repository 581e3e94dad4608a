//! `authorityInfoAccess` and `subjectInfoAccess` (`crypto/x509/v3_info.c`):
//! one line per access description, `method - name:value`.

use super::super::ber::{self, Decoded, Element, Parser};
use super::super::{oid, Unsupported};
use super::alt_name;
use super::conf_value::ConfList;
use super::general_name::GeneralName;
use super::{decoded, print_i2v, Printed};

/// `ACCESS_DESCRIPTION` (a SEQUENCE): the method's OID content and the
/// location.
pub(super) fn access_description(element: Element<'_>) -> Decoded<(&[u8], GeneralName<'_>)> {
    let mut fields = element.sequence()?;
    let method = fields.expect(ber::OBJECT)?.object()?;
    let location = GeneralName::decode(fields.read()?)?;
    fields.finish()?;
    Ok((method, location))
}

/// Whether OpenSSL 1.1.1's `i2v_AUTHORITY_INFO_ACCESS` (crypto/x509v3/
/// v3_info.c of 1.1.1w, the same as 3.0's) gets 3.0's entries: one or more
/// descriptions whose locations [`alt_name::name_printed_as_1_1_1`]
/// accepts.
pub(super) fn printed_as_1_1_1(value: &[u8]) -> bool {
    let descriptions = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|list| list.sequence_of().all(ber::SEQUENCE, access_description));
    descriptions.is_ok_and(|descriptions| {
        !descriptions.is_empty()
            && descriptions
                .iter()
                .all(|(_, location)| alt_name::name_printed_as_1_1_1(location))
    })
}

/// [`print`] as OpenSSL 1.1.1 prints it: its `X509V3_EXT_val_prn` ends
/// each line of a multiline list with a newline, one more than 3.0 before
/// the extension's own. Only values [`printed_as_1_1_1`] accepts reach it.
pub(super) fn print_1_1_1(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let printed = print(out, value, width)?;
    if printed == Printed::Done {
        out.push(b'\n');
    }
    Ok(printed)
}

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let descriptions = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|list| list.sequence_of().all(ber::SEQUENCE, access_description));
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
