#!/usr/bin/env bash
# With several threads the answers come out in input order, and the same as with one thread.
source "$(dirname "$0")/lib.sh"
fixture_packs packs
"$GEN" --count 6000 --bad-every 13 --seed 21 >in.jsonl
expect_exit 0 "$SHEBAO" batch in.jsonl --out four.jsonl --threads 4 --policies packs --as-of 2026-11-28
expected_lines in.jsonl >want
check_output four.jsonl want
expect_exit 0 "$SHEBAO" batch in.jsonl --out one.jsonl --threads 1 --policies packs --as-of 2026-11-28
cmp -s one.jsonl four.jsonl || fail "4 threads answer differently from 1 thread"
expect_exit 0 "$SHEBAO" batch in.jsonl --out four.sqlite --threads 4 --policies packs --as-of 2026-11-28
if command -v sqlite3 >/dev/null; then
  [ "$(sqlite3 four.sqlite 'SELECT count(*), min(line), max(line), sum(ok) FROM results')" = "6000|1|6000|5539" ] ||
    fail "SQLite results: $(sqlite3 four.sqlite 'SELECT count(*), min(line), max(line), sum(ok) FROM results')"
  sqlite3 four.sqlite "SELECT '{\"line\":' || line || ',' || CASE ok WHEN 1 THEN '\"result\":' || json || '}' ELSE substr(json, 2) END FROM results ORDER BY line" >from_sqlite.jsonl
  cmp -s from_sqlite.jsonl one.jsonl || fail "the SQLite answers differ from the JSONL ones"
fi
echo "ok"
