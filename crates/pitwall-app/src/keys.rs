//! API keys: `pw_<public id>_<secret>`, stored only as an HMAC.
//!
//! The public id (16 hex digits) names the key in lists, logs and usage
//! reports; the secret (64 hex digits, 256 random bits) is shown once and
//! never stored. The store keeps `HMAC-SHA-256(pepper, public id ":" secret)`.
//! Why HMAC rather than argon2: the secret is 256 random bits, not a
//! password, so no amount of hashing work is needed against guessing; a
//! keyed hash with a server pepper makes a stolen database useless without
//! the pepper, and costs microseconds per request instead of the tens of
//! milliseconds (and megabytes) argon2 spends on purpose, which would be a
//! denial-of-service lever on every authenticated request.

use hmac::{Hmac, Mac};
use pitwall_config::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The prefix every key starts with (so a secret scanner can find them).
pub const KEY_PREFIX: &str = "pw_";
const PUBLIC_ID_HEX: usize = 16;
const SECRET_HEX: usize = 64;

/// A key's public id: 16 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct KeyId(String);

impl KeyId {
    /// Parses a public id as shown in lists and URLs.
    pub fn parse(raw: &str) -> Option<Self> {
        is_hex(raw, PUBLIC_ID_HEX).then(|| KeyId(raw.to_string()))
    }

    /// The id.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for KeyId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A key as presented: its public id and its secret part.
pub struct PresentedKey<'a> {
    /// The public id.
    pub id: KeyId,
    /// The secret part (never logged).
    pub secret: &'a str,
}

/// Splits `pw_<id>_<secret>`; `None` if it does not have that shape.
pub fn parse_key(raw: &str) -> Option<PresentedKey<'_>> {
    let rest = raw.strip_prefix(KEY_PREFIX)?;
    let (id, secret) = rest.split_once('_')?;
    if !is_hex(secret, SECRET_HEX) {
        return None;
    }
    Some(PresentedKey {
        id: KeyId::parse(id)?,
        secret,
    })
}

fn is_hex(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A freshly generated key: the whole key (to show once) and its id.
pub struct NewKey {
    /// Public id.
    pub id: KeyId,
    /// `pw_<id>_<secret>`: shown to the caller once, never stored.
    pub key: SecretString,
}

/// Errors of key generation.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct RandomError(String);

/// Generates a key from the operating system's random source.
pub fn generate_key() -> Result<NewKey, RandomError> {
    let mut id = [0u8; PUBLIC_ID_HEX / 2];
    let mut secret = [0u8; SECRET_HEX / 2];
    getrandom::getrandom(&mut id).map_err(|e| RandomError(e.to_string()))?;
    getrandom::getrandom(&mut secret).map_err(|e| RandomError(e.to_string()))?;
    let id = hex::encode(id);
    let key = SecretString::from(format!("{KEY_PREFIX}{id}_{}", hex::encode(secret)));
    Ok(NewKey { id: KeyId(id), key })
}

/// Hashes and verifies keys with the server's pepper.
pub struct KeyHasher {
    /// HMAC-SHA-256 already keyed with the pepper, cloned per hash: keying
    /// costs two of the five SHA-256 blocks of a verification, on every
    /// request with a key (measured with scripts/bench/limits_cost.sh).
    keyed: Option<Hmac<Sha256>>,
}

impl KeyHasher {
    /// A hasher over `pepper` (`PITWALL_KEY_PEPPER`).
    pub fn new(pepper: SecretString) -> Self {
        // HMAC accepts keys of any length; `new_from_slice` cannot fail.
        let keyed = Hmac::<Sha256>::new_from_slice(pepper.expose_secret().as_bytes()).ok();
        Self { keyed }
    }

    /// The stored form of a key.
    pub fn hash(&self, id: &KeyId, secret: &str) -> Vec<u8> {
        let Some(mut mac) = self.keyed.clone() else {
            return Vec::new();
        };
        mac.update(id.as_str().as_bytes());
        mac.update(b":");
        mac.update(secret.as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// Whether `secret` hashes to `stored`, in constant time.
    pub fn verify(&self, id: &KeyId, secret: &str, stored: &[u8]) -> bool {
        bool::from(self.hash(id, secret).ct_eq(stored))
    }
}

/// Compares a presented token with the configured one in time that depends
/// on neither's content nor length: both are hashed to 32 bytes first and
/// the digests compared with `subtle` (a plain `==`, or a length check
/// before a constant-time loop, tells an attacker the token's length).
pub fn token_matches(presented: &str, expected: &SecretString) -> bool {
    let a = Sha256::digest(presented.as_bytes());
    let b = Sha256::digest(expected.expose_secret().as_bytes());
    bool::from(a.ct_eq(&b))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn generated_keys_parse_and_verify_only_with_their_secret_and_pepper() {
        let new = generate_key().unwrap();
        let text = new.key.expose_secret();
        assert!(
            text.starts_with("pw_") && text.len() == 3 + 16 + 1 + 64,
            "{text}"
        );
        let presented = parse_key(text).unwrap();
        assert_eq!(presented.id, new.id);
        let hasher = KeyHasher::new(SecretString::from("pepper".to_string()));
        let stored = hasher.hash(&presented.id, presented.secret);
        assert!(hasher.verify(&presented.id, presented.secret, &stored));
        let other = generate_key().unwrap();
        let other = parse_key(other.key.expose_secret()).unwrap();
        assert!(!hasher.verify(&presented.id, other.secret, &stored));
        let peppered = KeyHasher::new(SecretString::from("another".to_string()));
        assert!(!peppered.verify(&presented.id, presented.secret, &stored));
    }

    #[test]
    fn the_stored_form_is_hmac_sha256_of_id_colon_secret_under_the_pepper() {
        // Pinned: hashes stored by earlier releases must keep verifying
        // (computed independently with Python's hmac module).
        let good = format!("pw_0123456789abcdef_{}", "b".repeat(64));
        let presented = parse_key(&good).unwrap();
        let hasher = KeyHasher::new(SecretString::from("pepper".to_string()));
        assert_eq!(
            hex::encode(hasher.hash(&presented.id, presented.secret)),
            "a36a4f9716fa3c17cb0996a361fb0fe391135a7d095a8aecc1734aa7bc5468fc"
        );
        // The keyed state is cloned, not consumed: the same answer again.
        assert_eq!(
            hasher.hash(&presented.id, presented.secret),
            hasher.hash(&presented.id, presented.secret)
        );
    }

    #[test]
    fn malformed_keys_do_not_parse() {
        let good = format!("pw_{}_{}", "a".repeat(16), "b".repeat(64));
        assert!(parse_key(&good).is_some());
        for bad in [
            "",
            "pw_",
            &format!("pw_{}_{}", "a".repeat(15), "b".repeat(64)),
            &format!("pw_{}_{}", "A".repeat(16), "b".repeat(64)),
            &format!("pw_{}_{}", "a".repeat(16), "b".repeat(63)),
            &format!("xx_{}_{}", "a".repeat(16), "b".repeat(64)),
            &format!("pw_{}_{}_", "a".repeat(16), "b".repeat(64)),
        ] {
            assert!(parse_key(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn token_comparison_is_exact() {
        let token = SecretString::from("s3cret-token".to_string());
        assert!(token_matches("s3cret-token", &token));
        for other in ["", "s3cret-toke", "s3cret-token!", "S3cret-token"] {
            assert!(!token_matches(other, &token), "{other}");
        }
    }
}
