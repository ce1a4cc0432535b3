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
    writeln!(f, "[llm]\napi_key = \"sk-should-not-be-here\"").unwrap();
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
    writeln!(f, "sk-test-from-file-123").unwrap();
    let cfg = Config::load(&Env::from_pairs([(
        "OPENAI_API_KEY_FILE",
        f.path().to_str().unwrap(),
    )]))
    .unwrap();
    let key = cfg.llm.api_key.as_ref().unwrap();
    assert_eq!(key.expose_secret(), "sk-test-from-file-123");
    assert!(!format!("{cfg:?}").contains("sk-test-from-file-123"));
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
