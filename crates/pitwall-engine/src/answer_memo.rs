//! Whole answers of questions already asked, per engine. An answer depends
//! only on the question's text and the F1 data, and the engine is rebuilt
//! when the data changes (and the memo is emptied when the UTC day changes,
//! for the calendar), so a repeated question ("who won the last race",
//! a shared link, the example chips) is a lookup instead of a parse, a
//! route search and a query. Bounded: the oldest and least used go first.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::{Answer, Resolution, Unanswered};

/// Questions remembered per engine. At a few KB per answer (tables hold at
/// most 50 rows) this bounds the memo to tens of MB.
const CAPACITY: u64 = 8_192;

/// The outcome of one question, with its resolution when unanswered (the
/// LLM path needs it).
pub(crate) type Memoised = Result<Answer, (Unanswered, Resolution)>;

/// Answers by exact question text. The text is not folded: resolution reads
/// letter case ("Will" the name, "will" the word), so two spellings may
/// differ in outcome.
pub(crate) struct AnswerMemo {
    cache: moka::sync::Cache<String, Arc<Memoised>>,
    /// The UTC day the entries were made on: calendar answers ("the next
    /// race") depend on the date, so the memo is emptied when it changes.
    day: AtomicU64,
}

/// Days since the Unix epoch, UTC.
fn today() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

impl std::fmt::Debug for AnswerMemo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerMemo")
            .field("entries", &self.cache.entry_count())
            .finish()
    }
}

impl Default for AnswerMemo {
    fn default() -> Self {
        AnswerMemo {
            cache: moka::sync::Cache::new(CAPACITY),
            day: AtomicU64::new(today()),
        }
    }
}

impl AnswerMemo {
    /// The remembered outcome of this exact question.
    pub(crate) fn get(&self, question: &str) -> Option<Arc<Memoised>> {
        let day = today();
        if self.day.swap(day, Ordering::Relaxed) != day {
            self.cache.invalidate_all();
        }
        self.cache.get(question)
    }

    /// Remembers an outcome.
    pub(crate) fn put(&self, question: &str, outcome: Memoised) -> Arc<Memoised> {
        let shared = Arc::new(outcome);
        self.cache.insert(question.to_string(), Arc::clone(&shared));
        shared
    }
}
