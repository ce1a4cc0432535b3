//! What an event may not carry, removed in `before_send`: credentials
//! (headers, bearer tokens, `pw_` keys, `sk-` keys, and the exact values of
//! the secrets this server was configured with) and, unless
//! `PITWALL_ERRORS_INCLUDE_QUESTIONS=true`, the question text.
//!
//! Events are built from our own data (tags, a message, a panic's text and
//! stack), so most of this should find nothing; it is here for the panic
//! message or error text that quotes more than it should.

use std::sync::OnceLock;

use regex::Regex;
use sentry::protocol::{Event, Value};

/// Where the request's question waits on the scope until `before_send`
/// keeps or removes it.
pub(crate) const QUESTION_EXTRA: &str = "question";

/// Headers never sent, whatever their value.
const SECRET_HEADERS: [&str; 6] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
    "x-sentry-auth",
];

const REDACTED: &str = "[redacted]";

/// Shapes of credentials: a bearer token, our `pw_` keys, OpenAI-style
/// `sk-` keys. Built at run time so no key-shaped literal is tracked.
fn credential_shapes() -> Option<&'static Regex> {
    static SHAPES: OnceLock<Option<Regex>> = OnceLock::new();
    SHAPES
        .get_or_init(|| {
            let pattern = format!(
                r"(?i)\bbearer\s+[^\s,;'\x22]+|\bpw_[A-Za-z0-9_]+|\b{}k-[A-Za-z0-9_-]{{8,}}",
                "s"
            );
            Regex::new(&pattern).ok()
        })
        .as_ref()
}

/// The scrubber a client's `before_send` runs.
#[derive(Clone, Default)]
pub(crate) struct Scrubber {
    /// Exact secret values to cut out wherever they appear.
    pub secrets: Vec<String>,
    /// Whether the question may stay.
    pub include_questions: bool,
}

impl std::fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scrubber")
            .field("secrets", &self.secrets.len())
            .field("include_questions", &self.include_questions)
            .finish()
    }
}

impl Scrubber {
    /// The event without credentials (and without the question unless allowed).
    pub fn scrub(&self, mut event: Event<'static>) -> Event<'static> {
        let question = match event.extra.remove(QUESTION_EXTRA) {
            Some(Value::String(q)) if !q.is_empty() => Some(q),
            _ => None,
        };
        // The question is cut out of every other text first, so a panic
        // message quoting it does not carry it either.
        let hidden = if self.include_questions {
            None
        } else {
            question.clone()
        };
        let clean = |text: &str| self.clean(text, hidden.as_deref());
        if let Some(message) = event.message.as_mut() {
            *message = clean(message);
        }
        if let Some(entry) = event.logentry.as_mut() {
            entry.message = clean(&entry.message);
            entry.params.iter_mut().for_each(|p| clean_value(p, &clean));
        }
        for exception in event.exception.values.iter_mut() {
            if let Some(value) = exception.value.as_mut() {
                *value = clean(value);
            }
        }
        for crumb in event.breadcrumbs.values.iter_mut() {
            if let Some(message) = crumb.message.as_mut() {
                *message = clean(message);
            }
            crumb.data.values_mut().for_each(|v| clean_value(v, &clean));
        }
        event
            .extra
            .values_mut()
            .for_each(|v| clean_value(v, &clean));
        event.tags.values_mut().for_each(|v| *v = clean(v));
        if let Some(request) = event.request.as_mut() {
            request
                .headers
                .retain(|name, _| !SECRET_HEADERS.contains(&name.to_ascii_lowercase().as_str()));
            request.headers.values_mut().for_each(|v| *v = clean(v));
            // Query strings and bodies can hold anything: never sent.
            request.query_string = None;
            request.cookies = None;
            request.data = None;
            request.env.clear();
        }
        if let (true, Some(question)) = (self.include_questions, question) {
            event
                .extra
                .insert(QUESTION_EXTRA.into(), Value::String(question));
        }
        event
    }

    fn clean(&self, text: &str, question: Option<&str>) -> String {
        let mut out = text.to_string();
        for secret in self.secrets.iter().filter(|s| s.len() >= 8) {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), REDACTED);
            }
        }
        if let Some(question) = question {
            // As typed, and as `{:?}` and JSON quote it (escaped quotes,
            // backslashes, newlines): a panic message formats it either way.
            let debug = question.escape_debug().to_string();
            let json = serde_json::to_string(question).unwrap_or_default();
            let json = json.trim_matches('"').to_string();
            for form in [question, debug.as_str(), json.as_str()] {
                if !form.is_empty() && out.contains(form) {
                    out = out.replace(form, "[question]");
                }
            }
        }
        match credential_shapes() {
            Some(shapes) => shapes.replace_all(&out, REDACTED).into_owned(),
            // Cannot happen (the pattern is constant); if it did, sending
            // nothing of the text is the safe side.
            None => REDACTED.to_string(),
        }
    }
}

