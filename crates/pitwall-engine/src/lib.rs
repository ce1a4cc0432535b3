//! The local answer engine: entity resolution and intents to parameterised SQL.
