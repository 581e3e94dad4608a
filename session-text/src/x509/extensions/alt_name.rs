//! `subjectAltName`, `issuerAltName` and `certificateIssuer`
//! (`crypto/x509/v3_san.c`): `i2v_GENERAL_NAMES`, on one line; an empty
//! list prints `<EMPTY>`.

use super::super::ber::{self, Parser};
use super::super::Unsupported;
use super::conf_value::ConfList;
use super::general_name::{decode_general_names, i2v_general_names, GeneralName};
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

/// Whether OpenSSL 1.1.1's `i2v_GENERAL_NAMES` (crypto/x509v3/v3_alt.c of
/// 1.1.1w) writes 3.0's text for this value: a list of one or more names,
/// each an email address, DNS name or URI with a value and no NUL octet
/// (`x509v3_add_len_value` drops an empty one's `:`, where 3.0 keeps it) or
/// an IPv4 or IPv6 address (`%d.%d.%d.%d`, eight `%X` groups, as 3.0).
/// Other names (otherName, directoryName, registeredID, ...) and invalid
/// addresses it prints otherwise.
pub(super) fn printed_as_1_1_1(value: &[u8]) -> bool {
    let names = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(decode_general_names);
    let Ok(names) = names else {
        return false;
    };
    !names.is_empty() && names.iter().all(name_printed_as_1_1_1)
}

/// Whether 1.1.1's `i2v_GENERAL_NAME` writes 3.0's entry for `name`
/// ([`printed_as_1_1_1`]).
pub(super) fn name_printed_as_1_1_1(name: &GeneralName<'_>) -> bool {
    match name {
        GeneralName::Email(text) | GeneralName::Dns(text) | GeneralName::Uri(text) => {
            !text.is_empty() && !text.contains(&0)
        }
        GeneralName::IpAddress(address) => matches!(address.len(), 4 | 16),
        _ => false,
    }
}
