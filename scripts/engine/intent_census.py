#!/usr/bin/env python3
"""Which route answers what: asks every question of every set in the repo
through `pitwall ask --json` (the real pipeline, LLM off) and records each
answer's source, status, intent, sentence, rows and confidence.

    python3 scripts/engine/intent_census.py BIN OUT.json [--compare OLD.json]

BIN is a `pitwall` build; PITWALL_DATA_DIR (default /tmp/evaldata) must hold
an imported F1 database (`PITWALL_DATA_DIR=... BIN import`). Prints the
local answers per intent. With --compare, also prints every question whose
record differs from OLD.json: a route retired because the typed query took
its questions over must leave that list empty (docs/engine.md).
Runs one process per question (~2 minutes for ~900 questions); 127.0.0.1
only, no network.
"""

import collections
import glob
import json
import os
import subprocess
import sys


def question_files():
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    shared = os.path.join(root, "..", "shared", "questions")
    tests = os.path.join(root, "crates", "pitwall-engine", "tests")
    return (
        [os.path.join(shared, "dev_questions.jsonl"), os.path.join(shared, "dev_questions_hard.jsonl")]
        + sorted(glob.glob(os.path.join(tests, "data", "*.jsonl")))
        + [os.path.join(tests, "paraphrases.jsonl")]
    )


def census(binary):
    env = dict(os.environ)
    env.setdefault("PITWALL_DATA_DIR", "/tmp/evaldata")
    records = {}
    for path in question_files():
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip():
                    continue
                q = json.loads(line)["question"]
                out = subprocess.run(
                    [binary, "ask", q, "--json"], env=env, capture_output=True, text=True
                ).stdout
                try:
                    d = json.loads(out)
                except json.JSONDecodeError:
                    records[q] = None
                    continue
                records[q] = [d.get(k) for k in ("source", "status", "intent", "answer", "rows", "confidence")]
    return records


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    records = census(sys.argv[1])
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(records, f)
    counts = collections.Counter(
        r[2] for r in records.values() if r and r[0] == "local" and r[1] == "answered"
    )
    print(f"{len(records)} distinct questions; local answers per intent:")
    for intent, n in counts.most_common():
        print(f"  {n:5}  {intent}")
    if "--compare" in sys.argv:
        with open(sys.argv[sys.argv.index("--compare") + 1], encoding="utf-8") as f:
            old = json.load(f)
        differ = [q for q in old if old[q] != records.get(q)]
        print(f"differ from the old census: {len(differ)}")
        for q in differ:
            print(f"  {q}\n    old {old[q][:4] if old[q] else None}\n    new {records[q][:4] if records.get(q) else None}")
        sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
