use std::io::Write;

use secrecy::ExposeSecret;

use super::*;

#[test]
fn defaults_need_no_configuration() {
    let cfg = Config::load(&Env::default()).unwrap();
    assert_eq!(cfg.server.bind.to_string(), "127.0.0.1:8080");
    assert_eq!(cfg.server.data_dir, std::path::PathBuf::from("./data"));
    assert_eq!(cfg.server.log_format, LogFormat::Text);
    assert!(!cfg.llm.configured());
    assert!(cfg.database_url.is_none());
}

#[test]
fn env_overrides_file_and_file_overrides_defaults() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(
        f,
        "[server]\nbind = \"127.0.0.1:9000\"\nlog_format = \"json\"\n[llm]\nmodel = \"m-file\""
    )
    .unwrap();
    let env = Env::from_pairs([
        ("PITWALL_CONFIG", f.path().to_str().unwrap()),
        ("PITWALL_LLM_MODEL", "m-env"),
    ]);
    let cfg = Config::load(&env).unwrap();
    assert_eq!(cfg.server.bind.port(), 9000);
    assert_eq!(cfg.server.log_format, LogFormat::Json);
    assert_eq!(cfg.llm.model, "m-env");
}

#[test]
fn secrets_are_rejected_in_the_file() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "[llm]\napi_key = \"not-a-real-key-in-a-file\"").unwrap();
    let err = Config::load(&Env::from_pairs([(
        "PITWALL_CONFIG",
        f.path().to_str().unwrap(),
    )]))
    .unwrap_err();
    assert!(err.to_string().contains("api_key"), "{err}");
}

#[test]
fn secret_from_file_and_never_in_debug() {
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "test-key-from-file-123").unwrap();
    let cfg = Config::load(&Env::from_pairs([(
        "OPENAI_API_KEY_FILE",
        f.path().to_str().unwrap(),
    )]))
    .unwrap();
    let key = cfg.llm.api_key.as_ref().unwrap();
    assert_eq!(key.expose_secret(), "test-key-from-file-123");
    assert!(!format!("{cfg:?}").contains("test-key-from-file-123"));
}

#[test]
fn both_secret_sources_is_an_error() {
    let env = Env::from_pairs([
        ("OPENAI_API_KEY", "a"),
        ("OPENAI_API_KEY_FILE", "/nonexistent"),
    ]);
    assert!(Config::load(&env).is_err());
}

#[test]
fn invalid_values_name_the_variable() {
    let err = Config::load(&Env::from_pairs([("PITWALL_BIND", "nope")])).unwrap_err();
    assert!(err.to_string().starts_with("PITWALL_BIND"), "{err}");
    let err = Config::load(&Env::from_pairs([("PITWALL_BUDGET_DAILY_USD", "-1")])).unwrap_err();
    assert!(
        err.to_string().contains("PITWALL_BUDGET_DAILY_USD"),
        "{err}"
    );
    let err = Config::load(&Env::from_pairs([("PITWALL_LOG_FORMAT", "xml")])).unwrap_err();
    assert!(err.to_string().contains("PITWALL_LOG_FORMAT"), "{err}");
}

/// Every numeric variable with its valid range (both ends included).
const NUMERIC: &[(&str, &str, &str)] = &[
    ("PITWALL_SHUTDOWN_GRACE_SECS", "0", "3600"),
    ("PITWALL_HISTORY_RETENTION_DAYS", "0", "36500"),
    ("PITWALL_MAX_IN_FLIGHT", "1", "1000000"),
    ("PITWALL_HEADER_TIMEOUT_SECS", "1", "300"),
    ("PITWALL_MAX_CONNECTIONS", "0", "1000000"),
    ("PITWALL_LLM_MAX_TOKENS", "1", "1000000"),
    ("PITWALL_LLM_RPM", "1", "1000000000"),
    ("PITWALL_LLM_TPM", "1", "1000000000000"),
    ("PITWALL_LLM_MAX_CONCURRENCY", "1", "100000"),
    ("PITWALL_LLM_QUEUE_SIZE", "0", "1000000"),
    ("PITWALL_LLM_QUEUE_WAIT_MS", "1", "600000"),
    ("PITWALL_LLM_DEADLINE_MS", "1", "600000"),
    ("PITWALL_LLM_ATTEMPT_TIMEOUT_MS", "1", "600000"),
    ("PITWALL_LLM_MAX_ATTEMPTS", "1", "10"),
    ("PITWALL_LLM_RETRY_BASE_MS", "0", "60000"),
    ("PITWALL_LLM_BREAKER_MIN_REQUESTS", "1", "1000000"),
    ("PITWALL_LLM_BREAKER_COOLDOWN_MS", "1", "3600000"),
    ("PITWALL_BUDGET_DAILY_USD", "0", "1000000"),
    ("PITWALL_BUDGET_MONTHLY_USD", "0", "1000000"),
    ("PITWALL_BUDGET_USER_DAILY_USD", "0", "1000000"),
];

/// Loads with `name=value`; the deadline is at its maximum so that the
/// attempt timeout's own range is what is tested.
fn load_with(name: &str, value: &str) -> Result<Config, ConfigError> {
    let mut pairs = vec![(name.to_string(), value.to_string())];
    if name != "PITWALL_LLM_DEADLINE_MS" {
        pairs.push(("PITWALL_LLM_DEADLINE_MS".into(), "600000".into()));
    }
    Config::load(&Env::from_pairs(pairs))
}

