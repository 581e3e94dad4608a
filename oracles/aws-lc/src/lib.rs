#![doc = include_str!("../README.md")]
// Test-only crate: it calls AWS-LC's C API through aws-lc-sys' raw bindings,
// every `unsafe` block with a `// SAFETY:` comment.
#![allow(unsafe_code)]

pub mod differential;
pub mod handshake;
pub mod openssl;
pub mod scenarios;
pub mod session;

/// The malformed and borderline sessions made of the recorded ones, and
/// the DER helpers they are made with (shared with the main workspace's
/// replay of AWS-LC's verdicts).
pub use sslsession_testkit::mutate::{aws_lc as mutate, aws_lc_der as der};
pub use sslsession_testkit::recorded::Recorded as Recording;

pub use aws_lc_sys as ffi;
pub use handshake::{Client, ClientConfig, Handshake, Role, Server, ServerConfig};
pub use session::Session;

use std::ffi::CStr;
use std::path::PathBuf;

/// The AWS-LC release aws-lc-sys vendors (`AWSLC_VERSION_NUMBER_STRING` of its
/// `include/openssl/base.h`), e.g. "5.12.0".
pub fn version() -> &'static str {
    CStr::from_bytes_with_nul(ffi::AWSLC_VERSION_NUMBER_STRING)
        .ok()
        .and_then(|c| c.to_str().ok())
        .unwrap_or("?")
}

/// The repository root (this crate lives in `oracles/aws-lc/`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `testdata/aws-lc/`: the recorded sessions and the test PKI.
pub fn testdata() -> PathBuf {
    repo_root().join("testdata/aws-lc")
}

/// Drains AWS-LC's error queue into one line (for messages).
pub fn errors() -> String {
    let mut out = Vec::new();
    loop {
        // SAFETY: ERR_get_error only reads this thread's error queue.
        let code = unsafe { ffi::ERR_get_error() };
        if code == 0 {
            break;
        }
        let mut buf = [0 as std::os::raw::c_char; 256];
        // SAFETY: buf is writable for buf.len() bytes; ERR_error_string_n
        // NUL-terminates within that length.
        unsafe { ffi::ERR_error_string_n(code, buf.as_mut_ptr(), buf.len()) };
        // SAFETY: buf holds a NUL-terminated string written just above.
        let text = unsafe { CStr::from_ptr(buf.as_ptr()) };
        out.push(text.to_string_lossy().into_owned());
    }
    out.join("; ")
}

/// Whether a test that needs an oracle outside this process (the OpenSSL
/// binaries) must fail rather than skip when it is missing (CI sets it).
pub fn oracles_required() -> bool {
    std::env::var("SSLSESSION_REQUIRE_ORACLES").is_ok_and(|v| v == "1")
}

/// `${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}`.
pub fn oracle_cache() -> PathBuf {
    match std::env::var_os("SSLSESSION_ORACLES") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
            .join(".cache/sslsession-oracles"),
    }
}

/// Every committed recording, sorted by name (panics if the directory is
/// unreadable or a JSON file is missing: the data is committed).
pub fn recordings() -> Vec<Recording> {
    sslsession_testkit::recorded::aws_lc_sessions()
}

/// AWS-LC's verdicts on `inputs` (`SSL_SESSION_from_bytes` and
/// `d2i_SSL_SESSION`, each with what `SSL_SESSION_to_bytes` writes for the
/// session read), as `testdata/aws-lc/verdicts.tsv` records them
/// (`sslsession_testkit::verdicts`).
pub fn verdicts(inputs: &[(String, Vec<u8>)]) -> sslsession_testkit::verdicts::Recording {
    use sslsession_testkit::verdicts::{inputs_digest, Recording, Verdict};
    Recording {
        library: format!("AWS-LC {}", version()),
        digest: inputs_digest(inputs.iter().map(|(_, i)| i.as_slice())),
        verdicts: inputs
            .iter()
            .map(|(_, input)| {
                let whole = Session::from_bytes(input).map(|s| s.to_bytes());
                let d2i = Session::d2i(input).map(|(s, n)| (n, s.to_bytes()));
                Verdict::of(
                    input,
                    whole.as_deref(),
                    d2i.as_ref().map(|(n, b)| (*n, b.as_slice())),
                )
            })
            .collect(),
    }
}
