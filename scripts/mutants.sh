#!/usr/bin/env bash
# Mutation testing with cargo-mutants (issue 15): mutants/README.md says how
# to read what it writes.
#
#   scripts/mutants.sh diff [BASE]        mutants in the lines the working tree
#                                         changes against BASE (default: the
#                                         merge base with main); nothing recorded
#   scripts/mutants.sh run CRATE [COUNT]  the campaign: the next COUNT (default
#                                         40) mutants of CRATE at HEAD that the
#                                         ledger has no current outcome for;
#                                         outcomes into mutants/ledger/CRATE.tsv,
#                                         then mutants/REPORT.md
#   scripts/mutants.sh recheck CRATE      the ledger's missed and timed-out
#                                         mutants of CRATE again (after a test
#                                         was added to kill them)
#   scripts/mutants.sh report             mutants/REPORT.md from the ledgers
#   scripts/mutants.sh ci                 CI's short pass (.ci/run): see below
#
# Extra arguments after `--` go to cargo-mutants (e.g. `-- --shard 1/4` to
# split one `run` between machines).
#
# Where it builds: `diff`, `run` and `recheck` never touch the work tree. They
# keep a copy of the sources (the working tree for `diff`, HEAD's tree for
# `run`/`recheck`) in $SSLSESSION_MUTANTS_DIR (default
# ~/.cache/sslsession-mutants/tree), synchronised file by file (an unchanged
# file keeps its mtime, so cargo rebuilds only what changed), and run
# cargo-mutants --in-place there, in that copy's own target/ which stays warm
# from one run to the next. cargo-mutants' default (a fresh copy of the tree
# per run, each with its own target/) would rebuild every dependency of the
# tested crates in every run: minutes and gigabytes per session on a 2-core
# machine. --in-place is safe there because nothing but this script writes in
# that copy, and each run first rewrites any file a killed run left mutated.
#
# CI (`ci`) mutates CI's own fresh clone in place instead: its target/ is
# already built by the test step, so no second build tree is made (CI's disk
# is limited), and nothing is lost if a mutant is left behind by a kill (the
# script restores it anyway before the steps after it).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# cargo-mutants release this script and mutants/ledger were made with
# (`cargo install --locked cargo-mutants@VERSION`; 27.1.0 needs Rust 1.88).
CARGO_MUTANTS_VERSION=27.1.0

# Tests run for each crate's mutants: the crate's own, plus the suites that
# really test it. Left out everywhere: the store crates (session-store,
# session-store-openssl, store-fleet: Redis, PostgreSQL, TLS servers; they
# test caching, and the codec bytes they carry are session-der's corpus
# tests' business), the per-version oracle runs (oracles/openssl/test.sh:
# every mutant would relink against four static libssl builds), the
# BoringSSL/AWS-LC/LibreSSL oracles (their own workspaces; what BoringSSL
# and AWS-LC answered on ~88 000 malformed inputs is replayed by
# session-der's tests/recorded_verdicts.rs, LibreSSL's by its oracle crate,
# which is in the main workspace) and doctests (.cargo/mutants.toml).
#
# MUTANTS_TEST_PACKAGES (space-separated packages) replaces the set for a
# `run` or `recheck`, e.g. `MUTANTS_TEST_PACKAGES=session-der` for the
# mutants of x509_boringssl.rs and x509_awslc.rs, the BoringSSL and AWS-LC
# certificate parsers, which neither other suite reaches (sslsession-interop
# reads OpenSSL sessions, the LibreSSL oracle LibreSSL ones): the same
# verdicts for less building. A smaller set can only let more mutants
# survive, never catch one the whole set would not.
test_packages() {
    if [ -n "${MUTANTS_TEST_PACKAGES:-}" ]; then
        echo "$MUTANTS_TEST_PACKAGES"
        return 0
    fi
    case "$1" in
    # ossl-asn1's rules are exercised through session-der's malformed-input
    # tables and corpus, which pin OpenSSL's answers.
    ossl-asn1) echo "ossl-asn1 session-der" ;;
    # The model is the decoder's output and the encoder's input: session-der's
    # corpus and case tests are where its values are checked against OpenSSL.
    session-model) echo "session-model session-der" ;;
    # session-der's own suites (corpus, cases, malformed, versions, the asn1
    # oracle); sslsession-interop: the system libssl (3.0) in-process,
    # d2i/i2d and getters compared input by input, recorded sessions of every
    # version, live handshakes that resume from our encoding; and
    # sslsession-libressl-oracle: the LibreSSL dialect against LibreSSL
    # 4.3.2's recorded answers (testdata/libressl) and, where it is built, the
    # live one (nothing else tests Mode::LibreSsl's templates).
    session-der) echo "session-der sslsession-interop sslsession-libressl-oracle" ;;
    session-serde) echo "session-serde" ;;
    session-ffi) echo "session-ffi" ;;
    *)
        echo "scripts/mutants.sh: no test set for crate '$1'" >&2
        return 1
        ;;
    esac
}

