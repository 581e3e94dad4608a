//! RFC 3779 resources: sbgp-ipAddrBlock (`i2r_IPAddrBlocks`,
//! `crypto/x509/v3_addr.c`) and sbgp-autonomousSysNum (`i2r_ASIdentifiers`,
//! `crypto/x509/v3_asid.c`).

use std::borrow::Cow;

use super::super::ber::{self, BitString, Decoded, Element, Parser};
use super::super::integer::Integer;
use super::super::Unsupported;
use super::decoded;
use super::Printed;
use crate::dump::indent;

/// `IANA_AFI_IPV4`.
const AFI_IPV4: u32 = 1;
/// `IANA_AFI_IPV6`.
const AFI_IPV6: u32 = 2;

/// `addr_prefixlen`: may be negative for a string with no bytes.
fn prefix_length(bits: &BitString<'_>) -> i64 {
    i64::try_from(bits.view().raw_bytes().len()).unwrap_or(i64::MAX) * 8
        - i64::from(bits.view().unused())
}

/// An `IPAddressOrRange`.
enum AddressOrRange<'a> {
    Prefix(BitString<'a>),
    Range(BitString<'a>, BitString<'a>),
}

/// An `IPAddressFamily`: the AFI octets and either `inherit` or a list.
struct Family<'a> {
    address_family: Cow<'a, [u8]>,
    choice: Option<Vec<AddressOrRange<'a>>>,
}

/// A CHOICE of NULL (`inherit`) or a SEQUENCE OF, as both RFC 3779
/// extensions use it: `None` for inherit.
fn inherit_or_list<'a, T>(
    element: Element<'a>,
    item: impl FnMut(Element<'a>) -> Decoded<T>,
) -> Decoded<Option<Vec<T>>> {
    if element.is(ber::NULL) {
        element.null()?;
        return Ok(None);
    }
    if element.is(ber::SEQUENCE) {
        return element.sequence_of().all_choices(item).map(Some);
    }
    ber::rejected()
}

