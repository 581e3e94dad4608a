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
        let bin = redis_server_bin()?;
        let dir = tempfile::Builder::new()
            .prefix("sslsession-redis-")
            .tempdir()
            .map_err(|e| failed("temp dir", e))?;
        let log = dir.path().join("redis.log");
        let port = free_port()?;
        let child = spawn_redis(&bin, port, dir.path(), &[])?;
        let mut server = RedisServer {
            child,
            port,
            _dir: dir,
        };
        await_redis(&mut server.child, port, &log)?;
        Ok(server)
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

// ---------------------------------------------------------------------------
// Redis: restarting a private server on its port, and a private Redis Cluster.

/// `redis-server` from `$REDIS_SERVER`, the `PATH` or /usr/bin.
fn redis_server_bin() -> Result<PathBuf, ServerError> {
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

/// `redis-cli` from `$REDIS_CLI`, beside `redis-server`, or the `PATH`.
fn redis_cli_bin() -> Result<PathBuf, ServerError> {
    let missing = ServerError::Missing {
        what: "redis-cli",
        install: "apt-get install -y redis-server",
    };
    if let Some(p) = std::env::var_os("REDIS_CLI") {
        return Some(PathBuf::from(p))
            .filter(|p| p.is_file())
            .ok_or(missing);
    }
    let beside = redis_server_bin()?
        .parent()
        .map(|d| d.join("redis-cli"))
        .filter(|p| p.is_file());
    beside.or_else(|| in_path("redis-cli")).ok_or(missing)
}

/// Starts `redis-server` on 127.0.0.1:`port`, data and log (`redis.log`) in
/// `dir`, no persistence, plus `extra` arguments.
fn spawn_redis(bin: &Path, port: u16, dir: &Path, extra: &[&str]) -> Result<Child, ServerError> {
    Command::new(bin)
        .args(["--bind", "127.0.0.1", "--port", &port.to_string()])
        .args(["--save", "", "--appendonly", "no", "--daemonize", "no"])
        .arg("--dir")
        .arg(dir)
        .arg("--logfile")
        .arg(dir.join("redis.log"))
        .args(extra)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| failed(&format!("starting {}", bin.display()), e))
}

