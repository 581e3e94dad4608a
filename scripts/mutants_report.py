#!/usr/bin/env python3
"""The bookkeeping of scripts/mutants.sh: the per-crate ledgers of mutant
outcomes (mutants/ledger/CRATE.tsv), mutants/REPORT.md made from them, and
CI's check of a run's missed mutants against mutants/EQUIVALENT.md.

A ledger line is `name<TAB>outcome<TAB>commit<TAB>date<TAB>cargo-mutants
version`, one per mutant, the latest outcome only. The name is cargo-mutants'
(`file:line:col: description`). An entry is current while the mutant's file
is the same at HEAD as at the entry's commit, or differs only in comment
lines with every line in its place (cargo-mutants mutates no comment, and the
mutated crates' doctests are not run: `.cargo/mutants.toml`); otherwise its
mutant is pending again (the line may now hold other code)."""

import argparse
import datetime
import json
import os
import re
import subprocess
import sys

OUTCOMES = {
    "CaughtMutant": "caught",
    "MissedMutant": "missed",
    "Unviable": "unviable",
    "Timeout": "timeout",
}
CRATES = ["ossl-asn1", "session-model", "session-der", "session-serde", "session-ffi"]


def git(root, *args):
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout


def read_ledger(path):
    entries = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if not line or line.startswith("#"):
                    continue
                name, outcome, commit, date, version = line.split("\t")
                entries[name] = (outcome, commit, date, version)
    return entries


def write_ledger(path, entries):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# name\toutcome\tcommit\tdate\tcargo-mutants (scripts/mutants.sh)\n")
        for name in sorted(entries, key=sort_key):
            f.write("\t".join((name, *entries[name])) + "\n")


def sort_key(name):
    m = re.match(r"^(.*?):(\d+):(\d+): (.*)$", name)
    if not m:
        return (name, 0, 0, "")
    return (m.group(1), int(m.group(2)), int(m.group(3)), m.group(4))


def file_of(name):
    return name.split(":", 1)[0]


class Freshness:
    """Whether a ledger entry still describes the code at HEAD."""

    def __init__(self, root):
        self.root = root
        self.cache = {}

    def current(self, name, commit):
        key = (file_of(name), commit)
        if key not in self.cache:
            r = subprocess.run(
                ["git", "diff", "--quiet", commit, "HEAD", "--", key[0]],
                cwd=self.root,
                capture_output=True,
            )
            self.cache[key] = r.returncode == 0 or self.only_comments_differ(key[0], commit)
        return self.cache[key]

    def only_comments_differ(self, path, commit):
        """Same number of lines, and each line that differs is a comment
        line (`//`, `///`, `//!`) on both sides: every mutant's name and code
        are the same."""

        def lines(rev):
            r = subprocess.run(
                ["git", "show", f"{rev}:{path}"], cwd=self.root, capture_output=True
            )
            return r.stdout.decode("utf-8", "replace").split("\n") if r.returncode == 0 else None

        old, new = lines(commit), lines("HEAD")
        if old is None or new is None or len(old) != len(new):
            return False
        return all(
            a == b or (a.lstrip().startswith("//") and b.lstrip().startswith("//"))
            for a, b in zip(old, new)
        )


