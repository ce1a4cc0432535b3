//! Numbers written as words in a question: "top three", "the second",
//! "runner-up", "P4".

use super::Ctx;

const NUMBER_WORDS: &[(&str, i64)] = &[
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("twenty", 20),
];
const ORDINALS: &[(&str, i64)] = &[
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("2nd", 2),
    ("3rd", 3),
    ("4th", 4),
    ("5th", 5),
    ("6th", 6),
    ("7th", 7),
    ("8th", 8),
    ("9th", 9),
    ("10th", 10),
    ("p2", 2),
    ("p3", 3),
    ("p4", 4),
    ("p5", 5),
    ("p6", 6),
    ("p7", 7),
    ("p8", 8),
    ("p9", 9),
    ("p10", 10),
];

impl Ctx<'_> {
    /// "top 5", "top three", "first 10", "podium" -> N.
    pub fn top_n(&self) -> Option<i64> {
        let w = &self.r.parsed.words;
        for i in 0..w.len() {
            if matches!(w[i].as_str(), "top" | "first" | "best") {
                if let Some(next) = w.get(i + 1) {
                    if let Ok(n) = next.parse::<i64>() {
                        self.consume(i, 2);
                        return Some(n);
                    }
                    if let Some((_, n)) = NUMBER_WORDS.iter().find(|(s, _)| s == next) {
                        self.consume(i, 2);
                        return Some(*n);
                    }
                }
            }
        }
        if self.any(&["podium", "top three", "podium finishers", "rostrum"]) {
            return Some(3);
        }
        None
    }

    /// "second", "3rd", "runner-up", "P4" -> N.
    pub fn ordinal(&self) -> Option<i64> {
        if self.any(&["runner up", "runnerup", "runners up"]) {
            return Some(2);
        }
        let words = &self.r.parsed.words;
        // An ordinal the parse read as a round ("the seventh round") is not
        // a position.
        let used = &self.r.parsed.used;
        let (at, n) = words
            .iter()
            .enumerate()
            .filter(|(i, _)| !used.get(*i).copied().unwrap_or(false))
            .find_map(|(i, w)| ORDINALS.iter().find(|(s, _)| s == w).map(|(_, n)| (i, *n)))?;
        self.consume(at, 1);
        Some(n)
    }
}
