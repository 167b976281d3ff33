#!/usr/bin/env bash
# overload.sh SHEBAO [SECONDS]  (issue 22) — `shebao serve` under wrk at the capacity run's
# connections (-t1 -c8) and at 10x them (-t1 -c80), with the default --max-in-flight and with a
# small one (16). Prints per run: requests/s, wrk's p99 over all answers, the share of 503s, the
# p99 of the admitted (200) requests as the server timed them (access log: header read to answer
# written), and the server's peak RSS (VmHWM). Needs wrk and python3-yaml. Loopback only.
set -euo pipefail
shebao=$1
secs=${2:-10}
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'kill "$pid" 2> /dev/null || true; rm -rf "$work"' EXIT
python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"), ensure_ascii=False, default=str)' \
  "$src/examples/rider-lincang-in-kunming.yaml" "$work/rider.json"
run() {  # run CONNECTIONS [serve options...]
  local c=$1; shift
  rm -f "$work/access.log"
  "$shebao" serve --listen 127.0.0.1:0 --access-log "$work/access.log" "$@" > "$work/out" 2> "$work/err" &
  pid=$!
  local url=""
  for _ in $(seq 100); do
    url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$work/out"); [ -n "$url" ] && break; sleep 0.1
  done
  [ -n "$url" ] || { cat "$work/err"; exit 1; }
  wrk -t1 -c"$c" -d"${secs}s" --latency -s "$src/tests/bench/wrk-evaluate.lua" "$url" -- "$work/rider.json" > "$work/wrk" 2>&1
  local hwm; hwm=$(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status")
  kill "$pid"; wait "$pid" 2> /dev/null || true
  local admitted; admitted=$(awk '$4 == 200 { sub("us", "", $5); print $5 }' "$work/access.log" | sort -n |
    awk '{ a[NR] = $1 } END { if (NR) printf "%.2f ms (%d answers)", a[int(NR * 0.99)] / 1000, NR; else print "-" }')
  local s503; s503=$(awk '$4 == 503' "$work/access.log" | wc -l)
  local all; all=$(wc -l < "$work/access.log")
  awk -v c="$c" -v opts="$*" -v adm="$admitted" -v s503="$s503" -v all="$all" -v hwm="$hwm" '/^RESULT/ {
      for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
      printf "wrk -t1 -c%s %s: %s req/s, p99 %s ms (all answers), 503: %.1f%% (%d of %d), admitted p99 %s, errors %s, peak RSS %s\n",
        c, opts, r["rps"], r["p99_ms"], all ? 100 * s503 / all : 0, s503, all, adm, r["errors"], hwm }' "$work/wrk"
}
echo "# $(date -u +%FT%TZ) $(git -C "$src" rev-parse --short HEAD) load: $(cut -d' ' -f1-3 /proc/loadavg)"
run 8
run 80
run 80 --max-in-flight 16
