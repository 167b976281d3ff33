#!/usr/bin/env python3
"""Writes tests/bench/baseline_texts.h: the static Chinese texts of the bundled packs (reasons,
steps, labels, citations, parameter warnings) as C++ constants for tests/bench/baseline.cpp.

Only TEXT is generated here. Every decision (which rule fires, regions, amounts, needs, which
parameters are used) is hand-written in baseline.cpp; a `{expr}` placeholder inside a text becomes
a `Ph::` value that baseline.cpp fills in with hand-written code.

    python3 tests/bench/gen_baseline_texts.py > tests/bench/baseline_texts.h

Needs python3-yaml. Re-run it when the texts of policies/ change.
"""
import datetime
import glob
import os
import re
import sys

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
POL = os.path.join(ROOT, "policies")
PACKS = ["cn", "cn-530000", "cn-530100", "cn-530900"]

# Placeholder expression (whitespace collapsed) -> Ph enumerator. baseline.cpp implements each.
PLACEHOLDERS = {
    "work.region": "kWorkRegion",
    "person.hukou.region": "kHukouRegion",
    "coverage.pension.region": "kPensionRegion",
    "coverage.medical.region": "kMedicalRegion",
    "coverage.pension.months_paid": "kPensionMonthsPaid",
    "work.monthly_income": "kIncome",
    "retirement.date": "kRetDate",
    "retirement.age": "kRetAge",
    "retirement.original_age": "kRetOriginalAge",
    "retirement.min_contribution": "kRetMinContribution",
    "param.avg_wage_monthly": "kAvgWage",
    "param.pension_link_min_years": "kLinkMinYears",
    "param.occupational_pilot_start@work": "kPilotStart",
    "param.pension_pooled_transfer_rate": "kPooledRate",
    "param.pension_claim_place_min_years": "kClaimPlaceYears",
    "param.medical_gap_backpay_months": "kGapBackpay",
    "param.medical_gap_waiting_max": "kGapWaitingMax",
    "param.medical_switch_min_continuous": "kSwitchMinContinuous",
    "param.min_wage_class": "kMinWageClass",
    "lookup(param.min_wage_monthly_by_class, param.min_wage_class)": "kMinWageMonthly",
    "lookup(param.min_wage_hourly_by_class, param.min_wage_class)": "kMinWageHourly",
    "param.part_time_max_hours_per_month * lookup(param.min_wage_hourly_by_class, param.min_wage_class)": "kPartTimeMonthlyMin",
    "default(choices.pension_base_ratio, 0.6)": "kBaseRatio",
    "default(coverage.medical.region, person.hukou.region)": "kMedicalRegionOrHukou",
    "if(default(choices.medical_place, work) == hukou, person.hukou.region, work.region)": "kMedicalPlaceRegion",
    "if(known(choices.pension_base_ratio), '下面按您选的基数比例估算。', '您没有选缴费基数，下面按最低的60%估算。')": "kIfRatioKnown",
    "if(known(choices.resident_pension_grade), '按您选的档次估算。', '您没有选档次，按最低档次估算。')": "kIfGradeKnown",
    "if(default(choices.medical_place, work) == hukou, '按您的选择，这里按户籍地说明。', '这里按就业地说明。')": "kIfMedicalPlaceHukou",
    "if(default(choices.medical_place, work) == work and known(coverage.medical.region) and prefecture(coverage.medical.region) != prefecture(work.region), '您想在就业地参保：一般在新参保地参加下一年度居民医保，再办理转移接续。', '')": "kIfResidentWantsWork",
    "if(person.sex == male, '男性已满50周岁', '女性已满40周岁')": "kIfMale50",
    "if(work.relationship in [employee, outsourced, dispatched], '您有劳动合同，应由单位为您参加职工医保，原来的居民医保要转为职工医保。', '您可以在职工医保和居民医保之间转换（因就业等情况变化）。')": "kIfLabourSwitch",
}


def load(pack):
    docs = []
    for f in sorted(glob.glob(os.path.join(POL, pack, "**", "*.yaml"), recursive=True)):
        rel = os.path.relpath(f, os.path.join(POL, pack))
        if rel.split(os.sep)[0] == "tests":
            continue
        with open(f, encoding="utf-8") as fh:
            docs.append((rel, yaml.load(fh, Loader=yaml.BaseLoader)))
    return docs


