//! Question -> tokens, years, rounds and entity mentions (with every
//! candidate an alias may mean). Picking one candidate is `pick.rs`.

use crate::aliases::Target;
use crate::index::Index;
use crate::numbers::parse_int;
use crate::text::{max_edits, osa_within, tokenize, Token};
use crate::words::is_common;

/// A span of the question that names something.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub start: usize,
    pub end: usize,
    pub matched: String,
    pub targets: Vec<Target>,
    /// Matched only after a spelling correction.
    pub fuzzy: bool,
}

/// The parsed question.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parsed {
    /// Folded, spell-corrected words.
    pub words: Vec<String>,
    /// Where each word is in the question (byte offsets).
    pub spans: Vec<std::ops::Range<usize>>,
    /// Words the parse itself accounted for: names, rounds, car numbers,
    /// nationalities. Seasons are not among them: they count as understood
    /// only when the answering intent reads them (`Ctx::year`), so a season
    /// an intent ignores ("youngest starter in 2025") declines the answer.
    pub used: Vec<bool>,
    /// Where each of `years` was written (word index), in the same order.
    pub year_at: Vec<usize>,
    /// Where the nationality was written (word indices). Like seasons, it
    /// counts as understood only when an intent reads it (`Ctx::nationality`).
    pub nationality_at: Vec<usize>,
    /// " word word ... " for phrase tests.
    pub text: String,
    pub mentions: Vec<Mention>,
    pub years: Vec<i64>,
    pub rounds: Vec<i64>,
    /// "The 354th World Championship race": the Nth race of all, in date
    /// order (Indianapolis 500s included, as in `races`).
    pub race_nth: Option<i64>,
    /// Bare numbers not used as year/round/car number, with their position.
    pub numbers: Vec<(usize, i64)>,
    pub nationality: Option<String>,
    /// Words that were spell-corrected.
    pub corrections: usize,
}

const NATIONALITY_NOUNS: &[&str] = &[
    "driver",
    "drivers",
    "racer",
    "racers",
    "racing",
    "champion",
    "champions",
    "winner",
    "winners",
    "world",
    "f1",
    "formula",
    "pilot",
    "pilots",
    "people",
    "man",
    "men",
    "guy",
    "guys",
    "to",
    "who",
    "ever",
    "has",
    "have",
    "with",
];

/// Words of F1 questions a typo is corrected to (before names).
const F1_TERMS: &[&str] = &[
    "position",
    "positions",
    "fastest",
    "qualifying",
    "championship",
    "championships",
    "constructor",
    "constructors",
    "podium",
    "podiums",
    "victories",
    "victory",
    "points",
    "winner",
    "winners",
    "season",
    "seasons",
    "standings",
    "teammate",
    "teammates",
    "drivers",
    "driver",
    "circuit",
    "races",
    "finished",
    "started",
    "retired",
    "retirements",
    "youngest",
    "oldest",
    "consecutive",
    "champion",
    "champions",
    "history",
    "between",
    "percentage",
];

/// The one F1 word within `edits` of `w`, if exactly one is closest.
fn closest_term(w: &str, edits: usize) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    let mut tie = false;
    for term in F1_TERMS {
        if term.len().abs_diff(w.len()) > edits {
            continue;
        }
        let Some(d) = osa_within(w, term, edits) else {
            continue;
        };
        match best {
            Some((bd, _)) if d > bd => {}
            Some((bd, _)) if d == bd => tie = true,
            _ => {
                best = Some((d, term));
                tie = false;
            }
        }
    }
    best.filter(|_| !tie).map(|(_, t)| t)
}

