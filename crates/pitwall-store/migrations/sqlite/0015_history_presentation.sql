-- How each answer is presented: its columns' human labels and its chart
-- hint, as one JSON object {"column_labels": [...], "chart": {...}|null},
-- so GET /v1/history/{id} returns exactly what POST /v1/ask did and the
-- chart route can draw a stored answer. Additive: rows written before it
-- read as no labels (the app falls back to generic ones) and no chart.
ALTER TABLE history ADD COLUMN presentation_json TEXT NOT NULL DEFAULT '{}';
