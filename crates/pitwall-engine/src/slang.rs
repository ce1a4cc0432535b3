//! Fan shorthand expanded to the words the parser reads ("fl" -> "fastest
//! lap", "quali" -> "qualifying"). Each expansion keeps the original
//! token's span, so cache keys and mentions still point at what was typed.
//! Only shorthand with one meaning in an F1 question is listed.

use crate::text::Token;

/// (shorthand, expansion).
const SLANG: &[(&str, &[&str])] = &[
    ("fl", &["fastest", "lap"]),
    ("fls", &["fastest", "laps"]),
    ("quali", &["qualifying"]),
    ("qualy", &["qualifying"]),
    ("champ", &["champion"]),
    ("champs", &["champions"]),
    ("pts", &["points"]),
    ("pt", &["points"]),
    ("v", &["vs"]),
    ("w", &["with"]),
    ("h2h", &["head", "to", "head"]),
    ("polesitter", &["pole", "sitter"]),
    ("polesitters", &["pole", "sitters"]),
    ("podiumed", &["podium"]),
    // "Who won" in the languages of the Grands Prix ("chi ha vinto il Gran
    // Premio di Monaco", "qui a gagné le Grand Prix de Belgique", "quem
    // venceu o Grande Prêmio do Brasil", "wer hat den Großen Preis von
    // Deutschland gewonnen", "ganador Gran Premio de España").
    ("chi", &["who"]),
    ("qui", &["who"]),
    ("quem", &["who"]),
    ("wer", &["who"]),
    ("quien", &["who"]),
    ("vinto", &["won"]),
    ("gagne", &["won"]),
    ("venceu", &["won"]),
    ("gewonnen", &["won"]),
    ("gano", &["won"]),
    ("ganador", &["winner"]),
    ("vincitore", &["winner"]),
    ("vainqueur", &["winner"]),
    ("sieger", &["winner"]),
    ("grossen", &["grand"]),
    ("grosser", &["grand"]),
    ("grosse", &["grand"]),
    ("preis", &["prix"]),
    ("premio", &["prix"]),
    ("ha", &["has"]),
    ("hat", &["has"]),
    ("il", &["the"]),
    ("le", &["the"]),
    ("den", &["the"]),
    ("el", &["the"]),
    ("o", &["the"]),
    ("von", &["of"]),
    ("van", &["of"]),
    ("wie", &["who"]),
    ("grote", &["grand"]),
    ("prijs", &["prix"]),
];

/// Expands shorthand tokens in place of the originals.
pub(crate) fn expand(tokens: Vec<Token>) -> Vec<Token> {
    if !tokens
        .iter()
        .any(|t| t.norm == "p1" || SLANG.iter().any(|(s, _)| *s == t.norm))
    {
        return tokens;
    }
    // "P1" is the winner in a race question, pole in a qualifying one.
    let qualifying = tokens.iter().any(|t| {
        matches!(
            t.norm.as_str(),
            "quali" | "qualy" | "qualifying" | "pole" | "grid"
        )
    });
    let mut out = Vec::with_capacity(tokens.len() + 2);
    for t in tokens {
        if t.norm == "p1" && !qualifying {
            out.push(Token {
                norm: "winner".to_string(),
                ..t
            });
            continue;
        }
        match SLANG.iter().find(|(s, _)| *s == t.norm) {
            Some((_, words)) => out.extend(words.iter().map(|w| Token {
                norm: (*w).to_string(),
                ..t.clone()
            })),
            None => out.push(t),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::expand;
    use crate::text::tokenize;

    #[test]
    fn shorthand_expands_and_keeps_spans() {
        let toks = expand(tokenize("fl bahrain 2010"));
        let words: Vec<&str> = toks.iter().map(|t| t.norm.as_str()).collect();
        assert_eq!(words, ["fastest", "lap", "bahrain", "2010"]);
        assert_eq!(toks[0].span, toks[1].span);
        assert_eq!(toks[0].span, 0..2);
    }

    #[test]
    fn ordinary_questions_are_untouched() {
        let toks = expand(tokenize("who won monza in 2019"));
        assert_eq!(toks.len(), 5);
    }
}
