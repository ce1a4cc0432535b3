//! A typed [`Query`] to parameterised SQL. Every qualifier is one `WHERE`
//! condition over the same row source (`x`: one result row, `ra` its race),
//! so qualifiers compose with every measure and shape. Column layout per
//! shape is fixed (see [`compile`]) so `phrase` can read the rows.

mod calendar;
mod circuit;
mod derived;
mod driver;
mod each;
mod filters;
mod flags;
mod head_to_head;
mod laps;
mod pits;
mod place;
mod quali;
pub(crate) mod race;
mod race_detail;
mod race_sql;
mod races;
mod rate;
mod record;
mod roster;
mod runs;
mod season;
mod series;
mod standings;
pub(crate) mod stats;
mod status;
mod table;
mod titles;

pub(crate) use self::{
    calendar::calendar,
    circuit::circuit,
    driver::{birth, driver_facts},
    each::compile_each,
    flags::flags,
    head_to_head::head_to_head,
    laps::laps,
    pits::pits,
    place::place_query,
    quali::quali,
    race_detail::race_detail,
    rate::rate,
    record::record,
    roster::{roster, teams_of},
    season::season,
    series::series,
    status::{status, status_list_size},
    table::table,
    titles::finals_cte,
};

use filters::{qualifiers, Where};
use serde_json::{json, Value};

use crate::intents::{Stat, DRIVER_NAME};

use crate::query::{Measure, Query, Shape, Sprints, Subject};

/// SQL and its parameters, in placeholder order.
pub(crate) struct Compiled {
    /// The statement.
    pub sql: String,
    /// Values for its `?` placeholders.
    pub params: Vec<Value>,
}

/// Grand Prix and sprint results as one row source, for "counting sprint
/// wins" and for points (career points include sprint points).
const WITH_SPRINTS: &str = "(SELECT raceId, driverId, constructorId, grid, position, positionText, points, rank FROM results \
     UNION ALL SELECT raceId, driverId, constructorId, grid, position, positionText, points, NULL FROM sprint_results)";

/// Sprint results alone, shaped like `results`.
const SPRINTS_ONLY: &str = "(SELECT raceId, driverId, constructorId, grid, position, positionText, points, NULL AS rank FROM sprint_results)";

/// The row condition of a per-result statistic on `x`.
fn stat_cond(stat: Stat) -> &'static str {
    match stat {
        Stat::Wins => "x.position = 1",
        Stat::Poles => "x.grid = 1",
        Stat::Podiums => "x.position <= 3",
        Stat::FastestLaps => "x.rank = 1",
        Stat::Dnfs => "x.positionText = 'R'",
        Stat::Starts | Stat::Points | Stat::Titles => "x.positionText NOT IN ('F', 'W')",
    }
}

/// The `agg_driver_dates` / `agg_driver_runs` measure of a stat's age and
/// streak records (points: a points finish, as `x.points > 0` there).
fn dates_measure(stat: Stat) -> &'static str {
    match stat {
        Stat::Wins => "win",
        Stat::Poles => "pole",
        Stat::Podiums => "podium",
        Stat::FastestLaps => "fastest_lap",
        Stat::Dnfs => "dnf",
        Stat::Points => "points",
        Stat::Starts | Stat::Titles => "start",
    }
}

/// Rows a list of races shows (the engine's tables hold 50); the `total`
/// column says how many there are in all, so a long list is never shown as
/// if it were complete.
const LIST_ROWS: usize = 50;

/// Result rows with their race, circuit, constructor and driver.
const FROM_RESULTS: &str = "FROM results x JOIN races ra ON ra.raceId = x.raceId \
     JOIN circuits ci ON ci.circuitId = ra.circuitId \
     JOIN constructors c ON c.constructorId = x.constructorId \
     JOIN drivers d ON d.driverId = x.driverId";

/// The counted value over the filtered rows: constructors count races
/// (two cars on one podium are one podium race only for wins, poles and
/// fastest laps; see the README conventions), drivers count rows.
fn value(measure: Measure, team: bool) -> String {
    match measure {
        Measure::Stat(Stat::Points) => "SUM(x.points)".into(),
        Measure::Stat(Stat::Wins | Stat::Poles | Stat::FastestLaps) if team => {
            "COUNT(DISTINCT x.raceId)".into()
        }
        Measure::Seasons => "COUNT(DISTINCT ra.year)".into(),
        Measure::AverageFinish => "ROUND(AVG(x.position), 2)".into(),
        Measure::PointsPerStart => "ROUND(SUM(x.points) * 1.0 / COUNT(*), 2)".into(),
        _ => "COUNT(*)".into(),
    }
}

