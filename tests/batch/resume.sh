#!/usr/bin/env bash
# Interrupted and re-run with the same arguments, a batch continues where it stopped: every input
# line ends with exactly one answer, none twice. Killed with SIGKILL at random moments (three
# times), then stopped with SIGINT and SIGTERM (exit 130 / 143, "re-run the same command"), for
# JSONL and SQLite output, with an audit log that must end with exactly one record per line.
source "$(dirname "$0")/lib.sh"
fixture_packs packs
N=$BIG
"$GEN" --count "$N" --bad-every 101 --seed 31 >in.jsonl
expected_lines in.jsonl >want
ARGS=(batch in.jsonl --policies packs --as-of 2026-11-28 --threads 2 --audit audit.sqlite)

# Waits until FILE has grown by some answers (the run is under way, its signal handlers set), then
# a random 0-0.7 s more.
wait_for_output() {
  local file=$1 pid=$2 i start
  start=$(stat -c %s "$file" 2>/dev/null || echo 0)
  for i in $(seq 1 1200); do
    [ "$(stat -c %s "$file" 2>/dev/null || echo 0)" -gt $((start + 20000)) ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  sleep "0.$((RANDOM % 7))$((RANDOM % 10))"
}

lines_done() { if [ -e "$1" ]; then wc -l <"$1"; else echo 0; fi; }

kills=0
for round in 1 2 3; do
  "$SHEBAO" "${ARGS[@]}" >/dev/null 2>"kill$round.err" &
  pid=$!
  wait_for_output in.out.jsonl "$pid"
  if kill -9 "$pid" 2>/dev/null; then kills=$((kills + 1)); fi
  wait "$pid" 2>/dev/null || true
  echo "round $round: killed with $(lines_done in.out.jsonl) lines written"
done
[ "$kills" -ge 1 ] || fail "the batch finished before it could be killed; use a bigger input"

# SIGINT: finishes what is in flight, says how to resume, exit 130.
"$SHEBAO" "${ARGS[@]}" >/dev/null 2>int.err &
pid=$!
wait_for_output in.out.jsonl "$pid"
kill -INT "$pid" 2>/dev/null || true
set +e
wait "$pid"
rc=$?
set -e
echo "SIGINT: exit $rc"
if [ "$rc" = 130 ]; then
  grep -q 'interrupted after [0-9]* lines; re-run the same command to resume' int.err || fail "SIGINT message: $(cat int.err)"
  grep -q 'resumed after line' int.err || fail "the SIGINT run did not resume: $(cat int.err)"
elif [ "$rc" != 0 ]; then
  fail "SIGINT: exit $rc: $(cat int.err)"
fi
# No partial line is left behind by a clean stop.
[ -z "$(tail -c 1 in.out.jsonl)" ] || fail "a partial last line after SIGINT"

# SIGTERM: exit 143.
"$SHEBAO" "${ARGS[@]}" >/dev/null 2>term.err &
pid=$!
wait_for_output in.out.jsonl "$pid"
kill -TERM "$pid" 2>/dev/null || true
set +e
wait "$pid"
rc=$?
set -e
echo "SIGTERM: exit $rc"
[ "$rc" = 143 ] || [ "$rc" = 0 ] || fail "SIGTERM: exit $rc: $(cat term.err)"
[ "$rc" = 0 ] || grep -q 're-run the same command to resume' term.err || fail "SIGTERM message"

# The last run completes it.
expect_exit 0 "$SHEBAO" "${ARGS[@]}"
check_output in.out.jsonl want
echo "JSONL: $N lines, one answer each after $kills kills and SIGINT/SIGTERM"
# Same answers as an uninterrupted run (on the first 2000 lines: cheap).
head -n 2000 in.jsonl >head.jsonl
expect_exit 0 "$SHEBAO" batch head.jsonl --policies packs --as-of 2026-11-28 --threads 1
head -n 2000 in.out.jsonl | cmp -s - head.out.jsonl || fail "resumed answers differ from an uninterrupted run"
# Exactly one audit record per input line, none twice, and a sound file.
expect_exit 0 "$SHEBAO" audit show audit.sqlite --limit 0
grep -q "^audit.sqlite: $N records" out.txt || fail "audit log: $(head -1 out.txt), wanted $N records"
expect_exit 0 "$SHEBAO" audit verify audit.sqlite --policies packs
grep -q 'integrity_check: ok' out.txt || fail "audit integrity: $(cat out.txt)"
# Re-run when complete: nothing to do.
expect_exit 0 "$SHEBAO" "${ARGS[@]}"
grep -q 'nothing left to do' err.txt || fail "re-run of a complete batch: $(cat err.txt)"
check_output in.out.jsonl want

# SQLite output: killed, then completed.
SARGS=(batch in.jsonl --out out.sqlite --policies packs --as-of 2026-11-28 --threads 2)
for round in 1 2; do
  "$SHEBAO" "${SARGS[@]}" >/dev/null 2>/dev/null &
  pid=$!
  sleep "1.$((RANDOM % 10))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
expect_exit 0 "$SHEBAO" "${SARGS[@]}"
if command -v sqlite3 >/dev/null; then
  got=$(sqlite3 out.sqlite 'PRAGMA integrity_check; SELECT count(*), count(DISTINCT line), min(line), max(line) FROM results')
  [ "$got" = "ok
$N|$N|1|$N" ] || fail "SQLite output after kills: $got"
  sqlite3 out.sqlite "SELECT '{\"line\":' || line || ',' || CASE ok WHEN 1 THEN '\"result\":' || json || '}' ELSE substr(json, 2) END FROM results ORDER BY line" | cmp -s - in.out.jsonl ||
    fail "SQLite answers differ from the JSONL ones"
fi
echo "ok"
