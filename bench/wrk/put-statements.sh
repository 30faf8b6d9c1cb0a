#!/usr/bin/env bash
# Where PostgreSQL's time per single-patient PUT goes, statement by statement (pg_stat_statements, track = all, so the
# record tables' triggers and key checks show too). It runs put-benchmark.sh's procedure once (a fresh database with
# 20,000 patients, VACUUM ANALYZE, the API restarted, a wrk warm-up). Then it resets the statistics, measures one wrk run
# and prints per statement: calls, total ms, µs per PUT, rows, buffer hits per call, WAL bytes per call and full-page
# images. The cluster is restarted with pg_stat_statements loaded, then restarted without it at the end.
#
#   bench/wrk/put-statements.sh [--duration S] [--warmup S] [--connections C] [--patients N] [--minimal]
set -euo pipefail

# Defaults, overridden by the options (parsed in common.sh); no repeated runs.
count_option=--none count=1 duration=30 warmup=40 connections=16 patients=20000 minimal=""
source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"

restart_cluster() {
  api_stop
  ./hcc db stop
  ./hcc db start
}

sql -d postgres -c "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"
restart_cluster
trap 'sql -d postgres -c "ALTER SYSTEM RESET pg_stat_statements.track" -c "ALTER SYSTEM RESET shared_preload_libraries" && restart_cluster' EXIT
sql -d postgres -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" -c "ALTER SYSTEM SET pg_stat_statements.track = 'all'" \
  -c "SELECT pg_reload_conf()" >/dev/null

log "fresh database, $patients patients"
fresh_database
cohort="$(put_docs)"
export HCC_TOKEN; HCC_TOKEN="$(token)"
log "warm-up $warmup s"
wrk -t2 -c"$connections" -d"${warmup}s" -s bench/wrk/put-patients.lua "$url" -- "$cohort" "$docs" warm $minimal >/dev/null
sql -d postgres -c "SELECT pg_stat_statements_reset()" >/dev/null
log "measuring $duration s at $connections connections"
out="$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/wrk/put-patients.lua "$url" -- "$cohort" "$docs" measured $minimal)"
grep -E "Requests/sec|99%" <<<"$out"
requests=$(awk '/requests in/ { print $1 }' <<<"$out")
printf 'calls\tms\tus_per_put\trows\thits_per_call\twal_bytes_per_call\twal_fpi\tstatement\n'
sql -d postgres -F $'\t' -c "
  SELECT calls, round(total_exec_time::numeric) AS ms, round((total_exec_time / $requests * 1000)::numeric, 1) AS us_per_put,
         rows, round(shared_blks_hit::numeric / calls, 1) AS hits_per_call, round(wal_bytes / calls) AS wal_bytes_per_call, wal_fpi,
         left(regexp_replace(query, '\s+', ' ', 'g'), 140) AS statement
  FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'
  ORDER BY total_exec_time DESC LIMIT 30"
