#!/usr/bin/env python3
"""Fails when a tracked file holds a real-looking secret.

Scans every file `git ls-files` lists under --root (text files only) for:
  openai      sk-… / sk-proj-… keys with a long random tail
  pitwall     our API keys pw_<16 hex>_<64 hex> with a random secret
  aws         AKIA…/ASIA… access key ids
  private-key PEM private key headers (RSA, EC, DSA, OPENSSH, PGP, plain)
  github      ghp_/gho_/ghu_/ghs_/ghr_ tokens and github_pat_…
  slack       xoxb-/xoxp-/xoxa-/xoxo-/xoxr-/xoxs- tokens
  assignment  password/secret/token/api_key/… = "<long, random-looking value>"
"Random-looking" means: long enough, mixes letters and digits, and has a high
Shannon entropy; values with words like test/fake/dummy/example/placeholder
are taken for fixtures. Tests that need a key-shaped string build it at run
time, so no such literal is tracked.

False positives go in scripts/ci/secret_scan.allow, one a line:
    <path glob> <rule|*> <fingerprint|*>  # <reason>
The fingerprint is printed with each finding (the first 16 hex digits of the
SHA-256 of the matched text), so an entry allows that one value only; `*`
allows every finding of the rule in the matching files. A reason is required.

Usage: secret_scan.py [--root DIR] [--allow FILE]
Exit status: 0 clean, 1 findings, 2 usage or allow-list error.
"""

from __future__ import annotations

import fnmatch
import hashlib
import math
import os
import re
import sys

from ci_common import load_allow, parse_args, report, tracked_files

STOP_WORDS = ("test", "fake", "dummy", "example", "sample", "placeholder", "changeme", "redacted", "xxxxxxxx", "your")

RULES: list[tuple[str, re.Pattern[str], int]] = [
    # (name, pattern, group holding the random part: checked for entropy; 0 = no check)
    ("private-key", re.compile(r"-----BEGIN (?:[A-Z0-9]+ )?PRIVATE[ ]KEY(?: BLOCK)?-----"), 0),
    ("openai", re.compile(r"(?<![A-Za-z0-9_-])sk-(?:proj-|svcacct-|admin-|ant-)?([A-Za-z0-9_-]{20,})"), 1),
    ("pitwall", re.compile(r"(?<![A-Za-z0-9_])pw_[0-9a-f]{16}_([0-9a-f]{64})(?![0-9a-f])"), 1),
    ("aws", re.compile(r"(?<![A-Z0-9])((?:AKIA|ASIA)[A-Z0-9]{16})(?![A-Z0-9])"), 1),
    ("github", re.compile(r"(?<![A-Za-z0-9_])((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{60,})"), 1),
    ("slack", re.compile(r"(?<![A-Za-z0-9])(xox[abposr]-[A-Za-z0-9-]{10,})"), 1),
    (
        "assignment",
        re.compile(
            r"(?i)(?<![A-Za-z0-9])[A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?key|"
            r"auth[_-]?token|token|private[_-]?key|client[_-]?secret)[\"']?"
            r"\s*(?::\s*&(?:'static\s+)?str\s*)?(?:=|:=|=>|:)\s*"
            r"(?:[\"']([A-Za-z0-9+/=_.~!@#$%^&*-]{16,})[\"']|([A-Za-z0-9+/=_.~-]{16,})(?=\s|$|[,;)]))"
        ),
        -1,
    ),
]


def entropy(s: str) -> float:
    counts: dict[str, int] = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    return -sum(n / len(s) * math.log2(n / len(s)) for n in counts.values())


def looks_random(value: str, rule: str) -> bool:
    low = value.lower()
    if any(w in low for w in STOP_WORDS):
        return False
    if rule == "pitwall":  # hex: 64 random hex digits have ~3.9 bits/char
        return entropy(value) >= 3.0
    if rule in ("aws", "slack", "github"):
        return entropy(value) >= 3.0
    has_digit = any(c.isdigit() for c in value)
    has_alpha = any(c.isalpha() for c in value)
    if not (has_digit and has_alpha):
        return False
    return entropy(value) >= (3.5 if len(value) < 32 else 4.0)


def findings_in(text: str) -> list[tuple[int, str, str]]:
    out = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if len(line) > 5000:  # minified or data lines: only the fixed-shape rules
            line = line[:5000]
        for name, pattern, group in RULES:
            for m in pattern.finditer(line):
                if group == -1:
                    value = m.group(1) or m.group(2)
                elif group:
                    value = m.group(group)
                else:
                    value = ""
                if group and not looks_random(value, name):
                    continue
                out.append((lineno, name, m.group(0)))
    return out


def fingerprint(match: str) -> str:
    return hashlib.sha256(match.encode()).hexdigest()[:16]


def allowed(rel: str, rule: str, fp: str, allow: list[list[str]]) -> bool:
    return any(
        fnmatch.fnmatchcase(rel, g) and r in ("*", rule) and f in ("*", fp) for g, r, f in allow
    )


def main() -> int:
    root, allow_path = parse_args(__doc__, "secret_scan.allow")
    allow = load_allow(allow_path, 3, "<path glob> <rule|*> <fingerprint|*>")
    files = tracked_files(root)
    bad = scanned = 0
    for rel in files:
        path = os.path.join(root, rel)
        if not os.path.isfile(path) or os.path.islink(path):
            continue  # deleted in the work tree, or a symlink
        with open(path, "rb") as f:
            data = f.read()
        if b"\0" in data[:8192]:
            continue  # binary
        scanned += 1
        for lineno, rule, match in findings_in(data.decode("utf-8", errors="replace")):
            fp = fingerprint(match)
            if allowed(rel, rule, fp, allow):
                continue
            shown = match if len(match) <= 12 else match[:8] + "…"  # never echo the whole secret
            print(f"{rel}:{lineno}: possible {rule} secret ({shown}), fingerprint {fp}")
            bad += 1
    return report(
        bad,
        "possible secret(s). Remove them (and rotate any real one: it is in the git history). "
        "For a false positive add `<path> <rule> <fingerprint>  # <reason>` to scripts/ci/secret_scan.allow.",
        f"no secrets found ({scanned} tracked text files, {len(allow)} allow-list entries)",
    )

if __name__ == "__main__":
    sys.exit(main())
