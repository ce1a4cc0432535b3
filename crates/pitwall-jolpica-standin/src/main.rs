//! `jolpica-standin [--bind ADDR] [--data DIR] [--rps N] [--rph N]`: serves
//! the replay and fixtures under `DIR` (default `../shared/f1data`) until
//! Ctrl-C. Prints `listening on http://ADDR/ergast/f1` once bound.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use pitwall_jolpica_standin::{spawn, StandinConfig};

fn parse_args(args: &[String]) -> Result<StandinConfig, String> {
    let mut config = StandinConfig::over_shared_data(&PathBuf::from("../shared/f1data"));
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|e| format!("{flag} {value}: {e}"))
        };
        match flag.as_str() {
            "--bind" => {
                config.bind = value
                    .parse::<SocketAddr>()
                    .map_err(|e| format!("--bind {value}: {e}"))?;
            }
            "--data" => {
                let bind = config.bind;
                config = StandinConfig::over_shared_data(&PathBuf::from(value));
                config.bind = bind;
            }
            "--rps" => config.limits.per_second = number()?,
            "--rph" => config.limits.per_hour = number()?,
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!("jolpica-standin: {message}\nusage: jolpica-standin [--bind ADDR] [--data DIR] [--rps N] [--rph N]");
            return ExitCode::from(2);
        }
    };
    let handle = match spawn(config).await {
        Ok(handle) => handle,
        Err(error) => {
            eprintln!("jolpica-standin: {error}");
            return ExitCode::FAILURE;
        }
    };
    let mut stdout = std::io::stdout();
    if writeln!(stdout, "listening on {}", handle.base_url())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::FAILURE;
    }
    let _ = tokio::signal::ctrl_c().await;
    let stats = handle.stats();
    eprintln!(
        "requests {} throttled {} not-modified {} max/s {} max/h {}",
        stats.requests,
        stats.throttled,
        stats.not_modified,
        stats.max_per_second,
        stats.max_per_hour
    );
    ExitCode::SUCCESS
}
