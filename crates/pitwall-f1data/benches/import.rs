//! Imports the full Ergast dump several times and prints min/median/max
//! seconds and the database size: `cargo bench -p pitwall-f1data`.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use pitwall_f1data::{find_source, import_dir, ImportOptions};

const RUNS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let beside_manifest =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/f1data/ergast-csv");
    let explicit: Option<PathBuf> = std::env::var_os("PITWALL_F1_DATA")
        .map(PathBuf::from)
        .or_else(|| beside_manifest.is_dir().then_some(beside_manifest));
    let src = find_source(explicit.as_deref())?;
    let dir = tempfile::tempdir()?;
    let dest = dir.path().join("f1.sqlite");

    let mut secs = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        let summary = import_dir(&src, &dest, &ImportOptions::default())?;
        secs.push(started.elapsed().as_secs_f64());
        rows = summary.total_loaded();
    }
    secs.sort_by(f64::total_cmp);
    let size = std::fs::metadata(&dest)?.len();
    println!(
        "import of {} ({rows} rows), {RUNS} runs: min {:.3} s, median {:.3} s, max {:.3} s; database {:.1} MiB ({size} bytes)",
        src.display(),
        secs[0],
        secs[RUNS / 2],
        secs[RUNS - 1],
        size as f64 / (1024.0 * 1024.0),
    );
    Ok(())
}