/// Replaces unknown long words by the closest alias word when exactly one
/// is close enough ("canadain" -> "canadian").
fn correct(idx: &Index, words: &mut [String]) -> usize {
    let mut fixed = 0;
    for w in words.iter_mut() {
        let len = w.chars().count();
        let edits = max_edits(len);
        if edits == 0
            || idx.vocab.contains(w.as_str())
            || is_common(w)
            || crate::parse::MONTHS.contains(&w.as_str())
            || idx.nationality_words.contains_key(w.as_str())
            || !w.chars().all(|c| c.is_ascii_alphabetic())
        {
            continue;
        }
        // A typo of an F1 word ("winnner", "posiiton") is that word, not
        // a name that happens to be as close.
        if let Some(term) = closest_term(w, edits) {
            *w = term.to_string();
            fixed += 1;
            continue;
        }
        let Some(group) = w.chars().next().and_then(|c| idx.vocab_by_initial.get(&c)) else {
            continue;
        };
        let mut best: Option<(usize, &String)> = None;
        let mut tie = false;
        for v in group {
            if v.len().abs_diff(w.len()) > edits {
                continue;
            }
            let Some(d) = osa_within(w, v, edits) else {
                continue;
            };
            match best {
                Some((bd, _)) if d > bd => {}
                Some((bd, bv)) if d == bd => tie |= bv != v,
                _ => {
                    best = Some((d, v));
                    tie = false;
                }
            }
        }
        if let (Some((_, v)), false) = (best, tie) {
            *w = v.clone();
            fixed += 1;
        }
    }
    fixed
}

fn take_nationality(idx: &Index, words: &[String], used: &mut [bool], p: &mut Parsed) {
    for n in (1..=2).rev() {
        for i in 0..words.len().saturating_sub(n - 1) {
            if used[i..i + n].iter().any(|u| *u) {
                continue;
            }
            let k = words[i..i + n].join(" ");
            let next = words.get(i + n).map_or("", String::as_str);
            let prev = if i > 0 { words[i - 1].as_str() } else { "" };
            if let Some(nat) = idx.nationality_words.get(&k) {
                let plural_word = !idx.aliases.contains_key(&k);
                if plural_word || NATIONALITY_NOUNS.contains(&next) {
                    p.nationality = Some(nat.clone());
                    p.nationality_at = (i..i + n).collect();
                    used[i..i + n].iter_mut().for_each(|u| *u = true);
                    return;
                }
            }
            if prev == "from" {
                if let Some(nat) = idx.country_nationality.get(&k) {
                    p.nationality = Some(nat.clone());
                    p.nationality_at = (i..i + n).collect();
                    used[i..i + n].iter_mut().for_each(|u| *u = true);
                    return;
                }
            }
        }
    }
}

fn take_numbers(idx: &Index, toks: &[Token], words: &[String], used: &mut [bool], p: &mut Parsed) {
    for i in 0..words.len() {
        let prev = if i > 0 { words[i - 1].as_str() } else { "" };
        if used[i] || !(toks[i].hash || matches!(prev, "number" | "car" | "no")) {
            continue;
        }
        // "race number 20", "race No. 354" could be a round, a car or a
        // race id: it is never silently read as a car number (the words
        // stay unplaced, so the engine declines and says so).
        let before = if i > 1 { words[i - 2].as_str() } else { "" };
        if !toks[i].hash && matches!(before, "race" | "round" | "prix" | "gp" | "event") {
            continue;
        }
        if let Some(n) = parse_int(&words[i]) {
            if let Some(ids) = idx.numbers.get(&n) {
                p.mentions.push(Mention {
                    start: i,
                    end: i + 1,
                    matched: toks[i].orig.clone(),
                    targets: ids.iter().map(|d| Target::Driver(*d)).collect(),
                    fuzzy: false,
                });
                used[i] = true;
                p.numbers.retain(|(pos, _)| *pos != i);
            }
        }
    }
}