DATA = {p: load(p) for p in PACKS}
DOCS = {}
for p in PACKS:
    for rel, d in DATA[p]:
        if rel == "pack.yaml":
            for k, v in (d.get("documents") or {}).items():
                DOCS[k] = v["number"]


def cstr(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def ident(s):
    return re.sub(r"[^A-Za-z0-9]", "_", s)


def tpl(text):
    parts, depth, start, lit = [], 0, 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "{":
            if depth == 0:
                if lit:
                    parts.append(("kLit", lit))
                lit = ""
                start = i + 1
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                expr = " ".join(text[start:i].split())
                if expr not in PLACEHOLDERS:
                    sys.exit("unknown placeholder: " + expr)
                parts.append((PLACEHOLDERS[expr], ""))
        elif depth == 0:
            lit += ch
        i += 1
    if lit:
        parts.append(("kLit", lit))
    return "{" + ", ".join("{Ph::%s, %s}" % (ph, cstr(l)) for ph, l in parts) + "}"


def cites(cs):
    return "{" + ", ".join("{%s, %s}" % (cstr(DOCS[c["document"]]), cstr(c.get("article", ""))) for c in cs) + "}"


out = []
w = out.append
w("// GENERATED by tests/bench/gen_baseline_texts.py from policies/ -- do not edit.")
w("// Static Chinese texts of the bundled packs for the hand-written baseline (baseline.cpp).")
w("#pragma once")
w("#include <array>")
w("#include <string_view>")
w("")
w("namespace bt {")
w("using sv = std::string_view;")
w("enum class Ph { kLit, %s };" % ", ".join(sorted(set(PLACEHOLDERS.values()))))
w("struct Part { Ph ph; sv lit; };")
w("struct Cite { sv document, article; };")
w("struct Detail { sv id, label, unit; };")
w("")

# ---- scheme names and rules ----
for rel, d in DATA["cn"]:
    for sid, s in (d.get("schemes") or {}).items():
        w("inline constexpr sv kName_%s = %s;" % (ident(sid), cstr(s["name"]["zh"])))
for p in PACKS:
    for rel, d in DATA[p]:
        for sid, s in (d.get("schemes") or {}).items():
            for r in s["rules"]:
                name = "R_%s_%s_%s" % (ident(p), ident(sid), ident(r["id"]))
                q = "%s/%s/%s" % (p, sid, r["id"])
                w("struct %s {" % name)
                w("static constexpr sv id = %s;" % cstr(q))
                w("static constexpr Part text[] = %s;" % tpl(r["because"]["zh"]))
                w("static constexpr Cite cites[] = %s;" % cites(r["cite"]))
                then = r.get("then", {})
                for i, det in enumerate(then.get("details", []) or []):
                    unit = det.get("unit", "")
                    w("static constexpr Detail d_%s = {%s, %s, %s};" % (ident(det["id"]), cstr(det["id"]), cstr(det["label"]["zh"]), cstr(unit)))
                for o in (then.get("contribution", {}) or {}).get("options", []) or []:
                    w("static constexpr sv o_%s = %s;" % (ident(o["id"]), cstr(o["label"]["zh"])))
                w("};")

# ---- relationships ----
rels = None
for rel, d in DATA["cn"]:
    if "relationships" in d:
        rels = d["relationships"]
for rid, r in rels.items():
    w("struct Rel_%s {" % ident(rid))
    w("static constexpr sv label = %s;" % cstr(r["label"]["zh"]))
    w("static constexpr sv explanation = %s;" % cstr(r["explanation"]["zh"]))
    w("static constexpr Cite cites[] = %s;" % cites(r["cite"]))
    w("};")

# ---- transfers, checks ----
for p in PACKS:
    for rel, d in DATA[p]:
        for t in d.get("transfers", []) or []:
            w("struct T_%s {" % ident(t["id"]))
            w("static constexpr sv id = %s;" % cstr("%s/transfers/%s" % (p, t["id"])))
            for i, s in enumerate(t["steps"]):
                w("static constexpr Part step%d[] = %s;" % (i, tpl(s["zh"])))
            w("static constexpr Cite cites[] = %s;" % cites(t["cite"]))
            w("};")
        for c in d.get("checks", []) or []:
            w("struct C_%s {" % ident(c["id"]))
            w("static constexpr sv id = %s;" % cstr("%s/checks/%s" % (p, c["id"])))
            w("static constexpr Part text[] = %s;" % tpl(c["warning"]["text"]["zh"]))
            w("};")

# ---- retirement ----
ret = None
for rel, d in DATA["cn"]:
    if "retirement" in d:
        ret = d["retirement"]
w("inline constexpr Cite kRetirementCites[] = %s;" % cites(ret["cite"]))
fd = ret["female_default"][0]
w("inline constexpr Cite kFemaleDefaultCites[] = %s;" % cites(fd["cite"]))
basis = "、".join(DOCS[c["document"]] + c.get("article", "") for c in fd["cite"])
w("inline constexpr sv kFemaleDefaultWarning = %s;" % cstr(
    "未提供女性的原法定退休年龄（person.female_original_retirement_age），按%s周岁计算（依据：%s），该默认规则尚未与当地规定核实；曾在工人岗位以职工身份参保的，可能按50周岁计算。" % (fd["original_age"], basis)))
for a in ret["outlook_advice"]:
    w("struct A_%s {" % ident(a["id"]))
    w("static constexpr sv id = %s;" % cstr("retirement/" + a["id"]))
    w("static constexpr Part text[] = %s;" % tpl(a["text"]["zh"]))
    w("static constexpr Cite cites[] = %s;" % cites(a["cite"]))
    w("};")


# ---- parameters: labels and the parameter_unverified / parameter_provisional texts ----
def months_zh(m):
    y, r = divmod(m, 12)
    s = ""
    if y:
        s += "%d年" % y
    if r or not y:
        s += "%d个月" % r
    return s


def months_of(v):
    m = re.fullmatch(r"(?:(\d+)y)?(?:(\d+)m)?", v)
    return int(m.group(1) or 0) * 12 + int(m.group(2) or 0)


def fmt_number(v):
    s = str(v)
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def fmt_scalar(v, kind):
    if kind == "money":
        return "%.2f" % float(v)
    if kind == "number":
        return fmt_number(v)
    if kind == "months":
        return months_zh(months_of(v))
    return str(v)


def fmt_value(v, ty):
    m = re.fullmatch(r"table<(\w+),(\w+)>", ty)
    if m:
        return "[" + ", ".join("%s: %s" % (fmt_scalar(k, m.group(1)), fmt_scalar(x, m.group(2))) for k, x in v) + "]"
    m = re.fullmatch(r"list<(\w+)>", ty)
    if m:
        return "[" + ", ".join(fmt_scalar(x, m.group(1)) for x in v) + "]"
    return fmt_scalar(v, ty)


labels = {}
for p in PACKS:
    for rel, d in DATA[p]:
        for pid, par in (d.get("parameters") or {}).items():
            labels.setdefault(pid, par["label"]["zh"])
            ty = par["type"]
            base_src = par.get("source")

            def emit(where, date, v):
                if v == "null" or v is None:
                    return
                src = v.get("source", base_src) or {}
                source = DOCS[src["document"]] + src.get("article", "") + ("（%s）" % src["note"] if src.get("note") else "")
                val = fmt_value(v["value"], ty)
                name = "%s__%s__%s__%s" % (ident(pid), ident(p), where, ident(date))
                if v.get("verified") == "false":
                    w("inline constexpr sv PU_%s = %s;" % (name, cstr(
                        "「%s」按 %s（自%s起）计算，该数值来自二手资料或推算，尚未与官方原文核对（%s）。请以当地经办机构公布为准。"
                        % (par["label"]["zh"], val, date, source))))
                if par.get("renewal") == "yearly":
                    w("inline constexpr sv PP_%s = %s;" % (name, cstr(
                        "「%s」仍使用自%s起的数值 %s：新一年度的数值尚未公布或尚未收录，相关估算为暂定。"
                        % (par["label"]["zh"], date, val))))

            for date, v in (par.get("values") or {}).items():
                emit("all", date, v)
            for code, br in (par.get("by_region") or {}).items():
                for date, v in (br.get("values") or {}).items():
                    emit(code, date, v)
for pid, lab in labels.items():
    w("inline constexpr sv PL_%s = %s;" % (ident(pid), cstr(lab)))

w("}  // namespace bt")
print("\n".join(out))
