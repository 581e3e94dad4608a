#!/usr/bin/env bash
# Branch (and region) coverage of session-der under its own tests, which
# tarpaulin cannot give (`--branch` is "NOT IMPLEMENTED"): rustc's
# `-C instrument-coverage` with `-Z coverage-options=branch` (unstable, so
# RUSTC_BOOTSTRAP=1), read by the llvm-cov of rustc's own LLVM (the rustup
# component llvm-tools; Debian's llvm-cov 14 cannot read these profiles).
# Writes coverage/BRANCHES.md.
#
#   scripts/coverage-branch.sh [PACKAGE...]     # default: session-der
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component add llvm-tools >/dev/null 2>&1 || true
bin="$(rustc --print sysroot)/lib/rustlib/$(rustc -vV | sed -n 's/^host: //p')/bin"
[ -x "$bin/llvm-cov" ] || { echo "coverage-branch.sh: no llvm-cov in $bin (rustup component add llvm-tools)" >&2; exit 1; }
pkgs=("${@:-session-der}")
target=target/llvm-cov
prof=$target/profiles
rm -rf "$prof"
mkdir -p "$prof"
export CARGO_INCREMENTAL=0 RUSTC_BOOTSTRAP=1
export RUSTFLAGS="-C instrument-coverage -Z coverage-options=branch"
# %m: one profile per binary, merged in place (not one per process).
export LLVM_PROFILE_FILE="$PWD/$prof/%m.profraw"
args=()
for p in "${pkgs[@]}"; do args+=(-p "$p"); done
start=$(date +%s)
cargo test --target-dir "$target" "${args[@]}" --all-features --no-fail-fast -q 2>&1 | grep -E '^test result|FAILED|panicked' || true
# llvm-cov: the first binary positional, the others with -object.
objects=()
while read -r f; do objects+=(${objects[0]:+-object} "$f"); done < <(
  cargo test --target-dir "$target" "${args[@]}" --all-features --no-run --message-format=json 2>/dev/null |
    python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m.get("executable"): print(m["executable"])')
"$bin/llvm-profdata" merge -sparse "$prof"/*.profraw -o "$prof/all.profdata"
filters=()
# llvm-cov takes files, not directories.
for p in "${pkgs[@]}"; do
  while read -r f; do filters+=("$PWD/$f"); done < <(find "$p/src" -name '*.rs' | sort)
done
report=$("$bin/llvm-cov" report --instr-profile "$prof/all.profdata" "${objects[@]}" \
  --show-branch-summary --show-region-summary --show-functions=false \
  "${filters[@]}" 2>&1 | sed "s|$PWD/||")
secs=$(( $(date +%s) - start ))
mkdir -p coverage
{
  echo "# Branch coverage (llvm-cov)"
  echo
  echo "Produced by \`scripts/coverage-branch.sh ${pkgs[*]}\` ($secs s): rustc's"
  echo "\`-C instrument-coverage -Z coverage-options=branch\` under the package's own tests"
  echo "(all features), reported by rustc's llvm-cov ($("$bin/llvm-cov" --version | sed -n 's/.*LLVM version //p'))."
  echo "Branches are the two outcomes of each \`if\`/\`while\`/\`&&\`/\`||\` condition that"
  echo "rustc instruments; \`match\` arms count as regions, not branches."
  echo
  echo '```'
  echo "$report"
  echo '```'
} > coverage/BRANCHES.md
rm -rf "$prof"
echo "coverage-branch.sh: coverage/BRANCHES.md ($secs s)"
