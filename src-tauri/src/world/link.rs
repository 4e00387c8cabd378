//! The link to the state system: in training a BioTrack sandbox on loopback loaded with the demo
//! vault; in production the state's BioTrack from the settings file. Either way: a BioTrack client
//! with the keyring account, the outbox worker, and a periodic pull of the state's quantities.

use crate::engine::Engine;
use crate::paths::Mode;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use vaultpick_core::demo;
use vaultpick_core::outbox::{self, OutboxHandle, Progress, WorkerConfig};
use vaultpick_core::ports::Sensitive;
use vaultpick_core::status::LinkStatus;
use vaultpick_core::trace_sync::{self, SyncError};
pub(crate) use vaultpick_sandbox::biotrack::TRAINING_LOCATION;
use vaultpick_sandbox::biotrack::{
    BioTrackSandbox, TRAINING_LICENSE, TRAINING_PASSWORD, TRAINING_ROOM_PENDING_SALE,
    TRAINING_ROOM_QUARANTINE, TRAINING_ROOM_VAULT, TRAINING_USER, TrainingPackage,
    training_dataset,
};
use vaultpick_secrets::Credentials;
use vaultpick_trace::{BioTrackClient, BioTrackSettings, RoomIds};

/// A running link. Dropping the sandbox stops it; `stop` also drains the worker.
pub struct Link {
    outbox: OutboxHandle,
    progress: watch::Receiver<Progress>,
    pull: tokio::task::JoinHandle<()>,
    sandbox: Option<BioTrackSandbox>,
}

impl Link {
    pub fn progress(&self) -> Progress {
        self.progress.borrow().clone()
    }

    pub fn wake(&self) {
        self.outbox.wake();
    }

    /// Stops pulling, lets the ops on the wire finish, then stops the sandbox (if any).
    pub fn stop(self) {
        let Link {
            outbox,
            pull,
            sandbox,
            ..
        } = self;
        pull.abort();
        tauri::async_runtime::spawn(async move {
            outbox.shutdown().await;
            if let Some(sandbox) = sandbox {
                sandbox.shutdown().await;
            }
        });
    }
}

/// Connects in the background (training at start-up; production once settings and account exist).
pub fn spawn_link(engine: Arc<Engine>) {
    tauri::async_runtime::spawn(async move {
        if let Err(e) = connect(&engine).await {
            tracing::warn!(error = %e, "the state-system link is not running");
            engine.health.set_trace(LinkStatus::Offline(e));
        }
    });
}

async fn blocking<T: Send + 'static>(
    engine: &Arc<Engine>,
    f: impl FnOnce(&Engine) -> T + Send + 'static,
) -> Result<T, String> {
    let engine = Arc::clone(engine);
    tauri::async_runtime::spawn_blocking(move || f(&engine))
        .await
        .map_err(|e| format!("internal error: {e}"))
}

async fn connect(engine: &Arc<Engine>) -> Result<(), String> {
    if engine.has_link() {
        return Ok(());
    }
    let (settings, creds, sandbox) = match engine.mode {
        Mode::Training => {
            let (sandbox, settings) = start_training_sandbox(engine).await?;
            let creds = blocking(engine, training_credentials).await?;
            (settings, creds, Some(sandbox))
        }
        Mode::Production => {
            let creds = blocking(engine, |e| e.world.secrets.load())
                .await?
                .map_err(|e| e.to_string())?;
            let (Some(creds), Some(section)) = (creds, engine.world.config.biotrack.as_ref())
            else {
                // Not an outage: the setup screen asks for what is missing; the link stays
                // "not configured" until then.
                tracing::info!(
                    "BioTrack link waits for first-run setup (account or settings missing)"
                );
                return Ok(());
            };
            (section.settings(&creds.licence)?, creds, None)
        }
    };
    tracing::info!(state = %settings.state, base_url = %settings.base_url, "connecting to BioTrack");
    let client = BioTrackClient::new(
        settings,
        vaultpick_trace::Credentials {
            username: creds.username,
            password: creds.password,
        },
    )
    .map_err(|e| e.to_string())?;
    let client = Arc::new(client);
    let sync = &engine.world.config.sync;
    let worker = outbox::spawn_worker(
        Arc::clone(&engine.store),
        Arc::clone(&client),
        Arc::clone(&engine.clock),
        Arc::clone(&engine.health),
        WorkerConfig {
            pool_target: sync.preassigned_ids,
            ..WorkerConfig::default()
        },
    );
    let pull = tokio::spawn(pull_loop(
        Arc::clone(engine),
        client,
        Duration::from_secs(sync.pull_every_secs.max(5)),
    ));
    engine.set_link(Link {
        progress: worker.progress(),
        outbox: worker,
        pull,
        sandbox,
    });
    Ok(())
}

