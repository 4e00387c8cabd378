//! The v1 wire format as the real server speaks it: one JSON object per reply, `success` 1 or 0,
//! English `error` text plus an `errorcode`, and numbers that are sometimes strings.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// How the sandbox spells `success`, `errorcode`, `transactionid` and `sessiontime`: real payloads
/// mix integers and strings, so clients must accept both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NumberStyle {
    Numbers,
    Strings,
    /// Alternate reply by reply (numbers first), deterministic.
    #[default]
    Mixed,
}

/// A reply before it is encoded.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    Ok(Map<String, Value>),
    Err { error: String, code: Option<i64> },
}

impl Reply {
    pub fn ok() -> Self {
        Reply::Ok(Map::new())
    }

    pub fn err(code: i64, error: impl Into<String>) -> Self {
        Reply::Err {
            error: error.into(),
            code: Some(code),
        }
    }

    pub fn with(mut self, key: &str, value: Value) -> Self {
        if let Reply::Ok(map) = &mut self {
            map.insert(key.to_owned(), value);
        }
        self
    }

    /// Encodes the reply; `as_strings` picks the string spelling of the numeric envelope fields.
    pub fn encode(self, as_strings: bool, sessiontime: i64) -> Value {
        let num = |n: i64| {
            if as_strings {
                Value::String(n.to_string())
            } else {
                Value::from(n)
            }
        };
        let mut out = Map::new();
        match self {
            Reply::Ok(map) => {
                out.insert("success".into(), num(1));
                for (key, value) in map {
                    let value = match (key.as_str(), value.as_i64()) {
                        ("transactionid", Some(n)) => num(n),
                        _ => value,
                    };
                    out.insert(key, value);
                }
                out.insert("sessiontime".into(), num(sessiontime));
            }
            Reply::Err { error, code } => {
                out.insert("success".into(), num(0));
                out.insert("error".into(), Value::String(error));
                if let Some(code) = code {
                    out.insert("errorcode".into(), num(code));
                }
            }
        }
        Value::Object(out)
    }
}

/// Standard error replies, with the wording captured from the real system where known.
pub(crate) mod errors {
    use super::Reply;

    pub fn session_expired() -> Reply {
        Reply::err(63, "Your session has expired.")
    }
    pub fn privilege(action: &str) -> Reply {
        Reply::err(
            62,
            format!("The current session does not possess access to the {action} privilege."),
        )
    }
    pub fn not_possessed(barcode: &str) -> Reply {
        Reply::err(
            602,
            format!("You do not currently have possession of identifier {barcode}."),
        )
    }
    pub fn invalid(text: impl Into<String>) -> Reply {
        Reply::err(602, text)
    }
    pub fn rule(text: impl Into<String>) -> Reply {
        Reply::err(202, text)
    }
}

/// A field as text, whether the client sent a string or a number.
pub(crate) fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A field as an integer, whether the client sent a string or a number.
pub(crate) fn integer(value: &Value, key: &str) -> Option<i64> {
    match value.get(key)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A field that should be a list, accepting a lone value too (clients differ).
pub(crate) fn list<'a>(value: &'a Value, key: &str) -> Vec<&'a Value> {
    match value.get(key) {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(Value::Null) | None => Vec::new(),
        Some(other) => vec![other],
    }
}

/// A quantity in thousandths (milligrams for "g"), from a JSON number or decimal text with at most
/// three decimals. `None` when it is not a non-negative decimal.
pub(crate) fn thousandths(value: &Value, key: &str) -> Option<i64> {
    let raw = text(value, key)?;
    parse_thousandths(&raw)
}

// The client has its own parser on purpose: the sandbox shares no code with it, so a decoding bug
// cannot hide on both sides of the wire.
pub(crate) fn parse_thousandths(raw: &str) -> Option<i64> {
    let (whole, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > 3 {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let frac_value: i64 = format!("{frac:0<3}").parse().ok()?;
    whole.checked_mul(1000)?.checked_add(frac_value)
}

/// Thousandths as decimal text, trailing zeros trimmed: 3500 → "3.5", 28000 → "28".
pub fn format_thousandths(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    let (whole, frac) = (abs / 1000, abs % 1000);
    if frac == 0 {
        format!("{sign}{whole}")
    } else {
        let frac = format!("{frac:03}");
        format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities_round_trip_through_text() {
        for (text, value) in [
            ("3.5", 3500),
            ("28", 28000),
            ("0.001", 1),
            ("10.250", 10250),
        ] {
            assert_eq!(parse_thousandths(text), Some(value), "{text}");
        }
        assert_eq!(format_thousandths(3500), "3.5");
        assert_eq!(format_thousandths(28000), "28");
        assert_eq!(format_thousandths(10250), "10.25");
        for bad in ["", ".", "-1", "1.2345", "abc", "1e3"] {
            assert_eq!(parse_thousandths(bad), None, "{bad}");
        }
    }
}
