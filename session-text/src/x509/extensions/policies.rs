//! The policy extensions: certificatePolicies (`i2r_certpol`,
//! `crypto/x509/v3_cpols.c`), policyConstraints (`v3_pcons.c`),
//! policyMappings (`v3_pmaps.c`) and inhibitAnyPolicy (`v3_int.c`).

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Element, Parser};
use super::super::integer::Integer;
use super::super::oid;
use super::super::Unsupported;
use super::conf_value::{add_value, ConfList};
use super::Printed;
use super::{decoded, print_i2s, print_i2v};
use crate::dump::{indent, push_c_string};

/// `NID_id_qt_cps`.
const NID_CPS: u16 = 164;
/// `NID_id_qt_unotice`.
const NID_USER_NOTICE: u16 = 165;

/// A `POLICYQUALINFO`.
enum Qualifier<'a> {
    Cps(Cow<'a, [u8]>),
    UserNotice(UserNotice<'a>),
    /// Any other qualifier: only its OID is printed.
    Other,
}

/// A `NOTICEREF`: the organization and the notice numbers' contents.
type NoticeRef<'a> = (Cow<'a, [u8]>, Vec<&'a [u8]>);

/// A `USERNOTICE`: `noticeRef` (organization, numbers) and `explicitText`.
struct UserNotice<'a> {
    notice_ref: Option<NoticeRef<'a>>,
    explicit_text: Option<Cow<'a, [u8]>>,
}

/// A `POLICYINFO`: the policy OID and its qualifiers, if the SEQUENCE OF
/// was there (an empty one still counts).
struct PolicyInfo<'a> {
    policy: &'a [u8],
    qualifiers: Option<Vec<(&'a [u8], Qualifier<'a>)>>,
}

fn user_notice(element: Element<'_>) -> Decoded<UserNotice<'_>> {
    let mut fields = element.sequence()?;
    let mut notice_ref = None;
    if let Some(reference) = fields.optional(ber::SEQUENCE)? {
        let mut reference = reference.sequence()?;
        let organization = reference.read()?.mstring(ber::DISPLAY_TEXT)?.data;
        let numbers = reference.expect(ber::SEQUENCE)?.sequence_of();
        let numbers = numbers.all(ber::INTEGER, |element| element.integer())?;
        reference.finish()?;
        notice_ref = Some((organization, numbers));
    }
    let mut explicit_text = None;
    if !fields.is_empty() {
        explicit_text = Some(fields.read()?.mstring(ber::DISPLAY_TEXT)?.data);
    }
    fields.finish()?;
    Ok(UserNotice {
        notice_ref,
        explicit_text,
    })
}

fn qualifier(element: Element<'_>) -> Decoded<(&[u8], Qualifier<'_>)> {
    let mut fields = element.sequence()?;
    let id = fields.expect(ber::OBJECT)?.object()?;
    // The ADB picks the second field's type from the first.
    let qualifier = match oid::nid(id) {
        Some(NID_CPS) => Qualifier::Cps(fields.expect(ber::IA5_STRING)?.string()?),
        Some(NID_USER_NOTICE) => Qualifier::UserNotice(user_notice(fields.expect(ber::SEQUENCE)?)?),
        _ => {
            fields.read()?.any()?;
            Qualifier::Other
        }
    };
    fields.finish()?;
    Ok((id, qualifier))
}

fn policy_info(element: Element<'_>) -> Decoded<PolicyInfo<'_>> {
    let mut fields = element.sequence()?;
    let policy = fields.expect(ber::OBJECT)?.object()?;
    let qualifiers = match fields.optional(ber::SEQUENCE)? {
        Some(list) => Some(list.sequence_of().all(ber::SEQUENCE, qualifier)?),
        None => None,
    };
    fields.finish()?;
    Ok(PolicyInfo { policy, qualifiers })
}

/// certificatePolicies (`i2r_certpol`).
pub(super) fn print_certificate_policies(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let read = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|list| list.sequence_of().all(ber::SEQUENCE, policy_info));
    let Some(policies) = decoded(read)? else {
        return Ok(Printed::Failed);
    };
    for (i, info) in policies.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        indent(out, width);
        out.extend_from_slice(b"Policy: ");
        out.extend_from_slice(oid::name(info.policy).as_bytes());
        if let Some(qualifiers) = &info.qualifiers {
            out.push(b'\n');
            print_qualifiers(out, qualifiers, width + 2);
        }
    }
    Ok(Printed::Done)
}

/// Whether OpenSSL 1.1.1's `i2r_certpol` (crypto/x509v3/v3_cpols.c of
/// 1.1.1w) is known to print this value as 3.0 does but for a newline after
/// its last line (it ends every line, 3.0 writes them between lines): one or
/// more policies, each without qualifiers or with CPS pointers only. User
/// notices, other qualifiers and empty lists are not compared.
pub(super) fn certificate_policies_printed_as_1_1_1(value: &[u8]) -> bool {
    let read = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|list| list.sequence_of().all(ber::SEQUENCE, policy_info));
    read.is_ok_and(|policies| {
        !policies.is_empty()
            && policies.iter().all(|info| {
                info.qualifiers.as_ref().is_none_or(|qualifiers| {
                    !qualifiers.is_empty()
                        && qualifiers
                            .iter()
                            .all(|(_, qualifier)| matches!(qualifier, Qualifier::Cps(_)))
                })
            })
    })
}