/// A started race (not a failure to qualify or a withdrawal).
const STARTED: &str = "x.positionText NOT IN ('F', 'W')";

/// A per-season value over every start: the measure's condition moves
/// into the aggregate. Constructors count a race once for wins, poles and
/// fastest laps, as `value` does.
fn each_value(measure: Measure, team: bool, cond: &str) -> String {
    match measure {
        Measure::Stat(Stat::Points) => "COALESCE(SUM(x.points), 0)".into(),
        Measure::Stat(Stat::Wins | Stat::Poles | Stat::FastestLaps) if team => {
            format!("COUNT(DISTINCT CASE WHEN {cond} THEN x.raceId END)")
        }
        _ => format!("SUM(CASE WHEN {cond} THEN 1 ELSE 0 END)"),
    }
}

/// Compiles a per-result query (not titles, not one-twos: see
/// `races::one_two`). Columns by shape: Count/Distinct `(value)`;
/// Leaders `(name, value)`; Years and BestSeason `(year, value)`; Races
/// `(year, race, date)`; First/Last `(race, year, date, driver)`.
pub(crate) fn compile(
    q: &Query,
    last_complete: i64,
    circuit_ref: impl Fn(i64) -> String,
) -> Compiled {
    if q.measure == Measure::Stat(Stat::Titles) {
        return titles::titles(q, last_complete);
    }
    if let (Measure::Stat(stat), Shape::Streak) = (q.measure, q.shape) {
        // A run of points finishes counts races with points, not starts.
        let cond = if stat == Stat::Points {
            "x.points > 0"
        } else {
            stat_cond(stat)
        };
        return runs::streak(q, cond, dates_measure(stat), circuit_ref);
    }
    if let (Measure::Stat(stat), Shape::Youngest | Shape::Oldest) = (q.measure, q.shape) {
        // "Youngest to score points": a points finish, not a start.
        let cond = if stat == Stat::Points {
            "x.points > 0"
        } else {
            stat_cond(stat)
        };
        return runs::age(q, cond, dates_measure(stat), circuit_ref);
    }
    // "How many different drivers scored points": drivers with a points
    // finish, not every starter (a sum has no row condition of its own).
    if let (Measure::Stat(Stat::Points), Shape::Distinct(_)) = (q.measure, q.shape) {
        return compile_rows(q, "x.points > 0", circuit_ref);
    }
    if standings::applies(q) {
        return standings::season_points(q);
    }
    if q.measure == Measure::OneTwo {
        return races::one_two(q, circuit_ref);
    }
    if q.measure == Measure::Held {
        return races::held(q, circuit_ref);
    }
    match q.measure {
        Measure::AverageFinish => return compile_rows(q, "x.position IS NOT NULL", circuit_ref),
        Measure::PointsPerStart => {
            return compile_rows(q, "x.positionText NOT IN ('F', 'W')", circuit_ref);
        }
        _ => {}
    }
    if let Measure::Position(n) = q.measure {
        // A literal small integer from the parse, never user text.
        return compile_rows(q, &format!("x.position = {n}"), circuit_ref);
    }
    let Measure::Stat(stat) = q.measure else {
        return compile_rows(q, "x.positionText NOT IN ('F', 'W')", circuit_ref);
    };
    // Counts and rankings the import precomputed: no scan of `results`.
    if let Some(compiled) = derived::compile(q, &circuit_ref) {
        return compiled;
    }
    compile_rows(q, stat_cond(stat), circuit_ref)
}

