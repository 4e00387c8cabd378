//! The training vault's packages, derived from the catalogue by fixed rules so that every
//! situation a technician must handle is present: expired, quarantined, QA-pending, bulk lots,
//! and exactly one package on the shelf that the state system says is empty.

use super::catalogue::{BRAND_X_BULK_FLOWER, BRAND_Y_CARTRIDGE, BRAND_Z_EDIBLES};
use crate::domain::{Package, PackageStatus, Product, QaStatus, Quantity, QuantityUnit, Uid};
use chrono::{Days, NaiveDate};

/// BioTrack-style 16-digit id: licence prefix, then a serial.
pub fn training_uid(serial: u64) -> Uid {
    Uid(format!("664712{serial:010}"))
}

/// The package that is physically in the vault but shows zero in the state system.
pub const DISCREPANCY_SERIAL: u64 = 13;

const EACH_PACKAGES_PER_PRODUCT: u64 = 8;
const BULK_LOTS_PER_PRODUCT: u64 = 4;

/// Jane Doe's products are kept clean so the first walkthrough is never derailed by a special case.
fn protected(sku: &str) -> bool {
    [BRAND_X_BULK_FLOWER, BRAND_Y_CARTRIDGE, BRAND_Z_EDIBLES].contains(&sku)
}

pub fn packages(products: &[Product], today: NaiveDate) -> Vec<Package> {
    let mut out = Vec::new();
    let mut serial = 0u64;
    for (p_index, product) in products.iter().enumerate() {
        let bulk = product.unit == QuantityUnit::Milligram;
        let count = if bulk {
            BULK_LOTS_PER_PRODUCT
        } else {
            EACH_PACKAGES_PER_PRODUCT
        };
        for k in 0..count {
            serial += 1;
            let packaged_on = today - Days::new(10 + 9 * k + (p_index as u64 % 7));
            let shelf_life = if bulk {
                365
            } else {
                180 + 30 * (p_index as u64 % 6)
            };
            let mut expires_on = Some(packaged_on + Days::new(shelf_life));
            let quantity = if bulk {
                Quantity::milligrams(((150 + 70 * k + 13 * (p_index as u64 % 5)) * 1000) as i64)
            } else {
                Quantity::units((6 + (serial * 7) % 30) as i64)
            };
            let mut status = PackageStatus::Active;
            let mut qa = QaStatus::Passed;
            let mut state_quantity = Some(quantity.amount);
            if !protected(&product.sku) {
                if serial % 13 == 5 {
                    expires_on = Some(today - Days::new(3 + serial % 20));
                }
                if serial % 17 == 3 {
                    status = PackageStatus::Quarantined;
                }
                if serial % 19 == 7 {
                    qa = QaStatus::Pending;
                }
                if serial == DISCREPANCY_SERIAL {
                    state_quantity = Some(0);
                }
            }
            out.push(Package {
                uid: training_uid(serial),
                sku: product.sku.clone(),
                batch: format!(
                    "{}-L{:03}",
                    product.sku.split('-').nth(1).unwrap_or("X"),
                    100 + serial
                ),
                packaged_on,
                expires_on,
                quantity,
                state_quantity,
                location: location(p_index, k),
                status,
                qa,
                sealed: !bulk,
            });
        }
    }
    out
}

/// "Vault A · Rack 3 · Bin 07": racks by product family, bins in order, so neighbours sit together.
fn location(p_index: usize, k: u64) -> String {
    let vault = if p_index < 14 { 'A' } else { 'B' };
    format!(
        "Vault {vault} · Rack {} · Bin {:02}",
        1 + p_index % 6,
        1 + (p_index as u64 * 3 + k) % 40
    )
}
