//! Questions that read like a common one but ask something else (found by
//! adversarial probes of new wordings, issue 9): each was answered at 0.95
//! as the common question. Now each is declined, or answered as asked.
//! Gold values from the real data.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

#[test]
fn points_finishes_are_not_points() {
    // Hülkenberg: 115 points finishes, 614 points.
    common::declined("How many points finishes did Nico Hülkenberg score?");
    common::declined("How many times did Fernando Alonso finish in the points in 2023?");
    common::answers("How many points did Alonso score in 2023?", &["206"]);
    // A run of points finishes is what the streak counts.
    let a = common::ask("What is Hamilton's longest run of consecutive points finishes?");
    assert!(
        pitwall_engine::eval::judge(&a, &["54".to_string()]),
        "{a:#?}"
    );
}

#[test]
fn a_gap_to_someone_not_named_is_not_ones_own_total() {
    // Mercedes led by 55 (330 - 275); their total was 330.
    common::declined("How many points did Mercedes lead by after round 10 of 2017?");
    // Norris was 70 behind (295 - 225); his total was 225.
    common::declined("How many points behind the leader was Lando Norris after round 15 of 2024?");
    let a = common::confident("How many points did Norris have after round 15 of 2024?");
    assert!(a.answer.contains("225 points"), "{}", a.answer);
}

#[test]
fn last_in_the_championship_is_not_the_last_title() {
    common::declined("Who was last in the 2019 drivers' championship?");
    let a = common::confident("Who was the very first Formula One world champion, in 1950?");
    assert!(a.answer.contains("Nino Farina"), "{}", a.answer);
}

#[test]
fn a_lower_case_driver_code_is_not_a_constructor_of_that_name() {
    // "lec" is Leclerc's code and the 1977 LEC team's name: not LEC's 0.
    common::declined("lec poles 2022");
    let a = common::confident("LEC poles 2022");
    assert_eq!(a.answer, "Charles Leclerc 9 pole positions in 2022.");
}

#[test]
fn a_night_race_start_states_the_datas_date_and_utc_time_apart() {
    // 06:00 UTC on 2024-11-24; the data dates the race 2024-11-23 (local).
    let a = common::confident("What time did the 2024 Las Vegas GP start in UTC?");
    assert_eq!(
        a.answer,
        "The 2024 Las Vegas Grand Prix started at 06:00:00 UTC (races.time); the data dates it 2024-11-23."
    );
}

#[test]
fn a_top_ten_qualifier_without_a_q3_time_reached_q3() {
    // Alonso was P10 at Monza in 2022 with no Q3 time: not a Q2 knock-out.
    let a = common::confident("Which drivers were knocked out in Q2 at the 2022 Italian GP?");
    assert!(!a.answer.contains("Alonso"), "{}", a.answer);
    assert!(a.answer.contains("Esteban Ocon (P11)"), "{}", a.answer);
    let a = common::confident("Which drivers reached Q3 at the 2022 Italian GP?");
    assert!(a.answer.contains("Fernando Alonso (P10)"), "{}", a.answer);
}

#[test]
fn different_drivers_who_scored_points_are_not_every_starter() {
    // 20 of 2020's 23 drivers scored points.
    common::answers("How many different drivers scored points in 2020?", &["20"]);
    common::answers("How many different drivers scored points in 1995?", &["18"]);
}

#[test]
fn a_country_is_every_spelling_of_it_and_not_the_race_named_after_it() {
    // Las Vegas is filed under "United States", the other 11 under "USA".
    common::answers(
        "How many different circuits in the USA have hosted a Grand Prix?",
        &["12"],
    );
    common::answers("How many Grands Prix have taken place in the USA?", &["81"]);
    let a = common::confident("How many races were held in the United States?");
    assert!(a.answer.starts_with("81 races held"), "{}", a.answer);
    let a = common::confident("Who won in the United States in 2019?");
    assert!(a.answer.starts_with("Valtteri Bottas"), "{}", a.answer);
}

#[test]
fn the_most_pit_stops_names_everyone_tied() {
    let a = common::confident("Who made the most pit stops at the 2019 Hungarian Grand Prix?");
    assert_eq!(
        a.answer,
        "Lance Stroll, Lewis Hamilton, Max Verstappen and Valtteri Bottas made the most pit stops at the 2019 Hungarian Grand Prix: 2 each."
    );
}

#[test]
fn a_team_the_data_also_files_by_chassis_and_engine_says_so() {
    let a = common::confident("Which seasons did Brabham win the constructors' title?");
    assert!(
        a.answer.contains("Brabham-Repco") && a.answer.contains("not counted here"),
        "{}",
        a.answer
    );
    // Not where no such constructor raced in the seasons asked about.
    let a = common::confident("How many races did McLaren win in 1984?");
    assert_eq!(a.answer, "McLaren 12 wins in 1984.");
}
