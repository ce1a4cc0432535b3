-- Indexes the local engine's queries need; created after the bulk load
-- because building them once is faster than maintaining them per row.
CREATE INDEX races_year_round ON races(year, round);
CREATE INDEX races_circuit ON races(circuitId);
CREATE INDEX results_race ON results(raceId, position);
CREATE INDEX results_driver ON results(driverId);
CREATE INDEX results_constructor ON results(constructorId);
CREATE INDEX sprint_results_race ON sprint_results(raceId);
CREATE INDEX sprint_results_driver ON sprint_results(driverId);
CREATE INDEX qualifying_race ON qualifying(raceId);
CREATE INDEX qualifying_driver ON qualifying(driverId);
CREATE INDEX driver_standings_race ON driver_standings(raceId);
CREATE INDEX driver_standings_driver ON driver_standings(driverId);
CREATE INDEX constructor_standings_race ON constructor_standings(raceId);
CREATE INDEX constructor_standings_constructor ON constructor_standings(constructorId);
CREATE INDEX constructor_results_race ON constructor_results(raceId);
CREATE INDEX drivers_nationality ON drivers(nationality);
