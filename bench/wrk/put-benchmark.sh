#!/usr/bin/env bash
# Single-patient PUT benchmark (issue 4: >= 1,000 requests/s with p99 <= 50 ms), the procedure of docs/performance.md
# in one command. Per run: a fresh database in a private PostgreSQL cluster (./hcc provisions it), 20,000 patients
# batch-imported, VACUUM ANALYZE, the API restarted, a wrk warm-up (the JIT's tiering is still busy after 25 s), then
# the measured wrk run. Printed per run: throughput, p50/p90/p99, non-2xx count, CPU time per request of the API, of
# PostgreSQL (including workers that exited during the run: auto-vacuum/analyze) and of wrk, and the API's peak RSS.
#
#   bench/wrk/put-benchmark.sh [--runs N] [--duration S] [--warmup S] [--connections C] [--patients N] [--minimal]
#
# --minimal sends "Prefer: return=minimal". The cluster lives in $HCC_DATA_DIR (default .data-bench/, never the
# .data/ of './hcc run'); its hcc_outcomes database is dropped and re-created for every run. Needs wrk
# (installed with apt when missing and root). Stop the cluster afterwards with HCC_DATA_DIR=.data-bench ./hcc db stop.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export HCC_DATA_DIR="${HCC_DATA_DIR:-$ROOT/.data-bench}" HCC_PG_PORT="${HCC_PG_PORT:-55480}" HCC_PORT="${HCC_PORT:-5090}"
unset ConnectionStrings__Default

runs=1 duration=60 warmup=60 connections=16 patients=20000 minimal=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --patients) patients="$2"; shift 2 ;;
    --minimal) minimal="minimal"; shift ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

log() { printf '[put-benchmark] %s\n' "$*" >&2; }

if ! command -v wrk >/dev/null; then
  [[ $(id -u) -eq 0 ]] || { log "wrk is missing: apt-get install wrk"; exit 1; }
  log "installing Debian's wrk"
  # As ./hcc does for PostgreSQL: a fresh machine's package lists may be empty.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends wrk >&2
fi

./hcc db start
psql_bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql"
export PGPASSWORD="$(cat "$HCC_DATA_DIR/password")"
sql() { "$psql_bin" -h 127.0.0.1 -p "$HCC_PG_PORT" -U hcc -qAt "$@"; }
postmaster="$(head -n 1 "$HCC_DATA_DIR/pgdata/postmaster.pid")"

dotnet build bench/LoadTool -c Release -nologo -v quiet >&2
load_tool=(dotnet bench/LoadTool/bin/Release/net10.0/HccOutcomes.LoadTool.dll)
url="http://127.0.0.1:$HCC_PORT"
api_log="$HCC_DATA_DIR/api.log"
api_pid=""

api_start() {
  setsid ./hcc run --no-demo >>"$api_log" 2>&1 &
  for _ in $(seq 1 120); do
    curl -sf "$url/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  api_pid="$(pgrep -n -f "HccOutcomes.Api.dll")" || { log "the API did not start; see $api_log"; exit 1; }
}

api_stop() {
  if [[ -n "$api_pid" ]] && kill "$api_pid" 2>/dev/null; then
    while kill -0 "$api_pid" 2>/dev/null; do sleep 0.2; done
  fi
  api_pid=""
}
trap api_stop EXIT

# CPU ticks: own utime+stime (fields 14, 15 of /proc/PID/stat); for the postmaster also its reaped children's
# (cutime+cstime, fields 16, 17), which is where exited backends and auto-vacuum workers end up.
ticks() { { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null || true; } | awk -v reaped="${2:-0}" '{ t = $12 + $13 + (reaped ? $14 + $15 : 0) } END { print t + 0 }'; }
pg_ticks() {
  local sum; sum=$(ticks "$postmaster" 1)
  for p in $(pgrep -P "$postmaster"); do sum=$(( sum + $(ticks "$p") )); done
  echo "$sum"
}

hz=$(getconf CLK_TCK)
for run in $(seq 1 "$runs"); do
  log "run $run/$runs: fresh database, $patients patients"
  api_stop
  sql -d postgres -c "DROP DATABASE IF EXISTS hcc_outcomes WITH (FORCE)" -c "CREATE DATABASE hcc_outcomes"
  api_start
  "${load_tool[@]}" batch --url "$url" --patients "$patients" --batch 10000 | tail -n 1 >&2
  sql -d hcc_outcomes -c "VACUUM ANALYZE"
  api_stop
  api_start
  cohort="$("${load_tool[@]}" put-docs --url "$url" --out "$HCC_DATA_DIR/put-docs.tsv" --count 1000)"
  log "warm-up ${warmup} s"
  wrk -t2 -c"$connections" -d"${warmup}s" -s bench/wrk/put-patients.lua "$url" -- "$cohort" "$HCC_DATA_DIR/put-docs.tsv" "warm$run" $minimal >/dev/null
  log "measuring ${duration} s at $connections connections"
  api0=$(ticks "$api_pid"); pg0=$(pg_ticks)
  out="$( /usr/bin/time -f "wrk-cpu %U %S" wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/wrk/put-patients.lua \
    "$url" -- "$cohort" "$HCC_DATA_DIR/put-docs.tsv" "run$run" $minimal 2>&1 )"
  api1=$(ticks "$api_pid"); pg1=$(pg_ticks)
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  awk -v run="$run" -v n="$requests" -v api=$(( api1 - api0 )) -v pg=$(( pg1 - pg0 )) -v hz="$hz" \
      -v rss="$(awk '/VmHWM/ { print $2 }' "/proc/$api_pid/status")" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { non2xx = $NF }
    /wrk-cpu/ { wrk = $2 + $3 }
    END {
      printf "run %d: %s req/s, p50 %s, p90 %s, p99 %s, non-2xx %d; CPU per request: API %.2f ms, PostgreSQL %.2f ms, wrk %.2f ms; API peak RSS %.0f MiB\n",
        run, rps, p50, p90, p99, non2xx, 1000 * api / hz / n, 1000 * pg / hz / n, 1000 * wrk / n, rss / 1024
    }' <<<"$out"
done
