#!/usr/bin/env bash
# Runs the version-bound tests once per OpenSSL version, each time linked to
# that version's libssl: the system's 3.0 with the plain build, the others
# statically from the cache oracles/openssl/build.sh fills (one target
# directory per version, target/openssl-VERSION, so builds do not thrash).
#
#   oracles/openssl/test.sh [cargo test arguments...]
#
# Two passes: the first runs every version's own tests and leaves the sessions
# of its handshakes in $SSLSESSION_ORACLE_SESSIONS/<version>/; the second runs
# the cross-version tests, where each version reads the others' sessions.
#
# A version whose oracle is not built is skipped, saying so, unless
# SSLSESSION_REQUIRE_ORACLES=1 (CI), where that fails the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
export SSLSESSION_ORACLE_SESSIONS="${SSLSESSION_ORACLE_SESSIONS:-$root/target/oracle-sessions}"

# The one crate built per version, and its version-bound test targets.
crate=sslsession-interop
own_tests=(--test oracle_edges --test handshakes)
cross_tests=(--test cross_version)
# Oldest first; "3.0" is the system's OpenSSL (the plain build).
releases=(1.1.1w 3.0 3.5.5 3.6.3 4.0.3)

# Runs `cargo test -p $crate` linked to release $1, with the other arguments.
run() {
  local release="$1"; shift
  if [ "$release" = 3.0 ]; then
    echo "=== OpenSSL 3.0 (system): cargo test -p $crate $*"
    cargo test -p "$crate" "$@"
    return
  fi
  local dir="$cache/openssl-$release"
  echo "=== OpenSSL $release ($dir): cargo test -p $crate $*"
  CARGO_TARGET_DIR="$root/target/openssl-$release" OPENSSL_DIR="$dir" OPENSSL_STATIC=1 \
    cargo test -p "$crate" "$@"
}

available=()
for release in "${releases[@]}"; do
  if [ "$release" = 3.0 ] || [ -f "$cache/openssl-$release/.complete" ]; then
    available+=("$release")
  elif [ "${SSLSESSION_REQUIRE_ORACLES:-}" = 1 ]; then
    echo "oracles/openssl/test.sh: OpenSSL $release is not built in $cache" \
      "(SSLSESSION_REQUIRE_ORACLES=1); run oracles/openssl/build.sh" >&2
    exit 1
  else
    echo "SKIPPED: OpenSSL $release: not built in $cache; run oracles/openssl/build.sh," \
      "or set SSLSESSION_REQUIRE_ORACLES=1 to make this a failure"
  fi
done

rm -rf "$SSLSESSION_ORACLE_SESSIONS"
mkdir -p "$SSLSESSION_ORACLE_SESSIONS"
for release in "${available[@]}"; do run "$release" "${own_tests[@]}" "$@"; done
for release in "${available[@]}"; do run "$release" "${cross_tests[@]}" "$@"; done
