#!/usr/bin/env bash
# Instructions per operation, ours against OpenSSL 3.0 and the Rust peers
# (the schema with the asn1, der and rasn derives, src/peers), counted by valgrind
# (deterministic, unlike wall-clock time on a shared machine).
#
#   benches/callgrind.sh            # all inputs, N=200 iterations
#   N=50 benches/callgrind.sh       # quicker
#   ALLOCS=0 benches/callgrind.sh   # skip the heap-allocation counts (memcheck)
#
# For each input and operation, `callgrind-op OP FILE N` runs the operation N
# times after one warm-up run; `valgrind --tool=callgrind` counts the
# instructions (Ir) of the whole process. Instructions per operation are
# (Ir(N) - Ir(0)) / N: start-up, reading the file, preparing the operation and
# OpenSSL's lazy initialisation cancel out. Allocations per operation come
# from memcheck's "total heap usage" the same way (both ours and OpenSSL's
# mallocs). Prints Markdown tables.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target_dir=${CARGO_TARGET_DIR:-$root/target}
n=${N:-200}
allocs=${ALLOCS:-1}

command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }

cargo build --quiet --profile bench --manifest-path "$root/Cargo.toml" \
    -p sslsession-benches --bin callgrind-op
bin=$target_dir/release/callgrind-op

if [ -f "$root/../shared/corpus/openssl-3.0/manifest.jsonl" ]; then
    corpus=$root/../shared/corpus/openssl-3.0
else
    corpus=$root/testdata/corpus/openssl-3.0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ir() { # OP FILE N -> instructions of the whole run
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$bin" "$1" "$2" "$3" \
        >/dev/null 2>"$tmp/cg.err" || { cat "$tmp/cg.err" >&2; exit 1; }
    awk '/^summary:/ { print $2 }' "$tmp/cg.out"
}

heap() { # OP FILE N -> allocations of the whole run
    valgrind --tool=memcheck "$bin" "$1" "$2" "$3" 2>&1 >/dev/null |
        sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}

per_op() { # BEFORE AFTER -> per-operation value, one decimal
    awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }'
}

ratio() { # X Y -> X/Y with one decimal and ×
    awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.1f×", x / y; else print "-" }'
}

best_peer() { # OP... -> the name of the one with the fewest instructions (needs cost)
    local best=$1
    for op in "$@"; do
        awk -v x="${cost[$op]}" -v y="${cost[$best]}" 'BEGIN { exit !(x < y) }' && best=$op
    done
    echo "$best"
}

# The seven inputs of issue 6 (sslsession_benches::corpus::BENCH_INPUTS).
inputs=(
    "tls12-server p00001-tls12-ecdhe-rsa-aes128gcm-server.der"
    "tls12-psk-client p00170-tls12-psk-noticket-client-t0.der"
    "tls13-server p00020-tls13-aes128gcm-server.der"
    "tls13-client-cert p00024-tls13-chacha-client-t0.der"
    "tls13-client-cert2 p00018-tls13-aes128gcm-client-t0.der"
    "tls12-rsa4096-clientcert p00090-tls12-clientcert-rsa4096-server.der"
    "allfields p01120-tpl-allfields.der"
)
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
    label=${entry%% *}
    file=$corpus/${entry#* }
    size=$(stat -c %s "$file")
    declare -A cost=() heaps=()
    for op in "${all_ops[@]}"; do
        cost[$op]=$(per_op "$(ir "$op" "$file" 0)" "$(ir "$op" "$file" "$n")")
        if [ "$allocs" = 1 ]; then
            heaps[$op]=$(per_op "$(heap "$op" "$file" 0)" "$(heap "$op" "$file" "$n")")
        else
            heaps[$op]=-
        fi
    done
    echo
    echo "### $label — ${entry#* } ($size B)"
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
