#!/usr/bin/env bash
# Runs the differential fuzz target against AWS-LC for FUZZ_SECONDS (default
# 60), on stable Rust (`-s none`, `-a` as fuzz/ci.sh does), seeded with the
# recorded sessions; the build goes to the oracle cache like test.sh's.
#
#   oracles/aws-lc/fuzz/run.sh            # 60 s
#   FUZZ_SECONDS=600 oracles/aws-lc/fuzz/run.sh
set -euo pipefail
cd "$(dirname "$0")"
seconds=${FUZZ_SECONDS:-60}
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
export CARGO_TARGET_DIR="$cache/target-aws-lc-fuzz"
if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
corpus=corpus/differential_aws_lc
if [ ! -d "$corpus" ]; then
    mkdir -p "$corpus"
    cp ../../../testdata/aws-lc/*.der "$corpus/"
fi
# Also from the kept, minimised corpus that fuzz/campaign.sh grows (read only:
# new inputs go to corpus/).
dirs=("$PWD/$corpus")
[ -d corpora/differential_aws_lc ] && dirs+=("$PWD/corpora/differential_aws_lc")
cargo fuzz run differential_aws_lc -s none -a "${dirs[@]}" -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1