fn take_aliases(
    idx: &Index,
    toks: &[Token],
    words: &[String],
    corrected: &[bool],
    used: &mut [bool],
    p: &mut Parsed,
) {
    // One buffer for every n-gram looked up (a question has ~100 of them).
    let mut k = String::new();
    for n in (1..=idx.max_alias_tokens.min(words.len())).rev() {
        for i in 0..=words.len() - n {
            if used[i..i + n].iter().any(|u| *u) {
                continue;
            }
            k.clear();
            for (at, w) in words[i..i + n].iter().enumerate() {
                if at > 0 {
                    k.push(' ');
                }
                k.push_str(w);
            }
            if n == 1 {
                let orig = &toks[i].orig;
                if k.len() < 2 || parse_int(&k).is_some() {
                    continue;
                }
                // An ordinary word names something only when capitalised mid-sentence.
                let capital = orig.chars().next().is_some_and(char::is_uppercase) && i > 0;
                if is_common(&k) && !capital {
                    continue;
                }
                // "LEC", "SAI": three letters that are a driver code are a
                // driver first, even where a constructor has the same name;
                // "lec poles" is not the 1977 LEC team's (lower case codes
                // are read only beside "vs", so it stays unread: declined).
                if orig.len() == 3 && idx.codes.contains_key(orig.to_ascii_uppercase().as_str()) {
                    continue;
                }
                // "in September", "September 2019": a month, not Tony
                // Settember (nor March Engineering).
                let prev = if i > 0 { words[i - 1].as_str() } else { "" };
                let next_is_year = words
                    .get(i + 1)
                    .and_then(|w| parse_int(w))
                    .is_some_and(|y| (1900..=2100).contains(&y));
                if crate::parse::MONTHS.contains(&k.as_str())
                    && (matches!(prev, "in" | "during" | "of") || next_is_year)
                {
                    continue;
                }
            }
            if let Some(targets) = idx.aliases.get(k.as_str()) {
                p.mentions.push(Mention {
                    start: i,
                    end: i + n,
                    matched: toks[i..i + n]
                        .iter()
                        .map(|t| t.orig.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    targets: targets.clone(),
                    fuzzy: corrected[i..i + n].iter().any(|c| *c),
                });
                used[i..i + n].iter_mut().for_each(|u| *u = true);
            }
        }
    }
    // Driver codes: three capitals ("VER", "HAM").
    for i in 0..toks.len() {
        let o = &toks[i].orig;
        // Lowercase codes count only around "v"/"vs" ("ham v ros").
        let beside_vs = [i.wrapping_sub(1), i + 1].iter().any(|k| {
            words
                .get(*k)
                .is_some_and(|w| matches!(w.as_str(), "vs" | "versus"))
        });
        let lower_code = o.chars().all(|c| c.is_ascii_lowercase()) && beside_vs;
        if used[i] || o.len() != 3 || !(o.chars().all(|c| c.is_ascii_uppercase()) || lower_code) {
            continue;
        }
        if let Some(ids) = idx.codes.get(o.to_ascii_uppercase().as_str()) {
            p.mentions.push(Mention {
                start: i,
                end: i + 1,
                matched: o.clone(),
                targets: ids.iter().map(|d| Target::Driver(*d)).collect(),
                fuzzy: false,
            });
            used[i] = true;
        }
    }
    p.mentions.sort_by_key(|m| m.start);
}

/// Parses a question against the index.
pub(crate) fn parse(idx: &Index, question: &str) -> Parsed {
    use crate::numbers::{take_going_into_final, take_years_and_rounds};
    let toks = crate::slang::expand(tokenize(question));
    let mut words: Vec<String> = toks.iter().map(|t| t.norm.clone()).collect();
    let original = words.clone();
    let mut p = Parsed::default();
    let mut used = vec![false; words.len()];
    take_years_and_rounds(&toks, &words, &mut used, &mut p);
    take_going_into_final(idx, &words, &mut used, &mut p);
    take_nationality(idx, &words, &mut used, &mut p);
    p.corrections = correct(idx, &mut words);
    if p.nationality.is_none() && p.corrections > 0 {
        take_nationality(idx, &words, &mut used, &mut p);
    }
    let corrected: Vec<bool> = words.iter().zip(&original).map(|(a, b)| a != b).collect();
    take_numbers(idx, &toks, &words, &mut used, &mut p);
    take_aliases(idx, &toks, &words, &corrected, &mut used, &mut p);
    p.text = format!(" {} ", words.join(" "));
    p.words = words;
    p.spans = toks.into_iter().map(|t| t.span).collect();
    for &at in p.year_at.iter().chain(&p.nationality_at) {
        if let Some(u) = used.get_mut(at) {
            *u = false;
        }
    }
    p.used = used;
    p
}
