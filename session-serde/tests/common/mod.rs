//! Locating the corpus: the full public corpus in `../shared/corpus` when it is
//! present (CI has it), otherwise the subset shipped in `testdata/corpus`.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

/// The workspace root (the parent of this crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// The corpus directory and whether it is the full shared one.
pub fn corpus_dir() -> (PathBuf, bool) {
    let shared = workspace_root().join("../shared/corpus");
    if shared.join("openssl-3.0/manifest.jsonl").exists() {
        (shared, true)
    } else {
        (workspace_root().join("testdata/corpus"), false)
    }
}

/// Every `.der` of `openssl-3.0/`, sorted by name, with its bytes.
pub fn corpus_sessions() -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir().0.join("openssl-3.0");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .der files in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            let der = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, der)
        })
        .collect()
}

/// One real TLS 1.3 and one TLS 1.2 session of the corpus (present in the subset too).
pub fn sample(name: &str) -> Vec<u8> {
    let p = corpus_dir().0.join("openssl-3.0").join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A real TLS 1.3 client session with a ticket (in the subset too).
pub const TLS13_CLIENT: &str = "p00018-tls13-aes128gcm-client-t0.der";
/// A real TLS 1.2 client session with a ticket (in the subset too).
pub const TLS12_CLIENT: &str = "p00000-tls12-ecdhe-rsa-aes128gcm-client-t0.der";

/// Lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
