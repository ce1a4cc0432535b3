//! Conformance suite for per-plan history retention
//! ([`AppStore::prune_history_by_plan`]).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};

use crate::accounts::UserRow;
use crate::{new_id, AppStore, HistoryEntry, RetentionCutoffs};

fn entry(principal: &str, asked: DateTime<Utc>) -> HistoryEntry {
    HistoryEntry {
        normalised: String::new(),
        ..super::history_entry(principal, &format!("asked by {principal}"), asked)
    }
}

async fn user_on(store: &dyn AppStore, plan: &str) -> String {
    let user = UserRow {
        id: new_id(),
        name: format!("on {plan}"),
        plan: plan.into(),
        blocked: false,
        created_at: Utc::now(),
    };
    assert!(store.insert_user(&user).await.is_ok());
    format!("user:{}", user.id)
}

async fn has(store: &dyn AppStore, e: &HistoryEntry) -> bool {
    matches!(store.get_history(e.id).await, Ok(Some(_)))
}

/// Runs every check against an empty store.
pub async fn retention_by_plan_suite(store: &dyn AppStore) {
    let now = Utc::now();
    let days = |n: i64| now - Duration::days(n);
    let short = user_on(store, "short").await;
    let long = user_on(store, "long").await;
    let keep = user_on(store, "keep").await;
    let gone_plan = user_on(store, "removed").await;
    let anon = "ip:198.51.100.9";
    let cutoffs = RetentionCutoffs {
        by_plan: BTreeMap::from([
            ("short".to_string(), Some(days(7))),
            ("long".to_string(), Some(days(365))),
            ("keep".to_string(), None),
            ("anonymous".to_string(), Some(days(30))),
        ]),
        other: Some(days(30)),
    };
    // Same ages on every plan: only the plan decides.
    let mut expect = Vec::new();
    for (who, age, stays) in [
        (short.as_str(), 10, false),
        (short.as_str(), 3, true),
        (long.as_str(), 10, true),
        (long.as_str(), 400, false),
        (keep.as_str(), 4_000, true),
        (anon, 10, true),
        (anon, 40, false),
        ("admin:bootstrap", 40, false),
        (gone_plan.as_str(), 40, false),
        (gone_plan.as_str(), 10, true),
    ] {
        let e = entry(who, days(age));
        assert!(store.insert_history(&e).await.is_ok());
        expect.push((e, stays));
    }
    // More old rows than one batch deletes: every one goes.
    let mut bulk = Vec::new();
    for i in 0..2_100 {
        let e = entry(&short, days(20) + Duration::milliseconds(i));
        assert!(store.insert_history(&e).await.is_ok());
        bulk.push(e);
    }
    let removed = store.prune_history_by_plan(&cutoffs).await.ok();
    assert_eq!(removed, Some(2_100 + 5));
    for (e, stays) in &expect {
        assert_eq!(
            has(store, e).await,
            *stays,
            "{} asked {}",
            e.principal,
            e.created_at
        );
    }
    assert!(!has(store, &bulk[0]).await && !has(store, &bulk[2_099]).await);
    // Nothing expires: nothing is deleted, and a second run finds nothing.
    assert_eq!(
        store
            .prune_history_by_plan(&RetentionCutoffs::default())
            .await
            .ok(),
        Some(0)
    );
    assert_eq!(store.prune_history_by_plan(&cutoffs).await.ok(), Some(0));
}
