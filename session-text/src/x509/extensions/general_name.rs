//! `GENERAL_NAME`: decoding as `crypto/x509/v3_genn.c`'s template does,
//! `GENERAL_NAME_print` and `i2v_GENERAL_NAME` / `i2v_GENERAL_NAMES`
//! (`crypto/x509/v3_san.c`).
//!
//! OpenSSL decodes a whole extension before printing any of it, so a
//! printer first decodes every name ([`GeneralName::decode`], which tells a
//! value OpenSSL rejects from BER it might accept) and only then prints
//! ([`GeneralName::print`], [`GeneralName::i2v`]).

use std::borrow::Cow;

use super::super::ber::{self, Any, Decoded, Element};
use super::super::name::{self, NameEntry};
use super::super::oid;
use super::conf_value::{add_len_value, add_value, ConfList};
use crate::dump::{ascii_or_dot, c_string};

/// `NID_ms_upn`.
const NID_MS_UPN: u16 = 649;
/// `NID_id_on_SmtpUTF8Mailbox`.
const NID_SMTP_UTF8_MAILBOX: u16 = 1208;
/// `NID_XmppAddr`.
const NID_XMPP_ADDR: u16 = 1209;
/// `NID_SRVName`.
const NID_SRV_NAME: u16 = 1210;
/// `NID_NAIRealm`.
const NID_NAI_REALM: u16 = 1211;

/// Universal tag numbers of the otherName values OpenSSL prints.
const UTF8_STRING: u32 = ossl_asn1::tag::UTF8STRING;
const IA5_STRING: u32 = ossl_asn1::tag::IA5STRING;

