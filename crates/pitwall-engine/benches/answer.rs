//! Warm answer latency: every dev + paraphrase question answered 50 times
//! without the answer memo (`Engine::answer_uncached`: the parse, routing and
//! query each time);
//! prints p50 / p99 / max per question and overall, in milliseconds. Then
//! the first answer of each question from a freshly loaded engine on a new
//! connection (as after a re-import: nothing memoised, no statement cached),
//! and where a warm answer's CPU goes (resolve, SQL, the rest, JSON).
//! `PITWALL_TEST_F1_DB=/path/f1.sqlite cargo bench -p pitwall-engine`
//! (without the variable the CSV dump is imported into a temp dir first).
#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::time::Instant;

use pitwall_engine::eval::load_questions;
use pitwall_engine::{Engine, Outcome};

const RUNS: usize = 50;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let _dir;
    let db = match std::env::var("PITWALL_TEST_F1_DB") {
        Ok(p) => PathBuf::from(p),
        Err(_) => {
            let dir = tempfile::tempdir().unwrap();
            let dest = dir.path().join("f1.sqlite");
            let src = root.join("../../../shared/f1data/ergast-csv");
            pitwall_f1data::import_dir(&src, &dest, &pitwall_f1data::ImportOptions::default())
                .unwrap();
            _dir = dir;
            dest
        }
    };
    let conn = rusqlite::Connection::open(&db).unwrap();
    let started = Instant::now();
    let engine = Engine::load(&conn).unwrap();
    println!(
        "Engine::load: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let mut questions =
        load_questions(root.join("../../../shared/questions/dev_questions.jsonl")).unwrap();
    questions.extend(load_questions(root.join("tests/paraphrases.jsonl")).unwrap());
    let mut all = Vec::new();
    let mut worst: Vec<(f64, f64, f64, String)> = Vec::new();
    for q in &questions {
        engine.answer_uncached(&conn, &q.question).unwrap(); // warm the statement cache
        let mut times: Vec<f64> = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                engine.answer_uncached(&conn, &q.question).unwrap();
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        all.extend(times.iter().copied());
        worst.push((
            percentile(&times, 0.5),
            percentile(&times, 0.99),
            times[times.len() - 1],
            q.question.clone(),
        ));
    }
    worst.sort_by(|a, b| b.1.total_cmp(&a.1));
    println!("{:>8} {:>8} {:>8}  question", "p50 ms", "p99 ms", "max ms");
    for (p50, p99, max, q) in &worst {
        println!("{p50:>8.3} {p99:>8.3} {max:>8.3}  {q}");
    }
    all.sort_by(f64::total_cmp);
    println!(
        "ALL {} answers: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        all.len(),
        percentile(&all, 0.5),
        percentile(&all, 0.99),
        all[all.len() - 1]
    );
    first_calls(&db, &questions);
    breakdown(&conn, &engine, &questions);
}

/// The first answer of every question from a fresh engine and connection:
/// the latency of the first call after a re-import, the engine load aside.
fn first_calls(db: &std::path::Path, questions: &[pitwall_engine::eval::EvalQuestion]) {
    let (mut loads, mut firsts) = (Vec::new(), Vec::new());
    let mut slowest: Vec<(f64, String)> = Vec::new();
    for q in questions {
        let conn = rusqlite::Connection::open(db).unwrap();
        let t = Instant::now();
        let engine = Engine::load(&conn).unwrap();
        loads.push(t.elapsed().as_secs_f64() * 1e3);
        let t = Instant::now();
        let outcome = engine.answer(&conn, &q.question).unwrap();
        let ms = t.elapsed().as_secs_f64() * 1e3;
        let intent = match outcome {
            Outcome::Answered(a) => a.intent,
            Outcome::Unanswered(_) => "(declined)".into(),
        };
        slowest.push((ms, format!("[{intent}] {}", q.question)));
        firsts.push(ms);
    }
    firsts.sort_by(f64::total_cmp);
    loads.sort_by(f64::total_cmp);
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, q) in slowest.iter().take(8) {
        println!("first call {ms:>8.3} ms  {q}");
    }
    let worst = &slowest[0];
    println!(
        "FIRST CALL (fresh engine + connection) {} questions: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms ({}); \
         Engine::load p50 {:.1} ms, max {:.1} ms",
        firsts.len(),
        percentile(&firsts, 0.5),
        percentile(&firsts, 0.99),
        worst.0,
        worst.1,
        percentile(&loads, 0.5),
        loads[loads.len() - 1]
    );
}

/// Mean CPU per warm answered question by stage: resolving the words,
/// running its SQL again alone, the rest of `answer` (parsing, routing,
/// checks, the sentence), and serialising the answer to JSON. Questions
/// whose SQL takes 2 ms or more are left out: the engine memoises those,
/// so their warm answer does not run it.
fn breakdown(
    conn: &rusqlite::Connection,
    engine: &Engine,
    questions: &[pitwall_engine::eval::EvalQuestion],
) {
    let time = |f: &mut dyn FnMut()| -> f64 {
        let t = Instant::now();
        for _ in 0..RUNS {
            f();
        }
        t.elapsed().as_secs_f64() * 1e6 / RUNS as f64
    };
    let (mut resolve, mut answer, mut sql, mut json, mut repeated, mut n) =
        (0.0, 0.0, 0.0, 0.0, 0.0, 0);
    let mut memoised = 0;
    for q in questions {
        let Outcome::Answered(a) = engine.answer_uncached(conn, &q.question).unwrap() else {
            continue;
        };
        let params: Vec<rusqlite::types::Value> = a
            .params
            .iter()
            .map(|v| match v {
                serde_json::Value::Number(n) if n.is_i64() => {
                    rusqlite::types::Value::Integer(n.as_i64().unwrap())
                }
                serde_json::Value::Number(n) => rusqlite::types::Value::Real(n.as_f64().unwrap()),
                serde_json::Value::String(s) => rusqlite::types::Value::Text(s.clone()),
                other => rusqlite::types::Value::Text(other.to_string()),
            })
            .collect();
        let q_sql = time(&mut || {
            std::hint::black_box(pitwall_f1data::query_table(conn, &a.sql, &params, 50).unwrap());
        });
        if q_sql >= 2000.0 {
            memoised += 1;
            continue;
        }
        sql += q_sql;
        resolve += time(&mut || {
            std::hint::black_box(engine.resolve(&q.question));
        });
        answer += time(&mut || {
            std::hint::black_box(engine.answer_uncached(conn, &q.question).unwrap());
        });
        json += time(&mut || {
            std::hint::black_box(serde_json::to_vec(&a).unwrap());
        });
        repeated += time(&mut || {
            std::hint::black_box(engine.answer(conn, &q.question).unwrap());
        });
        n += 1;
    }
    let n = f64::from(n);
    println!(
        "BREAKDOWN mean µs per warm answered question ({n} questions; {memoised} with SQL >= 2 ms left out): \
         answer {:.1} = resolve {:.1} + SQL {:.1} + parse/routing/checks/sentence {:.1}; JSON of the answer {:.1}; \
         a repeated question from the answer memo {:.1}",
        answer / n,
        resolve / n,
        sql / n,
        (answer - resolve - sql) / n,
        json / n,
        repeated / n
    );
}
