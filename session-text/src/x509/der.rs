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

/// One element: its identifier octet and its content.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: u8,
    pub(crate) content: &'a [u8],
}

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
    /// minimal definite lengths are accepted.
    pub(crate) fn read(&mut self) -> Result<Tlv<'a>, Unsupported> {
        let input = self.rest;
        let (&tag, after_tag) = input
            .split_first()
            .ok_or_else(|| Unsupported::new("a DER element is missing"))?;
        if tag & 0x1F == 0x1F {
            return Err(Unsupported::new("a DER element has a multi-byte tag"));
        }
        let (&first, mut after_len) = after_tag
            .split_first()
            .ok_or_else(|| Unsupported::new("a DER length is missing"))?;
        let length = if first < 0x80 {
            usize::from(first)
        } else {
            let count = usize::from(first & 0x7F);
            if count == 0 || count > 4 || after_len.len() < count {
                return Err(Unsupported::new("a length is not definite DER"));
            }
            let (bytes, rest) = after_len.split_at(count);
            after_len = rest;
            if bytes[0] == 0 {
                return Err(Unsupported::new("a length is not minimal DER"));
            }
            let value = bytes.iter().fold(0usize, |n, &b| (n << 8) | usize::from(b));
            if value < 0x80 {
                return Err(Unsupported::new("a length is not minimal DER"));
            }
            value
        };
        if after_len.len() < length {
            return Err(Unsupported::new("a DER element is truncated"));
        }
        let (content, rest) = after_len.split_at(length);
        self.rest = rest;
        Ok(Tlv { tag, content })
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
