//! The IPC surface: commands the UI calls and events the app pushes, all typed through
//! tauri-specta so `ui/src/lib/ipc/bindings.ts` is generated, never hand-written.
//!
//! Each command unpacks state, runs the engine off the async threads and maps the error.

pub mod devices;
mod error;
mod flow;
mod world;

pub use error::{IpcError, IpcErrorCode};

use crate::engine::{Engine, QueueSnapshot, StatusReport};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tauri::State;

/// Pushed whenever the set or order of queued orders changes.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct QueueChanged(pub QueueSnapshot);

/// Pushed every second for the status bar and the countdown clock.
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct StatusTick(pub StatusReport);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum UiLogLevel {
    Error,
    Warn,
    Info,
    Debug,
}

/// Longest UI log message kept; the rest is cut so a runaway UI cannot flood the log.
const UI_LOG_MAX_CHARS: usize = 2000;

/// Runs `f` on the engine off the async threads (SQLite, files and the keyring block); every
/// command that touches the engine goes through here.
pub(crate) async fn on_engine<T: Send + 'static, E: Into<IpcError> + Send + 'static>(
    engine: &Arc<Engine>,
    f: impl FnOnce(&Engine) -> Result<T, E> + Send + 'static,
) -> Result<T, IpcError> {
    let engine = Arc::clone(engine);
    tauri::async_runtime::spawn_blocking(move || f(&engine))
        .await
        .map_err(IpcError::internal)?
        .map_err(Into::into)
}

#[tauri::command]
#[specta::specta]
async fn queue_snapshot(engine: State<'_, Arc<Engine>>) -> Result<QueueSnapshot, IpcError> {
    on_engine(&engine, |e| -> Result<_, IpcError> {
        // The queue is behind sign-in (the check may write the idle lock's audit row).
        e.acting_agent()?;
        Ok(e.queue()?)
    })
    .await
}

#[tauri::command]
#[specta::specta]
async fn status_snapshot(engine: State<'_, Arc<Engine>>) -> Result<StatusReport, IpcError> {
    on_engine(&engine, Engine::status).await
}

/// The UI's log lines, written to the app's log under the `ui` target.
#[tauri::command]
#[specta::specta]
fn ui_log(level: UiLogLevel, message: String) {
    let message: String = message.chars().take(UI_LOG_MAX_CHARS).collect();
    match level {
        UiLogLevel::Error => tracing::error!(target: "ui", "{message}"),
        UiLogLevel::Warn => tracing::warn!(target: "ui", "{message}"),
        UiLogLevel::Info => tracing::info!(target: "ui", "{message}"),
        UiLogLevel::Debug => tracing::debug!(target: "ui", "{message}"),
    }
}

/// The typed command and event set, shared by the running app and the bindings export.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new()
        .commands(tauri_specta::collect_commands![
            queue_snapshot,
            status_snapshot,
            ui_log,
            world::session_status,
            world::sign_in,
            world::lock_station,
            world::sign_out,
            world::touch_session,
            world::setup_status,
            world::enroll_first_manager,
            world::save_account,
            world::forget_account,
            world::review_queue,
            world::resolve_review,
            world::notices,
            world::acknowledge_notice,
            world::sync_now,
            flow::flow_claim,
            flow::flow_claim_ticket,
            flow::flow_snapshot,
            flow::flow_scan,
            flow::flow_confirm_seal,
            flow::flow_confirm_label,
            flow::flow_weigh,
            flow::flow_start_verify,
            flow::flow_verify_view,
            flow::flow_verify_scan,
            flow::flow_finish_verify,
            flow::flow_restart_verify,
            flow::flow_back_to_picking,
            flow::flow_commit_stage,
            flow::flow_hand_off,
            flow::flow_pause,
            flow::flow_resume,
            flow::flow_release,
            flow::flow_cancel,
            flow::flow_report_discrepancy,
            flow::flow_speed,
            flow::flow_print,
            devices::devices_overview,
            devices::devices_list_ports,
            devices::devices_save_settings,
            devices::scale_read,
            devices::scale_zero,
            devices::scale_tare,
            devices::submit_wedge,
            devices::sim_place_weight,
            devices::sim_plug_scale,
            devices::sim_scan,
            devices::sim_packages,
        ])
        .events(tauri_specta::collect_events![
            QueueChanged,
            StatusTick,
            devices::ScanReceived
        ])
        .typ::<IpcError>()
}

#[cfg(test)]
mod tests;
