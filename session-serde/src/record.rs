//! The structured record: every field of a session by name.
//!
//! See the crate README for the schema table. In short: [`Record::from_session`]
//! makes a record (redacted unless [`RecordOptions::full`] is asked for), serde
//! writes it in any format, and [`Record::to_session`] turns a deserialised
//! record back into a session after the decoder's own checks, so that
//! `record → session → DER` reproduces the original DER byte for byte.
//!
//! The module is also a `with` module for a full record:
//! `#[serde(with = "session_serde::record")]` on an [`OwnedSession`] field.

use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use session_der::{
    decode_with, encode, DecodeError, DecodeOptions, EncodeError, ErrorKind, Target,
};
use session_model::{
    session_schema, ByteStorage, CipherSuite, Dialect, Field, LimitError, OpenSslVersion,
    OwnedSession, ProtocolVersion, Session, SetError,
};
use zeroize::Zeroizing;

use crate::octets::Octets;
use crate::sensitive::Sensitive;

/// The schema version this crate writes, and the newest it reads.
pub const SCHEMA: u32 = 2;

/// The record's type for an optional field: wide integers (a value out of
/// range still deserialises, and is then refused as the decoder would),
/// bytes, or bytes that a redacted record masks.
macro_rules! record_type {
    (bytes, public) => {
        Octets
    };
    (bytes, secret) => {
        Sensitive
    };
    (i64, $secrecy:ident) => {
        i64
    };
    (bool, $secrecy:ident) => {
        bool
    };
    (i32, $secrecy:ident) => {
        i64
    };
    ($unsigned:ident, $secrecy:ident) => {
        u64
    };
}

/// A session's optional field as the record holds it.
macro_rules! record_value {
    (bytes, public, $v:expr, $sensitive:ident) => {
        $v.map(Octets::from)
    };
    (bytes, secret, $v:expr, $sensitive:ident) => {
        $v.map(&$sensitive)
    };
    (i64, $secrecy:ident, $v:expr, $sensitive:ident) => {
        $v
    };
    (bool, $secrecy:ident, $v:expr, $sensitive:ident) => {
        $v
    };
    (i32, $secrecy:ident, $v:expr, $sensitive:ident) => {
        $v.map(i64::from)
    };
    ($unsigned:ident, $secrecy:ident, $v:expr, $sensitive:ident) => {
        $v.map(u64::from)
    };
}

/// Sets a session's optional field from the record's value.
macro_rules! set_from_record {
    (bytes, public, $s:ident, $field:expr, $v:expr) => {
        $s.set_bytes($field, $v.as_ref().map(|o| o.0.clone()))
    };
    (bytes, secret, $s:ident, $field:expr, $v:expr) => {
        $s.set_bytes(
            $field,
            $v.as_ref().and_then(Sensitive::bytes).map(<[u8]>::to_vec),
        )
    };
    ($int:ident, $secrecy:ident, $s:ident, $field:expr, $v:expr) => {
        $s.set_int($field, $v.map(i128::from))
    };
}

/// The secret fields a record has redacted.
macro_rules! push_if_redacted {
    (secret, $out:ident, $field:expr, $v:expr) => {
        if $v.as_ref().is_some_and(Sensitive::is_redacted) {
            $out.push($field);
        }
    };
    (public, $out:ident, $field:expr, $v:expr) => {};
}

