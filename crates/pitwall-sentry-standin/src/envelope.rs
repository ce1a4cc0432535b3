//! Sentry's envelope format: a JSON header line, then items, each a JSON
//! header line and a payload (`length` bytes when the header says, else up
//! to the next newline). <https://develop.sentry.dev/sdk/data-model/envelopes/>

use serde_json::Value;

/// One envelope as received, after any `Content-Encoding` was undone.
#[derive(Debug, Clone)]
pub struct Envelope {
    /// The envelope's own headers (`event_id`, `dsn`, `sent_at`, `sdk`).
    pub headers: Value,
    /// Its items, in order.
    pub items: Vec<Item>,
    /// The whole body as received (decompressed), for tests that search
    /// every byte of it, not only the fields they know about.
    pub raw: Vec<u8>,
}

/// One item of an envelope.
#[derive(Debug, Clone)]
pub struct Item {
    /// The item headers (`type`, `length`, `content_type`...).
    pub headers: Value,
    /// The payload bytes.
    pub payload: Vec<u8>,
}

impl Item {
    /// The item type: `event`, `client_report`, `session`...
    pub fn kind(&self) -> &str {
        self.headers
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The payload as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.payload).ok()
    }
}

impl Envelope {
    /// The payloads of its `event` items.
    pub fn events(&self) -> Vec<Value> {
        self.items
            .iter()
            .filter(|item| item.kind() == "event")
            .filter_map(Item::json)
            .collect()
    }

    /// An envelope holding one event, for the legacy `store` endpoint,
    /// which takes a bare event.
    pub fn of_event(raw: Vec<u8>) -> Result<Envelope, EnvelopeError> {
        let event: Value = serde_json::from_slice(&raw)
            .map_err(|e| EnvelopeError(format!("the event is not JSON: {e}")))?;
        if !event.is_object() {
            return Err(EnvelopeError("the event is not a JSON object".into()));
        }
        let headers = serde_json::json!({"event_id": event.get("event_id")});
        let item = Item {
            headers: serde_json::json!({"type": "event", "length": raw.len()}),
            payload: raw.clone(),
        };
        Ok(Envelope {
            headers,
            items: vec![item],
            raw,
        })
    }
}

/// Why a body is not an envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid envelope: {0}")]
pub struct EnvelopeError(pub String);

/// Parses an (uncompressed) envelope.
pub fn parse(raw: &[u8]) -> Result<Envelope, EnvelopeError> {
    let mut rest = raw;
    let first = take_line(&mut rest);
    if first.is_empty() {
        return Err(EnvelopeError("no envelope header".into()));
    }
    let headers = header_json(first, "envelope header")?;
    let mut items = Vec::new();
    while !rest.is_empty() {
        let line = take_line(&mut rest);
        if line.is_empty() {
            // A trailing newline, or blank lines between items.
            continue;
        }
        let item_headers = header_json(line, "item header")?;
        let payload = match item_headers.get("length") {
            Some(length) => {
                let length = length
                    .as_u64()
                    .and_then(|l| usize::try_from(l).ok())
                    .ok_or_else(|| EnvelopeError(format!("bad item length {length}")))?;
                if length > rest.len() {
                    return Err(EnvelopeError(format!(
                        "item length {length} runs past the end ({} bytes left)",
                        rest.len()
                    )));
                }
                let (payload, after) = rest.split_at(length);
                rest = after.strip_prefix(b"\n").unwrap_or(after);
                payload.to_vec()
            }
            None => take_line(&mut rest).to_vec(),
        };
        items.push(Item {
            headers: item_headers,
            payload,
        });
    }
    Ok(Envelope {
        headers,
        items,
        raw: raw.to_vec(),
    })
}

/// The bytes up to the next newline (not included), advancing past it.
fn take_line<'a>(rest: &mut &'a [u8]) -> &'a [u8] {
    let bytes: &'a [u8] = rest;
    match bytes.iter().position(|&b| b == b'\n') {
        Some(at) => {
            *rest = &bytes[at + 1..];
            &bytes[..at]
        }
        None => {
            *rest = &[];
            bytes
        }
    }
}

fn header_json(line: &[u8], what: &str) -> Result<Value, EnvelopeError> {
    let value: Value = serde_json::from_slice(line)
        .map_err(|e| EnvelopeError(format!("{what} is not JSON: {e}")))?;
    if value.is_object() {
        Ok(value)
    } else {
        Err(EnvelopeError(format!("{what} is not a JSON object")))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::parse;

    #[test]
    fn items_with_and_without_a_length() {
        let body = b"{\"event_id\":\"9ec79c33ec9942ab8353589fcb2e04dc\"}\n\
{\"type\":\"attachment\",\"length\":10}\n\
\xef\xbb\xbfHello\r\n\n\
{\"type\":\"event\"}\n\
{\"message\":\"hello\"}\n";
        let envelope = parse(body).unwrap();
        assert_eq!(envelope.items.len(), 2);
        assert_eq!(envelope.items[0].kind(), "attachment");
        assert_eq!(envelope.items[0].payload, b"\xef\xbb\xbfHello\r\n");
        assert_eq!(envelope.events()[0]["message"], "hello");
    }

    #[test]
    fn the_last_item_needs_no_newline_and_an_empty_payload_is_allowed() {
        let envelope =
            parse(b"{}\n{\"type\":\"session\",\"length\":0}\n\n{\"type\":\"event\"}\n{}").unwrap();
        assert_eq!(envelope.items.len(), 2);
        assert!(envelope.items[0].payload.is_empty());
        assert_eq!(envelope.items[1].payload, b"{}");
    }

    #[test]
    fn broken_envelopes_are_refused() {
        assert!(parse(b"").is_err());
        assert!(parse(b"not json\n").is_err());
        assert!(parse(b"{}\n{\"type\":\"event\",\"length\":99}\n{}").is_err());
        assert!(parse(b"{}\n[1]\n{}").is_err());
    }
}
