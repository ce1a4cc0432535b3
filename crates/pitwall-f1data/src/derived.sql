-- Derived aggregate tables: career, season and circuit totals per driver and
-- per constructor, and each completed season's champions. Built by the import
-- after the load, inside the same transaction and the same temporary file, so
-- a re-import rebuilds them atomically with the data they summarise; nothing
-- else writes them. They exist so that no local answer scans a whole table:
-- an all-time leader or a career count is an index lookup here instead of an
-- aggregate over every `results` row. They are not part of the Ergast schema
-- (`schema.sql`) and are not shown to the LLM path.
--
-- Counting conventions (../shared/questions/README.md, "Gold conventions"),
-- per `results` row (Grand Prix only; sprints count only towards points):
--   entries       every results row, including 'F' (failed to qualify) and 'W'
--   starts        positionText NOT IN ('F', 'W')
--   wins          position = 1
--   podiums       position <= 3
--   poles         grid = 1 (the career and all-time convention; race-specific
--                 questions from 2003 use qualifying.position instead)
--   fastest_laps  rank = 1 (recorded from 2004)
--   dnfs          positionText = 'R'
--   gp_points     SUM(results.points); sprint_points SUM(sprint_results.points)
--   points        SUM over both, as scored
-- (each sum NULL when no row counts, as SUM gives: NULL sprint_points means
-- no sprint rows; the totals equal a direct SUM over the same rows)
-- Driver tables count rows (a 1950s driver sharing two cars in one race
-- counts twice). Constructor tables count races for wins, poles and fastest
-- laps (COUNT(DISTINCT raceId): shared drives), rows for podiums, and have
-- both for starts and DNFs (`starts`/`dnfs` = car rows, `start_races`/
-- `dnf_races` = races with at least one).
--
-- Titles: the position-1 rows of the final-round standings (the last round of
-- each season with standings rows) of every season up to the last complete
-- one: the last season with results, and before the first season that has a
-- race without results (2025 is incomplete in the data, so titles stop at
-- 2024). Orphan result rows (a raceId with no race, reported by the import)
-- count in career tables only.

-- One row per results row and per sprint_results row, with the counted flags.
CREATE TEMP TABLE agg_source AS
SELECT r.driverId, r.constructorId, r.raceId, ra.year, ra.circuitId,
       1 AS entry,
       CASE WHEN r.positionText NOT IN ('F', 'W') THEN 1 ELSE 0 END AS start,
       CASE WHEN r.position = 1 THEN 1 ELSE 0 END AS win,
       CASE WHEN r.position <= 3 THEN 1 ELSE 0 END AS podium,
       CASE WHEN r.grid = 1 THEN 1 ELSE 0 END AS pole,
       CASE WHEN r.rank = 1 THEN 1 ELSE 0 END AS fastest_lap,
       CASE WHEN r.positionText = 'R' THEN 1 ELSE 0 END AS dnf,
       r.points AS gp_points, NULL AS sprint_points, r.points AS points
FROM results r LEFT JOIN races ra ON ra.raceId = r.raceId
UNION ALL
SELECT s.driverId, s.constructorId, s.raceId, ra.year, ra.circuitId,
       0, 0, 0, 0, 0, 0, 0, NULL, s.points, s.points
FROM sprint_results s LEFT JOIN races ra ON ra.raceId = s.raceId;

-- Per driver: career, season, circuit.
CREATE TABLE agg_driver_career (
    driverId      INTEGER PRIMARY KEY,
    entries       INTEGER NOT NULL,
    starts        INTEGER NOT NULL,
    wins          INTEGER NOT NULL,
    podiums       INTEGER NOT NULL,
    poles         INTEGER NOT NULL,
    fastest_laps  INTEGER NOT NULL,
    dnfs          INTEGER NOT NULL,
    gp_points     REAL,
    sprint_points REAL,
    points        REAL,
    titles        INTEGER NOT NULL DEFAULT 0
);
INSERT INTO agg_driver_career
    (driverId, entries, starts, wins, podiums, poles, fastest_laps, dnfs, gp_points, sprint_points, points)
SELECT driverId, SUM(entry), SUM(start), SUM(win), SUM(podium), SUM(pole), SUM(fastest_lap), SUM(dnf),
       SUM(gp_points), SUM(sprint_points), SUM(points)
FROM agg_source GROUP BY driverId;

