//! The typed query of circuits: one circuit's own columns, the circuit at
//! an extreme (highest altitude, northernmost...), and the circuits that
//! have held a Grand Prix (of some countries, or all), counted or listed.

/// A column of `circuits` a question may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CircuitField {
    /// `lat`.
    Latitude,
    /// `lng`.
    Longitude,
    /// `alt`, in metres.
    Altitude,
    /// `url`: the Wikipedia page.
    Url,
    /// `circuitRef`: Ergast's reference id.
    Ref,
    /// `location`: the city or town.
    Location,
    /// `country`.
    Country,
}

impl CircuitField {
    /// How the column is named in answers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Latitude => "latitude",
            Self::Longitude => "longitude",
            Self::Altitude => "altitude (m)",
            Self::Url => "Wikipedia page",
            Self::Ref => "circuitRef",
            Self::Location => "location",
            Self::Country => "country",
        }
    }

    /// Its column in the rows `compile::circuit` selects for fields.
    pub fn column(self) -> usize {
        match self {
            Self::Location => 1,
            Self::Country => 2,
            Self::Latitude => 3,
            Self::Longitude => 4,
            Self::Altitude => 5,
            Self::Url => 6,
            Self::Ref => 7,
        }
    }
}

/// A superlative over all circuits that have held a race.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Extreme {
    /// Highest altitude.
    Highest,
    /// Lowest altitude.
    Lowest,
    /// Greatest latitude.
    Northernmost,
    /// Least latitude.
    Southernmost,
    /// Greatest longitude.
    Easternmost,
    /// Least longitude.
    Westernmost,
}

impl Extreme {
    /// Its `ORDER BY` over `circuits`.
    pub fn order(self) -> &'static str {
        match self {
            Self::Highest => "alt DESC",
            Self::Lowest => "alt ASC",
            Self::Northernmost => "lat DESC",
            Self::Southernmost => "lat ASC",
            Self::Easternmost => "lng DESC",
            Self::Westernmost => "lng ASC",
        }
    }

    /// How it is named in answers.
    pub fn label(self) -> &'static str {
        match self {
            Self::Highest => "highest altitude",
            Self::Lowest => "lowest altitude",
            Self::Northernmost => "northernmost",
            Self::Southernmost => "southernmost",
            Self::Easternmost => "easternmost",
            Self::Westernmost => "westernmost",
        }
    }
}

/// A question about circuits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CircuitQuery {
    /// These columns (one or more) of one circuit (circuits.circuitId).
    Fields {
        /// circuits.circuitId.
        circuit: i64,
        /// The columns, in the order of the table of fields.
        fields: Vec<CircuitField>,
    },
    /// The circuit at an extreme.
    Extreme(Extreme),
    /// The circuits that have held a Grand Prix.
    HeldARace {
        /// In these countries (every spelling in `circuits.country`), or
        /// anywhere.
        countries: Option<Vec<String>>,
        /// How many, rather than which.
        count: bool,
    },
}
