//! Names of the fields of the session structure, generated from the schema.

use std::fmt;

macro_rules! field_enum {
    (
        mandatory: $([$mv:ident, $mname:ident, $($mrest:tt)*])*
        optional: $([$tag:literal, $v:ident, $name:ident, $($rest:tt)*])*
        extended: $([$xv:ident, $xname:ident, $($xrest:tt)*])*
    ) => {
        /// One element of OpenSSL's `SSL_SESSION_ASN1` sequence, in wire order
        /// (the rows of the [schema](crate::FIELDS)), or the sequence itself.
        ///
        /// Errors name the field they concern with this type, so a caller can match on it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Field {
            /// The outer SEQUENCE itself.
            Session,
            $( #[doc = concat!("`", stringify!($mname), "`, untagged.")] $mv, )*
            $( #[doc = concat!("`[", stringify!($tag), "]` ", stringify!($name), ".")] $v, )*
            $( #[doc = concat!("`", stringify!($xname), "`: no OpenSSL has it (BoringSSL, AWS-LC).")] $xv, )*
        }
    };
}

crate::session_schema!(field_enum);

impl Field {
    /// The field's row number in [`FIELDS`](crate::FIELDS) (its position on the
    /// wire); `None` for [`Field::Session`].
    #[inline]
    pub const fn index(self) -> Option<usize> {
        match self {
            Field::Session => None,
            // The variants after `Session` are the schema's rows, in order.
            f => Some(f as usize - 1),
        }
    }

    /// OpenSSL's context tag of an optional field (`[0]`…`[20]`), `None` for the
    /// untagged ones and for the fields OpenSSL does not have.
    #[inline]
    pub const fn tag(self) -> Option<u8> {
        match self.spec() {
            Some(spec) => match spec.placement(crate::Dialect::OpenSsl) {
                crate::Placement::Tagged(n) => Some(n),
                _ => None,
            },
            None => None,
        }
    }

    /// Our name for the field (the key used in the JSON record).
    #[inline]
    pub const fn name(self) -> &'static str {
        match self.spec() {
            Some(spec) => spec.name,
            None => "session",
        }
    }

    /// The member name in OpenSSL's `SSL_SESSION_ASN1` template (`ssl/ssl_asn1.c`),
    /// which OpenSSL reports as `Field=<name>` in its error data.
    #[inline]
    pub const fn openssl_name(self) -> &'static str {
        match self.spec() {
            Some(spec) => spec.openssl_member,
            None => "SSL_SESSION_ASN1",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
