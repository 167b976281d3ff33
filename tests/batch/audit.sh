#!/usr/bin/env bash
# The audit log of a batch: records written, `audit show` (no profile text unless --full),
# `audit verify` passes on unchanged packs and reports each difference (record id, first differing
# JSON path) when a parameter changed, exit 1.
source "$(dirname "$0")/lib.sh"
fixture_packs packs
fixture_packs changed 7100.00
"$GEN" --count 400 --bad-every 9 --seed 51 >in.jsonl
"$GEN" --count 100 --bad-every 9 --seed 52 --format csv >in.csv

expect_exit 0 "$SHEBAO" batch in.jsonl --policies packs --audit a.sqlite --audit-full --threads 2
expect_exit 0 "$SHEBAO" batch in.csv --out in.csv.out.jsonl --policies packs --audit a.sqlite --audit-full --as-of 2026-11-28 --lang en

expect_exit 0 "$SHEBAO" audit show a.sqlite
grep -q '^a.sqlite: 500 records (schema v2)' out.txt || fail "show header: $(head -1 out.txt)"
[ "$(grep -c '^#[0-9]' out.txt)" = 500 ] || fail "show lists $(grep -c '^#[0-9]' out.txt) records"
grep -q '^#1 .* batch line 1 ' out.txt || fail "record 1: $(sed -n 2p out.txt)"
grep -q 'pension.employee ' out.txt || fail "no scheme summary"
grep -q 'rejected' out.txt || fail "no rejected record"
if grep -q '"birth"\|1994-\|person.birth,' out.txt; then fail "show printed profile text"; fi
expect_exit 0 "$SHEBAO" audit show a.sqlite --limit 2 --json
[ "$(wc -l <out.txt)" = 2 ] || fail "--limit 2 --json: $(wc -l <out.txt) lines"
grep -q '^{"id":499,' out.txt || fail "--limit shows the last ones: $(head -c 200 out.txt)"
grep -q '"profile_format":"csv"' out.txt || fail "CSV records"
if grep -q '"profile":' out.txt; then fail "--json printed the profile without --full"; fi
expect_exit 0 "$SHEBAO" audit show a.sqlite --limit 1 --json --full
grep -q '"profile":"as_of,person.birth' out.txt || fail "--full: $(head -c 300 out.txt)"

expect_exit 0 "$SHEBAO" audit verify a.sqlite --policies packs
grep -q 'integrity_check: ok' out.txt || fail "integrity"
grep -q 're-evaluated 500 records that kept their profile: 500 match, 0 differ' out.txt || fail "verify: $(cat out.txt)"
grep -q '^verify: ok' out.txt || fail "verify: $(cat out.txt)"

expect_exit 1 "$SHEBAO" audit verify a.sqlite --policies changed
grep -q '^record [0-9]*: the answer differs at schemes\[0\].contribution.base.monthly: recorded "7000.00", now "7100.00"' out.txt ||
  fail "no difference reported: $(head -20 out.txt)"
grep -q 'NOT the current set' out.txt || fail "digest change not said: $(cat out.txt)"
grep -q 'the current policy set differs from the one that answered 500 of the re-evaluated records; [0-9]* of them give a different answer now' out.txt ||
  fail "summary of the digest change: $(tail -5 out.txt)"
grep -q '^verify: FAILED' out.txt || fail "verify should fail"
diffs=$(grep -c '^record ' out.txt)
# The differences are exactly the answers that used the parameter (the flexible-employee rule).
want=$(( $(grep -c '"rule":"cn/pension.employee/flexible"' in.out.jsonl) + $(grep -c '"rule":"cn/pension.employee/flexible"' in.csv.out.jsonl) ))
[ "$diffs" = "$want" ] || fail "$diffs differences, wanted $want"
echo "verify with a changed parameter: $diffs differences"

# Without --audit-full there is nothing to re-evaluate: verify says so and passes.
expect_exit 0 "$SHEBAO" batch in.jsonl --out b.jsonl --policies packs --audit b.sqlite
expect_exit 0 "$SHEBAO" audit verify b.sqlite --policies changed
grep -q '400 kept no profile' out.txt || fail "no-profile records: $(cat out.txt)"

# The bundled packs (a copy): recorded and verified unchanged.
if real_packs real; then
  "$GEN" --count 60 --bad-every 7 --seed 53 >real.jsonl
  expect_exit 0 "$SHEBAO" batch real.jsonl --policies real --audit r.sqlite --audit-full
  expect_exit 0 "$SHEBAO" audit verify r.sqlite --policies real
  grep -q '60 match, 0 differ' out.txt || fail "bundled packs verify: $(cat out.txt)"
fi

# Not an audit log / no such file.
expect_exit 1 "$SHEBAO" audit show missing.sqlite
expect_exit 1 "$SHEBAO" audit show in.jsonl
echo "ok"
