#!/usr/bin/env python3
"""Build the held-out question sets heldout_fan.jsonl and heldout_hard.jsonl.

The questions and their SQL live in this file. The gold rows come from running
each record's SQL against a SQLite database loaded from the Ergast CSV dump
(/work/shared/f1data/ergast-csv by default, or the folder given as the first
argument): one table per CSV file, named as the file, with the CSV header's
columns and `\\N` read as NULL. Columns typed int/float in SCHEMA.txt are loaded
as numbers (ints stay ints, "202.5" becomes 202.5); varchar/date/time columns
stay TEXT (so results.fastestLapSpeed and pit_stops.duration are strings, as in
the developer sets). Columns not described in SCHEMA.txt (races.fp1_date...,
safety_cars, red_flags, fatal_accidents_*) are numbers when every non-empty
value looks numeric.

`answer_values` are derived from the gold rows (columns listed in `av`) or given
literally (`avx`); every literal value is checked to occur in the gold rows.
Near-miss records carry a `check` SQL for the question without its qualifier;
the script asserts that its answer differs and writes it into the note as the
"Qualifier check".

Usage: python3 make_heldout.py [CSV_DIR] [--check-dev]   (writes the two JSONL files beside
this script and fails loudly if an answerable record has 0 or >20 rows).
"""
import csv
import glob
import json
import os
import re
import sqlite3
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = '/work/shared/f1data/ergast-csv'
NUM = re.compile(r'^-?\d+(\.\d+)?$')


# --------------------------------------------------------------------------
# SQLite load
# --------------------------------------------------------------------------

def schema_types(path):
    """{table: {column: 'num'|'text'}} from SCHEMA.txt (int/float = num)."""
    types, cur = {}, None
    for line in open(path, encoding='utf-8'):
        s = line.strip()
        m = re.match(r'^(\w+)\.csv$', s)
        if m:
            cur = m.group(1)
            types[cur] = {}
            continue
        if cur and s.startswith('|') and not s.startswith('| Field'):
            parts = [p.strip() for p in s.strip('|').split('|')]
            if len(parts) >= 2 and parts[0]:
                t = parts[1].lower()
                types[cur][parts[0]] = 'num' if t.startswith(('int', 'float')) else 'text'
    return types


def _num(v):
    return int(v) if re.match(r'^-?\d+$', v) else float(v)


def load(data):
    st = schema_types(os.path.join(data, 'SCHEMA.txt'))
    con = sqlite3.connect(':memory:')
    for f in sorted(glob.glob(os.path.join(data, '*.csv'))):
        table = os.path.basename(f)[:-4]
        with open(f, encoding='utf-8-sig', newline='') as fh:
            rows = list(csv.reader(fh))
        head, body = rows[0], rows[1:]
        # 2025 rows of races.csv stop after `url`: pad short rows with NULL
        body = [r + [None] * (len(head) - len(r)) for r in body]
        body = [[None if v in (None, '\\N') else v for v in r] for r in body]
        kinds = []
        for i, c in enumerate(head):
            k = st.get(table, {}).get(c)
            if k is None:
                vals = [r[i] for r in body if r[i] not in (None, '')]
                k = 'num' if vals and all(NUM.match(v) for v in vals) else 'text'
            kinds.append(k)
        for r in body:
            for i, k in enumerate(kinds):
                if k == 'num' and r[i] is not None:
                    r[i] = _num(r[i]) if r[i] != '' else None
        con.execute('CREATE TABLE "%s" (%s)' % (table, ', '.join('"%s"' % c for c in head)))
        con.executemany('INSERT INTO "%s" VALUES (%s)' % (table, ','.join('?' * len(head))), body)
    con.commit()
    return con


# --------------------------------------------------------------------------
# SQL snippets
# --------------------------------------------------------------------------

def q(s):
    return "'" + s.replace("'", "''") + "'"


def RACE(year, name):
    return '(SELECT raceId FROM races WHERE year = %d AND name = %s)' % (year, q(name))


def RACE_RD(year, rnd):
    return '(SELECT raceId FROM races WHERE year = %d AND round = %d)' % (year, rnd)


def DRV(ref):
    return '(SELECT driverId FROM drivers WHERE driverRef = %s)' % q(ref)


def CON(ref):
    return '(SELECT constructorId FROM constructors WHERE constructorRef = %s)' % q(ref)


def FINAL_DS(year):
    return ('(SELECT ra.raceId FROM races ra WHERE ra.year = %d AND ra.raceId IN '
            '(SELECT raceId FROM driver_standings) ORDER BY ra.round DESC LIMIT 1)' % year)


def FINAL_CS(year):
    return ('(SELECT ra.raceId FROM races ra WHERE ra.year = %d AND ra.raceId IN '
            '(SELECT raceId FROM constructor_standings) ORDER BY ra.round DESC LIMIT 1)' % year)


NAME = "d.forename || ' ' || d.surname"
# drivers' champions per season (final round of each season, seasons <= 2024)
CHAMPS = ("WITH fin AS (SELECT year, MAX(round) AS last_round FROM races WHERE raceId IN "
          "(SELECT raceId FROM driver_standings) AND year <= 2024 GROUP BY year), "
          "champ AS (SELECT ra.year, ds.driverId FROM driver_standings ds JOIN races ra ON "
          "ra.raceId = ds.raceId JOIN fin ON fin.year = ra.year AND fin.last_round = ra.round "
          "WHERE ds.position = 1) ")
CCHAMPS = ("WITH fin AS (SELECT year, MAX(round) AS last_round FROM races WHERE raceId IN "
           "(SELECT raceId FROM constructor_standings) AND year <= 2024 GROUP BY year), "
           "champ AS (SELECT ra.year, cs.constructorId FROM constructor_standings cs JOIN races ra ON "
           "ra.raceId = cs.raceId JOIN fin ON fin.year = ra.year AND fin.last_round = ra.round "
           "WHERE cs.position = 1) ")
AGE = ("(CAST(strftime('%Y', ra.date) AS INTEGER) - CAST(strftime('%Y', d.dob) AS INTEGER) "
       "- (strftime('%m-%d', ra.date) < strftime('%m-%d', d.dob)))")


def MS(col):
    """m:ss.sss text -> milliseconds."""
    return ("(CAST(substr({c}, 1, instr({c}, ':') - 1) AS INTEGER) * 60000 + "
            "CAST(ROUND(CAST(substr({c}, instr({c}, ':') + 1) AS REAL) * 1000) AS INTEGER))").format(c=col)


STREAK = ("WITH e AS (SELECT r.driverId, ra.date, r.position, ROW_NUMBER() OVER "
          "(PARTITION BY r.driverId ORDER BY ra.date) AS n FROM results r JOIN races ra ON "
          "ra.raceId = r.raceId), w AS (SELECT driverId, date, n - ROW_NUMBER() OVER "
          "(PARTITION BY driverId ORDER BY date) AS grp FROM e WHERE position = 1) ")



# --------------------------------------------------------------------------
# Fan set: 20 categories x 5 questions
# --------------------------------------------------------------------------

FAN = []


def F(id_, cat, diff, question, sql, av=None, avx=None, note=None):
    FAN.append(dict(id=id_, question=question, category=cat, difficulty=diff,
                    sql=sql, av=av, avx=avx, note=note))


WIN_BY_RACE = ("SELECT " + NAME + " AS driver, c.name AS constructor FROM results r "
               "JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId "
               "WHERE r.raceId = %s AND r.position = 1")
WIN_BY_CIRCUIT = ("SELECT " + NAME + " AS driver, c.name AS constructor FROM results r "
                  "JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId "
                  "JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId "
                  "WHERE ci.circuitRef = %s AND ra.year = %d AND r.position = 1")
TOPN = ("SELECT r.position, " + NAME + " AS driver, c.name AS constructor FROM results r "
        "JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId "
        "WHERE r.raceId = %s AND r.position <= %d ORDER BY r.position")
QPOLE = ("SELECT " + NAME + " AS driver, c.name AS constructor FROM qualifying qu "
         "JOIN drivers d ON d.driverId = qu.driverId JOIN constructors c ON c.constructorId = qu.constructorId "
         "WHERE qu.raceId = %s AND qu.position = 1")
GPOLE = ("SELECT " + NAME + " AS driver, c.name AS constructor FROM results r "
         "JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId "
         "WHERE r.raceId = %s AND r.grid = 1")
FLAP = ("SELECT " + NAME + " AS driver, r.fastestLapTime, r.fastestLap AS lap FROM results r "
        "JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = %s AND r.rank = 1")
DCHAMP = ("SELECT " + NAME + " AS driver, ds.points, ds.wins FROM driver_standings ds "
          "JOIN drivers d ON d.driverId = ds.driverId WHERE ds.raceId = %s AND ds.position = 1")
CCHAMP = ("SELECT c.name AS constructor, cs.points, cs.wins FROM constructor_standings cs "
          "JOIN constructors c ON c.constructorId = cs.constructorId WHERE cs.raceId = %s AND cs.position = 1")
DSTAND = ("SELECT ds.position, " + NAME + " AS driver, ds.points FROM driver_standings ds "
          "JOIN drivers d ON d.driverId = ds.driverId WHERE ds.raceId = %s AND %s ORDER BY ds.position")
CSTAND = ("SELECT cs.position, c.name AS constructor, cs.points FROM constructor_standings cs "
          "JOIN constructors c ON c.constructorId = cs.constructorId WHERE cs.raceId = %s AND %s ORDER BY cs.position")
STARTS = "r.positionText NOT IN ('F', 'W')"

# race_winner
F('HF-RW-01', 'race_winner', 'easy', 'Who took the win at the 1995 Japanese Grand Prix?',
  WIN_BY_RACE % RACE(1995, 'Japanese Grand Prix'), av=['driver'])
F('HF-RW-02', 'race_winner', 'medium', 'who won silverstone 2003',
  WIN_BY_CIRCUIT % (q('silverstone'), 2003), av=['driver'])
F('HF-RW-03', 'race_winner', 'easy', 'Name the winner of the 1984 Portuguese Grand Prix.',
  WIN_BY_RACE % RACE(1984, 'Portuguese Grand Prix'), av=['driver'])
F('HF-RW-04', 'race_winner', 'easy', 'Which driver won the 2020 Sakhir Grand Prix, and for which team?',
  WIN_BY_RACE % RACE(2020, 'Sakhir Grand Prix'), av=['driver', 'constructor'])
F('HF-RW-05', 'race_winner', 'medium', 'Who won the German GP in 1961?',
  WIN_BY_RACE % RACE(1961, 'German Grand Prix'), av=['driver'],
  note="Stirling Moss in Rob Walker's Lotus; the constructor is filed as 'Lotus-Climax'.")

# race_podium_topn
F('HF-PD-01', 'race_podium_topn', 'easy', 'Who was on the podium at the 1999 European Grand Prix?',
  TOPN % (RACE(1999, 'European Grand Prix'), 3), av=['driver'])
