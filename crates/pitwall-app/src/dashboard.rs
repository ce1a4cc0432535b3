//! Reads for the admin dashboard's panels that need the app's private
//! parts (the F1 database handle).

use std::sync::Arc;

use serde::Serialize;

use crate::{App, AppError};

/// How fresh the F1 data served is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct F1Freshness {
    /// The database generation (a new import or sync makes a new one).
    pub generation: u64,
    /// Season of the last race with results.
    pub last_season: Option<i64>,
    /// Round of the last race with results.
    pub last_round: Option<i64>,
    /// Date (`YYYY-MM-DD`) of the last race with results.
    pub last_race_date: Option<String>,
    /// Races in the calendar (including ones not yet run).
    pub races: i64,
    /// Result rows.
    pub results: i64,
}

impl App {
    /// The F1 data's generation and last race, read on a blocking thread.
    pub async fn f1_freshness(&self) -> Result<F1Freshness, AppError> {
        let f1 = Arc::clone(&self.f1);
        let status = tokio::task::spawn_blocking(move || f1.check()).await??;
        Ok(F1Freshness {
            generation: status.generation,
            last_season: status.last_season,
            last_round: status.last_round,
            last_race_date: status.last_race_date,
            races: status.races,
            results: status.results,
        })
    }
}
