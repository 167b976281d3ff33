#!/usr/bin/env bash
# The fast JSON profile reader against the reference reader, end to end: the same generated
# profiles (with bad lines of every kind, an id and other extra values on some) through
# `shebao batch` with the fast reader (the default) and with SHEBAO_JSON_FAST=off give the same
# bytes, as JSONL answers and as the summary, without and with --as-of.
source "$(dirname "$0")/lib.sh"
N=$(( BIG < 20000 ? BIG / 10 : 20000 ))  # 2,000 in unoptimised builds
"$GEN" --count "$N" --bad-every 9 --seed 77 >gen.jsonl
# Every fifth line gets `extra` (first or last key), pretty spacing on every seventh.
awk '{
  if ($0 ~ /^\{"/ && NR % 5 == 0) {
    if (NR % 2) sub(/^\{/, "{\"extra\":{\"id\":\"E" NR "\",\"n\":" NR ",\"l\":[1,{\"k\":null}]},")
    else sub(/\}$/, ",\"extra\":{\"id\":\"E" NR "\",\"ok\":true}}")
  }
  if (NR % 7 == 0) gsub(/,"/, ", \"")
  print
}' gen.jsonl >in.jsonl
# JSONL answers without --as-of (each profile's date, else today), the summary with it.
expect_exit 0 "$SHEBAO" batch in.jsonl --out fast.jsonl --policies "$SRC/policies" --threads 2
expect_exit 0 env SHEBAO_JSON_FAST=off "$SHEBAO" batch in.jsonl --out ref.jsonl --policies "$SRC/policies" --threads 2
cmp -s fast.jsonl ref.jsonl || fail "JSONL answers differ: $(diff fast.jsonl ref.jsonl | head -c 600)"
grep -q '"errors"' fast.jsonl || fail "no bad lines: the comparison proves little"
ARGS=(--policies "$SRC/policies" --threads 2 --as-of 2026-11-28)
expect_exit 0 "$SHEBAO" batch in.jsonl --out fast.csv "${ARGS[@]}"
expect_exit 0 env SHEBAO_JSON_FAST=off "$SHEBAO" batch in.jsonl --out ref.csv "${ARGS[@]}"
cmp -s fast.csv ref.csv || fail "summaries differ: $(diff fast.csv ref.csv | head -c 600)"
# The extra values reached the summary (id first, then the others met in the first MiB).
head -1 fast.csv | grep -q '行号,编号,extra.n,extra.ok,' || fail "summary header: $(head -1 fast.csv | head -c 200)"
grep -q '^5,E5,5,,' fast.csv || fail "extra values of line 5: $(grep '^5,' fast.csv | head -c 200)"
echo "ok"