F('HF-PD-02', 'race_podium_topn', 'medium', 'top 5 finishers brazil 2008',
  TOPN % (RACE(2008, 'Brazilian Grand Prix'), 5), av=['driver'])
F('HF-PD-03', 'race_podium_topn', 'easy', 'Who came third in the 2016 Spanish Grand Prix?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.raceId = %s AND r.position = 3"
  % RACE(2016, 'Spanish Grand Prix'), av=['driver'])
F('HF-PD-04', 'race_podium_topn', 'medium', 'Which drivers finished on the podium at Monaco in 1982?',
  TOPN % (RACE(1982, 'Monaco Grand Prix'), 3), av=['driver'],
  note='Pironi and de Cesaris stopped on the last lap but were classified 2nd and 3rd.')
F('HF-PD-05', 'race_podium_topn', 'hard', 'Who finished in the top six at the 2021 Hungarian Grand Prix?',
  TOPN % (RACE(2021, 'Hungarian Grand Prix'), 6), av=['driver'],
  note='Sebastian Vettel crossed the line 2nd but was disqualified (positionText D), so Hamilton is 2nd and Tsunoda 6th.')

# pole_sitter
F('HF-PL-01', 'pole_sitter', 'easy', 'Who was on pole for the 2005 Japanese Grand Prix?',
  QPOLE % RACE(2005, 'Japanese Grand Prix'), av=['driver'])
F('HF-PL-02', 'pole_sitter', 'medium', 'who started from pole at the 1988 monaco gp',
  GPOLE % RACE(1988, 'Monaco Grand Prix'), av=['driver'],
  note='Before 2003: pole = results.grid = 1.')
F('HF-PL-03', 'pole_sitter', 'easy', 'Name the pole sitter at the 2022 Hungarian Grand Prix.',
  QPOLE % RACE(2022, 'Hungarian Grand Prix'), av=['driver'])
F('HF-PL-04', 'pole_sitter', 'medium', 'Who claimed pole at Interlagos in 2009?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM qualifying qu JOIN races ra ON ra.raceId = qu.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = qu.driverId "
  "JOIN constructors c ON c.constructorId = qu.constructorId WHERE ci.circuitRef = 'interlagos' AND ra.year = 2009 "
  "AND qu.position = 1", av=['driver'])
F('HF-PL-05', 'pole_sitter', 'medium', 'Who had pole position for the 1976 Japanese Grand Prix?',
  GPOLE % RACE(1976, 'Japanese Grand Prix'), av=['driver'],
  note='Before 2003: pole = results.grid = 1.')

# fastest_lap
F('HF-FL-01', 'fastest_lap', 'easy', 'Who set the fastest lap in the 2018 Russian Grand Prix?',
  FLAP % RACE(2018, 'Russian Grand Prix'), av=['driver'])
F('HF-FL-02', 'fastest_lap', 'medium', 'fastest lap monza 2021',
  "SELECT " + NAME + " AS driver, r.fastestLapTime FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId "
  "WHERE ci.circuitRef = 'monza' AND ra.year = 2021 AND r.rank = 1", av=['driver'])
F('HF-FL-03', 'fastest_lap', 'medium',
  'Which driver posted the fastest race lap at the 2005 Japanese Grand Prix, and what was the time?',
  FLAP % RACE(2005, 'Japanese Grand Prix'), av=['driver', 'fastestLapTime'])
F('HF-FL-04', 'fastest_lap', 'medium', 'What was the quickest lap of the 2022 Saudi Arabian GP and who did it?',
  FLAP % RACE(2022, 'Saudi Arabian Grand Prix'), av=['driver', 'fastestLapTime'])
F('HF-FL-05', 'fastest_lap', 'easy', 'Who got the fastest lap at the 2016 Brazilian Grand Prix?',
  FLAP % RACE(2016, 'Brazilian Grand Prix'), av=['driver'])

# world_champion
F('HF-WC-01', 'world_champion', 'easy', "Who won the 1988 drivers' championship?",
  DCHAMP % FINAL_DS(1988), av=['driver'])
F('HF-WC-02', 'world_champion', 'easy', "Which constructor won the 1998 constructors' title?",
  CCHAMP % FINAL_CS(1998), av=['constructor'])
F('HF-WC-03', 'world_champion', 'easy', 'who was world champ in 2007',
  DCHAMP % FINAL_DS(2007), av=['driver'])
F('HF-WC-04', 'world_champion', 'medium', 'Who won the 1963 World Championship, and with how many points?',
  DCHAMP % FINAL_DS(1963), av=['driver', 'points'],
  note='Points as in driver_standings at the final round (best-results rule of the time).')
F('HF-WC-05', 'world_champion', 'medium', "Which team won the first ever constructors' championship, in 1958?",
  CCHAMP % FINAL_CS(1958), av=['constructor'])

# final_standings
F('HF-FS-01', 'final_standings', 'easy', "Who was runner-up in the 2008 drivers' championship?",
  DSTAND % (FINAL_DS(2008), 'ds.position = 2'), av=['driver'])
F('HF-FS-02', 'final_standings', 'hard', "Final top three of the 1997 drivers' standings, with points?",
  DSTAND % (FINAL_DS(1997), 'ds.position <= 3'), av=['driver', 'points'],
  note='Michael Schumacher was excluded from the 1997 championship.')
F('HF-FS-03', 'final_standings', 'medium', "Where did McLaren finish in the 2017 constructors' championship?",
  "SELECT cs.position, cs.points FROM constructor_standings cs WHERE cs.raceId = %s AND cs.constructorId = %s"
  % (FINAL_CS(2017), CON('mclaren')), av=['position'])
F('HF-FS-04', 'final_standings', 'easy', "Top three constructors of 2012, with points?",
  CSTAND % (FINAL_CS(2012), 'cs.position <= 3'), av=['constructor', 'points'])
F('HF-FS-05', 'final_standings', 'easy', 'how many points did alonso end the 2013 season with',
  "SELECT ds.points, ds.position FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
  % (FINAL_DS(2013), DRV('alonso')), av=['points'])

# standings_after_round
F('HF-SR-01', 'standings_after_round', 'medium', "Who led the drivers' standings after round 7 of 2012?",
  DSTAND % (RACE_RD(2012, 7), 'ds.position = 1'), av=['driver', 'points'])
F('HF-SR-02', 'standings_after_round', 'medium', 'Which constructor topped the standings after round 3 of 2009?',
  CSTAND % (RACE_RD(2009, 3), 'cs.position = 1'), av=['constructor'])
F('HF-SR-03', 'standings_after_round', 'hard',
  'After the 2017 British Grand Prix, how many points separated Vettel and Hamilton in the championship?',
  "SELECT v.points AS vettel, h.points AS hamilton, ABS(v.points - h.points) AS gap FROM driver_standings v "
  "JOIN driver_standings h ON h.raceId = v.raceId WHERE v.raceId = %s AND v.driverId = %s AND h.driverId = %s"
  % (RACE(2017, 'British Grand Prix'), DRV('vettel'), DRV('hamilton')), av=['gap'])
F('HF-SR-04', 'standings_after_round', 'medium',
  "Who was second in the drivers' championship after round 10 of 2024?",
  DSTAND % (RACE_RD(2024, 10), 'ds.position = 2'), av=['driver', 'points'])
F('HF-SR-05', 'standings_after_round', 'medium', 'top 3 in the drivers championship after round 6 of 2025',
  DSTAND % (RACE_RD(2025, 6), 'ds.position <= 3'), av=['driver'])

# driver_career_stats
F('HF-CS-01', 'driver_career_stats', 'easy', 'How many Grand Prix wins did Jack Brabham have?',
  "SELECT COUNT(*) AS wins FROM results WHERE driverId = %s AND position = 1" % DRV('jack_brabham'), av=['wins'])
F('HF-CS-02', 'driver_career_stats', 'easy', 'How many podiums has Charles Leclerc got?',
  "SELECT COUNT(*) AS podiums FROM results WHERE driverId = %s AND position <= 3" % DRV('leclerc'), av=['podiums'],
  note='Data through 2025 round 21.')
F('HF-CS-03', 'driver_career_stats', 'medium', 'How many Grands Prix did Jean Alesi start?',
  "SELECT COUNT(*) AS starts FROM results r WHERE r.driverId = %s AND %s" % (DRV('alesi'), STARTS), av=['starts'],
  note="Starts = results rows with positionText not in ('F','W').")
F('HF-CS-04', 'driver_career_stats', 'medium', 'how many poles did mika hakkinen get',
  "SELECT COUNT(*) AS poles FROM results WHERE driverId = %s AND grid = 1" % DRV('hakkinen'), av=['poles'],
  note='Career poles = results.grid = 1.')
F('HF-CS-05', 'driver_career_stats', 'medium', 'How many times did Rubens Barrichello retire from a race?',
  "SELECT COUNT(*) AS dnfs FROM results WHERE driverId = %s AND positionText = 'R'" % DRV('barrichello'),
  av=['dnfs'], note="DNF = positionText 'R'.")

# all_time_leaders
F('HF-AT-01', 'all_time_leaders', 'easy', 'Which driver has started the most Grands Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS starts FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE " + STARTS + " GROUP BY r.driverId ORDER BY starts DESC LIMIT 1", av=['driver', 'starts'],
  note='Data through 2025 round 21.')
F('HF-AT-02', 'all_time_leaders', 'easy', 'Which constructor has won the most Grands Prix?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c "
  "ON c.constructorId = r.constructorId WHERE r.position = 1 GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1",
  av=['constructor'])
F('HF-AT-03', 'all_time_leaders', 'medium', "Who has won the most drivers' world titles?",
  CHAMPS + ", t AS (SELECT driverId, COUNT(*) AS titles FROM champ GROUP BY driverId) SELECT " + NAME +
  " AS driver, t.titles FROM t JOIN drivers d ON d.driverId = t.driverId WHERE t.titles = (SELECT MAX(titles) FROM t) "
  "ORDER BY driver", av=['driver', 'titles'], note='Two drivers share the record; seasons up to 2024.')
F('HF-AT-04', 'all_time_leaders', 'medium', "Which team has won the most constructors' championships?",
  CCHAMPS + "SELECT c.name AS constructor, COUNT(*) AS titles FROM champ JOIN constructors c ON "
  "c.constructorId = champ.constructorId GROUP BY champ.constructorId ORDER BY titles DESC LIMIT 1",
  av=['constructor', 'titles'], note='Constructors championship from 1958; seasons up to 2024.')
F('HF-AT-05', 'all_time_leaders', 'medium', 'Who has retired from the most Grands Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS dnfs FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.positionText = 'R' GROUP BY r.driverId ORDER BY dnfs DESC LIMIT 1", av=['driver', 'dnfs'],
  note="DNF = positionText 'R'.")

