#!/usr/bin/env python3
"""Fails when Rust source builds SQL by string formatting outside the allowed places.

Looks at every tracked `*.rs` file for `format!`, `format_args!`, `write!`,
`writeln!` and `.push_str(` whose string literals hold SQL
(SELECT, INSERT INTO, UPDATE .. SET, DELETE FROM, WHERE, FROM x, JOIN x,
ORDER BY, ...). A grep cannot follow a value into execute/query/prepare, so
any SQL-shaped string built this way counts, whether it is passed to the
database on the same line or through a variable. `concat!` is not counted:
it takes only literals, so its result is a compile-time constant that no
input can reach.

Allowed:
  * files matched by a glob in scripts/ci/no_string_sql.allow, each with a
    reason (`<glob>  # <reason>`; a line without a reason is an error);
  * a line carrying `// sql-format: <reason>` (on the macro's first line or
    the line just above it).

Usage: no_string_sql.py [--root DIR] [--allow FILE]
Exit status: 0 clean, 1 violations, 2 usage or allow-list error.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys

from ci_common import load_allow, parse_args, report, tracked_files

MACROS = re.compile(r"\b(?:format|format_args|write|writeln)!\s*\(|\.push_str\s*\(")
MARKER = re.compile(r"//\s*sql-format:\s*\S")

# Upper-case SQL (the way this codebase writes it): statements and clauses.
SQL_UPPER = re.compile(
    r"\bSELECT\b|\bINSERT\s+(?:OR\s+[A-Z]+\s+)?INTO\b|\bUPDATE\s+\S+\s+SET\b"
    r"|\bDELETE\s+FROM\b|\bREPLACE\s+INTO\b"
    r"|\b(?:CREATE|DROP|ALTER)\s+(?:TEMP\s+|TEMPORARY\s+|UNIQUE\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b"
    r"|\bPRAGMA\s|\bWHERE\b|\bFROM\s+[\w\"({(]|\bJOIN\s+[\w\"({]|\bORDER\s+BY\b|\bGROUP\s+BY\b"
    r"|\bVALUES\s*\(|\bSET\s+\w+\s*="
)
# Lower-case SQL only when a literal starts like a statement (prose rarely does).
SQL_LOWER = re.compile(
    r"^\s*(?:select\s.*\sfrom\s|insert\s+into\s|update\s+\w+\s+set\s|delete\s+from\s)",
    re.IGNORECASE | re.DOTALL,
)


def skip_string(src: str, i: int) -> tuple[int, str | None]:
    """If a string literal starts at i, returns (end, contents); else (i, None)."""
    m = re.compile(r'(?:b|c)?r(#*)"').match(src, i)
    if m and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
        close = '"' + m.group(1)
        end = src.find(close, m.end())
        end = len(src) if end < 0 else end
        return end + len(close), src[m.end() : end]
    j = i
    if src.startswith(("b\"", "c\""), i) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
        j = i + 1
    if j < len(src) and src[j] == '"':
        k = j + 1
        buf = []
        while k < len(src) and src[k] != '"':
            if src[k] == "\\":
                nxt = src[k + 1 : k + 2]
                if nxt == "\n":  # line continuation: skip the newline and the indent
                    k += 2
                    while k < len(src) and src[k] in " \t\n":
                        k += 1
                    continue
                buf.append({"n": "\n", "t": "\t"}.get(nxt, nxt))
                k += 2
                continue
            buf.append(src[k])
            k += 1
        return k + 1, "".join(buf)
    return i, None


def blank_comments(src: str) -> str:
    """Replaces comments with spaces (newlines kept) so offsets and lines stay put."""
    out = list(src)
    i, n = 0, len(src)
    while i < n:
        end, lit = skip_string(src, i)
        if lit is not None:
            i = end
            continue
        if src[i] == "'":  # char literal or lifetime: step over a quoted `"` or `'`
            m = re.compile(r"'(?:\\.|[^\\'\n])'").match(src, i)
            i = m.end() if m else i + 1
            continue
        if src.startswith("//", i):
            end = src.find("\n", i)
            end = n if end < 0 else end
            for k in range(i, end):
                out[k] = " "
            i = end
            continue
        if src.startswith("/*", i):
            depth, k = 1, i + 2
            while k < n and depth:
                if src.startswith("/*", k):
                    depth, k = depth + 1, k + 2
                elif src.startswith("*/", k):
                    depth, k = depth - 1, k + 2
                else:
                    k += 1
            for q in range(i, k):
                if out[q] != "\n":
                    out[q] = " "
            i = k
            continue
        i += 1
    return "".join(out)


def call_literals(src: str, open_paren: int) -> tuple[int, list[str]]:
    """The string literals inside the call whose `(` is at open_paren, and its end."""
    depth, i, lits = 0, open_paren, []
    while i < len(src):
        end, lit = skip_string(src, i)
        if lit is not None:
            lits.append(lit)
            i = end
            continue
        c = src[i]
        if c == "'":
            m = re.compile(r"'(?:\\.|[^\\'\n])'").match(src, i)
            i = m.end() if m else i + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1, lits
        i += 1
    return i, lits


def is_sql(lits: list[str]) -> bool:
    joined = " ".join(lits)
    return bool(SQL_UPPER.search(joined)) or any(SQL_LOWER.search(lit) for lit in lits)


def scan_file(path: str, text: str) -> list[tuple[int, str]]:
    code = blank_comments(text)
    lines = text.split("\n")
    found: dict[int, str] = {}
    for m in MACROS.finditer(code):
        _, lits = call_literals(code, m.end() - 1)
        if not is_sql(lits):
            continue
        line = code.count("\n", 0, m.start()) + 1
        here = lines[line - 1]
        above = lines[line - 2] if line >= 2 else ""
        if MARKER.search(here) or MARKER.search(above):
            continue
        found.setdefault(line, here.strip())
    return sorted(found.items())


def main() -> int:
    root, allow_path = parse_args(__doc__, "no_string_sql.allow")
    allow = [glob for (glob,) in load_allow(allow_path, 1, "<glob>")]

    bad = 0
    files = tracked_files(root, "*.rs")
    for rel in files:
        if any(fnmatch.fnmatchcase(rel, glob) for glob in allow):
            continue
        with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
            text = f.read()
        for line, snippet in scan_file(rel, text):
            print(f"{rel}:{line}: SQL built by string formatting: {snippet[:160]}")
            bad += 1
    return report(
        bad,
        "place(s) build SQL with format!/write!/push_str. Bind values as parameters (?1, ?2) "
        "instead; for a vetted use (constant identifiers, SQL that the guard checks) add "
        "`// sql-format: <reason>` on the line or a glob with a reason to scripts/ci/no_string_sql.allow.",
        f"no string-built SQL outside the allowed places ({len(files)} Rust files, {len(allow)} allow-list entries)",
    )

if __name__ == "__main__":
    sys.exit(main())
