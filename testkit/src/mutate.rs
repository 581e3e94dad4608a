//! The malformed and borderline sessions the BoringSSL and AWS-LC oracles
//! ask their library about, made from the recorded sessions of
//! `testdata/boringssl` and `testdata/aws-lc` ([`crate::recorded`]). They live
//! here, outside the oracle workspaces, so that the main workspace's tests
//! can make the same inputs and replay what those libraries answered
//! (`testdata/*/verdicts.tsv`) without building them.

pub mod aws_lc;
pub mod aws_lc_der;
pub mod boringssl;
