//! Text normalisation shared by the index (aliases) and the resolver
//! (questions), so both sides of every lookup are folded the same way.

/// Folds one lowercase character to ASCII where it is a Latin letter with a
/// diacritic; other characters are returned unchanged.
fn fold_char(c: char, out: &mut String) {
    let s = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(s);
}

/// Lowercases and folds accents: "Räikkönen" -> "raikkonen".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        fold_char(c, &mut out);
    }
    out
}

/// One word of a question: its folded form plus what the raw text said,
/// because codes ("VER") and "#44" / "'98" need the original shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Lowercase, accent-folded, alphanumeric only.
    pub norm: String,
    /// The word as typed (letters and digits only).
    pub orig: String,
    /// Written with a leading '#'.
    pub hash: bool,
    /// Written with a leading apostrophe ("'98").
    pub apostrophe: bool,
    /// Where the word is in the text (byte offsets), so a key can be built
    /// from the text around it with nothing dropped.
    pub span: std::ops::Range<usize>,
}

/// Splits text into tokens. Punctuation separates words; a possessive "'s"
/// is dropped so "Hamilton's" matches "hamilton".
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut hash = false;
    let mut apostrophe = false;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let flush = |cur: &mut String,
                 span: std::ops::Range<usize>,
                 hash: &mut bool,
                 apo: &mut bool,
                 tokens: &mut Vec<Token>| {
        if !cur.is_empty() {
            tokens.push(Token {
                norm: fold(cur),
                orig: std::mem::take(cur),
                hash: *hash,
                apostrophe: *apo,
                span,
            });
        }
        *hash = false;
        *apo = false;
    };
    let next_char = |i: usize| chars.get(i).map(|(_, c)| *c);
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        if c.is_alphanumeric() {
            if cur.is_empty() {
                start = at;
            }
            cur.push(c);
        } else if (c == '\'' || c == '’') && !cur.is_empty() {
            // Possessive or contraction: keep the stem, skip "s"/"t".
            flush(&mut cur, start..at, &mut hash, &mut apostrophe, &mut tokens);
            if matches!(next_char(i + 1), Some('s') | Some('S'))
                && !next_char(i + 2).is_some_and(|n| n.is_alphanumeric())
            {
                i += 1;
            }
        } else {
            flush(&mut cur, start..at, &mut hash, &mut apostrophe, &mut tokens);
            if c == '#' {
                hash = true;
            } else if c == '\'' || c == '’' || c == '‘' {
                apostrophe = true;
            }
        }
        i += 1;
    }
    flush(
        &mut cur,
        start..text.len(),
        &mut hash,
        &mut apostrophe,
        &mut tokens,
    );
    tokens
}

/// Normalised key of a name: folded tokens joined by single spaces.
pub fn key(text: &str) -> String {
    let toks: Vec<String> = tokenize(text).into_iter().map(|t| t.norm).collect();
    toks.join(" ")
}

/// Lowercase, accents folded, whitespace collapsed, punctuation dropped.
pub fn normalise_question(q: &str) -> String {
    let folded = fold(q);
    let mut out = String::with_capacity(folded.len());
    for word in folded.split_whitespace() {
        let cleaned: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        if cleaned.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&cleaned);
    }
    out
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent
/// transpositions, so "canadain" is one edit from "canadian").
pub fn osa_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let m = b.len();
    // Three rolling rows (i-2, i-1, i) instead of the whole matrix: the
    // transposition case needs only the row two above.
    let mut before: Vec<usize> = vec![0; m + 1];
    let mut prev: Vec<usize> = (0..=m).collect();
    let mut cur: Vec<usize> = vec![0; m + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(before[j - 2] + 1);
            }
            cur[j] = v;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[m]
}

