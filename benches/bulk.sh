#!/usr/bin/env bash
# The bulk bench of issue 14 (item 3): N sessions (default 100 000) generated
# from the corpus's shapes with fresh ids and keys into a temporary
# directory, then checked by
#   - sslsess check --jobs $(nproc), and --jobs 1 (OpenSSL 3.0's reader, as
#     the installed openssl; and with the dialect detected, sslsess's default),
#   - our library in one thread (bulk lib: read + decode_with, no CLI),
#   - a shell loop of `openssl sess_id -inform DER -noout -in F`, on a sample
#     of SAMPLE files (default 2 000), extrapolated to N.
# Wall time from the shell's clock around each run, CPU time (user + sys)
# and peak memory from GNU time (the maximum resident set; for the loop: its
# largest openssl process),
# files warm in the page cache (they were just written).
#
#   benches/bulk.sh              # 100 000 sessions, ~1 minute on 2 cores
#   N=10000 SAMPLE=500 benches/bulk.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
SAMPLE=${SAMPLE:-2000}
JOBS=$(nproc)
cargo build -q --release -p session-cli --bin sslsess -p sslsession-benches --bin bulk
SSLSESS=target/release/sslsess
BULK=target/release/bulk
DIR=$(mktemp -d "${TMPDIR:-/tmp}/sslsess-bulk.XXXXXX")
trap 'rm -rf "$DIR"' EXIT
$BULK gen "$DIR/s" "$N" >&2

now() { date +%s.%N; }
# measure CMD...: "SECONDS PEAK_KIB CPU_SECONDS" of one run (stdout and stderr dropped;
# a non-zero exit is expected when a file is refused, and none is here).
measure() {
    local t0 t1
    t0=$(now)
    /usr/bin/time -o "$DIR/time" -f '%M %U %S' "$@" >/dev/null 2>&1 || true
    t1=$(now)
    tail -1 "$DIR/time" | awk -v a="$t0" -v b="$t1" '{ printf "%.3f %d %.2f\n", b - a, $1, $2 + $3 }'
}
# row WHAT FILES_RUN NOTE SECONDS PEAK_KIB CPU_SECONDS: one table row,
# extrapolated to N when FILES_RUN is a sample.
row() {
    awk -v w="$1" -v k="$2" -v n="$N" -v note="$3" -v s="$4" -v m="$5" -v c="$6" 'BEGIN {
        r = k / s; f = n / k
        printf "| %s | %d | %.2f | %.0f | %.2f | %.1f | %s |\n", w, n, n / r, r, c * f, m / 1024, note }'
}

echo "| what | sessions | wall (s) | sessions/s | CPU (user+sys, s) | peak memory (MiB) | |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | --- |"
read -r s m c < <(measure $SSLSESS check --openssl 3.0 --jobs "$JOBS" "$DIR/s")
row "\`sslsess check --openssl 3.0 --jobs $JOBS\`" "$N" "" "$s" "$m" "$c"
read -r s m c < <(measure $SSLSESS check --openssl 3.0 --jobs 1 "$DIR/s")
row "\`sslsess check --openssl 3.0 --jobs 1\`" "$N" "" "$s" "$m" "$c"
read -r s m c < <(measure $SSLSESS check --jobs "$JOBS" "$DIR/s")
row "\`sslsess check --jobs $JOBS\` (dialect detected)" "$N" "" "$s" "$m" "$c"
read -r s m c < <(measure $SSLSESS check --jobs 1 "$DIR/s")
row "\`sslsess check --jobs 1\` (dialect detected)" "$N" "" "$s" "$m" "$c"
read -r s m c < <(measure $BULK lib "$DIR/s")
row "library, one thread (\`bulk lib\`: read + \`decode_with\`, OpenSSL 3.0)" "$N" "" "$s" "$m" "$c"
# Every (N/SAMPLE)th file, so the sample has the corpus's mix of shapes.
find "$DIR/s" -type f | sort | awk -v step=$(( N / SAMPLE > 0 ? N / SAMPLE : 1 )) \
    -v max="$SAMPLE" 'NR % step == 1 || step == 1 { if (k++ < max) print }' > "$DIR/sample"
SAMPLED=$(wc -l < "$DIR/sample")
read -r s m c < <(measure bash -c 'while read -r f; do
    openssl sess_id -inform DER -noout -in "$f" || exit 1; done < "$1"' _ "$DIR/sample")
row "loop of \`openssl sess_id -inform DER -noout -in F\` ($(openssl version | cut -d' ' -f1-2))" \
    "$SAMPLED" "measured on $SAMPLED files, extrapolated to $N" "$s" "$m" "$c"
