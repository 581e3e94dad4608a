//! OpenSSL as a peer in another process: the 3.5.5 oracle's `openssl`
//! binary (oracles/openssl/build.sh) running `s_server` and `s_client`.
//! Never linked: OpenSSL's and BoringSSL's symbols clash.

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

use crate::Result;

/// The OpenSSL release used as the peer.
pub const RELEASE: &str = "3.5.5";

/// The `openssl` binary of the 3.5.5 oracle, if built. When it is not:
/// with `SSLSESSION_REQUIRE_ORACLES=1` this panics (CI); otherwise it prints
/// `SKIPPED: ...` and returns `None`.
pub fn binary(test: &str) -> Option<PathBuf> {
    let cache = std::env::var_os("SSLSESSION_ORACLES").map_or_else(
        || {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/sslsession-oracles")
        },
        PathBuf::from,
    );
    let dir = cache.join(format!("openssl-{RELEASE}"));
    let bin = dir.join("bin/openssl");
    if dir.join(".complete").is_file() && bin.is_file() {
        return Some(bin);
    }
    if std::env::var("SSLSESSION_REQUIRE_ORACLES").as_deref() == Ok("1") {
        panic!(
            "{test}: OpenSSL {RELEASE} is not built in {} (SSLSESSION_REQUIRE_ORACLES=1); run oracles/openssl/build.sh",
            cache.display()
        );
    }
    println!("SKIPPED: {test}: OpenSSL {RELEASE} is not built (oracles/openssl/build.sh)");
    None
}

/// A running `openssl s_server -www`, killed on drop.
pub struct SServer {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl SServer {
    /// Starts `bin s_server -www` on a free loopback port with the PKI in
    /// `dir` (see `Pki::write_pem`; it sends its intermediate, so clients
    /// verify it: verify result 0) and `flags` (e.g. `-tls1_3`).
    ///
    /// TLS 1.3 is limited to `TLS_AES_128_GCM_SHA256`: a TLS 1.3 session
    /// resumes only under a cipher suite of its own hash (RFC 8446 4.2.11),
    /// and OpenSSL's client prefers AES-256 (SHA-384) where BoringSSL's
    /// prefers AES-128 (SHA-256); with one suite, every client's session
    /// can resume with every client.
    ///
    /// # Errors
    /// When it cannot start or never says where it listens.
    pub fn start(bin: &Path, dir: &Path, flags: &[&str]) -> Result<SServer> {
        let mut child = Command::new(bin)
            .args(["s_server", "-accept", "127.0.0.1:0", "-www"])
            .arg("-cert")
            .arg(dir.join("server.pem"))
            .arg("-key")
            .arg(dir.join("server.key"))
            .arg("-cert_chain")
            .arg(dir.join("intermediate.pem"))
            .args(["-ciphersuites", "TLS_AES_128_GCM_SHA256"])
            .args(["-alpn", "h2"])
            .args(flags)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("s_server stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        // `ACCEPT 127.0.0.1:PORT` is the first thing it prints once listening.
        let addr = lines
            .by_ref()
            .map_while(std::result::Result::ok)
            .find_map(|l| l.strip_prefix("ACCEPT ").map(str::to_owned));
        let Some(addr) = addr else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("s_server never printed ACCEPT".into());
        };
        // Keep draining, so the server never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        Ok(SServer {
            child,
            addr: addr.parse()?,
        })
    }
}

impl Drop for SServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Runs `bin s_client` against `addr` with the PKI in `dir` and `flags`
/// (`-sess_out F`, `-sess_in F`, `-tls1_3`, ...), sending an HTTP request
/// and reading until the server closes (`-ign_eof`).
///
/// # Errors
/// When it cannot run.
pub fn s_client(bin: &Path, dir: &Path, addr: SocketAddr, flags: &[&str]) -> Result<Output> {
    let mut child = Command::new(bin)
        .args(["s_client", "-connect", &addr.to_string(), "-ign_eof"])
        .args(["-servername", "server.test", "-alpn", "h2"])
        .arg("-CAfile")
        .arg(dir.join("ca.pem"))
        .args(flags)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let mut pipe = child.stdin.take().ok_or("s_client stdin")?;
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(b"GET / HTTP/1.0\r\n\r\n");
    });
    let out = child.wait_with_output()?;
    let _ = writer.join();
    Ok(out)
}

/// Whether s_client's output says the session was resumed (its `Reused,`
/// line; a full handshake prints `New,`).
pub fn reused(out: &Output) -> bool {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .any(|l| l.starts_with("Reused, "))
}
