//! App-state storage (history, usage ledger, alerts, audit) behind a trait, one module per backend.
