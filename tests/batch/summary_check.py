#!/usr/bin/env python3
"""Checks of tests/batch/summary.sh: the summary CSV/XLSX against the JSONL answers, the
comparison against two plain runs. Exits 1 with a message on the first problem."""
import csv
import json
import sys

STATUS_ZH = {"mandatory": "应当参加", "eligible": "可以参加", "enrolled": "已参加",
             "platform_covered": "平台已保障", "recommended": "建议参加", "not_eligible": "不能参加",
             "not_available": "暂不适用"}
CHANNEL_ZH = {"employer": "单位", "flexible": "灵活就业人员（个人缴）", "individual": "个人",
              "platform": "平台", "dispatch_agency": "劳务派遣单位"}
PER_SCHEME = 9


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def answers(path):
    out = {}
    for text in open(path, encoding="utf-8"):
        d = json.loads(text)
        out[d["line"]] = d
    return out


def amounts(s):
    c = s.get("contribution") or {}
    m, y = c.get("monthly"), c.get("annual")
    pick = lambda a, k: "" if a is None else "%.2f" % float(a[k])
    return [pick(m, "personal"), pick(m, "employer"), pick(y, "personal"), pick(y, "employer")]


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def check_summary_csv(csv_path, jsonl_path, n_lines, ids):
    header, rows = read_csv(csv_path)
    ans = answers(jsonl_path)
    if len(rows) != n_lines:
        fail(f"{csv_path}: {len(rows)} rows, input has {n_lines}")
    if len(ans) != n_lines:
        fail(f"{jsonl_path}: {len(ans)} answers, input has {n_lines}")
    if header[0] != "行号" or header[1] != "编号" or header[-1] != "错误" or header[-2] != "提示数":
        fail(f"header: {header[:3]} … {header[-2:]}")
    first_scheme = next(i for i, h in enumerate(header) if h.endswith("·结论"))
    extra_cols = header[1:first_scheme]
    # The id first, then the extra.* values of the input (strings, numbers) in the order first met.
    want_cols = ["编号"] + [k for k in ("extra.n", "extra.team") if any(v.get(k) for v in ids.values())]
    if sorted(extra_cols) != sorted(want_cols) or extra_cols[0] != "编号":
        fail(f"extra columns {extra_cols}, wanted {want_cols}")
    for row in rows:
        line = int(row[0])
        a = ans[line]
        want = ids.get(line, {})
        for k, col in enumerate(extra_cols, 1):
            if row[k] != want.get(col, ""):
                fail(f"line {line}: {col} {row[k]!r}, wanted {want.get(col, '')!r}")
        if "errors" in a:
            if not row[-1]:
                fail(f"line {line}: a bad line without its error")
            continue
        r = a["result"]
        for i, s in enumerate(r["schemes"]):
            b = first_scheme + i * PER_SCHEME
            got = row[b:b + PER_SCHEME]
            want_status = STATUS_ZH[s["status"]]
            want_channel = CHANNEL_ZH.get(s.get("channel") or "", "")
            if got[0] != want_status or got[1] != want_channel:
                fail(f"line {line} {s['id']}: {got[:2]} vs {want_status, want_channel}")
            if (got[2] != "") != (s.get("enrol_region") is not None):
                fail(f"line {line} {s['id']}: region {got[2]!r} vs {s.get('enrol_region')}")
            if got[3:7] != amounts(s):
                fail(f"line {line} {s['id']}: amounts {got[3:7]} vs {amounts(s)}")
            if got[7] != ("是" if s["determined"] else "否"):
                fail(f"line {line} {s['id']}: determined {got[7]}")
        if row[-2] != str(len(r["warnings"])) or row[-1]:
            fail(f"line {line}: warnings {row[-2]} vs {len(r['warnings'])}, error {row[-1]!r}")
    return header, rows


def check_xlsx(xlsx_path, csv_path):
    import openpyxl
    header, rows = read_csv(csv_path)
    wb = openpyxl.load_workbook(xlsx_path)
    if wb.sheetnames != ["结果", "统计"]:
        fail(f"sheets {wb.sheetnames}")
    ws = wb["结果"]
    if ws.freeze_panes != "A2":
        fail(f"frozen panes {ws.freeze_panes}")
    got = list(ws.iter_rows(values_only=True))
    if [c or "" for c in got[0]] != header:
        fail("XLSX header differs from the CSV's")
    if len(got) - 1 != len(rows):
        fail(f"XLSX {len(got) - 1} rows, CSV {len(rows)}")
    money_cols = [i for i, h in enumerate(header) if h.endswith(("每月", "每年"))]
    seen_money = 0
    for x, c in zip(got[1:], rows):
        for i, v in enumerate(c):
            xv = x[i] if i < len(x) else None
            if v == "":
                if xv not in (None, ""):
                    fail(f"XLSX cell {i} of line {c[0]}: {xv!r}, CSV empty")
            elif i in money_cols:
                if not isinstance(xv, (int, float)) or "%.2f" % xv != v:
                    fail(f"XLSX money cell {i} of line {c[0]}: {xv!r} vs {v}")
                seen_money += 1
            elif i == 0:
                if xv != int(v):
                    fail(f"XLSX line number {xv!r} vs {v}")
            elif str(xv) != v:
                fail(f"XLSX cell {i} of line {c[0]}: {xv!r} vs {v!r}")
    if not seen_money:
        fail("no amounts in the XLSX")
    cell = ws.cell(row=2, column=money_cols[0] + 1)
    fmt_cells = [ws.cell(row=r, column=k + 1) for r in range(2, ws.max_row + 1) for k in money_cols]
    fmts = {c.number_format for c in fmt_cells if c.value is not None}
    if fmts != {"0.00"}:
        fail(f"money formats {fmts} (cell {cell.coordinate})")
    # The statistics sheet adds up.
    check_stats(list(wb["统计"].iter_rows(values_only=True)), header, rows)