# records
F('HF-RC-01', 'records', 'hard', 'Who is the oldest driver ever to start a Formula 1 Grand Prix?',
  "SELECT " + NAME + " AS driver, ra.year, ra.name AS race, " + AGE + " AS age FROM results r "
  "JOIN races ra ON ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE " + STARTS +
  " ORDER BY julianday(ra.date) - julianday(d.dob) DESC LIMIT 1", av=['driver', 'age'],
  note='Age in completed years at the race; starts convention.')
F('HF-RC-02', 'records', 'hard', 'Who is the youngest Formula 1 world champion?',
  CHAMPS + ", fr AS (SELECT ra.year, ra.date FROM races ra JOIN fin ON fin.year = ra.year AND fin.last_round = ra.round) "
  "SELECT " + NAME + " AS driver, champ.year, " + AGE + " AS age FROM champ JOIN fr ra ON ra.year = champ.year "
  "JOIN drivers d ON d.driverId = champ.driverId ORDER BY julianday(ra.date) - julianday(d.dob) LIMIT 1",
  av=['driver', 'age'], note='Age in completed years at the final race of the title season.')
F('HF-RC-03', 'records', 'medium', "What's the record for most Grand Prix wins by one driver in a single season?",
  "SELECT " + NAME + " AS driver, ra.year, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 GROUP BY r.driverId, ra.year "
  "ORDER BY wins DESC LIMIT 1", av=['driver', 'year', 'wins'])
F('HF-RC-04', 'records', 'medium', 'What is the most points anyone has scored in a single season?',
  "WITH fin AS (SELECT year, MAX(round) AS last_round FROM races WHERE raceId IN (SELECT raceId FROM driver_standings) "
  "GROUP BY year) SELECT " + NAME + " AS driver, ra.year, ds.points FROM driver_standings ds JOIN races ra "
  "ON ra.raceId = ds.raceId JOIN fin ON fin.year = ra.year AND fin.last_round = ra.round JOIN drivers d "
  "ON d.driverId = ds.driverId ORDER BY ds.points DESC LIMIT 1", av=['driver', 'year', 'points'],
  note='Final standings points (sprint points included).')
F('HF-RC-05', 'records', 'hard', 'Who holds the record for the most consecutive world championships?',
  CHAMPS + ", g AS (SELECT driverId, year, year - ROW_NUMBER() OVER (PARTITION BY driverId ORDER BY year) AS grp "
  "FROM champ) SELECT " + NAME + " AS driver, COUNT(*) AS consecutive_titles, MIN(year) AS first_year, "
  "MAX(year) AS last_year FROM g JOIN drivers d ON d.driverId = g.driverId GROUP BY g.driverId, g.grp "
  "ORDER BY consecutive_titles DESC LIMIT 1", av=['driver', 'consecutive_titles'])

# head_to_head
F('HF-HH-01', 'head_to_head', 'easy', 'Prost vs Lauda in 1984: who scored more points?',
  "SELECT " + NAME + " AS driver, ds.points FROM driver_standings ds JOIN drivers d ON d.driverId = ds.driverId "
  "WHERE ds.raceId = %s AND d.driverRef IN ('prost', 'lauda') ORDER BY ds.points DESC" % FINAL_DS(1984),
  av=['driver', 'points'])
F('HF-HH-02', 'head_to_head', 'hard', 'Leclerc vs Sainz qualifying head-to-head in 2022?',
  "SELECT SUM(a.position < b.position) AS leclerc_ahead, SUM(b.position < a.position) AS sainz_ahead "
  "FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId "
  "WHERE ra.year = 2022 AND a.driverId = %s AND b.driverId = %s" % (DRV('leclerc'), DRV('sainz')),
  av=['leclerc_ahead', 'sainz_ahead'], note='Qualifying head-to-head convention (qualifying.position).')
F('HF-HH-03', 'head_to_head', 'hard', 'How many times did Nico Rosberg finish ahead of Lewis Hamilton in 2016?',
  "SELECT SUM(a.positionOrder < b.positionOrder) AS rosberg_ahead, SUM(b.positionOrder < a.positionOrder) "
  "AS hamilton_ahead FROM results a JOIN results b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId "
  "WHERE ra.year = 2016 AND a.driverId = %s AND b.driverId = %s" % (DRV('rosberg'), DRV('hamilton')),
  av=['rosberg_ahead'], note='Race head-to-head convention: positionOrder, DNFs included.')
F('HF-HH-04', 'head_to_head', 'hard', 'norris vs piastri race h2h 2025',
  "SELECT SUM(a.positionOrder < b.positionOrder) AS norris_ahead, SUM(b.positionOrder < a.positionOrder) "
  "AS piastri_ahead FROM results a JOIN results b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId "
  "WHERE ra.year = 2025 AND a.driverId = %s AND b.driverId = %s" % (DRV('norris'), DRV('piastri')),
  av=['norris_ahead', 'piastri_ahead'],
  note='Race head-to-head convention (positionOrder, DNFs and DSQs included); data through 2025 round 21.')
F('HF-HH-05', 'head_to_head', 'easy', 'Häkkinen or Coulthard: who scored more points in 1999?',
  "SELECT " + NAME + " AS driver, ds.points FROM driver_standings ds JOIN drivers d ON d.driverId = ds.driverId "
  "WHERE ds.raceId = %s AND d.driverRef IN ('hakkinen', 'coulthard') ORDER BY ds.points DESC" % FINAL_DS(1999),
  av=['driver', 'points'])

# driver_team_history
TEAMS = ("SELECT c.name AS constructor, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year FROM results r "
         "JOIN races ra ON ra.raceId = r.raceId JOIN constructors c ON c.constructorId = r.constructorId "
         "WHERE r.driverId = %s GROUP BY r.constructorId ORDER BY MIN(ra.date)")
F('HF-TH-01', 'driver_team_history', 'easy', 'What teams did Michael Schumacher race for?',
  TEAMS % DRV('michael_schumacher'), av=['constructor'])
F('HF-TH-02', 'driver_team_history', 'easy', 'Who did Alain Prost drive for in 1991?',
  "SELECT DISTINCT c.name AS constructor FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN constructors c "
  "ON c.constructorId = r.constructorId WHERE r.driverId = %s AND ra.year = 1991" % DRV('prost'), av=['constructor'])
F('HF-TH-03', 'driver_team_history', 'medium', 'Which teams has Nico Hülkenberg driven for?',
  TEAMS % DRV('hulkenberg'), av=['constructor'])
F('HF-TH-04', 'driver_team_history', 'easy', "who were mclaren's drivers in 1988",
  "SELECT DISTINCT " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN drivers d "
  "ON d.driverId = r.driverId WHERE ra.year = 1988 AND r.constructorId = %s" % CON('mclaren'), av=['driver'])
F('HF-TH-05', 'driver_team_history', 'medium', 'Which team did Kimi Räikkönen make his F1 debut with?',
  "SELECT c.name AS constructor, ra.year, ra.name AS race FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.driverId = %s ORDER BY ra.date LIMIT 1"
  % DRV('raikkonen'), av=['constructor'])

# constructor_wins_at_circuit
CW_RACE = ("SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
           "WHERE r.position = 1 AND r.constructorId = %s AND ra.name = %s")
CW_CIRC = ("SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
           "JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE r.position = 1 AND r.constructorId = %s "
           "AND ci.circuitRef = %s")
F('HF-CW-01', 'constructor_wins_at_circuit', 'easy', 'How many times has Williams won the British Grand Prix?',
  CW_RACE % (CON('williams'), q('British Grand Prix')), av=['wins'])
F('HF-CW-02', 'constructor_wins_at_circuit', 'medium', 'How many wins does Mercedes have at Silverstone?',
  CW_CIRC % (CON('mercedes'), q('silverstone')), av=['wins'],
  note="Every GP held at Silverstone (British GPs and the 2020 70th Anniversary GP); constructorId 'mercedes' covers 1954-55 too.")
F('HF-CW-03', 'constructor_wins_at_circuit', 'easy', 'how many times has ferrari won at monza',
  CW_CIRC % (CON('ferrari'), q('monza')), av=['wins'])
F('HF-CW-04', 'constructor_wins_at_circuit', 'easy', 'How many Hungarian Grands Prix has McLaren won?',
  CW_RACE % (CON('mclaren'), q('Hungarian Grand Prix')), av=['wins'])
F('HF-CW-05', 'constructor_wins_at_circuit', 'easy', 'How many times did Red Bull win the Japanese Grand Prix?',
  CW_RACE % (CON('red_bull'), q('Japanese Grand Prix')), av=['wins'])

# circuit_facts
F('HF-CF-01', 'circuit_facts', 'easy', 'Where is the Circuit de Spa-Francorchamps?',
  "SELECT name, location, country FROM circuits WHERE circuitRef = 'spa'", av=['location', 'country'])
F('HF-CF-02', 'circuit_facts', 'easy', 'When was the first Grand Prix held at Suzuka?',
  "SELECT ra.year, ra.name AS race, ra.date FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = 'suzuka' ORDER BY ra.date LIMIT 1", av=['year'])
F('HF-CF-03', 'circuit_facts', 'medium', 'Which driver has won the most races at Silverstone?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 "
  "AND ci.circuitRef = 'silverstone' GROUP BY r.driverId ORDER BY wins DESC LIMIT 1", av=['driver', 'wins'])
F('HF-CF-04', 'circuit_facts', 'medium', 'How many World Championship Grands Prix has Monza hosted?',
  "SELECT COUNT(*) AS races FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = 'monza' AND ra.raceId IN (SELECT raceId FROM results)", av=['races'],
  note='Races at Monza with results, through 2025 round 21 (the 1980 Italian GP was at Imola).')
F('HF-CF-05', 'circuit_facts', 'easy', 'Which country is the Yas Marina Circuit in?',
  "SELECT name, location, country FROM circuits WHERE circuitRef = 'yas_marina'", av=['country'],
  note="circuits.country is 'UAE' (United Arab Emirates).")

# season_facts
F('HF-SF-01', 'season_facts', 'easy', 'How many races were on the 2005 calendar?',
  "SELECT COUNT(*) AS races FROM races WHERE year = 2005", av=['races'])
F('HF-SF-02', 'season_facts', 'easy', 'Who won the opening round of the 1990 season?',
  "SELECT ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = 1990 AND ra.round = 1 AND r.position = 1",
  av=['driver'])
F('HF-SF-03', 'season_facts', 'easy', 'How many different drivers won a Grand Prix in 2012?',
  "SELECT COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE ra.year = 2012 AND r.position = 1", av=['different_winners'])
F('HF-SF-04', 'season_facts', 'easy', 'What was the last race of the 1994 season, and when was it held?',
  "SELECT name, date FROM races WHERE year = 1994 ORDER BY round DESC LIMIT 1", av=['name', 'date'])