CREATE TABLE agg_driver_season (
    driverId      INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    entries       INTEGER NOT NULL,
    starts        INTEGER NOT NULL,
    wins          INTEGER NOT NULL,
    podiums       INTEGER NOT NULL,
    poles         INTEGER NOT NULL,
    fastest_laps  INTEGER NOT NULL,
    dnfs          INTEGER NOT NULL,
    gp_points     REAL,
    sprint_points REAL,
    points        REAL,
    PRIMARY KEY (driverId, year)
) WITHOUT ROWID;
INSERT INTO agg_driver_season
SELECT driverId, year, SUM(entry), SUM(start), SUM(win), SUM(podium), SUM(pole), SUM(fastest_lap), SUM(dnf),
       SUM(gp_points), SUM(sprint_points), SUM(points)
FROM agg_source WHERE year IS NOT NULL GROUP BY driverId, year;

CREATE TABLE agg_driver_circuit (
    driverId      INTEGER NOT NULL,
    circuitId     INTEGER NOT NULL,
    entries       INTEGER NOT NULL,
    starts        INTEGER NOT NULL,
    wins          INTEGER NOT NULL,
    podiums       INTEGER NOT NULL,
    poles         INTEGER NOT NULL,
    fastest_laps  INTEGER NOT NULL,
    dnfs          INTEGER NOT NULL,
    gp_points     REAL,
    sprint_points REAL,
    points        REAL,
    PRIMARY KEY (driverId, circuitId)
) WITHOUT ROWID;
INSERT INTO agg_driver_circuit
SELECT driverId, circuitId, SUM(entry), SUM(start), SUM(win), SUM(podium), SUM(pole), SUM(fastest_lap), SUM(dnf),
       SUM(gp_points), SUM(sprint_points), SUM(points)
FROM agg_source WHERE circuitId IS NOT NULL GROUP BY driverId, circuitId;

-- Per constructor: career, season, circuit.
CREATE TABLE agg_constructor_career (
    constructorId INTEGER PRIMARY KEY,
    entries       INTEGER NOT NULL,
    starts        INTEGER NOT NULL,
    start_races   INTEGER NOT NULL,
    wins          INTEGER NOT NULL,
    podiums       INTEGER NOT NULL,
    poles         INTEGER NOT NULL,
    fastest_laps  INTEGER NOT NULL,
    dnfs          INTEGER NOT NULL,
    dnf_races     INTEGER NOT NULL,
    gp_points     REAL,
    sprint_points REAL,
    points        REAL,
    titles        INTEGER NOT NULL DEFAULT 0
);
INSERT INTO agg_constructor_career
    (constructorId, entries, starts, start_races, wins, podiums, poles, fastest_laps, dnfs, dnf_races,
     gp_points, sprint_points, points)
SELECT constructorId, SUM(entry), SUM(start), COUNT(DISTINCT CASE WHEN start = 1 THEN raceId END),
       COUNT(DISTINCT CASE WHEN win = 1 THEN raceId END), SUM(podium),
       COUNT(DISTINCT CASE WHEN pole = 1 THEN raceId END),
       COUNT(DISTINCT CASE WHEN fastest_lap = 1 THEN raceId END),
       SUM(dnf), COUNT(DISTINCT CASE WHEN dnf = 1 THEN raceId END),
       SUM(gp_points), SUM(sprint_points), SUM(points)
FROM agg_source GROUP BY constructorId;

CREATE TABLE agg_constructor_season (
    constructorId INTEGER NOT NULL,
    year          INTEGER NOT NULL,
    entries       INTEGER NOT NULL,
    starts        INTEGER NOT NULL,
    start_races   INTEGER NOT NULL,
    wins          INTEGER NOT NULL,
    podiums       INTEGER NOT NULL,
    poles         INTEGER NOT NULL,
    fastest_laps  INTEGER NOT NULL,
    dnfs          INTEGER NOT NULL,
    dnf_races     INTEGER NOT NULL,
    gp_points     REAL,
    sprint_points REAL,
    points        REAL,
    PRIMARY KEY (constructorId, year)
) WITHOUT ROWID;
INSERT INTO agg_constructor_season
SELECT constructorId, year, SUM(entry), SUM(start), COUNT(DISTINCT CASE WHEN start = 1 THEN raceId END),
       COUNT(DISTINCT CASE WHEN win = 1 THEN raceId END), SUM(podium),
       COUNT(DISTINCT CASE WHEN pole = 1 THEN raceId END),
       COUNT(DISTINCT CASE WHEN fastest_lap = 1 THEN raceId END),
       SUM(dnf), COUNT(DISTINCT CASE WHEN dnf = 1 THEN raceId END),
       SUM(gp_points), SUM(sprint_points), SUM(points)
