# Shared by benches/callgrind.sh and benches/compare.sh (sourced, not run):
# the bench inputs and how one operation's instructions are counted.
#
# For each input and operation, a driver `BIN OP FILE N [ROLE]` runs the
# operation N times after one warm-up run (benches/src/bin/callgrind-op.rs for
# ours, OpenSSL and the Rust peers; oracles/shared/callgrind_op.rs for
# BoringSSL and AWS-LC); `valgrind --tool=callgrind` counts the instructions
# (Ir) of the whole process. Instructions per operation are
# (Ir(N) - Ir(0)) / N: start-up, reading the file, preparing the operation and
# the libraries' lazy initialisation cancel out. Allocations per operation
# come from memcheck's "total heap usage" the same way.
#
# Needs: $n (iterations) and $tmp (a scratch directory).

command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 1; }

# The seven inputs of issue 6 (sslsession_benches::corpus::BENCH_INPUTS):
# label, file, the side whose session it is (the corpus manifest's "side";
# the template is given the server's, ConvertOptions' default) for the
# dialects that record it, and whether it holds a peer certificate.
inputs=(
    "tls12-server p00001-tls12-ecdhe-rsa-aes128gcm-server.der server nocert"
    "tls12-psk-client p00170-tls12-psk-noticket-client-t0.der client nocert"
    "tls13-server p00020-tls13-aes128gcm-server.der server nocert"
    "tls13-client-cert p00024-tls13-chacha-client-t0.der client cert"
    "tls13-client-cert2 p00018-tls13-aes128gcm-client-t0.der client cert"
    "tls12-rsa4096-clientcert p00090-tls12-clientcert-rsa4096-server.der server cert"
    "allfields p01120-tpl-allfields.der server cert"
)

# The bench corpus: the full one beside the workspace when it is there, else
# the shipped subset (both hold the seven inputs).
bench_corpus() { # ROOT -> directory
    if [ -f "$1/../shared/corpus/openssl-3.0/manifest.jsonl" ]; then
        echo "$1/../shared/corpus/openssl-3.0"
    else
        echo "$1/testdata/corpus/openssl-3.0"
    fi
}

# BIN OP FILE N [ROLE] -> instructions of the whole run; exit status 3 (and
# nothing printed) when the driver says the input cannot be put in its
# library's dialect.
ir() {
    local status=0
    valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" "$@" \
        >/dev/null 2>"$tmp/cg.err" || status=$?
    if [ "$status" = 3 ]; then return 3; fi
    [ "$status" = 0 ] || { cat "$tmp/cg.err" >&2; exit 1; }
    awk '/^summary:/ { print $2 }' "$tmp/cg.out"
}

# BIN OP FILE N [ROLE] -> allocations of the whole run
heap() {
    valgrind --tool=memcheck "$@" 2>&1 >/dev/null |
        sed -n 's/.*total heap usage: \([0-9,]*\) allocs.*/\1/p' | tr -d ,
}

per_op() { # BEFORE AFTER -> per-operation value, one decimal
    awk -v a="$1" -v b="$2" -v n="$n" 'BEGIN { printf "%.1f", (b - a) / n }'
}

# BIN OP FILE [ROLE] -> instructions per operation, or "n/a" when the driver
# cannot put the input in its library's dialect.
cost_of() {
    local bin=$1 op=$2 file=$3 before after
    shift 3
    before=$(ir "$bin" "$op" "$file" 0 "$@") || {
        local status=$?
        [ "$status" = 3 ] && { echo n/a; return 0; }
        exit "$status"
    }
    after=$(ir "$bin" "$op" "$file" "$n" "$@")
    per_op "$before" "$after"
}

ratio() { # X Y -> X/Y with one decimal and ×
    awk -v x="$1" -v y="$2" 'BEGIN { if (x + 0 > 0 && y + 0 > 0) printf "%.1f×", x / y; else print "-" }'
}
