-- Usage ledger: one row per billed LLM call. Budgets are restored from it at
-- start-up, so a restart cannot reset today's spend to zero.
CREATE TABLE usage_ledger (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id        TEXT NOT NULL,
    principal         TEXT NOT NULL,
    model             TEXT NOT NULL,
    prompt_tokens     INTEGER NOT NULL,
    cached_tokens     INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    cost_micros       INTEGER NOT NULL,
    at                TEXT NOT NULL           -- RFC 3339 UTC
);
CREATE INDEX usage_ledger_at ON usage_ledger(at);
CREATE INDEX usage_ledger_principal_at ON usage_ledger(principal, at);

-- Alerts raised (budget thresholds, billing exhausted), kept for operators.
CREATE TABLE alerts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    kind     TEXT NOT NULL,
    message  TEXT NOT NULL,
    scope    TEXT,
    percent  INTEGER,
    at       TEXT NOT NULL
);
CREATE INDEX alerts_at ON alerts(at);
