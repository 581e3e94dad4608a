//! Hostile and broken inputs: one clear message on stderr, exit 1, nothing on
//! stdout, never a panic.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{assert_clean_failure, manifest, scratch_dir, sslsess, text};

fn a_session() -> Vec<u8> {
    let (dir, entries) = manifest();
    std::fs::read(dir.join(entries[0]["file"].as_str().expect("file"))).expect("read")
}

/// `show` and `convert` on a file: the same clean failure.
fn assert_both_fail_cleanly(path: &str, needle: &str) {
    assert_clean_failure(&sslsess(&["show", path], b""), needle);
    assert_clean_failure(&sslsess(&["convert", "--to", "pem", path], b""), needle);
    assert_clean_failure(&sslsess(&["show", "--json", path], b""), needle);
}

#[test]
fn empty_file() {
    let dir = scratch_dir("empty");
    let path = dir.join("empty.der");
    std::fs::write(&path, b"").expect("write");
    assert_both_fail_cleanly(path.to_str().expect("utf-8"), "no input");
    assert_clean_failure(&sslsess(&["show"], b""), "<stdin>: session: no input");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_gib_of_zeros_in_a_sparse_file() {
    let dir = scratch_dir("sparse");
    let path = dir.join("zeros.der");
    // A sparse file: 1 GiB long, no disk blocks.
    std::fs::File::create(&path)
        .and_then(|f| f.set_len(1 << 30))
        .expect("sparse file");
    assert_both_fail_cleanly(
        path.to_str().expect("utf-8"),
        "input is larger than 1048576 bytes",
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn one_gib_of_zeros_on_stdin() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sslsess"))
        .args(["show", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // Generated as it goes: 1 GiB never exists in memory or on disk. The
    // writer stops when sslsess closes the pipe after reading its limit.
    let writer = std::thread::spawn(move || {
        let chunk = vec![0u8; 1 << 16];
        let mut written: u64 = 0;
        while written < 1 << 30 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
            written += chunk.len() as u64;
        }
        written
    });
    let out = child.wait_with_output().expect("output");
    let written = writer.join().expect("writer");
    assert_clean_failure(&out, "input is larger than 1048576 bytes");
    assert!(
        written < 1 << 30,
        "sslsess read the whole stream ({written} bytes)"
    );
}

#[test]
fn the_limit_can_be_raised() {
    let mut big = a_session();
    big.resize(2 << 20, 0); // a valid session followed by 2 MiB of zeros
    let refused = sslsess(&["check", "-"], &big);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stdout).contains("larger than 1048576 bytes"));
    let accepted = sslsess(&["check", "--max-input-size", "4194304", "-"], &big);
    assert!(accepted.status.success(), "{}", text(&accepted.stdout));
    assert!(text(&accepted.stdout).contains("more bytes after it not read"));
    // Strict mode wants exactly one session.
    let strict = sslsess(
        &[
            "check",
            "--mode",
            "strict",
            "--max-input-size",
            "4194304",
            "-",
        ],
        &big,
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        text(&strict.stdout).contains("bytes follow the session"),
        "{}",
        text(&strict.stdout)
    );
}

#[test]
fn pem_with_broken_base64() {
    let input = b"-----BEGIN SSL SESSION PARAMETERS-----\nMIGmAgEB!!!!@@@@\n-----END SSL SESSION PARAMETERS-----\n";
    assert_clean_failure(&sslsess(&["show"], input), "not valid base64");
    assert_clean_failure(
        &sslsess(&["convert", "--to", "der"], input),
        "not valid base64",
    );
    let no_end = b"-----BEGIN SSL SESSION PARAMETERS-----\nMIGmAgEB\n";
    assert_clean_failure(&sslsess(&["show"], no_end), "no -----END");
    let wrong = b"-----BEGIN CERTIFICATE-----\nMIGmAgEB\n-----END CERTIFICATE-----\n";
    assert_clean_failure(&sslsess(&["show"], wrong), "\"CERTIFICATE\"");
}

#[test]
fn truncated_der() {
    let der = a_session();
    for cut in [1, 2, 10, der.len() / 2, der.len() - 1] {
        let out = sslsess(&["show", "-"], &der[..cut]);
        assert_clean_failure(&out, "(offset ");
        let check = sslsess(&["check", "--json", "-"], &der[..cut]);
        assert_eq!(check.status.code(), Some(1));
        let v: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
        assert_eq!(v["accepted"], false);
        assert_eq!(v["consumed"], 0);
    }
}

#[test]
fn a_directory_and_a_missing_file() {
    let dir = scratch_dir("dir");
    let d = dir.to_str().expect("utf-8");
    assert_both_fail_cleanly(d, "is a directory");
    let missing = dir.join("missing.der");
    assert_both_fail_cleanly(missing.to_str().expect("utf-8"), "No such file");
    let check = sslsess(&["check", "--json", d], b"");
    assert_eq!(check.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&check.stdout).expect("json");
    assert_eq!(v["accepted"], false);
    assert!(v["consumed"].is_null());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Three hundred corruptions of a real session (bytes flipped, cut, duplicated):
/// every one is either shown or refused with one line, never a panic.
#[test]
// Truncating casts are the point here: they turn random words into indices and bytes.
#[allow(clippy::cast_possible_truncation)]
fn corrupted_sessions_never_panic() {
    let der = a_session();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut inputs = Vec::new();
    for _ in 0..300 {
        let mut m = der.clone();
        for _ in 0..1 + next() % 4 {
            let i = (next() as usize) % m.len();
            m[i] = next() as u8;
        }
        match next() % 3 {
            0 => m.truncate((next() as usize) % m.len()),
            1 => {
                let i = (next() as usize) % m.len();
                let tail = m[i..].to_vec();
                m.extend_from_slice(&tail);
            }
            _ => {}
        }
        inputs.push(m);
    }
    let mut shown = 0;
    for m in &inputs {
        let out = sslsess(&["show", "-"], m);
        let err = text(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        if out.status.success() {
            shown += 1;
            // OpenSSL's text, after a line naming the library when the
            // corruption is read in another dialect (LibreSSL's reader skips
            // every element after `[10]`).
            let shown = text(&out.stdout);
            let openssl_text = match shown.strip_prefix("Dialect: ") {
                Some(rest) => rest.split_once('\n').map_or("", |(_, t)| t),
                None => &shown,
            };
            assert!(openssl_text.starts_with("SSL-Session:\n"), "{shown}");
        } else {
            assert_clean_failure(&out, "");
        }
    }
    eprintln!("{shown} of {} corruptions still decode", inputs.len());
}

#[test]
fn show_labels_several_files_and_reports_each_failure() {
    let dir = scratch_dir("several");
    let good = dir.join("good.der");
    std::fs::write(&good, a_session()).expect("write");
    let bad = dir.join("bad.der");
    std::fs::write(&bad, b"\x30\x03\x02\x01").expect("write");
    let (g, b) = (good.to_str().expect("utf-8"), bad.to_str().expect("utf-8"));
    let out = sslsess(&["show", g, b, g], b"");
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(&format!("==> {g} <==\nSSL-Session:\n")),
        "{stdout}"
    );
    assert_eq!(stdout.matches("SSL-Session:").count(), 2);
    let err = text(&out.stderr);
    assert_eq!(err.lines().count(), 1);
    assert!(err.starts_with(&format!("sslsess: {b}: ")), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_on_every_command_has_an_example() {
    for args in [
        &["--help"][..],
        &["show", "--help"],
        &["check", "--help"],
        &["convert", "--help"],
        &["sess_id", "-help"],
    ] {
        let out = sslsess(args, b"");
        assert!(out.status.success(), "{args:?}");
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("Examples:\n  sslsess "),
            "{args:?}: {stdout}"
        );
    }
    let usage = sslsess(&["convert", "--to", "xml"], b"");
    assert_eq!(usage.status.code(), Some(2));
    assert!(usage.stdout.is_empty());
}