/// The training sandbox's rooms: vault, pending sale, quarantine.
pub const TRAINING_ROOMS: RoomIds = RoomIds {
    vault: TRAINING_ROOM_VAULT,
    pending_sale: TRAINING_ROOM_PENDING_SALE,
    quarantine: TRAINING_ROOM_QUARANTINE,
};

/// In the training data folder: the running sandbox's base URL (its admin API lives there too).
pub const SANDBOX_URL_FILE: &str = "biotrack-sandbox.url";

/// Starts the sandbox on a free loopback port with the training vault as seeded in the store.
async fn start_training_sandbox(
    engine: &Arc<Engine>,
) -> Result<(BioTrackSandbox, BioTrackSettings), String> {
    let sandbox = BioTrackSandbox::start(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .map_err(|e| format!("the training BioTrack sandbox cannot start: {e}"))?;
    let seeded = engine
        .seeded_at
        .ok_or("the training data was not seeded, so there is no vault to load")?;
    let lots: Vec<TrainingPackage> = demo::state_vault(seeded.date_naive())
        .into_iter()
        .map(|l| TrainingPackage::new(l.uid, l.product_name, l.quantity, l.unit, l.room.name()))
        .collect();
    sandbox.load(&training_dataset(&lots))?;
    let settings = BioTrackSettings::sandbox(
        &sandbox.base_url(),
        TRAINING_LICENSE,
        TRAINING_LOCATION,
        TRAINING_ROOMS,
    );
    // Trainers (and the end-to-end tests) reach the sandbox's admin API through this file to read its
    // ledger or take "BioTrack" offline (src-tauri/crates/sandbox/ADMIN-API.md).
    if let Some(dir) = engine.store.path().parent() {
        let file = dir.join(SANDBOX_URL_FILE);
        if let Err(e) = std::fs::write(&file, sandbox.base_url()) {
            tracing::warn!(error = %e, file = %file.display(), "cannot note the sandbox's address");
        }
    }
    tracing::info!(base_url = %settings.base_url, lots = lots.len(), "training BioTrack sandbox ready");
    Ok((sandbox, settings))
}

/// The sandbox account, kept in the training namespace of the keyring like a real one: stored on
/// first run, read from there afterwards. Without a keyring, training still runs on the constants.
fn training_credentials(engine: &Engine) -> Credentials {
    let sandbox_account = || Credentials {
        licence: TRAINING_LICENSE.into(),
        username: TRAINING_USER.into(),
        password: Sensitive::new(TRAINING_PASSWORD.into()),
    };
    let secrets = &engine.world.secrets;
    let stored = secrets.load().and_then(|found| match found {
        Some(c) => Ok(c),
        None => {
            secrets.save(&sandbox_account())?;
            tracing::info!("training BioTrack account stored in the keyring (training namespace)");
            secrets.load().map(|c| c.unwrap_or_else(sandbox_account))
        }
    });
    stored.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "no keyring: training uses the sandbox account from memory");
        sandbox_account()
    })
}

/// Pulls the state's quantities now and every `every`; the answer (or its absence) also tells the
/// status bar whether BioTrack is reachable.
async fn pull_loop(engine: Arc<Engine>, client: Arc<BioTrackClient>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut failing = false;
    loop {
        tick.tick().await;
        let pulled =
            trace_sync::pull_state_quantities(&engine.store, &*client, engine.clock.as_ref()).await;
        match pulled {
            Ok(report) => {
                if failing || report.updated > 0 {
                    tracing::info!(
                        updated = report.updated,
                        unknown = report.unknown.len(),
                        "state quantities pulled"
                    );
                }
                failing = false;
                engine.health.set_trace(LinkStatus::Online);
            }
            Err(SyncError::Trace(e)) => {
                if !failing {
                    tracing::warn!(error = %e, "cannot pull the state quantities");
                }
                failing = true;
                engine.health.set_trace(LinkStatus::Offline(e.to_string()));
            }
            Err(SyncError::Store(e)) => {
                tracing::error!(error = %e, "cannot record the state quantities");
            }
        }
    }
}