# Features for each crate's run: session-der's `asn1` module is only compiled
# with its feature, and its mutants would otherwise all "survive".
features() {
    case "$1" in
    ossl-asn1 | session-model | session-der) echo "--features=session-der/asn1" ;;
    *) echo "" ;;
    esac
}

need_cargo_mutants() {
    local have
    have=$(cargo mutants --version 2>/dev/null | awk '{print $2}') || true
    if [ "$have" != "$CARGO_MUTANTS_VERSION" ]; then
        echo "scripts/mutants.sh: installing cargo-mutants $CARGO_MUTANTS_VERSION (found: ${have:-none})" >&2
        cargo install --locked "cargo-mutants@$CARGO_MUTANTS_VERSION"
    fi
}

# How `diff`, `run` and `recheck` build in their tree: without debug info
# (nothing is debugged there, and linking the two dozen test binaries of
# session-der's test set after each mutation is most of a mutant's time),
# and with mold as the linker where it is installed (Debian's `mold`). Not
# for `ci`: CI's target/ was built
# by the test step with the default profile, and a different profile or
# RUSTFLAGS would rebuild every dependency.
fast_build_env() {
    export CARGO_PROFILE_DEV_DEBUG=0 CARGO_PROFILE_TEST_DEBUG=0
    # opt-level 1 (overflow checks and debug assertions stay on): the test
    # set of a session-model mutant ran in 40 s at opt-level 0, 9 s at 1
    # (the replay of ~88 000 recorded verdicts and the corpus suites), for
    # ~5 s more build per session-der mutant.
    export CARGO_PROFILE_DEV_OPT_LEVEL=1
    if command -v mold >/dev/null 2>&1 && [ -z "${RUSTFLAGS:-}" ]; then
        export RUSTFLAGS="-C link-arg=-fuse-ld=mold"
    fi
}

cache=${SSLSESSION_MUTANTS_DIR:-$HOME/.cache/sslsession-mutants}
tree=$cache/tree

# Make $tree hold exactly the files listed on stdin (paths relative to $1),
# rewriting only those that differ (new mtime: cargo rebuilds them) and
# deleting those no longer listed; target/ is kept.
sync_tree() {
    local src=$1 list
    list=$(mktemp)
    sort -u >"$list"
    mkdir -p "$tree"
    while IFS= read -r f; do
        [ -f "$src/$f" ] || continue
        if ! cmp -s "$src/$f" "$tree/$f"; then
            mkdir -p "$(dirname "$tree/$f")"
            rm -f "$tree/$f"
            cp "$src/$f" "$tree/$f"
        fi
    done <"$list"
    (cd "$tree" && find . -path ./target -prune -o -path ./mutants.out -prune -o -type f -print |
        sed 's|^\./||' | sort) | comm -23 - "$list" | while IFS= read -r f; do rm -f "$tree/$f"; done
    rm -f "$list"
}

# $tree := the tree of commit $1.
tree_at_commit() {
    local stage
    stage=$(mktemp -d)
    git archive "$1" | tar -x -C "$stage"
    (cd "$stage" && find . -type f | sed 's|^\./||') | sync_tree "$stage"
    rm -rf "$stage"
}

# $tree := the working tree (tracked and untracked, not ignored files).
tree_at_worktree() {
    git ls-files -co --exclude-standard | sync_tree "$root"
}

# cargo mutants in $tree, in place, output in $1; more arguments after.
mutants_in_tree() {
    local out=$1
    shift
    rm -rf "$out"
    mkdir -p "$out"
    (cd "$tree" && cargo mutants --in-place --no-times -o "$out" "$@")
}

# The baseline, run by this script rather than by cargo-mutants: cargo-mutants
# 27.1 runs its baseline with the mutated crate's tests only (not the
# --test-package set), so it would neither check that the whole test set
# passes unmutated nor time it (its timeouts would be those of session-model's
# own second of tests). Prints the test timeout for the mutants: 3x the test
# set's time, at least 60 s (the machine is shared: twice as slow is load, not
# a hang).
baseline() {
    local crate=$1 tp=() p feat s e
    for p in $(test_packages "$crate"); do tp+=(-p "$p"); done
    feat=$(features "$crate")
    (cd "$tree" && cargo test "${tp[@]}" ${feat:+"$feat"} --lib --tests --no-run) >&2
    s=$(date +%s)
    (cd "$tree" && cargo test "${tp[@]}" ${feat:+"$feat"} --lib --tests) >"$cache/baseline-$crate.log" 2>&1 || {
        echo "scripts/mutants.sh: the unmutated tests fail ($cache/baseline-$crate.log); no mutant run" >&2
        return 1
    }
    e=$(date +%s)
    echo "scripts/mutants.sh: baseline of $crate's test set: $((e - s)) s" >&2
    echo $((3 * (e - s) > 60 ? 3 * (e - s) : 60))
}

