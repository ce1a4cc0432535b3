//! How an answer's table is presented: human column labels and the chart
//! hint. The engine sets both on its answers; the same functions label and
//! chart any other table (the app applies them to model answers), so one
//! dictionary and one rule serve every answer.

mod chart;
#[cfg(test)]
mod tests;

pub use chart::{infer as infer_chart, number, x_value, Chart, ChartKind, MAX_SERIES};

use crate::{Answer, Outcome};

/// Labels of column names the engine and the F1 schema use, where sentence
/// case of the name would read wrong or say too little.
const LABELS: &[(&str, &str)] = &[
    ("year", "Season"),
    ("season", "Season"),
    ("round", "Round"),
    ("races", "Races"),
    ("races_held", "Races held"),
    ("n", "Count"),
    ("count", "Count"),
    ("total", "Total"),
    ("total_s", "Total (s)"),
    ("avg_s", "Average (s)"),
    ("gap_s", "Gap (s)"),
    ("speed_kph", "Speed (km/h)"),
    ("time_utc", "Time (UTC)"),
    ("pct", "Percent"),
    ("positionorder", "Finish position"),
    ("positiontext", "Result"),
    ("position", "Position"),
    ("fastestlaptime", "Fastest lap time"),
    ("fastestlap", "Fastest lap"),
    ("fastestlapspeed", "Fastest lap speed"),
    ("milliseconds", "Time (ms)"),
    ("first_ahead", "First driver ahead"),
    ("second_ahead", "Second driver ahead"),
    ("one_two_finishes", "One-two finishes"),
    ("won_from_pole", "Won from pole"),
    ("different_winners", "Different winners"),
    ("age_years", "Age (years)"),
    ("days_past_birthday", "Days past birthday"),
    ("first_year", "First season"),
    ("last_year", "Last season"),
    ("from_year", "From"),
    ("to_year", "To"),
    ("raceid", "Race id"),
    ("driverid", "Driver id"),
    ("constructorid", "Constructor id"),
    ("url", "Link"),
];

/// A human label for a column name: the dictionary's, else the name in
/// sentence case (`fastest_pit_stop` → "Fastest pit stop", `lapTime` →
/// "Lap time").
pub fn column_label(name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    if let Some((_, label)) = LABELS.iter().find(|(k, _)| *k == lower) {
        return (*label).to_string();
    }
    sentence_case(name)
}

/// Labels for every column, in order.
pub fn column_labels(columns: &[String]) -> Vec<String> {
    columns.iter().map(|c| column_label(c)).collect()
}

/// `snake_case` or `camelCase` as "Sentence case": words split at `_`,
/// spaces and lower-to-upper changes, the first word capitalised, the
/// rest lowercased. A name with no letters stays as it is.
fn sentence_case(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' || c.is_whitespace() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    if words.is_empty() {
        return name.to_string();
    }
    let mut out = words.join(" ").to_lowercase();
    if let Some(first) = out.chars().next() {
        let upper: String = first.to_uppercase().collect();
        out.replace_range(..first.len_utf8(), &upper);
    }
    out
}

/// An engine answer's labels and chart, from its table.
pub(crate) fn dress(answer: &mut Answer) {
    // Every sentence starts with a capital, whichever phraser wrote it
    // ("the 2019 Italian Grand Prix was round 14" starts with its title).
    let mut chars = answer.answer.chars();
    if let Some(first) = chars.next().filter(|c| c.is_lowercase()) {
        answer.answer = first.to_uppercase().collect::<String>() + chars.as_str();
    }
    answer.column_labels = column_labels(&answer.table.columns);
    answer.chart = infer_chart(&answer.table.columns, &answer.table.rows);
}

/// Replaces the labels of the named columns of an answered outcome (a
/// column about a named driver reads "Lewis Hamilton ahead"), and the
/// chart's series labels of those columns.
pub(crate) fn relabel(outcome: Outcome, labels: &[(&str, String)]) -> Outcome {
    let Outcome::Answered(mut a) = outcome else {
        return outcome;
    };
    for (column, label) in labels {
        let Some(i) = a.table.columns.iter().position(|c| c == column) else {
            continue;
        };
        if let Some(slot) = a.column_labels.get_mut(i) {
            slot.clone_from(label);
        }
        if let Some(chart) = a.chart.as_mut().filter(|c| c.series_column.is_none()) {
            if let Some(j) = chart.y.iter().position(|y| y == column) {
                if let Some(slot) = chart.series.get_mut(j) {
                    slot.clone_from(label);
                }
            }
        }
    }
    Outcome::Answered(a)
}
