-- Security events: failed authentications, blocked users' keys and
-- requests refused by limits. Sampled by the app (at most one row per
-- principal and kind per minute), so a flood adds rows at a bounded rate.
CREATE TABLE security_events (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,               -- RFC 3339 UTC
    kind       TEXT NOT NULL,               -- failed_auth | blocked | rate_limited
    principal  TEXT NOT NULL,               -- user:<id>, or ip:<group> when no key was valid
    ip_group   TEXT NOT NULL,
    key_id     TEXT,                        -- public id of the key presented, if it parsed
    detail     TEXT NOT NULL DEFAULT ''     -- e.g. the 429's code
);
CREATE INDEX security_events_at ON security_events(at);
