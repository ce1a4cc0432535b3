//! The alert for a sync whose validation failed: logged as an error and,
//! when `PITWALL_ALERT_WEBHOOK_URL` is set, posted to that Slack-compatible
//! webhook (`{"text": …}`), the same path the LLM budget alerts use.

use std::time::Duration;

use crate::config::SyncConfig;
use crate::error::SyncError;

/// Raises the alert; never fails the caller (the sync already failed).
pub async fn validation_failed(config: &SyncConfig, error: &SyncError) {
    let text = format!("pitwall F1 sync: {error}");
    tracing::error!(alert = "f1_sync_validation_failed", "{text}");
    let Some(url) = config.alert_webhook.as_deref() else {
        return;
    };
    let client = match reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
    {
        Ok(c) => c,
        Err(e) => {
            tracing::warn!(error = %e, "alert webhook client");
            return;
        }
    };
    let body = serde_json::json!({ "text": text });
    if let Err(e) = client
        .post(url)
        .json(&body)
        .send()
        .await
        .and_then(|r| r.error_for_status())
    {
        tracing::warn!(error = %e, "could not post the sync alert");
    }
}
