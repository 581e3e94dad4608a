#!/usr/bin/env bash
# Builds the OpenSSL oracles (libssl.a, libcrypto.a and the `openssl` binary of
# each version the library claims) from the sources the `openssl-src` crate
# ships, once, into a cache outside the clone. A version whose cache entry is
# complete (its `.complete` stamp names the same recipe) is not rebuilt.
#
#   oracles/openssl/build.sh [VERSION...]     # default: every version below
#   SSLSESSION_ORACLES=DIR                    # cache (default ~/.cache/sslsession-oracles)
#
# OpenSSL 3.0 is the system's (Debian 12's 3.0.19, libssl-dev): nothing to build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
jobs="${JOBS:-$(nproc)}"

# version -> openssl-src crate version that carries its sources.
declare -A crate=(
  [1.1.1w]="111.28.2+1.1.1w"
  [3.5.5]="300.5.5+3.5.5"
  [3.6.3]="300.6.1+3.6.3"
  [4.0.3]="400.0.2+4.0.3"
)
# The recipe is part of the stamp: changing it rebuilds.
recipe_version=1

# Puts the openssl-src crate's tree for $1 into the cargo registry (through a
# throw-away manifest that pins it) and prints its `openssl` directory.
sources() {
  local pin="$1" tmp
  tmp="$(mktemp -d)"
  mkdir -p "$tmp/src"; : >"$tmp/src/lib.rs"
  printf '[package]\nname = "fetch-openssl-src"\nversion = "0.0.0"\nedition = "2021"\n[dependencies]\nopenssl-src = "=%s"\n[workspace]\n' "$pin" >"$tmp/Cargo.toml"
  (cd "$tmp" && cargo fetch -q)
  rm -rf "$tmp"
  local dir
  dir="$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/openssl-src-"$pin"/openssl | head -n1)"
  [ -d "$dir" ] || { echo "openssl-src $pin: no sources after cargo fetch" >&2; exit 1; }
  echo "$dir"
}

build() {
  local version="$1" prefix="$cache/openssl-$1"
  local stamp="$prefix/.complete"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "recipe $recipe_version" ]; then
    echo "openssl $version: cached in $prefix"; return
  fi
  local src work
  src="$(sources "${crate[$version]}")"
  work="$(mktemp -d)"
  cp -a "$src/." "$work/"
  rm -rf "$prefix"
  echo "openssl $version: building from $src into $prefix"
  (
    cd "$work"
    # Static libraries and the `openssl` binary only. Camellia, SEED and IDEA
    # stay on (distributions ship them; openssl-src turns them off, which
    # would shrink the cipher table d2i_SSL_SESSION accepts).
    case "$version" in
      1.1.1*)
        # 1.1.1's x86-64 assembly fails with this machine's assembler, and
        # building libraries and programs in one make races.
        ./Configure linux-x86_64 --prefix="$prefix" --openssldir="$prefix/ssl" \
          --libdir=lib no-shared no-dso no-asm no-tests >configure.log
        make -s -j"$jobs" build_libs >make.log 2>&1
        make -s -j"$jobs" build_programs >>make.log 2>&1
        make -s install_sw >>make.log 2>&1 ;;
      *)
        ./Configure --prefix="$prefix" --openssldir="$prefix/ssl" --libdir=lib \
          no-shared no-module no-tests no-docs >configure.log
        make -s -j"$jobs" build_sw >make.log 2>&1 || { tail -40 make.log >&2; exit 1; }
        make -s install_sw >>make.log 2>&1 ;;
    esac
  ) || { echo "openssl $version: build failed (in $work)" >&2; exit 1; }
  rm -rf "$work"
  echo "recipe $recipe_version" >"$stamp"
  "$prefix/bin/openssl" version
}

mkdir -p "$cache"
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(1.1.1w 3.5.5 3.6.3 4.0.3)
for v in "${versions[@]}"; do build "$v"; done
