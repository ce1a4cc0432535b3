//! Nationality adjectives that the counting parse reads as a group, not a
//! place: "Italian circuits" (the country) and "Japanese constructors".

use crate::intents::Ctx;

/// "Italian circuits": the parse reads "Italian" as the Italian Grand
/// Prix, but before a word for circuits it names the country. Returns the
/// country as written in circuits.country.
pub(super) fn country_of_adjective(ctx: &Ctx) -> Option<String> {
    let words = &ctx.r.parsed.words;
    let place = ctx.r.locs.first()?;
    let matched = crate::text::key(&place.entity.matched);
    let at = words.iter().position(|w| *w == matched)?;
    let next = words.get(at + 1)?;
    if !matches!(
        next.as_str(),
        "circuits" | "tracks" | "venues" | "circuit" | "track"
    ) {
        return None;
    }
    let nationality = ctx.idx.nationality_words.get(&matched)?;
    let country = ctx.idx.countries.iter().find(|c| {
        ctx.idx
            .country_nationality
            .get(&crate::text::key(c))
            .is_some_and(|n| n == nationality)
    })?;
    // The noun ("circuits") is left for the shape or measure to read.
    Some(country.clone())
}

/// "Japanese constructors", "British teams": a nationality adjective
/// right before a word for constructors.
pub(super) fn team_nationality(ctx: &Ctx) -> Option<String> {
    let words = &ctx.r.parsed.words;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).map_or("", String::as_str);
        if !matches!(
            next,
            "constructors" | "constructor" | "teams" | "team" | "manufacturers"
        ) {
            continue;
        }
        if let Some(nat) = ctx.idx.nationality_words.get(w.as_str()) {
            ctx.consume(i, 2);
            return Some(nat.clone());
        }
    }
    None
}
