//! Shared helpers: the corpus (see `sslsession-testkit`) and running the real
//! `sslsess` binary.
#![allow(dead_code, unused_imports)]

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

pub use sslsession_testkit::{corpus_dir, hex, manifest, read_jsonl, workspace_root};

pub fn upper_hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// Runs `sslsess` with `args`, feeding `stdin`.
pub fn sslsess(args: &[&str], stdin: &[u8]) -> Output {
    run(
        Command::new(env!("CARGO_BIN_EXE_sslsess")).args(args),
        stdin,
    )
}

/// Runs the installed `openssl` command line tool.
pub fn openssl(args: &[&str], stdin: &[u8]) -> Output {
    run(Command::new("openssl").args(args), stdin)
}

pub fn run(cmd: &mut Command, stdin: &[u8]) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let mut pipe = child.stdin.take().expect("stdin");
    let input = stdin.to_vec();
    // A writer thread, so a child that stops reading cannot deadlock the test.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().expect("child output");
    let _ = writer.join();
    out
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A fresh, empty scratch directory for one test.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sslsess-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Asserts a clean failure: non-zero exit, nothing on stdout, exactly one
/// line on stderr that says `sslsess:` and contains `needle`, no panic.
pub fn assert_clean_failure(out: &Output, needle: &str) {
    let err = text(&out.stderr);
    assert!(!out.status.success(), "expected failure, stderr: {err}");
    assert_eq!(out.status.code(), Some(1), "exit code, stderr: {err}");
    assert!(
        out.stdout.is_empty(),
        "stdout not empty: {:?}",
        text(&out.stdout)
    );
    assert_eq!(err.lines().count(), 1, "one line on stderr: {err:?}");
    assert!(err.starts_with("sslsess: "), "{err:?}");
    assert!(err.contains(needle), "stderr {err:?} lacks {needle:?}");
    assert!(
        !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
        "{err}"
    );
}