/// The record struct and its conversions, one member per row of the schema.
macro_rules! define_record {
    (
        mandatory: $([$($mandatory:tt)*])*
        optional: $([$tag:literal, $v:ident, $name:ident, $set:ident, $ty:ident, $asn1:ident,
                     $limit:ident, $secrecy:ident, $doc:literal, $($rest:tt)*])*
        extended: $([$xv:ident, $xname:ident, $xset:ident, $xty:ident, $xasn1:ident,
                     $xlimit:ident, $xsecrecy:ident, $xdoc:literal, $($xrest:tt)*])*
    ) => {
        /// A session as a structured record: every field by name
        /// ([`Field::name`]), presence kept (`None` = absent, empty = present but empty).
        ///
        /// Field types are wide on purpose (`i64`/`u64` for every integer): a value out
        /// of its field's range deserialises, and [`Record::to_session`] then reports
        /// it exactly as the DER decoder would (`ticket_age_add: integer too large for
        /// the field`).
        ///
        /// Unknown fields are an error when deserialising (never silently dropped), and
        /// so is a `schema` above [`SCHEMA`]. `derived` is written for readers and
        /// ignored when read back.
        ///
        /// `dialect` says which library's encoding the session is in; a record
        /// without it (made before dialects were told apart) is OpenSSL's. The
        /// members of the other dialects' own fields (`peer_sha256` onwards) are
        /// left out when absent in human-readable formats; binary formats write
        /// every member, as positional ones such as postcard need.
        #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Record {
            /// Schema version of the record ([`SCHEMA`]).
            #[serde(deserialize_with = "deserialize_schema")]
            pub schema: u32,
            /// The library whose encoding the session is in (`"openssl"`,
            /// `"boringssl"`, `"aws-lc"`, `"libressl"`; [`Dialect`]'s names).
            /// Always written; absent on input means OpenSSL (older records).
            #[serde(default, deserialize_with = "deserialize_dialect")]
            pub dialect: Dialect,
            /// Wire protocol version, e.g. 772 (0x0304) for TLS 1.3.
            pub protocol_version: i64,
            /// OpenSSL's name for `protocol_version` (`TLSv1.3`); `None` when it has
            /// none. Checked against `protocol_version` when present on input.
            #[serde(default)]
            pub protocol: Option<String>,
            /// The cipher suite.
            pub cipher: CipherRecord,
            /// The session id (≤ 32 bytes).
            pub session_id: Octets,
            /// The master key or TLS 1.3 resumption PSK (≤ 512 bytes); redacted unless
            /// the record was made with [`RecordOptions::full`].
            pub master_key: Sensitive,
            $(
                #[doc = $doc]
                #[serde(default)]
                pub $name: Option<record_type!($ty, $secrecy)>,
            )*
            $(
                #[doc = $xdoc]
                #[serde(default)]
                pub $xname: Option<record_type!($xty, $xsecrecy)>,
            )*
            /// Facts computed for a moment (output only: always `None` after deserialising).
            #[serde(default, deserialize_with = "ignore_derived")]
            pub derived: Option<Derived>,
        }

        impl Record {
            /// The optional members of `session`'s record; `sensitive` makes a
            /// secret's member (masked or not).
            fn optional_members<B: ByteStorage>(
                session: &Session<B>,
                sensitive: impl Fn(&[u8]) -> Sensitive,
            ) -> OptionalMembers {
                OptionalMembers {
                    $( $name: record_value!($ty, $secrecy, session.$name(), sensitive), )*
                    $( $xname: record_value!($xty, $xsecrecy, session.$xname(), sensitive), )*
                }
            }

            /// The secret fields masked in this record, in wire order.
            fn redacted(&self) -> Vec<Field> {
                let mut out = Vec::new();
                if self.master_key.is_redacted() {
                    out.push(Field::MasterKey);
                }
                $( push_if_redacted!($secrecy, out, Field::$v, self.$name); )*
                $( push_if_redacted!($xsecrecy, out, Field::$xv, self.$xname); )*
                out
            }

            /// Sets every optional field of `s` from the record, refusing
            /// values outside the field's type or over OpenSSL's limits.
            fn set_optional(&self, s: &mut OwnedSession) -> Result<(), RecordError> {
                $(
                    set_from_record!($ty, $secrecy, s, Field::$v, self.$name)
                        .map_err(RecordError::from_set)?;
                )*
                $(
                    set_from_record!($xty, $xsecrecy, s, Field::$xv, self.$xname)
                        .map_err(RecordError::from_set)?;
                )*
                Ok(())
            }
        }

        impl Record {
            /// The first field whose value differs between the two records
            /// (the convenience members and `derived` aside), in wire order.
            fn first_change(&self, other: &Record) -> Option<Field> {
                if self.protocol_version != other.protocol_version {
                    return Some(Field::ProtocolVersion);
                }
                if self.cipher.code != other.cipher.code {
                    return Some(Field::Cipher);
                }
                if self.session_id != other.session_id {
                    return Some(Field::SessionId);
                }
                if self.master_key != other.master_key {
                    return Some(Field::MasterKey);
                }
                $( if self.$name != other.$name { return Some(Field::$v); } )*
                $( if self.$xname != other.$xname { return Some(Field::$xv); } )*
                None
            }

            /// The optional fields this record gives a value, in wire order.
            fn present(&self) -> Vec<Field> {
                let mut out = Vec::new();
                $( if self.$name.is_some() { out.push(Field::$v); } )*
                $( if self.$xname.is_some() { out.push(Field::$xv); } )*
                out
            }
        }

        /// The members in declaration order (positional formats read them so);
        /// the other dialects' members are skipped when absent in
        /// human-readable formats only, since positional binary formats
        /// (postcard) cannot skip a member.
        impl Serialize for Record {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct as _;
                let skip_absent = serializer.is_human_readable();
                let extended_written = [$(self.$xname.is_some()),*]
                    .into_iter()
                    .filter(|&present| present || !skip_absent)
                    .count();
                let members = 8 + [$(stringify!($name)),*].len() + extended_written;
                let mut st = serializer.serialize_struct("Record", members)?;
                st.serialize_field("schema", &self.schema)?;
                st.serialize_field("dialect", &DialectName(self.dialect))?;
                st.serialize_field("protocol_version", &self.protocol_version)?;
                st.serialize_field("protocol", &self.protocol)?;
                st.serialize_field("cipher", &self.cipher)?;
                st.serialize_field("session_id", &self.session_id)?;
                st.serialize_field("master_key", &self.master_key)?;
                $( st.serialize_field(stringify!($name), &self.$name)?; )*
                $(
                    if skip_absent && self.$xname.is_none() {
                        st.skip_field(stringify!($xname))?;
                    } else {
                        st.serialize_field(stringify!($xname), &self.$xname)?;
                    }
                )*
                st.serialize_field("derived", &self.derived)?;
                st.end()
            }
        }

        /// The optional members, made together (see `Record::optional_members`).
        struct OptionalMembers {
            $( $name: Option<record_type!($ty, $secrecy)>, )*
            $( $xname: Option<record_type!($xty, $xsecrecy)>, )*
        }

        impl Record {
            fn assemble(mandatory: MandatoryMembers, o: OptionalMembers, derived: Option<Derived>) -> Record {
                Record {
                    schema: mandatory.schema,
                    dialect: mandatory.dialect,
                    protocol_version: mandatory.protocol_version,
                    protocol: mandatory.protocol,
                    cipher: mandatory.cipher,
                    session_id: mandatory.session_id,
                    master_key: mandatory.master_key,
                    $( $name: o.$name, )*
                    $( $xname: o.$xname, )*
                    derived,
                }
            }
        }
    };
}

