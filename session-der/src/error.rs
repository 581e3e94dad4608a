//! Typed errors: what went wrong, in which field, at which byte.

use std::fmt;

use session_model::{Dialect, Field, LimitError};

/// What was wrong with the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Nothing to read where a value must be: no input at all, or (OpenSSL
    /// mode) an element whose content is empty where an item is read, such
    /// as an EXPLICIT wrapper `A1 00` (`asn1_item_embed_d2i` refuses any
    /// zero length with `ASN1_R_TOO_SMALL`).
    Empty,
    /// An element's header (tag and length octets) is cut short or malformed.
    BadHeader,
    /// An element claims more bytes than its container has left.
    Truncated {
        /// Bytes the element needs.
        needed: u64,
        /// Bytes that were left.
        available: usize,
    },
    /// An element has a different tag than the schema allows here.
    UnexpectedTag {
        /// The first identifier octet found.
        found: u8,
    },
    /// An element that must be constructed (SEQUENCE, EXPLICIT tag) is primitive.
    NotConstructed,
    /// An element that must be primitive (INTEGER, BOOLEAN, …) is constructed.
    NotPrimitive,
    /// Strict mode: a length not in its shortest form.
    NonMinimalLength,
    /// Strict mode: an indefinite length (BER only).
    IndefiniteLength,
    /// Strict mode: a tag number below 31 written in high-tag-number form.
    NonMinimalTag,
    /// Strict mode: an OCTET STRING in constructed (segmented) form.
    ConstructedString,
    /// An INTEGER with a redundant leading 0x00 or 0xFF octet.
    NonMinimalInteger,
    /// Strict mode: an INTEGER with no content octets (OpenSSL reads it as 0).
    EmptyInteger,
    /// An integer above the field's range.
    IntegerTooLarge,
    /// A negative integer below the field's range.
    IntegerTooSmall,
    /// A negative value in an unsigned field.
    NegativeValue,
    /// An EXPLICIT wrapper holds more than its one element.
    ExplicitLengthMismatch,
    /// Bytes are left inside the SEQUENCE after the last field.
    SequenceLengthMismatch,
    /// An end-of-contents marker where none may be.
    UnexpectedEoc,
    /// An indefinite-length element lacks its end-of-contents marker.
    MissingEoc,
    /// Constructed strings nested deeper than OpenSSL allows (5).
    NestedTooDeep,
    /// A mandatory field is missing.
    MissingField,
    /// An element the schema does not have (unknown, duplicated or out of order).
    UnexpectedField {
        /// The first identifier octet found.
        found: u8,
    },
    /// Bytes follow the SEQUENCE and the caller asked for exactly one session.
    TrailingData {
        /// How many bytes follow.
        len: usize,
    },
    /// The structure version is not 1 (`SSL_R_UNKNOWN_SSL_VERSION`).
    UnknownStructureVersion {
        /// The version found.
        version: u64,
    },
    /// The protocol version is outside what OpenSSL reads back (`SSL_R_UNSUPPORTED_SSL_VERSION`).
    UnsupportedProtocolVersion {
        /// The version found.
        version: i64,
    },
    /// The cipher is not two bytes (`SSL_R_CIPHER_CODE_WRONG_LENGTH`).
    CipherWrongLength {
        /// Its length.
        len: usize,
    },
    /// The cipher code is not in OpenSSL's table (OpenSSL fails without an error).
    UnknownCipher {
        /// The code.
        code: u16,
    },
    /// A field longer than OpenSSL allows (OpenSSL fails without an error).
    TooLong {
        /// Its length.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The compression id is not one byte (`SSL_R_BAD_LENGTH`).
    CompressionWrongLength {
        /// Its length.
        len: usize,
    },
    /// The peer certificate is not a syntactically valid X.509 certificate
    /// (OpenSSL parses it with `d2i_X509` and fails the session).
    InvalidCertificate(CertificateError),
    /// A field OpenSSL mode holds as OpenSSL rewrites it — a segmented (BER
    /// constructed) OCTET STRING, a BER certificate or raw public key written
    /// back in DER — which a borrowed view cannot hold; decode into an owning
    /// storage instead.
    NeedsOwnedStorage,
    /// The peer's raw public key (`[20]`) does not load: OpenSSL 3.2+ reads
    /// it with `d2i_PUBKEY`, which fails, and so does the session. Strict
    /// mode also says this of a key OpenSSL loads that is not in DER.
    InvalidPublicKey,
    /// A BOOLEAN whose content is not exactly `0x00` or `0xFF` (BoringSSL's CBS).
    InvalidBoolean,
    /// A value of the right type that the library refuses (BoringSSL's `[32]`
    /// peerCertType other than a raw public key, the default included).
    InvalidValue,
    /// An OCTET STRING of the wrong fixed length (BoringSSL's `[13]` SHA-256,
    /// `[21]` ticket age add).
    WrongLength {
        /// Its length.
        len: usize,
        /// The length the field must have.
        expected: usize,
    },
    /// A string kept as a C string holds a NUL octet (BoringSSL's `[8]`,
    /// LibreSSL's `[6]`), which the library refuses.
    ContainsNul,
    /// Elements that contradict each other (BoringSSL: a certificate chain
    /// without a leaf, a raw public key beside certificates, ALPS without
    /// early ALPN).
    Inconsistent,
    /// A value the library accepts that the model cannot hold (a BoringSSL
    /// time above 2^63 − 1 seconds, a verify result above 2^31 − 1, which no
    /// `X509_V_*` code is): refused rather than changed.
    Unrepresentable,
}

