//! Logging set-up: `tracing` to stderr, JSON when `PITWALL_LOG_FORMAT=json`,
//! filtered by `RUST_LOG` (default `info`). Text logs are coloured only on a
//! terminal: written to a file or a platform's log collector, the escape
//! codes were ~40 % of every line's bytes and unreadable in the viewer.

use std::io::IsTerminal;

use pitwall_config::LogFormat;
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber.
pub fn init(format: LogFormat, default_level: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            // The request span is the only one, so the list repeated `span`
            // on every line (a third of a JSON line's bytes).
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.try_init(),
    };
}
