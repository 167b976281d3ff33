#!/usr/bin/env bash
# The summary (CSV and XLSX) against the JSONL answers, resumed after a cut; a GB18030 CSV with
# Chinese headers made from the template; the comparison across the occupational-injury
# expansion of 2025-07-01 against two plain runs. Small inputs: seconds.
source "$(dirname "$0")/lib.sh"
# Debian's python3-openpyxl is in /usr/bin/python3's path (another python3 may come first).
PY=python3
python3 -c 'import openpyxl' 2>/dev/null || PY=/usr/bin/python3
"$PY" -c 'import openpyxl' 2>/dev/null || fail "python3-openpyxl is needed (scripts/install-deps.sh)"
CHECK="$PY $SRC/tests/batch/summary_check.py"
real_packs real || fail "the bundled packs do not lint"
N=200
"$GEN" --count $N --bad-every 23 --seed 61 >gen.jsonl
# An id (extra.id) on every line that is a JSON object; every other worker works in a province
# that joined the occupational-injury pilot on 2025-07-01 (the generator's places are mostly in
# Yunnan, which did not).
"$PY" - gen.jsonl in.jsonl ids.json <<'PY'
import json, sys
ids = {}
with open(sys.argv[2], "w") as out:
    for n, line in enumerate(open(sys.argv[1]), 1):
        try:
            d = json.loads(line)
        except ValueError:
            d = None
        if isinstance(d, dict):
            # extra: the id, a team on every third worker, a number, and a nested value (no column).
            extra = {"id": "W%05d" % n}
            if n % 3 == 0:
                extra["team"] = "队,\"%d\"" % (n % 7)
            extra["n"] = n * 10
            extra["tags"] = {"a": [1, 2]}
            d["extra"] = extra
            if n % 2 and isinstance(d.get("work"), dict):
                d["work"]["region"] = ["330106", "370102", "420106", "450102", "350102"][n % 5]
            ids[n] = {"编号": extra["id"], "extra.team": extra.get("team", ""), "extra.n": str(extra["n"])}
            line = json.dumps(d, ensure_ascii=False) + "\n"
        out.write(line)
json.dump(ids, open(sys.argv[3], "w"))
PY
ARGS=(--policies real --as-of 2026-11-28 --threads 2)
expect_exit 0 "$SHEBAO" batch in.jsonl --out a.jsonl "${ARGS[@]}"
expect_exit 0 "$SHEBAO" batch in.jsonl --out s.csv "${ARGS[@]}"
head -c 3 s.csv | cmp -s - <(printf '\xEF\xBB\xBF') || fail "the summary CSV has no BOM"
$CHECK summary s.csv a.jsonl $N ids.json
# The statistics beside the CSV summary add up (as the XLSX's sheet).
grep -q 'statistics -> s.stats.csv' err.txt || fail "the statistics file is not named: $(cat err.txt)"
$CHECK stats s.stats.csv s.csv
expect_exit 0 "$SHEBAO" batch in.jsonl --out s.xlsx "${ARGS[@]}"
[ ! -e s.xlsx.part.csv ] || fail "the temporary store of the XLSX is left behind"
$CHECK xlsx s.xlsx s.csv

# Resume: cut the summary inside a row, re-run: the same file.
cp s.csv full.csv
head -c $(( $(stat -c %s s.csv) / 2 )) full.csv >s.csv
expect_exit 0 "$SHEBAO" batch in.jsonl --out s.csv "${ARGS[@]}"
grep -q 'resumed after line' err.txt || fail "not resumed: $(cat err.txt)"
cmp -s s.csv full.csv || fail "the resumed summary differs"
expect_exit 2 "$SHEBAO" batch in.jsonl --out s.csv --policies real --as-of 2026-11-29 --threads 2
grep -q -- '--restart' err.txt || fail "a changed --as-of is not refused: $(cat err.txt)"

