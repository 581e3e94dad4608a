//! `extendedKeyUsage` and OCSP `acceptableResponses`
//! (`crypto/x509/v3_extku.c`): a SEQUENCE OF OBJECT IDENTIFIER, one name
//! per OID (`i2t_ASN1_OBJECT` into 80 bytes), on one line. An empty list is
//! NULL, and OpenSSL prints the raw value.

use super::super::ber::{self, Decoded, Parser};
use super::super::{oid, Unsupported};
use super::conf_value::{add_value, ConfList};
use super::{decoded, print_i2v, Printed};

fn decode(value: &[u8]) -> Decoded<Vec<&[u8]>> {
    let list = Parser::new(value).expect(ber::SEQUENCE)?.sequence_of();
    list.all(ber::OBJECT, |element| element.object())
}

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let Some(objects) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    for object in objects {
        let text = oid::obj2txt(object, false, 80);
        add_value(&mut list, None, Some(&text));
    }
    Ok(print_i2v(
        out,
        (!list.is_empty()).then_some(list),
        width,
        false,
    ))
}
