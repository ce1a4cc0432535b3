//! Seasons, rounds and numbers in a question: "2019", "'98", "2k19",
//! "round 7", "the seventh round", "the opening race", "going into the
//! final round", and numbers that are neither.

use crate::index::Index;
use crate::resolve::Parsed;
use crate::text::Token;

const NOT_YEAR_AFTER: &[&str] = &[
    "races",
    "race",
    "wins",
    "win",
    "points",
    "point",
    "times",
    "drivers",
    "laps",
    "poles",
    "podiums",
    "titles",
    "grands",
    "gps",
    "starts",
    "seconds",
    "teams",
    "victories",
    "th",
];
/// "first".."twentieth" and "1st".."30th" as numbers.
fn ordinal_word(w: &str) -> Option<i64> {
    const WORDS: &[&str] = &[
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    if let Some(at) = WORDS.iter().position(|x| *x == w) {
        return i64::try_from(at + 1).ok();
    }
    ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix))
        .and_then(parse_int)
        .filter(|n| (1..=30).contains(n))
}

/// "354th" followed by a word for a championship race (and no "of"):
/// the Nth race of all. Small numbers need "world championship" or
/// "championship" before the race word, as "the 3rd race" alone is a round
/// of some season.
fn nth_of_all(w: &str, after: &[String]) -> Option<i64> {
    let n = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| w.strip_suffix(suffix))
        .and_then(parse_int)?;
    let after: Vec<&str> = after.iter().map(String::as_str).collect();
    // Any of "Formula One", "F1", "World Championship" before the race word.
    let lead = after
        .iter()
        .take_while(|w| {
            matches!(
                **w,
                "formula" | "one" | "1" | "f1" | "world" | "championship"
            )
        })
        .count();
    let (championship, rest) = (lead > 0, &after[lead..]);
    let (race_word, rest) = match rest {
        ["race", rest @ ..] | ["gp", rest @ ..] => (true, rest),
        ["grand", "prix", rest @ ..] => (true, rest),
        _ => (false, rest),
    };
    let of_season = rest.first().is_some_and(|w| matches!(*w, "of" | "in"));
    (race_word && !of_season && (championship || n > 30) && n >= 1).then_some(n)
}

/// "going into the final round of 1986", "going into the last race of
/// 2010", "before the final round": the standings after the penultimate
/// round of the one season named. Marks the words read.
pub(crate) fn take_going_into_final(
    idx: &Index,
    words: &[String],
    used: &mut [bool],
    p: &mut Parsed,
) {
    let [year] = p.years.as_slice() else {
        return;
    };
    for i in 0..words.len() {
        let lead = match (
            words.get(i).map(String::as_str),
            words.get(i + 1).map(String::as_str),
        ) {
            (Some("going"), Some("into")) | (Some("heading"), Some("into")) => 2,
            (Some("before"), _) => 1,
            _ => continue,
        };
        let mut at = i + lead;
        if words.get(at).is_some_and(|w| w == "the") {
            at += 1;
        }
        // "heading into the 1964 finale"
        if p.year_at.contains(&at) {
            at += 1;
        }
        let word = |k: usize| words.get(k).map_or("", String::as_str);
        let end = if word(at) == "finale" {
            at + 1
        } else if matches!(word(at), "final" | "last") && matches!(word(at + 1), "round" | "race") {
            at + 2
        } else {
            continue;
        };
        let last = idx
            .races
            .iter()
            .filter(|r| r.year == *year)
            .map(|r| r.round)
            .max();
        if let Some(last) = last.filter(|l| *l > 1) {
            p.rounds.push(last - 1);
            used[i..end].iter_mut().for_each(|u| *u = true);
        }
        return;
    }
}