/// `osa_distance(a, b)` when it is at most `max`, else `None`, without
/// allocating for words of up to 32 bytes and giving up as soon as two
/// rows in a row exceed `max`. Spelling correction compares each unknown
/// word with every same-initial vocabulary word, so this is on the path of
/// every question the engine cannot answer outright.
pub fn osa_within(a: &str, b: &str, max: usize) -> Option<usize> {
    const CAP: usize = 32;
    if a.len() > CAP || b.len() > CAP || !a.is_ascii() || !b.is_ascii() {
        let d = osa_distance(a, b);
        return (d <= max).then_some(d);
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let m = b.len();
    // Three rolling rows (i-2, i-1, i) picked by index, of bytes: distances
    // never exceed CAP, and rotating indices copies nothing.
    let mut rows = [[0_u8; CAP + 1]; 3];
    for (j, cell) in rows[1].iter_mut().enumerate().take(m + 1) {
        *cell = j as u8;
    }
    let max = u8::try_from(max).unwrap_or(u8::MAX);
    let (mut before, mut prev, mut cur) = (0, 1, 2);
    let mut prev_min = 0_u8;
    for i in 1..=a.len() {
        rows[cur][0] = i as u8;
        let mut row_min = i as u8;
        for j in 1..=m {
            let cost = u8::from(a[i - 1] != b[j - 1]);
            let mut v = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(rows[before][j - 2] + 1);
            }
            rows[cur][j] = v;
            row_min = row_min.min(v);
        }
        // A cell only grows from the row above (or, by a transposition,
        // the one above that), so two rows over `max` settle it.
        if row_min > max && prev_min > max {
            return None;
        }
        prev_min = row_min;
        (before, prev, cur) = (prev, cur, before);
    }
    let d = rows[prev][m];
    (d <= max).then_some(usize::from(d))
}

/// Edits tolerated for a word of this length: none for short words (too
/// many collisions), one up to 8 letters, two beyond.
pub fn max_edits(len: usize) -> usize {
    match len {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_punctuation() {
        assert_eq!(
            normalise_question("  Who is  Räikkönen?? "),
            "who is raikkonen"
        );
        assert_eq!(
            key("Autódromo José Carlos Pace"),
            "autodromo jose carlos pace"
        );
        assert_eq!(key("Hamilton's  wins"), "hamilton wins");
    }

    #[test]
    fn tokens_keep_hash_and_apostrophe_markers() {
        let t = tokenize("car #44 in '98");
        assert!(t[1].hash && t[1].norm == "44");
        assert!(t[3].apostrophe && t[3].norm == "98");
    }

    #[test]
    fn transposition_is_one_edit() {
        assert_eq!(osa_distance("canadain", "canadian"), 1);
        assert_eq!(osa_distance("monza", "monaco"), 3);
        assert_eq!(osa_distance("", "abc"), 3);
        assert_eq!(osa_distance("abc", ""), 3);
        assert_eq!(osa_distance("ab", "ba"), 1);
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one_on_every_short_word() {
        // Every word over {a, b, c} of up to 4 letters, against every other.
        let mut words = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|w| ['a', 'b', 'c'].map(|c| format!("{w}{c}")))
                .collect();
            words.extend(last.iter().cloned());
        }
        assert_eq!(words.len(), 121);
        for a in &words {
            for b in &words {
                let full = osa_distance(a, b);
                for max in 0..4 {
                    assert_eq!(osa_within(a, b, max), (full <= max).then_some(full));
                }
            }
        }
    }

    #[test]
    fn bounded_distance_agrees_with_the_full_one() {
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "canadain",
            "canadian",
            "monza",
            "monaco",
            "hamilton",
            "hamiltn",
            "hmailton",
            "verstappen",
            "verstapen",
            "vertsappen",
            "leclerc",
            "lecrelc",
            "schumacher",
            "shumacher",
            "raikkonen",
            "räikkönen",
            "a-very-long-word-that-is-longer-than-thirty-two-bytes",
            "a-very-long-word-that-is-longer-than-thirty-two-byte",
            "abcdefghijklmnopqrstuvwxyzabcdef", // exactly 32 bytes
            "abcdefghijklmnopqrstuvwxyzabcdefg", // 33
            "bacdefghijklmnopqrstuvwxyzabcdef",
        ];
        for a in words {
            for b in words {
                let full = osa_distance(a, b);
                for max in 0..4 {
                    let expected = (full <= max).then_some(full);
                    assert_eq!(osa_within(a, b, max), expected, "{a:?} {b:?} max {max}");
                }
            }
        }
        assert_eq!(osa_distance("kitten", "sitting"), 3);
        // Optimal string alignment edits no substring twice: 3, not 2.
        assert_eq!(osa_distance("ca", "abc"), 3);
        assert_eq!(osa_distance("räikkönen", "raikkonen"), 2);
    }
}
