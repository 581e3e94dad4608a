#!/bin/sh
# session-ffi's C suite, three ways: plain, under valgrind, under
# AddressSanitizer. Idempotent; installs what it needs with apt when missing.
# Usage (from anywhere): session-ffi/ci.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."

need=""
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
[ -f /usr/include/openssl/ssl.h ] || need="$need libssl-dev"
if [ -n "$need" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
fi

echo "== session-ffi: cargo test (plain)"
cargo test -p session-ffi

echo "== session-ffi: C suite under valgrind"
SSLSESSION_TEST_RUNNER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect" \
    cargo test -p session-ffi --test c_suite

echo "== session-ffi: C suite under AddressSanitizer"
SSLSESSION_TEST_CFLAGS="-fsanitize=address -fno-omit-frame-pointer" \
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
    cargo test -p session-ffi --test c_suite
