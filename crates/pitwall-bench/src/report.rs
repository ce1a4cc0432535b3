//! The figures of a run, and how they are printed (Markdown tables, pasted into RESULTS.md).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

use crate::load::PhaseRecord;
use crate::rss::{mib, Rss};
use crate::stats::{ms, Percentiles};

/// What a phase sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhaseKind {
    /// The app's LLM client straight to the stand-in.
    Baseline,
    /// `App::ask` with the LLM path: the thing measured.
    Pipeline,
    /// `App::ask` with the LLM switched off: the pipeline's own work, no upstream.
    LocalOnly,
    /// The baseline again, after the pipeline: how much the machine drifted.
    BaselineRepeat,
}

impl PhaseKind {
    /// Every phase, in the order a full run uses.
    pub const ALL: [PhaseKind; 4] = [
        PhaseKind::Baseline,
        PhaseKind::Pipeline,
        PhaseKind::LocalOnly,
        PhaseKind::BaselineRepeat,
    ];

    /// The phase named on the command line: `baseline`, `pipeline`, `local` or `repeat`.
    pub fn from_flag(name: &str) -> Option<PhaseKind> {
        match name {
            "baseline" => Some(PhaseKind::Baseline),
            "pipeline" => Some(PhaseKind::Pipeline),
            "local" => Some(PhaseKind::LocalOnly),
            "repeat" => Some(PhaseKind::BaselineRepeat),
            _ => None,
        }
    }

    /// The name in the tables.
    pub fn as_str(self) -> &'static str {
        match self {
            PhaseKind::Baseline => "baseline (client → stand-in)",
            PhaseKind::Pipeline => "pipeline (App::ask → LLM)",
            PhaseKind::LocalOnly => "pipeline, LLM off (fallback)",
            PhaseKind::BaselineRepeat => "baseline, repeated",
        }
    }
}

/// One phase's figures.
#[derive(Debug, Clone)]
pub struct PhaseResult {
    /// Target rate, per second.
    pub rate: u32,
    /// What was sent.
    pub kind: PhaseKind,
    /// Requests started in the measured window.
    pub measured_sent: u64,
    /// Requests per second actually started.
    pub achieved_rate: f64,
    /// Latency of the successful requests.
    pub latency: Percentiles,
    /// How late requests started against schedule.
    pub start_lag: Percentiles,
    /// Measured requests by outcome.
    pub outcomes: BTreeMap<String, u64>,
    /// Measured requests that did not finish within the drain.
    pub unfinished: u64,
    /// RSS before the phase, KiB.
    pub rss_before_kib: u64,
    /// RSS after it and its peak during it.
    pub rss_after: Rss,
    /// CPU time the bench process used in the phase (warm-up and drain included).
    pub cpu_bench: Option<Duration>,
    /// CPU time the stand-in process used in the phase.
    pub cpu_standin: Option<Duration>,
    /// Requests sent in the phase, warm-up included (to divide the CPU time by).
    pub sent: u64,
}

impl PhaseResult {
    /// Summarises a phase.
    pub fn new(
        rate: u32,
        kind: PhaseKind,
        record: &PhaseRecord,
        rss_before_kib: u64,
        rss_after: Rss,
    ) -> Self {
        PhaseResult {
            rate,
            kind,
            measured_sent: record.measured_sent,
            achieved_rate: record.achieved_rate(),
            latency: Percentiles::of(&record.latencies),
            start_lag: Percentiles::of(&record.start_lags),
            outcomes: record.outcomes.clone(),
            unfinished: record.unfinished,
            rss_before_kib,
            rss_after,
            cpu_bench: None,
            cpu_standin: None,
            sent: record.sent,
        }
    }
}

/// Everything a run measured.
#[derive(Debug, Clone, Default)]
pub struct RunReport {
    /// RSS when the run began.
    pub rss_at_start: Rss,
    /// Seconds the F1 import took.
    pub import_secs: f64,
    /// RSS after the import (its peak is the import's).
    pub rss_after_import: Rss,
    /// RSS once the app is built (engine loaded).
    pub rss_after_build: Rss,
    /// Whether per-phase peaks could be reset (else peaks are cumulative).
    pub peak_reset_works: bool,
    /// The phases, in the order they ran.
    pub phases: Vec<PhaseResult>,
}

