#!/bin/sh
# The whole test suite, on a fresh Debian machine with no manual step:
# installs what the tests need (scripts/setup.sh), builds the OpenSSL
# oracles (cached), then runs the per-version tests and
# `cargo test --workspace` with the store and oracle tests required to run.
# Extra arguments go to `cargo test`, e.g. `scripts/test.sh -- --nocapture`.
set -eu
cd "$(dirname "$0")/.."

sh scripts/setup.sh

if ! command -v cargo >/dev/null 2>&1; then
    echo "scripts/test.sh: cargo not found; install Rust from https://rustup.rs" >&2
    exit 1
fi

# Plain `cargo test` skips the Redis and PostgreSQL store tests, saying so,
# when their servers are not installed. Here they are installed, so a missing
# one is a failure (testkit/src/services.rs, REQUIRE_VAR): never a silent skip.
# `cargo test --workspace` below runs store-fleet's fleet and fault tests
# (several store_server processes sharing Redis, PostgreSQL or a SQLite file;
# the backends stopped mid-run) under this rule too.
SSLSESSION_REQUIRE_SERVICES=1
export SSLSESSION_REQUIRE_SERVICES

# The OpenSSL oracles (1.1.1w, 3.5.5, 3.6.3, 4.0.3; 3.0 is the system's),
# built once into ~/.cache/sslsession-oracles from the openssl-src crate's
# sources (a few minutes on 2 cores) and reused after; every version-bound
# test then runs, and a missing oracle is a failure, never a silent skip.
bash oracles/openssl/build.sh
SSLSESSION_REQUIRE_ORACLES=1
export SSLSESSION_REQUIRE_ORACLES

# The version-bound tests, once per OpenSSL version, each linked to its own
# libssl (oracles/openssl/README.md). First, so that the workspace run's
# cross-version test finds every version's sessions.
bash oracles/openssl/test.sh "$@"

# --- LibreSSL oracle (issue 11) ---
# LibreSSL 4.3.2, built once into the same cache from local copies of its git
# sources where they exist (no registry ships them); its tests compare the
# LibreSSL dialect with it, or with its recorded answers where it cannot be
# built (oracles/libressl/README.md).
bash oracles/libressl/test.sh "$@"
# --- end LibreSSL oracle ---

# --- BoringSSL oracle (issue 11) ---
# The real BoringSSL (the boring-sys crate's vendored copy, built with cmake
# into the oracle cache) against our codec: its own workspace, so that
# `cargo test --workspace` below never builds BoringSSL.
bash oracles/boringssl/test.sh "$@"
# --- end BoringSSL oracle ---

cargo test --workspace "$@"

# The session cache with every backend and the backend conformance suite
# (features off in the workspace run: they add the Redis and PostgreSQL
# clients and the suite): memory, SQLite, Redis (and a Redis Cluster),
# PostgreSQL (and TLS to it).
cargo test -p session-store --all-features "$@"
# The store wired into OpenSSL, with its tokio caches (feature `tokio`).
cargo test -p session-store-openssl --all-features "$@"

# session-der's optional rust-asn1 integration (feature `asn1`).
cargo test -p session-der --features asn1 --test asn1_embed "$@"

# --- AWS-LC oracle (issue 11) ---
# The AWS-LC dialect's tests against the real AWS-LC (aws-lc-sys, vendored,
# its own workspace, built once into the oracle cache): oracles/aws-lc/README.md.
bash oracles/aws-lc/test.sh "$@"
# --- end AWS-LC oracle ---

# A build with one more row in the schema (session-model's `schema-test-row`
# feature): the test shows that a row is all a new field needs.
cargo test -p session-serde --features schema-test-row --test schema_row "$@"
exec cargo test -p session-ffi --features schema-test-row --test schema_row "$@"
