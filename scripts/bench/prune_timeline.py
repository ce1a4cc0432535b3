#!/usr/bin/env python3
"""Where in a prune the slow answers fall.

    scripts/bench/prune_timeline.py KEEPDIR [SLOW_MS] [BUCKET_S]

Reads the per-request samples that `KEEP=KEEPDIR scripts/bench/retention_prune.sh`
keeps (`prune.*`: "seconds start-epoch" per line) and prints, per BUCKET_S
seconds (default 10) from the start of the window, the answers, the answers
slower than SLOW_MS (default 15) and their share, and the p99 of the window
with and without its slowest bucket run.
"""
import collections
import glob
import sys


def main() -> None:
    keep = sys.argv[1]
    slow_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 15.0
    bucket = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    rows = []
    for path in glob.glob(f"{keep}/prune.*"):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 2:
                    rows.append((float(parts[0]) * 1000, float(parts[1])))
    if not rows:
        sys.exit(f"no samples in {keep}/prune.*")
    start = min(t for _, t in rows)
    total = collections.Counter()
    slow = collections.Counter()
    for ms, t in rows:
        k = int((t - start) // bucket)
        total[k] += 1
        if ms > slow_ms:
            slow[k] += 1
    print(f"{'from s':>7} {'answers':>8} {'>' + str(int(slow_ms)) + ' ms':>8} {'share':>6}")
    for k in sorted(total):
        print(f"{k * bucket:7.0f} {total[k]:8d} {slow[k]:8d} {100 * slow[k] / total[k]:5.1f}%")
    ms = sorted(m for m, _ in rows)
    print(f"n={len(ms)} p50 {ms[len(ms) // 2]:.2f} ms p99 {ms[int(len(ms) * 0.99)]:.2f} ms")


if __name__ == "__main__":
    main()
