#!/usr/bin/env bash
# tools/bench import — the import API and the XLSX export beside their references (issue 12
# "Bench"). A benchmark, not a test: it never fails on a missed goal (exit 0), only on breakage.
#
#   tools/bench import [--n N] [--big-n M] [--runs R] [--seed S] [--quick]
#
#   --n N       rows of the enterprise CSV and XLSX imported (default 100000)
#   --big-n M   rows of the large CSV whose import the server's peak memory is read on (default 1000000)
#   --runs R    runs per figure, each on a fresh database; the median is reported (default 3)
#   --quick     N = 10000, M = 50000, 1 run
#
# The files: `trellis demo --count` builds a register of max(N, 200000) demo enterprises (valid
# codes, real-looking names; cached in bench-results/cache) and one of M; sqlite3 writes them as
# an import CSV (UTF-8, the config/import.json headers 统一社会信用代码, 企业名称, 所属县区 …), and
# tools/bench_src/xlsx_reference.cpp writes the same cells as XLSX.
# Figures:
#   1. POST /api/v1/imports?kind=enterprises (upload + dry run) and POST …/{id}/commit of the N-row
#      CSV and XLSX into a fresh database (`trellis serve` on core 0, curl on core 1), beside
#      sqlite3 .import of the same CSV into a bare table plus the same indexes (unique code,
#      region, industry, the name bigram search index), WAL + synchronous=FULL, one transaction,
#      in the same run. Goal: ≤ 1.0×.
#   2. The server's peak resident size (VmHWM) over the dry run and commit of the M-row CSV (the
#      bench raises trellis.import.max_bytes to 1 GiB for it). Goal: ≤ 256 MiB.
#   3. GET /api/v1/enterprises?format=xlsx of 200,000 rows over HTTP beside the bare libxlsxwriter
#      loop writing the same cells (xlsx_reference, constant memory). Goal: ≤ 1.5×.
# Written to bench-results/import.md. Only loopback is contacted; every process started here is
# stopped by its PID on exit.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
n=100000 big_n=1000000 runs=3 seed=7
while (($#)); do
  case "$1" in
    --n) n=$2; shift 2 ;;
    --big-n) big_n=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --quick) n=10000 big_n=50000 runs=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "tools/bench import: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
for v in "$n" "$big_n" "$runs" "$seed"; do
  [[ "$v" =~ ^[0-9]+$ && "$v" -gt 0 ]] || { echo "tools/bench import: numbers must be positive integers" >&2; exit 2; }
