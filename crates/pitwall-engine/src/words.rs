//! Ordinary English words of F1 questions. They are never spell-corrected
//! into names, and a name that is also one of these words ("March",
//! "Hill" is fine, "Will" is not) only counts when written capitalised
//! mid-sentence.

/// Words that must keep their ordinary meaning.
#[rustfmt::skip]
pub(crate) const COMMON_WORDS: &[&str] = &[
    "a", "about", "after", "against", "ago", "all", "also", "among", "an", "and", "any", "are",
    "as", "at", "ahead", "average", "be", "beat", "beaten", "been", "before", "behind", "best",
    "between", "biggest", "both", "but", "by", "calendar", "can", "car", "cars", "career",
    "champion", "champions", "championship", "championships", "circuit", "circuits",
    "classified", "compare", "compared", "complete", "constructor", "constructors", "count",
    "country", "date", "day", "debut", "did", "different", "distinct", "do", "does", "done",
    "drive", "driven", "driver", "drivers", "drove", "during", "each", "earliest", "ever",
    "every", "fail", "failed", "fast", "faster", "fastest", "few", "fewest", "final", "finish",
    "finished", "finishes", "finishing", "first", "for", "formula", "from", "front", "gap",
    "get", "give", "got", "grand", "grid", "had", "has", "have", "he", "held", "her", "his",
    "history", "host", "hosted", "how", "in", "is", "it", "its", "lap", "laps", "last",
    "latest", "lead", "leader", "leading", "led", "least", "list", "long", "longest", "many",
    "march", "may", "maiden", "me", "more", "most", "much", "name", "names", "number", "of",
    "off", "oldest", "on", "once", "one", "only", "or", "order", "other", "out", "over", "own",
    "pit", "pits", "pitted", "place", "placed", "points", "pole", "poles", "podium", "podiums",
    "position", "positions", "prix", "qualified", "qualifying", "quickest", "race", "raced",
    "races", "racing", "record", "records", "result", "results", "retire", "retired", "round",
    "rounds", "runner", "score", "scored", "season", "seasons", "second", "set", "shortest",
    "show", "since", "single", "so", "sprint", "sprints", "standing", "standings", "start",
    "started", "starts", "stop", "stops", "team", "teammate", "teams", "than", "that", "the",
    "their", "them", "then", "there", "third", "this", "time", "times", "title", "titles", "to",
    "top", "total", "track", "up", "victories", "victory", "vs", "was", "were", "what", "when",
    "where", "which", "while", "who", "whom", "whose", "why", "will", "win", "winner",
    "winners", "winning", "wins", "with", "won", "world", "year", "years", "young", "youngest",
    "after", "power", "black", "white", "brown", "green", "love", "said", "miles", "rose",
    "field", "bell", "king", "hall", "ward", "stuck", "shadow", "spirit", "eagle", "wolf",
    "token", "life", "arrows", "ensign", "pacific", "rial", "ram", "super", "force", "point",
    "united", "team", "scuderia", "new", "south", "east", "west", "north", "city", "park",
    "ring", "street", "bay", "island", "de", "la", "le", "van", "von", "der", "di", "da", "dos",
    "do", "del", "du", "fastest", "lapped", "people", "person", "men", "man", "guy", "guys",
    "f1", "gp", "grands", "formula1", "much", "points", "percent", "rate", "age", "aged", "old",
    "older", "younger", "born", "birthday", "nationality", "nation", "sprint", "shootout",
    "now", "currently", "current", "today", "next", "upcoming", "future", "predict", "odds",
    "chance", "chances", "should", "would", "could", "might", "tell", "know", "please", "give",
    "find", "between", "together", "teammates", "same", "total", "entire", "whole", "overall",
    "per", "consecutive", "row", "straight", "streak", "longest", "start", "grid", "front",
    "row", "back", "second", "seconds", "finisher", "finishers", "sitter", "sitters", "starter",
    "starters", "scorer", "scorers", "leads", "leader", "lapped", "victor", "victors",
    "results", "classification", "grandprix", "hour", "hours", "minute", "minutes", "lap",
    "time", "fast", "slow", "jump", "taken", "took", "take", "put", "sat", "gave", "given",
    "entered", "home", "flag", "town", "made", "make", "opened", "like", "very", "margin",
    "margins", "separated", "separate", "apart", "difference", "clear", "gap", "table",
    "streak", "stint", "decade", "speed", "birth", "births", "nineties", "eighties", "seventies", "sixties", "fifties",
];

