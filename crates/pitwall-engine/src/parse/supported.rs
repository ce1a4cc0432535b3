//! Which typed queries the pipeline answers: a measure it can count for
//! that subject, shape and set of qualifiers. Anything else is left to the
//! other routes (or declined), never answered approximately.

use crate::intents::Stat;
use crate::pick::Loc;
use crate::query::{Counted, Measure, Query, Shape, Sprints, Subject};

/// Whether a parsed query is one the typed pipeline answers: it names a
/// measure it can count for that subject and shape.
pub(crate) fn supported(q: &Query) -> bool {
    let per_result = matches!(q.measure, Measure::Stat(s) if s != Stat::Titles)
        || matches!(q.measure, Measure::Position(_));
    let everyone = matches!(q.subject, Subject::Drivers | Subject::Constructors);
    let f = &q.filters;
    // A count or list over everyone needs a filter that names a group
    // ("Japanese constructors"); "how many wins" alone is not a question.
    let grouped =
        f.team_nationality.is_some() || f.team.is_some() || f.driver_nationality.is_some();
    // A Grand Prix reached from a country's name is not every race held
    // in that country.
    if q.measure == Measure::Held
        && matches!(q.filters.place, Some(Loc::RaceName(_)))
        && !q.filters.place_named_as_gp
    {
        return false;
    }
    if q.with_team && !matches!(q.shape, Shape::First | Shape::Last) {
        return false;
    }
    // A count within one race ("what was X's fastest lap in the 2004
    // Monaco GP") asks for a value, not how many.
    if q.implicit && q.filters.place.is_some() && q.filters.seasons.is_some_and(|s| s.from == s.to)
    {
        return false;
    }
    // The podium of one race ("podium of the 2019 German Grand Prix") is
    // its first three in order, which the race query answers; a ranking
    // by podium count would list them tied at 1, in name order.
    let one_race = f.place.is_some() && f.seasons.is_some_and(|s| s.from == s.to);
    if one_race && everyone && q.measure == Measure::Stat(Stat::Podiums) {
        return false;
    }
    if q.shape == Shape::BestPlaced {
        return q.subject == Subject::Drivers
            && q.filters.team.is_some()
            && q.filters.place.is_some()
            && q.filters.seasons.is_some_and(|s| s.from == s.to)
            && q.measure == Measure::Stat(Stat::Starts);
    }
    // A rookie season is a driver's.
    if f.rookie && q.subject.is_team() {
        return false;
    }
    if q.age && !matches!(q.shape, Shape::First | Shape::Last) {
        return false;
    }
    // A team has no age; a constructors' title is a team's.
    if q.age && q.measure == Measure::Stat(Stat::Titles) && (q.team_title || q.subject.is_team()) {
        return false;
    }
    // Several measures at once: counts for one subject or a pair only.
    if !q.also.is_empty() {
        let all_counts = std::iter::once(&q.measure)
            .chain(&q.also)
            .all(|m| matches!(m, Measure::Stat(_)));
        return all_counts
            && q.shape == Shape::Count
            && !everyone
            && q.filters.sprints == Sprints::Convention;
    }
    // An assumed count is safe only for one named subject or a pair.
    if q.implicit && everyone {
        return false;
    }
    // A value in every season: a per-result count or points, for one or
    // two named drivers or teams, counted by the usual convention.
    if q.shape == Shape::EachSeason {
        return per_result && !everyone && f.sprints == Sprints::Convention;
    }
    if let Subject::Pair(..) | Subject::TeamPair(..) = q.subject {
        if q.shape != Shape::Count {
            return false;
        }
        // Titles are checked by their own rules below ("who has more
        // titles, Prost or Senna").
        if q.measure != Measure::Stat(Stat::Titles) {
            let averaged = matches!(q.measure, Measure::AverageFinish | Measure::PointsPerStart);
            return per_result || averaged;
        }
    }
    let only_races = f.team.is_none()
        && f.teammate.is_none()
        && !f.from_pole
        && !f.rookie
        && f.team_nationality.is_none()
        && f.driver_nationality.is_none()
        && f.never.is_none()
        && matches!(f.sprints, Sprints::Convention | Sprints::Only);
    match q.measure {
        Measure::Held => {
            only_races
                && matches!(
                    q.shape,
                    Shape::Count
                        | Shape::Years
                        | Shape::Races
                        | Shape::First
                        | Shape::Last
                        | Shape::Distinct(Counted::Circuits)
                )
        }
        Measure::Stat(Stat::Titles) => {
            let plain = f.place.is_none()
                && f.month.is_none()
                && f.teammate.is_none()
                && !f.from_pole
                && !f.rookie
                && f.never.is_none()
                && f.sprints == Sprints::Convention;
            let who = match q.subject {
                Subject::Driver(_) => !q.team_title,
                Subject::Constructor(_) => f.team.is_none(),
                _ => true,
            };
            plain
                && who
                && match q.shape {
                    Shape::Count | Shape::Years => !everyone || grouped,
                    // "Top 3 of the 2023 championship" is the standings,
                    // not a count of titles in one season.
                    Shape::Leaders(_) => f.seasons.is_none_or(|s| s.from < s.to),
                    Shape::First | Shape::Last | Shape::Streak => true,
                    Shape::Distinct(c) => c != Counted::Circuits,
                    _ => false,
                }
        }
        Measure::OneTwo => !everyone || matches!(q.shape, Shape::Leaders(_)),
        Measure::Seasons => matches!(q.subject, Subject::Driver(_)) && q.shape == Shape::Count,
        // Averages: for named drivers or teams, as one value each.
        Measure::AverageFinish | Measure::PointsPerStart => {
            q.shape == Shape::Count && !everyone && q.filters.sprints == Sprints::Convention
        }
        Measure::Stat(_) | Measure::Position(_) => match q.shape {
            Shape::Count | Shape::Years | Shape::Races | Shape::BestSeason => !everyone || grouped,
            Shape::Streak => matches!(q.subject, Subject::Driver(_) | Subject::Drivers),
            Shape::Youngest | Shape::Oldest => q.subject == Subject::Drivers,
            _ => per_result,
        },
    }
}
