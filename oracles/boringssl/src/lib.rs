#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod bssl;
pub mod differential;
pub mod mutate;
pub mod openssl;
pub mod ours;
pub mod pki;
pub mod tls;

use std::path::PathBuf;

use serde_json::Value;

/// Result type of the helpers.
pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Lower-case hex.
pub fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    b.iter()
        .fold(String::with_capacity(b.len() * 2), |mut s, x| {
            let _ = write!(s, "{x:02x}");
            s
        })
}

/// Bytes from hex (whitespace ignored).
///
/// # Errors
/// On an odd number of digits or a non-hex character.
pub fn unhex(s: &str) -> Result<Vec<u8>> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if digits.len() % 2 != 0 {
        return Err("odd number of hex digits".into());
    }
    digits
        .chunks(2)
        .map(|p| {
            let d = std::str::from_utf8(p)?;
            Ok(u8::from_str_radix(d, 16)?)
        })
        .collect()
}

/// `testdata/boringssl/` of the repository.
pub fn testdata() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../testdata/boringssl")
}

/// One of the seven session vectors of BoringSSL's `ssl/ssl_test.cc`
/// (`SSLTest.SessionEncoding`).
pub struct Vector {
    /// Its name in ssl_test.cc, e.g. `kOpenSSLSession`.
    pub name: String,
    /// Whether the test requires it to decode and round-trip (else: refused).
    pub good: bool,
    /// The bytes.
    pub der: Vec<u8>,
}

/// The seven vectors, from `testdata/boringssl/vectors/`.
///
/// # Errors
/// When the files cannot be read.
pub fn vectors() -> Result<Vec<Vector>> {
    let dir = testdata().join("vectors");
    let manifest: Value = serde_json::from_slice(&std::fs::read(dir.join("manifest.json"))?)?;
    let mut out = Vec::new();
    for e in manifest.as_array().ok_or("manifest: not a list")? {
        let name = e["name"].as_str().ok_or("manifest: name")?.to_string();
        let der = unhex(&std::fs::read_to_string(dir.join(format!("{name}.hex")))?)?;
        out.push(Vector {
            good: e["good"].as_bool().ok_or("manifest: good")?,
            name,
            der,
        });
    }
    Ok(out)
}

/// A session recorded from a real BoringSSL handshake.
pub struct Recorded {
    /// File stem, e.g. `tls13-ticket-client`.
    pub name: String,
    /// `SSL_SESSION_to_bytes` of the session.
    pub der: Vec<u8>,
    /// What BoringSSL reported for it (`record` binary; README).
    pub json: Value,
}

/// Every recorded session of `testdata/boringssl/sessions/`, sorted by name.
///
/// # Errors
/// When the files cannot be read.
pub fn recorded() -> Result<Vec<Recorded>> {
    let dir = testdata().join("sessions");
    let mut names: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "der").then(|| p.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let der = std::fs::read(dir.join(format!("{name}.der")))?;
            let json = serde_json::from_slice(&std::fs::read(dir.join(format!("{name}.json")))?)?;
            Ok(Recorded { name, der, json })
        })
        .collect()
}
