# Shared by the scripts of bench/wrk (sourced, not run): the private PostgreSQL cluster, starting and stopping the API,
# a fresh database, CPU accounting from /proc, and one measured wrk run.
# Sourced with the script's options after its defaults (count_option names its own count option: --runs, --pairs;
# put-statements.sh has none).

while [[ $# -gt 0 ]]; do
  case "$1" in
    "$count_option") count="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --patients) patients="$2"; shift 2 ;;
    --minimal) minimal="minimal"; shift ;;
    --rate) rate="$2"; shift 2 ;;
    *) echo "unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
export HCC_DATA_DIR="${HCC_DATA_DIR:-$ROOT/.data-bench}" HCC_PG_PORT="${HCC_PG_PORT:-55480}" HCC_PORT="${HCC_PORT:-5090}"
unset ConnectionStrings__Default
# One client (the local admin) drives all connections here, so its request rate, not the PUT path, would cap the figure:
# the per-client limit (RateLimits:PermitsPerSecond, 600 by default) is lifted for the API these scripts start.
export RateLimits__PermitsPerSecond="${RateLimits__PermitsPerSecond:-1000000}" RateLimits__Burst="${RateLimits__Burst:-1000000}"

log() { printf '[%s] %s\n' "$(basename "$0" .sh)" "$*" >&2; }

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

# Starts the API: the working tree's through ./hcc run, or the build in directory $1 with the environment ./hcc run sets
# (database ${api_db:-hcc_outcomes}, listening on ${api_url:-$url}).
api_start() {
  if [[ -z "${1:-}" ]]; then
    setsid ./hcc run --no-demo >>"$api_log" 2>&1 &
  else
    ConnectionStrings__Default="Host=$HCC_DATA_DIR;Port=$HCC_PG_PORT;Username=hcc;Password=$PGPASSWORD;Database=${api_db:-hcc_outcomes}" \
      Database__ApplyMigrations=true ASPNETCORE_URLS="${api_url:-$url}" ASPNETCORE_ENVIRONMENT=Development \
      setsid dotnet "$1/HccOutcomes.Api.dll" >>"$api_log" 2>&1 &
  fi
  for _ in $(seq 1 120); do
    curl -sf "${api_url:-$url}/health/ready" >/dev/null 2>&1 && break
    sleep 1
  done
  api_pid="$(pgrep -n -f "HccOutcomes.Api.dll")" || { log "the API did not start; see $api_log"; exit 1; }
  # The local admin client this start printed: the load tool fetches its own token with it, wrk gets one per run.
  HCC_CLIENT_ID="$(grep '^client_id=' "$api_log" | tail -n 1 | cut -d= -f2)"
  HCC_CLIENT_SECRET="$(grep '^client_secret=' "$api_log" | tail -n 1 | cut -d= -f2)"
  export HCC_CLIENT_ID HCC_CLIENT_SECRET
  # A token of an earlier start is signed by a database that was dropped since.
  unset HCC_TOKEN
}

# token: a fresh access token of the local admin (valid 15 minutes).
token() {
  curl -sf -d grant_type=client_credentials -d "client_id=$HCC_CLIENT_ID" -d "client_secret=$HCC_CLIENT_SECRET" "${api_url:-$url}/connect/token" \
    | sed -n 's/.*"access_token": *"\([^"]*\)".*/\1/p'
}

api_stop() {
  if [[ -n "$api_pid" ]] && kill "$api_pid" 2>/dev/null; then
    while kill -0 "$api_pid" 2>/dev/null; do sleep 0.2; done
  fi
  api_pid=""
}
trap api_stop EXIT

# import_database [DIR]: the database hcc_outcomes anew with $patients patients batch-imported by the API (the working
# tree's, or the build in DIR), then VACUUM ANALYZE; that API is left running.
import_database() {
  api_stop
  sql -d postgres -c "DROP DATABASE IF EXISTS hcc_outcomes WITH (FORCE)" -c "CREATE DATABASE hcc_outcomes"
  api_start "${1:-}"
  "${load_tool[@]}" batch --url "$url" --patients "$patients" --batch 10000 | tail -n 1 >&2
  sql -d hcc_outcomes -c "VACUUM ANALYZE"
}

# fresh_database: import_database, and the API (the working tree's) restarted on it, as a restarted server would find it.
fresh_database() {
  import_database
  api_stop
  api_start
}

