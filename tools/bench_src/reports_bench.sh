#!/usr/bin/env bash
# tools/bench reports — every report at province scale beside its SQL floor (issue 11 "Scale").
# A benchmark, not a test: it never fails on a missed goal (exit 0), only on breakage.
#
#   tools/bench reports [--scale province|city] [--runs R] [--seed S] [--fresh]
#
#   --scale   the data set `trellis demo --scale` builds (default province: 200k enterprises, 1M
#             history rows, five years of designations, 50k pool members with roadmaps, 500k
#             contacts, 300k graph nodes / 1.5M links); city is one hundredth, for a smoke run
#   --runs R  timed requests per figure (default 3), the median reported; a report or drill-down
#             is first asked once right after every change counter of sql/015 was moved (its
#             "after a write" figure: facts read afresh), the timed runs follow (its "kept"
#             figure); an export gets one warm-up (none when R = 1)
#   --seed S  demo seed (default 7)
#   --fresh   rebuild the cached data set (bench-results/cache, keyed by the generator's sources)
#   --db FILE a data set `trellis demo --scale` built already (used as it is, not cached)
#   --request-timeout S  seconds one request may take before it counts as failed (default 600)
#   --report-only  write bench-results/reports.md again from the last run's figures in
#             bench-results/reports-work (a run stopped before its end leaves them; the figures it
#             did not reach are left out and said to be missing)
#
# TRELLIS_BENCH_BUILD (default build-bench) and TRELLIS_BENCH_BUILD_TYPE (Release) choose the
# build; TRELLIS_BENCH_NO_BUILD=1 takes the trellis binary already there.
#
# One run: the data set (built once, cached); a copy of it gets covering indexes for the SQL
# floor (tools/bench_src/report_floor.sql: the same aggregate as plain SQL, timed by the sqlite3
# CLI's .timer, median of R runs); `trellis serve` (pinned to core 0) on the data set answers
# every report route, one drill-down of each report that has them and the CSV/XLSX export of the
# largest list (GET /api/v1/enterprises, 200k rows), each timed with curl from core 1 (median of
# R; a report first once right after a write, see --runs). The server's peak resident size is reset before each export
# (/proc/PID/clear_refs) so the export's own peak is read. The XLSX export is also set beside a
# bare libxlsxwriter loop writing the same cells (tools/bench_src/xlsx_reference.cpp). Goals:
# every report and drill-down < 1 s and ≤ 2× its floor; exports in bounded memory. Results go to
# bench-results/reports.md. Only loopback is contacted; every process started here is stopped by
# its PID on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
scale=province runs=3 seed=7 fresh=0 given_db= request_timeout=600 report_only=0
while (($#)); do
  case "$1" in
    --scale) scale=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --fresh) fresh=1; shift ;;
    --db) given_db=$2; shift 2 ;;
    --request-timeout) request_timeout=$2; shift 2 ;;
    --report-only) report_only=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "tools/bench reports: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ "$scale" == province || "$scale" == city ]] || { echo "tools/bench reports: --scale province|city" >&2; exit 2; }
for v in "$runs" "$seed" "$request_timeout"; do
  [[ "$v" =~ ^[0-9]+$ && "$v" -gt 0 ]] || { echo "tools/bench reports: numbers must be positive integers" >&2; exit 2; }
