//! Numbers read the way SQLite's tokenizer reads them, fixed on sqlparser's
//! token stream before parsing.
//!
//! The guard runs its re-rendering of the AST, so every literal must render
//! to text SQLite reads as the input. sqlparser's SQLite dialect does not:
//! it reads `0x10` as the blob `X'10'` (so `SELECT 0x10 + 1` gave 1, not
//! 17), splits `0X10` into `0` and an alias `X10`, and reads `12abc` or
//! `0b101` as a number with an alias where SQLite refuses the token. The AST
//! no longer tells `0x10` from `X'10'`, so this works on the tokens, where
//! the source position still does.

use sqlparser::tokenizer::{Location, Token, TokenWithSpan};

use crate::GuardError;

/// The tokens with hex integers turned into numbers spelled as written, and
/// an error where SQLite would find an illegal token: a number run into
/// letters.
pub(crate) fn sqlite_numbers(
    sql: &str,
    tokens: Vec<TokenWithSpan>,
) -> Result<Vec<TokenWithSpan>, GuardError> {
    let mut cursor = Cursor::new(sql);
    let mut out = Vec::with_capacity(tokens.len());
    let mut tokens = tokens.into_iter().peekable();
    while let Some(mut current) = tokens.next() {
        match &current.token {
            Token::HexStringLiteral(digits) => {
                let start = cursor.offset(current.span.start);
                if let Some(prefix @ ("0x" | "0X")) = sql.get(start..start + 2) {
                    if digits.is_empty() {
                        return Err(illegal(prefix));
                    }
                    current.token = Token::Number(format!("{prefix}{digits}"), false);
                }
            }
            // `0X10`: sqlparser only knows the lowercase prefix.
            Token::Number(zero, _) if zero == "0" => {
                if let Some(next) = tokens.next_if(|next| match &next.token {
                    Token::Word(word) => word.quote_style.is_none() && is_hex_tail(&word.value),
                    _ => false,
                }) {
                    if let Token::Word(word) = next.token {
                        current.token = Token::Number(format!("0{}", word.value), false);
                        current.span.end = next.span.end;
                    }
                }
            }
            _ => {}
        }
        if let Token::Number(number, _) = &current.token {
            // Whitespace and comments are tokens too, so "next" means "touching".
            if let Some(Token::Word(word)) = tokens.peek().map(|t| &t.token) {
                if word.quote_style.is_none() {
                    return Err(illegal(&format!("{number}{}", word.value)));
                }
            }
        }
        out.push(current);
    }
    Ok(out)
}

/// `X1F`, `x1_0`: the rest of a hex integer after its `0`.
fn is_hex_tail(word: &str) -> bool {
    let mut chars = word.chars();
    matches!(chars.next(), Some('x' | 'X'))
        && chars.next().is_some_and(|c| c.is_ascii_hexdigit())
        && chars.all(|c| c.is_ascii_hexdigit() || c == '_')
}

fn illegal(token: &str) -> GuardError {
    GuardError::Parse(format!(
        "unrecognized token `{token}`: a number cannot run into letters; hex integers are \
         written 0x1F, blobs X'1F'"
    ))
}

/// Byte offsets of sqlparser locations (1-based line and character column),
/// walking forward only: token positions only grow, so the whole stream costs
/// one pass over the text.
struct Cursor<'s> {
    text: &'s str,
    byte: usize,
    line: u64,
    column: u64,
}

impl<'s> Cursor<'s> {
    fn new(text: &'s str) -> Self {
        Cursor {
            text,
            byte: 0,
            line: 1,
            column: 1,
        }
    }

    fn offset(&mut self, to: Location) -> usize {
        while (self.line, self.column) < (to.line, to.column) {
            let Some(c) = self
                .text
                .get(self.byte..)
                .and_then(|rest| rest.chars().next())
            else {
                break;
            };
            self.byte += c.len_utf8();
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.byte
    }
}
