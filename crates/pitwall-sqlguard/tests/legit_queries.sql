SELECT d.forename, d.surname, count(*) AS wins
FROM results r JOIN drivers d ON d.driverId = r.driverId
WHERE r.position = 1
GROUP BY d.driverId
ORDER BY wins DESC, d.surname
LIMIT 10

WITH last_round AS (
  SELECT year, max(round) AS round FROM races GROUP BY year
)
SELECT ra.year, d.surname, ds.points
FROM last_round lr
JOIN races ra ON ra.year = lr.year AND ra.round = lr.round
JOIN driver_standings ds ON ds.raceId = ra.raceId AND ds.position = 1
JOIN drivers d ON d.driverId = ds.driverId
ORDER BY ra.year

SELECT year, driverId, season_points,
       rank() OVER (PARTITION BY year ORDER BY season_points DESC) AS season_rank
FROM (
  SELECT ra.year, r.driverId, sum(r.points) AS season_points
  FROM results r JOIN races ra ON ra.raceId = r.raceId
  GROUP BY ra.year, r.driverId
)
ORDER BY year, season_rank

SELECT ra.round, r.points,
       lag(r.points) OVER (ORDER BY ra.round) AS previous_points,
       lead(r.points, 1, 0) OVER (ORDER BY ra.round) AS next_points
FROM results r JOIN races ra ON ra.raceId = r.raceId
WHERE r.driverId = 3 AND ra.year = 2010

SELECT c.name, ra.year, sum(cr.points) AS points
FROM constructor_results cr
JOIN constructors c ON c.constructorId = cr.constructorId
JOIN races ra ON ra.raceId = cr.raceId
GROUP BY c.constructorId, ra.year
HAVING sum(cr.points) > 0
ORDER BY ra.year DESC, points DESC

SELECT ra.name, round(avg(ps.milliseconds) / 1000.0, 3) AS avg_stop_s, count(*) AS stops
FROM pit_stops ps JOIN races ra ON ra.raceId = ps.raceId
GROUP BY ps.raceId
ORDER BY avg_stop_s
LIMIT 5

SELECT d.code, min(q.q1) AS best_q1
FROM qualifying q JOIN drivers d ON d.driverId = q.driverId
WHERE q.q1 IS NOT NULL
GROUP BY d.driverId
ORDER BY best_q1

SELECT country, count(*) AS circuits
FROM circuits
GROUP BY country
HAVING count(*) >= 2
ORDER BY circuits DESC, country

SELECT strftime('%m', date) AS month, count(*) AS races
FROM races
WHERE year = 2015
GROUP BY month
ORDER BY month

SELECT d.surname, ra.name,
       round((julianday(ra.date) - julianday(d.dob)) / 365.25, 1) AS age_years
FROM results r
JOIN drivers d ON d.driverId = r.driverId
JOIN races ra ON ra.raceId = r.raceId
WHERE r.position = 1 AND d.dob IS NOT NULL
ORDER BY age_years
LIMIT 3

SELECT forename, surname FROM drivers
WHERE driverId IN (
  SELECT r.driverId FROM results r JOIN races ra ON ra.raceId = r.raceId
  WHERE ra.circuitId = 4 AND r.position = 1
)
ORDER BY surname

SELECT 'race' AS kind, raceId, driverId, points FROM results WHERE raceId = 4 AND position <= 3
UNION ALL
SELECT 'sprint', raceId, driverId, points FROM sprint_results WHERE raceId = 4 AND position <= 3
ORDER BY kind, points DESC

WITH RECURSIVE years(y) AS (
  SELECT 2005 UNION ALL SELECT y + 1 FROM years WHERE y < 2010
)
SELECT years.y, count(ra.raceId) AS races
FROM years LEFT JOIN races ra ON ra.year = years.y
GROUP BY years.y
ORDER BY years.y

SELECT c.name FROM constructors c
WHERE EXISTS (
  SELECT 1 FROM results r WHERE r.constructorId = c.constructorId AND r.position = 1
)
ORDER BY c.name

SELECT resultId,
       CASE WHEN position IS NULL THEN 'DNF' WHEN position <= 3 THEN 'podium' ELSE 'finish' END AS outcome,
       coalesce(fastestLapTime, 'n/a') AS fastest,
       round(points * 1.0, 1) AS pts,
       iif(grid = 1, 'pole', 'grid ' || grid) AS start
FROM results
WHERE raceId = 10

SELECT s.status, count(*) AS n
FROM results r LEFT JOIN status s ON s.statusId = r.statusId
WHERE r.statusId <> 1
GROUP BY s.status
ORDER BY n DESC

SELECT ra.year, group_concat(DISTINCT c.name) AS teams
FROM results r
JOIN races ra ON ra.raceId = r.raceId
JOIN constructors c ON c.constructorId = r.constructorId
WHERE r.position = 1
GROUP BY ra.year

SELECT driverId, total_points,
       ntile(4) OVER (ORDER BY total_points DESC) AS quartile,
       round(percent_rank() OVER (ORDER BY total_points DESC), 3) AS pct,
       dense_rank() OVER (ORDER BY total_points DESC) AS dr,
       first_value(driverId) OVER (ORDER BY total_points DESC) AS leader
FROM (SELECT driverId, total(points) AS total_points FROM results GROUP BY driverId)

SELECT raceId, position, driverId FROM results
WHERE raceId = 20
ORDER BY position
LIMIT 5 OFFSET 10

SELECT upper(substr(surname, 1, 3)) AS abbr, length(surname) AS len, nationality
FROM main.drivers
WHERE surname LIKE 'Family1%' OR nationality GLOB 'Fin*'
ORDER BY abbr

SELECT rf.Race, rf.Lap, sc.Cause, sc.FullLaps
FROM red_flags rf LEFT JOIN safety_cars sc ON sc.Race = rf.Race

SELECT fd.Driver, fd.Age, fm.Name
FROM fatal_accidents_drivers fd, fatal_accidents_marshalls fm
WHERE typeof(fd.Age) = 'integer'

SELECT s.year, count(DISTINCT ds.driverId) AS drivers_scoring
FROM seasons s
JOIN races ra ON ra.year = s.year
JOIN driver_standings ds ON ds.raceId = ra.raceId AND ds.points > 0
JOIN constructor_standings cs ON cs.raceId = ra.raceId AND cs.position = 1
GROUP BY s.year
ORDER BY s.year
