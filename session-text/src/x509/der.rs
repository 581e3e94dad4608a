//! A strict DER walker for printing a certificate.
//!
//! OpenSSL's `d2i_X509` is lenient (BER lengths, constructed strings), and
//! `X509_print` prints what that parse made of the bytes. Reproducing every
//! BER reading here would be a second template interpreter; instead anything
//! that is not plain DER is reported as [`Unsupported`], and the caller
//! refuses to print rather than print something OpenSSL would not.

use super::Unsupported;

pub(crate) const BOOLEAN: u8 = 0x01;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const OID: u8 = 0x06;
pub(crate) const UTC_TIME: u8 = 0x17;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;
pub(crate) const SEQUENCE: u8 = 0x30;

/// The identifier octet of a context-specific `[n]` tag (n < 31).
pub(crate) const fn context(n: u8, constructed: bool) -> u8 {
    0x80 | if constructed { 0x20 } else { 0 } | n
}

/// One element: its identifier octet and its content (ossl-pkey's, which
/// takes a key's parameters so).
pub(crate) use ossl_pkey::Tlv;

/// Reads consecutive elements from a byte string.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Self {
        Reader { rest: input }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// What is left unread.
    #[cfg(test)]
    pub(crate) fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// The identifier octet of the next element, if any.
    pub(crate) fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// The next element, whatever its tag. Only single-octet identifiers and
    /// minimal definite lengths are accepted: `ASN1_get_object`'s reader in
    /// DER mode.
    pub(crate) fn read(&mut self) -> Result<Tlv<'a>, Unsupported> {
        let header = ossl_asn1::get_object(self.rest, true).map_err(|e| match e {
            ossl_asn1::Error::IndefiniteLength => Unsupported::new("a length is not definite DER"),
            ossl_asn1::Error::NonMinimalLength => Unsupported::new("a length is not minimal DER"),
            ossl_asn1::Error::TooLong { .. } => Unsupported::new("a DER element is truncated"),
            _ => Unsupported::new("a DER element header is malformed"),
        })?;
        if header.tag >= 0x1F {
            return Err(Unsupported::new("a DER element has a multi-byte tag"));
        }
        let (whole, rest) = self.rest.split_at(header.header_len + header.len);
        self.rest = rest;
        Ok(Tlv {
            tag: header.first,
            content: &whole[header.header_len..],
        })
    }

    /// The next element, which must carry `tag`; returns its content.
    pub(crate) fn read_tag(&mut self, tag: u8) -> Result<&'a [u8], Unsupported> {
        let tlv = self.read()?;
        if tlv.tag != tag {
            return Err(Unsupported::new(format!(
                "expected tag 0x{tag:02x}, found 0x{:02x}",
                tlv.tag
            )));
        }
        Ok(tlv.content)
    }

    /// The content of the next element if it carries `tag`, else `None`
    /// (nothing read).
    pub(crate) fn read_optional(&mut self, tag: u8) -> Result<Option<&'a [u8]>, Unsupported> {
        if self.peek_tag() == Some(tag) {
            self.read_tag(tag).map(Some)
        } else {
            Ok(None)
        }
    }

    /// Fails unless everything was read.
    pub(crate) fn finish(&self) -> Result<(), Unsupported> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(Unsupported::new("unexpected data after a DER element"))
        }
    }
}