done
log() { printf '[bench reports %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

build=${TRELLIS_BENCH_BUILD:-$repo/build-bench}
build_type=${TRELLIS_BENCH_BUILD_TYPE:-Release}
out_dir=$repo/bench-results
work=$out_dir/reports-work
cache=$out_dir/cache
mkdir -p "$work" "$cache"
if ((report_only)); then
  [[ -s "$work/http" && -s "$work/meta" ]] || { echo "tools/bench reports --report-only: no figures of an earlier run in $work" >&2; exit 2; }
else
  rm -rf "${work:?}"/*
fi

# shellcheck source=bench_lib.sh
source "$repo/tools/bench_src/bench_lib.sh"
floor_ms() { awk -v n="$1" '$1 == n { split($3, kv, "="); print kv[2] }' "$work/floor" | median; }

today=$(date +%F); year=${today:0:4}
from="$year-01-01"; before=$(date -d "$from -1 day" +%F)
d6=$(date -d "$today +6 months" +%F); d12=$(date -d "$today +12 months" +%F)
next=$((year + 1)); cohort=$((year - 3))
if ((!report_only)); then
log "setup and $build_type build ($build)"
bench_binaries
bench_processes_and_config

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the data set, cached by the sources that decide it -----------------------------------
key=$(cat sql/*.sql src/app/demo_*.cpp src/graph/synthetic_graph.cpp config/*.json | sha1sum | cut -c1-12)
db=$cache/scale-$scale-$seed-$key.db
if [[ -n "$given_db" ]]; then
  [[ -s "$given_db" ]] || { echo "tools/bench reports: no data set $given_db" >&2; exit 2; }
  db=$given_db
  log "the given data set $db"
elif ((fresh)) || [[ ! -s "$db" ]]; then
  rm -f "$cache"/scale-"$scale"-*.db "$cache"/scale-"$scale"-*.db-* "$cache"/scale-"$scale"-*.log
  log "building the $scale data set (trellis demo --scale $scale --seed $seed)"
  "$trellis" demo --config "$config" --db "$db.tmp" --scale "$scale" --seed "$seed" | tee "$db.log" >&2 \
    || { rm -f "$db.tmp"*; exit 1; }
  sqlite3 "$db.tmp" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
  mv "$db.tmp" "$db"; rm -f "$db.tmp"-*
else
  log "cached data set $(basename "$db")"
fi
built=$(tail -1 "$db.log" 2>/dev/null || echo '?')
counts=$(sqlite3 "$db" "SELECT (SELECT count(*) FROM enterprise) || ' enterprises, ' || (SELECT count(*) FROM enterprise_history)
  || ' history rows, ' || (SELECT count(*) FROM designation) || ' designations, ' || (SELECT count(*) FROM pool_membership)
  || ' pool members, ' || (SELECT count(*) FROM milestone) || ' milestones, ' || (SELECT count(*) FROM liaison_contact)
  || ' contacts, ' || (SELECT count(*) FROM liaison_problem) || ' problems, ' || (SELECT count(*) FROM graph_node)
  || ' graph nodes, ' || (SELECT count(*) FROM graph_link) || ' links'")
log "$counts"
printf 'load_at_start=%s\ncounts=%s\nbuilt=%s\nbuild_type=%s\ncommit=%s\n' "$load_at_start" "$counts" "$built" "$build_type" \
  "$(git rev-parse --short HEAD)" >"$work/meta"


# ---- the SQL floor on a copy with covering indexes ------------------------------------------
log "SQL floor: copy, covering indexes, $runs runs of tools/bench_src/report_floor.sql"
floor_db=$work/floor.db
cp "$db" "$floor_db"
sqlite3 "$floor_db" <<'EOF'
CREATE INDEX floor_designation ON designation(stage, starts_on, ends_on, revoked_on, enterprise_id);
CREATE INDEX floor_designation_ent ON designation(enterprise_id, stage, starts_on, ends_on, revoked_on);
CREATE INDEX floor_enterprise_region ON enterprise(id, region_code);
CREATE INDEX floor_membership ON pool_membership(pool, target_year, entered_on, exited_on, exit_reason, tier, target_stage, region_code, enterprise_id);
CREATE INDEX floor_membership_ent ON pool_membership(enterprise_id, exited_on, tier, region_code);
CREATE INDEX floor_contact_date ON liaison_contact(contact_date, enterprise_id);
CREATE INDEX floor_milestone ON milestone(membership_id, status, due_on, done_on, created_at);
CREATE INDEX floor_problem_event ON liaison_problem_event(problem_id, on_date, id, to_status);
CREATE INDEX floor_graph_node ON graph_node(kind, removed_at, region_code, fields);
ANALYZE;
EOF
{
  echo ".timer on"
  # The value is an SQL literal: the shell-like argument needs its quotes quoted ("'…'").
  for kv in d="'$today'" before="'$before'" from="'$from'" y0="'$from'" year=$year next=$next d6="'$d6'" \
            d12="'$d12'" cohort="'$cohort'"; do
    echo ".parameter set :${kv%%=*} \"${kv#*=}\""
  done
  echo ".read tools/bench_src/report_floor.sql"
} >"$work/floor_run.sql"
: >"$work/floor"
for run in $(seq 1 "$runs"); do
  taskset -c 1 sqlite3 "$floor_db" <"$work/floor_run.sql" >"$work/floor-$run.out"
  awk -v run="$run" '/^@@ / { name = $2; next } /^Run Time: real/ { t[name] += $4 }
    END { for (n in t) printf "%s run=%s ms=%.1f\n", n, run, t[n] * 1000 }' "$work/floor-$run.out" >>"$work/floor"
done
# The CSV floor of the 200k-row export: the same columns straight out of SQLite as CSV.
: >"$work/floor_csv"
for _ in $(seq 1 "$runs"); do
  t0=$(date +%s.%N)
  taskset -c 1 sqlite3 -csv "$floor_db" "SELECT uscc, name, region_code, industry, founded_on, address, legal_representative, contact_phone, tags
                            FROM enterprise WHERE archived = 0 ORDER BY id" >"$work/floor_export.csv"
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }' >>"$work/floor_csv"
done
rm -f "$floor_db" "$floor_db"-*

# ---- HTTP ------------------------------------------------------------------------------------
log "trellis serve on the data set (the graph engine loads it before listening)"
port=$(free_port)
serve_wait_seconds=900
serve "$db" "$port" "$work/serve.log"
base="http://127.0.0.1:$port"
rss_kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$server_pid/status"; }
rss_after_start=$(rss_kib VmRSS)

# name|target|floor figure (empty: none)|kind (report, drill or export)
cat >"$work/targets" <<EOF
progress (incl. graph metrics)|/api/v1/reports/progress?as_of=$today|progress|report
ladder|/api/v1/reports/ladder?as_of=$today&from=$from|ladder|report
funnel and cohorts|/api/v1/reports/funnel?as_of=$today|funnel|report
scorecard (the progress metrics per task)|/api/v1/reports/scorecard?as_of=$today|progress|report
liaison and roadmaps|/api/v1/reports/liaison?as_of=$today&from=$from|liaison|report
roadmap book (hnte_reserve, $next)|/api/v1/reports/roadmap-book?pool=hnte_reserve&target_year=$next&as_of=$today|roadmap_book|report
drill-down progress tech_sme_filed actual|/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual&as_of=$today|drill_progress|drill
drill-down ladder holders hnte|/api/v1/reports/drill-down?report=ladder&kind=holders&stage=hnte&as_of=$today|drill_ladder|drill
drill-down funnel hnte_reserve $cohort entered|/api/v1/reports/drill-down?report=funnel&pool=hnte_reserve&cohort=$cohort&outcome=entered&as_of=$today|drill_funnel|drill
drill-down graph metric municipal_platforms|/api/v1/reports/drill-down?report=progress&metric=municipal_platforms&measure=actual&as_of=$today|drill_graph|drill
export CSV, enterprise list (every row)|/api/v1/enterprises?format=csv|csv|export
export XLSX, enterprise list (every row)|/api/v1/enterprises?format=xlsx|xlsx|export
export CSV, drill-down tech_sme_filed (every row)|/api/v1/reports/drill-down?report=progress&metric=tech_sme_filed&measure=actual&as_of=$today&format=csv||export
export XLSX, roadmap book (one sheet per county)|/api/v1/reports/roadmap-book?pool=hnte_reserve&target_year=$next&as_of=$today&format=xlsx||export
EOF
fetch() {  # target file → "status seconds bytes"
  taskset -c 1 curl -s -o "$2" -w '%{http_code} %{time_total} %{size_download}\n' --max-time "$request_timeout" \
    -H "Authorization: Bearer $TRELLIS_TOKEN" "$base$1" || true  # a timeout is a figure (000), not a breakage
}
: >"$work/http"
while IFS='|' read -r name target floor kind; do
  [[ -n "$name" ]] || continue
  log "  $name"
  out=$work/answer
  if [[ "$kind" == export ]]; then
    echo 5 >"/proc/$server_pid/clear_refs" 2>/dev/null || true  # reset VmHWM: this export's own peak
    base_rss=$(rss_kib VmRSS)
  fi
  cold=''
  if [[ "$kind" != export ]]; then
    # The first request after a write: every change counter of sql/015 moved (the data did not),
    # so the server's kept facts and reports are stale and this request reads and computes them
    # afresh. The timed runs after it are answered from what it kept.
    sqlite3 "$db" "PRAGMA busy_timeout = 5000; UPDATE report_version SET n = n + 1;" >/dev/null
    cold=$(fetch "$target" "$out" | awk '{print $2 * 1000}')
  else
    ((runs == 1)) || fetch "$target" "$out" >/dev/null  # warm-up
  fi
  : >"$work/one"
  for _ in $(seq 1 "$runs"); do fetch "$target" "$out" >>"$work/one"; done
  status=$(awk '{print $1}' "$work/one" | sort -u | tr '\n' ' ' | sed 's/ $//')
  secs=$(awk '{print $2 * 1000}' "$work/one" | median)
  bytes=$(tail -1 "$work/one" | awk '{print $3}')
  rows=''
  case "$target" in
    *format=csv*) rows=$(($(wc -l <"$out") - 1)) ;;
    *format=xlsx*) rows=$( (unzip -p "$out" 'xl/worksheets/sheet1.xml' 2>/dev/null || true) | grep -o '<row ' | wc -l) ;;
    *) rows=$(grep -o '"total":[0-9]*' "$out" | head -1 | cut -d: -f2 || true) ;;
  esac
  peak=''
  if [[ "$kind" == export ]]; then peak="$(( $(rss_kib VmHWM) / 1024 )) MiB peak ($(( base_rss / 1024 )) MiB before)"; fi
  [[ "$target" == *enterprises?format=csv* ]] && cp "$out" "$work/export.csv"
  printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\n' "$name" "$kind" "$floor" "$status" "$secs" "$bytes" "$rows" "$peak" "$cold" >>"$work/http"
done <"$work/targets"
rss_peak_total=$(( $(rss_kib VmHWM) / 1024 ))
stop_pid "$server_pid"

# The bare libxlsxwriter loop writing the cells of the same list (read from the CSV export).
: >"$work/xlsx_ref"
for _ in $(seq 1 "$runs"); do taskset -c 1 "$work/xlsx_reference" "$work/export.csv" "$work/reference.xlsx" >>"$work/xlsx_ref"; done
xlsx_ref_ms=$(sed -n 's/.*write_ms=\([^ ]*\).*/\1/p' "$work/xlsx_ref" | median)

echo "rss_after_start=$rss_after_start rss_peak_total=$rss_peak_total xlsx_ref_ms=$xlsx_ref_ms" >>"$work/meta"
fi  # measuring

# ---- report ----------------------------------------------------------------------------------
meta() { sed -n "s/^$1=//p" "$work/meta" | head -1; }
load_at_start=$(meta load_at_start); counts=$(meta counts); built=$(meta built); build_type=$(meta build_type)
rss_after_start=$(sed -n 's/.*rss_after_start=\([0-9]*\).*/\1/p' "$work/meta"); rss_peak_total=$(sed -n 's/.*rss_peak_total=\([0-9]*\).*/\1/p' "$work/meta")
xlsx_ref_ms=$(sed -n 's/.*xlsx_ref_ms=\([0-9.]*\).*/\1/p' "$work/meta")
missing=$(awk -F'|' 'NR == FNR { seen[$1] = 1; next } $1 != "" && !seen[$1] { printf "%s%s", sep, $1; sep = "; " }' "$work/http" "$work/targets")
report=$out_dir/reports.md
csv_floor=$(median <"$work/floor_csv")
{
  echo "# tools/bench reports — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at start $load_at_start, at end $(cut -d' ' -f1-3 /proc/loadavg) (other builds were running on the machine at the same time)"
  echo "- Trellis $(meta commit), $build_type build; SQLite $(sqlite3 --version | cut -d' ' -f1); server on core 0, curl and sqlite3 on core 1"
  echo "- Data set \`trellis demo --scale $scale --seed $seed\`: $counts ($built)"
  echo "- As of $today; median of $runs timed request(s)$( ((runs == 1)) && echo ' (no warm-up)' || echo ' after one warm-up'); the floor is the same aggregate in plain SQL on covering indexes (tools/bench_src/report_floor.sql), median of $runs sqlite3 run(s)"
  echo
  echo "Two figures per report: **after a write** (the first request once every change counter of sql/015 moved: facts read and the report computed afresh) and **kept** (the median of the requests after it, answered from the facts and report that request kept)."
  echo
  echo "| figure | after a write, ms | ratio | kept, ms | ratio | rows / total | SQL floor ms | < 1 s after a write / kept | ≤ 2× floor after a write / kept |"
  echo "|---|---|---|---|---|---|---|---|---|"
  while IFS='|' read -r name kind floor status secs bytes rows peak cold; do
    [[ "$kind" == export ]] && continue
    f=$(floor_ms "$floor"); r=$(ratio "$secs" "$f"); rc=$(ratio "$cold" "$f")
    note=''; [[ "$status" == 200 ]] || note=" (HTTP $status)"
    echo "| $name$note | $cold | ${rc}× | $secs | ${r}× | $rows | $f | $(yes_no le "$cold" 1000) / $(yes_no le "$secs" 1000) | $(yes_no le "$rc" 2) / $(yes_no le "$r" 2) |"
  done <"$work/http"
  echo
  echo "| export | HTTP ms | rows | bytes | server memory | reference | ratio |"
  echo "|---|---|---|---|---|---|---|"
  while IFS='|' read -r name kind floor status secs bytes rows peak _; do
    [[ "$kind" == export ]] || continue
    ref='' r=''
    if [[ "$floor" == csv ]]; then ref="sqlite3 -csv of the same columns: $csv_floor ms"; r="$(ratio "$secs" "$csv_floor")×"; fi
    if [[ "$floor" == xlsx ]]; then ref="bare libxlsxwriter loop, same cells: $xlsx_ref_ms ms"; r="$(ratio "$secs" "$xlsx_ref_ms")×"; fi
    note=''; [[ "$status" == 200 ]] || note=" (HTTP $status)"
    echo "| $name$note | $secs | $rows | $bytes | $peak | $ref | $r |"
  done <"$work/http"
  echo
  if [[ -n "$rss_after_start" ]]; then
    echo "Server resident size: $((rss_after_start / 1024)) MiB after start (graph engine loaded), peak over the whole run $rss_peak_total MiB."
  fi
  [[ -z "$missing" ]] || echo "**Not measured in this run** (it was stopped before them): $missing."
  echo "Scorecard and liaison have no drill-down route of their own (a scorecard figure is a progress metric's: its list is the progress drill-down); the roadmap book is a list itself."
  echo
  echo '```'
  cat "$work/floor" "$work/xlsx_ref" 2>/dev/null || true
  echo '```'
} >"$report"
cp "$report" "$out_dir/reports-$(date -u +%Y%m%dT%H%M%SZ).md"
echo
cat "$report"
echo
echo "(written to ${report#"$repo"/})"
