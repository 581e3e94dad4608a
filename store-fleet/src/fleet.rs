//! Servers of a fleet as separate OS processes (the `store_server` program),
//! and the private Redis/PostgreSQL servers they share, started under
//! common.md's rule: a missing server binary skips a test, saying so, unless
//! `SSLSESSION_REQUIRE_SERVICES=1`, where it fails it.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use sslsession_testkit::services::{
    services_required, PostgresServer, RedisServer, ServerError, REQUIRE_VAR,
};

use crate::backends::BackendKind;
use crate::tls::Error;

/// The fleet's sealing key in hex (tests only: every process must share it).
pub const FLEET_KEY_HEX: &str = "4242424242424242424242424242424242424242424242424242424242424242";

/// One `store_server` process, killed when dropped.
pub struct ServerProcess {
    child: Child,
    addr: SocketAddr,
}

impl ServerProcess {
    /// Starts `program` (the `store_server` binary) on `backend`, serving
    /// `cert`/`key`, and waits until it listens.
    ///
    /// # Errors
    /// It could not be started or said nothing sensible.
    pub fn start(
        program: &Path,
        backend: &BackendKind,
        cert: &Path,
        key: &Path,
    ) -> Result<Self, Error> {
        let mut child = Command::new(program)
            .args(["--backend", backend.name(), "--url", &backend.location()])
            .arg("--cert")
            .arg(cert)
            .arg("--key")
            .arg(key)
            .args(["--key-hex", FLEET_KEY_HEX])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let Some(addr) = line.trim().strip_prefix("listening ") else {
            let _ = child.kill();
            let status = child.wait()?;
            return Err(format!("store_server did not start ({status}): {line:?}").into());
        };
        let addr = addr.parse()?;
        Ok(ServerProcess { child, addr })
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A private service, or `None` when its binary is missing and the run does
/// not require services (then the test prints `SKIPPED <test>: why` and
/// passes). Panics when it is required, or installed but failing.
fn or_skip<T>(test: &str, started: Result<T, ServerError>) -> Option<T> {
    match started {
        Ok(server) => Some(server),
        Err(e @ ServerError::Missing { .. }) if !services_required() => {
            println!("SKIPPED {test}: {e} (set {REQUIRE_VAR}=1 to make this a failure)");
            None
        }
        Err(e) => panic!("{test}: {e}"),
    }
}

/// A private `redis-server` for `test`, or `None` after printing why it
/// is skipped (the module's rule).
pub fn redis(test: &str) -> Option<RedisServer> {
    or_skip(test, RedisServer::start())
}

/// A private PostgreSQL for `test`, or `None` after printing why it is
/// skipped (the module's rule).
pub fn postgres(test: &str) -> Option<PostgresServer> {
    or_skip(test, PostgresServer::start())
}
