//! Conformance suite for [`AccountStore`] (users, keys, plans, settings,
//! audit) and the per-principal history queries of [`AppStore`].

use chrono::{Duration, Utc};
use serde_json::json;

use crate::accounts::{AccountStore, AuditRow, KeyRow, UserRow};
use crate::{new_id, AppStore, HistoryEntry, HistoryPage};

fn user(name: &str, plan: &str) -> UserRow {
    UserRow {
        id: new_id(),
        name: name.to_string(),
        plan: plan.to_string(),
        blocked: false,
        // Stores keep microseconds: round so round trips compare equal.
        created_at: micros(Utc::now()),
    }
}

fn micros(at: chrono::DateTime<Utc>) -> chrono::DateTime<Utc> {
    chrono::DateTime::from_timestamp_micros(at.timestamp_micros()).unwrap_or(at)
}

fn key(public_id: &str, user: &UserRow) -> KeyRow {
    KeyRow {
        public_id: public_id.to_string(),
        user_id: user.id,
        label: "laptop'); DROP TABLE users;--".to_string(),
        role: "user".to_string(),
        hash: vec![7; 32],
        created_at: micros(Utc::now()),
        expires_at: None,
        revoked_at: None,
        last_used_at: None,
    }
}

/// Runs every check against an empty store.
pub async fn account_store_suite(store: &dyn AppStore) {
    users_round_trip(store).await;
    keys_are_found_with_their_user_and_revocation_only_moves_earlier(store).await;
    plans_and_settings_replace(store).await;
    audit_is_newest_first(store).await;
    history_is_per_principal_and_erasable(store).await;
    usage_top_ranks_principals(store).await;
}

async fn usage_top_ranks_principals(store: &dyn AppStore) {
    let since = Utc::now() - Duration::minutes(1);
    for (principal, n) in [("ip:198.51.100.1", 3), ("ip:198.51.100.2", 1)] {
        for i in 0..n {
            assert!(store
                .insert_history(&entry(principal, &format!("u{i}")))
                .await
                .is_ok());
        }
    }
    let row = crate::UsageRow {
        request_id: "r".into(),
        principal: "ip:198.51.100.2".into(),
        model: "m".into(),
        prompt_tokens: 1,
        cached_tokens: 0,
        completion_tokens: 1,
        cost_micros: 500,
        at: Utc::now(),
    };
    assert!(store.insert_usage(&row).await.is_ok());
    let by_requests = store
        .usage_top(since, crate::UsageOrder::Requests, 10)
        .await
        .unwrap_or_default();
    assert_eq!(by_requests[0].principal, "ip:198.51.100.1");
    assert_eq!(by_requests[0].requests, 3);
    let by_cost = store
        .usage_top(since, crate::UsageOrder::Cost, 1)
        .await
        .unwrap_or_default();
    assert_eq!(by_cost.len(), 1);
    assert_eq!(
        (
            by_cost[0].principal.as_str(),
            by_cost[0].llm_calls,
            by_cost[0].cost_micros,
            by_cost[0].requests
        ),
        ("ip:198.51.100.2", 1, 500, 1)
    );
    let later = store
        .usage_top(
            Utc::now() + Duration::minutes(1),
            crate::UsageOrder::Cost,
            10,
        )
        .await
        .unwrap_or_default();
    assert!(later.is_empty(), "only usage since the given time");
}

async fn users_round_trip(store: &dyn AccountStore) {
    let alice = user("<script>alert('alice')</script>", "free");
    store.insert_user(&alice).await.ok();
    assert_eq!(
        store.get_user(alice.id).await.ok().flatten(),
        Some(alice.clone()),
        "stored literally"
    );
    let mut changed = alice.clone();
    changed.plan = "pro".into();
    changed.blocked = true;
    assert!(matches!(store.update_user(&changed).await, Ok(true)));
    assert_eq!(store.get_user(alice.id).await.ok().flatten(), Some(changed));
    assert!(matches!(
        store.update_user(&user("ghost", "free")).await,
        Ok(false)
    ));
    let listed = store.list_users().await.unwrap_or_default();
    assert!(listed.iter().any(|u| u.id == alice.id), "listed");
}

