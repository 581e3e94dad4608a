//! The schema: one row per element of OpenSSL's `SSL_SESSION_ASN1`.
//!
//! Everything that knows a session's fields reads this table: the [`Field`]
//! enum and its names, the [`Session`](crate::Session) struct with its
//! getters, setters, equality, `Debug` and storage conversions, the
//! `arbitrary` generator, and in `session-der` the strict decoder, OpenSSL's
//! template, the session-level checks and the encoder. Adding a field is one
//! row here plus the code its ASN.1 type needs, if that type is new.
//!
//! The table is a macro, [`session_schema!`](crate::session_schema), so that
//! code can be generated from it at compile time (the decoder and encoder
//! stay straight-line code, as fast as written by hand), and a constant,
//! [`FIELDS`], for code that reads it at run time.

use crate::dialect::{Dialect, DialectPlacements, Placement};
use crate::field::Field;
use crate::limits::{MAX_MASTER_KEY_LEN, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN};

/// The table of a session's elements, handed to `$callback!` as tokens.
///
/// The rows are in three groups, the first two in OpenSSL's wire order:
///
/// ```text
/// mandatory: [Variant, name, type, asn1, limit, secrecy, "doc", "OpenSSL member"]
/// optional:  [tag, Variant, name, set_name, type, asn1, limit, secrecy, "doc",
///             tagging, written, (since major, minor), "OpenSSL member",
///             dialects(BoringSSL, AWS-LC, LibreSSL)]
/// extended:  [Variant, name, set_name, type, asn1, limit, secrecy, "doc",
///             "BoringSSL member", dialects(BoringSSL, AWS-LC, LibreSSL)]
/// ```
///
/// `optional` are OpenSSL's context-tagged elements (`tag` is OpenSSL's);
/// `extended` are the fields only other dialects store (BoringSSL's and
/// AWS-LC's own elements), which no OpenSSL template has. `dialects(..)`
/// gives each other dialect's context tag for the field, or `-` where that
/// dialect does not keep it (the five mandatory elements are in every
/// dialect, untagged). OpenSSL's codec reads `mandatory` and `optional`
/// only; the model, the records and the other dialects' codecs read all three.
///
/// A consumer matches the columns it needs from the left and takes the rest
/// as `$($rest:tt)*`, so a new column at the right changes only the consumers
/// that read it.
///
/// * `type`: how the model holds the value: `bytes` (the storage `B`), `bool`,
///   or an integer type (`i64`, `u64`, `i32`, `u32`, `u16`, `u8`); for the INTEGER
///   elements it is also the `x_int64.c` type OpenSSL reads them with
///   (`INT64`, `UINT64`, `INT32`, `UINT32`).
/// * `asn1`: an [`Asn1Type`] variant.
/// * `tagging`: `Implicit` or `Explicit` (context class, `[tag]`).
/// * `since`: the first OpenSSL release whose template has the element.
/// * `written`: a [`Written`] variant: what OpenSSL 3.x's `i2d_SSL_SESSION`
///   writes for it.
/// * `limit`: `none`, or the constant OpenSSL limits the length to.
/// * `secrecy`: `secret` for values that grant resumption or identify a
///   user's PSK (redacted in records unless asked for), else `public`.
///
/// The callback receives any tokens given after its name first, then the rows.
#[macro_export]
macro_rules! session_schema {
    ($callback:ident $(, $($arg:tt)*)?) => {
        $crate::__session_schema_with_test_row! { $callback [$($($arg)*)?] }
    };
}