/// [`print_certificate_policies`] as 1.1.1 prints the values
/// [`certificate_policies_printed_as_1_1_1`] accepts: one newline more.
pub(super) fn print_certificate_policies_1_1_1(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let printed = print_certificate_policies(out, value, width)?;
    if printed == Printed::Done {
        out.push(b'\n');
    }
    Ok(printed)
}

fn print_qualifiers(out: &mut Vec<u8>, qualifiers: &[(&[u8], Qualifier<'_>)], width: usize) {
    for (i, (id, qualifier)) in qualifiers.iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        match qualifier {
            Qualifier::Cps(uri) => {
                indent(out, width);
                out.extend_from_slice(b"CPS: ");
                push_c_string(out, uri);
            }
            Qualifier::UserNotice(notice) => {
                indent(out, width);
                out.extend_from_slice(b"User Notice:\n");
                print_notice(out, notice, width + 2);
            }
            Qualifier::Other => {
                // OpenSSL indents unknown qualifiers two columns further.
                indent(out, width + 2);
                out.extend_from_slice(b"Unknown Qualifier: ");
                out.extend_from_slice(oid::name(id).as_bytes());
            }
        }
    }
}

fn print_notice(out: &mut Vec<u8>, notice: &UserNotice<'_>, width: usize) {
    if let Some((organization, numbers)) = &notice.notice_ref {
        indent(out, width);
        out.extend_from_slice(b"Organization: ");
        push_c_string(out, organization);
        out.push(b'\n');
        indent(out, width);
        out.extend_from_slice(if numbers.len() > 1 {
            b"Numbers: "
        } else {
            b"Number: "
        });
        for (i, number) in numbers.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b", ");
            }
            out.extend_from_slice(Integer::from_content(number).to_openssl_string().as_bytes());
        }
        if notice.explicit_text.is_some() {
            out.push(b'\n');
        }
    }
    if let Some(explicit_text) = &notice.explicit_text {
        indent(out, width);
        out.extend_from_slice(b"Explicit Text: ");
        push_c_string(out, explicit_text);
    }
}

/// policyConstraints (`i2v_POLICY_CONSTRAINTS`): the fields present as
/// `name:value`; none at all gives no list, and X509V3_EXT_print fails.
pub(super) fn print_policy_constraints(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let read = Parser::new(value)
        .expect(ber::SEQUENCE)
        .and_then(|element| {
            let mut fields = element.sequence()?;
            let mut list = ConfList::new();
            for (tag, name) in [
                (ber::context(0), "Require Explicit Policy"),
                (ber::context(1), "Inhibit Policy Mapping"),
            ] {
                if let Some(number) = fields.optional(tag)? {
                    let number = Integer::from_content(number.integer()?).to_openssl_string();
                    add_value(&mut list, Some(name.as_bytes()), Some(number.as_bytes()));
                }
            }
            fields.finish()?;
            Ok(list)
        });
    let Some(list) = decoded(read)? else {
        return Ok(Printed::Failed);
    };
    // These i2v methods start from no list: an empty one is NULL.
    Ok(print_i2v(
        out,
        (!list.is_empty()).then_some(list),
        width,
        false,
    ))
}

/// policyMappings (`i2v_POLICY_MAPPINGS`): `issuer:subject` pairs, each
/// name as `i2t_ASN1_OBJECT` leaves it in an 80-byte buffer.
pub(super) fn print_policy_mappings(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let read = Parser::new(value).expect(ber::SEQUENCE).and_then(|list| {
        list.sequence_of().all(ber::SEQUENCE, |mapping| {
            let mut fields = mapping.sequence()?;
            let issuer = fields.expect(ber::OBJECT)?.object()?;
            let subject = fields.expect(ber::OBJECT)?.object()?;
            fields.finish()?;
            Ok((issuer, subject))
        })
    });
    let Some(mappings) = decoded(read)? else {
        return Ok(Printed::Failed);
    };
    let mut list = ConfList::new();
    for (issuer, subject) in mappings {
        add_value(
            &mut list,
            Some(&oid::obj2txt(issuer, false, 80)),
            Some(&oid::obj2txt(subject, false, 80)),
        );
    }
    Ok(print_i2v(
        out,
        (!list.is_empty()).then_some(list),
        width,
        false,
    ))
}

/// inhibitAnyPolicy: an INTEGER printed by `i2s_ASN1_INTEGER`.
pub(super) fn print_inhibit_any_policy(
    out: &mut Vec<u8>,
    value: &[u8],
    width: usize,
) -> Result<Printed, Unsupported> {
    let read = Parser::new(value)
        .expect(ber::INTEGER)
        .and_then(|element| element.integer());
    let Some(number) = decoded(read)? else {
        return Ok(Printed::Failed);
    };
    let text = Integer::from_content(number).to_openssl_string();
    Ok(print_i2s(out, Some(text.as_bytes()), width))
}
