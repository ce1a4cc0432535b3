//! Reading settings from a snapshot of the environment.
//!
//! The loader works on a map rather than `std::env` so that tests can give
//! each case its own environment without racing on process-global state.

use std::collections::HashMap;
use std::fmt::Display;
use std::num::IntErrorKind;
use std::path::PathBuf;
use std::str::FromStr;

use secrecy::SecretString;

use crate::ConfigError;

/// A snapshot of environment variables.
#[derive(Debug, Clone, Default)]
pub struct Env {
    vars: HashMap<String, String>,
}

impl Env {
    /// Takes a snapshot of the process environment (non-UTF-8 variables are skipped).
    pub fn from_process() -> Self {
        Self {
            vars: std::env::vars().collect(),
        }
    }

    /// Builds an environment from pairs; used by tests and embedders.
    pub fn from_pairs<I, K, V>(pairs: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<String>,
    {
        Self {
            vars: pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        }
    }

    /// The trimmed value of `name`; an empty value counts as unset.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// Parses `name` with `FromStr`, naming the variable in the error.
    pub fn parse<T: FromStr>(&self, name: &str) -> Result<Option<T>, ConfigError>
    where
        T::Err: std::fmt::Display,
    {
        match self.get(name) {
            None => Ok(None),
            Some(raw) => raw
                .parse::<T>()
                .map(Some)
                .map_err(|e| ConfigError::Invalid {
                    name: name.to_string(),
                    reason: e.to_string(),
                }),
        }
    }

    /// A whole-number setting: the variable, else the file's value, else the
    /// default, checked against the setting's valid range. Every numeric
    /// setting goes through here so that no value reaches the code using it
    /// (semaphores, `Instant + Duration`, multiplications) unchecked: a
    /// concurrency of `u64::MAX` once panicked inside tokio at start-up.
    pub(crate) fn ranged<T: Whole>(
        &self,
        setting: &Ranged<T>,
        file: Option<i64>,
    ) -> Result<T, ConfigError> {
        let (name, value) = match (self.get(setting.var), file) {
            (Some(raw), _) => (setting.var.to_string(), parse_whole(setting, raw)?),
            (None, Some(v)) => (setting.file_name(), i128::from(v)),
            (None, None) => return Ok(setting.default),
        };
        if value < setting.min.wide() || value > setting.max.wide() {
            return Err(setting.out_of_range(name, value));
        }
        // In range, so it fits `T`; the fallback is unreachable.
        T::try_from(value).map_err(|_| setting.out_of_range(name, value))
    }

    /// A dollar amount: the variable, else the file's value, else the
    /// default; finite and within the setting's range.
    pub(crate) fn dollars(
        &self,
        setting: &Ranged<f64>,
        file: Option<f64>,
    ) -> Result<f64, ConfigError> {
        // The error quotes the value as written: `1e30` rather than the
        // float's long decimal expansion.
        let (name, shown, value) = match (self.get(setting.var), file) {
            (Some(raw), _) => match raw.parse::<f64>() {
                Ok(v) => (setting.var.to_string(), raw.to_string(), v),
                Err(_) => {
                    return Err(ConfigError::Invalid {
                        name: setting.var.to_string(),
                        reason: format!("{raw:?} is not a number; {}", setting.expected()),
                    })
                }
            },
            (None, Some(v)) => (setting.file_name(), v.to_string(), v),
            (None, None) => return Ok(setting.default),
        };
        // NaN fails both comparisons, so it is refused here too.
        if !(value >= setting.min && value <= setting.max) {
            return Err(setting.out_of_range(name, shown));
        }
        Ok(value)
    }

    /// A boolean: 1/true/yes/on or 0/false/no/off.
    pub fn flag(&self, name: &str) -> Result<Option<bool>, ConfigError> {
        match self.get(name).map(str::to_ascii_lowercase).as_deref() {
            None => Ok(None),
            Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
            Some("0" | "false" | "no" | "off") => Ok(Some(false)),
            Some(_) => Err(ConfigError::Invalid {
                name: name.to_string(),
                reason: "expected true or false".to_string(),
            }),
        }
    }

    /// A path.
    pub fn path(&self, name: &str) -> Option<PathBuf> {
        self.get(name).map(PathBuf::from)
    }

    /// A secret from `NAME` or from the file named by `NAME_FILE` (trailing
    /// newline trimmed). Setting both is an error: which one wins would be a
    /// surprise for whoever rotates the key.
    pub fn secret(&self, name: &str) -> Result<Option<SecretString>, ConfigError> {
        let file_var = format!("{name}_FILE");
        match (self.get(name), self.get(&file_var)) {
            (Some(_), Some(_)) => Err(ConfigError::Invalid {
                name: name.to_string(),
                reason: format!("set either {name} or {file_var}, not both"),
            }),
            (Some(value), None) => Ok(Some(SecretString::from(value.to_string()))),
            (None, Some(path)) => {
                let raw = std::fs::read_to_string(path).map_err(|e| ConfigError::Invalid {
                    name: file_var.clone(),
                    reason: format!("cannot read {path}: {e}"),
                })?;
                let value = raw.trim();
                if value.is_empty() {
                    return Err(ConfigError::Invalid {
                        name: file_var,
                        reason: "file is empty".into(),
                    });
                }
                Ok(Some(SecretString::from(value.to_string())))
            }
            (None, None) => Ok(None),
        }
    }
}

/// A numeric setting: its variable, its key in the TOML file (if it has
/// one), its default and its valid range (both ends included).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Ranged<T> {
    /// The environment variable.
    pub var: &'static str,
    /// `section.key` in the TOML file, when the file can set it.
    pub key: Option<&'static str>,
    /// The value when nothing sets it.
    pub default: T,
    /// Smallest valid value.
    pub min: T,
    /// Largest valid value.
    pub max: T,
}

