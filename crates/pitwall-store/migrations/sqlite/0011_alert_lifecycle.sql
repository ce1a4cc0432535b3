-- One alert model for every rule (issue 11): a severity, a detail line and
-- when the condition cleared. Expand-only: the previous release reads and
-- writes alerts (kind, message, scope, percent, at) exactly as before.
ALTER TABLE alerts ADD COLUMN severity TEXT NOT NULL DEFAULT 'warning';
ALTER TABLE alerts ADD COLUMN detail TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN resolved_at TEXT;
-- Alerts raised before were one-off events: they count as resolved when
-- raised, so the first evaluation after the upgrade does not resolve (and
-- announce) each of them. The previous release never reads this column.
UPDATE alerts SET resolved_at = at WHERE resolved_at IS NULL;
-- "Which alerts of this rule are firing" is asked every evaluation.
CREATE INDEX alerts_firing ON alerts(kind) WHERE resolved_at IS NULL;
