"""What scripts/ci/secret_scan.py and no_string_sql.py share: the command
line, the list of tracked files and the allow-list files (`<fields>  # <reason>`)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def parse_args(doc: str, allow_name: str) -> tuple[str, str]:
    """`--root DIR` (default: this repository) and `--allow FILE` (default: scripts/ci/<allow_name>)."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", default=REPO, help="the git tree to check (default: this repository)")
    ap.add_argument("--allow", help=f"allow-list file (default: scripts/ci/{allow_name} under --root)")
    args = ap.parse_args()
    root = os.path.abspath(args.root)
    return root, args.allow or os.path.join(root, "scripts", "ci", allow_name)


def tracked_files(root: str, *pathspec: str) -> list[str]:
    """The files `git ls-files` lists under root, sorted."""
    out = subprocess.run(
        ["git", "-C", root, "ls-files", "-z", "--", *pathspec], check=True, capture_output=True
    ).stdout
    return sorted(p for p in out.decode().split("\0") if p)


def load_allow(path: str, fields: int, shape: str) -> list[list[str]]:
    """The entries of an allow-list: `fields` words, then `# reason`. Exits 2 on a bad line."""
    entries: list[list[str]] = []
    if not os.path.exists(path):
        return entries
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            spec, _, reason = line.partition("#")
            words = spec.split()
            if len(words) != fields or not reason.strip():
                print(f"{path}:{n}: an entry is `{shape}  # <reason>` (the reason is required)")
                sys.exit(2)
            entries.append(words)
    return entries


def report(bad: int, failed: str, passed: str) -> int:
    """Prints the summary line and returns the exit status (1 when `bad`)."""
    if bad:
        print(f"\n{bad} {failed}")
        return 1
    print(passed)
    return 0
