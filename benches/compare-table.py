#!/usr/bin/env python3
"""The tables of benches/compare.sh (issue 14): one per session, every
implementation's instructions per operation beside ours, the ratios issue 14
sets targets for, and a summary. Run by compare.sh:

    compare-table.py MEASUREMENTS.tsv CRITERION.tsv DATE COMMIT COMMAND VERSIONS CORPUS

MEASUREMENTS.tsv: input, size, cert|nocert, row key, instructions/op (or
n/a), size of the session in the row's dialect. CRITERION.tsv (may be empty):
group/op/input or openssl-VERSION/d2i|i2d/input, then the median in ns.
"""
import re
import sys

meas_path, crit_path, date, commit, command, versions, corpus = sys.argv[1:8]

# Issue 14's targets.
VS_35_NOCERT = 20.0  # decode of a session without a peer certificate
VS_35_CERT = 60.0  # decode of a session with one, checked
VS_35_ENCODE = 20.0  # encode into a buffer
VS_BEST = 3.0  # best other peer's instructions ÷ ours, decode and encode

inputs = []  # (label, size, cert)
cost = {}  # (label, key) -> float or None
nbytes = {}  # (label, key) -> str
for line in open(meas_path, encoding="utf-8"):
    label, size, cert, key, c, b = line.rstrip("\n").split("\t")
    if (label, size, cert) not in inputs:
        inputs.append((label, size, cert))
    cost[(label, key)] = None if c == "n/a" else float(c)
    nbytes[(label, key)] = b

crit = {}
for line in open(crit_path, encoding="utf-8"):
    k, ns = line.rstrip("\n").split("\t")
    crit[k] = float(ns)

openssl = sorted({k.split("/")[0] for (_, k) in cost if k.startswith("openssl-")},
                 key=lambda v: [int(x) for x in re.findall(r"\d+", v)])
lts = next((v for v in openssl if v.startswith("openssl-3.5")), None)
cbs = [lib for lib in ("boringssl", "aws-lc") if any(k.startswith(lib + "/") for (_, k) in cost)]
CBS_NAME = {"boringssl": "BoringSSL", "aws-lc": "AWS-LC"}
RUST = {"asn1": "asn1 0.24.1 derive", "der": "der 0.8.3 derive", "rasn": "rasn 0.30.0 derive"}

# The rows: (side, key, description, the ours row it is compared with).
# The C libraries parse the peer certificate (OpenSSL's d2i_X509; BoringSSL
# and AWS-LC's session_cache_objects in ssl_x509.cc), so they are compared
# with ours checking it; the Rust peers keep it as a raw element, so with
# ours not looking into it.
ROWS = [
    ("decode", "ours-strict", "ours, strict, certificate checked", None),
    ("decode", "ours-strict-nocert", "ours, strict, certificate not looked into", None),
    ("decode", "ours-opensslmode", "ours, OpenSSL 3.0 mode (`Cow`), certificate checked", None),
    ("decode", "ours-bytes", "ours, `decode_bytes` (`Bytes`), certificate checked", None),
]
for v in openssl:
    ROWS.append(("decode", f"{v}/d2i", f"OpenSSL {v[8:]} `d2i_SSL_SESSION`", "ours-strict"))
for lib in cbs:
    ROWS.append(("decode", f"{lib}/from-bytes", f"{CBS_NAME[lib]} `SSL_SESSION_from_bytes`", "ours-strict"))
    ROWS.append(("decode", f"{lib}/d2i", f"{CBS_NAME[lib]} `d2i_SSL_SESSION`", "ours-strict"))
for p, name in RUST.items():
    ROWS.append(("decode", f"peer-{p}-decode", f"{name} (certificate raw)", "ours-strict-nocert"))
ROWS.append(("encode", "ours-encode-into", "ours, `encode_into` a buffer", None))
for v in openssl:
    ROWS.append(("encode", f"{v}/i2d", f"OpenSSL {v[8:]} `i2d_SSL_SESSION` twice, into a new `Vec` (`to_der`)", "ours-encode-into"))
