//! The session record: every field OpenSSL stores, one per row of the schema.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;

use crate::cipher::CipherSuite;
use crate::dialect::Dialect;
use crate::field::Field;
use crate::limits::{
    check_len, LimitError, MAX_MASTER_KEY_LEN, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN,
};
use crate::protocol::ProtocolVersion;
use crate::secret::Secret;
use crate::storage::ByteStorage;

/// Where a session came from, which decides how an encoder writes it by default.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "arbitrary", derive(arbitrary::Arbitrary))]
pub enum Origin {
    /// Decoded from bytes: by default it is written back exactly as it was read
    /// (explicit zeros, an absent `[4]` or `[19]`, a `[0]` key_arg all kept).
    Decoded,
    /// Built by a program: by default it is written with OpenSSL 3.x's presence
    /// rules (`[4]` and `[19]` always, zero-valued integers omitted).
    Built,
}

/// The zero-copy view a decoder returns: every byte field points into the input.
pub type SessionRef<'a> = Session<&'a [u8]>;
/// An owned session whose fields share one [`Bytes`] buffer.
pub type BytesSession = Session<Bytes>;
/// An ordinary owned session.
pub type OwnedSession = Session<Vec<u8>>;
/// A session that borrows from its input where it can.
pub type CowSession<'a> = Session<Cow<'a, [u8]>>;

/// `SSL_SESS_FLAG_EXTMS`: the session used the extended master secret (RFC 7627).
pub const FLAG_EXTENDED_MASTER_SECRET: u64 = 1;

/// OpenSSL's default timeout for a session whose `[2]` is absent or zero (seconds).
pub const DEFAULT_TIMEOUT: i64 = 3;

/// The storage of an optional field: `Option<B>` or `Option<int>`.
macro_rules! stored {
    (bytes, $b:ty) => { Option<$b> };
    ($int:ident, $b:ty) => { Option<$int> };
}

/// What `Session::new` starts a field with: the rows OpenSSL always writes
/// (`[4]`, `[19]`) are present with their default, as a handshake leaves them.
macro_rules! built_default {
    (Always) => {
        Some(Default::default())
    };
    ($other:ident) => {
        None
    };
}

/// A field's getter and setter, by the kind of its value and its limit.
macro_rules! accessors {
    (bytes, $v:ident, $name:ident, $set:ident, none, $doc:literal) => {
        #[doc = $doc]
        pub fn $name(&self) -> Option<&[u8]> {
            self.$name.as_ref().map(AsRef::as_ref)
        }

        #[doc = concat!("Sets `", stringify!($name), "` (`None` removes it).")]
        pub fn $set(&mut self, value: Option<B>) {
            self.$name = value;
        }
    };
    (bytes, $v:ident, $name:ident, $set:ident, $limit:ident, $doc:literal) => {
        #[doc = $doc]
        pub fn $name(&self) -> Option<&[u8]> {
            self.$name.as_ref().map(AsRef::as_ref)
        }

        #[doc = concat!("Sets `", stringify!($name), "` (`None` removes it).")]
        ///
        /// # Errors
        #[doc = concat!("Longer than OpenSSL's limit, `", stringify!($limit), "`.")]
        pub fn $set(&mut self, value: Option<B>) -> Result<(), LimitError> {
            if let Some(v) = &value {
                check_len(Field::$v, v.as_ref(), $limit)?;
            }
            self.$name = value;
            Ok(())
        }
    };
    ($int:ident, $v:ident, $name:ident, $set:ident, none, $doc:literal) => {
        #[doc = $doc]
        pub fn $name(&self) -> Option<$int> {
            self.$name
        }

        #[doc = concat!("Sets `", stringify!($name), "`: `None` omits it, `Some(0)` writes an explicit zero.")]
        pub fn $set(&mut self, value: Option<$int>) {
            self.$name = value;
        }
    };
}

