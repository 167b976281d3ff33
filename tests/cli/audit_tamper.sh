#!/usr/bin/env bash
# audit_tamper.sh SHEBAO FIXTURE_PACKS
# Issue 22: someone with write access edits the audit log with the sqlite3 shell; `shebao audit
# verify` names each deleted, edited, reordered and inserted record by id and fails. Issue 20
# item 7: `shebao audit purge --before DATE` removes the old records (their profiles gone from the
# file's bytes), and `audit verify` passes on what remains.
set -euo pipefail
shebao=$1
packs=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 > /dev/null || fail "the sqlite3 shell is missing (scripts/install-deps.sh)"
for i in 1 2 3 4 5 6 7 8; do
  printf '{"as_of":"2026-11-28","person":{"birth":"199%d-07","sex":"male","hukou":{"region":"530902"}},"work":{"region":"530102","relationship":"platform_managed"},"extra":{"marker":"MARK-%d-END"}}\n' "$i" "$i"
done > in.jsonl
"$shebao" batch in.jsonl --out out.jsonl --policies "$packs" --audit a.sqlite --audit-full > /dev/null 2>&1 || fail "batch"
[ "$(stat -c %a a.sqlite.key)" = 600 ] || fail "the key file is not 0600"
"$shebao" audit verify a.sqlite --policies "$packs" > v.txt || { cat v.txt; fail "verify of an untouched log"; }
grep -q 'hash chain: 8 chained records; intact' v.txt || { cat v.txt; fail "chain summary"; }
mkdir b
cp -p a.sqlite a.sqlite.key b/

sqlite3 a.sqlite "DELETE FROM audit WHERE id = 2;
UPDATE audit SET result = replace(result, '\"as_of\"', '\"as_of \"') WHERE id = 4;
UPDATE audit SET id = -6 WHERE id = 6; UPDATE audit SET id = 6 WHERE id = 7; UPDATE audit SET id = 7 WHERE id = -6;
INSERT INTO audit(time, channel, policy_digest, as_of, as_of_fixed, lang, explain, ok, profile_sha256, profile_format, result)
  VALUES('2026-11-28T00:00:00.000Z', 'http', 'sha256:x', '2026-11-28', 0, 'zh', 0, 1, '', 'json', '{}');"
set +e
"$shebao" audit verify a.sqlite --policies "$packs" > v.txt
rc=$?
set -e
[ "$rc" = 1 ] || { cat v.txt; fail "verify exit $rc, wanted 1"; }
grep -q '^record 2: record 2 was deleted' v.txt || { cat v.txt; fail "deleted record 2 not named"; }
grep -q '^record 4: record 4 was edited' v.txt || { cat v.txt; fail "edited record 4 not named"; }
grep -q '^record 6: record 6 is out of order' v.txt || { cat v.txt; fail "reordered record 6 not named"; }
grep -q '^record 7: record 7 is out of order' v.txt || { cat v.txt; fail "reordered record 7 not named"; }
grep -q '^record 9: record 9 has no chain hash' v.txt || { cat v.txt; fail "inserted record 9 not named"; }
grep -q '^verify: FAILED' v.txt || fail "verify did not fail"

# Retention on the untouched copy: everything before tomorrow goes, the profiles leave the file.
cd b
grep -q 'MARK-3-END' a.sqlite a.sqlite-wal 2> /dev/null || fail "the marker should be in the file before the purge"
"$shebao" audit purge a.sqlite --before 2099-01-01 > p.txt || { cat p.txt; fail "purge"; }
grep -q 'removed 8 records (through #8)' p.txt || { cat p.txt; fail "purge output"; }
grep -q 'space reclaimed' p.txt || { cat p.txt; fail "space not reclaimed"; }
if grep -q 'MARK-' a.sqlite a.sqlite-wal 2> /dev/null; then fail "purged profiles are still in the file's bytes"; fi
"$shebao" batch ../in.jsonl --out out2.jsonl --policies "$packs" --audit a.sqlite --audit-full > /dev/null 2>&1 || fail "batch after purge"
"$shebao" audit verify a.sqlite --policies "$packs" > v.txt || { cat v.txt; fail "verify after purge"; }
grep -q 'hash chain: 8 chained records, 1 purge checkpoints (8 records purged); intact' v.txt || { cat v.txt; fail "chain after purge"; }
set +e
"$shebao" audit purge a.sqlite --before 2026-13-01 > /dev/null 2>&1
[ $? = 2 ] || fail "a bad --before is a usage error"
set -e
echo "audit tamper and purge: ok"
