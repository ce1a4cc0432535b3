//! Questions about one race and about championship tables, answered as
//! typed queries (parse → query → compile → phrase): the interpretation
//! names the race or table actually read, every name asked about is
//! answered or the question is declined, and data the database does not
//! have is refused with the reason. Gold values from the real data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use pitwall_engine::Outcome;

fn outcome(q: &str) -> Outcome {
    common::engine().answer(&common::conn(), q).unwrap()
}

#[test]
fn a_race_answer_names_the_race_it_resolved() {
    let a = common::confident("Who won the 2012 Monaco Grand Prix?");
    assert_eq!(a.interpretation, "Race winner · 2012 Monaco Grand Prix");
    assert!(a.answer.starts_with("Mark Webber"), "{}", a.answer);
    // "The 354th race" names no season or place: the interpretation says
    // which race that is, so a wrong count would show.
    let a = common::confident("Who won the 354th World Championship race?");
    assert_eq!(a.interpretation, "Race winner · 1981 Dutch Grand Prix");
    assert!(a.answer.contains("Alain Prost"), "{}", a.answer);
    let a = common::confident("Who was on pole at Monza in 2018?");
    assert_eq!(a.interpretation, "Pole position · 2018 Italian Grand Prix");
    assert!(a.answer.contains("Kimi Räikkönen"), "{}", a.answer);
    assert!(a.answer.contains("1:19.119"), "{}", a.answer);
    let a = common::confident("Who finished second at Silverstone in 2019?");
    assert_eq!(a.interpretation, "Finished P2 · 2019 British Grand Prix");
    assert!(a.answer.contains("Valtteri Bottas"), "{}", a.answer);
    let a = common::confident("Podium of the 2019 German Grand Prix?");
    assert_eq!(a.interpretation, "Podium · 2019 German Grand Prix");
    assert_eq!(a.table.rows.len(), 3);
    // In finishing order, not a ranking of podium counts tied at 1.
    assert!(
        a.answer
            .contains("was Max Verstappen (Red Bull), Sebastian Vettel"),
        "{}",
        a.answer
    );
    let a = common::confident("What was Hamilton's result at the 2016 Malaysian Grand Prix?");
    assert_eq!(
        a.interpretation,
        "Driver's race result · Lewis Hamilton · 2016 Malaysian Grand Prix"
    );
    assert!(a.answer.contains("did not finish"), "{}", a.answer);
    assert!(a.answer.contains("Engine"), "{}", a.answer);
}

#[test]
fn a_race_fact_the_data_lacks_is_refused_with_the_reason() {
    match outcome("Who set the fastest lap at Monaco in 1999?") {
        Outcome::Unanswered(u) => assert!(u.reason.contains("2004"), "{}", u.reason),
        Outcome::Answered(a) => panic!("answered {:?}", a.answer),
    }
    // Pole before qualifying classifications were complete is the grid's
    // first place.
    let a = common::confident("Who was on pole at Monaco in 1988?");
    assert!(a.answer.contains("Ayrton Senna"), "{}", a.answer);
    assert_eq!(a.table.columns.len(), 2, "{:?}", a.table.columns);
}

#[test]
fn a_table_answer_names_the_table_and_when() {
    let a = common::confident("Who led the championship after round 12 of 2021?");
    assert_eq!(
        a.interpretation,
        "Drivers' standings after round 12 of 2021 (Belgian Grand Prix) · leader"
    );
    assert!(a.answer.contains("Lewis Hamilton led"), "{}", a.answer);
    assert!(a.answer.contains("202.5"), "{}", a.answer);
    let a = common::confident("Who won the 2010 drivers' championship?");
    assert_eq!(a.interpretation, "Drivers' champion · 2010");
    assert_eq!(a.intent, "world_champion");
    assert!(a.answer.contains("Sebastian Vettel"), "{}", a.answer);
    let a = common::confident("Final top 3 in the 2017 constructors' standings?");
    assert_eq!(
        a.interpretation,
        "Final constructors' standings · top 3 · 2017"
    );
    assert_eq!(a.intent, "final_standings");
    assert!(a.answer.contains("Mercedes (668 pts)"), "{}", a.answer);
    let a = common::confident("Where did Ferrari finish in the 2019 constructors championship?");
    assert!(a.answer.contains("P2"), "{}", a.answer);
    assert!(a.answer.contains("504"), "{}", a.answer);
}