/// Words that make a question something the engine does not model
/// (lap-by-lap data, money, weather, opinion, prediction...).
#[rustfmt::skip]
pub(crate) const UNSUPPORTED_WORDS: &[&str] = &[
    "average", "percent", "percentage", "ratio", "rate", "weather", "rain", "wet", "tyre",
    "tyres", "tire", "tires", "salary", "salaries", "paid", "earn", "earns", "budget", "engine",
    "engines", "crash", "crashes", "crashed", "accident", "accidents", "penalty", "penalties",
    "overtake", "overtakes", "overtaking", "predict", "prediction", "odds", "will", "should",
    "greatest", "goat", "favourite", "favorite", "opinion", "better", "worst", "born",
    "birthday", "height", "tall", "weight", "married", "wife", "girlfriend", "kids", "speed",
    "kmh", "mph", "consecutive", "streak", "straight", "without", "except", "excluding",
    "never", "teammates", "safety", "die", "died", "death", "killed", "fatal", "marshal",
    "gearbox", "fuel", "testing", "practice", "fp1", "fp2", "fp3", "q1", "q2", "q3", "shootout",
    "mph", "horsepower", "sponsor", "livery", "principal", "boss",
];

/// Whether `w` is an ordinary question word.
pub(crate) fn is_common(w: &str) -> bool {
    COMMON_WORDS.contains(&w)
}

/// Words that carry no meaning of their own in a question: articles,
/// prepositions, auxiliaries, pronouns and politeness. A word outside this
/// list that neither the parse nor the answering intent read means the
/// question was not fully understood. Keep it closed and small: a word put
/// here is a word the engine may silently ignore.
#[rustfmt::skip]
const FILLER_WORDS: &[&str] = &[
    "a", "an", "the", "of", "in", "at", "on", "for", "to", "by", "with", "from", "and",
    "did", "does", "do", "was", "were", "is", "are", "be", "been", "has", "have", "had",
    "who", "what", "which", "whom", "whose", "please", "tell", "me", "show", "give", "i",
    "you", "it", "its", "he", "she", "his", "her", "their", "they", "that", "this", "there",
    "f1", "formula", "can", "could", "would", "know", "want", "s", "ever", "all",
    "history", "so", "far", "get", "got", "very", "up", "just", "exactly", "actually", "really",
];

/// Framing phrases that carry no meaning ("I'd like to know", "can you
/// tell me"): their words count as filler where the whole phrase is written.
pub(crate) const FILLER_PHRASES: &[&str] = &[
    "i d like to know",
    "id like to know",
    "i would like to know",
    "i want to know",
    "i wonder",
    "can you tell me",
    "could you tell me",
    "do you know",
    "would you know",
    "i m curious",
    "im curious",
    "quick one",
    "quick question",
];

/// A filler word (see [`FILLER_WORDS`]).
pub(crate) fn is_filler(word: &str) -> bool {
    FILLER_WORDS.contains(&word)
}

/// Where a phrase (words separated by single spaces) occurs in a question's
/// words: the start of each occurrence and the phrase's word count. The one
/// phrase matcher of the engine (the parse's `take`, an intent's `phrase`,
/// framing and unsupported words): the parse tries hundreds of phrases per
/// question, so it compares the first word at each position before looking
/// at the rest, and builds no string or vector.
pub(crate) fn phrase_hits<'a>(
    words: &'a [String],
    phrase: &'a str,
) -> impl Iterator<Item = (usize, usize)> + 'a {
    let (first, rest) = phrase.split_once(' ').unwrap_or((phrase, ""));
    let n = 1 + if rest.is_empty() {
        0
    } else {
        rest.split(' ').count()
    };
    words
        .iter()
        .enumerate()
        .filter(move |(i, w)| {
            *w == first
                && i + n <= words.len()
                && (rest.is_empty()
                    || words[i + 1..i + n]
                        .iter()
                        .zip(rest.split(' '))
                        .all(|(w, p)| w == p))
        })
        .map(move |(i, _)| (i, n))
}

#[cfg(test)]
mod tests {
    use super::phrase_hits;

    fn words(s: &str) -> Vec<String> {
        s.split(' ').map(String::from).collect()
    }

    #[test]
    fn finds_every_occurrence_with_its_length() {
        let w = words("who won the race and who won the title");
        assert_eq!(
            phrase_hits(&w, "who won").collect::<Vec<_>>(),
            [(0, 2), (5, 2)]
        );
        assert_eq!(phrase_hits(&w, "title").collect::<Vec<_>>(), [(8, 1)]);
        assert_eq!(phrase_hits(&w, "the title").collect::<Vec<_>>(), [(7, 2)]);
    }

    #[test]
    fn needs_every_word_in_order_and_inside_the_question() {
        let w = words("most wins at monza");
        assert_eq!(phrase_hits(&w, "wins monza").count(), 0);
        assert_eq!(phrase_hits(&w, "monza grand prix").count(), 0);
        assert_eq!(phrase_hits(&w, "at monza").collect::<Vec<_>>(), [(2, 2)]);
        assert_eq!(phrase_hits(&w, "").count(), 0);
        assert_eq!(phrase_hits(&[], "monza").count(), 0);
    }
}