/// The rows themselves; `$extra` are rows a test build appends.
#[doc(hidden)]
#[macro_export]
macro_rules! __session_schema_rows {
    ($callback:ident [$($arg:tt)*] [$($extra:tt)*]) => {
        $callback! {
            $($arg)*
            mandatory:
            [Version, version, u32, Integer, none, public,
                "Structure version (always 1).",
                "version"]
            [ProtocolVersion, protocol_version, i32, Integer, none, public,
                "`sslVersion`: the TLS or DTLS protocol version.",
                "ssl_version"]
            [Cipher, cipher, u16, CipherCode, none, public,
                "The two-byte cipher code.",
                "cipher"]
            [SessionId, session_id, bytes, OctetString, MAX_SESSION_ID_LEN, public,
                "The session id.",
                "session_id"]
            [MasterKey, master_key, bytes, OctetString, MAX_MASTER_KEY_LEN, secret,
                "The master key (TLS ≤ 1.2) or resumption PSK (TLS 1.3).",
                "master_key"]
            optional:
            [0, KeyArg, key_arg, set_key_arg, bytes, OctetString, none, public,
                "`[0]` key_arg: an SSLv2 relic that OpenSSL 1.1.0+ reads and drops.",
                Implicit, Never, (1, 1), "key_arg",
                dialects(-, -, -)]
            [1, Time, time, set_time, i64, Integer, none, public,
                "`[1]` the time the session was made, in seconds since the epoch, as stored.",
                Explicit, HeldSecondsUnlessZero, (1, 1), "time",
                dialects(1, 1, 1)]
            [2, Timeout, timeout, set_timeout, i64, Integer, none, public,
                "`[2]` the lifetime in seconds, as stored.",
                Explicit, HeldSecondsUnlessZero, (1, 1), "timeout",
                dialects(2, 2, 2)]
            [3, PeerCertificate, peer_certificate, set_peer_certificate, bytes, Certificate, none, public,
                "`[3]` the peer's leaf certificate, DER, as it was received.",
                Explicit, WhenPresent, (1, 1), "peer",
                dialects(3, 3, 3)]
            [4, SidCtx, sid_ctx, set_sid_ctx, bytes, OctetString, MAX_SID_CTX_LEN, public,
                "`[4]` the session id context (`SSL_SESSION_set1_id_context`). OpenSSL 1.1.0+ \
                 always writes it, empty or not; `None` omits it, as only older writers did.",
                Explicit, Always, (1, 1), "session_id_context",
                dialects(4, 4, 4)]
            [5, VerifyResult, verify_result, set_verify_result, i32, Integer, none, public,
                "`[5]` the certificate verification result (`X509_V_OK` = 0 when absent).",
                Explicit, UnlessZero, (1, 1), "verify_result",
                dialects(5, 5, 5)]
            [6, Hostname, hostname, set_hostname, bytes, OctetString, none, public,
                "`[6]` the SNI host name, as stored (OpenSSL cuts it at the first NUL when it reads it).",
                Explicit, CutAtNul, (1, 1), "tlsext_hostname",
                dialects(-, -, 6)]
            [7, PskIdentityHint, psk_identity_hint, set_psk_identity_hint, bytes, OctetString, none, secret,
                "`[7]` the PSK identity hint.",
                Explicit, CutAtNul, (1, 1), "psk_identity_hint",
                dialects(-, -, -)]
            [8, PskIdentity, psk_identity, set_psk_identity, bytes, OctetString, none, secret,
                "`[8]` the PSK identity.",
                Explicit, CutAtNul, (1, 1), "psk_identity",
                dialects(8, 8, -)]
            [9, TicketLifetimeHint, ticket_lifetime_hint, set_ticket_lifetime_hint, u64, Integer, none, public,
                "`[9]` the ticket lifetime hint in seconds.",
                Explicit, UnlessZero, (1, 1), "tlsext_tick_lifetime_hint",
                dialects(9, 9, 9)]
            [10, Ticket, ticket, set_ticket, bytes, OctetString, none, secret,
                "`[10]` the session ticket (present but empty is possible).",
                Explicit, WhenPresent, (1, 1), "tlsext_tick",
                dialects(10, 10, 10)]
            [11, CompressionId, compression_id, set_compression_id, u8, OneOctet, none, public,
                "`[11]` the compression method id (one byte).",
                Explicit, UnlessZero, (1, 1), "comp_id",
                dialects(-, -, -)]
            [12, SrpUsername, srp_username, set_srp_username, bytes, OctetString, none, public,
                "`[12]` the SRP user name.",
                Explicit, CutAtNul, (1, 1), "srp_username",
                dialects(-, -, -)]
            [13, Flags, flags, set_flags, u64, Integer, none, public,
                "`[13]` flags as stored (OpenSSL keeps only the low 32 bits when it reads them).",
                Explicit, LowBitsUnlessZero(32), (1, 1), "flags",
                dialects(-, -, -)]
            [14, TicketAgeAdd, ticket_age_add, set_ticket_age_add, u32, Integer, none, public,
                "`[14]` the TLS 1.3 ticket age add.",
                Explicit, UnlessZero, (1, 1), "tlsext_tick_age_add",
                dialects(21, 21, -)]
            [15, MaxEarlyData, max_early_data, set_max_early_data, u32, Integer, none, public,
                "`[15]` the TLS 1.3 max early data.",
                Explicit, UnlessZero, (1, 1), "max_early_data",
                dialects(24, 24, -)]
            [16, AlpnSelected, alpn_selected, set_alpn_selected, bytes, OctetString, none, public,
                "`[16]` the selected ALPN protocol.",
                Explicit, WhenPresent, (1, 1), "alpn_selected",
                dialects(26, 26, -)]
            [17, MaxFragmentLenMode, max_fragment_len_mode, set_max_fragment_len_mode, u32, Integer, none, public,
                "`[17]` the max fragment length mode as stored (OpenSSL keeps it mod 256).",
                Explicit, LowBitsUnlessZero(8), (1, 1), "tlsext_max_fragment_len_mode",
                dialects(-, -, -)]
            [18, TicketAppdata, ticket_appdata, set_ticket_appdata, bytes, OctetString, none, public,
                "`[18]` application data carried in the ticket.",
                Explicit, WhenPresent, (1, 1), "ticket_appdata",
                dialects(-, -, -)]
            [19, KexGroup, kex_group, set_kex_group, u32, Integer, none, public,
                "`[19]` the key exchange group (a TLS group id, e.g. 0x1d for x25519).",
                Explicit, Always, (3, 0), "kex_group",
                dialects(18, 18, -)]
            [20, PeerRpk, peer_rpk, set_peer_rpk, bytes, PublicKey, none, public,
                "`[20]` the peer's raw public key, DER SubjectPublicKeyInfo (OpenSSL 3.2+, RFC 7250).",
                Explicit, WhenPresent, (3, 2), "peer_rpk",
                dialects(33, -, -)]
            $($extra)*
            extended:
            [PeerSha256, peer_sha256, set_peer_sha256, bytes, OctetString, none, public,
                "BoringSSL `[13]` peerSHA256: the SHA-256 of the peer's leaf certificate, kept \
                 instead of the certificate (`SSL_CTX_set_retain_only_sha256_of_client_certs`).",
                "peer_sha256", dialects(13, 13, -)]
            [OriginalHandshakeHash, original_handshake_hash, set_original_handshake_hash, bytes, OctetString, none, public,
                "BoringSSL `[14]` originalHandshakeHash: the hash of the original handshake \
                 (for Channel ID on resumption).",
                "original_handshake_hash", dialects(14, 14, -)]
            [SignedCertTimestampList, signed_cert_timestamp_list, set_signed_cert_timestamp_list, bytes, OctetString, none, public,
                "BoringSSL `[15]` signedCertTimestampList: the server's SCT extension contents.",
                "signed_cert_timestamp_list", dialects(15, 15, -)]
            [OcspResponse, ocsp_response, set_ocsp_response, bytes, OctetString, none, public,
                "BoringSSL `[16]` ocspResponse: the OCSP response the server stapled.",
                "ocsp_response", dialects(16, 16, -)]
            [ExtendedMasterSecret, extended_master_secret, set_extended_master_secret, bool, Boolean, none, public,
                "BoringSSL `[17]` extendedMasterSecret (RFC 7627). OpenSSL keeps this as bit \
                 `SSL_SESS_FLAG_EXTMS` of `[13]` flags instead.",
                "extended_master_secret", dialects(17, 17, -)]
            [CertChain, cert_chain, set_cert_chain, bytes, Certificates, none, public,
                "BoringSSL `[19]` certChain: the peer's certificates after the leaf, each a DER \
                 certificate, concatenated (the content of the SEQUENCE OF).",
                "certs", dialects(19, 19, -)]
            [IsServer, is_server, set_is_server, bool, Boolean, none, public,
                "BoringSSL `[22]` isServer, DEFAULT TRUE: whether the session is a server's.",
                "is_server", dialects(22, 22, -)]
            [PeerSignatureAlgorithm, peer_signature_algorithm, set_peer_signature_algorithm, u16, Integer, none, public,
                "BoringSSL `[23]` peerSignatureAlgorithm: the TLS SignatureScheme the peer signed with.",
                "peer_signature_algorithm", dialects(23, 23, -)]
            [AuthTimeout, auth_timeout, set_auth_timeout, u32, Integer, none, public,
                "BoringSSL `[25]` authTimeout: seconds the authentication stays valid across \
                 renewals (absent: the timeout).",
                "auth_timeout", dialects(25, 25, -)]
            [IsQuic, is_quic, set_is_quic, bool, Boolean, none, public,
                "BoringSSL `[27]` isQuic: the session was made over QUIC.",
                "is_quic", dialects(27, 27, -)]
            [QuicEarlyDataContext, quic_early_data_context, set_quic_early_data_context, bytes, OctetString, none, public,
                "BoringSSL `[28]` quicEarlyDataContext: the QUIC transport's early data context.",
                "quic_early_data_context", dialects(28, 28, -)]
            [LocalAlps, local_alps, set_local_alps, bytes, OctetString, none, public,
                "BoringSSL `[29]` localALPS: our ALPS (application settings) value.",
                "local_application_settings", dialects(29, 29, -)]
            [PeerAlps, peer_alps, set_peer_alps, bytes, OctetString, none, public,
                "BoringSSL `[30]` peerALPS: the peer's ALPS value.",
                "peer_application_settings", dialects(30, 30, -)]
            [ResumableAcrossNames, resumable_across_names, set_resumable_across_names, bool, Boolean, none, public,
                "BoringSSL `[31]` resumableAcrossNames: the server allowed resuming under another SNI name.",
                "is_resumable_across_names", dialects(31, -, -)]
            [PeerCertType, peer_cert_type, set_peer_cert_type, u8, Integer, none, public,
                "BoringSSL `[32]` peerCertType, DEFAULT 0 (X.509); 2 is a raw public key (RFC 7250).",
                "peer_cert_type", dialects(32, -, -)]
        }
    };
}

