-- History is listed, erased and counted per principal since principals came
-- in (migration 8): `WHERE principal = ? AND id < ? ORDER BY id DESC` and
-- `DELETE ... WHERE principal = ?`. Without this index each of those scans
-- the whole table, i.e. one user's page read costs every user's rows. The
-- extra B-tree page per insert (why migration 4 dropped it) is the price.
CREATE INDEX IF NOT EXISTS history_principal ON history(principal, id);
