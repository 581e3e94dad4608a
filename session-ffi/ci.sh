#!/bin/sh
# session-ffi's tests: `cargo test` against the library cargo builds, then
# the C suite against the library `cargo cinstall` (cargo-c) installs into a
# temporary prefix — headers, generated pkg-config file, shared library found
# through its SONAME — plain, under valgrind and under AddressSanitizer;
# then its threads program under ThreadSanitizer, helgrind and DRD (race.sh).
# The differential part of the C suite runs against the system's libssl and
# against each OpenSSL oracle (oracles/openssl/build.sh; `SKIPPED` when not
# built, a failure with SSLSESSION_REQUIRE_ORACLES=1).
# Idempotent; installs what it needs (apt packages, cargo-c) when missing.
# Usage (from anywhere): session-ffi/ci.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."

need=""
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v readelf >/dev/null 2>&1 || need="$need binutils"
[ -f /usr/include/openssl/ssl.h ] || need="$need libssl-dev"
if [ -n "$need" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
fi

# cargo-c, once per machine (~/.cargo/bin). Pinned: 0.10.24 is the newest
# release whose rust-version (1.95) our stable toolchain meets; `cargo
# install` does not fall back to an older release by itself. It builds cargo
# itself, which links libssl (libssl-dev, above).
if ! cargo cinstall --version >/dev/null 2>&1; then
    echo "== installing cargo-c"
    cargo install --locked cargo-c --version =0.10.24
fi

echo "== session-ffi: cargo test (plain, against the build tree)"
cargo test -p session-ffi

# One more row in the schema (session-model's `schema-test-row`): the C
# field-by-index functions reach it, and the C walk over the corpus covers it.
echo "== session-ffi: a schema with one more row, from Rust and from C"
cargo test -p session-ffi --features schema-test-row --test schema_row
cargo test -p session-ffi --features schema-test-row --test c_suite fields_by_index

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix="$tmp/usr"
echo "== session-ffi: cargo cinstall --prefix $prefix"
cargo cinstall -p session-ffi --prefix "$prefix" --libdir "$prefix/lib"

# What an installed prefix must hold. The SONAME follows cargo-c's semver
# rule: libsslsession.so.0.<minor> before 1.0, libsslsession.so.<major> after.
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' session-ffi/Cargo.toml | head -n 1)
major=${version%%.*}
minor=${version#*.}; minor=${minor%%.*}
if [ "$major" = 0 ]; then sover="0.$minor"; else sover="$major"; fi
soname=$(readelf -d "$prefix/lib/libsslsession.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]$/\1/p')
if [ "$soname" != "libsslsession.so.$sover" ]; then
    echo "SONAME is '$soname', expected libsslsession.so.$sover" >&2
    exit 1
fi
echo "SONAME $soname"
for f in "lib/libsslsession.so.$sover" lib/libsslsession.a lib/pkgconfig/sslsession.pc; do
    [ -e "$prefix/$f" ] || { echo "missing from the prefix: $f" >&2; exit 1; }
done
for h in sslsession.h openssl_compat.h; do
    cmp "session-ffi/include/sslsession/$h" "$prefix/include/sslsession/$h"
done
modversion=$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --modversion sslsession)
if [ "$modversion" != "$version" ]; then
    echo "pkg-config --modversion: '$modversion', expected $version" >&2
    exit 1
fi

# tests/c_suite.rs builds every C program with pkg-config against this prefix.
SSLSESSION_TEST_PREFIX=$prefix
export SSLSESSION_TEST_PREFIX

echo "== session-ffi: C suite against the installed library"
cargo test -p session-ffi --test c_suite

echo "== session-ffi: C suite against the installed library, under valgrind"
SSLSESSION_TEST_RUNNER="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect" \
    cargo test -p session-ffi --test c_suite

echo "== session-ffi: C suite against the installed library, under AddressSanitizer"
SSLSESSION_TEST_CFLAGS="-fsanitize=address -fno-omit-frame-pointer" \
ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" \
    cargo test -p session-ffi --test c_suite

# Many threads sharing sessions (tests/c/threads.c, which the runs above
# include) under ThreadSanitizer, helgrind and DRD: no report, and each
# reports the deliberately racy variant. About a minute.
sh session-ffi/race.sh
