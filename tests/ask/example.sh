#!/usr/bin/env bash
# example.sh SHEBAO ASK_ANSWERS EXAMPLE POLICIES [options]
# Answers `shebao ask` (answers piped in, one per line) as the worker of EXAMPLE would, and checks
# that it reaches the same result as `shebao evaluate EXAMPLE` (whole RESULT.md JSON, byte for
# byte), and that the YAML it saves evaluates to that result again.
# The answers come from ASK_ANSWERS (tests/ask/ask_answers.cpp), which walks the same questions and
# answers each from EXAMPLE's values ("不知道" where EXAMPLE leaves the field out).
# Options:
#   --lang en            ask and evaluate in English
#   --drop PATH          leave PATH out of the profile given to `evaluate`: a field of EXAMPLE that
#                        no rule needs (so `ask` does not ask it) but that still shows in the result
#   --before 'N|LINE'    type LINE before the N-th answer (1-based): a wrong answer, ?, < ...
#   --expect REGEX       the dialogue on stdout must match REGEX (grep -E)
#   --expect-not REGEX   ... must not match
set -u
shebao=$1 answers_bin=$2 example=$3 policies=$4
shift 4
lang=zh
drops=()
before=()
expects=()
expects_not=()
while [ $# -gt 0 ]; do
  case $1 in
    --lang) lang=$2; shift 2 ;;
    --drop) drops+=(--drop "$2"); shift 2 ;;
    --before) before+=("$2"); shift 2 ;;
    --expect) expects+=("$2"); shift 2 ;;
    --expect-not) expects_not+=("$2"); shift 2 ;;
    *) echo "example.sh: unknown option $1"; exit 2 ;;
  esac
done
as_of=2026-11-28
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$answers_bin" "$example" --as-of $as_of --policies "$policies" --lang $lang "${drops[@]}" \
  --expected "$tmp/expected.yaml" > "$tmp/answers" 2> "$tmp/asked" || {
  echo "ask_answers failed:"; cat "$tmp/asked"; exit 1; }

# The input: the answers, with the extra lines typed before some of them.
n=0
while IFS= read -r answer; do
  n=$((n + 1))
  for b in "${before[@]+"${before[@]}"}"; do
    [ "${b%%|*}" = "$n" ] && printf '%s\n' "${b#*|}"
  done
  printf '%s\n' "$answer"
done < "$tmp/answers" > "$tmp/input"

fail=0
"$shebao" ask --as-of $as_of --policies "$policies" --lang $lang --format json --save "$tmp/saved.yaml" \
  < "$tmp/input" > "$tmp/out" 2> "$tmp/err"
rc=$?
[ $rc -eq 0 ] || { echo "shebao ask exited $rc"; fail=1; }
grep '^{' "$tmp/out" | tail -n 1 > "$tmp/ask.json"
"$shebao" evaluate "$tmp/expected.yaml" --as-of $as_of --policies "$policies" --lang $lang --format json \
  > "$tmp/evaluate.json" 2>> "$tmp/err" || { echo "evaluate failed"; fail=1; }
if ! cmp -s "$tmp/ask.json" "$tmp/evaluate.json"; then
  echo "ask and evaluate differ (ask < > evaluate):"
  diff <(tr ',' '\n' < "$tmp/ask.json") <(tr ',' '\n' < "$tmp/evaluate.json") | head -40
  fail=1
fi
if [ -f "$tmp/saved.yaml" ]; then
  "$shebao" evaluate "$tmp/saved.yaml" --policies "$policies" --lang $lang --format json > "$tmp/saved.json" 2>> "$tmp/err"
  cmp -s "$tmp/ask.json" "$tmp/saved.json" || { echo "the saved YAML evaluates differently"; cat "$tmp/saved.yaml"; fail=1; }
else
  echo "nothing saved"; fail=1
fi
for re in "${expects[@]+"${expects[@]}"}"; do
  grep -Eq -- "$re" "$tmp/out" || { echo "dialogue does not match: $re"; fail=1; }
done
for re in "${expects_not[@]+"${expects_not[@]}"}"; do
  grep -Eq -- "$re" "$tmp/out" && { echo "dialogue should not match: $re"; fail=1; }
done
if [ $fail -ne 0 ]; then
  echo "--- fields asked:"; cat "$tmp/asked"
  echo "--- input:"; cat "$tmp/input"
  echo "--- dialogue:"; head -c 12000 "$tmp/out"
  echo "--- stderr:"; head -c 2000 "$tmp/err"
fi
exit $fail
