#!/usr/bin/env bash
# Crash safety: SIGKILL at random moments, then check nothing committed is lost or broken.
#
#   scripts/crash-test.sh [BUILD_DIR]        (default: build; configured by quickstart.sh or test.sh)
#
# 1. `shebao batch` over generated profiles (tests/bench shebao-gen; a small inline generator when
#    it is not there), JSONL output with an audit log, then SQLite output: each killed with SIGKILL
#    20 times at random moments and resumed. At the end every input line has exactly one answer,
#    the same as an uninterrupted run's; SQLite files pass PRAGMA integrity_check; the audit log
#    holds exactly one record per line.
# 2. An audited server, `shebao serve --audit FILE`, under load from parallel clients, killed with
#    SIGKILL 20 times: after each kill PRAGMA integrity_check is ok and every request that got its
#    200 answer is in the log (by the SHA-256 of the profile sent). Skipped when this `shebao serve`
#    has no --audit.
# Environment: CRASH_LINES (profiles, default 20000), CRASH_KILLS (default 20), CRASH_ONLY=batch|serve
# runs one part, KEEP=1 keeps the work folder. Needs sqlite3 (apt-get install sqlite3) and sha256sum.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$(pwd)
build=${1:-build}
lines=${CRASH_LINES:-20000}
kills_wanted=${CRASH_KILLS:-20}
command -v sqlite3 > /dev/null || { echo "crash-test: needs the sqlite3 command (apt-get install sqlite3)" >&2; exit 2; }

if [ ! -f "$build/build.ninja" ] && [ ! -f "$build/Makefile" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
fi
targets=(shebao)
if grep -q "shebao-gen" "$build/build.ninja" 2> /dev/null; then targets+=(shebao-gen); fi
if grep -q "shebao-hostile-client" "$build/build.ninja" 2> /dev/null; then targets+=(shebao-hostile-client); fi
cmake --build "$build" --target "${targets[@]}" -j"$(nproc)"
shebao=$(realpath "$build/bin/shebao")
gen=""
[ -x "$build/bin/shebao-gen" ] && gen=$(realpath "$build/bin/shebao-gen")
client=""
[ -x "$build/bin/shebao-hostile-client" ] && client=$(realpath "$build/bin/shebao-hostile-client")

work=$(mktemp -d "${TMPDIR:-/tmp}/shebao-crash.XXXXXX")
pids_to_kill=()
cleanup() {
  local p
  for p in "${pids_to_kill[@]}"; do kill -9 "$p" 2> /dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "crash-test: work folder kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
cd "$work"
fail() { echo "crash-test: FAIL: $*" >&2; exit 1; }
policies=$src/policies
# A fixed, self-contained pack tree when the bundled packs are mid-edit.
if ! "$shebao" policies lint "$policies" > /dev/null 2>&1; then policies=$src/tests/fuzz/pack_fixture; fi

# Random sleep in [lo, hi) milliseconds.
sleep_ms() { local lo=$1 hi=$2; local ms=$((lo + RANDOM % (hi - lo))); sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))"; }
now_ms() { date +%s%3N; }

# ---- 1. batch ----------------------------------------------------------------------------------
if [ "${CRASH_ONLY:-batch}" = batch ]; then
if [ -n "$gen" ]; then
  "$gen" --count "$lines" --bad-every 97 --seed 7 > in.jsonl
else
  # Inline generator: realistic variety is not the point here, volume and some bad lines are.
  awk -v n="$lines" 'BEGIN {
    split("employee part_time platform_managed self_employed dispatched outsourced", rel, " ");
    split("530102 530103 530902 530921 110105 440305", reg, " ");
    for (i = 1; i <= n; i++) {
      if (i % 97 == 0) { print "{\"person\": {\"birth\": \"2025-02-30\"}}"; continue }
      printf "{\"person\":{\"birth\":\"%d-%02d\",\"sex\":\"%s\",\"hukou\":{\"region\":\"%s\"}},",
        1960 + i % 45, 1 + i % 12, (i % 2 ? "male" : "female"), reg[1 + i % 6];
      printf "\"work\":{\"region\":\"%s\",\"relationship\":\"%s\",\"monthly_income\":%d}}\n",
        reg[1 + int(i / 7) % 6], rel[1 + i % 6], 1500 + (i * 37) % 9000;
    }
  }' > in.jsonl
