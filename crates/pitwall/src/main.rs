//! The `pitwall` binary: parses the command line and hands over to the
//! library crates. No logic lives here.

mod admin;
mod admin_budgets;
mod admin_usage;
mod backup;
mod cli;
mod commands;
mod migrate;
mod report;
mod retention;
mod telemetry;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // `{:#}` prints the whole cause chain on one line.
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