session_schema!(define_record);

/// The members of a record that are not optional fields.
struct MandatoryMembers {
    schema: u32,
    dialect: Dialect,
    protocol_version: i64,
    protocol: Option<String>,
    cipher: CipherRecord,
    session_id: Octets,
    master_key: Sensitive,
}

/// The cipher suite of a [`Record`]: `code` is authoritative; the other members
/// are written for readers and, when present on input, must agree with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CipherRecord {
    /// The two-byte code, e.g. 4865 (0x1301).
    pub code: u16,
    /// The code as four lowercase hex digits, e.g. `1301`.
    #[serde(default)]
    pub hex: Option<String>,
    /// OpenSSL's name, e.g. `TLS_AES_128_GCM_SHA256`.
    #[serde(default)]
    pub openssl_name: Option<String>,
    /// The IANA name; `None` for suites without one (or when not given).
    #[serde(default)]
    pub iana_name: Option<String>,
}

impl CipherRecord {
    /// The record of `cipher`, names from OpenSSL 3.0's table.
    pub fn new(cipher: CipherSuite) -> Self {
        CipherRecord {
            code: cipher.code(),
            hex: Some(format!("{:04x}", cipher.code())),
            openssl_name: cipher.openssl_name().map(str::to_string),
            iana_name: cipher.iana_name().map(str::to_string),
        }
    }
}

