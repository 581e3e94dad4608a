//! Shared helpers: the corpus (see `sslsession-testkit`) and running the real
//! `sslsess` binary.
#![allow(dead_code, unused_imports)]

use std::io::Write;
use std::path::{Path, PathBuf};
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

/// Runs the installed `openssl` command line tool (OpenSSL 3.0).
pub fn openssl(args: &[&str], stdin: &[u8]) -> Output {
    run(Command::new("openssl").args(args), stdin)
}

/// An OpenSSL version's `openssl` binary: the version's name (`--openssl`'s
/// value) and the path.
pub struct Oracle {
    pub version: &'static str,
    pub bin: PathBuf,
}

impl Oracle {
    /// Runs this version's `openssl`.
    pub fn run(&self, args: &[&str], stdin: &[u8]) -> Output {
        run(Command::new(&self.bin).args(args), stdin)
    }
}

/// Every OpenSSL version whose `openssl` binary is built, oldest first; a
/// missing one is skipped (`SKIPPED:` on stderr) or, with
/// `SSLSESSION_REQUIRE_ORACLES=1`, fails the test.
pub fn oracles() -> Vec<Oracle> {
    sslsession_testkit::OPENSSL_VERSIONS
        .iter()
        .filter_map(|&version| {
            sslsession_testkit::openssl_cli(version).map(|bin| Oracle { version, bin })
        })
        .collect()
}

/// Runs `sslsess` as OpenSSL `version`: `--openssl VERSION` after the
/// subcommand (`-openssl` for `sess_id`, whose flags are OpenSSL's).
pub fn sslsess_as(version: &str, args: &[&str], stdin: &[u8]) -> Output {
    let (command, rest) = args.split_first().expect("a subcommand");
    let flag = if *command == "sess_id" {
        "-openssl"
    } else {
        "--openssl"
    };
    let mut all = vec![*command, flag, version];
    all.extend_from_slice(rest);
    sslsess(&all, stdin)
}

/// Client sessions (PEM) from real handshakes of OpenSSL `oracle` with itself
/// on loopback (`s_server -www` / `s_client -sess_out`): TLS 1.2 with a
/// ticket and with the session-id cache, TLS 1.3, and TLS 1.3 with a client
/// certificate. The certificates are made by the same binary.
pub fn handshake_sessions(oracle: &Oracle) -> Vec<(String, Vec<u8>)> {
    let dir = scratch_dir(&format!("handshakes-{}", oracle.version));
    let key = dir.join("key.pem");
    let cert = dir.join("cert.pem");
    let s = |p: &Path| p.to_str().expect("utf-8").to_owned();
    // The installed `openssl` makes them (the built 1.1.1 has no openssl.cnf
    // for `req`); every version reads them.
    let made = openssl(
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            &s(&key),
            "-out",
            &s(&cert),
            "-subj",
            "/CN=localhost",
            "-days",
            "30",
        ],
        b"",
    );
    assert!(
        made.status.success(),
        "{}: req: {}",
        oracle.version,
        text(&made.stderr)
    );
    let cases: [(&str, &[&str], &[&str]); 4] = [
        ("tls12-ticket", &["-tls1_2"], &[]),
        ("tls12-session-id", &["-tls1_2", "-no_ticket"], &[]),
        ("tls13", &["-tls1_3"], &[]),
        (
            "tls13-client-cert",
            &["-tls1_3", "-verify", "1"],
            &["-cert", &s(&cert), "-key", &s(&key)],
        ),
    ];
    let mut sessions = Vec::new();
    for (name, server_flags, client_flags) in cases {
        let out = dir.join(format!("{name}.pem"));
        let mut server = Command::new(&oracle.bin);
        server
            .args([
                "s_server",
                "-accept",
                "127.0.0.1:0",
                "-naccept",
                "1",
                "-www",
            ])
            .args(["-cert", &s(&cert), "-key", &s(&key)])
            .args(server_flags)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = server.spawn().expect("s_server");
        // `ACCEPT 127.0.0.1:PORT` is the first thing it prints once listening.
        let port = {
            use std::io::BufRead;
            let stdout = child.stdout.take().expect("stdout");
            let mut lines = std::io::BufReader::new(stdout).lines();
            let port = lines
                .by_ref()
                .map_while(Result::ok)
                .find_map(|l| {
                    l.strip_prefix("ACCEPT ")
                        .and_then(|a| a.rsplit(':').next())
                        .map(str::to_owned)
                })
                .expect("s_server's ACCEPT line");
            // Keep draining so the server never blocks on a full pipe.
            std::thread::spawn(move || lines.for_each(drop));
            port
        };
        let connect = format!("127.0.0.1:{port}");
        let mut client = Command::new(&oracle.bin);
        client
            .args([
                "s_client",
                "-connect",
                &connect,
                "-ign_eof",
                "-sess_out",
                &s(&out),
            ])
            .args(server_flags.iter().filter(|f| f.starts_with("-tls")))
            .args(client_flags);
        let done = run(&mut client, b"GET / HTTP/1.0\r\n\r\n");
        // The server serves one connection and exits; if the client never
        // reached it, stop it rather than wait forever.
        if !matches!(child.try_wait(), Ok(Some(_))) {
            std::thread::sleep(std::time::Duration::from_millis(200));
            let _ = child.kill();
        }
        let _ = child.wait();
        let pem = std::fs::read(&out).unwrap_or_else(|e| {
            panic!(
                "{} {name}: no session ({e}): {}",
                oracle.version,
                text(&done.stderr)
            )
        });
        sessions.push((name.to_owned(), pem));
    }
    let _ = std::fs::remove_dir_all(&dir);
    sessions
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