#[test]
fn a_gap_or_a_title_margin_is_a_table_query() {
    // Standings words and gap words read the same table query.
    for q in [
        "What was the points gap between Verstappen and Hamilton after round 20 of 2021?",
        "How many points separated Max Verstappen and Lewis Hamilton after round 20 of 2021?",
    ] {
        let a = common::confident(q);
        assert!(
            a.answer.starts_with(
                "8 points separated them after round 20 of 2021 (the Qatar Grand Prix)"
            ),
            "{q}: {}",
            a.answer
        );
        assert!(
            a.answer.contains("Lewis Hamilton 343.5 (P2)"),
            "{}",
            a.answer
        );
        assert!(
            a.interpretation
                .ends_with("Max Verstappen vs Lewis Hamilton"),
            "{}",
            a.interpretation
        );
    }
    let a = common::confident("After the 2017 British Grand Prix, how many points separated Vettel and Hamilton in the championship?");
    assert!(a.answer.starts_with("1 point separated"), "{}", a.answer);
    let a = common::confident("By how many points did Lewis Hamilton win the 2008 title?");
    assert_eq!(
        a.interpretation,
        "Drivers' standings after round 18 of 2008 (Brazilian Grand Prix) · title margin · Lewis Hamilton"
    );
    assert!(a.answer.contains("won by 1 point"), "{}", a.answer);
    assert!(
        a.answer.contains("98 to 97 for Felipe Massa"),
        "{}",
        a.answer
    );
    let a = common::confident("What was the title margin in 1991?");
    assert!(
        a.answer.starts_with("Ayrton Senna won by 24 points"),
        "{}",
        a.answer
    );
    // A named driver who did not lead is told so, not given a margin.
    let a = common::confident("By how many points did Felipe Massa win the 2008 title?");
    assert!(a.answer.contains("did not lead"), "{}", a.answer);
}

#[test]
fn three_names_in_one_table_question_are_not_half_answered() {
    // Answering the first name alone would answer a third of the question.
    if let Outcome::Answered(a) =
        outcome("Points of Hamilton, Bottas and Verstappen after round 5 of 2021?")
    {
        assert!(a.confidence < 0.6, "answered {:?}", a.answer);
    }
}

#[test]
fn the_constructors_table_starts_in_1958() {
    match outcome("Who won the 1955 constructors' championship?") {
        Outcome::Unanswered(u) => assert!(u.reason.contains("1958"), "{}", u.reason),
        Outcome::Answered(a) => panic!("answered {:?}", a.answer),
    }
}

#[test]
fn a_sprint_is_a_race_query_and_its_totals_are_counts() {
    let a = common::confident("Who won the sprint at Interlagos in 2021?");
    assert_eq!(
        a.interpretation,
        "Sprint winner · 2021 São Paulo Grand Prix"
    );
    assert_eq!(a.intent, "sprint_results");
    assert!(a.answer.contains("Valtteri Bottas"), "{}", a.answer);
    let a = common::confident("Who finished second in the sprint at Baku 2023?");
    assert_eq!(a.interpretation, "Sprint P2 · 2023 Azerbaijan Grand Prix");
    assert!(a.answer.contains("Charles Leclerc"), "{}", a.answer);
    let a = common::confident("Top 3 in the 2024 Miami sprint?");
    assert_eq!(a.table.rows.len(), 3);
    assert!(
        a.answer
            .starts_with("Top 3 of the 2024 Miami Grand Prix sprint: 1. Max Verstappen"),
        "{}",
        a.answer
    );
    match outcome("Who won the sprint at the 2019 Monaco Grand Prix?") {
        Outcome::Unanswered(u) => assert!(u.reason.contains("no sprint"), "{}", u.reason),
        Outcome::Answered(a) => panic!("answered {:?}", a.answer),
    }
    // A career's sprint wins is a counting query over sprint results.
    let a = common::confident("How many sprint wins does Max Verstappen have?");
    assert!(a.answer.contains("13"), "{}", a.answer);
    assert_eq!(a.intent, "stat_count");
}

#[test]
fn pit_stops_are_a_typed_query_of_a_race_or_a_season() {
    let a =
        common::confident("How many times did Lewis Hamilton pit at the 2020 Turkish Grand Prix?");
    assert_eq!(
        a.interpretation,
        "Pit stops · Lewis Hamilton · 2020 Turkish Grand Prix"
    );
    assert!(a.answer.contains("made 1 pit stop at"), "{}", a.answer);
    assert!(a.answer.contains("(lap 8)"), "{}", a.answer);
    let a = common::confident("Who had the fastest pit stop at the 2018 Italian Grand Prix?");
    assert_eq!(
        a.interpretation,
        "Fastest pit stop · 2018 Italian Grand Prix"
    );
    assert!(
        a.answer.contains("Lewis Hamilton (Mercedes): 23.728s"),
        "{}",
        a.answer
    );
    let a = common::confident("Total number of pit stops in the 2011 Canadian Grand Prix?");
    assert!(a.answer.starts_with("75 pit stops"), "{}", a.answer);
    match outcome("Who had the fastest pit stop at the 2005 Italian Grand Prix?") {
        Outcome::Unanswered(u) => assert!(u.reason.contains("2011"), "{}", u.reason),
        Outcome::Answered(a) => panic!("answered {:?}", a.answer),
    }
}

