#!/usr/bin/env python3
"""summary.md of a bench/peer run: one table per scenario (medians over the rounds), ratios
tenant-auth / Keycloak, CPU seconds per 1,000 requests, RSS after the load and its peak, memory
side by side, tenant-auth's native memory tracking (NMT) breakdown, start to ready, recorded
defaults."""
import csv
import os
import re
import statistics
import sys

out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "results.csv"))))
NAMES = {"ours": "tenant-auth", "keycloak": "Keycloak", "keycloak-rotation": "Keycloak, revokeRefreshToken=true"}
TITLES = {
    "login": "login: POST /v1/auth/login | password grant",
    "refresh": "refresh: POST /v1/auth/refresh (rotates) | refresh grant",
    "me": "GET /v1/me (DB check) | userinfo (bearer)",
}


def med(vals):
    return statistics.median(vals) if vals else 0.0


def agg(scen, side):
    rs = [r for r in rows if r["scenario"] == scen and r["side"] == side]
    if not rs:
        return None
    f = lambda k: [float(r[k]) for r in rs]
    ok = [float(r["rps"]) * (1 - float(r["non2xx"]) / float(r["requests"])) if float(r["requests"]) else 0 for r in rs]
    per_k = lambda k: [float(r[k]) / float(r["requests"]) * 1000 if float(r["requests"]) else 0 for r in rs]
    return {
        # successful requests/s: wrk's rate less the non-2xx answers (tenant-auth's login answers 503
        # past the hashing permits' wait)
        "n": len(rs), "rps": med(ok), "rps_min": min(ok), "rps_max": max(ok), "rps_all": med(f("rps")),
        "p50": med(f("p50_ms")), "p99": med(f("p99_ms")),
        "svc": med(per_k("svc_cpu_s")), "db": med(per_k("db_cpu_s")), "pg": med(per_k("pg_all_cpu_s")),
        "rss": med(f("svc_rss_mib")), "hwm": max(f("svc_hwm_mib")) if "svc_hwm_mib" in rs[0] else 0.0, "non2xx": sum(int(float(r["non2xx"])) for r in rs),
        "sock": sum(int(float(r["sock_err"])) for r in rs), "busy": med(f("machine_busy_pct")),
    }


def read(name):
    p = os.path.join(out, name)
    return open(p).read().strip() if os.path.exists(p) else ""


