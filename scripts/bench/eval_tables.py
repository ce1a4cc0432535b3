#!/usr/bin/env python3
"""Markdown tables of `pitwall eval --json` for every question set in the
repo: per set, per kind and per category (coverage, precision, declines,
confidently wrong) and the reliability buckets. Usage:
    scripts/bench/eval_tables.py [PITWALL_BIN]   (default target/release/pitwall)
"""
import json
import subprocess
import sys

BIN = sys.argv[1] if len(sys.argv) > 1 else "target/release/pitwall"
SETS = [
    ("dev", "../shared/questions/dev_questions.jsonl"),
    ("dev hard", "../shared/questions/dev_questions_hard.jsonl"),
    ("held-out 1 fan", "crates/pitwall-engine/tests/data/heldout_fan.jsonl"),
    ("held-out 1 hard", "crates/pitwall-engine/tests/data/heldout_hard.jsonl"),
    ("held-out 2 fan", "crates/pitwall-engine/tests/data/heldout2_fan.jsonl"),
    ("held-out 2 hard", "crates/pitwall-engine/tests/data/heldout2_hard.jsonl"),
    ("held-out 3 fan", "crates/pitwall-engine/tests/data/heldout3_fan.jsonl"),
    ("held-out 3 hard", "crates/pitwall-engine/tests/data/heldout3_hard.jsonl"),
    ("held-out 4 fan", "crates/pitwall-engine/tests/data/heldout4_fan.jsonl"),
    ("held-out 4 hard", "crates/pitwall-engine/tests/data/heldout4_hard.jsonl"),
    ("paraphrases", "crates/pitwall-engine/tests/paraphrases.jsonl"),
]


def cells(t):
    answered = t["correct"] + t["wrong"]
    cov = f'{t["correct"]}/{t["answerable"]}' if t["answerable"] else "—"
    prec = f'{t["correct"]}/{answered}' if answered else "—"
    dec = f'{t["declined_as_expected"]}/{t["to_decline"]}' if t["to_decline"] else "—"
    return cov, prec, dec, str(t["confidently_wrong"])


def pct(a, b):
    return f"{100 * a / b:.1f} %" if b else "—"


reports = {}
for name, path in SETS:
    out = subprocess.run([BIN, "eval", path, "--json"], capture_output=True, text=True)
    reports[name] = json.loads(out.stdout)

print("| set | coverage | precision | declines | confidently wrong | answers ≥ 0.8 correct |")
print("|---|---|---|---|---|---|")
for name, r in reports.items():
    t = r["overall"]
    cov, prec, dec, cw = cells(t)
    hi = t["reliability"][3:]
    hi_n, hi_ok = sum(b[0] for b in hi), sum(b[1] for b in hi)
    answered = t["correct"] + t["wrong"]
    print(
        f"| {name} | {cov} ({pct(t['correct'], t['answerable'])}) | {prec} "
        f"({pct(t['correct'], answered)}) | {dec} | {cw} | {hi_ok}/{hi_n} |"
    )

print()
print("Per kind (hard sets): coverage · precision · declines")
print()
kinds = ["near_miss", "schema", "variant", "decline"]
print("| set | " + " | ".join(kinds) + " |")
print("|---|" + "---|" * len(kinds))
for name, r in reports.items():
    if not r.get("per_kind"):
        continue
    row = []
    for k in kinds:
        t = r["per_kind"].get(k)
        if not t:
            row.append("—")
            continue
        cov, prec, dec, cw = cells(t)
        row.append(f"{cov} · {prec} · {dec}")
    print(f"| {name} | " + " | ".join(row) + " |")

print()
print("Per category, all sets together: coverage · precision (confidently wrong)")
print()
cats = {}
for r in reports.values():
    for c, t in r.get("per_category", {}).items():
        acc = cats.setdefault(c, {"correct": 0, "answerable": 0, "wrong": 0, "cw": 0})
        acc["correct"] += t["correct"]
        acc["answerable"] += t["answerable"]
        acc["wrong"] += t["wrong"]
        acc["cw"] += t["confidently_wrong"]
print("| category | coverage | precision | confidently wrong |")
print("|---|---|---|---|")
for c in sorted(cats):
    a = cats[c]
    answered = a["correct"] + a["wrong"]
    print(
        f"| {c} | {a['correct']}/{a['answerable']} ({pct(a['correct'], a['answerable'])}) "
        f"| {a['correct']}/{answered} | {a['cw']} |"
    )
