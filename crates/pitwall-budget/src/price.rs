//! Model prices and token-to-money arithmetic.
//!
//! Costs are computed in exact integer arithmetic: a price in dollars per million tokens is
//! numerically the price in micro-dollars per token, so each price is stored as an integer
//! number of micro-dollars per million tokens and a cost is `ceil(sum(tokens * price) / 1e6)`.
//! Rounding is always UP to the next micro-dollar, so the budget never under-counts.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::BudgetError;
use crate::money::Micros;

/// Token counts of one LLM call, as reported in an OpenAI-style `usage` object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TokenUsage {
    /// All prompt tokens, cached ones included (OpenAI's `prompt_tokens`).
    pub prompt_tokens: u64,
    /// The part of `prompt_tokens` served from the provider's prompt cache.
    pub cached_tokens: u64,
    /// Output tokens, reasoning tokens included (OpenAI's `completion_tokens`).
    pub completion_tokens: u64,
}

/// A model's list price in US dollars per one million tokens.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Price {
    /// Uncached prompt tokens.
    pub input_per_m: f64,
    /// Prompt tokens served from the provider's prompt cache.
    pub cached_input_per_m: f64,
    /// Completion tokens.
    pub output_per_m: f64,
}

/// Prices are kept to a millionth of a dollar per million tokens: finer than any list price.
fn micros_per_m(dollars_per_m: f64) -> u128 {
    // Validated non-negative and finite on construction paths; clamp anyway so a bad value
    // can never make a cost negative.
    (dollars_per_m.max(0.0) * 1_000_000.0).round() as u128
}

/// `ceil(numerator / 1e6)` as micro-dollars, saturating at `i64::MAX`.
fn ceil_to_micros(numerator: u128) -> Micros {
    let micros = numerator.div_ceil(1_000_000);
    Micros(i64::try_from(micros).unwrap_or(i64::MAX))
}

impl Price {
    /// Builds a price; `cached_input_per_m` defaults to the input price where a provider has
    /// no cache discount.
    pub fn new(input_per_m: f64, cached_input_per_m: f64, output_per_m: f64) -> Price {
        Price {
            input_per_m,
            cached_input_per_m,
            output_per_m,
        }
    }

    /// The most a call can cost: every prompt token uncached and the full `max_output_tokens`
    /// generated. This is what is reserved before the call.
    pub fn worst_case(&self, prompt_tokens: u64, max_output_tokens: u64) -> Micros {
        let numerator = u128::from(prompt_tokens) * micros_per_m(self.input_per_m)
            + u128::from(max_output_tokens) * micros_per_m(self.output_per_m);
        ceil_to_micros(numerator)
    }

    /// The actual cost of a call from its reported usage. Cached tokens are a subset of the
    /// prompt tokens (OpenAI semantics); a report claiming more cached than prompt tokens is
    /// treated as all-cached rather than trusted to produce a negative count.
    pub fn cost(&self, usage: &TokenUsage) -> Micros {
        let cached = usage.cached_tokens.min(usage.prompt_tokens);
        let uncached = usage.prompt_tokens - cached;
        let numerator = u128::from(uncached) * micros_per_m(self.input_per_m)
            + u128::from(cached) * micros_per_m(self.cached_input_per_m)
            + u128::from(usage.completion_tokens) * micros_per_m(self.output_per_m);
        ceil_to_micros(numerator)
    }

    fn validate(&self, model: &str) -> Result<(), BudgetError> {
        let fields = [
            ("input", self.input_per_m),
            ("cached_input", self.cached_input_per_m),
            ("output", self.output_per_m),
        ];
        for (name, value) in fields {
            if !value.is_finite() || value < 0.0 {
                return Err(BudgetError::PriceTable(format!(
                    "model {model:?}: {name} price {value} must be a finite number >= 0"
                )));
            }
        }
        Ok(())
    }
}

/// A conservative prompt-token estimate from the request's text length, used to size the
/// reservation before the provider reports real usage.
///
/// English averages about 4 characters per token; dividing by 3 overestimates, and a fixed
/// 32 tokens covers chat-format framing (role markers, message separators, reply priming).
/// Pass the UTF-8 *byte* length to keep the bound for non-Latin scripts, where one character
/// can be a whole token. An underestimate is not a leak: settle records what was really spent.
pub fn estimate_prompt_tokens(text_chars: usize) -> u64 {
    const FRAMING_OVERHEAD_TOKENS: u64 = 32;
    (text_chars as u64).div_ceil(3) + FRAMING_OVERHEAD_TOKENS
}

/// Prices per model name. Looking up a model with no price yields `None`; callers must then
/// refuse the call ([`PriceTable::require`] does so) because its cost could not be bounded.
#[derive(Debug, Clone, Default)]
pub struct PriceTable {
    models: BTreeMap<String, Price>,
}

