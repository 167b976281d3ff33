#!/usr/bin/env bash
# text_lines.sh SHEBAO EXAMPLES AS_OF NAME:LANG:MAX...
# The default text answer of each example fits its size (DECISIONS "Size limits": the rider's at
# most 80 lines by default, i.e. in Chinese; the others, and English, are held where they are, so
# they cannot grow unnoticed),
# and the English one has no full-width punctuation (issue 18).
set -u
shebao=$1 examples=$2 as_of=$3
shift 3
fail=0
for spec in "$@"; do
  IFS=: read -r name lang max <<< "$spec"
  out=$("$shebao" evaluate "$examples/$name.yaml" --as-of "$as_of" --lang "$lang") ||
    { echo "$name --lang $lang: evaluate failed"; fail=1; continue; }
  n=$(printf '%s\n' "$out" | wc -l)
  echo "$name $lang: $n lines (at most $max)"
  [ "$n" -le "$max" ] || { echo "  too long"; fail=1; }
  if [ "$lang" = en ]; then
    bad=$(printf '%s\n' "$out" | grep -n '[，。；：（）【】〔〕《》“”、！？]')
    [ -z "$bad" ] || { echo "  full-width punctuation in English:"; printf '%s\n' "$bad" | head -5; fail=1; }
  fi
done
exit $fail