print(f"# tenant-auth and Keycloak side by side ({os.path.basename(out)})\n")
print("```\n" + read("machine.txt") + "\n```\n")
print("Medians over the rounds ([min..max]); req/s counts 2xx answers only (wrk's rate with the")
print("non-2xx ones is in results.csv); ratio = tenant-auth req/s / that row's req/s.")
print("CPU: seconds of utime+stime per 1,000 requests of the service process, of the PostgreSQL")
print("backends connected to its database (\"db\"), and of every postgres process on the machine")
print("(\"all pg\", includes other users of the shared server). RSS right after the load (median over")
print("the rounds) and peak RSS during the load (VmHWM, reset before each load; the highest round).\n")
for scen in ("login", "refresh", "me"):
    sides = [s for s in ("ours", "keycloak", "keycloak-rotation") if agg(scen, s)]
    if not sides:
        continue
    ours = agg(scen, "ours")
    print(f"## {TITLES[scen]}\n")
    print("| service | req/s | p50 ms | p99 ms | tenant-auth / this | CPU s/1k svc | db | all pg | RSS MiB | peak RSS MiB | non-2xx | socket errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in sides:
        a = agg(scen, s)
        ratio = "" if s == "ours" or not a["rps"] else f"{ours['rps'] / a['rps']:.2f}x"
        print(f"| {NAMES[s]} | {a['rps']:,.0f} [{a['rps_min']:,.0f}..{a['rps_max']:,.0f}] | {a['p50']:.2f} | {a['p99']:.2f} | {ratio} "
              f"| {a['svc']:.2f} | {a['db']:.2f} | {a['pg']:.2f} | {a['rss']:,.0f} | {a['hwm']:,.0f} | {a['non2xx']} | {a['sock']} |")
    print()

# memory side by side: tenant-auth's RSS as a share of Keycloak's (the goal of issue 18: <= 25 %)
if any(agg(s, "keycloak") for s in ("login", "refresh", "me")):
    print("## Memory: tenant-auth against Keycloak\n")
    print("| scenario | tenant-auth RSS after / peak MiB | Keycloak RSS after / peak MiB | share after | share peak |")
    print("| --- | --- | --- | --- | --- |")
    for scen in ("login", "refresh", "me"):
        o, k = agg(scen, "ours"), agg(scen, "keycloak")
        if not o or not k:
            continue
        sa = f"{o['rss'] / k['rss'] * 100:.0f} %" if k["rss"] else ""
        sp = f"{o['hwm'] / k['hwm'] * 100:.0f} %" if k["hwm"] else ""
        print(f"| {scen} | {o['rss']:,.0f} / {o['hwm']:,.0f} | {k['rss']:,.0f} / {k['hwm']:,.0f} | {sa} | {sp} |")
    print()

# tenant-auth's NMT summaries: committed KiB per category, after start and after each scenario
NMT_LINE = re.compile(r"^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB")
NMT_TOTAL = re.compile(r"^Total: reserved=(\d+)KB, committed=(\d+)KB")
NMT_RSS = re.compile(r"VmRSS=(\d+) kB VmHWM=(\d+) kB")
NMT_ANON = re.compile(r"RssAnon: (\d+) kB RssFile: (\d+) kB")
GROUPS = [("heap", ("Java Heap",)), ("metaspace", ("Class", "Metaspace")), ("CDS archive", ("Shared class space",)),
          ("code", ("Code",)), ("threads", ("Thread",)), ("GC", ("GC", "GCCardSet")),
          ("compiler", ("Compiler", "Arena Chunk")), ("symbols", ("Symbol",)), ("NMT itself", ("Native Memory Tracking",))]


def nmt(when):
    p = os.path.join(out, f"nmt-{when}.txt")
    if not os.path.exists(p):
        return None
    cats, total, rss, anon, filed = {}, None, None, None, None
    for line in open(p):
        m = NMT_LINE.match(line.strip()) if line.startswith("-") else None
        if m:
            cats[m.group(1).strip()] = int(m.group(3))
        m = NMT_TOTAL.match(line.strip())
        if m:
            total = int(m.group(2))
        m = NMT_RSS.search(line)
        if m:
            rss = int(m.group(1))
        m = NMT_ANON.search(line)
        if m:
            anon, filed = int(m.group(1)), int(m.group(2))
    return {"cats": cats, "total": total, "rss": rss, "anon": anon, "file": filed} if cats else None


snaps = [(w, nmt(w)) for w in ("start", "login", "refresh", "me")]
snaps = [(w, n) for w, n in snaps if n]
if snaps:
    print("## tenant-auth native memory (NMT summary, committed MiB)\n")
    print("`jcmd PID VM.native_memory summary` after start (and the signups) and after each scenario's last")
    print("round (files nmt-*.txt). Committed is not resident: the heap counts as committed in full")
    print("(-Xms) while RSS holds only the pages touched; \"rest\" is every other NMT category;")
    print("RSS − NMT total is what NMT does not see (glibc malloc arenas' free space, the launcher, libraries' own code).\n")
    print("| | " + " | ".join(w for w, _ in snaps) + " |")
    print("| --- |" + " --- |" * len(snaps))
    used = set()
    for name, keys in GROUPS:
        used.update(keys)
        print(f"| {name} | " + " | ".join(f"{sum(n['cats'].get(k, 0) for k in keys) / 1024:,.1f}" for _, n in snaps) + " |")
    print("| rest | " + " | ".join(f"{sum(v for k, v in n['cats'].items() if k not in used) / 1024:,.1f}" for _, n in snaps) + " |")
    print("| **NMT total committed** | " + " | ".join(f"{(n['total'] or 0) / 1024:,.1f}" for _, n in snaps) + " |")
    print("| **RSS at that moment** | " + " | ".join(f"{(n['rss'] or 0) / 1024:,.1f}" for _, n in snaps) + " |")
    if all(n["anon"] is not None for _, n in snaps):
        print("| of it anonymous / file-backed | " + " | ".join(f"{n['anon'] / 1024:,.1f} / {n['file'] / 1024:,.1f}" for _, n in snaps) + " |")
    print()

start = list(csv.DictReader(open(os.path.join(out, "startup.csv"))))
print("## Start to ready\n")
print("| service | ms | ready when |")
print("| --- | --- | --- |")
for r in start:
    how = "/q/health/ready answers 200" if r["service"] == "tenant-auth" else "/realms/master/.well-known/openid-configuration answers 200"
    print(f"| {r['service']} | {int(r['start_to_ready_ms']):,} | {how} |")
print()
for f, title in (("tenant-auth-defaults.txt", "tenant-auth as run"), ("keycloak-defaults.txt", "Keycloak as run (read back from its admin API)"),
                 ("keycloak-fetch.txt", "Keycloak download")):
    t = read(f)
    if t:
        print(f"## {title}\n\n```\n{t}\n```\n")
