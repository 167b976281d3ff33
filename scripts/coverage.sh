#!/usr/bin/env bash
# coverage.sh [SHEBAO] [--check]
# Writes policies/COVERAGE.md: the province x figure table of `shebao policies coverage`, generated
# from the packs in policies/ on a fixed date (so that the file changes only when a pack does).
# --check compares instead of writing (ctest golden.packs.coverage) and fails when the file is stale.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
shebao=${1:-$here/build-asan/bin/shebao}
as_of=2026-12-07
actual=$(mktemp)
trap 'rm -f "$actual"' EXIT
"$shebao" policies coverage --policies "$here/policies" --as-of "$as_of" > "$actual" || { echo "coverage failed"; exit 1; }
if [ "${2:-}" = --check ]; then
  if ! diff -u "$here/policies/COVERAGE.md" "$actual"; then
    echo "policies/COVERAGE.md is stale (the packs changed): regenerate it with scripts/coverage.sh and commit it"
    exit 1
  fi
  exit 0
fi
cp "$actual" "$here/policies/COVERAGE.md"
echo "wrote policies/COVERAGE.md"