#[test]
fn every_numeric_variable_refuses_out_of_range_values_naming_it_and_the_range() {
    for &(name, min, max) in NUMERIC {
        // Ten times the maximum, plus one.
        let above = format!("{max}1");
        let mut bad = vec![
            u64::MAX.to_string(),
            "340282366920938463463374607431768211456".to_string(), // 2^128: beyond any integer type
            "-1".to_string(),
            above,
            "twelve".to_string(),
            "1,5".to_string(),
        ];
        if min != "0" {
            bad.push("0".into());
        }
        for value in &bad {
            let err = match load_with(name, value) {
                Ok(_) => panic!("{name}={value} was accepted"),
                Err(err) => err,
            };
            let ConfigError::Invalid { name: got, reason } = &err else {
                panic!("{name}={value}: {err:?}");
            };
            assert_eq!(got, name, "{err}");
            assert!(
                reason.contains(&format!("expected {min} to {max}")),
                "{name}={value}: {err}"
            );
            if value.parse::<i128>().is_ok() || value.starts_with("3402") {
                assert_eq!(
                    err.to_string(),
                    format!("{name}: {value} is out of range; expected {min} to {max}")
                );
            }
        }
        for value in [min, max] {
            assert!(load_with(name, value).is_ok(), "{name}={value} refused");
        }
    }
}

#[test]
fn the_reported_case_is_refused_with_the_range() {
    let err = Config::load(&Env::from_pairs([(
        "PITWALL_LLM_MAX_CONCURRENCY",
        "18446744073709551615",
    )]))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "PITWALL_LLM_MAX_CONCURRENCY: 18446744073709551615 is out of range; expected 1 to 100000"
    );
}

#[test]
fn dollar_caps_refuse_non_finite_values() {
    for name in [
        "PITWALL_BUDGET_DAILY_USD",
        "PITWALL_BUDGET_MONTHLY_USD",
        "PITWALL_BUDGET_USER_DAILY_USD",
    ] {
        for value in ["inf", "-inf", "NaN", "1e300", "-0.01", "1000000.01"] {
            let err = load_with(name, value).err();
            assert!(
                err.as_ref()
                    .is_some_and(|e| e.to_string().starts_with(&format!("{name}: "))),
                "{name}={value}: {err:?}"
            );
        }
        let cfg = load_with(name, "0.25").unwrap();
        let budget = cfg.budget;
        assert!(
            [budget.daily_usd, budget.monthly_usd, budget.user_daily_usd].contains(&0.25),
            "{budget:?}"
        );
    }
}

#[test]
fn every_numeric_file_key_is_range_checked_naming_the_key() {
    let cases = [
        ("server", "shutdown_grace_secs", "3601"),
        ("server", "history_retention_days", "-1"),
        ("server", "max_in_flight", "0"),
        ("llm", "max_tokens", "0"),
        ("llm", "requests_per_minute", "-5"),
        ("llm", "tokens_per_minute", "9223372036854775807"),
        ("llm", "max_concurrency", "9223372036854775807"),
        ("llm", "queue_size", "-1"),
        ("llm", "queue_wait_ms", "0"),
        ("llm", "deadline_ms", "600001"),
        ("budget", "daily_usd", "-1"),
        ("budget", "monthly_usd", "inf"),
        ("budget", "user_daily_usd", "nan"),
    ];
    for (section, key, value) in cases {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        writeln!(f, "[{section}]\n{key} = {value}").unwrap();
        let env = Env::from_pairs([("PITWALL_CONFIG", f.path().to_str().unwrap())]);
        let err = Config::load(&env).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("{section}.{key} in the config file (PITWALL_")),
            "{text}"
        );
        assert!(text.contains("is out of range; expected"), "{text}");
    }
}

#[test]
fn the_attempt_timeout_may_not_exceed_the_deadline() {
    let err = Config::load(&Env::from_pairs([
        ("PITWALL_LLM_DEADLINE_MS", "1000"),
        ("PITWALL_LLM_ATTEMPT_TIMEOUT_MS", "1001"),
    ]))
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "PITWALL_LLM_ATTEMPT_TIMEOUT_MS: 1001 is longer than PITWALL_LLM_DEADLINE_MS (1000); expected 1 to 1000"
    );
    // A short deadline set alone shortens the default attempt timeout.
    let cfg = Config::load(&Env::from_pairs([("PITWALL_LLM_DEADLINE_MS", "1000")])).unwrap();
    assert_eq!(
        cfg.llm.attempt_timeout,
        std::time::Duration::from_millis(1000)
    );
    let cfg = Config::load(&Env::default()).unwrap();
    assert_eq!(
        cfg.llm.attempt_timeout,
        std::time::Duration::from_millis(15_000)
    );
    assert_eq!(cfg.llm.deadline, std::time::Duration::from_millis(20_000));
}

#[test]
fn metrics_are_on_by_default_and_can_move_or_go() {
    let cfg = Config::load(&Env::default()).unwrap();
    assert_eq!(
        cfg.metrics,
        MetricsConfig {
            enabled: true,
            bind: None
        }
    );
    let mut f = tempfile::NamedTempFile::new().unwrap();
    writeln!(f, "[metrics]\nbind = \"127.0.0.1:9464\"").unwrap();
    let path = f.path().to_str().unwrap();
    let cfg = Config::load(&Env::from_pairs([("PITWALL_CONFIG", path)])).unwrap();
    assert_eq!(cfg.metrics.bind.map(|a| a.port()), Some(9464));
    let env = Env::from_pairs([("PITWALL_CONFIG", path), ("PITWALL_METRICS", "false")]);
    assert!(!Config::load(&env).unwrap().metrics.enabled);
    let bad = Config::load(&Env::from_pairs([(
        "PITWALL_METRICS_BIND",
        "not an address",
    )]));
    assert!(bad
        .unwrap_err()
        .to_string()
        .contains("PITWALL_METRICS_BIND"));
}