/// What the session's library would make of it at a given moment: one
/// OpenSSL version for an OpenSSL session (see `session_model`'s semantic
/// helpers), BoringSSL's, AWS-LC's or LibreSSL's rules for theirs. Output
/// only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Derived {
    /// The OpenSSL version whose rules computed these facts (`"3.5"`): the
    /// times differ between versions (3.2+ keep them as `OSSL_TIME`).
    /// Absent in records made before versions were told apart, which
    /// followed 3.0, and for the other libraries' sessions (the record's
    /// `dialect` names their library).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openssl_version: Option<String>,
    /// The moment the facts were computed for (seconds since the epoch).
    pub now: i64,
    /// The start time as the library reports it (`SSL_SESSION_get_time`:
    /// OpenSSL and LibreSSL: `time`, or `now` when absent or 0; BoringSSL
    /// and AWS-LC: `time`, which their sessions always carry).
    pub effective_time: i64,
    /// The lifetime as the library reports it (`SSL_SESSION_get_timeout`:
    /// OpenSSL and LibreSSL: `timeout`, or 3 s when absent or 0; BoringSSL
    /// and AWS-LC: `timeout`).
    pub effective_timeout: i64,
    /// The last second the library would resume the session; `None` when it
    /// never times it out (OpenSSL 3.0: `time + timeout` overflows).
    pub expires_at: Option<i64>,
    /// Whether the session has timed out at `now` (BoringSSL and AWS-LC
    /// also refuse a session from the future).
    pub is_expired: bool,
    /// `SSL_SESSION_is_resumable`: a session id or a non-empty ticket.
    pub is_resumable: bool,
    /// `SSL_SESSION_has_ticket`: a non-empty ticket.
    pub has_ticket: bool,
    /// Whether the extended master secret (RFC 7627) was used.
    pub extended_master_secret: bool,
    /// The host name as the library reads it (cut at the first NUL), as
    /// text; `None` when absent (always, for BoringSSL and AWS-LC, which do
    /// not keep it) or not UTF-8.
    pub hostname: Option<String>,
}

impl Derived {
    /// The facts about `session` at `now`: as OpenSSL `version` computes them
    /// for an OpenSSL session; for another dialect's, as its library does
    /// (`version` unused).
    pub fn compute<B: ByteStorage>(
        session: &Session<B>,
        version: OpenSslVersion,
        now: i64,
    ) -> Self {
        let (openssl_version, effective_time, effective_timeout, expires_at, is_expired) =
            match session.dialect() {
                Dialect::BoringSsl | Dialect::AwsLc => {
                    // `ssl_session_is_time_valid` (ssl/ssl_session.cc of
                    // boring-sys 5.4 and aws-lc-sys 0.47): valid while
                    // `now >= time` and `timeout > now - time`; `time` and
                    // `timeout` are required elements (`ssl_asn1.cc`).
                    let time = session.time().unwrap_or(0);
                    let timeout = session.timeout().unwrap_or(0);
                    let valid =
                        now >= time && now.checked_sub(time).is_some_and(|age| timeout > age);
                    let last = time.checked_add(timeout).and_then(|t| t.checked_sub(1));
                    (None, time, timeout, last, !valid)
                }
                Dialect::LibreSsl => {
                    // LibreSSL's `d2i_SSL_SESSION` (ssl_asn1.c: absent or 0
                    // time ⇒ now, timeout ⇒ 3) and `ssl_get_prev_session`
                    // (ssl_sess.c: expired when `timeout < now - time`) are
                    // OpenSSL 3.0's rules.
                    let times = session.openssl_times(OpenSslVersion::V3_0, now);
                    (
                        None,
                        times.time,
                        times.timeout,
                        times.expires_at(),
                        times.is_expired(now),
                    )
                }
                _ => {
                    let times = session.openssl_times(version, now);
                    (
                        Some(version.to_string()),
                        times.time,
                        times.timeout,
                        times.expires_at(),
                        times.is_expired(now),
                    )
                }
            };
        Derived {
            openssl_version,
            now,
            effective_time,
            effective_timeout,
            expires_at,
            is_expired,
            is_resumable: session.is_resumable(),
            has_ticket: session.has_ticket(),
            extended_master_secret: session.uses_extended_master_secret(),
            hostname: session
                .effective_hostname()
                .and_then(|h| std::str::from_utf8(h).ok())
                .map(str::to_string),
        }
    }
}