#[test]
fn a_head_to_head_is_a_typed_query_and_a_stat_comparison_a_count() {
    let a = common::confident(
        "How many times did Mark Webber beat Sebastian Vettel to the flag in 2013?",
    );
    assert_eq!(
        a.interpretation,
        "Race finishing head-to-head · Mark Webber vs Sebastian Vettel · 2013"
    );
    assert!(
        a.answer.contains("Mark Webber ahead 1 time,"),
        "{}",
        a.answer
    );
    assert!(
        a.answer.contains("Sebastian Vettel ahead 18 times"),
        "{}",
        a.answer
    );
    assert_eq!(a.column_labels[0], "Mark Webber ahead");
    let a = common::confident("Hamilton vs Bottas qualifying head-to-head in 2021?");
    assert!(
        a.interpretation.starts_with("Qualifying head-to-head"),
        "{}",
        a.interpretation
    );
    assert!(
        a.answer.contains("Lewis Hamilton ahead 17 times"),
        "{}",
        a.answer
    );
    // Titles of two drivers or two teams are a count for each.
    let a = outcome("Who has more titles, Prost or Senna?");
    let Outcome::Answered(a) = a else {
        panic!("declined")
    };
    assert_eq!(a.intent, "stat_compare");
    assert!(a.answer.contains("Alain Prost 4 titles"), "{}", a.answer);
    assert!(a.answer.contains("Ayrton Senna 3 titles"), "{}", a.answer);
    let a = common::confident("Ferrari or McLaren: who has more constructors' championships?");
    assert!(a.answer.contains("Ferrari 16 titles"), "{}", a.answer);
}

#[test]
fn a_season_as_a_whole_is_a_typed_query() {
    let a = common::confident("How many races were in the 2021 season?");
    assert_eq!(a.interpretation, "Races held · 2021");
    assert!(
        a.answer.contains("22 World Championship races"),
        "{}",
        a.answer
    );
    let a = common::confident("How many different winners were there in 2012?");
    assert_eq!(a.interpretation, "Different race winners · 2012");
    assert!(
        a.answer.contains("There were 8 different race winners"),
        "{}",
        a.answer
    );
    let a = common::confident("How many races were on the 2005 calendar?");
    assert_eq!(a.table.rows.len(), 19);
    assert!(
        a.answer
            .starts_with("The 2005 calendar had 19 rounds: Australian Grand Prix"),
        "{}",
        a.answer
    );
}

#[test]
fn a_roster_is_a_typed_query() {
    let a = common::confident("Which teams did Sebastian Vettel drive for?");
    assert_eq!(a.interpretation, "Teams driven for · Sebastian Vettel");
    assert!(a.answer.contains("Red Bull (2009-2014)"), "{}", a.answer);
    assert!(
        a.answer.contains("Aston Martin (2021-2022)"),
        "{}",
        a.answer
    );
    let a = common::confident("Who drove for Ferrari in 2010?");
    assert_eq!(a.interpretation, "Team's drivers · Ferrari · 2010");
    assert!(
        a.answer.contains("Fernando Alonso and Felipe Massa"),
        "{}",
        a.answer
    );
    // The title seasons only, every word of the question read.
    let a = common::confident("Which teams did Lewis Hamilton win his titles with?");
    assert!(
        a.answer.contains("McLaren (2008) and Mercedes"),
        "{}",
        a.answer
    );
}

#[test]
fn a_place_with_no_season_is_a_typed_query() {
    let a = common::confident("Where is Interlagos?");
    assert_eq!(a.interpretation, "Location · Autódromo José Carlos Pace");
    assert!(a.answer.contains("São Paulo, Brazil"), "{}", a.answer);
    let a = common::confident("When was the first Grand Prix at Suzuka?");
    assert!(
        a.answer.contains("1987 Japanese Grand Prix"),
        "{}",
        a.answer
    );
    assert!(a.answer.contains("Gerhard Berger"), "{}", a.answer);
    let a = common::confident("Most successful team at Silverstone?");
    assert_eq!(
        a.interpretation,
        "Most wins · constructor · Silverstone Circuit"
    );
    assert!(
        a.answer.starts_with("Ferrari has the most wins"),
        "{}",
        a.answer
    );
    let a = common::confident("How often has the race been held at Interlagos?");
    assert!(
        a.answer.contains("42 World Championship Grands Prix"),
        "{}",
        a.answer
    );
}

