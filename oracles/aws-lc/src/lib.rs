#![doc = include_str!("../README.md")]
// Test-only crate: it calls AWS-LC's C API through aws-lc-sys' raw bindings,
// every `unsafe` block with a `// SAFETY:` comment.
#![allow(unsafe_code)]

pub mod der;
pub mod differential;
pub mod handshake;
pub mod mutate;
pub mod openssl;
pub mod scenarios;
pub mod session;

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

/// One committed recording of `testdata/aws-lc/`.
pub struct Recording {
    /// File stem.
    pub name: String,
    /// `NAME.der`.
    pub der: Vec<u8>,
    /// `NAME.json`.
    pub json: serde_json::Value,
}

/// Every committed recording, sorted by name (panics if the directory is
/// unreadable or a JSON file is missing: the data is committed).
pub fn recordings() -> Vec<Recording> {
    let dir = testdata();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()
                .and_then(|n| n.strip_suffix(".der"))
                .map(str::to_owned)
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let der = std::fs::read(dir.join(format!("{name}.der"))).expect("der");
            let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).expect("json");
            let json = serde_json::from_str(&text).expect("valid json");
            Recording { name, der, json }
        })
        .collect()
}
