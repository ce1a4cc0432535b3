//! Who a counting question is about: one driver or team, two compared,
//! a driver and his teammate, or everyone (of a nationality, of a team).

use super::take;
use crate::intents::Ctx;
use crate::query::{Filters, Shape, Subject};

/// Words that ask for a teammate relation between the two drivers named.
const TEAMMATE: &[&str] = &[
    "was his teammate",
    "was his team mate",
    "were teammates",
    "as his teammate",
    "teammate",
    "team mate",
    "teammates",
    "alongside",
];

/// Words that ask which of two drivers has more.
const COMPARING: &[&str] = &[
    "who won more",
    "who has more",
    "who had more",
    "who scored more",
    "who took more",
    "more",
    "compare",
    "compared",
    "versus",
    "vs",
    "v",
    "or",
    "than",
    "between",
];

/// Phrases naming the drivers' championship.
#[rustfmt::skip]
pub(super) const DRIVERS_TITLE: &[&str] = &[
    "drivers championship", "drivers championships", "drivers title", "drivers titles",
    "drivers world championship", "wdc", "wdcs",
];

/// Who the question is about. A team named beside "driver(s)" or the
/// drivers' title ("the last Ferrari driver to win the title") asks about
/// the team's drivers, not the team: its titles, podiums and points are
/// not the drivers' ones.
pub(super) fn subject(
    ctx: &Ctx,
    filters: &mut Filters,
    shape: Shape,
    drivers_title: bool,
) -> Option<Subject> {
    let r = ctx.r;
    let team = r
        .constructors
        .first()
        .map(|c| (c.entity.id, c.entity.name.clone()));
    if let [a, b] = r.constructors.as_slice() {
        let compared = matches!(shape, Shape::Count | Shape::EachSeason);
        if !r.drivers.is_empty() || !compared || !take(ctx, COMPARING) {
            return None;
        }
        while take(ctx, COMPARING) {}
        take(
            ctx,
            &[
                "which team",
                "which constructor",
                "team",
                "constructor",
                "teams",
                "constructors",
            ],
        );
        return Some(Subject::TeamPair(a.entity.id, b.entity.id));
    }
    match r.drivers.as_slice() {
        [one, other]
            if matches!(shape, Shape::Count | Shape::EachSeason) && take(ctx, COMPARING) =>
        {
            while take(ctx, COMPARING) {}
            filters.team = team;
            Some(Subject::Pair(one.entity.id, other.entity.id))
        }
        [one, mate] => {
            if !take(ctx, TEAMMATE) {
                return None;
            }
            take(ctx, &["while", "as", "when"]);
            filters.teammate = Some((mate.entity.id, mate.entity.name.clone()));
            filters.team = team;
            Some(Subject::Driver(one.entity.id))
        }
        [one] => {
            filters.team = team;
            take(
                ctx,
                &["w", "driving for", "racing for", "raced for", "drove for"],
            );
            Some(Subject::Driver(one.entity.id))
        }
        [] => {
            let wants_drivers = (matches!(shape, Shape::Leaders(_) | Shape::BestPlaced)
                && (take(ctx, &["driver", "drivers"])
                    || ctx.r.parsed.words.first().is_some_and(|w| w == "who")))
                || (team.is_some() && (drivers_title || take(ctx, &["driver", "drivers"])));
            if let (Some(team), false) = (team.clone(), wants_drivers) {
                return Some(Subject::Constructor(team.0));
            }
            filters.team = team;
            if wants_drivers {
                if let Some(nat) = ctx.nationality() {
                    filters.driver_nationality = Some(nat);
                }
                return Some(Subject::Drivers);
            }
            if filters.team_nationality.is_some() {
                return Some(Subject::Constructors);
            }
            if take(ctx, &["constructor", "constructors", "team", "teams"]) {
                return Some(Subject::Constructors);
            }
            if let Some(nat) = ctx.nationality() {
                filters.driver_nationality = Some(nat);
            }
            take(ctx, &["driver", "drivers"]);
            Some(Subject::Drivers)
        }
        _ => None,
    }
}
