//! Asks the engine the questions given on stdin, one per line, and prints
//! the outcome: `cargo run -p pitwall-engine --example ask -- DB < questions.txt`.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use std::io::BufRead;

use pitwall_engine::{Engine, Outcome};

fn main() {
    let db = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/f1dev.sqlite".into());
    let conn = rusqlite::Connection::open(db).unwrap();
    let engine = Engine::load(&conn).unwrap();
    for line in std::io::stdin().lock().lines() {
        let q = line.unwrap();
        if q.trim().is_empty() {
            continue;
        }
        match engine.answer(&conn, &q).unwrap() {
            Outcome::Answered(a) => {
                println!("{q}\n  => [{} {:.2}] {}", a.intent, a.confidence, a.answer)
            }
            Outcome::Unanswered(u) => println!(
                "{q}\n  -- [{:.2}] {}{}",
                u.confidence,
                u.reason,
                u.best_effort
                    .map(|b| format!(" (best effort: {})", b.answer))
                    .unwrap_or_default()
            ),
        }
    }
}
