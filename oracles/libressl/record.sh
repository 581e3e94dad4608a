#!/usr/bin/env bash
# Records testdata/libressl/: sessions from real LibreSSL handshakes, each with
# what LibreSSL's own d2i_SSL_SESSION, getters and i2d_SSL_SESSION report
# (oracles/libressl/harness.c), its PEM and its `openssl sess_id -text`.
#
#   oracles/libressl/record.sh [OUTDIR]       # default testdata/libressl
#
# Needs the oracle (oracles/libressl/build.sh). The sessions are new on every
# run (fresh keys and secrets), so run it only to replace the recording; it
# then re-records testdata/libressl/mutations.json (LibreSSL's verdicts on the
# malformed inputs derived from them) too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/testdata/libressl}"
# shellcheck source=oracles/libressl/common.sh
. "$here/common.sh"
oracle_or_exit
harness="$(build_harness "$root/target/libressl-harness")"
openssl="$LIBRESSL_DIR/bin/openssl"

work="$(mktemp -d)"
server_pid=
cleanup() {
  [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Self-signed X.509 v3 certificates: RSA for the server, P-256 for the client.
"$openssl" req -x509 -newkey rsa:2048 -nodes -keyout "$work/skey.pem" -out "$work/scert.pem" \
  -days 3650 -subj /CN=server.test -addext subjectAltName=DNS:server.test 2>/dev/null
"$openssl" ecparam -name prime256v1 -genkey -noout -out "$work/ckey.pem"
"$openssl" req -x509 -new -key "$work/ckey.pem" -out "$work/ccert.pem" -days 3650 \
  -subj /CN=client.test -addext subjectAltName=DNS:client.test

mkdir -p "$work/sessions"
# In-process handshakes: both sides' sessions (harness.c, `scenarios`).
"$harness" handshake "$work/sessions" "$work/scert.pem" "$work/skey.pem" \
  "$work/ccert.pem" "$work/ckey.pem"

# LibreSSL's own client program: `s_client -sess_out` against its `s_server`,
# TLS 1.2 with a ticket and ALPN, and TLS 1.3 (three accepts: wait_for_port's
# probe is the first).
port="$(free_port)"
"$openssl" s_server -quiet -accept "$port" -naccept 3 -cert "$work/scert.pem" \
  -key "$work/skey.pem" -alpn h2,http/1.1 </dev/null >"$work/s_server.log" 2>&1 &
server_pid=$!
wait_for_port "$port"
for v in tls1_2 tls1_3; do
  "$openssl" s_client -connect "127.0.0.1:$port" -"$v" -servername server.test \
    -alpn h2 -sess_out "$work/s_client-$v.pem" </dev/null >"$work/s_client-$v.log" 2>&1
  name="s_client-${v/tls1_/tls1}-client"
  "$openssl" sess_id -in "$work/s_client-$v.pem" -outform DER -out "$work/sessions/$name.der"
done
wait "$server_pid" || true
server_pid=

rm -rf "$out.new"
mkdir -p "$out.new"
for der in "$work"/sessions/*.der; do
  name="$(basename "$der" .der)"
  cp "$der" "$out.new/$name.der"
  hex="$(od -An -v -tx1 "$der" | tr -d ' \n')"
  report="$(printf '%s\n' "$hex" | "$harness" decode)"
  pem="$("$openssl" sess_id -inform DER -in "$der" -outform PEM)"
  text="$("$openssl" sess_id -inform DER -in "$der" -text -noout)"
  REPORT="$report" PEM="$pem" TEXT="$text" python3 - "$out.new/$name.json" <<'PY'
import json, os, sys
r = json.loads(os.environ["REPORT"])
r["pem"] = os.environ["PEM"] + "\n"
r["text"] = os.environ["TEXT"] + "\n"
with open(sys.argv[1], "w") as f:
    json.dump(r, f, indent=2, sort_keys=True)
    f.write("\n")
PY
done
[ ! -f "$out/README.md" ] || cp "$out/README.md" "$out.new/README.md"
rm -rf "$out"
mv "$out.new" "$out"
echo "recorded $(ls "$out"/*.der | wc -l) LibreSSL $LIBRESSL_VERSION sessions in $out"
# The malformed inputs derive from these sessions: their verdicts too.
if [ "$out" = "$root/testdata/libressl" ]; then
  (cd "$root" && SSLSESSION_LIBRESSL_RECORD=1 cargo test -q -p sslsession-libressl-oracle \
    --test oracle_live mutation_verdicts_are_libressls)
fi
