//! Who may call and how callers are told apart: `PITWALL_TRUSTED_PROXIES`
//! and `PITWALL_KEY_PEPPER` (secret, or `PITWALL_KEY_PEPPER_FILE`), and
//! whether per-principal request limits apply (`PITWALL_REQUEST_LIMITS`).
//!
//! An anonymous caller is identified by its IP address, so which address
//! counts matters: the socket's peer, unless that peer is a reverse proxy
//! listed here, in which case the proxy's `Forwarded` / `X-Forwarded-For`
//! header says who the client is. A header from any other peer is ignored,
//! since anyone can write one.

use ipnet::IpNet;
use secrecy::SecretString;

use crate::file::ServerSection;
use crate::{ConfigError, Env};

/// Caller identification settings.
#[derive(Debug, Clone)]
pub struct AccessConfig {
    /// Reverse proxies whose forwarding headers are believed (empty: none).
    pub trusted_proxies: Vec<IpNet>,
    /// Server-side secret mixed into every stored API-key hash, so a leaked
    /// database alone cannot be used to check guessed keys offline.
    /// `None`: API keys cannot be created or verified (anonymous and the
    /// bootstrap admin token still work).
    pub key_pepper: Option<SecretString>,
    /// Origins (`https://app.example`) whose pages may call the API from a
    /// browser (CORS); empty: same origin only.
    pub cors_origins: Vec<String>,
    /// Per-principal request limits (concurrency, per minute, per day) on
    /// the question and history routes. `false` only behind a gateway that
    /// limits requests itself, and to measure what the checks cost; keys
    /// are still verified and LLM budgets still apply.
    pub request_limits: bool,
}

impl Default for AccessConfig {
    /// No proxies, no pepper, same origin only, and limits on: a default
    /// that forgot to limit would be the unsafe one.
    fn default() -> Self {
        Self {
            trusted_proxies: Vec::new(),
            key_pepper: None,
            cors_origins: Vec::new(),
            request_limits: true,
        }
    }
}

impl AccessConfig {
    /// Resolves the settings: the variable wins over the file's list.
    pub fn load(env: &Env, file: &ServerSection) -> Result<Self, ConfigError> {
        let trusted_proxies = match env.get("PITWALL_TRUSTED_PROXIES") {
            Some(raw) => parse_cidrs("PITWALL_TRUSTED_PROXIES", raw.split(','))?,
            None => match &file.trusted_proxies {
                Some(list) => parse_cidrs(
                    "server.trusted_proxies in the config file",
                    list.iter().map(String::as_str),
                )?,
                None => Vec::new(),
            },
        };
        let cors_origins = match env.get("PITWALL_CORS_ORIGINS") {
            Some(raw) => raw
                .split(',')
                .map(str::trim)
                .filter(|o| !o.is_empty())
                .map(parse_origin)
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        let request_limits = match env.get("PITWALL_REQUEST_LIMITS").map(str::trim) {
            None | Some("on") => true,
            Some("off") => false,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "PITWALL_REQUEST_LIMITS".into(),
                    reason: format!("{other:?} is neither on nor off"),
                })
            }
        };
        Ok(Self {
            trusted_proxies,
            key_pepper: env.secret("PITWALL_KEY_PEPPER")?,
            cors_origins,
            request_limits,
        })
    }
}

/// An origin exactly as browsers send it: scheme, host, optional port, no
/// path or trailing slash (`*` is refused: any site could then read answers
/// with a user's pasted key).
fn parse_origin(raw: &str) -> Result<String, ConfigError> {
    let rest = raw
        .strip_prefix("https://")
        .or_else(|| raw.strip_prefix("http://"));
    let ok = rest.is_some_and(|host| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
    });
    if ok {
        Ok(raw.to_string())
    } else {
        Err(ConfigError::Invalid {
            name: "PITWALL_CORS_ORIGINS".into(),
            reason: format!("{raw:?} is not an origin like https://app.example"),
        })
    }
}

/// Parses CIDRs (`10.0.0.0/8`, `::1/128`) or bare addresses (a /32 or /128).
fn parse_cidrs<'a>(
    name: &str,
    items: impl Iterator<Item = &'a str>,
) -> Result<Vec<IpNet>, ConfigError> {
    items
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|item| {
            item.parse::<IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(IpNet::from))
                .map(|net| net.trunc())
                .map_err(|_| ConfigError::Invalid {
                    name: name.to_string(),
                    reason: format!("{item:?} is not an IP address or CIDR"),
                })
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn cidrs_and_bare_addresses_parse_and_garbage_is_refused() {
        let env = Env::from_pairs([("PITWALL_TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1,::1/128")]);
        let access = AccessConfig::load(&env, &ServerSection::default()).unwrap();
        let shown: Vec<String> = access
            .trusted_proxies
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(shown, ["10.0.0.0/8", "127.0.0.1/32", "::1/128"]);
        let cors = Env::from_pairs([(
            "PITWALL_CORS_ORIGINS",
            "https://pitwall.vercel.app, http://localhost:3000",
        )]);
        let access = AccessConfig::load(&cors, &ServerSection::default()).unwrap();
        assert_eq!(
            access.cors_origins,
            ["https://pitwall.vercel.app", "http://localhost:3000"]
        );
        for bad in ["*", "https://x.example/", "x.example", "https://"] {
            let env = Env::from_pairs([("PITWALL_CORS_ORIGINS", bad)]);
            assert!(
                AccessConfig::load(&env, &ServerSection::default()).is_err(),
                "{bad}"
            );
        }
        let bad = Env::from_pairs([("PITWALL_TRUSTED_PROXIES", "10.0.0.0/8,proxy.local")]);
        let err = AccessConfig::load(&bad, &ServerSection::default()).unwrap_err();
        assert!(err.to_string().contains("PITWALL_TRUSTED_PROXIES"), "{err}");
    }

    #[test]
    fn request_limits_are_on_unless_switched_off_by_name() {
        let load = |pairs: &[(&str, &str)]| {
            AccessConfig::load(
                &Env::from_pairs(pairs.iter().copied()),
                &ServerSection::default(),
            )
        };
        assert!(load(&[]).unwrap().request_limits);
        assert!(AccessConfig::default().request_limits);
        assert!(
            load(&[("PITWALL_REQUEST_LIMITS", "on")])
                .unwrap()
                .request_limits
        );
        assert!(
            !load(&[("PITWALL_REQUEST_LIMITS", "off")])
                .unwrap()
                .request_limits
        );
        // A typo must not silently turn the limits off.
        let err = load(&[("PITWALL_REQUEST_LIMITS", "false")]).unwrap_err();
        assert!(err.to_string().contains("PITWALL_REQUEST_LIMITS"), "{err}");
    }
}
