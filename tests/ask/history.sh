#!/usr/bin/env bash
# history.sh SHEBAO POLICIES
# Issue 19: `shebao ask` asks for the employee pension's history only after the employee scheme.
# 1) A worker in Kunming (employee pension there since 2018-03) who paid 2012-01..2017-12 in
#    Shenzhen: asked "在别的省交过职工养老保险吗？", gives the period; the answer names where the
#    pension will be drawn and the saved YAML has the two-period history.
# 2) The same worker answering "否": no period question, no history saved, the months asked.
set -u
shebao=$1 policies=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
run() {  # run NAME ANSWER...
  local name=$1
  shift
  printf '%s\n' "$@" > "$tmp/$name.in"
  "$shebao" ask --as-of 2026-11-28 --policies "$policies" --save "$tmp/$name.yaml" \
    < "$tmp/$name.in" > "$tmp/$name.out" 2> "$tmp/$name.err"
  local rc=$?
  [ $rc -eq 0 ] || { echo "$name: shebao ask exited $rc"; fail=1; }
}
expect() {  # expect FILE REGEX
  grep -Eq -- "$2" "$1" || { echo "$(basename "$1"): does not match: $2"; fail=1; }
}
expect_not() {
  grep -Eq -- "$2" "$1" && { echo "$(basename "$1"): should not match: $2"; fail=1; }
}

run yes 1985-05 男 530902 530102 1 6000 employee 是 深圳南山 2012-01 2017-12 否 昆明五华区 2018-03 \
  employee 530102 不知道 不知道 不知道 不知道 不知道
expect "$tmp/yes.out" "问题 8：您在别的省（自治区、直辖市）交过职工养老保险吗？"
expect "$tmp/yes.out" "问题 10：在广东省深圳市南山区从哪年哪月开始交？"
expect "$tmp/yes.out" "问题 12：还有别的地方吗？"
expect "$tmp/yes.out" "养老金和缴费记录"
expect "$tmp/yes.out" "将来在云南省昆明市五华区领取"
expect "$tmp/yes.out" "要转移：广东省深圳市南山区6年 → 云南省昆明市五华区"
expect_not "$tmp/yes.out" "养老保险一共交了多少个月"
expect "$tmp/yes.yaml" '^    history:$'
expect "$tmp/yes.yaml" '^    - region: "440305"$'
expect "$tmp/yes.yaml" '^      to: 2017-12$'
expect "$tmp/yes.yaml" '^    - region: "530102"$'
expect "$tmp/yes.yaml" '^      from: 2018-03$'
# The saved answers read back to the same benefit place.
"$shebao" evaluate "$tmp/yes.yaml" --policies "$policies" --format json > "$tmp/yes.json" 2>> "$tmp/yes.err" ||
  { echo "evaluate of the saved answers failed"; fail=1; }
expect "$tmp/yes.json" '"benefit_place":\{"case":[0-9]+,"article":"[^"]*","province":"530000"'

run no 1985-05 男 530902 530102 1 6000 employee 否 530102 60 employee 530102 不知道 不知道 不知道 不知道 不知道
expect "$tmp/no.out" "问题 8：您在别的省（自治区、直辖市）交过职工养老保险吗？"
expect_not "$tmp/no.out" "第1段"
expect "$tmp/no.out" "问题 10：养老保险一共交了多少个月？"
expect_not "$tmp/no.yaml" "history"
expect "$tmp/no.yaml" "months_paid: 60"

if [ $fail -ne 0 ]; then
  for n in yes no; do echo "--- $n:"; head -c 8000 "$tmp/$n.out"; echo "--- $n.yaml:"; cat "$tmp/$n.yaml" 2>/dev/null; head -c 2000 "$tmp/$n.err"; done
fi
exit $fail
