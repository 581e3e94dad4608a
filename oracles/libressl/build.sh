#!/usr/bin/env bash
# Builds the LibreSSL oracle (static libssl.a, libcrypto.a, headers and the
# `openssl` binary of one LibreSSL release), once, into a cache outside the
# clone. A cache entry whose `.complete` stamp names the same recipe is reused.
#
#   oracles/libressl/build.sh                  # LibreSSL $version below
#   SSLSESSION_ORACLES=DIR                     # cache (default ~/.cache/sslsession-oracles)
#   LIBRESSL_PORTABLE_GIT=DIR LIBRESSL_OPENBSD_GIT=DIR
#                                              # git dirs of the two source trees
#
# Where the sources come from. No package registry this project reaches ships
# a current LibreSSL: crates.io has only `libressl-pnacl-sys` (LibreSSL 2.1.6,
# 2015, before d2i_SSL_SESSION was rewritten on CBS in 2016) and `libtls-sys`
# (the portable build scripts without the OpenBSD sources); Debian has no
# libressl package; PyPI and npm have none. So the build needs a local copy of
# the two git repositories LibreSSL's portable release is made from:
# libressl-portable (build scripts) and libressl/openbsd (the code, which the
# portable tree's update.sh copies in). Without them this script says so and
# exits 3; oracles/libressl/test.sh then skips (or fails under
# SSLSESSION_REQUIRE_LIBRESSL=1).
set -euo pipefail
cache="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}"
jobs="${JOBS:-$(nproc)}"

# The release: portable's tag v$version, whose update.sh checks out the
# OpenBSD tree's tag libressl-v$version (OPENBSD_BRANCH at that tag:
# OPENBSD_7_9). Its libssl/ssl_asn1.c is rev 1.69 (2024/07/22), unchanged
# on OpenBSD's master since.
version=4.3.2
portable_git="${LIBRESSL_PORTABLE_GIT:-/work/.mirror/libressl+portable/repo}"
openbsd_git="${LIBRESSL_OPENBSD_GIT:-/work/.mirror/libressl+openbsd/repo}"
# The recipe is part of the stamp: changing it rebuilds.
recipe_version=1
prefix="$cache/libressl-$version"
stamp="$prefix/.complete"
want="recipe $recipe_version libressl $version"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  echo "libressl $version: cached in $prefix"; exit 0
fi

for dir in "$portable_git" "$openbsd_git"; do
  if ! git --git-dir="$dir" rev-parse -q --verify "HEAD^{commit}" >/dev/null 2>&1; then
    echo "libressl $version: no LibreSSL sources: $dir is not a git repository." \
      "No package registry ships LibreSSL $version; set LIBRESSL_PORTABLE_GIT and" \
      "LIBRESSL_OPENBSD_GIT to clones of libressl-portable and libressl/openbsd." >&2
    exit 3
  fi
done
git --git-dir="$portable_git" rev-parse -q --verify "v$version^{commit}" >/dev/null ||
  { echo "libressl $version: $portable_git has no tag v$version" >&2; exit 1; }
git --git-dir="$openbsd_git" rev-parse -q --verify "libressl-v$version^{commit}" >/dev/null ||
  { echo "libressl $version: $openbsd_git has no tag libressl-v$version" >&2; exit 1; }

for tool in autoreconf automake libtoolize make cc; do
  command -v "$tool" >/dev/null ||
    { echo "libressl $version: $tool not found (apt-get install autoconf automake libtool build-essential)" >&2; exit 1; }
done

work="$(mktemp -d)"
rm -rf "$prefix"
echo "libressl $version: building from $portable_git and $openbsd_git into $prefix"
(
  cd "$work"
  # Local clones that share the objects: update.sh wants the portable tree
  # on its release tag and the OpenBSD tree as a clone in ./openbsd (it
  # fetches it and checks out libressl-v$version).
  git clone -q --shared --no-checkout "$portable_git" portable
  git -C portable -c advice.detachedHead=false checkout -q "v$version"
  git clone -q --shared --no-checkout "$openbsd_git" portable/openbsd
  cd portable
  ./autogen.sh >autogen.log 2>&1 || { tail -40 autogen.log >&2; exit 1; }
  ./configure --prefix="$prefix" --disable-shared >configure.log 2>&1 ||
    { tail -40 configure.log >&2; exit 1; }
  make -s -j"$jobs" >make.log 2>&1 || { tail -40 make.log >&2; exit 1; }
  make -s install >>make.log 2>&1 || { tail -40 make.log >&2; exit 1; }
) || { echo "libressl $version: build failed (in $work)" >&2; exit 1; }
rm -rf "$work"
echo "$want" >"$stamp"
"$prefix/bin/openssl" version
