#!/bin/sh
# Concurrency checks of the C library: tests/c/threads.c (eight threads
# sharing sessions: up_ref/free while others call i2d and every getter, d2i
# of the same bytes, setters on private sessions, per-thread error queues,
# setters on a shared session) under
#   - ThreadSanitizer: the library built with `-Zsanitizer=thread` (stable
#     rustc with RUSTC_BOOTSTRAP=1, as fuzz/ci.sh's AddressSanitizer builds),
#     the C program with clang's `-fsanitize=thread`, linked with the TSan
#     runtime of that same rustc (gcc 12's and clang 14's runtimes lack the
#     `__tsan_memcpy`/`__tsan_memset` that rustc's LLVM 22 emits);
#   - valgrind's helgrind and DRD, on the ordinary build;
# each with zero reports and no suppression of ours (valgrind keeps its own
# default.supp for glibc). Then, so that a detector that sees nothing cannot
# pass, the racy variant (RACY_SELF_CHECK: an unlocked write into bytes the
# library's i2d reads in other threads) must be reported by each of the three,
# in the library's i2d (tests/c_suite.rs, `threads`, asserts it).
#
# std is not rebuilt with the sanitizer (`-Zbuild-std` needs the rust-src
# component, which a stable toolchain that cannot download does not have):
# std's own code is not instrumented (`-Cunsafe-allow-abi-mismatch=sanitizer`
# accepts that). What the library synchronises with is therefore visible
# without it: its sessions' lock is a pthread rwlock (TSan intercepts it,
# helgrind and DRD know it) and its reference count an atomic in its own,
# instrumented code (src/lock.rs, src/handle.rs say why).
#
# The instrumented build goes to a temporary target directory (about 80 MB),
# removed at the end. Usage (from anywhere): session-ffi/race.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."

need=""
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v clang >/dev/null 2>&1 || need="$need clang"
command -v nm >/dev/null 2>&1 || need="$need binutils"
# TSan names the functions in its reports only through llvm-symbolizer (the
# racy variant must be reported in the library's i2d, by name).
command -v llvm-symbolizer >/dev/null 2>&1 || need="$need llvm"
if [ -n "$need" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
fi

host=$(rustc -vV | sed -n 's/^host: //p')
runtime=$(ls "$(rustc --print sysroot)/lib/rustlib/$host/lib/"librustc-*_rt.tsan.a 2>/dev/null | head -n 1)
if [ -z "$runtime" ]; then
    echo "race.sh: rustc has no ThreadSanitizer runtime for $host" >&2
    exit 1
fi

target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT

echo "== session-ffi: the library built with ThreadSanitizer ($target)"
# --target: RUSTFLAGS then reach only the target's crates, not build scripts.
RUSTC_BOOTSTRAP=1 CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" \
RUSTFLAGS="-Zsanitizer=thread -Cunsafe-allow-abi-mismatch=sanitizer -Cdebuginfo=line-tables-only" \
    cargo build -p session-ffi --target "$host"
lib="$target/$host/debug/libsslsession.a"
# The library's own code is instrumented (a build without the flag would
# still link, and TSan would see none of its accesses but memcpy's).
nm "$lib" 2>/dev/null | grep -q ' U __tsan_func_entry$' || {
    echo "race.sh: $lib calls no __tsan_func_entry: not instrumented" >&2
    exit 1
}

tsan_cflags="-fsanitize=thread -fno-sanitize-link-runtime -Wl,--whole-archive $runtime -Wl,--no-whole-archive"
for racy in 0 1; do
    echo "== session-ffi: threads under ThreadSanitizer (racy variant: $racy)"
    SSLSESSION_THREADS_RACY=$racy SSLSESSION_THREADS_ROUNDS=20 \
    CC=clang SSLSESSION_TEST_LIBRARY="$lib" \
    SSLSESSION_TEST_CFLAGS="$tsan_cflags" \
    TSAN_OPTIONS="exitcode=66 external_symbolizer_path=$(command -v llvm-symbolizer)" \
        cargo test -p session-ffi --test c_suite threads
done

# valgrind's tools serialise the threads and run some 50 times slower: 3
# rounds (each thread still goes through every phase on every session).
# SSLSESSION_THREADS_GLOBALS=0: no thread sets the process-wide version and
# dialect while others read them. Those are atomics, whose acquire loads and
# release stores are plain MOVs on x86-64: helgrind and DRD cannot tell them
# from unsynchronised accesses and reported them. ThreadSanitizer, which
# knows atomics, checks that part above.
for tool in helgrind drd; do
    for racy in 0 1; do
        echo "== session-ffi: threads under valgrind --tool=$tool (racy variant: $racy)"
        SSLSESSION_THREADS_RACY=$racy SSLSESSION_THREADS_ROUNDS=3 SSLSESSION_THREADS_GLOBALS=0 \
        SSLSESSION_TEST_RUNNER="valgrind -q --tool=$tool --error-exitcode=99 --num-callers=40" \
            cargo test -p session-ffi --test c_suite threads
    done
done