for lib in cbs:
    ROWS.append(("encode", f"{lib}/to-bytes", f"{CBS_NAME[lib]} `SSL_SESSION_to_bytes` (its buffer, freed)", "ours-encode-into"))
    ROWS.append(("encode", f"{lib}/i2d", f"{CBS_NAME[lib]} `i2d_SSL_SESSION` twice, into a new `Vec`", "ours-encode-into"))
ROWS += [
    ("encode", "peer-asn1-encode", f"{RUST['asn1']} (a new `Vec`)", "ours-encode-into"),
    ("encode", "peer-der-encode", f"{RUST['der']} (into a slice)", "ours-encode-into"),
    ("encode", "peer-rasn-encode", f"{RUST['rasn']} (into a reused `Vec`)", "ours-encode-into"),
    ("floor", "copy", "memcpy into an existing buffer", None),
    ("floor", "copy-vec", "`to_vec` (malloc, memcpy, free)", None),
]
DECODE_PEERS = [k for (s, k, _, o) in ROWS if s == "decode" and o and not k.startswith("openssl-")]
ENCODE_PEERS = [k for (s, k, _, o) in ROWS if s == "encode" and o and not k.startswith("openssl-")]
OURS_OF = {k: o for (_, k, _, o) in ROWS}
DESC = {k: d for (_, k, d, _) in ROWS}


def fmt(x):
    return "n/a" if x is None else f"{x:.1f}"


def ratio(a, b):
    return None if a is None or b is None or b == 0 else a / b


def rfmt(r):
    return "-" if r is None else f"{r:.1f}×"


def crit_key(label, side, key):
    if key.startswith("openssl-"):
        return f"{key}/{label}"
    group = "decode" if side in ("decode", "floor") else "encode"
    return f"{group}/{key}/{label}"


def ns(label, side, key):
    t = crit.get(crit_key(label, side, key))
    return "" if t is None else (f"{t:.0f}" if t >= 100 else f"{t:.1f}")


def best(label, keys):
    """The peer with the fewest instructions on this input, as (key, ratio to
    its like-for-like ours)."""
    found = [(k, cost.get((label, k))) for k in keys]
    found = [(k, c) for k, c in found if c is not None]
    if not found:
        return None, None
    k, c = min(found, key=lambda x: x[1])
    return k, ratio(c, cost.get((label, OURS_OF[k])))


def short(key):
    if key is None:
        return "-"
    if key.startswith("peer-"):
        return key.split("-")[1]
    lib, op = key.split("/")
    return f"{CBS_NAME.get(lib, lib)} {op}"


def need(label, key, target):
    """The instructions ours may take at most to meet `target` against row
    `key`: its instructions ÷ the target."""
    c = cost.get((label, key)) if key else None
    return "-" if c is None else f"{c / target:.0f}"


def verdict(r, target):
    if r is None:
        return "-"
    return "**met**" if r >= target else "**missed**"


out = []
w = out.append
w(f"Measured on {date} on the tree of commit {commit} with `{command}` "
  f"(instructions per operation: (Ir(N) − Ir(0)) / N of each driver under "
  f"valgrind callgrind; deterministic, so N only averages the warm-up away). "
  f"{versions}. Corpus: `{corpus}`; BoringSSL and AWS-LC read each session "
  f"converted to their dialect by our `convert` (its size in the bytes column), "
  f"\"n/a\" where the conversion refuses (a cipher the library does not have). "
  f"\"÷ ours\" is the row's instructions over those of ours doing the same work: "
  f"`ours-strict` for the C libraries, which parse the peer certificate, "
  f"`ours-strict-nocert` for the Rust peers, which keep it raw, "
  f"`ours-encode-into` for every encoder."
  + (" ns/op: criterion medians (50 samples) of the same operations on the "
     "same sessions (the `codec` bench of the main workspace, of each OpenSSL "
     "build and of the BoringSSL and AWS-LC oracle workspaces)." if crit else
     " Criterion ns/op: `CRITERION=1` (not in this run)."))