fn compile_rows(q: &Query, cond: &str, circuit_ref: impl Fn(i64) -> String) -> Compiled {
    let f = &q.filters;
    let source = match (q.measure, f.sprints) {
        (_, Sprints::Only) => SPRINTS_ONLY,
        (Measure::Stat(Stat::Points), Sprints::Excluded) => "results",
        (Measure::Stat(Stat::Points), _) | (_, Sprints::Included) => WITH_SPRINTS,
        _ => "results",
    };
    let from = format!(
        "FROM {source} x JOIN races ra ON ra.raceId = x.raceId \
         JOIN circuits ci ON ci.circuitId = ra.circuitId \
         JOIN constructors c ON c.constructorId = x.constructorId \
         JOIN drivers d ON d.driverId = x.driverId"
    );
    let mut w = Where::default();
    // A value in every season counts over every start, the measure's own
    // condition inside the aggregate (so a season without one reads 0).
    let each = q.shape == Shape::EachSeason;
    // Points are summed over every row, except when counting who scored.
    let summed = q.measure == Measure::Stat(Stat::Points) && !matches!(q.shape, Shape::Distinct(_));
    if !summed {
        w.add(if each { STARTED } else { cond }, []);
    }
    match q.subject {
        Subject::Driver(id) => w.add("x.driverId = ?", [json!(id)]),
        Subject::Constructor(id) => w.add("x.constructorId = ?", [json!(id)]),
        Subject::Pair(a, b) => w.add("x.driverId IN (?, ?)", [json!(a), json!(b)]),
        Subject::TeamPair(a, b) => w.add("x.constructorId IN (?, ?)", [json!(a), json!(b)]),
        Subject::Drivers | Subject::Constructors => {}
    }
    qualifiers(f, &mut w, circuit_ref);
    let team = q.subject.is_team();
    let v = if each {
        each_value(q.measure, team, cond)
    } else {
        value(q.measure, team)
    };
    let (name, key) = if team {
        ("c.name", "x.constructorId")
    } else {
        (DRIVER_NAME, "x.driverId")
    };
    let label = q.measure.words().replace([' ', '(', ')', '-'], "_");
    let wh = w.sql();
    // First/Last rows: age is column 4 (NULL unless asked), team column 5.
    let age = if q.age {
        format!(", {} AS age", runs::AGE_YEARS)
    } else {
        ", NULL AS age".to_string()
    };
    let sql = match q.shape {
        Shape::Count if matches!(q.subject, Subject::Pair(..) | Subject::TeamPair(..)) => format!(
            "SELECT {name} AS name, {v} AS {label} {from}{wh} GROUP BY {key} ORDER BY {label} DESC, name"
        ),
        Shape::Count => format!("SELECT {v} AS {label} {from}{wh}"),
        Shape::Distinct(counted) => {
            format!("SELECT COUNT(DISTINCT {}) AS count {from}{wh}", counted.column())
        }
        Shape::Leaders(n) => format!(
            "SELECT {name} AS name, {v} AS {label} {from}{wh} GROUP BY {key} \
             HAVING {v} > 0 ORDER BY {label} DESC, name LIMIT {}",
            n + 10
        ),
        Shape::Years => format!(
            "SELECT ra.year, {v} AS {label} {from}{wh} GROUP BY ra.year ORDER BY ra.year"
        ),
        Shape::EachSeason if matches!(q.subject, Subject::Pair(..) | Subject::TeamPair(..)) => {
            format!(
                "SELECT ra.year, {name} AS name, {v} AS {label} {from}{wh} \
                 GROUP BY ra.year, {key} ORDER BY ra.year, name"
            )
        }
        Shape::EachSeason => format!(
            "SELECT ra.year, {v} AS {label} {from}{wh} GROUP BY ra.year ORDER BY ra.year"
        ),
        Shape::BestSeason => format!(
            "SELECT ra.year, {v} AS {label} {from}{wh} GROUP BY ra.year \
             ORDER BY {label} DESC, ra.year LIMIT 10"
        ),
        Shape::Races => format!(
            "SELECT ra.year, ra.name AS race, ra.date, COUNT(*) OVER () AS total {from}{wh} GROUP BY ra.raceId ORDER BY ra.date LIMIT {LIST_ROWS}"
        ),
        Shape::First | Shape::Last => {
            let dir = if q.shape == Shape::First { "ASC" } else { "DESC" };
            format!(
                "SELECT ra.name AS race, ra.year, ra.date, {DRIVER_NAME} AS driver{age}, c.name AS team \
                 {from}{wh} ORDER BY ra.date {dir}, x.position LIMIT 1"
            )
        }
        Shape::BestPlaced => format!(
            "SELECT {DRIVER_NAME} AS name, x.positionOrder, x.positionText, ra.name AS race, ra.year \
             {from}{wh} ORDER BY x.positionOrder LIMIT 1"
        ),
        Shape::Streak | Shape::Youngest | Shape::Oldest => format!("SELECT {v} AS {label} {from}{wh}"),
    };
    Compiled {
        sql,
        params: w.params,
    }
}