def equivalents(root):
    """Names listed in mutants/EQUIVALENT.md: `- \\`NAME\\`` lines. A name
    with `:line:col` matches that mutant only; without, every mutant of that
    file and description (the same operator replaced twice in one function)."""
    exact, loose = set(), set()
    path = os.path.join(root, "mutants", "EQUIVALENT.md")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^- `([^`]+)`", line)
                if not m:
                    continue
                name = m.group(1)
                if re.match(r"^[^:]+:\d+:\d+: ", name):
                    exact.add(name)
                else:
                    loose.add(name)
    return exact, loose


def is_equivalent(name, eq):
    exact, loose = eq
    return name in exact or re.sub(r"^([^:]+):\d+:\d+: ", r"\1: ", name) in loose


def cmd_record(a):
    with open(a.outcomes, encoding="utf-8") as f:
        data = json.load(f)
    entries = read_ledger(a.ledger)
    date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%MZ")
    n = 0
    for o in data["outcomes"]:
        sc = o["scenario"]
        if not isinstance(sc, dict) or "Mutant" not in sc:
            continue
        outcome = OUTCOMES.get(o["summary"])
        if outcome is None:
            continue
        entries[sc["Mutant"]["name"]] = (outcome, a.commit[:12], date, a.version)
        n += 1
    write_ledger(a.ledger, entries)
    print(f"mutants: {n} outcomes recorded in {a.ledger}")


def listed_names():
    return [line.rstrip("\n") for line in sys.stdin if line.strip()]


def cmd_pending(a):
    entries = read_ledger(a.ledger)
    fresh = Freshness(a.root)
    out = []
    for name in listed_names():
        e = entries.get(name)
        if e is None or not fresh.current(name, e[1]):
            out.append(name)
        if len(out) >= a.count:
            break
    print("\n".join(out))


def cmd_survivors(a):
    entries = read_ledger(a.ledger)
    eq = equivalents(a.root)
    out = [
        n
        for n in listed_names()
        if n in entries
        and entries[n][0] in ("missed", "timeout")
        and not is_equivalent(n, eq)
    ]
    print("\n".join(out))


def cmd_report(a):
    root = a.root
    eq = equivalents(root)
    fresh = Freshness(root)
    head = git(root, "rev-parse", "--short=12", "HEAD").strip()
    rows, sections = [], []
    for crate in CRATES:
        ledger = os.path.join(root, "mutants", "ledger", f"{crate}.tsv")
        if not os.path.exists(ledger):
            continue
        entries = read_ledger(ledger)
        listed = subprocess.run(
            ["cargo", "mutants", "--list", "-p", crate],
            cwd=root,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split("\n")
        listed = [n for n in listed if n]
        per_file = {}
        for n in listed:
            per_file.setdefault(file_of(n), [0, 0])[0] += 1
        counts = {k: 0 for k in ("caught", "missed", "unviable", "timeout")}
        missed, equivalent, timeouts = [], [], []
        commits, dates = set(), []
        for n in listed:
            e = entries.get(n)
            if e is None or not fresh.current(n, e[1]):
                continue
            counts[e[0]] += 1
            per_file[file_of(n)][1] += 1
            commits.add(e[1])
            dates.append(e[2])
            if e[0] == "missed":
                (equivalent if is_equivalent(n, eq) else missed).append(n)
            if e[0] == "timeout":
                timeouts.append(n)
        run = sum(counts.values())
        viable = counts["caught"] + counts["missed"] + counts["timeout"]
        pct = f"{100 * counts['caught'] / viable:.1f} %" if viable else "-"
        judged = viable - len(equivalent)
        pct_eq = f"{100 * counts['caught'] / judged:.1f} %" if judged else "-"
        rows.append(
            f"| {crate} | {len(listed)} | {run} | {viable} | {counts['caught']} | "
            f"{counts['missed']} ({len(equivalent)} equivalent) | {counts['timeout']} | "
            f"{counts['unviable']} | {pct} | {pct_eq} |"
        )
        lines = [f"### {crate}", ""]
        lines.append(
            f"{run} of {len(listed)} mutants run"
            + (f", {min(dates)} to {max(dates)}, at {len(commits)} commit(s)" if dates else "")
            + f"; `scripts/mutants.sh run {crate}` runs the next ones."
        )
        lines.append("")
        done = [f"`{f.split('/src/', 1)[-1]}` {r}/{t}" for f, (t, r) in per_file.items() if r]
        if done:
            lines.append("Run so far, per file (run/mutants): " + ", ".join(done) + ".")
            lines.append("")
        if missed:
            lines.append("Missed, not listed as equivalent:")
            lines.append("")
            lines += [f"- `{n}`" for n in missed]
            lines.append("")
        if timeouts:
            lines.append("Timed out (counted as not caught above):")
            lines.append("")
            lines += [f"- `{n}`" for n in timeouts]
            lines.append("")
        sections.append("\n".join(lines))
    text = [
        "# Mutation testing report",
        "",
        "Made by `scripts/mutants.sh report` (every `run`/`recheck` remakes it) from",
        "the ledgers in `mutants/ledger/`; what each column means and how the runs",
        f"are made: `mutants/README.md`. Ledger entries current at {head}",
        "(an entry whose source file changed since its run is not counted).",
        "",
        "| crate | mutants | run | viable | caught | missed | timeout | unviable | caught / viable | caught / (viable − equivalent) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        *rows,
        "",
        *sections,
    ]
    with open(os.path.join(root, "mutants", "REPORT.md"), "w", encoding="utf-8") as f:
        f.write("\n".join(text).rstrip("\n") + "\n")
    print("mutants: mutants/REPORT.md written")


def read_list(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def cmd_check(a):
    eq = equivalents(a.root)
    caught = read_list(os.path.join(a.out, "caught.txt"))
    missed = read_list(os.path.join(a.out, "missed.txt"))
    timeout = read_list(os.path.join(a.out, "timeout.txt"))
    unviable = read_list(os.path.join(a.out, "unviable.txt"))
    bad = [n for n in missed if not is_equivalent(n, eq)]
    print(
        f"mutants (ci): {len(caught)} caught, {len(missed)} missed "
        f"({len(missed) - len(bad)} listed as equivalent), {len(timeout)} timed out, "
        f"{len(unviable)} unviable"
    )
    for n in timeout:
        print(f"  timed out (a hang or the machine's load; not a failure): {n}")
    for n in bad:
        print(f"  MISSED: {n}")
    if bad:
        print(
            "mutants (ci): add a test that fails on each missed mutant (expectations from "
            "OpenSSL, the corpus or the spec), or list it in mutants/EQUIVALENT.md with the reason"
        )
        return 1
    return 0


def cmd_renumber(a):
    """Moves EQUIVALENT.md's exact names to where their mutants are now: a
    name no longer among the current mutants (`--list`: cargo mutants
    --list output) takes the current mutant of the same file and description
    in the same column, nearest by line, that no other entry names. A name
    with no such mutant is reported and left."""
    current = [n for n in open(a.list, encoding="utf-8").read().split("\n") if n]
    now = set(current)
    path = os.path.join(a.root, "mutants", "EQUIVALENT.md")
    text = open(path, encoding="utf-8").read()
    names = re.findall(r"^- `([^`]+)`", text, re.M)
    taken = set(names)
    pat = re.compile(r"^([^:]+):(\d+):(\d+): (.*)$")
    moved = 0
    for name in names:
        m = pat.match(name)
        if not m or name in now:
            continue
        f, line, col, desc = m.group(1), int(m.group(2)), int(m.group(3)), m.group(4)
        cands = []
        for c in current:
            cm = pat.match(c)
            if c not in taken and cm and cm.group(1) == f and cm.group(4) == desc:
                cands.append((int(cm.group(3)) != col, abs(int(cm.group(2)) - line), c))
        if not cands:
            print(f"mutants: no current mutant for {name}")
            continue
        best = min(cands)[2]
        taken.add(best)
        text = text.replace(f"`{name}`", f"`{best}`", 1)
        moved += 1
        print(f"mutants: {name} -> {best}")
    with open(path, "w", encoding="utf-8") as w:
        w.write(text)
    print(f"mutants: {moved} names moved in {path}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("record")
    r.add_argument("--ledger", required=True)
    r.add_argument("--outcomes", required=True)
    r.add_argument("--commit", required=True)
    r.add_argument("--version", required=True)
    for name in ("pending", "survivors"):
        s = sub.add_parser(name)
        s.add_argument("--root", required=True)
        s.add_argument("--ledger", required=True)
        if name == "pending":
            s.add_argument("--count", type=int, required=True)
    s = sub.add_parser("report")
    s.add_argument("--root", required=True)
    s = sub.add_parser("renumber")
    s.add_argument("--root", required=True)
    s.add_argument("--list", required=True)
    s = sub.add_parser("check")
    s.add_argument("--root", required=True)
    s.add_argument("--out", required=True)
    a = p.parse_args()
    fn = {
        "record": cmd_record,
        "pending": cmd_pending,
        "survivors": cmd_survivors,
        "report": cmd_report,
        "check": cmd_check,
        "renumber": cmd_renumber,
    }[a.cmd]
    sys.exit(fn(a) or 0)


if __name__ == "__main__":
    main()