async fn keys_are_found_with_their_user_and_revocation_only_moves_earlier(
    store: &dyn AccountStore,
) {
    let bob = user("bob", "free");
    store.insert_user(&bob).await.ok();
    let k = key("00000000000000b1", &bob);
    assert!(store.insert_key(&k).await.is_ok(), "key stored");
    assert!(store.insert_key(&k).await.is_err(), "public ids are unique");
    let mut orphan = key("00000000000000b2", &bob);
    orphan.user_id = new_id();
    assert!(
        store.insert_key(&orphan).await.is_err(),
        "a key needs its user"
    );
    let found = store.find_key("00000000000000b1").await.ok().flatten();
    assert_eq!(
        found,
        Some((k.clone(), bob.clone())),
        "key and user in one lookup"
    );
    assert_eq!(
        store.find_key("00000000000000ff").await.ok().flatten(),
        None
    );

    let now = micros(Utc::now());
    let later = now + Duration::hours(1);
    assert!(matches!(
        store.revoke_key(&k.public_id, later).await,
        Ok(true)
    ));
    assert!(matches!(
        store.revoke_key(&k.public_id, now).await,
        Ok(true)
    ));
    assert!(matches!(
        store.revoke_key(&k.public_id, later).await,
        Ok(true)
    ));
    let (stored, _) = store
        .find_key(&k.public_id)
        .await
        .ok()
        .flatten()
        .unwrap_or((k.clone(), bob.clone()));
    assert_eq!(
        stored.revoked_at,
        Some(now),
        "the earliest revocation time holds"
    );
    assert!(!stored.active_at(now + Duration::seconds(1)));
    assert!(matches!(
        store.revoke_key("00000000000000ff", now).await,
        Ok(false)
    ));

    store.touch_key(&k.public_id, now).await;
    let keys = store.list_keys(bob.id).await.unwrap_or_default();
    assert_eq!(keys.len(), 1);
    assert_eq!(keys[0].label, k.label, "labels are stored literally");
}

async fn plans_and_settings_replace(store: &dyn AccountStore) {
    store
        .put_plan("pro", &json!({"requests_per_minute": 60}))
        .await
        .ok();
    store
        .put_plan("pro", &json!({"requests_per_minute": 120}))
        .await
        .ok();
    let plans = store.list_plans().await.unwrap_or_default();
    assert_eq!(
        plans,
        vec![("pro".to_string(), json!({"requests_per_minute": 120}))]
    );
    assert_eq!(store.get_setting("llm_enabled").await.ok().flatten(), None);
    store.put_setting("llm_enabled", &json!(false)).await.ok();
    store.put_setting("llm_enabled", &json!(true)).await.ok();
    assert_eq!(
        store.get_setting("llm_enabled").await.ok().flatten(),
        Some(json!(true))
    );
}

async fn audit_is_newest_first(store: &dyn AppStore) {
    for i in 0..3 {
        let row = AuditRow {
            id: 0,
            at: micros(Utc::now()),
            actor: "admin:bootstrap".into(),
            action: "plan.set".into(),
            target: format!("plan-{i}"),
            before: (i > 0).then(|| json!({"n": i - 1})),
            after: Some(json!({"n": i})),
            request_id: format!("req-{i}"),
        };
        assert!(store.insert_audit(&row).await.is_ok());
    }
    let rows = store.list_audit(2, None).await.unwrap_or_default();
    let targets: Vec<&str> = rows.iter().map(|r| r.target.as_str()).collect();
    assert_eq!(targets, ["plan-2", "plan-1"]);
    let older = store
        .list_audit(10, Some(rows[1].id))
        .await
        .unwrap_or_default();
    assert_eq!(older.len(), 1);
    assert_eq!(older[0].before, None);
    assert_eq!(older[0].after, Some(json!({"n": 0})));
}

fn entry(principal: &str, question: &str) -> HistoryEntry {
    HistoryEntry {
        id: new_id(),
        ..super::history_entry(principal, question, micros(Utc::now()))
    }
}

async fn history_is_per_principal_and_erasable(store: &dyn AppStore) {
    let mine: Vec<HistoryEntry> = (0..3).map(|i| entry("user:a", &format!("q{i}"))).collect();
    let theirs = entry("ip:203.0.113.7", "theirs");
    for e in mine.iter().chain([&theirs]) {
        assert!(store.insert_history(e).await.is_ok());
    }
    let page = |limit, before| HistoryPage { limit, before };
    let listed = store
        .list_history_of("user:a", page(2, None))
        .await
        .unwrap_or_default();
    let ids: Vec<_> = listed.iter().map(|e| e.id).collect();
    assert_eq!(ids, [mine[2].id, mine[1].id], "own entries, newest first");
    let next = store
        .list_history_of("user:a", page(10, Some(mine[1].id)))
        .await
        .unwrap_or_default();
    assert_eq!(next.iter().map(|e| e.id).collect::<Vec<_>>(), [mine[0].id]);
    assert!(
        matches!(store.delete_history(theirs.id, "user:a").await, Ok(false)),
        "someone else's entry is not erased"
    );
    assert!(matches!(
        store.delete_history(mine[0].id, "user:a").await,
        Ok(true)
    ));
    assert_eq!(
        store.get_history(mine[0].id).await.ok().flatten(),
        None,
        "erased"
    );
    assert!(matches!(store.delete_history_of("user:a").await, Ok(2)));
    assert!(store
        .list_history_of("user:a", page(10, None))
        .await
        .unwrap_or_default()
        .is_empty());
    assert!(
        store.get_history(theirs.id).await.ok().flatten().is_some(),
        "others' entries stay"
    );
}
