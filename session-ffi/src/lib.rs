#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))] // docs.rs: mark feature-gated items
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod access;
mod cipher;
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod codec;
#[cfg(feature = "openssl-names")]
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod compat;
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod dialect;
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod error;
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod extended;
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod fields;
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod handle;
#[allow(unsafe_code)] // the session lock: a pthread rwlock (see lock.rs).
mod lock;
mod panic;
#[allow(unsafe_code)] // C ABI: raw pointers and exported symbols.
mod version;

pub use access::*;
pub use cipher::ssl_cipher_st;
pub use codec::{
    sslsession_der_free, sslsession_session_d2i, sslsession_session_d2i_ex, sslsession_session_i2d,
    SSLSESSION_D2I_NO_TRAILING, SSLSESSION_D2I_STRICT,
};
#[cfg(feature = "openssl-names")]
pub use compat::*;
pub use dialect::{sslsession_get_dialect, sslsession_session_get_dialect, sslsession_set_dialect};
pub use error::{
    sslsession_err_clear, sslsession_err_get, sslsession_err_lib, sslsession_err_peek,
    sslsession_err_reason, sslsession_err_string, SSLSESSION_ERR_LIB_ASN1, SSLSESSION_ERR_LIB_SSL,
    SSLSESSION_ERR_LIB_USER, SSLSESSION_R_BAD_FLAGS, SSLSESSION_R_FIELD_TOO_LONG,
    SSLSESSION_R_NO_CIPHER, SSLSESSION_R_UNKNOWN_CIPHER, SSLSESSION_R_UNKNOWN_DIALECT,
    SSLSESSION_R_UNKNOWN_FIELD, SSLSESSION_R_UNKNOWN_OPENSSL_VERSION,
    SSLSESSION_R_VALUE_OUT_OF_RANGE, SSLSESSION_R_WRONG_DIALECT, SSLSESSION_R_WRONG_FIELD_KIND,
};
pub use extended::*;
pub use fields::*;
pub use handle::sslsession_session;
pub use version::{
    sslsession_get_openssl_version, sslsession_session_get_openssl_version,
    sslsession_session_set_openssl_version, sslsession_set_openssl_version,
};
