//! Professional Information or basis for Admission (`i2r_ADMISSION_SYNTAX`,
//! `crypto/x509/v3_admis.c`, Common PKI's AdmissionSyntax).
//!
//! The layout is 3.0.19's: naming authorities on their own line, indented
//! two columns past their entry, with `namingAuthorityId` (3.0.8 printed
//! `namingAuthority:       admissionAuthorityId:` on one line).

use std::borrow::Cow;

use super::super::ber::{self, Decoded, Element, Parser};
use super::super::{oid, Unsupported};
use super::decoded;
use super::general_name::GeneralName;
use super::Printed;
use crate::dump::{ascii_or_dot, indent};

/// A `NAMING_AUTHORITY`.
struct NamingAuthority<'a> {
    id: Option<&'a [u8]>,
    url: Option<Cow<'a, [u8]>>,
    text: Option<Cow<'a, [u8]>>,
}

/// A `PROFESSION_INFO`.
struct ProfessionInfo<'a> {
    naming_authority: Option<NamingAuthority<'a>>,
    items: Vec<Cow<'a, [u8]>>,
    oids: Option<Vec<&'a [u8]>>,
    registration_number: Option<Cow<'a, [u8]>>,
}

/// An `ADMISSIONS` entry.
struct Admissions<'a> {
    authority: Option<GeneralName<'a>>,
    naming_authority: Option<NamingAuthority<'a>>,
    profession_infos: Vec<ProfessionInfo<'a>>,
}

fn naming_authority(element: Element<'_>) -> Decoded<NamingAuthority<'_>> {
    let mut fields = element.expect(ber::SEQUENCE)?.sequence()?;
    let id = match fields.optional(ber::OBJECT)? {
        Some(object) => Some(object.object()?),
        None => None,
    };
    let url = match fields.optional(ber::IA5_STRING)? {
        Some(url) => Some(url.string()?),
        None => None,
    };
    let text = if fields.is_empty() {
        None
    } else {
        Some(fields.read()?.mstring(ber::DIRECTORY_STRING)?.data)
    };
    fields.finish()?;
    Ok(NamingAuthority { id, url, text })
}

/// `[n] EXPLICIT NAMING_AUTHORITY OPTIONAL`.
fn explicit_naming_authority<'a>(
    fields: &mut Parser<'a>,
    tag: u8,
) -> Decoded<Option<NamingAuthority<'a>>> {
    let Some(explicit) = fields.optional(tag)? else {
        return Ok(None);
    };
    let mut inner = explicit.explicit()?;
    let authority = naming_authority(inner.read()?)?;
    inner.finish()?;
    Ok(Some(authority))
}

