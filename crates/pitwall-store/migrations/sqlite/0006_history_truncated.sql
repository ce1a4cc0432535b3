-- Whether the stored answer or table was cut to the size caps (answer text,
-- rows, cell text). Additive: rows written before it read as not truncated,
-- which they were not (no cap was applied then).
ALTER TABLE history ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;
