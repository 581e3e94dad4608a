#!/usr/bin/env bash
# Copies a few real sessions of each oracle version's handshakes, with what
# its libssl read from them, into testdata/openssl-VERSION/ (read by
# interop/tests/recorded.rs on every machine, oracles or not).
#
#   oracles/openssl/test.sh && oracles/openssl/snapshot.sh
#
# test.sh leaves each version's sessions in $SSLSESSION_ORACLE_SESSIONS
# (default target/oracle-sessions): NAME.der as that version's i2d wrote it,
# NAME.json as its d2i and getters read it (interop/tests/handshakes.rs).
set -euo pipefail
cd "$(dirname "$0")/../.."
from="${SSLSESSION_ORACLE_SESSIONS:-$PWD/target/oracle-sessions}"
# One of each kind of session; the raw-public-key ones exist from 3.2 on.
names=(
  tls12-ticket-client
  tls12-session-id-client-cert-server
  tls12-psk-client
  tls13-ticket-client
  tls13-ticket-client-cert-server
  tls13-early-data-client
  tls13-psk-server
  tls13-both-rpk-server
  tls12-server-rpk-client
)
openssl_release() {
  case "$1" in 1.1.1) echo 1.1.1w ;; 3.5) echo 3.5.5 ;; 3.6) echo 3.6.3 ;; 4.0) echo 4.0.3 ;; esac
}
# 3.0's sessions are the corpus's (testdata/corpus/openssl-3.0).
for version in 1.1.1 3.5 3.6 4.0; do
  [ -d "$from/$version" ] || { echo "no sessions of OpenSSL $version in $from: run oracles/openssl/test.sh" >&2; exit 1; }
  to="testdata/openssl-$version"
  rm -rf "$to"; mkdir -p "$to"
  for name in "${names[@]}"; do
    [ -f "$from/$version/$name.der" ] || continue
    cp "$from/$version/$name.der" "$from/$version/$name.json" "$to/"
  done
  release=$(openssl_release "$version")
  cat >"$to/README.md" <<README
# Real sessions of OpenSSL $version ($release)

Made by real in-process handshakes of OpenSSL $release's libssl
(\`interop/tests/handshakes.rs\`, linked to the oracle build of
\`oracles/openssl/build.sh\` by \`oracles/openssl/test.sh\`), then copied here by
\`oracles/openssl/snapshot.sh\`. The bytes and values are OpenSSL's: the project
only drove the handshakes and copied what libssl wrote and reported.

- \`NAME.der\`: the session as OpenSSL $release's \`i2d_SSL_SESSION\` wrote it
  (NAME says the handshake: protocol, tickets or session-id cache, client
  certificate, PSK, early data, raw public keys; client or server side).
- \`NAME.json\`: what OpenSSL $release's \`d2i_SSL_SESSION\` read from it: the
  consumed length, every getter (byte strings in hex), its \`i2d\` and
  \`PEM_write_bio_SSL_SESSION\` output.

\`interop/tests/recorded.rs\` checks OpenSSL mode for $version against these on
every machine, oracle or not.
README
  echo "$to: $(ls "$to" | grep -c '\.der$') sessions"
done
