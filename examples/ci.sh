#!/bin/sh
# What the store tests of sslsession-examples need on a fresh Debian machine:
# redis-server and PostgreSQL's server binaries (initdb, pg_ctl). The tests
# start and stop private instances themselves (free loopback ports, temporary
# data directories); nothing is started here. Idempotent.
set -eu

need=""
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || need="$need redis-server"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$need postgresql"
# PostgreSQL refuses to run as root; as root the tests use `runuser -u postgres`
# (util-linux), and the `postgres` OS user the Debian package creates.
command -v runuser >/dev/null 2>&1 || need="$need util-linux"

if [ -n "$need" ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    # The Debian packages start system services where an init system runs;
    # the tests never use those (they run their own instances).
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need
fi
echo "examples/ci.sh: redis-server and PostgreSQL are installed"
