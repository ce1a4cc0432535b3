//! Error tracking: `SENTRY_DSN` (secret, or `SENTRY_DSN_FILE`) and
//! `PITWALL_ERRORS_INCLUDE_QUESTIONS`.
//!
//! | variable | default | meaning |
//! |---|---|---|
//! | `SENTRY_DSN` / `SENTRY_DSN_FILE` | unset | where 5xx errors and panics are sent; unset, nothing leaves the machine |
//! | `PITWALL_ERRORS_INCLUDE_QUESTIONS` | `false` | send the question text with an error event |
//!
//! The DSN is held as a secret: it carries the project's key, and whoever
//! has it can send events into the project.

use secrecy::SecretString;

use crate::{ConfigError, Env};

/// Where errors go and what they may carry.
#[derive(Debug, Clone, Default)]
pub struct ErrorTrackingConfig {
    /// `SENTRY_DSN`: the Sentry project to send to; `None` sends nothing.
    pub dsn: Option<SecretString>,
    /// `PITWALL_ERRORS_INCLUDE_QUESTIONS`: whether an event may carry the
    /// question being answered. Off by default: a question is the user's
    /// text, and an error tracker is usually kept longer and seen by more
    /// people than the history is.
    pub include_questions: bool,
}

impl ErrorTrackingConfig {
    /// Resolves the error-tracking settings.
    pub fn load(env: &Env) -> Result<Self, ConfigError> {
        Ok(Self {
            dsn: env.secret("SENTRY_DSN")?,
            include_questions: env
                .flag("PITWALL_ERRORS_INCLUDE_QUESTIONS")?
                .unwrap_or(false),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use secrecy::ExposeSecret;

    use super::ErrorTrackingConfig;
    use crate::Env;

    #[test]
    fn off_without_a_dsn_and_questions_left_out_by_default() {
        let config = ErrorTrackingConfig::load(&Env::default()).unwrap();
        assert!(config.dsn.is_none());
        assert!(!config.include_questions);
    }

    #[test]
    fn the_dsn_comes_from_the_variable_or_its_file_but_not_both() {
        let dsn = "http://public@127.0.0.1:9/1";
        let config = ErrorTrackingConfig::load(&Env::from_pairs([("SENTRY_DSN", dsn)])).unwrap();
        assert_eq!(config.dsn.unwrap().expose_secret(), dsn);

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("dsn");
        std::fs::write(&file, format!("{dsn}\n")).unwrap();
        let path = file.to_str().unwrap();
        let config =
            ErrorTrackingConfig::load(&Env::from_pairs([("SENTRY_DSN_FILE", path)])).unwrap();
        assert_eq!(config.dsn.unwrap().expose_secret(), dsn);

        let both = Env::from_pairs([("SENTRY_DSN", dsn), ("SENTRY_DSN_FILE", path)]);
        assert!(ErrorTrackingConfig::load(&both).is_err());
    }

    #[test]
    fn questions_are_included_only_when_asked_for() {
        let on = Env::from_pairs([("PITWALL_ERRORS_INCLUDE_QUESTIONS", "true")]);
        assert!(ErrorTrackingConfig::load(&on).unwrap().include_questions);
        let bad = Env::from_pairs([("PITWALL_ERRORS_INCLUDE_QUESTIONS", "maybe")]);
        assert!(ErrorTrackingConfig::load(&bad).is_err());
    }
}