fi
n_lines=$(grep -c '' in.jsonl)
batch_args=(--policies "$policies" --as-of 2026-11-28 --threads 2)

start=$(now_ms)
"$shebao" batch in.jsonl --out ref.jsonl "${batch_args[@]}" > /dev/null 2> ref.err || fail "reference run: $(cat ref.err)"
full_ms=$(($(now_ms) - start))
[ "$(grep -c '' ref.jsonl)" -eq "$n_lines" ] || fail "the reference run has $(grep -c '' ref.jsonl) answers for $n_lines lines"
echo "crash-test: batch of $n_lines profiles takes ${full_ms} ms uninterrupted"
[ "$full_ms" -ge 300 ] || echo "crash-test: warning: the run is short; kills land in few places (CRASH_LINES=$((lines * 5)))"

# kill_rounds OUT [extra args]: SIGKILL the batch at random moments until kills_wanted kills,
# resuming each time; returns when the last resume completes.
kill_rounds() {
  local out=$1
  shift
  local kills=0 finished=0 rounds=0 pid rc
  while [ "$kills" -lt "$kills_wanted" ]; do
    rounds=$((rounds + 1))
    [ "$rounds" -le $((kills_wanted * 4)) ] || fail "could not land $kills_wanted kills in $rounds runs"
    "$shebao" batch in.jsonl --out "$out" "${batch_args[@]}" "$@" > /dev/null 2> "run.err" &
    pid=$!
    pids_to_kill+=("$pid")
    sleep_ms 20 $((full_ms > 100 ? full_ms : 100))
    if kill -9 "$pid" 2> /dev/null; then
      wait "$pid" 2> /dev/null || true
      kills=$((kills + 1))
    else
      set +e; wait "$pid"; rc=$?; set -e
      [ "$rc" -eq 0 ] || fail "batch run exited $rc without a kill: $(cat run.err)"
      finished=$((finished + 1))
      # It completed: start over, so that the next kill lands in a run again.
      "$shebao" batch in.jsonl --out "$out" "${batch_args[@]}" "$@" --restart > /dev/null 2> run.err &
      pid=$!
      pids_to_kill+=("$pid")
      sleep_ms 10 $((full_ms / 2 > 20 ? full_ms / 2 : 20))
      if kill -9 "$pid" 2> /dev/null; then kills=$((kills + 1)); fi
      wait "$pid" 2> /dev/null || true
    fi
  done
  # The last, uninterrupted resume completes it.
  "$shebao" batch in.jsonl --out "$out" "${batch_args[@]}" "$@" > /dev/null 2> final.err ||
    fail "final resume: $(cat final.err)"
  echo "crash-test: $out: $kills SIGKILLs ($finished runs finished before their kill), resumed to the end"
}

rm -f audit.sqlite
kill_rounds out.jsonl --audit audit.sqlite
# Exactly one answer per input line, in order, identical to the uninterrupted run.
[ "$(grep -c '' out.jsonl)" -eq "$n_lines" ] || fail "out.jsonl has $(grep -c '' out.jsonl) lines for $n_lines inputs"
cmp -s out.jsonl ref.jsonl || fail "the resumed output differs from the uninterrupted run"
[ "$(sqlite3 audit.sqlite 'PRAGMA integrity_check')" = ok ] || fail "audit.sqlite: integrity_check"
# (A run that finished before its kill was started over with --restart: a new source; count the last.)
last_source=$(sqlite3 audit.sqlite 'SELECT source FROM audit ORDER BY id DESC LIMIT 1')
records=$(sqlite3 audit.sqlite "SELECT count(*) FROM audit WHERE source = '$last_source'")
distinct=$(sqlite3 audit.sqlite "SELECT count(DISTINCT line) FROM audit WHERE source = '$last_source'")
[ "$records" -eq "$n_lines" ] && [ "$distinct" -eq "$n_lines" ] ||
  fail "audit.sqlite: $records records, $distinct distinct lines, wanted $n_lines"
echo "crash-test: JSONL + audit: $n_lines answers = the uninterrupted run; audit: $records records, integrity ok"

