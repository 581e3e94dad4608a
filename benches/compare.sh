#!/usr/bin/env bash
# One comparison, one run (issue 14): instructions per operation (valgrind
# callgrind) of our codec, OpenSSL 3.0 / 3.5 / 4.0, BoringSSL, AWS-LC and the
# Rust ASN.1 peers on the seven bench sessions, one table per session, with
# the ratios issue 14 sets targets for; written into benches/README.md
# between the "compare.sh" markers (and printed).
#
#   benches/compare.sh                  # N=30
#   N=50 benches/compare.sh
#   CRITERION=1 benches/compare.sh      # also criterion ns/op (slow: minutes per build)
#   WRITE=0 benches/compare.sh          # print only, leave the README alone
#
# What runs where (each measured by benches/measure.sh, as callgrind.sh does):
# - ours, OpenSSL 3.0 (the system's libssl), the Rust peers and the copy
#   floors: benches/src/bin/callgrind-op.rs, the operations of src/ops.rs,
#   built with [profile.bench] into target/;
# - OpenSSL 3.5.5 and 4.0.3: the same binary linked statically to the builds
#   of oracles/openssl/build.sh (OPENSSL_DIR, OPENSSL_STATIC=1), one target
#   directory per version, target/openssl-VERSION, as oracles/openssl/test.sh;
# - BoringSSL and AWS-LC: oracles/{boringssl,aws-lc}/src/bin/callgrind-op.rs
#   (driver oracles/shared/callgrind_op.rs), built in release by their own
#   workspaces into the oracle cache (target-boringssl, target-aws-lc), so
#   nothing of the main workspace builds them. Each converts the session
#   to its library's dialect with our `convert` before measuring. With
#   CRITERION=1, their criterion bench `codec` times the same operations
#   (oracles/shared/criterion_codec.rs), in the same target directories.
# An oracle that is not built is skipped, saying so (its rows read "not
# built"), unless SSLSESSION_REQUIRE_ORACLES=1, where that is a failure.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
cache=${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}
n=${N:-30}
criterion=${CRITERION:-0}
write=${WRITE:-1}
readme=$root/benches/README.md
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=benches/measure.sh
. "$root/benches/measure.sh"
corpus=$(bench_corpus "$root")
openssl_releases=(3.5.5 4.0.3)

missing() { # WHAT HOW-TO-BUILD
    if [ "${SSLSESSION_REQUIRE_ORACLES:-}" = 1 ]; then
        echo "benches/compare.sh: $1 is not built (SSLSESSION_REQUIRE_ORACLES=1); $2" >&2
        exit 1
    fi
    echo "SKIPPED: $1 is not built; $2" >&2
}

echo "== building the drivers" >&2
cargo build --quiet --profile bench --manifest-path "$root/Cargo.toml" \
    -p sslsession-benches --bin callgrind-op
main_bin=$target_dir/release/callgrind-op
declare -A ossl_bin=()
for v in "${openssl_releases[@]}"; do
    if [ -f "$cache/openssl-$v/.complete" ]; then
        CARGO_TARGET_DIR=$root/target/openssl-$v OPENSSL_DIR=$cache/openssl-$v OPENSSL_STATIC=1 \
            cargo build --quiet --profile bench --manifest-path "$root/Cargo.toml" \
            -p sslsession-benches --bin callgrind-op
        ossl_bin[$v]=$root/target/openssl-$v/release/callgrind-op
    else
        missing "OpenSSL $v" "run oracles/openssl/build.sh $v"
    fi
done
declare -A cbs_bin=()
for lib in boringssl aws-lc; do
    # Building them is minutes of cmake the first time; a machine without
    # cmake or a C++ compiler cannot, which is reported like a missing oracle.
    if (cd "$root/oracles/$lib" && CARGO_TARGET_DIR=$cache/target-$lib \
        cargo build --quiet --release --bin callgrind-op); then
        cbs_bin[$lib]=$cache/target-$lib/release/callgrind-op
    else
        missing "$lib" "see oracles/$lib/README.md"
    fi
done

# The rows: KEY BIN OP [role]. The key names the library (and version) and
# the operation; compare-table.py lays them out.
rows=()
for op in ours-strict ours-strict-nocert ours-opensslmode ours-bytes ours-encode-into \
    peer-asn1-decode peer-der-decode peer-rasn-decode \
    peer-asn1-encode peer-der-encode peer-rasn-encode copy copy-vec; do
    rows+=("$op $main_bin $op")
done
ossl_30=$("$main_bin" --openssl-version | cut -d' ' -f2)
rows+=("openssl-$ossl_30/d2i $main_bin openssl-d2i" "openssl-$ossl_30/i2d $main_bin openssl-i2d")
versions="OpenSSL $ossl_30 (system, dynamic)"
for v in "${openssl_releases[@]}"; do
    [ -n "${ossl_bin[$v]:-}" ] || continue
    linked=$("${ossl_bin[$v]}" --openssl-version | cut -d' ' -f2)
    [ "$linked" = "$v" ] || { echo "target/openssl-$v is linked to OpenSSL $linked" >&2; exit 1; }
    rows+=("openssl-$v/d2i ${ossl_bin[$v]} openssl-d2i" "openssl-$v/i2d ${ossl_bin[$v]} openssl-i2d")
    versions+=", $v (static)"
