//! The station's world outside the vault: who is signed in (badge + PIN, idle lock), the BioTrack
//! account in the OS keyring, and the link to the state system (client, outbox worker, quantity
//! pulls, pre-assigned id pool). In training the state system is a BioTrack sandbox on loopback.
//!
//! APIs for the rest of the app: [`Engine::acting_agent`] (attribute every action),
//! [`Engine::wake_outbox`] (after enqueueing an op), [`Engine::sync_now`], [`Engine::trace_rooms`],
//! [`Engine::label_identity`].

mod config;
mod link;
mod review;
mod secrets;
mod session;

pub use link::spawn_link;
pub use review::{NoticeRow, ReviewAction, ReviewRow};
pub use secrets::require_persistent;
pub use session::{AccountForm, ManagerForm, SetupStatus};

use crate::engine::Engine;
use crate::paths::Mode;
use chrono::{DateTime, Duration, Utc};
use config::StationConfig;
use secrets::ModeSecrets;
use serde::Serialize;
use std::path::Path;
use std::sync::{Arc, Mutex};
use vaultpick_core::outbox::{self, DeadlineAlarm, DeadlinePolicy, OutboxStatus};
use vaultpick_core::ports::Sensitive;
use vaultpick_core::signin::{self, LockPolicy, LockStatus, Role, StationLock};
use vaultpick_core::{Clock, CoreResult, Store};
use vaultpick_trace::RoomIds;

/// The demo agents training mode enrols (shown on its sign-in screen).
pub const TRAINING_AGENTS: [(&str, &str, Role, &str); 2] = [
    (
        "B-1042",
        "Sam Rivera (technician)",
        Role::Technician,
        "1234",
    ),
    (
        "M-2001",
        "Alex Chen (Inventory Manager)",
        Role::Manager,
        "2468",
    ),
];

pub struct World {
    mode: Mode,
    config: StationConfig,
    /// Why the settings file could not be used (shown on the setup screen).
    config_problem: Option<String>,
    pub(crate) lock: StationLock,
    secrets: ModeSecrets,
    policy: DeadlinePolicy,
    link: Mutex<Option<link::Link>>,
    /// Whether the keyring holds a BioTrack account (kept here: the status tick must not ask the
    /// keyring every second).
    account_saved: std::sync::atomic::AtomicBool,
}

impl World {
    pub fn open(
        mode: Mode,
        data_dir: &Path,
        store: &Arc<Store>,
        clock: &Arc<dyn Clock>,
    ) -> CoreResult<World> {
        let (config, mut config_problem) = match StationConfig::load(data_dir) {
            Ok(c) => (c, None),
            Err(e) => {
                tracing::error!(error = %e, "station settings unusable; using defaults");
                (StationConfig::default(), Some(e))
            }
        };
        let idle = i64::from(config.station.idle_lock_minutes.max(1));
        let lock = StationLock::new(
            Arc::clone(store),
            Arc::clone(clock),
            LockPolicy {
                idle: Duration::minutes(idle),
                ..LockPolicy::default()
            },
            &config.station.name,
        );
        let policy = DeadlinePolicy::new(
            Duration::hours(i64::from(config.sync.deadline_hours.max(1))),
            config.sync.warn_at.clone(),
        )
        .unwrap_or_else(|e| {
            config_problem.get_or_insert(e.to_string());
            DeadlinePolicy::default()
        });
        if mode == Mode::Training {
            enrol_training_agents(store, clock.now())?;
        }
        let secrets = ModeSecrets::os_keyring(mode);
        let account_saved = match mode {
            Mode::Training => true,
            Mode::Production => secrets.load().is_ok_and(|c| c.is_some()),
        };
        Ok(World {
            mode,
            config,
            config_problem,
            lock,
            secrets,
            policy,
            link: Mutex::new(None),
            account_saved: account_saved.into(),
        })
    }

    fn link(&self) -> std::sync::MutexGuard<'_, Option<link::Link>> {
        self.link.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Enrols the demo technician and manager once; later starts keep whatever PINs they have.
fn enrol_training_agents(store: &Store, now: DateTime<Utc>) -> CoreResult<()> {
    store.write(|tx| {
        for (badge, name, role, pin) in TRAINING_AGENTS {
            let normalised: String = badge.chars().filter(|c| *c != '-').collect();
            if signin::load_agent(tx, &normalised)?.is_none() {
                let pin = Sensitive::new(pin.to_owned());
                signin::enroll_agent(tx, badge, name, role, &pin, "system", now)?;
            }
        }
        Ok(())
    })
}

/// Who is at the station and how far behind the state system it is: pushed every second.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct WorldStatus {
    pub session: LockStatus,
    pub sync: SyncReport,
    /// Production without settings or credentials: the setup screen is needed.
    pub needs_setup: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(tag = "level", rename_all = "snake_case")]