/// The schema as published: no extra row.
#[cfg(not(feature = "schema-test-row"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __session_schema_with_test_row {
    ($callback:ident [$($arg:tt)*]) => {
        $crate::__session_schema_rows! { $callback [$($arg)*] [] }
    };
}

/// A test build's schema: one more row, a field no OpenSSL has, so that the
/// workspace's tests can show that a row is all a new field needs
/// (`session-serde/tests/schema_row.rs`). Never enabled in a published build.
#[cfg(feature = "schema-test-row")]
#[doc(hidden)]
#[macro_export]
macro_rules! __session_schema_with_test_row {
    ($callback:ident [$($arg:tt)*]) => {
        $crate::__session_schema_rows! { $callback [$($arg)*] [
            [21, TestOnly, test_only, set_test_only, u32, Integer, none, public,
                "`[21]` a field for the schema's own test; no OpenSSL has it.",
                Explicit, UnlessZero, (99, 0), "test_only",
                dialects(-, -, -)]
        ] }
    };
}

/// How the model holds a field's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueType {
    /// Bytes, in the session's storage.
    Bytes,
    /// `i64` (`INT64` on the wire).
    I64,
    /// `u64` (`UINT64` on the wire).
    U64,
    /// `i32` (`INT32` on the wire).
    I32,
    /// `u32` (`UINT32` on the wire).
    U32,
    /// `u16` (the cipher code).
    U16,
    /// `u8` (the compression id).
    U8,
    /// `bool` (BoringSSL's BOOLEAN elements).
    Bool,
}

