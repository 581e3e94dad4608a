#!/usr/bin/env bash
# Resumes the fuzz campaign: runs each target for SECONDS from its kept,
# minimised corpus, merges what the run found back into it (libFuzzer
# `-merge=1` into an empty folder, so the kept corpus stays minimal: only
# inputs that add coverage, smallest first; past CAMPAIGN_MAX_KB, default
# 512, of inputs, a smaller set that still reaches every edge:
# `-set_cover_merge=1 -use_counters=0`), and appends the run to the
# ledger, fuzz/ledger.csv (executions as libFuzzer counted them, its final
# `stat::number_of_executed_units`), then regenerates fuzz/LEDGER.md
# (ledger.sh). Commit fuzz/ledger.csv, fuzz/LEDGER.md and the corpora after.
#
#   fuzz/campaign.sh                        # every target, 600 s each, 1 job
#   fuzz/campaign.sh -t 1800 decode_strict  # one target, 30 min
#   fuzz/campaign.sh -t 600 -j 2 ffi        # two processes side by side
#
# Targets: those of fuzz/ (`cargo fuzz list`; corpora in fuzz/corpora/TARGET),
# and the differential ones against BoringSSL and AWS-LC, in their own
# workspaces (`differential_boringssl`, corpora in
# oracles/boringssl/fuzz/corpora/; `differential_aws_lc`, in
# oracles/aws-lc/fuzz/corpora/; built into the oracle cache as their run.sh
# does). A target without a kept corpus starts from the seeds of seed.sh (or
# its run.sh's).
#
# -j JOBS runs JOBS fuzzing processes of the target at once (each its own
# libFuzzer, random seed and output folder; their executions are summed).
# Like ci.sh: stable Rust, `-s none -a`, -max_len=8192 -timeout=10
# -rss_limit_mb=2048. A crash, timeout or out-of-memory ends that target's
# run (libFuzzer saves the input under artifacts/TARGET/ of its workspace);
# the run is still recorded (its executions up to the finding, `crashes`
# 1), its corpus merged, and the campaign goes on to the next target, then
# exits non-zero. Turn the input into a regression (README.md, "Findings").
# Interrupted (Ctrl-C, SIGTERM), the running target stops, is recorded and
# merged, and the campaign ends.
set -euo pipefail
cd "$(dirname "$0")"
fuzz=$PWD
root=$(cd .. && pwd)

seconds=${CAMPAIGN_SECONDS:-600}
jobs=${CAMPAIGN_JOBS:-1}
# The size past which a kept corpus keeps edges only (the repository stays lean).
max_kb=${CAMPAIGN_MAX_KB:-512}
usage() {
    sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
    exit 2
}
while getopts "t:j:h" opt; do
    case $opt in
        t) seconds=$OPTARG ;;
        j) jobs=$OPTARG ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[[ $seconds =~ ^[1-9][0-9]*$ && $jobs =~ ^[1-9][0-9]*$ ]] || usage

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
host=$(rustc -vV | sed -n 's/^host: //p')
ledger=$fuzz/ledger.csv
libfuzzer_flags=(-max_len=8192 -timeout=10 -rss_limit_mb=2048)

fuzz_targets=$(cargo fuzz list)
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets <<<"$fuzz_targets"
    targets+=(differential_boringssl differential_aws_lc)
fi

# The targets that need `--features libssl`, one a line.
needs_libssl=$(./libssl-targets.sh)

