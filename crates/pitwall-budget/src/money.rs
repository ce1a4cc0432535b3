//! Integer micro-dollar amounts, so budget arithmetic never drifts the way summed floats do.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub, SubAssign};

use serde::{Deserialize, Serialize};

/// An amount of money in micro-dollars: `Micros(1_000_000)` is one US dollar.
///
/// Arithmetic through the operators saturates at the `i64` bounds instead of wrapping or
/// panicking: a budget figure that overflowed is wrong either way, but a saturated one still
/// refuses spending, which is the safe direction.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Micros(pub i64);

impl Micros {
    /// Zero dollars.
    pub const ZERO: Micros = Micros(0);
    /// Micro-dollars in one dollar.
    pub const PER_DOLLAR: i64 = 1_000_000;

    /// Converts a dollar amount (e.g. from a config file) to micro-dollars, rounding to the
    /// nearest micro. Non-finite input becomes zero so a malformed figure cannot grant spending.
    pub fn from_dollars(dollars: f64) -> Micros {
        if !dollars.is_finite() {
            return Micros::ZERO;
        }
        // `as` saturates for out-of-range floats, which is what we want for a cap.
        Micros((dollars * Self::PER_DOLLAR as f64).round() as i64)
    }

    /// The amount in dollars, for display and alert texts only (never for arithmetic).
    pub fn as_dollars(self) -> f64 {
        self.0 as f64 / Self::PER_DOLLAR as f64
    }

    /// `self + other`, saturating at the `i64` bounds.
    pub fn saturating_add(self, other: Micros) -> Micros {
        Micros(self.0.saturating_add(other.0))
    }

    /// `self - other`, saturating at the `i64` bounds.
    pub fn saturating_sub(self, other: Micros) -> Micros {
        Micros(self.0.saturating_sub(other.0))
    }

    /// True when the amount is below zero (never valid for a reservation or a cost).
    pub fn is_negative(self) -> bool {
        self.0 < 0
    }
}

impl fmt::Display for Micros {
    /// Formats as dollars with all six decimals, e.g. `$0.000435` or `-$1.500000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let per = Self::PER_DOLLAR.unsigned_abs();
        write!(f, "{sign}${}.{:06}", abs / per, abs % per)
    }
}

impl Add for Micros {
    type Output = Micros;
    fn add(self, rhs: Micros) -> Micros {
        self.saturating_add(rhs)
    }
}

impl AddAssign for Micros {
    fn add_assign(&mut self, rhs: Micros) {
        *self = self.saturating_add(rhs);
    }
}

impl Sub for Micros {
    type Output = Micros;
    fn sub(self, rhs: Micros) -> Micros {
        self.saturating_sub(rhs)
    }
}

impl SubAssign for Micros {
    fn sub_assign(&mut self, rhs: Micros) {
        *self = self.saturating_sub(rhs);
    }
}

impl Sum for Micros {
    fn sum<I: Iterator<Item = Micros>>(iter: I) -> Micros {
        iter.fold(Micros::ZERO, Add::add)
    }
}
