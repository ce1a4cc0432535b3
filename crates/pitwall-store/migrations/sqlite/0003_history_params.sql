-- The parameters of the parameterised SQL, so a stored answer can be re-run exactly.
ALTER TABLE history ADD COLUMN params_json TEXT NOT NULL DEFAULT '[]';
