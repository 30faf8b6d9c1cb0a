#!/usr/bin/env bash
# Simultaneous comparison of two API builds under the single-patient PUT load. put-ab.sh runs the builds one after the
# other, so a change of this machine's speed between two runs (a shared host's speed can swing by up to 2x within the
# hour, docs/performance.md) lands on one build only. Here both builds run at the same time, each with its own copy of
# one template database and its own wrk, on the same two CPUs: whatever the host does, it does to both. The figure to
# compare is CPU per request of each API process and of the PostgreSQL backends serving its database (auto-vacuum
# workers are left out: they belong to neither build).
#
#   bench/wrk/put-sim.sh A B [--runs 3] [--duration 40] [--warmup 45] [--connections 8] [--patients 20000]
#
# A and B are git revisions (each built in a temporary worktree) or directories holding a built HccOutcomes.Api.dll;
# a build compared with itself shows the tool's own spread. Each build gets --connections (default 8, so 16 in all, as
# in put-benchmark.sh). The template database (patients batch-imported by A, VACUUM ANALYZE) is made once; every
# run copies it twice. Prints per run the CPU per request of both builds and B's relative to A's, then the means.
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 A B [options] (see the header)" >&2; exit 2; }
a="$1" b="$2"; shift 2
# Defaults, overridden by the options (parsed in common.sh).
count_option=--runs count=3 duration=40 warmup=45 connections=8 patients=20000 minimal=""
source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
runs=$count
pid_a="" pid_b=""
stop_both() {
  for p in $pid_a $pid_b; do
    kill "$p" 2>/dev/null && while kill -0 "$p" 2>/dev/null; do sleep 0.2; done
  done
  pid_a="" pid_b=""
}
trap 'stop_both; remove_worktrees' EXIT

dir_a="$(build "$a")"
dir_b="$(build "$b")"

make_template "$dir_a"

url_a="http://127.0.0.1:$(( HCC_PORT + 1 ))" url_b="http://127.0.0.1:$(( HCC_PORT + 2 ))"
# CPU ticks of the client backends of database $1 (those alive at both readings count; the pools keep theirs).
backends() { sql -d postgres -c "SELECT pid FROM pg_stat_activity WHERE datname = '$1' AND backend_type = 'client backend'"; }
load() { wrk -t1 -c"$connections" -d"$1s" -s bench/wrk/put-patients.lua "$2" -- "$cohort" "$docs" "$3-$RANDOM$RANDOM"; }

results="$(mktemp)"
for run in $(seq 1 "$runs"); do
  log "run $run/$runs: both builds, $connections connections each, warm-up $warmup s, measured $duration s"
  for db in sim_a sim_b; do
    sql -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db TEMPLATE hcc_ab_template"
  done
  sql -d postgres -c "CHECKPOINT"
  # Each API logs to a file of its own: two processes appending a line per request to one file contend for it, which
  # cost the second one ~25 % more CPU per request in a comparison of a build with itself.
  api_db=sim_a api_url="$url_a" api_log="$HCC_DATA_DIR/api-a.log" api_start "$dir_a"; pid_a=$api_pid
  api_db=sim_b api_url="$url_b" api_log="$HCC_DATA_DIR/api-b.log" api_start "$dir_b"; pid_b=$api_pid
  api_pid=""
  # wait for the two wrk only (the APIs are background jobs of this shell too)
  load "$warmup" "$url_a" wa >/dev/null & w1=$!
  load "$warmup" "$url_b" wb >/dev/null & w2=$!
  wait "$w1" "$w2"
  backends_a=$(backends sim_a) backends_b=$(backends sim_b)
  api_a0=$(ticks "$pid_a") api_b0=$(ticks "$pid_b") pg_a0=$(sum_ticks $backends_a) pg_b0=$(sum_ticks $backends_b)
  out_a="$(mktemp)" out_b="$(mktemp)"
  load "$duration" "$url_a" ma >"$out_a" & w1=$!
  load "$duration" "$url_b" mb >"$out_b" & w2=$!
  wait "$w1" "$w2"
  api_a1=$(ticks "$pid_a") api_b1=$(ticks "$pid_b") pg_a1=$(sum_ticks $backends_a) pg_b1=$(sum_ticks $backends_b)
  n_a=$(awk '/requests in/ { print $1 }' "$out_a") n_b=$(awk '/requests in/ { print $1 }' "$out_b")
  rm -f "$out_a" "$out_b"
  stop_both
  awk -v run="$run" -v na="$n_a" -v nb="$n_b" -v hz="$hz" -v aa=$(( api_a1 - api_a0 )) -v ab=$(( api_b1 - api_b0 )) \
      -v pa=$(( pg_a1 - pg_a0 )) -v pb=$(( pg_b1 - pg_b0 )) 'BEGIN {
    printf "run %d: A %d requests, API %.3f ms, PostgreSQL %.3f ms per request; B %d requests, API %.3f ms, PostgreSQL %.3f ms; B/A: API %.3f, PostgreSQL %.3f\n",
      run, na, 1000 * aa / hz / na, 1000 * pa / hz / na, nb, 1000 * ab / hz / nb, 1000 * pb / hz / nb, (ab / nb) / (aa / na), (pb / nb) / (pa / na)
  }' | tee -a "$results"
done

awk '{ api += $(NF - 2) + 0; pg += $NF; n++ } END {
  printf "B/A over %d runs (mean): API %.3f, PostgreSQL %.3f\n", n, api / n, pg / n }' "$results"
rm -f "$results"
sql -d postgres -c "DROP DATABASE IF EXISTS sim_a WITH (FORCE)" -c "DROP DATABASE IF EXISTS sim_b WITH (FORCE)"
