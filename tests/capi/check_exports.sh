#!/bin/sh
# capi.exports: libshebao.so exports exactly the C API: every defined dynamic symbol starts with
# shebao_, and each function of shebao.h is there.
# usage: check_exports.sh LIBSHEBAO HEADER
set -eu
lib=$1
header=$2
symbols=$(nm -D --defined-only "$lib" | awk 'NF >= 3 { print $3 }' | sed 's/@.*//' | sort -u)
status=0
if [ -z "$symbols" ]; then
  echo "no defined dynamic symbols in $lib" >&2
  exit 1
fi
for s in $symbols; do
  case $s in
    shebao_*) ;;
    *) echo "unexpected export: $s" >&2; status=1 ;;
  esac
done
# Every function declared in the header is exported.
for f in $(sed -n 's/^SHEBAO_API [^(]*[ *]\(shebao_[a-z_]*\)(.*/\1/p' "$header"); do
  if ! printf '%s\n' "$symbols" | grep -qx "$f"; then
    echo "missing export: $f" >&2
    status=1
  fi
done
count=$(printf '%s\n' "$symbols" | wc -l)
echo "$count exported symbols, all shebao_*"
[ $status -eq 0 ] || printf '%s\n' "$symbols" >&2
exit $status
