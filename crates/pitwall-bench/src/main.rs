//! `pitwall-bench`: benchmarks of the pitwall pipeline.
//!
//! `pitwall-bench llm-overhead` measures the latency the question pipeline adds over calling the
//! model directly, against the OpenAI stand-in on 127.0.0.1, and prints Markdown tables.

mod args;
mod cpu;
mod error;
mod load;
mod overhead;
mod report;
mod rss;
mod standin;
mod stats;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use args::Command;
use error::BenchError;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    match run(&argv) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "pitwall-bench: {e}");
            match e {
                BenchError::Usage(_) => ExitCode::from(2),
                _ => ExitCode::FAILURE,
            }
        }
    }
}

fn run(argv: &[String]) -> Result<(), BenchError> {
    let f1_default = std::env::var_os(pitwall_f1data::DATA_DIR_ENV).map_or_else(
        || PathBuf::from("../shared/f1data/ergast-csv"),
        PathBuf::from,
    );
    match args::parse(argv, f1_default)? {
        // The stand-in plays a remote upstream that in production runs on other machines:
        // one thread keeps its share of this machine's CPUs (and its context switches,
        // which the measured process would pay for) as small as it can be.
        Command::Standin { latency } => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| BenchError::io("starting the stand-in runtime", e))?
            .block_on(standin::serve(latency)),
        Command::LlmOverhead(opts) => {
            let _ = writeln!(
                std::io::stderr(),
                "llm-overhead: rates {:?}/s, {} s measured after {} s warm-up per phase, \
                 upstream latency {:?}, F1 data {}",
                opts.rates,
                opts.seconds,
                opts.warmup_secs,
                opts.upstream_latency,
                opts.f1_source.display()
            );
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .map_err(|e| BenchError::io("starting the runtime", e))?;
            let report = runtime.block_on(overhead::run(&opts))?;
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(report.to_markdown().as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| BenchError::io("writing the report", e))
        }
    }
}
