#!/usr/bin/env python3
"""How far the hand-written baseline (bin/shebao-baseline) agrees with the engine (bin/shebao batch).

    compare_baseline.py --bin build-bench/bin [--count 20000] [--seed 1] [--keep DIR]
    compare_baseline.py ENGINE.jsonl BASELINE.jsonl          # two outputs made already

Generates profiles with shebao-gen, runs `shebao batch IN --out OUT --as-of 2026-11-28` and
`shebao-baseline IN --out OUT --as-of 2026-11-28`, and reports, over the lines both answered, the
share of lines where each aspect agrees for all nine schemes (status, channel, monthly and annual
totals, ...), the share of identical results, the mean output bytes per line of each, and the most
frequent differences. A benchmark tool, not a test of shebao.
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

AS_OF = "2026-11-28"


def total(c, key):
    if not c or key not in c:
        return None
    return c[key].get("total")


def aspects(r):
    """Per aspect, a comparable value for one result."""
    s = {x["id"]: x for x in r["schemes"]}
    out = collections.OrderedDict()
    out["status"] = {k: v["status"] for k, v in s.items()}
    out["channel"] = {k: v.get("channel") for k, v in s.items()}
    out["monthly/annual totals"] = {
        k: (total(v.get("contribution"), "monthly"), total(v.get("contribution"), "annual"),
            (v.get("contribution") or {}).get("government_annual"))
        for k, v in s.items()}
    out["enrol_region"] = {k: v.get("enrol_region") for k, v in s.items()}
    out["determined"] = {k: v["determined"] for k, v in s.items()}
    out["rule"] = {k: [x["rule"] for x in v["reasons"]] for k, v in s.items()}
    out["reason texts"] = {k: [x["text"] for x in v["reasons"]] for k, v in s.items()}
    out["contribution (whole)"] = {k: v.get("contribution") for k, v in s.items()}
    out["details"] = {k: v["details"] for k, v in s.items()}
    out["scheme needs"] = {k: v.get("needs", []) for k, v in s.items()}
    out["person (age, retirement, outlook)"] = r["person"]
    out["transfers (kinds)"] = sorted(t["kind"] + ":" + t["scheme"] for t in r["transfers"])
    out["transfers (whole)"] = r["transfers"]
    out["needs"] = r["needs"]
    out["warning codes"] = sorted(w["code"] + ":" + w.get("subject", "") for w in r["warnings"])
    out["warnings (whole, in order)"] = r["warnings"]
    out["relationship"] = r["relationship"]
    out["policy_set"] = r["policy_set"]
    return out


def first_diff(a, b, path=""):
    if type(a) is not type(b):
        return path, a, b
    if isinstance(a, dict):
        for k in list(a.keys()) + [k for k in b if k not in a]:
            if a.get(k) != b.get(k):
                return first_diff(a.get(k), b.get(k), path + "." + str(k))
    if isinstance(a, list):
        if len(a) != len(b):
            return path + "[len %d/%d]" % (len(a), len(b)), a, b
        for i, (x, y) in enumerate(zip(a, b)):
            if x != y:
                return first_diff(x, y, path + "[%d]" % i)
    return path, a, b


def compare(engine_path, baseline_path, out=sys.stdout):
    agree = collections.Counter()
    diffs = collections.defaultdict(collections.Counter)
    examples = {}
    n = both = identical = err_e = err_b = err_both = 0
    bytes_e = bytes_b = 0
    with open(engine_path, encoding="utf-8") as fe, open(baseline_path, encoding="utf-8") as fb:
        for le, lb in zip(fe, fb):
            n += 1
            bytes_e += len(le.encode("utf-8"))
            bytes_b += len(lb.encode("utf-8"))
            e, b = json.loads(le), json.loads(lb)
            if e["line"] != b["line"]:
                sys.exit("line numbers differ: %s / %s" % (e["line"], b["line"]))
            if "result" not in e or "result" not in b:
                if "result" not in e and "result" not in b:
                    err_both += 1
                elif "result" not in e:
                    err_e += 1
                else:
                    err_b += 1
                continue
            both += 1
            re_, rb = e["result"], b["result"]
            if re_ == rb:
                identical += 1
            ae, ab = aspects(re_), aspects(rb)
            for k in ae:
                if ae[k] == ab[k]:
                    agree[k] += 1
                else:
                    where, x, y = first_diff(ae[k], ab[k])
                    key = where
                    diffs[k][key] += 1
                    examples.setdefault((k, key), (e["line"], x, y))
    w = out.write
    w("lines: %d, answered by both: %d, errors in both: %d, only the engine refused: %d, only the baseline refused: %d\n"
      % (n, both, err_both, err_e, err_b))
    w("mean output bytes per line: shebao batch %.0f, baseline %.0f (baseline/engine %.3f)\n"
      % (bytes_e / max(n, 1), bytes_b / max(n, 1), bytes_b / max(bytes_e, 1)))
    w("identical results: %.3f%% (%d lines differ)\n" % (100.0 * identical / max(both, 1), both - identical))
    w("lines where every scheme agrees on ...\n")
    for k in aspects_order():
        w("  %-36s %8.3f%%  (%d lines differ)\n" % (k, 100.0 * agree[k] / max(both, 1), both - agree[k]))
    w("most frequent differences (aspect, first differing path, lines, example line: engine / baseline):\n")
    rows = sorted(((c, k, p) for k, cnt in diffs.items() for p, c in cnt.items()), reverse=True)
    for c, k, p in rows[:25]:
        line, x, y = examples[(k, p)]
        sx, sy = json.dumps(x, ensure_ascii=False), json.dumps(y, ensure_ascii=False)
        w("  %-28s %-50s %6d  line %d: %s / %s\n" % (k, p[:50], c, line, sx[:90], sy[:90]))
    return agree, both


def aspects_order():
    dummy = {"schemes": [], "person": {}, "transfers": [], "needs": [], "warnings": [],
             "relationship": {}, "policy_set": {}}
    return list(aspects(dummy).keys())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("outputs", nargs="*", help="ENGINE.jsonl BASELINE.jsonl (already made)")
    ap.add_argument("--bin", help="folder with shebao, shebao-gen, shebao-baseline")
    ap.add_argument("--count", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=0, help="shebao batch --threads (default: its own)")
    ap.add_argument("--keep", help="keep the files in this folder")
    a = ap.parse_args()
    if a.outputs:
        if len(a.outputs) != 2:
            ap.error("give ENGINE.jsonl BASELINE.jsonl")
        compare(*a.outputs)
        return
    if not a.bin:
        ap.error("--bin or two outputs")
    d = a.keep or tempfile.mkdtemp(prefix="shebao-compare-")
    os.makedirs(d, exist_ok=True)
    inp, eng, base = (os.path.join(d, x) for x in ("profiles.jsonl", "engine.jsonl", "baseline.jsonl"))
    try:
        subprocess.run([os.path.join(a.bin, "shebao-gen"), "--count", str(a.count), "--seed", str(a.seed), "--out", inp],
                       check=True)
        cmd = [os.path.join(a.bin, "shebao"), "batch", inp, "--out", eng, "--as-of", AS_OF, "--restart"]
        if a.threads:
            cmd += ["--threads", str(a.threads)]
        subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
        subprocess.run([os.path.join(a.bin, "shebao-baseline"), inp, "--out", base, "--as-of", AS_OF], check=True,
                       stderr=subprocess.DEVNULL)
        print("profiles: shebao-gen --count %d --seed %d; engine: shebao batch --as-of %s; baseline: shebao-baseline --as-of %s"
              % (a.count, a.seed, AS_OF, AS_OF))
        compare(eng, base)
    finally:
        if not a.keep:
            for f in os.listdir(d):
                os.remove(os.path.join(d, f))
            os.rmdir(d)


if __name__ == "__main__":
    main()
