#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod corpus;
pub mod ffi_oracle;
pub mod libssl;
pub mod ops;
pub mod oracle;
pub mod serde_oracle;
