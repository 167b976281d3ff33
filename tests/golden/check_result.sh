#!/usr/bin/env bash
# check_result.sh SHEBAO PROFILE EXPECTED.json [ARGS...]
# Evaluates PROFILE and compares the whole JSON result with EXPECTED byte for byte.
# SHEBAO_UPDATE_GOLDEN=1 rewrites EXPECTED instead (review the diff before committing it).
set -u
shebao=$1 profile=$2 expected=$3; shift 3
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$shebao" evaluate "$profile" --format json --pretty "$@" > "$actual" || { echo "evaluate failed"; cat "$actual"; exit 1; }
if [ "${SHEBAO_UPDATE_GOLDEN:-}" = 1 ]; then cp "$actual" "$expected"; echo "updated $expected"; exit 0; fi
if ! diff -u "$expected" "$actual"; then
  echo "golden mismatch: the whole actual result is above (+ lines); to accept it after review:"
  echo "  SHEBAO_UPDATE_GOLDEN=1 ctest -R golden.result"
  exit 1
fi
# Determinism: a second run gives the same bytes.
"$shebao" evaluate "$profile" --format json --pretty "$@" | cmp -s - "$expected" || { echo "second run differs"; exit 1; }