F('HF-SF-05', 'season_facts', 'easy', 'How many Grands Prix did Ferrari win in 2004?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE ra.year = 2004 AND r.position = 1 AND r.constructorId = %s" % CON('ferrari'), av=['wins'])

# pit_stops
F('HF-PS-01', 'pit_stops', 'medium', 'Who had the quickest pit stop at the 2019 British Grand Prix?',
  "SELECT " + NAME + " AS driver, p.lap, p.duration FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId "
  "WHERE p.raceId = %s ORDER BY p.milliseconds LIMIT 1" % RACE(2019, 'British Grand Prix'),
  av=['driver', 'duration'], note='Shortest pit_stops.milliseconds (pit-lane time, not stationary time).')
F('HF-PS-02', 'pit_stops', 'easy', 'How many times did Lewis Hamilton pit at the 2020 Turkish Grand Prix?',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s AND driverId = %s"
  % (RACE(2020, 'Turkish Grand Prix'), DRV('hamilton')), av=['stops'])
F('HF-PS-03', 'pit_stops', 'medium', 'Total number of pit stops in the 2011 Canadian Grand Prix?',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s" % RACE(2011, 'Canadian Grand Prix'), av=['stops'])
F('HF-PS-04', 'pit_stops', 'easy', 'On which lap did Max Verstappen make his first pit stop in the 2021 Dutch Grand Prix?',
  "SELECT p.lap, p.duration FROM pit_stops p WHERE p.raceId = %s AND p.driverId = %s AND p.stop = 1"
  % (RACE(2021, 'Dutch Grand Prix'), DRV('max_verstappen')), av=['lap'])
F('HF-PS-05', 'pit_stops', 'medium', 'Which driver made the most pit stops in the 2016 Monaco Grand Prix?',
  "WITH s AS (SELECT driverId, COUNT(*) AS stops FROM pit_stops WHERE raceId = %s GROUP BY driverId) "
  % RACE(2016, 'Monaco Grand Prix') + "SELECT " + NAME + " AS driver, s.stops FROM s JOIN drivers d "
  "ON d.driverId = s.driverId WHERE s.stops = (SELECT MAX(stops) FROM s) ORDER BY driver",
  av=['driver', 'stops'])

# sprint_results
F('HF-SP-01', 'sprint_results', 'easy', 'Who won the sprint at the 2023 Austrian Grand Prix?',
  "SELECT " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
  "WHERE s.raceId = %s AND s.position = 1" % RACE(2023, 'Austrian Grand Prix'), av=['driver'])
F('HF-SP-02', 'sprint_results', 'medium', 'Who won the first ever F1 sprint race?',
  "SELECT " + NAME + " AS driver, ra.year, ra.name AS race FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "JOIN drivers d ON d.driverId = s.driverId WHERE s.position = 1 ORDER BY ra.date LIMIT 1", av=['driver'])
F('HF-SP-03', 'sprint_results', 'easy', 'Top three in the 2022 Emilia Romagna sprint?',
  "SELECT s.position, " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
  "WHERE s.raceId = %s AND s.position <= 3 ORDER BY s.position" % RACE(2022, 'Emilia Romagna Grand Prix'),
  av=['driver'])
F('HF-SP-04', 'sprint_results', 'easy', 'How many sprint wins does George Russell have?',
  "SELECT COUNT(*) AS sprint_wins FROM sprint_results WHERE driverId = %s AND position = 1" % DRV('russell'),
  av=['sprint_wins'], note='Data through 2025 round 21.')
F('HF-SP-05', 'sprint_results', 'medium', 'How many sprint points did Max Verstappen score in 2023?',
  "SELECT SUM(s.points) AS sprint_points FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "WHERE ra.year = 2023 AND s.driverId = %s" % DRV('max_verstappen'), av=['sprint_points'])

# nationality
F('HF-NA-01', 'nationality', 'medium', 'How many Grands Prix have German drivers won?',
  "SELECT COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'German' AND r.position = 1", av=['wins'])
F('HF-NA-02', 'nationality', 'easy', 'Which Finnish driver has the most Grand Prix wins?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Finnish' AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC LIMIT 1",
  av=['driver', 'wins'])
F('HF-NA-03', 'nationality', 'easy', 'Name all the Australian drivers who have won a Grand Prix.',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Australian' AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC", av=['driver'])
F('HF-NA-04', 'nationality', 'medium', 'How many different Brazilian drivers have been world champion?',
  CHAMPS + "SELECT COUNT(DISTINCT champ.driverId) AS champions FROM champ JOIN drivers d ON d.driverId = champ.driverId "
  "WHERE d.nationality = 'Brazilian'", av=['champions'],
  note='Emerson Fittipaldi, Nelson Piquet, Ayrton Senna.')
F('HF-NA-05', 'nationality', 'easy', 'which italian driver won the most races',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Italian' AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC LIMIT 1",
  av=['driver', 'wins'])

# compare
F('HF-CP-01', 'compare', 'easy', 'Who has more world titles, Senna or Prost?',
  CHAMPS + "SELECT " + NAME + " AS driver, COUNT(*) AS titles FROM champ JOIN drivers d ON d.driverId = champ.driverId "
  "WHERE d.driverRef IN ('senna', 'prost') GROUP BY champ.driverId ORDER BY titles DESC",
  av=['driver', 'titles'])
F('HF-CP-02', 'compare', 'easy', 'Who has more podiums, Mika Häkkinen or David Coulthard?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS podiums FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position <= 3 AND d.driverRef IN ('hakkinen', 'coulthard') GROUP BY r.driverId ORDER BY podiums DESC",
  av=['driver', 'podiums'])
F('HF-CP-03', 'compare', 'medium', 'Ferrari or Mercedes: which team has more pole positions?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS poles FROM results r JOIN constructors c "
  "ON c.constructorId = r.constructorId WHERE r.grid = 1 AND c.constructorRef IN ('ferrari', 'mercedes') "
  "GROUP BY r.constructorId ORDER BY poles DESC", av=['constructor', 'poles'],
  note='Poles = results.grid = 1 (all-time count).')
F('HF-CP-04', 'compare', 'medium', 'Did Jenson Button or Nico Rosberg score more career points?',
  "SELECT " + NAME + " AS driver, SUM(x.pts) AS career_points FROM (SELECT driverId, points AS pts FROM results "
  "UNION ALL SELECT driverId, points FROM sprint_results) x JOIN drivers d ON d.driverId = x.driverId "
  "WHERE d.driverRef IN ('button', 'rosberg') GROUP BY x.driverId ORDER BY career_points DESC",
  av=['driver', 'career_points'])
F('HF-CP-05', 'compare', 'easy', 'Who won more Grands Prix: Stirling Moss or Graham Hill?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND d.driverRef IN ('moss', 'hill') GROUP BY r.driverId ORDER BY wins DESC",
  av=['driver', 'wins'])

# dates
FIRSTWIN = ("SELECT ra.name AS race, ra.year, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId "
            "WHERE r.driverId = %s AND r.position = 1 ORDER BY ra.date %s LIMIT 1")
F('HF-DT-01', 'dates', 'easy', 'When did Lewis Hamilton win his first Grand Prix?',
  FIRSTWIN % (DRV('hamilton'), 'ASC'), av=['race', 'year', 'date'])
F('HF-DT-02', 'dates', 'easy', "When was Ayrton Senna's last race win?",
  FIRSTWIN % (DRV('senna'), 'DESC'), av=['race', 'year', 'date'])
F('HF-DT-03', 'dates', 'easy', 'What date did Charles Leclerc take his first F1 win?',
  FIRSTWIN % (DRV('leclerc'), 'ASC'), av=['date'])
F('HF-DT-04', 'dates', 'easy', 'When did Jordan win its first Grand Prix?',
  "SELECT ra.name AS race, ra.year, ra.date, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.constructorId = %s AND r.position = 1 ORDER BY ra.date LIMIT 1"
  % CON('jordan'), av=['race', 'year'])
F('HF-DT-05', 'dates', 'medium', 'When did Nigel Mansell make his Formula 1 debut?',
  "SELECT ra.name AS race, ra.year, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.driverId = %s AND " % DRV('mansell') + STARTS + " ORDER BY ra.date LIMIT 1", av=['race', 'year'],
  note='Debut = first start (starts convention).')


# --------------------------------------------------------------------------
# Hard set: near_miss / schema / variant / decline
# --------------------------------------------------------------------------

HARD = []


def H(id_, kind, cat, diff, question, sql, av=None, avx=None, note=None, check=None):
    HARD.append(dict(id=id_, kind=kind, question=question, category=cat, difficulty=diff,
                     sql=sql, av=av, avx=avx, note=note, check=check))


def D(id_, cat, diff, question, note, kind='decline', check=None):
    H(id_, kind, cat, diff, question, None, note=note, check=check)


WINS = "SELECT COUNT(*) AS wins FROM results WHERE driverId = %s AND position = 1"
TOP_WINNER = ("SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
              "WHERE r.position = 1 GROUP BY r.driverId ORDER BY wins DESC LIMIT 1")
STARTS_R = "r.positionText NOT IN ('F', 'W')"

# ---- near misses (30 answerable + 2 decline) ----
H('HX-NM-01', 'near_miss', 'all_time_leaders', 'medium', 'Who won the most Grands Prix in the 1970s?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 AND ra.year BETWEEN 1970 AND 1979 "
  "GROUP BY r.driverId ORDER BY wins DESC LIMIT 1", av=['driver', 'wins'],
  note="'The 1970s' = seasons 1970-1979. Runner-up: Jackie Stewart 16.",
  check=('Who has won the most Grands Prix?', TOP_WINNER))
H('HX-NM-02', 'near_miss', 'all_time_leaders', 'medium', 'Which constructor won the most races during the 1980s?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.position = 1 AND ra.year BETWEEN 1980 AND 1989 "
  "GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1", av=['constructor', 'wins'],
  note="'The 1980s' = seasons 1980-1989; runner-up Williams 37.",
  check=('Which constructor has won the most races?',
         "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c "
         "ON c.constructorId = r.constructorId WHERE r.position = 1 GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1"))
H('HX-NM-03', 'near_miss', 'all_time_leaders', 'hard', 'Who scored the most championship points between 2005 and 2009?',
  "SELECT " + NAME + " AS driver, SUM(x.pts) AS points FROM (SELECT r.driverId, r.points AS pts FROM results r "
  "JOIN races ra ON ra.raceId = r.raceId WHERE ra.year BETWEEN 2005 AND 2009 UNION ALL SELECT s.driverId, s.points "
  "FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId WHERE ra.year BETWEEN 2005 AND 2009) x "
  "JOIN drivers d ON d.driverId = x.driverId GROUP BY x.driverId ORDER BY points DESC LIMIT 1",
  av=['driver', 'points'], note='Range inclusive (2005-2009); runner-up Kimi Räikkönen 410.',
  check=('Who has scored the most points in F1 history?',
         "SELECT " + NAME + " AS driver, SUM(pts) AS career_points FROM (SELECT driverId, points AS pts FROM results "
         "UNION ALL SELECT driverId, points FROM sprint_results) x JOIN drivers d ON d.driverId = x.driverId "
         "GROUP BY x.driverId ORDER BY career_points DESC LIMIT 1"))
H('HX-NM-04', 'near_miss', 'driver_career_stats', 'easy', 'How many of Nigel Mansell\'s Grand Prix wins came with Williams?',
  WINS % DRV('mansell') + " AND constructorId = %s" % CON('williams'), av=['wins'],
  note='The other 3 came with Ferrari (1989-1990).',
  check=('How many Grands Prix did Nigel Mansell win?', WINS % DRV('mansell')))
H('HX-NM-05', 'near_miss', 'driver_career_stats', 'medium', 'How many races did Fernando Alonso win in his first season at Ferrari?',
  "SELECT ra.year, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND r.constructorId = %s AND ra.year = (SELECT MIN(ra2.year) FROM results r2 JOIN races ra2 "
  "ON ra2.raceId = r2.raceId WHERE r2.driverId = %s AND r2.constructorId = %s) GROUP BY ra.year"
  % (DRV('alonso'), CON('ferrari'), DRV('alonso'), CON('ferrari')), av=['wins'],
  note='First Ferrari season = 2010.',
  check=('How many races has Fernando Alonso won?', WINS % DRV('alonso')))
H('HX-NM-06', 'near_miss', 'driver_career_stats', 'medium', 'How many Grands Prix did Nico Rosberg win from pole position?',
  WINS % DRV('rosberg') + " AND grid = 1", av=['wins'],
  note="'From pole' = results.grid = 1 AND position = 1.",
  check=('How many Grands Prix did Nico Rosberg win?', WINS % DRV('rosberg')))
H('HX-NM-07', 'near_miss', 'circuit_facts', 'medium', 'In which years did Michael Schumacher win the Canadian Grand Prix?',
  "SELECT ra.year FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s AND r.position = 1 "
  "AND ra.name = 'Canadian Grand Prix' ORDER BY ra.year" % DRV('michael_schumacher'), av=['year'],
  note='A list of years is asked, not a count.',
  check=('How many times did Michael Schumacher win the Canadian Grand Prix?',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 AND ra.name = 'Canadian Grand Prix'" % DRV('michael_schumacher')))
H('HX-NM-08', 'near_miss', 'circuit_facts', 'medium', 'How many different drivers have won the Monaco Grand Prix?',
  "SELECT COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.position = 1 AND ra.name = 'Monaco Grand Prix'", av=['different_winners'],
  check=('How many times has the Monaco Grand Prix been won? (counting wins, not different drivers)',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
         "WHERE r.position = 1 AND ra.name = 'Monaco Grand Prix'"))
H('HX-NM-09', 'near_miss', 'constructor_wins_at_circuit', 'medium', 'How many times has Ferrari won the British Grand Prix since 2000?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.position = 1 "
  "AND r.constructorId = %s AND ra.name = 'British Grand Prix' AND ra.year >= 2000" % CON('ferrari'), av=['wins'],
  note="'Since 2000' includes 2000: 2002, 2003, 2004, 2007, 2011, 2018, 2022.",
  check=('How many times has Ferrari won the British Grand Prix?',
         "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE "
         "r.position = 1 AND r.constructorId = %s AND ra.name = 'British Grand Prix'" % CON('ferrari')))
H('HX-NM-10', 'near_miss', 'driver_career_stats', 'medium', 'How many Grands Prix did Jacques Villeneuve win in his rookie season?',
  "SELECT ra.year, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND ra.year = (SELECT MIN(ra2.year) FROM results r2 JOIN races ra2 ON ra2.raceId = r2.raceId "
  "WHERE r2.driverId = %s AND r2.positionText NOT IN ('F', 'W')) GROUP BY ra.year"
  % (DRV('villeneuve'), DRV('villeneuve')), av=['wins'],
  note="Rookie season = first season with a start (1996). Jacques, not his father Gilles ('gilles_villeneuve').",
  check=('How many Grands Prix did Jacques Villeneuve win?', WINS % DRV('villeneuve')))
H('HX-NM-11', 'near_miss', 'driver_career_stats', 'hard',
  "How many races did Rubens Barrichello win while Michael Schumacher was his teammate?",
  "SELECT COUNT(*) AS wins FROM results a WHERE a.driverId = %s AND a.position = 1 AND EXISTS (SELECT 1 FROM results b "
  "WHERE b.raceId = a.raceId AND b.constructorId = a.constructorId AND b.driverId = %s)"
  % (DRV('barrichello'), DRV('michael_schumacher')), av=['wins'],
  note='Teammate = same constructor in the same race (Ferrari 2000-2005); his two Brawn wins of 2009 are excluded.',
  check=('How many races did Rubens Barrichello win?', WINS % DRV('barrichello')))
H('HX-NM-12', 'near_miss', 'driver_career_stats', 'medium', 'Which season was Nigel Mansell\'s best for race wins?',
  "SELECT ra.year, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 GROUP BY ra.year ORDER BY wins DESC LIMIT 1" % DRV('mansell'), av=['year', 'wins'],
  note='Per-season maximum; next best 1987 with 6.',
  check=('How many races did Nigel Mansell win?', WINS % DRV('mansell')))
H('HX-NM-13', 'near_miss', 'driver_career_stats', 'medium', 'How many Grands Prix has Max Verstappen won in October?',
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND strftime('%%m', ra.date) = '10'" % DRV('max_verstappen'), av=['wins'],
  note="Month of races.date; data through 2025 round 21.",
  check=('How many Grands Prix has Max Verstappen won?', WINS % DRV('max_verstappen')))
H('HX-NM-14', 'near_miss', 'nationality', 'hard', 'How many Grand Prix wins have French constructors achieved?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c ON c.constructorId = r.constructorId "
  "WHERE r.position = 1 AND c.nationality = 'French'", av=['wins'],
  note="constructors.nationality = 'French': Renault 35, Ligier 9, Matra-Ford 9, Alpine F1 Team 1. Not about the French Grand Prix, nor French drivers.",
  check=("How many French Grands Prix have been held? (misreading 'French' as the race)",
         "SELECT COUNT(*) AS races FROM races WHERE name = 'French Grand Prix'"))
H('HX-NM-15', 'near_miss', 'sprint_results', 'medium',
  'How many races did Lewis Hamilton win in 2025 if sprint wins are counted too?',
  "SELECT (SELECT COUNT(*) FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2025 AND r.driverId = %s "
  "AND r.position = 1) + (SELECT COUNT(*) FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId WHERE ra.year = 2025 "
  "AND s.driverId = %s AND s.position = 1) AS wins_incl_sprints" % (DRV('hamilton'), DRV('hamilton')),
  av=['wins_incl_sprints'], note='0 Grand Prix wins + 1 sprint win (Chinese GP sprint); data through 2025 round 21.',
  check=('How many races did Lewis Hamilton win in 2025?',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2025 "
         "AND r.driverId = %s AND r.position = 1" % DRV('hamilton')))
H('HX-NM-16', 'near_miss', 'final_standings', 'medium',
  'How many points did Max Verstappen score in 2023 from Grands Prix only, not counting sprints?',
  "SELECT SUM(r.points) AS gp_points FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2023 "
  "AND r.driverId = %s" % DRV('max_verstappen'), av=['gp_points'],
  note='Grand Prix points only (results.points); his 45 sprint points are left out.',
  check=('How many points did Max Verstappen score in 2023?',
         "SELECT ds.points FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
         % (FINAL_DS(2023), DRV('max_verstappen'))))
H('HX-NM-17', 'near_miss', 'driver_team_history', 'easy', 'How many podiums did Lewis Hamilton get with McLaren?',
  "SELECT COUNT(*) AS podiums FROM results WHERE driverId = %s AND position <= 3 AND constructorId = %s"
  % (DRV('hamilton'), CON('mclaren')), av=['podiums'],
  check=('How many podiums has Lewis Hamilton got?',
         "SELECT COUNT(*) AS podiums FROM results WHERE driverId = %s AND position <= 3" % DRV('hamilton')))
H('HX-NM-18', 'near_miss', 'head_to_head', 'hard',
  'In 2016, how many times did Daniel Ricciardo finish ahead of Max Verstappen while they were Red Bull teammates?',
  "SELECT SUM(a.positionOrder < b.positionOrder) AS ricciardo_ahead, SUM(b.positionOrder < a.positionOrder) AS "
  "verstappen_ahead FROM results a JOIN results b ON b.raceId = a.raceId AND b.constructorId = a.constructorId "
  "JOIN races ra ON ra.raceId = a.raceId WHERE ra.year = 2016 AND a.driverId = %s AND b.driverId = %s"
  % (DRV('ricciardo'), DRV('max_verstappen')), av=['ricciardo_ahead'],
  note='Teammates from round 5 (Spain) on: 17 races; Verstappen was at Toro Rosso for rounds 1-4.',
  check=('How many times did Daniel Ricciardo finish ahead of Max Verstappen in 2016 (all races both entered)?',
         "SELECT SUM(a.positionOrder < b.positionOrder) AS ricciardo_ahead, SUM(b.positionOrder < a.positionOrder) AS "
         "verstappen_ahead FROM results a JOIN results b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId "
         "WHERE ra.year = 2016 AND a.driverId = %s AND b.driverId = %s" % (DRV('ricciardo'), DRV('max_verstappen'))))
H('HX-NM-19', 'near_miss', 'compare', 'medium', 'Who won more races for Ferrari, Kimi Räikkönen or Felipe Massa?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS ferrari_wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND r.constructorId = %s AND d.driverRef IN ('raikkonen', 'massa') GROUP BY r.driverId "
  "ORDER BY ferrari_wins DESC" % CON('ferrari'), av=['driver', 'ferrari_wins'],
  note='The qualifier flips the answer: overall Räikkönen leads.',
  check=('Who won more races, Kimi Räikkönen or Felipe Massa?',
         "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
         "WHERE r.position = 1 AND d.driverRef IN ('raikkonen', 'massa') GROUP BY r.driverId ORDER BY wins DESC"))
H('HX-NM-20', 'near_miss', 'world_champion', 'medium', 'By how many points did Lewis Hamilton win the 2008 title?',
  "SELECT MAX(ds.points) - MIN(ds.points) AS margin, MAX(ds.points) AS champion_points, MIN(ds.points) AS "
  "runner_up_points FROM driver_standings ds WHERE ds.raceId = %s AND ds.position IN (1, 2)" % FINAL_DS(2008),
  av=['margin'], note='98 vs Felipe Massa 97.',
  check=('Who won the 2008 title?', DCHAMP % FINAL_DS(2008)))
H('HX-NM-21', 'near_miss', 'world_champion', 'medium', "Which years did McLaren win the constructors' championship?",
  CCHAMPS + "SELECT year FROM champ WHERE constructorId = %s ORDER BY year" % CON('mclaren'), av=['year'],
  note='Final constructor standings of each season up to 2024 (2025 is incomplete in the data).',
  check=("How many constructors' championships have McLaren won?",
         CCHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE constructorId = %s" % CON('mclaren')))
H('HX-NM-22', 'near_miss', 'world_champion', 'hard', "How many drivers' titles did Juan Manuel Fangio win with Mercedes?",
  CHAMPS + "SELECT COUNT(*) AS titles, MIN(champ.year) AS first_year, MAX(champ.year) AS last_year FROM champ "
  "WHERE champ.driverId = %s AND EXISTS (SELECT 1 FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE "
  "ra.year = champ.year AND r.driverId = champ.driverId AND r.constructorId = %s)" % (DRV('fangio'), CON('mercedes')),
  av=['titles'], note="1954 (Maserati, then Mercedes) and 1955. drivers.csv names him 'Juan Fangio'.",
  check=("How many drivers' titles did Juan Manuel Fangio win?",
         CHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE driverId = %s" % DRV('fangio')))
H('HX-NM-23', 'near_miss', 'standings_after_round', 'medium', "Who led the drivers' championship after round 9 of 2010?",
  DSTAND % (RACE_RD(2010, 9), 'ds.position = 1'), av=['driver', 'points'],
  note='Round 9 = 2010 European GP (Valencia).',
  check=("Who won the 2010 drivers' championship?", DCHAMP % FINAL_DS(2010)))
H('HX-NM-24', 'near_miss', 'standings_after_round', 'hard', 'Going into the last race of 2010, who was leading the championship?',
  DSTAND % ("(SELECT raceId FROM races WHERE year = 2010 AND round = (SELECT MAX(round) FROM races WHERE year = 2010) - 1)",
            'ds.position = 1'), av=['driver', 'points'],
  note="'Going into the last race' = standings after the penultimate round (round 18, Brazilian GP): Mark Webber 238 and Sebastian Vettel 231 followed.",
  check=("Who won the 2010 drivers' championship?", DCHAMP % FINAL_DS(2010)))
H('HX-NM-25', 'near_miss', 'race_podium_topn', 'medium', 'Who was the best-placed McLaren driver at the 2023 Singapore Grand Prix?',
  "SELECT " + NAME + " AS driver, r.positionText AS position FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.raceId = %s AND r.constructorId = %s ORDER BY r.positionOrder LIMIT 1"
  % (RACE(2023, 'Singapore Grand Prix'), CON('mclaren')), av=['driver', 'position'],
  note='Lowest positionOrder among McLaren cars.',
  check=('Who won the 2023 Singapore Grand Prix?', WIN_BY_RACE % RACE(2023, 'Singapore Grand Prix')))
H('HX-NM-26', 'near_miss', 'race_winner', 'hard', 'Who won the 500th World Championship Grand Prix?',
  "WITH o AS (SELECT raceId, year, name, ROW_NUMBER() OVER (ORDER BY date) AS n FROM races) SELECT o.year, "
  "o.name AS race, " + NAME + " AS driver FROM o JOIN results r ON r.raceId = o.raceId JOIN drivers d ON "
  "d.driverId = r.driverId WHERE o.n = 500 AND r.position = 1", av=['driver', 'race', 'year'],
  note='Ordinal = championship races in date order, Indianapolis 500s included; not races.raceId.',
  check=('Who won the race with raceId 500? (misreading the ordinal as an id)',
         "SELECT ra.year, ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
         "JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = 500 AND r.position = 1"))
H('HX-NM-27', 'near_miss', 'dates', 'hard', 'How old was Kimi Räikkönen when he won his last Grand Prix?',
  "SELECT ra.name AS race, ra.date, " + AGE + " AS age FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.driverId = %s AND r.position = 1 ORDER BY ra.date DESC LIMIT 1"
  % DRV('raikkonen'), av=['age'], note='Age in completed years at the 2018 United States GP.',
  check=('When did Kimi Räikkönen win his last Grand Prix?',
         "SELECT ra.name AS race, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 ORDER BY ra.date DESC LIMIT 1" % DRV('raikkonen')))
H('HX-NM-28', 'near_miss', 'records', 'hard', "What was Michael Schumacher's longest run of consecutive wins?",
  STREAK + "SELECT COUNT(*) AS consecutive_wins, MIN(w.date) AS first_win, MAX(w.date) AS last_win FROM w "
  "WHERE w.driverId = %s GROUP BY w.grp ORDER BY consecutive_wins DESC LIMIT 1" % DRV('michael_schumacher'),
  av=['consecutive_wins'], note='2004 European GP to 2004 Hungarian GP.',
  check=('How many races did Michael Schumacher win?', WINS % DRV('michael_schumacher')))
H('HX-NM-29', 'near_miss', 'records', 'medium', 'Who has won the most Grands Prix without ever becoming world champion?',
  CHAMPS + "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND r.driverId NOT IN (SELECT driverId FROM champ) GROUP BY r.driverId ORDER BY wins DESC LIMIT 1",
  av=['driver', 'wins'], note='Champions = title winners up to 2024. Runner-up: David Coulthard 13.',
  check=('Who has won the most Grands Prix?', TOP_WINNER))
H('HX-NM-30', 'near_miss', 'records', 'hard', 'Which driver has started the most Grands Prix without ever finishing on the podium?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS starts FROM results r JOIN drivers d ON d.driverId = r.driverId WHERE "
  + STARTS_R + " AND r.driverId NOT IN (SELECT driverId FROM results WHERE position <= 3) GROUP BY r.driverId "
  "ORDER BY starts DESC LIMIT 1", av=['driver', 'starts'],
  note='Runner-up: Pierluigi Martini 119. (Nico Hülkenberg no longer qualifies after his 2025 podium.)',
  check=('Which driver has started the most Grands Prix?',
         "SELECT " + NAME + " AS driver, COUNT(*) AS starts FROM results r JOIN drivers d ON d.driverId = r.driverId "
         "WHERE " + STARTS_R + " GROUP BY r.driverId ORDER BY starts DESC LIMIT 1"))
D('HX-NM-31', 'driver_career_stats', 'hard', "How many of Fernando Alonso's Grand Prix wins came on Michelin tyres?",
  'No tyre data (neither compounds nor suppliers). A template answer of his total wins is wrong.',
  kind='near_miss', check=('How many Grands Prix has Fernando Alonso won?', WINS % DRV('alonso')))
D('HX-NM-32', 'driver_career_stats', 'hard', 'How many Grands Prix did Jim Clark win after leading every lap?',
  'Laps led need lap-by-lap positions, and this load has no lap_times table. A template answer of his total wins is wrong.',
  kind='near_miss', check=('How many Grands Prix did Jim Clark win?', WINS % DRV('clark')))

# ---- schema (32) ----
H('HX-SC-01', 'schema', 'fastest_lap', 'medium', 'What was the average speed of the fastest lap at the 2019 Italian Grand Prix?',
  "SELECT " + NAME + " AS driver, r.fastestLapSpeed AS speed_kph, r.fastestLapTime FROM results r JOIN drivers d "
  "ON d.driverId = r.driverId WHERE r.raceId = %s AND r.rank = 1" % RACE(2019, 'Italian Grand Prix'),
  av=['speed_kph'], note='results.fastestLapSpeed, km/h.')
H('HX-SC-02', 'schema', 'fastest_lap', 'easy', 'On which lap did Lewis Hamilton set his fastest lap in the 2018 Singapore Grand Prix?',
  "SELECT r.fastestLap AS lap, r.fastestLapTime FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2018, 'Singapore Grand Prix'), DRV('hamilton')), av=['lap'])
H('HX-SC-03', 'schema', 'fastest_lap', 'easy', "What was Charles Leclerc's best lap time in the 2022 Bahrain Grand Prix?",
  "SELECT r.fastestLapTime, r.fastestLap AS lap FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2022, 'Bahrain Grand Prix'), DRV('leclerc')), av=['fastestLapTime'])
H('HX-SC-04', 'schema', 'fastest_lap', 'hard', 'Which race of the 2014 season saw the highest fastest-lap speed, and who set it?',
  "SELECT ra.name AS race, " + NAME + " AS driver, r.fastestLapSpeed AS speed_kph FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = 2014 AND r.fastestLapSpeed IS NOT NULL "
  "ORDER BY CAST(r.fastestLapSpeed AS REAL) DESC LIMIT 1", av=['race', 'driver'],
  note='fastestLapSpeed is TEXT; compared as a number.')
H('HX-SC-05', 'schema', 'qualifying', 'easy', "What was George Russell's Q1 time at the 2022 British Grand Prix?",
  "SELECT qu.q1, qu.position FROM qualifying qu WHERE qu.raceId = %s AND qu.driverId = %s"
  % (RACE(2022, 'British Grand Prix'), DRV('russell')), av=['q1'])
H('HX-SC-06', 'schema', 'qualifying', 'medium', 'Who was quickest in Q2 at the 2018 Brazilian Grand Prix?',
  "SELECT " + NAME + " AS driver, qu.q2 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId WHERE "
  "qu.raceId = %s AND qu.q2 IS NOT NULL AND qu.q2 <> '' ORDER BY " % RACE(2018, 'Brazilian Grand Prix') + MS('qu.q2') +
  " LIMIT 1", av=['driver', 'q2'], note='Fastest Q2 time, not pole (pole: Lewis Hamilton).')
H('HX-SC-07', 'schema', 'qualifying', 'medium', 'Which drivers went out in Q1 at the 2024 Canadian Grand Prix?',
  "SELECT qu.position, " + NAME + " AS driver, qu.q1 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId "
  "WHERE qu.raceId = %s AND qu.q2 IS NULL ORDER BY qu.position" % RACE(2024, 'Canadian Grand Prix'), av=['driver'],
  note='Knocked out in Q1 = no Q2 time.')
H('HX-SC-08', 'schema', 'qualifying', 'easy', 'What was the pole time at the 2015 Japanese Grand Prix?',
  "SELECT " + NAME + " AS driver, qu.q3 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId "
  "WHERE qu.raceId = %s AND qu.position = 1" % RACE(2015, 'Japanese Grand Prix'), av=['q3'])
H('HX-SC-09', 'schema', 'qualifying', 'hard', 'By how much did pole beat second place in Q3 at the 2019 Monaco Grand Prix?',
  "SELECT ROUND((" + MS('b.q3') + " - " + MS('a.q3') + ") / 1000.0, 3) AS gap_s, a.q3 AS pole_time, b.q3 AS second_time "
  "FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId WHERE a.raceId = %s AND a.position = 1 AND b.position = 2"
  % RACE(2019, 'Monaco Grand Prix'), av=['gap_s'], note='Seconds to 3 decimals.')
H('HX-SC-10', 'schema', 'circuit_facts', 'easy', 'How high above sea level is Interlagos?',
  "SELECT alt AS altitude_m FROM circuits WHERE circuitRef = 'interlagos'", av=['altitude_m'], note='circuits.alt, metres.')
H('HX-SC-11', 'schema', 'circuit_facts', 'easy', 'What are the GPS coordinates of the Red Bull Ring?',
  "SELECT lat, lng FROM circuits WHERE circuitRef = 'red_bull_ring'", av=['lat', 'lng'])
H('HX-SC-12', 'schema', 'circuit_facts', 'easy', 'Which city is the Hungaroring in?',
  "SELECT location, country FROM circuits WHERE circuitRef = 'hungaroring'", av=['location'])
H('HX-SC-13', 'schema', 'circuit_facts', 'hard', 'How many different circuits in the United States have hosted a World Championship race?',
  "SELECT COUNT(DISTINCT ra.circuitId) AS circuits FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.country IN ('USA', 'United States')", av=['circuits'],
  note="circuits.country uses both 'USA' (11 circuits) and 'United States' (the Las Vegas Strip circuit); Indianapolis counts once.")
H('HX-SC-14', 'schema', 'circuit_facts', 'easy', 'Give me the Wikipedia page for the 2005 United States Grand Prix.',
  "SELECT url FROM races WHERE year = 2005 AND name = 'United States Grand Prix'", av=['url'])
H('HX-SC-15', 'schema', 'driver_facts', 'easy', "What is Lando Norris's three-letter abbreviation?",
  "SELECT code FROM drivers WHERE driverRef = 'norris'", av=['code'])
H('HX-SC-16', 'schema', 'driver_facts', 'easy', 'Which car number does Fernando Alonso race with?',
  "SELECT number FROM drivers WHERE driverRef = 'alonso'", av=['number'], note='drivers.number (permanent number).')
H('HX-SC-17', 'schema', 'driver_facts', 'easy', "What is Andrea Kimi Antonelli's driverRef?",
  "SELECT driverRef FROM drivers WHERE forename = 'Andrea Kimi' AND surname = 'Antonelli'", av=['driverRef'])
H('HX-SC-18', 'schema', 'driver_facts', 'easy', "What is Ayrton Senna's date of birth?",
  "SELECT dob FROM drivers WHERE driverRef = 'senna'", av=['dob'])
H('HX-SC-19', 'schema', 'driver_facts', 'easy', 'What nationality is Guanyu Zhou listed as?',
  "SELECT nationality FROM drivers WHERE driverRef = 'zhou'", av=['nationality'])
H('HX-SC-20', 'schema', 'race_facts', 'medium', 'How many retirements were put down to the gearbox during the 1985 season?',
  "SELECT COUNT(*) AS gearbox_failures FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN status s ON "
  "s.statusId = r.statusId WHERE ra.year = 1985 AND s.status = 'Gearbox'", av=['gearbox_failures'],
  note="status = 'Gearbox' only ('Transmission', 'Clutch' etc. are separate statuses).")
H('HX-SC-21', 'schema', 'race_facts', 'medium', 'Which drivers were disqualified from the 2019 Japanese Grand Prix?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.raceId = %s AND r.positionText = 'D' "
  "ORDER BY r.positionOrder" % RACE(2019, 'Japanese Grand Prix'), av=['driver'],
  note="positionText = 'D' (both Renaults).")
H('HX-SC-22', 'schema', 'race_facts', 'medium', 'How many cars were classified at the end of the 1996 Monaco Grand Prix?',
  "SELECT COUNT(*) AS classified FROM results r WHERE r.raceId = %s AND r.positionText GLOB '[0-9]*'"
  % RACE(1996, 'Monaco Grand Prix'), av=['classified'], note='Classified = numeric positionText (21 started).')
H('HX-SC-23', 'schema', 'race_facts', 'hard',
  'How many entries did the 1977 British Grand Prix have, counting the cars that failed to qualify?',
  "SELECT COUNT(*) AS entrants, SUM(positionText NOT IN ('F', 'W')) AS starters FROM results WHERE raceId = %s"
  % RACE(1977, 'British Grand Prix'), av=['entrants'], note='Entrants = every results row of the race.')
H('HX-SC-24', 'schema', 'race_facts', 'medium',
  'How many points did McLaren take from the 2021 Italian Grand Prix weekend, sprint included?',
  "SELECT cr.points FROM constructor_results cr WHERE cr.raceId = %s AND cr.constructorId = %s"
  % (RACE(2021, 'Italian Grand Prix'), CON('mclaren')), av=['points'],
  note='constructor_results: Ricciardo 25 + fastest-lap point, Norris 18, plus 1 sprint point (Ricciardo 3rd in the sprint).')
H('HX-SC-25', 'schema', 'pit_stops', 'medium', "What was Red Bull's average pit-stop time at the 2022 Hungarian Grand Prix?",
  "SELECT ROUND(AVG(p.milliseconds) / 1000.0, 3) AS avg_s, COUNT(*) AS stops FROM pit_stops p JOIN results r ON "
  "r.raceId = p.raceId AND r.driverId = p.driverId WHERE p.raceId = %s AND r.constructorId = %s"
  % (RACE(2022, 'Hungarian Grand Prix'), CON('red_bull')), av=['avg_s'],
  note='Mean pit_stops.milliseconds over both cars, seconds to 3 decimals (pit-lane time).')
H('HX-SC-26', 'schema', 'driver_career_stats', 'hard', 'What percentage of his Grand Prix starts did Ayrton Senna win?',
  "SELECT ROUND(100.0 * SUM(r.position = 1) / COUNT(*), 1) AS win_pct, SUM(r.position = 1) AS wins, COUNT(*) AS starts "
  "FROM results r WHERE r.driverId = %s AND " % DRV('senna') + STARTS_R, av=['win_pct'],
  note="41 wins from 161 starts (starts convention), rounded to 1 decimal.")
H('HX-SC-27', 'schema', 'season_facts', 'hard', 'What percentage of the 2023 Grands Prix did Red Bull win?',
  "SELECT ROUND(100.0 * SUM(r.constructorId = %s) / COUNT(*), 1) AS pct, SUM(r.constructorId = %s) AS wins, "
  "COUNT(*) AS races FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2023 AND r.position = 1"
  % (CON('red_bull'), CON('red_bull')), av=['pct'], note='21 of 22.')
H('HX-SC-28', 'schema', 'sprint_results', 'medium', 'Who won the most sprint races in 2024?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS sprint_wins FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "JOIN drivers d ON d.driverId = s.driverId WHERE ra.year = 2024 AND s.position = 1 GROUP BY s.driverId "
  "ORDER BY sprint_wins DESC LIMIT 1", av=['driver', 'sprint_wins'])
H('HX-SC-29', 'schema', 'race_facts', 'medium', 'On which lap was the red flag shown in the 2021 Azerbaijan Grand Prix?',
  "SELECT Lap, Incident FROM red_flags WHERE Race = '2021 Azerbaijan Grand Prix'", av=['Lap'],
  note='red_flags table (Verstappen tyre failure / crash).')
H('HX-SC-30', 'schema', 'race_facts', 'medium', 'How many times did the safety car come out at the 2008 Singapore Grand Prix?',
  "SELECT COUNT(*) AS deployments FROM safety_cars WHERE Race = '2008 Singapore Grand Prix'", av=['deployments'],
  note='safety_cars table (laps 16 and 51).')
H('HX-SC-31', 'schema', 'season_facts', 'hard', 'At what time UTC did the 2024 Las Vegas Grand Prix start?',
  "SELECT time AS start_utc, date FROM races WHERE year = 2024 AND name = 'Las Vegas Grand Prix'", av=['start_utc'],
  note='races.time is UTC (06:00 on 2024-11-24), while races.date is the local date 2024-11-23.')
H('HX-SC-32', 'schema', 'race_facts', 'medium', 'How many laps did the winner complete in the 2021 Belgian Grand Prix?',
  "SELECT " + NAME + " AS driver, r.laps, r.points FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.raceId = %s AND r.position = 1" % RACE(2021, 'Belgian Grand Prix'), av=['laps'],
  note='Rain-shortened race behind the safety car; half points (12.5) awarded.')

# ---- variants (18) ----
H('HX-VA-01', 'variant', 'race_winner', 'easy', 'who won monza 19',
  WIN_BY_CIRCUIT % (q('monza'), 2019), av=['driver'], note='Two-digit year (19 = 2019); Monza = Italian GP.')
H('HX-VA-02', 'variant', 'world_champion', 'easy', 'wdc 2003',
  DCHAMP % FINAL_DS(2003), av=['driver'], note="WDC = World Drivers' Champion.")
H('HX-VA-03', 'variant', 'world_champion', 'easy', 'WCC 1999?',
  CCHAMP % FINAL_CS(1999), av=['constructor'], note="WCC = World Constructors' Championship.")
H('HX-VA-04', 'variant', 'world_champion', 'easy', 'champ 05?',
  DCHAMP % FINAL_DS(2005), av=['driver'], note="'champ' = drivers' champion; 05 = 2005.")
H('HX-VA-05', 'variant', 'pole_sitter', 'easy', 'pole sitter silverstone 2023',
  "SELECT " + NAME + " AS driver, qu.q3 FROM qualifying qu JOIN races ra ON ra.raceId = qu.raceId JOIN circuits ci "
  "ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = qu.driverId WHERE ci.circuitRef = 'silverstone' "
  "AND ra.year = 2023 AND qu.position = 1", av=['driver'])
H('HX-VA-06', 'variant', 'qualifying', 'easy', 'quali top 3 suzuka 2024',
  "SELECT qu.position, " + NAME + " AS driver FROM qualifying qu JOIN races ra ON ra.raceId = qu.raceId JOIN circuits ci "
  "ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = qu.driverId WHERE ci.circuitRef = 'suzuka' "
  "AND ra.year = 2024 AND qu.position <= 3 ORDER BY qu.position", av=['driver'], note="'quali' = qualifying.")
H('HX-VA-07', 'variant', 'race_winner', 'medium', 'P1 in brazil 2016?',
  WIN_BY_RACE % RACE(2016, 'Brazilian Grand Prix'), av=['driver'], note="'P1' = race winner.")
H('HX-VA-08', 'variant', 'world_champion', 'easy', 'how many wdcs has seb got',
  CHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE driverId = %s" % DRV('vettel'), av=['titles'],
  note="'Seb' = Sebastian Vettel (2010-2013).")
H('HX-VA-09', 'variant', 'compare', 'medium', 'LEC vs SAI points 2022',
  "SELECT " + NAME + " AS driver, ds.points FROM driver_standings ds JOIN drivers d ON d.driverId = ds.driverId "
  "WHERE ds.raceId = %s AND d.code IN ('LEC', 'SAI') ORDER BY ds.points DESC" % FINAL_DS(2022),
  av=['driver', 'points'], note='Three-letter driver codes: LEC = Charles Leclerc, SAI = Carlos Sainz.')
H('HX-VA-10', 'variant', 'circuit_facts', 'medium', 'iceman wins at spa',
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = "
  "ra.circuitId WHERE r.driverId = %s AND r.position = 1 AND ci.circuitRef = 'spa'" % DRV('raikkonen'), av=['wins'],
  note="'The Iceman' = Kimi Räikkönen (2004, 2005, 2007, 2009).")
H('HX-VA-11', 'variant', 'driver_career_stats', 'easy', 'danny ric wins total',
  WINS % DRV('ricciardo'), av=['wins'], note="'Danny Ric' = Daniel Ricciardo.")
H('HX-VA-12', 'variant', 'driver_career_stats', 'medium', 'verstapen podiums 2020',
  "SELECT COUNT(*) AS podiums FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2020 AND "
  "r.driverId = %s AND r.position <= 3" % DRV('max_verstappen'), av=['podiums'],
  note="Misspelling of Verstappen; Max, not Jos (Jos raced 1994-2003).")
H('HX-VA-13', 'variant', 'race_winner', 'medium', 'who won the grand prix de france 1990',
  WIN_BY_RACE % RACE(1990, 'French Grand Prix'), av=['driver'], note='French race name = French Grand Prix.')
H('HX-VA-14', 'variant', 'race_winner', 'medium', 'Wer hat den Großen Preis von Deutschland 2018 gewonnen?',
  WIN_BY_RACE % RACE(2018, 'German Grand Prix'), av=['driver'], note='German: "Who won the 2018 German Grand Prix?"')
H('HX-VA-15', 'variant', 'race_winner', 'medium', 'ganador gran premio de españa 2013',
  WIN_BY_RACE % RACE(2013, 'Spanish Grand Prix'), av=['driver'], note='Spanish: "winner, 2013 Spanish Grand Prix".')
H('HX-VA-16', 'variant', 'fastest_lap', 'medium', 'fl abu dhabi 2018',
  FLAP % RACE(2018, 'Abu Dhabi Grand Prix'), av=['driver'], note="'fl' = fastest lap.")
H('HX-VA-17', 'variant', 'race_winner', 'medium', "who won hungray in '98",
  WIN_BY_RACE % RACE(1998, 'Hungarian Grand Prix'), av=['driver'], note="Misspelling (hungray) and two-digit year ('98).")
H('HX-VA-18', 'variant', 'season_facts', 'medium', 'how many wins did the scuderia get in 2k22',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2022 "
  "AND r.position = 1 AND r.constructorId = %s" % CON('ferrari'), av=['wins'],
  note="'The Scuderia' = Ferrari; 2k22 = 2022.")

# ---- declines (18) ----
D('HX-DC-01', 'race_winner', 'easy', 'Who won the 2026 Bahrain Grand Prix?',
  'Beyond the data: no 2026 races (the data ends at 2025 round 21).')
D('HX-DC-02', 'race_winner', 'hard', 'Who won the 2025 Qatar Grand Prix?',
  'races.csv lists the 2025 Qatar GP (round 23) but results stop at round 21 (São Paulo).')
D('HX-DC-03', 'world_champion', 'hard', "Who is the 2025 Formula 1 drivers' champion?",
  'The 2025 season is incomplete in the data (round 21 of 24); the leader after round 21 is not the champion.')
D('HX-DC-04', 'race_facts', 'medium', 'Which tyre compound did Lando Norris finish the 2024 Dutch Grand Prix on?',
  'No tyre data.')
D('HX-DC-05', 'race_facts', 'easy', 'How much rain fell during the 2008 Brazilian Grand Prix?',
  'No weather data.')
D('HX-DC-06', 'driver_facts', 'easy', "What is Max Verstappen's salary?", 'No salary data.')
D('HX-DC-07', 'compare', 'easy', 'Was Ayrton Senna a better driver than Alain Prost?',
  'Opinion; no factual answer (quoting wins or titles is not a data answer to "better").')
D('HX-DC-08', 'constructor_stats', 'medium', 'Which engine did McLaren use in 1998?',
  "Engine suppliers are not in the data (the constructor is just 'McLaren').")
D('HX-DC-09', 'race_facts', 'medium', 'Who was leading on lap 30 of the 2019 Bahrain Grand Prix?',
  'No lap-by-lap positions: this load has no lap_times table.')
D('HX-DC-10', 'fastest_lap', 'medium', "What was Charles Leclerc's lap time on lap 10 of the 2019 Bahrain Grand Prix?",
  "No per-lap times (no lap_times table); only each driver's fastest lap is stored.")
D('HX-DC-11', 'race_winner', 'medium', 'Who won the 2020 Monaco Grand Prix?',
  'The 2020 Monaco GP was cancelled; there is no such race in races.csv. Answering with 2019 or 2021 is wrong.')
D('HX-DC-12', 'fastest_lap', 'hard', 'What was the average speed of the fastest lap at the 2025 Italian Grand Prix?',
  'Data gap: results.fastestLapSpeed is NULL for every 2025 result (the fastest lap time and driver are present, the speed is not).')
D('HX-DC-13', 'race_winner', 'medium', 'Who won the 1948 Monaco Grand Prix?',
  'Before the World Championship (the data starts in 1950).')
D('HX-DC-14', 'constructor_stats', 'easy', "Who was McLaren's team principal in 1988?", 'No team personnel in the data.')
D('HX-DC-15', 'fastest_lap', 'hard', 'What top speed did Kimi Räikkönen hit through the speed trap at Monza in 2018?',
  'No speed-trap data; fastestLapSpeed is an average lap speed, not a top speed.')
D('HX-DC-16', 'pit_stops', 'hard', 'How long was Max Verstappen stationary at his first pit stop of the 2021 Dutch Grand Prix?',
  'pit_stops.duration is pit-lane time (entry to exit), not stationary time.')
D('HX-DC-17', 'qualifying', 'hard', "What was Ayrton Senna's pole lap time at the 1988 Japanese Grand Prix?",
  'Qualifying times start in 1994; for 1988 only the grid (results.grid) exists.')
D('HX-DC-18', 'world_champion', 'easy', "Who will win the 2026 constructors' championship?",
  'Future event; prediction, no factual answer in the data.')


# --------------------------------------------------------------------------
# Build
# --------------------------------------------------------------------------

def fmt(v):
    """Answer-value text: whole numbers without .0."""
    if isinstance(v, float):
        return str(int(v)) if v == int(v) else repr(v)
    return str(v)


def run(con, sql):
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    rows = [list(r) for r in cur.fetchall()]
    return cols, rows


def describe(cols, rows, limit=3):
    parts = []
    for r in rows[:limit]:
        parts.append(', '.join('%s %s' % (c, fmt(v)) for c, v in zip(cols, r)))
    more = ' (+%d more rows)' % (len(rows) - limit) if len(rows) > limit else ''
    return '; '.join(parts) + more


def answer_values(rec, cols, rows):
    vals = []
    if rec.get('av'):
        for r in rows:
            for c in rec['av']:
                v = r[cols.index(c)]
                if v is None:
                    raise SystemExit('%s: NULL in answer column %s' % (rec['id'], c))
                s = fmt(v)
                if s not in vals:
                    vals.append(s)
    for s in rec.get('avx') or []:
        flat = {fmt(v) for r in rows for v in r if v is not None}
        if s not in flat and not any(s in x for x in flat):
            raise SystemExit('%s: literal answer value %r not found in gold rows %r' % (rec['id'], s, rows))
        if s not in vals:
            vals.append(s)
    return vals


def build(con, recs, hard):
    out = []
    for rec in recs:
        o = {'id': rec['id'], 'question': rec['question'], 'category': rec['category'],
             'difficulty': rec['difficulty']}
        if hard:
            o['kind'] = rec['kind']
            o['expect'] = 'decline' if rec['sql'] is None else 'answer'
        if rec['sql'] is None:
            o.update(sql=None, columns=[], rows=[], answer_values=[], note=rec['note'])
            if rec.get('check'):
                cq, csql = rec['check']
                ccols, crows = run(con, csql)
                o['note'] = rec['note'] + (" Qualifier check: a template that drops the qualifier ('%s') "
                                           "would answer: %s." % (cq, describe(ccols, crows)))
            out.append(o)
            continue
        cols, rows = run(con, rec['sql'])
        if not 1 <= len(rows) <= 20:
            raise SystemExit('%s: %d gold rows' % (rec['id'], len(rows)))
        av = answer_values(rec, cols, rows)
        if not av:
            raise SystemExit('%s: no answer values' % rec['id'])
        o.update(sql=rec['sql'], columns=cols, rows=rows, answer_values=av)
        note = rec.get('note')
        if rec.get('check'):
            cq, csql = rec['check']
            ccols, crows = run(con, csql)
            if not crows:
                raise SystemExit('%s: qualifier check returned no rows' % rec['id'])
            cflat = [fmt(v) for r in crows for v in r]
            if all(a in cflat for a in av) and len(cflat) <= len(av) + 3:
                raise SystemExit('%s: qualifier does not change the answer (%r vs %r)' % (rec['id'], av, crows))
            qc = "Qualifier check: without it ('%s') the answer would be: %s; with it: %s." % (
                cq, describe(ccols, crows), ', '.join(av))
            note = (note + ' ' + qc) if note else qc
        if note:
            o['note'] = note
        out.append(o)
    return out


def check_dev(con, qdir):
    """Re-run the developer sets' SQL and compare with their stored rows (loader sanity check)."""
    bad = n = 0
    for name in ('dev_questions.jsonl', 'dev_questions_hard.jsonl'):
        path = os.path.join(qdir, name)
        if not os.path.exists(path):
            continue
        for line in open(path, encoding='utf-8'):
            rec = json.loads(line)
            if not rec.get('sql'):
                continue
            n += 1
            cols, rows = run(con, rec['sql'])
            if cols != rec['columns'] or rows != rec['rows']:
                # GROUP_CONCAT without ORDER BY has no defined order: compare as sets
                same = cols == rec['columns'] and len(rows) == len(rec['rows']) and all(
                    sorted(str(a).split(',')) == sorted(str(b).split(','))
                    for ra, rb in zip(rows, rec['rows']) for a, b in zip(ra, rb))
                if not same:
                    bad += 1
                    print('dev mismatch', rec['id'], rows[:3], rec['rows'][:3])
    print('dev check: %d records, %d mismatches' % (n, bad))
    return bad == 0


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    data = args[0] if args else DEFAULT_DATA
    con = load(data)
    if '--check-dev' in sys.argv:
        qdir = os.path.join(os.path.dirname(os.path.abspath(data)), '..', 'questions')
        if not check_dev(con, qdir):
            raise SystemExit('loader does not reproduce the developer gold')
    for name, recs, hard in (('heldout_fan.jsonl', FAN, False), ('heldout_hard.jsonl', HARD, True)):
        ids = [r['id'] for r in recs]
        if len(ids) != len(set(ids)):
            raise SystemExit('duplicate ids in ' + name)
        out = build(con, recs, hard)
        with open(os.path.join(HERE, name), 'w', encoding='utf-8') as fh:
            for o in out:
                fh.write(json.dumps(o, ensure_ascii=False) + '\n')
        print('wrote %s: %d records' % (name, len(out)))


if __name__ == '__main__':
    main()