impl ValueType {
    /// The range of an integer type, `None` for bytes.
    #[inline]
    pub const fn int_range(self) -> Option<(i128, i128)> {
        Some(match self {
            ValueType::I64 => (i64::MIN as i128, i64::MAX as i128),
            ValueType::U64 => (0, u64::MAX as i128),
            ValueType::I32 => (i32::MIN as i128, i32::MAX as i128),
            ValueType::U32 => (0, u32::MAX as i128),
            ValueType::U16 => (0, u16::MAX as i128),
            ValueType::U8 => (0, u8::MAX as i128),
            ValueType::Bool => (0, 1),
            ValueType::Bytes => return None,
        })
    }

    /// Whether the integer type is signed (`INT32`/`INT64` rather than the unsigned ones).
    #[inline]
    pub const fn is_signed(self) -> bool {
        matches!(self, ValueType::I64 | ValueType::I32)
    }
}

/// The ASN.1 type of an element in OpenSSL's template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Asn1Type {
    /// An INTEGER, read with the `x_int64.c` rules of the field's [`ValueType`].
    Integer,
    /// An OCTET STRING.
    OctetString,
    /// An OCTET STRING of exactly one octet (`comp_id`; `SSL_R_BAD_LENGTH` otherwise).
    OneOctet,
    /// An OCTET STRING of exactly two octets naming a cipher OpenSSL knows.
    CipherCode,
    /// An `X509` certificate, which `d2i_SSL_SESSION` decodes with `d2i_X509`.
    Certificate,
    /// An OCTET STRING holding a DER SubjectPublicKeyInfo (`d2i_PUBKEY`).
    PublicKey,
    /// A BOOLEAN (BoringSSL's elements; DER: `0x00` or `0xFF`).
    Boolean,
    /// DER certificates, concatenated (BoringSSL's `[19]` certChain).
    Certificates,
}

