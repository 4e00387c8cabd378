//! The engine as the app holds it: one store, the adapters' health, the clock and (in training) the
//! simulated POS feed. Every method is blocking (SQLite); callers run them off the UI thread.

use crate::devices::DeviceHub;
use crate::paths::Mode;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::path::Path;
use std::sync::Arc;
use vaultpick_core::demo::{self, TrainingFeed};
use vaultpick_core::ports::PosFeed;
use vaultpick_core::pos_sync::{self, PosSyncError, PosSyncReport};
use vaultpick_core::queue::{self, QueueEntry};
use vaultpick_core::status::{self, Health, StatusSnapshot};
use vaultpick_core::{Clock, CoreResult, Store, SystemClock};

/// The open orders in queue order, with the engine's time so countdowns do not depend on the
/// webview's clock.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct QueueSnapshot {
    pub now: DateTime<Utc>,
    pub entries: Vec<QueueEntry>,
}

/// What the status bar shows, with the engine's time.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct StatusReport {
    pub now: DateTime<Utc>,
    pub mode: Mode,
    pub status: StatusSnapshot,
    /// Who is signed in, and how far behind the state system the station is.
    pub world: crate::world::WorldStatus,
}

pub struct Engine {
    pub(crate) mode: Mode,
    pub(crate) store: Arc<Store>,
    pub(crate) health: Arc<Health>,
    pub(crate) clock: Arc<dyn Clock>,
    /// Sign-in, credentials and the state-system link (see `crate::world`).
    pub(crate) world: crate::world::World,
    /// Scale, scanner and scan intake; started by `DeviceHub::start` once the runtime runs.
    pub(crate) devices: Arc<DeviceHub>,
    /// Where orders come from; `None` until a real POS adapter is configured.
    feed: Option<Box<dyn PosFeed>>,
    /// Training: when the demo day was seeded (the sandbox's vault is built for that day).
    pub(crate) seeded_at: Option<DateTime<Utc>>,
}

impl Engine {
    /// Opens the store in `data_dir`; in training, seeds the demo data (once) and takes the first
    /// page of demo orders so the queue is full when the window first paints.
    pub fn open(mode: Mode, data_dir: &Path) -> Result<Engine, PosSyncError> {
        let store = Arc::new(Store::open_in(data_dir)?);
        tracing::info!(path = %store.path().display(), ?mode, "store open");
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let seeded_at = match mode {
            Mode::Training => {
                let seeded_at = demo::seed_training(&store, clock.as_ref())?;
                tracing::info!(%seeded_at, "training data ready");
                Some(seeded_at)
            }
            Mode::Production => {
                tracing::warn!("no POS feed is configured yet: the queue only shows stored orders");
                None
            }
        };
        let feed = seeded_at.map(|at| Box::new(TrainingFeed::new(at)) as Box<dyn PosFeed>);
        let world = crate::world::World::open(mode, data_dir, &store, &clock)?;
        let health = Arc::new(Health::default());
        let devices = Arc::new(DeviceHub::new(mode, data_dir, Arc::clone(&health)));
        let engine = Engine {
            mode,
            store,
            health,
            devices,
            clock,
            feed,
            seeded_at,
            world,
        };
        engine.poll_pos()?;
        Ok(engine)
    }

    /// The station's scale, scanner and scan intake.
    pub fn devices(&self) -> &Arc<DeviceHub> {
        &self.devices
    }

    pub fn queue(&self) -> CoreResult<QueueSnapshot> {
        Ok(QueueSnapshot {
            now: self.clock.now(),
            entries: queue::queue(&self.store)?,
        })
    }

    pub fn status(&self) -> CoreResult<StatusReport> {
        let now = self.clock.now();
        // One read of the outbox serves both the bar's counts and the sync alarms.
        let (outbox, pool_free) = self.outbox_now(now)?;
        Ok(StatusReport {
            now,
            mode: self.mode,
            status: status::snapshot(&outbox, &self.health),
            world: self.world_report(&outbox, pool_free)?,
        })
    }

    /// Takes the next page from the POS feed, if there is one. `true` when the queue changed.
    pub fn poll_pos(&self) -> Result<bool, PosSyncError> {
        let Some(feed) = &self.feed else {
            return Ok(false);
        };
        let report: PosSyncReport =
            pos_sync::poll_pos(&self.store, feed.as_ref(), self.clock.as_ref())?;
        if !report.added.is_empty() || !report.cancelled.is_empty() {
            tracing::info!(
                added = report.added.len(),
                cancelled = report.cancelled.len(),
                refused = report.refused.len(),
                "POS orders taken"
            );
        }
        Ok(!report.added.is_empty() || !report.cancelled.is_empty())
    }

    /// For the workflow wiring (`crate::flow`), which builds its use cases over the same store.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    pub(crate) fn clock(&self) -> &dyn Clock {
        self.clock.as_ref()
    }
}
// Engine methods for the devices screens (they read the store, so they live under `engine`).
#[path = "devices/engine_ext.rs"]
mod devices_ext;

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn training_opens_with_the_demo_day_queued() -> TestResult {
        let dir = tempfile::tempdir()?;
        let engine = Engine::open(Mode::Training, dir.path())?;
        let queue = engine.queue()?;
        assert!(queue.entries.len() >= 25, "{} orders", queue.entries.len());
        let jane = queue
            .entries
            .iter()
            .find(|e| e.customer == "Jane Doe")
            .ok_or("no order for Jane Doe")?;
        assert_eq!(jane.lines.len(), 3);
        let status = engine.status()?;
        assert_eq!(status.mode, Mode::Training);
        assert_eq!(status.status.outbox_depth, 0);
        Ok(())
    }

    #[test]
    fn a_restart_keeps_the_same_training_day() -> TestResult {
        let dir = tempfile::tempdir()?;
        let first = Engine::open(Mode::Training, dir.path())?.queue()?.entries;
        let again = Engine::open(Mode::Training, dir.path())?;
        assert_eq!(
            again.queue()?.entries,
            first,
            "no duplicates, same promised times"
        );
        assert!(
            !again.poll_pos()?,
            "the demo feed is quiet after its one page"
        );
        Ok(())
    }

    #[test]
    fn production_without_a_pos_feed_shows_only_stored_orders() -> TestResult {
        let dir = tempfile::tempdir()?;
        let engine = Engine::open(Mode::Production, dir.path())?;
        assert!(engine.queue()?.entries.is_empty());
        assert!(!engine.poll_pos()?);
        Ok(())
    }
}
