#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))] // docs.rs: mark feature-gated items
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

#[cfg(feature = "asn1")]
mod asn1_embed;
mod assemble;
mod ber;
mod boringssl;
mod cbs;
mod convert;
mod decode;
mod der;
mod detect;
mod dialect_writer;
mod encode;
mod error;
mod libressl;
mod openssl_mode;
mod peer_rpk;
pub mod pem;
mod readable;
mod strict;
mod template;
mod x509;
mod x509_awslc;
mod x509_boringssl;
mod x509_fast;
#[cfg(test)]
mod x509_testcert;

#[cfg(feature = "asn1")]
pub use asn1_embed::Asn1Session;
pub use convert::{convert, ConvertError, ConvertOptions, Converted, Dropped, Role};
pub use decode::{decode, decode_bytes, decode_with, DecodeOptions, Decoded, FromInput, Mode};
pub use detect::{detect, Detection};
pub use encode::{encode, encode_into, encoded_len, Target};
pub use error::{CertificateError, DecodeError, EncodeError, ErrorKind};
pub use readable::{readable_by, ReadDifference, Readability, Verdict};
pub use session_model;
pub use session_model::{
    BytesSession, CowSession, Dialect, OpenSslVersion, OwnedSession, SessionRef,
};
