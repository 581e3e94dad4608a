#!/usr/bin/env bash
# Seeds DIR/TARGET/ (default DIR: fuzz/corpus) from the session corpus for
# every fuzz target whose folder does not exist yet; a folder that exists is
# left alone. Used by ci.sh (the working corpus) and campaign.sh (a first run
# of a target that has no kept corpus in fuzz/corpora/ yet).
#
#   fuzz/seed.sh                 # fuzz/corpus/TARGET/
#   fuzz/seed.sh /tmp/seeds      # /tmp/seeds/TARGET/
set -euo pipefail
cd "$(dirname "$0")"
dest=${1:-corpus}

# The full corpus beside the workspace when it is there, else the shipped subset.
if [ -f ../../shared/corpus/openssl-3.0/manifest.jsonl ]; then
    corpus=../../shared/corpus
else
    corpus=../testdata/corpus
fi

seed() { # seed TARGET GLOB...
    local dir=$dest/$1
    shift
    [ -d "$dir" ] && return 0
    mkdir -p "$dir"
    local f
    for f in "$@"; do
        [ -f "$f" ] && cp "$f" "$dir/"
    done
    return 0
}
seed decode_strict "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der
seed decode_openssl "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der
seed differential_libssl "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der
seed pem "$corpus"/openssl-3.0/*.pem
# The other libraries' sessions (recorded from their handshakes), and OpenSSL's.
seed decode_dialects ../testdata/boringssl/*.der ../testdata/aws-lc/*.der \
    ../testdata/libressl/*.der "$corpus"/openssl-3.0/p000[0-4]*.der
# Arbitrary-model targets read their bytes through `arbitrary`; real sessions
# are as good a start as any.
seed model_roundtrip "$corpus"/openssl-3.0/p000[0-4]*.der
seed encode_libssl "$corpus"/openssl-3.0/p000[0-4]*.der
# Records of the benchmark sessions, JSON (first byte 0) and CBOR (1).
seed serde_record seeds/serde_record/* "$corpus"/openssl-3.0/p000[0-4]*.der
seed ffi "$corpus"/openssl-3.0/*.der "$corpus"/malformed/*.der
