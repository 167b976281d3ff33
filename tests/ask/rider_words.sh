#!/usr/bin/env bash
# rider_words.sh SHEBAO POLICIES
# The Lincang rider working in Kunming answers `shebao ask` in their own words (issue 18), in
# Chinese and in English: an ID-card number, Enter to confirm the hukou it suggests, place names,
# "外卖骑手", "6000左右". Checks: the answer is reached in at most 8 questions; options and echoes
# show words, never ids or region codes; the ID-card number is never shown whole; the platform is
# said to be not asked; the closing offer to keep the answers names no file format; English has
# ASCII punctuation in the dialogue.
set -u
shebao=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
policies=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check FILE REGEX MESSAGE: FILE must match
  grep -Eq -- "$2" "$1" || { echo "$3 (no match for: $2)"; fail=1; }
}
check_not() {
  grep -Eq -- "$2" "$1" && { echo "$3 (matched: $2)"; grep -En -- "$2" "$1" | head -5; fail=1; }
  return 0
}
run() {  # run LANG INPUT OUT
  printf '%b' "$2" | "$shebao" ask --as-of 2026-11-28 --policies "$policies" --lang "$1" > "$3" 2> "$tmp/err"
  local rc=$?
  [ $rc -eq 0 ] || { echo "ask --lang $1 exited $rc"; cat "$tmp/err"; fail=1; }
}

run zh '530902199407150016\n\n昆明五华区\n3\n3\n3\n外卖骑手\n6000左右\n\n' "$tmp/zh"
sed -n '1,/—— 结果 ——/p' "$tmp/zh" > "$tmp/zh.dialogue"
n=$(grep -Ec '^问题 [0-9]+：' "$tmp/zh.dialogue")
[ "$n" -le 8 ] || { echo "$n questions (at most 8)"; fail=1; }
check "$tmp/zh.dialogue" '^问题 8：' "the income is the 8th question"
check "$tmp/zh.dialogue" '按身份证号：1994年7月出生，男' "birth and sex from the ID-card number"
check "$tmp/zh.dialogue" '身份证是在云南省临沧市临翔区办的' "the hukou suggested from the ID-card number"
check "$tmp/zh.dialogue" '→ 6000元' "6000左右 understood"
check "$tmp/zh.dialogue" '· 您主要在哪个平台接单？' "the unasked platform is named"
check_not "$tmp/zh" '530902199407150016' "the ID-card number shown whole"
check_not "$tmp/zh.dialogue" '\[[a-z_0-9]+\]' "a raw id or code in the dialogue"
check_not "$tmp/zh.dialogue" '^  [0-9]+\) .*[0-9]{6}' "a region code in an option"
check "$tmp/zh" '要保存这次的回答，下次不用再答一遍吗' "the plain offer to keep the answers"
check_not "$tmp/zh" 'YAML|yaml' "a file format in the closing question"
check "$tmp/zh" '企业职工基本养老保险' "the answer is shown"

# Typed, without an ID card: the birth and the sex in one answer, still at most 8 questions.
run zh '1994年7月 男\n临沧临翔\n昆明五华区\n3\n3\n3\n外卖骑手\n6000左右\n\n' "$tmp/typed"
sed -n '1,/—— 结果 ——/p' "$tmp/typed" > "$tmp/typed.dialogue"
n=$(grep -Ec '^问题 [0-9]+：' "$tmp/typed.dialogue")
[ "$n" -le 8 ] || { echo "typed: $n questions (at most 8)"; fail=1; }
check "$tmp/typed.dialogue" '^问题 1：您是哪年哪月出生的？男性还是女性？' "typed: birth and sex asked together"
check "$tmp/typed.dialogue" '→ 1994年7月出生，男' "typed: birth and sex understood from one answer"
check_not "$tmp/typed.dialogue" '您的性别是' "typed: the sex asked again"
check "$tmp/typed" '—— 结果 ——' "typed: the answer is shown"
cmp -s <(sed -n '/—— 结果 ——/,$p' "$tmp/typed") <(sed -n '/—— 结果 ——/,$p' "$tmp/zh") ||
  { echo "typed: not the same answer as with the ID card"; fail=1; }

# English, keeping the answers under a plain name: saved with the extension evaluate reads.
(cd "$tmp" && printf '%b' '530902199407150016\n\n昆明五华区\n3\n3\n3\n2\nabout 6000\nmy-answers\n' |
  "$shebao" ask --as-of 2026-11-28 --policies "$policies" --lang en > "$tmp/en" 2> "$tmp/err") ||
  { echo "ask --lang en failed"; cat "$tmp/err"; fail=1; }
[ -f "$tmp/my-answers.yaml" ] || { echo "my-answers.yaml not saved"; fail=1; }
"$shebao" evaluate "$tmp/my-answers.yaml" --policies "$policies" > /dev/null 2>&1 ||
  { echo "the saved answers do not evaluate"; fail=1; }
grep -q '530902199407150016' "$tmp/my-answers.yaml" 2> /dev/null && { echo "the ID-card number was saved"; fail=1; }
sed -n '1,/—— Answer ——/p' "$tmp/en" | grep -v '^> ' > "$tmp/en.dialogue"
n=$(grep -Ec '^Question [0-9]+: ' "$tmp/en.dialogue")
[ "$n" -le 8 ] || { echo "English: $n questions (at most 8)"; fail=1; }
check "$tmp/en.dialogue" 'from the ID-card number: born 1994-07, male' "English: birth and sex from the ID card"
check_not "$tmp/en.dialogue" '（|）|：|，|；|。|“|”' "English: full-width punctuation in the dialogue"
check_not "$tmp/en.dialogue" '\[[a-z_0-9]+\]' "English: a raw id or code in the dialogue"
check "$tmp/en" 'Keep these answers so you need not answer again' "English: the plain offer to keep the answers"

if [ $fail -ne 0 ]; then
  echo "--- zh:"; head -c 6000 "$tmp/zh"; echo "--- en:"; head -c 6000 "$tmp/en"
fi
exit $fail
