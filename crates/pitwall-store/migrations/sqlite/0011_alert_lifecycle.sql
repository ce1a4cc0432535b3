-- One alert model for every rule (issue 11): a severity, a detail line and
-- when the condition cleared. Expand-only: the previous release reads and
-- writes alerts (kind, message, scope, percent, at) exactly as before, and
-- its rows read back as warnings with no detail that never resolved.
ALTER TABLE alerts ADD COLUMN severity TEXT NOT NULL DEFAULT 'warning';
ALTER TABLE alerts ADD COLUMN detail TEXT NOT NULL DEFAULT '';
ALTER TABLE alerts ADD COLUMN resolved_at TEXT;
-- "Which alerts of this rule are firing" is asked every evaluation.
CREATE INDEX alerts_firing ON alerts(kind) WHERE resolved_at IS NULL;
