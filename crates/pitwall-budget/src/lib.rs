//! LLM cost control: price table, usage ledger, reservation-based budgets and threshold alerts.
//!
//! Spending is enforced by *reservation*, never check-then-spend: before an LLM call the
//! caller reserves the call's worst case ([`Price::worst_case`] of the estimated prompt and
//! `max_tokens`); afterwards it settles to the actual cost (refunding the difference) or
//! releases the hold on failure. A reservation that does not fit every cap is refused, so
//! concurrent calls can never push spent + reserved past a cap.
//!
//! ```text
//! let price = prices.require(model)?;                     // unpriced model: refused
//! let hold = store.reserve(user, price.worst_case(est, max_tokens), now).await?;
//! match call_llm().await {
//!     Ok(resp) => for c in store.settle(hold, price.cost(&resp.usage), now).await? {
//!         alerts.fire(Alert::from_crossing(&c, now));
//!     },
//!     Err(_) => store.release(hold).await?,
//! }
//! ```
//!
//! Money is integer micro-dollars ([`Micros`]); periods are UTC days and months.

mod alert;
#[doc(hidden)]
pub mod conformance;
mod dispatcher;
mod error;
mod in_process;
mod ledger;
mod money;
mod period;
mod price;
mod store;

pub use alert::{
    Alert, AlertSink, LogOnlySink, MemoryAlertSink, KIND_BILLING_EXHAUSTED, KIND_BUDGET_THRESHOLD,
};
/// Re-exported so backends implement [`BudgetStore`] and [`AlertSink`] with the same macro.
pub use async_trait::async_trait;
pub use dispatcher::{AlertDispatcher, AlertRetryPolicy, DEFAULT_ALERT_QUEUE_CAPACITY};
pub use error::BudgetError;
pub use in_process::InProcessBudget;
pub use ledger::UsageRecord;
pub use money::Micros;
pub use period::{BudgetScope, PeriodKind};
pub use price::{estimate_prompt_tokens, Price, PriceTable, TokenUsage};
pub use store::{
    scopes_for, thresholds_crossed, BudgetCaps, BudgetStatus, BudgetStore, Reservation,
    ThresholdCrossing, ALERT_THRESHOLDS, DEFAULT_RESERVATION_TTL,
};
