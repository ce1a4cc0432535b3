//! Operator settings that must survive a restart: the LLM kill switch.
//! Stored in the app database and read back at start-up, so an operator who
//! switched the LLM off during a cost spike does not get it back on by a
//! deploy or a crash.

use crate::admin::{Actor, AdminError};
use crate::App;

/// The setting's stored name.
pub(crate) const LLM_ENABLED: &str = "llm_enabled";

impl App {
    /// Switches the LLM on or off, stores the choice and audits it.
    pub async fn set_llm_enabled(&self, actor: &Actor, enabled: bool) -> Result<(), AdminError> {
        let before = self.llm.status().await.enabled;
        self.store
            .put_setting(LLM_ENABLED, &serde_json::Value::Bool(enabled))
            .await?;
        self.llm.set_enabled(enabled);
        self.audit(
            actor,
            "llm.switch",
            LLM_ENABLED,
            Some(serde_json::json!({ "enabled": before })),
            Some(serde_json::json!({ "enabled": enabled })),
        )
        .await
    }

    /// Applies the stored kill switch, if an operator ever set one (it wins
    /// over `PITWALL_LLM_ENABLED`, which only says how a fresh install starts).
    pub(crate) async fn restore_settings(&self) -> Result<(), pitwall_store::StoreError> {
        if let Some(serde_json::Value::Bool(enabled)) = self.store.get_setting(LLM_ENABLED).await? {
            if enabled != self.llm.status().await.enabled {
                tracing::warn!(enabled, "LLM switch restored from the app database");
                self.llm.set_enabled(enabled);
            }
        }
        Ok(())
    }
}
