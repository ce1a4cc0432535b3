//! Every example of the engine's capability list (the page's "What can I
//! ask?" panel) is answered locally at 0.8 confidence or more, so the list
//! cannot drift from what the engine supports.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use pitwall_engine::{capabilities, Outcome};

#[test]
fn every_capability_example_is_answered_confidently() {
    let kinds = capabilities();
    assert!(kinds.len() >= 6, "a useful list: {kinds:?}");
    for kind in kinds {
        assert!(!kind.title.is_empty());
        assert!(
            (1..=3).contains(&kind.examples.len()),
            "{}: one to three examples",
            kind.title
        );
        for q in kind.examples {
            match common::ask(q) {
                Outcome::Answered(a) => assert!(
                    a.confidence >= 0.8,
                    "{q}: confidence {} below 0.8",
                    a.confidence
                ),
                Outcome::Unanswered(u) => {
                    panic!("{q} ({}) is not answered: {}", kind.title, u.reason)
                }
            }
        }
    }
}
