//! The system prompt for text-to-SQL: compact schema, Ergast conventions, resolved entities.

/// Ergast conventions the model gets wrong without being told.
const CONVENTIONS: &str = "\
- results.position = 1 is the race winner; positionOrder orders everyone; position is NULL for \
non-classified cars. positionText: a number = classified, R retired, D disqualified, E excluded, \
W withdrawn, F failed to qualify, N not classified. In 2025 position is also set for some \
non-finishers: use positionText to tell finishers apart.
- results.grid = 1 is pole position (grid = 0: pit-lane start); qualifying.position = 1 is the \
fastest qualifier.
- results.rank = 1 is the race's fastest lap (recorded since 2004).
- Sprint races are in sprint_results, not results.
- driver_standings / constructor_standings are cumulative after each race: a season's final \
standings are the rows of its last race (MAX(round) of that year with standings rows).
- Count a constructor's wins with COUNT(DISTINCT raceId): 1950s shared drives put two drivers on \
one win.
- Early constructor names carry the engine (\"McLaren-Ford\"); \"Red Bull\" is Red Bull Racing.
- pit_stops.milliseconds is pit-lane time; red-flag stops show as very long stops.
- Dates are 'YYYY-MM-DD' text. Data: 1950 to 2025 round 21.";

/// Builds the system prompt: one line per table from the DDL (`url` columns left out: no question
/// needs them and they cost tokens), the conventions, and the entities the app already resolved
/// as `(kind, id, name)`, e.g. `("driver", 1, "Lewis Hamilton")`.
pub fn schema_prompt(schema_sql: &str, entities: &[(String, i64, String)]) -> String {
    let mut prompt = String::from(
        "You answer Formula 1 questions from an SQLite database (Ergast format).\nTables:\n",
    );
    prompt.push_str(&table_lines(schema_sql));
    prompt.push_str("Conventions:\n");
    prompt.push_str(CONVENTIONS);
    prompt.push('\n');
    if !entities.is_empty() {
        prompt.push_str("Entities in the question, already resolved (use these ids):\n");
        for (kind, id, name) in entities {
            if kind.eq_ignore_ascii_case("country") {
                // A country has no id of its own: point at the column that names it.
                prompt.push_str(&format!(
                    "- country {}: circuits.country (drivers/constructors have a nationality)\n",
                    one_line(name)
                ));
                continue;
            }
            let column = id_column(kind);
            prompt.push_str(&format!(
                "- {} {}: {column} = {id}\n",
                one_line(kind),
                one_line(name)
            ));
        }
    }
    prompt.push_str(
        "Call run_sql once with one SQLite SELECT that answers the question (add LIMIT when many \
         rows may match), then answer in one sentence using only the rows returned. If the rows \
         cannot answer it, say so in one sentence.",
    );
    prompt
}

/// `(table, columns)` for every `CREATE TABLE` of the DDL, constraints and `url` columns left out.
/// The "table(columns)" lines of a schema. Parsing the DDL costs more than
/// the rest of the prompt, and every LLM question needs it, so the result for
/// the (in practice single) schema is kept.
fn table_lines(schema_sql: &str) -> String {
    use std::hash::{Hash, Hasher};
    static CACHE: std::sync::OnceLock<(u64, String)> = std::sync::OnceLock::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    schema_sql.hash(&mut hasher);
    let key = hasher.finish();
    let build = || {
        let mut lines = String::new();
        for (table, columns) in tables_of(schema_sql) {
            lines.push_str(&format!("{table}({})\n", columns.join(", ")));
        }
        lines
    };
    let (cached_key, cached) = CACHE.get_or_init(|| (key, build()));
    if *cached_key == key {
        cached.clone()
    } else {
        build()
    }
}

fn tables_of(schema_sql: &str) -> Vec<(String, Vec<String>)> {
    let without_comments: String = schema_sql
        .lines()
        .map(|line| line.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut tables = Vec::new();
    let mut rest = without_comments.as_str();
    while let Some(at) = find_ignore_case(rest, "create table") {
        rest = &rest[at + "create table".len()..];
        let Some(open) = rest.find('(') else { break };
        let name = rest[..open]
            .trim()
            .trim_start_matches("IF NOT EXISTS")
            .trim()
            .trim_matches(|c| c == '"' || c == '`')
            .to_string();
        let body_start = open + 1;
        let Some(close) = matching_paren(&rest[body_start..]) else {
            break;
        };
        let body = &rest[body_start..body_start + close];
        let columns = split_top_level(body)
            .into_iter()
            .filter_map(|definition| {
                let first = definition.split_whitespace().next()?;
                let keyword = first.to_ascii_uppercase();
                let is_constraint = matches!(
                    keyword.as_str(),
                    "PRIMARY" | "UNIQUE" | "FOREIGN" | "CHECK" | "CONSTRAINT"
                );
                let column = first.trim_matches(|c| c == '"' || c == '`');
                (!is_constraint && !column.eq_ignore_ascii_case("url")).then(|| column.to_string())
            })
            .collect();
        tables.push((name, columns));
        rest = &rest[body_start + close..];
    }
    tables
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

/// Index of the `)` closing an already-opened parenthesis.
fn matching_paren(text: &str) -> Option<usize> {
    let mut depth = 1usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
    }
    None
}

/// Splits a table body on commas outside parentheses (`UNIQUE (year, round)` stays whole).
fn split_top_level(body: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in body.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(body[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(body[start..].trim());
    parts.into_iter().filter(|p| !p.is_empty()).collect()
}

fn id_column(kind: &str) -> &'static str {
    match kind.to_ascii_lowercase().as_str() {
        "driver" => "driverId",
        "constructor" | "team" => "constructorId",
        "circuit" => "circuitId",
        "race" => "raceId",
        "season" | "year" => "year",
        "status" => "statusId",
        _ => "id",
    }
}

/// Entity names come from data: keep them on one line so they cannot forge prompt structure.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(80)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMA: &str = include_str!("../../pitwall-f1data/src/schema.sql");

    #[test]
    fn every_table_of_the_real_schema_gets_one_line_with_its_columns() {
        let prompt = schema_prompt(SCHEMA, &[]);
        let create_count = SCHEMA.matches("CREATE TABLE").count();
        let table_lines: Vec<&str> = prompt
            .lines()
            .filter(|l| l.contains('(') && l.ends_with(')') && !l.starts_with('-'))
            .collect();
        assert_eq!(table_lines.len(), create_count, "{prompt}");
        assert!(prompt.contains("races(raceId, year, round, circuitId, name, date, time, fp1_date"));
        assert!(prompt
            .contains("pit_stops(raceId, driverId, stop, lap, time, duration, milliseconds)\n"));
        assert!(prompt.contains(
            "fatal_accidents_drivers(Driver, Age, Date_Of_Accident, Event, Car, Session)"
        ));
        assert!(!prompt.contains("url"), "url columns are left out");
        assert!(!prompt.contains("PRIMARY"), "constraints are left out");
        // Compact: the schema part costs a fraction of the DDL it comes from.
        let schema_chars: usize = table_lines.iter().map(|l| l.len() + 1).sum();
        assert!(
            schema_chars < SCHEMA.len() / 3,
            "{schema_chars} vs {}",
            SCHEMA.len()
        );
    }

    #[test]
    fn entities_are_listed_with_their_id_column_on_one_line() {
        let entities = vec![
            ("driver".to_string(), 1, "Lewis\nHamilton".to_string()),
            ("constructor".to_string(), 9, "Red Bull".to_string()),
        ];
        let prompt = schema_prompt(SCHEMA, &entities);
        assert!(
            prompt.contains("- driver Lewis Hamilton: driverId = 1\n"),
            "{prompt}"
        );
        assert!(prompt.contains("- constructor Red Bull: constructorId = 9\n"));
        let country = schema_prompt(SCHEMA, &[("country".to_string(), 0, "Italy".to_string())]);
        assert!(
            country.contains("- country Italy: circuits.country"),
            "{country}"
        );
        assert!(
            !country.contains("Italy: circuitId") && !country.contains("Italy: id"),
            "no fake id for a country: {country}"
        );
        assert!(prompt.contains("position = 1 is the race winner"));
        assert!(prompt.contains("grid = 1 is pole"));
        assert!(prompt.contains("rank = 1 is the race's fastest lap"));
        assert!(prompt.trim_end().ends_with("say so in one sentence."));
    }
}
