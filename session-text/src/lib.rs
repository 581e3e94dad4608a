#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

mod dump;
mod session;
mod verify_strings;
#[rustfmt::skip]
mod verify_strings_versions;
mod x509;

pub use session::{
    certificate_pem, keylog_line, session_print, verify_error_string, Completion, KeylogError,
    Redaction, NO_CERTIFICATE,
};
pub use x509::{x509_print, Unsupported};
