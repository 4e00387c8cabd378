//! Weight units as scales print them, converted to grams in exact decimal arithmetic.
//! The factors are the legal definitions (1 lb = 453.59237 g, 1 ct = 0.2 g), so nothing is rounded.

use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Milligram,
    Gram,
    Kilogram,
    Carat,
    Ounce,
    TroyOunce,
    Pound,
    Pennyweight,
    Grain,
    /// Piece counting (A&D `QT`/`PC`): not a weight.
    Pieces,
    /// Anything else the scale sent (percent, custom units). Never converted.
    Other(String),
}

impl Unit {
    /// Reads a unit symbol as printed (symbols keep their own case: `g`, `kg`, `ct`, `lb`, `PC`).
    pub fn from_symbol(symbol: &str) -> Unit {
        match symbol {
            "mg" => Unit::Milligram,
            "g" | "G" => Unit::Gram,
            "kg" | "KG" => Unit::Kilogram,
            "ct" | "CT" => Unit::Carat,
            "oz" | "OZ" => Unit::Ounce,
            "ozt" | "OZT" | "ozt." => Unit::TroyOunce,
            "lb" | "LB" | "lbs" => Unit::Pound,
            "dwt" | "DWT" => Unit::Pennyweight,
            "gn" | "GN" | "gr" => Unit::Grain,
            "PC" | "pcs" | "PCS" | "pc" => Unit::Pieces,
            other => Unit::Other(other.to_string()),
        }
    }

    /// The symbol used when we write a unit back (commands, simulators, round-trip tests).
    pub fn symbol(&self) -> &str {
        match self {
            Unit::Milligram => "mg",
            Unit::Gram => "g",
            Unit::Kilogram => "kg",
            Unit::Carat => "ct",
            Unit::Ounce => "oz",
            Unit::TroyOunce => "ozt",
            Unit::Pound => "lb",
            Unit::Pennyweight => "dwt",
            Unit::Grain => "gn",
            Unit::Pieces => "PC",
            Unit::Other(s) => s,
        }
    }

    /// Grams per unit, exact. `None` for counts and unknown units.
    pub fn grams_per_unit(&self) -> Option<Decimal> {
        // Decimal::new(mantissa, scale): value = mantissa / 10^scale.
        Some(match self {
            Unit::Milligram => Decimal::new(1, 3),
            Unit::Gram => Decimal::ONE,
            Unit::Kilogram => Decimal::new(1000, 0),
            Unit::Carat => Decimal::new(2, 1),
            Unit::Ounce => Decimal::new(28_349_523_125, 9),
            Unit::TroyOunce => Decimal::new(311_034_768, 7),
            Unit::Pound => Decimal::new(45_359_237, 5),
            Unit::Pennyweight => Decimal::new(155_517_384, 8),
            Unit::Grain => Decimal::new(6_479_891, 8),
            Unit::Pieces | Unit::Other(_) => return None,
        })
    }

    /// Converts a value shown in this unit to grams. The scale of a gram value is kept
    /// (3.50 g stays 3.50 g); `None` for counts, unknown units or arithmetic overflow.
    pub fn to_grams(&self, value: Decimal) -> Option<Decimal> {
        if *self == Unit::Gram {
            return Some(value);
        }
        value.checked_mul(self.grams_per_unit()?)
    }
}

/// Grams to whole milligrams for the core's `net_mg`, rounding half away from zero
/// (only sub-milligram analytical readings are affected).
pub fn grams_to_mg(grams: Decimal) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let mg = grams.checked_mul(Decimal::new(1000, 0))?;
    mg.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        .to_i64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap_or_default()
    }

    #[test]
    fn grams_keep_their_scale() {
        assert_eq!(
            Unit::Gram.to_grams(d("3.50")).map(|g| g.to_string()),
            Some("3.50".into())
        );
    }

    #[test]
    fn conversions_are_exact() {
        assert_eq!(Unit::Kilogram.to_grams(d("0.0035")), Some(d("3.5")));
        assert_eq!(Unit::Milligram.to_grams(d("3500")), Some(d("3.5")));
        assert_eq!(Unit::Carat.to_grams(d("17.5")), Some(d("3.5")));
        assert_eq!(Unit::Pound.to_grams(d("1")), Some(d("453.59237")));
        assert_eq!(Unit::Ounce.to_grams(d("0.125")), Some(d("3.543690390625")));
        assert_eq!(Unit::Pieces.to_grams(d("12")), None);
    }

    #[test]
    fn milligrams_round_half_away() {
        assert_eq!(grams_to_mg(d("3.50")), Some(3500));
        assert_eq!(grams_to_mg(d("0.0005")), Some(1));
        assert_eq!(grams_to_mg(d("-0.0005")), Some(-1));
    }
}
