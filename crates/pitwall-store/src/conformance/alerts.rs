//! Conformance suite for the alert lifecycle: fire, list by state, resolve
//! by rule and scope, never resolve twice.

use chrono::{Duration, Utc};

use crate::{AlertRow, AlertState, AppStore};

fn alert(kind: &str, scope: Option<&str>, at: chrono::DateTime<Utc>) -> AlertRow {
    AlertRow {
        kind: kind.into(),
        message: format!("{kind} fired"),
        scope: scope.map(Into::into),
        percent: None,
        at,
        severity: "critical".into(),
        detail: "5xx 3.2 % of 1,000 requests over 5 min".into(),
        resolved_at: None,
    }
}

/// Runs every check against an empty store.
pub async fn alerts_suite(store: &dyn AppStore) {
    // Stored with microseconds: start from a time that round-trips.
    let now = Utc::now() - Duration::minutes(10);
    let t0 = chrono::DateTime::from_timestamp_micros(now.timestamp_micros()).unwrap_or(now);
    let errors = alert("error_rate", None, t0);
    let daily = AlertRow {
        percent: Some(80),
        ..alert("budget_threshold", Some("global_daily"), t0)
    };
    let monthly = alert("budget_threshold", Some("global_monthly"), t0);
    for a in [&errors, &daily, &monthly] {
        assert!(store.insert_alert(a).await.is_ok());
    }
    let firing = store.list_alerts(AlertState::Firing, 10).await.ok();
    assert_eq!(firing.map(|v| v.len()), Some(3));
    // Round trip of every field, newest first.
    let all = store
        .list_alerts(AlertState::All, 10)
        .await
        .ok()
        .unwrap_or_default();
    assert_eq!(all.last(), Some(&errors));

    // Resolving matches rule, scope and percent; a missing one is `None`.
    let other = store
        .resolve_alerts("budget_threshold", Some("global_daily"), Some(50), t0)
        .await
        .ok();
    assert_eq!(
        other,
        Some(0),
        "another threshold of the scope is not this one"
    );
    let at = t0 + Duration::minutes(5);
    let n = store
        .resolve_alerts("budget_threshold", Some("global_daily"), Some(80), at)
        .await
        .ok();
    assert_eq!(n, Some(1));
    let n = store
        .resolve_alerts("error_rate", None, None, at)
        .await
        .ok();
    assert_eq!(n, Some(1));
    // Already resolved: nothing changes, the first resolve time stays.
    let again = at + Duration::minutes(1);
    let n = store
        .resolve_alerts("error_rate", None, None, again)
        .await
        .ok();
    assert_eq!(n, Some(0));
    let resolved = store
        .list_alerts(AlertState::Resolved, 10)
        .await
        .ok()
        .unwrap_or_default();
    assert_eq!(resolved.len(), 2);
    let resolved_errors = resolved.iter().find(|a| a.kind == "error_rate");
    let stamp = resolved_errors.and_then(|a| a.resolved_at);
    assert_eq!(
        stamp.map(|t| t.timestamp_micros()),
        Some(at.timestamp_micros())
    );
    let firing = store
        .list_alerts(AlertState::Firing, 10)
        .await
        .ok()
        .unwrap_or_default();
    assert_eq!(firing, vec![monthly]);
    // A rule can fire again after it resolved: a new row.
    assert!(store
        .insert_alert(&alert("error_rate", None, again))
        .await
        .is_ok());
    let firing = store
        .list_alerts(AlertState::Firing, 10)
        .await
        .ok()
        .unwrap_or_default();
    assert_eq!(firing.len(), 2);
}

/// Checks [`AppStore::alerts_between`] against an empty store: an alert
/// counts in a period when it fired or resolved in it.
pub async fn alerts_between_suite(store: &dyn AppStore) {
    let t0 = chrono::DateTime::from_timestamp(1_770_000_000, 0).unwrap_or_default();
    let at = |h: i64| t0 + Duration::hours(h);
    let rows = [
        alert("before", None, at(-5)),
        AlertRow {
            resolved_at: Some(at(1)),
            ..alert("resolved_inside", None, at(-5))
        },
        alert("fired_inside", None, at(2)),
        alert("after", None, at(30)),
    ];
    for a in &rows {
        assert!(store.insert_alert(a).await.is_ok());
    }
    let inside = store
        .alerts_between(at(0), at(24), 10)
        .await
        .unwrap_or_default();
    let kinds: Vec<&str> = inside.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, ["fired_inside", "resolved_inside"], "newest first");
    let limited = store
        .alerts_between(at(0), at(24), 1)
        .await
        .unwrap_or_default();
    assert_eq!(limited.len(), 1);
    assert!(store
        .alerts_between(at(-100), at(-50), 10)
        .await
        .unwrap_or_default()
        .is_empty());
}