#[test]
fn records_with_no_one_named_are_a_typed_query() {
    let a = common::confident("Who is the youngest Formula 1 world champion?");
    assert_eq!(a.interpretation, "Youngest world champion");
    assert!(
        a.answer
            .contains("Sebastian Vettel, aged 23 years and 134 days"),
        "{}",
        a.answer
    );
    let a = common::confident("Most wins in a single season?");
    assert_eq!(a.interpretation, "Most wins in a season · drivers");
    assert!(
        a.answer.contains("is 19, by Max Verstappen in 2023"),
        "{}",
        a.answer
    );
    let a = common::confident("Which team won the most races in a single season?");
    assert!(
        a.answer.contains("is 21, by Red Bull in 2023"),
        "{}",
        a.answer
    );
    // The all-time ranking's partial reading names the word it could not
    // place.
    match outcome("Which team has entered the most Grands Prix?") {
        Outcome::Unanswered(u) => assert_eq!(u.unparsed, vec!["entered".to_string()]),
        Outcome::Answered(a) => panic!("answered {:?}", a.answer),
    }
}

#[test]
fn words_a_reading_does_not_answer_are_not_taken_as_read() {
    // One sprint's winner is not "how many podiums".
    if let Outcome::Answered(a) = outcome("how many sprint podiums at Interlagos 2021") {
        panic!("answered {:?}", a.answer);
    }
    // A round and a place that name two different races are neither.
    for q in [
        "How many points separated Verstappen and Hamilton after round 20 of 2021 at Silverstone?",
        "Who led the standings after round 20 of 2021 at Silverstone?",
        "Who won round 5 of 2019 at Monza?",
    ] {
        match outcome(q) {
            Outcome::Unanswered(u) => assert!(u.reason.contains("which race"), "{q}: {}", u.reason),
            Outcome::Answered(a) => panic!("{q}: answered {:?}", a.answer),
        }
    }
    // When they agree, the race is answered.
    for q in [
        "Who won round 14 of 2019 at Monza?",
        "Who won round 14 of 2019?",
    ] {
        let a = common::confident(q);
        assert_eq!(a.interpretation, "Race winner · 2019 Italian Grand Prix");
        assert!(a.answer.contains("Charles Leclerc"), "{}", a.answer);
    }
}

#[test]
fn a_winning_margin_is_a_race_query() {
    let a = common::confident("What was the winning margin at the 2019 Monaco Grand Prix?");
    assert_eq!(a.interpretation, "Winning margin · 2019 Monaco Grand Prix");
    assert!(
        a.answer.contains("by 2.602 s over Sebastian Vettel"),
        "{}",
        a.answer
    );
    // A driver named as the winner who did not win is told so.
    let a = common::confident("By how much did Bottas win the 2019 Monaco Grand Prix?");
    assert!(
        a.answer.starts_with("Valtteri Bottas did not win"),
        "{}",
        a.answer
    );
    // A lapped runner-up: the laps, not a time.
    let a = common::confident("How far ahead was the winner of the 1995 Australian Grand Prix?");
    assert!(a.answer.contains("by at least a lap"), "{}", a.answer);
}

#[test]
fn pit_stop_times_laps_and_team_counts_are_pit_queries() {
    let a = common::confident("How many pit stops did Red Bull make in 2021?");
    assert_eq!(
        a.answer,
        "Red Bull's drivers made 86 pit stops in total in 2021 (2 drivers)."
    );
    let a = common::confident("Total pit time of Verstappen in 2023");
    assert!(
        a.answer.starts_with(
            "Total pit-stop time (pit lane) of Max Verstappen in 2023: 9709.305 s over 48 stops"
        ),
        "{}",
        a.answer
    );
    let a = common::confident(
        "What was the average pit stop time for Ferrari at the 2019 Italian Grand Prix?",
    );
    assert!(
        a.answer
            .contains("of Ferrari's drivers at the 2019 Italian Grand Prix: 28.126 s over 4 stops"),
        "{}",
        a.answer
    );
    let a = common::confident("On which laps did Hamilton pit at the 2021 Hungarian Grand Prix?");
    assert!(a.answer.contains("on laps 2, 4, 19 and 47"), "{}", a.answer);
}

#[test]
fn a_winner_is_asked_in_many_words() {
    for (q, who) in [
        ("Who finished first at Monza 2019?", "Charles Leclerc"),
        ("who came first in the 2008 british gp", "Lewis Hamilton"),
        ("Who placed first at Monaco in 1988?", "Alain Prost"),
        (
            "Who took the chequered flag first at the 1955 Dutch Grand Prix?",
            "Juan Fangio",
        ),
    ] {
        let a = common::confident(q);
        assert!(
            a.interpretation.starts_with("Race winner · "),
            "{q}: {}",
            a.interpretation
        );
        assert!(a.answer.starts_with(who), "{q}: {}", a.answer);
    }
    // "first in the championship" is not a race's winner.
    common::declined("Who finished first in the 2019 championship?");
}
