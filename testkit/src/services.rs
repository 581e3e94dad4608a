//! Private `redis-server` and PostgreSQL instances for tests and examples: each
//! on a free loopback port, with its data in a temporary directory, stopped
//! and removed when dropped.
//!
//! A missing server binary is [`ServerError::Missing`], which says what to
//! install. The store tests skip on it, saying so, unless [`REQUIRE_VAR`] is
//! `1` (as `scripts/test.sh` and CI set it), where it fails them instead.

use std::fmt;
use std::fs;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The variable that turns a missing server binary from a skipped test into a
/// failed one. `scripts/test.sh` (and so CI) sets it, so the store tests can
/// never be skipped silently there.
pub const REQUIRE_VAR: &str = "SSLSESSION_REQUIRE_SERVICES";

/// Whether the caller asked that tests needing a server never skip.
pub fn services_required() -> bool {
    std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1")
}

/// Why a server could not be started.
#[derive(Debug)]
pub enum ServerError {
    /// The server binary is not installed.
    Missing {
        /// What was looked for.
        what: &'static str,
        /// How to install it.
        install: &'static str,
    },
    /// It is installed but did not start.
    Failed(String),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::Missing { what, install } => write!(
                f,
                "{what} not found: install it with `{install}`, or run \
                 scripts/test.sh, which installs everything the tests need"
            ),
            ServerError::Failed(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ServerError {}

fn failed(what: &str, e: impl fmt::Display) -> ServerError {
    ServerError::Failed(format!("{what}: {e}"))
}

/// A free TCP port on 127.0.0.1 (asked from the kernel, then released).
fn free_port() -> Result<u16, ServerError> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| failed("free port", e))?;
    l.local_addr()
        .map(|a| a.port())
        .map_err(|e| failed("free port", e))
}

fn in_path(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join(name))
            .find(|p| p.is_file())
    })
}

fn log_tail(path: &Path) -> String {
    let text = fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}

/// A private `redis-server`.
pub struct RedisServer {
    child: Child,
    port: u16,
    _dir: TempDir,
}

impl RedisServer {
    /// Starts one (`redis-server` from `$REDIS_SERVER` or the `PATH`).
    ///
    /// # Errors
    /// [`ServerError::Missing`] when `redis-server` is not installed.
    pub fn start() -> Result<Self, ServerError> {
        let bin = redis_bin()?;
        let dir = tempfile::Builder::new()
            .prefix("sslsession-redis-")
            .tempdir()
            .map_err(|e| failed("temp dir", e))?;
        let port = free_port()?;
        let child = spawn_redis(&bin, port, dir.path())?;
        let mut server = RedisServer {
            child,
            port,
            _dir: dir,
        };
        server.wait_ready()?;
        Ok(server)
    }

    /// Waits until the server answers `PING` (15 s at most).
    fn wait_ready(&mut self) -> Result<(), ServerError> {
        let log = self._dir.path().join("redis.log");
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if redis_pong(self.port) {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(ServerError::Failed(format!(
                    "redis-server exited ({status}):\n{}",
                    log_tail(&log)
                )));
            }
            if Instant::now() > deadline {
                return Err(ServerError::Failed(format!(
                    "redis-server did not answer on port {}:\n{}",
                    self.port,
                    log_tail(&log)
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// `redis://127.0.0.1:<port>/`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `redis-server` from `$REDIS_SERVER`, the `PATH` or `/usr/bin`.
fn redis_bin() -> Result<PathBuf, ServerError> {
    match std::env::var_os("REDIS_SERVER") {
        Some(p) => Some(PathBuf::from(p)),
        None => in_path("redis-server"),
    }
    .filter(|p| p.is_file())
    .or_else(|| Some(PathBuf::from("/usr/bin/redis-server")).filter(|p| p.is_file()))
    .ok_or(ServerError::Missing {
        what: "redis-server",
        install: "apt-get install -y redis-server",
    })
}

/// Runs `bin` on 127.0.0.1:`port`, persisting nothing, logging into `dir`.
fn spawn_redis(bin: &Path, port: u16, dir: &Path) -> Result<Child, ServerError> {
    Command::new(bin)
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
        .arg("--dir")
        .arg(dir)
        .arg("--logfile")
        .arg(dir.join("redis.log"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(&format!("starting {}", bin.display()), e))
}

/// A private PostgreSQL cluster (`initdb` + `pg_ctl`), trust authentication,
/// listening on 127.0.0.1 only. PostgreSQL refuses to run as root, so as root
/// it runs as the `postgres` OS user (`runuser`).
pub struct PostgresServer {
    pg_ctl: PathBuf,
    data: PathBuf,
    run_as: Option<String>,
    port: u16,
    dir: TempDir,
    running: bool,
}

/// The newest `/usr/lib/postgresql/<version>/bin` with `initdb`, or `$PG_BINDIR`,
/// or the directory of `initdb` on the `PATH`.
fn pg_bindir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PG_BINDIR") {
        return Some(PathBuf::from(d));
    }
    let mut versions: Vec<(u32, PathBuf)> = fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, p)| p)
        .or_else(|| in_path("initdb").and_then(|p| p.parent().map(Path::to_path_buf)))
}

/// uid and gid of an OS user, from /etc/passwd.
fn os_user(name: &str) -> Option<(u32, u32)> {
    let passwd = fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.first() == Some(&name))
            .then(|| Some((f.get(2)?.parse().ok()?, f.get(3)?.parse().ok()?)))?
    })
}

