#!/usr/bin/env python3
"""Tests for scripts/ci/secret_scan.py and scripts/ci/no_string_sql.py.

Each case builds a throw-away git tree (files staged, so `git ls-files` lists
them), runs the check on it and asserts the exit status. Key-shaped strings
are generated at run time, so this file holds none for the scan to find.

Run: python3 scripts/ci/tests/test_checks.py
"""

from __future__ import annotations

import os
import random
import string
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SECRET_SCAN = os.path.join(HERE, "..", "secret_scan.py")
NO_STRING_SQL = os.path.join(HERE, "..", "no_string_sql.py")

RNG = random.Random(20261130)
B62 = string.ascii_letters + string.digits
HEX = "0123456789abcdef"


def rand(alphabet: str, n: int) -> str:
    return "".join(RNG.choice(alphabet) for _ in range(n))


def run_on(
    script: str, files: dict[str, str], allow: str | None = None, untracked: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    with tempfile.TemporaryDirectory() as root:
        subprocess.run(["git", "init", "-q", root], check=True)
        for rel, text in {**(untracked or {}), **files}.items():
            path = os.path.join(root, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        subprocess.run(["git", "-C", root, "add", "--", *files], check=True)
        cmd = [sys.executable, script, "--root", root, "--allow", os.path.join(root, "allow.txt")]
        if allow is not None:
            with open(os.path.join(root, "allow.txt"), "w", encoding="utf-8") as f:
                f.write(allow)
        return subprocess.run(cmd, capture_output=True, text=True)


def planted_secrets() -> dict[str, str]:
    """One file per rule, each holding a freshly made real-looking secret."""
    return {
        "openai": f"OPENAI_API_KEY=sk-{rand(B62, 48)}\n",
        "openai-project": f'base_url = "x"\nkey = "sk-proj-{rand(B62 + "_-", 120)}"\n',
        "pitwall": f'curl -H "Authorization: Bearer pw_{rand(HEX, 16)}_{rand(HEX, 64)}"\n',
        "aws": f"aws_access_key_id = AKIA{rand(string.ascii_uppercase + string.digits, 16)}\n",
        "private-key": "-----BEGIN " + "RSA PRIVATE" + " KEY-----\nMIIE...\n",
        "github": f"GH=ghp_{rand(B62, 36)}\n",
        "slack": f"SLACK=xoxb-{rand(string.digits, 12)}-{rand(B62, 24)}\n",
        "password": f'db:\n  password: "{rand(B62, 20)}"\n',
        "api_key": f'const API_KEY: &str = "{rand(B62, 32)}";\n',
    }


CLEAN_TREE = {
    # What the repository really holds: test keys built at run time or plainly fake.
    "README.md": "Put `OPENAI_API_KEY=sk-...` in the environment; keys look like `pw_…`.\n",
    "src/lib.rs": 'let key = format!("pw_{}_{}", "a".repeat(16), "b".repeat(64));\n'
    'const API_KEY: &str = "fake-key-PITWALL-e2e-7f3a9c";\n'
    '("OPENAI_API_KEY", "sk' + '-test-user-budget"),\n'
    '"Bearer pw_0123456789abcdef_' + "0" * 64 + '",\n'
    "let password = env.secret(\"PITWALL_DB_PASSWORD\")?;\n",
    "Cargo.lock": f'checksum = "{rand(HEX, 64)}"\n',
    "docs/aws.md": "The AWS docs' example id is AKIA" + "IOSFODNN7EXAMPLE.\n",
}


class SecretScan(unittest.TestCase):
    def test_a_clean_tree_passes(self) -> None:
        res = run_on(SECRET_SCAN, CLEAN_TREE)
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)

    def test_every_planted_secret_fails_and_is_not_echoed_whole(self) -> None:
        for rule, text in planted_secrets().items():
            with self.subTest(rule=rule):
                res = run_on(SECRET_SCAN, {**CLEAN_TREE, f"config/{rule}.txt": text})
                self.assertEqual(res.returncode, 1, res.stdout + res.stderr)
                self.assertIn(f"config/{rule}.txt:", res.stdout)
                secret = text.strip().split()[-1].strip('"')[-16:]
                self.assertNotIn(secret, res.stdout, "the finding echoes the secret")

    def test_an_untracked_file_is_not_scanned_but_a_tracked_one_is(self) -> None:
        key = {"local.env": f"K=sk-{rand(B62, 48)}\n"}
        self.assertEqual(run_on(SECRET_SCAN, CLEAN_TREE, untracked=key).returncode, 0)
        self.assertEqual(run_on(SECRET_SCAN, {**CLEAN_TREE, **key}).returncode, 1)

    def test_an_allow_list_entry_with_the_fingerprint_allows_that_value_only(self) -> None:
        text = f"GH=ghp_{rand(B62, 36)}\n"
        res = run_on(SECRET_SCAN, {"notes.txt": text})
        self.assertEqual(res.returncode, 1)
        fp = res.stdout.split("fingerprint ")[1].split()[0]
        allow = f"notes.txt github {fp}  # a revoked token kept as a documented example\n"
        self.assertEqual(run_on(SECRET_SCAN, {"notes.txt": text}, allow).returncode, 0)
        other = text + f"GH2=ghp_{rand(B62, 36)}\n"
        self.assertEqual(run_on(SECRET_SCAN, {"notes.txt": other}, allow).returncode, 1)

    def test_an_allow_list_entry_needs_a_reason(self) -> None:
        res = run_on(SECRET_SCAN, CLEAN_TREE, "notes.txt github *\n")
        self.assertEqual(res.returncode, 2, res.stdout)


RUST_CLEAN = """
fn ok(conn: &Connection, name: &str) -> Result<()> {
    conn.execute("DELETE FROM drivers WHERE name = ?1", [name])?;
    let msg = format!("won from pole in {year}");
    // format!("SELECT * FROM t WHERE a = {a}") in a comment is not code
    const Q: &str = concat!("SELECT id ", "FROM drivers");
    let label = format!("preparing insert into {}", table);
    Ok(())
}
"""


def rust_with(line: str) -> str:
    return "fn f(conn: &Connection, name: &str) {\n    " + line + "\n}\n"


class NoStringSql(unittest.TestCase):
    def test_a_clean_tree_passes(self) -> None:
        res = run_on(NO_STRING_SQL, {"crates/a/src/lib.rs": RUST_CLEAN})
        self.assertEqual(res.returncode, 0, res.stdout + res.stderr)

    def test_planted_string_built_sql_fails(self) -> None:
        planted = [
            "conn.execute(&format!(\"DELETE FROM drivers WHERE name = '{name}'\"), [])?;",
            'let sql = format!(\n        "SELECT id\\n         FROM drivers WHERE code = \'{}\'",\n        name\n    );',
            "let q = format!(\"select * from drivers where name = '{name}'\");",
            'sql.push_str(" WHERE name = \'");',
            "write!(sql, \"UPDATE drivers SET name = '{name}'\")?;",
            'let s = format!(r#"INSERT INTO t (a) VALUES ("{name}")"#);',
        ]
        for line in planted:
            with self.subTest(line=line):
                res = run_on(NO_STRING_SQL, {"crates/a/src/lib.rs": RUST_CLEAN, "crates/b/src/db.rs": rust_with(line)})
                self.assertEqual(res.returncode, 1, res.stdout + res.stderr)
                self.assertIn("crates/b/src/db.rs:", res.stdout)

    def test_a_marker_comment_or_an_allow_list_glob_allows_it(self) -> None:
        bad = 'let q = format!("SELECT count(*) FROM {TABLE}");'
        marked = rust_with("// sql-format: TABLE is a constant\n    " + bad)
        self.assertEqual(run_on(NO_STRING_SQL, {"crates/b/src/db.rs": marked}).returncode, 0)
        same_line = rust_with(bad + " // sql-format: TABLE is a constant")
        self.assertEqual(run_on(NO_STRING_SQL, {"crates/b/src/db.rs": same_line}).returncode, 0)
        allow = "crates/b/src/*  # constant table names only\n"
        self.assertEqual(run_on(NO_STRING_SQL, {"crates/b/src/db.rs": rust_with(bad)}, allow).returncode, 0)
        empty_marker = rust_with(bad + " // sql-format:")
        self.assertEqual(run_on(NO_STRING_SQL, {"crates/b/src/db.rs": empty_marker}).returncode, 1)

    def test_an_allow_list_entry_needs_a_reason(self) -> None:
        res = run_on(NO_STRING_SQL, {"crates/a/src/lib.rs": RUST_CLEAN}, "crates/b/src/*\n")
        self.assertEqual(res.returncode, 2, res.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=1)