kill_rounds out.sqlite
[ "$(sqlite3 out.sqlite 'PRAGMA integrity_check')" = ok ] || fail "out.sqlite: integrity_check"
table=results
rows=$(sqlite3 out.sqlite "SELECT count(*) FROM \"$table\"")
distinct=$(sqlite3 out.sqlite "SELECT count(DISTINCT line) FROM \"$table\"")
[ "$rows" -eq "$n_lines" ] && [ "$distinct" -eq "$n_lines" ] ||
  fail "out.sqlite: $rows rows, $distinct distinct lines in $table, wanted $n_lines"
echo "crash-test: SQLite output: $rows rows (one per line), integrity ok"
fi
[ "${CRASH_ONLY:-serve}" = serve ] || exit 0

# ---- 2. audited server under load ---------------------------------------------------------------
if ! "$shebao" serve --help 2>&1 | grep -q -- "--audit"; then
  echo "crash-test: SKIPPED the server part: this 'shebao serve' has no --audit option yet"
  exit 0
fi
[ -n "$client" ] || fail "the server part needs shebao-hostile-client (tests/hostile) in $build"

# One client: sends unique profiles one after the other; logs the SHA-256 of each body answered 200.
client_loop() {
  local id=$1 i=0 body
  while :; do
    i=$((i + 1))
    body="{\"person\":{\"birth\":\"1994-07\",\"sex\":\"male\",\"hukou\":{\"region\":\"530902\"}},\"work\":{\"region\":\"530102\",\"relationship\":\"platform_managed\",\"monthly_income\":$((2000 + i))},\"extra\":{\"req\":\"$round-$id-$i\"}}"
    printf 'POST /v1/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s' \
      "${#body}" "$body" > "req.$id"
    "$client" "$port" "req.$id" 5 > "resp.$id" 2> /dev/null || true
    if head -n1 "resp.$id" | grep -q "STATUS 200"; then
      printf '%s' "$body" | sha256sum | cut -d' ' -f1 >> "acked.$id"
    fi
  done
}

rm -f served.sqlite served.sqlite.key acked.*
total_acked=0
for round in $(seq 1 "$kills_wanted"); do
  "$shebao" serve --listen 127.0.0.1:0 --policies "$policies" --threads 2 --audit served.sqlite \
    > serve.out 2> serve.err &
  spid=$!
  pids_to_kill+=("$spid")
  port=""
  for _ in $(seq 1 300); do
    port=$(sed -n 's|^listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' serve.out | head -n1)
    [ -n "$port" ] && break
    kill -0 "$spid" 2> /dev/null || fail "round $round: the server did not start: $(cat serve.err)"
    sleep 0.1
  done
  [ -n "$port" ] || fail "round $round: the server did not say where it listens"
  cpids=()
  for c in 1 2 3 4; do
    client_loop "$c" &
    cpids+=($!)
    pids_to_kill+=("$!")
  done
  sleep_ms 200 1500
  kill -9 "$spid"
  wait "$spid" 2> /dev/null || true
  for p in "${cpids[@]}"; do kill "$p" 2> /dev/null || true; done
  for p in "${cpids[@]}"; do wait "$p" 2> /dev/null || true; done
  [ "$(sqlite3 served.sqlite 'PRAGMA integrity_check')" = ok ] || fail "round $round: served.sqlite integrity_check"
  cat acked.* 2> /dev/null | sort -u > acked.all || true
  # The log keeps keyed digests (HMAC-SHA-256 of the profile's sha256 under served.sqlite.key).
  python3 -c 'import hmac, hashlib, sys
k = bytes.fromhex(open(sys.argv[1]).read().strip())
for l in sys.stdin:
    if l.strip(): print(hmac.new(k, l.strip().encode(), hashlib.sha256).hexdigest())' served.sqlite.key < acked.all | sort -u > acked.keyed
  sqlite3 served.sqlite 'SELECT profile_hmac FROM audit' | sort -u > recorded.all
  lost=$(comm -23 acked.keyed recorded.all | wc -l)
  [ "$lost" -eq 0 ] || fail "round $round: $lost answered requests are not in the audit log"
  total_acked=$(grep -c '' acked.all || true)
  echo "crash-test: serve round $round: killed; $(grep -c '' recorded.all) records, all $total_acked answered requests present, integrity ok"
done
echo "crash-test: audited server: $kills_wanted SIGKILLs under load, no answered request lost"
