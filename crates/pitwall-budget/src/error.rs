//! The crate's single error type.

use crate::money::Micros;
use crate::period::BudgetScope;

/// Everything that can go wrong when pricing, reserving or alerting.
#[derive(Debug, thiserror::Error)]
pub enum BudgetError {
    /// The reservation would push a scope past its cap; the LLM call must not be made.
    #[error(
        "LLM budget exhausted ({scope}): cap {cap}, spent {spent}, reserved by in-flight calls {reserved}"
    )]
    Exhausted {
        /// The first scope (in the order global daily, global monthly, user daily) that refused.
        scope: BudgetScope,
        /// That scope's cap for the current period.
        cap: Micros,
        /// Settled spending in the current period.
        spent: Micros,
        /// Held by reservations not yet settled or released.
        reserved: Micros,
    },
    /// The model has no price, so its calls cannot be bounded: refused (fail closed).
    #[error(
        "no price known for model {model:?}: LLM calls to it are refused (fail closed); add it to the price table"
    )]
    UnknownModel {
        /// The model name as requested.
        model: String,
    },
    /// A negative amount was passed where only costs (>= 0) make sense.
    #[error("invalid amount {amount}: {reason}")]
    InvalidAmount {
        /// The offending amount.
        amount: Micros,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// The price table file could not be read or parsed, or holds an invalid price.
    #[error("price table: {0}")]
    PriceTable(String),
    /// The webhook URL is not a valid http(s) URL.
    #[error("alert webhook URL is invalid: {0}")]
    InvalidWebhook(String),
    /// The alert sink failed to store an alert.
    #[error("alert sink: {0}")]
    AlertSink(String),
    /// The budget backend failed (I/O, connection, corrupted state).
    #[error("budget backend: {0}")]
    Backend(String),
}