/// A stored field as a [`FieldValue`] (for `get` and equality across storages).
macro_rules! as_value {
    (bytes, $e:expr) => {
        $e.as_ref().map(|b| FieldValue::Bytes(b.as_ref()))
    };
    ($int:ident, $e:expr) => {
        $e.map(|v| FieldValue::Int(i128::from(v)))
    };
}

/// A stored field as `Debug` shows it: long byte values by their length.
macro_rules! debug_value {
    (bytes, $e:expr) => {
        &$e.as_ref().map(|b| Hex(b.as_ref()))
    };
    ($int:ident, $e:expr) => {
        &$e
    };
}

/// A stored field converted to another storage by the fallible `$f`.
macro_rules! convert_field {
    (bytes, $e:expr, $f:ident) => {
        match $e {
            Some(b) => Some($f(b)?),
            None => None,
        }
    };
    // By reference or by value alike.
    ($int:ident, $e:expr, $f:ident) => {
        $e.as_ref().copied()
    };
}

/// `Session::set_int` for one field.
macro_rules! set_int_field {
    (bytes, $s:ident.$name:ident, $field:ident, $value:ident) => {
        Err(SetError::WrongKind { field: $field })
    };
    // A BOOLEAN as an integer: 0 or 1.
    (bool, $s:ident.$name:ident, $field:ident, $value:ident) => {{
        $s.$name = match $value {
            None => None,
            Some(0) => Some(false),
            Some(1) => Some(true),
            Some(v) => {
                return Err(SetError::OutOfRange {
                    field: $field,
                    value: v,
                })
            }
        };
        Ok(())
    }};
    ($int:ident, $s:ident.$name:ident, $field:ident, $value:ident) => {{
        $s.$name = match $value {
            None => None,
            Some(v) => Some($int::try_from(v).map_err(|_| SetError::OutOfRange {
                field: $field,
                value: v,
            })?),
        };
        Ok(())
    }};
}

/// `Session::set_bytes` for one field.
macro_rules! set_bytes_field {
    (bytes, none, $s:ident.$set:ident, $field:ident, $value:ident) => {{
        $s.$set($value);
        Ok(())
    }};
    (bytes, $limit:ident, $s:ident.$set:ident, $field:ident, $value:ident) => {
        $s.$set($value).map_err(SetError::Limit)
    };
    ($int:ident, $limit:ident, $s:ident.$set:ident, $field:ident, $value:ident) => {
        Err(SetError::WrongKind { field: $field })
    };
}

