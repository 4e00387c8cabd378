//! The pick/verify workflow wired into the app: this station's settings, who is acting, and label
//! printing. The use cases themselves live in `vaultpick_core::workflow`; the commands in
//! `crate::ipc::flow` stay thin by calling the helpers here.

pub mod agent;
pub mod commands;
pub mod print;

use crate::engine::Engine;
use crate::paths::Mode;
use vaultpick_core::workflow::{Workflow, WorkflowError, WorkflowSettings};

/// This station's id, recorded with every claim and pick (`VAULTPICK_STATION`, else `STATION-1`).
pub const STATION_ENV: &str = "VAULTPICK_STATION";
const DEFAULT_STATION: &str = "STATION-1";

/// The training sandbox's rooms (`vaultpick_sandbox::biotrack::TRAINING_ROOM_*`): vault, pending sale,
/// quarantine. The app does not link the sandbox, so the ids are repeated here.
const TRAINING_ROOMS: (i64, i64, i64) = (1, 2, 3);

pub fn station() -> String {
    std::env::var(STATION_ENV)
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| DEFAULT_STATION.to_owned())
}

/// The workflow's settings for this station. Production needs its BioTrack room ids configured, which
/// the BioTrack settings screen (issue 3) will provide; until then production refuses rather than
/// moving packages to guessed rooms.
pub fn settings(mode: Mode) -> Result<WorkflowSettings, WorkflowError> {
    match mode {
        Mode::Training => {
            let (vault, pending_sale, quarantine) = TRAINING_ROOMS;
            Ok(WorkflowSettings::new(
                station(),
                pending_sale,
                vault,
                quarantine,
            ))
        }
        Mode::Production => Err(WorkflowError::Invalid(
            "the BioTrack rooms (vault, pending sale, quarantine) are not configured on this station: \
             ask the manager to set up BioTrack first"
                .into(),
        )),
    }
}

/// Runs `f` with a workflow over the engine's store and clock.
pub fn with_workflow<T>(
    engine: &Engine,
    f: impl FnOnce(&Workflow<'_>) -> Result<T, WorkflowError>,
) -> Result<T, WorkflowError> {
    let wf = Workflow::new(engine.store(), engine.clock(), settings(engine.mode())?);
    f(&wf)
}
