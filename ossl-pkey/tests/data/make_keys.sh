#!/usr/bin/env bash
# Generates the key corpus of tests/oracle.rs with one OpenSSL release's own
# `openssl` binary: every public key type it has, several sizes and curves,
# EC points in every form and with explicit parameters. One line per key:
# "<label> <base64 of the DER SubjectPublicKeyInfo>".
#
#   tests/data/make_keys.sh 3.5.5 > tests/data/keys-3.5.5.txt
#
# The binary is ~/.cache/sslsession-oracles/openssl-VERSION/bin/openssl
# (oracles/openssl/build.sh builds it).
set -euo pipefail
version="$1"
openssl="${SSLSESSION_ORACLES:-$HOME/.cache/sslsession-oracles}/openssl-$version/bin/openssl"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# emit LABEL: the public key of $tmp/key.pem.
emit() {
  "$openssl" pkey -in "$tmp/key.pem" -pubout -outform DER -out "$tmp/pub.der" 2>/dev/null || return 0
  printf '%s %s\n' "$1" "$(base64 -w0 <"$tmp/pub.der")"
}
gen() { # LABEL ALGORITHM [genpkey options...]
  local label="$1" alg="$2"; shift 2
  "$openssl" genpkey -algorithm "$alg" "$@" -out "$tmp/key.pem" 2>/dev/null && emit "$label" || true
}

for bits in 512 1024 2048; do gen "rsa-$bits" RSA -pkeyopt "rsa_keygen_bits:$bits"; done
gen rsa-e3 RSA -pkeyopt rsa_keygen_bits:768 -pkeyopt rsa_keygen_pubexp:3
gen rsa-pss RSA-PSS -pkeyopt rsa_keygen_bits:1024
gen rsa-pss-params RSA-PSS -pkeyopt rsa_keygen_bits:1024 -pkeyopt rsa_pss_keygen_md:sha256 \
  -pkeyopt rsa_pss_keygen_mgf1_md:sha512 -pkeyopt rsa_pss_keygen_saltlen:32
gen rsa-pss-sha1 RSA-PSS -pkeyopt rsa_keygen_bits:1024 -pkeyopt rsa_pss_keygen_md:sha1

for curve in $("$openssl" ecparam -list_curves | sed -n 's/^ *\([^ :]*\) *:.*/\1/p'); do
  gen "ec-$curve" EC -pkeyopt "ec_paramgen_curve:$curve"
  gen "ec-$curve-compressed" EC -pkeyopt "ec_paramgen_curve:$curve" -pkeyopt point-format:compressed
done
for curve in prime256v1 secp384r1 secp521r1 secp112r1 secp160r1 brainpoolP256r1 sect113r1 sect163k1 sect283r1 c2pnb163v1 SM2 Oakley-EC2N-3; do
  gen "ec-$curve-explicit" EC -pkeyopt "ec_paramgen_curve:$curve" -pkeyopt ec_param_enc:explicit
  gen "ec-$curve-explicit-compressed" EC -pkeyopt "ec_paramgen_curve:$curve" -pkeyopt ec_param_enc:explicit \
    -pkeyopt point-format:compressed
  gen "ec-$curve-hybrid" EC -pkeyopt "ec_paramgen_curve:$curve" -pkeyopt point-format:hybrid
done
gen sm2 SM2

genparam() { # LABEL ALGORITHM [paramgen options...]: parameters first, then a key
  local label="$1" alg="$2"; shift 2
  "$openssl" genpkey -genparam -algorithm "$alg" "$@" -out "$tmp/params.pem" 2>/dev/null &&
    "$openssl" genpkey -paramfile "$tmp/params.pem" -out "$tmp/key.pem" 2>/dev/null && emit "$label" || true
}
genparam dsa-1024 DSA -pkeyopt dsa_paramgen_bits:1024 -pkeyopt dsa_paramgen_q_bits:160
genparam dsa-2048 DSA -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:224
gen dh-ffdhe2048 DH -pkeyopt group:ffdhe2048
gen dh-modp1536 DH -pkeyopt group:modp_1536
genparam dh-512 DH -pkeyopt dh_paramgen_prime_len:512 -pkeyopt dh_paramgen_type:generator
gen dhx-2048-224 DHX -pkeyopt dh_param:dh_2048_224
genparam dhx-1024 DHX -pkeyopt dh_paramgen_prime_len:1024 -pkeyopt dh_paramgen_subprime_len:160

for alg in X25519 X448 ED25519 ED448; do gen "$alg" "$alg"; done
for alg in ML-KEM-512 ML-KEM-768 ML-KEM-1024 ML-DSA-44 ML-DSA-65 ML-DSA-87 \
  SLH-DSA-SHA2-128s SLH-DSA-SHA2-128f SLH-DSA-SHA2-192s SLH-DSA-SHA2-192f SLH-DSA-SHA2-256s \
  SLH-DSA-SHA2-256f SLH-DSA-SHAKE-128s SLH-DSA-SHAKE-128f SLH-DSA-SHAKE-192s SLH-DSA-SHAKE-192f \
  SLH-DSA-SHAKE-256s SLH-DSA-SHAKE-256f; do
  gen "$alg" "$alg"
done
