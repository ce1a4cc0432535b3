//! The schema-level facts as typed queries (issue 9, layout): each answer's
//! interpretation restates the query that was read (which race, which
//! session, which column, which span of birth dates), a value the data
//! leaves empty is declined or said to be missing rather than printed
//! blank, and sentences count in the singular when there is one. Gold
//! values from the real data load.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

#[test]
fn qualifying_interpretations_name_the_session_and_the_race() {
    let a = common::confident("Who was knocked out in Q1 at Monza 2019?");
    assert_eq!(
        a.interpretation,
        "Qualifying: drivers who were knocked out in Q1 · 2019 Italian Grand Prix"
    );
    assert_eq!(a.table.rows.len(), 5);
    assert!(a.answer.contains("Max Verstappen (P20)"), "{}", a.answer);
    let a = common::confident("Who missed Q3 at Spa 2021?");
    assert_eq!(
        a.interpretation,
        "Qualifying: drivers who did not reach Q3 · 2021 Belgian Grand Prix"
    );
    let a = common::confident("What was the Q2 gap between Verstappen and Perez at Imola 2021?");
    assert_eq!(
        a.interpretation,
        "Qualifying gap in Q2, Max Verstappen vs Sergio Pérez · 2021 Emilia Romagna Grand Prix"
    );
    assert!(a.answer.contains("0.168 s"), "{}", a.answer);
    // Before the knockout format there is one session, named as such.
    let a = common::confident("What was the qualifying gap between pole and P2 at Monaco 2004?");
    assert_eq!(
        a.interpretation,
        "Qualifying gap in qualifying, pole vs P2 · 2004 Monaco Grand Prix"
    );
    assert!(a.answer.contains("0.36 s"), "{}", a.answer);
    let a = common::confident("Qualifying top 3 at Monaco 2019");
    assert_eq!(
        a.interpretation,
        "Qualifying top 3 · 2019 Monaco Grand Prix"
    );
    assert_eq!(a.table.rows.len(), 3);
}

#[test]
fn a_qualifier_without_a_time_is_not_given_a_blank_one() {
    // Verstappen took part in qualifying at Monza 2019 but set no time
    // (classified P20): the answer says so instead of "was  (P20)".
    let a = common::confident("Verstappen qualifying time at Monza 2019");
    assert_eq!(
        a.answer,
        "Max Verstappen set no qualifying time at the 2019 Italian Grand Prix (qualified P20)."
    );
    let a = common::confident("What was Verstappen's Q2 time at Monza 2019?");
    assert_eq!(
        a.answer,
        "Max Verstappen set no Q2 time at the 2019 Italian Grand Prix (qualified P20)."
    );
    let a = common::confident("What was Hamilton's Q2 time at Monaco 2021?");
    assert!(
        a.answer
            .contains("was 1:11.116 (qualified P7; Q1 1:11.622, Q2 1:11.116, Q3 1:11.095)"),
        "{}",
        a.answer
    );
}

#[test]
fn lap_queries_refuse_what_the_data_lacks_and_name_the_scope() {
    let a = common::confident("What was the lowest fastest lap speed at Monaco?");
    assert_eq!(
        a.interpretation,
        "lowest fastest-lap speed · 2004-2024 at Circuit de Monaco"
    );
    assert!(a.answer.contains("89.54 km/h"), "{}", a.answer);
    let a = common::confident("What was Leclerc's fastest lap speed at Monza 2019?");
    assert_eq!(
        a.interpretation,
        "Fastest-lap speed · Charles Leclerc · 2019 Italian Grand Prix"
    );
    let why = common::declined("What was Mazepin's fastest lap at Monza 2019?");
    assert!(why.contains("did not take part"), "{why}");
    let why = common::declined("What was the fastest lap speed at Monza 2025?");
    assert!(why.contains("2004 to 2024"), "{why}");
}

#[test]
fn driver_and_birth_queries() {
    let a = common::confident("What is Kimi Raikkonen's driver code and number?");
    assert_eq!(
        a.interpretation,
        "driver code, permanent number · Kimi Räikkönen"
    );
    assert_eq!(
        a.answer,
        "Kimi Räikkönen: driver code RAI, permanent number 7."
    );
    let why = common::declined("What is Alain Prost's driver code?");
    assert!(why.contains("no driver code for Alain Prost"), "{why}");
    // A count of drivers reads "39 drivers", not "39 Drivers".
    let a = common::confident("How many drivers were born in the 1980s?");
    assert_eq!(a.interpretation, "Drivers born in the 1980s in the data");
    assert!(
        a.answer
            .starts_with("39 drivers born in the 1980s in the data: "),
        "{}",
        a.answer
    );
    // A nationality keeps its capital when none match.
    let a = common::confident("Which Italian drivers were born in 1905?");
    assert_eq!(a.answer, "No Italian drivers born in 1905 in the data.");
}

