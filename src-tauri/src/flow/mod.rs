//! The pick/verify workflow wired into the app: this station's settings, who is acting, and label
//! printing. The use cases themselves live in `vaultpick_core::workflow`; the commands in
//! `crate::ipc::flow` stay thin by calling the helpers here.

pub mod agent;
pub mod commands;
mod documents;
#[cfg(test)]
mod pdf_check;
pub mod print;
pub mod weigh;

use crate::engine::Engine;
use chrono::Offset;
use vaultpick_core::workflow::{Workflow, WorkflowError, WorkflowSettings};

/// This station's id, recorded with every claim and pick (`VAULTPICK_STATION`, else `STATION-1`).
pub const STATION_ENV: &str = "VAULTPICK_STATION";
const DEFAULT_STATION: &str = "STATION-1";

pub fn station() -> String {
    std::env::var(STATION_ENV)
        .ok()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| DEFAULT_STATION.to_owned())
}

/// The workflow's settings for this station: the rooms come from the state-system link (the
/// sandbox's in training, `vaultpick.json` in production). Without them the workflow refuses rather
/// than move packages to guessed rooms.
pub fn settings(engine: &Engine) -> Result<WorkflowSettings, WorkflowError> {
    let rooms = engine.trace_rooms().ok_or_else(|| {
        WorkflowError::Invalid(
            "the BioTrack rooms (vault, pending sale, quarantine) are not configured on this \
             station: ask the manager to set up BioTrack first"
                .into(),
        )
    })?;
    let mut settings =
        WorkflowSettings::new(station(), rooms.pending_sale, rooms.vault, rooms.quarantine);
    settings.blind_verify = engine.blind_verify();
    // Expiry dates are the store's calendar dates: judge them in this machine's time zone.
    settings.local_offset = chrono::Local::now().offset().fix();
    Ok(settings)
}

/// Runs `f` with a workflow over the engine's store and clock.
pub fn with_workflow<T>(
    engine: &Engine,
    f: impl FnOnce(&Workflow<'_>) -> Result<T, WorkflowError>,
) -> Result<T, WorkflowError> {
    let wf = Workflow::new(engine.store(), engine.clock(), settings(engine)?);
    f(&wf)
}
