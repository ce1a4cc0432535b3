//! Interpretations: what an answer answered, restated in canonical words
//! ("Race winner · 2012 Monaco Grand Prix"). An intent may state its own
//! (`Ctx::interpret`); otherwise one is built from the intent's label and
//! what the parse read (names, seasons, rounds), which is exactly what the
//! answer's SQL was given.

use super::ctx::Ctx;

/// The label of an intent that states no interpretation of its own
/// ("fastest lap speed"): every typed query states one.
fn label(intent: &str) -> String {
    intent.replace('_', " ")
}

impl Ctx<'_> {
    /// States the interpretation of the answer being built (used instead
    /// of the default when the intent knows better, e.g. which measure and
    /// which filters it applied).
    pub fn interpret(&self, text: impl Into<String>) {
        *self.interpretation.borrow_mut() = Some(text.into());
    }

    /// The interpretation of an answer by `intent`: the stated one, or the
    /// intent's label followed by every name, season and round the parse
    /// read, in the question's order.
    pub fn interpretation(&self, intent: &str) -> String {
        if let Some(stated) = self.interpretation.borrow().clone() {
            return stated;
        }
        let r = self.r;
        let mut parts = vec![label(intent)];
        let mut named: Vec<(usize, &str)> = Vec::new();
        named.extend(r.drivers.iter().map(|d| (d.start, d.entity.name.as_str())));
        named.extend(
            r.constructors
                .iter()
                .map(|c| (c.start, c.entity.name.as_str())),
        );
        named.sort_by_key(|(start, _)| *start);
        parts.extend(named.into_iter().map(|(_, n)| n.to_string()));
        parts.extend(r.locs.iter().map(|l| l.entity.name.clone()));
        parts.extend(r.parsed.years.iter().map(i64::to_string));
        parts.extend(r.parsed.rounds.iter().map(|n| format!("round {n}")));
        parts.join(" · ")
    }
}

impl Ctx<'_> {
    /// Like [`Ctx::answer`], but when the rows do not answer the question
    /// it passes (`None`) instead of refusing, so a later route that reads
    /// the question differently is still tried.
    pub fn answer_or_pass(
        &self,
        intent: &str,
        sql: &str,
        params: Vec<serde_json::Value>,
        confidence: f32,
        sentence: impl FnOnce(&pitwall_f1data::Table) -> Option<String>,
    ) -> Result<Option<crate::Outcome>, crate::EngineError> {
        let table = self.run(sql, &params)?;
        let Some(text) = sentence(&table) else {
            return Ok(None);
        };
        let mut answer = crate::Answer {
            answer: text,
            table,
            sql: sql.to_string(),
            params,
            intent: intent.to_string(),
            interpretation: self.interpretation(intent),
            confidence,
            column_labels: Vec::new(),
            chart: None,
        };
        crate::present::dress(&mut answer);
        Ok(Some(crate::Outcome::Answered(answer)))
    }
}