#[test]
fn a_year_of_birth_before_1950_is_not_a_season_out_of_range() {
    let a = common::confident("Which German drivers born before 1930 started a race?");
    assert_eq!(
        a.interpretation,
        "German drivers born before 1930 who started a Grand Prix"
    );
    assert!(
        a.answer.contains("Hans von Stuck (1900-12-27)"),
        "{}",
        a.answer
    );
    let a = common::confident("How many drivers were born in 1925?");
    assert!(
        a.answer.starts_with("9 drivers born in 1925"),
        "{}",
        a.answer
    );
    // A season before 1950 is still one the data does not have.
    let why = common::declined("Who won in 1949?");
    assert!(why.contains("began in 1950"), "{why}");
}

#[test]
fn circuit_race_and_calendar_queries() {
    let a = common::confident("What is the altitude of Interlagos?");
    assert_eq!(
        a.interpretation,
        "altitude (m) · Autódromo José Carlos Pace"
    );
    assert!(a.answer.ends_with("altitude (m) 785."), "{}", a.answer);
    let a = common::confident("Which is the northernmost circuit?");
    assert_eq!(a.interpretation, "Circuit with the northernmost");
    assert!(a.answer.contains("Scandinavian Raceway"), "{}", a.answer);
    let a = common::confident("How many Spanish circuits have held a Grand Prix?");
    assert_eq!(
        a.interpretation,
        "Circuits that have held a Grand Prix · in Spain"
    );
    assert!(a.answer.starts_with("6 different circuits"), "{}", a.answer);
    let a = common::confident("When was the sprint at Interlagos 2021?");
    assert_eq!(
        a.interpretation,
        "Date of the sprint · 2021 São Paulo Grand Prix"
    );
    let why = common::declined("When was the sprint at Monza 2019?");
    assert!(
        why.contains("no sprint at the 2019 Italian Grand Prix"),
        "{why}"
    );
    let why = common::declined("What time did the 1990 Monaco Grand Prix start?");
    assert!(why.contains("recorded from 2005"), "{why}");
    let a = common::confident("What was the winning race time at Monza 2019?");
    assert_eq!(
        a.interpretation,
        "Winning race time · 2019 Italian Grand Prix"
    );
    assert!(a.answer.contains("1:15:26.665"), "{}", a.answer);
    let a = common::confident("Which race opened the 2019 season?");
    assert_eq!(a.interpretation, "Calendar · the 2019 season's first race");
}

#[test]
fn finish_statuses_count_in_the_singular_when_there_is_one() {
    let a = common::confident("How many retirements were there at Monaco 2019?");
    assert_eq!(
        a.interpretation,
        "Cars that retired · at the 2019 Monaco Grand Prix"
    );
    assert_eq!(
        a.answer,
        "1 car retired at the 2019 Monaco Grand Prix: Charles Leclerc."
    );
    let a = common::confident("Which drivers were disqualified in 2019?");
    assert!(
        a.answer.starts_with("2 cars were disqualified in 2019: "),
        "{}",
        a.answer
    );
    let a = common::confident("Who was disqualified from the 2024 Belgian Grand Prix?");
    assert!(
        a.answer
            .starts_with("1 car was disqualified at the 2024 Belgian Grand Prix: George Russell"),
        "{}",
        a.answer
    );
    let a = common::confident("How many cars retired with gearbox failures in 2005?");
    assert_eq!(
        a.interpretation,
        "Cars that retired with 'Gearbox' · in 2005"
    );
    assert_eq!(a.answer, "3 cars retired with 'Gearbox' in 2005.");
}

#[test]
fn a_birth_year_is_only_the_year_a_birth_word_governs() {
    // "born in 1940" with "youngest" is not the youngest starter of a 1940
    // season (there was none) nor the youngest born in 1940 (not read).
    common::declined("Who was the youngest driver born in 1940?");
    let why = common::declined("Who won the 1949 British Grand Prix and when was he born?");
    assert!(why.contains("began in 1950"), "{why}");
    let a = common::confident("Which drivers were born between 1925 and 1930?");
    assert_eq!(
        a.interpretation,
        "Drivers born between 1925 and 1930 in the data"
    );
}

#[test]
fn counts_of_one_are_singular() {
    let a = common::confident("How many British drivers were born in 1998?");
    assert_eq!(
        a.answer,
        "1 British driver born in 1998 in the data: George Russell (1998-02-15)."
    );
    let a = common::confident("How many sprint wins does George Russell have?");
    assert_eq!(a.answer, "George Russell 1 win in sprints.");
    let a = common::confident("How many different circuits in Sweden have held a Grand Prix?");
    assert!(
        a.answer.starts_with("1 different circuit ("),
        "{}",
        a.answer
    );
}
