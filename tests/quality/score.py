#!/usr/bin/env python3
"""Score the bundled rules on the quality development set (see README.md).

Usage: score.py [--normlint BIN] [--real DIR] [--update-floors] [--reset-floor KEY]...
                [--show tune] [--by-concept]

Prints, for the `tune` and `test` halves, the recall of the positives and the
false-positive rate of the negatives per family, then the error findings per
document of ../shared/corpus-real (when present), and fails (exit 1) when a
figure is worse than its floor in floors.tsv. --update-floors writes the
current figures as the new floors, only where they are better (quality can
only go up). --show tune lists the tune half's misses and false positives (the
test half is never listed: rules are not written against it).
"""
import argparse
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FAMILIES = ["competition", "rights", "power", "proc", "time", "form", "cite", "clause"]
COLUMNS = ["id", "split", "family", "expect", "concept", "source", "title", "line", "text"]
REAL_COLUMNS = ["id", "split", "family", "path", "line", "note"]
FLAGGED = ("error", "warning")


def family_of(rule):
    return rule.split(".", 1)[0]


def read_cases():
    cases, ids = [], set()
    for name in sorted(os.listdir(os.path.join(HERE, "cases"))):
        if not name.endswith(".tsv") or name == "real-negatives.tsv":
            continue
        path = os.path.join(HERE, "cases", name)
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        if not rows or rows[0] != COLUMNS:
            sys.exit(f"{path}: the header must be: {' '.join(COLUMNS)}")
        for n, row in enumerate(rows[1:], 2):
            if not row:
                continue
            if len(row) != len(COLUMNS):
                sys.exit(f"{path}:{n}: {len(row)} fields, expected {len(COLUMNS)}")
            c = dict(zip(COLUMNS, row))
            if c["id"] in ids:
                sys.exit(f"{path}:{n}: duplicate id {c['id']}")
            if c["split"] not in ("tune", "test") or c["expect"] not in ("hit", "none"):
                sys.exit(f"{path}:{n}: bad split or expect")
            if c["family"] not in FAMILIES:
                sys.exit(f"{path}:{n}: unknown family {c['family']}")
            ids.add(c["id"])
            c["file"] = f"{name}:{n}"
            cases.append(c)
    return cases


def run_check(normlint, paths, cwd):
    """JSON findings by path: {path: [finding, ...]}."""
    out = {}
    for i in range(0, len(paths), 400):
        chunk = paths[i:i + 400]
        p = subprocess.run([normlint, "check", "--no-config", "--format", "json", "-j", "2", *chunk],
                           cwd=cwd, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"normlint check failed ({p.returncode}): {p.stderr}")
        for d in json.loads(p.stdout)["documents"]:
            out[d["path"]] = d.get("findings", [])
    return out


def rule_kinds(normlint):
    p = subprocess.run([normlint, "rules", "list"], capture_output=True, text=True, check=True)
    return {line.split()[0]: line.split()[2] for line in p.stdout.splitlines() if line.strip()}


