//! The sessions recorded from real BoringSSL and AWS-LC handshakes and
//! BoringSSL's own test vectors (`testdata/boringssl`, `testdata/aws-lc`), and
//! those libraries' recorded verdicts on the inputs [`crate::mutate`] makes
//! of them ([`crate::verdicts`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// `testdata/boringssl/` of the repository.
pub fn boringssl_dir() -> PathBuf {
    crate::workspace_root().join("testdata/boringssl")
}

/// `testdata/aws-lc/` of the repository.
pub fn aws_lc_dir() -> PathBuf {
    crate::workspace_root().join("testdata/aws-lc")
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
/// # Panics
/// When the committed files cannot be read.
pub fn boringssl_vectors() -> Vec<Vector> {
    let dir = boringssl_dir().join("vectors");
    let manifest: Value =
        serde_json::from_slice(&read(&dir.join("manifest.json"))).expect("manifest.json");
    let mut out = Vec::new();
    for e in manifest.as_array().expect("manifest: a list") {
        let name = e["name"].as_str().expect("manifest: name").to_string();
        let text = String::from_utf8(read(&dir.join(format!("{name}.hex")))).expect("hex text");
        out.push(Vector {
            good: e["good"].as_bool().expect("manifest: good"),
            der: unhex(&text),
            name,
        });
    }
    out
}

/// A session recorded from a real handshake: `NAME.der` and what the
/// library reported about it, `NAME.json`.
pub struct Recorded {
    /// File stem, e.g. `tls13-ticket-client`.
    pub name: String,
    /// The session's bytes.
    pub der: Vec<u8>,
    /// What the library reported for it.
    pub json: Value,
}

/// Every recorded BoringSSL session (`testdata/boringssl/sessions/`), by name.
pub fn boringssl_sessions() -> Vec<Recorded> {
    recorded_in(&boringssl_dir().join("sessions"))
}

/// Every recorded AWS-LC session (`testdata/aws-lc/`), by name.
pub fn aws_lc_sessions() -> Vec<Recorded> {
    recorded_in(&aws_lc_dir())
}

/// Every `NAME.der` of `dir` with its `NAME.json`, sorted by name.
///
/// # Panics
/// When a committed file cannot be read or parsed.
fn recorded_in(dir: &Path) -> Vec<Recorded> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
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
            let der = read(&dir.join(format!("{name}.der")));
            let json = serde_json::from_slice(&read(&dir.join(format!("{name}.json"))))
                .unwrap_or_else(|e| panic!("{name}.json: {e}"));
            Recorded { name, der, json }
        })
        .collect()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Bytes from hex (whitespace ignored).
///
/// # Panics
/// On an odd number of digits or a non-hex character.
pub fn unhex(s: &str) -> Vec<u8> {
    let digits: Vec<u8> = s.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    assert!(digits.len() % 2 == 0, "odd number of hex digits");
    digits
        .chunks(2)
        .map(|p| {
            let d = std::str::from_utf8(p).expect("ASCII");
            u8::from_str_radix(d, 16).unwrap_or_else(|_| panic!("not hex: {d}"))
        })
        .collect()
}
