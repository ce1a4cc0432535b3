//! The `Question` newtype: a question is validated once, at the edge, and
//! every later stage can rely on it.

use std::fmt;

/// Longest question accepted, in characters, after trimming.
pub const MAX_QUESTION_CHARS: usize = 500;

/// A validated question: 1 to 500 characters after trimming, no control characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question(String);

/// Why a question was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// Empty or whitespace only.
    #[error("the question is empty")]
    Empty,
    /// Longer than the limit.
    #[error("the question is {0} characters long; the limit is {MAX_QUESTION_CHARS}")]
    TooLong(usize),
    /// Contains a control character (other than plain whitespace, which is trimmed or collapsed).
    #[error("the question contains a control character (U+{0:04X})")]
    ControlCharacter(u32),
}

impl Question {
    /// Validates and trims `raw`. Tabs and newlines inside are collapsed to
    /// spaces (people paste questions); every other control character is refused.
    pub fn parse(raw: &str) -> Result<Self, QuestionError> {
        if let Some(c) = raw
            .chars()
            .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        {
            return Err(QuestionError::ControlCharacter(u32::from(c)));
        }
        let collapsed = raw.split_whitespace().collect::<Vec<_>>().join(" ");
        let len = collapsed.chars().count();
        if len == 0 {
            return Err(QuestionError::Empty);
        }
        if len > MAX_QUESTION_CHARS {
            return Err(QuestionError::TooLong(len));
        }
        Ok(Self(collapsed))
    }

    /// The question text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Question {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_and_collapses_whitespace() {
        assert_eq!(
            Question::parse("  who won\n monza\t2019? ")
                .unwrap()
                .as_str(),
            "who won monza 2019?"
        );
    }

    #[test]
    fn rejects_empty_long_and_control_characters() {
        assert_eq!(Question::parse("   \n"), Err(QuestionError::Empty));
        assert_eq!(
            Question::parse(&"a".repeat(501)),
            Err(QuestionError::TooLong(501))
        );
        assert!(Question::parse(&format!(" {} ", "é".repeat(500))).is_ok());
        assert_eq!(
            Question::parse("who\u{0}won"),
            Err(QuestionError::ControlCharacter(0))
        );
        assert_eq!(
            Question::parse("bell\u{7}"),
            Err(QuestionError::ControlCharacter(7))
        );
        assert_eq!(
            Question::parse("esc\u{1b}[31m"),
            Err(QuestionError::ControlCharacter(0x1b))
        );
    }
}
