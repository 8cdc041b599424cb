#!/usr/bin/env python3
"""One table over several bench/peer runs of tenant-auth (e.g. --ours-only with different --jvm
options): per run its JVM options, req/s per scenario (median over the rounds), RSS right after
the load (median) and peak RSS (VmHWM, the highest round), and the young/full collections during
the login scenario (jstat, from the nmt-*.txt files, warm-up included), and the service's CPU ms
per request (utime+stime / requests, median over the rounds): on a shared machine req/s follows
whatever CPU is left, CPU per request much less so.
Usage: bench/peer/compare.py RUN_DIR...  (markdown on stdout)"""
import csv
import glob
import os
import re
import statistics
import sys


def jstat(path):
    """YGC, FGC, GCT (s) from the jstat -gc lines of an nmt-*.txt file, or None."""
    if not os.path.exists(path):
        return None
    lines = [l[2:].split() for l in open(path) if l.startswith("# ") and not l.startswith("# jstat")]
    for i, row in enumerate(lines[:-1]):
        if "YGC" in row and "FGC" in row:
            vals = lines[i + 1]
            try:
                return int(vals[row.index("YGC")]), int(vals[row.index("FGC")]), float(vals[row.index("GCT")])
            except (ValueError, IndexError):
                return None
    return None


def jvm_options(run):
    p = os.path.join(run, "machine.txt")
    for line in open(p) if os.path.exists(p) else []:
        if line.startswith("tenant-auth jvm options:"):
            return line.split(":", 1)[1].strip()
    return "?"


print("| run | JVM options | login req/s | refresh req/s | /v1/me req/s | CPU ms/request login / refresh / me | RSS after login / refresh / me MiB | peak RSS login / refresh / me MiB | young / full GCs in login (GC s, per login) |")
print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
for run in sys.argv[1:]:
    rows = [r for r in csv.DictReader(open(os.path.join(run, "results.csv"))) if r["side"] == "ours"]
    cells = {}
    for scen in ("login", "refresh", "me"):
        rs = [r for r in rows if r["scenario"] == scen]
        ok = [float(r["rps"]) * (1 - float(r["non2xx"]) / float(r["requests"])) if float(r["requests"]) else 0 for r in rs]
        cells[scen] = (
            f"{statistics.median(ok):,.1f} [{min(ok):,.1f}..{max(ok):,.1f}]" if ok else "",
            f"{statistics.median(float(r['svc_rss_mib']) for r in rs):,.0f}" if rs else "",
            f"{max(float(r['svc_hwm_mib']) for r in rs):,.0f}" if rs else "",
            f"{statistics.median(float(r['svc_cpu_s']) / float(r['requests']) * 1000 for r in rs):,.2f}" if rs else "",
        )
    a, b = jstat(os.path.join(run, "nmt-start.txt")), jstat(os.path.join(run, "nmt-login.txt"))
    # logins answered during the scenario, warm-up included (what the jstat difference spans)
    n = 0
    for f in glob.glob(os.path.join(run, "raw", "login-ours-*.result")):
        m = re.search(r"requests=(\d+)", (open(f).read().strip().splitlines() or [""])[-1])
        n += int(m.group(1)) if m else 0
    per = f", {(b[2] - a[2]) * 1000 / n:.0f} ms per login" if a and b and n else ""
    gcs = f"{b[0] - a[0]} / {b[1] - a[1]} ({b[2] - a[2]:.1f} s{per})" if a and b else ""
    name = re.sub(r"^.*/", "", run.rstrip("/"))
    print(f"| {name} | `{jvm_options(run)}` | {cells['login'][0]} | {cells['refresh'][0]} | {cells['me'][0]} "
          f"| {' / '.join(c[3] for c in cells.values())} | {' / '.join(c[1] for c in cells.values())} | {' / '.join(c[2] for c in cells.values())} | {gcs} |")
