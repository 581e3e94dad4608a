//! One error type for every rule, named after OpenSSL's reason codes
//! (`ASN1_R_*`, `crypto/asn1/asn1_err.c`).

use std::fmt;

/// Why OpenSSL's reader (or, with the DER flag, a DER reader) refuses the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// `ASN1_R_HEADER_TOO_LONG`: the identifier or length octets are cut
    /// short or malformed (a tag number past `INT_MAX`, more than
    /// `sizeof(long)` significant length octets, a length past `LONG_MAX`,
    /// an indefinite length on a primitive element).
    HeaderTooLong,
    /// `ASN1_R_TOO_LONG`: the length runs past the data available.
    TooLong {
        /// Content octets the header claims.
        needed: u64,
        /// Octets left after the header.
        available: usize,
    },
    /// DER only: a tag number below 31 in the high-tag-number form, or a
    /// leading `0x80` septet.
    NonMinimalTag,
    /// DER only: a long-form length with leading zeros or below 128.
    NonMinimalLength,
    /// DER only: an indefinite length.
    IndefiniteLength,
    /// `ASN1_R_UNEXPECTED_EOC`: an end-of-contents marker inside a definite length.
    UnexpectedEoc,
    /// `ASN1_R_MISSING_EOC`: an indefinite length without its end-of-contents.
    MissingEoc,
    /// `ASN1_R_NESTED_ASN1_STRING`: constructed string segments nested
    /// deeper than `ASN1_MAX_STRING_NEST`.
    NestedTooDeep,
    /// `ASN1_R_ILLEGAL_ZERO_CONTENT`: an INTEGER with no content octets.
    IllegalZeroContent,
    /// `ASN1_R_ILLEGAL_PADDING`: an INTEGER with a redundant leading octet.
    IllegalPadding,
    /// `ASN1_R_TOO_LARGE`: an integer above its type's range.
    TooLarge,
    /// `ASN1_R_TOO_SMALL`: a negative integer below its type's range.
    TooSmall,
    /// `ASN1_R_ILLEGAL_NEGATIVE_VALUE`: a negative value for an unsigned type.
    IllegalNegativeValue,
    /// `ASN1_R_INVALID_OBJECT_ENCODING`.
    InvalidObjectEncoding,
    /// `ASN1_R_STRING_TOO_SHORT` or `ASN1_R_INVALID_BIT_STRING_BITS_LEFT`:
    /// a BIT STRING without its unused-bits octet, or with more than 7.
    InvalidBitString,
    /// `ASN1_R_NULL_IS_WRONG_LENGTH`, `ASN1_R_BOOLEAN_IS_WRONG_LENGTH`,
    /// `ASN1_R_BMPSTRING_IS_WRONG_LENGTH`,
    /// `ASN1_R_UNIVERSALSTRING_IS_WRONG_LENGTH`.
    WrongLength {
        /// The universal tag number of the type.
        tag: u32,
    },
    /// `ASN1_R_INVALID_UTF8STRING` and the like: a string whose characters
    /// `ASN1_STRING_to_UTF8` cannot convert.
    InvalidCharacters,
    /// `ASN1_R_INVALID_TIME_FORMAT` (LibreSSL): a UTCTime or GeneralizedTime
    /// that is not RFC 5280's form of a real date and time.
    InvalidTimeFormat,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::HeaderTooLong => f.write_str("malformed or truncated element header"),
            Error::TooLong { needed, available } => write!(
                f,
                "element needs {needed} content octets, {available} available"
            ),
            Error::NonMinimalTag => f.write_str("tag number not in its shortest form"),
            Error::NonMinimalLength => f.write_str("length not in its shortest form"),
            Error::IndefiniteLength => f.write_str("indefinite length"),
            Error::UnexpectedEoc => f.write_str("unexpected end-of-contents"),
            Error::MissingEoc => f.write_str("missing end-of-contents"),
            Error::NestedTooDeep => f.write_str("constructed string nested too deep"),
            Error::IllegalZeroContent => f.write_str("INTEGER with no content"),
            Error::IllegalPadding => f.write_str("INTEGER with illegal padding"),
            Error::TooLarge => f.write_str("integer too large"),
            Error::TooSmall => f.write_str("integer too small"),
            Error::IllegalNegativeValue => f.write_str("negative value for an unsigned type"),
            Error::InvalidObjectEncoding => f.write_str("invalid OBJECT IDENTIFIER encoding"),
            Error::InvalidBitString => f.write_str("invalid BIT STRING"),
            Error::WrongLength { tag } => {
                write!(f, "wrong content length for universal type {tag}")
            }
            Error::InvalidCharacters => f.write_str("string characters do not convert to UTF-8"),
            Error::InvalidTimeFormat => f.write_str("time not in RFC 5280's form"),
        }
    }
}

impl std::error::Error for Error {}

/// An [`Error`] at a byte offset, for the rules that walk several elements
/// ([`collect`](crate::collect)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorAt {
    /// What was wrong.
    pub error: Error,
    /// Offset, from the start of the data given, of the element at fault.
    pub offset: usize,
}

impl fmt::Display for ErrorAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at offset {}", self.error, self.offset)
    }
}

impl std::error::Error for ErrorAt {}
