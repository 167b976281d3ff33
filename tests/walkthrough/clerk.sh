#!/bin/sh
# Follows policies/README.md literally, on a copy of policies/ in a temporary folder:
#   1. a rate changes (a dated line added)        -> evaluate shows the new figure
#   2. `policies new-city 530300`                 -> lint passes as it is
#      a document and a value for the city added  -> evaluate of a worker in 曲靖 uses it
#   3. a typo (`valeus:`)                         -> a Chinese message with the line and a caret
# Usage: clerk.sh SHEBAO SOURCE_DIR
set -u
shebao=$1
src=$2
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
export SHEBAO_CACHE_DIR=off SHEBAO_BUNDLED_CACHE_DIR=off
cp -r "$src/policies" "$work/policies"
cp "$src/examples/rider-lincang-in-kunming.yaml" "$work/rider.yaml"
cd "$work" || exit 1
fail() { echo "FAIL: $*"; exit 1; }

# The flexible pension rate and monthly contribution the worker is shown (pension.employee, JSON).
pension_personal() {
  "$shebao" evaluate "$1" --policies policies --format json |
    python3 -c 'import json,sys; r=json.load(sys.stdin); c=[x for x in r["schemes"] if x["id"]=="pension.employee"][0]["contribution"]; print(c["rate"]["personal"], c["monthly"]["personal"])'
}

before=$(pension_personal rider.yaml) || fail "evaluate before the change"
[ "$before" = "0.20 871.40" ] || fail "rate and contribution before the change are $before, expected 0.20 871.40"

# ---- 1. Changing a rate: one dated line under values: of pension_flexible_rate --------------
python3 - <<'PY' || fail "could not edit pension.yaml"
p = "policies/cn/parameters/pension.yaml"
s = open(p, encoding="utf-8").read()
old = "      2019-05-01: {value: 0.2, verified: false}\n"
assert s.count(old) == 1, "the README's line is not in pension.yaml"
s = s.replace(old, old + "      2026-01-01: {value: 0.18, verified: true}\n")
open(p, "w", encoding="utf-8").write(s)
PY
"$shebao" policies lint policies >/dev/null || fail "lint after the rate change"
after=$(pension_personal rider.yaml) || fail "evaluate after the change"
[ "$after" = "0.18 784.26" ] || fail "rate and contribution after the change are $after, expected 0.18 784.26"
# The reason the worker reads says the new rate: it shows the parameter, not a figure typed in.
"$shebao" evaluate rider.yaml --policies policies --format json |
  python3 -c 'import json,sys; r=json.load(sys.stdin); t=[x for x in r["schemes"] if x["id"]=="pension.employee"][0]["reasons"][0]["text"]; sys.exit(0 if "费率18%" in t and "费率20%" not in t else 1)' ||
  fail "the pension reason does not say 费率18% after the change"

# ---- 2. Adding a city ---------------------------------------------------------------------------
"$shebao" policies new-city 530300 --policies policies >/dev/null || fail "new-city"
grep -q '^parent: cn-530000$' policies/cn-530300/pack.yaml || fail "the new pack's parent is not cn-530000"
grep -q '^name: {zh: 曲靖市' policies/cn-530300/pack.yaml || fail "the new pack is not named 曲靖市"
"$shebao" policies lint policies >/dev/null || fail "lint of the skeleton"
python3 - <<'PY' || fail "could not edit the city pack"
p = "policies/cn-530300/pack.yaml"
s = open(p, encoding="utf-8").read()
assert s.count("documents: {}\n") == 1
s = s.replace("documents: {}\n", """documents:
  qj-2026-1:
    number: 曲人社发〔2026〕1号
    title: {zh: 关于灵活就业人员养老保险缴费比例的通知, en: Notice on the flexible workers' pension rate}
""")
open(p, "w", encoding="utf-8").write(s)
with open("policies/cn-530300/parameters/local.yaml", "a", encoding="utf-8") as f:
    f.write("""parameters:
  pension_flexible_rate:
    values:
      2026-06-01: {value: 0.16, verified: true, source: {document: qj-2026-1, article: 第二条}}
""")
PY
"$shebao" policies lint policies >/dev/null || fail "lint after the city's value"
sed -e 's/region: "530102"/region: "530302"/' rider.yaml > qujing.yaml
city=$(pension_personal qujing.yaml) || fail "evaluate in 曲靖"
[ "$city" = "0.16 697.12" ] || fail "rate and contribution in 曲靖 are $city, expected 0.16 697.12"
[ "$(pension_personal rider.yaml)" = "0.18 784.26" ] || fail "Kunming changed with the city pack"

# ---- 3. A typo --------------------------------------------------------------------------------
sed -i -e 's/^    values:$/    valeus:/' policies/cn-530300/parameters/local.yaml
"$shebao" policies lint policies >/dev/null 2>lint.txt && fail "lint accepted the typo"
cat > expected.txt <<'TXT'
policies/cn-530300/parameters/local.yaml:19:5: 参数「pension_flexible_rate」中的键「valeus」未知（允许：type, label, renewal, unit, source, values, by_region, note） [unknown_key]
   19 |     valeus:
      |     ^
TXT
head -n 3 lint.txt > first.txt
diff -u expected.txt first.txt || fail "the typo's message differs (diff above)"
echo "walk-through ok"
