//! Training mode's world: a deterministic vault (catalogue and packages) seeded once into the
//! store, and a POS feed serving the day's demo orders. The seed time is stored, so countdowns
//! and expiry dates stay consistent across restarts of a training session.

mod catalogue;
mod inventory;
mod orders;
mod state_vault;

pub use catalogue::{BRAND_X_BULK_FLOWER, BRAND_Y_CARTRIDGE, BRAND_Z_EDIBLES, products};
pub use inventory::{DISCREPANCY_SERIAL, packages, training_uid};
pub use orders::{DISCREPANCY_ORDER, JANE_DOE_ORDER, orders};
pub use state_vault::{StateLot, StateRoom, state_vault};

use crate::ports::{PosError, PosFeed, PosPage};
use crate::store::{self, AuditRecord, Store};
use crate::{Clock, CoreError, CoreResult};
use chrono::{DateTime, Utc};
use rusqlite::OptionalExtension;

const SEED_KEY: &str = "training_seed_time";

/// Seeds the training catalogue and packages once; returns the seed time (the same on every later call).
pub fn seed_training(store: &Store, clock: &dyn Clock) -> CoreResult<DateTime<Utc>> {
    store.write(|tx| {
        let existing: Option<String> = tx
            .query_row(
                "SELECT value FROM sync_state WHERE key = ?1",
                [SEED_KEY],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(text) = existing {
            return DateTime::parse_from_rfc3339(&text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|e| {
                    CoreError::Store(format!("stored training seed time is unreadable: {e}"))
                });
        }
        let seed = clock.now();
        let catalogue = products();
        for p in &catalogue {
            store::insert_product(tx, p)?;
        }
        let vault = packages(&catalogue, seed.date_naive());
        for p in &vault {
            store::insert_package(tx, p)?;
        }
        tx.execute(
            "INSERT INTO sync_state (key, value) VALUES (?1, ?2)",
            (SEED_KEY, store::fmt_time(seed)),
        )?;
        let detail = format!("{} products, {} packages", catalogue.len(), vault.len());
        store::audit_append(
            tx,
            seed,
            AuditRecord {
                actor: "system",
                action: "training_seeded",
                subject: "vault",
                detail: &detail,
            },
        )?;
        Ok(seed)
    })
}

/// Serves the demo day's orders as one page; afterwards the feed is quiet.
pub struct TrainingFeed {
    seed: DateTime<Utc>,
}

impl TrainingFeed {
    const DONE: &'static str = "training-day-served";

    pub fn new(seed: DateTime<Utc>) -> Self {
        TrainingFeed { seed }
    }
}

impl PosFeed for TrainingFeed {
    fn changes_since(&self, cursor: Option<&str>) -> Result<PosPage, PosError> {
        let orders = match cursor {
            None => orders(&products(), self.seed),
            Some(Self::DONE) => Vec::new(),
            Some(other) => {
                return Err(PosError::Malformed(format!(
                    "unknown training cursor '{other}'"
                )));
            }
        };
        Ok(PosPage {
            orders,
            next_cursor: Self::DONE.into(),
        })
    }
}
