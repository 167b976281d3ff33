#!/usr/bin/env bash
# pack_change.sh SHEBAO ASK_ANSWERS POLICIES EXAMPLE
# The questions come from what the rules read: copy the packs, add a Yunnan rule that reads a
# field no rule read before (person.hukou.kind), and `shebao ask` must now ask it.
set -u
shebao=$1 answers_bin=$2 policies=$3 example=$4
as_of=2026-11-28
field=person.hukou.kind
question='您是城镇户口还是农村户口？'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# 1. With the packs as they are, the field is not asked.
"$answers_bin" "$example" --as-of $as_of --policies "$policies" > "$tmp/answers0" 2> "$tmp/asked0" || {
  echo "ask_answers failed on the bundled packs:"; cat "$tmp/asked0"; exit 1; }
if grep -q "^$field " "$tmp/asked0"; then
  echo "$field is already asked with the bundled packs; choose a field no rule reads for this test"
  cat "$tmp/asked0"; exit 1
fi
"$shebao" ask --as-of $as_of --policies "$policies" --format json < "$tmp/answers0" > "$tmp/out0" 2>&1
grep -q "$question" "$tmp/out0" && { echo "the question is shown with the bundled packs"; fail=1; }

# 2. A copy of the packs with one more rule that reads the field.
cp -R "$policies" "$tmp/policies"
rm -rf "$tmp"/policies/*/tests
cat > "$tmp/policies/cn-530000/schemes/ask-test-hukou-kind.yaml" <<'YAML'
# Added by tests/ask/pack_change.sh: a rule that reads person.hukou.kind, which no other rule reads.
schemes:
  pension.resident:
    rules:
      - id: ask-test-rural-hukou
        when: person.hukou.kind == rural and age >= 16y and age < 60y
        then:
          status: recommended
          channel: individual
          enrol_region: person.hukou.region
        because:
          zh: "测试规则：农村户口。"
          en: "Test rule: rural hukou."
        cite:
          - {document: yn-2021-40}
YAML
"$answers_bin" "$example" --as-of $as_of --policies "$tmp/policies" > "$tmp/answers1" 2> "$tmp/asked1" || {
  echo "ask_answers failed on the changed packs:"; cat "$tmp/asked1"; exit 1; }
grep -q "^$field " "$tmp/asked1" || { echo "$field is not asked after the rule was added"; fail=1; }
"$shebao" ask --as-of $as_of --policies "$tmp/policies" --format json < "$tmp/answers1" > "$tmp/out1" 2>&1
rc=$?
[ $rc -eq 0 ] || { echo "shebao ask exited $rc with the changed packs"; fail=1; }
grep -q "$question" "$tmp/out1" || { echo "the question '$question' is not shown"; fail=1; }
if [ $fail -ne 0 ]; then
  echo "--- asked before:"; cat "$tmp/asked0"; echo "--- asked after:"; cat "$tmp/asked1"
  echo "--- dialogue after:"; head -c 8000 "$tmp/out1"
fi
exit $fail
