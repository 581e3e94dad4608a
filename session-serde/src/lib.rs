#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))] // docs.rs: mark feature-gated items
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![doc(test(attr(deny(warnings))))]

pub mod der;
mod octets;
pub mod record;
mod sensitive;

pub use octets::Octets;
pub use record::{CipherRecord, Derived, Record, RecordError, RecordOptions, Secrets, SCHEMA};
pub use sensitive::Sensitive;
