#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))] // docs.rs: mark feature-gated items
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

#[cfg(feature = "arbitrary")]
mod arbitrary_impl;
mod cipher;
mod cipher_table;
mod dialect;
mod field;
mod limits;
mod protocol;
mod schema;
mod secret;
mod semantics;
pub use semantics::{OpenSslTimes, LAST_SECOND, MAX_FRAGMENT_LENGTH_UNSPECIFIED};
mod session;
mod storage;
mod version;

pub use cipher::{CipherInfo, CipherSuite};
pub use dialect::{Dialect, DialectPlacements, Placement, UnknownDialect};
pub use field::Field;
pub use limits::{
    LimitError, MAX_MASTER_KEY_LEN, MAX_MASTER_KEY_LEN_111, MAX_SESSION_ID_LEN, MAX_SID_CTX_LEN,
};
pub use protocol::ProtocolVersion;
pub use schema::{
    openssl_rows, Asn1Type, FieldSpec, OpenSslRelease, Tagging, ValueType, Written, EXTENDED_COUNT,
    FIELDS, MANDATORY_COUNT, NEVER, OPTIONAL_COUNT,
};
pub use secret::Secret;
pub use session::{
    BytesSession, CowSession, FieldValue, Origin, OwnedSession, Session, SessionRef, SetError,
    DEFAULT_TIMEOUT, FLAG_EXTENDED_MASTER_SECRET,
};
pub use storage::ByteStorage;
pub use version::{OpenSslVersion, UnknownOpenSslVersion};
