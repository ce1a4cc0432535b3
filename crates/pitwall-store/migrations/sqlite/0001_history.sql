-- Question history. One row per question asked, written before the answer
-- is sent so an acknowledged answer survives a crash.
CREATE TABLE history (
    id             TEXT PRIMARY KEY,          -- UUIDv7: time-ordered, so it doubles as the pagination cursor
    question       TEXT NOT NULL,
    normalised     TEXT NOT NULL,
    answer         TEXT NOT NULL,
    source         TEXT NOT NULL,             -- local | cache | llm | fallback
    status         TEXT NOT NULL,             -- answered | unanswered | fallback | error
    reason         TEXT,                      -- fallback reason, when there is one
    intent         TEXT,
    sql_text       TEXT,
    columns_json   TEXT NOT NULL DEFAULT '[]',
    rows_json      TEXT NOT NULL DEFAULT '[]',
    row_count      INTEGER NOT NULL DEFAULT 0,
    confidence     REAL,
    latency_ms     INTEGER NOT NULL,
    request_id     TEXT NOT NULL,
    principal      TEXT NOT NULL DEFAULT 'anonymous',
    created_at     TEXT NOT NULL              -- RFC 3339 UTC
);

CREATE INDEX history_created_at ON history(created_at);
CREATE INDEX history_principal ON history(principal, id);