/// Words after which a number is not a season ("top 10", "car 44").
const NUMBER_BEFORE: &[&str] = &[
    "top", "number", "no", "car", "round", "rd", "race", "lap", "laps", "p", "position", "grid",
    "first", "last", "best", "after", "under", "over", "than", "with", "of", "the", "race",
];
const YEAR_BEFORE: &[&str] = &[
    "in", "season", "of", "the", "during", "year", "from", "for", "at",
];
pub(crate) fn parse_int(s: &str) -> Option<i64> {
    if s.is_empty() || s.len() > 4 || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

pub(crate) fn take_years_and_rounds(
    toks: &[Token],
    words: &[String],
    used: &mut [bool],
    p: &mut Parsed,
) {
    for i in 0..words.len() {
        let w = &words[i];
        let prev = if i > 0 { words[i - 1].as_str() } else { "" };
        let next = words.get(i + 1).map_or("", String::as_str);
        if matches!(prev, "round" | "rd" | "race") && !used[i] {
            if let Some(n) = parse_int(w).filter(|n| (1..=30).contains(n)) {
                p.rounds.push(n);
                used[i] = true;
                // "rd 4": the abbreviation is read with its number.
                if prev == "rd" {
                    used[i - 1] = true;
                }
                continue;
            }
        }
        // "12th round", "after 8 races"
        if let Some(n) = w
            .strip_suffix("th")
            .or(w.strip_suffix("st"))
            .or(w.strip_suffix("nd"))
            .or(w.strip_suffix("rd"))
            .and_then(parse_int)
        {
            if next == "round" {
                p.rounds.push(n);
                used[i] = true;
                continue;
            }
        }
        // "the seventh round", "the 1st race of 2019": a round.
        if let Some(n) = ordinal_word(w) {
            let race_of = next == "race" && words.get(i + 2).is_some_and(|w| w == "of");
            if next == "round" || race_of {
                p.rounds.push(n);
                used[i] = true;
                continue;
            }
        }
        // "the 354th World Championship race", "the 1000th Grand Prix":
        // the Nth race of all (never a round: no "of <season>" follows).
        if let Some(n) = nth_of_all(w, &words[i + 1..]) {
            p.race_nth = Some(n);
            used[i] = true;
            continue;
        }
        // "opening round", "opening race": round 1.
        if w == "opening" && matches!(next, "round" | "race" | "grand") {
            p.rounds.push(1);
            used[i] = true;
            continue;
        }
        // "2k19": 2019.
        if let Some(n) = w
            .strip_prefix("2k")
            .filter(|d| d.len() == 2)
            .and_then(parse_int)
        {
            p.years.push(2000 + n);
            p.year_at.push(i);
            used[i] = true;
            continue;
        }
        let Some(n) = parse_int(w) else { continue };
        // A two-digit number ending a terse question ("champ 05", "who won
        // monza 19") is a season, unless a word before it takes a number.
        if w.len() == 2
            && i + 1 == words.len()
            && i > 0
            && !NUMBER_BEFORE.contains(&prev)
            && parse_int(prev).is_none()
            && !toks[i].hash
        {
            p.years.push(if n >= 50 { 1900 + n } else { 2000 + n });
            p.year_at.push(i);
            used[i] = true;
            continue;
        }
        if (next == "races" || next == "rounds") && prev == "after" {
            p.rounds.push(n);
            used[i] = true;
            continue;
        }
        if toks[i].hash || matches!(prev, "number" | "car" | "no") {
            continue; // a car number, handled by the mention pass
        }
        if w.len() == 4 && (1900..=2100).contains(&n) {
            p.years.push(n);
            p.year_at.push(i);
            used[i] = true;
        } else if w.len() == 2
            && (toks[i].apostrophe || YEAR_BEFORE.contains(&prev) || next == "season")
            && !NOT_YEAR_AFTER.contains(&next)
            && prev != "top"
        {
            p.years.push(if n >= 50 { 1900 + n } else { 2000 + n });
            p.year_at.push(i);
            used[i] = true;
        } else {
            p.numbers.push((i, n));
        }
    }
}
