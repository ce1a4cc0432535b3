//! Scope words shared by the fact phrasers.

/// "at Monza in 2019", "at Monza", "in 2019", or `None` for every race.
pub(crate) fn at_place_in_season(place: Option<&str>, season: Option<i64>) -> Option<String> {
    let mut parts = Vec::new();
    if let Some(name) = place {
        parts.push(format!("at {name}"));
    }
    if let Some(y) = season {
        parts.push(format!("in {y}"));
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}