impl RunReport {
    /// The report as Markdown.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        self.write_markdown(&mut out);
        out
    }

    fn write_markdown(&self, out: &mut String) {
        let _ = writeln!(out, "### Latency per phase (ms; successful requests)\n");
        let _ = writeln!(
            out,
            "| rate/s | phase | achieved/s | ok | p50 | p90 | p99 | p99.9 | max | start lag p99 |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|---|");
        for p in &self.phases {
            let l = &p.latency;
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {}/{} | {} | {} | {} | {} | {} | {} |",
                p.rate,
                p.kind.as_str(),
                p.achieved_rate,
                l.count,
                p.measured_sent,
                ms(l.p50_us as i64),
                ms(l.p90_us as i64),
                ms(l.p99_us as i64),
                ms(l.p999_us as i64),
                ms(l.max_us as i64),
                ms(p.start_lag.p99_us as i64),
            );
        }
        let _ = writeln!(
            out,
            "\n### Overhead of the pipeline over the baseline (ms)\n"
        );
        let _ = writeln!(
            out,
            "| rate/s | p50 overhead | p99 overhead | p99 ratio pipeline/baseline | p99 overhead vs repeated baseline | baseline p99 drift |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|");
        for rate in self.rates() {
            let find = |kind| {
                self.phases
                    .iter()
                    .find(|p| p.rate == rate && p.kind == kind)
            };
            let (Some(base), Some(pipe)) = (find(PhaseKind::Baseline), find(PhaseKind::Pipeline))
            else {
                continue;
            };
            let (b, q) = (&base.latency, &pipe.latency);
            let repeat = find(PhaseKind::BaselineRepeat).map(|r| r.latency);
            let _ = writeln!(
                out,
                "| {rate} | {} | {} | {:.4} | {} | {} |",
                ms(q.p50_us as i64 - b.p50_us as i64),
                ms(q.p99_us as i64 - b.p99_us as i64),
                q.p99_us as f64 / (b.p99_us.max(1)) as f64,
                repeat.map_or("-".into(), |r| ms(q.p99_us as i64 - r.p99_us as i64)),
                repeat.map_or("-".into(), |r| ms(r.p99_us as i64 - b.p99_us as i64)),
            );
        }
        let _ = writeln!(out, "\n### Outcomes and memory per phase\n");
        let _ = writeln!(
            out,
            "| rate/s | phase | outcomes | unfinished | RSS before MiB | RSS after MiB | peak RSS (VmHWM) in phase MiB | bench CPU µs/request | stand-in CPU µs/request |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|---|");
        for p in &self.phases {
            let outcomes: Vec<String> =
                p.outcomes.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                p.rate,
                p.kind.as_str(),
                outcomes.join(", "),
                p.unfinished,
                mib(p.rss_before_kib),
                mib(p.rss_after.current_kib),
                mib(p.rss_after.peak_kib),
                per_request(p.cpu_bench, p.sent),
                per_request(p.cpu_standin, p.sent),
            );
        }
        let _ = writeln!(
            out,
            "\nProcess RSS: at start {} MiB; after the F1 import {} MiB (import peak {} MiB, {:.1} s); \
             after building the app {} MiB. Per-phase peak reset: {}.",
            mib(self.rss_at_start.current_kib),
            mib(self.rss_after_import.current_kib),
            mib(self.rss_after_import.peak_kib),
            self.import_secs,
            mib(self.rss_after_build.current_kib),
            if self.peak_reset_works { "yes (clear_refs 5)" } else { "no: peaks are cumulative" },
        );
    }

    fn rates(&self) -> Vec<u32> {
        let mut rates: Vec<u32> = Vec::new();
        for p in &self.phases {
            if !rates.contains(&p.rate) {
                rates.push(p.rate);
            }
        }
        rates
    }
}

/// CPU microseconds per request sent, or `-` when unknown.
fn per_request(cpu: Option<Duration>, sent: u64) -> String {
    match cpu {
        Some(cpu) if sent > 0 => format!("{:.0}", cpu.as_micros() as f64 / sent as f64),
        _ => "-".into(),
    }
}
