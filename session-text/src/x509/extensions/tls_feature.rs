//! The TLS Feature extension (`crypto/x509/v3_tlsf.c`): a SEQUENCE OF
//! INTEGER, `status_request` / `status_request_v2` by name, other numbers
//! as `i2s_ASN1_INTEGER` writes them, on one line. An empty list is NULL.

use super::super::ber::{self, Decoded, Parser};
use super::super::integer::Integer;
use super::super::Unsupported;
use super::conf_value::{add_value, ConfList};
use super::{decoded, print_i2v, Printed};

fn decode(value: &[u8]) -> Decoded<Vec<Integer>> {
    let list = Parser::new(value).expect(ber::SEQUENCE)?.sequence_of();
    list.all(ber::INTEGER, |feature| {
        let content = feature.integer()?;
        Ok(Integer::from_content(content))
    })
}

pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let Some(features) = decoded(decode(value))? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    for feature in &features {
        // ASN1_INTEGER_get's error values (-1, 0xffffffff) name nothing.
        let number = if feature.magnitude.len() <= 8 {
            feature.get_long()
        } else {
            -1
        };
        let text = match number {
            5 => "status_request".to_string(),
            17 => "status_request_v2".to_string(),
            _ => feature.to_openssl_string(),
        };
        add_value(&mut list, None, Some(text.as_bytes()));
    }
    Ok(print_i2v(
        out,
        (!list.is_empty()).then_some(list),
        width,
        false,
    ))
}
