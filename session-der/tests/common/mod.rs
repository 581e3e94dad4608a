//! The corpus helpers shared by the workspace's suites.
#![allow(unused_imports)]

pub use sslsession_testkit::{corpus_dir, hex, noise, read_jsonl};