# The template, filled in Chinese, saved as GB18030 (as Excel on a Chinese Windows does).
expect_exit 0 "$SHEBAO" batch --template t.csv
expect_exit 0 "$SHEBAO" batch --template t.xlsx
"$PY" - t.csv t.xlsx g.csv g.jsonl <<'PY'
import csv, json, sys, openpyxl
header = next(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
xl = [c.value for c in next(openpyxl.load_workbook(sys.argv[2])["填写"].iter_rows())]
assert xl == header, (xl, header)
assert header[:3] == ["编号", "按哪一天的政策", "出生年月"], header[:3]
rows = [
    {"编号": "A1", "出生年月": "1990-05", "性别": "男", "户籍所在地": "530902", "就业（接单）所在地": "530102",
     "用工关系": "未签劳动合同，但平台进行劳动管理", "行业": "外卖配送", "月收入（元，税前）": "5200",
     "全日制在校学生": "否"},
    {"编号": "A2", "出生年月": "1985-11", "性别": "女", "原法定退休年龄（2025年改革前）": "55", "户籍所在地": "530102",
     "户口性质": "城镇户口", "就业（接单）所在地": "330106", "用工关系": "非全日制用工", "行业": "即时配送（跑腿）",
     "现在的养老保险": "职工养老保险", "养老保险关系所在地": "530102", "养老保险累计缴费月数": "60"},
    {"编号": "A3", "出生年月": "1970-01", "性别": "男", "户籍所在地": "530923", "户口性质": "农村户口",
     "就业（接单）所在地": "530902", "用工关系": "依托平台自主经营（如众包）", "行业": "网约车",
     "工伤 / 职业伤害保障": "平台已上职业伤害保障", "现在的医疗保险": "城乡居民医保"},
]
values = {"男": "male", "女": "female", "否": False, "城镇户口": "urban", "农村户口": "rural",
          "未签劳动合同，但平台进行劳动管理": "platform_managed", "非全日制用工": "part_time",
          "依托平台自主经营（如众包）": "self_employed", "外卖配送": "food_delivery",
          "即时配送（跑腿）": "instant_delivery", "网约车": "ride_hailing", "职工养老保险": "employee",
          "平台已上职业伤害保障": "occupational_injury", "城乡居民医保": "resident"}
paths = {"编号": "extra.id", "出生年月": "person.birth", "性别": "person.sex", "户籍所在地": "person.hukou.region",
         "就业（接单）所在地": "work.region", "用工关系": "work.relationship", "行业": "work.industry",
         "月收入（元，税前）": "work.monthly_income", "全日制在校学生": "person.student",
         "原法定退休年龄（2025年改革前）": "person.female_original_retirement_age", "户口性质": "person.hukou.kind",
         "现在的养老保险": "coverage.pension.scheme", "养老保险关系所在地": "coverage.pension.region",
         "养老保险累计缴费月数": "coverage.pension.months_paid", "工伤 / 职业伤害保障": "coverage.injury",
         "现在的医疗保险": "coverage.medical.scheme"}
with open(sys.argv[3], "w", encoding="gb18030", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
with open(sys.argv[4], "w") as f:
    for r in rows:
        d = {}
        for k, v in r.items():
            node = d
            parts = paths[k].split(".")
            for p in parts[:-1]:
                node = node.setdefault(p, {})
            v = values.get(v, v)
            if paths[k] in ("work.monthly_income", "person.female_original_retirement_age", "coverage.pension.months_paid"):
                v = int(v)
            node[parts[-1]] = v
        f.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
if iconv -f UTF-8 -t UTF-8 g.csv >/dev/null 2>&1; then fail "g.csv is valid UTF-8: not a GB18030 test"; fi
expect_exit 0 "$SHEBAO" batch g.csv --out g.csv.jsonl "${ARGS[@]}"
grep -q 'encoding GB18030 (detected' err.txt || fail "the encoding is not said: $(cat err.txt)"
grep -q '3 lines, 3 ok, 0 bad' err.txt || fail "GB18030 CSV: $(cat err.txt)"
expect_exit 0 "$SHEBAO" batch g.jsonl --out g.jsonl.out.jsonl "${ARGS[@]}"
sed 's/^{"line":[0-9]*,//' g.jsonl.out.jsonl >want.txt
sed 's/^{"line":[0-9]*,//' g.csv.jsonl >got.txt
cmp -s want.txt got.txt || fail "the GB18030 CSV answers differently from the same profiles as JSON"
expect_exit 0 "$SHEBAO" batch g.csv --out g2.csv.jsonl --encoding gb18030 "${ARGS[@]}"
grep -q 'encoding GB18030 (--encoding)' err.txt || fail "--encoding not said: $(cat err.txt)"
expect_exit 0 "$SHEBAO" batch g.csv --out g.summary.csv "${ARGS[@]}"
grep -q '^2,A1,' g.summary.csv || fail "the id column: $(sed -n 2p g.summary.csv | head -c 100)"
cp t.xlsx in.xlsx
expect_exit 2 "$SHEBAO" batch in.xlsx --policies real
grep -q 'save it as CSV' err.txt || fail "an .xlsx input: $(cat err.txt)"

# The comparison across the occupational-injury expansion (2025-07-01): only what changes.
expect_exit 0 "$SHEBAO" batch in.jsonl --out before.jsonl --policies real --as-of 2025-06-30 --threads 2
expect_exit 0 "$SHEBAO" batch in.jsonl --out after.jsonl --policies real --as-of 2025-07-01 --threads 2
expect_exit 0 "$SHEBAO" batch in.jsonl --out c.csv --compare-as-of 2025-06-30 --policies real --as-of 2025-07-01 --threads 2
[ -s c.stats.csv ] || fail "no statistics beside the comparison"
grep -q '职业伤害' err.txt || fail "the statistics on stderr: $(cat err.txt)"
$CHECK compare c.csv before.jsonl after.jsonl
# Resume a comparison cut inside the rows of one worker.
cp c.csv cfull.csv
head -c $(( $(stat -c %s c.csv) * 2 / 3 )) cfull.csv >c.csv
expect_exit 0 "$SHEBAO" batch in.jsonl --out c.csv --compare-as-of 2025-06-30 --policies real --as-of 2025-07-01 --threads 2
cmp -s c.csv cfull.csv || fail "the resumed comparison differs"
# The same with policies: the packs against themselves change nothing.
expect_exit 0 "$SHEBAO" batch in.jsonl --out same.csv --compare-policies real --policies real --as-of 2026-11-28
[ "$(grep -c '^[0-9]' same.csv)" = "$(grep -c '"errors"' a.jsonl)" ] || fail "packs against themselves: $(head -3 same.csv)"
echo "ok"
