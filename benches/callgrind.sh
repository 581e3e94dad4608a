#!/usr/bin/env bash
# Instructions per operation, ours against OpenSSL 3.0 and the Rust peers
# (the schema with the asn1, der and rasn derives, src/peers), counted by valgrind
# (deterministic, unlike wall-clock time on a shared machine).
#
#   benches/callgrind.sh            # all inputs, N=200 iterations
#   N=50 benches/callgrind.sh       # quicker
#   ALLOCS=0 benches/callgrind.sh   # skip the heap-allocation counts (memcheck)
#
# How the instructions and allocations of one operation are counted:
# benches/measure.sh (shared with benches/compare.sh, which also puts
# OpenSSL 3.5/4.0, BoringSSL and AWS-LC beside ours). Prints Markdown tables.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
n=${N:-200}
allocs=${ALLOCS:-1}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=benches/measure.sh
. "$root/benches/measure.sh"

cargo build --quiet --profile bench --manifest-path "$root/Cargo.toml" \
    -p sslsession-benches --bin callgrind-op
bin=$target_dir/release/callgrind-op

corpus=$(bench_corpus "$root")

best_peer() { # OP... -> the name of the one with the fewest instructions (needs cost)
    local best=$1
    for op in "$@"; do
        awk -v x="${cost[$op]}" -v y="${cost[$best]}" 'BEGIN { exit !(x < y) }' && best=$op
    done
    echo "$best"
}

decode_ops=(ours-strict ours-strict-nocert ours-opensslmode ours-opensslmode-nocert ours-bytes ours-bytes-nocert)
encode_ops=(ours-encode-into ours-encode-vec ours-encoded-len)
peer_decode_ops=(peer-asn1-decode peer-der-decode peer-rasn-decode)
peer_encode_ops=(peer-asn1-encode peer-der-encode peer-rasn-encode)
all_ops=(openssl-d2i openssl-i2d copy copy-vec "${decode_ops[@]}" "${encode_ops[@]}"
    "${peer_decode_ops[@]}" "${peer_encode_ops[@]}")

echo "Instructions per operation (valgrind $(valgrind --version | sed 's/valgrind-//'), N=$n," \
    "$(openssl version | cut -d' ' -f1-2), rustc $(rustc --version | cut -d' ' -f2))."
# Relative to the workspace root, so that the tables name no machine path.
echo "Corpus: ${corpus#"$root"/}"
summary=()
peers=()
for entry in "${inputs[@]}"; do
    read -r label name _ <<<"$entry"
    file=$corpus/$name
    size=$(stat -c %s "$file")
    declare -A cost=() heaps=()
    for op in "${all_ops[@]}"; do
        cost[$op]=$(cost_of "$bin" "$op" "$file")
        if [ "$allocs" = 1 ]; then
            heaps[$op]=$(per_op "$(heap "$bin" "$op" "$file" 0)" "$(heap "$bin" "$op" "$file" "$n")")
        else
            heaps[$op]=-
        fi
    done
    echo
    echo "### $label — $name ($size B)"
    echo
    echo "| operation | instructions/op | OpenSSL ÷ ours | ours ÷ copy | allocations/op |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    for op in "${decode_ops[@]}"; do
        echo "| decode $op | ${cost[$op]} | $(ratio "${cost[openssl-d2i]}" "${cost[$op]}") | $(ratio "${cost[$op]}" "${cost[copy]}") | ${heaps[$op]} |"
    done
    for op in "${peer_decode_ops[@]}"; do
        echo "| decode $op | ${cost[$op]} | $(ratio "${cost[openssl-d2i]}" "${cost[$op]}") | $(ratio "${cost[$op]}" "${cost[copy]}") | ${heaps[$op]} |"
    done
    echo "| **OpenSSL d2i_SSL_SESSION** | ${cost[openssl-d2i]} | 1.0× | $(ratio "${cost[openssl-d2i]}" "${cost[copy]}") | ${heaps[openssl-d2i]} |"
    for op in "${encode_ops[@]}"; do
        echo "| encode $op | ${cost[$op]} | $(ratio "${cost[openssl-i2d]}" "${cost[$op]}") | $(ratio "${cost[$op]}" "${cost[copy]}") | ${heaps[$op]} |"
    done
    for op in "${peer_encode_ops[@]}"; do
        echo "| encode $op | ${cost[$op]} | $(ratio "${cost[openssl-i2d]}" "${cost[$op]}") | $(ratio "${cost[$op]}" "${cost[copy]}") | ${heaps[$op]} |"
    done
    echo "| **OpenSSL i2d_SSL_SESSION** (to_der) | ${cost[openssl-i2d]} | 1.0× | $(ratio "${cost[openssl-i2d]}" "${cost[copy]}") | ${heaps[openssl-i2d]} |"
    echo "| floor: copy (memcpy) | ${cost[copy]} | | 1.0× | ${heaps[copy]} |"
    echo "| floor: copy-vec (to_vec) | ${cost[copy-vec]} | | $(ratio "${cost[copy-vec]}" "${cost[copy]}") | ${heaps[copy-vec]} |"
    summary+=("| $label ($size B) | $(ratio "${cost[openssl-d2i]}" "${cost[ours-strict-nocert]}") | $(ratio "${cost[openssl-d2i]}" "${cost[ours-strict]}") | $(ratio "${cost[openssl-i2d]}" "${cost[ours-encode-into]}") | $(ratio "${cost[ours-strict-nocert]}" "${cost[copy]}") | $(ratio "${cost[ours-strict]}" "${cost[copy]}") | $(ratio "${cost[ours-strict]}" "${cost[copy-vec]}") |")
    bd=$(best_peer "${peer_decode_ops[@]}")
    be=$(best_peer "${peer_encode_ops[@]}")
    bdn=${bd#peer-} ben=${be#peer-}
    peers+=("| $label ($size B) | ${cost[ours-strict-nocert]} | ${cost[peer-asn1-decode]} | ${cost[peer-der-decode]} | ${cost[peer-rasn-decode]} | ${bdn%-decode} $(ratio "${cost[$bd]}" "${cost[ours-strict-nocert]}") | ${cost[ours-encode-into]} | ${cost[peer-asn1-encode]} | ${cost[peer-der-encode]} | ${cost[peer-rasn-encode]} | ${ben%-encode} $(ratio "${cost[$be]}" "${cost[ours-encode-into]}") |")
    unset cost heaps
done
echo
echo "### Summary (instructions)"
echo
echo "| input | decode, no cert check: OpenSSL ÷ ours | decode, cert checked: OpenSSL ÷ ours | encode_into: OpenSSL ÷ ours | decode no check ÷ memcpy | decode checked ÷ memcpy | decode checked ÷ to_vec |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${summary[@]}"
echo
echo "### Ours against the Rust peers (instructions; certificate not checked by anyone)"
echo
echo "| input | decode: ours-strict-nocert | asn1 | der | rasn | best peer ÷ ours | encode: ours-encode-into | asn1 (new Vec) | der (into slice) | rasn (reused Vec) | best peer ÷ ours |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
printf '%s\n' "${peers[@]}"