/// Waits until the server `child` answers `PING` on `port` (15 s at most).
fn await_redis(child: &mut Child, port: u16, log: &Path) -> Result<(), ServerError> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if redis_pong(port) {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(ServerError::Failed(format!(
                "redis-server exited ({status}):\n{}",
                log_tail(log)
            )));
        }
        if Instant::now() > deadline {
            return Err(ServerError::Failed(format!(
                "redis-server did not answer on port {port}:\n{}",
                log_tail(log)
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

impl RedisServer {
    /// The port it listens on (kept across [`stop`](Self::stop) and
    /// [`start_again`](Self::start_again)).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills the server (`SIGKILL`, as a crash would): clients' connections
    /// drop and new ones are refused until [`start_again`](Self::start_again).
    /// Its data is gone (no persistence).
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again on the same port, empty, after
    /// [`stop`](Self::stop); returns once it answers.
    ///
    /// # Errors
    /// It did not start (or the port was taken meanwhile).
    pub fn start_again(&mut self) -> Result<(), ServerError> {
        if matches!(self.child.try_wait(), Ok(None)) {
            return Ok(());
        }
        let bin = redis_server_bin()?;
        self.child = spawn_redis(&bin, self.port, self._dir.path(), &[])?;
        await_redis(
            &mut self.child,
            self.port,
            &self._dir.path().join("redis.log"),
        )
    }

    /// [`stop`](Self::stop), then [`start_again`](Self::start_again).
    ///
    /// # Errors
    /// As [`start_again`](Self::start_again).
    pub fn restart(&mut self) -> Result<(), ServerError> {
        self.stop();
        self.start_again()
    }

    /// Freezes the server (`SIGSTOP`): its connections stay open but nothing
    /// answers, as with a hung host, until [`resume`](Self::resume).
    ///
    /// # Errors
    /// The signal could not be sent.
    pub fn pause(&self) -> Result<(), ServerError> {
        self.signal("-STOP")
    }

    /// Lets a [`pause`](Self::pause)d server run again (`SIGCONT`).
    ///
    /// # Errors
    /// The signal could not be sent.
    pub fn resume(&self) -> Result<(), ServerError> {
        self.signal("-CONT")
    }

    fn signal(&self, signal: &str) -> Result<(), ServerError> {
        let status = Command::new("kill")
            .arg(signal)
            .arg(self.child.id().to_string())
            .status()
            .map_err(|e| failed("kill", e))?;
        if status.success() {
            Ok(())
        } else {
            Err(ServerError::Failed(format!(
                "kill {signal} failed ({status})"
            )))
        }
    }
}

/// A private Redis Cluster of masters without replicas, on 127.0.0.1 (each
/// node on a free port whose cluster-bus port, `port + 10000`, is free too),
/// created with `redis-cli --cluster create`. Stopped and removed when
/// dropped.
pub struct RedisCluster {
    nodes: Vec<(Child, u16)>,
    dir: TempDir,
}

/// A cluster node: its configuration (id, slots, peers) in `nodes.conf` in
/// its directory, so a restarted node rejoins as itself.
const CLUSTER_NODE_ARGS: &[&str] = &[
    "--cluster-enabled",
    "yes",
    "--cluster-config-file",
    "nodes.conf",
    "--cluster-node-timeout",
    "5000",
];

/// A free port `p` whose cluster-bus port `p + 10000` is free too (Redis
/// derives the bus port so), not among `taken`.
fn free_cluster_port(taken: &[u16]) -> Result<u16, ServerError> {
    for _ in 0..200 {
        let port = free_port()?;
        let Some(bus) = port.checked_add(10000) else {
            continue;
        };
        if !taken.contains(&port)
            && !taken.iter().any(|t| *t + 10000 == port || *t == bus)
            && TcpListener::bind(("127.0.0.1", bus)).is_ok()
        {
            return Ok(port);
        }
    }
    Err(ServerError::Failed(
        "no free port pair (port, port + 10000) for a cluster node".into(),
    ))
}

/// The reply to an inline command (`CLUSTER INFO`), as text, or empty.
fn redis_inline(port: u16, command: &str) -> String {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return String::new();
    };
    let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
    if stream
        .write_all(format!("{command}\r\n").as_bytes())
        .is_err()
    {
        return String::new();
    }
    let mut reply = Vec::new();
    let mut buf = [0u8; 4096];
    // A bulk reply: `$<len>\r\n<text>\r\n`; read until it is complete.
    while let Ok(n @ 1..) = stream.read(&mut buf) {
        reply.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&reply);
        let complete = text.split_once("\r\n").is_some_and(|(head, body)| {
            head.strip_prefix('$')
                .and_then(|l| l.parse::<usize>().ok())
                .is_some_and(|len| body.len() >= len + 2)
        });
        if complete || text.starts_with('-') {
            break;
        }
    }
    String::from_utf8_lossy(&reply).into_owned()
}

impl RedisCluster {
    /// Starts `masters` nodes (at least 3, as `redis-cli --cluster create`
    /// requires), joins them into a cluster covering all 16384 slots, and
    /// returns once every node reports `cluster_state:ok`.
    ///
    /// # Errors
    /// [`ServerError::Missing`] when `redis-server` or `redis-cli` is not
    /// installed; [`ServerError::Failed`] when the cluster did not form.
    pub fn start(masters: usize) -> Result<Self, ServerError> {
        let bin = redis_server_bin()?;
        let cli = redis_cli_bin()?;
        let dir = tempfile::Builder::new()
            .prefix("sslsession-redis-cluster-")
            .tempdir()
            .map_err(|e| failed("temp dir", e))?;
        let mut cluster = RedisCluster {
            nodes: Vec::new(),
            dir,
        };
        let mut ports = Vec::new();
        for i in 0..masters.max(3) {
            let port = free_cluster_port(&ports)?;
            ports.push(port);
            let node_dir = cluster.dir.path().join(format!("node{i}"));
            fs::create_dir(&node_dir).map_err(|e| failed("node dir", e))?;
            let child = spawn_redis(&bin, port, &node_dir, CLUSTER_NODE_ARGS)?;
            cluster.nodes.push((child, port));
            let (child, _) = cluster.nodes.last_mut().expect("just pushed");
            await_redis(child, port, &node_dir.join("redis.log"))?;
        }
        let log = cluster.dir.path().join("cluster-create.log");
        let out = fs::File::create(&log).map_err(|e| failed("log file", e))?;
        let err = out.try_clone().map_err(|e| failed("log file", e))?;
        let status = Command::new(&cli)
            .args(["--cluster", "create"])
            .args(ports.iter().map(|p| format!("127.0.0.1:{p}")))
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .status()
            .map_err(|e| failed(&format!("running {}", cli.display()), e))?;
        if !status.success() {
            return Err(ServerError::Failed(format!(
                "redis-cli --cluster create failed ({status}):\n{}",
                log_tail(&log)
            )));
        }
        cluster.await_ok(&log)?;
        Ok(cluster)
    }

    /// `redis://127.0.0.1:<port>/` of every node.
    pub fn urls(&self) -> Vec<String> {
        self.nodes
            .iter()
            .map(|(_, port)| format!("redis://127.0.0.1:{port}/"))
            .collect()
    }
}

impl Drop for RedisCluster {
    fn drop(&mut self) {
        for (child, _) in &mut self.nodes {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The server a test started, or `None` when its binary is missing and
/// [`services_required`] is false: the test should then return, skipped,
/// which this prints (`SKIPPED <test>: …`) straight to the process's stderr,
/// as libtest would swallow an `eprintln!` of a passing test. With
/// [`REQUIRE_VAR`]` = 1` a missing binary panics instead, as does a server
/// that is installed but did not start.
///
/// # Panics
/// As said: the server is required, or it failed to start.
pub fn or_skip<T>(started: Result<T, ServerError>) -> Option<T> {
    use std::io::Write;
    match started {
        Ok(server) => Some(server),
        Err(e @ ServerError::Missing { .. }) if !services_required() => {
            let test = std::thread::current()
                .name()
                .unwrap_or("a test needing a server")
                .to_string();
            let _ = writeln!(
                std::io::stderr(),
                "\nSKIPPED {test}: {e}; set {REQUIRE_VAR}=1 to make this a failure"
            );
            None
        }
        Err(e) => panic!("{e}"),
    }
}

impl RedisCluster {
    /// Kills node `i` (`SIGKILL`, as a crash would). Its slots are
    /// unreachable until [`start_node`](Self::start_node); after
    /// `cluster-node-timeout` (5 s here) the others mark it failed and, as
    /// it has no replica, the whole cluster stops serving
    /// (`cluster-require-full-coverage`).
    ///
    /// # Panics
    /// There is no node `i`.
    pub fn stop_node(&mut self, i: usize) {
        let (child, _) = &mut self.nodes[i];
        let _ = child.kill();
        let _ = child.wait();
    }

    /// Starts node `i` again on its port with its cluster configuration
    /// (`nodes.conf`: its id and slots; its data is gone), and returns once
    /// every node reports `cluster_state:ok` again.
    ///
    /// # Errors
    /// It did not start, or the cluster did not recover within 30 s.
    ///
    /// # Panics
    /// There is no node `i`.
    pub fn start_node(&mut self, i: usize) -> Result<(), ServerError> {
        let bin = redis_server_bin()?;
        let node_dir = self.dir.path().join(format!("node{i}"));
        let (child, port) = &mut self.nodes[i];
        if matches!(child.try_wait(), Ok(None)) {
            return Ok(());
        }
        *child = spawn_redis(&bin, *port, &node_dir, CLUSTER_NODE_ARGS)?;
        await_redis(child, *port, &node_dir.join("redis.log"))?;
        self.await_ok(&node_dir.join("redis.log"))
    }

    /// Waits (30 s at most) until every node reports `cluster_state:ok`;
    /// `log` is shown when it does not.
    fn await_ok(&self, log: &Path) -> Result<(), ServerError> {
        let deadline = Instant::now() + Duration::from_secs(30);
        while !self
            .nodes
            .iter()
            .all(|(_, p)| redis_inline(*p, "CLUSTER INFO").contains("cluster_state:ok"))
        {
            if Instant::now() > deadline {
                return Err(ServerError::Failed(format!(
                    "the cluster did not reach cluster_state:ok:\n{}",
                    log_tail(log)
                )));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(())
    }
}

/// Stopping and restarting a [`PostgresServer`] on the same port and data
/// (fault tests: a cache must survive its database going away), and serving
/// TLS.
impl PostgresServer {
    /// Stops the server the way an operator's fast shutdown does
    /// (`pg_ctl stop -m fast`: sessions are terminated, clients see their
    /// connections closed), waiting until it is down.
    ///
    /// # Errors
    /// `pg_ctl` failed.
    pub fn stop(&mut self) -> Result<(), ServerError> {
        let log = self.dir.path().join("pg_ctl-stop.log");
        self.run(
            &self.pg_ctl,
            &[
                "-D".as_ref(),
                self.data.as_os_str(),
                "-m".as_ref(),
                "fast".as_ref(),
                "-w".as_ref(),
                "stop".as_ref(),
            ],
            &log,
        )?;
        self.running = false;
        Ok(())
    }

    /// Starts the server again after [`stop`](Self::stop), on the same port
    /// with the same options: `pg_ctl restart` of a stopped cluster starts it
    /// with the command line it recorded in `postmaster.opts`.
    ///
    /// # Errors
    /// `pg_ctl` failed.
    pub fn start_again(&mut self) -> Result<(), ServerError> {
        let log = self.dir.path().join("postgres.log");
        let pg_ctl = self.pg_ctl.clone();
        self.running = true;
        self.run(
            &pg_ctl,
            &[
                "-D".as_ref(),
                self.data.as_os_str(),
                "-l".as_ref(),
                log.as_os_str(),
                "-w".as_ref(),
                "-t".as_ref(),
                "60".as_ref(),
                "restart".as_ref(),
            ],
            &self.dir.path().join("pg_ctl-restart.log"),
        )
    }

    /// Serves TLS (`ssl = on`) with the certificate chain `cert_pem` and its
    /// key `key_pem` (PEM), restarting the server on the same port. Plain
    /// connections stay accepted (trust authentication for both).
    ///
    /// # Errors
    /// The files could not be written or the server did not come back.
    pub fn enable_tls(&mut self, cert_pem: &[u8], key_pem: &[u8]) -> Result<(), ServerError> {
        use std::io::Write;
        use std::os::unix::fs::PermissionsExt;
        let owner = match &self.run_as {
            Some(user) => Some(
                os_user(user)
                    .ok_or_else(|| ServerError::Failed(format!("OS user {user} vanished")))?,
            ),
            None => None,
        };
        for (name, bytes) in [("server.crt", cert_pem), ("server.key", key_pem)] {
            let path = self.data.join(name);
            fs::write(&path, bytes).map_err(|e| failed(name, e))?;
            // PostgreSQL refuses a key readable by others (be-secure-common.c).
            fs::set_permissions(&path, fs::Permissions::from_mode(0o600))
                .map_err(|e| failed(name, e))?;
            if let Some((uid, gid)) = owner {
                std::os::unix::fs::chown(&path, Some(uid), Some(gid))
                    .map_err(|e| failed(name, e))?;
            }
        }
        let mut conf = fs::OpenOptions::new()
            .append(true)
            .open(self.data.join("postgresql.conf"))
            .map_err(|e| failed("postgresql.conf", e))?;
        conf.write_all(b"\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n")
            .map_err(|e| failed("postgresql.conf", e))?;
        self.stop()?;
        self.start_again()
    }

    /// The port it listens on (the same after [`start_again`](Self::start_again)).
    pub fn port(&self) -> u16 {
        self.port
    }
}