# The machine, for the ledger: host name, cores, CPU (no commas: it is CSV).
machine="$(hostname) $(nproc)x $(sed -n 's/^model name[^:]*: *//p' /proc/cpuinfo | head -1)"
machine=${machine//,/}

# The commit the binaries are built from; `+dirty` when the tree differs from
# it outside what the campaign itself writes and the documentation.
commit() {
    local c
    c=$(git -C "$root" rev-parse --short=12 HEAD)
    if [ -n "$(git -C "$root" status --porcelain -- . ':(exclude)fuzz/corpora' \
        ':(exclude)oracles/boringssl/fuzz/corpora' ':(exclude)oracles/aws-lc/fuzz/corpora' \
        ':(exclude)fuzz/ledger.csv' ':(exclude,glob)**/*.md')" ]; then
        c+="+dirty"
    fi
    echo "$c"
}

interrupted=0
pids=()
on_signal() {
    interrupted=1
    # libFuzzer stops on SIGINT and still prints its final stats.
    [ "${#pids[@]}" -gt 0 ] && kill -INT "${pids[@]}" 2>/dev/null
    return 0
}
trap on_signal INT TERM

[ -f "$ledger" ] || echo "date_utc,target,seconds,jobs,executions,exec_per_s,crashes,edges,features,corpus_files,corpus_bytes,commit,machine" >"$ledger"

work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz-campaign.XXXXXX")
trap 'rm -rf "$work"' EXIT
status=0

for target in "${targets[@]}"; do
    [ "$interrupted" = 1 ] && break
    build=()
    case $target in
        differential_boringssl | differential_aws_lc)
            lib=${target#differential_}
            lib=${lib//_/-}
            dir=$root/oracles/$lib/fuzz
            export CARGO_TARGET_DIR=$cache/target-$lib-fuzz
            ;;
        *)
            dir=$fuzz
            unset CARGO_TARGET_DIR
            grep -qx "$target" <<<"$fuzz_targets" || {
                echo "campaign: no target $target" >&2
                exit 2
            }
            grep -qx "$target" <<<"$needs_libssl" && build=(--features libssl)
            ;;
    esac
    kept=$dir/corpora/$target
    bin=${CARGO_TARGET_DIR:-$dir/target}/$host/release/$target
    echo "== campaign: build $target ${build[*]}"
    (cd "$dir" && cargo fuzz build -s none -a "${build[@]}" "$target")
    rev=$(commit)

    inputs=()
    if [ -d "$kept" ]; then
        inputs+=("$kept")
    else
        # First run: the seeds ci.sh / run.sh would use.
        seeds=$work/seeds
        case $target in
            differential_boringssl)
                mkdir -p "$seeds/$target"
                cp "$root"/testdata/boringssl/sessions/*.der "$seeds/$target/"
                for f in "$root"/testdata/boringssl/vectors/*.hex; do
                    perl -ne 's/\s//g; print pack("H*", $_)' "$f" \
                        >"$seeds/$target/$(basename "$f" .hex).der"
                done
                ;;
            differential_aws_lc)
                mkdir -p "$seeds/$target"
                cp "$root"/testdata/aws-lc/*.der "$seeds/$target/"
                ;;
            *) ./seed.sh "$seeds" ;;
        esac
        inputs+=("$seeds/$target")
    fi

    mkdir -p "$dir/artifacts/$target"
    echo "== campaign: fuzz $target for ${seconds}s, $jobs job(s), from ${inputs[*]}"
    start=$(date +%s)
    date_utc=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    pids=()
    for ((i = 1; i <= jobs; i++)); do
        mkdir -p "$work/$target/new$i"
        # New inputs go to the first folder (this run's), the kept one is read.
        "$bin" -max_total_time="$seconds" "${libfuzzer_flags[@]}" -print_final_stats=1 \
            -artifact_prefix="$dir/artifacts/$target/" \
            "$work/$target/new$i" "${inputs[@]}" >"$work/$target/log$i" 2>&1 &
        pids+=($!)
    done
    crashed=0
    for pid in "${pids[@]}"; do
        wait "$pid" || crashed=1
    done
    # `wait` returns early when a signal arrives; wait again for the rest.
    for pid in "${pids[@]}"; do
        while kill -0 "$pid" 2>/dev/null; do wait "$pid" || true; done
    done
    pids=()
    elapsed=$(($(date +%s) - start))

    execs=0 edges=0 features=0 crashes=0
    for ((i = 1; i <= jobs; i++)); do
        log=$work/$target/log$i
        n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
        if [ -z "$n" ]; then
            echo "campaign: $target job $i printed no final stats; its log:" >&2
            tail -20 "$log" >&2
            n=0
        fi
        execs=$((execs + n))
        # The last status line's `cov:` and `ft:` (the highest of the jobs).
        read -r e f < <(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 |
            awk '{ print $2, $4 }') || true
        [ "${e:-0}" -gt "$edges" ] && edges=$e
        [ "${f:-0}" -gt "$features" ] && features=$f
        # A fuzzer stopped by SIGINT on its own (not through this script's
        # trap) says so and exits non-zero: an interruption, not a finding.
        grep -q 'libFuzzer: run interrupted' "$log" && interrupted=1
        found=$(grep -c 'Test unit written to' "$log" || true)
        crashes=$((crashes + found))
        grep 'Test unit written to' "$log" >&2 || true
    done
    if [ "$crashed" = 1 ] && [ "$crashes" = 0 ] && [ "$interrupted" = 0 ]; then
        echo "campaign: $target exited non-zero without a saved input; its log:" >&2
        tail -30 "$work/$target/log1" >&2
        crashes=1
    fi
    [ "$crashes" -gt 0 ] && status=1

    # Minimise: merge the kept corpus and this run's finds into an empty
    # folder, then make that the kept corpus. libFuzzer's features count
    # each edge's hit counts in buckets, so `-merge=1` keeps an input for a
    # new count too; where that makes the corpus too big, keep instead the
    # (greedy) smallest set of inputs that reaches every edge any of them does.
    merged=$work/$target/merged
    minimal=$work/$target/minimal
    mkdir -p "$merged" "$minimal"
    if "$bin" -merge=1 "${libfuzzer_flags[@]}" "$merged" "${inputs[@]}" \
        "$work/$target"/new* >"$work/$target/merge.log" 2>&1; then
        if [ "$(du -sk --apparent-size "$merged" | cut -f1)" -gt "$max_kb" ] &&
            "$bin" -set_cover_merge=1 -use_counters=0 "${libfuzzer_flags[@]}" "$minimal" \
                "$merged" >>"$work/$target/merge.log" 2>&1; then
            merged=$minimal
        fi
        rm -rf "$kept"
        mkdir -p "$(dirname "$kept")"
        cp -r "$merged" "$kept"
    else
        echo "campaign: merging $target failed; kept corpus unchanged. Log:" >&2
        tail -20 "$work/$target/merge.log" >&2
        status=1
    fi
    files=$(find "$kept" -type f | wc -l)
    bytes=$(find "$kept" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
    rate=$((execs / (elapsed > 0 ? elapsed : 1)))
    echo "$date_utc,$target,$elapsed,$jobs,$execs,$rate,$crashes,$edges,$features,$files,$bytes,$rev,$machine" >>"$ledger"
    echo "== campaign: $target: $execs executions in ${elapsed}s ($rate/s), $crashes finding(s), kept corpus $files files, $bytes bytes"
    rm -rf "${work:?}/$target"
done
"$fuzz/ledger.sh"
exit "$status"
