-- Retention (issue 12) finds expired rows by time in every table it prunes.
-- Resolved alerts are pruned by when they cleared (firing alerts never are),
-- so that needs its own index. Expand-only: an index the previous release
-- does not know is invisible to it.
CREATE INDEX alerts_resolved_at ON alerts(resolved_at) WHERE resolved_at IS NOT NULL;
