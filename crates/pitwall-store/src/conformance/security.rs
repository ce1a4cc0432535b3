//! Conformance suite for security events
//! ([`AppStore::insert_security_event`], [`AppStore::security_summary`]).

use chrono::{Duration, Utc};

use crate::{AppStore, SecurityEventRow};

fn event(kind: &str, principal: &str, key_id: Option<&str>, ago: Duration) -> SecurityEventRow {
    SecurityEventRow {
        at: Utc::now() - ago,
        kind: kind.into(),
        principal: principal.into(),
        ip_group: "203.0.113.9".into(),
        key_id: key_id.map(str::to_string),
        detail: String::new(),
    }
}

/// Runs every check against an empty store.
pub async fn security_events_suite(store: &dyn AppStore) {
    let bad = "ip:203.0.113.9";
    for e in [
        event("failed_auth", bad, Some("00aa"), Duration::minutes(1)),
        event("failed_auth", bad, Some("00aa"), Duration::minutes(2)),
        event("failed_auth", bad, Some("00aa"), Duration::days(9)),
        event("rate_limited", "user:x'--", None, Duration::minutes(3)),
    ] {
        assert!(store.insert_security_event(&e).await.is_ok());
    }
    let summary = store
        .security_summary(Utc::now() - Duration::days(7), Utc::now())
        .await
        .unwrap_or_default();
    assert_eq!(summary.len(), 2, "{summary:?}");
    assert_eq!(
        (
            summary[0].kind.as_str(),
            summary[0].principal.as_str(),
            summary[0].events
        ),
        ("failed_auth", bad, 2)
    );
    assert_eq!(summary[0].key_id.as_deref(), Some("00aa"));
    assert_eq!(
        (
            summary[1].kind.as_str(),
            summary[1].principal.as_str(),
            summary[1].events
        ),
        ("rate_limited", "user:x'--", 1)
    );
    // `until` is exclusive: a period that ended 150 seconds ago holds
    // only the event 3 minutes old (the rate limit), not the newer ones.
    let earlier = store
        .security_summary(
            Utc::now() - Duration::days(7),
            Utc::now() - Duration::seconds(150),
        )
        .await
        .unwrap_or_default();
    assert_eq!(earlier.len(), 1, "{earlier:?}");
    assert_eq!(earlier[0].kind, "rate_limited");
    // Pruning drops only events before the cutoff (the 9-day-old one).
    let pruned = store
        .prune_security_events(Utc::now() - Duration::days(7))
        .await
        .ok();
    assert_eq!(pruned, Some(1));
    let left = store
        .security_summary(Utc::now() - Duration::days(400), Utc::now())
        .await
        .unwrap_or_default();
    assert_eq!(left.iter().map(|c| c.events).sum::<i64>(), 3);
}
