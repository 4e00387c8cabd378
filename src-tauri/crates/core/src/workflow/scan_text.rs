//! Turning what a scanner typed into the id the workflow looks up.
//!
//! The devices crate classifies scans fully; this is the engine's own defence for text that arrives by
//! other routes (keyboard wedge, typed by hand): framing whitespace and control characters go, an AIM
//! symbology prefix (`]C1`, `]d2`, `]Q3`, ...) goes, and a GS1 element string yields its serial (AI 21),
//! which is where a package id sits on a GS1 label. A maker's GTIN alone is reported as such, so the
//! technician is told to scan the package label instead.

/// What a scanned text contains, as far as the workflow cares.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScannedCode {
    /// An id to look up (package UID or order ticket).
    Id(String),
    /// A GS1 code with a GTIN but no serial: the maker's product barcode, not a package label.
    ProductCodeOnly { gtin: String },
    /// Nothing usable (empty, only control characters, or a malformed GS1 string).
    Unreadable,
}

impl ScannedCode {
    pub fn text(&self) -> Option<&str> {
        match self {
            ScannedCode::Id(s) => Some(s),
            _ => None,
        }
    }
}

const GS: char = '\u{1d}';

/// Symbology identifiers that announce a GS1 element string (FNC1 in first position).
const GS1_PREFIXES: &[&str] = &["]C1", "]d2", "]Q3", "]e0", "]J1"];

pub fn normalize_scan(raw: &str) -> ScannedCode {
    let trimmed = raw.trim_matches(|c: char| c.is_whitespace() || (c.is_control() && c != GS));
    let (gs1, body) = match strip_aim(trimmed) {
        Some((prefix, rest)) => (GS1_PREFIXES.contains(&prefix), rest),
        None => (
            trimmed.starts_with("(01)") || trimmed.starts_with("(21)"),
            trimmed,
        ),
    };
    if gs1 {
        return parse_gs1(body);
    }
    let id: String = body.chars().filter(|c| !c.is_control()).collect();
    let id = id.trim();
    if id.is_empty() {
        ScannedCode::Unreadable
    } else {
        ScannedCode::Id(id.to_owned())
    }
}

/// `]` + symbology letter + modifier digit.
fn strip_aim(s: &str) -> Option<(&str, &str)> {
    let b = s.as_bytes();
    if b.len() >= 3 && b[0] == b']' && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphanumeric() {
        Some((&s[..3], &s[3..]))
    } else {
        None
    }
}

/// Reads AIs 01, 10, 11, 13, 15, 17 and 21 from machine form (`<GS>`-separated) or the human-readable
/// form `(01)...(21)...`; anything else is unreadable rather than guessed at.
fn parse_gs1(body: &str) -> ScannedCode {
    let mut gtin = None;
    let mut serial = None;
    let mut rest = body;
    while !rest.is_empty() {
        let (ai, after) = match rest.strip_prefix('(') {
            Some(r) => match r.split_once(')') {
                Some((ai, after)) => (ai, after),
                None => return ScannedCode::Unreadable,
            },
            None if rest.len() >= 2 && rest.is_char_boundary(2) => (&rest[..2], &rest[2..]),
            None => return ScannedCode::Unreadable,
        };
        let fixed = match ai {
            "01" => Some(14),
            "11" | "13" | "15" | "17" => Some(6),
            "10" | "21" => None,
            _ => return ScannedCode::Unreadable,
        };
        let (value, next) = match fixed {
            Some(n) if after.len() >= n && after.is_char_boundary(n) => (&after[..n], &after[n..]),
            Some(_) => return ScannedCode::Unreadable,
            None => {
                let end = after.find([GS, '(']).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        match ai {
            "01" => gtin = Some(value.to_owned()),
            "21" => serial = Some(value.to_owned()),
            _ => {}
        }
        rest = next.trim_start_matches(GS);
    }
    match (serial, gtin) {
        (Some(s), _) if !s.is_empty() => ScannedCode::Id(s),
        (_, Some(gtin)) => ScannedCode::ProductCodeOnly { gtin },
        _ => ScannedCode::Unreadable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_ids_lose_framing_and_aim_prefix() {
        assert_eq!(
            normalize_scan("6647120000000001\r\n"),
            ScannedCode::Id("6647120000000001".into())
        );
        assert_eq!(
            normalize_scan("]C06647120000000001"),
            ScannedCode::Id("6647120000000001".into())
        );
        assert_eq!(normalize_scan(" \t\r\n"), ScannedCode::Unreadable);
    }

    #[test]
    fn gs1_serial_is_the_id_and_gtin_alone_is_flagged() {
        let wire = "]d20109506000134352172612311012AB\u{1d}21XYZ789";
        assert_eq!(normalize_scan(wire), ScannedCode::Id("XYZ789".into()));
        assert_eq!(
            normalize_scan("(01)09506000134352(21)S1"),
            ScannedCode::Id("S1".into())
        );
        assert_eq!(
            normalize_scan("]C10109506000134352"),
            ScannedCode::ProductCodeOnly {
                gtin: "09506000134352".into()
            }
        );
        assert_eq!(normalize_scan("]C199garbage"), ScannedCode::Unreadable);
        assert_eq!(normalize_scan("]C101123"), ScannedCode::Unreadable);
        assert_eq!(normalize_scan("]C1(01"), ScannedCode::Unreadable);
        assert_eq!(normalize_scan("]Q3é"), ScannedCode::Unreadable);
    }
}
