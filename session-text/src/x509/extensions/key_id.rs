//! `subjectKeyIdentifier` (`crypto/x509/v3_skid.c`) and
//! `authorityKeyIdentifier` (`crypto/x509/v3_akid.c`): key identifiers and
//! serials as `OPENSSL_buf2hexstr` writes them (`AB:CD:…`).

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Parser};
use super::super::integer::Integer;
use super::super::Unsupported;
use super::conf_value::{add_value, ConfList};
use super::general_name::{decode_general_names, i2v_general_names, GeneralName};
use super::{decoded, print_i2s, print_i2v, Printed};
use crate::dump::push_hex_upper;

/// `OPENSSL_buf2hexstr`: uppercase pairs joined by `:` (empty for none).
fn hex_string(bytes: &[u8]) -> Vec<u8> {
    let mut text = Vec::with_capacity(bytes.len() * 3);
    for (i, &byte) in bytes.iter().enumerate() {
        if i > 0 {
            text.push(b':');
        }
        push_hex_upper(&mut text, byte);
    }
    text
}

pub(super) fn print_subject_key_id(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let key_id = Parser::new(value)
        .expect(ber::OCTET_STRING)
        .and_then(|element| element.string());
    let Some(key_id) = decoded(key_id)? else {
        return Ok(Printed::Failed);
    };
    Ok(print_i2s(out, Some(&hex_string(&key_id)), width))
}

/// `AUTHORITY_KEYID`'s three optional fields.
struct AuthorityKeyId<'a> {
    key_id: Option<Cow<'a, [u8]>>,
    issuer: Option<Vec<GeneralName<'a>>>,
    serial: Option<Integer>,
}

fn decode(value: &[u8]) -> Decoded<AuthorityKeyId<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    let key_id = match fields.optional(ber::context(0))? {
        Some(key_id) => Some(key_id.string()?),
        None => None,
    };
    let issuer = match fields.optional(ber::context(1))? {
        Some(names) => Some(decode_general_names(names)?),
        None => None,
    };
    let serial = match fields.optional(ber::context(2))? {
        Some(serial) => Some(Integer::from_content(serial.integer()?)),
        None => None,
    };
    fields.finish()?;
    Ok(AuthorityKeyId {
        key_id,
        issuer,
        serial,
    })
}

pub(super) fn print_authority_key_id(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    print_authority_key_id_as(out, value, width, false)
}

/// OpenSSL 4.0's `i2v_AUTHORITY_KEYID`, which prints the serial with
/// `i2s_ASN1_INTEGER` (decimal below 128 bits, signed) where earlier
/// versions print its bytes with `i2s_ASN1_OCTET_STRING`.
pub(super) fn print_authority_key_id_4_0(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    print_authority_key_id_as(out, value, width, true)
}

/// Whether 1.1.1's `i2v_AUTHORITY_KEYID` (crypto/x509v3/v3_akey.c of
/// 1.1.1w) is reproduced for this value: one that decodes, with no issuer
/// (its general names print otherwise) and a non-empty key identifier and
/// serial where present.
pub(super) fn printed_as_1_1_1(value: &[u8]) -> bool {
    match decode(value) {
        Ok(akid) => {
            akid.issuer.is_none()
                && akid.key_id.as_ref().is_none_or(|k| !k.is_empty())
                && akid.serial.as_ref().is_none_or(|s| !s.magnitude.is_empty())
                && (akid.key_id.is_some() || akid.serial.is_some())
        }
        Err(_) => false,
    }
}

/// OpenSSL 1.1.1's `i2v_AUTHORITY_KEYID`: `keyid:` named even alone, and
/// each line of the list (an `X509V3_EXT_MULTILINE` method) ended by a
/// newline (1.1.1's `X509V3_EXT_val_prn`), so one more than 3.0's before the
/// extension's own. Only values [`printed_as_1_1_1`] accepts reach it.
pub(super) fn print_authority_key_id_1_1_1(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let Some(akid) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    if let Some(key_id) = &akid.key_id {
        add_value(&mut list, Some(b"keyid"), Some(&hex_string(key_id)));
    }
    if let Some(serial) = &akid.serial {
        add_value(
            &mut list,
            Some(b"serial"),
            Some(&hex_string(&serial.magnitude)),
        );
    }
    let printed = print_i2v(out, Some(list), width, true);
    out.push(b'\n');
    Ok(printed)
}

fn print_authority_key_id_as(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
    serial_as_integer: bool,
) -> Result<Printed, Unsupported> {
    let Some(akid) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    if let Some(key_id) = &akid.key_id {
        // Named only when something else follows.
        let name: Option<&[u8]> = if akid.issuer.is_some() || akid.serial.is_some() {
            Some(b"keyid")
        } else {
            None
        };
        add_value(&mut list, name, Some(&hex_string(key_id)));
    }
    if let Some(issuer) = &akid.issuer {
        if i2v_general_names(issuer, &mut list).is_err() {
            return Ok(Printed::Failed);
        }
    }
    if let Some(serial) = &akid.serial {
        let text = if serial_as_integer {
            serial.to_openssl_string().into_bytes()
        } else {
            // The magnitude's bytes: the sign is not shown.
            hex_string(&serial.magnitude)
        };
        add_value(&mut list, Some(b"serial"), Some(&text));
    }
    // Nothing present: the list stays NULL.
    let nothing = akid.key_id.is_none() && akid.issuer.is_none() && akid.serial.is_none();
    Ok(print_i2v(out, (!nothing).then_some(list), width, true))
}
