#!/usr/bin/env python3
"""Instructions per operation by source line, inlined frames resolved: what
benches/README.md's "What limits it" tables come from.

    CARGO_PROFILE_BENCH_DEBUG=true cargo build --profile bench -p sslsession-benches --bin callgrind-op
    valgrind --tool=callgrind --dump-instr=yes --compress-pos=no --compress-strings=no \
        --callgrind-out-file=cg.out target/release/callgrind-op ours-strict FILE 10000
    python3 benches/callgrind-lines.py cg.out target/release/callgrind-op 10000 'strict::decode' 40

Arguments: the callgrind output, the binary, the iteration count N (costs are
divided by it), a regular expression for the functions to count (self cost
only: lines after `calls=` are inclusive costs of callees and are skipped),
and how many lines to print. Each address is attributed to the innermost
frame in session-der or session-model (`addr2line -i`), with the innermost
frame of all shown beside it when it is elsewhere (e.g. core's slice indexing).
"""
import re, subprocess, collections, sys
path, binary, n, fnpat = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
cost=collections.Counter(); obj=None; skip=False; fn=None
for line in open(path):
    if line.startswith('ob='): obj=line[3:].strip()
    if line.startswith('fn='): fn=line[3:].strip()
    if line.startswith('calls='): skip=True; continue
    if skip: skip=False; continue
    m=re.match(r'^(0x[0-9a-f]+)\s+\d+\s+(\d+)',line)
    if m and obj.endswith('callgrind-op') and re.search(fnpat, fn):
        cost[int(m.group(1),16)]+=int(m.group(2))
addrs=sorted(cost)
r=subprocess.run(['addr2line','-i','-a','-e',binary]+[hex(a) for a in addrs],capture_output=True,text=True).stdout
chains={}; cur=None
for line in r.split('\n'):
    if line.startswith('0x'): cur=int(line,16); chains[cur]=[]
    elif line.strip() and cur is not None: chains[cur].append(line.strip())
by=collections.Counter()
for a in addrs:
    ch=chains.get(a,[])
    own=next((x for x in ch if ('session-der' in x or 'session-model' in x) and not x.endswith(':?')), ch[0] if ch else '?')
    inner=ch[0].split('/')[-1] if ch else '?'
    # Paths from the workspace root on, whichever tree the binary was built in.
    own=re.sub(r'^.*/(?=session-(der|model)/)','',own)
    by[(own, inner if inner!=own.split('/')[-1] else '')]+=cost[a]
tot=sum(cost.values())
print("total/op", tot/n)
for (o,i),c in by.most_common(int(sys.argv[5])):
    print(f"{c/n:7.1f}  {o:40s} {i}")
