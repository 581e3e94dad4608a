//! Real handshakes between `openssl` programs (LibreSSL's and OpenSSL's) on
//! the loopback interface: a server process, clients that save or resume a
//! session (`-sess_out`, `-sess_in`), and test certificates.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A throw-away directory, removed on drop.
#[derive(Debug)]
pub struct TempDir(PathBuf);

impl TempDir {
    /// A new, empty directory under the system's temporary directory.
    ///
    /// # Panics
    /// When it cannot be created.
    pub fn new(label: &str) -> TempDir {
        static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "sslsession-libressl-{label}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create a temporary directory");
        TempDir(dir)
    }

    /// Its path.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A self-signed RSA certificate for `server.test` and its key, made with
/// `openssl` (any of the oracles' programs), as PEM files in `dir`.
///
/// # Panics
/// When `openssl req` fails.
pub fn server_certificate(openssl: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let cert = dir.join("server-cert.pem");
    let key = dir.join("server-key.pem");
    let out = Command::new(openssl)
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
        ])
        .args(["-subj", "/CN=server.test", "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .stdin(Stdio::null())
        .output()
        .expect("run openssl req");
    assert!(
        out.status.success(),
        "openssl req: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (cert, key)
}

/// An `openssl s_server` process on a loopback port, killed on drop.
#[derive(Debug)]
pub struct Server {
    child: Child,
    port: u16,
}

impl Server {
    /// Starts `openssl s_server -accept PORT -cert CERT -key KEY ARGS...` on
    /// a free loopback port and waits until it says `ACCEPT` and its own
    /// socket listens on the port: LibreSSL's `s_server.c` prints `ACCEPT`
    /// before `do_server` binds and listens (OpenSSL's prints it after), so
    /// the line alone let a client connect too early. Its output is drained
    /// (and dropped) by a thread.
    ///
    /// # Panics
    /// When no server comes up.
    pub fn start(openssl: &Path, cert: &Path, key: &Path, args: &[&str]) -> Server {
        for _ in 0..5 {
            let port = free_port();
            let mut child = Command::new(openssl)
                .args(["s_server", "-accept", &port.to_string(), "-cert"])
                .arg(cert)
                .arg("-key")
                .arg(key)
                .args(args)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .expect("start openssl s_server");
            let stdout = child.stdout.take().expect("stdout");
            let (tx, rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let mut said = false;
                for line in BufReader::new(stdout).lines() {
                    let Ok(line) = line else { break };
                    if !said && line.trim() == "ACCEPT" {
                        said = true;
                        let _ = tx.send(());
                    }
                }
            });
            if rx.recv_timeout(Duration::from_secs(10)).is_ok() && listens(&mut child, port) {
                return Server { child, port };
            }
            // The port was taken in between, or the server failed: again.
            let _ = child.kill();
            let _ = child.wait();
        }
        panic!("openssl s_server did not start ({})", openssl.display());
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Waits (up to 10 s) until `child` holds a TCP socket listening on `port`:
/// a `LISTEN` row of `/proc/net/tcp` (or `tcp6`) for the port whose socket
/// inode is one of the child's open files. False when the child exits (its
/// `bind` failed: the port was taken in between) or the time runs out.
fn listens(child: &mut Child, port: u16) -> bool {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::time::Instant::now() < deadline {
        if !matches!(child.try_wait(), Ok(None)) {
            return false;
        }
        let sockets = listening_inodes(port);
        if !sockets.is_empty() && owns_any(child.id(), &sockets) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// The socket inodes in state `LISTEN` (`0A`) on `port`, from the kernel's
/// tables (`local_address` is `ADDR:PORT` in hex; `inode` is column 10).
fn listening_inodes(port: u16) -> Vec<String> {
    let mut inodes = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for row in text.lines().skip(1) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let Some(local) = cols.get(1) else { continue };
            let on_port = local
                .rsplit_once(':')
                .and_then(|(_, p)| u16::from_str_radix(p, 16).ok())
                == Some(port);
            if on_port && cols.get(3) == Some(&"0A") {
                if let Some(inode) = cols.get(9) {
                    inodes.push(format!("socket:[{inode}]"));
                }
            }
        }
    }
    inodes
}

/// Whether process `pid` has one of `sockets` (`socket:[INODE]`) open.
fn owns_any(pid: u32, sockets: &[String]) -> bool {
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten().any(|fd| {
        std::fs::read_link(fd.path())
            .map(|target| sockets.iter().any(|s| target.as_os_str() == s.as_str()))
            .unwrap_or(false)
    })
}

/// A free TCP port on 127.0.0.1 (the kernel's choice, released at once).
///
/// # Panics
/// When no socket can be bound.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind a loopback port")
}

/// What one `openssl s_client` run printed.
#[derive(Debug)]
pub struct ClientRun {
    /// Its standard output and error, together.
    pub output: String,
    /// Whether it exited with 0.
    pub success: bool,
}

impl ClientRun {
    /// Whether the handshake resumed the session: `s_client` prints
    /// `Reused, ...` (`New, ...` for a full handshake) in both LibreSSL's and
    /// OpenSSL's `apps/s_client.c`.
    pub fn reused(&self) -> bool {
        self.output.lines().any(|l| l.starts_with("Reused,"))
    }

    /// Whether it made a full handshake.
    pub fn new_session(&self) -> bool {
        self.output
            .lines()
            .any(|l| l.starts_with("New,") && !l.contains("(NONE)"))
    }
}

/// Runs `openssl s_client -connect 127.0.0.1:PORT ARGS...` with its input
/// closed (it ends after the handshake), for at most 20 seconds.
///
/// # Panics
/// When it cannot be run.
pub fn client(openssl: &Path, port: u16, args: &[&str]) -> ClientRun {
    let mut child = Command::new("timeout")
        .arg("20")
        .arg(openssl)
        .args(["s_client", "-connect", &format!("127.0.0.1:{port}")])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run openssl s_client");
    let stderr = child.stderr.take().expect("stderr");
    let err = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
    let out = child.wait_with_output().expect("s_client output");
    let mut output = String::from_utf8_lossy(&out.stdout).into_owned();
    output.push_str(&err.join().unwrap_or_default());
    ClientRun {
        output,
        success: out.status.success(),
    }
}