/// Why an embedded certificate was rejected, in OpenSSL's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateError {
    /// A structural (tag, length, order) error inside the certificate.
    Structure,
    /// An OBJECT IDENTIFIER with an invalid encoding.
    InvalidObject,
    /// A BIT STRING with no octets or more than 7 unused bits.
    InvalidBitString,
    /// An INTEGER with no content or redundant padding.
    InvalidInteger,
    /// A BOOLEAN that is not one octet, or a NULL with content.
    InvalidPrimitive,
    /// A name attribute value of a string type OpenSSL does not allow there.
    InvalidStringType,
    /// A string whose characters do not decode (UTF-8, BMP, Universal).
    InvalidString,
    /// A UTCTime or GeneralizedTime that is not one: LibreSSL's decoder
    /// wants RFC 5280's form of a real date and time.
    InvalidTime,
}

impl fmt::Display for CertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CertificateError::Structure => "malformed ASN.1 structure",
            CertificateError::InvalidObject => "invalid OBJECT IDENTIFIER encoding",
            CertificateError::InvalidBitString => "invalid BIT STRING",
            CertificateError::InvalidInteger => "invalid INTEGER",
            CertificateError::InvalidPrimitive => "invalid BOOLEAN or NULL",
            CertificateError::InvalidStringType => "string type not allowed in a name",
            CertificateError::InvalidString => "string characters do not decode",
            CertificateError::InvalidTime => "invalid time value",
        })
    }
}

/// A rejected input: the kind of problem, the field, and the byte offset in the
/// input where the offending element starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: ErrorKind,
    field: Field,
    offset: usize,
}

impl DecodeError {
    pub(crate) fn new(kind: ErrorKind, field: Field, offset: usize) -> Self {
        DecodeError {
            kind,
            field,
            offset,
        }
    }

    pub(crate) fn limit(e: LimitError, offset: usize) -> Self {
        DecodeError::new(
            ErrorKind::TooLong {
                len: e.len,
                max: e.max,
            },
            e.field,
            offset,
        )
    }

    /// What was wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The field concerned ([`Field::Session`] for the outer structure).
    pub fn field(&self) -> Field {
        self.field
    }

    /// Byte offset in the input of the element at fault.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Whether OpenSSL 3.0 queues an error for this failure. It does not for an
    /// unknown cipher or an over-long session id, master key or sid_ctx, so a
    /// caller that only inspects OpenSSL's error queue sees nothing.
    pub fn openssl_queues_error(&self) -> bool {
        !matches!(
            self.kind,
            ErrorKind::UnknownCipher { .. } | ErrorKind::TooLong { .. }
        )
    }