/// Whether a record carries the secrets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Secrets {
    /// Master key, ticket and PSK identity/hint masked as `{"redacted": <len>}`:
    /// safe for logs, cannot be turned back into a session.
    #[default]
    Redacted,
    /// Everything, master key included: for storage.
    Full,
}

/// How [`Record::from_session`] makes a record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct RecordOptions {
    /// Include [`Derived`] facts computed for this moment (seconds since the epoch).
    pub now: Option<i64>,
    /// The OpenSSL version whose rules compute the [`Derived`] facts of an
    /// OpenSSL session (default 3.5, the LTS); the other dialects' sessions
    /// follow their own library's.
    pub openssl: OpenSslVersion,
    /// Whether secrets are included.
    pub secrets: Secrets,
}

impl RecordOptions {
    /// The full record, secrets included, no derived facts: what a store keeps.
    pub const fn full() -> Self {
        RecordOptions {
            now: None,
            openssl: OpenSslVersion::LTS,
            secrets: Secrets::Full,
        }
    }

    /// The redacted record (the default): safe to log or print.
    pub const fn redacted() -> Self {
        RecordOptions {
            now: None,
            openssl: OpenSslVersion::LTS,
            secrets: Secrets::Redacted,
        }
    }

    /// Adds the [`Derived`] facts for `now`.
    pub const fn with_now(mut self, now: i64) -> Self {
        self.now = Some(now);
        self
    }

    /// Computes the [`Derived`] facts with `version`'s rules.
    pub const fn with_openssl(mut self, version: OpenSslVersion) -> Self {
        self.openssl = version;
        self
    }
}

/// Why a record cannot become a session.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// The record's `schema` is not one this crate reads (1 to [`SCHEMA`]).
    UnsupportedSchema {
        /// The schema found.
        found: u64,
    },
    /// The record was redacted: the masked values are gone.
    Redacted {
        /// The masked fields.
        fields: Vec<Field>,
    },
    /// A convenience member (`protocol`, `cipher.hex`, `cipher.openssl_name`,
    /// `cipher.iana_name`) disagrees with the authoritative value.
    Inconsistent {
        /// The field concerned.
        field: Field,
        /// What disagrees.
        detail: String,
    },
    /// The record gives a value to a field its dialect does not store (e.g.
    /// `hostname` in a BoringSSL record, `peer_sha256` in an OpenSSL one): the
    /// library would never write it, so no session of that dialect holds it.
    NotInDialect {
        /// The field concerned.
        field: Field,
        /// The record's dialect.
        dialect: Dialect,
    },
    /// [`Record::to_session_with`] was given the decoder options of another
    /// dialect than the record's: a session is checked by its own library's
    /// rules (convert it with `session_der::convert` to change its dialect).
    WrongDialect {
        /// The record's dialect.
        record: Dialect,
        /// The dialect the options decode.
        options: Dialect,
    },
    /// A value the DER decoder would reject, with the decoder's kind and wording.
    Invalid {
        /// The field concerned.
        field: Field,
        /// The decoder's error kind for the same defect.
        kind: ErrorKind,
        /// The decoder's message without its byte offset (a record has none).
        detail: String,
    },
}

impl RecordError {
    /// The field concerned, when there is one.
    pub fn field(&self) -> Option<Field> {
        match self {
            RecordError::Inconsistent { field, .. }
            | RecordError::Invalid { field, .. }
            | RecordError::NotInDialect { field, .. } => Some(*field),
            RecordError::Redacted { fields } => fields.first().copied(),
            RecordError::UnsupportedSchema { .. } | RecordError::WrongDialect { .. } => None,
        }
    }