FROM agg_source WHERE year IS NOT NULL GROUP BY constructorId, year;

CREATE TABLE agg_constructor_circuit (
    constructorId INTEGER NOT NULL,
    circuitId     INTEGER NOT NULL,
    entries       INTEGER NOT NULL,
    starts        INTEGER NOT NULL,
    start_races   INTEGER NOT NULL,
    wins          INTEGER NOT NULL,
    podiums       INTEGER NOT NULL,
    poles         INTEGER NOT NULL,
    fastest_laps  INTEGER NOT NULL,
    dnfs          INTEGER NOT NULL,
    dnf_races     INTEGER NOT NULL,
    gp_points     REAL,
    sprint_points REAL,
    points        REAL,
    PRIMARY KEY (constructorId, circuitId)
) WITHOUT ROWID;
INSERT INTO agg_constructor_circuit
SELECT constructorId, circuitId, SUM(entry), SUM(start), COUNT(DISTINCT CASE WHEN start = 1 THEN raceId END),
       COUNT(DISTINCT CASE WHEN win = 1 THEN raceId END), SUM(podium),
       COUNT(DISTINCT CASE WHEN pole = 1 THEN raceId END),
       COUNT(DISTINCT CASE WHEN fastest_lap = 1 THEN raceId END),
       SUM(dnf), COUNT(DISTINCT CASE WHEN dnf = 1 THEN raceId END),
       SUM(gp_points), SUM(sprint_points), SUM(points)
FROM agg_source WHERE circuitId IS NOT NULL GROUP BY constructorId, circuitId;

DROP TABLE agg_source;

-- Champions: one row per completed season and title holder.
CREATE TEMP TABLE agg_last_complete AS
SELECT MIN(
    COALESCE((SELECT MAX(ra.year) FROM races ra
              WHERE EXISTS (SELECT 1 FROM results r WHERE r.raceId = ra.raceId)), 0),
    COALESCE((SELECT MIN(ra.year) - 1 FROM races ra
              WHERE NOT EXISTS (SELECT 1 FROM results r WHERE r.raceId = ra.raceId)), 1000000000)
) AS year;

CREATE TABLE agg_driver_titles (
    year     INTEGER NOT NULL,
    driverId INTEGER NOT NULL,
    raceId   INTEGER NOT NULL, -- the season's final round
    points   REAL NOT NULL,
    wins     INTEGER NOT NULL,
    PRIMARY KEY (year, driverId)
) WITHOUT ROWID;
INSERT INTO agg_driver_titles
SELECT ra.year, s.driverId, s.raceId, s.points, s.wins
FROM driver_standings s JOIN races ra ON ra.raceId = s.raceId
JOIN (SELECT year, MAX(round) AS round FROM races
      WHERE raceId IN (SELECT raceId FROM driver_standings)
        AND year <= (SELECT year FROM agg_last_complete) GROUP BY year) f
  ON f.year = ra.year AND f.round = ra.round
WHERE s.position = 1;

CREATE TABLE agg_constructor_titles (
    year          INTEGER NOT NULL,
    constructorId INTEGER NOT NULL,
    raceId        INTEGER NOT NULL, -- the season's final round
    points        REAL NOT NULL,
    wins          INTEGER NOT NULL,
    PRIMARY KEY (year, constructorId)
) WITHOUT ROWID;
INSERT INTO agg_constructor_titles
SELECT ra.year, s.constructorId, s.raceId, s.points, s.wins
FROM constructor_standings s JOIN races ra ON ra.raceId = s.raceId
JOIN (SELECT year, MAX(round) AS round FROM races
      WHERE raceId IN (SELECT raceId FROM constructor_standings)
        AND year <= (SELECT year FROM agg_last_complete) GROUP BY year) f
  ON f.year = ra.year AND f.round = ra.round
WHERE s.position = 1;

DROP TABLE agg_last_complete;

UPDATE agg_driver_career SET titles =
    (SELECT COUNT(*) FROM agg_driver_titles t WHERE t.driverId = agg_driver_career.driverId);
UPDATE agg_constructor_career SET titles =
    (SELECT COUNT(*) FROM agg_constructor_titles t WHERE t.constructorId = agg_constructor_career.constructorId);

