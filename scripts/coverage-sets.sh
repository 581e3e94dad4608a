# shellcheck shell=bash
# What the coverage runs count and which tests they run, shared by
# scripts/coverage.sh (lines, tarpaulin) and scripts/coverage-branch.sh
# (branches, llvm-cov) so that their figures count the same code under the
# same tests. Sourced, not run.

# The library crates whose lines and branches are counted.
coverage_crates=(ossl-asn1 ossl-pkey session-model session-der session-serde session-text session-ffi session-cli)

# The in-process run: the tests of every library but the command-line tool,
# the oracles crate's replays of every fuzz input kept in the repository,
# and sslsession-libressl-oracle, which replays LibreSSL's recorded answers
# through Mode::LibreSsl (and runs the live LibreSSL where it is built). Not
# the session-store crates (Redis/PostgreSQL), interop's handshakes,
# examples or benches.
coverage_libs_run=()
for package in ossl-asn1 ossl-pkey session-model session-der session-serde session-text session-ffi \
  sslsession-oracles sslsession-libressl-oracle; do
  coverage_libs_run+=(-p "$package")
done
# Space-separated, not comma: tarpaulin's source analysis splits the list on
# whitespace to learn which `cfg(feature = ...)` code is built, and drops the
# lines of code it takes for unbuilt (with a comma, all of asn1_embed.rs).
coverage_libs_run+=(--features "session-der/asn1 session-der/arbitrary")

# interop's edge cases against the system's libssl (3.0), in-process: the
# inputs whose verdicts and error reasons only a live libssl gives (no
# handshakes: those are interop's other suites).
coverage_edges_run=(-p sslsession-interop --test oracle_edges)