/// How an element is tagged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Tagging {
    /// Not tagged: one of the five mandatory elements.
    Untagged,
    /// `[n] IMPLICIT`.
    Implicit(u8),
    /// `[n] EXPLICIT`.
    Explicit(u8),
}

impl Tagging {
    /// The context tag number, `None` when untagged.
    #[inline]
    pub const fn number(self) -> Option<u8> {
        match self {
            Tagging::Untagged => None,
            Tagging::Implicit(n) | Tagging::Explicit(n) => Some(n),
        }
    }
}

/// What OpenSSL 3.x's `i2d_SSL_SESSION` writes for an element of a session
/// it has read (`ssl/ssl_asn1.c`; the `Z` integer types of `x_int64.c`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Written {
    /// Nothing: OpenSSL reads the element and drops it.
    Never,
    /// The value when present, as stored.
    WhenPresent,
    /// The value when present, cut at its first NUL (OpenSSL reads it with `strndup`).
    CutAtNul,
    /// The value when present and not zero (`ZINT64`, `ZUINT32`, …).
    UnlessZero,
    /// Seconds as the version holds them ([`OpenSslVersion::seconds_as_held`]:
    /// `OSSL_TIME` from 3.2 on), unless that is zero (`ZINT64`).
    ///
    /// [`OpenSslVersion::seconds_as_held`]: crate::OpenSslVersion::seconds_as_held
    HeldSecondsUnlessZero,
    /// The low `n` bits of the value (the width OpenSSL keeps it in), unless zero.
    LowBitsUnlessZero(u32),
    /// Always: an absent value as its default (empty, or 0).
    Always,
}

/// An OpenSSL release, `major.minor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OpenSslRelease {
    /// Major version (1, 3, 4, …).
    pub major: u8,
    /// Minor version.
    pub minor: u8,
}

impl OpenSslRelease {
    /// `major.minor`.
    #[inline]
    pub const fn new(major: u8, minor: u8) -> Self {
        OpenSslRelease { major, minor }
    }

    /// Whether `self` is `other` or later (usable in `const` code).
    #[inline]
    pub const fn is_at_least(self, other: OpenSslRelease) -> bool {
        self.major > other.major || (self.major == other.major && self.minor >= other.minor)
    }
}

/// One row of the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct FieldSpec {
    /// The field.
    pub field: Field,
    /// Our name for it (the key of the JSON record, the accessor's name).
    pub name: &'static str,
    /// The member name in OpenSSL's `SSL_SESSION_ASN1` template, which OpenSSL
    /// reports as `Field=<name>` in its error data; for the fields no OpenSSL
    /// has, BoringSSL's `SSL_SESSION` member.
    pub openssl_member: &'static str,
    /// How the model holds the value.
    pub value: ValueType,
    /// The element's tagging.
    pub tagging: Tagging,
    /// The element's ASN.1 type.
    pub asn1: Asn1Type,
    /// The first OpenSSL release whose template has the element.
    pub openssl_since: OpenSslRelease,
    /// What OpenSSL 3.x writes for it.
    pub written: Written,
    /// The longest value OpenSSL holds (bytes), if it limits it.
    pub max_len: Option<usize>,
    /// Whether the value is a secret: it grants resumption (the master key,
    /// the ticket) or identifies a PSK user; records redact it unless asked.
    pub secret: bool,
    /// What the field is.
    pub doc: &'static str,
    /// Where the other dialects keep the field.
    pub dialects: DialectPlacements,
}

