#!/bin/sh
# Installs, on Debian or Ubuntu, every system package the workspace's tests
# need; idempotent, and quick when all is there. Run as root, or as a user
# with sudo. scripts/test.sh runs it first; so does .ci/run.
#
#   libssl-dev, pkg-config  the `openssl` crate (interop tests, examples, benches)
#   openssl                 the `openssl` command the CLI tests compare against
#   gcc                     session-ffi's C suite (and a linker for cargo)
#   valgrind                session-ffi/ci.sh: the C suite under valgrind
#   redis-server            examples/tests/redis.rs, store-fleet/tests/*.rs
#   postgresql              examples/tests/postgres.rs, store-fleet/tests/*.rs
#                           (initdb, pg_ctl)
#   util-linux              `runuser`: as root, PostgreSQL runs as `postgres`
#   autoconf automake libtool  oracles/libressl/build.sh (LibreSSL's autogen.sh)
#   cmake, clang,           the BoringSSL and AWS-LC oracles: boring-sys and
#   libclang-dev, g++       aws-lc-sys build the vendored C/C++ with cmake and
#                           bind it with bindgen (libclang)
#   git                     boring-sys applies its patches to BoringSSL with
#                           `git apply`
#
# Nothing needs to be started here: the store tests start private servers on
# free loopback ports in temporary directories, and stop them at the end.
set -eu

packages="libssl-dev pkg-config openssl gcc valgrind redis-server postgresql util-linux autoconf automake libtool cmake clang libclang-dev g++ git"

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
        || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "scripts/setup.sh: not a Debian system; install the equivalents of:$missing" >&2
    exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
        echo "scripts/setup.sh: run as root (or install sudo) to install:$missing" >&2
        exit 1
    }
    SUDO="sudo"
fi
echo "scripts/setup.sh: installing$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # one word per package
$SUDO env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends $missing >/dev/null

# Where an init system runs, the Debian packages start their system-wide
# servers on install. The tests never use those, so stop the ones this run
# installed (never a server that was already there).
for service in redis-server postgresql; do
    case " $missing " in
        *" $service "*) $SUDO service "$service" stop >/dev/null 2>&1 || true ;;
    esac
done
