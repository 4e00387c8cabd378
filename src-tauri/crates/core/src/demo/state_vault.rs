//! The training vault as the state system holds it: what a training BioTrack sandbox is loaded
//! with. Neutral data (no sandbox types), shared by the CLI's `vaultpick sandbox --training` and
//! the app's training mode so both serve the same world.

use crate::domain::PackageStatus;
use chrono::NaiveDate;

/// The room a lot sits in, named as the training sandbox names its fixed rooms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateRoom {
    Vault,
    PendingSale,
    Quarantine,
}

impl StateRoom {
    pub fn name(self) -> &'static str {
        match self {
            StateRoom::Vault => "vault",
            StateRoom::PendingSale => "pending sale",
            StateRoom::Quarantine => "quarantine",
        }
    }
}

/// One lot of the training vault as the state system sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateLot {
    pub uid: String,
    pub product_name: String,
    /// The state system's quantity (one demo package deliberately differs from the shelf).
    pub quantity: i64,
    /// "mg" or "each".
    pub unit: &'static str,
    pub room: StateRoom,
}

/// The demo packages (as seeded on `day`) in the state system's terms.
pub fn state_vault(day: NaiveDate) -> Vec<StateLot> {
    let products = super::products();
    super::packages(&products, day)
        .into_iter()
        .map(|package| {
            let product_name = products
                .iter()
                .find(|p| p.sku == package.sku)
                .map_or_else(|| package.sku.clone(), |p| p.name.clone());
            let room = match package.status {
                PackageStatus::Quarantined => StateRoom::Quarantine,
                PackageStatus::PendingSale => StateRoom::PendingSale,
                _ => StateRoom::Vault,
            };
            StateLot {
                uid: package.uid.0,
                product_name,
                quantity: package.state_quantity.unwrap_or(package.quantity.amount),
                unit: package.quantity.unit.as_str(),
                room,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_vault_mirrors_the_demo_packages_with_the_discrepancy() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap_or_default();
        let lots = state_vault(day);
        let packages = super::super::packages(&super::super::products(), day);
        assert_eq!(lots.len(), packages.len());
        let odd = super::super::training_uid(super::super::DISCREPANCY_SERIAL);
        let lot = lots.iter().find(|l| l.uid == odd.0);
        assert_eq!(lot.map(|l| l.quantity), Some(0));
        assert!(lots.iter().any(|l| l.room == StateRoom::Quarantine));
        assert!(lots.iter().all(|l| l.unit == "mg" || l.unit == "each"));
    }
}
