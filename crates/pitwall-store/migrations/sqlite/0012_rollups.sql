-- Per-minute roll-ups (issue 11): what the daily and weekly reports and the
-- admin dashboard read, so they never scan the raw history. The app sums
-- traffic in memory and flushes it about once a minute (and on shutdown):
-- no write per request. A flush adds to an existing row of the same key, so
-- a restart within a minute loses nothing and counts nothing twice.
--
-- series: http | answer | principal | auth_failure | rejection | declined |
--         resource; a, b, c: that series' labels (see pitwall_store::rollup).
-- l0..l15: latency counts per bucket (the metrics' upper bounds, 0.5 ms to
-- 30 s, then slower).
CREATE TABLE rollup_minutes (
    minute INTEGER NOT NULL,
    series TEXT NOT NULL,
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    c TEXT NOT NULL,
    count INTEGER NOT NULL DEFAULT 0,
    cost_micros INTEGER NOT NULL DEFAULT 0,
    value REAL NOT NULL DEFAULT 0,
    l0 INTEGER NOT NULL DEFAULT 0, l1 INTEGER NOT NULL DEFAULT 0,
    l2 INTEGER NOT NULL DEFAULT 0, l3 INTEGER NOT NULL DEFAULT 0,
    l4 INTEGER NOT NULL DEFAULT 0, l5 INTEGER NOT NULL DEFAULT 0,
    l6 INTEGER NOT NULL DEFAULT 0, l7 INTEGER NOT NULL DEFAULT 0,
    l8 INTEGER NOT NULL DEFAULT 0, l9 INTEGER NOT NULL DEFAULT 0,
    l10 INTEGER NOT NULL DEFAULT 0, l11 INTEGER NOT NULL DEFAULT 0,
    l12 INTEGER NOT NULL DEFAULT 0, l13 INTEGER NOT NULL DEFAULT 0,
    l14 INTEGER NOT NULL DEFAULT 0, l15 INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (minute, series, a, b, c)
) WITHOUT ROWID;
