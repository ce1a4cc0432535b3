//! `pitwall report daily|weekly`: builds the report from the app database
//! and writes it as text, JSON or HTML.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, Utc};
use pitwall_app::report::ReportKind;
use pitwall_app::App;

use crate::cli::{ReportFormat, ReportKindArg};

/// Reads `--until`: RFC 3339, or a date meaning its UTC midnight.
fn parse_until(raw: &str) -> anyhow::Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.with_timezone(&Utc));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d").with_context(|| {
        format!("--until {raw:?}: expected RFC 3339 (2026-11-30T08:00:00Z) or a date (2026-11-30)")
    })?;
    Ok(day.and_time(chrono::NaiveTime::MIN).and_utc())
}

/// Runs the command.
pub async fn run(
    app: Arc<App>,
    kind: ReportKindArg,
    format: ReportFormat,
    until: Option<String>,
    output: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let to = until
        .as_deref()
        .map(parse_until)
        .transpose()?
        .unwrap_or_else(Utc::now);
    let kind = match kind {
        ReportKindArg::Daily => ReportKind::Daily,
        ReportKindArg::Weekly => ReportKind::Weekly,
    };
    let report = app.report(kind, to).await;
    app.shutdown().await;
    let report = report?;
    let text = match format {
        ReportFormat::Text => report.to_text(),
        ReportFormat::Json => report.to_json(),
        ReportFormat::Html => report.to_html(),
    };
    let text = text.trim_end();
    match output {
        Some(path) => std::fs::write(&path, format!("{text}\n"))
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => crate::commands::write_stdout(text)?,
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_takes_a_time_or_a_date() {
        assert_eq!(
            parse_until("2026-11-30").unwrap().to_rfc3339(),
            "2026-11-30T00:00:00+00:00"
        );
        assert_eq!(
            parse_until("2026-11-30T08:15:00+01:00")
                .unwrap()
                .to_rfc3339(),
            "2026-11-30T07:15:00+00:00"
        );
        assert!(parse_until("yesterday").is_err());
    }
}
