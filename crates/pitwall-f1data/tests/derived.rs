//! The derived aggregate tables (`derived.sql`): every figure of a sample of
//! drivers and constructors equals a direct scan of `results`,
//! `sprint_results` and the standings, written independently of the build
//! SQL; totals add up; and a re-import rebuilds them with the data.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use common::{dump_dir, fixture, real_db};
use pitwall_f1data::{import_dir, F1Db, ImportOptions, DERIVED_TABLES};
use rusqlite::types::Value;
use rusqlite::Connection;

/// Counted columns and their condition on `results r`; `true` when a
/// constructor counts distinct races rather than rows.
const COUNTS: [(&str, &str, bool); 9] = [
    ("entries", "1 = 1", false),
    ("starts", "r.positionText NOT IN ('F', 'W')", false),
    ("start_races", "r.positionText NOT IN ('F', 'W')", true),
    ("wins", "r.position = 1", true),
    ("podiums", "r.position <= 3", false),
    ("poles", "r.grid = 1", true),
    ("fastest_laps", "r.rank = 1", true),
    ("dnfs", "r.positionText = 'R'", false),
    ("dnf_races", "r.positionText = 'R'", true),
];

/// The last complete season of the real dump (2025 stops at round 21).
const LAST_COMPLETE: i64 = 2024;

/// Who is counted: drivers or constructors.
struct Kind {
    key: &'static str,
    prefix: &'static str,
    standings: &'static str,
    teams: bool,
}

const DRIVERS: Kind = Kind {
    key: "driverId",
    prefix: "agg_driver",
    standings: "driver_standings",
    teams: false,
};
const CONSTRUCTORS: Kind = Kind {
    key: "constructorId",
    prefix: "agg_constructor",
    standings: "constructor_standings",
    teams: true,
};

fn counted(kind: &Kind) -> Vec<(&'static str, &'static str, bool)> {
    COUNTS
        .iter()
        .filter(|(col, _, _)| kind.teams || !col.ends_with("_races"))
        .copied()
        .collect()
}

/// Every figure of one entity in one scope (`ra.year = ?2`, say), by a
/// direct scan. Columns in the order of `derived_row`.
fn direct_row(conn: &Connection, kind: &Kind, id: i64, scope: &str, value: &Value) -> Vec<Value> {
    let mut cols: Vec<String> = counted(kind)
        .into_iter()
        .map(|(_, cond, distinct)| {
            if distinct && kind.teams {
                format!("(SELECT COUNT(DISTINCT r.raceId) FROM results r LEFT JOIN races ra ON ra.raceId = r.raceId WHERE r.{} = ?1 AND {scope} AND {cond})", kind.key)
            } else {
                format!("(SELECT COUNT(*) FROM results r LEFT JOIN races ra ON ra.raceId = r.raceId WHERE r.{} = ?1 AND {scope} AND {cond})", kind.key)
            }
        })
        .collect();
    for table in ["results", "sprint_results"] {
        cols.push(format!(
            "(SELECT SUM(r.points) FROM {table} r LEFT JOIN races ra ON ra.raceId = r.raceId WHERE r.{} = ?1 AND {scope})",
            kind.key
        ));
    }
    cols.push(format!(
        "(SELECT SUM(p) FROM (SELECT r.points AS p FROM results r LEFT JOIN races ra ON ra.raceId = r.raceId \
         WHERE r.{key} = ?1 AND {scope} UNION ALL SELECT r.points FROM sprint_results r LEFT JOIN races ra \
         ON ra.raceId = r.raceId WHERE r.{key} = ?1 AND {scope}))",
        key = kind.key
    ));
    let sql = format!("SELECT {}", cols.join(", "));
    let mut stmt = conn.prepare_cached(&sql).unwrap();
    let n = stmt.column_count();
    stmt.query_row(rusqlite::params![id, value], |r| {
        (0..n).map(|i| r.get::<_, Value>(i)).collect()
    })
    .unwrap()
}

/// The same figures read from a derived table.
fn derived_row(
    conn: &Connection,
    kind: &Kind,
    table: &str,
    id: i64,
    filter: &str,
    value: &Value,
) -> Option<Vec<Value>> {
    let mut cols: Vec<&str> = counted(kind).into_iter().map(|(c, _, _)| c).collect();
    cols.extend(["gp_points", "sprint_points", "points"]);
    let sql = format!(
        "SELECT {} FROM {table} WHERE {} = ?1 AND {filter}",
        cols.join(", "),
        kind.key
    );
    let mut stmt = conn.prepare_cached(&sql).unwrap();
    let n = stmt.column_count();
    let mut rows = stmt.query(rusqlite::params![id, value]).unwrap();
    rows.next()
        .unwrap()
        .map(|r| (0..n).map(|i| r.get::<_, Value>(i).unwrap()).collect())
}