done
log() { printf '[bench import %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

build=${TRELLIS_BENCH_BUILD:-$repo/build-bench}
build_type=${TRELLIS_BENCH_BUILD_TYPE:-Release}
out_dir=$repo/bench-results
work=$out_dir/import-work
cache=$out_dir/cache
mkdir -p "$work" "$cache"
rm -rf "${work:?}"/*

log "setup and $build_type build ($build)"
# shellcheck source=bench_lib.sh
source "$repo/tools/bench_src/bench_lib.sh"
bench_binaries
bench_processes_and_config "trellis.import.max_bytes = 1073741824"

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the files -------------------------------------------------------------------------------
key=$(cat sql/*.sql src/app/demo_*.cpp config/*.json | sha1sum | cut -c1-12)
register() {  # rows → a cached demo register of that many enterprises
  local rows=$1 path=$cache/register-$1-$seed-$key.db
  if [[ ! -s "$path" ]]; then
    rm -f "$cache"/register-"$rows"-*.db*
    log "trellis demo --count $rows (cached in ${cache#"$repo"/})"
    "$trellis" demo --config "$config" --db "$path.tmp" --count "$rows" --seed "$seed" >"$work/demo-$rows.log" 2>&1 \
      || { cat "$work/demo-$rows.log" >&2; rm -f "$path.tmp"*; exit 1; }
    sqlite3 "$path.tmp" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
    mv "$path.tmp" "$path"; rm -f "$path.tmp"-*
  fi
  echo "$path"
}
import_csv() {  # db rows file: the first `rows` enterprises as an import CSV
  sqlite3 -csv -header "$1" "SELECT uscc AS 统一社会信用代码, name AS 企业名称, region_code AS 所属县区, industry AS 所属产业,
      founded_on AS 成立日期, address AS 地址, legal_representative AS 法定代表人, contact_phone AS 联系电话,
      replace(aliases, char(10), '、') AS 别名, replace(tags, char(10), '、') AS 标签
    FROM enterprise ORDER BY id LIMIT $2" >"$3"
}
export_n=$(( n > 200000 ? n : 200000 ))
((export_n == 200000)) || log "note: the export figure uses $export_n rows (N > 200k)"
source_db=$(register "$export_n")
big_db=$(register "$big_n")
log "import files: $n rows (CSV, XLSX), $big_n rows (CSV)"
import_csv "$source_db" "$n" "$work/import.csv"
"$work/xlsx_reference" "$work/import.csv" "$work/import.xlsx" >/dev/null
import_csv "$big_db" "$big_n" "$work/big.csv"

fresh_server() {  # → a server on a fresh database ($server_pid, $port, $TRELLIS_TOKEN)
  rm -f "$work/target.db" "$work/target.db"-*; rm -rf "$work/imports"
  "$trellis" migrate --config "$config" --db "$work/target.db" >/dev/null
  port=$(free_port)
  serve "$work/target.db" "$port" "$work/serve.log"
}
post() {  # path file-or-json content-type → body in $work/reply; prints "status ms"
  { taskset -c 1 curl -s -o "$work/reply" -w '%{http_code} %{time_total}\n' --max-time 3600 -X POST \
      -H "Authorization: Bearer $TRELLIS_TOKEN" -H "Content-Type: $3" --data-binary "$2" \
      "http://127.0.0.1:$port$1" || true; } | awk '{ printf "%s %.1f\n", $1, $2 * 1000 }'
}
rss_mib() { awk -v k="$1" '$1 == k":" { printf "%d", $2 / 1024 }' "/proc/$server_pid/status"; }
import_once() {  # file name out → appends "dry_status dry_ms commit_status commit_ms written peak_mib" to out
  # Not in a pipeline or $(…): the server's PID must reach the exit trap's list.
  local file=$1 dry commit id written
  fresh_server
  dry=$(post "/api/v1/imports?kind=enterprises&name=$2" "@$file" application/octet-stream)
  id=$(grep -o '"id":[0-9]*' "$work/reply" | head -1 | cut -d: -f2)
  [[ -n "$id" ]] || { echo "tools/bench import: upload of $file failed: $(head -c 400 "$work/reply")" >&2; exit 1; }
  commit=$(post "/api/v1/imports/$id/commit" '{}' application/json)
  written=$(grep -o '"written":[0-9]*' "$work/reply" | head -1 | cut -d: -f2 || true)
  echo "$dry $commit ${written:-?} $(rss_mib VmHWM)" >>"$3"
  stop_pid "$server_pid"
}

# ---- figure 1: N rows through the import API vs sqlite3 .import ------------------------------
log "figure 1: $n rows, CSV and XLSX, dry run + commit; sqlite3 .import reference; $runs run(s) each"
cat >"$work/reference.sql" <<EOF
PRAGMA journal_mode=WAL;
PRAGMA synchronous=FULL;
BEGIN;
CREATE TABLE raw(uscc TEXT, name TEXT, region TEXT, industry TEXT, founded_on TEXT, address TEXT,
                 legal_representative TEXT, contact_phone TEXT, aliases TEXT, tags TEXT);
.import --csv --skip 1 $work/import.csv raw
CREATE UNIQUE INDEX raw_uscc ON raw(uscc);
CREATE INDEX raw_region ON raw(region);  -- the rowid is in every index entry
CREATE INDEX raw_industry ON raw(industry);
CREATE TABLE raw_gram(gram TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (gram, id)) WITHOUT ROWID;
WITH RECURSIVE pos(id, s, i) AS (SELECT rowid, name, 1 FROM raw UNION ALL SELECT id, s, i + 1 FROM pos WHERE i < length(s) - 1)
INSERT OR IGNORE INTO raw_gram(gram, id) SELECT substr(s, i, 2), id FROM pos WHERE length(substr(s, i, 2)) = 2 ORDER BY 1, 2;
COMMIT;
EOF
: >"$work/csv_runs"; : >"$work/xlsx_runs"; : >"$work/ref_runs"
for run in $(seq 1 "$runs"); do
  import_once "$work/import.csv" import.csv "$work/csv_runs"; tail -1 "$work/csv_runs" | sed "s/^/  CSV  run $run: /" >&2
  import_once "$work/import.xlsx" import.xlsx "$work/xlsx_runs"; tail -1 "$work/xlsx_runs" | sed "s/^/  XLSX run $run: /" >&2
  rm -f "$work/ref.db" "$work/ref.db"-*; sync
  t0=$(date +%s.%N)
  taskset -c 0 sqlite3 "$work/ref.db" <"$work/reference.sql" >/dev/null
  awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", (b - a) * 1000 }' | tee -a "$work/ref_runs" | sed "s/^/  sqlite3 .import run $run: /" >&2
done
ref_rows=$(sqlite3 "$work/ref.db" "SELECT count(*) FROM raw")
rm -f "$work/ref.db" "$work/ref.db"-*
col() { awk -v c="$1" '{print $c}' "$2" | median; }
csv_dry=$(col 2 "$work/csv_runs") csv_commit=$(col 4 "$work/csv_runs")
xlsx_dry=$(col 2 "$work/xlsx_runs") xlsx_commit=$(col 4 "$work/xlsx_runs")
ref_ms=$(median <"$work/ref_runs")
csv_total=$(awk -v a="$csv_dry" -v b="$csv_commit" 'BEGIN { print a + b }')
xlsx_total=$(awk -v a="$xlsx_dry" -v b="$xlsx_commit" 'BEGIN { print a + b }')

# ---- figure 2: peak server memory over a 1M-row file -----------------------------------------
log "figure 2: $big_n-row CSV ($(du -h "$work/big.csv" | cut -f1)), dry run + commit, server VmHWM"
import_once "$work/big.csv" big.csv "$work/big_run"
big=$(cat "$work/big_run")
echo "  $big" >&2
big_peak=$(echo "$big" | awk '{print $6}')

# ---- figure 3: XLSX export of 200k rows vs a bare libxlsxwriter loop --------------------------
log "figure 3: GET /api/v1/enterprises?format=xlsx of $export_n rows vs xlsx_reference"
cp "$source_db" "$work/export.db"
port=$(free_port)
serve "$work/export.db" "$port" "$work/serve-export.log"
get() {  # target file → "status ms bytes"
  { taskset -c 1 curl -s -o "$2" -w '%{http_code} %{time_total} %{size_download}\n' --max-time 600 \
      -H "Authorization: Bearer $TRELLIS_TOKEN" "http://127.0.0.1:$port$1" || true; } | awk '{ printf "%s %.1f %s\n", $1, $2 * 1000, $3 }'
}
get "/api/v1/enterprises?format=csv" "$work/export.csv" >/dev/null
export_rows=$(($(wc -l <"$work/export.csv") - 1))
: >"$work/xlsx_export"; : >"$work/xlsx_ref"
for run in $(seq 1 "$runs"); do
  echo 5 >"/proc/$server_pid/clear_refs" 2>/dev/null || true
  echo "$(get "/api/v1/enterprises?format=xlsx" "$work/export.xlsx") $(rss_mib VmHWM)" >>"$work/xlsx_export"
  tail -1 "$work/xlsx_export" | sed "s/^/  export run $run: /" >&2
  taskset -c 1 "$work/xlsx_reference" "$work/export.csv" "$work/reference.xlsx" | tee -a "$work/xlsx_ref" | sed "s/^/  reference run $run: /" >&2
done
stop_pid "$server_pid"
rm -f "$work/export.db" "$work/export.db"-*
export_ms=$(col 2 "$work/xlsx_export")
export_peak=$(awk '{print $4}' "$work/xlsx_export" | sort -g | tail -1)
ref_xlsx_ms=$(sed -n 's/.*write_ms=\([^ ]*\).*/\1/p' "$work/xlsx_ref" | median)

# ---- report ----------------------------------------------------------------------------------
report=$out_dir/import.md
{
  echo "# tools/bench import — $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); load average at start $load_at_start, at end $(cut -d' ' -f1-3 /proc/loadavg) (other builds were running on the machine at the same time)"
  echo "- Trellis $(git rev-parse --short HEAD), $build_type build; SQLite $(sqlite3 --version | cut -d' ' -f1); server and sqlite3 on core 0, curl on core 1; median of $runs run(s), each import into a fresh database"
  echo "- Files: $n demo enterprises as CSV ($(du -h "$work/import.csv" | cut -f1)) and XLSX ($(du -h "$work/import.xlsx" | cut -f1)); $big_n as CSV ($(du -h "$work/big.csv" | cut -f1))"
  echo
  echo "| figure | Trellis | reference | ratio | goal | met? |"
  echo "|---|---|---|---|---|---|"
  echo "| $n-row CSV: upload + dry run, then commit (ms) | $csv_dry + $csv_commit = $csv_total | sqlite3 .import + the same indexes: $ref_ms ($ref_rows rows) | $(ratio "$csv_total" "$ref_ms")× | ≤ 1.0× | $(yes_no le "$(ratio "$csv_total" "$ref_ms")" 1.0) |"
  echo "| $n-row XLSX: upload + dry run, then commit (ms) | $xlsx_dry + $xlsx_commit = $xlsx_total | the same sqlite3 .import of the CSV: $ref_ms | $(ratio "$xlsx_total" "$ref_ms")× | ≤ 1.0× | $(yes_no le "$(ratio "$xlsx_total" "$ref_ms")" 1.0) |"
  echo "| server peak memory, $big_n-row CSV dry run + commit | $big_peak MiB | | | ≤ 256 MiB | $(yes_no le "$big_peak" 256) |"
  echo "| XLSX export over HTTP, $export_rows rows (ms) | $export_ms (server peak $export_peak MiB) | bare libxlsxwriter loop, same cells: $ref_xlsx_ms | $(ratio "$export_ms" "$ref_xlsx_ms")× | ≤ 1.5× | $(yes_no le "$(ratio "$export_ms" "$ref_xlsx_ms")" 1.5) |"
  echo
  echo "Runs (dry-run status, ms, commit status, ms, rows written, server VmHWM MiB):"
  echo
  echo '```'
  sed 's/^/csv  /' "$work/csv_runs"; sed 's/^/xlsx /' "$work/xlsx_runs"; echo "big  $big"
  sed 's/^/sqlite3 .import ms /' "$work/ref_runs"
  sed 's/^/export (status ms bytes peak MiB) /' "$work/xlsx_export"; cat "$work/xlsx_ref"
  echo '```'
} >"$report"
cp "$report" "$out_dir/import-$(date -u +%Y%m%dT%H%M%SZ).md"
echo
cat "$report"
echo
echo "(written to ${report#"$repo"/})"
