#!/usr/bin/env python3
"""Build the second blind held-out question sets heldout2_fan.jsonl and heldout2_hard.jsonl.

Same method and record format as make_heldout.py (whose loader, SQL snippets and
record builder are imported): the questions and their SQL live in this file; the
gold rows come from running each record's SQL against a SQLite database loaded
from the Ergast CSV dump (/work/shared/f1data/ergast-csv by default, or the
folder given as the first argument), one table per CSV file, columns typed from
SCHEMA.txt, `\\N` read as NULL.

`answer_values` are derived from the gold rows (columns listed in `av`) or given
literally (`avx`, each checked to occur in the gold rows). Near-miss records
carry a `check` SQL for the question without its qualifier; the build asserts
that its answer differs and writes it into the note as the "Qualifier check".

On top of make_heldout.py's checks this script verifies that every driverRef,
constructorRef, circuitRef and (season, race name) it names exists in the data,
that no question repeats a sentence of the developer or first held-out sets, and
that queries answering with a single top row have no tie for that row.

Usage: python3 make_heldout2.py [CSV_DIR] [--preview]
(writes the two JSONL files beside this script; --preview prints the answers).
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_heldout as base  # noqa: E402  (module level only defines records; main() is guarded)

from make_heldout import (  # noqa: E402
    q, NAME, CHAMPS, CCHAMPS, AGE, MS, STREAK, STARTS, fmt, run, build, load, DEFAULT_DATA)

# --------------------------------------------------------------------------
# Checked references (every name used must exist in the data)
# --------------------------------------------------------------------------

USED = {'driver': set(), 'constructor': set(), 'circuit': set(), 'race': set(), 'round': set()}


def DRV(ref):
    USED['driver'].add(ref)
    return base.DRV(ref)


def CON(ref):
    USED['constructor'].add(ref)
    return base.CON(ref)


def CIRC(ref):
    USED['circuit'].add(ref)
    return q(ref)


def RACE(year, name):
    USED['race'].add((year, name))
    return base.RACE(year, name)


def RACE_RD(year, rnd):
    USED['round'].add((year, rnd))
    return base.RACE_RD(year, rnd)


FINAL_DS = base.FINAL_DS
FINAL_CS = base.FINAL_CS

WIN_BY_RACE = ("SELECT " + NAME + " AS driver, c.name AS constructor FROM results r "
               "JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId "
               "WHERE r.raceId = %s AND r.position = 1")
WIN_BY_CIRCUIT = ("SELECT " + NAME + " AS driver, c.name AS constructor, ra.name AS race FROM results r "
                  "JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId "
                  "JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId "
                  "WHERE ci.circuitRef = %s AND ra.year = %d AND r.position = 1")
TOPN = ("SELECT r.position, " + NAME + " AS driver, c.name AS constructor FROM results r "
        "JOIN drivers d ON d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId "
        "WHERE r.raceId = %s AND r.position <= %d ORDER BY r.position")
NTH = ("SELECT " + NAME + " AS driver, c.name AS constructor FROM results r JOIN drivers d ON d.driverId = r.driverId "
       "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.raceId = %s AND r.position = %d")
QPOLE = ("SELECT " + NAME + " AS driver, c.name AS constructor, qu.q3 FROM qualifying qu "
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
WINS = "SELECT COUNT(*) AS wins FROM results WHERE driverId = %s AND position = 1"
PODS = "SELECT COUNT(*) AS podiums FROM results WHERE driverId = %s AND position <= 3"
CWINS = "SELECT COUNT(DISTINCT raceId) AS wins FROM results WHERE constructorId = %s AND position = 1"
CAREER_PTS = ("(SELECT driverId, points AS pts FROM results UNION ALL SELECT driverId, points FROM sprint_results)")

# --------------------------------------------------------------------------
# Fan set: 20 categories x 5 questions
# --------------------------------------------------------------------------

FAN = []


def F(id_, cat, diff, question, sql, av=None, avx=None, note=None):
    FAN.append(dict(id=id_, question=question, category=cat, difficulty=diff,
                    sql=sql, av=av, avx=avx, note=note))


# race_winner
F('H2F-RW-01', 'race_winner', 'easy', "I'd like to know who won the 1967 Mexican Grand Prix.",
  WIN_BY_RACE % RACE(1967, 'Mexican Grand Prix'), av=['driver'])
F('H2F-RW-02', 'race_winner', 'easy', 'winner canadian gp 2014',
  WIN_BY_RACE % RACE(2014, 'Canadian Grand Prix'), av=['driver'])
F('H2F-RW-03', 'race_winner', 'medium',
  'Tell me who won the 1979 French Grand Prix and which constructor he was driving for.',
  WIN_BY_RACE % RACE(1979, 'French Grand Prix'), av=['driver', 'constructor'],
  note="Renault's first Grand Prix win.")
F('H2F-RW-04', 'race_winner', 'easy', 'In 2010, who was the winner of the Korean Grand Prix?',
  WIN_BY_RACE % RACE(2010, 'Korean Grand Prix'), av=['driver'])
F('H2F-RW-05', 'race_winner', 'medium', 'who won at zandvort in 1985',
  WIN_BY_CIRCUIT % (CIRC('zandvoort'), 1985), av=['driver'],
  note="Misspelt circuit (Zandvoort = Dutch GP); Niki Lauda's last win.")

# race_podium_topn
F('H2F-PD-01', 'race_podium_topn', 'easy', 'Give me the podium from the 1992 Hungarian Grand Prix.',
  TOPN % (RACE(1992, 'Hungarian Grand Prix'), 3), av=['driver'])
F('H2F-PD-02', 'race_podium_topn', 'easy', 'japanese gp 2011 top three',
  TOPN % (RACE(2011, 'Japanese Grand Prix'), 3), av=['driver'])
F('H2F-PD-03', 'race_podium_topn', 'medium', 'Who finished second in the 1958 Moroccan Grand Prix?',
  NTH % (RACE(1958, 'Moroccan Grand Prix'), 2), av=['driver'],
  note='Mike Hawthorn took second and the title; Stirling Moss won.')
F('H2F-PD-04', 'race_podium_topn', 'medium', 'List the top ten finishers of the 2020 Austrian Grand Prix.',
  TOPN % (RACE(2020, 'Austrian Grand Prix'), 10), av=['driver'],
  note='Lewis Hamilton crossed the line 2nd but a 5 s penalty classified him 4th.')
F('H2F-PD-05', 'race_podium_topn', 'easy', 'Who came home fourth at the 2008 Italian Grand Prix?',
  NTH % (RACE(2008, 'Italian Grand Prix'), 4), av=['driver'])

# pole_sitter
F('H2F-PL-01', 'pole_sitter', 'easy', 'pole position singapore 2008',
  QPOLE % RACE(2008, 'Singapore Grand Prix'), av=['driver'])
F('H2F-PL-02', 'pole_sitter', 'medium', 'Who started first on the grid at the 1971 Monaco Grand Prix?',
  GPOLE % RACE(1971, 'Monaco Grand Prix'), av=['driver'], note='Before 2003: pole = results.grid = 1.')
F('H2F-PL-03', 'pole_sitter', 'easy', 'Tell me who took pole for the 2017 Azerbaijan Grand Prix.',
  QPOLE % RACE(2017, 'Azerbaijan Grand Prix'), av=['driver'])
F('H2F-PL-04', 'pole_sitter', 'medium', 'In 2024, who put it on pole at Silverstone?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM qualifying qu JOIN races ra ON ra.raceId = qu.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = qu.driverId "
  "JOIN constructors c ON c.constructorId = qu.constructorId WHERE ci.circuitRef = %s AND ra.year = 2024 "
  "AND qu.position = 1" % CIRC('silverstone'), av=['driver'])
F('H2F-PL-05', 'pole_sitter', 'medium', 'Which driver sat on pole for the 1990 United States Grand Prix?',
  GPOLE % RACE(1990, 'United States Grand Prix'), av=['driver'],
  note='Before 2003: pole = results.grid = 1 (Gerhard Berger, McLaren, at Phoenix).')

# fastest_lap
F('H2F-FL-01', 'fastest_lap', 'easy', 'Who set the fastest lap at the 2009 British Grand Prix?',
  FLAP % RACE(2009, 'British Grand Prix'), av=['driver'])
F('H2F-FL-02', 'fastest_lap', 'medium', 'fastest lap baku 2019, who and what time',
  "SELECT " + NAME + " AS driver, r.fastestLapTime FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId "
  "WHERE ci.circuitRef = %s AND ra.year = 2019 AND r.rank = 1" % CIRC('baku'), av=['driver', 'fastestLapTime'])
F('H2F-FL-03', 'fastest_lap', 'easy',
  "I'd like to know who did the quickest race lap at the 2013 Korean Grand Prix.",
  FLAP % RACE(2013, 'Korean Grand Prix'), av=['driver'])
F('H2F-FL-04', 'fastest_lap', 'medium', '2021 Portuguese GP: who had the fastest lap, and on which lap?',
  FLAP % RACE(2021, 'Portuguese Grand Prix'), av=['driver', 'lap'])
F('H2F-FL-05', 'fastest_lap', 'easy', 'Which driver took the fastest lap in the 2006 Canadian Grand Prix?',
  FLAP % RACE(2006, 'Canadian Grand Prix'), av=['driver'])

# world_champion
F('H2F-WC-01', 'world_champion', 'easy', 'Who was the very first Formula One world champion, in 1950?',
  DCHAMP % FINAL_DS(1950), av=['driver'])
F('H2F-WC-02', 'world_champion', 'easy', "Which constructor took the 1979 constructors' title?",
  CCHAMP % FINAL_CS(1979), av=['constructor'])
F('H2F-WC-03', 'world_champion', 'easy', 'who won the title in 1982',
  DCHAMP % FINAL_DS(1982), av=['driver'], note="Drivers' title (Keke Rosberg, one win).")
F('H2F-WC-04', 'world_champion', 'medium', "Tell me the 2014 constructors' champion and their points total.",
  CCHAMP % FINAL_CS(2014), av=['constructor', 'points'])
F('H2F-WC-05', 'world_champion', 'easy', "In 1969, who won the drivers' championship?",
  DCHAMP % FINAL_DS(1969), av=['driver'])

# final_standings
F('H2F-FS-01', 'final_standings', 'easy', "Who finished third in the 1987 drivers' championship?",
  DSTAND % (FINAL_DS(1987), 'ds.position = 3'), av=['driver'])
F('H2F-FS-02', 'final_standings', 'medium', "Give me the top three of the 2005 constructors' standings with their points.",
  CSTAND % (FINAL_CS(2005), 'cs.position <= 3'), av=['constructor', 'points'])
F('H2F-FS-03', 'final_standings', 'easy', "Where did Daniel Ricciardo end up in the 2014 drivers' championship?",
  "SELECT ds.position, ds.points FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
  % (FINAL_DS(2014), DRV('ricciardo')), av=['position'])
F('H2F-FS-04', 'final_standings', 'easy', 'how many points did williams finish 1996 on',
  "SELECT cs.points, cs.position FROM constructor_standings cs WHERE cs.raceId = %s AND cs.constructorId = %s"
  % (FINAL_CS(1996), CON('williams')), av=['points'])
F('H2F-FS-05', 'final_standings', 'medium', 'Who was the runner-up in the 1960 World Championship?',
  DSTAND % (FINAL_DS(1960), 'ds.position = 2'), av=['driver'])

# standings_after_round
F('H2F-SR-01', 'standings_after_round', 'medium', 'Who was leading the championship after round 5 of 2018?',
  DSTAND % (RACE_RD(2018, 5), 'ds.position = 1'), av=['driver', 'points'])
F('H2F-SR-02', 'standings_after_round', 'medium', "top 3 constructors after rd 4 2023",
  CSTAND % (RACE_RD(2023, 4), 'cs.position <= 3'), av=['constructor'])
F('H2F-SR-03', 'standings_after_round', 'medium',
  "After the 2019 Canadian Grand Prix, who topped the drivers' standings and on how many points?",
  DSTAND % (RACE(2019, 'Canadian Grand Prix'), 'ds.position = 1'), av=['driver', 'points'])
F('H2F-SR-04', 'standings_after_round', 'medium', "Who was third in the drivers' championship after round 7 of 1998?",
  DSTAND % (RACE_RD(1998, 7), 'ds.position = 3'), av=['driver'], note='Round 7 = 1998 Canadian GP.')
F('H2F-SR-05', 'standings_after_round', 'medium', 'How many points did Sebastian Vettel have after round 10 of 2018?',
  "SELECT ds.points, ds.position FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
  % (RACE_RD(2018, 10), DRV('vettel')), av=['points'])

# driver_career_stats
F('H2F-CS-01', 'driver_career_stats', 'easy', 'How many Grands Prix did Gilles Villeneuve win?',
  WINS % DRV('gilles_villeneuve'), av=['wins'], note="Gilles ('gilles_villeneuve'), not his son Jacques.")
F('H2F-CS-02', 'driver_career_stats', 'easy', 'how many podiums did mark weber get',
  PODS % DRV('webber'), av=['podiums'], note='Misspelt surname (Mark Webber).')
F('H2F-CS-03', 'driver_career_stats', 'medium', "I'd like to know how many races Riccardo Patrese started.",
  "SELECT COUNT(*) AS starts FROM results r WHERE r.driverId = %s AND %s" % (DRV('patrese'), STARTS), av=['starts'],
  note="Starts = results rows with positionText not in ('F','W').")
F('H2F-CS-04', 'driver_career_stats', 'medium', 'How many pole positions did Jackie Stewart take?',
  "SELECT COUNT(*) AS poles FROM results WHERE driverId = %s AND grid = 1" % DRV('stewart'), av=['poles'],
  note='Career poles = results.grid = 1.')
F('H2F-CS-05', 'driver_career_stats', 'medium', 'In how many races did Jenson Button fail to finish?',
  "SELECT COUNT(*) AS dnfs FROM results WHERE driverId = %s AND positionText = 'R'" % DRV('button'), av=['dnfs'],
  note="DNF = positionText 'R'.")

# all_time_leaders
F('H2F-AT-01', 'all_time_leaders', 'medium', 'Which driver has finished second in the most Grands Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS seconds FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 2 GROUP BY r.driverId ORDER BY seconds DESC LIMIT 1", av=['driver', 'seconds'])
F('H2F-AT-02', 'all_time_leaders', 'medium', 'Which team has the most podium finishes?',
  "SELECT c.name AS constructor, COUNT(*) AS podiums FROM results r JOIN constructors c ON c.constructorId = "
  "r.constructorId WHERE r.position <= 3 GROUP BY r.constructorId ORDER BY podiums DESC LIMIT 1",
  av=['constructor'], note='Podium finishes by the team\'s cars (results.position <= 3).')
F('H2F-AT-03', 'all_time_leaders', 'medium', 'Who has won the most races from pole position?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins_from_pole FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND r.grid = 1 GROUP BY r.driverId ORDER BY wins_from_pole DESC LIMIT 1",
  av=['driver', 'wins_from_pole'], note="'From pole' = results.grid = 1 AND position = 1.")
F('H2F-AT-04', 'all_time_leaders', 'hard', 'Which constructor has scored the most one-two finishes?',
  "SELECT c.name AS constructor, COUNT(DISTINCT a.raceId) AS one_twos FROM results a JOIN results b ON b.raceId = a.raceId "
  "AND b.constructorId = a.constructorId JOIN constructors c ON c.constructorId = a.constructorId "
  "WHERE a.position = 1 AND b.position = 2 GROUP BY a.constructorId ORDER BY one_twos DESC LIMIT 1",
  av=['constructor', 'one_twos'], note='One-two = the same constructor finished 1st and 2nd.')
F('H2F-AT-05', 'all_time_leaders', 'medium', 'Which team has entered the most Grands Prix?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS races FROM results r JOIN constructors c "
  "ON c.constructorId = r.constructorId GROUP BY r.constructorId ORDER BY races DESC LIMIT 1",
  av=['constructor', 'races'], note='Races with at least one results row for the team; data through 2025 round 21.')

# records
F('H2F-RC-01', 'records', 'hard', 'Who is the oldest driver to have won the world championship?',
  CHAMPS + ", fr AS (SELECT ra.year, ra.date FROM races ra JOIN fin ON fin.year = ra.year AND fin.last_round = ra.round) "
  "SELECT " + NAME + " AS driver, champ.year, " + AGE + " AS age FROM champ JOIN fr ra ON ra.year = champ.year "
  "JOIN drivers d ON d.driverId = champ.driverId ORDER BY julianday(ra.date) - julianday(d.dob) DESC LIMIT 1",
  av=['driver', 'age'], note='Age in completed years at the final race of the title season.')
F('H2F-RC-02', 'records', 'hard', 'What is the lowest grid position anyone has won a Grand Prix from?',
  "SELECT " + NAME + " AS driver, ra.year, ra.name AS race, r.grid FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 AND r.grid > 0 ORDER BY r.grid DESC LIMIT 1",
  av=['grid', 'driver'], note='grid 0 (pit-lane start) excluded; 1983 United States GP West at Long Beach.')
F('H2F-RC-03', 'records', 'medium', 'What is the record for most podium finishes in a single season?',
  "SELECT " + NAME + " AS driver, ra.year, COUNT(*) AS podiums FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.position <= 3 GROUP BY r.driverId, ra.year "
  "ORDER BY podiums DESC LIMIT 1", av=['driver', 'year', 'podiums'])
F('H2F-RC-04', 'records', 'medium', 'Which driver has won Grands Prix in the most different seasons?',
  "SELECT " + NAME + " AS driver, COUNT(DISTINCT ra.year) AS seasons FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 GROUP BY r.driverId ORDER BY seasons DESC LIMIT 1",
  av=['driver', 'seasons'], note='Seasons with at least one Grand Prix win (2007-2021 and 2024).')
F('H2F-RC-05', 'records', 'hard', 'Which constructor scored the most points in a single season?',
  "WITH fin AS (SELECT year, MAX(round) AS last_round FROM races WHERE raceId IN (SELECT raceId FROM "
  "constructor_standings) GROUP BY year) SELECT c.name AS constructor, ra.year, cs.points FROM constructor_standings cs "
  "JOIN races ra ON ra.raceId = cs.raceId JOIN fin ON fin.year = ra.year AND fin.last_round = ra.round "
  "JOIN constructors c ON c.constructorId = cs.constructorId ORDER BY cs.points DESC LIMIT 1",
  av=['constructor', 'year', 'points'], note='Final constructor standings (sprint points included).')

# head_to_head
H2H_RACE = ("SELECT SUM(a.positionOrder < b.positionOrder) AS {a}_ahead, SUM(b.positionOrder < a.positionOrder) AS "
            "{b}_ahead FROM results a JOIN results b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId "
            "WHERE ra.year = %d AND a.driverId = %s AND b.driverId = %s")
H2H_QUALI = ("SELECT SUM(a.position < b.position) AS {a}_ahead, SUM(b.position < a.position) AS {b}_ahead "
             "FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId JOIN races ra ON ra.raceId = a.raceId "
             "WHERE ra.year = %d AND a.driverId = %s AND b.driverId = %s")
PTS2 = ("SELECT " + NAME + " AS driver, ds.points FROM driver_standings ds JOIN drivers d ON d.driverId = ds.driverId "
        "WHERE ds.raceId = %s AND d.driverRef IN (%s, %s) ORDER BY ds.points DESC")
F('H2F-HH-01', 'head_to_head', 'easy', 'Senna vs Berger in 1990: who had more points?',
  PTS2 % (FINAL_DS(1990), q('senna'), q('berger')), av=['driver', 'points'])
F('H2F-HH-02', 'head_to_head', 'hard', 'What was the qualifying head-to-head between Alonso and Hamilton in 2007?',
  H2H_QUALI.format(a='alonso', b='hamilton') % (2007, DRV('alonso'), DRV('hamilton')),
  av=['alonso_ahead', 'hamilton_ahead'], note='Qualifying head-to-head convention (qualifying.position).')
F('H2F-HH-03', 'head_to_head', 'hard', 'How many times did Mark Webber beat Sebastian Vettel to the flag in 2013?',
  H2H_RACE.format(a='webber', b='vettel') % (2013, DRV('webber'), DRV('vettel')), av=['webber_ahead'],
  note='Race head-to-head convention: positionOrder, DNFs included.')
F('H2F-HH-04', 'head_to_head', 'hard', 'alesi v berger race h2h 1995',
  H2H_RACE.format(a='alesi', b='berger') % (1995, DRV('alesi'), DRV('berger')),
  av=['alesi_ahead', 'berger_ahead'], note='Jean Alesi vs Gerhard Berger (Ferrari); positionOrder, DNFs included.')
F('H2F-HH-05', 'head_to_head', 'easy', 'Who scored more points in 2003, Juan Pablo Montoya or Ralf Schumacher?',
  PTS2 % (FINAL_DS(2003), q('montoya'), q('ralf_schumacher')), av=['driver', 'points'])

# driver_team_history
TEAMS = ("SELECT c.name AS constructor, MIN(ra.year) AS first_year, MAX(ra.year) AS last_year FROM results r "
         "JOIN races ra ON ra.raceId = r.raceId JOIN constructors c ON c.constructorId = r.constructorId "
         "WHERE r.driverId = %s GROUP BY r.constructorId ORDER BY MIN(ra.date)")
F('H2F-TH-01', 'driver_team_history', 'easy', 'Which teams did Jenson Button drive for in his career?',
  TEAMS % DRV('button'), av=['constructor'])
F('H2F-TH-02', 'driver_team_history', 'medium', 'Who did Jackie Stewart race for in 1968?',
  "SELECT DISTINCT c.name AS constructor FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN constructors c "
  "ON c.constructorId = r.constructorId WHERE r.driverId = %s AND ra.year = 1968" % DRV('stewart'),
  av=['constructor'], note="Ken Tyrrell's Matra entry, filed as 'Matra-Ford'.")
F('H2F-TH-03', 'driver_team_history', 'easy', 'who drove for ferrari in 1979',
  "SELECT DISTINCT " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN drivers d "
  "ON d.driverId = r.driverId WHERE ra.year = 1979 AND r.constructorId = %s" % CON('ferrari'), av=['driver'])
F('H2F-TH-04', 'driver_team_history', 'medium', 'Which team gave Sergio Pérez his Formula 1 debut?',
  "SELECT c.name AS constructor, ra.year, ra.name AS race FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.driverId = %s ORDER BY ra.date LIMIT 1"
  % DRV('perez'), av=['constructor'])
F('H2F-TH-05', 'driver_team_history', 'easy', 'What team was Mika Häkkinen racing for in 1992?',
  "SELECT DISTINCT c.name AS constructor FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN constructors c "
  "ON c.constructorId = r.constructorId WHERE r.driverId = %s AND ra.year = 1992" % DRV('hakkinen'),
  av=['constructor'])

# constructor_wins_at_circuit
CW_RACE = ("SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
           "WHERE r.position = 1 AND r.constructorId = %s AND ra.name = %s")
CW_CIRC = ("SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
           "JOIN circuits ci ON ci.circuitId = ra.circuitId WHERE r.position = 1 AND r.constructorId = %s "
           "AND ci.circuitRef = %s")
F('H2F-CW-01', 'constructor_wins_at_circuit', 'medium', 'How many wins does Ferrari have at the Nürburgring?',
  CW_CIRC % (CON('ferrari'), CIRC('nurburgring')), av=['wins'],
  note='Every Grand Prix held at the Nürburgring (German, European, Luxembourg and Eifel GPs).')
F('H2F-CW-02', 'constructor_wins_at_circuit', 'easy', 'How many times have Williams won at Hockenheim?',
  CW_CIRC % (CON('williams'), CIRC('hockenheimring')), av=['wins'])
F('H2F-CW-03', 'constructor_wins_at_circuit', 'easy', 'how many times did mercedes win in baku',
  CW_CIRC % (CON('mercedes'), CIRC('baku')), av=['wins'])
F('H2F-CW-04', 'constructor_wins_at_circuit', 'easy', 'How many Australian Grands Prix has McLaren won?',
  CW_RACE % (CON('mclaren'), q('Australian Grand Prix')), av=['wins'],
  note='Adelaide (1985-1995) and Albert Park; data through 2025.')
F('H2F-CW-05', 'constructor_wins_at_circuit', 'medium', 'Count the French Grands Prix won by Renault.',
  CW_RACE % (CON('renault'), q('French Grand Prix')), av=['wins'],
  note="constructorRef 'renault' (works team 1977-1985 and 2002-2011, 2016-2020).")

# circuit_facts
F('H2F-CF-01', 'circuit_facts', 'easy', 'Which town is the Silverstone Circuit in?',
  "SELECT name, location, country FROM circuits WHERE circuitRef = %s" % CIRC('silverstone'),
  av=['location'])
F('H2F-CF-02', 'circuit_facts', 'easy', 'When did the Marina Bay Street Circuit host its first race?',
  "SELECT ra.year, ra.name AS race, ra.date FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s ORDER BY ra.date LIMIT 1" % CIRC('marina_bay'), av=['year'])
F('H2F-CF-03', 'circuit_facts', 'medium', "Who's won the most Grands Prix at Interlagos?",
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 "
  "AND ci.circuitRef = %s GROUP BY r.driverId ORDER BY wins DESC LIMIT 1" % CIRC('interlagos'),
  av=['driver', 'wins'])
F('H2F-CF-04', 'circuit_facts', 'medium', 'How many Grands Prix have been held at Hockenheim?',
  "SELECT COUNT(*) AS races FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s AND ra.raceId IN (SELECT raceId FROM results)" % CIRC('hockenheimring'), av=['races'])
F('H2F-CF-05', 'circuit_facts', 'easy', 'What was the last year Formula 1 raced at Magny-Cours?',
  "SELECT ra.year, ra.name AS race FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s ORDER BY ra.date DESC LIMIT 1" % CIRC('magny_cours'), av=['year'])

# season_facts
F('H2F-SF-01', 'season_facts', 'easy', 'How many races made up the 1977 season?',
  "SELECT COUNT(*) AS races FROM races WHERE year = 1977", av=['races'])
F('H2F-SF-02', 'season_facts', 'easy', 'Who won the final race of the 2002 season?',
  "SELECT ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = 2002 AND r.position = 1 AND ra.round = "
  "(SELECT MAX(round) FROM races WHERE year = 2002)", av=['driver'])
F('H2F-SF-03', 'season_facts', 'medium', 'How many different constructors won a race in 1985?',
  "SELECT COUNT(DISTINCT r.constructorId) AS different_constructors FROM results r JOIN races ra "
  "ON ra.raceId = r.raceId WHERE ra.year = 1985 AND r.position = 1", av=['different_constructors'])
F('H2F-SF-04', 'season_facts', 'easy', 'Which Grand Prix opened the 1966 season?',
  "SELECT name, date FROM races WHERE year = 1966 ORDER BY round LIMIT 1", av=['name'])
F('H2F-SF-05', 'season_facts', 'easy', 'How many victories did Williams take in 1993?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE ra.year = 1993 AND r.position = 1 AND r.constructorId = %s" % CON('williams'), av=['wins'])

# pit_stops
F('H2F-PS-01', 'pit_stops', 'medium', 'Who made the quickest pit stop at the 2014 German Grand Prix?',
  "SELECT " + NAME + " AS driver, p.lap, p.duration FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId "
  "WHERE p.raceId = %s ORDER BY p.milliseconds LIMIT 1" % RACE(2014, 'German Grand Prix'),
  av=['driver', 'duration'], note='Shortest pit_stops.milliseconds (pit-lane time, not stationary time).')
F('H2F-PS-02', 'pit_stops', 'easy', 'How many stops did Sebastian Vettel make at the 2015 Hungarian Grand Prix?',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s AND driverId = %s"
  % (RACE(2015, 'Hungarian Grand Prix'), DRV('vettel')), av=['stops'])
F('H2F-PS-03', 'pit_stops', 'easy', 'total pit stops chinese gp 2013',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s" % RACE(2013, 'Chinese Grand Prix'), av=['stops'])
F('H2F-PS-04', 'pit_stops', 'easy', 'On which lap did Lando Norris first pit at the 2023 Qatar Grand Prix?',
  "SELECT p.lap, p.duration FROM pit_stops p WHERE p.raceId = %s AND p.driverId = %s AND p.stop = 1"
  % (RACE(2023, 'Qatar Grand Prix'), DRV('norris')), av=['lap'])
F('H2F-PS-05', 'pit_stops', 'medium', 'Which team made the fastest pit stop at the 2017 Mexican Grand Prix?',
  "SELECT c.name AS constructor, " + NAME + " AS driver, p.duration FROM pit_stops p JOIN drivers d ON d.driverId = "
  "p.driverId JOIN results r ON r.raceId = p.raceId AND r.driverId = p.driverId JOIN constructors c ON "
  "c.constructorId = r.constructorId WHERE p.raceId = %s ORDER BY p.milliseconds LIMIT 1"
  % RACE(2017, 'Mexican Grand Prix'), av=['constructor'],
  note='Shortest pit_stops.milliseconds (pit-lane time).')

# sprint_results
F('H2F-SP-01', 'sprint_results', 'easy', 'Who won the sprint at the 2021 British Grand Prix?',
  "SELECT " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
  "WHERE s.raceId = %s AND s.position = 1" % RACE(2021, 'British Grand Prix'), av=['driver'],
  note="Called 'sprint qualifying' at the time; it is in sprint_results.")
F('H2F-SP-02', 'sprint_results', 'easy', 'belgian gp 2025 sprint winner',
  "SELECT " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
  "WHERE s.raceId = %s AND s.position = 1" % RACE(2025, 'Belgian Grand Prix'), av=['driver'])
F('H2F-SP-03', 'sprint_results', 'easy', 'How many sprint races has Oscar Piastri won?',
  "SELECT COUNT(*) AS sprint_wins FROM sprint_results WHERE driverId = %s AND position = 1" % DRV('piastri'),
  av=['sprint_wins'], note='Data through 2025 round 21.')
F('H2F-SP-04', 'sprint_results', 'easy', 'Show me the top three of the sprint at the 2024 United States Grand Prix.',
  "SELECT s.position, " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
  "WHERE s.raceId = %s AND s.position <= 3 ORDER BY s.position" % RACE(2024, 'United States Grand Prix'),
  av=['driver'])
F('H2F-SP-05', 'sprint_results', 'medium', 'How many points did Lewis Hamilton score in sprints during 2024?',
  "SELECT SUM(s.points) AS sprint_points FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "WHERE ra.year = 2024 AND s.driverId = %s" % DRV('hamilton'), av=['sprint_points'])

# nationality
F('H2F-NA-01', 'nationality', 'medium', 'How many Grand Prix victories have Argentine drivers taken?',
  "SELECT COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Argentine' AND r.position = 1", av=['wins'],
  note="drivers.nationality 'Argentine' (Fangio 24, Reutemann 12, Froilán González 2).")
F('H2F-NA-02', 'nationality', 'easy', 'Which Austrian driver has won the most races?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Austrian' AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC LIMIT 1",
  av=['driver', 'wins'])
F('H2F-NA-03', 'nationality', 'easy', 'Which Spanish drivers have won a Grand Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Spanish' AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC", av=['driver'])
F('H2F-NA-04', 'nationality', 'medium', 'How many different Swedish drivers have won a Grand Prix?',
  "SELECT COUNT(DISTINCT r.driverId) AS winners FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Swedish' AND r.position = 1", av=['winners'],
  note='Jo Bonnier, Ronnie Peterson, Gunnar Nilsson.')
F('H2F-NA-05', 'nationality', 'easy', 'how many grand prixs have canadian drivers won',
  "SELECT COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Canadian' AND r.position = 1", av=['wins'])

# compare
F('H2F-CP-01', 'compare', 'easy', 'Who has more Grand Prix wins, Sebastian Vettel or Fernando Alonso?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND d.driverRef IN ('vettel', 'alonso') GROUP BY r.driverId ORDER BY wins DESC",
  av=['driver', 'wins'])
F('H2F-CP-02', 'compare', 'easy', 'Button or Barrichello: who had more career podiums?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS podiums FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position <= 3 AND d.driverRef IN ('button', 'barrichello') GROUP BY r.driverId ORDER BY podiums DESC",
  av=['driver', 'podiums'])
F('H2F-CP-03', 'compare', 'medium', 'Who started more Grands Prix, Kimi Räikkönen or Rubens Barrichello?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS starts FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE " + STARTS + " AND d.driverRef IN ('raikkonen', 'barrichello') GROUP BY r.driverId ORDER BY starts DESC",
  av=['driver', 'starts'], note="Starts = results rows with positionText not in ('F','W').")
F('H2F-CP-04', 'compare', 'easy', 'Fangio or Ascari, who won more races?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND d.driverRef IN ('fangio', 'ascari') GROUP BY r.driverId ORDER BY wins DESC",
  av=['driver', 'wins'], note="drivers.csv names Fangio 'Juan Fangio'.")
F('H2F-CP-05', 'compare', 'medium', 'Which team has more pole positions, Williams or Red Bull?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS poles FROM results r JOIN constructors c "
  "ON c.constructorId = r.constructorId WHERE r.grid = 1 AND c.constructorRef IN ('williams', 'red_bull') "
  "GROUP BY r.constructorId ORDER BY poles DESC", av=['constructor', 'poles'],
  note='Poles = results.grid = 1 (all-time count).')

# dates
FIRSTWIN = ("SELECT ra.name AS race, ra.year, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId "
            "WHERE r.driverId = %s AND r.position = 1 ORDER BY ra.date %s LIMIT 1")
F('H2F-DT-01', 'dates', 'easy', 'When did Sebastian Vettel win his first race?',
  FIRSTWIN % (DRV('vettel'), 'ASC'), av=['race', 'year', 'date'])
F('H2F-DT-02', 'dates', 'easy', 'When did Ferrari win their first Grand Prix?',
  "SELECT ra.name AS race, ra.year, ra.date, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.constructorId = %s AND r.position = 1 ORDER BY ra.date LIMIT 1"
  % CON('ferrari'), av=['race', 'year'])
F('H2F-DT-03', 'dates', 'easy', "what date was lando norris's first gp win",
  FIRSTWIN % (DRV('norris'), 'ASC'), av=['date'])
F('H2F-DT-04', 'dates', 'easy', "On what date did Nelson Piquet win his final Grand Prix?",
  FIRSTWIN % (DRV('piquet'), 'DESC'), av=['date'], note="Nelson Piquet senior ('piquet'), not Nelson Piquet Jr.")
F('H2F-DT-05', 'dates', 'medium', 'When did Alain Prost make his F1 debut?',
  "SELECT ra.name AS race, ra.year, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.driverId = %s AND " % DRV('prost') + STARTS + " ORDER BY ra.date LIMIT 1", av=['race', 'year'],
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


TOP_WINNER = ("SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
              "WHERE r.position = 1 GROUP BY r.driverId ORDER BY wins DESC LIMIT 1")
TOP_POLES = ("SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN drivers d ON d.driverId = r.driverId "
             "WHERE r.grid = 1 GROUP BY r.driverId ORDER BY poles DESC LIMIT 1")
DECADE_WINS = ("SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
               "JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 AND ra.year BETWEEN %d AND %d "
               "GROUP BY r.driverId ORDER BY wins DESC LIMIT 1")

# ---- near misses (30 answerable + 2 decline) ----
H('H2X-NM-01', 'near_miss', 'all_time_leaders', 'medium', 'Which driver won the most Grands Prix in the 1960s?',
  DECADE_WINS % (1960, 1969), av=['driver', 'wins'],
  note="'The 1960s' = seasons 1960-1969; runner-up Graham Hill 14.",
  check=('Which driver has won the most Grands Prix?', TOP_WINNER))
H('H2X-NM-02', 'near_miss', 'all_time_leaders', 'medium', 'Most race wins by a constructor in the nineties?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.position = 1 AND ra.year BETWEEN 1990 AND 1999 "
  "GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1", av=['constructor', 'wins'],
  note="'The nineties' = seasons 1990-1999; runner-up McLaren 43.",
  check=('Which constructor has won the most races?',
         "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c "
         "ON c.constructorId = r.constructorId WHERE r.position = 1 GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1"))
H('H2X-NM-03', 'near_miss', 'pole_sitter', 'medium', 'Who took the most pole positions between 2000 and 2009?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.grid = 1 AND ra.year BETWEEN 2000 AND 2009 "
  "GROUP BY r.driverId ORDER BY poles DESC LIMIT 1", av=['driver', 'poles'],
  note='Range inclusive; poles = results.grid = 1. Runner-up Fernando Alonso 18.',
  check=('Who has the most pole positions?', TOP_POLES))
H('H2X-NM-04', 'near_miss', 'driver_career_stats', 'easy', "How many of Sebastian Vettel's victories came with Red Bull?",
  WINS % DRV('vettel') + " AND constructorId = %s" % CON('red_bull'), av=['wins'],
  note='The others: 14 with Ferrari and 1 with Toro Rosso (2008 Italian GP).',
  check=('How many Grands Prix did Sebastian Vettel win?', WINS % DRV('vettel')))
H('H2X-NM-05', 'near_miss', 'driver_career_stats', 'medium', 'How many races did Lewis Hamilton win in his first year with Mercedes?',
  "SELECT ra.year, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND r.constructorId = %s AND ra.year = (SELECT MIN(ra2.year) FROM results r2 JOIN races ra2 "
  "ON ra2.raceId = r2.raceId WHERE r2.driverId = %s AND r2.constructorId = %s) GROUP BY ra.year"
  % (DRV('hamilton'), CON('mercedes'), DRV('hamilton'), CON('mercedes')), av=['wins'],
  note='First Mercedes season = 2013 (Hungarian GP).',
  check=('How many races has Lewis Hamilton won?', WINS % DRV('hamilton')))
H('H2X-NM-06', 'near_miss', 'driver_career_stats', 'medium', 'How many of his Grands Prix did Fernando Alonso win from pole?',
  WINS % DRV('alonso') + " AND grid = 1", av=['wins'],
  note="'From pole' = results.grid = 1 AND position = 1.",
  check=('How many Grands Prix did Fernando Alonso win?', WINS % DRV('alonso')))
H('H2X-NM-07', 'near_miss', 'circuit_facts', 'medium', 'List the years in which Alain Prost won the French Grand Prix.',
  "SELECT ra.year FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s AND r.position = 1 "
  "AND ra.name = 'French Grand Prix' ORDER BY ra.year" % DRV('prost'), av=['year'],
  note='A list of years is asked, not a count.',
  check=('How many times did Alain Prost win the French Grand Prix?',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 AND ra.name = 'French Grand Prix'" % DRV('prost')))
H('H2X-NM-08', 'near_miss', 'circuit_facts', 'medium', 'How many different drivers have won the British Grand Prix?',
  "SELECT COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.position = 1 AND ra.name = 'British Grand Prix'", av=['different_winners'],
  check=('How many times has the British Grand Prix been won? (counting wins, not different drivers)',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
         "WHERE r.position = 1 AND ra.name = 'British Grand Prix'"))
H('H2X-NM-09', 'near_miss', 'constructor_wins_at_circuit', 'medium',
  'How many times did McLaren win the Belgian Grand Prix during the 1980s?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.position = 1 "
  "AND r.constructorId = %s AND ra.name = 'Belgian Grand Prix' AND ra.year BETWEEN 1980 AND 1989" % CON('mclaren'),
  av=['wins'], note="'The 1980s' = 1980-1989: 1982, 1987, 1988, 1989.",
  check=('How many times has McLaren won the Belgian Grand Prix?',
         "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE "
         "r.position = 1 AND r.constructorId = %s AND ra.name = 'Belgian Grand Prix'" % CON('mclaren')))
H('H2X-NM-10', 'near_miss', 'driver_career_stats', 'medium', 'How many podiums did Oscar Piastri score in his rookie season?',
  "SELECT ra.year, COUNT(*) AS podiums FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position <= 3 AND ra.year = (SELECT MIN(ra2.year) FROM results r2 JOIN races ra2 ON ra2.raceId = r2.raceId "
  "WHERE r2.driverId = %s AND r2.positionText NOT IN ('F', 'W')) GROUP BY ra.year" % (DRV('piastri'), DRV('piastri')),
  av=['podiums'], note='Rookie season = first season with a start (2023). Grand Prix podiums only.',
  check=('How many podiums has Oscar Piastri scored?', PODS % DRV('piastri')))
H('H2X-NM-11', 'near_miss', 'driver_career_stats', 'hard',
  'How many Grands Prix did David Coulthard win with Mika Häkkinen as his teammate?',
  "SELECT COUNT(*) AS wins FROM results a WHERE a.driverId = %s AND a.position = 1 AND EXISTS (SELECT 1 FROM results b "
  "WHERE b.raceId = a.raceId AND b.constructorId = a.constructorId AND b.driverId = %s)"
  % (DRV('coulthard'), DRV('hakkinen')), av=['wins'],
  note='Teammate = same constructor in the same race (McLaren 1996-2001); excludes his 1995 Williams win and his 2002-2003 wins alongside Kimi Räikkönen.',
  check=('How many races did David Coulthard win?', WINS % DRV('coulthard')))
H('H2X-NM-12', 'near_miss', 'driver_career_stats', 'medium', "What was Sebastian Vettel's most successful season in terms of wins?",
  "SELECT ra.year, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 GROUP BY ra.year ORDER BY wins DESC LIMIT 1" % DRV('vettel'), av=['year', 'wins'],
  note='Per-season maximum; next best 2011 with 11.',
  check=('How many races did Sebastian Vettel win?', WINS % DRV('vettel')))
H('H2X-NM-13', 'near_miss', 'driver_career_stats', 'medium', 'How many Grands Prix did Michael Schumacher win in August?',
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND strftime('%%m', ra.date) = '08'" % DRV('michael_schumacher'), av=['wins'],
  note='Month of races.date.',
  check=('How many Grands Prix did Michael Schumacher win?', WINS % DRV('michael_schumacher')))
H('H2X-NM-14', 'near_miss', 'nationality', 'hard', 'How many Grands Prix have been won by German constructors?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c ON c.constructorId = r.constructorId "
  "WHERE r.position = 1 AND c.nationality = 'German'", av=['wins'],
  note="constructors.nationality = 'German': Mercedes 131 (1954-55 included), BMW Sauber 1, Porsche 1. Not the German Grand Prix, nor German drivers.",
  check=("How many German Grands Prix have been held? (misreading 'German' as the race)",
         "SELECT COUNT(*) AS races FROM races WHERE name = 'German Grand Prix'"))
H('H2X-NM-15', 'near_miss', 'sprint_results', 'medium', 'counting sprints as well, how many wins did sergio perez get in 2023',
  "SELECT (SELECT COUNT(*) FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2023 AND r.driverId = %s "
  "AND r.position = 1) + (SELECT COUNT(*) FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId WHERE ra.year = 2023 "
  "AND s.driverId = %s AND s.position = 1) AS wins_incl_sprints" % (DRV('perez'), DRV('perez')),
  av=['wins_incl_sprints'], note='2 Grand Prix wins (Saudi Arabia, Azerbaijan) + 1 sprint win (Azerbaijan).',
  check=('How many races did Sergio Pérez win in 2023?',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2023 "
         "AND r.driverId = %s AND r.position = 1" % DRV('perez')))
H('H2X-NM-16', 'near_miss', 'final_standings', 'medium',
  "Leaving sprint points out, how many points did Carlos Sainz score in the 2023 Grands Prix?",
  "SELECT SUM(r.points) AS gp_points FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2023 "
  "AND r.driverId = %s" % DRV('sainz'), av=['gp_points'],
  note='Grand Prix points only (results.points); his 22 sprint points are left out.',
  check=('How many points did Carlos Sainz score in 2023?',
         "SELECT ds.points FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
         % (FINAL_DS(2023), DRV('sainz'))))
H('H2X-NM-17', 'near_miss', 'driver_team_history', 'easy', 'How many podium finishes did Sebastian Vettel take for Ferrari?',
  PODS % DRV('vettel') + " AND constructorId = %s" % CON('ferrari'), av=['podiums'],
  check=('How many podiums did Sebastian Vettel get?', PODS % DRV('vettel')))
H('H2X-NM-18', 'near_miss', 'head_to_head', 'hard',
  'How many times did Daniil Kvyat finish ahead of Pierre Gasly in 2019 in the races where they were Toro Rosso teammates?',
  H2H_RACE.replace('ON b.raceId = a.raceId', 'ON b.raceId = a.raceId AND b.constructorId = a.constructorId')
  .format(a='kvyat', b='gasly') % (2019, DRV('kvyat'), DRV('gasly')), av=['kvyat_ahead', 'gasly_ahead'],
  note='Teammates from round 13 (Belgian GP) to round 21 only: Gasly drove for Red Bull in rounds 1-12.',
  check=('How many times did Daniil Kvyat finish ahead of Pierre Gasly in 2019 (all races both entered)?',
         H2H_RACE.format(a='kvyat', b='gasly') % (2019, DRV('kvyat'), DRV('gasly'))))
H('H2X-NM-19', 'near_miss', 'compare', 'medium', 'Who won more races for Williams, Nigel Mansell or Damon Hill?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS williams_wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND r.constructorId = %s AND d.driverRef IN ('mansell', 'damon_hill') GROUP BY r.driverId "
  "ORDER BY williams_wins DESC" % CON('williams'), av=['driver', 'williams_wins'],
  note="Mansell's 3 Ferrari wins and Hill's Jordan win are excluded.",
  check=('Who won more races, Nigel Mansell or Damon Hill?',
         "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
         "WHERE r.position = 1 AND d.driverRef IN ('mansell', 'damon_hill') GROUP BY r.driverId ORDER BY wins DESC"))
H('H2X-NM-20', 'near_miss', 'world_champion', 'medium', 'What was the points margin when Ayrton Senna won the 1991 title?',
  "SELECT MAX(ds.points) - MIN(ds.points) AS margin, MAX(ds.points) AS champion_points, MIN(ds.points) AS "
  "runner_up_points FROM driver_standings ds WHERE ds.raceId = %s AND ds.position IN (1, 2)" % FINAL_DS(1991),
  av=['margin'], note='96 vs Nigel Mansell 72.',
  check=('Who won the 1991 title?', DCHAMP % FINAL_DS(1991)))
H('H2X-NM-21', 'near_miss', 'world_champion', 'medium', "In which seasons did Red Bull win the constructors' championship?",
  CCHAMPS + "SELECT year FROM champ WHERE constructorId = %s ORDER BY year" % CON('red_bull'), av=['year'],
  note='Final constructor standings of each season up to 2024.',
  check=("How many constructors' championships has Red Bull won?",
         CCHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE constructorId = %s" % CON('red_bull')))
H('H2X-NM-22', 'near_miss', 'world_champion', 'medium', 'How many of Niki Lauda\'s world titles were won with Ferrari?',
  CHAMPS + "SELECT COUNT(*) AS titles, MIN(champ.year) AS first_year, MAX(champ.year) AS last_year FROM champ "
  "WHERE champ.driverId = %s AND EXISTS (SELECT 1 FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE "
  "ra.year = champ.year AND r.driverId = champ.driverId AND r.constructorId = %s)" % (DRV('lauda'), CON('ferrari')),
  av=['titles'], note='1975 and 1977 with Ferrari; 1984 with McLaren.',
  check=("How many world titles did Niki Lauda win?",
         CHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE driverId = %s" % DRV('lauda')))
H('H2X-NM-23', 'near_miss', 'standings_after_round', 'medium', 'Who was top of the drivers\' table after round 11 of 1999?',
  DSTAND % (RACE_RD(1999, 11), 'ds.position = 1'), av=['driver', 'points'],
  note='Round 11 = 1999 German GP: Eddie Irvine 56, Mika Häkkinen 54.',
  check=("Who won the 1999 drivers' championship?", DCHAMP % FINAL_DS(1999)))
H('H2X-NM-24', 'near_miss', 'standings_after_round', 'hard',
  "Heading into the final round of 2007, who was leading the drivers' standings?",
  DSTAND % ("(SELECT raceId FROM races WHERE year = 2007 AND round = (SELECT MAX(round) FROM races WHERE year = 2007) - 1)",
            'ds.position = 1'), av=['driver', 'points'],
  note="Standings after the penultimate round (round 16, Chinese GP): Fernando Alonso 103 and Kimi Räikkönen 100 followed.",
  check=("Who won the 2007 drivers' championship?", DCHAMP % FINAL_DS(2007)))
H('H2X-NM-25', 'near_miss', 'race_podium_topn', 'medium',
  'Who was the highest-placed Aston Martin driver at the 2023 Saudi Arabian Grand Prix, and in what position?',
  "SELECT " + NAME + " AS driver, r.positionText AS position FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.raceId = %s AND r.constructorId = %s ORDER BY r.positionOrder LIMIT 1"
  % (RACE(2023, 'Saudi Arabian Grand Prix'), CON('aston_martin')), av=['driver', 'position'],
  note='Lowest positionOrder among Aston Martin cars (Lance Stroll retired).',
  check=('Who won the 2023 Saudi Arabian Grand Prix?', WIN_BY_RACE % RACE(2023, 'Saudi Arabian Grand Prix')))
H('H2X-NM-26', 'near_miss', 'race_winner', 'hard', 'Which driver won the 700th Formula One World Championship race?',
  "WITH o AS (SELECT raceId, year, name, ROW_NUMBER() OVER (ORDER BY date) AS n FROM races) SELECT o.year, "
  "o.name AS race, " + NAME + " AS driver FROM o JOIN results r ON r.raceId = o.raceId JOIN drivers d ON "
  "d.driverId = r.driverId WHERE o.n = 700 AND r.position = 1", av=['driver', 'race', 'year'],
  note='Ordinal = championship races in date order, Indianapolis 500s included; not races.raceId.',
  check=('Who won the race with raceId 700? (misreading the ordinal as an id)',
         "SELECT ra.year, ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
         "JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = 700 AND r.position = 1"))
H('H2X-NM-27', 'near_miss', 'dates', 'hard', 'How old was Nigel Mansell when he took his final Grand Prix win?',
  "SELECT ra.name AS race, ra.date, " + AGE + " AS age FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.driverId = %s AND r.position = 1 ORDER BY ra.date DESC LIMIT 1"
  % DRV('mansell'), av=['age'], note='Age in completed years at the 1994 Australian GP.',
  check=('When did Nigel Mansell win his last Grand Prix?',
         "SELECT ra.name AS race, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 ORDER BY ra.date DESC LIMIT 1" % DRV('mansell')))
H('H2X-NM-28', 'near_miss', 'records', 'hard', "What was Alberto Ascari's longest winning streak?",
  STREAK + "SELECT COUNT(*) AS consecutive_wins, MIN(w.date) AS first_win, MAX(w.date) AS last_win FROM w "
  "WHERE w.driverId = %s GROUP BY w.grp ORDER BY consecutive_wins DESC LIMIT 1" % DRV('ascari'),
  av=['consecutive_wins'],
  note="1952 Belgian GP to 1953 Belgian GP over his own entries (he missed the 1953 Indianapolis 500; his 1952 Indy 500 entry came before the run).",
  check=('How many races did Alberto Ascari win?', WINS % DRV('ascari')))
H('H2X-NM-29', 'near_miss', 'records', 'medium', 'Who has taken the most pole positions without ever winning the world title?',
  CHAMPS + "SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.grid = 1 AND r.driverId NOT IN (SELECT driverId FROM champ) GROUP BY r.driverId ORDER BY poles DESC LIMIT 1",
  av=['driver', 'poles'], note='Poles = results.grid = 1; champions = title winners up to 2024. Runner-up: Valtteri Bottas 20.',
  check=('Who has the most pole positions?', TOP_POLES))
H('H2X-NM-30', 'near_miss', 'circuit_facts', 'medium', 'How many podiums has Max Verstappen scored at Zandvoort?',
  "SELECT COUNT(*) AS podiums FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = "
  "ra.circuitId WHERE r.driverId = %s AND r.position <= 3 AND ci.circuitRef = %s" % (DRV('max_verstappen'), CIRC('zandvoort')),
  av=['podiums'], note='Dutch GPs 2021-2025.',
  check=('How many podiums has Max Verstappen scored?', PODS % DRV('max_verstappen')))
D('H2X-NM-31', 'driver_career_stats', 'hard', 'How many Grands Prix did Jackie Stewart win in the rain?',
  'No weather data (the safety_cars and red_flags tables are not weather records). A template answer of his total wins is wrong.',
  kind='near_miss', check=('How many Grands Prix did Jackie Stewart win?', WINS % DRV('stewart')))
D('H2X-NM-32', 'constructor_stats', 'hard', 'How many races did McLaren win with Mercedes engines?',
  "Engine suppliers are not in the data (the modern constructor is just 'McLaren'). A template answer of McLaren's total wins is wrong.",
  kind='near_miss', check=('How many races has McLaren won?', CWINS % CON('mclaren')))

# ---- schema (32) ----
H('H2X-SC-01', 'schema', 'fastest_lap', 'medium', 'How fast, in km/h, was the fastest lap of the 2015 British Grand Prix, and whose was it?',
  "SELECT " + NAME + " AS driver, r.fastestLapSpeed AS speed_kph, r.fastestLapTime FROM results r JOIN drivers d "
  "ON d.driverId = r.driverId WHERE r.raceId = %s AND r.rank = 1" % RACE(2015, 'British Grand Prix'),
  av=['speed_kph', 'driver'], note='results.fastestLapSpeed, km/h (average speed of that lap).')
H('H2X-SC-02', 'schema', 'fastest_lap', 'easy', 'On what lap did Valtteri Bottas set his fastest lap at the 2017 Austrian Grand Prix?',
  "SELECT r.fastestLap AS lap, r.fastestLapTime FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2017, 'Austrian Grand Prix'), DRV('bottas')), av=['lap'])
H('H2X-SC-03', 'schema', 'fastest_lap', 'easy', "What was Kimi Räikkönen's best lap in the 2012 Abu Dhabi Grand Prix?",
  "SELECT r.fastestLapTime, r.fastestLap AS lap FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2012, 'Abu Dhabi Grand Prix'), DRV('raikkonen')), av=['fastestLapTime'])
H('H2X-SC-04', 'schema', 'fastest_lap', 'hard', 'Which race in 2005 had the highest fastest-lap speed, and who set it?',
  "SELECT ra.name AS race, " + NAME + " AS driver, r.fastestLapSpeed AS speed_kph FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = 2005 AND r.fastestLapSpeed IS NOT NULL "
  "ORDER BY CAST(r.fastestLapSpeed AS REAL) DESC LIMIT 1", av=['race', 'driver'],
  note='fastestLapSpeed is TEXT; compared as a number.')
H('H2X-SC-05', 'schema', 'qualifying', 'easy', "What was Lando Norris's Q3 time at the 2024 Hungarian Grand Prix?",
  "SELECT qu.q3, qu.position FROM qualifying qu WHERE qu.raceId = %s AND qu.driverId = %s"
  % (RACE(2024, 'Hungarian Grand Prix'), DRV('norris')), av=['q3'])
H('H2X-SC-06', 'schema', 'qualifying', 'medium', 'Who topped Q1 at the 2021 Austrian Grand Prix?',
  "SELECT " + NAME + " AS driver, qu.q1 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId WHERE "
  "qu.raceId = %s AND qu.q1 IS NOT NULL AND qu.q1 <> '' ORDER BY " % RACE(2021, 'Austrian Grand Prix') + MS('qu.q1') +
  " LIMIT 1", av=['driver', 'q1'],
  note="Fastest Q1 time (the second Red Bull Ring race of 2021; the first was the 'Styrian Grand Prix').")
H('H2X-SC-07', 'schema', 'qualifying', 'medium', 'Which drivers were knocked out in Q1 at the 2017 Italian Grand Prix?',
  "SELECT qu.position, " + NAME + " AS driver, qu.q1 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId "
  "WHERE qu.raceId = %s AND qu.q2 IS NULL ORDER BY qu.position" % RACE(2017, 'Italian Grand Prix'), av=['driver'],
  note='Knocked out in Q1 = no Q2 time (a wet session).')
H('H2X-SC-08', 'schema', 'qualifying', 'easy', 'What time did the pole sitter set at the 2009 Monaco Grand Prix?',
  "SELECT " + NAME + " AS driver, qu.q3 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId "
  "WHERE qu.raceId = %s AND qu.position = 1" % RACE(2009, 'Monaco Grand Prix'), av=['q3'])
H('H2X-SC-09', 'schema', 'qualifying', 'hard', 'What was the gap between pole and P2 in Q3 at the 2018 Mexican Grand Prix?',
  "SELECT ROUND((" + MS('b.q3') + " - " + MS('a.q3') + ") / 1000.0, 3) AS gap_s, a.q3 AS pole_time, b.q3 AS second_time "
  "FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId WHERE a.raceId = %s AND a.position = 1 AND b.position = 2"
  % RACE(2018, 'Mexican Grand Prix'), av=['gap_s'], note='Seconds to 3 decimals.')
H('H2X-SC-10', 'schema', 'circuit_facts', 'easy', 'How many metres above sea level is Kyalami?',
  "SELECT alt AS altitude_m FROM circuits WHERE circuitRef = %s" % CIRC('kyalami'), av=['altitude_m'],
  note='circuits.alt, metres.')
H('H2X-SC-11', 'schema', 'circuit_facts', 'easy', 'Give me the latitude and longitude of Albert Park.',
  "SELECT lat, lng FROM circuits WHERE circuitRef = %s" % CIRC('albert_park'), av=['lat', 'lng'])
H('H2X-SC-12', 'schema', 'circuit_facts', 'hard', 'How many different circuits in France have hosted a World Championship Grand Prix?',
  "SELECT COUNT(DISTINCT ra.circuitId) AS circuits FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.country = 'France' AND ra.raceId IN (SELECT raceId FROM results)", av=['circuits'],
  note='Reims, Rouen-les-Essarts, Charade, Le Mans Bugatti, Paul Ricard, Dijon-Prenois, Magny-Cours.')
H('H2X-SC-13', 'schema', 'circuit_facts', 'easy', 'Can I have the Wikipedia link for the 1986 Mexican Grand Prix?',
  "SELECT url FROM races WHERE year = 1986 AND name = 'Mexican Grand Prix'", av=['url'])
H('H2X-SC-14', 'schema', 'driver_facts', 'easy', "What's Yuki Tsunoda's three-letter timing code?",
  "SELECT code FROM drivers WHERE driverRef = %s" % q('tsunoda'), av=['code'])
H('H2X-SC-15', 'schema', 'driver_facts', 'easy', 'What race number does Charles Leclerc use?',
  "SELECT number FROM drivers WHERE driverRef = %s" % q('leclerc'), av=['number'], note='drivers.number (permanent number).')
H('H2X-SC-16', 'schema', 'driver_facts', 'easy', 'Which driverRef identifies Max Verstappen in the Ergast data?',
  "SELECT driverRef FROM drivers WHERE forename = 'Max' AND surname = 'Verstappen'", av=['driverRef'],
  note="Not 'verstappen', which is Jos Verstappen.")
H('H2X-SC-17', 'schema', 'driver_facts', 'easy', "What was Jim Clark's date of birth?",
  "SELECT dob FROM drivers WHERE driverRef = %s" % q('clark'), av=['dob'])
H('H2X-SC-18', 'schema', 'driver_facts', 'easy', 'Which nationality is Alexander Albon given in the data?',
  "SELECT nationality FROM drivers WHERE driverRef = %s" % q('albon'), av=['nationality'])
H('H2X-SC-19', 'schema', 'race_facts', 'medium', 'How many cars retired after a collision at the 2007 Japanese Grand Prix?',
  "SELECT COUNT(*) AS collisions FROM results r JOIN status s ON s.statusId = r.statusId WHERE r.raceId = %s "
  "AND s.status = 'Collision'" % RACE(2007, 'Japanese Grand Prix'), av=['collisions'],
  note="status = 'Collision' only ('Accident' is a separate status).")
H('H2X-SC-20', 'schema', 'race_facts', 'medium', 'Who was disqualified from the 2024 Belgian Grand Prix?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.raceId = %s AND r.positionText = 'D'"
  % RACE(2024, 'Belgian Grand Prix'), av=['driver'],
  note="positionText = 'D' (he crossed the line first; car underweight).")
H('H2X-SC-21', 'schema', 'race_facts', 'medium', 'How many cars were classified at the 2010 Monaco Grand Prix?',
  "SELECT COUNT(*) AS classified FROM results WHERE raceId = %s AND positionText GLOB '[0-9]*'"
  % RACE(2010, 'Monaco Grand Prix'), av=['classified'], note='Classified = numeric positionText.')
H('H2X-SC-22', 'schema', 'race_facts', 'medium', 'How many cars started the 1960 Monaco Grand Prix?',
  "SELECT SUM(positionText NOT IN ('F', 'W')) AS starters, COUNT(*) AS entrants FROM results WHERE raceId = %s"
  % RACE(1960, 'Monaco Grand Prix'), av=['starters'],
  note="Starters = results rows with positionText not in ('F','W'); the non-qualifiers are excluded.")
H('H2X-SC-23', 'schema', 'race_facts', 'medium', 'How many entries were there for the 1962 German Grand Prix, non-qualifiers included?',
  "SELECT COUNT(*) AS entrants, SUM(positionText NOT IN ('F', 'W')) AS starters FROM results WHERE raceId = %s"
  % RACE(1962, 'German Grand Prix'), av=['entrants'], note='Entrants = every results row of the race.')
H('H2X-SC-24', 'schema', 'race_facts', 'medium', 'How many points did Mercedes collect at the 2019 Mexican Grand Prix?',
  "SELECT cr.points FROM constructor_results cr WHERE cr.raceId = %s AND cr.constructorId = %s"
  % (RACE(2019, 'Mexican Grand Prix'), CON('mercedes')), av=['points'], note='constructor_results.points.')
H('H2X-SC-25', 'schema', 'pit_stops', 'medium', "What was Ferrari's average pit-stop time at the 2019 Russian Grand Prix?",
  "SELECT ROUND(AVG(p.milliseconds) / 1000.0, 3) AS avg_s, COUNT(*) AS stops FROM pit_stops p JOIN results r ON "
  "r.raceId = p.raceId AND r.driverId = p.driverId WHERE p.raceId = %s AND r.constructorId = %s"
  % (RACE(2019, 'Russian Grand Prix'), CON('ferrari')), av=['avg_s'],
  note='Mean pit_stops.milliseconds over both cars, seconds to 3 decimals (pit-lane time).')
H('H2X-SC-26', 'schema', 'driver_career_stats', 'hard', 'What share of his Grand Prix starts did Alain Prost win, as a percentage?',
  "SELECT ROUND(100.0 * SUM(r.position = 1) / COUNT(*), 1) AS win_pct, SUM(r.position = 1) AS wins, COUNT(*) AS starts "
  "FROM results r WHERE r.driverId = %s AND " % DRV('prost') + STARTS, av=['win_pct'],
  note='51 wins from 199 starts (starts convention), rounded to 1 decimal.')
H('H2X-SC-27', 'schema', 'race_facts', 'medium', 'How many times was the safety car deployed during the 2007 Canadian Grand Prix?',
  "SELECT COUNT(*) AS deployments FROM safety_cars WHERE Race = '2007 Canadian Grand Prix'", av=['deployments'],
  note='safety_cars table, one row per deployment.')
H('H2X-SC-28', 'schema', 'race_facts', 'medium', 'How many red flags were shown in the 2023 Australian Grand Prix?',
  "SELECT COUNT(*) AS red_flags FROM red_flags WHERE Race = '2023 Australian Grand Prix'", av=['red_flags'],
  note='red_flags table, one row per stoppage (laps 9, 56 and 57).')
H('H2X-SC-29', 'schema', 'sprint_results', 'easy', 'How many sprint races were held in 2022?',
  "SELECT COUNT(DISTINCT s.raceId) AS sprints FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "WHERE ra.year = 2022", av=['sprints'])
H('H2X-SC-30', 'schema', 'season_facts', 'medium', 'What time, in UTC, did the 2022 Miami Grand Prix start?',
  "SELECT time AS start_utc, date FROM races WHERE year = 2022 AND name = 'Miami Grand Prix'", av=['start_utc'],
  note='races.time is UTC.')
H('H2X-SC-31', 'schema', 'race_facts', 'medium', 'From which grid slot did Jenson Button win the 2006 Hungarian Grand Prix?',
  "SELECT r.grid, r.positionText FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2006, 'Hungarian Grand Prix'), DRV('button')), av=['grid'])
H('H2X-SC-32', 'schema', 'race_facts', 'medium', "What was the winner's race time at the 1971 Italian Grand Prix?",
  "SELECT " + NAME + " AS driver, r.time FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.raceId = %s AND r.position = 1" % RACE(1971, 'Italian Grand Prix'), av=['time'],
  note='results.time of the winner (Peter Gethin, the closest finish of its era).')

# ---- variants (18) ----
H('H2X-VA-01', 'variant', 'race_winner', 'easy', 'who won silverstone 87',
  WIN_BY_CIRCUIT % (CIRC('silverstone'), 1987), av=['driver'], note="Two-digit year (87 = 1987); Silverstone = British GP.")
H('H2X-VA-02', 'variant', 'world_champion', 'easy', "wdc '72",
  DCHAMP % FINAL_DS(1972), av=['driver'], note="WDC = World Drivers' Champion; '72 = 1972.")
H('H2X-VA-03', 'variant', 'world_champion', 'easy', 'wcc 97',
  CCHAMP % FINAL_CS(1997), av=['constructor'], note="WCC = World Constructors' Championship; 97 = 1997.")
H('H2X-VA-04', 'variant', 'circuit_facts', 'medium', 'HAM wins at the hungaroring',
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci ON ci.circuitId = "
  "ra.circuitId WHERE r.driverId = %s AND r.position = 1 AND ci.circuitRef = %s" % (DRV('hamilton'), CIRC('hungaroring')),
  av=['wins'], note='HAM = driver code of Lewis Hamilton.')
H('H2X-VA-05', 'variant', 'final_standings', 'medium', 'kmag points 2018',
  "SELECT ds.points, ds.position FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
  % (FINAL_DS(2018), DRV('kevin_magnussen')), av=['points'],
  note="'KMag' = Kevin Magnussen (not his father Jan).")
H('H2X-VA-06', 'variant', 'circuit_facts', 'medium', 'DC wins at monaco?',
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND ra.name = 'Monaco Grand Prix'" % DRV('coulthard'), av=['wins'],
  note="'DC' = David Coulthard (2000, 2002).")
H('H2X-VA-07', 'variant', 'race_winner', 'medium', 'quem venceu o grande prêmio do brasil de 1991',
  WIN_BY_RACE % RACE(1991, 'Brazilian Grand Prix'), av=['driver'],
  note='Portuguese: "who won the 1991 Brazilian Grand Prix".')
H('H2X-VA-08', 'variant', 'race_winner', 'medium', 'chi ha vinto il gran premio di monaco 2011?',
  WIN_BY_RACE % RACE(2011, 'Monaco Grand Prix'), av=['driver'],
  note='Italian: "who won the 2011 Monaco Grand Prix?"')
H('H2X-VA-09', 'variant', 'race_winner', 'medium', 'qui a gagné le grand prix de belgique 2010',
  WIN_BY_RACE % RACE(2010, 'Belgian Grand Prix'), av=['driver'],
  note='French: "who won the 2010 Belgian Grand Prix".')
H('H2X-VA-10', 'variant', 'pole_sitter', 'easy', 'pole posiiton hungaroring 2016',
  "SELECT " + NAME + " AS driver, qu.q3 FROM qualifying qu JOIN races ra ON ra.raceId = qu.raceId JOIN circuits ci "
  "ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = qu.driverId WHERE ci.circuitRef = %s "
  "AND ra.year = 2016 AND qu.position = 1" % CIRC('hungaroring'), av=['driver'], note='Typo (posiiton).')
H('H2X-VA-11', 'variant', 'fastest_lap', 'easy', 'fastets lap sepang 2014',
  "SELECT " + NAME + " AS driver, r.fastestLapTime FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId "
  "WHERE ci.circuitRef = %s AND ra.year = 2014 AND r.rank = 1" % CIRC('sepang'), av=['driver'],
  note='Typo (fastets); Sepang = Malaysian GP.')
H('H2X-VA-12', 'variant', 'race_podium_topn', 'medium', 'podium japan 89',
  TOPN % (RACE(1989, 'Japanese Grand Prix'), 3), av=['driver'],
  note='Two-digit year; Ayrton Senna crossed the line first but was disqualified.')
H('H2X-VA-13', 'variant', 'head_to_head', 'hard', 'ham v ros quali h2h 2015',
  H2H_QUALI.format(a='hamilton', b='rosberg') % (2015, DRV('hamilton'), DRV('rosberg')),
  av=['hamilton_ahead', 'rosberg_ahead'], note='HAM/ROS codes; qualifying head-to-head convention.')
H('H2X-VA-14', 'variant', 'driver_career_stats', 'easy', 'ayrton pole count',
  "SELECT COUNT(*) AS poles FROM results WHERE driverId = %s AND grid = 1" % DRV('senna'), av=['poles'],
  note="First name only = Ayrton Senna; career poles = results.grid = 1.")
H('H2X-VA-15', 'variant', 'driver_career_stats', 'easy', "verstappen wins '24",
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2024 AND "
  "r.driverId = %s AND r.position = 1" % DRV('max_verstappen'), av=['wins'], note="'24 = 2024; Max, not Jos.")
H('H2X-VA-16', 'variant', 'compare', 'medium', 'gas v oco pts 2023',
  PTS2 % (FINAL_DS(2023), q('gasly'), q('ocon')), av=['driver', 'points'],
  note='Driver codes GAS = Pierre Gasly, OCO = Esteban Ocon; final 2023 standings points.')
H('H2X-VA-17', 'variant', 'driver_team_history', 'easy', "who drove for williams in '97",
  "SELECT DISTINCT " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN drivers d "
  "ON d.driverId = r.driverId WHERE ra.year = 1997 AND r.constructorId = %s" % CON('williams'), av=['driver'])
H('H2X-VA-18', 'variant', 'driver_career_stats', 'medium', 'raikonen podiums 2003',
  "SELECT COUNT(*) AS podiums FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2003 AND "
  "r.driverId = %s AND r.position <= 3" % DRV('raikkonen'), av=['podiums'], note='Misspelling of Räikkönen.')

# ---- declines (18) ----
D('H2X-DC-01', 'pole_sitter', 'easy', 'Who took pole position at the 2026 Japanese Grand Prix?',
  'Beyond the data: no 2026 races (the data ends at 2025 round 21).')
D('H2X-DC-02', 'race_winner', 'hard', 'Who won the 2025 Las Vegas Grand Prix?',
  'races.csv lists the 2025 Las Vegas GP (round 22) but results stop at round 21 (São Paulo).')
D('H2X-DC-03', 'world_champion', 'hard', "Which team won the 2025 constructors' championship?",
  'The 2025 season is incomplete in the data (round 21 of 24); the leader after round 21 is not the champion.')
D('H2X-DC-04', 'race_winner', 'medium', 'Who won the 1937 German Grand Prix?',
  'Before the World Championship (the data starts in 1950).')
D('H2X-DC-05', 'race_winner', 'medium', 'Who won the 2016 Indianapolis 500?',
  'Not a World Championship race: the Indianapolis 500 is in the data only for 1950-1960.')
D('H2X-DC-06', 'race_facts', 'medium', 'Which tires was Lewis Hamilton on when he crossed the line at the 2020 British Grand Prix?',
  'No tyre data.')
D('H2X-DC-07', 'race_facts', 'easy', 'What was the air temperature during the 2019 Hungarian Grand Prix?',
  'No weather data.')
D('H2X-DC-08', 'driver_facts', 'easy', 'How much does Ferrari pay Charles Leclerc?', 'No salary data.')
D('H2X-DC-09', 'race_facts', 'medium', 'Did Michael Schumacher deliberately crash into Jacques Villeneuve at Jerez in 1997?',
  'A judgement of intent; the data has no answer (results and status only).')
D('H2X-DC-10', 'constructor_stats', 'easy', 'Who was the team boss at Red Bull in 2015?', 'No team personnel in the data.')
D('H2X-DC-11', 'constructor_stats', 'medium', "Who supplied Red Bull's engines in 2017?",
  "Engine suppliers are not in the data (the constructor is just 'Red Bull').")
D('H2X-DC-12', 'race_facts', 'medium', 'Why was Fernando Alonso penalised after the 2022 United States Grand Prix?',
  'No penalty reasons in the data.')
D('H2X-DC-13', 'race_facts', 'medium', 'How many overtakes were there in the 2017 Chinese Grand Prix?',
  'No overtaking data (would need lap-by-lap positions, and this load has no lap_times table).')
D('H2X-DC-14', 'race_facts', 'medium', 'Who was in the lead at the end of lap 1 of the 2019 Canadian Grand Prix?',
  'No lap-by-lap positions: this load has no lap_times table.')
D('H2X-DC-15', 'fastest_lap', 'medium', "What was Lewis Hamilton's time on lap 44 of the 2018 German Grand Prix?",
  "No per-lap times (no lap_times table); only each driver's fastest lap is stored.")
D('H2X-DC-16', 'pit_stops', 'hard', 'How many seconds was Oscar Piastri stationary in his pit stop at the 2024 Hungarian Grand Prix?',
  'pit_stops.duration is pit-lane time (entry to exit), not stationary time.')
D('H2X-DC-17', 'fastest_lap', 'hard', 'Who had the quickest race lap in Monte Carlo in 2024?',
  'Data gap: no results.rank = 1 (fastest lap) is recorded for the 2024 Monaco GP.')
D('H2X-DC-18', 'qualifying', 'hard', "What was Nigel Mansell's pole time at the 1992 Brazilian Grand Prix?",
  'Qualifying times start in 1994; for 1992 only the grid (results.grid) exists.')


# --------------------------------------------------------------------------
# Checks and build
# --------------------------------------------------------------------------

EXISTING = [os.path.join(HERE, 'heldout_fan.jsonl'), os.path.join(HERE, 'heldout_hard.jsonl')]
QDIR = '/work/shared/questions'


def check_refs(con):
    bad = []
    for kind, table, col in (('driver', 'drivers', 'driverRef'), ('constructor', 'constructors', 'constructorRef'),
                             ('circuit', 'circuits', 'circuitRef')):
        for ref in sorted(USED[kind]):
            if not con.execute('SELECT 1 FROM %s WHERE %s = ?' % (table, col), (ref,)).fetchone():
                bad.append('%s %s' % (kind, ref))
    for year, name in sorted(USED['race']):
        if not con.execute('SELECT 1 FROM races WHERE year = ? AND name = ? AND raceId IN (SELECT raceId FROM results)',
                           (year, name)).fetchone():
            bad.append('race %d %s' % (year, name))
    for year, rnd in sorted(USED['round']):
        if not con.execute('SELECT 1 FROM races WHERE year = ? AND round = ? AND raceId IN (SELECT raceId FROM results)',
                           (year, rnd)).fetchone():
            bad.append('round %d/%d' % (year, rnd))
    if bad:
        raise SystemExit('unknown references: ' + '; '.join(bad))


def norm(s):
    return re.sub(r'[^a-z0-9]+', ' ', s.lower()).strip()


def check_new_sentences(recs):
    seen = set()
    paths = EXISTING + [os.path.join(QDIR, n) for n in ('dev_questions.jsonl', 'dev_questions_hard.jsonl')]
    for p in paths:
        if os.path.exists(p):
            for line in open(p, encoding='utf-8'):
                seen.add(norm(json.loads(line)['question']))
    mine = [norm(r['question']) for r in recs]
    dup = [r['id'] for r, n in zip(recs, mine) if n in seen]
    if dup or len(set(mine)) != len(mine):
        raise SystemExit('questions repeat an existing sentence: %r' % dup)


def check_ties(con, recs):
    """Queries answering with a single top row: the runner-up row must differ in the sort key
    (the ORDER BY alias, else every numeric column; date orders are taken as strict)."""
    for rec in recs:
        sql = rec['sql']
        if not sql or not re.search(r'LIMIT 1\s*$', sql) or 'ORDER BY' not in sql:
            continue
        cols, rows = run(con, re.sub(r'LIMIT 1\s*$', 'LIMIT 2', sql))
        if len(rows) < 2:
            continue
        key = re.findall(r'ORDER BY (.+?)(?: DESC| ASC)?\s+LIMIT', sql)[-1].strip()
        if key in cols:
            num = [cols.index(key)]
        elif 'date' in key:
            continue  # date order: one race per date for a driver or team
        else:
            num = [i for i, v in enumerate(rows[0]) if isinstance(v, (int, float))]
        if num and all(rows[0][i] == rows[1][i] for i in num):
            raise SystemExit('%s: tie for the top row: %r' % (rec['id'], rows))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    data = args[0] if args else DEFAULT_DATA
    con = load(data)
    check_refs(con)
    for name, recs, hard in (('heldout2_fan.jsonl', FAN, False), ('heldout2_hard.jsonl', HARD, True)):
        ids = [r['id'] for r in recs]
        if len(ids) != len(set(ids)):
            raise SystemExit('duplicate ids in ' + name)
        check_new_sentences(recs)
        check_ties(con, recs)
        out = build(con, recs, hard)
        for o in out:
            if o.get('expect', 'answer') == 'answer' and not 1 <= len(o['rows']) <= 20:
                raise SystemExit('%s: %d rows' % (o['id'], len(o['rows'])))
        if '--preview' in sys.argv:
            for o in out:
                print(o['id'], '|', o['question'], '|', o['answer_values'], '|', len(o['rows']),
                      '|', o.get('note', '')[-160:] if o.get('kind') == 'near_miss' else '')
        with open(os.path.join(HERE, name), 'w', encoding='utf-8') as fh:
            for o in out:
                fh.write(json.dumps(o, ensure_ascii=False) + '\n')
        print('wrote %s: %d records' % (name, len(out)))


if __name__ == '__main__':
    main()
