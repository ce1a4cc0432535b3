//! The command line: `llm-overhead [--rates 500,2000] [--seconds 5] [--warmup 1]
//! [--latency-ms 50] [--f1-data DIR] [--phases ...]`, and the internal `standin --latency-ms N`.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::BenchError;
use crate::overhead::OverheadOptions;
use crate::report::PhaseKind;

/// Usage text shown on a bad command line.
pub const USAGE: &str = "usage: pitwall-bench llm-overhead [--rates 500,2000] [--seconds 5] \
[--warmup 1] [--latency-ms 50] [--f1-data DIR] [--phases baseline,pipeline,local,repeat]";

/// Highest accepted rate and duration: every loop of the bench stays bounded.
const MAX_RATE: u32 = 20_000;
const MAX_SECONDS: u64 = 120;

/// What to run.
#[derive(Debug, Clone)]
pub enum Command {
    /// The LLM-path overhead benchmark.
    LlmOverhead(OverheadOptions),
    /// Serve the stand-in (the bench starts itself this way as a child process).
    Standin {
        /// Latency added to every request.
        latency: Duration,
    },
}

/// Parses the arguments after the program name; `f1_default` is used without `--f1-data`.
pub fn parse(args: &[String], f1_default: PathBuf) -> Result<Command, BenchError> {
    let (command, rest) = args
        .split_first()
        .ok_or_else(|| BenchError::Usage(USAGE.into()))?;
    let mut opts = OverheadOptions {
        rates: vec![500, 2000],
        seconds: 5,
        warmup_secs: 1,
        upstream_latency: Duration::from_millis(50),
        f1_source: f1_default,
        phases: PhaseKind::ALL.to_vec(),
    };
    let mut flags = rest.iter();
    while let Some(flag) = flags.next() {
        let value = flags
            .next()
            .ok_or_else(|| BenchError::Usage(format!("{flag} needs a value\n{USAGE}")))?;
        match flag.as_str() {
            "--rates" => {
                opts.rates = value
                    .split(',')
                    .map(|r| number(flag, r.trim(), 1, u64::from(MAX_RATE)))
                    .map(|r| r.map(|r| r as u32))
                    .collect::<Result<_, _>>()?;
            }
            "--seconds" => opts.seconds = number(flag, value, 1, MAX_SECONDS)?,
            "--warmup" => opts.warmup_secs = number(flag, value, 0, MAX_SECONDS)?,
            "--latency-ms" => {
                opts.upstream_latency = Duration::from_millis(number(flag, value, 0, 60_000)?);
            }
            "--f1-data" => opts.f1_source = PathBuf::from(value),
            "--phases" => {
                opts.phases = value
                    .split(',')
                    .map(|p| {
                        PhaseKind::from_flag(p.trim()).ok_or_else(|| {
                            BenchError::Usage(format!("--phases: unknown phase {p:?}\n{USAGE}"))
                        })
                    })
                    .collect::<Result<_, _>>()?;
            }
            other => return Err(BenchError::Usage(format!("unknown flag {other}\n{USAGE}"))),
        }
    }
    match command.as_str() {
        "llm-overhead" => Ok(Command::LlmOverhead(opts)),
        "standin" => Ok(Command::Standin {
            latency: opts.upstream_latency,
        }),
        other => Err(BenchError::Usage(format!(
            "unknown command {other}\n{USAGE}"
        ))),
    }
}

fn number(flag: &str, value: &str, min: u64, max: u64) -> Result<u64, BenchError> {
    match value.parse::<u64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(n),
        _ => Err(BenchError::Usage(format!(
            "{flag} {value:?}: expected a whole number from {min} to {max}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn defaults_and_flags() {
        let Ok(Command::LlmOverhead(o)) = parse(&args(&["llm-overhead"]), "d".into()) else {
            panic!("llm-overhead must parse");
        };
        assert_eq!(o.rates, vec![500, 2000]);
        assert_eq!((o.seconds, o.warmup_secs), (5, 1));
        assert_eq!(o.upstream_latency, Duration::from_millis(50));
        assert_eq!(o.f1_source, PathBuf::from("d"));
        assert_eq!(o.phases, PhaseKind::ALL.to_vec());
        let parsed = parse(
            &args(&[
                "llm-overhead",
                "--rates",
                "100, 300",
                "--seconds",
                "2",
                "--f1-data",
                "x",
            ]),
            "d".into(),
        );
        let Ok(Command::LlmOverhead(o)) = parsed else {
            panic!("flags must parse: {parsed:?}");
        };
        assert_eq!(o.rates, vec![100, 300]);
        assert_eq!(o.seconds, 2);
        assert_eq!(o.f1_source, PathBuf::from("x"));
        let parsed = parse(
            &args(&["llm-overhead", "--phases", "pipeline, local"]),
            "d".into(),
        );
        let Ok(Command::LlmOverhead(o)) = parsed else {
            panic!("--phases must parse: {parsed:?}");
        };
        assert_eq!(o.phases, vec![PhaseKind::Pipeline, PhaseKind::LocalOnly]);
        assert!(matches!(
            parse(&args(&["standin", "--latency-ms", "7"]), "d".into()),
            Ok(Command::Standin { latency }) if latency == Duration::from_millis(7)
        ));
    }

    #[test]
    fn refuses_unbounded_or_malformed_input() {
        for bad in [
            &["llm-overhead", "--rates", "0"][..],
            &["llm-overhead", "--rates", "50000"],
            &["llm-overhead", "--seconds", "1000"],
            &["llm-overhead", "--seconds"],
            &["llm-overhead", "--bogus", "1"],
            &["llm-overhead", "--phases", "pipeline,everything"],
            &["bench-everything"],
            &[],
        ] {
            assert!(
                matches!(parse(&args(bad), "d".into()), Err(BenchError::Usage(_))),
                "{bad:?}"
            );
        }
    }
}
