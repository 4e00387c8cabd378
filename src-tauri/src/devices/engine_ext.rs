//! Engine methods the device screens need from the store.

use super::Engine;
use crate::devices::views::SimPackage;
use vaultpick_core::CoreResult;

/// Longest list the training panel shows; it filters as the trainee types.
const SIM_PACKAGES_MAX: usize = 50;

impl Engine {
    /// Active packages in the store whose uid or product name contains `filter` (case-insensitive),
    /// for the training panel's "scan a package" list.
    pub fn sim_packages(&self, filter: &str) -> CoreResult<Vec<SimPackage>> {
        let pattern = format!("%{}%", filter.trim().to_lowercase());
        self.store.read(|c| {
            let mut stmt = c.prepare(
                "SELECT p.uid, pr.brand || ' — ' || pr.name, p.location
                 FROM packages p JOIN products pr ON pr.sku = p.sku
                 WHERE p.status = 'active'
                   AND (lower(p.uid) LIKE ?1 OR lower(pr.brand || ' ' || pr.name) LIKE ?1)
                 ORDER BY pr.brand, pr.name, p.uid
                 LIMIT ?2",
            )?;
            let rows = stmt.query_map((pattern, SIM_PACKAGES_MAX as i64), |r| {
                Ok(SimPackage {
                    uid: r.get(0)?,
                    name: r.get(1)?,
                    location: r.get(2)?,
                })
            })?;
            Ok(rows.collect::<Result<Vec<_>, _>>()?)
        })
    }
}
