-- Usage ledger roll-up (issue 12): raw ledger rows older than the raw
-- retention (35 days by default, longer than any budget period) are folded
-- into one row per UTC day, principal and model, then deleted; these rows
-- are kept for two years. Admin usage reads raw rows and these together.
-- Expand-only: the previous release never reads or writes this table, and
-- the ledger keeps every column it uses.
CREATE TABLE usage_daily (
    day               TEXT NOT NULL,           -- YYYY-MM-DD (UTC)
    principal         TEXT NOT NULL,
    model             TEXT NOT NULL,
    calls             INTEGER NOT NULL DEFAULT 0,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    cached_tokens     INTEGER NOT NULL DEFAULT 0,
    completion_tokens INTEGER NOT NULL DEFAULT 0,
    cost_micros       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (day, principal, model)
);  -- a rowid table: retention deletes expired aggregates by rowid
CREATE INDEX usage_daily_principal_day ON usage_daily(principal, day);
