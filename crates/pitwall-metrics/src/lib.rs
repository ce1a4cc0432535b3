//! Every metric pitwall records: its name, help text and label values, in
//! one place, so the Prometheus rules and the Grafana dashboard in `deploy/`
//! have one list to check against.
//!
//! Library crates record through the [`metrics`] facade: until a recorder is
//! installed (the `pitwall` binary installs the Prometheus one unless
//! `PITWALL_METRICS=off`) every call is a no-op costing a relaxed atomic load.
//!
//! Label values are bounded by construction: route templates (not raw
//! paths), plan names (not user ids), enums' names. Per-user figures belong
//! in reports, never in labels.

pub mod hot;
mod names;
pub mod record;

pub use names::*;

/// Registers the help text and unit of every metric with the installed
/// recorder. Call once, after installing it.
pub fn describe() {
    for m in names::ALL {
        match m.kind {
            Kind::Counter => metrics::describe_counter!(m.name, m.unit, m.help),
            Kind::Gauge => metrics::describe_gauge!(m.name, m.unit, m.help),
            Kind::Histogram => metrics::describe_histogram!(m.name, m.unit, m.help),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::names::ALL;

    #[test]
    fn names_are_unique_prefixed_and_documented() {
        let docs = include_str!("../../../docs/metrics.md");
        let mut seen = std::collections::HashSet::new();
        for m in ALL {
            assert!(seen.insert(m.name), "{} listed twice", m.name);
            assert!(m.name.starts_with("pitwall_"), "{}", m.name);
            assert!(
                m.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
                "{}",
                m.name
            );
            assert!(m.help.len() > 10, "{} needs a help text", m.name);
            assert!(
                docs.contains(&format!("`{}`", m.name)),
                "docs/metrics.md lacks {}",
                m.name
            );
            if m.name.ends_with("_total") {
                assert_eq!(m.kind, super::Kind::Counter, "{}", m.name);
            }
        }
    }
}
