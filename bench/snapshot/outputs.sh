#!/usr/bin/env bash
# Saves every analyst-facing output of one cohort (comparison JSON and CSV, the figures, the outcome tables, the
# patient list, and each listed patient's document and outcomes) into a folder, with the cohort's id replaced by
# COHORT, so that two builds can be compared byte for byte with `diff -r`:
#   HCC_TOKEN=<bearer token> bench/snapshot/outputs.sh URL COHORT_ID OUT_DIR [EXTERNAL_ID ...]
set -euo pipefail
url="$1" cohort="$2" out="$3"; shift 3
mkdir -p "$out"
api="$url/api/v1"

fetch() { # NAME METHOD PATH [BODY] [ACCEPT]
  local name="$1" method="$2" path="$3" body="${4:-}" accept="${5:-application/json}"
  local args=(-sS -o "$out/$name" -w '%{http_code}' -X "$method" -H "Accept: $accept" -H "Authorization: Bearer ${HCC_TOKEN:-}")
  [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
  local code; code="$(curl "${args[@]}" "$api$path")"
  [[ "$code" == 2* ]] || { echo "$name: HTTP $code" >&2; cat "$out/$name" >&2; exit 1; }
  sed -i "s/$cohort/COHORT/g" "$out/$name"
}

compare='{ "cohortId": "'"$cohort"'",
  "groups": [ { "name": "RT+PD1", "filter": { "arm": "RT+PD1" } }, { "name": "TACE+Sorafenib", "filter": { "arm": "TACE+Sorafenib" } } ],
  "reference": "TACE+Sorafenib", "sections": ["baseline", "response", "pfs", "os", "safety", "subgroups"], "criteria": ["recist11", "mrecist"],
  "landmarksMonths": [3, 6, 9, 12], "categoricalTest": "auto", "medianConvention": "spss", "ties": "breslow", "primarySurvivalTest": "gehanBreslow",
  "subgroups": ["age>=53", "hbv", "maxTumorDiameter<10", "macrovascularInvasion", "extrahepaticMetastasis", "bclc", "priorTace", "priorHepatectomy", "priorSystemicTherapy", "afp>=400"] }'

fetch compare.json POST /analyses/compare "$compare"
fetch compare.csv POST /analyses/compare "$compare" text/csv
fetch km-pfs.svg POST "/analyses/compare/figures/kaplan-meier?endpoint=pfs" "$compare" image/svg+xml
fetch km-os.svg POST "/analyses/compare/figures/kaplan-meier?endpoint=os" "$compare" image/svg+xml
fetch forest-pfs.svg POST "/analyses/compare/figures/forest?endpoint=pfs" "$compare" image/svg+xml
fetch waterfall.svg POST /analyses/compare/figures/waterfall "$compare" image/svg+xml
fetch outcomes.json GET "/cohorts/$cohort/outcomes"
fetch outcomes.csv GET "/cohorts/$cohort/outcomes" "" text/csv
fetch patients-page1.json GET "/cohorts/$cohort/patients?page=1&pageSize=50"
for id in "$@"; do
  fetch "patient-$id.json" GET "/cohorts/$cohort/patients/$id"
  fetch "patient-$id-outcomes.json" GET "/cohorts/$cohort/patients/$id/outcomes"
done
# Server-set timestamps, and the content version (built from transaction ids), differ between two loads of the same
# data; everything else must not.
sed -i -E 's/"(createdAt|updatedAt)":"[^"]*"/"\1":"T"/g; s/"contentVersion":"[^"]*"/"contentVersion":"V"/g' "$out"/*.json
sed -i -E 's/"(id|patientId)":"[0-9a-f-]{36}"/"\1":"ID"/g' "$out"/patient-*.json
echo "saved $(ls "$out" | wc -l) outputs to $out"
