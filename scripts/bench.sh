#!/usr/bin/env bash
# Every performance figure of issue 6, each printed with the exact command behind it.
#
#   scripts/bench.sh                 # 1,000,000 generated profiles for the batch section
#   BENCH_N=100000 scripts/bench.sh  # a shorter run
#
# Sections (each skipped with its variable set to 0):
#   BENCH_BUILD=1     Release build into build-bench (BENCH_BUILD_DIR), BENCH_JOBS jobs (default nproc)
#   BENCH_BM=1        Google Benchmark suite bin/bm_engine, medians of 5 repetitions
#   BENCH_EVAL=1      `shebao evaluate` whole process per example profile: median of BENCH_EVAL_RUNS (50),
#                     with the pack cache warm, on a first run (bundled snapshot) and with no snapshot
#   BENCH_BATCH=1     `shebao batch` JSONL->JSONL, --threads $(nproc) and --threads 1, against the
#                     hand-written one-thread Boost.JSON baseline bin/shebao-baseline, on BENCH_N
#                     profiles (default 1000000; written under BENCH_TMP, default $TMPDIR or /tmp,
#                     and deleted at the end). BENCH_BATCH_SINGLE=0 skips the --threads 1 run.
#   BENCH_SUMMARY=1   `shebao batch` JSONL -> summary CSV (issue 21: >= 250,000 profiles/s on 2 threads),
#                     --threads $(nproc) and --threads 1 (BENCH_SUMMARY_SINGLE=0 skips it), BENCH_SUMMARY_REPEAT
#                     (3) runs each and their median, on BENCH_N profiles; output to standard output
#                     (`--summary --out -`), thrown away; wall, CPU and peak RSS of each run; then one run on
#                     the first BENCH_SUMMARY_SMALL_N (200000) lines, to show that memory stays flat
#   BENCH_COMPARE=1   how far the baseline agrees with shebao (tests/bench/compare_baseline.py) on
#                     BENCH_COMPARE_N (20000) profiles
#   BENCH_HTTP=1      `shebao serve` + wrk: POST /v1/evaluate per example, BENCH_HTTP_SECONDS (10)
#                     with -t1 -c8 (BENCH_WRK_ARGS); needs wrk (installed with apt-get when root)
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR=${BENCH_BUILD_DIR:-build-bench}
BIN=$BUILD_DIR/bin
N=${BENCH_N:-1000000}
AS_OF=2026-11-28
EXAMPLES=../shared/contract/examples
NPROC=$(nproc)
TMP_ROOT=${BENCH_TMP:-${TMPDIR:-/tmp}}
WORK=$(mktemp -d "$TMP_ROOT/shebao-bench.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

section() { printf '\n== %s\n' "$*"; }
cmd() { printf '$ %s\n' "$*"; }
max_rss_mb() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }
now_ns() { date +%s%N; }

section "machine"
echo "nproc: $NPROC"
echo "cpu: $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)"
echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine changes every figure)"
echo "kernel: $(uname -r); compiler: $(c++ --version | head -1)"
if git rev-parse --git-dir > /dev/null 2>&1; then
  echo "source: $(git rev-parse --short HEAD)$(git diff --quiet HEAD 2>/dev/null || echo ' + uncommitted changes')"
fi

if [ "${BENCH_BUILD:-1}" != 0 ]; then
  section "build (Release)"
  configure=(cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release -DSHEBAO_BUILD_TESTS=ON)
  build=(cmake --build "$BUILD_DIR" --target shebao shebao-gen shebao-baseline bm_engine -j"${BENCH_JOBS:-$NPROC}")
  cmd "${configure[*]}"
  "${configure[@]}" > "$WORK/configure.log" || { cat "$WORK/configure.log"; exit 1; }
  cmd "${build[*]}"
  "${build[@]}" > "$WORK/build.log" || { tail -50 "$WORK/build.log"; exit 1; }
  echo "built $BIN/shebao $BIN/shebao-gen $BIN/shebao-baseline $BIN/bm_engine"
