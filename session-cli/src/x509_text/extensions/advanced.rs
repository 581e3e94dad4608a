//! Dispatch to the policy, constraint, CT and RFC 3779 printers
//! (OWNER: helper B2).
//!
//! Each printer decodes the value the way `ASN1_item_d2i` would (see
//! `ber.rs`) before writing anything, then prints what the extension's
//! `i2r` / `i2v` / `i2s` method prints. A value OpenSSL's decoder rejects
//! gives [`Printed::Failed`]; BER OpenSSL would reassemble gives
//! [`Unsupported`].

mod admission;
mod name_constraints;
mod policies;
mod proxy;
mod rfc3779;
mod sct;
mod text;

#[cfg(test)]
mod tests;

use super::super::ber::Undecodable;
use super::super::Unsupported;
use super::conf_value::{self, ConfList};
use super::{Printed, Printer};

/// The printer for `nid`, if one of B2's files has one.
pub(super) fn printer(nid: u16) -> Option<Printer> {
    Some(match nid {
        89 => policies::print_certificate_policies,
        290 => rfc3779::print_ip_addr_blocks,
        291 => rfc3779::print_as_identifiers,
        401 => policies::print_policy_constraints,
        663 => proxy::print,
        666 => name_constraints::print,
        747 => policies::print_policy_mappings,
        748 => policies::print_inhibit_any_policy,
        951 | 954 => sct::print_sct_list,
        952 => sct::print_poison,
        1093 => admission::print,
        _ => return None,
    })
}

/// What a printer returns when the value could not be decoded.
fn conclude(stop: Undecodable) -> Result<Printed, Unsupported> {
    match stop {
        Undecodable::Rejected => Ok(Printed::Failed),
        Undecodable::Unsupported(unsupported) => Err(unsupported),
    }
}

/// How `X509V3_EXT_print` prints the list an `i2v` method built (one line:
/// these methods are not `X509V3_EXT_MULTILINE`). The methods here start
/// from no list and only add to it, so an empty one is the NULL that makes
/// `X509V3_EXT_print` fail.
fn print_i2v(out: &mut Vec<u8>, list: &ConfList, width: usize) -> Printed {
    if list.is_empty() {
        return Printed::Failed;
    }
    conf_value::val_prn(out, list, width, false);
    Printed::Done
}