fn address_or_range(element: Element<'_>) -> Decoded<AddressOrRange<'_>> {
    if element.is(ber::BIT_STRING) {
        return element.bit_string().map(AddressOrRange::Prefix);
    }
    if element.is(ber::SEQUENCE) {
        let mut fields = element.sequence()?;
        let min = fields.expect(ber::BIT_STRING)?.bit_string()?;
        let max = fields.expect(ber::BIT_STRING)?.bit_string()?;
        fields.finish()?;
        return Ok(AddressOrRange::Range(min, max));
    }
    ber::rejected()
}

fn family(element: Element<'_>) -> Decoded<Family<'_>> {
    let mut fields = element.sequence()?;
    let address_family = fields.expect(ber::OCTET_STRING)?.string()?;
    let choice = inherit_or_list(fields.read()?, address_or_range)?;
    fields.finish()?;
    Ok(Family {
        address_family,
        choice,
    })
}

/// sbgp-ipAddrBlock.
pub(super) fn print_ip_addr_blocks(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let read = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|list| list.sequence_of().all(ber::SEQUENCE, family));
    let Some(families) = decoded(read)? else {
        return Ok(Printed::Failed);
    };
    for family in &families {
        // X509v3_addr_get_afi: 0 when there are fewer than two octets.
        let afi = match *family.address_family {
            [high, low, ..] => u32::from(high) << 8 | u32::from(low),
            _ => 0,
        };
        indent(out, width);
        match afi {
            AFI_IPV4 => out.extend_from_slice(b"IPv4"),
            AFI_IPV6 => out.extend_from_slice(b"IPv6"),
            other => out.extend_from_slice(format!("Unknown AFI {other}").as_bytes()),
        }
        if let Some(&safi) = family.address_family.get(2) {
            let name = match safi {
                1 => " (Unicast)".to_string(),
                2 => " (Multicast)".to_string(),
                3 => " (Unicast/Multicast)".to_string(),
                4 => " (MPLS)".to_string(),
                64 => " (Tunnel)".to_string(),
                65 => " (VPLS)".to_string(),
                66 => " (BGP MDT)".to_string(),
                128 => " (MPLS-labeled VPN)".to_string(),
                other => format!(" (Unknown SAFI {other})"),
            };
            out.extend_from_slice(name.as_bytes());
        }
        match &family.choice {
            None => out.extend_from_slice(b": inherit\n"),
            Some(entries) => {
                out.extend_from_slice(b":\n");
                for entry in entries {
                    indent(out, width + 2);
                    let printed = match entry {
                        AddressOrRange::Prefix(prefix) => {
                            let printed = print_address(out, afi, 0x00, prefix);
                            if printed {
                                out.extend_from_slice(
                                    format!("/{}\n", prefix_length(prefix)).as_bytes(),
                                );
                            }
                            printed
                        }
                        AddressOrRange::Range(min, max) => {
                            print_address(out, afi, 0x00, min) && {
                                out.push(b'-');
                                print_address(out, afi, 0xFF, max) && {
                                    out.push(b'\n');
                                    true
                                }
                            }
                        }
                    };
                    // i2r_address fails for an address longer than the
                    // family's: the method returns 0 after what it printed.
                    if !printed {
                        return Ok(Printed::Failed);
                    }
                }
            }
        }
    }
    Ok(Printed::Done)
}

/// `addr_expand`: the address bytes, the unused bits of the last one and the
/// missing bytes set to `fill`; `None` when there are too many bytes.
fn expand(bits: &BitString<'_>, length: usize, fill: u8) -> Option<Vec<u8>> {
    let mut address = bits.view().cleared_bytes();
    if address.len() > length {
        return None;
    }
    if bits.view().unused() != 0 {
        if let Some(last) = address.last_mut() {
            let mask = 0xFF >> (8 - bits.view().unused());
            if fill == 0 {
                *last &= !mask;
            } else {
                *last |= mask;
            }
        }
    }
    address.resize(length, fill);
    Some(address)
}

/// `i2r_address`; false when OpenSSL's would return 0.
fn print_address(out: &mut Vec<u8>, afi: u32, fill: u8, bits: &BitString<'_>) -> bool {
    match afi {
        AFI_IPV4 => {
            let Some(a) = expand(bits, 4, fill) else {
                return false;
            };
            out.extend_from_slice(format!("{}.{}.{}.{}", a[0], a[1], a[2], a[3]).as_bytes());
        }
        AFI_IPV6 => {
            let Some(a) = expand(bits, 16, fill) else {
                return false;
            };
            // Trailing zero groups are left out and replaced by "::".
            let mut n = 16;
            while n > 1 && a[n - 1] == 0 && a[n - 2] == 0 {
                n -= 2;
            }
            let mut i = 0;
            while i < n {
                let group = u16::from(a[i]) << 8 | u16::from(a[i + 1]);
                out.extend_from_slice(format!("{group:x}").as_bytes());
                if i < 14 {
                    out.push(b':');
                }
                i += 2;
            }
            if i < 16 {
                out.push(b':');
            }
            if i == 0 {
                out.push(b':');
            }
        }
        _ => {
            for (i, byte) in bits.view().cleared_bytes().iter().enumerate() {
                if i > 0 {
                    out.push(b':');
                }
                out.extend_from_slice(format!("{byte:02x}").as_bytes());
            }
            out.extend_from_slice(format!("[{}]", bits.view().unused()).as_bytes());
        }
    }
    true
}

/// An `ASIdOrRange`: INTEGER contents.
enum IdOrRange<'a> {
    Id(&'a [u8]),
    Range(&'a [u8], &'a [u8]),
}

fn id_or_range(element: Element<'_>) -> Decoded<IdOrRange<'_>> {
    if element.is(ber::INTEGER) {
        return element.integer().map(IdOrRange::Id);
    }
    if element.is(ber::SEQUENCE) {
        let mut fields = element.sequence()?;
        let min = fields.expect(ber::INTEGER)?.integer()?;
        let max = fields.expect(ber::INTEGER)?.integer()?;
        fields.finish()?;
        return Ok(IdOrRange::Range(min, max));
    }
    ber::rejected()
}

/// One `[n] EXPLICIT ASIdentifierChoice OPTIONAL`: absent, inherit (`None`)
/// or a list.
type Choice<'a> = Option<Option<Vec<IdOrRange<'a>>>>;

fn as_choice<'a>(fields: &mut Parser<'a>, tag: u8) -> Decoded<Choice<'a>> {
    let Some(explicit) = fields.optional(tag)? else {
        return Ok(None);
    };
    let mut inner = explicit.explicit()?;
    let choice = inherit_or_list(inner.read()?, id_or_range)?;
    inner.finish()?;
    Ok(Some(choice))
}

/// sbgp-autonomousSysNum.
pub(super) fn print_as_identifiers(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let read = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|element| {
            let mut fields = element.sequence()?;
            let numbers = as_choice(&mut fields, ber::context(0))?;
            let domains = as_choice(&mut fields, ber::context(1))?;
            fields.finish()?;
            Ok((numbers, domains))
        });
    let Some((numbers, domains)) = decoded(read)? else {
        return Ok(Printed::Failed);
    };
    for (choice, title) in [
        (numbers, "Autonomous System Numbers"),
        (domains, "Routing Domain Identifiers"),
    ] {
        let Some(choice) = choice else {
            continue;
        };
        indent(out, width);
        out.extend_from_slice(title.as_bytes());
        out.extend_from_slice(b":\n");
        match choice {
            None => {
                indent(out, width + 2);
                out.extend_from_slice(b"inherit\n");
            }
            Some(entries) => {
                for entry in entries {
                    indent(out, width + 2);
                    let line = match entry {
                        IdOrRange::Id(id) => format!("{}\n", decimal(id)),
                        IdOrRange::Range(min, max) => {
                            format!("{}-{}\n", decimal(min), decimal(max))
                        }
                    };
                    out.extend_from_slice(line.as_bytes());
                }
            }
        }
    }
    Ok(Printed::Done)
}

/// `i2s_ASN1_INTEGER`.
fn decimal(content: &[u8]) -> String {
    Integer::from_content(content).to_openssl_string()
}