def check_stats(st, header, rows):
    """The statistics (XLSX sheet, or the CSV beside a summary read by read_stats_csv) against
    the summary's rows: per scheme the count by status, the monthly personal total, the
    undetermined; the rows, bad rows and workers with something undetermined."""
    head = st[0]
    n_status = len(head) - 3
    bad = sum(1 for c in rows if c[-1])
    ok = len(rows) - bad
    labels = {h: i for i, h in enumerate(header)}
    schemes = [h[: -len("·结论")] for h in header if h.endswith("·结论")]
    undetermined_any = sum(1 for c in rows if not c[-1] and "否" in [c[labels[s + "·是否确定"]] for s in schemes])
    for k, s in enumerate(schemes):
        r = st[1 + k]
        if r[0] != s:
            fail(f"stats row {k}: {r[0]} vs {s}")
        counts = r[1:1 + n_status]
        if sum(counts) != ok:
            fail(f"stats {s}: statuses add to {sum(counts)}, {ok} rows evaluated")
        for j, status in enumerate(head[1:1 + n_status]):
            want = sum(1 for c in rows if not c[-1] and c[labels[s + "·结论"]] == status)
            if counts[j] != want:
                fail(f"stats {s} {status}: {counts[j]} vs {want}")
        total = sum(round(float(c[labels[s + "·个人每月"]]) * 100) for c in rows if not c[-1] and c[labels[s + "·个人每月"]])
        if round(r[1 + n_status] * 100) != total:
            fail(f"stats {s}: monthly total {r[1 + n_status]} vs {total / 100}")
        und = sum(1 for c in rows if not c[-1] and c[labels[s + "·是否确定"]] == "否")
        if r[2 + n_status] != und:
            fail(f"stats {s}: undetermined {r[2 + n_status]} vs {und}")
    tail = {r[0]: r[1] for r in st[len(schemes) + 1:] if r and r[0]}
    if tail.get("行数") != len(rows) or tail.get("出错行数") != bad or tail.get("有待定项的人数") != undetermined_any:
        fail(f"stats totals {tail}, rows {len(rows)}, bad {bad}, undetermined {undetermined_any}")


def read_stats_csv(path):
    """The statistics CSV as the XLSX sheet's values: whole numbers as int, amounts as float."""
    def value(v):
        if v == "":
            return None
        try:
            return int(v)
        except ValueError:
            pass
        try:
            return float(v)
        except ValueError:
            return v
    with open(path, encoding="utf-8-sig", newline="") as f:
        return [tuple(value(v) for v in r) for r in csv.reader(f)]


def check_stats_csv(stats_path, csv_path):
    header, rows = read_csv(csv_path)
    raw = open(stats_path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail(f"{stats_path}: no BOM")
    st = read_stats_csv(stats_path)
    check_stats(st, header, rows)
    if not any(isinstance(v, float) or (isinstance(v, int) and v > 0) for r in st[1:] for v in r[1:]):
        fail(f"{stats_path}: nothing counted")


def check_compare(compare_csv, before_jsonl, after_jsonl):
    header, rows = read_csv(compare_csv)
    before, after = answers(before_jsonl), answers(after_jsonl)
    want = set()
    injury = 0
    for line, a in after.items():
        b = before[line]
        if "errors" in a or "errors" in b:
            continue
        for s_old, s_new in zip(b["result"]["schemes"], a["result"]["schemes"]):
            if (s_old["status"], s_old.get("channel")) != (s_new["status"], s_new.get("channel")) or amounts(s_old) != amounts(s_new):
                want.add((line, s_new["id"]))
                if s_new["id"] == "injury.occupational" and s_old["status"] != s_new["status"]:
                    injury += 1
    names = {}
    for s in after[min(l for l in after if "result" in after[l])]["result"]["schemes"]:
        names[s["name"]] = s["id"]
    got = set()
    scheme_col = header.index("险种")  # after the line and the id and extra.* columns
    for r in rows:
        if r[-1]:
            continue
        got.add((int(r[0]), names[r[scheme_col]]))
    if got != want:
        fail(f"comparison: {len(got)} changes reported, {len(want)} expected; "
             f"extra {sorted(got - want)[:5]}, missing {sorted(want - got)[:5]}")
    if injury == 0:
        fail("no worker's occupational-injury status changes across 2025-07-01: the test proves nothing")
    print(f"comparison: {len(want)} scheme changes of {len({l for l, _ in want})} workers, "
          f"{injury} occupational-injury status changes")


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "summary":
        csv_path, jsonl_path, n, ids_path = sys.argv[2:6]
        ids = {int(k): v for k, v in json.load(open(ids_path)).items()}
        check_summary_csv(csv_path, jsonl_path, int(n), ids)
    elif cmd == "stats":
        check_stats_csv(sys.argv[2], sys.argv[3])
    elif cmd == "xlsx":
        check_xlsx(sys.argv[2], sys.argv[3])
    elif cmd == "compare":
        check_compare(*sys.argv[2:5])
    print("ok: " + cmd)
