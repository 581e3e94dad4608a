//! AWS-LC's `SSL_SESSION_from_bytes` and `d2i_SSL_SESSION` against our
//! decoder in AWS-LC's dialect (`sslsession_oracle_aws_lc::differential`):
//! any disagreement is a crash, except the one named deviation (`[1]` time
//! ≥ 2^63, `[5]` verify result > 2^31−1: `Unrepresentable` on purpose).
#![no_main]

use sslsession_oracle_aws_lc::differential::{compare, Outcome};

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    for (reader, outcome) in ["SSL_SESSION_from_bytes", "d2i_SSL_SESSION"]
        .iter()
        .zip(compare(data))
    {
        if let Outcome::Disagree(why) = outcome {
            panic!("{reader}: {why}; input {}", hex::encode(data));
        }
    }
});
