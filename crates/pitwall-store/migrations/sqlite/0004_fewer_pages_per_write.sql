-- Every B-tree a row touches is one more page written to the WAL per commit,
-- and app-state commits are on the answer path (one per question).

-- history(principal, id) serves no query yet (history is not listed per
-- user); it comes back with the query that needs it.
DROP INDEX IF EXISTS history_principal;

-- The usage ledger without AUTOINCREMENT: its sqlite_sequence row was one
-- more page written per LLM call. Ids only order rows; ledger rows are
-- never deleted one by one, so a reused id cannot reorder anything.
CREATE TABLE usage_ledger_v2 (
    id                INTEGER PRIMARY KEY,
    request_id        TEXT NOT NULL,
    principal         TEXT NOT NULL,
    model             TEXT NOT NULL,
    prompt_tokens     INTEGER NOT NULL,
    cached_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_micros       INTEGER NOT NULL,
    at                TEXT NOT NULL           -- RFC 3339 UTC
);
INSERT INTO usage_ledger_v2
    (id, request_id, principal, model, prompt_tokens, cached_tokens, completion_tokens, cost_micros, at)
    SELECT id, request_id, principal, model, prompt_tokens, cached_tokens, completion_tokens, cost_micros, at
    FROM usage_ledger;
DROP TABLE usage_ledger;
ALTER TABLE usage_ledger_v2 RENAME TO usage_ledger;
CREATE INDEX usage_ledger_at ON usage_ledger(at);
CREATE INDEX usage_ledger_principal_at ON usage_ledger(principal, at);
