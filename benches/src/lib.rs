#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod corpus;
pub mod ops;
pub mod peers;
