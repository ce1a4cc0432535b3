-- Schema of the F1 database. One table per Ergast CSV file, named as the file,
-- with the CSV header's columns (the gold questions' SQL relies on exactly this).
-- Typed columns matter: SQLite's type affinity turns '1' into 1 so that
-- `position = 1` matches; `\N` is loaded as NULL.

CREATE TABLE seasons (
    year INTEGER PRIMARY KEY,
    url  TEXT
);

CREATE TABLE status (
    statusId INTEGER PRIMARY KEY,
    status   TEXT NOT NULL
);

CREATE TABLE circuits (
    circuitId  INTEGER PRIMARY KEY,
    circuitRef TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    location   TEXT,
    country    TEXT,
    lat        REAL,
    lng        REAL,
    alt        INTEGER,
    url        TEXT
);

CREATE TABLE constructors (
    constructorId  INTEGER PRIMARY KEY,
    constructorRef TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    nationality    TEXT,
    url            TEXT
);

CREATE TABLE drivers (
    driverId    INTEGER PRIMARY KEY,
    driverRef   TEXT NOT NULL UNIQUE,
    number      INTEGER,
    code        TEXT,
    forename    TEXT NOT NULL,
    surname     TEXT NOT NULL,
    dob         TEXT,
    nationality TEXT,
    url         TEXT
);

CREATE TABLE races (
    raceId      INTEGER PRIMARY KEY,
    year        INTEGER NOT NULL REFERENCES seasons(year),
    round       INTEGER NOT NULL,
    circuitId   INTEGER NOT NULL REFERENCES circuits(circuitId),
    name        TEXT NOT NULL,
    date        TEXT NOT NULL,
    time        TEXT,
    url         TEXT,
    fp1_date    TEXT,
    fp1_time    TEXT,
    fp2_date    TEXT,
    fp2_time    TEXT,
    fp3_date    TEXT,
    fp3_time    TEXT,
    quali_date  TEXT,
    quali_time  TEXT,
    sprint_date TEXT,
    sprint_time TEXT,
    UNIQUE (year, round)
);

CREATE TABLE results (
    resultId        INTEGER PRIMARY KEY,
    raceId          INTEGER NOT NULL REFERENCES races(raceId),
    driverId        INTEGER NOT NULL REFERENCES drivers(driverId),
    constructorId   INTEGER NOT NULL REFERENCES constructors(constructorId),
    number          INTEGER,
    grid            INTEGER,
    position        INTEGER,
    positionText    TEXT,
    positionOrder   INTEGER,
    points          REAL,
    laps            INTEGER,
    time            TEXT,
    milliseconds    INTEGER,
    fastestLap      INTEGER,
    rank            INTEGER,
    fastestLapTime  TEXT,
    fastestLapSpeed REAL,
    statusId        INTEGER REFERENCES status(statusId)
);

CREATE TABLE sprint_results (
    resultId       INTEGER PRIMARY KEY,
    raceId         INTEGER NOT NULL REFERENCES races(raceId),
    driverId       INTEGER NOT NULL REFERENCES drivers(driverId),
    constructorId  INTEGER NOT NULL REFERENCES constructors(constructorId),
    number         INTEGER,
    grid           INTEGER,
    position       INTEGER,
    positionText   TEXT,
    positionOrder  INTEGER,
    points         REAL,
    laps           INTEGER,
    time           TEXT,
    milliseconds   INTEGER,
    fastestLap     INTEGER,
    fastestLapTime TEXT,
    statusId       INTEGER REFERENCES status(statusId),
    rank           INTEGER
);

CREATE TABLE qualifying (
    qualifyId     INTEGER PRIMARY KEY,
    raceId        INTEGER NOT NULL REFERENCES races(raceId),
    driverId      INTEGER NOT NULL REFERENCES drivers(driverId),
    constructorId INTEGER NOT NULL REFERENCES constructors(constructorId),
    number        INTEGER,
    position      INTEGER,
    q1            TEXT,
    q2            TEXT,
    q3            TEXT
);

CREATE TABLE pit_stops (
    raceId       INTEGER NOT NULL REFERENCES races(raceId),
    driverId     INTEGER NOT NULL REFERENCES drivers(driverId),
    stop         INTEGER NOT NULL,
    lap          INTEGER NOT NULL,
    time         TEXT,
    duration     TEXT,
    milliseconds INTEGER,
    PRIMARY KEY (raceId, driverId, stop)
);

CREATE TABLE driver_standings (
    driverStandingsId INTEGER PRIMARY KEY,
    raceId            INTEGER NOT NULL REFERENCES races(raceId),
    driverId          INTEGER NOT NULL REFERENCES drivers(driverId),
    points            REAL NOT NULL,
    position          INTEGER,
    positionText      TEXT,
    wins              INTEGER NOT NULL
);

CREATE TABLE constructor_standings (
    constructorStandingsId INTEGER PRIMARY KEY,
    raceId                 INTEGER NOT NULL REFERENCES races(raceId),
    constructorId          INTEGER NOT NULL REFERENCES constructors(constructorId),
    points                 REAL NOT NULL,
    position               INTEGER,
    positionText           TEXT,
    wins                   INTEGER NOT NULL
);

CREATE TABLE constructor_results (
    constructorResultsId INTEGER PRIMARY KEY,
    raceId               INTEGER NOT NULL REFERENCES races(raceId),
    constructorId        INTEGER NOT NULL REFERENCES constructors(constructorId),
    points               REAL,
    status               TEXT
);

-- The four non-Ergast extras keep their header names, spaces turned into
-- underscores ("Date Of Accident" -> Date_Of_Accident).
CREATE TABLE red_flags (
    Race     TEXT NOT NULL,
    Lap      INTEGER,
    Resumed  TEXT,
    Incident TEXT,
    Excluded TEXT
);

CREATE TABLE safety_cars (
    Race      TEXT NOT NULL,
    Cause     TEXT,
    Deployed  INTEGER,
    Retreated REAL,
    FullLaps  INTEGER
);

CREATE TABLE fatal_accidents_drivers (
    Driver           TEXT NOT NULL,
    Age              INTEGER,
    Date_Of_Accident TEXT,
    Event            TEXT,
    Car              TEXT,
    Session          TEXT
);

CREATE TABLE fatal_accidents_marshalls (
    Name             TEXT NOT NULL,
    Age              INTEGER,
    Date_Of_Accident TEXT,
    Event            TEXT
);
