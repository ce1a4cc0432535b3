//! [`AskContext`]: who asks a question and under which request.

use crate::principal::{IpGroup, Principal};

/// Who is asking and under which request.
#[derive(Debug, Clone)]
pub struct AskContext {
    /// Correlates logs, history and the response header.
    pub request_id: String,
    /// Who is asking: history, the usage ledger and budgets are keyed by it.
    pub principal: Principal,
    /// The principal's own LLM $ cap per UTC day (its plan's), set by the
    /// pipeline; `None` for admins (global caps only).
    pub(crate) llm_usd_cap: Option<pitwall_budget::Micros>,
    /// Whether the principal's plan LLM allowances apply (false for the
    /// in-process caller of [`AskContext::anonymous`]).
    pub(crate) plan_allowances: bool,
}

impl AskContext {
    /// A context for `principal` under `request_id`, held to its plan's
    /// LLM allowances (questions and $ per day).
    pub fn new(request_id: impl Into<String>, principal: Principal) -> Self {
        Self {
            request_id: request_id.into(),
            principal,
            llm_usd_cap: None,
            plan_allowances: true,
        }
    }

    /// The in-process caller (`pitwall ask`, tests, benches): anonymous
    /// loopback in history and the ledger, under the global and configured
    /// per-user caps but not a plan's allowances (an operator on the
    /// machine is not a web client).
    pub fn anonymous(request_id: impl Into<String>) -> Self {
        Self {
            plan_allowances: false,
            ..Self::new(request_id, Principal::anonymous(IpGroup::loopback()))
        }
    }
}
