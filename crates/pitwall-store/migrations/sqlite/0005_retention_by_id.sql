-- Retention deletes by the time-ordered UUIDv7 primary key (minted when the
-- question is asked), so this index is one more page written per answer for
-- nothing.
DROP INDEX IF EXISTS history_created_at;