/// A decoded `GENERAL_NAME`.
#[derive(Clone, Debug)]
pub(crate) enum GeneralName<'a> {
    /// `[0] otherName`: the type-id OID's content and the `[0]` value.
    OtherName { type_id: &'a [u8], value: Any<'a> },
    /// `[1] rfc822Name`.
    Email(Cow<'a, [u8]>),
    /// `[2] dNSName`.
    Dns(Cow<'a, [u8]>),
    /// `[3] x400Address` (kept undecoded by OpenSSL).
    X400,
    /// `[4] directoryName`.
    DirName(Vec<NameEntry<'a>>),
    /// `[5] ediPartyName`.
    EdiParty,
    /// `[6] uniformResourceIdentifier`.
    Uri(Cow<'a, [u8]>),
    /// `[7] iPAddress`, any length.
    IpAddress(Cow<'a, [u8]>),
    /// `[8] registeredID`: the OID's content.
    RegisteredId(&'a [u8]),
}

/// The `[n] EXPLICIT DIRECTORYSTRING` fields of an `EDIPARTYNAME`.
fn explicit_directory_string(explicit: Element<'_>) -> Decoded<()> {
    let mut inner = explicit.explicit()?;
    inner.read()?.mstring(ber::DIRECTORY_STRING)?;
    inner.finish()
}

impl<'a> GeneralName<'a> {
    /// Whether `element` carries the tag of one of the CHOICE's
    /// alternatives (`[0]` to `[8]`): an OPTIONAL `GENERAL_NAME` is absent
    /// otherwise.
    pub(crate) fn matches(element: &Element<'_>) -> bool {
        element.class == ber::CONTEXT && element.number <= 8
    }

    /// Decodes one `GENERAL_NAME` (a CHOICE: the tag picks the alternative;
    /// a tag of no alternative, or a wrong form for the alternative, is an
    /// error).
    pub(crate) fn decode(element: Element<'a>) -> Decoded<Self> {
        if !Self::matches(&element) {
            return ber::rejected();
        }
        Ok(match element.number {
            0 => {
                let mut fields = element.sequence()?;
                let type_id = fields.expect(ber::OBJECT)?.object()?;
                let mut explicit = fields.expect(ber::context(0))?.explicit()?;
                let value = explicit.read()?.any()?;
                explicit.finish()?;
                fields.finish()?;
                GeneralName::OtherName { type_id, value }
            }
            1 => GeneralName::Email(element.string()?),
            2 => GeneralName::Dns(element.string()?),
            3 => {
                // IMPLICIT ASN1_SEQUENCE: must be constructed, content unread.
                element.constructed()?;
                GeneralName::X400
            }
            4 => {
                let mut explicit = element.explicit()?;
                let name = name::decode_name(explicit.expect(ber::SEQUENCE)?.sequence_of())?;
                explicit.finish()?;
                GeneralName::DirName(name)
            }
            5 => {
                let mut fields = element.sequence()?;
                if let Some(assigner) = fields.optional(ber::context(0))? {
                    explicit_directory_string(assigner)?;
                }
                explicit_directory_string(fields.expect(ber::context(1))?)?;
                fields.finish()?;
                GeneralName::EdiParty
            }
            6 => GeneralName::Uri(element.string()?),
            7 => GeneralName::IpAddress(element.string()?),
            // [8]: `matches` let nothing higher through.
            _ => GeneralName::RegisteredId(element.object()?),
        })
    }

    /// `GENERAL_NAME_print`.
    pub(crate) fn print(&self, out: &mut Vec<u8>) {
        match self {
            GeneralName::OtherName { type_id, value } => {
                let nid = oid::nid(type_id);
                let expected = if nid == Some(NID_SRV_NAME) {
                    IA5_STRING
                } else {
                    UTF8_STRING
                };
                let label: Option<&[u8]> = match nid {
                    Some(NID_SMTP_UTF8_MAILBOX) => Some(b"othername:SmtpUTF8Mailbox:"),
                    Some(NID_XMPP_ADDR) => Some(b"othername:XmppAddr:"),
                    Some(NID_SRV_NAME) => Some(b"othername:SRVName:"),
                    Some(NID_MS_UPN) => Some(b"othername:UPN:"),
                    Some(NID_NAI_REALM) => Some(b"othername:NAIRealm:"),
                    _ => None,
                };
                match (label, value.of_type(expected)) {
                    (Some(label), Some(data)) => {
                        out.extend_from_slice(label);
                        // "%.*s": at most the length, and no further than a NUL.
                        out.extend_from_slice(c_string(data));
                    }
                    _ => out.extend_from_slice(b"othername:<unsupported>"),
                }
            }
            GeneralName::X400 => out.extend_from_slice(b"X400Name:<unsupported>"),
            GeneralName::EdiParty => out.extend_from_slice(b"EdiPartyName:<unsupported>"),
            GeneralName::Email(data) => {
                out.extend_from_slice(b"email:");
                ascii_or_dot(out, data);
            }
            GeneralName::Dns(data) => {
                out.extend_from_slice(b"DNS:");
                ascii_or_dot(out, data);
            }
            GeneralName::Uri(data) => {
                out.extend_from_slice(b"URI:");
                ascii_or_dot(out, data);
            }
            GeneralName::DirName(entries) => {
                out.extend_from_slice(b"DirName:");
                // GENERAL_NAME_print ignores the result. (Names decoded by
                // `decode_name` always print in full.)
                let _ = name::print_oneline_ex(out, entries, 0);
            }
            GeneralName::IpAddress(bytes) => {
                out.extend_from_slice(b"IP Address:");
                out.extend_from_slice(ip_address_text(bytes).as_bytes());
            }
            GeneralName::RegisteredId(object) => {
                out.extend_from_slice(b"Registered ID:");
                out.extend_from_slice(oid::name(object).as_bytes());
            }
        }
    }

    /// `i2v_GENERAL_NAME`: appends this name's entry to `list`; `Err` when
    /// OpenSSL returns NULL (a NUL inside a string, a special otherName of
    /// the wrong type, a name too long for `X509_NAME_oneline`).
    pub(crate) fn i2v(&self, list: &mut ConfList) -> Result<(), I2vFailed> {
        match self {
            GeneralName::OtherName { type_id, value } => {
                let special: Option<(&[u8], u32)> = match oid::nid(type_id) {
                    Some(NID_SMTP_UTF8_MAILBOX) => {
                        Some((b"othername: SmtpUTF8Mailbox:", UTF8_STRING))
                    }
                    Some(NID_XMPP_ADDR) => Some((b"othername: XmppAddr:", UTF8_STRING)),
                    Some(NID_SRV_NAME) => Some((b"othername: SRVName:", IA5_STRING)),
                    Some(NID_MS_UPN) => Some((b"othername: UPN:", UTF8_STRING)),
                    Some(NID_NAI_REALM) => Some((b"othername: NAIRealm:", UTF8_STRING)),
                    _ => None,
                };
                if let Some((name, expected)) = special {
                    let data = value.of_type(expected).ok_or(I2vFailed)?;
                    return add_len_value(list, name, data).map_err(|()| I2vFailed);
                }
                // OBJ_obj2txt into 256 bytes, then "othername: %s:".
                let type_name = oid::obj2txt(type_id, false, 256);
                let mut name = b"othername: ".to_vec();
                name.extend_from_slice(&type_name);
                name.push(b':');
                let text = value
                    .of_type(IA5_STRING)
                    .or_else(|| value.of_type(UTF8_STRING));
                if text.is_some_and(|text| add_len_value(list, &name, text).is_ok()) {
                    return Ok(());
                }
                add_value(list, Some(&name), Some(b"<unsupported>"));
            }
            GeneralName::X400 => add_value(list, Some(b"X400Name"), Some(b"<unsupported>")),
            GeneralName::EdiParty => add_value(list, Some(b"EdiPartyName"), Some(b"<unsupported>")),
            GeneralName::Email(data) => {
                add_len_value(list, b"email", data).map_err(|()| I2vFailed)?
            }
            GeneralName::Dns(data) => add_len_value(list, b"DNS", data).map_err(|()| I2vFailed)?,
            GeneralName::Uri(data) => add_len_value(list, b"URI", data).map_err(|()| I2vFailed)?,
            GeneralName::DirName(entries) => {
                let line = name::oneline(entries, 256).ok_or(I2vFailed)?;
                add_value(list, Some(b"DirName"), Some(&line));
            }
            GeneralName::IpAddress(bytes) => {
                add_value(
                    list,
                    Some(b"IP Address"),
                    Some(ip_address_text(bytes).as_bytes()),
                );
            }
            GeneralName::RegisteredId(object) => {
                // i2t_ASN1_OBJECT into 256 bytes.
                let text = oid::obj2txt(object, false, 256);
                add_value(list, Some(b"Registered ID"), Some(&text));
            }
        }
        Ok(())
    }
}

/// `i2v_GENERAL_NAME` (or `i2v_GENERAL_NAMES`) returned NULL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct I2vFailed;

/// `ossl_ipaddr_to_asc`: dotted quad, eight uppercase hex groups without
/// zero compression, or `<invalid length=N>`.
pub(crate) fn ip_address_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => format!("{}.{}.{}.{}", bytes[0], bytes[1], bytes[2], bytes[3]),
        16 => bytes
            .chunks_exact(2)
            .map(|pair| format!("{:X}", u16::from_be_bytes([pair[0], pair[1]])))
            .collect::<Vec<_>>()
            .join(":"),
        other => format!("<invalid length={other}>"),
    }
}

/// `GENERAL_NAMES` (a SEQUENCE OF GENERAL_NAME, possibly implicitly tagged).
pub(crate) fn decode_general_names(names: Element<'_>) -> Decoded<Vec<GeneralName<'_>>> {
    names.sequence_of().all_choices(GeneralName::decode)
}

/// `i2v_GENERAL_NAMES`: every name's entry, or `Err` if one fails.
pub(crate) fn i2v_general_names(
    names: &[GeneralName<'_>],
    list: &mut ConfList,
) -> Result<(), I2vFailed> {
    names.iter().try_for_each(|name| name.i2v(list))
}

#[cfg(test)]
mod tests {
    use super::super::super::ber::{Parser, Undecodable};
    use super::*;

    fn decoded(der: &[u8]) -> Decoded<GeneralName<'_>> {
        Parser::new(der).read().and_then(GeneralName::decode)
    }

    /// `GENERAL_NAME_print`, or `None` when OpenSSL rejects the name.
    fn printed(der: &[u8]) -> Option<String> {
        match decoded(der) {
            Ok(name) => {
                let mut out = Vec::new();
                name.print(&mut out);
                Some(String::from_utf8(out).unwrap())
            }
            Err(Undecodable::Rejected) => None,
            Err(Undecodable::Unsupported(why)) => panic!("{why}"),
        }
    }

    fn i2v(der: &[u8]) -> Result<ConfList, I2vFailed> {
        let mut list = ConfList::new();
        decoded(der).unwrap().i2v(&mut list).map(|()| list)
    }

    #[test]
    fn ip_addresses_of_any_length() {
        assert_eq!(ip_address_text(&[192, 0, 2, 1]), "192.0.2.1");
        let mut v6 = [0u8; 16];
        v6[0] = 0x20;
        v6[1] = 0x01;
        v6[15] = 0xAB;
        assert_eq!(ip_address_text(&v6), "2001:0:0:0:0:0:0:AB");
        assert_eq!(ip_address_text(&[1, 2, 3]), "<invalid length=3>");
        assert_eq!(
            printed(&[0x87, 0x00]).unwrap(),
            "IP Address:<invalid length=0>"
        );
    }

    #[test]
    fn strings_and_rejected_forms() {
        assert_eq!(printed(b"\x82\x03a\x00b").unwrap(), "DNS:a.b");
        assert_eq!(printed(b"\x81\x01@").unwrap(), "email:@");
        assert_eq!(printed(&[0xA3, 0x00]).unwrap(), "X400Name:<unsupported>");
        // [3] must be constructed, [8] primitive, no [9].
        assert_eq!(printed(&[0x83, 0x00]), None);
        assert_eq!(printed(&[0xA8, 0x01, 0x01]), None);
        assert_eq!(printed(&[0x89, 0x00]), None);
        assert_eq!(printed(&[0x88, 0x01, 0x80]), None);
        assert_eq!(printed(&[0x04, 0x00]), None);
        // a constructed IA5String is reassembled (`openssl x509 -text`
        // prints `DNS:a`: `ber_that_openssl_reassembles_prints_like_openssl`)
        assert_eq!(printed(&[0xA2, 0x03, 0x16, 0x01, 0x61]).unwrap(), "DNS:a");
        // ... unless its parts are broken
        assert!(matches!(
            decoded(&[0xA2, 0x02, 0x16, 0x01]),
            Err(Undecodable::Rejected)
        ));
        assert_eq!(i2v(b"\x82\x03a\x00b"), Err(I2vFailed));
    }

    #[test]
    fn other_names() {
        // UPN (1.3.6.1.4.1.311.20.2.3) as a UTF8String
        let upn =
            b"\xA0\x14\x06\x0A\x2B\x06\x01\x04\x01\x82\x37\x14\x02\x03\xA0\x06\x0C\x04u@x\x00";
        assert_eq!(printed(upn).unwrap(), "othername:UPN:u@x");
        assert_eq!(i2v(upn), Err(I2vFailed));
        // an unknown type with an IA5String: i2v prints it, GENERAL_NAME_print does not
        let other = b"\xA0\x0A\x06\x03\x2A\x03\x04\xA0\x03\x16\x01z";
        assert_eq!(printed(other).unwrap(), "othername:<unsupported>");
        let list = i2v(other).unwrap();
        assert_eq!(list[0].name.as_deref(), Some(&b"othername: 1.2.3.4:"[..]));
        assert_eq!(list[0].value.as_deref(), Some(&b"z"[..]));
        // the [0] value must be exactly one element
        assert_eq!(
            printed(b"\xA0\x0C\x06\x03\x2A\x03\x04\xA0\x05\x16\x01z\x05\x00"),
            None
        );
    }

    /// What the installed OpenSSL printed for these in a subjectAltName
    /// (`openssl x509 -text`).
    #[test]
    fn ber_headers_read_as_openssl_reads_them() {
        // [2] in the high-tag-number form, with and without a padding octet
        assert_eq!(printed(b"\x9F\x02\x01a").unwrap(), "DNS:a");
        assert_eq!(printed(b"\x9F\x80\x02\x01a").unwrap(), "DNS:a");
        assert_eq!(printed(b"\x82\x84\x00\x00\x00\x03a.b").unwrap(), "DNS:a.b");
        // [31] is no alternative
        assert_eq!(printed(b"\x9F\x1F\x01a"), None);
        // UPN values as UTF8String: tag in the high form, long-form length
        let upn = |value: &[u8]| {
            let mut der =
                b"\xA0\x12\x06\x0A\x2B\x06\x01\x04\x01\x82\x37\x14\x02\x03\xA0\x04".to_vec();
            der.extend_from_slice(value);
            i2v(&der).unwrap()[0].value.clone()
        };
        assert_eq!(upn(b"\x1F\x0C\x01a").as_deref(), Some(&b"a"[..]));
        assert_eq!(upn(b"\x0C\x81\x01a").as_deref(), Some(&b"a"[..]));
        // `00 00` inside the EXPLICIT [0] is a universal tag 0 value
        let other = |value: &[u8]| {
            let mut der = b"\xA0\x00\x06\x03\x2A\x03\x04\xA0".to_vec();
            der.push(u8::try_from(value.len()).unwrap());
            der.extend_from_slice(value);
            der[1] = u8::try_from(der.len() - 2).unwrap();
            printed(&der)
        };
        assert_eq!(other(b"\x00\x00").unwrap(), "othername:<unsupported>");
        assert_eq!(other(b"\x1F\x00\x01a").unwrap(), "othername:<unsupported>");
        assert_eq!(other(b"\x1F\x2A\x01a").unwrap(), "othername:<unsupported>");
    }
}