def score_cases(normlint, cases, show):
    kinds = rule_kinds(normlint)
    tally = defaultdict(lambda: [0, 0])  # (split, family, expect) -> [flagged, total]
    concepts = defaultdict(lambda: [0, 0])  # (split, concept) -> [found, total] of positives
    listed = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for c in cases:
            lines = ([c["title"]] if c["title"] else []) + c["text"].split("\\n")
            c["first"] = 2 if c["title"] else 1
            c["last"] = len(lines)
            c["whole"] = "\\n" in c["text"]
            path = os.path.join(tmp, c["id"] + ".txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
            paths.append(path)
        found = run_check(normlint, paths, tmp)
        for c, path in zip(cases, paths):
            fs = [f for f in found.get(path, []) if f["severity"] in FLAGGED]
            # a provision is no whole document: what a document lacks is not judged on it
            if not c["whole"]:
                fs = [f for f in fs if kinds.get(f["rule"]) != "require"]
            on_text = [f for f in fs if c["first"] <= f["line"] <= c["last"]]
            if c["expect"] == "hit":
                want = int(c["line"]) if c["line"] else None
                ok = any(family_of(f["rule"]) == c["family"] and (want is None or f["line"] == want)
                         for f in (fs if want else on_text))
                flagged = ok
            else:
                flagged = bool(on_text)
            key = (c["split"], c["family"], c["expect"])
            tally[key][0] += flagged
            tally[key][1] += 1
            if c["expect"] == "hit":
                concepts[(c["split"], c["concept"])][0] += flagged
                concepts[(c["split"], c["concept"])][1] += 1
            bad = (c["expect"] == "hit" and not flagged) or (c["expect"] == "none" and flagged)
            if c["expect"] == "none" and flagged:
                for rule in sorted({f["rule"] for f in on_text}):
                    concepts[(c["split"], "FP " + rule)][0] += 1
                    concepts[(c["split"], "FP " + rule)][1] += 1
            if show and c["split"] == show and bad:
                what = "MISS" if c["expect"] == "hit" else "FP  "
                rules = ",".join(sorted({f["rule"] for f in on_text})) or "-"
                listed.append(f"{what} {c['id']} [{c['concept']}] {rules}: {c['text'][:90]}")
    return tally, listed, concepts


def score_real(normlint, real_dir, show):
    """False positives of real-negatives.tsv and error findings per real document."""
    rows = []
    path = os.path.join(HERE, "cases", "real-negatives.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            r = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        if r[0] != REAL_COLUMNS:
            sys.exit(f"{path}: the header must be: {' '.join(REAL_COLUMNS)}")
        rows = [dict(zip(REAL_COLUMNS, x)) for x in r[1:] if x]
    txt = os.path.join(real_dir, "txt")
    docs = sorted(os.path.join(txt, n) for n in os.listdir(txt) if n.endswith(".txt"))
    found = run_check(normlint, docs, real_dir)
    tally = defaultdict(lambda: [0, 0])
    listed = []
    for x in rows:
        fs = found.get(os.path.join(real_dir, x["path"]))
        if fs is None:
            fs = run_check(normlint, [os.path.join(real_dir, x["path"])], real_dir).get(
                os.path.join(real_dir, x["path"]), [])
        hit = [f for f in fs if f["severity"] in FLAGGED and f["line"] == int(x["line"])]
        key = (x["split"], x["family"], "none")
        tally[key][0] += bool(hit)
        tally[key][1] += 1
        if show and x["split"] == show and hit:
            listed.append(f"FP   {x['id']} [{x['note']}] {','.join(sorted({f['rule'] for f in hit}))}: "
                          f"{x['path']}:{x['line']}")
    errors = {d: sum(f["severity"] == "error" for f in fs) for d, fs in found.items()}
    return tally, listed, errors


def load_floors():
    floors = {}
    path = os.path.join(HERE, "floors.tsv")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                key, value = line.rstrip("\n").split("\t")
                floors[key] = float(value)
    return floors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--normlint", default=os.path.join(ROOT, "build", "normlint"))
    ap.add_argument("--real", default=os.path.join(ROOT, "..", "shared", "corpus-real"))
    ap.add_argument("--update-floors", action="store_true")
    ap.add_argument("--reset-floor", action="append", default=[], metavar="KEY",
                    help="set KEY's floor to the current figure even when worse (a deliberate trade: say why in the commit)")
    ap.add_argument("--show", choices=["tune"])
    ap.add_argument("--by-concept", action="store_true", help="recall per concept (counts only) for both halves")
    a = ap.parse_args()
    a.normlint = os.path.abspath(a.normlint)

    cases = read_cases()
    tally, listed, concepts = score_cases(a.normlint, cases, a.show)
    have_real = os.path.isdir(os.path.join(a.real, "txt"))
    errors = {}
    if have_real:
        t2, l2, errors = score_real(a.normlint, a.real, a.show)
        for k, v in t2.items():
            tally[k][0] += v[0]
            tally[k][1] += v[1]
        listed += l2
    else:
        print("quality: ../shared/corpus-real is absent: its rows and figures are skipped, "
              "and so are the false-positive floors (recorded with its rows)")

    figures = {}
    print(f"{'family':<12} {'split':<5} {'recall':>16} {'false positives':>20}")
    for fam in FAMILIES:
        for split in ("tune", "test"):
            p = tally.get((split, fam, "hit"), [0, 0])
            n = tally.get((split, fam, "none"), [0, 0])
            rec = f"{p[0]}/{p[1]} {p[0] / p[1]:.2f}" if p[1] else "-"
            fp = f"{n[0]}/{n[1]} {n[0] / n[1]:.3f}" if n[1] else "-"
            print(f"{fam:<12} {split:<5} {rec:>16} {fp:>20}")
            if p[1]:
                figures[f"recall.{split}.{fam}"] = p[0] / p[1]
            if n[1]:
                figures[f"fp.{split}.{fam}"] = n[0] / n[1]
    for split in ("tune", "test"):
        p = [sum(v[i] for k, v in tally.items() if k[0] == split and k[2] == "hit") for i in (0, 1)]
        n = [sum(v[i] for k, v in tally.items() if k[0] == split and k[2] == "none") for i in (0, 1)]
        if p[1] and n[1]:
            print(f"{'all':<12} {split:<5} {p[0]}/{p[1]} {p[0] / p[1]:.2f}".ljust(35) +
                  f"{n[0]}/{n[1]} {n[0] / n[1]:.3f}".rjust(20))
            figures[f"recall.{split}.all"] = p[0] / p[1]
            figures[f"fp.{split}.all"] = n[0] / n[1]
    if errors:
        nd = len(errors)
        ne = sum(errors.values())
        with_err = sum(1 for v in errors.values() if v)
        print(f"corpus-real: {nd} documents, {ne} error findings ({ne / nd:.3f} per document), "
              f"{with_err} documents with an error ({with_err / nd:.1%})")
        for d, v in sorted(errors.items()):
            if v:
                print(f"  {v} error(s): {os.path.relpath(d, a.real)}")
        figures["real.errors-per-doc"] = ne / nd
        figures["real.docs-with-error"] = with_err / nd
    if a.by_concept:
        for con in sorted({k[1] for k in concepts}):
            t = concepts.get(("tune", con), [0, 0])
            u = concepts.get(("test", con), [0, 0])
            print(f"  {con:<48} tune {t[0]:>3}/{t[1]:<3} test {u[0]:>3}/{u[1]:<3}")
    for line in listed:
        print(line)

    floors = load_floors()
    worse = []
    for k, v in figures.items():
        if k not in floors:
            continue
        # the false-positive floors were recorded with the real lawful lines
        # among the negatives: without them the rates are of another set
        if not have_real and k.startswith("fp."):
            continue
        lower_is_better = not k.startswith("recall.")
        if (v > floors[k] + 1e-9) if lower_is_better else (v < floors[k] - 1e-9):
            worse.append(f"{k}: {v:.3f} (floor {floors[k]:.3f})")
    if (a.update_floors or a.reset_floor) and not have_real:
        sys.exit("quality: floors are recorded only with ../shared/corpus-real present")
    if a.update_floors or a.reset_floor:
        for k, v in figures.items():
            lower_is_better = not k.startswith("recall.")
            better = k not in floors or (v < floors[k] if lower_is_better else v > floors[k])
            if (a.update_floors and better) or k in a.reset_floor:
                floors[k] = v
        worse = [w for w in worse if w.split(":")[0] not in a.reset_floor]
        with open(os.path.join(HERE, "floors.tsv"), "w", encoding="utf-8") as f:
            f.write("# figures make quality must not fall below (recall) or rise above (fp, real.*);\n"
                    "# written by score.py --update-floors, which only ever improves them\n")
            for k in sorted(floors):
                # rounded towards the worse side, so the figure itself passes
                v = floors[k] * 1e6
                v = (math.floor(v) if k.startswith("recall.") else math.ceil(v)) / 1e6
                f.write(f"{k}\t{v:.6f}\n")
        print("quality: floors updated")
    if worse:
        print("quality: worse than the recorded floors:\n  " + "\n  ".join(worse))
        return 1
    print("quality: no figure is worse than its floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
