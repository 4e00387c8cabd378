//! Products and the physical packages of them in the vault.

use super::{Category, PackageStatus, QaStatus, Quantity, QuantityUnit, Uid};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One cannabinoid as tested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Cannabinoid {
    pub name: String,
    /// Thousandths of a percent by weight (flower, pre-rolls, vapes, concentrates) or micrograms
    /// per unit (edibles, topicals) — see [`super::Category::potency_per_unit`].
    pub amount: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Product {
    pub sku: String,
    pub brand: String,
    pub name: String,
    pub strain: Option<String>,
    pub category: Category,
    /// How this product is sold: by weight (bulk flower) or by the unit.
    pub unit: QuantityUnit,
    /// Net weight of one sealed unit in milligrams, where that makes sense.
    pub net_weight_mg: Option<i64>,
    pub cannabinoids: Vec<Cannabinoid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Package {
    pub uid: Uid,
    pub sku: String,
    pub batch: String,
    pub packaged_on: NaiveDate,
    pub expires_on: Option<NaiveDate>,
    /// What we hold by our own count.
    pub quantity: Quantity,
    /// What the state system said at the last sync; `None` if never synced.
    pub state_quantity: Option<i64>,
    pub location: String,
    pub status: PackageStatus,
    pub qa: QaStatus,
    /// Sealed retail units get a tamper check when picked.
    pub sealed: bool,
}

impl Package {
    pub fn is_expired(&self, today: NaiveDate) -> bool {
        self.expires_on.is_some_and(|d| d < today)
    }
}
