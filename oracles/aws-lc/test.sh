#!/usr/bin/env bash
# Runs the AWS-LC oracle's tests (oracles/aws-lc/README.md): the vendored
# AWS-LC (aws-lc-sys with its `ssl` feature: cmake + clang/libclang) is built
# once into the oracle cache, outside the clone, so CI and every worktree
# reuse the build.
#
#   oracles/aws-lc/test.sh [cargo test arguments...]
set -euo pipefail
cd "$(dirname "$0")"
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
export CARGO_TARGET_DIR="$cache/target-aws-lc"
echo "=== AWS-LC oracle ($CARGO_TARGET_DIR): cargo test $*"
# Every test binary runs even when one fails, so that the report is whole.
cargo test --no-fail-fast "$@"