# Escape a mutant's name into a regex that matches it exactly.
exact_re() {
    printf '^%s$' "$(printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|/]/\\&/g')"
}

ledger() { echo "$root/mutants/ledger/$1.tsv"; }

# The crate's mutants at HEAD (names as --list prints them), in the files
# MUTANTS_FILES names if set (space-separated globs, as cargo-mutants' --file:
# e.g. `MUTANTS_FILES="session-der/src/decode.rs session-der/src/encode.rs"`
# to run the decoder and encoder first).
list_mutants() {
    local files=() f
    for f in ${MUTANTS_FILES:-}; do files+=(--file "$f"); done
    (cd "$tree" && cargo mutants --list -p "$1" "${files[@]}")
}

# Fold the outcomes of a cargo-mutants run into the crate's ledger.
record() {
    local crate=$1 out=$2
    python3 "$root/scripts/mutants_report.py" record \
        --ledger "$(ledger "$crate")" --outcomes "$out/mutants.out/outcomes.json" \
        --commit "$(git rev-parse HEAD)" --version "$CARGO_MUTANTS_VERSION"
}

run_names() {
    # Run the mutants named in file $2 for crate $1; record them.
    local crate=$1 names=$2
    shift 2
    local args=() n f
    while IFS= read -r n; do
        [ -n "$n" ] && args+=(-F "$(exact_re "$n")")
    done <"$names"
    # cargo-mutants 27.1.0 applies -F to every mutant but its struct-field
    # deletions ("delete field x from struct S expression", visit.rs pushes
    # them without the name filter): --file keeps those of other files out.
    for f in $(cut -d: -f1 "$names" | sort -u); do args+=(--file "$f"); done
    if [ ${#args[@]} -eq 0 ]; then
        echo "scripts/mutants.sh: nothing to run for $crate"
        return 0
    fi
    local tp p
    tp=()
    for p in $(test_packages "$crate"); do tp+=(--test-package "$p"); done
    local out=$cache/out/$crate
    local feat
    feat=$(features "$crate")
    local t
    t=$(baseline "$crate")
    # Exit codes: 0 all caught, 2 some missed, 3 some timed out; 1, 4 (the
    # baseline failed) and others are failures of the run itself.
    local rc=0
    mutants_in_tree "$out" -p "$crate" "${tp[@]}" ${feat:+"$feat"} \
        --baseline=skip --timeout "$t" --build-timeout 900 "${args[@]}" "$@" || rc=$?
    case $rc in 0 | 2 | 3) ;; *)
        echo "scripts/mutants.sh: cargo mutants failed ($rc); nothing recorded" >&2
        return "$rc"
        ;;
    esac
    record "$crate" "$out"
    python3 "$root/scripts/mutants_report.py" report --root "$root"
}