/// The TOML shape: `[models."gpt-4o-mini"] input = 0.15, cached_input = 0.075, output = 0.60`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceFile {
    #[serde(default)]
    models: BTreeMap<String, PriceEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PriceEntry {
    input: f64,
    cached_input: Option<f64>,
    output: f64,
}

/// OpenAI list prices (standard tier, USD per 1M tokens: input, cached input, output) as
/// published around 2025-08 (after the GPT-5 launch). Check them against the provider's
/// pricing page and override stale ones in the price file: this table cannot update itself.
const BUILTIN_PRICES: &[(&str, f64, f64, f64)] = &[
    ("gpt-5", 1.25, 0.125, 10.00),
    ("gpt-5-mini", 0.25, 0.025, 2.00),
    ("gpt-5-nano", 0.05, 0.005, 0.40),
    ("gpt-4.1", 2.00, 0.50, 8.00),
    ("gpt-4.1-mini", 0.40, 0.10, 1.60),
    ("gpt-4.1-nano", 0.10, 0.025, 0.40),
    ("gpt-4o", 2.50, 1.25, 10.00),
    ("gpt-4o-mini", 0.15, 0.075, 0.60),
    ("o3", 2.00, 0.50, 8.00),
    ("o3-mini", 1.10, 0.55, 4.40),
    ("o4-mini", 1.10, 0.275, 4.40),
    ("gpt-4-turbo", 10.00, 10.00, 30.00),
    ("gpt-3.5-turbo", 0.50, 0.50, 1.50),
];

impl PriceTable {
    /// An empty table: every model is refused until priced.
    pub fn empty() -> PriceTable {
        PriceTable::default()
    }

    /// The built-in OpenAI list prices (see the source for the date they were taken).
    pub fn builtin() -> PriceTable {
        let models = BUILTIN_PRICES
            .iter()
            .map(|&(name, input, cached, output)| {
                (name.to_owned(), Price::new(input, cached, output))
            })
            .collect();
        PriceTable { models }
    }

    /// Parses a price file holding only the models it lists (no built-ins).
    pub fn from_toml_str(text: &str) -> Result<PriceTable, BudgetError> {
        let file: PriceFile =
            toml::from_str(text).map_err(|e| BudgetError::PriceTable(e.to_string()))?;
        let mut table = PriceTable::empty();
        for (model, entry) in file.models {
            let price = Price::new(
                entry.input,
                entry.cached_input.unwrap_or(entry.input),
                entry.output,
            );
            table.insert(model, price)?;
        }
        Ok(table)
    }

    /// The built-in prices with the file's entries merged over them (a file entry replaces the
    /// built-in price of the same model).
    pub fn load(path: &Path) -> Result<PriceTable, BudgetError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| BudgetError::PriceTable(format!("reading {}: {e}", path.display())))?;
        let mut table = PriceTable::builtin();
        table.merge(PriceTable::from_toml_str(&text)?);
        Ok(table)
    }

    /// Adds or replaces one model's price after checking it is finite and non-negative.
    pub fn insert(&mut self, model: impl Into<String>, price: Price) -> Result<(), BudgetError> {
        let model = model.into();
        price.validate(&model)?;
        self.models.insert(model, price);
        Ok(())
    }

    /// Copies every price of `other` over this table's.
    pub fn merge(&mut self, other: PriceTable) {
        self.models.extend(other.models);
    }

    /// The price of `model`: an exact entry, else the entry whose name plus a date suffix
    /// (`-2024-07-18` or `-0613`) is `model`. Other suffixes deliberately do NOT match, since
    /// `gpt-5-pro` or `gpt-4o-audio-preview` cost far more than `gpt-5` or `gpt-4o`.
    pub fn price(&self, model: &str) -> Option<&Price> {
        if let Some(price) = self.models.get(model) {
            return Some(price);
        }
        self.models
            .iter()
            .filter(|(name, _)| {
                model
                    .strip_prefix(name.as_str())
                    .is_some_and(is_dated_variant_suffix)
            })
            .max_by_key(|(name, _)| name.len())
            .map(|(_, price)| price)
    }

    /// Like [`PriceTable::price`] but an unpriced model is an error: the call is refused.
    pub fn require(&self, model: &str) -> Result<&Price, BudgetError> {
        self.price(model).ok_or_else(|| BudgetError::UnknownModel {
            model: model.to_owned(),
        })
    }

    /// The priced model names, sorted.
    pub fn models(&self) -> impl Iterator<Item = &str> {
        self.models.keys().map(String::as_str)
    }
}

/// `-YYYY-MM-DD` (e.g. `gpt-4o-mini-2024-07-18`) or `-MMDD` (e.g. `gpt-4-0613`).
fn is_dated_variant_suffix(suffix: &str) -> bool {
    let Some(rest) = suffix.strip_prefix('-') else {
        return false;
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = rest.split('-').collect();
    match parts.as_slice() {
        [mmdd] => digits(mmdd, 4),
        [yyyy, mm, dd] => digits(yyyy, 4) && digits(mm, 2) && digits(dd, 2),
        _ => false,
    }
}
