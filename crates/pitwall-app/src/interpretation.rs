//! The `interpretation` of answers the local engine did not restate.
//!
//! The engine restates what it answered in canonical words. A model answer
//! has no such restatement we could trust: the model's own account of what
//! it understood is unchecked text, while its SQL is what actually produced
//! the numbers. So a model answer (fresh or from the answer cache) says so
//! and points at the SQL instead of inventing a canonical reading.

/// A model answer whose SQL is shown: the SQL is the interpretation.
pub const MODEL_WITH_SQL: &str = "Model answer (see the SQL)";
/// A model answer that ran no query: nothing to check it against.
pub const MODEL_WITHOUT_SQL: &str = "Model answer (no query was run)";
/// A decline with no best guess: nothing was answered.
pub const NOT_ANSWERED: &str = "Not answered";

/// The interpretation of a model answer, fresh or cached.
pub fn model(sql: Option<&str>) -> String {
    match sql {
        Some(_) => MODEL_WITH_SQL.into(),
        None => MODEL_WITHOUT_SQL.into(),
    }
}

/// The interpretation of the engine's answer by `intent`: its own
/// restatement, or, should an intent ever return none, the intent's name in
/// words ("race_winner" → "Race winner"), so an answer never comes without one.
pub fn local(restated: String, intent: &str) -> String {
    if !restated.trim().is_empty() {
        return restated;
    }
    let words = intent.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Local answer".into(),
    }
}

/// The interpretation of the engine's low-confidence guess served as a
/// fallback: marked as a guess, so it does not read as a confident reading.
pub fn best_guess(restated: &str, intent: &str) -> String {
    format!("Best guess · {}", local(restated.to_string(), intent))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_intent_without_a_restatement_is_named_in_words() {
        assert_eq!(
            local("Race winner · 2012 Monaco Grand Prix".into(), "race_winner"),
            "Race winner · 2012 Monaco Grand Prix"
        );
        assert_eq!(local(" ".into(), "race_winner"), "Race winner");
        assert_eq!(
            best_guess("Wins · Ferrari", "wins"),
            "Best guess · Wins · Ferrari"
        );
        assert_eq!(model(Some("SELECT 1")), MODEL_WITH_SQL);
        assert_eq!(model(None), MODEL_WITHOUT_SQL);
    }
}