fi
needed=(shebao shebao-gen)
[ "${BENCH_BM:-1}" != 0 ] && needed+=(bm_engine)
{ [ "${BENCH_BATCH:-1}" != 0 ] || [ "${BENCH_COMPARE:-1}" != 0 ]; } && needed+=(shebao-baseline)
for b in "${needed[@]}"; do
  [ -x "$BIN/$b" ] || { echo "bench: $BIN/$b is missing (run with BENCH_BUILD=1)" >&2; exit 1; }
done

if [ "${BENCH_BM:-1}" != 0 ]; then
  section "Google Benchmark: bm_engine (median of 5 repetitions)"
  bm=("$BIN/bm_engine" --benchmark_repetitions=5 --benchmark_report_aggregates_only=true)
  [ -n "${BENCH_BM_FILTER:-}" ] && bm+=(--benchmark_filter="$BENCH_BM_FILTER")
  cmd "${bm[*]}"
  "${bm[@]}" 2> "$WORK/bm.err" > "$WORK/bm.out" || { cat "$WORK/bm.err" "$WORK/bm.out"; exit 1; }
  # The header and the median rows (mean, stddev and cv are in the full output).
  awk '/^Benchmark/ || /^-+$/ || /_median/' "$WORK/bm.out"
fi

if [ "${BENCH_EVAL:-1}" != 0 ]; then
  runs=${BENCH_EVAL_RUNS:-50}
  section "shebao evaluate, whole process (median wall time of $runs runs, after 1 warm-up)"
  # Three states of the parsed-pack cache (adapters/yaml/include/shebao/yaml/pack_cache.h):
  #   warm   the user cache holds the packs' snapshot (every run after the first)
  #   first  an empty user cache for every run: the snapshot bundled by the build is used (the
  #          first run on a machine)
  #   none   no snapshot at all: YAML parsed (after a pack was edited, until the next run)
  for mode in warm first none; do
  unset SHEBAO_CACHE_DIR SHEBAO_BUNDLED_CACHE_DIR
  case $mode in
    warm) export SHEBAO_CACHE_DIR=$WORK/pack-cache; env_shown="SHEBAO_CACHE_DIR=$SHEBAO_CACHE_DIR" ;;
    first) SHEBAO_CACHE_DIR=$(mktemp -d "$WORK/first.XXXXXX"); export SHEBAO_CACHE_DIR
      env_shown="SHEBAO_CACHE_DIR=\$(mktemp -d) (a new empty folder for each run)" ;;
    none) export SHEBAO_CACHE_DIR=off SHEBAO_BUNDLED_CACHE_DIR=off
      env_shown="SHEBAO_CACHE_DIR=off SHEBAO_BUNDLED_CACHE_DIR=off" ;;
  esac
  echo "$mode: $env_shown"
  for f in "$EXAMPLES"/*.yaml; do
    c=("$BIN/shebao" evaluate "$f" --format json)
    "${c[@]}" > /dev/null
    : > "$WORK/times"
    for _ in $(seq "$runs"); do
      if [ "$mode" = first ]; then SHEBAO_CACHE_DIR=$(mktemp -d "$WORK/first.XXXXXX"); export SHEBAO_CACHE_DIR; fi
      t0=$(now_ns)
      "${c[@]}" > /dev/null
      t1=$(now_ns)
      echo $(( (t1 - t0) / 1000 )) >> "$WORK/times"
    done
    sort -n "$WORK/times" | awk -v cmd="${c[*]} > /dev/null" '{ v[NR] = $1 } END {
      med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "$ %s\n  median %.2f ms, min %.2f ms, max %.2f ms (%d runs)\n", cmd, med / 1000, v[1] / 1000, v[NR] / 1000, NR }'
  done
  done
  unset SHEBAO_CACHE_DIR SHEBAO_BUNDLED_CACHE_DIR
fi

if [ "${BENCH_BATCH:-1}" != 0 ]; then
  section "batch JSONL -> JSONL: $N profiles"
  in="$WORK/profiles.jsonl"
  gen=("$BIN/shebao-gen" --count "$N" --seed 1 --out "$in")
  cmd "${gen[*]}"
  "${gen[@]}"
  echo "input: $(du -h "$in" | cut -f1), $(wc -l < "$in") lines"
  # Output to standard output (`--out -`), thrown away: both programs write every byte and
  # neither pays for a 13 GB file; shebao then keeps no resume state.
  run_timed() {  # name, then the command
    local name=$1; shift
    cmd "/usr/bin/time -v $* > /dev/null"
    local t0 t1 s rss
    t0=$(now_ns)
    /usr/bin/time -v "$@" > /dev/null 2> "$WORK/$name.time" || { cat "$WORK/$name.time"; exit 1; }
    t1=$(now_ns)
    s=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')
    rss=$(max_rss_mb "$WORK/$name.time")
    printf '  %s: %s s wall, %s profiles/s, peak RSS %s MB\n' "$name" "$s" \
      "$(awk -v n="$N" -v s="$s" 'BEGIN { printf "%.0f", n / s }')" "$rss"
    eval "secs_$name=$s"
  }
  run_timed shebao "$BIN/shebao" batch "$in" --out - --as-of "$AS_OF" --threads "$NPROC"
  if [ "${BENCH_BATCH_SINGLE:-1}" != 0 ]; then
    run_timed shebao_1t "$BIN/shebao" batch "$in" --out - --as-of "$AS_OF" --threads 1
  fi
  run_timed baseline "$BIN/shebao-baseline" "$in" --out - --as-of "$AS_OF"
  # shellcheck disable=SC2154  # set by run_timed through eval
  awk -v a="$secs_shebao" -v b="$secs_baseline" -v t="$NPROC" 'BEGIN {
    r = b / a
    printf "  shebao batch (--threads %d) / baseline (1 thread) throughput: %.2f (issue 6 asks at least 0.50: %s)\n", t, r, (r < 0.5 ? "NOT met" : "met") }'
  if [ -n "${secs_shebao_1t:-}" ]; then
    awk -v a="$secs_shebao_1t" -v b="$secs_baseline" 'BEGIN {
      printf "  shebao batch (--threads 1) / baseline (1 thread) throughput: %.2f\n", b / a }'
  fi
  rm -f "$in"
fi

if [ "${BENCH_SUMMARY:-1}" != 0 ]; then
  section "batch JSONL -> summary CSV: $N profiles (issue 21 asks >= 250,000 profiles/s, 2 threads)"
  in="$WORK/profiles.jsonl"
  gen=("$BIN/shebao-gen" --count "$N" --seed 1 --out "$in")
  cmd "${gen[*]}"
  "${gen[@]}"
  echo "input: $(du -h "$in" | cut -f1), $(wc -l < "$in") lines"
  cpu_s() { awk -F': ' '/User time \(seconds\)/ { u = $2 } /System time \(seconds\)/ { s = $2 } END { printf "%.2f", u + s }' "$1"; }
  # summary_run FILE LINES THREADS: one timed run; prints it and appends "secs rss" to $WORK/runs
  summary_run() {
    local c t0 t1 s cpu
    c=("$BIN/shebao" batch "$1" --summary --out - --as-of "$AS_OF" --threads "$3" --quiet)
    cmd "/usr/bin/time -v ${c[*]} > /dev/null"
    t0=$(now_ns)
    /usr/bin/time -v "${c[@]}" > /dev/null 2> "$WORK/summary.time" || { cat "$WORK/summary.time"; exit 1; }
    t1=$(now_ns)
    s=$(awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }')
    cpu=$(cpu_s "$WORK/summary.time")
    printf '  --threads %s: %s s wall, %s profiles/s, CPU %s s (%s us/profile), peak RSS %s MB\n' "$3" "$s" \
      "$(awk -v n="$2" -v s="$s" 'BEGIN { printf "%.0f", n / s }')" "$cpu" \
      "$(awk -v n="$2" -v c="$cpu" 'BEGIN { printf "%.2f", c * 1e6 / n }')" "$(max_rss_mb "$WORK/summary.time")"
    echo "$s $(max_rss_mb "$WORK/summary.time")" >> "$WORK/runs"
  }
  threads=("$NPROC")
  [ "${BENCH_SUMMARY_SINGLE:-1}" != 0 ] && threads+=(1)
  for t in "${threads[@]}"; do
    : > "$WORK/runs"
    for _ in $(seq "${BENCH_SUMMARY_REPEAT:-3}"); do summary_run "$in" "$N" "$t"; done
    sort -n "$WORK/runs" | awk -v n="$N" -v t="$t" '{ v[NR] = $1; r[NR] = $2 } END {
      med = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "  median of %d (--threads %s): %.3f s, %.0f profiles/s\n", NR, t, med, n / med }'
  done
  # Memory stays flat: the same run on fewer profiles (BENCH_SUMMARY_SMALL_N, 200000).
  small=${BENCH_SUMMARY_SMALL_N:-200000}
  if [ "$small" != 0 ] && [ "$small" -lt "$N" ]; then
    head -n "$small" "$in" > "$WORK/small.jsonl"
    echo "memory: the first $small lines of the same input"
    : > "$WORK/runs"
    summary_run "$WORK/small.jsonl" "$small" "$NPROC"
    rm -f "$WORK/small.jsonl"
  fi
  rm -f "$in"
fi

if [ "${BENCH_COMPARE:-1}" != 0 ]; then
  section "agreement of the baseline with shebao"
  c=(python3 tests/bench/compare_baseline.py --bin "$BIN" --count "${BENCH_COMPARE_N:-20000}" --seed 1 --keep "$WORK/compare")
  cmd "${c[*]}"
  "${c[@]}"
  rm -rf "$WORK/compare"
fi

if [ "${BENCH_HTTP:-1}" != 0 ]; then
  section "HTTP: shebao serve + wrk, POST /v1/evaluate"
  if ! command -v wrk > /dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
    echo "wrk is not installed: apt-get install -y wrk"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null 2>&1 ||
      { apt-get update -qq > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk > /dev/null 2>&1; } || true
  fi
  if ! command -v wrk > /dev/null; then
    echo "skipped: wrk is not installed (Debian package wrk; not root, so not installed here)"
  elif ! python3 -c 'import yaml' 2> /dev/null; then
    echo "skipped: python3-yaml is needed to turn the example profiles into JSON bodies"
  else
    serve=("$BIN/shebao" serve --listen 127.0.0.1:0 --access-log "$WORK/access.log")
    cmd "${serve[*]} &"
    "${serve[@]}" > "$WORK/serve.out" 2> "$WORK/serve.err" &
    SERVER_PID=$!
    url=""
    for _ in $(seq 100); do
      url=$(sed -n 's/^listening on \(http:[^ ]*\).*/\1/p' "$WORK/serve.out")
      [ -n "$url" ] && break
      kill -0 "$SERVER_PID" 2> /dev/null || break
      sleep 0.1
    done
    if [ -z "$url" ]; then
      echo "the server did not start:"; cat "$WORK/serve.err"; exit 1
    fi
    echo "server: $url (pid $SERVER_PID, threads: its default)"
    secs=${BENCH_HTTP_SECONDS:-10}
    read -r -a wrk_args <<< "${BENCH_WRK_ARGS:--t1 -c8}"
    for f in "$EXAMPLES"/*.yaml; do
      body="$WORK/$(basename "$f" .yaml).json"
      python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"), ensure_ascii=False, default=str)' "$f" "$body"
      w=(wrk "${wrk_args[@]}" -d"${secs}s" --latency -s tests/bench/wrk-evaluate.lua "$url" -- "$body")
      echo "$ ${w[*]}    # body: $f as JSON"
      "${w[@]}" > "$WORK/wrk.out" 2>&1 || { cat "$WORK/wrk.out"; exit 1; }
      awk '/^RESULT/ { for (i = 2; i <= NF; i++) { split($i, kv, "="); r[kv[1]] = kv[2] }
        printf "  %s req/s, p50 %s ms, p99 %s ms, non-2xx %s, socket errors %s (%s requests)\n",
          r["rps"], r["p50_ms"], r["p99_ms"], r["non2xx"], r["errors"], r["requests"] }' "$WORK/wrk.out"
    done
    kill "$SERVER_PID"; wait "$SERVER_PID" 2> /dev/null || true; SERVER_PID=""
    echo "server stopped"
  fi
fi
