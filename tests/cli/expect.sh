#!/usr/bin/env bash
# expect.sh EXIT [--stdout REGEX] [--stderr REGEX] [--no-stdout] -- COMMAND ARGS...
# Runs COMMAND; fails unless it exits with EXIT and its outputs match the given patterns
# (extended regex, grep -E). Prints both outputs on failure.
set -u
want=$1; shift
out_re=""; err_re=""; no_stdout=0; stdin_file=""
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case $1 in
    --stdout) out_re=$2; shift 2 ;;
    --stderr) err_re=$2; shift 2 ;;
    --no-stdout) no_stdout=1; shift ;;
    --stdin) stdin_file=$2; shift 2 ;;
    *) echo "expect.sh: unknown option $1"; exit 2 ;;
  esac
done
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ -n "$stdin_file" ]; then
  "$@" < "$stdin_file" > "$tmp/out" 2> "$tmp/err"; got=$?
else
  "$@" < /dev/null > "$tmp/out" 2> "$tmp/err"; got=$?
fi
fail=0
[ "$got" -eq "$want" ] || { echo "exit code: expected $want, got $got"; fail=1; }
if [ -n "$out_re" ] && ! grep -Eq -- "$out_re" "$tmp/out"; then echo "stdout does not match: $out_re"; fail=1; fi
if [ -n "$err_re" ] && ! grep -Eq -- "$err_re" "$tmp/err"; then echo "stderr does not match: $err_re"; fail=1; fi
if [ "$no_stdout" -eq 1 ] && [ -s "$tmp/out" ]; then echo "stdout should be empty"; fail=1; fi
if [ $fail -ne 0 ]; then
  echo "--- command: $*"; echo "--- stdout:"; head -c 4000 "$tmp/out"; echo "--- stderr:"; head -c 4000 "$tmp/err"
fi
exit $fail
