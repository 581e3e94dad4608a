//! The OpenSSL side of the cross-library resumption tests: the OpenSSL 3.5.5
//! oracle binary (`$SSLSESSION_ORACLES/openssl-3.5.5/bin/openssl`, built by
//! oracles/openssl/build.sh) as `s_server` and `s_client`, in separate
//! processes; and an AWS-LC client that talks to that server over TCP.

use crate::ffi;
use crate::handshake::{self, Client};
use crate::session::Session;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The OpenSSL release the tests run against.
pub const RELEASE: &str = "3.5.5";

/// `$SSLSESSION_ORACLES/openssl-3.5.5/bin/openssl`, if built.
pub fn binary() -> Option<PathBuf> {
    let dir = crate::oracle_cache().join(format!("openssl-{RELEASE}"));
    let bin = dir.join("bin/openssl");
    (dir.join(".complete").is_file() && bin.is_file()).then_some(bin)
}

/// The binary, or: fail when `SSLSESSION_REQUIRE_ORACLES=1`, else print
/// `SKIPPED: ...` and return `None` (the caller returns).
pub fn binary_or_skip(test: &str) -> Option<PathBuf> {
    let found = binary();
    if found.is_none() {
        let msg = format!(
            "OpenSSL {RELEASE} is not built in {}; run oracles/openssl/build.sh",
            crate::oracle_cache().display()
        );
        assert!(
            !crate::oracles_required(),
            "{test}: {msg} (SSLSESSION_REQUIRE_ORACLES=1)"
        );
        println!("SKIPPED: {test}: {msg}");
    }
    found
}

fn pki(name: &str) -> PathBuf {
    crate::testdata().join("pki").join(name)
}

/// A running `openssl s_server -www` (killed on drop).
pub struct SServer {
    child: Child,
    /// Its TCP port on 127.0.0.1.
    pub port: u16,
}

impl Drop for SServer {
    fn drop(&mut self) {
        // Only the child this value started.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl SServer {
    /// Starts `s_server` with the test server certificate and its
    /// intermediate, `-www`, restricted to `version` ("tls1_2" / "tls1_3"),
    /// with `extra` arguments (e.g. `-no_ticket`).
    pub fn start(bin: &Path, version: &str, extra: &[&str]) -> Result<SServer, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let mut child = Command::new(bin)
            .arg("s_server")
            .arg("-accept")
            .arg(format!("127.0.0.1:{port}"))
            .arg("-cert")
            .arg(pki("server.pem"))
            .arg("-key")
            .arg(pki("server.key"))
            .arg("-cert_chain")
            .arg(pki("int.pem"))
            .arg(format!("-{version}"))
            .arg("-www")
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("{}: {e}", bin.display()))?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            match lines.next() {
                Some(Ok(line)) if line.starts_with("ACCEPT") => break,
                Some(Ok(_)) => {}
                _ => return Err("s_server did not start".into()),
            }
            if Instant::now() > deadline {
                return Err("s_server did not start in time".into());
            }
        }
        // Keep draining its stdout so that it never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Ok(SServer { child, port })
    }
}

/// What `openssl s_client` did.
pub struct SClient {
    /// Whether it printed "Reused," (resumed).
    pub reused: bool,
    /// Its whole output.
    pub output: String,
}

/// Runs `openssl s_client` against `port`, sending an HTTP request and
/// reading to the end (`-ign_eof`, so every TLS 1.3 ticket arrives), with
/// `-sess_in`/`-sess_out` files (PEM) as given, and `extra` arguments.
pub fn s_client(
    bin: &Path,
    port: u16,
    version: &str,
    sess_in: Option<&Path>,
    sess_out: Option<&Path>,
    extra: &[&str],
) -> Result<SClient, String> {
    let mut cmd = Command::new(bin);
    cmd.arg("s_client")
        .arg("-connect")
        .arg(format!("127.0.0.1:{port}"))
        .arg(format!("-{version}"))
        .arg("-servername")
        .arg("localhost")
        .arg("-CAfile")
        .arg(pki("ca.pem"))
        .arg("-ign_eof")
        .args(extra);
    if let Some(p) = sess_in {
        cmd.arg("-sess_in").arg(p);
    }
    if let Some(p) = sess_out {
        cmd.arg("-sess_out").arg(p);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", bin.display()))?;
    child
        .stdin
        .take()
        .ok_or("no stdin")?
        .write_all(b"GET / HTTP/1.0\r\n\r\n")
        .map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    let output =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    Ok(SClient {
        reused: output.lines().any(|l| l.starts_with("Reused,")),
        output,
    })
}

/// What an AWS-LC client connection to the OpenSSL server did.
pub struct AwsLcConnection {
    /// `SSL_session_reused`.
    pub reused: bool,
    /// `SSL_early_data_accepted` (0-RTT data taken by the server).
    pub early_data_accepted: bool,
    /// Sessions its new-session callback received.
    pub sessions: Vec<Session>,
}

/// Connects an AWS-LC client to `port` over TCP, offering `resume`, sends an
/// HTTP request and reads the reply to the end (TLS 1.3 tickets included).
pub fn aws_lc_connect(
    client: &Client,
    port: u16,
    resume: Option<&Session>,
) -> Result<AwsLcConnection, String> {
    let stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .map_err(|e| e.to_string())?;
    handshake::take_new_sessions();
    let ssl = client.connection(resume)?;
    // SAFETY: ssl is live; the fd stays open while `stream` lives,
    // which outlives `ssl` (dropped first, at the end of this function in
    // reverse declaration order); buffers are valid for the lengths passed.
    let (reused, early_data_accepted) = unsafe {
        if ffi::SSL_set_fd(ssl.0, stream.as_raw_fd()) != 1 {
            return Err(format!("SSL_set_fd: {}", crate::errors()));
        }
        // With 0-RTT, SSL_connect returns once the ClientHello is out and
        // the request below goes as early data.
        if ffi::SSL_connect(ssl.0) != 1 {
            return Err(format!("SSL_connect: {}", crate::errors()));
        }
        let req = b"GET / HTTP/1.0\r\n\r\n";
        let n = ffi::SSL_write(ssl.0, req.as_ptr().cast(), 18);
        if usize::try_from(n).ok() != Some(req.len()) {
            return Err(format!("SSL_write: {}", crate::errors()));
        }
        let mut buf = [0u8; 4096];
        while ffi::SSL_read(ssl.0, buf.as_mut_ptr().cast(), 4096) > 0 {}
        crate::errors();
        (
            ffi::SSL_session_reused(ssl.0) == 1,
            ffi::SSL_early_data_accepted(ssl.0) == 1,
        )
    };
    drop(ssl);
    let sessions = handshake::take_new_sessions()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    Ok(AwsLcConnection {
        reused,
        early_data_accepted,
        sessions,
    })
}