/// The session struct and everything that lists its fields, from the schema.
macro_rules! define_session {
    (
        mandatory: $([$($mandatory:tt)*])*
        optional: $([$tag:literal, $v:ident, $name:ident, $set:ident, $ty:ident, $asn1:ident,
                     $limit:ident, $secrecy:ident, $doc:literal, $tagging:ident,
                     $written:ident $(($bits:literal))?, $($rest:tt)*])*
        extended: $([$xv:ident, $xname:ident, $xset:ident, $xty:ident, $xasn1:ident,
                     $xlimit:ident, $xsecrecy:ident, $xdoc:literal, $($xrest:tt)*])*
    ) => {
        /// An OpenSSL `SSL_SESSION`, with byte fields held in `B` (see [`ByteStorage`]).
        ///
        /// Every optional element of the encoding is an `Option`: `None` is *absent*,
        /// `Some(empty)` is *present but empty*, and `Some(0)` is an explicitly encoded
        /// zero — so anything a decoder accepts can be written back byte for byte. The
        /// `effective_*` methods apply OpenSSL's rules for absent values without
        /// changing what is stored.
        ///
        /// Setters enforce OpenSSL's limits and return [`LimitError`] instead of
        /// truncating. The fields are the rows of the [schema](crate::FIELDS).
        pub struct Session<B: ByteStorage> {
            origin: Origin,
            dialect: Dialect,
            protocol_version: ProtocolVersion,
            cipher: CipherSuite,
            session_id: B,
            master_key: Secret<B>,
            $( $name: stored!($ty, B), )*
            $( $xname: stored!($xty, B), )*
        }

        impl<B: ByteStorage> Session<B> {
            /// A session built from scratch, as `SSL_SESSION_new()` plus
            /// `SSL_SESSION_set_protocol_version` and `SSL_SESSION_set_cipher` leave it
            /// once a handshake has run: an empty id and key, an empty `[4]` and
            /// `kex_group` 0 (both always written by OpenSSL 3.x), everything else absent.
            pub fn new(protocol_version: ProtocolVersion, cipher: CipherSuite) -> Self {
                Session {
                    origin: Origin::Built,
                    dialect: Dialect::OpenSsl,
                    protocol_version,
                    cipher,
                    session_id: B::default(),
                    master_key: Secret::new(B::default()),
                    $( $name: built_default!($written), )*
                    $( $xname: None, )*
                }
            }

            /// A session with only the five mandatory elements, as a decoder starts it.
            /// Its origin is [`Origin::Decoded`]: nothing optional is present.
            pub fn bare(protocol_version: ProtocolVersion, cipher: CipherSuite) -> Self {
                Session {
                    origin: Origin::Decoded,
                    dialect: Dialect::OpenSsl,
                    protocol_version,
                    cipher,
                    session_id: B::default(),
                    master_key: Secret::new(B::default()),
                    $( $name: None, )*
                    $( $xname: None, )*
                }
            }

            $( accessors!($ty, $v, $name, $set, $limit, $doc); )*
            $( accessors!($xty, $xv, $xname, $xset, $xlimit, $xdoc); )*

            /// An optional field's value, as bytes or a widened integer; `None`
            /// when it is absent or `field` is not an optional field.
            pub fn get(&self, field: Field) -> Option<FieldValue<'_>> {
                match field {
                    $( Field::$v => as_value!($ty, self.$name), )*
                    $( Field::$xv => as_value!($xty, self.$xname), )*
                    _ => None,
                }
            }

            /// Sets (or with `None` removes) an optional integer field from a
            /// widened value.
            ///
            /// # Errors
            /// A field that does not hold an integer, or a value outside its type.
            pub fn set_int(&mut self, field: Field, value: Option<i128>) -> Result<(), SetError> {
                match field {
                    $( Field::$v => set_int_field!($ty, self.$name, field, value), )*
                    $( Field::$xv => set_int_field!($xty, self.$xname, field, value), )*
                    _ => Err(SetError::WrongKind { field }),
                }
            }

            /// Sets (or with `None` removes) an optional byte field.
            ///
            /// # Errors
            /// A field that does not hold bytes, or a value over OpenSSL's limit.
            pub fn set_bytes(&mut self, field: Field, value: Option<B>) -> Result<(), SetError> {
                match field {
                    $( Field::$v => set_bytes_field!($ty, $limit, self.$set, field, value), )*
                    $( Field::$xv => set_bytes_field!($xty, $xlimit, self.$xset, field, value), )*
                    _ => Err(SetError::WrongKind { field }),
                }
            }

            fn map_storage<'s, C: ByteStorage, E>(
                &'s self,
                mut f: impl FnMut(&'s B) -> Result<C, E>,
            ) -> Result<Session<C>, E> {
                Ok(Session {
                    origin: self.origin,
                    dialect: self.dialect,
                    protocol_version: self.protocol_version,
                    cipher: self.cipher,
                    session_id: f(&self.session_id)?,
                    master_key: Secret::new(f(self.master_key.storage())?),
                    $( $name: convert_field!($ty, &self.$name, f), )*
                    $( $xname: convert_field!($xty, &self.$xname, f), )*
                })
            }

            /// Converts every byte field with `f`, consuming the session: storage that
            /// `f` can reuse (a reassembled buffer, say) moves instead of being copied.
            pub fn into_storage<C: ByteStorage>(mut self, mut f: impl FnMut(B) -> C) -> Session<C> {
                let key = std::mem::replace(&mut self.master_key, Secret::new(B::default()))
                    .into_inner();
                let mut f = |b: B| Ok::<C, std::convert::Infallible>(f(b));
                let rebuilt: Result<Session<C>, std::convert::Infallible> = (|| {
                    Ok(Session {
                        origin: self.origin,
                        dialect: self.dialect,
                        protocol_version: self.protocol_version,
                        cipher: self.cipher,
                        session_id: f(self.session_id)?,
                        master_key: Secret::new(f(key)?),
                        $( $name: convert_field!($ty, self.$name, f), )*
                        $( $xname: convert_field!($xty, self.$xname, f), )*
                    })
                })();
                match rebuilt {
                    Ok(s) => s,
                    Err(never) => match never {},
                }
            }
        }

        /// Sessions are equal when every stored value is equal, whatever the storage.
        impl<B: ByteStorage, C: ByteStorage> PartialEq<Session<C>> for Session<B> {
            fn eq(&self, o: &Session<C>) -> bool {
                self.dialect == o.dialect
                    && self.protocol_version == o.protocol_version
                    && self.cipher == o.cipher
                    && self.session_id.as_ref() == o.session_id.as_ref()
                    && self.master_key.expose() == o.master_key.expose()
                    $( && as_value!($ty, self.$name) == as_value!($ty, o.$name) )*
                    $( && as_value!($xty, self.$xname) == as_value!($xty, o.$xname) )*
            }
        }

        impl<B: ByteStorage> fmt::Debug for Session<B> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct("Session")
                    .field("origin", &self.origin)
                    .field("dialect", &self.dialect)
                    .field("protocol_version", &self.protocol_version)
                    .field("cipher", &self.cipher)
                    .field("session_id", &Hex(self.session_id.as_ref()))
                    .field("master_key", &self.master_key)
                    $( .field(stringify!($name), debug_value!($ty, self.$name)) )*
                    $( .field(stringify!($xname), debug_value!($xty, self.$xname)) )*
                    .finish()
            }
        }
    };
}

