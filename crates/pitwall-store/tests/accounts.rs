//! The SQLite backend passes the account-store conformance suite (users,
//! keys, plans, settings, audit log, per-principal history and erasure).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use pitwall_store::SqliteStore;

#[tokio::test]
async fn sqlite_store_conforms_to_the_account_store_suite() {
    let store = SqliteStore::in_memory().await.unwrap();
    pitwall_store::conformance::account_store_suite(&store).await;
}
