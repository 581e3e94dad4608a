#!/usr/bin/env bash
# Runs the differential fuzz target against BoringSSL for FUZZ_SECONDS
# (default 20) on stable Rust (`-s none`, as fuzz/ci.sh; `-a` keeps debug
# assertions and overflow checks). Seeds the corpus once from
# testdata/boringssl (the recorded sessions and the seven vectors).
#
#   oracles/boringssl/fuzz/run.sh            # stops at the first disagreement
#   FUZZ_KEEP_GOING=1 FUZZ_SECONDS=600 oracles/boringssl/fuzz/run.sh
#                                            # fork mode: records every
#                                            # disagreement in artifacts/, goes on
#
# BoringSSL is built into the oracle cache (like test.sh), once.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-20}
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
export CARGO_TARGET_DIR="$cache/target-boringssl-fuzz"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
target=differential_boringssl
if [ ! -d "corpus/$target" ]; then
    mkdir -p "corpus/$target"
    cp ../../../testdata/boringssl/sessions/*.der "corpus/$target/"
    for f in ../../../testdata/boringssl/vectors/*.hex; do
        # (perl, not xxd: xxd is not on every Debian machine)
        perl -ne 's/\s//g; print pack("H*", $_)' "$f" > "corpus/$target/$(basename "$f" .hex).der"
    done
fi
extra=()
if [ "${FUZZ_KEEP_GOING:-}" = 1 ]; then
    extra=(-fork=1 -ignore_crashes=1)
fi
# Also from the kept, minimised corpus that fuzz/campaign.sh grows (read only:
# new inputs go to corpus/).
dirs=("$PWD/corpus/$target")
[ -d "corpora/$target" ] && dirs+=("$PWD/corpora/$target")
exec cargo fuzz run -s none -a "$target" "${dirs[@]}" -- -max_total_time="$seconds" "${extra[@]}"
