//! How each simulated scale writes its lines. Written from the manuals (hardware.md §1), not from
//! our decoder, so the two can catch each other's mistakes. Resolution d = 0.01 g.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SimProtocol {
    MtSics,
    And,
    Ohaus,
}

impl std::str::FromStr for SimProtocol {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "mt-sics" => Ok(SimProtocol::MtSics),
            "and" => Ok(SimProtocol::And),
            "ohaus" => Ok(SimProtocol::Ohaus),
            other => Err(format!("unknown protocol {other:?} (mt-sics, and, ohaus)")),
        }
    }
}

/// What the display shows at this instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    Weight { mg: i64, stable: bool },
    Over,
    Under,
}

/// Milligrams as grams with two decimals (the 0.01 g division), rounded half away from zero.
pub fn grams_2dp(mg: i64) -> String {
    let centi = if mg >= 0 {
        (mg + 5) / 10
    } else {
        (mg - 5) / 10
    };
    let sign = if centi < 0 { "-" } else { "" };
    let a = centi.unsigned_abs();
    format!("{sign}{}.{:02}", a / 100, a % 100)
}

/// The weight line the scale sends for a weight request.
pub fn weight_line(p: SimProtocol, d: Display) -> String {
    match (p, d) {
        (SimProtocol::MtSics, Display::Over) => "S +".into(),
        (SimProtocol::MtSics, Display::Under) => "S -".into(),
        (SimProtocol::MtSics, Display::Weight { mg, stable }) => {
            format!(
                "S {} {:>10} g",
                if stable { 'S' } else { 'D' },
                grams_2dp(mg)
            )
        }
        (SimProtocol::And, Display::Over) => "OL,+999999.9  g".into(),
        (SimProtocol::And, Display::Under) => "OL,-999999.9  g".into(),
        (SimProtocol::And, Display::Weight { mg, stable }) => {
            let g = grams_2dp(mg);
            let (sign, digits) = match g.strip_prefix('-') {
                Some(d) => ('-', d.to_string()),
                None => ('+', g),
            };
            format!("{},{sign}{digits:0>8}  g", if stable { "ST" } else { "US" })
        }
        // Native OHAUS over/underload output is undocumented; the display dashes become a bare error.
        (SimProtocol::Ohaus, Display::Over | Display::Under) => "ES".into(),
        (SimProtocol::Ohaus, Display::Weight { mg, stable }) => {
            let line = format!(
                "{:>10} g     {}",
                grams_2dp(mg),
                if stable { ' ' } else { '?' }
            );
            line.trim_end().to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_match_the_manual_examples() {
        let w = |mg, stable| Display::Weight { mg, stable };
        assert_eq!(
            weight_line(SimProtocol::MtSics, w(3500, true)),
            "S S       3.50 g"
        );
        assert_eq!(
            weight_line(SimProtocol::MtSics, w(-100_000, true)),
            "S S    -100.00 g"
        );
        assert_eq!(
            weight_line(SimProtocol::And, w(3500, true)),
            "ST,+00003.50  g"
        );
        assert_eq!(
            weight_line(SimProtocol::And, w(3480, false)),
            "US,+00003.48  g"
        );
        assert_eq!(
            weight_line(SimProtocol::Ohaus, w(192_210, true)),
            "    192.21 g"
        );
        assert_eq!(
            weight_line(SimProtocol::Ohaus, w(10, false)),
            "      0.01 g     ?"
        );
        assert_eq!(grams_2dp(-4), "0.00");
        assert_eq!(grams_2dp(-5), "-0.01");
    }
}
