-- What each question was understood as, and the words that could not be
-- placed, so operators can see what people ask that the engine misses.
-- Additive: rows written before it read as no interpretation and no
-- unplaced words (neither was recorded then).
ALTER TABLE history ADD COLUMN interpretation TEXT NOT NULL DEFAULT '';
ALTER TABLE history ADD COLUMN unparsed_json TEXT NOT NULL DEFAULT '[]';
