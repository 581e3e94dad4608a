#!/usr/bin/env python3
"""Copy a lean, feature-complete subset of ../shared/corpus into testdata/corpus.

Deterministic: re-running it produces the same files. Keeps
- openssl-3.0: every file that has a .txt or .pem sample, the first session of
  every (origin, side, variant) and of every feature, every *_defaulted and
  *allfields file, capped to stay small; the manifest lines of the kept files;
- malformed: every file of every category except `truncate` and `flip`, of
  which every 4th is kept; the verdict lines of the kept files.
"""
import json, pathlib, shutil

root = pathlib.Path(__file__).resolve().parent.parent
src = root.parent / "shared" / "corpus"
dst = root / "testdata" / "corpus"
if dst.exists():
    shutil.rmtree(dst)
(dst / "openssl-3.0").mkdir(parents=True)
(dst / "malformed").mkdir(parents=True)

manifest = [json.loads(l) for l in open(src / "openssl-3.0" / "manifest.jsonl")]
keep, seen = [], set()
for m in manifest:
    f = m["file"]
    stem = f[:-4]
    has_txt = (src / "openssl-3.0" / (stem + ".txt")).exists()
    has_pem = (src / "openssl-3.0" / (stem + ".pem")).exists()
    keys = [("v", m.get("origin"), m.get("side"), m.get("variant"))]
    keys += [("f", feat) for feat in m.get("features") or []]
    new = any(k not in seen for k in keys)
    special = m.get("time_defaulted") or m.get("timeout_defaulted") or "allfields" in f
    if new or special or (has_txt and has_pem and len(keep) < 120):
        keep.append(m)
        seen.update(keys)
for m in keep:
    stem = m["file"][:-4]
    for ext in (".der", ".txt", ".pem"):
        p = src / "openssl-3.0" / (stem + ext)
        if p.exists():
            shutil.copy(p, dst / "openssl-3.0" / p.name)
with open(dst / "openssl-3.0" / "manifest.jsonl", "w") as out:
    for m in keep:
        out.write(json.dumps(m, separators=(",", ":")) + "\n")

verdicts = [json.loads(l) for l in open(src / "malformed" / "verdicts.jsonl")]
count = {}
kept_v = []
for v in verdicts:
    c = v["category"]
    count[c] = count.get(c, 0) + 1
    if c in ("truncate", "flip") and count[c] % 4 != 1:
        continue
    kept_v.append(v)
    shutil.copy(src / "malformed" / v["file"], dst / "malformed" / v["file"])
    srcfile = v.get("source")
    if srcfile and (src / "openssl-3.0" / srcfile).exists() and not (dst / "openssl-3.0" / srcfile).exists():
        raise SystemExit(f"source {srcfile} of {v['file']} not kept")
with open(dst / "malformed" / "verdicts.jsonl", "w") as out:
    for v in kept_v:
        out.write(json.dumps(v, separators=(",", ":")) + "\n")
shutil.copy(src / "README.md", dst / "README.upstream.md")
print(f"openssl-3.0: {len(keep)} of {len(manifest)} sessions; malformed: {len(kept_v)} of {len(verdicts)}")
