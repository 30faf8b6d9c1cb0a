#!/usr/bin/env bash
# Saves the outputs of one build (a git worktree or checkout) on the two cohorts that a change must leave as they were:
# the demo cohort and a 100,000-patient cohort imported with LoadTool's generated patients (deterministic). Run it for
# the build before a change and the build after it, then compare the folders:
#   git worktree add /tmp/before <revision>
#   bench/snapshot/build-outputs.sh /tmp/before /tmp/outputs-before
#   bench/snapshot/build-outputs.sh . /tmp/outputs-after
#   diff -r /tmp/outputs-before /tmp/outputs-after || bench/snapshot/compare.py /tmp/outputs-before/big /tmp/outputs-after/big
# Each run drops and re-creates the hcc_outcomes database of this repository's private benchmark cluster (.data-bench/,
# port 55480) and serves the build on port 5090 until its outputs are saved.
set -euo pipefail
tree="$(cd "$1" && pwd)" out="$2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export HCC_DATA_DIR="${HCC_DATA_DIR:-$ROOT/.data-bench}" HCC_PG_PORT="${HCC_PG_PORT:-55480}" HCC_PORT="${HCC_PORT:-5090}"
url="http://127.0.0.1:$HCC_PORT"
demo=de40c0de-2022-4106-9000-000000000078

(cd "$ROOT" && ./hcc db start >/dev/null)
export PGPASSWORD="$(cat "$HCC_DATA_DIR/password")"
psql="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql"
"$psql" -h 127.0.0.1 -p "$HCC_PG_PORT" -U hcc -d postgres -qAt \
  -c "DROP DATABASE IF EXISTS hcc_outcomes WITH (FORCE)" -c "CREATE DATABASE hcc_outcomes"

api_log="$HCC_DATA_DIR/build-outputs-api.log"
: > "$api_log"
cd "$tree"
setsid ./hcc run < /dev/null >> "$api_log" 2>&1 &
cd "$ROOT"
for _ in $(seq 1 300); do curl -sf "$url/health/ready" >/dev/null && break; sleep 1; done
api_pid="$(pgrep -n -f "HccOutcomes.Api.dll")" || { echo "the API did not start; see $api_log" >&2; exit 1; }
trap 'kill "$api_pid" 2>/dev/null; while kill -0 "$api_pid" 2>/dev/null; do sleep 0.2; done' EXIT
export HCC_CLIENT_ID="$(grep '^client_id=' "$api_log" | tail -n 1 | cut -d= -f2)"
export HCC_CLIENT_SECRET="$(grep '^client_secret=' "$api_log" | tail -n 1 | cut -d= -f2)"

dotnet build "$ROOT/bench/LoadTool" -c Release -v q >/dev/null
big="$(dotnet "$ROOT/bench/LoadTool/bin/Release/net10.0/HccOutcomes.LoadTool.dll" batch --url "$url" --patients 100000 --batch 10000 \
  | grep -o 'cohort [0-9a-f-]*' | tail -n 1 | cut -d' ' -f2)"
export HCC_TOKEN="$(curl -s -d grant_type=client_credentials -d client_id="$HCC_CLIENT_ID" -d client_secret="$HCC_CLIENT_SECRET" \
  "$url/connect/token" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

# A few patients of each cohort, by position in externalId order, for the patient-level outputs.
external_ids() { # COHORT PAGE SIZE
  curl -s -H "Authorization: Bearer $HCC_TOKEN" "$url/api/v1/cohorts/$1/patients?page=$2&pageSize=$3" \
    | python3 -c 'import json,sys; print(" ".join(p["externalId"] for p in json.load(sys.stdin)["items"]))'
}
rm -rf "$out"
# shellcheck disable=SC2046 # one argument per external id
"$ROOT/bench/snapshot/outputs.sh" "$url" "$demo" "$out/demo" $(external_ids "$demo" 1 5)
# shellcheck disable=SC2046
"$ROOT/bench/snapshot/outputs.sh" "$url" "$big" "$out/big" $(external_ids "$big" 7 3)
