//! Tolerant decoding of BioTrack v1 replies: numbers that arrive as strings, header text leaked into
//! the body, empty or truncated bodies.

use serde_json::{Map, Value};
use vaultpick_core::domain::{Quantity, QuantityUnit};

/// What one reply body says, before the client decides what it means for the caller.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Envelope {
    Success(Map<String, Value>),
    Failure {
        code: Option<i64>,
        text: String,
    },
    /// Empty, truncated or not JSON at all.
    Unreadable(String),
}

/// Leaked header lines look like `Content-Type: text/plain`: printable, with a colon.
fn is_header_line(line: &str) -> bool {
    let line = line.trim();
    line.is_empty()
        || (line.contains(':') && line.chars().all(|c| !c.is_control()) && !line.contains('{'))
}

/// Strips header text that the server leaked before the JSON (OpenTHC strips the same).
fn strip_leaked_headers(body: &str) -> &str {
    let trimmed = body.trim_start_matches('\u{feff}').trim();
    match trimmed.find('{') {
        Some(start) if start > 0 && trimmed[..start].lines().all(is_header_line) => {
            &trimmed[start..]
        }
        _ => trimmed,
    }
}

pub(crate) fn decode(body: &[u8]) -> Envelope {
    let Ok(text) = std::str::from_utf8(body) else {
        return Envelope::Unreadable(format!("{} bytes that are not UTF-8", body.len()));
    };
    let json = strip_leaked_headers(text);
    if json.is_empty() {
        return Envelope::Unreadable("an empty reply".into());
    }
    let map = match serde_json::from_str::<Value>(json) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Envelope::Unreadable("a reply that is not a JSON object".into()),
        Err(error) => return Envelope::Unreadable(format!("an unreadable reply ({error})")),
    };
    if map.get("success").is_some_and(truthy) {
        return Envelope::Success(map);
    }
    let text = map
        .get("error")
        .and_then(Value::as_str)
        .unwrap_or("BioTrack refused the request without saying why.")
        .trim()
        .to_owned();
    Envelope::Failure {
        code: map.get("errorcode").and_then(lenient_i64),
        text,
    }
}

/// `1`, `"1"`, `true`, `"true"`.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_i64().is_some_and(|n| n != 0),
        Value::String(s) => matches!(s.trim(), "1" | "true" | "TRUE" | "True"),
        _ => false,
    }
}

/// An integer sent as a number or as text.
pub(crate) fn lenient_i64(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Text sent as a string or as a number; empty and null are `None`.
pub(crate) fn lenient_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

pub(crate) fn field_i64(map: &Value, key: &str) -> Option<i64> {
    map.get(key).and_then(lenient_i64)
}

pub(crate) fn field_text(map: &Value, key: &str) -> Option<String> {
    map.get(key).and_then(lenient_text)
}

pub(crate) fn field_flag(map: &Value, key: &str) -> bool {
    map.get(key).is_some_and(truthy)
}

/// Decimal text with at most three decimals, as thousandths ("3.5" → 3500). The sandbox parses
/// with its own code on purpose (no shared code across the wire).
pub(crate) fn parse_thousandths(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    let (whole, frac) = raw.split_once('.').unwrap_or((raw, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if (whole.is_empty() && frac.is_empty()) || !digits(whole) || !digits(frac) {
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
    let frac: i64 = format!("{frac:0<3}").parse().ok()?;
    whole.checked_mul(1000)?.checked_add(frac)
}

/// A BioTrack quantity and unit as ours: grams → milligrams, counted units stay units.
pub(crate) fn quantity_from_wire(amount: &str, uom: Option<&str>) -> Option<Quantity> {
    let thousandths = parse_thousandths(amount)?;
    match uom.map(str::to_lowercase).as_deref() {
        None | Some("g" | "gram" | "grams" | "") => Some(Quantity::milligrams(thousandths)),
        Some("each" | "ea" | "unit" | "units") if thousandths % 1000 == 0 => {
            Some(Quantity::units(thousandths / 1000))
        }
        _ => None,
    }
}

/// Our quantity as BioTrack's decimal text and unit.
pub(crate) fn quantity_to_wire(quantity: Quantity) -> (String, &'static str) {
    match quantity.unit {
        QuantityUnit::Milligram => {
            let (whole, frac) = (quantity.amount / 1000, quantity.amount % 1000);
            let text = if frac == 0 {
                whole.to_string()
            } else {
                format!("{whole}.{:03}", frac.abs())
                    .trim_end_matches('0')
                    .to_owned()
            };
            (text, "g")
        }
        QuantityUnit::Each => (quantity.amount.to_string(), "each"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_and_codes_decode_as_numbers_or_strings() {
        for body in [
            r#"{"success":1}"#,
            r#"{"success":"1"}"#,
            r#"{"success":true}"#,
        ] {
            assert!(
                matches!(decode(body.as_bytes()), Envelope::Success(_)),
                "{body}"
            );
        }
        for body in [
            r#"{"success":0,"error":"Nope.","errorcode":602}"#,
            r#"{"success":"0","error":"Nope.","errorcode":"602"}"#,
        ] {
            assert_eq!(
                decode(body.as_bytes()),
                Envelope::Failure {
                    code: Some(602),
                    text: "Nope.".into()
                }
            );
        }
    }

    #[test]
    fn leaked_header_text_is_stripped_but_garbage_is_not_taken_for_json() {
        let leaked = "Content-Type: text/plain\r\n\r\n{\"success\":1}";
        assert!(matches!(decode(leaked.as_bytes()), Envelope::Success(_)));
        for bad in [
            "",
            "   ",
            "{\"success\":1,\"transac",
            "<html>Server Error</html>",
            "[1]",
        ] {
            assert!(
                matches!(decode(bad.as_bytes()), Envelope::Unreadable(_)),
                "{bad:?}"
            );
        }
        assert!(matches!(
            decode(&[0xff, 0xfe, 0x00]),
            Envelope::Unreadable(_)
        ));
    }

    #[test]
    fn quantities_convert_both_ways() {
        assert_eq!(
            quantity_from_wire("3.5", Some("g")),
            Some(Quantity::milligrams(3500))
        );
        assert_eq!(
            quantity_from_wire("12", Some("each")),
            Some(Quantity::units(12))
        );
        assert_eq!(quantity_from_wire("1.5", Some("each")), None);
        assert_eq!(quantity_from_wire("x", Some("g")), None);
        assert_eq!(
            quantity_to_wire(Quantity::milligrams(3500)),
            ("3.5".into(), "g")
        );
        assert_eq!(
            quantity_to_wire(Quantity::milligrams(28000)),
            ("28".into(), "g")
        );
        assert_eq!(
            quantity_to_wire(Quantity::milligrams(1)),
            ("0.001".into(), "g")
        );
        assert_eq!(quantity_to_wire(Quantity::units(4)), ("4".into(), "each"));
    }
}
