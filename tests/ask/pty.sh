#!/usr/bin/env bash
# pty.sh SHEBAO POLICIES
# Drives `shebao ask` on a real terminal (a detached tmux session on a private server) and checks
# the screen: the question, the numbered choices, a wrong answer re-asked, `?`, Ctrl-C (exit 130)
# and Ctrl-D (exit 1). Exit 77 (skipped) when tmux is not installed (scripts/install-deps.sh
# installs it).
set -u
shebao=$1 policies=$2
command -v tmux > /dev/null || { echo "tmux not installed: skipped"; exit 77; }
export LANG=C.UTF-8 LC_ALL=C.UTF-8
sock="shebao-ask-test-$$"
tm() { tmux -u -L "$sock" "$@"; }
trap 'tm kill-server 2> /dev/null' EXIT
fail=0
screen() { tm capture-pane -p -t "$1"; }
# wait_for SESSION REGEX: polls the screen for up to 60 seconds.
wait_for() {
  for _ in $(seq 1 300); do
    screen "$1" | grep -Eq -- "$2" && return 0
    sleep 0.2
  done
  echo "screen of $1 never showed: $2"; echo "--- screen:"; screen "$1"; fail=1; return 1
}
start() {
  tm new-session -d -s "$1" -x 100 -y 40 \
    "'$shebao' ask --as-of 2026-11-28 --policies '$policies'; echo EXIT=\$?; sleep 120"
}

start a
wait_for a '问题 1：您是哪年哪月出生的？' || exit 1
wait_for a '例如 1992-03'
tm send-keys -t a -l '1990-13'; tm send-keys -t a Enter
wait_for a '✗ .*1990-13'
tm send-keys -t a -l '1990-05'; tm send-keys -t a Enter
wait_for a '问题 2：您的性别是？'
wait_for a '1\) 男$'
wait_for a '2\) 女$'
tm send-keys -t a -l '?'; tm send-keys -t a Enter
wait_for a '男女的法定退休年龄不一样'
tm send-keys -t a -l '女'; tm send-keys -t a Enter
wait_for a '问题 3：您的户口在哪个县（区）？'
tm send-keys -t a -l '<'; tm send-keys -t a Enter
wait_for a '回到上一题'
tm send-keys -t a C-c
wait_for a '已中断'
wait_for a 'EXIT=130'

start b
wait_for b '问题 1：' || exit 1
tm send-keys -t b C-d
wait_for b '已退出'
wait_for b 'EXIT=1$'
# Issue 18: the Lincang rider working in Kunming reaches the answer in at most 8 questions on a
# terminal, with the ID-card number (birth, sex; the hukou suggested and confirmed with Enter).
start c
wait_for c '问题 1：' || exit 1
type_line() { tm send-keys -t c -l "$1"; tm send-keys -t c Enter; }
type_line '530902199407150016'
wait_for c '问题 2：您的户口在哪个县（区）？'
wait_for c '身份证是在云南省临沧市临翔区办的'
tm send-keys -t c Enter
wait_for c '问题 3：'; type_line '昆明五华区'
wait_for c '问题 4：'; type_line '3'
wait_for c '问题 5：'; type_line '3'
wait_for c '问题 6：'; type_line '3'
wait_for c '问题 7：'; type_line '外卖骑手'
wait_for c '问题 8：'; type_line '6000左右'
wait_for c '要保存这次的回答' || true
all=$(tm capture-pane -p -S - -t c)
grep -q '—— 结果 ——' <<< "$all" || { echo "no answer after 8 questions"; fail=1; }
grep -Eq '问题 (9|[1-9][0-9])：' <<< "$all" && { echo "more than 8 questions"; fail=1; }
tm send-keys -t c Enter
wait_for c 'EXIT=0$'

# ... and in at most 8 typing the answers, no ID card: the birth question takes the sex too.
start d
wait_for d '问题 1：您是哪年哪月出生的？男性还是女性？' || exit 1
type_d() { tm send-keys -t d -l "$1"; tm send-keys -t d Enter; }
type_d '1994-07 男'
wait_for d '→ 1994年7月出生，男'
wait_for d '问题 2：您的户口在哪个县（区）？'; type_d '临沧临翔'
wait_for d '问题 3：'; type_d '昆明五华区'
wait_for d '问题 4：'; type_d '3'
wait_for d '问题 5：'; type_d '3'
wait_for d '问题 6：'; type_d '3'
wait_for d '问题 7：'; type_d '外卖骑手'
wait_for d '问题 8：'; type_d '6000左右'
wait_for d '要保存这次的回答' || true
all=$(tm capture-pane -p -S - -t d)
grep -q '—— 结果 ——' <<< "$all" || { echo "typed: no answer after 8 questions"; fail=1; }
grep -Eq '问题 (9|[1-9][0-9])：' <<< "$all" && { echo "typed: more than 8 questions"; fail=1; }
tm send-keys -t d Enter
wait_for d 'EXIT=0$'
exit $fail