    /// The decoder's error kind, for [`RecordError::Invalid`].
    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            RecordError::Invalid { kind, .. } => Some(*kind),
            _ => None,
        }
    }

    /// The error the decoder reports, without its offset (a record has none).
    fn from_decode(e: &DecodeError) -> Self {
        RecordError::invalid(e.field(), e.kind())
    }

    /// An error of the decoder's kind, worded as the decoder words it.
    /// A value the model refused: out of its field's range or over OpenSSL's
    /// limit, reported as the decoder's INTEGER and length checks report it.
    fn from_set(e: SetError) -> Self {
        match e {
            SetError::OutOfRange { field, value } => RecordError::invalid(
                field,
                if value < 0 {
                    ErrorKind::IntegerTooSmall
                } else {
                    ErrorKind::IntegerTooLarge
                },
            ),
            SetError::Limit(l) => RecordError::too_long(l),
            other => RecordError::Inconsistent {
                field: Field::Session,
                detail: other.to_string(),
            },
        }
    }

    /// Over OpenSSL's limit, as the decoder reports it.
    fn too_long(l: LimitError) -> Self {
        RecordError::invalid(
            l.field,
            ErrorKind::TooLong {
                len: l.len,
                max: l.max,
            },
        )
    }

    fn invalid(field: Field, kind: ErrorKind) -> Self {
        RecordError::Invalid {
            field,
            kind,
            detail: kind.to_string(),
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordError::UnsupportedSchema { found } => write!(
                f,
                "schema: record schema {found} is not supported (this session-serde reads 1 to {SCHEMA}; a newer record needs a newer session-serde)"
            ),
            RecordError::Redacted { fields } => {
                f.write_str("record is redacted and cannot become a session (masked: ")?;
                for (i, field) in fields.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{field}")?;
                }
                f.write_str("); store records made with RecordOptions::full()")
            }
            RecordError::Inconsistent { field, detail } => write!(f, "{field}: {detail}"),
            RecordError::NotInDialect { field, dialect } => write!(
                f,
                "{field}: {} sessions do not hold this field (record dialect {dialect})",
                dialect.library()
            ),
            RecordError::WrongDialect { record, options } => write!(
                f,
                "record is a {} session ({record}) but the decoder options read {}'s dialect ({options}); convert the session to change its dialect",
                record.library(),
                options.library()
            ),
            RecordError::Invalid { field, detail, .. } => write!(f, "{field}: {detail}"),
        }
    }
}

impl std::error::Error for RecordError {}

impl Record {
    /// The record of `session`: every field, secrets only with
    /// [`Secrets::Full`], derived facts when `options.now` is set.
    pub fn from_session<B: ByteStorage>(session: &Session<B>, options: &RecordOptions) -> Self {
        let full = options.secrets == Secrets::Full;
        let sensitive = |b: &[u8]| {
            if full {
                Sensitive::value(b)
            } else {
                Sensitive::redacted(b)
            }
        };
        let pv = session.protocol_version();
        let mandatory = MandatoryMembers {
            schema: SCHEMA,
            dialect: session.dialect(),
            protocol_version: i64::from(pv.wire()),
            protocol: pv.name().map(str::to_string),
            cipher: CipherRecord::new(session.cipher()),
            session_id: Octets::from(session.session_id()),
            master_key: sensitive(session.master_key().expose()),
        };
        Record::assemble(
            mandatory,
            Record::optional_members(session, sensitive),
            options
                .now
                .map(|now| Derived::compute(session, options.openssl, now)),
        )
    }

    /// The fields masked in this record, in wire order (empty for a full record).
    pub fn redacted_fields(&self) -> Vec<Field> {
        self.redacted()
    }

    /// Whether any field is masked.
    pub fn is_redacted(&self) -> bool {
        !self.redacted_fields().is_empty()
    }

    /// The session this record describes, in the record's dialect,
    /// validated exactly as that dialect's decoder validates (same limits,
    /// same checks, same error kinds): the strict DER decoder for OpenSSL,
    /// [`DecodeOptions::dialect`] for the others. The session has
    /// [`Origin::Decoded`](session_model::Origin::Decoded), so that
    /// `encode(…, Target::Auto)` writes every element as recorded (for the
    /// other dialects: as their library writes the session).
    ///
    /// # Errors
    /// An unsupported schema, a redacted record, disagreeing convenience
    /// members, a field the dialect does not store, or anything the decoder
    /// rejects.
    pub fn to_session(&self) -> Result<OwnedSession, RecordError> {
        let options = match self.dialect {
            Dialect::OpenSsl => DecodeOptions::strict(),
            other => DecodeOptions::dialect(other),
        };
        self.to_session_with(&options)
    }

