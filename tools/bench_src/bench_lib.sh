# Sourced by tools/bench reports and tools/bench import: what both do before and around their
# figures. The caller sets $repo, $work, $build and $build_type first.

# The statistics every figure line uses.
median() { sort -g | awk '{a[NR]=$1} END {if (NR==0) print 0; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "n/a" && a <= b) }'; }
yes_no() { if "$@"; then echo yes; else echo NO; fi; }

# The trellis binary ($trellis): built in $build, or with TRELLIS_BENCH_NO_BUILD=1 the one already
# there, as it is; and the bare libxlsxwriter reference in $work.
bench_binaries() {
  tools/setup >/dev/null
  if [[ -n "${TRELLIS_BENCH_NO_BUILD:-}" ]]; then
    [[ -x "$build/trellis" ]] || { echo "tools/bench: no $build/trellis" >&2; exit 2; }
  else
    cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE="$build_type" >/dev/null
    cmake --build "$build" -j2 --target trellis >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
  fi
  trellis=$build/trellis
  # shellcheck disable=SC2046  # pkg-config's flags are words
  g++ -std=c++20 -O2 -o "$work/xlsx_reference" tools/bench_src/xlsx_reference.cpp $(pkg-config --cflags --libs xlsxwriter)
}

# Every process the benchmark starts goes into $pids and is stopped by its PID on exit; the
# server helpers (serve_lib.sh) and $config (the shipped properties, pointed at this tree, plus
# the lines given) come with it.
bench_processes_and_config() {
  pids=()
  trap 'for p in "${pids[@]+"${pids[@]}"}"; do kill "$p" 2>/dev/null || true; done
        for p in "${pids[@]+"${pids[@]}"}"; do wait "$p" 2>/dev/null || true; done' EXIT
  # shellcheck source=serve_lib.sh
  source "$repo/tools/bench_src/serve_lib.sh"
  mkdir -p "$work/config"
  { cat config/trellis.properties; echo "trellis.config_dir = $repo/config"; echo "trellis.web.root = $repo/src/web"
    for line in "$@"; do echo "$line"; done; } >"$work/config/trellis.properties"
  config=$work/config/trellis.properties
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
