//! Warm answer latency: every dev + paraphrase question answered 50 times;
//! prints p50 / p99 / max per question and overall, in milliseconds.
//! `PITWALL_TEST_F1_DB=/path/f1.sqlite cargo bench -p pitwall-engine`
//! (without the variable the CSV dump is imported into a temp dir first).
#![allow(clippy::print_stdout, clippy::unwrap_used, missing_docs)]

use std::path::PathBuf;
use std::time::Instant;

use pitwall_engine::eval::load_questions;
use pitwall_engine::Engine;

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
        engine.answer(&conn, &q.question).unwrap(); // warm the statement cache
        let mut times: Vec<f64> = (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                engine.answer(&conn, &q.question).unwrap();
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
}
