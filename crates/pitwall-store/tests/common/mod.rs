//! Rows the store tests write.

#![allow(dead_code)]

use chrono::Utc;
use pitwall_store::{new_id, AppStore, HistoryEntry, HistoryPage, UsageRow};

/// A small answered question, asked now.
pub fn entry(question: &str) -> HistoryEntry {
    HistoryEntry {
        id: new_id(),
        question: question.into(),
        normalised: question.to_lowercase(),
        answer: "a".into(),
        source: "local".into(),
        status: "answered".into(),
        reason: None,
        intent: None,
        interpretation: String::new(),
        unparsed: vec![],
        sql: None,
        params: vec![],
        columns: vec!["c".into()],
        rows: vec![vec![serde_json::json!(1)]],
        column_labels: vec![],
        chart: None,
        row_count: 1,
        truncated: false,
        confidence: None,
        latency_ms: 1,
        request_id: format!("req-{question}"),
        principal: "anonymous".into(),
        created_at: Utc::now(),
    }
}

/// A ledger row booking `cost_micros`, now.
pub fn usage(cost_micros: i64) -> UsageRow {
    UsageRow {
        request_id: format!("req-{cost_micros}"),
        principal: "anonymous".into(),
        model: "gpt-4o-mini".into(),
        prompt_tokens: 10,
        cached_tokens: 0,
        completion_tokens: 5,
        cost_micros,
        at: Utc::now(),
    }
}

/// Every history row in the store, counted page by page.
pub async fn count_history(store: &dyn AppStore) -> usize {
    let mut total = 0;
    let mut before = None;
    loop {
        let page = store
            .list_history(HistoryPage { limit: 100, before })
            .await
            .unwrap();
        if page.is_empty() {
            return total;
        }
        total += page.len();
        before = page.last().map(|e| e.id);
    }
}