# CPU ticks: own utime+stime (fields 14, 15 of /proc/PID/stat); for the postmaster also its reaped children's
# (cutime+cstime, fields 16, 17), which is where exited backends and auto-vacuum workers end up.
ticks() { { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null || true; } | awk -v reaped="${2:-0}" '{ t = $12 + $13 + (reaped ? $14 + $15 : 0) } END { print t + 0 }'; }
# sum_ticks PID...: their ticks added up; pg_ticks: the whole cluster's.
sum_ticks() { local s=0 p; for p in "$@"; do s=$(( s + $(ticks "$p") )); done; echo "$s"; }
pg_ticks() { echo $(( $(ticks "$postmaster" 1) + $(sum_ticks $(pgrep -P "$postmaster")) )); }
hz=$(getconf CLK_TCK)

# put_load LABEL COHORT RUN: the load of put-patients.lua against the running API, from the documents of put_docs, as
# patients named RUN-…: a warm-up of $warmup s, then $duration s measured. Prints the measured run's throughput,
# p50/p90/p99, non-2xx, CPU per request of the API, PostgreSQL and wrk, and the API's peak RSS (VmHWM).
docs="$HCC_DATA_DIR/put-docs.tsv"
put_docs() { "${load_tool[@]}" put-docs --url "$url" --out "$docs" --count 1000; }
put_load() {
  local label="$1" cohort="$2" run="$3"
  local api0 pg0 api1 pg1 out requests
  export HCC_TOKEN; HCC_TOKEN="$(token)"
  log "$label: warm-up $warmup s"
  wrk -t2 -c"$connections" -d"${warmup}s" -s bench/wrk/put-patients.lua "$url" -- "$cohort" "$docs" "w$run" $minimal >/dev/null
  log "$label: measuring $duration s at $connections connections"
  api0=$(ticks "$api_pid"); pg0=$(pg_ticks)
  out="$( /usr/bin/time -f "wrk-cpu %U %S" wrk -t2 -c"$connections" -d"${duration}s" --latency -s bench/wrk/put-patients.lua \
    "$url" -- "$cohort" "$docs" "m$run" $minimal 2>&1 )"
  api1=$(ticks "$api_pid"); pg1=$(pg_ticks)
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  awk -v label="$label" -v n="$requests" -v api=$(( api1 - api0 )) -v pg=$(( pg1 - pg0 )) -v hz="$hz" \
      -v rss="$(awk '/VmHWM/ { print $2 }' "/proc/$api_pid/status")" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +90%/ { p90 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { non2xx = $NF }
    /wrk-cpu/ { wrk = $2 + $3 }
    END {
      printf "%s: %s req/s, p50 %s, p90 %s, p99 %s, non-2xx %d; CPU per request: API %.2f ms, PostgreSQL %.2f ms, wrk %.2f ms; API peak RSS %.0f MiB\n",
        label, rps, p50, p90, p99, non2xx, 1000 * api / hz / n, 1000 * pg / hz / n, 1000 * wrk / n, rss / 1024
    }' <<<"$out"
}

# Builds to compare (put-ab.sh, put-sim.sh). remove_worktrees, their EXIT trap, removes the worktrees that build made
# under $HCC_DATA_DIR/ab.
remove_worktrees() {
  api_stop
  for w in "$HCC_DATA_DIR"/ab/*/; do
    [[ -d "$w" ]] && { git worktree remove --force "$w" >/dev/null 2>&1 || rm -rf "$w"; }
  done
  git worktree prune
}

# Prints the directory of a build: the directory given, or the revision built in a worktree.
build() {
  if [[ -f "$1/HccOutcomes.Api.dll" ]]; then
    (cd "$1" && pwd)
    return
  fi
  local sha dir
  sha="$(git rev-parse --verify "$1^{commit}")" || { log "$1 is neither a build directory nor a git revision"; exit 2; }
  dir="$HCC_DATA_DIR/ab/$sha"
  rm -rf "$dir"
  git worktree prune
  git worktree add --detach "$dir" "$sha" >/dev/null 2>&1
  log "building $1 ($sha)"
  dotnet build "$dir/src/Api" -c Release -nologo -v quiet >&2
  echo "$dir/src/Api/bin/Release/net10.0"
}

# make_template DIR: the database hcc_ab_template that each compared run copies ($patients patients batch-imported by
# the build in DIR, VACUUM ANALYZE); sets $cohort and writes the PUT documents (put_docs).
make_template() {
  log "template database: $patients patients imported by $1"
  sql -d postgres -c "DROP DATABASE IF EXISTS hcc_ab_template"
  import_database "$1"
  cohort="$(put_docs)"
  api_stop
  sql -d postgres -c "CREATE DATABASE hcc_ab_template TEMPLATE hcc_outcomes"
}