    /// OpenSSL 3.x's packed error code (`ERR_PACK(lib, 0, reason)` = `lib << 23 | reason`)
    /// for the closest reason OpenSSL reports, or `None` where OpenSSL queues none.
    pub fn openssl_error_code(&self) -> Option<u32> {
        const ASN1: u32 = 13 << 23;
        const SSL: u32 = 20 << 23;
        const EVP: u32 = 6 << 23;
        // ERR_R_NESTED_ASN1_ERROR as OpenSSL 3 defines it, a common reason
        // with its flag (`266 | ERR_RFLAG_COMMON`, `include/openssl/err.h`);
        // 1.1.1's was 58.
        const NESTED_ASN1_ERROR: u32 = 266 | (0x2 << 18);
        Some(match self.kind {
            ErrorKind::Empty => ASN1 | 224,
            // ASN1_R_HEADER_TOO_LONG: ASN1_get_object's own error, queued
            // before asn1_check_tlen's ASN1_R_BAD_OBJECT_HEADER (102) —
            // every header OpenSSL cannot read is cut short or longer than
            // a `long` (corpus: all 40 such refusals).
            ErrorKind::BadHeader => ASN1 | 123,
            ErrorKind::Truncated { .. } => ASN1 | 155,
            ErrorKind::UnexpectedTag { .. } | ErrorKind::UnexpectedField { .. } => ASN1 | 168,
            ErrorKind::NotConstructed => ASN1 | 120,
            ErrorKind::NotPrimitive => ASN1 | 195,
            ErrorKind::NonMinimalInteger => ASN1 | 221,
            ErrorKind::IntegerTooLarge => ASN1 | 223,
            ErrorKind::IntegerTooSmall => ASN1 | 224,
            ErrorKind::NegativeValue => ASN1 | 226,
            ErrorKind::ExplicitLengthMismatch => ASN1 | 119,
            ErrorKind::SequenceLengthMismatch => ASN1 | 148,
            ErrorKind::UnexpectedEoc => ASN1 | 159,
            ErrorKind::MissingEoc => ASN1 | 137,
            ErrorKind::NestedTooDeep => ASN1 | 197,
            ErrorKind::MissingField => ASN1 | 121,
            ErrorKind::UnknownStructureVersion { .. } => SSL | 254,
            ErrorKind::UnsupportedProtocolVersion { .. } => SSL | 259,
            ErrorKind::CipherWrongLength { .. } => SSL | 137,
            ErrorKind::CompressionWrongLength { .. } => SSL | 271,
            ErrorKind::InvalidCertificate(_) => ASN1 | NESTED_ASN1_ERROR,
            // EVP_R_DECODE_ERROR, what d2i_PUBKEY_ex of 3.5.5 and 4.0.3
            // queues for a key that does not load.
            ErrorKind::InvalidPublicKey => EVP | 114,
            ErrorKind::UnknownCipher { .. } | ErrorKind::TooLong { .. } => return None,
            // Only the other dialects' decoders report these (BoringSSL queues
            // SSL_R_INVALID_SSL_SESSION for all of them).
            ErrorKind::InvalidBoolean
            | ErrorKind::InvalidValue
            | ErrorKind::WrongLength { .. }
            | ErrorKind::ContainsNul
            | ErrorKind::Inconsistent
            | ErrorKind::Unrepresentable => return None,
            // Strict-mode findings OpenSSL accepts; report them as the template
            // decoder's generic "wrong tag" so FFI callers get a stable code.
            ErrorKind::NonMinimalLength
            | ErrorKind::IndefiniteLength
            | ErrorKind::NonMinimalTag
            | ErrorKind::ConstructedString
            | ErrorKind::EmptyInteger
            | ErrorKind::TrailingData { .. }
            | ErrorKind::NeedsOwnedStorage => ASN1 | 168,
        })
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.kind)?;
        if let (ErrorKind::UnexpectedTag { .. }, Some(t)) = (self.kind, self.field.tag()) {
            write!(f, ", expected [{t}]")?;
        }
        write!(f, " (offset {})", self.offset)
    }
}

