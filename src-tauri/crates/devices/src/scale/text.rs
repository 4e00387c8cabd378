//! Small, strict text helpers shared by the protocol parsers. Strictness is what makes resync work:
//! a parser that accepts a frame with garbage glued to its front would never look further.

use rust_decimal::Decimal;
use std::str::FromStr;

/// The frame as text if every byte is printable ASCII (space to `~`); `None` otherwise.
pub(crate) fn printable(bytes: &[u8]) -> Option<&str> {
    if bytes.iter().all(|b| (0x20..=0x7e).contains(b)) {
        std::str::from_utf8(bytes).ok()
    } else {
        None
    }
}

/// A signed decimal as scales print it: `[+-]?digits[.digits]`, at most 20 characters.
/// Leading zeros are fine (`+00003.50`); exponents, commas and embedded spaces are not.
pub(crate) fn decimal(s: &str) -> Option<Decimal> {
    if s.is_empty() || s.len() > 20 {
        return None;
    }
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (body, None),
    };
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || !digits(int) || !frac.is_none_or(digits) {
        return None;
    }
    Decimal::from_str(s.strip_prefix('+').unwrap_or(s)).ok()
}

/// A unit symbol: 1 to 5 ASCII letters (plus `%`).
pub(crate) fn unit_symbol(s: &str) -> bool {
    (1..=5).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'%')
}

/// Right-aligns a decimal in a field of `width` characters (scales pad weights with leading spaces).
pub(crate) fn right_aligned(value: &str, width: usize) -> String {
    format!("{value:>width$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_strict() {
        assert_eq!(
            decimal("+00003.50").map(|d| d.to_string()),
            Some("3.50".into())
        );
        assert_eq!(
            decimal("-100.00").map(|d| d.to_string()),
            Some("-100.00".into())
        );
        assert_eq!(decimal("12.").map(|d| d.to_string()), Some("12".into()));
        for bad in [
            "",
            "+",
            ".5",
            "1e3",
            "1,5",
            "3.5.0",
            " 3.5",
            "--1",
            "1-",
            "123456789012345678901",
        ] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn printable_rejects_control_and_high_bytes() {
        assert_eq!(printable(b"S S 1 g"), Some("S S 1 g"));
        assert_eq!(printable(b"S\x00S"), None);
        assert_eq!(printable(&[0xC3, 0xA9]), None);
    }
}
