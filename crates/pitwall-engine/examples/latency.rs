//! Times each question on stdin (first call, then the best of five), to
//! find slow answers: `cargo run --release -p pitwall-engine --example
//! latency -- DB < questions.txt`. A JSONL question file works too (the
//! `question` field is read).
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::io::BufRead;
use std::time::Instant;

use pitwall_engine::Engine;

fn main() {
    let db = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/f1.sqlite".into());
    let conn = rusqlite::Connection::open(db).unwrap();
    let engine = Engine::load(&conn).unwrap();
    let mut rows: Vec<(u128, u128, String)> = Vec::new();
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let q = match serde_json::from_str::<serde_json::Value>(&line) {
            Ok(v) => v["question"].as_str().unwrap_or_default().to_string(),
            Err(_) => line,
        };
        if q.trim().is_empty() {
            continue;
        }
        let t = Instant::now();
        engine.answer(&conn, &q).unwrap();
        let first = t.elapsed().as_micros();
        let best = (0..5)
            .map(|_| {
                let t = Instant::now();
                engine.answer_uncached(&conn, &q).unwrap();
                t.elapsed().as_micros()
            })
            .min()
            .unwrap_or(0);
        rows.push((first, best, q));
    }
    rows.sort_by_key(|r| std::cmp::Reverse(r.0));
    for (first, best, q) in rows.iter().take(25) {
        println!("{first:>8} µs first {best:>8} µs best  {q}");
    }
}
