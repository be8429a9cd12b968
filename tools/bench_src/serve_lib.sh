# Sourced by tools/bench and tools/bench graph: a Trellis server of the benchmark's own on
# loopback. The caller sets $trellis (the binary), $config (trellis.properties) and the array
# $pids (every PID started here is appended, for the caller's exit trap to stop by PID).

free_port() {
  python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
EOF
}
wait_http() {  # port path [seconds, default 30]
  for _ in $(seq 1 $((${3:-30} * 10))); do
    curl -s -o /dev/null "http://127.0.0.1:$1$2" && return 0
    sleep 0.1
  done
  echo "tools/bench: nothing answers on 127.0.0.1:$1" >&2; exit 1
}

# A bureau user of our own (a fresh login each run), signed in for a Bearer token: every
# request carries it (wrk via the Lua script, http_client via $TRELLIS_TOKEN).
bench_password="Bench-$(date +%s)-Pw!x9"
add_bench_user() {  # db → login in $bench_login
  bench_login="bench$(date +%s%N | cut -c8-16)"
  printf '%s\n' "$bench_password" | "$trellis" user add --config "$config" --db "$1" --login "$bench_login" \
    --name 基准测试 --role bureau >/dev/null
}
serve() {  # db port log → pid in $server_pid, token in $TRELLIS_TOKEN; waits $serve_wait_seconds (30)
  add_bench_user "$1"
  taskset -c 0 "$trellis" serve --config "$config" --db "$1" --port "$2" >"$3" 2>&1 &
  server_pid=$!; pids+=("$server_pid")
  wait_http "$2" /api/v1/health "${serve_wait_seconds:-30}"
  TRELLIS_TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"login\":\"$bench_login\",\"password\":\"$bench_password\",\"bearer\":true}" \
    "http://127.0.0.1:$2/api/v1/session" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
  [[ -n "$TRELLIS_TOKEN" ]] || { echo "tools/bench: could not sign in as $bench_login" >&2; exit 1; }
  export TRELLIS_TOKEN
}