pub enum SyncAlarm {
    /// The oldest unsynced change has used `percent` of the reporting deadline.
    Warning { percent: u32 },
    /// The deadline has passed: report by other means.
    Overdue,
}

#[derive(Debug, Clone, Default, Serialize, specta::Type)]
pub struct SyncReport {
    /// The outbox worker is running (credentials and settings present).
    pub connected: bool,
    pub alarm: Option<SyncAlarm>,
    /// When the oldest unsynced change must be in the state system.
    pub deadline_at: Option<DateTime<Utc>>,
    /// Changes waiting to be sent (not counting those held for review).
    pub pending: u32,
    /// Changes sent since start-up (accepted or found applied).
    pub sent: u32,
    /// The worker is sending right now.
    pub draining: bool,
    /// Pre-assigned ids left for offline weigh-outs.
    pub pool_free: u32,
}

impl Engine {
    #[cfg(test)]
    pub(crate) fn world_status(&self, now: DateTime<Utc>) -> CoreResult<WorldStatus> {
        let (outbox, pool_free) = self.outbox_now(now)?;
        self.world_report(&outbox, pool_free)
    }

    /// The outbox against this station's deadline policy, and the free pre-assigned ids: one read.
    pub(crate) fn outbox_now(&self, now: DateTime<Utc>) -> CoreResult<(OutboxStatus, u32)> {
        self.store.read(|c| {
            Ok((
                outbox::outbox_status(c, &self.world.policy, now)?,
                outbox::free_preassigned(c)?,
            ))
        })
    }

    pub(crate) fn world_report(
        &self,
        outbox: &OutboxStatus,
        pool_free: u32,
    ) -> CoreResult<WorldStatus> {
        let progress = self.world.link().as_ref().map(link::Link::progress);
        let alarm = outbox.alarm.as_ref().map(|a| match *a {
            DeadlineAlarm::Warning { fraction } => SyncAlarm::Warning {
                percent: (fraction * 100.0).round() as u32,
            },
            DeadlineAlarm::Overdue => SyncAlarm::Overdue,
        });
        let pending = outbox.depth.saturating_sub(outbox.in_review);
        Ok(WorldStatus {
            session: self.world.lock.status(),
            sync: SyncReport {
                connected: progress.is_some(),
                alarm,
                deadline_at: outbox.deadline_at,
                pending,
                sent: progress.as_ref().map_or(0, |p| {
                    u32::try_from(p.sent + p.recovered).unwrap_or(u32::MAX)
                }),
                draining: progress.as_ref().is_some_and(|p| !p.idle) && pending > 0,
                pool_free,
            },
            needs_setup: self.needs_setup()?,
        })
    }

    /// Looks at the outbox now: call after enqueueing an op (a no-op while not connected).
    pub fn wake_outbox(&self) {
        if let Some(link) = self.world.link().as_ref() {
            link.wake();
        }
    }

    /// The technician's "Sync now" (the network is back): every waiting change is due at once and
    /// the worker looks now, instead of sleeping out its backoff. Returns how many changes wait.
    pub fn sync_now(&self) -> CoreResult<u32> {
        let now = self.clock.now();
        let waiting = self.store.write(|tx| outbox::retry_now(tx, now))?;
        self.wake_outbox();
        Ok(waiting)
    }

    /// The BioTrack rooms orders move between: the sandbox's in training, the settings file's in
    /// production (`None` until BioTrack is set up there).
    pub fn trace_rooms(&self) -> Option<RoomIds> {
        match self.mode {
            Mode::Training => Some(link::TRAINING_ROOMS),
            Mode::Production => self.world.config.biotrack.as_ref().map(|b| b.rooms),
        }
    }

    /// Whether verification is blind (`station.blind_verify`, on unless the settings file turns it off).
    pub fn blind_verify(&self) -> bool {
        self.world.config.station.blind_verify
    }

    /// Who package labels name: the dispensary and its licence (BioTrack's "location").
    pub fn label_identity(&self) -> LabelIdentity {
        match self.mode {
            Mode::Training => LabelIdentity {
                dispensary_name: TRAINING_DISPENSARY.into(),
                licence: link::TRAINING_LOCATION.into(),
            },
            Mode::Production => LabelIdentity {
                dispensary_name: self.world.config.station.dispensary_name.trim().to_owned(),
                licence: self
                    .world
                    .config
                    .biotrack
                    .as_ref()
                    .map(|b| b.location.clone())
                    .unwrap_or_default(),
            },
        }
    }
}

/// The demo dispensary training labels name.
pub const TRAINING_DISPENSARY: &str = "Green Door Training Dispensary";

/// The dispensary and licence a package label prints. Empty fields make the label refuse to render,
/// naming the missing field, rather than print a label without them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelIdentity {
    pub dispensary_name: String,
    pub licence: String,
}

#[cfg(test)]
mod tests;
