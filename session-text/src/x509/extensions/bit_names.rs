//! `keyUsage` and `nsCertType` (`crypto/x509/v3_bitst.c`,
//! `i2v_ASN1_BIT_STRING`): the names of the bits that are set, on one line.
//! No bit set gives no list, and OpenSSL prints the raw value.

use super::super::ber::{self, Parser};
use super::super::Unsupported;
use super::conf_value::{add_value, ConfList};
use super::{decoded, print_i2v, Printed};

const KEY_USAGE: [&str; 9] = [
    "Digital Signature",
    "Non Repudiation",
    "Key Encipherment",
    "Data Encipherment",
    "Key Agreement",
    "Certificate Sign",
    "CRL Sign",
    "Encipher Only",
    "Decipher Only",
];

const NETSCAPE_CERT_TYPE: [&str; 8] = [
    "SSL Client",
    "SSL Server",
    "S/MIME",
    "Object Signing",
    "Unused",
    "SSL CA",
    "S/MIME CA",
    "Object Signing CA",
];

fn print_bits(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
    names: &[&str],
) -> Result<Printed, Unsupported> {
    let bits = Parser::new(value)
        .expect(ber::BIT_STRING)
        .and_then(|element| element.bit_string());
    let Some(bits) = decoded(bits)? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    for (bit, name) in names.iter().enumerate() {
        if bits.view().bit(bit) {
            add_value(&mut list, Some(name.as_bytes()), None);
        }
    }
    Ok(print_i2v(
        out,
        (!list.is_empty()).then_some(list),
        width,
        false,
    ))
}

pub(super) fn print_key_usage(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    print_bits(out, value, width, &KEY_USAGE)
}

pub(super) fn print_netscape_cert_type(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    print_bits(out, value, width, &NETSCAPE_CERT_TYPE)
}
