#!/usr/bin/env python3
"""Merges several bench/run output directories into one (rows of the given scenarios taken from
the given directory), for the tables and plot of docs/BENCHMARKS.md. Usage:
  bench/combine.py OUT BASE_DIR [DIR:scenario,scenario ...]
Rows of BASE_DIR are kept except the scenarios that a later DIR provides (for the sizes it has)."""
import csv, os, shutil, sys

out, base, extra = sys.argv[1], sys.argv[2], sys.argv[3:]
os.makedirs(out, exist_ok=True)
cols = ['size', 'variant', 'scenario', 'conns', 'rep', 'rps', 'p50_ms', 'p99_ms', 'max_ms', 'non2xx', 'sock_err',
        'requests', 'load1', 'svc_cpu_pct', 'pg_cpu_pct', 'client_cpu_pct', 'svc_rss_mib', 'exhausted', 'machine_busy_pct']
rows = list(csv.DictReader(open(os.path.join(base, 'results.csv'))))
for spec in extra:
    d, scen = spec.split(':')
    scen = scen.split(',')
    new = [r for r in csv.DictReader(open(os.path.join(d, 'results.csv'))) if r['scenario'] in scen]
    sizes = {r['size'] for r in new}
    rows = [r for r in rows if not (r['scenario'] in scen and r['size'] in sizes)] + new
    for f in os.listdir(d):
        if f.startswith('seed-summary-') and not os.path.exists(os.path.join(out, f)):
            shutil.copy(os.path.join(d, f), out)
with open(os.path.join(out, 'results.csv'), 'w', newline='') as f:
    w = csv.DictWriter(f, fieldnames=cols, extrasaction='ignore')
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, '') for c in cols})
for f in ('machine.txt', 'crypto-cost.txt', 'startup.csv', 'rss-peak.csv') + tuple(x for x in os.listdir(base) if x.startswith('seed-summary-')):
    if os.path.exists(os.path.join(base, f)):
        shutil.copy(os.path.join(base, f), out)
