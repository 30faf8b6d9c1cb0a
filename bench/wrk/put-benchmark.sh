#!/usr/bin/env bash
# Single-patient PUT benchmark (floor: >= 500 requests/s at 16 connections with p99 <= 50 ms, docs/performance.md), the
# whole procedure in one command. Per run: a fresh database in a private PostgreSQL cluster (./hcc provisions it),
# 20,000 patients batch-imported, VACUUM ANALYZE, the API restarted, a wrk warm-up (a restarted API needs ~20 s to reach
# its steady speed), then the measured wrk run. Printed per run: throughput, p50/p90/p99, non-2xx count, CPU time per
# request of the API, of PostgreSQL (including workers that exited during the run: auto-vacuum/analyze) and of wrk, and
# the API's peak RSS.
#
#   bench/wrk/put-benchmark.sh [--runs N] [--duration S] [--warmup S] [--connections C] [--patients N] [--minimal] [--rate R]
#
# --rate R offers R PUTs per second over at most C connections instead of saturating them (LoadTool put-rate, open
# loop: latency counts from each request's scheduled time, so the backlog behind a stall counts too). The floor is taken
# from the saturated run; the open loop shows what a feed that does not wait for the registry sees.
# --minimal sends "Prefer: return=minimal". The cluster lives in $HCC_DATA_DIR (default .data-bench/, never the
# .data/ of './hcc run'); its hcc_outcomes database is dropped and re-created for every run. Needs wrk
# (installed with apt when missing and root). Stop the cluster afterwards with HCC_DATA_DIR=.data-bench ./hcc db stop.
set -euo pipefail

# Defaults, overridden by the options (parsed in common.sh).
count_option=--runs count=1 duration=60 warmup=60 connections=16 patients=20000 minimal="" rate=""
source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
runs=$count

for run in $(seq 1 "$runs"); do
  log "run $run/$runs: fresh database, $patients patients"
  fresh_database
  if [[ -n "$rate" ]]; then
    log "run $run: $rate req/s offered for $warmup s of warm-up and $duration s measured, at most $connections connections"
    "${load_tool[@]}" put-rate --url "$url" --rate "$rate" --connections "$connections" --seconds "$duration" --warmup "$warmup" | sed "s/^/run $run: /"
  else
    put_load "run $run" "$(put_docs)" "run$run"
  fi
done
