# Shared by oracles/libressl/*.sh (sourced, not run).
#
# LIBRESSL_VERSION: the release build.sh builds; LIBRESSL_DIR: its cache entry.
LIBRESSL_VERSION=4.3.2
LIBRESSL_DIR="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}/libressl-$LIBRESSL_VERSION"

# Exits (1) unless build.sh has completed LIBRESSL_DIR.
oracle_or_exit() {
  if [ ! -f "$LIBRESSL_DIR/.complete" ]; then
    echo "LibreSSL $LIBRESSL_VERSION is not built in $LIBRESSL_DIR; run oracles/libressl/build.sh" >&2
    exit 1
  fi
}

# Compiles harness.c against the oracle's static libraries into $1 (a
# directory), unless the binary there is newer than both; prints its path.
build_harness() {
  local dir="$1" src
  src="$(dirname "${BASH_SOURCE[0]}")/harness.c"
  mkdir -p "$dir"
  if [ ! "$dir/harness" -nt "$src" ] || [ ! "$dir/harness" -nt "$LIBRESSL_DIR/.complete" ]; then
    cc -O1 -Wall -Wextra -Werror -I"$LIBRESSL_DIR/include" -o "$dir/harness" "$src" \
      "$LIBRESSL_DIR/lib/libssl.a" "$LIBRESSL_DIR/lib/libcrypto.a" -lpthread >&2
  fi
  echo "$dir/harness"
}

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits (up to 10 s) until something listens on 127.0.0.1:$1.
wait_for_port() {
  local i
  for i in $(seq 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2
  return 1
}