/// What is wrong, without the field and offset a [`DecodeError`] adds.
impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            ErrorKind::Empty => write!(f, "no input")?,
            ErrorKind::BadHeader => write!(f, "malformed tag or length octets")?,
            ErrorKind::Truncated { needed, available } => write!(
                f,
                "element needs {needed} bytes but only {available} are left (truncated?)"
            )?,
            ErrorKind::UnexpectedTag { found } => write!(f, "unexpected tag 0x{found:02X}")?,
            ErrorKind::NotConstructed => write!(f, "element must be constructed")?,
            ErrorKind::NotPrimitive => write!(f, "element must be primitive")?,
            ErrorKind::NonMinimalLength => {
                write!(f, "length not in its shortest form (DER requires it)")?
            }
            ErrorKind::IndefiniteLength => write!(f, "indefinite length (DER forbids it)")?,
            ErrorKind::NonMinimalTag => write!(f, "tag in high-tag-number form (DER forbids it)")?,
            ErrorKind::ConstructedString => {
                write!(f, "segmented OCTET STRING (DER requires primitive)")?
            }
            ErrorKind::NonMinimalInteger => write!(f, "INTEGER has redundant leading octets")?,
            ErrorKind::EmptyInteger => write!(f, "INTEGER has no content octets")?,
            ErrorKind::IntegerTooLarge => write!(f, "integer too large for the field")?,
            ErrorKind::IntegerTooSmall => write!(f, "integer too small for the field")?,
            ErrorKind::NegativeValue => write!(f, "negative value in an unsigned field")?,
            ErrorKind::ExplicitLengthMismatch => {
                write!(f, "explicit tag holds more than one element")?
            }
            ErrorKind::SequenceLengthMismatch => {
                write!(f, "bytes left in the SEQUENCE after the last field")?
            }
            ErrorKind::UnexpectedEoc => write!(f, "unexpected end-of-contents marker")?,
            ErrorKind::MissingEoc => write!(f, "missing end-of-contents marker")?,
            ErrorKind::NestedTooDeep => write!(f, "constructed string nested too deep")?,
            ErrorKind::MissingField => write!(f, "mandatory field missing")?,
            ErrorKind::UnexpectedField { found } => write!(
                f,
                "unexpected element with tag 0x{found:02X} (unknown, duplicated or out of order)"
            )?,
            ErrorKind::TrailingData { len } => {
                write!(f, "{len} bytes follow the session")?
            }
            ErrorKind::UnknownStructureVersion { version } => {
                write!(f, "structure version {version}, expected 1")?
            }
            ErrorKind::UnsupportedProtocolVersion { version } => write!(
                f,
                "protocol version 0x{version:04X} is not SSLv3/TLS (0x03xx), DTLS (0xFExx) or 0x0100"
            )?,
            ErrorKind::CipherWrongLength { len } => write!(f, "{len} bytes, expected 2")?,
            ErrorKind::UnknownCipher { code } => {
                write!(f, "cipher 0x{code:04X} is not in the reading library's cipher table")?
            }
            ErrorKind::TooLong { len, max } => write!(f, "{len} bytes, at most {max} allowed")?,
            ErrorKind::CompressionWrongLength { len } => {
                write!(f, "{len} bytes, expected 1")?
            }
            ErrorKind::InvalidCertificate(e) => write!(f, "not a valid X.509 certificate: {e}")?,
            ErrorKind::NeedsOwnedStorage => write!(
                f,
                "read in BER, as OpenSSL rewrites it (a segmented OCTET STRING, a \
                 certificate or key re-encoded): cannot be borrowed; decode into owned storage"
            )?,
            ErrorKind::InvalidPublicKey => {
                write!(f, "not a public key OpenSSL's d2i_PUBKEY loads")?
            }
            ErrorKind::InvalidBoolean => write!(f, "BOOLEAN is not 0x00 or 0xFF")?,
            ErrorKind::InvalidValue => write!(f, "a value the library refuses")?,
            ErrorKind::WrongLength { len, expected } => {
                write!(f, "{len} bytes, expected {expected}")?
            }
            ErrorKind::ContainsNul => write!(f, "contains a NUL octet")?,
            ErrorKind::Inconsistent => write!(f, "contradicts another element")?,
            ErrorKind::Unrepresentable => write!(
                f,
                "a value the library accepts but this model cannot hold"
            )?,
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

/// Why a session could not be encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// The caller's buffer is too small.
    BufferTooSmall {
        /// Bytes the encoding needs.
        needed: usize,
    },
    /// A field is over OpenSSL's limit, so no OpenSSL could read the result.
    Invalid(LimitError),
    /// The target library cannot write the session as it is: a field it
    /// requires is absent, or a value is outside what it holds (BoringSSL's
    /// unsigned times, say).
    Unwritable {
        /// The field concerned.
        field: Field,
        /// Why.
        reason: &'static str,
    },
    /// The session is in another dialect than the target's: convert it first
    /// (`session_der::convert`), which says what cannot be carried over.
    WrongDialect {
        /// The session's dialect.
        session: Dialect,
        /// The target's.
        target: Dialect,
    },
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} bytes needed")
            }
            EncodeError::Invalid(e) => write!(f, "session cannot be encoded: {e}"),
            EncodeError::Unwritable { field, reason } => {
                write!(f, "session cannot be encoded: {field}: {reason}")
            }
            EncodeError::WrongDialect { session, target } => write!(
                f,
                "a {} session cannot be written as {}'s; convert it first",
                session.library(),
                target.library()
            ),
        }
    }
}

impl std::error::Error for EncodeError {}
