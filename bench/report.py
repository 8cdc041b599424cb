#!/usr/bin/env python3
"""Summarizes a bench/run output directory: median [min..max] per scenario, the targets, and a
gnuplot script (plot.gp) for p50/p99 against rows. Usage: bench/report.py OUT_DIR"""
import csv, os, re, statistics, sys
from collections import defaultdict

out = sys.argv[1]
rows = [r for r in csv.DictReader(open(os.path.join(out, 'results.csv'))) if float(r['requests'] or 0) > 0]
groups = defaultdict(list)
for r in rows:
    groups[(int(r['size']), r['variant'], r['scenario'], int(r['conns']))].append(r)

def f(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None

def stat(rs, col):
    vals = [f(r[col]) for r in rs if f(r[col]) is not None]
    if not vals:
        return None, None, None
    return statistics.median(vals), min(vals), max(vals)

def fmt(t, digits=1):
    m, lo, hi = t
    if m is None:
        return '–'
    return f"{m:.{digits}f} [{lo:.{digits}f}..{hi:.{digits}f}]"

# rows (memberships) per size, from the seed summaries
members = {}
for name in os.listdir(out):
    m = re.match(r'seed-summary-(\d+)\.txt', name)
    if m:
        last = [l for l in open(os.path.join(out, name)).read().splitlines() if '|' in l]
        if last:
            members[int(m.group(1))] = int(last[-1].split('|')[2])

print(f"# Results of {os.path.basename(out)}\n")
print("```")
print(open(os.path.join(out, 'machine.txt')).read().strip())
print("```\n")
print("Median [min..max] of the repetitions. rps = requests (transactions for pgbench) per second; "
      "pgbench reports no percentiles here, its p50 column is its mean latency. CPU in % of one core "
      "(2 cores = 200 %), median over the repetitions; machine = share of all CPU time of the machine that was busy during the run (anything running, other users included); load = 1-minute load average before the run.\n")
print("| size | schema | scenario | conns | rps | p50 ms | p99 ms | non-2xx | load | CPU svc/pg/client % (machine) | RSS MiB |")
print("|---:|---|---|---:|---:|---:|---:|---:|---:|---|---:|")
order = {'ref': 0, 'with': 1, 'without': 2}
scen_order = ['pgbench-S', 'pgbench-tpcb', 'me', 'refresh', 'login', 'members-first', 'members-late', 'logout-all']
for key in sorted(groups, key=lambda k: (k[0], order.get(k[1], 9), scen_order.index(k[2]) if k[2] in scen_order else 99, k[3])):
    rs = groups[key]
    size, variant, scen, conns = key
    non2xx = sum(int(f(r['non2xx']) or 0) for r in rs)
    exh = sum(1 for r in rs if (f(r.get('exhausted')) or 0) > 0)
    if exh:
        scen = scen + f" (pool ran out in {exh} run(s))"
    cpu = "/".join(str(int(stat(rs, c)[0] or 0)) for c in ('svc_cpu_pct', 'pg_cpu_pct', 'client_cpu_pct'))
    if rs[0].get('machine_busy_pct'):
        cpu += f" ({int(stat(rs, 'machine_busy_pct')[0] or 0)} % busy)"
    p99 = fmt(stat(rs, 'p99_ms'), 2) if scen.startswith('pgbench') is False else '–'
    print(f"| {size:,} | {variant} | {scen} | {conns} | {fmt(stat(rs, 'rps'))} | {fmt(stat(rs, 'p50_ms'), 2)} | {p99} | "
          f"{non2xx} | {fmt(stat(rs, 'load1'), 2)} | {cpu} | {int(stat(rs, 'svc_rss_mib')[1] or 0)}..{int(stat(rs, 'svc_rss_mib')[2] or 0)} |")

def med(size, variant, scen, conns, col):
    rs = groups.get((size, variant, scen, conns))
    return stat(rs, col)[0] if rs else None

# ---- targets ----
print("\n## Targets\n")
sizes = sorted({k[0] for k in groups})
conns_all = sorted({k[3] for k in groups})
def verdict(ok):
    return 'met' if ok else 'MISSED'
argon_ms = None
cc = os.path.join(out, 'crypto-cost.txt')
if os.path.exists(cc):
    m = re.search(r'argon2id .*: ([0-9.]+) ms per hash', open(cc).read())
    if m:
        argon_ms = float(m.group(1))
cores = os.cpu_count()
for size in sizes:
    for c in conns_all:
        me, pg = med(size, 'with', 'me', c, 'rps'), med(size, 'ref', 'pgbench-S', c, 'rps')
        if me and pg:
            print(f"- size {size:,}, {c} conns: /v1/me {me:.0f} rps = {me / pg * 100:.0f} % of pgbench -S {pg:.0f} tps (target >= 40 %): {verdict(me / pg >= 0.4)}")
        p99 = med(size, 'with', 'me', c, 'p99_ms')
        if p99 is not None and c == 16:
            print(f"- size {size:,}, 16 conns: /v1/me p99 {p99:.2f} ms (target <= 10 ms): {verdict(p99 <= 10)}")
        rf, tp = med(size, 'with', 'refresh', c, 'rps'), med(size, 'ref', 'pgbench-tpcb', c, 'rps')
        if rf and tp:
            print(f"- size {size:,}, {c} conns: refresh {rf:.0f} rps = {rf / tp * 100:.0f} % of pgbench tpcb-like {tp:.0f} tps (target >= 50 %): {verdict(rf / tp >= 0.5)}")
        lg = med(size, 'with', 'login', c, 'rps')
        if lg and argon_ms:
            ceiling = cores * 1000 / argon_ms
            print(f"- size {size:,}, {c} conns: login {lg:.1f} rps = {lg / ceiling * 100:.0f} % of {cores} cores / {argon_ms:.1f} ms = {ceiling:.1f}/s (target >= 80 %): {verdict(lg / ceiling >= 0.8)}")
if len(sizes) > 1:
    lo, hi = sizes[0], sizes[-1]
    for c in conns_all:
        a, b = med(lo, 'with', 'me', c, 'p50_ms'), med(hi, 'with', 'me', c, 'p50_ms')
        if a and b:
            print(f"- /v1/me p50 at {hi:,} vs {lo:,} ({c} conns): {b:.2f} / {a:.2f} ms = {b / a:.2f}x (target <= 1.3x, stated for 10M vs 10k): {verdict(b / a <= 1.3)}")
for size in sizes:
    for scen in ('members-first', 'members-late', 'logout-all', 'me'):
        for c in conns_all:
            w, wo = med(size, 'with', scen, c, 'p50_ms'), med(size, 'without', scen, c, 'p50_ms')
            rw, rwo = med(size, 'with', scen, c, 'rps'), med(size, 'without', scen, c, 'rps')
            if w and wo and rw and rwo:
                print(f"- size {size:,}, {scen}, {c} conns: without indexes p50 {wo:.2f} ms vs {w:.2f} ms = {wo / w:.0f}x slower; "
                      f"throughput {rw:.0f} vs {rwo:.1f} rps = {rw / rwo:.0f}x (target >= 50x): {verdict(wo / w >= 50 and rw / rwo >= 50)}")
if os.path.exists(os.path.join(out, 'startup.csv')):
    for r in csv.DictReader(open(os.path.join(out, 'startup.csv'))):
        ms = int(r['start_to_ready_ms'])
        print(f"- start to ready (size {int(r['size']):,}): {ms} ms (target <= 2000 ms): {verdict(ms <= 2000)}")
if os.path.exists(os.path.join(out, 'rss-peak.csv')):
    for line in open(os.path.join(out, 'rss-peak.csv')):
        size, peak = line.strip().split(',')
        print(f"- peak RSS (VmHWM) of the service after the load at size {int(size):,}: {peak} MiB (target <= 300 MiB): {verdict(int(peak) <= 300)}")

# ---- plot: p50 and p99 against rows, 16 conns (the lowest count) ----
c = conns_all[0] if conns_all else 16
series = []
for scen in ('me', 'members-first', 'members-late', 'logout-all'):
    for variant in ('with', 'without'):
        pts = []
        for size in sizes:
            p50, p99 = med(size, variant, scen, c, 'p50_ms'), med(size, variant, scen, c, 'p99_ms')
            if p50 is not None:
                pts.append((members.get(size, size), p50, p99))
        if pts:
            series.append((f"{scen} {variant} indexes", pts))
with open(os.path.join(out, 'plot.dat'), 'w') as d:
    for name, pts in series:
        d.write(f'"{name}"\n')
        for x, a, b in pts:
            d.write(f"{x} {a} {b}\n")
        d.write("\n\n")
with open(os.path.join(out, 'plot.gp'), 'w') as g:
    g.write(f"""set terminal pngcairo size 1400,600 noenhanced font ',10'
set output 'latency-vs-rows.png'
set logscale xy
set xrange [3000:30000000]
set format x '%.0e'
set xlabel 'memberships (rows; as many refresh tokens)'
set ylabel 'latency ms ({c} connections)'
set key top left font ',9' spacing 0.9
set grid
set multiplot layout 1,2
set title 'p50'
plot for [i=0:{len(series) - 1}] 'plot.dat' index i using 1:2 with linespoints title columnheader(1)
set title 'p99'
plot for [i=0:{len(series) - 1}] 'plot.dat' index i using 1:3 with linespoints title columnheader(1)
unset multiplot
""")
