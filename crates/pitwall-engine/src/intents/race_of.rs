//! The race a question names: a season and a place, a season and a round
//! (both must agree when both are given), the season's first or final
//! race, or the Nth World Championship race; or the refusal saying why
//! there is no one such race.

use super::Ctx;
use crate::index::RaceInfo;
use crate::pick::Loc;
use crate::Outcome;

/// Words naming a season's last race.
pub(crate) const FINAL_RACE: &[&str] = &[
    "season finale",
    "final race",
    "last race",
    "final round",
    "last round",
    "final grand prix",
    "last grand prix",
    "finale",
];

/// Words naming a season's first race ("first race" itself is the typed
/// route's: the first race with a result of a driver or team).
pub(crate) const FIRST_RACE: &[&str] = &[
    "season opener",
    "opening race",
    "opening round",
    "opening grand prix",
    "opener",
];

impl<'a> Ctx<'a> {
    /// Races of `year` at the named place (Grand Prix name, circuit or country).
    pub fn races_at(&self, year: i64, loc: &Loc) -> Vec<&'a RaceInfo> {
        let idx = self.idx;
        let countries = match loc {
            Loc::Country(c) => idx.country_spellings(c),
            _ => Vec::new(),
        };
        idx.races
            .iter()
            .filter(|r| r.year == year)
            .filter(|r| match loc {
                Loc::Circuit(c) => r.circuit_id == *c,
                Loc::RaceName(n) => &r.name == n,
                Loc::Country(_) => idx
                    .circuits
                    .get(&r.circuit_id)
                    .is_some_and(|ci| countries.contains(&ci.country)),
            })
            .collect()
    }

    /// The one race a question is about (season + place, or season + round),
    /// or the refusal explaining why there is none.
    pub fn the_race(&self) -> Result<&'a RaceInfo, Box<Outcome>> {
        if let Some(n) = self.r.parsed.race_nth {
            return self.nth_race(n);
        }
        let Some(year) = self.year() else {
            return Err(Box::new(self.refuse(
                "Which season? Add the year, e.g. \"the 2019 Monaco Grand Prix\".",
            )));
        };
        let races: Vec<&RaceInfo> = if let Some(loc) = self.r.locs.first() {
            let at = self.races_at(year, &loc.loc);
            // A round named beside the place must be a race there: "after
            // round 20 of 2021 at Silverstone" names two different races,
            // and answering either one answers a different question.
            match self.r.parsed.rounds.first() {
                Some(round) if !at.is_empty() && at.iter().all(|r| r.round != *round) => {
                    let named = self.idx.race(year, *round).map_or_else(
                        || "not in the data".to_string(),
                        |r| format!("the {}", r.name),
                    );
                    return Err(Box::new(self.refuse(&format!(
                        "Round {round} of {year} was {named}, not a race at {}; which race did you mean?",
                        loc.entity.name
                    ))));
                }
                Some(round) => at.into_iter().filter(|r| r.round == *round).collect(),
                None => at,
            }
        } else if let Some(round) = self.r.parsed.rounds.first() {
            self.idx.race(year, *round).into_iter().collect()
        } else if self.any(FIRST_RACE) {
            let first = self
                .idx
                .races
                .iter()
                .filter(|r| r.year == year)
                .min_by_key(|r| r.round);
            first.into_iter().collect()
        } else if self.any(FINAL_RACE) {
            // The season's last race, only once the season is complete in
            // the data: otherwise the data's last race is not the final one.
            if year >= self.idx.last_year && year > self.idx.last_complete_season {
                return Err(Box::new(self.refuse(&format!(
                    "The data runs to round {} of {year}; the season's final race is not in it.",
                    self.idx.last_round
                ))));
            }
            let last = self
                .idx
                .races
                .iter()
                .filter(|r| r.year == year)
                .max_by_key(|r| r.round);
            last.into_iter().collect()
        } else {
            return Err(Box::new(self.refuse(
                "Which race? Name the Grand Prix or circuit, e.g. \"the 2019 Monaco Grand Prix\".",
            )));
        };
        match races.as_slice() {
            [] => Err(Box::new(
                self.refuse(&format!("I found no such race in {year}.")),
            )),
            [one] if !one.has_results => Err(Box::new(self.refuse(&format!(
                "The {} {} has no results in the data (it runs to {} round {}).",
                one.year, one.name, self.idx.last_year, self.idx.last_round
            )))),
            [one] => Ok(one),
            many => {
                let names: Vec<String> = many
                    .iter()
                    .map(|r| format!("the {} {}", r.year, r.name))
                    .collect();
                Err(Box::new(self.refuse(&format!(
                    "That place held several races that season: {}. Which one?",
                    names.join(", ")
                ))))
            }
        }
    }

    /// The Nth World Championship race of all, in date order (the index
    /// keeps races by season and round, which is date order).
    fn nth_race(&self, n: i64) -> Result<&'a RaceInfo, Box<Outcome>> {
        let mut races: Vec<&RaceInfo> = self.idx.races.iter().collect();
        races.sort_by_key(|r| (r.year, r.round));
        let found = usize::try_from(n - 1)
            .ok()
            .and_then(|at| races.get(at).copied());
        match found {
            Some(race) if race.has_results => Ok(race),
            _ => Err(Box::new(self.refuse(&format!(
                "The data has {} World Championship races with results; there is no race number {n}.",
                races.iter().filter(|r| r.has_results).count()
            )))),
        }
    }
}
