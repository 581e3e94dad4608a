#!/usr/bin/env python3
"""Turns `cargo bench -p sslsession-benches` output into the Markdown tables
of benches/README.md (median times and the ratios issue 6 asks for).

    cargo bench -p sslsession-benches --bench codec | tee bench.log
    python3 benches/criterion-table.py bench.log
    python3 benches/criterion-table.py --medians bench.log   # group/op/input<TAB>ns, for compare.sh
"""
import re
import sys

UNIT = {"ps": 1e-3, "ns": 1.0, "µs": 1e3, "us": 1e3, "ms": 1e6, "s": 1e9}

medians_only = sys.argv[1] == "--medians"
log = sys.argv[2] if medians_only else sys.argv[1]
times = {}
name = None
for line in open(log, encoding="utf-8"):
    m = re.match(r"^((?:decode|encode)/[\w-]+/[\w-]+)", line)
    if m:
        name = m.group(1)
    m = re.search(r"time:\s+\[\S+ \S+ (\S+) (\S+) \S+ \S+\]", line)
    if m and name:
        times[name] = float(m.group(1)) * UNIT[m.group(2)]
        name = None

if medians_only:
    for key, ns in times.items():
        print(f"{key}\t{ns}")
    sys.exit(0)

inputs = []
for key in times:
    label = key.split("/")[2]
    if label not in inputs:
        inputs.append(label)


def t(group, op, label):
    return times.get(f"{group}/{op}/{label}")


def fmt(ns):
    return "-" if ns is None else (f"{ns:.0f} ns" if ns >= 100 else f"{ns:.1f} ns")


def ratio(a, b):
    return "-" if a is None or b is None or b == 0 else f"{a / b:.1f}×"


print("| input | strict | strict, no cert check | OpenSSL mode | Bytes | OpenSSL d2i | memcpy | "
      "OpenSSL ÷ strict | OpenSSL ÷ strict no check | strict ÷ memcpy | strict ÷ to_vec |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for label in inputs:
    s, n, o, b, d, c, v = (t("decode", op, label) for op in (
        "ours-strict", "ours-strict-nocert", "ours-opensslmode", "ours-bytes",
        "openssl-d2i", "copy", "copy-vec"))
    print(f"| {label} | {fmt(s)} | {fmt(n)} | {fmt(o)} | {fmt(b)} | {fmt(d)} | {fmt(c)} | "
          f"{ratio(d, s)} | {ratio(d, n)} | {ratio(s, c)} | {ratio(s, v)} |")
print()
print("| input | encode_into | encode (Vec) | encoded_len | OpenSSL i2d (to_der) | memcpy | "
      "OpenSSL ÷ encode_into | OpenSSL ÷ encode |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for label in inputs:
    i, e, l, d, c = (t("encode", op, label) for op in (
        "ours-encode-into", "ours-encode-vec", "ours-encoded-len", "openssl-i2d", "copy"))
    print(f"| {label} | {fmt(i)} | {fmt(e)} | {fmt(l)} | {fmt(d)} | {fmt(c)} | {ratio(d, i)} | {ratio(d, e)} |")


def best(group, ops, label):
    """The peer operation with the least time, as (name, ns)."""
    found = [(op, t(group, op, label)) for op in ops]
    found = [(op, ns) for op, ns in found if ns is not None]
    return min(found, key=lambda x: x[1]) if found else ("-", None)


print()
print("| input | decode: ours-strict-nocert | asn1 | der | rasn | best peer ÷ ours | "
      "encode: ours-encode-into | asn1 (new Vec) | der (into slice) | rasn (reused Vec) | best peer ÷ ours |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for label in inputs:
    n = t("decode", "ours-strict-nocert", label)
    dec = [f"peer-{p}-decode" for p in ("asn1", "der", "rasn")]
    bd, bdt = best("decode", dec, label)
    i = t("encode", "ours-encode-into", label)
    enc = [f"peer-{p}-encode" for p in ("asn1", "der", "rasn")]
    be, bet = best("encode", enc, label)
    print(f"| {label} | {fmt(n)} | " + " | ".join(fmt(t("decode", op, label)) for op in dec)
          + f" | {bd[5:-7]} {ratio(bdt, n)} | {fmt(i)} | "
          + " | ".join(fmt(t("encode", op, label)) for op in enc)
          + f" | {be[5:-7]} {ratio(bet, i)} |")
