//! Route handlers, one module per resource.

pub mod admin;
pub mod admin_accounts;
pub mod admin_alerts;
pub mod admin_dashboard;
pub mod admin_security;
pub mod admin_usage;
pub mod ask;
pub mod capabilities;
pub mod chart;
pub mod health;
pub mod history;
pub mod openapi;
#[cfg(feature = "test-routes")]
pub mod test_only;
pub mod version;
pub mod web;