impl FieldSpec {
    /// Where `dialect` keeps the field.
    pub const fn placement(&self, dialect: Dialect) -> Placement {
        match dialect {
            Dialect::OpenSsl => match self.tagging {
                Tagging::Untagged => Placement::Untagged,
                Tagging::Implicit(n) | Tagging::Explicit(n) => {
                    if self.openssl_since.major == NEVER.major {
                        Placement::Absent
                    } else {
                        Placement::Tagged(n)
                    }
                }
            },
            Dialect::BoringSsl => self.dialects.boringssl,
            Dialect::AwsLc => self.dialects.aws_lc,
            Dialect::LibreSsl => self.dialects.libressl,
        }
    }

    /// Whether `dialect` stores the field.
    pub const fn is_in(&self, dialect: Dialect) -> bool {
        !matches!(self.placement(dialect), Placement::Absent)
    }
}

/// The `openssl_since` of the fields no OpenSSL release has (the `extended` rows).
pub const NEVER: OpenSslRelease = OpenSslRelease::new(u8::MAX, u8::MAX);

macro_rules! limit {
    (none) => {
        None
    };
    ($max:ident) => {
        Some($max)
    };
}

macro_rules! secrecy {
    (secret) => {
        true
    };
    (public) => {
        false
    };
}

macro_rules! value_type {
    (bytes) => {
        ValueType::Bytes
    };
    (i64) => {
        ValueType::I64
    };
    (u64) => {
        ValueType::U64
    };
    (i32) => {
        ValueType::I32
    };
    (u32) => {
        ValueType::U32
    };
    (u16) => {
        ValueType::U16
    };
    (u8) => {
        ValueType::U8
    };
    (bool) => {
        ValueType::Bool
    };
}

macro_rules! placement {
    (-) => {
        Placement::Absent
    };
    ($tag:literal) => {
        Placement::Tagged($tag)
    };
}

macro_rules! placements {
    ($b:tt, $a:tt, $l:tt) => {
        DialectPlacements {
            boringssl: placement!($b),
            aws_lc: placement!($a),
            libressl: placement!($l),
        }
    };
}

macro_rules! field_table {
    (
        mandatory: $([$mv:ident, $mname:ident, $mty:ident, $masn1:ident, $mlimit:ident,
                      $msecrecy:ident, $mdoc:literal, $mmember:literal])*
        optional: $([$tag:literal, $v:ident, $name:ident, $set:ident, $ty:ident, $asn1:ident,
                     $limit:ident, $secrecy:ident, $doc:literal, $tagging:ident,
                     $written:ident $(($bits:literal))?, ($maj:literal, $min:literal),
                     $member:literal, dialects($($place:tt)*)])*
        extended: $([$xv:ident, $xname:ident, $xset:ident, $xty:ident, $xasn1:ident,
                     $xlimit:ident, $xsecrecy:ident, $xdoc:literal, $xmember:literal,
                     dialects($xb:tt, $xa:tt, $xl:tt)])*
    ) => {
        /// The schema at run time: every element of a session, in wire order
        /// (indexed by [`Field::index`]).
        pub const FIELDS: &[FieldSpec] = &[
            $( FieldSpec {
                field: Field::$mv,
                name: stringify!($mname),
                openssl_member: $mmember,
                value: value_type!($mty),
                tagging: Tagging::Untagged,
                asn1: Asn1Type::$masn1,
                openssl_since: OpenSslRelease::new(1, 1),
                written: Written::Always,
                max_len: limit!($mlimit),
                secret: secrecy!($msecrecy),
                doc: $mdoc,
                dialects: DialectPlacements {
                    boringssl: Placement::Untagged,
                    aws_lc: Placement::Untagged,
                    libressl: Placement::Untagged,
                },
            }, )*
            $( FieldSpec {
                field: Field::$v,
                name: stringify!($name),
                openssl_member: $member,
                value: value_type!($ty),
                tagging: Tagging::$tagging($tag),
                asn1: Asn1Type::$asn1,
                openssl_since: OpenSslRelease::new($maj, $min),
                written: Written::$written $(($bits))?,
                max_len: limit!($limit),
                secret: secrecy!($secrecy),
                doc: $doc,
                dialects: placements!($($place)*),
            }, )*
            $( FieldSpec {
                field: Field::$xv,
                name: stringify!($xname),
                openssl_member: $xmember,
                value: value_type!($xty),
                // Every BoringSSL element is an EXPLICIT [n]; this is its tag.
                tagging: Tagging::Explicit($xb),
                asn1: Asn1Type::$xasn1,
                openssl_since: NEVER,
                written: Written::Never,
                max_len: limit!($xlimit),
                secret: secrecy!($xsecrecy),
                doc: $xdoc,
                dialects: placements!($xb, $xa, $xl),
            }, )*
        ];

        /// The number of fields only other dialects store (the `extended` rows, last in [`FIELDS`]).
        pub const EXTENDED_COUNT: usize = [$(Field::$xv),*].len();

        /// The number of optional (context-tagged) elements; their tags are `0..OPTIONAL_COUNT`.
        pub const OPTIONAL_COUNT: usize = [$($tag),*].len();

        /// The optional fields by context tag.
        const BY_TAG: [Field; OPTIONAL_COUNT] = [$(Field::$v),*];
    };
}

