//! Price table loading, model lookup and hand-computed costs.

use std::io::Write;

use pitwall_budget::{estimate_prompt_tokens, BudgetError, Micros, Price, PriceTable, TokenUsage};

fn usage(prompt: u64, cached: u64, completion: u64) -> TokenUsage {
    TokenUsage {
        prompt_tokens: prompt,
        cached_tokens: cached,
        completion_tokens: completion,
    }
}

#[test]
fn gpt_4o_mini_cost_is_computed_by_hand() {
    let table = PriceTable::builtin();
    let price = table.price("gpt-4o-mini").unwrap();
    // 800 uncached * $0.15/M = 120 µ$, 200 cached * $0.075/M = 15 µ$, 500 out * $0.60/M = 300 µ$.
    assert_eq!(price.cost(&usage(1000, 200, 500)), Micros(435));
    // Worst case ignores the cache and takes the full max_tokens: 150 + 600 µ$.
    assert_eq!(price.worst_case(1000, 1000), Micros(750));
}

#[test]
fn gpt_4o_and_gpt_5_costs_are_computed_by_hand() {
    let table = PriceTable::builtin();
    // gpt-4o: 10_000 * 2.50 + 2_000 * 10.00 = 25_000 + 20_000 µ$.
    let gpt_4o = table.price("gpt-4o").unwrap();
    assert_eq!(gpt_4o.cost(&usage(10_000, 0, 2_000)), Micros(45_000));
    // gpt-5: 3_000 uncached * 1.25 + 1_000 cached * 0.125 + 4_000 * 10 = 3_750 + 125 + 40_000.
    let gpt_5 = table.price("gpt-5").unwrap();
    assert_eq!(gpt_5.cost(&usage(4_000, 1_000, 4_000)), Micros(43_875));
}

#[test]
fn fractions_of_a_micro_round_up() {
    let price = Price::new(0.15, 0.075, 0.60);
    // One prompt token costs 0.15 µ$, billed as 1.
    assert_eq!(price.cost(&usage(1, 0, 0)), Micros(1));
    // 7 prompt tokens = 1.05 µ$ -> 2; 3 cached = 0.225 µ$; together 1.275 -> 2.
    assert_eq!(price.cost(&usage(7, 0, 0)), Micros(2));
    assert_eq!(price.cost(&usage(10, 3, 0)), Micros(2));
    // Exact multiples stay exact (no float noise pushing 150 up to 151).
    assert_eq!(price.worst_case(1000, 0), Micros(150));
    assert_eq!(price.cost(&usage(0, 0, 0)), Micros::ZERO);
}

#[test]
fn cached_tokens_above_prompt_tokens_are_not_trusted() {
    let price = Price::new(1.0, 0.5, 2.0);
    // Reported 50 cached of 10 prompt: priced as 10 cached, never a negative uncached count.
    assert_eq!(price.cost(&usage(10, 50, 0)), Micros(5));
}

#[test]
fn dated_variants_match_but_other_suffixes_fail_closed() {
    let table = PriceTable::builtin();
    let mini = *table.price("gpt-4o-mini").unwrap();
    assert_eq!(table.price("gpt-4o-mini-2024-07-18"), Some(&mini));
    assert_eq!(
        table.price("gpt-4.1-nano-2025-04-14").unwrap().input_per_m,
        0.10
    );
    assert_eq!(
        table.price("gpt-3.5-turbo-0125").unwrap().output_per_m,
        1.50
    );
    for unpriced in [
        "gpt-5-pro",
        "gpt-4o-audio-preview",
        "gpt-4o-mini-x",
        "llama-3",
        "",
    ] {
        assert_eq!(table.price(unpriced), None, "{unpriced} must not be priced");
    }
    match table.require("gpt-5-pro") {
        Err(err @ BudgetError::UnknownModel { .. }) => {
            assert!(err.to_string().contains("refused (fail closed)"), "{err}");
        }
        other => panic!("expected UnknownModel, got {other:?}"),
    }
}

#[test]
fn toml_file_is_merged_over_builtin_prices() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        file,
        r#"
[models."gpt-4o-mini"]
input = 0.2
cached_input = 0.1
output = 0.8

[models."local-llama"]
input = 0.0
output = 0.0
"#
    )
    .unwrap();
    let table = PriceTable::load(file.path()).unwrap();
    assert_eq!(table.price("gpt-4o-mini"), Some(&Price::new(0.2, 0.1, 0.8)));
    assert_eq!(table.price("local-llama"), Some(&Price::new(0.0, 0.0, 0.0)));
    assert!(table.price("gpt-4o").is_some(), "built-ins kept");
    let only_file = PriceTable::from_toml_str("[models.m]\ninput = 1.0\noutput = 2.0").unwrap();
    assert_eq!(only_file.models().collect::<Vec<_>>(), vec!["m"]);
    assert_eq!(only_file.price("m").unwrap().cached_input_per_m, 1.0);
}

#[test]
fn invalid_price_files_are_rejected() {
    for bad in [
        "[models.m]\ninput = -1.0\noutput = 1.0",
        "[models.m]\ninput = nan\noutput = 1.0",
        "[models.m]\ninput = 1.0",
        "[models.m]\ninput = 1.0\noutput = 1.0\nouput = 2.0",
    ] {
        assert!(
            matches!(
                PriceTable::from_toml_str(bad),
                Err(BudgetError::PriceTable(_))
            ),
            "{bad}"
        );
    }
    let missing = std::path::Path::new("/nonexistent/prices.toml");
    assert!(matches!(
        PriceTable::load(missing),
        Err(BudgetError::PriceTable(_))
    ));
}

#[test]
fn prompt_estimate_overestimates_typical_english() {
    // ~4 chars per token in English: 1200 chars is ~300 tokens; the estimate must be above.
    assert_eq!(estimate_prompt_tokens(1200), 400 + 32);
    assert_eq!(estimate_prompt_tokens(1), 1 + 32);
    assert_eq!(estimate_prompt_tokens(0), 32);
}

#[test]
fn micros_display_and_dollar_conversion() {
    assert_eq!(Micros(435).to_string(), "$0.000435");
    assert_eq!(Micros(-1_500_000).to_string(), "-$1.500000");
    assert_eq!(Micros::from_dollars(2.5), Micros(2_500_000));
    assert_eq!(Micros::from_dollars(f64::NAN), Micros::ZERO);
    assert_eq!(Micros(i64::MAX) + Micros(1), Micros(i64::MAX));
}
