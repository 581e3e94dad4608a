//! The OpenSSL oracles: which versions are built, where, and what a test does
//! when the one it needs is not (oracles/openssl/README.md).
//!
//! `oracles/openssl/build.sh` builds each version into a cache outside the
//! clone; `oracles/openssl/test.sh` runs the version-bound tests once per
//! version, linked to it. A test that needs a version that is not built skips,
//! saying `SKIPPED: ...`, unless [`REQUIRE_VAR`] is `1` (CI), where it fails.

use std::io::Write;
use std::path::PathBuf;

/// The variable that turns a missing oracle from a skip into a failure.
pub const REQUIRE_VAR: &str = "SSLSESSION_REQUIRE_ORACLES";
/// The variable naming the oracle cache (default `~/.cache/sslsession-oracles`).
pub const CACHE_VAR: &str = "SSLSESSION_ORACLES";
/// The variable naming the directory where each version's run leaves the
/// sessions its handshakes made, for the other versions' runs to read
/// (default `target/oracle-sessions` in the workspace).
pub const SESSIONS_VAR: &str = "SSLSESSION_ORACLE_SESSIONS";

/// One OpenSSL the tests run against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Oracle {
    /// The release as built, e.g. `3.5.5` (the cache entry's name).
    pub release: &'static str,
    /// The version as the library names it (`OpenSslVersion`'s `Display`).
    pub version: &'static str,
    /// Whether it is the system's OpenSSL (nothing to build; the plain build links it).
    pub system: bool,
}

/// Every oracle, oldest first. 3.0 is the system's (Debian 12's 3.0.19).
pub const ORACLES: &[Oracle] = &[
    Oracle {
        release: "1.1.1w",
        version: "1.1.1",
        system: false,
    },
    Oracle {
        release: "3.0",
        version: "3.0",
        system: true,
    },
    Oracle {
        release: "3.5.5",
        version: "3.5",
        system: false,
    },
    Oracle {
        release: "3.6.3",
        version: "3.6",
        system: false,
    },
    Oracle {
        release: "4.0.3",
        version: "4.0",
        system: false,
    },
];

/// The oracle of a library version name (`"3.5"`), if there is one.
pub fn oracle(version: &str) -> Option<Oracle> {
    ORACLES.iter().copied().find(|o| o.version == version)
}

/// The oracle cache directory: `$SSLSESSION_ORACLES`, default
/// `~/.cache/sslsession-oracles` (the one place that says so is
/// `oracle_cache`, shared with `openssl_cli` and `openssl_oracle`).
pub fn cache_dir() -> PathBuf {
    crate::oracle_cache()
}

impl Oracle {
    /// The build's directory (`lib/`, `include/`, `bin/openssl`), if it is
    /// complete (its `.complete` stamp is there); `None` for the system's.
    pub fn dir(&self) -> Option<PathBuf> {
        if self.system {
            return None;
        }
        let dir = cache_dir().join(format!("openssl-{}", self.release));
        dir.join(".complete").is_file().then_some(dir)
    }

    /// Whether this version can be tested here: the system's always (libssl-dev
    /// is a build dependency of the workspace), the others once built.
    pub fn is_available(&self) -> bool {
        self.system || self.dir().is_some()
    }

    /// Its `openssl` command-line tool.
    pub fn openssl_binary(&self) -> Option<PathBuf> {
        if self.system {
            return Some(PathBuf::from("openssl"));
        }
        self.dir().map(|d| d.join("bin/openssl"))
    }

    /// Where its run leaves the sessions of its handshakes (see [`SESSIONS_VAR`]).
    pub fn sessions_dir(&self) -> PathBuf {
        sessions_root().join(self.version)
    }
}

/// The oracles that can be tested here.
pub fn available() -> Vec<Oracle> {
    ORACLES
        .iter()
        .copied()
        .filter(Oracle::is_available)
        .collect()
}

/// The root of the per-version session directories.
pub fn sessions_root() -> PathBuf {
    match std::env::var_os(SESSIONS_VAR) {
        Some(dir) => PathBuf::from(dir),
        None => crate::workspace_root().join("target/oracle-sessions"),
    }
}

/// Whether the caller asked that tests needing an oracle never skip
/// ([`REQUIRE_VAR`] is `1`).
pub use crate::openssl_oracle::required;

/// A test cannot run because `what` is missing: fails it when oracles are
/// [`required`], otherwise prints `SKIPPED: ...` (to stderr, which the test
/// harness shows) and returns, so the caller returns too.
///
/// # Panics
/// When [`REQUIRE_VAR`] is `1`.
pub fn skip(test: &str, what: &str) {
    assert!(
        !required(),
        "{test}: {what} ({REQUIRE_VAR}=1: a missing oracle is a failure; \
         run oracles/openssl/build.sh, then oracles/openssl/test.sh)"
    );
    // Straight to the process's stderr: libtest captures `eprintln!` of a
    // passing test, and a skip nobody sees is a silent one.
    let _ = writeln!(
        std::io::stderr(),
        "\nSKIPPED: {test}: {what}; run oracles/openssl/build.sh and oracles/openssl/test.sh, \
         or set {REQUIRE_VAR}=1 to make this a failure"
    );
}