/// Sorted distinct values of `expr` over the entity's result and sprint rows.
fn scopes(conn: &Connection, kind: &Kind, id: i64, expr: &str) -> Vec<i64> {
    let sql = format!(
        "SELECT DISTINCT {expr} FROM (SELECT raceId, {key} FROM results UNION ALL SELECT raceId, {key} FROM sprint_results) r \
         JOIN races ra ON ra.raceId = r.raceId WHERE r.{key} = ?1 ORDER BY 1",
        key = kind.key
    );
    let mut stmt = conn.prepare(&sql).unwrap();
    let rows = stmt.query_map([id], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

fn ids(conn: &Connection, sql: &str) -> Vec<i64> {
    let mut stmt = conn.prepare(sql).unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(Result::unwrap).collect()
}

/// Compares career, every season and every circuit of one entity; returns
/// how many rows were compared.
fn check_entity(conn: &Connection, kind: &Kind, id: i64) -> usize {
    let career = format!("{}_career", kind.prefix);
    let all = Value::Integer(1);
    let want = direct_row(conn, kind, id, "?2 = 1", &all);
    let got = derived_row(conn, kind, &career, id, "?2 = 1", &all);
    assert_eq!(got.as_ref(), Some(&want), "{career} {}={id}", kind.key);
    let mut compared = 1;
    for (scope, expr, table) in [
        ("year", "ra.year", format!("{}_season", kind.prefix)),
        (
            "circuitId",
            "ra.circuitId",
            format!("{}_circuit", kind.prefix),
        ),
    ] {
        let keys = scopes(conn, kind, id, expr);
        let mut stored = ids(
            conn,
            &format!(
                "SELECT {scope} FROM {table} WHERE {} = {id} ORDER BY 1",
                kind.key
            ),
        );
        stored.dedup();
        assert_eq!(stored, keys, "{table} {}={id}: which rows exist", kind.key);
        for k in keys {
            let v = Value::Integer(k);
            let want = direct_row(conn, kind, id, &format!("{expr} = ?2"), &v);
            let got = derived_row(conn, kind, &table, id, &format!("{scope} = ?2"), &v);
            assert_eq!(
                got.as_ref(),
                Some(&want),
                "{table} {}={id} {scope}={k}",
                kind.key
            );
            compared += 1;
        }
    }
    // Titles: final-round leader of each complete season, found here by the
    // season's last round with standings, not by the build's join.
    let direct_titles: i64 = conn
        .query_row(
            &format!(
                "SELECT COUNT(*) FROM {st} s JOIN races ra ON ra.raceId = s.raceId \
                 WHERE s.{key} = ?1 AND s.position = 1 AND ra.year <= ?2 AND ra.round = \
                 (SELECT MAX(r2.round) FROM races r2 WHERE r2.year = ra.year \
                  AND EXISTS (SELECT 1 FROM {st} s2 WHERE s2.raceId = r2.raceId))",
                st = kind.standings,
                key = kind.key
            ),
            rusqlite::params![id, LAST_COMPLETE],
            |r| r.get(0),
        )
        .unwrap();
    let (titles, listed): (i64, i64) = conn
        .query_row(
            &format!(
                "SELECT titles, (SELECT COUNT(*) FROM {p}_titles t WHERE t.{key} = c.{key}) FROM {p}_career c WHERE c.{key} = ?1",
                p = kind.prefix,
                key = kind.key
            ),
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (titles, listed),
        (direct_titles, direct_titles),
        "titles {}={id}",
        kind.key
    );
    compared
}

#[test]
fn derived_figures_equal_direct_scans_for_a_sample() {
    let conn = Connection::open(&real_db().path).unwrap();
    let drivers = ids(
        &conn,
        "SELECT driverId FROM drivers WHERE driverRef IN ('hamilton', 'michael_schumacher', 'max_verstappen', \
         'alonso', 'vettel', 'prost', 'senna', 'fangio', 'ascari', 'raikkonen', 'norris', 'piastri', 'clark', \
         'lauda', 'hill', 'damon_hill', 'perez', 'leclerc', 'button', 'moss') OR driverId % 41 = 0 ORDER BY driverId",
    );
    let constructors = ids(
        &conn,
        "SELECT constructorId FROM constructors WHERE constructorRef IN ('ferrari', 'mclaren', 'williams', \
         'red_bull', 'mercedes', 'brawn', 'team_lotus', 'maserati', 'alfa', 'cooper', 'tyrrell', 'benetton', \
         'renault', 'alpine') OR constructorId % 17 = 0 ORDER BY constructorId",
    );
    assert!(drivers.len() > 35 && constructors.len() > 20);
    let mut compared = 0;
    for id in drivers {
        compared += check_entity(&conn, &DRIVERS, id);
    }
    for id in constructors {
        compared += check_entity(&conn, &CONSTRUCTORS, id);
    }
    assert!(compared > 1_000, "only {compared} rows compared");
}

#[test]
fn derived_totals_add_up_and_known_figures_hold() {
    let conn = Connection::open(&real_db().path).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    let results = one("SELECT COUNT(*) FROM results");
    for table in [
        "agg_driver_career",
        "agg_driver_season",
        "agg_driver_circuit",
        "agg_constructor_career",
        "agg_constructor_season",
        "agg_constructor_circuit",
    ] {
        assert_eq!(
            one(&format!("SELECT SUM(entries) FROM {table}")),
            results,
            "{table}"
        );
    }
    assert_eq!(
        one("SELECT COUNT(*) FROM agg_driver_career"),
        one("SELECT COUNT(DISTINCT driverId) FROM (SELECT driverId FROM results UNION SELECT driverId FROM sprint_results)")
    );
    // One champion per complete season: drivers from 1950, constructors from 1958.
    assert_eq!(
        one("SELECT COUNT(DISTINCT year) FROM agg_driver_titles"),
        LAST_COMPLETE - 1949
    );
    assert_eq!(
        one("SELECT MAX(year) FROM agg_driver_titles"),
        LAST_COMPLETE
    );
    assert_eq!(one("SELECT MIN(year) FROM agg_constructor_titles"), 1958);
    let figure =
        |sql: &str, r#ref: &str| -> i64 { conn.query_row(sql, [r#ref], |r| r.get(0)).unwrap() };
    let driver =
        "SELECT {} FROM agg_driver_career c JOIN drivers d USING (driverId) WHERE d.driverRef = ?1";
    assert_eq!(figure(&driver.replace("{}", "titles"), "hamilton"), 7);
    assert_eq!(
        figure(&driver.replace("{}", "titles"), "michael_schumacher"),
        7
    );
    assert_eq!(figure(&driver.replace("{}", "wins"), "hamilton"), 105);
    assert_eq!(figure(&driver.replace("{}", "titles"), "max_verstappen"), 4);
    let team = "SELECT {} FROM agg_constructor_career c JOIN constructors t USING (constructorId) WHERE t.constructorRef = ?1";
    assert_eq!(figure(&team.replace("{}", "titles"), "ferrari"), 16);
}

/// Plans of the engine's typical aggregate reads: an index, never a scan.
#[test]
fn leader_reads_use_the_derived_indexes() {
    let conn = Connection::open(&real_db().path).unwrap();
    for sql in [
        // `+x` keeps the planner from filtering by a range of the index it
        // should read in order.
        "SELECT driverId FROM agg_driver_career x WHERE +x.wins > 0 ORDER BY wins DESC, driverId LIMIT 5",
        "SELECT driverId FROM agg_driver_season x WHERE year = 2023 AND +x.poles > 0 ORDER BY poles DESC, driverId LIMIT 5",
        "SELECT driverId, year FROM agg_driver_season x WHERE +x.wins > 0 ORDER BY wins DESC, driverId, year LIMIT 5",
        "SELECT constructorId FROM agg_constructor_career x WHERE +x.start_races > 0 ORDER BY start_races DESC, constructorId LIMIT 5",
        "SELECT driverId FROM agg_driver_circuit WHERE circuitId = 6 ORDER BY wins DESC LIMIT 5",
    ] {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let text = plan.join(" | ");
        assert!(!text.contains("SCAN") || text.contains(" INDEX agg_"), "{sql}: {text}");
        assert!(!text.contains("TEMP B-TREE"), "{sql}: sorts: {text}");
    }
}

#[test]
fn a_reimport_rebuilds_the_derived_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f1.sqlite");
    let entries = |path: &std::path::Path| -> (i64, i64, i64) {
        let conn = Connection::open(path).unwrap();
        conn.query_row(
            "SELECT (SELECT SUM(entries) FROM agg_driver_career), (SELECT COUNT(*) FROM results), \
             (SELECT COUNT(*) FROM agg_driver_titles)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap()
    };
    import_dir(&fixture("tiny"), &path, &ImportOptions::default()).unwrap();
    assert!(F1Db::is_current(&path), "stamped with the current format");
    let (tiny, tiny_results, _) = entries(&path);
    assert_eq!(tiny, tiny_results);
    import_dir(&dump_dir(), &path, &ImportOptions::default()).unwrap();
    let (full, full_results, titles) = entries(&path);
    assert_eq!(full, full_results);
    assert!(full > tiny && titles == LAST_COMPLETE - 1949);
    import_dir(&fixture("tiny"), &path, &ImportOptions::default()).unwrap();
    assert_eq!(entries(&path).0, tiny);
    let conn = Connection::open(&path).unwrap();
    for table in DERIVED_TABLES {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap();
    }
}