fn profession_info(element: Element<'_>) -> Decoded<ProfessionInfo<'_>> {
    let mut fields = element.sequence()?;
    let naming_authority = explicit_naming_authority(&mut fields, ber::context(0))?;
    let items = fields
        .expect(ber::SEQUENCE)?
        .sequence_of()
        .all_choices(|item| {
            item.mstring(ber::DIRECTORY_STRING)
                .map(|string| string.data)
        })?;
    let oids = match fields.optional(ber::SEQUENCE)? {
        Some(list) => Some(
            list.sequence_of()
                .all(ber::OBJECT, |element| element.object())?,
        ),
        None => None,
    };
    let registration_number = match fields.optional(ber::PRINTABLE_STRING)? {
        Some(number) => Some(number.string()?),
        None => None,
    };
    // addProfessionInfo: decoded, never printed.
    if !fields.is_empty() {
        fields.expect(ber::OCTET_STRING)?.string()?;
    }
    fields.finish()?;
    Ok(ProfessionInfo {
        naming_authority,
        items,
        oids,
        registration_number,
    })
}

fn admissions(element: Element<'_>) -> Decoded<Admissions<'_>> {
    let mut fields = element.sequence()?;
    let authority = match fields.optional(ber::context(0))? {
        Some(explicit) => {
            let mut inner = explicit.explicit()?;
            let name = GeneralName::decode(inner.read()?)?;
            inner.finish()?;
            Some(name)
        }
        None => None,
    };
    let naming_authority = explicit_naming_authority(&mut fields, ber::context(1))?;
    let profession_infos = fields
        .expect(ber::SEQUENCE)?
        .sequence_of()
        .all(ber::SEQUENCE, profession_info)?;
    fields.finish()?;
    Ok(Admissions {
        authority,
        naming_authority,
        profession_infos,
    })
}

type AdmissionSyntax<'a> = (Option<GeneralName<'a>>, Vec<Admissions<'a>>);

fn admission_syntax(value: &[u8]) -> Decoded<AdmissionSyntax<'_>> {
    let mut fields = Parser::new(value).expect(ber::SEQUENCE)?.sequence()?;
    // An OPTIONAL CHOICE: absent unless the tag is one of its alternatives.
    let authority = match fields.peek()? {
        Some(element) if GeneralName::matches(&element) => {
            Some(GeneralName::decode(fields.read()?)?)
        }
        _ => None,
    };
    let contents = fields
        .expect(ber::SEQUENCE)?
        .sequence_of()
        .all(ber::SEQUENCE, admissions)?;
    fields.finish()?;
    Ok((authority, contents))
}

/// x509ExtAdmission.
pub(super) fn print(out: &mut Vec<u8>, value: &[u8], width: usize) -> Result<Printed, Unsupported> {
    let Some((authority, contents)) = decoded(admission_syntax(value))? else {
        return Ok(Printed::Failed);
    };
    if let Some(authority) = authority {
        indent(out, width);
        out.extend_from_slice(b"admissionAuthority:\n");
        indent(out, width + 2);
        authority.print(out);
        out.push(b'\n');
    }
    for (i, entry) in contents.iter().enumerate() {
        indent(out, width);
        out.extend_from_slice(format!("Entry {}:\n", i + 1).as_bytes());
        if let Some(authority) = &entry.authority {
            indent(out, width + 2);
            out.extend_from_slice(b"admissionAuthority:\n");
            indent(out, width + 4);
            authority.print(out);
            out.push(b'\n');
        }
        if let Some(naming) = &entry.naming_authority {
            if !print_naming_authority(out, naming, width + 2) {
                return Ok(Printed::Failed);
            }
        }
        for (j, info) in entry.profession_infos.iter().enumerate() {
            indent(out, width + 2);
            out.extend_from_slice(format!("Profession Info Entry {}:\n", j + 1).as_bytes());
            if let Some(number) = &info.registration_number {
                indent(out, width + 4);
                out.extend_from_slice(b"registrationNumber: ");
                ascii_or_dot(out, number);
                out.push(b'\n');
            }
            if let Some(naming) = &info.naming_authority {
                if !print_naming_authority(out, naming, width + 4) {
                    return Ok(Printed::Failed);
                }
            }
            indent(out, width + 4);
            out.extend_from_slice(b"Info Entries:\n");
            for item in &info.items {
                indent(out, width + 6);
                ascii_or_dot(out, item);
                out.push(b'\n');
            }
            if let Some(oids) = &info.oids {
                indent(out, width + 4);
                out.extend_from_slice(b"Profession OIDs:\n");
                for oid in oids {
                    indent(out, width + 6);
                    push_name_and_number(out, oid);
                    out.push(b'\n');
                }
            }
        }
    }
    Ok(Printed::Done)
}

/// `ln (dotted)`: `OBJ_nid2ln(OBJ_obj2nid(obj))` (`undefined` when unknown)
/// and `OBJ_obj2txt` into a 128-byte buffer.
fn push_name_and_number(out: &mut Vec<u8>, object: &[u8]) {
    out.extend_from_slice(oid::long_name_or_undefined(object).as_bytes());
    out.extend_from_slice(b" (");
    out.extend_from_slice(&oid::obj2txt(object, true, 128));
    out.push(b')');
}

/// `i2r_NAMING_AUTHORITY`; false (after printing nothing) for an empty one,
/// which makes the whole method fail.
fn print_naming_authority(out: &mut Vec<u8>, naming: &NamingAuthority<'_>, width: usize) -> bool {
    if naming.id.is_none() && naming.text.is_none() && naming.url.is_none() {
        return false;
    }
    indent(out, width);
    out.extend_from_slice(b"namingAuthority:\n");
    if let Some(id) = naming.id {
        indent(out, width);
        out.extend_from_slice(b"  namingAuthorityId: ");
        push_name_and_number(out, id);
        out.push(b'\n');
    }
    if let Some(text) = &naming.text {
        indent(out, width);
        out.extend_from_slice(b"  namingAuthorityText: ");
        ascii_or_dot(out, text);
        out.push(b'\n');
    }
    if let Some(url) = &naming.url {
        indent(out, width);
        out.extend_from_slice(b"  namingAuthorityUrl: ");
        ascii_or_dot(out, url);
        out.push(b'\n');
    }
    true
}
