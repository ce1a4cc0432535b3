//! A sync from the CSV state (2025 round 21) to 2026 round 11 against the
//! stand-in at the real limits: right winners and standings, new entities,
//! never over the limits, and a second run that changes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests panic on failure by design

mod common;

use common::*;
use pitwall_f1sync::{run, ApiClient, RoundRef};
use pitwall_jolpica_standin::Limits;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catch_up_to_2026_round_11_within_the_limits_then_nothing_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let standin = standin(Limits::default()).await;
    let mut config = config(dir.path(), &standin);
    config.until = Some(RoundRef {
        season: 2026,
        round: 11,
    });
    let client = ApiClient::new(&config).unwrap();
    // A server's read-only handle, open across the swap.
    let served = pitwall_f1data::F1Db::open(&db, 2).unwrap();
    let generation = served.generation();

    let report = tokio::time::timeout(
        std::time::Duration::from_secs(120),
        run(&config, &client, &db),
    )
    .await
    .expect("sync took over 2 minutes")
    .unwrap();
    assert!(report.swapped, "{report}");
    assert_eq!(report.merged.len(), 14, "{report}");
    assert!(report.partial.is_empty(), "{report}");

    // The open handle switched to the new file without a reopen.
    let status = served.check().unwrap();
    assert_eq!(status.generation, generation + 1);
    assert_eq!(
        (status.last_season, status.last_round),
        (Some(2026), Some(11))
    );

    // Winners and standings as in the replay files.
    assert_eq!(winner(&db, 2025, 22), "max_verstappen");
    assert_eq!(winner(&db, 2025, 24), "max_verstappen");
    assert_eq!(winner(&db, 2026, 1), "russell");
    assert_eq!(winner(&db, 2026, 11), "norris");
    assert_eq!(leader(&db, 2025, 24), ("norris".to_string(), 423.0));
    assert_eq!(leader(&db, 2026, 11), ("antonelli".to_string(), 219.0));
    let mercedes: f64 = query(&db, "SELECT s.points FROM constructor_standings s JOIN races ra USING (raceId) \
        JOIN constructors c USING (constructorId) WHERE ra.year = 2026 AND ra.round = 11 AND c.constructorRef = 'mercedes'");
    assert_eq!(mercedes, 379.0);
    // The 2025 title is now derived (the season is complete).
    let champion: String = query(&db, "SELECT d.driverRef FROM agg_driver_titles t JOIN drivers d USING (driverId) WHERE t.year = 2025");
    assert_eq!(champion, "norris");

    // New entities from the inline objects, findable by name and code.
    let rookie: (String, String) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row(
            "SELECT forename || ' ' || surname, code FROM drivers WHERE driverRef = 'lindblad'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    assert_eq!(rookie, ("Arvid Lindblad".to_string(), "LIN".to_string()));
    let new_teams: i64 = query(
        &db,
        "SELECT count(*) FROM constructors WHERE constructorRef IN ('audi', 'cadillac')",
    );
    assert_eq!(new_teams, 2);
    let madring: String = query(&db, "SELECT c.name FROM races ra JOIN circuits c USING (circuitId) WHERE c.circuitRef = 'madring' LIMIT 1");
    assert_eq!(madring, "Circuito de Madring");
    // The calendar beyond the data: 2026 round 12 scheduled, no results.
    let r12: (String, i64) = {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.query_row("SELECT ra.name, (SELECT count(*) FROM results x WHERE x.raceId = ra.raceId) FROM races ra WHERE year = 2026 AND round = 12", [], |r| Ok((r.get(0)?, r.get(1)?))).unwrap()
    };
    assert_eq!(r12, ("Dutch Grand Prix".to_string(), 0));
    let licence: i64 = query(
        &db,
        "SELECT count(*) FROM sync_rounds WHERE complete = 1 AND licence LIKE '%CC BY-NC-SA%'",
    );
    assert_eq!(licence, 14);

    // The local engine finds the new entities by name and code, and answers
    // about the new rounds.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let engine = pitwall_engine::Engine::load(&conn).unwrap();
    for (question, name) in [
        ("how many points has Lindblad scored", "Arvid Lindblad"),
        ("Arvid Lindblad wins", "Arvid Lindblad"),
        ("LIN wins in 2026", "Arvid Lindblad"),
        ("Cadillac points in 2026", "Cadillac"),
        ("Audi points in 2026", "Audi"),
    ] {
        let found = engine.resolve(question);
        assert!(
            found.entities.iter().any(|e| e.name == name),
            "{question}: {found:?}"
        );
    }
    for (question, expected) in [
        ("Who won the 2026 Australian Grand Prix?", "Russell"),
        ("Who won the 2025 championship?", "Norris"),
        (
            "Who was on pole for the 2026 Australian Grand Prix?",
            "Russell",
        ),
        ("Podium of the 2026 Australian Grand Prix?", "Antonelli"),
        (
            "Who led the championship after round 5 of 2026?",
            "Antonelli",
        ),
    ] {
        match engine.answer(&conn, question).unwrap() {
            pitwall_engine::Outcome::Answered(a) => {
                assert!(a.answer.contains(expected), "{question}: {}", a.answer)
            }
            pitwall_engine::Outcome::Unanswered(u) => panic!("{question}: not answered: {u:?}"),
        }
    }
    // The synced calendar: the next race after round 11, and round 14 as
    // scheduled (no result made up for it).
    let on_day = pitwall_engine::Engine::load(&conn)
        .unwrap()
        .with_today("2026-08-01");
    for (question, expected) in [
        ("When is the next race?", "Dutch Grand Prix"),
        ("Where is round 14 of 2026?", "scheduled"),
    ] {
        match on_day.answer(&conn, question).unwrap() {
            pitwall_engine::Outcome::Answered(a) => {
                assert!(a.answer.contains(expected), "{question}: {}", a.answer)
            }
            pitwall_engine::Outcome::Unanswered(u) => panic!("{question}: not answered: {u:?}"),
        }
    }

    // The stand-in never saw more than the limits.
    let stats = standin.stats();
    assert_eq!(stats.throttled, 0, "{stats:?}");
    assert!(stats.max_per_second <= 4, "{stats:?}");
    assert!(stats.max_per_hour <= 500, "{stats:?}");
    assert!(standin.arrivals().iter().all(|a| a
        .user_agent
        .as_deref()
        .is_some_and(|u| u.starts_with("pitwall/"))));
    eprintln!(
        "catch-up: {} requests, {:.1} s, swap {:?}",
        stats.requests,
        report.elapsed.as_secs_f64(),
        report.swap_pause
    );

    // Second run: nothing changes, almost no requests.
    standin.reset_arrivals();
    let before = std::fs::metadata(&db).unwrap().modified().unwrap();
    let again = run(&config, &client, &db).await.unwrap();
    assert!(!again.swapped, "{again}");
    assert!(
        again.merged.is_empty() && again.partial.is_empty(),
        "{again}"
    );
    assert!(standin.stats().requests < 10, "{:?}", standin.stats());
    assert_eq!(std::fs::metadata(&db).unwrap().modified().unwrap(), before);
}

