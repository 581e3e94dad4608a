//! Which of B1's printers prints which extension (OWNER: helper B1).

use super::{
    alt_name, basic_constraints, bit_names, crl_dp, crl_entry, info_access, key_id,
    key_usage_period, ocsp, oid_list, strings, sxnet, tls_feature, Printer,
};

/// The printer for `nid`, if one of B1's modules has one.
pub(super) fn printer(nid: u16) -> Option<Printer> {
    Some(match nid {
        71 => bit_names::print_netscape_cert_type,
        72..=78 => strings::print_ia5,
        82 => key_id::print_subject_key_id,
        83 => bit_names::print_key_usage,
        84 => key_usage_period::print,
        // subjectAltName, issuerAltName, certificateIssuer
        85 | 86 | 771 => alt_name::print,
        87 => basic_constraints::print,
        // crlNumber, deltaCRL
        88 | 140 => crl_entry::print_integer,
        90 => key_id::print_authority_key_id,
        // crlDistributionPoints, freshestCRL
        103 | 857 => crl_dp::print_distribution_points,
        // extendedKeyUsage, OCSP acceptableResponses
        126 | 368 => oid_list::print,
        141 => crl_entry::print_reason,
        // invalidityDate, OCSP archiveCutoff
        142 | 370 => crl_entry::print_generalized_time,
        143 => sxnet::print,
        // authorityInfoAccess, subjectInfoAccess
        177 | 398 => info_access::print,
        366 => ocsp::print_nonce,
        367 => ocsp::print_crl_id,
        369 => ocsp::print_no_check,
        371 => ocsp::print_service_locator,
        430 => crl_entry::print_hold_instruction,
        770 => crl_dp::print_issuing_distribution_point,
        1007 => strings::print_utf8,
        1008 => strings::print_issuer_sign_tool,
        1020 => tls_feature::print,
        _ => return None,
    })
}
