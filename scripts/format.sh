#!/usr/bin/env bash
# Formats the project's C and C++ sources with .clang-format (Debian 12's clang-format 14).
#   scripts/format.sh           rewrite the files in place
#   scripts/format.sh --check   change nothing; list the files that are not formatted and fail (the
#                               test to add once the tree is formatted)
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-}"
if [ -n "$mode" ] && [ "$mode" != "--check" ]; then
  echo "usage: scripts/format.sh [--check]" >&2
  exit 2
fi
command -v clang-format > /dev/null || { echo "format: clang-format is not installed (scripts/install-deps.sh --test)" >&2; exit 2; }
# The sources: every C/C++ file under the project's own folders (git's list when this is a checkout).
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- 'engine/*' 'adapters/*' 'cli/*' 'tests/*' | grep -E '\.(c|cc|cpp|h|hpp)$')
else
  mapfile -t files < <(find engine adapters cli tests -type f \( -name '*.c' -o -name '*.cpp' -o -name '*.h' -o -name '*.hpp' \) 2> /dev/null | sort)
fi
if [ "$mode" = "--check" ]; then
  bad=()
  for f in "${files[@]}"; do
    clang-format --dry-run -Werror "$f" > /dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format: ${#bad[@]} of ${#files[@]} files are not formatted (run scripts/format.sh):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    exit 1
  fi
  echo "format: ${#files[@]} files formatted"
else
  clang-format -i "${files[@]}"
  echo "format: ${#files[@]} files formatted"
fi
