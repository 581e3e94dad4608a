//! The real `d2i_PUBKEY_ex` and `d2i_SSL_SESSION` of one OpenSSL version:
//! testkit/oracle/d2i.c compiled against that version's static libssl and
//! libcrypto, fed many inputs at once.
//!
//! 3.5.5, 3.6.3 and 4.0.3 (and 1.1.1w, for sessions) are the builds of
//! oracles/openssl/build.sh in `~/.cache/sslsession-oracles/openssl-VERSION`
//! (`SSLSESSION_ORACLES` overrides the directory); "3.0" is the system's
//! (Debian's libssl-dev).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Which `d2i` the oracle runs.
#[derive(Clone, Copy, Debug)]
pub enum D2i {
    /// `d2i_PUBKEY_ex`.
    PublicKey,
    /// `d2i_SSL_SESSION`.
    Session,
}

/// Whether a missing oracle fails the test (`SSLSESSION_REQUIRE_ORACLES=1`,
/// as CI sets it) instead of skipping it.
pub fn required() -> bool {
    std::env::var_os("SSLSESSION_REQUIRE_ORACLES").is_some_and(|v| v == "1")
}

/// `version`'s headers directory and static libssl and libcrypto.
fn install(version: &str) -> Result<(PathBuf, PathBuf, PathBuf), String> {
    let (include, lib) = if version == "3.0" {
        (
            PathBuf::from("/usr/include"),
            PathBuf::from("/usr/lib/x86_64-linux-gnu"),
        )
    } else {
        let dir = crate::oracle_cache().join(format!("openssl-{version}"));
        (dir.join("include"), dir.join("lib"))
    };
    let (ssl, crypto) = (lib.join("libssl.a"), lib.join("libcrypto.a"));
    if ssl.exists() && crypto.exists() {
        Ok((include, ssl, crypto))
    } else {
        Err(format!(
            "OpenSSL {version}'s static libraries are not in {} (oracles/openssl/build.sh {version})",
            lib.display()
        ))
    }
}

/// Compiles the oracle against `version` into `out_dir` (a test's
/// `CARGO_TARGET_TMPDIR`), or says why it cannot.
pub fn build(version: &str, out_dir: &Path) -> Result<PathBuf, String> {
    let (include, ssl, crypto) = install(version)?;
    let out = out_dir.join(format!("d2i-{version}"));
    let source = crate::workspace_root().join("testkit/oracle/d2i.c");
    let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".to_owned()))
        .arg("-O1")
        .arg("-o")
        .arg(&out)
        .arg(&source)
        .arg(format!("-I{}", include.display()))
        .arg(&ssl)
        .arg(&crypto)
        .args(["-lpthread", "-ldl"])
        .status()
        .map_err(|e| format!("cc: {e}"))?;
    if status.success() {
        Ok(out)
    } else {
        Err(format!("cc failed to build the OpenSSL {version} oracle"))
    }
}

/// [`build`], or `None` after printing `SKIPPED: why` when the version is
/// not built and oracles are not [`required`].
///
/// # Panics
///
/// When the oracle is required and cannot be built.
pub fn build_or_skip(version: &str, out_dir: &Path) -> Option<PathBuf> {
    match build(version, out_dir) {
        Ok(program) => Some(program),
        Err(why) if required() => panic!("{why}"),
        Err(why) => {
            println!("SKIPPED: {why}");
            None
        }
    }
}

/// Whether `d2i` of the oracle `program` decodes each input.
///
/// # Panics
///
/// When the program cannot run or answers out of turn: a failed test.
pub fn ask(program: &Path, d2i: D2i, inputs: &[Vec<u8>]) -> Vec<bool> {
    let mut child = Command::new(program)
        .arg(match d2i {
            D2i::PublicKey => "pubkey",
            D2i::Session => "session",
        })
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("run the oracle");
    let mut stdin = child.stdin.take().expect("the oracle's stdin");
    let mut lines = String::with_capacity(inputs.iter().map(|i| 2 * i.len() + 1).sum());
    for input in inputs {
        lines.push_str(&crate::hex(input));
        lines.push('\n');
    }
    let writer = std::thread::spawn(move || stdin.write_all(lines.as_bytes()));
    let output = child.wait_with_output().expect("the oracle's answers");
    writer
        .join()
        .expect("the writer thread")
        .expect("write to the oracle");
    assert!(output.status.success(), "the oracle failed");
    let answers: Vec<bool> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| l == "1")
        .collect();
    assert_eq!(answers.len(), inputs.len(), "one answer per input");
    answers
}
