//! Reading a Prometheus text scrape in tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::TestApp;

/// One scrape of `/metrics`.
pub struct Scrape(pub String);

impl Scrape {
    /// Scrapes the server (from loopback, without a credential).
    pub async fn of(t: &TestApp) -> Scrape {
        let r = t.get("/metrics").await;
        assert_eq!(r.status(), 200);
        Scrape(r.text().await.unwrap())
    }

    /// The sum over every series of `name` whose labels include all of
    /// `labels` (0 when there is none).
    pub fn sum(&self, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.series(name)
            .filter(|(l, _)| {
                labels
                    .iter()
                    .all(|(k, v)| l.contains(&format!("{k}=\"{v}\"")))
            })
            .map(|(_, v)| v)
            .sum()
    }

    /// How much [`sum`](Self::sum) grew since `before`.
    pub fn delta(&self, before: &Scrape, name: &str, labels: &[(&str, &str)]) -> f64 {
        self.sum(name, labels) - before.sum(name, labels)
    }

    /// Whether any series of `name` exists.
    pub fn has(&self, name: &str) -> bool {
        self.series(name).next().is_some()
    }

    /// `(labels text, value)` of each series named exactly `name`.
    pub fn series<'a>(&'a self, name: &'a str) -> impl Iterator<Item = (&'a str, f64)> + 'a {
        self.0.lines().filter_map(move |line| {
            let rest = line.strip_prefix(name)?;
            let (labels, value) = if let Some(rest) = rest.strip_prefix('{') {
                let (labels, value) = rest.split_once("} ")?;
                (labels, value)
            } else {
                ("", rest.strip_prefix(' ')?)
            };
            Some((labels, value.trim().parse().ok()?))
        })
    }
}
