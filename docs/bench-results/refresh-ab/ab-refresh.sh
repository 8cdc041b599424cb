#!/bin/bash
# A/B: refresh before (f080b19) and after (one-statement rotation), alternating, tenant-auth alone
source /tmp/env.sh
out=/tmp/ab-refresh; mkdir -p $out
for pass in 1 2; do
  for side in old new; do
    dir=/tmp/ab-old; [ $side = new ] && dir=/tmp/wm
    PEER_DB=tenant_auth_ab_refresh $dir/bench/peer/run --ours-only --no-nmt --scenarios refresh --duration 10 --rounds 2 --warmup 5 --out $out/$pass-$side > $out/$pass-$side.log 2>&1
    echo "$pass $side rc=$?" >> $out/done.txt
  done
done