summary = []
for label, size, cert in inputs:
    w("")
    w(f"#### {label} ({size} B, {'with' if cert == 'cert' else 'no'} peer certificate)")
    w("")
    head = "| | operation | bytes | instructions/op | ÷ ours |"
    sep = "| --- | --- | ---: | ---: | ---: |"
    if crit:
        head += " ns/op |"
        sep += " ---: |"
    w(head)
    w(sep)
    for side, key, desc, ours in ROWS:
        if (label, key) not in cost:
            continue
        c = cost[(label, key)]
        r = rfmt(ratio(c, cost.get((label, ours)))) if ours else ""
        line = f"| {side} | {desc} | {nbytes[(label, key)]} | {fmt(c)} | {r} |"
        if crit:
            line += f" {ns(label, side, key)} |"
        w(line)
    if lts is None:
        continue
    r1 = ratio(cost.get((label, f"{lts}/d2i")), cost.get((label, "ours-strict-nocert")))
    r2 = ratio(cost.get((label, f"{lts}/d2i")), cost.get((label, "ours-strict")))
    r3 = ratio(cost.get((label, f"{lts}/i2d")), cost.get((label, "ours-encode-into")))
    bd, bdr = best(label, DECODE_PEERS)
    be, ber = best(label, ENCODE_PEERS)
    v = lts[8:]
    w("")
    w("| issue 14 ratio | measured | target | | ours: now → at most |")
    w("| --- | ---: | --- | --- | ---: |")
    strict, nocert, enc = (fmt(cost.get((label, k))) for k in ("ours-strict", "ours-strict-nocert", "ours-encode-into"))
    if cert == "cert":
        w(f"| OpenSSL {v} ÷ ours, decode, certificate checked | {rfmt(r2)} | ≥ {VS_35_CERT:.0f}× | {verdict(r2, VS_35_CERT)} | {strict} → {need(label, f'{lts}/d2i', VS_35_CERT)} |")
        w(f"| OpenSSL {v} ÷ ours, decode, ours not looking into the certificate | {rfmt(r1)} | (none) | | |")
    else:
        w(f"| OpenSSL {v} ÷ ours, decode, no certificate | {rfmt(r2)} | ≥ {VS_35_NOCERT:.0f}× | {verdict(r2, VS_35_NOCERT)} | {strict} → {need(label, f'{lts}/d2i', VS_35_NOCERT)} |")
    w(f"| OpenSSL {v} ÷ ours, encode into a buffer | {rfmt(r3)} | ≥ {VS_35_ENCODE:.0f}× | {verdict(r3, VS_35_ENCODE)} | {enc} → {need(label, f'{lts}/i2d', VS_35_ENCODE)} |")
    bd_ours = fmt(cost.get((label, OURS_OF[bd]))) if bd else "-"
    w(f"| best other peer ÷ ours, decode ({short(bd)}) | {rfmt(bdr)} | ≥ {VS_BEST:.0f}× | {verdict(bdr, VS_BEST)} | {bd_ours} → {need(label, bd, VS_BEST)} |")
    w(f"| best other peer ÷ ours, encode ({short(be)}) | {rfmt(ber)} | ≥ {VS_BEST:.0f}× | {verdict(ber, VS_BEST)} | {enc} → {need(label, be, VS_BEST)} |")
    dec = (r2, VS_35_CERT if cert == "cert" else VS_35_NOCERT)
    summary.append((label, size, cert, dec, r3, (bd, bdr), (be, ber)))

if summary:
    v = lts[8:]
    w("")
    w(f"#### Summary: issue 14's targets (OpenSSL {v}, the LTS; best other peer)")
    w("")
    w(f"| input | decode: OpenSSL {v} ÷ ours (target) | encode_into: OpenSSL {v} ÷ ours (≥ 20×) | "
      f"decode: best peer ÷ ours (≥ 3×) | encode: best peer ÷ ours (≥ 3×) |")
    w("| --- | ---: | ---: | ---: | ---: |")

    def cell(r, t):
        return f"{rfmt(r)} {'✔' if r is not None and r >= t else '✘'}" if r is not None else "-"

    for label, size, cert, (r, t), r3, (bd, bdr), (be, ber) in summary:
        kind = "cert checked" if cert == "cert" else "no cert"
        w(f"| {label} ({size} B) | {cell(r, t)} ({kind}, ≥ {t:.0f}×) | {cell(r3, VS_35_ENCODE)} | "
          f"{cell(bdr, VS_BEST)} {short(bd)} | {cell(ber, VS_BEST)} {short(be)} |")
print("\n".join(out))
