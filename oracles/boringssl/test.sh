#!/usr/bin/env bash
# Runs the BoringSSL oracle's tests: the real BoringSSL (vendored by the
# boring-sys crate, built once with cmake) against our codec, in-process.
#
#   oracles/boringssl/test.sh [cargo test arguments...]
#
# The target directory lives outside the clone, next to the OpenSSL oracles,
# so that a CI cache or a second clone reuses the built BoringSSL (a few
# minutes on 2 cores the first time). The resumption tests use OpenSSL
# 3.5.5's `openssl` binary from oracles/openssl/build.sh as the peer.
set -euo pipefail
cd "$(dirname "$0")"
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
mkdir -p "$cache"
export CARGO_TARGET_DIR="$cache/target-boringssl"
exec cargo test "$@"
