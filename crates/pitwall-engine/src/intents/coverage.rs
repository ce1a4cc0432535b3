//! Word coverage: which words of the question the intent being tried has
//! read. An answer is given only when every word is accounted for (see
//! `require_full_coverage` in `mod.rs`).

use std::cell::RefCell;

use rusqlite::Connection;

use super::ctx::{Ctx, Memo};
use crate::index::Index;
use crate::pick::Resolved;

/// Plurals that make "which"/"what" ask for a list rather than one value.
const LIST_NOUNS: &[&str] = &[
    "races",
    "years",
    "seasons",
    "circuits",
    "tracks",
    "grands",
    "teams",
    "drivers",
    "constructors",
    "rounds",
    "countries",
    "venues",
];

/// Which words belong to a framing phrase ("I'd like to know").
fn framing_words(words: &[String]) -> Vec<bool> {
    let mut out = vec![false; words.len()];
    for phrase in crate::words::FILLER_PHRASES {
        for (i, n) in crate::words::phrase_hits(words, phrase) {
            out[i..i + n].iter_mut().for_each(|f| *f = true);
        }
    }
    out
}

impl<'a> Ctx<'a> {
    /// A context for routing `r`, with nothing consumed yet.
    pub fn new(idx: &'a Index, memo: &'a Memo, conn: &'a Connection, r: &'a Resolved) -> Self {
        Ctx {
            idx,
            memo,
            conn,
            r,
            consumed: RefCell::new(vec![false; r.parsed.words.len()]),
            interpretation: RefCell::new(None),
            rows: std::cell::Cell::new(super::ctx::TABLE_ROWS),
        }
    }
}

impl Ctx<'_> {
    /// Forgets what an intent consumed, before the next one is tried.
    pub fn reset_consumed(&self) {
        self.consumed.borrow_mut().fill(false);
        self.interpretation.borrow_mut().take();
        self.rows.set(super::ctx::TABLE_ROWS);
    }

    /// Marks words `at..at + n` as read by the intent.
    pub fn consume(&self, at: usize, n: usize) {
        let mut consumed = self.consumed.borrow_mut();
        let end = (at + n).min(consumed.len());
        for c in consumed.get_mut(at..end).into_iter().flatten() {
            *c = true;
        }
    }

    /// Words neither the parse nor the intent accounted for, nor filler.
    /// "which"/"what" before a plural ("which races", "what years") asks
    /// for a list, so it is never filler there: only an intent that lists
    /// accounts for it.
    pub fn unparsed(&self) -> Vec<String> {
        let p = &self.r.parsed;
        let consumed = self.consumed.borrow();
        let framing = framing_words(&p.words);
        p.words
            .iter()
            .enumerate()
            .filter(|(i, w)| {
                let asks_for_list = matches!(w.as_str(), "which" | "what")
                    && p.words
                        .get(i + 1)
                        .is_some_and(|next| LIST_NOUNS.contains(&next.as_str()));
                !p.used.get(*i).copied().unwrap_or(false)
                    && !consumed.get(*i).copied().unwrap_or(false)
                    && !framing.get(*i).copied().unwrap_or(false)
                    && (asks_for_list || !crate::words::is_filler(w))
            })
            .map(|(_, w)| w.clone())
            .collect()
    }

    /// The question contains this word (and the intent has now read it).
    pub fn has(&self, w: &str) -> bool {
        let mut found = false;
        for (i, x) in self.r.parsed.words.iter().enumerate() {
            if x == w {
                self.consume(i, 1);
                found = true;
            }
        }
        found
    }

    /// The question contains this phrase (space-separated words); every
    /// occurrence is marked read.
    pub fn phrase(&self, p: &str) -> bool {
        let mut found = false;
        for (i, n) in crate::words::phrase_hits(&self.r.parsed.words, p) {
            self.consume(i, n);
            found = true;
        }
        found
    }

    /// Whether any of these words or phrases is in the question, without
    /// marking it read: for exclusions ("unless it says sprint"), where
    /// finding the word changes the branch but the branch taken does not
    /// honour it, so it must stay unaccounted for.
    pub fn peek_any(&self, list: &[&str]) -> bool {
        let text = &self.r.parsed.text;
        list.iter().any(|w| text.contains(&format!(" {w} ")))
    }

    /// Any of these words or phrases.
    pub fn any(&self, list: &[&str]) -> bool {
        list.iter().any(|w| {
            if w.contains(' ') {
                self.phrase(w)
            } else {
                self.has(w)
            }
        })
    }

    /// The single season mentioned.
    pub fn year(&self) -> Option<i64> {
        let p = &self.r.parsed;
        if let Some(&at) = p.year_at.first() {
            self.consume(at, 1);
        }
        p.years.first().copied()
    }

    /// The nationality named ("Brazilian drivers", "drivers from Brazil"),
    /// now read by the intent.
    pub fn nationality(&self) -> Option<String> {
        let p = &self.r.parsed;
        for &at in &p.nationality_at {
            self.consume(at, 1);
        }
        p.nationality.clone()
    }
}
