#!/usr/bin/env bash
# tools/check-layers reads its map from CMakeLists.txt: each case builds a small tree with the
# repository's own CMakeLists.txt and one file, and checks what the tool accepts and refuses.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tool=$repo/tools/check-layers
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
failures=0

# expect OUTCOME NAME FILE INCLUDE: a tree whose only C++ file FILE includes INCLUDE.
expect() {
  local outcome=$1 name=$2 file=$3 include=$4 tree=$work/$2
  mkdir -p "$tree/$(dirname "$file")"
  cp "$repo/CMakeLists.txt" "$tree/"
  printf '#include "%s"\n' "$include" >"$tree/$file"
  if "$tool" "$tree" 2>"$tree.err"; then got=accepted; else got=refused; fi
  if [[ $got != "$outcome" ]]; then
    echo "FAIL $name: expected $outcome, got $got"; cat "$tree.err"; failures=$((failures + 1))
  else
    echo "ok   $name ($got)"
  fi
}

expect refused graph_may_not_include_store   src/graph/snapshot.cpp   trellis/store/database.h
expect accepted graph_may_include_domain     src/graph/snapshot.cpp   trellis/domain/enterprise.h
expect refused report_may_not_include_io     src/report/progress.cpp  trellis/io/enterprise_json.h
expect accepted report_may_include_table     src/report/progress.cpp  trellis/domain/table.h
expect accepted io_may_include_table         src/io/csv_writer.cpp    trellis/domain/table.h
expect refused auth_may_not_include_service  src/auth/policy.cpp      trellis/service/caller.h
expect accepted service_may_include_auth     src/service/x.cpp        trellis/auth/policy.h
expect accepted service_may_include_io       src/service/x.cpp        trellis/io/json_body.h
expect refused rules_may_not_include_store   include/trellis/rules/x.h trellis/store/database.h
expect refused core_may_not_include_domain   src/core/x.cpp           trellis/domain/user.h
expect refused folder_that_is_no_layer       src/exporter/x.cpp       trellis/core/error.h
expect refused sqlite_outside_store          src/service/x.cpp        sqlite3.h

# A layer edited in CMakeLists.txt changes what the check allows: no second table.
tree=$work/edited; mkdir -p "$tree/src/graph"
sed "s/^trellis_layer(graph DEPS trellis_domain/trellis_layer(graph DEPS trellis_store/" \
  "$repo/CMakeLists.txt" >"$tree/CMakeLists.txt"
printf '#include "trellis/store/database.h"\n' >"$tree/src/graph/x.cpp"
if "$tool" "$tree" 2>/dev/null; then echo "ok   map_follows_cmake"; else echo "FAIL map_follows_cmake"; failures=$((failures + 1)); fi

# The repository itself passes, and its map is the one README's code map describes.
"$tool" "$repo" || { echo "FAIL repository_passes"; failures=$((failures + 1)); }
map=$("$tool" --map "$repo")
for row in "graph    core domain" "report   core domain graph rules store" \
           "service  auth core domain graph io report rules store"; do
  grep -qx "$row" <<<"$map" || { echo "FAIL map row '$row' missing:"; echo "$map"; failures=$((failures + 1)); }
done
((failures == 0)) && echo "check-layers: all cases pass"
exit $((failures > 0))
