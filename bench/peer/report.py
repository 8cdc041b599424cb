#!/usr/bin/env python3
"""summary.md of a bench/peer run: one table per scenario (medians over the rounds), ratios
tenant-auth / Keycloak, CPU seconds per 1,000 requests, RSS, start to ready, recorded defaults."""
import csv
import os
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
        "rss": med(f("svc_rss_mib")), "non2xx": sum(int(float(r["non2xx"])) for r in rs),
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
print("(\"all pg\", includes other users of the shared server). RSS right after the load.\n")
for scen in ("login", "refresh", "me"):
    sides = [s for s in ("ours", "keycloak", "keycloak-rotation") if agg(scen, s)]
    if not sides:
        continue
    ours = agg(scen, "ours")
    print(f"## {TITLES[scen]}\n")
    print("| service | req/s | p50 ms | p99 ms | tenant-auth / this | CPU s/1k svc | db | all pg | RSS MiB | non-2xx | socket errors |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for s in sides:
        a = agg(scen, s)
        ratio = "" if s == "ours" or not a["rps"] else f"{ours['rps'] / a['rps']:.2f}x"
        print(f"| {NAMES[s]} | {a['rps']:,.0f} [{a['rps_min']:,.0f}..{a['rps_max']:,.0f}] | {a['p50']:.2f} | {a['p99']:.2f} | {ratio} "
              f"| {a['svc']:.2f} | {a['db']:.2f} | {a['pg']:.2f} | {a['rss']:,.0f} | {a['non2xx']} | {a['sock']} |")
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
