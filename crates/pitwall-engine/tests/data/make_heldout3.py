#!/usr/bin/env python3
"""Build the third blind held-out question sets heldout3_fan.jsonl and heldout3_hard.jsonl.

Same method and record format as make_heldout.py and make_heldout2.py, whose loader,
SQL snippets, reference checks, tie check and record builder are imported: the
questions and their SQL live in this file; the gold rows come from running each
record's SQL against a SQLite database loaded from the Ergast CSV dump
(/work/shared/f1data/ergast-csv by default, or the folder given as the first
argument), one table per CSV file, columns typed from SCHEMA.txt, `\\N` read as NULL.

`answer_values` are derived from the gold rows (columns listed in `av`) or given
literally (`avx`, each checked to occur in the gold rows). Near-miss records carry
a `check` SQL for the question without its qualifier; the build asserts that its
answer differs and writes it into the note as the "Qualifier check".

On top of the imported checks this script refuses any question whose sentence
repeats one of the developer sets or of the first two held-out sets.

Usage: python3 make_heldout3.py [CSV_DIR] [--preview]
(writes the two JSONL files beside this script; --preview prints the answers).
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_heldout2 as m2  # noqa: E402  (module level only defines records; main() is guarded)

from make_heldout import (  # noqa: E402
    q, NAME, CHAMPS, CCHAMPS, AGE, MS, STREAK, STARTS, run, build, load, DEFAULT_DATA)
from make_heldout2 import (  # noqa: E402
    DRV, CON, CIRC, RACE, RACE_RD, FINAL_DS, FINAL_CS, WIN_BY_RACE, WIN_BY_CIRCUIT, TOPN, NTH, QPOLE, GPOLE,
    FLAP, DCHAMP, CCHAMP, DSTAND, CSTAND, WINS, PODS, CWINS, H2H_RACE, H2H_QUALI, PTS2, TEAMS, CW_RACE, CW_CIRC,
    FIRSTWIN, TOP_WINNER, TOP_POLES, DECADE_WINS, check_refs, check_ties, norm)

# --------------------------------------------------------------------------
# Fan set: 20 categories x 5 questions
# --------------------------------------------------------------------------

FAN = []


def F(id_, cat, diff, question, sql, av=None, avx=None, note=None):
    FAN.append(dict(id=id_, question=question, category=cat, difficulty=diff,
                    sql=sql, av=av, avx=avx, note=note))


DRV_FINAL = "SELECT ds.position, ds.points FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
CON_FINAL = "SELECT cs.position, cs.points FROM constructor_standings cs WHERE cs.raceId = %s AND cs.constructorId = %s"
SEASON_WINS = ("SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = %d "
               "AND r.driverId = %s AND r.position = 1")
SPRINT_WIN = ("SELECT " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
              "WHERE s.raceId = %s AND s.position = 1")
CIRCUIT_TOP_WINNER = ("SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
                      "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId "
                      "WHERE r.position = 1 AND ci.circuitRef = %s GROUP BY r.driverId ORDER BY wins DESC LIMIT 1")
TEAM_DRIVERS = ("SELECT DISTINCT " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
                "JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = %d AND r.constructorId = %s")
DRIVER_TEAMS_YEAR = ("SELECT DISTINCT c.name AS constructor FROM results r JOIN races ra ON ra.raceId = r.raceId "
                     "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.driverId = %s AND ra.year = %d")
DEBUT = ("SELECT ra.name AS race, ra.year, ra.date, c.name AS constructor FROM results r JOIN races ra "
         "ON ra.raceId = r.raceId JOIN constructors c ON c.constructorId = r.constructorId WHERE r.driverId = %s AND "
         + STARTS + " ORDER BY ra.date LIMIT 1")
CIRC_WINS_DRV = ("SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId JOIN circuits ci "
                 "ON ci.circuitId = ra.circuitId WHERE r.driverId = %s AND r.position = 1 AND ci.circuitRef = %s")

# race_winner
F('H3F-RW-01', 'race_winner', 'medium', 'who won the pescara gp in 1957',
  WIN_BY_RACE % RACE(1957, 'Pescara Grand Prix'), av=['driver'],
  note='The only Pescara Grand Prix of the World Championship (Stirling Moss, Vanwall).')
F('H3F-RW-02', 'race_winner', 'easy', 'Quick one: who won the 2004 Bahrain Grand Prix?',
  WIN_BY_RACE % RACE(2004, 'Bahrain Grand Prix'), av=['driver'], note='The first Bahrain Grand Prix.')
F('H3F-RW-03', 'race_winner', 'medium', 'Tell me the winner of the 1976 Swedish Grand Prix, please.',
  WIN_BY_RACE % RACE(1976, 'Swedish Grand Prix'), av=['driver'], note='Jody Scheckter in the six-wheeled Tyrrell.')
F('H3F-RW-04', 'race_winner', 'easy', '2016 malaysian gp winner?',
  WIN_BY_RACE % RACE(2016, 'Malaysian Grand Prix'), av=['driver'])
F('H3F-RW-05', 'race_winner', 'medium', 'Which driver won the Hungarian GP in 1997, and what team was he with?',
  WIN_BY_RACE % RACE(1997, 'Hungarian Grand Prix'), av=['driver', 'constructor'])

# race_podium_topn
F('H3F-PD-01', 'race_podium_topn', 'easy', 'Who finished on the podium at the 1970 Austrian Grand Prix?',
  TOPN % (RACE(1970, 'Austrian Grand Prix'), 3), av=['driver'])
F('H3F-PD-02', 'race_podium_topn', 'easy', 'top 3 at the 2012 malaysian gp',
  TOPN % (RACE(2012, 'Malaysian Grand Prix'), 3), av=['driver'])
F('H3F-PD-03', 'race_podium_topn', 'easy', 'Who came second at the 1983 Dutch Grand Prix?',
  NTH % (RACE(1983, 'Dutch Grand Prix'), 2), av=['driver'])
F('H3F-PD-04', 'race_podium_topn', 'medium', 'List the top five of the 2007 Chinese Grand Prix.',
  TOPN % (RACE(2007, 'Chinese Grand Prix'), 5), av=['driver'])
F('H3F-PD-05', 'race_podium_topn', 'medium', 'Who was classified fifth in the 1994 Pacific Grand Prix?',
  NTH % (RACE(1994, 'Pacific Grand Prix'), 5), av=['driver'], note='Pacific GP at TI Aida (Okayama).')

# pole_sitter
F('H3F-PL-01', 'pole_sitter', 'easy', 'Who was on pole for the 2010 Chinese Grand Prix?',
  QPOLE % RACE(2010, 'Chinese Grand Prix'), av=['driver'])
F('H3F-PL-02', 'pole_sitter', 'easy', 'pole at suzuka 2019?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM qualifying qu JOIN races ra ON ra.raceId = qu.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = qu.driverId "
  "JOIN constructors c ON c.constructorId = qu.constructorId WHERE ci.circuitRef = %s AND ra.year = 2019 "
  "AND qu.position = 1" % CIRC('suzuka'), av=['driver'], note='Suzuka = Japanese GP (qualifying held on race morning).')
F('H3F-PL-03', 'pole_sitter', 'medium', 'Who started from pole at the 1966 Italian Grand Prix?',
  GPOLE % RACE(1966, 'Italian Grand Prix'), av=['driver'], note='Before 2003: pole = results.grid = 1.')
F('H3F-PL-04', 'pole_sitter', 'medium', 'Which driver qualified on pole for the 2000 Austrian Grand Prix?',
  GPOLE % RACE(2000, 'Austrian Grand Prix'), av=['driver'], note='Before 2003: pole = results.grid = 1.')
F('H3F-PL-05', 'pole_sitter', 'easy', 'In 2023, who took pole at the Dutch Grand Prix?',
  QPOLE % RACE(2023, 'Dutch Grand Prix'), av=['driver'])

# fastest_lap
F('H3F-FL-01', 'fastest_lap', 'easy', 'Who set the fastest lap at the 2007 French Grand Prix?',
  FLAP % RACE(2007, 'French Grand Prix'), av=['driver'])
F('H3F-FL-02', 'fastest_lap', 'easy', 'fastest lap at the 2020 eifel gp',
  FLAP % RACE(2020, 'Eifel Grand Prix'), av=['driver'])
F('H3F-FL-03', 'fastest_lap', 'medium', 'What was the fastest lap time at the 2011 Turkish Grand Prix, and who set it?',
  FLAP % RACE(2011, 'Turkish Grand Prix'), av=['driver', 'fastestLapTime'])
F('H3F-FL-04', 'fastest_lap', 'easy', 'Which driver had the quickest lap of the 2023 Mexico City Grand Prix?',
  FLAP % RACE(2023, 'Mexico City Grand Prix'), av=['driver'])
F('H3F-FL-05', 'fastest_lap', 'medium', '2014 Belgian GP - who did the fastest lap, and on which lap was it?',
  FLAP % RACE(2014, 'Belgian Grand Prix'), av=['driver', 'lap'])

# world_champion
F('H3F-WC-01', 'world_champion', 'easy', "Who won the drivers' title in 1957?",
  DCHAMP % FINAL_DS(1957), av=['driver'])
F('H3F-WC-02', 'world_champion', 'medium', "Which team were constructors' champions in 1967?",
  CCHAMP % FINAL_CS(1967), av=['constructor'], note="Filed as 'Brabham-Repco'.")
F('H3F-WC-03', 'world_champion', 'easy', 'world champion 1996??',
  DCHAMP % FINAL_DS(1996), av=['driver'])
F('H3F-WC-04', 'world_champion', 'medium',
  "Tell me who was crowned 2016 constructors' champion and how many points they scored.",
  CCHAMP % FINAL_CS(2016), av=['constructor', 'points'])
F('H3F-WC-05', 'world_champion', 'easy', 'Who was the 1978 Formula 1 World Champion?',
  DCHAMP % FINAL_DS(1978), av=['driver'])

# final_standings
F('H3F-FS-01', 'final_standings', 'easy', "Who finished second in the 1981 drivers' championship?",
  DSTAND % (FINAL_DS(1981), 'ds.position = 2'), av=['driver'])
F('H3F-FS-02', 'final_standings', 'easy', "Top three in the 2019 constructors' standings, with points, please.",
  CSTAND % (FINAL_CS(2019), 'cs.position <= 3'), av=['constructor', 'points'])
F('H3F-FS-03', 'final_standings', 'easy', 'where did lewis hamilton finish in the 2022 championship',
  DRV_FINAL % (FINAL_DS(2022), DRV('hamilton')), av=['position'])
F('H3F-FS-04', 'final_standings', 'medium', "How many points did Ferrari finish the 2008 constructors' championship on?",
  CON_FINAL % (FINAL_CS(2008), CON('ferrari')), av=['points'])
F('H3F-FS-05', 'final_standings', 'easy', "Who was fourth in the 1999 drivers' standings?",
  DSTAND % (FINAL_DS(1999), 'ds.position = 4'), av=['driver'])

# standings_after_round
F('H3F-SR-01', 'standings_after_round', 'medium', "Who led the drivers' championship after round 4 of 2014?",
  DSTAND % (RACE_RD(2014, 4), 'ds.position = 1'), av=['driver', 'points'])
F('H3F-SR-02', 'standings_after_round', 'medium', 'After round 9 of 2022, which constructor was on top?',
  CSTAND % (RACE_RD(2022, 9), 'cs.position = 1'), av=['constructor'])
F('H3F-SR-03', 'standings_after_round', 'medium', 'how many points did leclerc have after round 3 of 2022',
  DRV_FINAL.replace('ds.position, ds.points', 'ds.points, ds.position') % (RACE_RD(2022, 3), DRV('leclerc')),
  av=['points'])
F('H3F-SR-04', 'standings_after_round', 'medium', 'Top three drivers in the standings after round 5 of 1995?',
  DSTAND % (RACE_RD(1995, 5), 'ds.position <= 3'), av=['driver'])
F('H3F-SR-05', 'standings_after_round', 'hard',
  'After the 2006 Italian Grand Prix, how many points separated Fernando Alonso and Michael Schumacher?',
  "SELECT a.points AS alonso, s.points AS schumacher, ABS(a.points - s.points) AS gap FROM driver_standings a "
  "JOIN driver_standings s ON s.raceId = a.raceId WHERE a.raceId = %s AND a.driverId = %s AND s.driverId = %s"
  % (RACE(2006, 'Italian Grand Prix'), DRV('alonso'), DRV('michael_schumacher')), av=['gap'])

# driver_career_stats
F('H3F-CS-01', 'driver_career_stats', 'easy', 'How many races did Damon Hill win?',
  WINS % DRV('damon_hill'), av=['wins'])
F('H3F-CS-02', 'driver_career_stats', 'easy', 'How many podium finishes did Valtteri Bottas get?',
  PODS % DRV('bottas'), av=['podiums'], note='Data through 2025 round 21.')
F('H3F-CS-03', 'driver_career_stats', 'medium', 'How many Grands Prix did Jacky Ickx start?',
  "SELECT COUNT(*) AS starts FROM results r WHERE r.driverId = %s AND %s" % (DRV('ickx'), STARTS), av=['starts'],
  note="Starts = results rows with positionText not in ('F','W').")
F('H3F-CS-04', 'driver_career_stats', 'medium', 'how many poles did nelson piquet take in his career',
  "SELECT COUNT(*) AS poles FROM results WHERE driverId = %s AND grid = 1" % DRV('piquet'), av=['poles'],
  note="Career poles = results.grid = 1; Nelson Piquet senior ('piquet').")
F('H3F-CS-05', 'driver_career_stats', 'medium', 'How many times did Jarno Trulli retire from a Grand Prix?',
  "SELECT COUNT(*) AS dnfs FROM results WHERE driverId = %s AND positionText = 'R'" % DRV('trulli'), av=['dnfs'],
  note="DNF = positionText 'R'.")

# all_time_leaders
F('H3F-AT-01', 'all_time_leaders', 'easy', 'Who has won the most Grands Prix ever?',
  TOP_WINNER, av=['driver', 'wins'], note='Data through 2025 round 21.')
F('H3F-AT-02', 'all_time_leaders', 'medium', 'Which driver has finished third the most times?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS thirds FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 3 GROUP BY r.driverId ORDER BY thirds DESC LIMIT 1", av=['driver', 'thirds'])
F('H3F-AT-03', 'all_time_leaders', 'medium', 'Which constructor has had the most race retirements?',
  "SELECT c.name AS constructor, COUNT(*) AS dnfs FROM results r JOIN constructors c ON c.constructorId = "
  "r.constructorId WHERE r.positionText = 'R' GROUP BY r.constructorId ORDER BY dnfs DESC LIMIT 1",
  av=['constructor', 'dnfs'], note="DNF = positionText 'R', counted per car.")
F('H3F-AT-04', 'all_time_leaders', 'medium', 'who has the most career pole positions in f1',
  TOP_POLES, av=['driver', 'poles'], note='Career poles = results.grid = 1.')
F('H3F-AT-05', 'all_time_leaders', 'hard', 'Which driver has won the most races with a single team?',
  "SELECT " + NAME + " AS driver, c.name AS constructor, COUNT(*) AS wins FROM results r JOIN drivers d ON "
  "d.driverId = r.driverId JOIN constructors c ON c.constructorId = r.constructorId WHERE r.position = 1 "
  "GROUP BY r.driverId, r.constructorId ORDER BY wins DESC LIMIT 1", av=['driver', 'constructor', 'wins'])

# records
F('H3F-RC-01', 'records', 'medium', 'Who is the youngest driver ever to win a Grand Prix?',
  "SELECT " + NAME + " AS driver, ra.year, ra.name AS race, " + AGE + " AS age FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 "
  "ORDER BY julianday(ra.date) - julianday(d.dob) LIMIT 1", av=['driver', 'race'],
  note='Age at the race date (completed years in column age).')
F('H3F-RC-02', 'records', 'medium', 'Who is the oldest driver ever to have won a Formula 1 Grand Prix?',
  "SELECT " + NAME + " AS driver, ra.year, ra.name AS race, " + AGE + " AS age FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE r.position = 1 "
  "ORDER BY julianday(ra.date) - julianday(d.dob) DESC LIMIT 1", av=['driver'],
  note='Age at the race date (completed years in column age); a shared drive (1951 French GP) counts as a win for both drivers.')
F('H3F-RC-03', 'records', 'medium', 'Who is the youngest driver to have finished on the podium?',
  "SELECT " + NAME + " AS driver, ra.year, ra.name AS race, " + AGE + " AS age FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE r.position <= 3 "
  "ORDER BY julianday(ra.date) - julianday(d.dob) LIMIT 1", av=['driver', 'race'],
  note='Grand Prix podium = results.position <= 3.')
F('H3F-RC-04', 'records', 'hard', "What's the biggest points margin a drivers' champion has ever won the title by?",
  CHAMPS + ", fr AS (SELECT ra.raceId, ra.year FROM races ra JOIN fin ON fin.year = ra.year AND fin.last_round = ra.round) "
  "SELECT fr.year, " + NAME + " AS driver, a.points - b.points AS margin FROM fr JOIN driver_standings a ON "
  "a.raceId = fr.raceId AND a.position = 1 JOIN driver_standings b ON b.raceId = fr.raceId AND b.position = 2 "
  "JOIN drivers d ON d.driverId = a.driverId ORDER BY margin DESC LIMIT 1", av=['driver', 'year', 'margin'],
  note='Margin = champion minus runner-up in the final standings, seasons up to 2024 (raw points of each era).')
F('H3F-RC-05', 'records', 'hard', 'What is the most pole positions a single team has taken in one season?',
  "SELECT c.name AS constructor, ra.year, COUNT(DISTINCT r.raceId) AS poles FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN constructors c ON c.constructorId = r.constructorId WHERE r.grid = 1 "
  "GROUP BY r.constructorId, ra.year ORDER BY poles DESC LIMIT 1", av=['constructor', 'year', 'poles'],
  note='Season counts use results.grid = 1.')

# head_to_head
F('H3F-HH-01', 'head_to_head', 'hard', 'Russell vs Hamilton qualifying head-to-head in 2022?',
  H2H_QUALI.format(a='russell', b='hamilton') % (2022, DRV('russell'), DRV('hamilton')),
  av=['russell_ahead', 'hamilton_ahead'], note='Qualifying head-to-head convention (qualifying.position).')
F('H3F-HH-02', 'head_to_head', 'easy', 'In 2005, who scored more points: Räikkönen or Montoya?',
  PTS2 % (FINAL_DS(2005), q('raikkonen'), q('montoya')), av=['driver', 'points'])
F('H3F-HH-03', 'head_to_head', 'hard',
  'How many times did Jacques Villeneuve finish ahead of Heinz-Harald Frentzen in 1997?',
  H2H_RACE.format(a='villeneuve', b='frentzen') % (1997, DRV('villeneuve'), DRV('frentzen')), av=['villeneuve_ahead'],
  note='Race head-to-head convention: positionOrder, DNFs included.')
F('H3F-HH-04', 'head_to_head', 'hard', 'ocon vs alonso race h2h 2021',
  H2H_RACE.format(a='ocon', b='alonso') % (2021, DRV('ocon'), DRV('alonso')), av=['ocon_ahead', 'alonso_ahead'],
  note='Alpine teammates; positionOrder, DNFs included.')
F('H3F-HH-05', 'head_to_head', 'easy', 'Mansell or Piquet: who had more points in 1986?',
  PTS2 % (FINAL_DS(1986), q('mansell'), q('piquet')), av=['driver', 'points'],
  note='Final 1986 standings (best-11-results rule as stored).')

# driver_team_history
F('H3F-TH-01', 'driver_team_history', 'easy', 'Which teams did Fernando Alonso drive for?',
  TEAMS % DRV('alonso'), av=['constructor'])
F('H3F-TH-02', 'driver_team_history', 'easy', 'who drove for benetton in 1994',
  TEAM_DRIVERS % (1994, CON('benetton')), av=['driver'],
  note="JJ Lehto is filed as 'Jyrki Järvilehto'.")
F('H3F-TH-03', 'driver_team_history', 'easy', 'Which team did Lewis Hamilton race for in 2012?',
  DRIVER_TEAMS_YEAR % (DRV('hamilton'), 2012), av=['constructor'])
F('H3F-TH-04', 'driver_team_history', 'medium', 'What team did Max Verstappen make his Formula 1 debut with?',
  DEBUT % DRV('max_verstappen'), av=['constructor'])
F('H3F-TH-05', 'driver_team_history', 'easy', "Who were Ferrari's drivers in 1990?",
  TEAM_DRIVERS % (1990, CON('ferrari')), av=['driver'])

# constructor_wins_at_circuit
F('H3F-CW-01', 'constructor_wins_at_circuit', 'easy', 'How many times has Ferrari won the Canadian Grand Prix?',
  CW_RACE % (CON('ferrari'), q('Canadian Grand Prix')), av=['wins'])
F('H3F-CW-02', 'constructor_wins_at_circuit', 'easy', 'How many wins does McLaren have at Spa?',
  CW_CIRC % (CON('mclaren'), CIRC('spa')), av=['wins'], note="constructorRef 'mclaren' only (not 'McLaren-Ford').")
F('H3F-CW-03', 'constructor_wins_at_circuit', 'easy', 'how many brazilian grands prix have williams won',
  CW_RACE % (CON('williams'), q('Brazilian Grand Prix')), av=['wins'])
F('H3F-CW-04', 'constructor_wins_at_circuit', 'medium', 'How many races has Mercedes won at the Circuit of the Americas?',
  CW_CIRC % (CON('mercedes'), CIRC('americas')), av=['wins'], note='Every United States GP at COTA (2012 onwards).')
F('H3F-CW-05', 'constructor_wins_at_circuit', 'easy', "Count Ferrari's victories in the Spanish Grand Prix.",
  CW_RACE % (CON('ferrari'), q('Spanish Grand Prix')), av=['wins'])

# circuit_facts
F('H3F-CF-01', 'circuit_facts', 'easy', 'In what country is the Sepang circuit?',
  "SELECT name, location, country FROM circuits WHERE circuitRef = %s" % CIRC('sepang'), av=['country'])
F('H3F-CF-02', 'circuit_facts', 'easy', 'When was the first Grand Prix held at Imola?',
  "SELECT ra.year, ra.name AS race, ra.date FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s ORDER BY ra.date LIMIT 1" % CIRC('imola'), av=['year'])
F('H3F-CF-03', 'circuit_facts', 'medium', 'Who has the most wins at Zandvoort?',
  CIRCUIT_TOP_WINNER % CIRC('zandvoort'), av=['driver', 'wins'])
F('H3F-CF-04', 'circuit_facts', 'medium', 'How many Grands Prix has Kyalami hosted?',
  "SELECT COUNT(*) AS races FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s AND ra.raceId IN (SELECT raceId FROM results)" % CIRC('kyalami'), av=['races'])
F('H3F-CF-05', 'circuit_facts', 'easy', 'When did F1 last race at Estoril?',
  "SELECT ra.year, ra.name AS race FROM races ra JOIN circuits ci ON ci.circuitId = ra.circuitId "
  "WHERE ci.circuitRef = %s ORDER BY ra.date DESC LIMIT 1" % CIRC('estoril'), av=['year'])

# season_facts
F('H3F-SF-01', 'season_facts', 'easy', 'How many races were there in the 1989 season?',
  "SELECT COUNT(*) AS races FROM races WHERE year = 1989", av=['races'])
F('H3F-SF-02', 'season_facts', 'medium', 'How many different drivers won a race in 2003?',
  "SELECT COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE ra.year = 2003 AND r.position = 1", av=['different_winners'])
F('H3F-SF-03', 'season_facts', 'easy', 'What was the opening race of the 2008 season?',
  "SELECT name, date FROM races WHERE year = 2008 ORDER BY round LIMIT 1", av=['name'])
F('H3F-SF-04', 'season_facts', 'easy', 'who won the last race of the 1973 season',
  "SELECT ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = 1973 AND r.position = 1 AND ra.round = "
  "(SELECT MAX(round) FROM races WHERE year = 1973)", av=['driver'])
F('H3F-SF-05', 'season_facts', 'easy', 'How many races did McLaren win in 1984?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE ra.year = 1984 AND r.position = 1 AND r.constructorId = %s" % CON('mclaren'), av=['wins'])

# pit_stops
F('H3F-PS-01', 'pit_stops', 'medium', 'Who had the quickest stop in the 2015 Spanish Grand Prix?',
  "SELECT " + NAME + " AS driver, p.lap, p.duration FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId "
  "WHERE p.raceId = %s ORDER BY p.milliseconds LIMIT 1" % RACE(2015, 'Spanish Grand Prix'),
  av=['driver'], note='Shortest pit_stops.milliseconds (pit-lane time, not stationary time).')
F('H3F-PS-02', 'pit_stops', 'easy', 'How many times did Fernando Alonso pit at the 2012 Chinese Grand Prix?',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s AND driverId = %s"
  % (RACE(2012, 'Chinese Grand Prix'), DRV('alonso')), av=['stops'])
F('H3F-PS-03', 'pit_stops', 'easy', 'how many pitstops were there in the 2016 japanese gp',
  "SELECT COUNT(*) AS stops FROM pit_stops WHERE raceId = %s" % RACE(2016, 'Japanese Grand Prix'), av=['stops'])
F('H3F-PS-04', 'pit_stops', 'easy', 'On which lap did Charles Leclerc make his first stop at the 2019 Austrian Grand Prix?',
  "SELECT p.lap, p.duration FROM pit_stops p WHERE p.raceId = %s AND p.driverId = %s AND p.stop = 1"
  % (RACE(2019, 'Austrian Grand Prix'), DRV('leclerc')), av=['lap'])
F('H3F-PS-05', 'pit_stops', 'medium', 'Which driver stopped the most times at the 2023 Bahrain Grand Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS stops FROM pit_stops p JOIN drivers d ON d.driverId = p.driverId "
  "WHERE p.raceId = %s GROUP BY p.driverId ORDER BY stops DESC LIMIT 1" % RACE(2023, 'Bahrain Grand Prix'),
  av=['driver', 'stops'])

# sprint_results
F('H3F-SP-01', 'sprint_results', 'easy', 'Who won the sprint at the 2023 Belgian Grand Prix?',
  SPRINT_WIN % RACE(2023, 'Belgian Grand Prix'), av=['driver'])
F('H3F-SP-02', 'sprint_results', 'easy', 'Top three in the sprint at the 2022 São Paulo Grand Prix?',
  "SELECT s.position, " + NAME + " AS driver FROM sprint_results s JOIN drivers d ON d.driverId = s.driverId "
  "WHERE s.raceId = %s AND s.position <= 3 ORDER BY s.position" % RACE(2022, 'São Paulo Grand Prix'), av=['driver'])
F('H3F-SP-03', 'sprint_results', 'easy', 'How many sprints has Max Verstappen won?',
  "SELECT COUNT(*) AS sprint_wins FROM sprint_results WHERE driverId = %s AND position = 1" % DRV('max_verstappen'),
  av=['sprint_wins'], note='Data through 2025 round 21.')
F('H3F-SP-04', 'sprint_results', 'medium', 'How many sprint points did Lando Norris score in 2024?',
  "SELECT SUM(s.points) AS sprint_points FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "WHERE ra.year = 2024 AND s.driverId = %s" % DRV('norris'), av=['sprint_points'])
F('H3F-SP-05', 'sprint_results', 'easy', 'who won the 2025 miami sprint',
  SPRINT_WIN % RACE(2025, 'Miami Grand Prix'), av=['driver'])

# nationality
NAT_WINS = ("SELECT COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
            "WHERE d.nationality = %s AND r.position = 1")
NAT_TOP = ("SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
           "WHERE d.nationality = %s AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC LIMIT 1")
F('H3F-NA-01', 'nationality', 'easy', 'How many Grands Prix have British drivers won?',
  NAT_WINS % q('British'), av=['wins'], note="drivers.nationality 'British'; data through 2025 round 21.")
F('H3F-NA-02', 'nationality', 'easy', 'Which American driver has won the most Grands Prix?',
  NAT_TOP % q('American'), av=['driver', 'wins'], note='Indianapolis 500 wins of the 1950s count as results.')
F('H3F-NA-03', 'nationality', 'easy', 'Name the Belgian drivers who have won a Grand Prix.',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Belgian' AND r.position = 1 GROUP BY r.driverId ORDER BY wins DESC", av=['driver'])
F('H3F-NA-04', 'nationality', 'medium', 'How many different Finnish drivers have won a Formula 1 race?',
  "SELECT COUNT(DISTINCT r.driverId) AS winners FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE d.nationality = 'Finnish' AND r.position = 1", av=['winners'])
F('H3F-NA-05', 'nationality', 'easy', 'which new zealand driver won the most races',
  NAT_TOP % q('New Zealander'), av=['driver', 'wins'])

# compare
F('H3F-CP-01', 'compare', 'easy', 'Who won more Grands Prix, Jackie Stewart or Jim Clark?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND d.driverRef IN ('stewart', 'clark') GROUP BY r.driverId ORDER BY wins DESC",
  av=['driver', 'wins'])
F('H3F-CP-02', 'compare', 'medium', 'Who had more pole positions, Nigel Mansell or Nelson Piquet?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.grid = 1 AND d.driverRef IN ('mansell', 'piquet') GROUP BY r.driverId ORDER BY poles DESC",
  av=['driver', 'poles'], note='Career poles = results.grid = 1.')
F('H3F-CP-03', 'compare', 'medium', "Ferrari or McLaren: who has more constructors' championships?",
  CCHAMPS + "SELECT c.name AS constructor, COUNT(*) AS titles FROM champ JOIN constructors c ON c.constructorId = "
  "champ.constructorId WHERE c.constructorRef IN ('ferrari', 'mclaren') GROUP BY champ.constructorId ORDER BY titles DESC",
  av=['constructor', 'titles'], note='Final constructor standings, seasons up to 2024.')
F('H3F-CP-04', 'compare', 'medium', 'Who scored more career points, Mark Webber or Felipe Massa?',
  "SELECT " + NAME + " AS driver, SUM(p.pts) AS points FROM " + m2.CAREER_PTS + " p JOIN drivers d ON "
  "d.driverId = p.driverId WHERE d.driverRef IN ('webber', 'massa') GROUP BY p.driverId ORDER BY points DESC",
  av=['driver', 'points'], note='Career points = Grand Prix points as scored (neither drove a sprint).')
F('H3F-CP-05', 'compare', 'medium', 'alonso vs hamilton, who has more poles',
  "SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.grid = 1 AND d.driverRef IN ('alonso', 'hamilton') GROUP BY r.driverId ORDER BY poles DESC",
  av=['driver', 'poles'], note='Career poles = results.grid = 1.')

# dates
F('H3F-DT-01', 'dates', 'easy', 'When did Max Verstappen win his first Grand Prix?',
  FIRSTWIN % (DRV('max_verstappen'), 'ASC'), av=['race', 'year'])
F('H3F-DT-02', 'dates', 'easy', 'When did Jenson Button take his last win?',
  FIRSTWIN % (DRV('button'), 'DESC'), av=['race', 'year'])
F('H3F-DT-03', 'dates', 'easy', 'When did Ayrton Senna make his F1 debut?',
  DEBUT % DRV('senna'), av=['race', 'year'], note='Debut = first start (starts convention).')
F('H3F-DT-04', 'dates', 'easy', 'When did Red Bull win their first race?',
  "SELECT ra.name AS race, ra.year, ra.date, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.constructorId = %s AND r.position = 1 ORDER BY ra.date LIMIT 1"
  % CON('red_bull'), av=['race', 'year'])
F('H3F-DT-05', 'dates', 'easy', "What was the date of Damon Hill's final Grand Prix victory?",
  FIRSTWIN % (DRV('damon_hill'), 'DESC'), av=['date'])


# --------------------------------------------------------------------------
# Hard set: near_miss / schema / variant / decline
# --------------------------------------------------------------------------

HARD = []


def H(id_, kind, cat, diff, question, sql, av=None, avx=None, note=None, check=None):
    HARD.append(dict(id=id_, kind=kind, question=question, category=cat, difficulty=diff,
                     sql=sql, av=av, avx=avx, note=note, check=check))


def D(id_, cat, diff, question, note, kind='decline', check=None):
    H(id_, kind, cat, diff, question, None, note=note, check=check)


DECADE_POLES = ("SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN races ra ON ra.raceId = r.raceId "
                "JOIN drivers d ON d.driverId = r.driverId WHERE r.grid = 1 AND ra.year BETWEEN %d AND %d "
                "GROUP BY r.driverId ORDER BY poles DESC LIMIT 1")
TOP_CON_WINS = ("SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c "
                "ON c.constructorId = r.constructorId WHERE r.position = 1 GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1")
TOP_POINTS = ("SELECT " + NAME + " AS driver, SUM(p.pts) AS points FROM " + m2.CAREER_PTS + " p JOIN drivers d ON "
              "d.driverId = p.driverId GROUP BY p.driverId ORDER BY points DESC LIMIT 1")
RACE_WINS_NAMED = ("SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
                   "WHERE r.position = 1 AND ra.name = %s")
FINAL_PTS = "SELECT ds.points FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"

# ---- near misses (30 answerable + 2 decline) ----
H('H3X-NM-01', 'near_miss', 'all_time_leaders', 'medium', 'Who won the most races in the 1950s?',
  DECADE_WINS % (1950, 1959), av=['driver', 'wins'], note="'The 1950s' = seasons 1950-1959.",
  check=('Who has won the most races?', TOP_WINNER))
H('H3X-NM-02', 'near_miss', 'all_time_leaders', 'medium',
  'Which constructor won the most Grands Prix between 1984 and 1991?',
  "SELECT c.name AS constructor, COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.position = 1 AND ra.year BETWEEN 1984 AND 1991 "
  "GROUP BY r.constructorId ORDER BY wins DESC LIMIT 1", av=['constructor', 'wins'],
  note='Range inclusive of both end years.',
  check=('Which constructor has won the most Grands Prix?', TOP_CON_WINS))
H('H3X-NM-03', 'near_miss', 'pole_sitter', 'medium', 'who took the most poles in the 70s',
  DECADE_POLES % (1970, 1979), av=['driver', 'poles'], note="'The 70s' = seasons 1970-1979; poles = results.grid = 1.",
  check=('Who has the most pole positions?', TOP_POLES))
H('H3X-NM-04', 'near_miss', 'all_time_leaders', 'medium', 'Which driver scored the most points in the 1980s?',
  "SELECT " + NAME + " AS driver, SUM(r.points) AS points FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE ra.year BETWEEN 1980 AND 1989 GROUP BY r.driverId "
  "ORDER BY points DESC LIMIT 1", av=['driver'],
  note="'The 1980s' = seasons 1980-1989; points as scored in each race (results.points).",
  check=('Which driver has scored the most points?', TOP_POINTS))
H('H3X-NM-05', 'near_miss', 'driver_career_stats', 'easy', "How many of Alain Prost's wins came with McLaren?",
  WINS % DRV('prost') + " AND constructorId = %s" % CON('mclaren'), av=['wins'],
  note='McLaren 1980 and 1984-1989 only; his Renault, Ferrari and Williams wins are excluded.',
  check=('How many Grands Prix did Alain Prost win?', WINS % DRV('prost')))
H('H3X-NM-06', 'near_miss', 'driver_team_history', 'easy', "How many of Fernando Alonso's victories were with Renault?",
  WINS % DRV('alonso') + " AND constructorId = %s" % CON('renault'), av=['wins'],
  check=('How many races has Fernando Alonso won?', WINS % DRV('alonso')))
H('H3X-NM-07', 'near_miss', 'driver_career_stats', 'medium', 'How many points did Lando Norris score in his rookie season?',
  "SELECT ra.year, SUM(r.points) AS points FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND ra.year = (SELECT MIN(ra2.year) FROM results r2 JOIN races ra2 ON ra2.raceId = r2.raceId WHERE r2.driverId = %s "
  "AND r2.positionText NOT IN ('F', 'W')) GROUP BY ra.year" % (DRV('norris'), DRV('norris')), av=['points'],
  note='Rookie season = first season with a start (2019, no sprints that year).',
  check=('How many career points has Lando Norris scored?',
         "SELECT SUM(p.pts) AS points FROM " + m2.CAREER_PTS + " p WHERE p.driverId = %s" % DRV('norris')))
H('H3X-NM-08', 'near_miss', 'driver_career_stats', 'medium', "How many of Max Verstappen's wins came from pole?",
  WINS % DRV('max_verstappen') + " AND grid = 1", av=['wins'],
  note="'From pole' = results.grid = 1 AND position = 1 (starting position).",
  check=('How many Grands Prix has Max Verstappen won?', WINS % DRV('max_verstappen')))
H('H3X-NM-09', 'near_miss', 'driver_career_stats', 'medium', 'How many Grands Prix did Ayrton Senna win in May?',
  "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
  "AND r.position = 1 AND strftime('%%m', ra.date) = '05'" % DRV('senna'), av=['wins'],
  note='Month of races.date (Monaco, San Marino, Spanish, Belgian GPs in May...).',
  check=('How many Grands Prix did Ayrton Senna win?', WINS % DRV('senna')))
H('H3X-NM-10', 'near_miss', 'driver_career_stats', 'hard',
  'How many races did Gerhard Berger win with Ayrton Senna as his teammate?',
  "SELECT COUNT(*) AS wins FROM results a WHERE a.driverId = %s AND a.position = 1 AND EXISTS (SELECT 1 FROM results b "
  "WHERE b.raceId = a.raceId AND b.constructorId = a.constructorId AND b.driverId = %s)"
  % (DRV('berger'), DRV('senna')), av=['wins'],
  note='Teammate = same constructor in the same race (McLaren 1990-1992).',
  check=('How many races did Gerhard Berger win?', WINS % DRV('berger')))
H('H3X-NM-11', 'near_miss', 'circuit_facts', 'medium', 'In which years did Jim Clark win the Belgian Grand Prix?',
  "SELECT ra.year FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s AND r.position = 1 "
  "AND ra.name = 'Belgian Grand Prix' ORDER BY ra.year" % DRV('clark'), av=['year'],
  note='A list of years is asked, not a count.',
  check=('How many times did Jim Clark win the Belgian Grand Prix?',
         "SELECT COUNT(*) AS wins FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 AND ra.name = 'Belgian Grand Prix'" % DRV('clark')))
H('H3X-NM-12', 'near_miss', 'circuit_facts', 'medium', 'How many different drivers have won the Hungarian Grand Prix?',
  "SELECT COUNT(DISTINCT r.driverId) AS different_winners FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.position = 1 AND ra.name = 'Hungarian Grand Prix'", av=['different_winners'],
  check=('How many Hungarian Grands Prix have been won? (counting wins, not different drivers)',
         RACE_WINS_NAMED % q('Hungarian Grand Prix')))
H('H3X-NM-13', 'near_miss', 'records', 'hard', "What was Max Verstappen's longest winning streak?",
  STREAK + "SELECT COUNT(*) AS consecutive_wins, MIN(w.date) AS first_win, MAX(w.date) AS last_win FROM w "
  "WHERE w.driverId = %s GROUP BY w.grp ORDER BY consecutive_wins DESC LIMIT 1" % DRV('max_verstappen'),
  av=['consecutive_wins'], note='Unbroken run of Grand Prix wins over his own entries in date order (2023).',
  check=('How many races has Max Verstappen won?', WINS % DRV('max_verstappen')))
H('H3X-NM-14', 'near_miss', 'dates', 'hard', 'How old was Fernando Alonso when he won his first Grand Prix?',
  "SELECT ra.name AS race, ra.date, " + AGE + " AS age FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.driverId = %s AND r.position = 1 ORDER BY ra.date LIMIT 1"
  % DRV('alonso'), av=['age'], note='Age in completed years at the 2003 Hungarian GP.',
  check=('When did Fernando Alonso win his first Grand Prix?',
         "SELECT ra.name AS race, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 ORDER BY ra.date LIMIT 1" % DRV('alonso')))
H('H3X-NM-15', 'near_miss', 'world_champion', 'medium', 'By how many points did Jenson Button win the 2009 championship?',
  "SELECT MAX(ds.points) - MIN(ds.points) AS margin, MAX(ds.points) AS champion_points, MIN(ds.points) AS "
  "runner_up_points FROM driver_standings ds WHERE ds.raceId = %s AND ds.position IN (1, 2)" % FINAL_DS(2009),
  av=['margin'], note='Final standings: Button minus runner-up Sebastian Vettel.',
  check=('Who won the 2009 championship?', DCHAMP % FINAL_DS(2009)))
H('H3X-NM-16', 'near_miss', 'standings_after_round', 'hard',
  "Heading into the 1964 finale, who was leading the drivers' championship?",
  DSTAND % ("(SELECT raceId FROM races WHERE year = 1964 AND round = (SELECT MAX(round) FROM races WHERE year = 1964) - 1)",
            'ds.position = 1'), av=['driver', 'points'],
  note='Standings after the penultimate round (United States GP); the title went to John Surtees at the Mexican GP.',
  check=("Who won the 1964 drivers' championship?", DCHAMP % FINAL_DS(1964)))
H('H3X-NM-17', 'near_miss', 'standings_after_round', 'medium',
  "Which team led the constructors' championship after round 6 of 2017?",
  CSTAND % (RACE_RD(2017, 6), 'cs.position = 1'), av=['constructor', 'points'],
  note='Round 6 = 2017 Monaco GP.',
  check=("Which team won the 2017 constructors' championship?", CCHAMP % FINAL_CS(2017)))
H('H3X-NM-18', 'near_miss', 'race_winner', 'hard', 'Who won the 900th World Championship Grand Prix?',
  "WITH o AS (SELECT raceId, year, name, ROW_NUMBER() OVER (ORDER BY date) AS n FROM races) SELECT o.year, "
  "o.name AS race, " + NAME + " AS driver FROM o JOIN results r ON r.raceId = o.raceId JOIN drivers d ON "
  "d.driverId = r.driverId WHERE o.n = 900 AND r.position = 1", av=['driver', 'race', 'year'],
  note='Ordinal = championship races in date order, Indianapolis 500s included; not races.raceId.',
  check=('Who won the race with raceId 900? (misreading the ordinal as an id)',
         "SELECT ra.year, ra.name AS race, " + NAME + " AS driver FROM results r JOIN races ra ON ra.raceId = r.raceId "
         "JOIN drivers d ON d.driverId = r.driverId WHERE r.raceId = 900 AND r.position = 1"))
H('H3X-NM-19', 'near_miss', 'nationality', 'hard', 'How many Grands Prix have Italian constructors won?',
  "SELECT COUNT(DISTINCT r.raceId) AS wins FROM results r JOIN constructors c ON c.constructorId = r.constructorId "
  "WHERE r.position = 1 AND c.nationality = 'Italian'", av=['wins'],
  note="constructors.nationality = 'Italian' (Ferrari, Alfa Romeo, Maserati, Lancia, Toro Rosso, AlphaTauri...). "
       "Not the Italian Grand Prix, nor Italian drivers.",
  check=("How many Italian Grands Prix have been held? (misreading 'Italian' as the race)",
         "SELECT COUNT(*) AS races FROM races WHERE name = 'Italian Grand Prix' AND raceId IN (SELECT raceId FROM results)"))
H('H3X-NM-20', 'near_miss', 'race_podium_topn', 'medium',
  'Who was the best-finishing Williams driver at the 2019 German Grand Prix?',
  "SELECT " + NAME + " AS driver, r.positionText AS position FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.raceId = %s AND r.constructorId = %s ORDER BY r.positionOrder LIMIT 1"
  % (RACE(2019, 'German Grand Prix'), CON('williams')), av=['driver', 'position'],
  note='Lowest positionOrder among the Williams cars.',
  check=('Who won the 2019 German Grand Prix?', WIN_BY_RACE % RACE(2019, 'German Grand Prix')))
H('H3X-NM-21', 'near_miss', 'final_standings', 'medium', 'Ignoring sprints, how many points did Charles Leclerc score in 2022?',
  "SELECT SUM(r.points) AS gp_points FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2022 "
  "AND r.driverId = %s" % DRV('leclerc'), av=['gp_points'], note='Grand Prix points only (results.points).',
  check=('How many points did Charles Leclerc score in 2022?', FINAL_PTS % (FINAL_DS(2022), DRV('leclerc'))))
H('H3X-NM-22', 'near_miss', 'sprint_results', 'medium', 'Including sprints, how many wins did Max Verstappen have in 2022?',
  "SELECT (SELECT COUNT(*) FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2022 AND r.driverId = %s "
  "AND r.position = 1) + (SELECT COUNT(*) FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId WHERE ra.year = 2022 "
  "AND s.driverId = %s AND s.position = 1) AS wins_incl_sprints" % (DRV('max_verstappen'), DRV('max_verstappen')),
  av=['wins_incl_sprints'], note='Grand Prix wins + sprint wins (sprint_results.position = 1).',
  check=('How many races did Max Verstappen win in 2022?', SEASON_WINS % (2022, DRV('max_verstappen'))))
H('H3X-NM-23', 'near_miss', 'world_champion', 'medium', "How many of Michael Schumacher's titles came with Benetton?",
  CHAMPS + "SELECT COUNT(*) AS titles, MIN(champ.year) AS first_year, MAX(champ.year) AS last_year FROM champ "
  "WHERE champ.driverId = %s AND EXISTS (SELECT 1 FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE "
  "ra.year = champ.year AND r.driverId = champ.driverId AND r.constructorId = %s)"
  % (DRV('michael_schumacher'), CON('benetton')), av=['titles'], note='1994 and 1995 with Benetton; 2000-2004 with Ferrari.',
  check=('How many world titles did Michael Schumacher win?',
         CHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE driverId = %s" % DRV('michael_schumacher')))
H('H3X-NM-24', 'near_miss', 'world_champion', 'medium', "Which years did Ferrari win the constructors' title?",
  CCHAMPS + "SELECT year FROM champ WHERE constructorId = %s ORDER BY year" % CON('ferrari'), av=['year'],
  note='Final constructor standings of each season up to 2024.',
  check=("How many constructors' titles has Ferrari won?",
         CCHAMPS + "SELECT COUNT(*) AS titles FROM champ WHERE constructorId = %s" % CON('ferrari')))
H('H3X-NM-25', 'near_miss', 'constructor_wins_at_circuit', 'medium',
  'How many times has Red Bull won at Interlagos since 2010?',
  CW_CIRC % (CON('red_bull'), CIRC('interlagos')) + " AND ra.year >= 2010", av=['wins'],
  note="'Since 2010' = season >= 2010; every race at Interlagos (Brazilian GP, and São Paulo GP from 2021).",
  check=('How many times has Red Bull won at Interlagos?', CW_CIRC % (CON('red_bull'), CIRC('interlagos'))))
H('H3X-NM-26', 'near_miss', 'records', 'medium', 'Who has the most pole positions without ever winning a Grand Prix?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS poles FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.grid = 1 AND r.driverId NOT IN (SELECT driverId FROM results WHERE position = 1) GROUP BY r.driverId "
  "ORDER BY poles DESC LIMIT 1", av=['driver', 'poles'], note='Poles = results.grid = 1.',
  check=('Who has the most pole positions?', TOP_POLES))
H('H3X-NM-27', 'near_miss', 'compare', 'medium', 'Who won more races for Williams, Alan Jones or Nelson Piquet?',
  "SELECT " + NAME + " AS driver, COUNT(*) AS williams_wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "WHERE r.position = 1 AND r.constructorId = %s AND d.driverRef IN ('jones', 'piquet') GROUP BY r.driverId "
  "ORDER BY williams_wins DESC" % CON('williams'), av=['driver', 'williams_wins'],
  note="Piquet's Brabham and Benetton wins are excluded.",
  check=('Who won more races, Alan Jones or Nelson Piquet?',
         "SELECT " + NAME + " AS driver, COUNT(*) AS wins FROM results r JOIN drivers d ON d.driverId = r.driverId "
         "WHERE r.position = 1 AND d.driverRef IN ('jones', 'piquet') GROUP BY r.driverId ORDER BY wins DESC"))
H('H3X-NM-28', 'near_miss', 'standings_after_round', 'medium',
  'after the 1982 detroit grand prix who was leading the championship',
  DSTAND % (RACE(1982, 'Detroit Grand Prix'), 'ds.position = 1'), av=['driver', 'points'],
  note="Drivers' standings after that race (round 7 of 1982).",
  check=("Who won the 1982 drivers' championship?", DCHAMP % FINAL_DS(1982)))
H('H3X-NM-29', 'near_miss', 'dates', 'medium', 'When did Jenson Button last finish on the podium?',
  "SELECT ra.name AS race, ra.year, ra.date, r.position FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "WHERE r.driverId = %s AND r.position <= 3 ORDER BY ra.date DESC LIMIT 1" % DRV('button'), av=['race', 'year'],
  note='Last podium (position <= 3), not last win.',
  check=('When did Jenson Button last win a Grand Prix?', FIRSTWIN % (DRV('button'), 'DESC')))
H('H3X-NM-30', 'near_miss', 'dates', 'hard', 'How old was Graham Hill when he won his last Grand Prix?',
  "SELECT ra.name AS race, ra.date, " + AGE + " AS age FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN drivers d ON d.driverId = r.driverId WHERE r.driverId = %s AND r.position = 1 ORDER BY ra.date DESC LIMIT 1"
  % DRV('hill'), av=['age'], note="Graham Hill ('hill'); age in completed years.",
  check=('When did Graham Hill win his last Grand Prix?',
         "SELECT ra.name AS race, ra.date FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE r.driverId = %s "
         "AND r.position = 1 ORDER BY ra.date DESC LIMIT 1" % DRV('hill')))
D('H3X-NM-31', 'driver_career_stats', 'hard', "How many of Michael Schumacher's wins came in the wet?",
  'No weather data (the safety_cars and red_flags tables are not weather records). A template answer of his total wins is wrong.',
  kind='near_miss', check=('How many Grands Prix did Michael Schumacher win?', WINS % DRV('michael_schumacher')))
D('H3X-NM-32', 'constructor_stats', 'hard', 'How many races did Williams win with Renault engines?',
  "Engine suppliers are not in the data (the constructor is just 'Williams'). A template answer of Williams' total wins is wrong.",
  kind='near_miss', check=('How many races has Williams won?', CWINS % CON('williams')))

# ---- schema (32) ----
H('H3X-SC-01', 'schema', 'fastest_lap', 'medium',
  'What was the average speed of the fastest lap at the 2016 Belgian Grand Prix, and who did it?',
  "SELECT " + NAME + " AS driver, r.fastestLapSpeed AS speed_kph, r.fastestLapTime FROM results r JOIN drivers d "
  "ON d.driverId = r.driverId WHERE r.raceId = %s AND r.rank = 1" % RACE(2016, 'Belgian Grand Prix'),
  av=['speed_kph', 'driver'], note='results.fastestLapSpeed, km/h (average speed of that lap).')
H('H3X-SC-02', 'schema', 'fastest_lap', 'easy', 'On which lap did Fernando Alonso set his best lap at the 2014 Spanish Grand Prix?',
  "SELECT r.fastestLap AS lap, r.fastestLapTime FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2014, 'Spanish Grand Prix'), DRV('alonso')), av=['lap'])
H('H3X-SC-03', 'schema', 'fastest_lap', 'easy', "What was Daniel Ricciardo's fastest lap time in the 2018 Monaco Grand Prix?",
  "SELECT r.fastestLapTime, r.fastestLap AS lap FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2018, 'Monaco Grand Prix'), DRV('ricciardo')), av=['fastestLapTime'])
H('H3X-SC-04', 'schema', 'fastest_lap', 'hard', "In 2008, which Grand Prix produced the highest fastest-lap speed, and whose lap was it?",
  "SELECT ra.name AS race, " + NAME + " AS driver, r.fastestLapSpeed AS speed_kph FROM results r JOIN races ra ON "
  "ra.raceId = r.raceId JOIN drivers d ON d.driverId = r.driverId WHERE ra.year = 2008 AND r.fastestLapSpeed IS NOT NULL "
  "ORDER BY CAST(r.fastestLapSpeed AS REAL) DESC LIMIT 1", av=['race', 'driver'],
  note='fastestLapSpeed is TEXT; compared as a number.')
H('H3X-SC-05', 'schema', 'qualifying', 'easy', "What was Charles Leclerc's Q3 time at the 2019 Singapore Grand Prix?",
  "SELECT qu.q3, qu.position FROM qualifying qu WHERE qu.raceId = %s AND qu.driverId = %s"
  % (RACE(2019, 'Singapore Grand Prix'), DRV('leclerc')), av=['q3'])
H('H3X-SC-06', 'schema', 'qualifying', 'medium', 'Who was fastest in Q1 at the 2022 Spanish Grand Prix?',
  "SELECT " + NAME + " AS driver, qu.q1 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId WHERE "
  "qu.raceId = %s AND qu.q1 IS NOT NULL AND qu.q1 <> '' ORDER BY " % RACE(2022, 'Spanish Grand Prix') + MS('qu.q1') +
  " LIMIT 1", av=['driver', 'q1'], note='Fastest Q1 time (m:ss.sss converted to milliseconds).')
H('H3X-SC-07', 'schema', 'qualifying', 'medium', 'Which drivers were eliminated in Q1 at the 2020 Hungarian Grand Prix?',
  "SELECT qu.position, " + NAME + " AS driver, qu.q1 FROM qualifying qu JOIN drivers d ON d.driverId = qu.driverId "
  "WHERE qu.raceId = %s AND qu.q2 IS NULL ORDER BY qu.position" % RACE(2020, 'Hungarian Grand Prix'), av=['driver'],
  note='Knocked out in Q1 = no Q2 time.')
H('H3X-SC-08', 'schema', 'qualifying', 'hard', 'How close was pole to second place in Q3 at the 2021 Mexico City Grand Prix?',
  "SELECT ROUND((" + MS('b.q3') + " - " + MS('a.q3') + ") / 1000.0, 3) AS gap_s, a.q3 AS pole_time, b.q3 AS second_time "
  "FROM qualifying a JOIN qualifying b ON b.raceId = a.raceId WHERE a.raceId = %s AND a.position = 1 AND b.position = 2"
  % RACE(2021, 'Mexico City Grand Prix'), av=['gap_s'], note='Seconds to 3 decimals.')
H('H3X-SC-09', 'schema', 'qualifying', 'easy', 'What time did Sebastian Vettel set in Q2 at the 2011 Korean Grand Prix?',
  "SELECT qu.q2, qu.position FROM qualifying qu WHERE qu.raceId = %s AND qu.driverId = %s"
  % (RACE(2011, 'Korean Grand Prix'), DRV('vettel')), av=['q2'])
H('H3X-SC-10', 'schema', 'circuit_facts', 'easy', 'Which town is Circuit Paul Ricard in?',
  "SELECT name, location, country FROM circuits WHERE circuitRef = %s" % CIRC('ricard'), av=['location'])
H('H3X-SC-11', 'schema', 'circuit_facts', 'easy', 'Give me the lat/long of the Marina Bay Street Circuit.',
  "SELECT lat, lng FROM circuits WHERE circuitRef = %s" % CIRC('marina_bay'), av=['lat', 'lng'])
H('H3X-SC-12', 'schema', 'circuit_facts', 'easy', "What's the altitude of Spa-Francorchamps?",
  "SELECT alt AS altitude_m FROM circuits WHERE circuitRef = %s" % CIRC('spa'), av=['altitude_m'],
  note='circuits.alt, metres.')
H('H3X-SC-13', 'schema', 'circuit_facts', 'easy', "What's the Wikipedia URL for the 1958 Portuguese Grand Prix?",
  "SELECT url FROM races WHERE year = 1958 AND name = 'Portuguese Grand Prix'", av=['url'])
H('H3X-SC-14', 'schema', 'driver_facts', 'easy', 'Link me the Wikipedia article on Emerson Fittipaldi.',
  "SELECT url FROM drivers WHERE driverRef = %s" % q('emerson_fittipaldi'), av=['url'])
H('H3X-SC-15', 'schema', 'driver_facts', 'easy', "What is Oscar Piastri's three-letter driver code?",
  "SELECT code FROM drivers WHERE driverRef = %s" % q('piastri'), av=['code'])
H('H3X-SC-16', 'schema', 'driver_facts', 'easy', 'What car number does George Russell race with?',
  "SELECT number FROM drivers WHERE driverRef = %s" % q('russell'), av=['number'], note='drivers.number (permanent number).')
H('H3X-SC-17', 'schema', 'driver_facts', 'easy', "What's Carlos Sainz's driverRef in the Ergast data?",
  "SELECT driverRef FROM drivers WHERE forename = 'Carlos' AND surname = 'Sainz'", av=['driverRef'])
H('H3X-SC-18', 'schema', 'driver_facts', 'easy', 'When was Juan Manuel Fangio born?',
  "SELECT dob FROM drivers WHERE driverRef = %s" % q('fangio'), av=['dob'], note="drivers.csv names him 'Juan Fangio'.")
H('H3X-SC-19', 'schema', 'driver_facts', 'easy', 'What nationality is Gabriel Bortoleto listed as?',
  "SELECT nationality FROM drivers WHERE driverRef = %s" % q('bortoleto'), av=['nationality'])
H('H3X-SC-20', 'schema', 'race_facts', 'medium', 'How many drivers spun off at the 2008 British Grand Prix?',
  "SELECT COUNT(*) AS spun_off FROM results r JOIN status s ON s.statusId = r.statusId WHERE r.raceId = %s "
  "AND s.status = 'Spun off'" % RACE(2008, 'British Grand Prix'), av=['spun_off'],
  note="status = 'Spun off' only ('Accident' and 'Collision' are separate statuses).")
H('H3X-SC-21', 'schema', 'race_facts', 'medium', 'Who was disqualified from the 2023 United States Grand Prix?',
  "SELECT " + NAME + " AS driver, c.name AS constructor FROM results r JOIN drivers d ON d.driverId = r.driverId "
  "JOIN constructors c ON c.constructorId = r.constructorId WHERE r.raceId = %s AND r.positionText = 'D'"
  % RACE(2023, 'United States Grand Prix'), av=['driver'], note="positionText = 'D' (plank wear).")
H('H3X-SC-22', 'schema', 'race_facts', 'medium', 'How many cars entered the 1991 Mexican Grand Prix, non-qualifiers included?',
  "SELECT COUNT(*) AS entrants, SUM(positionText NOT IN ('F', 'W')) AS starters FROM results WHERE raceId = %s"
  % RACE(1991, 'Mexican Grand Prix'), av=['entrants'], note='Entrants = every results row of the race.')
H('H3X-SC-23', 'schema', 'race_facts', 'medium', 'How many cars took the start of the 1953 Italian Grand Prix?',
  "SELECT SUM(positionText NOT IN ('F', 'W')) AS starters, COUNT(*) AS entrants FROM results WHERE raceId = %s"
  % RACE(1953, 'Italian Grand Prix'), av=['starters'],
  note="Starters = results rows with positionText not in ('F','W').")
H('H3X-SC-24', 'schema', 'race_facts', 'medium', 'How many finishers were classified in the 2011 European Grand Prix?',
  "SELECT COUNT(*) AS classified FROM results WHERE raceId = %s AND positionText GLOB '[0-9]*'"
  % RACE(2011, 'European Grand Prix'), av=['classified'], note='Classified = numeric positionText.')
H('H3X-SC-25', 'schema', 'race_facts', 'medium', 'How many points did Red Bull score at the 2018 Chinese Grand Prix?',
  "SELECT cr.points FROM constructor_results cr WHERE cr.raceId = %s AND cr.constructorId = %s"
  % (RACE(2018, 'Chinese Grand Prix'), CON('red_bull')), av=['points'], note='constructor_results.points.')
H('H3X-SC-26', 'schema', 'pit_stops', 'medium', "What was McLaren's average pit-stop time at the 2023 British Grand Prix?",
  "SELECT ROUND(AVG(p.milliseconds) / 1000.0, 3) AS avg_s, COUNT(*) AS stops FROM pit_stops p JOIN results r ON "
  "r.raceId = p.raceId AND r.driverId = p.driverId WHERE p.raceId = %s AND r.constructorId = %s"
  % (RACE(2023, 'British Grand Prix'), CON('mclaren')), av=['avg_s'],
  note='Mean pit_stops.milliseconds over both cars, seconds to 3 decimals (pit-lane time).')
H('H3X-SC-27', 'schema', 'driver_career_stats', 'hard', 'What percentage of his starts did Juan Manuel Fangio win?',
  "SELECT ROUND(100.0 * SUM(r.position = 1) / COUNT(*), 1) AS win_pct, SUM(r.position = 1) AS wins, COUNT(*) AS starts "
  "FROM results r WHERE r.driverId = %s AND " % DRV('fangio') + STARTS, av=['win_pct'],
  note='Wins / starts (starts convention), rounded to 1 decimal.')
H('H3X-SC-28', 'schema', 'sprint_results', 'easy', 'How many sprints were there in the 2023 season?',
  "SELECT COUNT(DISTINCT s.raceId) AS sprints FROM sprint_results s JOIN races ra ON ra.raceId = s.raceId "
  "WHERE ra.year = 2023", av=['sprints'])
H('H3X-SC-29', 'schema', 'race_facts', 'medium', 'How many safety car periods were there in the 2003 Brazilian Grand Prix?',
  "SELECT COUNT(*) AS deployments FROM safety_cars WHERE Race = '2003 Brazilian Grand Prix'", av=['deployments'],
  note='safety_cars table, one row per deployment.')
H('H3X-SC-30', 'schema', 'race_facts', 'medium', 'How many red flags were there at the 2021 Saudi Arabian Grand Prix?',
  "SELECT COUNT(*) AS red_flags FROM red_flags WHERE Race = '2021 Saudi Arabian Grand Prix'", av=['red_flags'],
  note='red_flags table, one row per stoppage.')
H('H3X-SC-31', 'schema', 'season_facts', 'medium', 'What was the UTC start time of the 2022 Singapore Grand Prix?',
  "SELECT time AS start_utc, date FROM races WHERE year = 2022 AND name = 'Singapore Grand Prix'", av=['start_utc'],
  note='races.time is UTC.')
H('H3X-SC-32', 'schema', 'race_facts', 'medium', 'From where on the grid did Rubens Barrichello win the 2000 German Grand Prix?',
  "SELECT r.grid, r.positionText FROM results r WHERE r.raceId = %s AND r.driverId = %s"
  % (RACE(2000, 'German Grand Prix'), DRV('barrichello')), av=['grid'])

# ---- variants (18) ----
H('H3X-VA-01', 'variant', 'race_winner', 'easy', 'who won the gp at spa in 04',
  WIN_BY_CIRCUIT % (CIRC('spa'), 2004), av=['driver'], note="Two-digit year (04 = 2004); Spa = Belgian GP.")
H('H3X-VA-02', 'variant', 'world_champion', 'easy', 'wdc 2001?',
  DCHAMP % FINAL_DS(2001), av=['driver'], note="WDC = World Drivers' Champion.")
H('H3X-VA-03', 'variant', 'world_champion', 'easy', 'WCC 2011',
  CCHAMP % FINAL_CS(2011), av=['constructor'], note="WCC = World Constructors' Championship.")
H('H3X-VA-04', 'variant', 'driver_career_stats', 'easy', 'checo podium count',
  PODS % DRV('perez'), av=['podiums'], note="'Checo' = Sergio Pérez; Grand Prix podiums.")
H('H3X-VA-05', 'variant', 'circuit_facts', 'medium', 'lewis wins at silverstone',
  CIRC_WINS_DRV % (DRV('hamilton'), CIRC('silverstone')), av=['wins'],
  note='First name only = Lewis Hamilton; every race at Silverstone (British and 70th Anniversary GPs).')
H('H3X-VA-06', 'variant', 'fastest_lap', 'easy', 'fl imola 2005',
  "SELECT " + NAME + " AS driver, r.fastestLapTime FROM results r JOIN races ra ON ra.raceId = r.raceId "
  "JOIN circuits ci ON ci.circuitId = ra.circuitId JOIN drivers d ON d.driverId = r.driverId "
  "WHERE ci.circuitRef = %s AND ra.year = 2005 AND r.rank = 1" % CIRC('imola'), av=['driver'],
  note='fl = fastest lap; Imola = San Marino GP.')
H('H3X-VA-07', 'variant', 'pole_sitter', 'easy', 'polesitter japan 91',
  GPOLE % RACE(1991, 'Japanese Grand Prix'), av=['driver'], note='Two-digit year; before 2003: pole = results.grid = 1.')
H('H3X-VA-08', 'variant', 'race_winner', 'medium', 'qui a gagné le grand prix du canada 1978',
  WIN_BY_RACE % RACE(1978, 'Canadian Grand Prix'), av=['driver'],
  note='French: "who won the 1978 Canadian Grand Prix" (Gilles Villeneuve\'s first win).')
H('H3X-VA-09', 'variant', 'race_winner', 'medium', 'wer hat den großen preis von österreich 1984 gewonnen',
  WIN_BY_RACE % RACE(1984, 'Austrian Grand Prix'), av=['driver'],
  note='German: "who won the 1984 Austrian Grand Prix".')
H('H3X-VA-10', 'variant', 'race_winner', 'medium', 'wie won de grand prix van nederland 2022?',
  WIN_BY_RACE % RACE(2022, 'Dutch Grand Prix'), av=['driver'], note='Dutch: "who won the 2022 Dutch Grand Prix?"')
H('H3X-VA-11', 'variant', 'final_standings', 'medium', 'hulk points 2016',
  "SELECT ds.points, ds.position FROM driver_standings ds WHERE ds.raceId = %s AND ds.driverId = %s"
  % (FINAL_DS(2016), DRV('hulkenberg')), av=['points'], note="'Hulk' = Nico Hülkenberg; final 2016 standings.")
H('H3X-VA-12', 'variant', 'driver_career_stats', 'easy', 'the prof race wins?',
  WINS % DRV('prost'), av=['wins'], note="'The Professor' = Alain Prost.")
H('H3X-VA-13', 'variant', 'driver_career_stats', 'medium', 'schumi poles 2001',
  "SELECT COUNT(*) AS poles FROM results r JOIN races ra ON ra.raceId = r.raceId WHERE ra.year = 2001 AND "
  "r.driverId = %s AND r.grid = 1" % DRV('michael_schumacher'), av=['poles'],
  note="'Schumi' = Michael Schumacher; before 2003 pole = results.grid = 1.")
H('H3X-VA-14', 'variant', 'head_to_head', 'hard', 'VET v WEB quali h2h 2012',
  H2H_QUALI.format(a='vettel', b='webber') % (2012, DRV('vettel'), DRV('webber')),
  av=['vettel_ahead', 'webber_ahead'], note='Driver codes VET/WEB; qualifying head-to-head convention.')
H('H3X-VA-15', 'variant', 'driver_team_history', 'easy', 'who drove for mclaren in 95',
  TEAM_DRIVERS % (1995, CON('mclaren')), av=['driver'], note='Two-digit year (95 = 1995).')
H('H3X-VA-16', 'variant', 'race_podium_topn', 'medium', "podium austrian gp '87",
  TOPN % (RACE(1987, 'Austrian Grand Prix'), 3), av=['driver'], note="'87 = 1987.")
H('H3X-VA-17', 'variant', 'race_winner', 'easy', 'who won in jeddah 23',
  WIN_BY_CIRCUIT % (CIRC('jeddah'), 2023), av=['driver'], note='Jeddah = Saudi Arabian GP; 23 = 2023.')
H('H3X-VA-18', 'variant', 'race_winner', 'easy', 'monaco 1961 winnner',
  WIN_BY_RACE % RACE(1961, 'Monaco Grand Prix'), av=['driver'], note='Typo (winnner).')

# ---- declines (18) ----
D('H3X-DC-01', 'race_winner', 'easy', 'Who won the 2026 Monaco Grand Prix?',
  'Beyond the data: no 2026 races (the data ends at 2025 round 21).')
D('H3X-DC-02', 'sprint_results', 'hard', 'who won the qatar sprint in 2025',
  'races.csv lists the 2025 Qatar GP (round 23) but results stop at round 21 (São Paulo).')
D('H3X-DC-03', 'final_standings', 'hard', "How many points did McLaren finish the 2025 constructors' championship with?",
  'The 2025 season is incomplete in the data (round 21 of 24); the final total is not known.')
D('H3X-DC-04', 'race_winner', 'medium', 'Who won the 1939 Belgian Grand Prix?',
  'Before the World Championship (the data starts in 1950).')
D('H3X-DC-05', 'world_champion', 'medium', 'Who won the 2019 Formula 2 championship?',
  'Formula 2 is not in the data (Formula 1 World Championship only).')
D('H3X-DC-06', 'race_facts', 'medium', 'Which tyres did Max Verstappen start the 2023 Bahrain Grand Prix on?',
  'No tyre data.')
D('H3X-DC-07', 'race_facts', 'easy', 'How humid was it during the 2018 Singapore Grand Prix?',
  'No weather data.')
D('H3X-DC-08', 'driver_facts', 'easy', "What was Michael Schumacher's salary at Ferrari in 2000?", 'No salary data.')
D('H3X-DC-09', 'all_time_leaders', 'easy', 'Who is the most talented driver never to win the championship?',
  'An opinion; the data has no answer.')
D('H3X-DC-10', 'constructor_stats', 'easy', 'Who ran the Brabham team in 1983?', 'No team personnel in the data.')
D('H3X-DC-11', 'constructor_stats', 'medium', 'Which engine maker powered Williams in 1992?',
  "Engine suppliers are not in the data (the constructor is just 'Williams').")
D('H3X-DC-12', 'race_facts', 'medium', 'Why did Max Verstappen get penalties at the 2024 Mexico City Grand Prix?',
  'No penalty reasons in the data.')
D('H3X-DC-13', 'race_facts', 'medium', 'How many DRS passes were made in the 2023 Belgian Grand Prix?',
  'No overtaking or DRS data.')
D('H3X-DC-14', 'race_facts', 'easy', 'What was the crowd figure for the 2022 Australian Grand Prix?',
  'No attendance data.')
D('H3X-DC-15', 'race_facts', 'medium', 'Who was leading on lap 40 of the 2016 Spanish Grand Prix?',
  'No lap-by-lap positions: this load has no lap_times table.')
D('H3X-DC-16', 'fastest_lap', 'medium', "What was Sergio Pérez's lap time on lap 12 of the 2022 Singapore Grand Prix?",
  "No per-lap times (no lap_times table); only each driver's fastest lap is stored.")
D('H3X-DC-17', 'pit_stops', 'hard', 'How long was Lewis Hamilton stationary during his pit stop at the 2022 Hungarian Grand Prix?',
  'pit_stops.duration is pit-lane time (entry to exit), not stationary time.')
D('H3X-DC-18', 'qualifying', 'hard', "What was Niki Lauda's qualifying lap time at the 1975 Monaco Grand Prix?",
  'Qualifying times start in 1994; for 1975 only the grid (results.grid) exists.')


# --------------------------------------------------------------------------
# Checks and build
# --------------------------------------------------------------------------

EXISTING = [os.path.join(HERE, n) for n in ('heldout_fan.jsonl', 'heldout_hard.jsonl',
                                            'heldout2_fan.jsonl', 'heldout2_hard.jsonl')]
QDIR = '/work/shared/questions'


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


def main():
    args = [a for a in sys.argv[1:] if not a.startswith('--')]
    data = args[0] if args else DEFAULT_DATA
    con = load(data)
    check_refs(con)
    for name, recs, hard in (('heldout3_fan.jsonl', FAN, False), ('heldout3_hard.jsonl', HARD, True)):
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
                      '|', o.get('note', '')[-200:] if o.get('kind') == 'near_miss' else '')
        with open(os.path.join(HERE, name), 'w', encoding='utf-8') as fh:
            for o in out:
                fh.write(json.dumps(o, ensure_ascii=False) + '\n')
        print('wrote %s: %d records' % (name, len(out)))


if __name__ == '__main__':
    main()
