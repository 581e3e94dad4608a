//! OpenSSL's BER reading rules, from `ossl-asn1`, with their errors in this
//! crate's terms: the header reader of `ASN1_get_object`, the end-of-contents
//! test, and the integer content rules of `c2i_ibuf` and `x_int64.c`.
//!
//! These are what make OpenSSL lenient (indefinite and non-minimal lengths,
//! high-tag-number form) and where it is not (a header must leave room for
//! content, integers must be minimal). With `der` set, the same reader also
//! refuses every BER-only form, so strict callers share one code path.

use crate::error::{CertificateError, ErrorKind};

pub(crate) use ossl_asn1::{Header, IntContent as IntValue, IntType, LongLength};

/// Identifier class bits, as in the first identifier octet.
pub(crate) const UNIVERSAL: u8 = ossl_asn1::class::UNIVERSAL;
pub(crate) const CONTEXT: u8 = ossl_asn1::class::CONTEXT;

impl From<ossl_asn1::Error> for ErrorKind {
    fn from(e: ossl_asn1::Error) -> Self {
        use ossl_asn1::Error as E;
        let cert = ErrorKind::InvalidCertificate;
        match e {
            E::TooLong { needed, available } => ErrorKind::Truncated { needed, available },
            E::NonMinimalTag => ErrorKind::NonMinimalTag,
            E::NonMinimalLength => ErrorKind::NonMinimalLength,
            E::IndefiniteLength => ErrorKind::IndefiniteLength,
            E::UnexpectedEoc => ErrorKind::UnexpectedEoc,
            E::MissingEoc => ErrorKind::MissingEoc,
            E::NestedTooDeep => ErrorKind::NestedTooDeep,
            E::IllegalZeroContent => ErrorKind::EmptyInteger,
            E::IllegalPadding => ErrorKind::NonMinimalInteger,
            E::TooLarge => ErrorKind::IntegerTooLarge,
            E::TooSmall => ErrorKind::IntegerTooSmall,
            E::IllegalNegativeValue => ErrorKind::NegativeValue,
            E::InvalidObjectEncoding => cert(CertificateError::InvalidObject),
            E::InvalidBitString => cert(CertificateError::InvalidBitString),
            E::WrongLength {
                tag: ossl_asn1::tag::NULL | ossl_asn1::tag::BOOLEAN,
            } => cert(CertificateError::InvalidPrimitive),
            E::WrongLength { .. } | E::InvalidCharacters => cert(CertificateError::InvalidString),
            E::InvalidTimeFormat => cert(CertificateError::InvalidTime),
            // HeaderTooLong, and whatever a later ossl-asn1 adds.
            _ => ErrorKind::BadHeader,
        }
    }
}

/// `ASN1_get_object` on `data` (its length is OpenSSL's `omax`), with
/// `long`'s rule for long-form lengths.
#[inline]
pub(crate) fn get_object(data: &[u8], der: bool, long: LongLength) -> Result<Header, ErrorKind> {
    ossl_asn1::get_object_with(data, der, long).map_err(ErrorKind::from)
}

/// `asn1_check_eoc`: two zero octets.
#[inline]
pub(crate) fn is_eoc(data: &[u8]) -> bool {
    ossl_asn1::check_eoc(data)
}

/// `c2i_ibuf`: rejects empty content (when `allow_empty` is false) and illegal
/// padding, and returns the magnitude.
#[inline]
pub(crate) fn int_content(c: &[u8], allow_empty: bool) -> Result<IntValue, ErrorKind> {
    ossl_asn1::c2i_ibuf(c, allow_empty).map_err(ErrorKind::from)
}

/// `uint32_c2i` / `uint64_c2i` from `crypto/asn1/x_int64.c`.
#[inline]
pub(crate) fn session_int(v: IntValue, ty: IntType) -> Result<i128, ErrorKind> {
    ossl_asn1::x_int64_c2i(v, ty).map_err(ErrorKind::from)
}
