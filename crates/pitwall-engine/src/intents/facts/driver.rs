//! One driver's own columns: three-letter code, permanent number (or the
//! numbers raced with in a season), Ergast driverRef, date of birth,
//! nationality and Wikipedia URL. Several may be asked at once ("code and
//! number"). Birthplaces are not in the data and are declined. The fact
//! family's entry point and words; the query is `query::DriverFacts`.

use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::query::DriverFacts;
use crate::{EngineError, Outcome};

/// Words of driver-fact questions that the answer honours.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "is", "was", "his", "her", "the", "of", "does", "did", "use", "uses", "used",
    "have", "has", "had", "and", "in", "data", "database", "ergast", "dataset", "official",
    "give", "me", "for", "page", "article", "link", "on", "which", "when", "year", "date",
    "listed", "as", "recorded", "given",
];

/// Claims questions about one driver's own columns: a typed query
/// (`query::DriverFacts`), kept in the fact families' order. A column
/// the data leaves empty for this driver is declined, saying which.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let q = parsed!(crate::parse::driver::driver_facts(ctx));
    let (DriverFacts::Fields { driver, .. } | DriverFacts::SeasonNumbers { driver, .. }) = q;
    let name = ctx.idx.driver_name(driver);
    let (_, word_mentions) =
        crate::parse::driver::named_drivers(ctx, &["birth", "born", "code", "number"]);
    let conf = ctx.confidence(1 + word_mentions, 0, 0);
    let compiled = crate::compile::driver_facts(&q);
    if let DriverFacts::Fields { fields, .. } = &q {
        let t = ctx.run(&compiled.sql, &compiled.params)?;
        if let Some(f) = fields.iter().find(|f| cell(&t, 0, f.column()) == "-") {
            return Ok(Some(ctx.refuse(&format!(
                "The data has no {} for {name}{}.",
                f.label(),
                f.why_missing()
            ))));
        }
    }
    ctx.interpret(crate::phrase::driver::facts_interpretation(&q, &name));
    ctx.answer("driver_facts", &compiled.sql, compiled.params, conf, |t| {
        crate::phrase::driver::facts_sentence(&q, t, &name)
    })
}
