#![doc = include_str!("../README.md")]
#![deny(unsafe_code)]
#![deny(missing_docs)]

pub mod backends;
pub mod fleet;
pub mod measure;
pub mod raw;
pub mod tls;

pub use backends::{open_store, BackendKind, Protection};
pub use tls::{Client, Error, InProcessServer, Outcome, Proto, TestPki};
