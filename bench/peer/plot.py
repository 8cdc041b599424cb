#!/usr/bin/env python3
"""OUT/peer.png of a bench/peer run: req/s (log scale), p99 and RSS per scenario and service
(medians over the rounds). Needs matplotlib (Debian: python3-matplotlib)."""
import csv
import os
import statistics
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

out = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(out, "results.csv"))))
sides = [("ours", "tenant-auth", "#1f77b4"), ("keycloak", "Keycloak", "#d62728"),
         ("keycloak-rotation", "Keycloak, rotation on", "#ff9896")]
scens = [s for s in ("login", "refresh", "me") if any(r["scenario"] == s for r in rows)]
labels = {"login": "login", "refresh": "refresh", "me": "/v1/me | userinfo"}


def med(scen, side, key):
    v = [float(r[key]) for r in rows if r["scenario"] == scen and r["side"] == side]
    return statistics.median(v) if v else None


fig, axes = plt.subplots(1, 3, figsize=(14, 4.5))
w = 0.27
for ax, key, title, log in ((axes[0], "rps", "requests/s (median)", True), (axes[1], "p99_ms", "p99 latency, ms", True),
                            (axes[2], "svc_rss_mib", "service RSS under load, MiB", False)):
    for k, (side, name, color) in enumerate(sides):
        xs, ys = [], []
        for i, s in enumerate(scens):
            v = med(s, side, key)
            if v is not None:
                xs.append(i + (k - 1) * w); ys.append(v)
        if xs:
            bars = ax.bar(xs, ys, w, label=name, color=color)
            ax.bar_label(bars, fmt="%.0f" if key != "p99_ms" else "%.1f", fontsize=7)
    ax.set_xticks(range(len(scens)), [labels[s] for s in scens])
    ax.set_title(title)
    if log:
        ax.set_yscale("log")
axes[0].legend(fontsize=8)
settings = next((l.split(": ", 1)[1].strip() for l in open(os.path.join(out, "machine.txt")) if l.startswith("settings:")), "")
fig.suptitle(f"bench/peer {os.path.basename(out)} ({settings}; shared 2-core machine)", fontsize=9)
fig.tight_layout()
fig.savefig(os.path.join(out, "peer.png"), dpi=110)