    /// As [`Record::to_session`], validating with the decoder `options`
    /// (e.g. [`DecodeOptions::openssl`] to refuse what OpenSSL 3.5 would),
    /// which must read the record's dialect.
    ///
    /// # Errors
    /// As [`Record::to_session`]; [`RecordError::WrongDialect`] when
    /// `options` read another dialect than the record's.
    pub fn to_session_with(&self, options: &DecodeOptions) -> Result<OwnedSession, RecordError> {
        let read = options.mode().dialect();
        if read != self.dialect {
            return Err(RecordError::WrongDialect {
                record: self.dialect,
                options: read,
            });
        }
        let built = self.build()?;
        // The record's values go through the dialect's own writer and decoder
        // (`Target::Exact` of a non-OpenSSL session is its library's writer),
        // so every rule the decoder applies (X.509 syntax of the certificate,
        // BoringSSL's refusal of explicit defaults, ...) applies here too.
        let der = encode(&built, Target::Exact).map_err(|e| match e {
            EncodeError::Invalid(l) => RecordError::too_long(l),
            EncodeError::Unwritable { field, reason } => RecordError::Inconsistent {
                field,
                detail: reason.to_string(),
            },
            other => RecordError::Inconsistent {
                field: Field::Session,
                detail: other.to_string(),
            },
        })?;
        let decoded = decode_with::<OwnedSession>(&der, &options.allow_trailing(false))
            .map_err(|e| RecordError::from_decode(&e))?;
        // A value the dialect's writer leaves out (BoringSSL omits a DEFAULT,
        // and `[3]` gives way to `[13]` peerSHA256: `ssl_asn1.cc`) would be
        // lost without a word; its decoder refuses such an element written
        // out, so the record is refused too.
        let kept = Record::from_session(&decoded.session, &RecordOptions::full());
        if let Some(field) = self.first_change(&kept) {
            return Err(RecordError::Inconsistent {
                field,
                detail: format!(
                    "{} does not write this value as recorded (a default, or a field another gives way to), so no {} session holds it",
                    self.dialect.library(),
                    self.dialect.library()
                ),
            });
        }
        Ok(decoded.session)
    }

    /// The DER of the session ([`Record::to_session`], then `Target::Auto`).
    ///
    /// # Errors
    /// As [`Record::to_session`].
    pub fn to_der(&self) -> Result<Zeroizing<Vec<u8>>, RecordError> {
        let session = self.to_session()?;
        encode(&session, Target::Auto).map_err(|e| RecordError::Inconsistent {
            field: Field::Session,
            detail: e.to_string(),
        })
    }

    /// The values in the model's types (ranges as the decoder's INTEGER reader
    /// checks them) and the session; `to_session_with` then runs it through
    /// the decoder, which applies `d2i_SSL_SESSION`'s checks.
    fn build(&self) -> Result<OwnedSession, RecordError> {
        if self.schema == 0 || self.schema > SCHEMA {
            return Err(RecordError::UnsupportedSchema {
                found: u64::from(self.schema),
            });
        }
        let redacted = self.redacted_fields();
        if !redacted.is_empty() {
            return Err(RecordError::Redacted { fields: redacted });
        }

        // Ranges, as the decoder's INTEGER reader checks them (`sslVersion` is
        // read as a C int, then `d2i_SSL_SESSION` checks its major byte).
        let protocol_version = i32::try_from(self.protocol_version).map_err(|_| {
            RecordError::invalid(Field::ProtocolVersion, range_kind(self.protocol_version))
        })?;

        // Any int the model cannot hold as a protocol version is one
        // `d2i_SSL_SESSION` rejects too (its major byte is neither 0x03 nor 0xFE).
        let pv = u16::try_from(protocol_version)
            .map(ProtocolVersion)
            .map_err(|_| {
                RecordError::invalid(
                    Field::ProtocolVersion,
                    ErrorKind::UnsupportedProtocolVersion {
                        version: self.protocol_version,
                    },
                )
            })?;
        self.check_names(pv)?;
        let cipher = CipherSuite(self.cipher.code);
        let master_key = self.master_key.bytes().unwrap_or_default();

        // Only fields the dialect's library keeps: its writer would drop any
        // other, and the record would silently lose it.
        if let Some(&field) = self
            .present()
            .iter()
            .find(|f| f.spec().is_some_and(|spec| !spec.is_in(self.dialect)))
        {
            return Err(RecordError::NotInDialect {
                field,
                dialect: self.dialect,
            });
        }

        let mut s = OwnedSession::bare(pv, cipher);
        s.set_dialect(self.dialect);
        s.set_session_id(self.session_id.0.clone())
            .map_err(RecordError::too_long)?;
        s.set_master_key(master_key.to_vec())
            .map_err(RecordError::too_long)?;
        self.set_optional(&mut s)?;
        Ok(s)
    }

