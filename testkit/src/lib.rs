//! Helpers shared by the workspace's test suites (never published).
//!
//! The corpus: tests read the full public corpus in `../shared/corpus` when it
//! is present (CI has it) and the subset shipped in `testdata/corpus`
//! otherwise; both have the same layout (see `testdata/README.md`).

pub mod mutate;
pub mod oracles;
pub mod recorded;
pub mod services;
pub mod verdicts;

use std::path::{Path, PathBuf};

pub mod openssl_oracle;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The corpus directory, and whether it is the full shared one.
pub fn corpus_dir() -> (PathBuf, bool) {
    let shared = workspace_root().join("../shared/corpus");
    if shared.join("openssl-3.0/manifest.jsonl").exists() {
        (shared, true)
    } else {
        (workspace_root().join("testdata/corpus"), false)
    }
}

/// The lines of a JSON-lines file.
///
/// # Panics
/// If the file cannot be read or a line is not JSON: the test cannot run.
pub fn read_jsonl(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
}

/// The directory `openssl-3.0/` and its manifest, one entry per `.der`.
///
/// # Panics
/// If the manifest is missing or empty.
pub fn manifest() -> (PathBuf, Vec<serde_json::Value>) {
    let dir = corpus_dir().0.join("openssl-3.0");
    let entries = read_jsonl(&dir.join("manifest.jsonl"));
    assert!(!entries.is_empty(), "empty manifest in {}", dir.display());
    (dir, entries)
}

/// Every `.der` of `openssl-3.0/`, sorted by name, with its bytes.
///
/// # Panics
/// If the directory cannot be read or holds no session.
pub fn corpus_sessions() -> Vec<(String, Vec<u8>)> {
    let dir = corpus_dir().0.join("openssl-3.0");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "der"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .der files in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let der = std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            (name, der)
        })
        .collect()
}

/// DER length octets of `n`: the short form below 128, else `0x80 | k`
/// and `n` in `k` big-endian octets, no leading zero (X.690 8.1.3).
pub fn len_octets(n: usize) -> Vec<u8> {
    if let Ok(short @ 0..=0x7F) = u8::try_from(n) {
        return vec![short];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    let mut out = vec![0x80 | u8::try_from(bytes.len()).unwrap_or(0)];
    out.extend(bytes);
    out
}

/// One DER element: `tag`, the length in DER's minimal form
/// ([`len_octets`]), `content`. For building test inputs.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(len_octets(content.len()));
    out.extend_from_slice(content);
    out
}

/// A DER INTEGER of a non-negative value: its minimal two's-complement
/// octets (a leading zero where the top bit is set; `02 01 00` for 0).
pub fn uint(v: u64) -> Vec<u8> {
    let mut bytes: Vec<u8> = v
        .to_be_bytes()
        .into_iter()
        .skip_while(|b| *b == 0)
        .collect();
    if bytes.first().is_none_or(|b| b & 0x80 != 0) {
        bytes.insert(0, 0);
    }
    tlv(0x02, &bytes)
}

/// Lowercase hex.
pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// `len` deterministic pseudo-random bytes for `seed` (xorshift64*), so a
/// property test's failure reproduces from its seed alone.
pub fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x.wrapping_mul(0x2545_F491_4F6C_DD1D).to_be_bytes()[0]
        })
        .collect()
}

/// The full release of each OpenSSL version's oracle (`oracles/openssl/build.sh`
/// builds all but 3.0, which is the system's 3.0.19).
const ORACLE_RELEASES: [(&str, &str); 5] = [
    ("1.1.1", "1.1.1w"),
    ("3.0", "3.0.19"),
    ("3.5", "3.5.5"),
    ("3.6", "3.6.3"),
    ("4.0", "4.0.3"),
];

/// Where oracles/openssl/build.sh puts the OpenSSL builds:
/// `$SSLSESSION_ORACLES`, default `~/.cache/sslsession-oracles`.
pub(crate) fn oracle_cache() -> PathBuf {
    std::env::var_os("SSLSESSION_ORACLES")
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME").map(|h| Path::new(&h).join(".cache/sslsession-oracles"))
        })
        .unwrap_or_default()
}

/// The `openssl` command line tool of OpenSSL `version` (`"1.1.1"`, `"3.0"`,
/// `"3.5"`, `"3.6"`, `"4.0"`): the installed one for 3.0, the build of
/// `oracles/openssl/build.sh` in `$SSLSESSION_ORACLES` (default
/// `~/.cache/sslsession-oracles`) for the others.
///
/// When it is not there: with `SSLSESSION_REQUIRE_ORACLES=1` (CI) the test
/// fails; otherwise this prints `SKIPPED: ...` and returns `None`, and the
/// caller skips that version.
///
/// # Panics
/// On an unknown version name, or a missing oracle when oracles are required.
pub fn openssl_cli(version: &str) -> Option<PathBuf> {
    let release = ORACLE_RELEASES
        .iter()
        .find(|(v, _)| *v == version)
        .map(|(_, r)| *r)
        .unwrap_or_else(|| panic!("no oracle for OpenSSL {version:?}"));
    let path = if version == "3.0" {
        PathBuf::from("/usr/bin/openssl")
    } else {
        oracle_cache().join(format!("openssl-{release}/bin/openssl"))
    };
    if path.is_file() {
        return Some(path);
    }
    let why = format!(
        "OpenSSL {release}'s `openssl` is not at {} (build it with oracles/openssl/build.sh)",
        path.display()
    );
    if std::env::var("SSLSESSION_REQUIRE_ORACLES").is_ok_and(|v| v == "1") {
        panic!("{why}; SSLSESSION_REQUIRE_ORACLES=1 makes that a failure");
    }
    eprintln!("SKIPPED: {why}");
    None
}

/// The version names [`openssl_cli`] knows, oldest first.
pub const OPENSSL_VERSIONS: [&str; 5] = ["1.1.1", "3.0", "3.5", "3.6", "4.0"];