done
for lib in boringssl aws-lc; do
    [ -n "${cbs_bin[$lib]:-}" ] || continue
    for op in from-bytes d2i to-bytes i2d; do
        rows+=("$lib/$op ${cbs_bin[$lib]} $op role")
    done
done
[ -n "${cbs_bin[boringssl]:-}" ] && versions+="; BoringSSL of boring-sys 5.4.0 (BORINGSSL_API_VERSION 44)"
[ -n "${cbs_bin[aws-lc]:-}" ] && versions+="; AWS-LC 5.12.0 (aws-lc-sys 0.47.0)"

# measurements.tsv: input, size, certificate?, row key, instructions/op,
# size of the session in that row's dialect.
echo "== counting instructions, N=$n (${#rows[@]} operations × ${#inputs[@]} inputs)" >&2
m=$tmp/measurements.tsv
for entry in "${inputs[@]}"; do
    read -r label name side cert <<<"$entry"
    file=$corpus/$name
    size=$(stat -c %s "$file")
    for row in "${rows[@]}"; do
        read -r key bin op role <<<"$row"
        args=()
        [ -n "$role" ] && args=("$side")
        bytes=$size
        [ -n "$role" ] && bytes=$("$bin" size "$file" 0 "$side" 2>/dev/null || echo -)
        cost=$(cost_of "$bin" "$op" "$file" "${args[@]}")
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$size" "$cert" "$key" "$cost" "$bytes" >>"$m"
        echo "$label $key: $cost" >&2
    done
done

# Criterion, optional: the codec bench of each OpenSSL build, filtered to the
# operations of the table, and the codec bench of the BoringSSL and AWS-LC
# oracle workspaces (oracles/shared/criterion_codec.rs: the operations their
# callgrind-op counts, oracles/shared/cbs_ops.rs), built in release into the
# same cache target directories as their drivers; its medians
# (decode|encode/OP/input) are filed under the library's name, as the rows'
# keys have it.
c=$tmp/criterion.tsv
: >"$c"
if [ "$criterion" = 1 ]; then
    echo "== criterion" >&2
    filter='^(decode|encode)/(ours-strict|ours-strict-nocert|ours-opensslmode|ours-bytes|ours-encode-into|openssl-d2i|openssl-i2d|peer-[a-z0-9]+-(de|en)code|copy|copy-vec)/'
    cargo bench --quiet --manifest-path "$root/Cargo.toml" -p sslsession-benches --bench codec \
        -- "$filter" >"$tmp/bench.log" 2>&1
    python3 "$root/benches/criterion-table.py" --medians "$tmp/bench.log" |
        sed "s#^\(decode\|encode\)/openssl-\(d2i\|i2d\)/#openssl-$ossl_30/\2/#" >>"$c"
    for v in "${!ossl_bin[@]}"; do
        CARGO_TARGET_DIR=$root/target/openssl-$v OPENSSL_DIR=$cache/openssl-$v OPENSSL_STATIC=1 \
            cargo bench --quiet --manifest-path "$root/Cargo.toml" -p sslsession-benches \
            --bench codec -- '^(decode|encode)/openssl-(d2i|i2d)/' >"$tmp/bench-$v.log" 2>&1
        python3 "$root/benches/criterion-table.py" --medians "$tmp/bench-$v.log" |
            sed "s#^\(decode\|encode\)/openssl-\(d2i\|i2d\)/#openssl-$v/\2/#" >>"$c"
    done
    for lib in "${!cbs_bin[@]}"; do
        (cd "$root/oracles/$lib" && CARGO_TARGET_DIR=$cache/target-$lib \
            cargo bench --quiet --bench codec) >"$tmp/bench-$lib.log" 2>&1 ||
            { cat "$tmp/bench-$lib.log" >&2; exit 1; }
        python3 "$root/benches/criterion-table.py" --medians "$tmp/bench-$lib.log" |
            sed "s#^\(decode\|encode\)/#\1/$lib/#" >>"$c"
    done
fi

commit=$(git -C "$root" rev-parse --short HEAD)
dirty=$(git -C "$root" status --porcelain --untracked-files=no | grep -q . && echo " + uncommitted changes" || true)
command="N=$n benches/compare.sh"
[ "$criterion" = 1 ] && command="CRITERION=1 $command"
table=$(python3 "$root/benches/compare-table.py" "$m" "$c" \
    "$(date -u +%Y-%m-%d)" "$commit$dirty" "$command" \
    "valgrind $(valgrind --version | sed 's/valgrind-//'), rustc $(rustc --version | cut -d' ' -f2); $versions; asn1 0.24.1, der 0.8.3, rasn 0.30.0" \
    "${corpus#"$root"/}")
echo "$table"
if [ "$write" = 1 ]; then
    begin='<!-- compare.sh: begin -->' end='<!-- compare.sh: end -->'
    grep -qF "$begin" "$readme" || { echo "no '$begin' marker in $readme" >&2; exit 1; }
    printf '%s\n' "$table" >"$tmp/table.md"
    awk -v b="$begin" -v e="$end" -v t="$tmp/table.md" '
        $0 == b { print; while ((getline l < t) > 0) print l; skip = 1; next }
        $0 == e { skip = 0 }
        !skip' "$readme" >"$tmp/README.md"
    cp "$tmp/README.md" "$readme"
    echo "== written into ${readme#"$root"/}" >&2
fi
