#!/bin/sh
# Golden diagnostics: runs `shebao policies lint policies` inside a case folder (so that paths in
# the output are the stable relative ones), requires exit code 4 (bad policy) and compares stderr
# with the case's expected.txt byte for byte.
# Usage: check.sh SHEBAO CASE_DIR        (set SHEBAO_UPDATE_GOLDEN=1 to rewrite expected.txt)
set -u
shebao=$1
case_dir=$2
out=$(mktemp) || exit 1
trap 'rm -f "$out"' EXIT
cd "$case_dir" || exit 1
"$shebao" policies lint policies >/dev/null 2>"$out"
rc=$?
if [ "${SHEBAO_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$out" expected.txt
  echo "updated $case_dir/expected.txt"
fi
if [ "$rc" -ne 4 ]; then
  echo "exit code $rc, expected 4; stderr was:"
  cat "$out"
  exit 1
fi
if ! diff -u expected.txt "$out"; then
  echo "stderr of 'shebao policies lint policies' in $case_dir differs from expected.txt (diff above)"
  exit 1
fi