crate::session_schema!(define_session);

/// An optional field's value whatever its type ([`Session::get`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldValue<'a> {
    /// A byte field's bytes.
    Bytes(&'a [u8]),
    /// An integer field's value, widened.
    Int(i128),
}

/// Why [`Session::set_int`] or [`Session::set_bytes`] refused a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SetError {
    /// The field is not an optional field of that kind (bytes or integer).
    WrongKind {
        /// The field concerned.
        field: Field,
    },
    /// The integer is outside the field's type.
    OutOfRange {
        /// The field concerned.
        field: Field,
        /// The value offered.
        value: i128,
    },
    /// The bytes are longer than OpenSSL allows.
    Limit(LimitError),
}

impl fmt::Display for SetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SetError::WrongKind { field } => write!(f, "{field}: not a field of that kind"),
            SetError::OutOfRange { field, value } => {
                write!(f, "{field}: {value} is outside the field's range")
            }
            SetError::Limit(l) => l.fmt(f),
        }
    }
}

impl std::error::Error for SetError {}

impl<B: ByteStorage> Session<B> {
    /// Where the session came from; decides the default encoding (see [`Origin`]).
    pub fn origin(&self) -> Origin {
        self.origin
    }

    /// Changes the origin, e.g. to write a decoded session with OpenSSL's presence rules.
    pub fn set_origin(&mut self, origin: Origin) {
        self.origin = origin;
    }

    /// The TLS library whose encoding the session is in: what it was decoded
    /// from, or [`Dialect::OpenSsl`] for a session built by [`Session::new`].
    /// An encoder writes a session in its own dialect; converting one to
    /// another dialect is session-der's `convert`, which says what cannot be
    /// carried over.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Marks the session as being in `dialect`'s encoding. Fields `dialect`
    /// does not store are kept but not written by its encoder; use
    /// session-der's `convert` to move a session between dialects.
    pub fn set_dialect(&mut self, dialect: Dialect) {
        self.dialect = dialect;
    }