/// Every row of the tables a sync writes, as text, in id order.
fn dump(db: &std::path::Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(db).unwrap();
    let mut out = Vec::new();
    for table in [
        "drivers",
        "constructors",
        "circuits",
        "status",
        "seasons",
        "races",
        "results",
        "sprint_results",
        "qualifying",
        "driver_standings",
        "constructor_standings",
        "constructor_results",
        "sync_rounds",
    ] {
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                Ok((0..n)
                    .map(|i| format!("{:?}", r.get::<_, rusqlite::types::Value>(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        out.extend(rows.map(|r| format!("{table}: {}", r.unwrap())));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_then_sync_reaches_the_same_state_as_the_first_sync() {
    let dir = tempfile::tempdir().unwrap();
    let db = csv_db(dir.path());
    let standin = standin(Limits {
        per_second: 50,
        per_hour: 5000,
    })
    .await;
    let mut config = config(dir.path(), &standin);
    config.per_second = 50;
    let client = ApiClient::new(&config).unwrap();
    run(&config, &client, &db).await.unwrap();
    let first = dump(&db);

    // `pitwall import` again, then sync: from the cache, to the same rows.
    csv_db(dir.path());
    standin.reset_arrivals();
    let report = run(&config, &client, &db).await.unwrap();
    assert!(report.swapped && standin.stats().requests < 10, "{report}");
    let second = dump(&db);
    assert_eq!(first.len(), second.len());
    let differ: Vec<_> = first
        .iter()
        .zip(&second)
        .filter(|(a, b)| a != b)
        .take(3)
        .collect();
    assert!(differ.is_empty(), "{differ:?}");
}
