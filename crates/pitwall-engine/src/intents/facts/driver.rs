//! One driver's own columns: three-letter code, permanent number (or the
//! numbers raced with in a season), Ergast driverRef, date of birth,
//! nationality and Wikipedia URL. Several may be asked at once ("code and
//! number"). Birthplaces are not in the data and are declined.

use serde_json::json;

use super::read;
use crate::intents::ctx::cell;
use crate::intents::Ctx;
use crate::{EngineError, Outcome};

/// Words of driver-fact questions that the answer honours.
#[rustfmt::skip]
pub(super) const WORDS: &[&str] = &[
    "what", "is", "was", "his", "her", "the", "of", "does", "did", "use", "uses", "used",
    "have", "has", "had", "and", "in", "data", "database", "ergast", "dataset", "official",
    "give", "me", "for", "page", "article", "link", "on", "which", "when", "year", "date",
];

/// The columns a question may ask for: (phrases, column, label).
const FIELDS: &[(&[&str], &str, &str)] = &[
    (
        &[
            "three letter code",
            "three letter",
            "driver code",
            "code",
            "abbreviation",
            "tla",
            "acronym",
        ],
        "code",
        "driver code",
    ),
    (
        &[
            "permanent race number",
            "permanent number",
            "race number",
            "car number",
            "driver number",
            "number",
        ],
        "number",
        "permanent number",
    ),
    (
        &[
            "driverref",
            "driver ref",
            "ref",
            "reference",
            "driverid",
            "driver id",
            "ergast id",
            "id",
        ],
        "driverRef",
        "driverRef",
    ),
    (
        &[
            "date of birth",
            "birth date",
            "birthdate",
            "dob",
            "born",
            "birthday",
            "birth",
        ],
        "dob",
        "date of birth",
    ),
    (
        &[
            "nationality",
            "what country",
            "which country",
            "where is",
            "where was",
            "from",
        ],
        "nationality",
        "nationality",
    ),
    (
        &["wikipedia", "wiki", "url", "web page", "webpage"],
        "url",
        "Wikipedia page",
    ),
];

/// Claims questions about one driver's own columns.
pub(super) fn route(ctx: &Ctx) -> Result<Option<Outcome>, EngineError> {
    let r = ctx.r;
    // "date of birth" may resolve "birth" to Edgar Barth: here it is the word.
    let (drivers, word_mentions) = super::named_drivers(ctx, &["birth", "born", "code", "number"]);
    let [driver] = drivers.as_slice() else {
        return Ok(None);
    };
    if !r.constructors.is_empty() || !r.locs.is_empty() {
        return Ok(None);
    }
    // "where was X born": a birthplace, which the data does not have.
    if ctx.peek_any(&[
        "where",
        "which city",
        "what city",
        "birthplace",
        "place of birth",
        "hometown",
    ]) && ctx.peek_any(&["born", "birthplace", "birth", "hometown"])
    {
        return Ok(Some(ctx.refuse(
            "The data has no birthplaces: only each driver's date of birth and nationality.",
        )));
    }
    // "number of wins" counts; "number of Charles Leclerc" is his number.
    let p = &ctx.r.parsed;
    let counts = p.words.windows(3).enumerate().any(|(i, w)| {
        w[0] == "number" && w[1] == "of" && !p.used.get(i + 2).copied().unwrap_or(false)
    });
    if counts || ctx.peek_any(&["how many", "how old", "age"]) {
        return Ok(None);
    }
    // "from" names the nationality only with "where ... from" / "country".
    let asks_from = ctx.peek_any(&["where", "what country", "which country"]);
    // The word "birth" read as a name (spelling-corrected to "barth").
    let birth_mention = word_mentions > 0
        && r.drivers
            .iter()
            .any(|d| crate::text::fold(&d.entity.matched) == "birth");
    let fields: Vec<(&str, &str)> = FIELDS
        .iter()
        .filter(|(phrases, col, _)| {
            (*col != "nationality" || asks_from || ctx.peek_any(&["nationality"]))
                && (ctx.peek_any(phrases) || (*col == "dob" && birth_mention))
        })
        .map(|(phrases, col, label)| {
            read(ctx, phrases);
            (*col, *label)
        })
        .collect();
    // Several columns only when asked for together ("code and number"):
    // otherwise the second is a qualifier ("number on his birthday").
    if fields.is_empty() || (fields.len() > 1 && !ctx.peek_any(&["and"])) {
        return Ok(None);
    }
    let id = *driver;
    let name = ctx.idx.driver_name(id);
    let conf = ctx.confidence(1 + word_mentions, 0, 0);
    // A number with a season is the number raced with that season.
    if fields == [("number", "permanent number")] && r.parsed.years.len() == 1 {
        let Some(y) = ctx.year() else {
            return Ok(None);
        };
        let sql = "SELECT GROUP_CONCAT(DISTINCT r.number) AS numbers FROM results r JOIN races ra ON ra.raceId = r.raceId \
                   WHERE r.driverId = ? AND ra.year = ?";
        ctx.interpret(format!("Car number · {name} · {y}"));
        return ctx.answer("driver_facts", sql, vec![json!(id), json!(y)], conf, |t| {
            (cell(t, 0, 0) != "-")
                .then(|| format!("{name} raced with number {} in {y}.", cell(t, 0, 0)))
        });
    }
    let sql = "SELECT forename || ' ' || surname AS driver, code, number, driverRef, dob, nationality, url FROM drivers WHERE driverId = ?";
    let col_of = |c: &str| match c {
        "code" => 1,
        "number" => 2,
        "driverRef" => 3,
        "dob" => 4,
        "nationality" => 5,
        _ => 6,
    };
    let t = ctx.run(sql, &[json!(id)])?;
    if let Some((col, label)) = fields.iter().find(|(c, _)| cell(&t, 0, col_of(c)) == "-") {
        let why = match *col {
            "code" => " (three-letter codes are recorded mostly for drivers of recent decades)",
            "number" => " (permanent numbers began in 2014)",
            _ => "",
        };
        return Ok(Some(
            ctx.refuse(&format!("The data has no {label} for {name}{why}.")),
        ));
    }
    let labels: Vec<&str> = fields.iter().map(|(_, l)| *l).collect();
    ctx.interpret(format!("{} · {name}", labels.join(", ")));
    ctx.answer("driver_facts", sql, vec![json!(id)], conf, |t| {
        let parts: Vec<String> = fields
            .iter()
            .map(|(col, label)| format!("{label} {}", cell(t, 0, col_of(col))))
            .collect();
        Some(format!("{name}: {}.", parts.join(", ")))
    })
}
