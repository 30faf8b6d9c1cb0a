#!/usr/bin/env bash
# Paired comparison of two API builds under the single-patient PUT load of put-benchmark.sh. A shared host's speed can
# swing by up to 40 % within the hour (docs/performance.md, "Telling a slow host"), more than most changes, so single
# runs of two builds cannot be compared: the builds run alternately (A B, then B A, ...), each from an identical copy of
# one template database, and the figure to compare is CPU per request, above all the API's relative to PostgreSQL's (a
# change to the API leaves PostgreSQL's code alone, so that ratio cancels the machine's speed).
#
#   bench/wrk/put-ab.sh A B [--pairs 3] [--duration 25] [--warmup 45] [--connections 16] [--patients 20000] [--minimal]
#
# A and B are git revisions (each built in a temporary worktree) or directories holding a built HccOutcomes.Api.dll.
# The template database (patients batch-imported by A, VACUUM ANALYZE) is made once; every run copies it
# (CREATE DATABASE … TEMPLATE), starts the build, warms up, and measures. One run of A before the pairs is not
# counted. A build that adds a migration applies it to its copy before the warm-up. The cluster is the one of
# put-benchmark.sh ($HCC_DATA_DIR, default .data-bench/).
set -euo pipefail

[[ $# -ge 2 ]] || { echo "usage: $0 A B [options] (see the header)" >&2; exit 2; }
a="$1" b="$2"; shift 2
# Defaults, overridden by the options (parsed in common.sh).
count_option=--pairs count=3 duration=25 warmup=45 connections=16 patients=20000 minimal=""
source "$(dirname "${BASH_SOURCE[0]}")/common.sh" "$@"
pairs=$count
trap remove_worktrees EXIT

dir_a="$(build "$a")"
dir_b="$(build "$b")"

make_template "$dir_a"

results="$(mktemp)"
trial() { # LABEL DIR [RESULTS]
  api_stop
  sql -d postgres -c "DROP DATABASE IF EXISTS hcc_outcomes WITH (FORCE)" -c "CREATE DATABASE hcc_outcomes TEMPLATE hcc_ab_template" -c "CHECKPOINT"
  api_start "$2"
  put_load "$1" "$cohort" "$1-$RANDOM$RANDOM" | tee -a "${3:-$results}"
}
# The first run after the template import tends to be the slowest of its series (cause unknown), and it would always
# be A's: one run of A first, not counted.
log "settling run of A (not counted)"
trial settle "$dir_a" /dev/null
for pair in $(seq 1 "$pairs"); do
  log "pair $pair/$pairs"
  if (( pair % 2 )); then trial A "$dir_a"; trial B "$dir_b"; else trial B "$dir_b"; trial A "$dir_a"; fi
done

# Means over the runs of each build; API/PG is the mean of each run's ratio.
awk '{
    label = substr($1, 1, length($1) - 1); rps[label] += $2; n[label]++
    for (i = 1; i <= NF; i++) {
      if ($i == "API" && $(i + 1) ~ /^[0-9.]+$/) { api[label] += $(i + 1); run_api = $(i + 1) }
      if ($i == "PostgreSQL") { pg[label] += $(i + 1); ratio[label] += run_api / $(i + 1) }
    }
  }
  END {
    for (l in n) printf "%s (mean of %d): %.0f req/s; CPU per request: API %.3f ms, PostgreSQL %.3f ms, API/PostgreSQL %.3f\n",
      l, n[l], rps[l] / n[l], api[l] / n[l], pg[l] / n[l], ratio[l] / n[l]
  }' "$results" | sort
rm -f "$results"
