//! The domain model: products, packages, orders and their lines, picks, and the audit trail.
//!
//! Quantities are integers in the smallest unit that matters (milligrams for weight, whole units for
//! counted goods) so that 3.50 g stays exactly 3.50 g through every sum and comparison.

mod enums;
mod order;
mod package;

pub use enums::*;
pub use order::*;
pub use package::*;

use serde::{Deserialize, Serialize};

/// A package identifier as the state system prints it. Opaque on purpose: BioTrack uses 16-digit
/// numbers, Metrc 24-character tags, and leading zeros matter.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(transparent)]
pub struct Uid(pub String);

impl Uid {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Uid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<&str> for Uid {
    fn from(s: &str) -> Self {
        Uid(s.to_owned())
    }
}

/// A quantity in the unit its product is sold in: milligrams for weighed goods, units for counted ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Quantity {
    pub amount: i64,
    pub unit: QuantityUnit,
}

impl Quantity {
    pub fn milligrams(mg: i64) -> Self {
        Self {
            amount: mg,
            unit: QuantityUnit::Milligram,
        }
    }
    pub fn units(n: i64) -> Self {
        Self {
            amount: n,
            unit: QuantityUnit::Each,
        }
    }
}

impl std::fmt::Display for Quantity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.unit {
            QuantityUnit::Milligram => write!(
                f,
                "{}.{:02} g",
                self.amount / 1000,
                (self.amount % 1000) / 10
            ),
            QuantityUnit::Each => write!(f, "{} ea", self.amount),
        }
    }
}

/// An entry in the append-only audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct AuditEntry {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Agent badge number, or "system" for the app itself.
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}