impl<T: Display> Ranged<T> {
    /// The name used in errors about the file's value: the key and the
    /// variable, so whoever reads it finds it whichever way they set it.
    fn file_name(&self) -> String {
        match self.key {
            Some(key) => format!("{key} in the config file ({})", self.var),
            None => self.var.to_string(),
        }
    }

    fn expected(&self) -> String {
        format!("expected {} to {}", self.min, self.max)
    }

    fn out_of_range(&self, name: String, value: impl Display) -> ConfigError {
        ConfigError::Invalid {
            name,
            reason: format!("{value} is out of range; {}", self.expected()),
        }
    }
}

/// The integer types settings are held in, widened losslessly for the range
/// check (no setting's valid range comes near `i128`'s).
pub(crate) trait Whole: Copy + Display + TryFrom<i128> {
    /// The value as an `i128`.
    fn wide(self) -> i128;
}

impl Whole for u32 {
    fn wide(self) -> i128 {
        i128::from(self)
    }
}

impl Whole for u64 {
    fn wide(self) -> i128 {
        i128::from(self)
    }
}

impl Whole for usize {
    fn wide(self) -> i128 {
        // usize is at most 64 bits on every target Rust supports.
        u64::try_from(self).map_or(i128::MAX, i128::from)
    }
}

/// Parses a whole number of any size and sign, so that `-1` and
/// `18446744073709551616` are reported as out of range (with the range)
/// rather than as a parse error of some integer type.
fn parse_whole<T: Whole>(setting: &Ranged<T>, raw: &str) -> Result<i128, ConfigError> {
    raw.parse::<i128>().map_err(|e| match e.kind() {
        IntErrorKind::PosOverflow | IntErrorKind::NegOverflow => {
            setting.out_of_range(setting.var.to_string(), raw)
        }
        _ => ConfigError::Invalid {
            name: setting.var.to_string(),
            reason: format!("{raw:?} is not a whole number; {}", setting.expected()),
        },
    })
}
