//! A small DER writer for the other libraries' encoders (their `CBB`s): each
//! element is appended whole, nested elements built inside out. Every buffer
//! that may hold the master key is wiped when dropped.

use zeroize::Zeroizing;

/// A buffer of DER elements.
#[derive(Default)]
pub(crate) struct Der(pub(crate) Zeroizing<Vec<u8>>);

impl Der {
    pub(crate) fn new() -> Self {
        Der(Zeroizing::new(Vec::new()))
    }

    /// One element: identifier octets (`[n]` with n ≥ 31 in high-tag form),
    /// DER length, content.
    pub(crate) fn tlv(&mut self, class_bits: u8, number: u32, content: &[u8]) {
        ossl_asn1::der::push_identifier(&mut self.0, class_bits, number);
        ossl_asn1::der::push_length(&mut self.0, content.len());
        self.0.extend_from_slice(content);
    }

    /// `CBB_add_asn1_uint64`: a minimal non-negative INTEGER.
    pub(crate) fn uint(&mut self, v: u64) {
        let bytes = v.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count().min(7);
        let mut content = [0u8; 9];
        let mut n = 0;
        if bytes[skip] & 0x80 != 0 {
            n = 1;
        }
        let len = n + 8 - skip;
        content[n..len].copy_from_slice(&bytes[skip..]);
        self.tlv(0x00, 0x02, &content[..len]);
    }

    pub(crate) fn octets(&mut self, b: &[u8]) {
        self.tlv(0x00, 0x04, b);
    }

    pub(crate) fn boolean(&mut self, v: bool) {
        self.tlv(0x00, 0x01, &[if v { 0xFF } else { 0x00 }]);
    }

    /// `[n] { inner }`, constructed context-specific.
    pub(crate) fn explicit(&mut self, n: u32, inner: impl FnOnce(&mut Der)) {
        let mut d = Der::new();
        inner(&mut d);
        self.tlv(0xA0, n, &d.0);
    }

    /// `[n]` around already encoded bytes.
    pub(crate) fn explicit_raw(&mut self, n: u32, content: &[u8]) {
        self.tlv(0xA0, n, content);
    }

    /// The whole as a SEQUENCE.
    pub(crate) fn into_sequence(self) -> Zeroizing<Vec<u8>> {
        let mut out = Der::new();
        out.tlv(0x20, 0x10, &self.0);
        out.0
    }
}