    /// The convenience members must agree with the values they describe.
    fn check_names(&self, pv: ProtocolVersion) -> Result<(), RecordError> {
        if let Some(name) = &self.protocol {
            if pv.name() != Some(name.as_str()) {
                return Err(RecordError::Inconsistent {
                    field: Field::ProtocolVersion,
                    detail: format!(
                        "protocol {name:?} does not match protocol_version {} ({})",
                        pv.wire(),
                        pv.openssl_name()
                    ),
                });
            }
        }
        let c = &self.cipher;
        let suite = CipherSuite(c.code);
        let mismatch =
            |what: &str, given: &str, expected: Option<&str>| RecordError::Inconsistent {
                field: Field::Cipher,
                detail: format!(
                    "cipher.{what} {given:?} does not match code {} (expected {})",
                    c.code,
                    expected.map_or_else(|| "none".to_string(), |e| format!("{e:?}"))
                ),
            };
        if let Some(hex) = &c.hex {
            let expected = format!("{:04x}", c.code);
            if !hex.eq_ignore_ascii_case(&expected) {
                return Err(mismatch("hex", hex, Some(&expected)));
            }
        }
        if let Some(name) = &c.openssl_name {
            if suite.openssl_name() != Some(name.as_str()) {
                return Err(mismatch("openssl_name", name, suite.openssl_name()));
            }
        }
        if let Some(name) = &c.iana_name {
            if suite.iana_name() != Some(name.as_str()) {
                return Err(mismatch("iana_name", name, suite.iana_name()));
            }
        }
        Ok(())
    }
}

fn range_kind(v: i64) -> ErrorKind {
    if v < 0 {
        ErrorKind::IntegerTooSmall
    } else {
        ErrorKind::IntegerTooLarge
    }
}

fn deserialize_schema<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let found = u64::deserialize(d)?;
    match u32::try_from(found) {
        Ok(v) if (1..=SCHEMA).contains(&v) => Ok(v),
        _ => Err(de::Error::custom(RecordError::UnsupportedSchema { found })),
    }
}

/// A dialect as its name (`"boringssl"`): the record's `dialect` member.
struct DialectName(Dialect);

impl Serialize for DialectName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

/// `dialect`: [`Dialect`]'s `FromStr` names; an unknown name is an error,
/// never a guess.
fn deserialize_dialect<'de, D: Deserializer<'de>>(d: D) -> Result<Dialect, D::Error> {
    let name = String::deserialize(d)?;
    name.parse().map_err(de::Error::custom)
}

/// `derived` is output only: whatever a reader finds there is dropped, so a
/// stale computation can never be mistaken for the session's state.
fn ignore_derived<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Derived>, D::Error> {
    if d.is_human_readable() {
        IgnoredAny::deserialize(d)?;
    } else {
        // Binary formats such as postcard are not self-describing: read the
        // value by its type, then drop it.
        Option::<Derived>::deserialize(d)?;
    }
    Ok(None)
}

/// Serialises `session` as its full record (secrets included, no `derived`):
/// for `#[serde(with = "session_serde::record")]`.
///
/// # Errors
/// The serializer's.
pub fn serialize<B: ByteStorage, S: Serializer>(
    session: &Session<B>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    Record::from_session(session, &RecordOptions::full()).serialize(serializer)
}

/// Deserialises a record and validates it with [`Record::to_session`]: for
/// `#[serde(with = "session_serde::record")]`.
///
/// # Errors
/// The deserializer's, or the [`RecordError`] as a custom error.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OwnedSession, D::Error> {
    let record = Record::deserialize(deserializer)?;
    record.to_session().map_err(de::Error::custom)
}