# The whole command is one function, read by bash before it runs, and the
# call and the exit are one line: a run of a campaign lasts long, and editing
# this file meanwhile must not change what the running copy executes next.
main() {
    cmd=${1:-}
    [ $# -gt 0 ] && shift
    case "$cmd" in
    diff)
        need_cargo_mutants
        fast_build_env
        base=${1:-$(git merge-base HEAD main)}
        [ $# -gt 0 ] && shift
        [ "${1:-}" = "--" ] && shift
        tree_at_worktree
        patch=$cache/diff.patch
        git diff "$base" -- '*.rs' >"$patch"
        if [ ! -s "$patch" ]; then
            echo "scripts/mutants.sh: no Rust change against $base"
            exit 0
        fi
        # One cargo-mutants run per crate the diff touches, with that crate's
        # test set; crates with no test set (tests, tools, the store crates) are
        # not mutated.
        rc=0
        for crate in ossl-asn1 session-model session-der session-serde session-ffi; do
            grep -q "^+++ b/$crate/src/" "$patch" || continue
            tp=()
            for p in $(test_packages "$crate"); do tp+=(--test-package "$p"); done
            feat=$(features "$crate")
            t=$(baseline "$crate")
            mutants_in_tree "$cache/out/diff-$crate" -p "$crate" "${tp[@]}" ${feat:+"$feat"} \
                --baseline=skip --timeout "$t" --build-timeout 900 --in-diff "$patch" "$@" || rc=$?
        done
        exit "$rc"
        ;;
    run)
        need_cargo_mutants
        fast_build_env
        crate=${1:?crate}
        count=${2:-40}
        shift $(($# < 2 ? $# : 2))
        [ "${1:-}" = "--" ] && shift
        git diff --quiet HEAD -- "$crate/src" || {
            echo "scripts/mutants.sh: $crate/src has uncommitted changes; the ledger records commits" >&2
            exit 1
        }
        tree_at_commit HEAD
        names=$(mktemp)
        list_mutants "$crate" | python3 "$root/scripts/mutants_report.py" pending \
            --root "$root" --ledger "$(ledger "$crate")" --count "$count" >"$names"
        run_names "$crate" "$names" "$@"
        rm -f "$names"
        ;;
    recheck)
        need_cargo_mutants
        fast_build_env
        crate=${1:?crate}
        shift
        [ "${1:-}" = "--" ] && shift
        tree_at_commit HEAD
        names=$(mktemp)
        list_mutants "$crate" | python3 "$root/scripts/mutants_report.py" survivors \
            --root "$root" --ledger "$(ledger "$crate")" >"$names"
        run_names "$crate" "$names" "$@"
        rm -f "$names"
        ;;
    report)
        python3 "$root/scripts/mutants_report.py" report --root "$root"
        ;;
    ci)
        # The mutants of the lines the last commit changed (against its first
        # parent: for a merge, everything the merged branch brought), each crate
        # with its test set, in this clone, in place, at most MUTANTS_CI_SECONDS
        # (default 180) of mutants in all, in source order (the same ones each
        # time for the same change). Fails on a missed mutant that
        # mutants/EQUIVALENT.md does not list. A change that touches no library
        # source costs one `git diff`.
        base=${MUTANTS_BASE:-HEAD~1}
        budget=${MUTANTS_CI_SECONDS:-180}
        if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
            echo "mutants (ci): no $base in this clone; nothing to compare against"
            exit 0
        fi
        patch=$(mktemp)
        git diff "$base" HEAD -- '*.rs' >"$patch"
        crates=()
        for crate in ossl-asn1 session-model session-der session-serde session-ffi; do
            grep -q "^+++ b/$crate/src/" "$patch" && crates+=("$crate")
        done
        if [ ${#crates[@]} -eq 0 ]; then
            echo "mutants (ci): no library source changed since $base"
            rm -f "$patch"
            exit 0
        fi
        need_cargo_mutants
        status=0
        spent=0
        for crate in "${crates[@]}"; do
            left=$((budget - spent))
            if [ "$left" -le 10 ]; then
                echo "mutants (ci): time budget spent; $crate's changed lines not tested here (scripts/mutants.sh run $crate)"
                continue
            fi
            n=$(cargo mutants --list -p "$crate" --in-diff "$patch" | grep -c . || true)
            if [ "$n" -eq 0 ]; then
                echo "mutants (ci): $crate: the change has no mutable line"
                continue
            fi
            echo "mutants (ci): $crate: $n mutants in the changed lines"
            tp=()
            tpc=()
            for p in $(test_packages "$crate"); do
                tp+=(--test-package "$p")
                tpc+=(-p "$p")
            done
            feat=$(features "$crate")
            # The unmutated test set is built first, outside the budget: the test
            # step built the workspace with its unified features, this set may
            # resolve a few dependencies' features differently.
            cargo test "${tpc[@]}" ${feat:+"$feat"} --lib --tests --no-run
            out=$(mktemp -d)
            rc=0
            s=$(date +%s)
            # No baseline (the test step just ran these tests); a mutant's tests
            # stopped after 120 s count as a timeout. SIGINT at the budget:
            # cargo-mutants puts the mutated file back before it exits.
            timeout -s INT -k 20 "$left" cargo mutants --in-place --no-times -o "$out" \
                -p "$crate" "${tp[@]}" ${feat:+"$feat"} --baseline=skip --timeout 120 \
                --build-timeout 600 --in-diff "$patch" || rc=$?
            spent=$((spent + $(date +%s) - s))
            # Whatever happened, the sources are the commit's again.
            git checkout -- "$crate/src"
            case $rc in
            0 | 2 | 3) ;;
            124 | 130 | 137)
                echo "mutants (ci): $crate stopped at the time budget; the outcomes so far are checked"
                ;;
            *)
                echo "mutants (ci): cargo mutants failed on $crate ($rc)" >&2
                status=1
                ;;
            esac
            python3 scripts/mutants_report.py check --root "$root" --out "$out/mutants.out" || status=1
            rm -rf "$out"
        done
        rm -f "$patch"
        exit "$status"
        ;;
    *)
        sed -n '2,20p' "$0" >&2
        exit 2
        ;;
    esac
}

main "$@"; exit $?
