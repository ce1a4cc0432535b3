//! Configuration: environment variables, optional TOML file, secrets.
