#!/usr/bin/env python3
"""Summarizes the execution samples of a JFR recording: top methods by self time and by
inclusive time (on the stack). Usage:
  jfr print --json --stack-depth 64 --events jdk.ExecutionSample rec.jfr > rec.json
  bench/jfr-summary.py rec.json [ISO-8601 start, e.g. 2026-11-25T16:43:14] [N]
Samples before the start time (warm-up, the bench's pool logins) are left out."""
import collections
import json
import sys

events = json.load(open(sys.argv[1]))['recording']['events']
start = sys.argv[2] if len(sys.argv) > 2 else ''
top = int(sys.argv[3]) if len(sys.argv) > 3 else 40
sel = [e for e in events if e['values']['startTime'] >= start]
n = len(sel) or 1
self_count, incl = collections.Counter(), collections.Counter()
for e in sel:
    names = [f['method']['type']['name'] + '.' + f['method']['name'] for f in e['values']['stackTrace']['frames']]
    self_count[names[0]] += 1
    for name in set(names):
        incl[name] += 1
print(f"{len(sel)} execution samples since {start or 'the start'}")
print("--- self time")
for name, c in self_count.most_common(top):
    print(f"{100 * c / n:5.1f}%  {name}")
print("--- inclusive (on the stack)")
for name, c in incl.most_common(2 * top):
    print(f"{100 * c / n:5.1f}%  {name}")
