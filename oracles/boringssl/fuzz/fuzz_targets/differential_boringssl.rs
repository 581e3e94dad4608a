//! Our BoringSSL-dialect decoder against BoringSSL's `SSL_SESSION_from_bytes`
//! and `d2i_SSL_SESSION` on arbitrary bytes; on acceptance, our encoding
//! against `SSL_SESSION_to_bytes` (`differential::check`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use sslsession_oracle_boringssl::differential;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = differential::check(data) {
        panic!("BoringSSL and ours disagree: {e}");
    }
});
