#!/usr/bin/env bash
# Runs the fuzz targets that compare against libssl (`differential_libssl`,
# `encode_libssl`, `ffi`) against one OpenSSL version's libssl: the oracle
# build of that version, linked statically through openssl-sys
# (`OPENSSL_DIR`, `OPENSSL_STATIC=1`), in a target directory of its own
# (fuzz/target/openssl-VERSION), so versions never rebuild each other.
# The oracles compare with the version they find linked
# (`sslsession_oracles::libssl::version()`), so OpenSSL mode, `Target` and
# the C API are set to that version.
#
#   fuzz/versions.sh VERSION [SECONDS] [TARGET...]
#   fuzz/versions.sh 3.5 600 differential_libssl encode_libssl
#   fuzz/versions.sh 4.0.3 20                   # every libssl target, 20 s each
#   FUZZ_SANITIZER=address RUSTC_BOOTSTRAP=1 fuzz/versions.sh 3.5 600 ffi
#   fuzz/versions.sh 4.0 replay differential_libssl FILE...   # replay inputs
#   fuzz/versions.sh 3.5 regressions       # replay fuzz/regressions/TARGET/* of each
#
# VERSION: 1.1.1, 3.5, 3.6, 4.0 (or a full release name: 3.5.5) — the build
# in ${SSLSESSION_ORACLES:-~/.cache/sslsession-oracles}/openssl-RELEASE/, made
# by oracles/openssl/build.sh; 3.0 is the system's libssl (libssl-dev).
# A missing oracle build fails. Exits non-zero on the first finding
# (libFuzzer saves it under fuzz/artifacts/TARGET/). Each target starts from
# its own corpus, fuzz/corpus/TARGET-openssl-VERSION/, seeded from the
# session corpus on first use. SECONDS defaults to 20; FUZZ_SANITIZER to
# `none` (stable Rust; see README.md, "Running").
set -euo pipefail
cd "$(dirname "$0")"

if [ "$#" -lt 1 ]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
fi
version=$1
seconds=${2:-20}
shift $(($# < 2 ? $# : 2))
sanitizer=${FUZZ_SANITIZER:-none}
cache=${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

case "$version" in
3.0 | 3.0.*)
    # The system's libssl (pkg-config), dynamically linked.
    release=system-3.0
    unset OPENSSL_DIR OPENSSL_STATIC
    ;;
*)
    prefix=""
    for dir in "$cache/openssl-$version" "$cache"/openssl-"$version".* "$cache"/openssl-"$version"[a-z]; do
        if [ -f "$dir/lib/libssl.a" ] && [ -f "$dir/lib/libcrypto.a" ]; then
            prefix=$dir
            break
        fi
    done
    if [ -z "$prefix" ]; then
        echo "no OpenSSL $version oracle in $cache: run oracles/openssl/build.sh" >&2
        exit 1
    fi
    release=${prefix##*/}
    export OPENSSL_DIR=$prefix OPENSSL_STATIC=1
    # openssl-sys links the static libraries; libcrypto needs these.
    export RUSTFLAGS="${RUSTFLAGS:-} -C link-arg=-lpthread -C link-arg=-ldl"
    ;;
esac
target_dir=target/$release

if [ "$seconds" = regressions ]; then
    for target in differential_libssl encode_libssl ffi; do
        inputs=(regressions/"$target"/*)
        [ -e "${inputs[0]}" ] || continue
        echo "== replay ${#inputs[@]} regression inputs of $target against $release"
        cargo fuzz run "$target" --features libssl -s "$sanitizer" -a --target-dir "$target_dir" \
            "${inputs[@]}" -- -runs=1
    done
    exit
fi
if [ "$seconds" = replay ]; then
    target=$1
    shift
    cargo fuzz run "$target" --features libssl -s "$sanitizer" -a --target-dir "$target_dir" \
        "$@" -- -runs=1
    exit
fi

# The repository's corpus: nothing outside the clone is needed.
corpus=../testdata/corpus

if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    targets=(differential_libssl encode_libssl ffi)
fi

for target in "${targets[@]}"; do
    dir=corpus/$target-$release
    if [ ! -d "$dir" ]; then
        mkdir -p "$dir"
        case "$target" in
        encode_libssl) cp "$corpus"/openssl-3.0/p000[0-4]*.der "$dir/" ;;
        *) cp "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der "$dir/" ;;
        esac
        # Per-version sessions and mutations, where the corpus has them.
        for extra in "$corpus"/openssl-"${release#openssl-}"/*.der "$corpus"/openssl-"$version"/*.der; do
            [ -f "$extra" ] && cp "$extra" "$dir/"
        done
    fi
    echo "== fuzz $target against $release for ${seconds}s (sanitizer $sanitizer)"
    cargo fuzz run "$target" --features libssl -s "$sanitizer" -a --target-dir "$target_dir" \
        "$dir" -- \
        -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1
done
echo "fuzz: ${targets[*]} ran ${seconds}s each against $release without a finding"
