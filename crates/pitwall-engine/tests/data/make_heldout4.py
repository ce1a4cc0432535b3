#!/usr/bin/env python3
"""Build the fourth blind held-out question sets heldout4_fan.jsonl and heldout4_hard.jsonl.

Same method and record format as make_heldout.py, make_heldout2.py and make_heldout3.py,
whose loader, SQL snippets, reference checks, tie check and record builder are imported
(beside this script): the questions and their SQL live in
this file; the gold rows come from running each record's SQL against a SQLite database
loaded from the Ergast CSV dump (/work/shared/f1data/ergast-csv by default, or the folder
given as the first argument), one table per CSV file, columns typed from SCHEMA.txt,
`\\N` read as NULL.

`answer_values` are derived from the gold rows (columns listed in `av`) or given
literally (`avx`, each checked to occur in the gold rows). Near-miss records carry
a `check` SQL for the question without its qualifier; the build asserts that its
answer differs and writes it into the note as the "Qualifier check".

On top of the imported checks this script refuses any question whose sentence
repeats one of the developer sets (/work/shared/questions/*.jsonl) or of the first
three held-out sets, and checks top-N lists (LIMIT N > 1) for a tie at the cut-off.

Usage: python3 make_heldout4.py [CSV_DIR] [--preview]
(writes the two JSONL files beside this script; --preview prints the answers).
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA_DIR = HERE  # beside make_heldout.py .. make_heldout3.py
sys.dont_write_bytecode = True  # leave the imported generators' folder untouched
sys.path.insert(0, DATA_DIR)

import make_heldout2 as m2  # noqa: E402  (module level only defines records; main() is guarded)
import make_heldout3 as m3  # noqa: E402

from make_heldout import (  # noqa: E402
    q, NAME, CHAMPS, CCHAMPS, AGE, MS, STREAK, STARTS, run, build, load, DEFAULT_DATA)
from make_heldout2 import (  # noqa: E402
    DRV, CON, CIRC, RACE, RACE_RD, FINAL_DS, FINAL_CS, WIN_BY_RACE, WIN_BY_CIRCUIT, TOPN, NTH, QPOLE, GPOLE,
    FLAP, DCHAMP, CCHAMP, DSTAND, CSTAND, WINS, PODS, CWINS, H2H_RACE, H2H_QUALI, PTS2, TEAMS, CW_RACE, CW_CIRC,
    FIRSTWIN, TOP_WINNER, TOP_POLES, DECADE_WINS, check_refs, check_ties, norm)
from make_heldout3 import (  # noqa: E402
    DRV_FINAL, CON_FINAL, SEASON_WINS, SPRINT_WIN, CIRCUIT_TOP_WINNER, TEAM_DRIVERS, DRIVER_TEAMS_YEAR, DEBUT,
    CIRC_WINS_DRV, NAT_WINS, NAT_TOP, DECADE_POLES, TOP_CON_WINS, TOP_POINTS, RACE_WINS_NAMED, FINAL_PTS)

# --------------------------------------------------------------------------
# Fan set: 20 categories x 5 questions
# --------------------------------------------------------------------------

FAN = []


def F(id_, cat, diff, question, sql, av=None, avx=None, note=None):
    FAN.append(dict(id=id_, question=question, category=cat, difficulty=diff,
                    sql=sql, av=av, avx=avx, note=note))


POLE_AT_CIRCUIT = ("SELECT " + NAME + " AS driver, c.name AS constructor, ra.name AS race FROM qualifying qu "
                   "JOIN races ra ON ra.raceId = qu.raceId JOIN circuits ci ON ci.circuitId = ra.circuitId "
                   "JOIN drivers d ON d.driverId = qu.driverId JOIN constructors c ON c.constructorId = qu.constructorId "
                   "WHERE ci.circuitRef = %s AND ra.year = %d AND qu.position = 1")
CAREER_POLES = "SELECT COUNT(*) AS poles FROM results WHERE driverId = %s AND grid = 1"
CAREER_STARTS = "SELECT COUNT(*) AS starts FROM results r WHERE r.driverId = %s AND " + STARTS
CAREER_DNFS = "SELECT COUNT(*) AS dnfs FROM results WHERE driverId = %s AND positionText = 'R'"

# race_winner
F('H4F-RW-01', 'race_winner', 'medium', 'who won the spanish gp in 1968',
  WIN_BY_RACE % RACE(1968, 'Spanish Grand Prix'), av=['driver'], note='Held at Jarama.')
F('H4F-RW-02', 'race_winner', 'easy', 'Who won the 2009 Turkish Grand Prix?',
  WIN_BY_RACE % RACE(2009, 'Turkish Grand Prix'), av=['driver'])
F('H4F-RW-03', 'race_winner', 'medium', 'Tell me who won the 1981 Argentine Grand Prix and which team he drove for.',
  WIN_BY_RACE % RACE(1981, 'Argentine Grand Prix'), av=['driver', 'constructor'])
F('H4F-RW-04', 'race_winner', 'easy', '2022 emilia romagna gp winner',
  WIN_BY_RACE % RACE(2022, 'Emilia Romagna Grand Prix'), av=['driver'])
F('H4F-RW-05', 'race_winner', 'easy', 'Who took the chequered flag first at the 1955 Dutch Grand Prix?',
  WIN_BY_RACE % RACE(1955, 'Dutch Grand Prix'), av=['driver'])

# race_podium_topn
F('H4F-PD-01', 'race_podium_topn', 'easy', 'Who was on the podium at the 1989 Canadian Grand Prix?',
  TOPN % (RACE(1989, 'Canadian Grand Prix'), 3), av=['driver'])
F('H4F-PD-02', 'race_podium_topn', 'easy', 'top 3 turkish gp 2021',
  TOPN % (RACE(2021, 'Turkish Grand Prix'), 3), av=['driver'])
F('H4F-PD-03', 'race_podium_topn', 'easy', 'Who came third in the 1962 South African Grand Prix?',
  NTH % (RACE(1962, 'South African Grand Prix'), 3), av=['driver'])
F('H4F-PD-04', 'race_podium_topn', 'medium', 'List the top six finishers of the 2015 Singapore Grand Prix.',
  TOPN % (RACE(2015, 'Singapore Grand Prix'), 6), av=['driver'])
F('H4F-PD-05', 'race_podium_topn', 'easy', 'Who finished runner-up in the 2003 Austrian Grand Prix?',
  NTH % (RACE(2003, 'Austrian Grand Prix'), 2), av=['driver'])

# pole_sitter
F('H4F-PL-01', 'pole_sitter', 'easy', 'Who was on pole for the 2013 Canadian Grand Prix?',
  QPOLE % RACE(2013, 'Canadian Grand Prix'), av=['driver'])
F('H4F-PL-02', 'pole_sitter', 'easy', 'pole sitter bahrain 2018?',
  QPOLE % RACE(2018, 'Bahrain Grand Prix'), av=['driver'])
F('H4F-PL-03', 'pole_sitter', 'medium', 'Who started the 1985 British Grand Prix from pole position?',
  GPOLE % RACE(1985, 'British Grand Prix'), av=['driver'], note='Before 2003: pole = results.grid = 1.')
F('H4F-PL-04', 'pole_sitter', 'medium', 'Which driver was on pole for the 1959 United States Grand Prix?',
  GPOLE % RACE(1959, 'United States Grand Prix'), av=['driver'],
  note='Before 2003: pole = results.grid = 1 (Sebring).')
F('H4F-PL-05', 'pole_sitter', 'easy', 'In 2024, who qualified on pole in Las Vegas?',
  QPOLE % RACE(2024, 'Las Vegas Grand Prix'), av=['driver'])

# fastest_lap
F('H4F-FL-01', 'fastest_lap', 'easy', 'Who set the fastest lap at the 2017 Chinese Grand Prix?',
  FLAP % RACE(2017, 'Chinese Grand Prix'), av=['driver'])
F('H4F-FL-02', 'fastest_lap', 'easy', 'fastest lap monaco 2008',
  FLAP % RACE(2008, 'Monaco Grand Prix'), av=['driver'])
F('H4F-FL-03', 'fastest_lap', 'medium', 'What was the fastest lap time at the 2022 Austrian Grand Prix, and who set it?',
  FLAP % RACE(2022, 'Austrian Grand Prix'), av=['driver', 'fastestLapTime'])
F('H4F-FL-04', 'fastest_lap', 'easy', 'Which driver had the quickest race lap at the 2012 Indian Grand Prix?',
  FLAP % RACE(2012, 'Indian Grand Prix'), av=['driver'])
F('H4F-FL-05', 'fastest_lap', 'medium', '2019 Mexican GP fastest lap: who, and on what lap?',
  FLAP % RACE(2019, 'Mexican Grand Prix'), av=['driver', 'lap'])

# world_champion
F('H4F-WC-01', 'world_champion', 'easy', "Who won the 1962 drivers' championship?",
  DCHAMP % FINAL_DS(1962), av=['driver'])
F('H4F-WC-02', 'world_champion', 'medium', "Which constructor took the 1974 constructors' title?",
  CCHAMP % FINAL_CS(1974), av=['constructor'])
F('H4F-WC-03', 'world_champion', 'easy', 'world champ 1985??',
  DCHAMP % FINAL_DS(1985), av=['driver'])
F('H4F-WC-04', 'world_champion', 'medium', "Who were the 2022 constructors' champions, and on how many points?",
  CCHAMP % FINAL_CS(2022), av=['constructor', 'points'])
F('H4F-WC-05', 'world_champion', 'easy', 'Who was Formula One world champion in 1953?',
  DCHAMP % FINAL_DS(1953), av=['driver'])

# final_standings
F('H4F-FS-01', 'final_standings', 'easy', "Who finished second in the 1990 drivers' championship?",
  DSTAND % (FINAL_DS(1990), 'ds.position = 2'), av=['driver'])
F('H4F-FS-02', 'final_standings', 'easy', "Top three of the 2010 constructors' standings, with points?",
  CSTAND % (FINAL_CS(2010), 'cs.position <= 3'), av=['constructor', 'points'])
F('H4F-FS-03', 'final_standings', 'easy', 'where did sebastian vettel finish in the 2014 championship',
  DRV_FINAL % (FINAL_DS(2014), DRV('vettel')), av=['position'])
F('H4F-FS-04', 'final_standings', 'medium', "How many points did Mercedes end the 2021 constructors' championship with?",
  CON_FINAL % (FINAL_CS(2021), CON('mercedes')), av=['points'])
F('H4F-FS-05', 'final_standings', 'easy', "Who came third in the 1974 drivers' standings?",
  DSTAND % (FINAL_DS(1974), 'ds.position = 3'), av=['driver'])

# standings_after_round
F('H4F-SR-01', 'standings_after_round', 'medium', "Who led the drivers' championship after round 6 of 2016?",
  DSTAND % (RACE_RD(2016, 6), 'ds.position = 1'), av=['driver', 'points'])
F('H4F-SR-02', 'standings_after_round', 'medium', 'After round 12 of 2019, which constructor was top of the table?',
  CSTAND % (RACE_RD(2019, 12), 'cs.position = 1'), av=['constructor'])
F('H4F-SR-03', 'standings_after_round', 'medium', 'how many points did alonso have after round 8 of 2012',
  DRV_FINAL.replace('ds.position, ds.points', 'ds.points, ds.position') % (RACE_RD(2012, 8), DRV('alonso')),
  av=['points'])
F('H4F-SR-04', 'standings_after_round', 'medium', "Top three in the drivers' standings after round 3 of 1988?",
  DSTAND % (RACE_RD(1988, 3), 'ds.position <= 3'), av=['driver'])
F('H4F-SR-05', 'standings_after_round', 'hard',
  'After the 2010 Singapore Grand Prix, how many points separated Mark Webber and Fernando Alonso?',
  "SELECT a.points AS webber, b.points AS alonso, ABS(a.points - b.points) AS gap FROM driver_standings a "
  "JOIN driver_standings b ON b.raceId = a.raceId WHERE a.raceId = %s AND a.driverId = %s AND b.driverId = %s"
  % (RACE(2010, 'Singapore Grand Prix'), DRV('webber'), DRV('alonso')), av=['gap'])

# driver_career_stats
F('H4F-CS-01', 'driver_career_stats', 'easy', 'How many races did Mika Häkkinen win?',
  WINS % DRV('hakkinen'), av=['wins'])
F('H4F-CS-02', 'driver_career_stats', 'easy', 'How many podiums did Nico Rosberg get in his career?',
  PODS % DRV('rosberg'), av=['podiums'])
F('H4F-CS-03', 'driver_career_stats', 'medium', 'How many Grands Prix did Andrea de Cesaris start?',
  CAREER_STARTS % DRV('cesaris'), av=['starts'], note="Starts = results rows with positionText not in ('F','W').")
F('H4F-CS-04', 'driver_career_stats', 'medium', 'how many poles did sebastian vettel take in total',
  CAREER_POLES % DRV('vettel'), av=['poles'], note='Career poles = results.grid = 1.')
F('H4F-CS-05', 'driver_career_stats', 'medium', 'How many times did Giancarlo Fisichella retire from a race?',
  CAREER_DNFS % DRV('fisichella'), av=['dnfs'], note="DNF = positionText 'R'.")

# all_time_leaders
F('H4F-AT-01', 'all_time_leaders', 'easy', 'Who has won the most races for Ferrari?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND r.constructorId = %s GROUP BY r.driverId ORDER BY wins DESC LIMIT 1" % CON('ferrari'),
  av=['driver', 'wins'])
F('H4F-AT-02', 'all_time_leaders', 'medium', 'Which driver has taken the most pole positions for McLaren?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.grid = 1 AND r.constructorId = %s GROUP BY r.driverId ORDER BY poles DESC LIMIT 1" % CON('mclaren'),
  av=['driver', 'poles'], note="Poles = results.grid = 1; constructorRef 'mclaren' only.")
F('H4F-AT-03', 'all_time_leaders', 'medium', 'Which constructor has run the most different drivers?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.driverId) AS drivers FROM results r JOIN constructors c ON "
  "c.constructorId = r.constructorId GROUP BY r.constructorId ORDER BY drivers DESC LIMIT 1",
  av=['constructor', 'drivers'], note='Distinct drivers with a results row (entry) for the constructor.')
F('H4F-AT-04', 'all_time_leaders', 'medium', 'who has the most top five finishes in f1 history',
  "SELECT " + NAME + " AS driver, COUNT(*) AS top5 FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position <= 5 GROUP BY r.driverId ORDER BY top5 DESC LIMIT 1", av=['driver', 'top5'],
  note='Grand Prix finishes with results.position <= 5.')
F('H4F-AT-05', 'all_time_leaders', 'medium', 'Which driver has been disqualified from the most Grands Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS dsq FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.positionText = 'D' GROUP BY r.driverId ORDER BY dsq DESC LIMIT 1", av=['driver', 'dsq'],
  note="Disqualified = positionText 'D' (Tyrrell's 1984 results were all excluded).")

# records
F('H4F-RC-01', 'records', 'medium', 'Who is the youngest driver ever to score championship points?',
  "SELECT " + NAME + " AS driver, ra.year, ra.name AS race, " + AGE + " AS age FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE r.points > 0 "
  "ORDER BY julianday(ra.date) - julianday(d.dob) LIMIT 1", av=['driver', 'race'],
  note='Grand Prix results with points > 0; age at the race date (no younger sprint scorer).')
F('H4F-RC-02', 'records', 'hard', 'What is the most Grand Prix wins in one season by a driver who did not win the title that year?',
  CHAMPS + "SELECT " + NAME + " AS driver, ra.year, COUNT(*) AS wins FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 AND ra.year <= 2024 "
  "AND NOT EXISTS (SELECT 1 FROM champ WHERE champ.year = ra.year AND champ.driverId = r.driverId) "
  "GROUP BY r.driverId, ra.year ORDER BY wins DESC LIMIT 1", av=['driver', 'year', 'wins'],
  note='Seasons up to 2024 (2025 is incomplete); champion = leader of the final standings.')
F('H4F-RC-03', 'records', 'hard', "Which driver had the longest gap between his first and last Grand Prix wins?",
  "SELECT " + NAME + " AS driver, MIN(ra.date) AS first_win, MAX(ra.date) AS last_win, "
  "CAST(julianday(MAX(ra.date)) - julianday(MIN(ra.date)) AS INTEGER) AS span_days FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 GROUP BY r.driverId "
  "ORDER BY span_days DESC LIMIT 1", av=['driver'], note='Days between first and last win.')
F('H4F-RC-04', 'records', 'medium', 'Which driver has started the most Grands Prix for a single team?',
  "SELECT " + NAME + " AS driver, c.name AS constructor, COUNT(*) AS starts FROM results r JOIN drivers d ON "
  "d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId WHERE " + STARTS +
  " GROUP BY r.driverId, r.constructorId ORDER BY starts DESC LIMIT 1", av=['driver', 'constructor', 'starts'],
  note='Starts convention; data through 2025 round 21.')
F('H4F-RC-05', 'records', 'medium', 'Which season had the most different Grand Prix winners?',
  "SELECT ra.year, COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId WHERE r.position = 1 GROUP BY ra.year ORDER BY different_winners DESC LIMIT 1",
  av=['year', 'different_winners'], note='All championship races, Indianapolis 500s included.')

# head_to_head
F('H4F-HH-01', 'head_to_head', 'hard', 'Leclerc vs Vettel qualifying head-to-head in 2019?',
  H2H_QUALI.format(a='leclerc', b='vettel') % (2019, DRV('leclerc'), DRV('vettel')),
  av=['leclerc_ahead', 'vettel_ahead'], note='Qualifying head-to-head convention (qualifying.position).')
F('H4F-HH-02', 'head_to_head', 'easy', 'In 2012, who scored more points: Button or Hamilton?',
  PTS2 % (FINAL_DS(2012), q('button'), q('hamilton')), av=['driver', 'points'])
F('H4F-HH-03', 'head_to_head', 'hard', 'How many times did Kimi Räikkönen finish ahead of Sebastian Vettel in 2015?',
  H2H_RACE.format(a='raikkonen', b='vettel') % (2015, DRV('raikkonen'), DRV('vettel')), av=['raikkonen_ahead'],
  note='Race head-to-head convention: positionOrder, DNFs included.')
F('H4F-HH-04', 'head_to_head', 'hard', 'perez vs verstappen race h2h 2022',
  H2H_RACE.format(a='perez', b='max_verstappen') % (2022, DRV('perez'), DRV('max_verstappen')),
  av=['perez_ahead', 'max_verstappen_ahead'], note='positionOrder in the Grands Prix both entered, DNFs included.')
F('H4F-HH-05', 'head_to_head', 'easy', 'Damon Hill or Jacques Villeneuve: who had more points in 1996?',
  PTS2 % (FINAL_DS(1996), q('damon_hill'), q('villeneuve')), av=['driver', 'points'])

# driver_team_history
F('H4F-TH-01', 'driver_team_history', 'easy', 'Which teams did Kimi Räikkönen race for?',
  TEAMS % DRV('raikkonen'), av=['constructor'])
F('H4F-TH-02', 'driver_team_history', 'easy', 'who drove for brabham in 1983',
  TEAM_DRIVERS % (1983, CON('brabham')), av=['driver'])
F('H4F-TH-03', 'driver_team_history', 'easy', 'Which team was Jenson Button driving for in 2005?',
  DRIVER_TEAMS_YEAR % (DRV('button'), 2005), av=['constructor'])
F('H4F-TH-04', 'driver_team_history', 'medium', 'Which team did Charles Leclerc make his Formula 1 debut with?',
  DEBUT % DRV('leclerc'), av=['constructor'])
F('H4F-TH-05', 'driver_team_history', 'easy', "Who were Williams' drivers in 2014?",
  TEAM_DRIVERS % (2014, CON('williams')), av=['driver'])

# constructor_wins_at_circuit
F('H4F-CW-01', 'constructor_wins_at_circuit', 'easy', 'How many times has Ferrari won the German Grand Prix?',
  CW_RACE % (CON('ferrari'), q('German Grand Prix')), av=['wins'])
F('H4F-CW-02', 'constructor_wins_at_circuit', 'easy', 'how many times has mercedes won at monza',
  CW_CIRC % (CON('mercedes'), CIRC('monza')), av=['wins'], note="constructorRef 'mercedes' (1954-55 and 2010 onwards).")
F('H4F-CW-03', 'constructor_wins_at_circuit', 'easy', 'How many wins does Williams have at Imola?',
  CW_CIRC % (CON('williams'), CIRC('imola')), av=['wins'], note='Every race at Imola (San Marino and Emilia Romagna GPs).')
F('H4F-CW-04', 'constructor_wins_at_circuit', 'easy', 'How many times has Red Bull won at Yas Marina?',
  CW_CIRC % (CON('red_bull'), CIRC('yas_marina')), av=['wins'])
F('H4F-CW-05', 'constructor_wins_at_circuit', 'medium', 'How many races has McLaren won at Suzuka?',
  CW_CIRC % (CON('mclaren'), CIRC('suzuka')), av=['wins'], note="constructorRef 'mclaren' only.")

# circuit_facts
F('H4F-CF-01', 'circuit_facts', 'easy', 'Which country is the Buddh International Circuit in?',
  "SELECT name, location, country FROM circuits WHERE circuitRef = %s" % CIRC('buddh'), av=['country'])
F('H4F-CF-02', 'circuit_facts', 'easy', 'When did the Circuit Gilles Villeneuve first host a Grand Prix?',
  "SELECT ra.year, ra.name AS race, ra.date FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s ORDER BY ra.date LIMIT 1" % CIRC('villeneuve'), av=['year'])
F('H4F-CF-03', 'circuit_facts', 'medium', 'Who has won the most races at Hockenheim?',
  CIRCUIT_TOP_WINNER % CIRC('hockenheimring'), av=['driver', 'wins'])
F('H4F-CF-04', 'circuit_facts', 'medium', 'How many Grands Prix has Zandvoort hosted?',
  "SELECT COUNT(*) AS races FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s AND ra.raceId IN (SELECT raceId FROM results)" % CIRC('zandvoort'), av=['races'])
F('H4F-CF-05', 'circuit_facts', 'easy', 'what year did f1 last go to sepang',
  "SELECT ra.year, ra.name AS race FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s ORDER BY ra.date DESC LIMIT 1" % CIRC('sepang'), av=['year'])

# season_facts
F('H4F-SF-01', 'season_facts', 'easy', 'How many championship races were held in 1961?',
  "SELECT COUNT(*) AS races FROM races WHERE year = 1961", av=['races'])
F('H4F-SF-02', 'season_facts', 'medium', 'How many different drivers won a Grand Prix in 2021?',
  "SELECT COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE ra.year = 2021 AND r.position = 1", av=['different_winners'])
F('H4F-SF-03', 'season_facts', 'easy', 'Which race opened the 1999 season?',
  "SELECT name, date FROM races WHERE year = 1999 ORDER BY round LIMIT 1", av=['name'])
F('H4F-SF-04', 'season_facts', 'easy', 'who won the final race of 1986',
  "SELECT ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = 1986 AND r.position = 1 AND ra.round = "
  "(SELECT MAX(round) FROM races WHERE year = 1986)", av=['driver'])
F('H4F-SF-05', 'season_facts', 'easy', 'How many races did Red Bull win in 2011?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE ra.year = 2011 AND r.position = 1 AND r.constructorId = %s" % CON('red_bull'), av=['wins'])

# pit_stops
F('H4F-PS-01', 'pit_stops', 'medium', 'Who had the fastest pit stop at the 2021 Italian Grand Prix?',
  "SELECT " + NAME + " AS driver, p.lap, p.duration FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId "
  "WHERE p.raceId = %s ORDER BY p.milliseconds LIMIT 1" % RACE(2021, 'Italian Grand Prix'),
  av=['driver'], note='Shortest pit_stops.milliseconds (pit-lane time, not stationary time).')
F('H4F-PS-02', 'pit_stops', 'easy', 'How many times did Daniel Ricciardo pit at the 2018 Chinese Grand Prix?',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s AND driverId = %s"
  % (RACE(2018, 'Chinese Grand Prix'), DRV('ricciardo')), av=['stops'])
F('H4F-PS-03', 'pit_stops', 'easy', 'total pit stops canadian gp 2014',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s" % RACE(2014, 'Canadian Grand Prix'), av=['stops'])
F('H4F-PS-04', 'pit_stops', 'easy', 'On which lap did Kimi Räikkönen make his first pit stop at the 2012 Abu Dhabi Grand Prix?',
  "SELECT p.lap, p.duration FROM pit_stops p WHERE p.raceId = %s AND p.driverId = %s AND p.stop = 1"
  % (RACE(2012, 'Abu Dhabi Grand Prix'), DRV('raikkonen')), av=['lap'])
F('H4F-PS-05', 'pit_stops', 'medium', 'Which driver pitted the most times at the 2020 Hungarian Grand Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS stops FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId "
  "WHERE p.raceId = %s GROUP BY p.driverId ORDER BY stops DESC LIMIT 1" % RACE(2020, 'Hungarian Grand Prix'),
  av=['driver', 'stops'])

# sprint_results
F('H4F-SP-01', 'sprint_results', 'easy', 'Who won the sprint at the 2024 Austrian Grand Prix?',
  SPRINT_WIN % RACE(2024, 'Austrian Grand Prix'), av=['driver'])
F('H4F-SP-02', 'sprint_results', 'easy', 'Top three in the 2023 Qatar sprint?',
  "SELECT s.position, " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
  "WHERE s.raceId = %s AND s.position <= 3 ORDER BY s.position" % RACE(2023, 'Qatar Grand Prix'), av=['driver'])
F('H4F-SP-03', 'sprint_results', 'easy', 'How many sprint races has Lewis Hamilton won?',
  "SELECT COUNT(*) AS sprint_wins FROM sprint_results WHERE driverId = %s AND position = 1" % DRV('hamilton'),
  av=['sprint_wins'], note='Data through 2025 round 21.')
F('H4F-SP-04', 'sprint_results', 'medium', 'How many sprint points did Charles Leclerc score in 2023?',
  "SELECT SUM(s.points) AS sprint_points FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "WHERE ra.year = 2023 AND s.driverId = %s" % DRV('leclerc'), av=['sprint_points'])
F('H4F-SP-05', 'sprint_results', 'easy', 'who won the 2025 chinese sprint',
  SPRINT_WIN % RACE(2025, 'Chinese Grand Prix'), av=['driver'])

# nationality
F('H4F-NA-01', 'nationality', 'easy', 'How many Grands Prix have Austrian drivers won?',
  NAT_WINS % q('Austrian'), av=['wins'], note="drivers.nationality 'Austrian'.")
F('H4F-NA-02', 'nationality', 'easy', 'Which German driver has won the most Grands Prix?',
  NAT_TOP % q('German'), av=['driver', 'wins'])
F('H4F-NA-03', 'nationality', 'easy', 'Name the Mexican drivers who have won a Grand Prix.',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Mexican' AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC", av=['driver'])
F('H4F-NA-04', 'nationality', 'medium', 'How many different Italian drivers have won a Formula 1 Grand Prix?',
  "SELECT COUNT(DISTINCT r.driverId) AS winners FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Italian' AND r.position = 1", av=['winners'])
F('H4F-NA-05', 'nationality', 'easy', 'which swiss driver won the most races',
  NAT_TOP % q('Swiss'), av=['driver', 'wins'])

# compare
CMP_WINS = ("SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
            "WHERE r.position = 1 AND d.driverRef IN (%s, %s) GROUP BY r.driverId ORDER BY wins DESC")
F('H4F-CP-01', 'compare', 'easy', 'Who won more Grands Prix, Nico Rosberg or Valtteri Bottas?',
  CMP_WINS % (q('rosberg'), q('bottas')), av=['driver', 'wins'])
F('H4F-CP-02', 'compare', 'medium', 'Who had more pole positions, Sebastian Vettel or Michael Schumacher?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.grid = 1 AND d.driverRef IN ('vettel', 'michael_schumacher') GROUP BY r.driverId ORDER BY poles DESC",
  av=['driver', 'poles'], note='Career poles = results.grid = 1.')
F('H4F-CP-03', 'compare', 'easy', 'Mercedes or Red Bull: which team has won more Grands Prix?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c ON "
  "c.constructorId = r.constructorId WHERE r.position = 1 AND c.constructorRef IN ('mercedes', 'red_bull') "
  "GROUP BY r.constructorId ORDER BY wins DESC", av=['constructor', 'wins'],
  note='Data through 2025 round 21; Mercedes includes the 1954-55 works team.')
F('H4F-CP-04', 'compare', 'medium', 'Who scored more career points, Kimi Räikkönen or Sebastian Vettel?',
  "SELECT " + NAME + " AS driver, SUM(p.pts) AS points FROM " + m2.CAREER_PTS + " p JOIN drivers d ON "
  "d.driverId = p.driverId WHERE d.driverRef IN ('raikkonen', 'vettel') GROUP BY p.driverId ORDER BY points DESC",
  av=['driver', 'points'], note='Career points = Grand Prix points + sprint points as scored.')
F('H4F-CP-05', 'compare', 'easy', 'niki lauda vs james hunt who won more races',
  CMP_WINS % (q('lauda'), q('hunt')), av=['driver', 'wins'])

# dates
F('H4F-DT-01', 'dates', 'easy', 'When did Lewis Hamilton win his most recent Grand Prix?',
  FIRSTWIN % (DRV('hamilton'), 'DESC'), av=['race', 'year'], note='Data through 2025 round 21.')
F('H4F-DT-02', 'dates', 'easy', 'When did Kimi Räikkönen win his first Grand Prix?',
  FIRSTWIN % (DRV('raikkonen'), 'ASC'), av=['race', 'year'])
F('H4F-DT-03', 'dates', 'easy', 'When did Michael Schumacher make his F1 debut?',
  DEBUT % DRV('michael_schumacher'), av=['race', 'year'], note='Debut = first start (starts convention).')
F('H4F-DT-04', 'dates', 'easy', 'When did Mercedes win their first Grand Prix?',
  "SELECT ra.name AS race, ra.year, ra.date, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.constructorId = %s AND r.position = 1 ORDER BY ra.date LIMIT 1"
  % CON('mercedes'), av=['race', 'year'], note="constructorRef 'mercedes' (the 1954-55 works team counts).")
F('H4F-DT-05', 'dates', 'easy', "What was the date of Mika Häkkinen's last Grand Prix win?",
  FIRSTWIN % (DRV('hakkinen'), 'DESC'), av=['date'])


# --------------------------------------------------------------------------
# Hard set: near_miss / schema / variant / decline
# --------------------------------------------------------------------------

HARD = []


def H(id_, kind, cat, diff, question, sql, av=None, avx=None, note=None, check=None):
    HARD.append(dict(id=id_, kind=kind, question=question, category=cat, difficulty=diff,
                     sql=sql, av=av, avx=avx, note=note, check=check))


def D(id_, cat, diff, question, note, kind='decline', check=None):
    H(id_, kind, cat, diff, question, None, note=note, check=check)


CON_DECADE_WINS = ("SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON "
                   "ra.raceId = r.raceId JOIN constructors c ON c.constructorId = r.constructorId WHERE r.position = 1 "
                   "AND ra.year BETWEEN %d AND %d GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1")
TITLES = CHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE driverId = %s"
ROOKIE_YEAR = ("(SELECT MIN(ra2.year) FROM results r2 JOIN races ra2 ON ra2.raceId = r2.raceId WHERE r2.driverId = %s "
               "AND r2.positionText NOT IN ('F', 'W'))")
TEAMMATE_WINS = ("SELECT COUNT(*) AS wins FROM results a WHERE a.driverId = %s AND a.position = 1 AND EXISTS "
                 "(SELECT 1 FROM results b WHERE b.raceId = a.raceId AND b.constructorId = a.constructorId "
                 "AND b.driverId = %s)")
NTH_RACE = ("WITH o AS (SELECT raceId, year, name, ROW_NUMBER() OVER (ORDER BY date) AS n FROM races) SELECT o.year, "
            "o.name AS race, " + NAME + " AS driver FROM o JOIN results r ON r.raceId = o.raceId JOIN drivers d ON "
            "d.driverId = r.driverId WHERE o.n = %d AND r.position = 1")
RACEID_WIN = ("SELECT ra.year, ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
              "JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = %d AND r.position = 1")

# ---- near misses (28 answerable + 2 decline) ----
H('H4X-NM-01', 'near_miss', 'all_time_leaders', 'medium', 'Who won the most Grands Prix between 1985 and 1989?',
  DECADE_WINS % (1985, 1989), av=['driver', 'wins'], note='Range inclusive of both end years.',
  check=('Who has won the most Grands Prix?', TOP_WINNER))
H('H4X-NM-02', 'near_miss', 'all_time_leaders', 'medium', 'Which constructor won the most races in the 2010s?',
  CON_DECADE_WINS % (2010, 2019), av=['constructor', 'wins'], note="'The 2010s' = seasons 2010-2019.",
  check=('Which constructor has won the most races?', TOP_CON_WINS))
H('H4X-NM-03', 'near_miss', 'pole_sitter', 'medium', 'who got the most pole positions in the 60s',
  DECADE_POLES % (1960, 1969), av=['driver', 'poles'], note="'The 60s' = seasons 1960-1969; poles = results.grid = 1.",
  check=('Who has the most pole positions?', TOP_POLES))
H('H4X-NM-04', 'near_miss', 'driver_career_stats', 'easy', "How many of Lewis Hamilton's wins came with McLaren?",
  WINS % DRV('hamilton') + " AND constructorId = %s" % CON('mclaren'), av=['wins'],
  note='McLaren 2007-2012 only; his Mercedes and Ferrari results are excluded.',
  check=('How many Grands Prix has Lewis Hamilton won?', WINS % DRV('hamilton')))
H('H4X-NM-05', 'near_miss', 'driver_career_stats', 'medium',
  "How many of Michael Schumacher's Grand Prix wins came from pole position?",
  WINS % DRV('michael_schumacher') + " AND grid = 1", av=['wins'],
  note="'From pole' = results.grid = 1 AND position = 1 (starting position).",
  check=('How many Grands Prix did Michael Schumacher win?', WINS % DRV('michael_schumacher')))
H('H4X-NM-06', 'near_miss', 'driver_career_stats', 'medium', 'How many points did Charles Leclerc score in his rookie season?',
  "SELECT ra.year, SUM(r.points) AS points FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND ra.year = " % DRV('leclerc') + ROOKIE_YEAR % DRV('leclerc') + " GROUP BY ra.year", av=['points'],
  note='Rookie season = first season with a start (2018 with Sauber, no sprints that year).',
  check=('How many career points has Charles Leclerc scored?',
         "SELECT SUM(p.pts) AS points FROM " + m2.CAREER_PTS + " p WHERE p.driverId = %s" % DRV('leclerc')))
H('H4X-NM-07', 'near_miss', 'driver_career_stats', 'medium', 'How many Grands Prix did Sebastian Vettel win in October?',
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND strftime('%%m', ra.date) = '10'" % DRV('vettel'), av=['wins'],
  note='Month of races.date.',
  check=('How many Grands Prix did Sebastian Vettel win?', WINS % DRV('vettel')))
H('H4X-NM-08', 'near_miss', 'driver_career_stats', 'hard',
  'How many races did Felipe Massa win while Kimi Räikkönen was his teammate?',
  TEAMMATE_WINS % (DRV('massa'), DRV('raikkonen')), av=['wins'],
  note='Teammate = same constructor in the same race (Ferrari 2007-2009).',
  check=('How many races did Felipe Massa win?', WINS % DRV('massa')))
H('H4X-NM-09', 'near_miss', 'circuit_facts', 'medium', 'In which years did Nigel Mansell win the British Grand Prix?',
  "SELECT ra.year FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s AND r.position = 1 "
  "AND ra.name = 'British Grand Prix' ORDER BY ra.year" % DRV('mansell'), av=['year'],
  note='A list of years is asked, not a count.',
  check=('How many times did Nigel Mansell win the British Grand Prix?',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 AND ra.name = 'British Grand Prix'" % DRV('mansell')))
H('H4X-NM-10', 'near_miss', 'circuit_facts', 'medium', 'How many different drivers have won the Canadian Grand Prix?',
  "SELECT COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.position = 1 AND ra.name = 'Canadian Grand Prix'", av=['different_winners'],
  check=('How many Canadian Grands Prix have been won? (counting wins, not different drivers)',
         RACE_WINS_NAMED % q('Canadian Grand Prix')))
H('H4X-NM-11', 'near_miss', 'records', 'hard', "What was Lewis Hamilton's longest run of consecutive Grand Prix wins?",
  STREAK + "SELECT COUNT(*) AS consecutive_wins, MIN(w.date) AS first_win, MAX(w.date) AS last_win FROM w "
  "WHERE w.driverId = %s GROUP BY w.grp ORDER BY consecutive_wins DESC LIMIT 1" % DRV('hamilton'),
  av=['consecutive_wins'], note='Unbroken run of Grand Prix wins over his own entries in date order.',
  check=('How many races has Lewis Hamilton won?', WINS % DRV('hamilton')))
H('H4X-NM-12', 'near_miss', 'dates', 'hard', 'How old was Sebastian Vettel when he won his first Grand Prix?',
  "SELECT ra.name AS race, ra.date, " + AGE + " AS age FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.driverId = %s AND r.position = 1 ORDER BY ra.date LIMIT 1"
  % DRV('vettel'), av=['age'], note='Age in completed years at the 2008 Italian GP.',
  check=('When did Sebastian Vettel win his first Grand Prix?',
         "SELECT ra.name AS race, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 ORDER BY ra.date LIMIT 1" % DRV('vettel')))
H('H4X-NM-13', 'near_miss', 'world_champion', 'medium', 'By how many points did Kimi Räikkönen win the 2007 title?',
  "SELECT MAX(ds.points) - MIN(ds.points) AS margin, MAX(ds.points) AS champion_points, MIN(ds.points) AS "
  "runner_up_points FROM driver_standings ds WHERE ds.raceId = %s AND ds.position IN (1, 2)" % FINAL_DS(2007),
  av=['margin'], note='Final standings: Räikkönen minus the runner-up (Hamilton 2nd on countback; Alonso 3rd on the same points).',
  check=('Who won the 2007 title?', DCHAMP % FINAL_DS(2007)))
H('H4X-NM-14', 'near_miss', 'standings_after_round', 'hard',
  "Going into the final round of 1976, who led the drivers' championship?",
  DSTAND % ("(SELECT raceId FROM races WHERE year = 1976 AND round = (SELECT MAX(round) FROM races WHERE year = 1976) - 1)",
            'ds.position = 1'), av=['driver', 'points'],
  note='Standings after the penultimate round (United States GP East); James Hunt took the title at the Japanese GP.',
  check=("Who won the 1976 drivers' championship?", DCHAMP % FINAL_DS(1976)))
H('H4X-NM-15', 'near_miss', 'standings_after_round', 'medium',
  "Who was top of the drivers' standings after round 5 of 2003?",
  DSTAND % (RACE_RD(2003, 5), 'ds.position = 1'), av=['driver', 'points'], note='Round 5 = 2003 Spanish GP.',
  check=("Who won the 2003 drivers' championship?", DCHAMP % FINAL_DS(2003)))
H('H4X-NM-16', 'near_miss', 'standings_after_round', 'medium',
  "Which constructor led the constructors' championship after round 10 of 2018?",
  CSTAND % (RACE_RD(2018, 10), 'cs.position = 1'), av=['constructor', 'points'], note='Round 10 = 2018 British GP.',
  check=("Which constructor won the 2018 constructors' championship?", CCHAMP % FINAL_CS(2018)))
H('H4X-NM-17', 'near_miss', 'standings_after_round', 'medium',
  'after the 2012 hungarian grand prix who was leading the championship',
  DSTAND % (RACE(2012, 'Hungarian Grand Prix'), 'ds.position = 1'), av=['driver', 'points'],
  note="Drivers' standings after that race (round 11 of 2012).",
  check=("Who won the 2012 drivers' championship?", DCHAMP % FINAL_DS(2012)))
H('H4X-NM-18', 'near_miss', 'race_winner', 'hard', 'Who won the 800th World Championship race?',
  NTH_RACE % 800, av=['driver', 'race', 'year'],
  note='Ordinal = championship races in date order, Indianapolis 500s included; not races.raceId.',
  check=('Who won the race with raceId 800? (misreading the ordinal as an id)', RACEID_WIN % 800))
H('H4X-NM-19', 'near_miss', 'nationality', 'hard', 'How many Grands Prix have British constructors won?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c ON c.constructorId = r.constructorId "
  "WHERE r.position = 1 AND c.nationality = 'British'", av=['wins'],
  note="constructors.nationality = 'British' (McLaren, Williams, Lotus, Brabham, Tyrrell...). "
       "Not the British Grand Prix, nor British drivers.",
  check=("How many British Grands Prix have been held? (misreading 'British' as the race)",
         "SELECT COUNT(*) AS races FROM races WHERE name = 'British Grand Prix' AND raceId IN (SELECT raceId FROM results)"))
H('H4X-NM-20', 'near_miss', 'race_podium_topn', 'medium',
  'Who was the highest-placed Mercedes driver at the 2022 Bahrain Grand Prix?',
  "SELECT " + NAME + " AS driver, r.positionText AS position FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.raceId = %s AND r.constructorId = %s ORDER BY r.positionOrder LIMIT 1"
  % (RACE(2022, 'Bahrain Grand Prix'), CON('mercedes')), av=['driver', 'position'],
  note='Lowest positionOrder among the Mercedes cars.',
  check=('Who won the 2022 Bahrain Grand Prix?', WIN_BY_RACE % RACE(2022, 'Bahrain Grand Prix')))
H('H4X-NM-21', 'near_miss', 'final_standings', 'medium',
  'Not counting sprint points, how many points did Lewis Hamilton score in 2021?',
  "SELECT SUM(r.points) AS gp_points FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2021 "
  "AND r.driverId = %s" % DRV('hamilton'), av=['gp_points'], note='Grand Prix points only (results.points).',
  check=('How many points did Lewis Hamilton score in 2021?', FINAL_PTS % (FINAL_DS(2021), DRV('hamilton'))))
H('H4X-NM-22', 'near_miss', 'sprint_results', 'medium', 'Counting sprint wins too, how many wins did Lando Norris have in 2024?',
  "SELECT (SELECT COUNT(*) FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2024 AND r.driverId = %s "
  "AND r.position = 1) + (SELECT COUNT(*) FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId WHERE ra.year = 2024 "
  "AND s.driverId = %s AND s.position = 1) AS wins_incl_sprints" % (DRV('norris'), DRV('norris')),
  av=['wins_incl_sprints'], note='Grand Prix wins + sprint wins (sprint_results.position = 1).',
  check=('How many races did Lando Norris win in 2024?', SEASON_WINS % (2024, DRV('norris'))))
H('H4X-NM-23', 'near_miss', 'world_champion', 'medium', "How many of Lewis Hamilton's world titles came with Mercedes?",
  CHAMPS + "SELECT COUNT(*) AS titles, MIN(champ.year) AS first_year, MAX(champ.year) AS last_year FROM champ "
  "WHERE champ.driverId = %s AND EXISTS (SELECT 1 FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE "
  "ra.year = champ.year AND r.driverId = champ.driverId AND r.constructorId = %s)"
  % (DRV('hamilton'), CON('mercedes')), av=['titles'], note='2014-2015 and 2017-2020 with Mercedes; 2008 with McLaren.',
  check=('How many world titles has Lewis Hamilton won?', TITLES % DRV('hamilton')))
H('H4X-NM-24', 'near_miss', 'world_champion', 'medium', "In which years did Mercedes win the constructors' championship?",
  CCHAMPS + "SELECT year FROM champ WHERE constructorId = %s ORDER BY year" % CON('mercedes'), av=['year'],
  note='Final constructor standings of each season up to 2024.',
  check=("How many constructors' titles has Mercedes won?",
         CCHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE constructorId = %s" % CON('mercedes')))
H('H4X-NM-25', 'near_miss', 'constructor_wins_at_circuit', 'medium',
  'How many times has Ferrari won the Italian Grand Prix since 2000?',
  CW_RACE % (CON('ferrari'), q('Italian Grand Prix')) + " AND ra.year >= 2000", av=['wins'],
  note="'Since 2000' = season >= 2000.",
  check=('How many times has Ferrari won the Italian Grand Prix?', CW_RACE % (CON('ferrari'), q('Italian Grand Prix'))))
H('H4X-NM-26', 'near_miss', 'records', 'medium', 'Who has scored the most career points without ever winning a Grand Prix?',
  "SELECT " + NAME + " AS driver, SUM(p.pts) AS points FROM " + m2.CAREER_PTS + " p JOIN drivers d ON "
  "d.driverId = p.driverId WHERE p.driverId NOT IN (SELECT driverId FROM results WHERE position = 1) "
  "GROUP BY p.driverId ORDER BY points DESC LIMIT 1", av=['driver', 'points'],
  note='Career points = Grand Prix + sprint points as scored; data through 2025 round 21.',
  check=('Who has scored the most career points?', TOP_POINTS))
H('H4X-NM-27', 'near_miss', 'compare', 'medium', 'Who won more races for Mercedes, Lewis Hamilton or Nico Rosberg?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS mercedes_wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND r.constructorId = %s AND d.driverRef IN ('hamilton', 'rosberg') GROUP BY r.driverId "
  "ORDER BY mercedes_wins DESC" % CON('mercedes'), av=['driver', 'mercedes_wins'],
  note="Hamilton's McLaren wins are excluded.",
  check=('Who won more races, Lewis Hamilton or Nico Rosberg?', CMP_WINS % (q('hamilton'), q('rosberg'))))
H('H4X-NM-28', 'near_miss', 'dates', 'medium', 'When did Michael Schumacher last finish on the podium?',
  "SELECT ra.name AS race, ra.year, ra.date, r.position FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.driverId = %s AND r.position <= 3 ORDER BY ra.date DESC LIMIT 1" % DRV('michael_schumacher'),
  av=['race', 'year'], note='Last podium (position <= 3), not last win.',
  check=('When did Michael Schumacher last win a Grand Prix?', FIRSTWIN % (DRV('michael_schumacher'), 'DESC')))
D('H4X-NM-29', 'driver_career_stats', 'hard', 'How many Grands Prix did Ayrton Senna win in wet conditions?',
  'No weather data (the safety_cars and red_flags tables are not weather records). A template answer of his total wins is wrong.',
  kind='near_miss', check=('How many Grands Prix did Ayrton Senna win?', WINS % DRV('senna')))
D('H4X-NM-30', 'driver_career_stats', 'hard', "How many of Sebastian Vettel's wins came with Renault engines?",
  "Engine suppliers are not in the data (the constructor is just 'Red Bull'). A template answer of his total wins is wrong.",
  kind='near_miss', check=('How many Grands Prix did Sebastian Vettel win?', WINS % DRV('vettel')))

# ---- schema (25) ----
H('H4X-SC-01', 'schema', 'fastest_lap', 'medium',
  'How fast was the fastest lap of the 2013 Spanish Grand Prix in km/h, and who set it?',
  "SELECT " + NAME + " AS driver, r.fastestLapSpeed AS speed_kph, r.fastestLapTime FROM results r JOIN drivers d "
  "ON d.driverId = r.driverId WHERE r.raceId = %s AND r.rank = 1" % RACE(2013, 'Spanish Grand Prix'),
  av=['speed_kph', 'driver'], note='results.fastestLapSpeed, km/h (average speed of that lap).')
H('H4X-SC-02', 'schema', 'fastest_lap', 'medium',
  "What was Max Verstappen's best lap time in the 2023 Austrian Grand Prix, and on which lap did he set it?",
  "SELECT r.fastestLapTime, r.fastestLap AS lap FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2023, 'Austrian Grand Prix'), DRV('max_verstappen')), av=['fastestLapTime', 'lap'])
H('H4X-SC-03', 'schema', 'qualifying', 'easy', "What was Fernando Alonso's Q3 time at the 2023 Monaco Grand Prix?",
  "SELECT qu.q3, qu.position FROM qualifying qu WHERE qu.raceId = %s AND qu.driverId = %s"
  % (RACE(2023, 'Monaco Grand Prix'), DRV('alonso')), av=['q3'])
H('H4X-SC-04', 'schema', 'qualifying', 'medium', 'Who set the quickest Q2 time at the 2019 Italian Grand Prix?',
  "SELECT " + NAME + " AS driver, qu.q2 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId WHERE "
  "qu.raceId = %s AND qu.q2 IS NOT NULL AND qu.q2 <> '' ORDER BY " % RACE(2019, 'Italian Grand Prix') + MS('qu.q2') +
  " LIMIT 1", av=['driver', 'q2'], note='Fastest Q2 time (m:ss.sss converted to milliseconds).')
H('H4X-SC-05', 'schema', 'qualifying', 'medium', 'Which drivers were knocked out in Q1 at the 2019 Brazilian Grand Prix?',
  "SELECT qu.position, " + NAME + " AS driver, qu.q1 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId "
  "WHERE qu.raceId = %s AND qu.q2 IS NULL ORDER BY qu.position" % RACE(2019, 'Brazilian Grand Prix'), av=['driver'],
  note='Knocked out in Q1 = no Q2 time.')
H('H4X-SC-06', 'schema', 'qualifying', 'hard', 'What was the gap between pole and second place in Q3 at the 2023 Italian Grand Prix?',
  "SELECT ROUND((" + MS('b.q3') + " - " + MS('a.q3') + ") / 1000.0, 3) AS gap_s, a.q3 AS pole_time, b.q3 AS second_time "
  "FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId WHERE a.raceId = %s AND a.position = 1 AND b.position = 2"
  % RACE(2023, 'Italian Grand Prix'), av=['gap_s'], note='Seconds to 3 decimals.')
H('H4X-SC-07', 'schema', 'circuit_facts', 'easy', 'Which city is the Circuit of the Americas in?',
  "SELECT name, location, country FROM circuits WHERE circuitRef = %s" % CIRC('americas'), av=['location'])
H('H4X-SC-08', 'schema', 'circuit_facts', 'easy', 'What are the coordinates of the Baku City Circuit?',
  "SELECT lat, lng FROM circuits WHERE circuitRef = %s" % CIRC('baku'), av=['lat', 'lng'])
H('H4X-SC-09', 'schema', 'circuit_facts', 'easy', 'How many metres above sea level is Monza?',
  "SELECT alt AS altitude_m FROM circuits WHERE circuitRef = %s" % CIRC('monza'), av=['altitude_m'],
  note='circuits.alt, metres.')
H('H4X-SC-10', 'schema', 'circuit_facts', 'easy', "What's the Wikipedia page for the 1967 Dutch Grand Prix?",
  "SELECT url FROM races WHERE year = 1967 AND name = 'Dutch Grand Prix'", av=['url'])
H('H4X-SC-11', 'schema', 'driver_facts', 'easy', 'Can you give me the Wikipedia link for Niki Lauda?',
  "SELECT url FROM drivers WHERE driverRef = %s" % q('lauda'), av=['url'])
H('H4X-SC-12', 'schema', 'driver_facts', 'easy', "What is Lewis Hamilton's three-letter driver code?",
  "SELECT code FROM drivers WHERE driverRef = %s" % q('hamilton'), av=['code'])
H('H4X-SC-13', 'schema', 'driver_facts', 'easy', 'What permanent number does Valtteri Bottas race with?',
  "SELECT number FROM drivers WHERE driverRef = %s" % q('bottas'), av=['number'], note='drivers.number (permanent number).')
H('H4X-SC-14', 'schema', 'driver_facts', 'easy', 'When was Kimi Räikkönen born?',
  "SELECT dob FROM drivers WHERE driverRef = %s" % q('raikkonen'), av=['dob'])
H('H4X-SC-15', 'schema', 'driver_facts', 'easy', 'What nationality is Franco Colapinto listed as?',
  "SELECT nationality FROM drivers WHERE driverRef = %s" % q('colapinto'), avx=['Argentinian'],
  note="drivers.nationality is stored as 'Argentinian' with a trailing space; the answer value drops it.")
H('H4X-SC-16', 'schema', 'race_facts', 'medium', 'How many cars retired with gearbox failure at the 1991 United States Grand Prix?',
  "SELECT COUNT(*) AS gearbox FROM results r JOIN status s ON s.statusId = r.statusId WHERE r.raceId = %s "
  "AND s.status = 'Gearbox'" % RACE(1991, 'United States Grand Prix'), av=['gearbox'],
  note="status = 'Gearbox' only (Phoenix).")
H('H4X-SC-17', 'schema', 'race_facts', 'medium', 'Who was disqualified from the 2018 Italian Grand Prix?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.raceId = %s AND r.positionText = 'D'"
  % RACE(2018, 'Italian Grand Prix'), av=['driver'], note="positionText = 'D' (illegal floor).")
H('H4X-SC-18', 'schema', 'race_facts', 'medium',
  'How many cars were entered for the 1988 German Grand Prix, counting the ones that failed to qualify?',
  "SELECT COUNT(*) AS entrants, SUM(positionText NOT IN ('F', 'W')) AS starters FROM results WHERE raceId = %s"
  % RACE(1988, 'German Grand Prix'), av=['entrants'], note='Entrants = every results row of the race.')
H('H4X-SC-19', 'schema', 'race_facts', 'medium', 'How many cars started the 1975 Spanish Grand Prix?',
  "SELECT SUM(positionText NOT IN ('F', 'W')) AS starters, COUNT(*) AS entrants FROM results WHERE raceId = %s"
  % RACE(1975, 'Spanish Grand Prix'), av=['starters'],
  note="Starters = results rows with positionText not in ('F','W').")
H('H4X-SC-20', 'schema', 'race_facts', 'medium', 'How many points did Williams score at the 2014 Austrian Grand Prix?',
  "SELECT cr.points FROM constructor_results cr WHERE cr.raceId = %s AND cr.constructorId = %s"
  % (RACE(2014, 'Austrian Grand Prix'), CON('williams')), av=['points'], note='constructor_results.points (Bottas 3rd, Massa 4th).')
H('H4X-SC-21', 'schema', 'pit_stops', 'medium', "What was Mercedes' average pit-stop time at the 2021 Spanish Grand Prix?",
  "SELECT ROUND(AVG(p.milliseconds) / 1000.0, 3) AS avg_s, COUNT(*) AS stops FROM pit_stops p JOIN results r ON "
  "r.raceId = p.raceId AND r.driverId = p.driverId WHERE p.raceId = %s AND r.constructorId = %s"
  % (RACE(2021, 'Spanish Grand Prix'), CON('mercedes')), av=['avg_s'],
  note='Mean pit_stops.milliseconds over both cars, seconds to 3 decimals (pit-lane time).')
H('H4X-SC-22', 'schema', 'driver_career_stats', 'hard', 'What percentage of his Grand Prix starts did Jim Clark win?',
  "SELECT ROUND(100.0 * SUM(r.position = 1) / COUNT(*), 1) AS win_pct, SUM(r.position = 1) AS wins, COUNT(*) AS starts "
  "FROM results r WHERE r.driverId = %s AND " % DRV('clark') + STARTS, av=['win_pct'],
  note='Wins / starts (starts convention), rounded to 1 decimal.')
H('H4X-SC-23', 'schema', 'sprint_results', 'easy', 'How many sprints were held in 2021?',
  "SELECT COUNT(DISTINCT s.raceId) AS sprints FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "WHERE ra.year = 2021", av=['sprints'])
H('H4X-SC-24', 'schema', 'race_facts', 'medium', 'How many times did the safety car come out in the 2010 Korean Grand Prix?',
  "SELECT COUNT(*) AS deployments FROM safety_cars WHERE Race = '2010 Korean Grand Prix'", av=['deployments'],
  note='safety_cars table, one row per deployment.')
H('H4X-SC-25', 'schema', 'race_facts', 'medium', 'On which lap was the race red-flagged at the 2024 São Paulo Grand Prix?',
  "SELECT Lap, Resumed FROM red_flags WHERE Race = '2024 São Paulo Grand Prix'", av=['Lap'],
  note='red_flags table, one row per stoppage.')

# ---- variants (15) ----
H('H4X-VA-01', 'variant', 'race_winner', 'easy', 'who won monza in 03',
  WIN_BY_CIRCUIT % (CIRC('monza'), 2003), av=['driver'], note='Two-digit year (03 = 2003); Monza = Italian GP.')
H('H4X-VA-02', 'variant', 'world_champion', 'easy', 'WDC 1989?',
  DCHAMP % FINAL_DS(1989), av=['driver'], note="WDC = World Drivers' Champion.")
H('H4X-VA-03', 'variant', 'world_champion', 'easy', 'wcc 2002',
  CCHAMP % FINAL_CS(2002), av=['constructor'], note="WCC = World Constructors' Championship.")
H('H4X-VA-04', 'variant', 'driver_career_stats', 'easy', 'nando career wins',
  WINS % DRV('alonso'), av=['wins'], note="'Nando' = Fernando Alonso.")
H('H4X-VA-05', 'variant', 'driver_career_stats', 'easy', 'kimi wins 2007',
  SEASON_WINS % (2007, DRV('raikkonen')), av=['wins'], note="'Kimi' = Kimi Räikkönen.")
H('H4X-VA-06', 'variant', 'fastest_lap', 'easy', 'fl silverstone 2013',
  "SELECT " + NAME + " AS driver, r.fastestLapTime FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId "
  "WHERE ci.circuitRef = %s AND ra.year = 2013 AND r.rank = 1" % CIRC('silverstone'), av=['driver'],
  note='fl = fastest lap; Silverstone = British GP.')
H('H4X-VA-07', 'variant', 'pole_sitter', 'easy', 'pole sitter monza 2008',
  POLE_AT_CIRCUIT % (CIRC('monza'), 2008), av=['driver'], note='Monza = Italian GP.')
H('H4X-VA-08', 'variant', 'race_winner', 'medium', 'chi ha vinto il gran premio di san marino 1999',
  WIN_BY_RACE % RACE(1999, 'San Marino Grand Prix'), av=['driver'],
  note='Italian: "who won the 1999 San Marino Grand Prix".')
H('H4X-VA-09', 'variant', 'race_winner', 'medium', 'ganador del gran premio de méxico 2016',
  WIN_BY_RACE % RACE(2016, 'Mexican Grand Prix'), av=['driver'],
  note='Spanish: "winner of the 2016 Mexican Grand Prix".')
H('H4X-VA-10', 'variant', 'race_winner', 'medium', 'qui a gagné le grand prix de monaco 1984',
  WIN_BY_RACE % RACE(1984, 'Monaco Grand Prix'), av=['driver'],
  note='French: "who won the 1984 Monaco Grand Prix" (stopped early, half points).')
H('H4X-VA-11', 'variant', 'driver_career_stats', 'medium', 'honey badger podiums',
  PODS % DRV('ricciardo'), av=['podiums'], note="'Honey badger' = Daniel Ricciardo; Grand Prix podiums.")
H('H4X-VA-12', 'variant', 'driver_career_stats', 'easy', 'max wins 2k21',
  SEASON_WINS % (2021, DRV('max_verstappen')), av=['wins'], note="'Max' = Max Verstappen; 2k21 = 2021; Grand Prix wins.")
H('H4X-VA-13', 'variant', 'race_winner', 'easy', 'austrailian gp 2017 winner',
  WIN_BY_RACE % RACE(2017, 'Australian Grand Prix'), av=['driver'], note='Typo (austrailian).')
H('H4X-VA-14', 'variant', 'race_podium_topn', 'medium', 'podium silverstone 92',
  "SELECT r.position, " + NAME + " AS driver, c.name AS constructor FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId JOIN constructors c "
  "ON c.constructorId = r.constructorId WHERE ci.circuitRef = %s AND ra.year = 1992 AND r.position <= 3 "
  "ORDER BY r.position" % CIRC('silverstone'), av=['driver'], note='Two-digit year (92 = 1992); Silverstone = British GP.')
H('H4X-VA-15', 'variant', 'head_to_head', 'hard', 'BOT v HAM race h2h 2019',
  H2H_RACE.format(a='bottas', b='hamilton') % (2019, DRV('bottas'), DRV('hamilton')),
  av=['bottas_ahead', 'hamilton_ahead'], note='Driver codes BOT/HAM; race head-to-head convention (positionOrder).')

# ---- declines (10) ----
D('H4X-DC-01', 'race_winner', 'easy', 'Who won the 2026 British Grand Prix?',
  'Beyond the data: no 2026 races (the data ends at 2025 round 21).')
D('H4X-DC-02', 'fastest_lap', 'hard', 'who set fastest lap at the 2025 abu dhabi gp',
  'races.csv lists the 2025 Abu Dhabi GP (round 24) but results stop at round 21 (São Paulo).')
D('H4X-DC-03', 'final_standings', 'hard', "Who finished runner-up in the 2025 drivers' championship?",
  'The 2025 season is incomplete in the data (round 21 of 24); the final standings are not known.')
D('H4X-DC-04', 'race_winner', 'medium', 'Who won the 1947 Italian Grand Prix?',
  'Before the World Championship (the data starts in 1950).')
D('H4X-DC-05', 'world_champion', 'medium', 'Who won the 2021 FIA Formula 3 championship?',
  'Formula 3 is not in the data (Formula 1 World Championship only).')
D('H4X-DC-06', 'race_facts', 'medium', 'Which tyre compound did Charles Leclerc finish the 2022 Monaco Grand Prix on?',
  'No tyre data.')
D('H4X-DC-07', 'race_facts', 'easy', 'What was the wind speed during the 2019 Chinese Grand Prix?',
  'No weather data.')
D('H4X-DC-08', 'constructor_stats', 'easy', "Who was Mercedes' team principal in 2014?",
  'No team personnel in the data.')
D('H4X-DC-09', 'race_facts', 'medium', 'Who was running second on lap 15 of the 2018 Austrian Grand Prix?',
  'No lap-by-lap positions: this load has no lap_times table.')
D('H4X-DC-10', 'qualifying', 'hard', "What was Ayrton Senna's qualifying lap time at the 1990 Monaco Grand Prix?",
  'Qualifying times start in 1994; for 1990 only the grid (results.grid) exists.')


# --------------------------------------------------------------------------
# Checks and build
# --------------------------------------------------------------------------

EXISTING = [os.path.join(DATA_DIR, n) for n in ('heldout_fan.jsonl', 'heldout_hard.jsonl',
                                                'heldout2_fan.jsonl', 'heldout2_hard.jsonl',
                                                'heldout3_fan.jsonl', 'heldout3_hard.jsonl')]
QDIR = '/work/shared/questions'


def check_new_sentences(recs):
    seen = set()
    paths = EXISTING + sorted(glob.glob(os.path.join(QDIR, '*.jsonl')))
    for p in paths:
        if not os.path.exists(p):
            raise SystemExit('missing earlier set: ' + p)
        for line in open(p, encoding='utf-8'):
            seen.add(norm(json.loads(line)['question']))
    mine = [norm(r['question']) for r in recs]
    dup = [r['id'] for r, n in zip(recs, mine) if n in seen]
    if dup or len(set(mine)) != len(mine):
        raise SystemExit('questions repeat an existing sentence: %r' % dup)


def check_cutoff_ties(con, recs):
    """Top-N lists cut by `ORDER BY key LIMIT N` (N > 1): row N+1 must not tie row N on the key."""
    for rec in recs:
        sql = rec['sql']
        m = sql and re.search(r'ORDER BY (\w+)(?: DESC| ASC)?\s+LIMIT (\d+)\s*$', sql)
        if not m or int(m.group(2)) < 2:
            continue
        n = int(m.group(2))
        cols, rows = run(con, sql[:m.start(2)] + str(n + 1))
        if len(rows) > n and m.group(1) in cols:
            i = cols.index(m.group(1))
            if rows[n - 1][i] == rows[n][i]:
                raise SystemExit('%s: tie at the cut-off: %r' % (rec['id'], rows))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    data = args[0] if args else DEFAULT_DATA
    con = load(data)
    check_refs(con)
    for name, recs, hard in (('heldout4_fan.jsonl', FAN, False), ('heldout4_hard.jsonl', HARD, True)):
        ids = [r['id'] for r in recs]
        if len(ids) != len(set(ids)):
            raise SystemExit('duplicate ids in ' + name)
        check_new_sentences(recs)
        check_ties(con, recs)
        check_cutoff_ties(con, recs)
        out = build(con, recs, hard)
        for o in out:
            if o.get('expect', 'answer') == 'answer' and not 1 <= len(o['rows']) <= 20:
                raise SystemExit('%s: %d rows' % (o['id'], len(o['rows'])))
        if '--preview' in sys.argv:
            for o in out:
                print(o['id'], '|', o['question'], '|', o['answer_values'], '|', len(o['rows']),
                      '|', o.get('note', '')[-200:] if o.get('kind') == 'near_miss' else '')
        with open(os.path.join(HERE, name), 'w', encoding='utf-8') as fh:
            for o in out:
                fh.write(json.dumps(o, ensure_ascii=False) + '\n')
        print('wrote %s: %d records' % (name, len(out)))


if __name__ == '__main__':
    main()
