#!/usr/bin/env bash
# A batch does not resume over a changed input, changed packs or other options (exit 2, with the
# reason and --restart as the way out), nor into a file that is not its own output.
source "$(dirname "$0")/lib.sh"
fixture_packs packs
fixture_packs packs2 7100.00
"$GEN" --count 500 --seed 41 >in.jsonl
expect_exit 0 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28
cp in.out.jsonl first.jsonl

"$GEN" --count 1 --seed 42 >>in.jsonl
expect_exit 2 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28
grep -q 'input changed' err.txt || fail "no reason: $(cat err.txt)"
grep -q -- '--restart' err.txt || fail "no way out: $(cat err.txt)"
cmp -s in.out.jsonl first.jsonl || fail "the output was touched"

# Same size, other content.
"$GEN" --count 500 --seed 41 >in.jsonl
expect_exit 0 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28 --restart
sed -i '1s/"male"/"mal3"/' in.jsonl
expect_exit 2 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28
grep -q 'input changed' err.txt || fail "content change: $(cat err.txt)"
expect_exit 0 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28 --restart
grep -q '500 lines, 499 ok, 1 bad' err.txt || fail "restart: $(cat err.txt)"

expect_exit 2 "$SHEBAO" batch in.jsonl --policies packs2 --as-of 2026-11-28
grep -q 'policy packs changed' err.txt || fail "packs: $(cat err.txt)"
expect_exit 2 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-27
grep -q 'as-of' err.txt || fail "as_of: $(cat err.txt)"
expect_exit 2 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28 --lang en
grep -q 'lang' err.txt || fail "lang: $(cat err.txt)"
# --threads may change.
expect_exit 0 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28 --threads 1
grep -q 'nothing left to do' err.txt || fail "threads: $(cat err.txt)"

# Not our output: refused, untouched.
echo '{"mine": true}' >mine.jsonl
expect_exit 2 "$SHEBAO" batch in.jsonl --out mine.jsonl --policies packs
grep -q 'not the output of an interrupted batch' err.txt || fail "foreign file: $(cat err.txt)"
[ "$(cat mine.jsonl)" = '{"mine": true}' ] || fail "a foreign file was changed"
if command -v sqlite3 >/dev/null; then
  sqlite3 other.db 'CREATE TABLE t(x); INSERT INTO t VALUES(1)'
  expect_exit 2 "$SHEBAO" batch in.jsonl --out other.db --policies packs
  grep -q 'another SQLite file' err.txt || fail "foreign SQLite file: $(cat err.txt)"
fi
# The input as its own output.
expect_exit 2 "$SHEBAO" batch in.jsonl --out in.jsonl --policies packs
echo "ok"