    /// The protocol version (`SSL_SESSION_get_protocol_version`).
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.protocol_version
    }

    /// Sets the protocol version. Any value is stored; OpenSSL only reads back
    /// those of [`ProtocolVersion::is_accepted_by_openssl`].
    pub fn set_protocol_version(&mut self, v: ProtocolVersion) {
        self.protocol_version = v;
    }

    /// The cipher suite.
    pub fn cipher(&self) -> CipherSuite {
        self.cipher
    }

    /// Sets the cipher suite.
    pub fn set_cipher(&mut self, c: CipherSuite) {
        self.cipher = c;
    }

    /// The session id (`SSL_SESSION_get_id`).
    pub fn session_id(&self) -> &[u8] {
        self.session_id.as_ref()
    }

    /// Sets the session id (`SSL_SESSION_set1_id`).
    ///
    /// # Errors
    /// More than 32 bytes.
    pub fn set_session_id(&mut self, id: B) -> Result<(), LimitError> {
        check_len(Field::SessionId, id.as_ref(), MAX_SESSION_ID_LEN)?;
        self.session_id = id;
        Ok(())
    }

    /// The master key (TLS ≤ 1.2) or resumption PSK (TLS 1.3).
    pub fn master_key(&self) -> &Secret<B> {
        &self.master_key
    }

    /// Sets the master key (`SSL_SESSION_set1_master_key`).
    ///
    /// # Errors
    /// More than 512 bytes (`TLS13_MAX_RESUMPTION_PSK_LENGTH` in OpenSSL 3.x).
    pub fn set_master_key(&mut self, key: B) -> Result<(), LimitError> {
        check_len(Field::MasterKey, key.as_ref(), MAX_MASTER_KEY_LEN)?;
        self.master_key = Secret::new(key);
        Ok(())
    }

    /// Checks the limits a setter would check, for a session whose fields came
    /// from elsewhere.
    ///
    /// # Errors
    /// The first field over its limit.
    pub fn check_limits(&self) -> Result<(), LimitError> {
        check_len(Field::SessionId, self.session_id(), MAX_SESSION_ID_LEN)?;
        check_len(
            Field::MasterKey,
            self.master_key.expose(),
            MAX_MASTER_KEY_LEN,
        )?;
        if let Some(c) = self.sid_ctx() {
            check_len(Field::SidCtx, c, MAX_SID_CTX_LEN)?;
        }
        Ok(())
    }

    /// Converts every byte field with `f`, keeping all other values.
    ///
    /// `f` sees the storage by reference so that `self` still wipes its own key
    /// when dropped. This is how a borrowed view becomes an owned session:
    /// `view.convert(|b| b.to_vec())`.
    pub fn convert<'s, C: ByteStorage>(&'s self, mut f: impl FnMut(&'s B) -> C) -> Session<C> {
        match self.map_storage(|b| Ok::<C, std::convert::Infallible>(f(b))) {
            Ok(s) => s,
            Err(never) => match never {},
        }
    }

    /// Like [`Session::convert`], but `f` may refuse a field (returning `None`).
    pub fn try_convert<'s, C: ByteStorage>(
        &'s self,
        mut f: impl FnMut(&'s B) -> Option<C>,
    ) -> Option<Session<C>> {
        self.map_storage(|b| f(b).ok_or(())).ok()
    }

    /// An owned copy of this session.
    pub fn to_owned_session(&self) -> OwnedSession {
        self.convert(|b| b.as_ref().to_vec())
    }

    /// A borrowed view of this session.
    pub fn as_view(&self) -> SessionRef<'_> {
        self.convert(|b| b.as_ref())
    }
}

impl<B: ByteStorage + Clone> Clone for Session<B> {
    fn clone(&self) -> Self {
        self.convert(Clone::clone)
    }
}

impl<B: ByteStorage> Eq for Session<B> {}

struct Hex<'a>(&'a [u8]);

impl fmt::Debug for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Long values (certificates, tickets) would drown the rest; their length is what helps.
        if self.0.len() > 64 {
            return write!(f, "<{} bytes>", self.0.len());
        }
        f.write_str("\"")?;
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        f.write_str("\"")
    }
}
