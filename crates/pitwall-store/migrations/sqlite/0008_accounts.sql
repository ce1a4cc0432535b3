-- Users, their API keys (only an HMAC of the secret), plans changed at run
-- time, operator settings that must survive a restart (the LLM switch,
-- budget caps) and the audit log of admin actions.
CREATE TABLE users (
    id          TEXT PRIMARY KEY,            -- UUIDv7
    name        TEXT NOT NULL,
    plan        TEXT NOT NULL,
    blocked     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

CREATE TABLE api_keys (
    public_id     TEXT PRIMARY KEY,          -- the `<public id>` of pw_<public id>_<secret>
    user_id       TEXT NOT NULL REFERENCES users(id),
    label         TEXT NOT NULL,
    role          TEXT NOT NULL,             -- user | admin
    hash          BLOB NOT NULL,             -- HMAC-SHA-256(pepper, public_id ':' secret)
    created_at    TEXT NOT NULL,
    expires_at    TEXT,
    revoked_at    TEXT,
    last_used_at  TEXT
);
CREATE INDEX api_keys_user ON api_keys(user_id);

CREATE TABLE plans (
    name         TEXT PRIMARY KEY,
    limits_json  TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);

CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value_json  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

CREATE TABLE audit_log (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    actor        TEXT NOT NULL,
    action       TEXT NOT NULL,
    target       TEXT NOT NULL,
    before_json  TEXT,
    after_json   TEXT,
    request_id   TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log(at);
