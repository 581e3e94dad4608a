//! Locating the corpus: the full public corpus in `../shared/corpus` when it is
//! present (CI has it), otherwise the subset shipped in `testdata/corpus`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

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

pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
