#!/bin/sh
# Golden diagnostics: runs `shebao policies lint policies --lang LANG` inside a case folder (so
# that paths in the output are the stable relative ones), requires exit code 4 (bad policy) and
# compares stderr with the case's expected.txt (zh, the default) or expected.en.txt byte for byte.
# Usage: check.sh SHEBAO CASE_DIR [LANG]   (set SHEBAO_UPDATE_GOLDEN=1 to rewrite the expected file)
set -u
shebao=$1
case_dir=$2
lang=${3:-zh}
expected=expected.txt
[ "$lang" = zh ] || expected=expected.$lang.txt
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
cd "$case_dir" || exit 1
SHEBAO_CACHE_DIR=off "$shebao" policies lint policies --lang "$lang" >/dev/null 2>"$out"
rc=$?
if [ "${SHEBAO_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$out" "$expected"
  echo "updated $case_dir/$expected"
fi
if [ "$rc" -ne 4 ]; then
  echo "exit code $rc, expected 4; stderr was:"
  cat "$out"
  exit 1
fi
if ! diff -u "$expected" "$out"; then
  echo "stderr of 'shebao policies lint policies --lang $lang' in $case_dir differs from $expected (diff above)"
  exit 1
fi