fn running_as_root() -> bool {
    // /proc/self belongs to the process's effective user.
    fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

impl PostgresServer {
    /// Initialises and starts a cluster.
    ///
    /// # Errors
    /// [`ServerError::Missing`] when PostgreSQL's server binaries are not installed.
    pub fn start() -> Result<Self, ServerError> {
        let missing = ServerError::Missing {
            what: "PostgreSQL server binaries (initdb, pg_ctl)",
            install: "apt-get install -y postgresql",
        };
        let bindir = pg_bindir()
            .filter(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
            .ok_or(missing)?;
        let dir = tempfile::Builder::new()
            .prefix("sslsession-pg-")
            .tempdir()
            .map_err(|e| failed("temp dir", e))?;
        let run_as = if running_as_root() {
            let (uid, gid) = os_user("postgres").ok_or_else(|| {
                ServerError::Failed(
                    "running as root, and PostgreSQL refuses root: an OS user `postgres` is \
                     needed (the Debian package creates it)"
                        .into(),
                )
            })?;
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid))
                .map_err(|e| failed("chown of the data directory", e))?;
            Some("postgres".to_string())
        } else {
            None
        };
        let data = dir.path().join("data");
        let port = free_port()?;
        let mut server = PostgresServer {
            pg_ctl: bindir.join("pg_ctl"),
            data,
            run_as,
            port,
            dir,
            running: false,
        };
        let log = server.dir.path().join("initdb.log");
        server.run(
            &bindir.join("initdb"),
            &[
                "-D".as_ref(),
                server.data.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "-A".as_ref(),
                "trust".as_ref(),
                "-E".as_ref(),
                "UTF8".as_ref(),
                "--no-sync".as_ref(),
                "--no-instructions".as_ref(),
            ],
            &log,
        )?;
        let options = format!(
            "-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off",
            server.dir.path().display()
        );
        let log = server.dir.path().join("postgres.log");
        let pg_ctl = server.pg_ctl.clone();
        server.running = true;
        server.run(
            &pg_ctl,
            &[
                "-D".as_ref(),
                server.data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-o".as_ref(),
                options.as_ref(),
                "-w".as_ref(),
                "-t".as_ref(),
                "60".as_ref(),
                "start".as_ref(),
            ],
            &server.dir.path().join("pg_ctl.log"),
        )?;
        Ok(server)
    }

    /// Runs a PostgreSQL program (as `postgres` when we are root), output to `log`.
    fn run(
        &self,
        program: &Path,
        args: &[&std::ffi::OsStr],
        log: &Path,
    ) -> Result<(), ServerError> {
        let mut cmd = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(program);
                c
            }
            None => Command::new(program),
        };
        let out = fs::File::create(log).map_err(|e| failed("log file", e))?;
        let err = out.try_clone().map_err(|e| failed("log file", e))?;
        let status = cmd
            .args(args)
            .current_dir(self.dir.path())
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .status()
            .map_err(|e| failed(&format!("running {}", program.display()), e))?;
        if status.success() {
            Ok(())
        } else {
            let mut text = log_tail(log);
            let server_log = self.dir.path().join("postgres.log");
            if server_log.exists() {
                text.push('\n');
                text.push_str(&log_tail(&server_log));
            }
            Err(ServerError::Failed(format!(
                "{} failed ({status}):\n{text}",
                program.display()
            )))
        }
    }

    /// libpq-style connection parameters for the `postgres` database.
    pub fn params(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=postgres dbname=postgres",
            self.port
        )
    }
}

impl Drop for PostgresServer {
    fn drop(&mut self) {
        if self.running {
            let log = self.dir.path().join("pg_ctl-stop.log");
            let _ = self.run(
                &self.pg_ctl,
                &[
                    "-D".as_ref(),
                    self.data.as_os_str(),
                    "-m".as_ref(),
                    "immediate".as_ref(),
                    "-w".as_ref(),
                    "stop".as_ref(),
                ],
                &log,
            );
        }
    }
}

/// Whether a Redis server answers `PING` on `port` (the inline command form of
/// the Redis protocol, so the helper needs no Redis client).
fn redis_pong(port: u16) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut reply = [0u8; 7];
    stream.write_all(b"PING\r\n").is_ok()
        && stream.read_exact(&mut reply).is_ok()
        && &reply == b"+PONG\r\n"
}

/// Stopping and restarting a [`RedisServer`] on the same port (fault tests: a
/// cache must survive its Redis going away and coming back).
impl RedisServer {
    /// Stops the server abruptly (`SIGKILL`, as a crash or an OOM kill ends
    /// it: clients see their connections reset), waiting until it is gone.
    /// Its data is lost (the test servers persist nothing).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts a fresh `redis-server` on the same port after
    /// [`stop`](Self::stop) — an empty one, as nothing was persisted —
    /// waiting until it answers `PING`.
    ///
    /// # Errors
    /// It did not start (e.g. the port was taken meanwhile).
    pub fn start_again(&mut self) -> Result<(), ServerError> {
        self.stop();
        self.child = spawn_redis(&redis_bin()?, self.port, self._dir.path())?;
        self.wait_ready()
    }

    /// The port it listens on (the same after
    /// [`start_again`](Self::start_again)).
    pub fn port(&self) -> u16 {
        self.port
    }
}
