#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS seconds each (default 20); exits
# non-zero on the first crash or property violation (libFuzzer saves the input
# under fuzz/artifacts/TARGET/). Idempotent: installs cargo-fuzz only if
# missing and seeds fuzz/corpus/ from the session corpus only once. Each run
# also starts from the kept corpus fuzz/corpora/TARGET/ (campaign.sh's).
#
#   fuzz/ci.sh                     # every target, 20 s each
#   FUZZ_SECONDS=600 fuzz/ci.sh decode_openssl differential_libssl
#
# Runs on stable Rust (`-s none`: no sanitizer; everything fuzzed is safe
# Rust, except libssl, which is the system's). `-a` keeps debug assertions and
# overflow checks on, so an arithmetic overflow is a crash here. The targets
# that compare against libssl get `--features libssl` (they declare it as
# `required-features` in Cargo.toml); the others are built without it and so
# do not link libssl.
set -euo pipefail
cd "$(dirname "$0")"

seconds=${FUZZ_SECONDS:-20}

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# The working corpus, fuzz/corpus/TARGET/, seeded once from the session corpus
# (seed.sh); each run also reads the kept, minimised corpus fuzz/corpora/TARGET/
# (what campaign.sh grows), so 20 s start where the campaign got to; new
# inputs go to the working corpus only.
./seed.sh corpus

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# The targets that need `--features libssl`, one a line.
needs_libssl=$(./libssl-targets.sh)

for target in "${targets[@]}"; do
    features=()
    if grep -qx "$target" <<<"$needs_libssl"; then
        features=(--features libssl)
    fi
    dirs=("$PWD/corpus/$target")
    if [ -d "corpora/$target" ]; then
        dirs+=("$PWD/corpora/$target")
    fi
    echo "== fuzz $target for ${seconds}s ${features[*]}"
    cargo fuzz run "$target" "${dirs[@]}" "${features[@]}" -s none -a -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a finding"
