#!/usr/bin/env bash
# Bad lines (invalid JSON, unknown fields, invalid values, wrong CSV cell counts, bad quoting) are
# answered with their errors and reported on stderr with their line numbers; the rest go through.
source "$(dirname "$0")/lib.sh"
fixture_packs packs

"$GEN" --count 3000 --bad-every 7 --seed 11 >in.jsonl
expect_exit 0 "$SHEBAO" batch in.jsonl --policies packs --as-of 2026-11-28 --threads 2
expected_lines in.jsonl >want
check_output in.out.jsonl want
grep -q '^in.jsonl:7: ' err.txt || fail "line 7 not reported on stderr"
grep -q '^in.jsonl:14: ' err.txt || fail "line 14 not reported"
grep -q 'more bad lines' err.txt || fail "no note about the bad lines not shown"
grep -q '3000 lines, 2572 ok, 428 bad' err.txt || fail "summary: $(tail -1 err.txt)"
grep -q 'profiles/s' err.txt || fail "no rate in the summary"
# Exactly the multiples of 7 are errors.
grep ',"errors":\[' in.out.jsonl | sed -E 's/^\{"line":([0-9]+),.*/\1/' >bad.lines
awk '{ if ($1 % 7 != 0) { print "line " $1 " is an error"; exit 1 } }' bad.lines || fail "a good line failed"
[ "$(wc -l <bad.lines)" = 428 ] || fail "$(wc -l <bad.lines) error lines, wanted 428"
grep -q '^{"line":7,"errors":\[{"path":"' in.out.jsonl || fail "line 7's answer is not an errors object"

# CSV: the header is line 1, so the bad rows are the lines 7k+1.
"$GEN" --count 3000 --bad-every 7 --seed 12 --format csv >in.csv
expect_exit 0 "$SHEBAO" batch in.csv --out csv.jsonl --policies packs --as-of 2026-11-28 --lang en
expected_lines in.csv 2 >want
check_output csv.jsonl want
grep -q '^in.csv:8: ' err.txt || fail "CSV line 8 not reported"
grep -q '3000 lines, 2572 ok, 428 bad' err.txt || fail "CSV summary: $(tail -1 err.txt)"
grep -q '"code":"csv_cells"' csv.jsonl || fail "no csv_cells error"
grep -q '"code":"csv_syntax"' csv.jsonl || fail "no csv_syntax error"

# The bundled packs (a copy): every generated good profile is accepted by the real constraints.
if real_packs real; then
  "$GEN" --count 300 --bad-every 10 --seed 13 >real.jsonl
  expect_exit 0 "$SHEBAO" batch real.jsonl --policies real --as-of 2026-11-28
  expected_lines real.jsonl >want
  check_output real.out.jsonl want
  grep -q '300 lines, 270 ok, 30 bad' err.txt || fail "bundled packs: $(tail -3 err.txt)"
else
  echo "note: skipped the bundled packs (they do not lint right now)"
fi

# File-level problems: a CSV header that is not profile paths, an unknown input format.
printf 'person.birth,person.sexx\n1990-01,male\n' >h.csv
expect_exit 2 "$SHEBAO" batch h.csv --policies packs
grep -q "person.sexx" err.txt || fail "bad header not named"
[ ! -e h.out.jsonl ] || fail "output written despite a bad header"
cp in.jsonl in.txt
expect_exit 2 "$SHEBAO" batch in.txt --policies packs
expect_exit 0 "$SHEBAO" batch in.txt --input-format jsonl --out - --policies packs --as-of 2026-11-28
[ "$(wc -l <out.txt)" = 3000 ] || fail "stdout output"
echo "ok"
