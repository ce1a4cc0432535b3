//! The typed query of one driver's own columns (code, permanent number,
//! Ergast driverRef, date of birth, nationality, Wikipedia URL), and of
//! drivers by date of birth (born in, before, after or between years; a
//! season's youngest or oldest starter).

/// A column of `drivers` a question may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DriverField {
    /// `code`: the three-letter abbreviation.
    Code,
    /// `number`: the permanent race number.
    Number,
    /// `driverRef`: Ergast's reference id.
    Ref,
    /// `dob`: date of birth.
    Dob,
    /// `nationality`.
    Nationality,
    /// `url`: the Wikipedia page.
    Url,
}

impl DriverField {
    /// How the column is named in answers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Code => "driver code",
            Self::Number => "permanent number",
            Self::Ref => "driverRef",
            Self::Dob => "date of birth",
            Self::Nationality => "nationality",
            Self::Url => "Wikipedia page",
        }
    }

    /// Its column in the rows `compile::driver_facts` selects.
    pub fn column(self) -> usize {
        match self {
            Self::Code => 1,
            Self::Number => 2,
            Self::Ref => 3,
            Self::Dob => 4,
            Self::Nationality => 5,
            Self::Url => 6,
        }
    }

    /// Why the column may be empty, for the refusal when it is.
    pub fn why_missing(self) -> &'static str {
        match self {
            Self::Code => " (three-letter codes are recorded mostly for drivers of recent decades)",
            Self::Number => " (permanent numbers began in 2014)",
            _ => "",
        }
    }
}

/// A question about one driver's own columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DriverFacts {
    /// These columns (one or more, asked together) of one driver.
    Fields {
        /// drivers.driverId.
        driver: i64,
        /// The columns, in the order of the table of fields.
        fields: Vec<DriverField>,
    },
    /// The car numbers a driver raced with in one season.
    SeasonNumbers {
        /// drivers.driverId.
        driver: i64,
        /// The season.
        season: i64,
    },
}

/// A span of birth dates, as the question put it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BirthRange {
    /// "in the 1990s".
    Decade(i64),
    /// "between 1990 and 1995" (both years included).
    Between(i64, i64),
    /// "in 1995".
    In(i64),
    /// "in 1995 or later".
    InOrLater(i64),
    /// "in 1995 or earlier".
    InOrEarlier(i64),
    /// "after 1995": from the next year.
    After(i64),
    /// "before 1995".
    Before(i64),
}

impl BirthRange {
    /// The first year included and the first year no longer included.
    pub fn years(self) -> (Option<i64>, Option<i64>) {
        match self {
            Self::Decade(y) => (Some(y), Some(y + 10)),
            Self::Between(lo, hi) => (Some(lo), Some(hi + 1)),
            Self::In(y) => (Some(y), Some(y + 1)),
            Self::InOrLater(y) => (Some(y), None),
            Self::InOrEarlier(y) => (None, Some(y + 1)),
            Self::After(y) => (Some(y + 1), None),
            Self::Before(y) => (None, Some(y)),
        }
    }
}

/// A question about drivers by date of birth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BirthQuery {
    /// The youngest (or oldest) driver to start a race in a season.
    ExtremeStarter {
        /// The season.
        season: i64,
        /// The youngest rather than the oldest.
        youngest: bool,
    },
    /// Drivers born in a span, of a nationality, who started a race.
    Born {
        /// The span of birth dates.
        range: BirthRange,
        /// drivers.nationality.
        nationality: Option<String>,
        /// Only drivers who started a Grand Prix.
        raced: bool,
        /// "How many" rather than "which".
        count: bool,
    },
}
