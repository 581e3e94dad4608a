#!/usr/bin/env bash
# Line coverage of the library crates under their own tests and the tests
# that exercise them, plus the fuzz inputs replayed by the oracles crate
# (fuzz/regressions, fuzz/seeds and, when present, the campaign's kept
# corpora fuzz/corpora): `cargo tarpaulin` with its LLVM engine, which reads
# rustc's `-C instrument-coverage` profiles itself (no llvm-tools needed).
# Writes coverage/REPORT.md (per crate, per file) and
# coverage/session-der-uncovered.md (every uncovered line of session-der,
# with the reason kept in coverage/session-der-explained.tsv).
#
#   scripts/coverage.sh            # the whole run (~6 min idle, 11–30 beside other work)
#   COVERAGE_ENGINE=ptrace scripts/coverage.sh   # tarpaulin's ptrace engine instead
#
# Branch coverage: tarpaulin has none (`--branch` is "NOT IMPLEMENTED" in
# its --help); scripts/coverage-branch.sh gives it with rustc's llvm-cov.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-tarpaulin >/dev/null ||
  cargo install --locked cargo-tarpaulin --version 0.37.5

export CARGO_INCREMENTAL=0
engine=${COVERAGE_ENGINE:-llvm}
out=coverage
target=target/tarpaulin
# coverage_crates (counted) and the test runs: shared with coverage-branch.sh.
source scripts/coverage-sets.sh
include=()
for l in "${coverage_crates[@]}"; do include+=("$l/src/*"); done

start=$(date +%s)
run() { # NAME CARGO-TARPAULIN-ARGS...: one run, its report as $target/NAME.json
  local name=$1
  shift
  rm -rf "$target/tarpaulin/profraws"
  cargo tarpaulin --engine "$engine" --skip-clean --target-dir "$target" \
    --include-files "${include[@]}" --timeout 900 --no-fail-fast \
    --out Json --output-dir "$target" "$@" 2>&1 | grep -v '^test .* ok$' | tail -n 40 ||
    echo "scripts/coverage.sh: tarpaulin exited non-zero in run $name (a failing test?)" >&2
  mv "$target/tarpaulin-report.json" "$target/$name.json"
  # Each instrumented process leaves a profile (~0.5 MB): only this run needs them.
  rm -rf "$target/tarpaulin/profraws"
}
run libs "${coverage_libs_run[@]}"
run edges "${coverage_edges_run[@]}"
# session-cli is a binary: its tests spawn `sslsess`, and each instrumented
# process writes a profile. versions, x509_text and corpus spawn ~28 000 of
# them (~15 GB of profiles): left out; the other suites spawn ~5 800.
run cli -p session-cli --bins --test bad_input --test bulk --test dialects \
  --test json --test live --test show
secs=$(( $(date +%s) - start ))
python3 scripts/coverage_report.py "$target/libs.json,$target/edges.json,$target/cli.json" "$out" \
  "$engine" "$secs" "${coverage_crates[@]}"
echo "scripts/coverage.sh: $out/REPORT.md ($secs s)"
