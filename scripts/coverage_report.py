#!/usr/bin/env python3
"""Turns cargo-tarpaulin's JSON report into coverage/REPORT.md (per crate and
per file) and coverage/session-der-uncovered.md (every uncovered line of
session-der with its code and, from coverage/session-der-explained.tsv, why
it is not covered). Called by scripts/coverage.sh."""
import json
import os
import sys
from collections import defaultdict

report, out, engine, secs, *libs = sys.argv[1:]
root = os.getcwd()


def rel(path):
    return os.path.relpath("/" + "/".join(path[1:]) if path[0] == "/" else os.path.join(*path), root)


# Several runs (comma-separated reports): a line is covered if any run ran it.
# A run that ran none of a file's lines did not have it instrumented (tarpaulin
# then lists lines from the source alone, a different set): it is left out for
# that file unless no run ran the file.
runs = defaultdict(list)
for one in report.split(","):
    for f in json.load(open(one))["files"]:
        p = rel(f["path"])
        if p.split("/")[0] not in libs:
            continue
        runs[p].append({t["line"]: t["stats"].get("Line", 0) for t in f["traces"]})
files = {}
for p, found in runs.items():
    ran = [r for r in found if any(r.values())] or found
    lines = files.setdefault(p, {})
    for r in ran:
        for line, n in r.items():
            lines[line] = lines.get(line, 0) + n

per_crate = defaultdict(lambda: [0, 0])
for p, lines in files.items():
    c = per_crate[p.split("/")[0]]
    c[0] += sum(1 for n in lines.values() if n > 0)
    c[1] += len(lines)


def pct(a, b):
    return f"{100.0 * a / b:.1f} %" if b else "–"


os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "REPORT.md"), "w") as w:
    w.write("# Line coverage\n\n")
    w.write(
        f"Produced by `scripts/coverage.sh` (cargo-tarpaulin, `--engine {engine}`, "
        f"{secs} s). Lines are the lines tarpaulin counts as coverable; a line "
        "is covered when any test ran it. Branch coverage: none (see README.md).\n\n"
    )
    tc = sum(v[0] for v in per_crate.values())
    tt = sum(v[1] for v in per_crate.values())
    w.write("| crate | covered | lines | coverage |\n| --- | ---: | ---: | ---: |\n")
    for crate in libs:
        a, b = per_crate.get(crate, (0, 0))
        w.write(f"| {crate} | {a} | {b} | {pct(a, b)} |\n")
    w.write(f"| **all** | {tc} | {tt} | {pct(tc, tt)} |\n\n")
    w.write("## Per file\n\n| file | covered | lines | coverage |\n| --- | ---: | ---: | ---: |\n")
    for p in sorted(files):
        lines = files[p]
        a = sum(1 for n in lines.values() if n > 0)
        w.write(f"| {p} | {a} | {len(lines)} | {pct(a, len(lines))} |\n")

# session-der: every uncovered line, with its reason when one is recorded.
explained = {}
tsv = os.path.join(out, "session-der-explained.tsv")
if os.path.exists(tsv):
    for row in open(tsv):
        if row.startswith("#") or not row.strip():
            continue
        path, code, reason = row.rstrip("\n").split("\t", 2)
        explained[(path, code.strip())] = reason
missing = 0
used = set()
with open(os.path.join(out, "session-der-uncovered.md"), "w") as w:
    w.write("# Uncovered lines of session-der\n\n")
    w.write(
        "Every line of `session-der/src` that tarpaulin counts as coverable and no test "
        "ran (`scripts/coverage.sh`), with the reason it is not covered "
        "(`coverage/session-der-explained.tsv`, keyed by file and code).\n\n"
    )
    w.write("| file:line | code | why |\n| --- | --- | --- |\n")
    for p in sorted(f for f in files if f.startswith("session-der/")):
        src = open(p).read().split("\n")
        for line, n in sorted(files[p].items()):
            if n:
                continue
            code = src[line - 1].strip() if line <= len(src) else ""
            used.add((p, code))
            why = explained.get((p, code))
            if why is None:
                why = "**not explained yet**"
                missing += 1
            shown = code.replace("|", "\\|")
            w.write(f"| {p}:{line} | `{shown}` | {why} |\n")
    w.write(f"\n{missing} uncovered lines not explained yet.\n")
print(f"coverage_report: {missing} uncovered session-der lines not explained")

# The reasons of lines covered now go: the file keeps only those in use.
if os.path.exists(tsv):
    kept, dropped = [], 0
    for row in open(tsv):
        if row.startswith("#") or not row.strip():
            kept.append(row)
            continue
        path, code, _ = row.rstrip("\n").split("\t", 2)
        if (path, code.strip()) in used:
            kept.append(row)
        else:
            dropped += 1
    with open(tsv, "w") as f:
        f.writelines(kept)
    print(f"coverage_report: {dropped} reasons of lines covered now removed from {tsv}")
