#!/usr/bin/env python3
"""Summarizes the execution samples of a JFR recording: top methods by self time and by
inclusive time (on the stack). Usage:
  jfr print --json --stack-depth 64 --events jdk.ExecutionSample rec.jfr > rec.json
  bench/jfr-summary.py rec.json [ISO-8601 start, e.g. 2026-11-25T16:43:14] [N]
Samples before the start time (warm-up, the bench's pool logins) are left out. Also prints the
share of samples with each component on the stack (buckets, inclusive, so they overlap) and the
top frames of our own code (dev.tenantauth, self = our frame is the top of the stack; inclusive)."""
import collections
import json
import re
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

# components, by the class name of a frame (first match); inclusive: a sample counts once per bucket
BUCKETS = [
    ("RSA/EC verify (sun.security, BigInteger)", r"^(sun/security/(rsa|ec|util/math)|java/math/BigInteger)"),
    ("jose4j / smallrye-jwt", r"^(org/jose4j|io/smallrye/jwt)"),
    ("Caffeine (verified-token cache)", r"^com/github/benmanes/caffeine"),
    ("Hibernate ORM", r"^org/hibernate"),
    ("Narayana JTA (transactions)", r"^(com/arjuna|io/quarkus/narayana|org/jboss/tm|jakarta/transaction)"),
    ("Agroal pool", r"^io/agroal"),
    ("PostgreSQL JDBC", r"^org/postgresql"),
    ("Jackson (JSON)", r"^com/fasterxml/jackson"),
    ("Vert.x/Netty (HTTP, I/O)", r"^(io/vertx|io/netty)"),
    ("RESTEasy Reactive", r"^(org/jboss/resteasy/reactive|io/quarkus/resteasy/reactive)"),
    ("Quarkus security", r"^io/quarkus/(security|vertx/http/runtime/security)"),
    ("Micrometer (metrics)", r"^(io/micrometer|io/quarkus/micrometer)"),
    ("OpenTelemetry (tracing)", r"^(io/opentelemetry|io/quarkus/opentelemetry)"),
    ("logging / MDC", r"^(org/jboss/logmanager|org/jboss/logging|org/slf4j)"),
    ("SmallRye context propagation", r"^io/smallrye/context"),
    ("Mutiny", r"^io/smallrye/mutiny"),
    ("ArC CDI", r"^io/quarkus/arc"),
    ("JBoss threads (worker pool)", r"^org/jboss/threads"),
    ("dev.tenantauth (own code, incl. callees)", r"^dev[./]tenantauth"),
    ("GC / JIT / VM (no Java frame)", r"^$"),
]
compiled = [(label, re.compile(rx)) for label, rx in BUCKETS]
bucket = collections.Counter()
own_self, own_incl = collections.Counter(), collections.Counter()
for e in sel:
    frames = e['values']['stackTrace']['frames']
    types = [f['method']['type']['name'] for f in frames] or ['']
    names = [f['method']['type']['name'] + '.' + f['method']['name'] for f in frames]
    hit = set()
    for label, rx in compiled:
        if any(rx.search(t) for t in types):
            hit.add(label)
    bucket.update(hit)
    own = [x for x in names if x.startswith(('dev/tenantauth', 'dev.tenantauth'))]
    if own:
        own_self[own[0]] += 1  # the innermost frame of ours: where our code spends, with its callees
    for x in set(own):
        own_incl[x] += 1
print("--- components (inclusive: on the stack; they overlap)")
for label, _ in BUCKETS:
    print(f"{100 * bucket[label] / n:5.1f}%  {label}")
print("--- dev.tenantauth, innermost own frame of each sample (our code plus what it calls)")
for name, c in own_self.most_common(top // 2):
    print(f"{100 * c / n:5.1f}%  {name}")
print("--- dev.tenantauth, inclusive")
for name, c in own_incl.most_common(top):
    print(f"{100 * c / n:5.1f}%  {name}")
