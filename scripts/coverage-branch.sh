#!/usr/bin/env bash
# Branch (and region) coverage, which tarpaulin cannot give (`--branch` is
# "NOT IMPLEMENTED"): rustc's `-C instrument-coverage` with
# `-Z coverage-options=branch` (unstable, so RUSTC_BOOTSTRAP=1), read by the
# llvm-cov of rustc's own LLVM (the rustup component llvm-tools; Debian's
# llvm-cov 14 cannot read these profiles). Writes coverage/BRANCHES.md.
#
#   scripts/coverage-branch.sh               # the library crates under the tests scripts/coverage.sh runs
#   scripts/coverage-branch.sh PACKAGE...    # those packages under their own tests only
#
# The first form runs what scripts/coverage.sh's line coverage runs, so the
# two figures count the same tests, plus session-cli's `versions`,
# `x509_text` and `corpus` suites, which the line run leaves out for their
# ~28 000 profiles: here every process of a binary merges into one profile
# (LLVM_PROFILE_FILE's %m), so they cost no disk.
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component add llvm-tools >/dev/null 2>&1 || true
bin="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
[ -x "$bin/llvm-cov" ] || { echo "coverage-branch.sh: no llvm-cov in $bin (rustup component add llvm-tools)" >&2; exit 1; }
# coverage_crates and the test runs: shared with coverage.sh.
source scripts/coverage-sets.sh

target=target/llvm-cov
prof=$target/profiles
rm -rf "$prof"
mkdir -p "$prof"
export CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-C instrument-coverage -Z coverage-options=branch"
# %m: one profile per binary, merged in place (not one per process).
# Kept after the run (small: one per binary), removed by the next.
export LLVM_PROFILE_FILE="$PWD/$prof/%m.profraw"
start=$(date +%s)
objects=()
test_run() { # CARGO-TEST-ARGS...: run those tests, their binaries into objects
  cargo test --target-dir "$target" "$@" --no-fail-fast -q 2>&1 |
    grep -E '^test result|FAILED|panicked' || true
  # llvm-cov: the first binary positional, the others with -object; the
  # binaries the tests spawn (sslsess) are artifacts too.
  while read -r f; do objects+=(${objects[0]:+-object} "$f"); done < <(
    cargo test --target-dir "$target" "$@" --no-run --message-format=json 2>/dev/null |
      python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m.get("executable"): print(m["executable"])')
}
if [ $# -gt 0 ]; then
  crates=("$@")
  what="the package's own tests (all features)"
  args=()
  for p in "$@"; do args+=(-p "$p"); done
  test_run "${args[@]}" --all-features
else
  crates=("${coverage_crates[@]}")
  what="the tests scripts/coverage.sh runs (the libraries' own, the oracles crate's replays of every kept fuzz input, the LibreSSL oracle, interop's oracle_edges) and all of session-cli's suites"
  test_run "${coverage_libs_run[@]}" -p session-cli
  test_run "${coverage_edges_run[@]}"
fi
"$bin/llvm-profdata" merge -sparse "$prof"/*.profraw -o "$prof/all.profdata"

sources() { # CRATE: its source files (llvm-cov takes files, not directories)
  find "$1/src" -name '*.rs' | sort | sed "s|^|$PWD/|"
}
report() { # FILE...: llvm-cov's report on those files
  "$bin/llvm-cov" report --instr-profile "$prof/all.profdata" "${objects[@]}" \
    --show-branch-summary --show-region-summary --show-functions=false "$@" 2>&1 |
    sed "s|$PWD/||"
}
summary() { # the TOTAL row of each crate's report, as a Markdown table
  echo "| crate | branches covered | branches | branch coverage | region coverage | line coverage |"
  echo "| --- | ---: | ---: | ---: | ---: | ---: |"
  for c in "${crates[@]}"; do
    mapfile -t files < <(sources "$c")
    # TOTAL: regions missed cover functions missed executed lines missed cover branches missed cover
    report "${files[@]}" | awk -v c="$c" '$1 == "TOTAL" {
      printf "| %s | %d | %d | %s | %s | %s |\n", c, $11 - $12, $11, $13, $4, $10 }'
  done
}
all_files=()
for c in "${crates[@]}"; do mapfile -t -O "${#all_files[@]}" all_files < <(sources "$c"); done
full=$(report "${all_files[@]}")
table=$(
  summary
  echo "$full" | awk '$1 == "TOTAL" {
    printf "| **all** | %d | %d | %s | %s | %s |\n", $11 - $12, $11, $13, $4, $10 }'
)
secs=$(($(date +%s) - start))
mkdir -p coverage
{
  echo "# Branch coverage (llvm-cov)"
  echo
  echo "Produced by \`scripts/coverage-branch.sh${1:+ $*}\` ($secs s): rustc's"
  echo "\`-C instrument-coverage -Z coverage-options=branch\` under $what,"
  echo "reported by rustc's llvm-cov ($("$bin/llvm-cov" --version | sed -n 's/.*LLVM version //p'))."
  echo "Branches are the two outcomes of each \`if\`/\`while\`/\`&&\`/\`||\` condition that"
  echo "rustc instruments; \`match\` arms count as regions, not branches. Lines are"
  echo "llvm-cov's count, which differs from tarpaulin's (REPORT.md)."
  echo
  echo "$table"
  echo
  echo "Per file:"
  echo
  echo '```'
  echo "$full"
  echo '```'
} >coverage/BRANCHES.md
echo "coverage-branch.sh: coverage/BRANCHES.md ($secs s)"