fn clean_value(value: &mut Value, clean: &impl Fn(&str) -> String) {
    match value {
        Value::String(s) => *s = clean(s),
        Value::Array(items) => items.iter_mut().for_each(|v| clean_value(v, clean)),
        Value::Object(map) => map.values_mut().for_each(|v| clean_value(v, clean)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use sentry::protocol::{Event, Exception, Request, Value};

    use super::{Scrubber, QUESTION_EXTRA};

    fn key() -> String {
        format!("pw_{}_{}", "0".repeat(16), "a".repeat(64))
    }

    fn event(text: &str) -> Event<'static> {
        let mut event = Event {
            message: Some(text.to_string()),
            ..Default::default()
        };
        event.exception.values.push(Exception {
            ty: "panic".into(),
            value: Some(text.to_string()),
            ..Default::default()
        });
        event
            .extra
            .insert(QUESTION_EXTRA.into(), Value::String("who won monza".into()));
        event
    }

    #[test]
    fn credentials_are_cut_from_every_text() {
        let llm_key = format!("{}k-{}", "s", "x".repeat(40));
        let scrubber = Scrubber {
            secrets: vec!["hunter2-but-longer".into()],
            include_questions: false,
        };
        let text = format!(
            "Authorization: Bearer {} and {llm_key} and hunter2-but-longer",
            key()
        );
        let out = scrubber.scrub(event(&text));
        let json = serde_json::to_string(&out).unwrap();
        assert!(!json.contains("pw_"), "{json}");
        assert!(!json.contains(&llm_key), "{json}");
        assert!(!json.contains("hunter2"), "{json}");
        assert!(json.contains("[redacted]"));
    }

    #[test]
    fn the_question_stays_only_when_allowed() {
        let text = "panicked while answering who won monza";
        let off = Scrubber::default().scrub(event(text));
        let json = serde_json::to_string(&off).unwrap();
        assert!(!json.contains("who won monza"), "{json}");
        assert!(json.contains("[question]"));

        let on = Scrubber {
            include_questions: true,
            ..Default::default()
        }
        .scrub(event(text));
        assert_eq!(on.extra[QUESTION_EXTRA], "who won monza");
    }

    #[test]
    fn secret_headers_query_strings_and_bodies_are_dropped() {
        let mut e = Event::default();
        let mut request = Request {
            query_string: Some("token=abc".into()),
            data: Some("{\"question\":\"x\"}".into()),
            ..Default::default()
        };
        request.headers.insert("Authorization".into(), "x".into());
        request.headers.insert("Cookie".into(), "x".into());
        request.headers.insert("user-agent".into(), "curl".into());
        e.request = Some(request);
        let out = Scrubber::default().scrub(e);
        let request = out.request.unwrap();
        assert_eq!(request.headers.len(), 1);
        assert!(request.query_string.is_none() && request.data.is_none());
    }
}