-- Per driver and counted result: the date of the first and of the last
-- Grand Prix with it (from `results` only, as the age records count). The
-- youngest or oldest driver to win, start, score... is the minimum over
-- these of the age at that date: ~900 rows instead of every result row.
-- `measure`: entry, start, win, podium, pole, fastest_lap, dnf, points
-- (points: a points finish, `points > 0`).
CREATE TABLE agg_driver_dates (
    measure    TEXT NOT NULL,
    driverId   INTEGER NOT NULL,
    first_race INTEGER NOT NULL, -- raceId of the first such Grand Prix
    first_date TEXT NOT NULL,
    last_race  INTEGER NOT NULL, -- raceId of the last
    last_date  TEXT NOT NULL,
    PRIMARY KEY (measure, driverId)
) WITHOUT ROWID;
-- Every results row once per measure, flagged when it counts (rows of
-- drivers, constructors and races that exist, as the engine's scans join).
CREATE TEMP TABLE agg_flagged AS
SELECT m.measure, r.driverId, ra.raceId, ra.date,
       CASE m.measure
         WHEN 'entry' THEN 1
         WHEN 'start' THEN r.positionText NOT IN ('F', 'W')
         WHEN 'win' THEN r.position = 1
         WHEN 'podium' THEN r.position <= 3
         WHEN 'pole' THEN r.grid = 1
         WHEN 'fastest_lap' THEN r.rank = 1
         WHEN 'dnf' THEN r.positionText = 'R'
         WHEN 'points' THEN r.points > 0
       END AS hit
FROM results r JOIN races ra ON ra.raceId = r.raceId
JOIN drivers d ON d.driverId = r.driverId
JOIN constructors c ON c.constructorId = r.constructorId
JOIN circuits ci ON ci.circuitId = ra.circuitId
JOIN (SELECT 'entry' AS measure UNION ALL SELECT 'start' UNION ALL SELECT 'win'
      UNION ALL SELECT 'podium' UNION ALL SELECT 'pole' UNION ALL SELECT 'fastest_lap'
      UNION ALL SELECT 'dnf' UNION ALL SELECT 'points') m
WHERE ra.date IS NOT NULL;
-- (A bare column next to MIN or MAX comes from the row holding it.)
INSERT INTO agg_driver_dates
SELECT f.measure, f.driverId, f.raceId, f.date, l.raceId, l.date
FROM (SELECT measure, driverId, raceId, MIN(date) AS date FROM agg_flagged WHERE hit
      GROUP BY measure, driverId) f
JOIN (SELECT measure, driverId, raceId, MAX(date) AS date FROM agg_flagged WHERE hit
      GROUP BY measure, driverId) l
  USING (measure, driverId);

-- Every unbroken run of a counted result over a driver's own entries in
-- date order ("consecutive wins": gaps and islands), so the longest runs
-- of all drivers are an index read, not window functions over `results`.
CREATE TABLE agg_driver_runs (
    measure   TEXT NOT NULL,
    driverId  INTEGER NOT NULL,
    streak    INTEGER NOT NULL,
    from_date TEXT NOT NULL,
    to_date   TEXT NOT NULL
);
INSERT INTO agg_driver_runs
WITH e AS (SELECT measure, driverId, date, hit,
                  ROW_NUMBER() OVER (PARTITION BY measure, driverId ORDER BY date, raceId) AS n
           FROM agg_flagged),
g AS (SELECT measure, driverId, date,
             n - ROW_NUMBER() OVER (PARTITION BY measure, driverId ORDER BY n) AS grp
      FROM e WHERE hit)
SELECT measure, driverId, COUNT(*), MIN(date), MAX(date)
FROM g GROUP BY measure, driverId, grp;
CREATE INDEX agg_driver_runs_longest ON agg_driver_runs(measure, streak DESC);
DROP TABLE agg_flagged;

-- Indexes: "the most X" reads the first entries of a (X DESC) index, ties in
-- key order (driverId, then year or circuitId); a season's or a circuit's
-- leaders read a (year|circuitId, X DESC) index the same way.
CREATE INDEX agg_driver_career_wins ON agg_driver_career(wins DESC);
CREATE INDEX agg_driver_career_podiums ON agg_driver_career(podiums DESC);
CREATE INDEX agg_driver_career_poles ON agg_driver_career(poles DESC);
CREATE INDEX agg_driver_career_fastest_laps ON agg_driver_career(fastest_laps DESC);
CREATE INDEX agg_driver_career_starts ON agg_driver_career(starts DESC);
CREATE INDEX agg_driver_career_dnfs ON agg_driver_career(dnfs DESC);
CREATE INDEX agg_driver_career_points ON agg_driver_career(points DESC);
CREATE INDEX agg_driver_career_titles ON agg_driver_career(titles DESC);

CREATE INDEX agg_driver_season_wins ON agg_driver_season(wins DESC);
CREATE INDEX agg_driver_season_podiums ON agg_driver_season(podiums DESC);
CREATE INDEX agg_driver_season_poles ON agg_driver_season(poles DESC);
CREATE INDEX agg_driver_season_fastest_laps ON agg_driver_season(fastest_laps DESC);
CREATE INDEX agg_driver_season_starts ON agg_driver_season(starts DESC);
CREATE INDEX agg_driver_season_dnfs ON agg_driver_season(dnfs DESC);
CREATE INDEX agg_driver_season_points ON agg_driver_season(points DESC);
CREATE INDEX agg_driver_season_year_wins ON agg_driver_season(year, wins DESC);
CREATE INDEX agg_driver_season_year_podiums ON agg_driver_season(year, podiums DESC);
CREATE INDEX agg_driver_season_year_poles ON agg_driver_season(year, poles DESC);
CREATE INDEX agg_driver_season_year_fastest_laps ON agg_driver_season(year, fastest_laps DESC);
CREATE INDEX agg_driver_season_year_starts ON agg_driver_season(year, starts DESC);
CREATE INDEX agg_driver_season_year_dnfs ON agg_driver_season(year, dnfs DESC);
CREATE INDEX agg_driver_season_year_points ON agg_driver_season(year, points DESC);

CREATE INDEX agg_driver_circuit_wins ON agg_driver_circuit(circuitId, wins DESC);
CREATE INDEX agg_driver_circuit_podiums ON agg_driver_circuit(circuitId, podiums DESC);
CREATE INDEX agg_driver_circuit_poles ON agg_driver_circuit(circuitId, poles DESC);

CREATE INDEX agg_constructor_career_wins ON agg_constructor_career(wins DESC);
CREATE INDEX agg_constructor_career_podiums ON agg_constructor_career(podiums DESC);
CREATE INDEX agg_constructor_career_poles ON agg_constructor_career(poles DESC);
CREATE INDEX agg_constructor_career_fastest_laps ON agg_constructor_career(fastest_laps DESC);
CREATE INDEX agg_constructor_career_start_races ON agg_constructor_career(start_races DESC);
CREATE INDEX agg_constructor_career_dnf_races ON agg_constructor_career(dnf_races DESC);
CREATE INDEX agg_constructor_career_points ON agg_constructor_career(points DESC);
CREATE INDEX agg_constructor_career_titles ON agg_constructor_career(titles DESC);

CREATE INDEX agg_constructor_season_wins ON agg_constructor_season(wins DESC);
CREATE INDEX agg_constructor_season_podiums ON agg_constructor_season(podiums DESC);
CREATE INDEX agg_constructor_season_poles ON agg_constructor_season(poles DESC);
CREATE INDEX agg_constructor_season_fastest_laps ON agg_constructor_season(fastest_laps DESC);
CREATE INDEX agg_constructor_season_start_races ON agg_constructor_season(start_races DESC);
CREATE INDEX agg_constructor_season_dnf_races ON agg_constructor_season(dnf_races DESC);
CREATE INDEX agg_constructor_season_points ON agg_constructor_season(points DESC);
CREATE INDEX agg_constructor_season_year_wins ON agg_constructor_season(year, wins DESC);
CREATE INDEX agg_constructor_season_year_podiums ON agg_constructor_season(year, podiums DESC);
CREATE INDEX agg_constructor_season_year_poles ON agg_constructor_season(year, poles DESC);
CREATE INDEX agg_constructor_season_year_fastest_laps ON agg_constructor_season(year, fastest_laps DESC);
CREATE INDEX agg_constructor_season_year_start_races ON agg_constructor_season(year, start_races DESC);
CREATE INDEX agg_constructor_season_year_dnf_races ON agg_constructor_season(year, dnf_races DESC);
CREATE INDEX agg_constructor_season_year_points ON agg_constructor_season(year, points DESC);

CREATE INDEX agg_constructor_circuit_wins ON agg_constructor_circuit(circuitId, wins DESC);
CREATE INDEX agg_constructor_circuit_podiums ON agg_constructor_circuit(circuitId, podiums DESC);
CREATE INDEX agg_constructor_circuit_poles ON agg_constructor_circuit(circuitId, poles DESC);

CREATE INDEX agg_driver_titles_driver ON agg_driver_titles(driverId);
CREATE INDEX agg_constructor_titles_constructor ON agg_constructor_titles(constructorId);
