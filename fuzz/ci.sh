#!/usr/bin/env bash
# Runs every fuzz target for FUZZ_SECONDS seconds each (default 20); exits
# non-zero on the first crash or property violation (libFuzzer saves the input
# under fuzz/artifacts/TARGET/). Idempotent: installs cargo-fuzz only if
# missing and seeds fuzz/corpus/ from the session corpus only once.
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

# The full corpus beside the workspace when it is there, else the shipped subset.
if [ -f ../../shared/corpus/openssl-3.0/manifest.jsonl ]; then
    corpus=../../shared/corpus
else
    corpus=../testdata/corpus
fi

seed() { # seed TARGET GLOB...
    local dir=corpus/$1
    shift
    [ -d "$dir" ] && return 0
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/"
    done
    return 0
}
seed decode_strict "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der
seed decode_openssl "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der
seed differential_libssl "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der
seed pem "$corpus"/openssl-3.0/*.pem
# The other libraries' sessions (recorded from their handshakes), and OpenSSL's.
seed decode_dialects ../testdata/boringssl/*.der ../testdata/aws-lc/*.der \
    ../testdata/libressl/*.der "$corpus"/openssl-3.0/p000[0-4]*.der
# Arbitrary-model targets read their bytes through `arbitrary`; real sessions
# are as good a start as any.
seed model_roundtrip "$corpus"/openssl-3.0/p000[0-4]*.der
seed encode_libssl "$corpus"/openssl-3.0/p000[0-4]*.der
# Records of the benchmark sessions, JSON (first byte 0) and CBOR (1).
seed serde_record seeds/serde_record/* "$corpus"/openssl-3.0/p000[0-4]*.der
seed ffi "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi

# The targets whose [[bin]] in Cargo.toml has `required-features`, one a line.
needs_libssl=$(awk '
    /^\[/ { if (name != "" && req) print name; name = ""; req = 0 }
    /^name *=/ { name = $3; gsub(/"/, "", name) }
    /^required-features *=/ { req = 1 }
    END { if (name != "" && req) print name }
' Cargo.toml)

for target in "${targets[@]}"; do
    features=()
    if grep -qx "$target" <<<"$needs_libssl"; then
        features=(--features libssl)
    fi
    echo "== fuzz $target for ${seconds}s ${features[*]}"
    cargo fuzz run "$target" "${features[@]}" -s none -a -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a finding"
