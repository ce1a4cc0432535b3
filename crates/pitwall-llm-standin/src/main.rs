//! `openai-standin --bind 127.0.0.1:0 --latency-ms N`: runs the stand-in until Ctrl-C.
//!
//! Prints `listening on http://ADDR/v1` once bound, so a script can read the port.

use pitwall_llm_standin::{spawn_with, Behaviour, StandinConfig};
use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

fn parse_args(args: &[String]) -> Result<StandinConfig, String> {
    let mut config = StandinConfig::default();
    let mut rest = args.iter();
    while let Some(flag) = rest.next() {
        let value = rest.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--bind" => {
                config.bind = value
                    .parse::<SocketAddr>()
                    .map_err(|e| format!("--bind {value}: {e}"))?;
            }
            "--latency-ms" => {
                let ms = value
                    .parse::<u64>()
                    .map_err(|e| format!("--latency-ms {value}: {e}"))?;
                config.latency = Duration::from_millis(ms);
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    config.default = Behaviour::Ok;
    Ok(config)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match parse_args(&args) {
        Ok(config) => config,
        Err(message) => {
            eprintln!(
                "openai-standin: {message}\nusage: openai-standin [--bind ADDR] [--latency-ms N]"
            );
            return ExitCode::from(2);
        }
    };
    let handle = match spawn_with(config).await {
        Ok(handle) => handle,
        Err(error) => {
            eprintln!("openai-standin: cannot bind: {error}");
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
    handle.shutdown().await;
    ExitCode::SUCCESS
}