session_schema!(field_table);

/// The number of mandatory (untagged) elements, which come first.
pub const MANDATORY_COUNT: usize = FIELDS.len() - OPTIONAL_COUNT - EXTENDED_COUNT;

/// How many rows OpenSSL `release`'s `SSL_SESSION_ASN1` template has: the
/// leading ones, since OpenSSL appends new members at the end (the rows are
/// in order of `openssl_since`; a test checks it).
pub const fn openssl_rows(release: OpenSslRelease) -> usize {
    let mut n = 0;
    while n < FIELDS.len() && release.is_at_least(FIELDS[n].openssl_since) {
        n += 1;
    }
    n
}

impl Field {
    /// The field's row in the schema; `None` for [`Field::Session`].
    #[inline]
    pub const fn spec(self) -> Option<&'static FieldSpec> {
        match self.index() {
            Some(i) => Some(&FIELDS[i]),
            None => None,
        }
    }

    /// The optional field with context tag `tag`.
    #[inline]
    pub const fn from_tag(tag: u32) -> Option<Field> {
        // u32 → usize widens on every target this crate builds for.
        let tag = tag as usize;
        if tag < OPTIONAL_COUNT {
            Some(BY_TAG[tag])
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_release_has_the_leading_rows() {
        for pair in FIELDS.windows(2) {
            assert!(
                pair[1].openssl_since.is_at_least(pair[0].openssl_since),
                "{} comes after {} but is older",
                pair[1].name,
                pair[0].name
            );
        }
        // OpenSSL 3.0's template ends at [19] kex_group, 1.1.1's at [18].
        let rows_3_0 = openssl_rows(OpenSslRelease::new(3, 0));
        assert_eq!(FIELDS[rows_3_0 - 1].field, Field::KexGroup);
        let rows_1_1 = openssl_rows(OpenSslRelease::new(1, 1));
        assert_eq!(FIELDS[rows_1_1 - 1].field, Field::TicketAppdata);
    }

    #[test]
    fn rows_are_in_wire_order_and_indexed_by_field() {
        for (i, spec) in FIELDS.iter().enumerate() {
            assert_eq!(spec.field.index(), Some(i), "{}", spec.name);
            if i < MANDATORY_COUNT + OPTIONAL_COUNT {
                let expected_tag = i.checked_sub(MANDATORY_COUNT);
                assert_eq!(spec.tagging.number().map(usize::from), expected_tag);
                assert_eq!(spec.field.tag().map(usize::from), expected_tag);
            } else {
                // The other dialects' own fields: no OpenSSL tag; their
                // tagging is BoringSSL's explicit tag.
                assert_eq!(spec.placement(Dialect::OpenSsl), Placement::Absent);
                assert_eq!(spec.field.tag(), None, "{}", spec.name);
                let Placement::Tagged(n) = spec.placement(Dialect::BoringSsl) else {
                    panic!("{} is in no dialect", spec.name)
                };
                assert_eq!(spec.tagging, Tagging::Explicit(n));
            }
        }
        assert_eq!(Field::Session.spec(), None);
    }

    #[test]
    fn tags_round_trip() {
        for tag in 0..32u32 {
            match Field::from_tag(tag) {
                Some(f) => assert_eq!(f.tag().map(u32::from), Some(tag)),
                None => assert!(tag as usize >= OPTIONAL_COUNT),
            }
        }
    }
}
