//! Commands for sign-in, first-run setup and the manager's review screen. Each unpacks state, runs
//! the engine off the async threads and returns the typed error; the logic is in `crate::world`.

use super::{IpcError, on_engine};
use crate::engine::Engine;
use crate::world::{AccountForm, ManagerForm, NoticeRow, ReviewAction, ReviewRow, SetupStatus};
use std::sync::Arc;
use tauri::State;
use vaultpick_core::signin::{Agent, LockStatus};

/// The world's engine methods return the IPC error already (sign-in and setup have their own codes).
async fn on_world<T: Send + 'static>(
    engine: &Arc<Engine>,
    f: impl FnOnce(&Engine) -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    on_engine(engine, f).await
}

#[tauri::command]
#[specta::specta]
pub async fn session_status(engine: State<'_, Arc<Engine>>) -> Result<LockStatus, IpcError> {
    on_world(&engine, |e| Ok(e.session())).await
}

/// Signs in, or unlocks a locked station (another agent may unlock it and takes over).
#[tauri::command]
#[specta::specta]
pub async fn sign_in(
    engine: State<'_, Arc<Engine>>,
    badge: String,
    pin: String,
) -> Result<Agent, IpcError> {
    on_world(&engine, move |e| e.sign_in(&badge, pin)).await
}

#[tauri::command]
#[specta::specta]
pub async fn lock_station(engine: State<'_, Arc<Engine>>) -> Result<LockStatus, IpcError> {
    on_world(&engine, |e| Ok(e.lock_station())).await
}

#[tauri::command]
#[specta::specta]
pub async fn sign_out(engine: State<'_, Arc<Engine>>) -> Result<LockStatus, IpcError> {
    on_world(&engine, |e| Ok(e.sign_out())).await
}

/// Activity in the window (key press, scan, click): keeps the station unlocked.
#[tauri::command]
#[specta::specta]
pub async fn touch_session(engine: State<'_, Arc<Engine>>) -> Result<LockStatus, IpcError> {
    on_world(&engine, |e| Ok(e.touch())).await
}

#[tauri::command]
#[specta::specta]
pub async fn setup_status(engine: State<'_, Arc<Engine>>) -> Result<SetupStatus, IpcError> {
    on_world(&engine, Engine::setup_status).await
}

#[tauri::command]
#[specta::specta]
pub async fn enroll_first_manager(
    engine: State<'_, Arc<Engine>>,
    form: ManagerForm,
) -> Result<Agent, IpcError> {
    on_world(&engine, move |e| e.enroll_first_manager(form)).await
}

/// Stores the BioTrack account in the OS keyring, then connects. Nothing secret comes back.
#[tauri::command]
#[specta::specta]
pub async fn save_account(
    engine: State<'_, Arc<Engine>>,
    form: AccountForm,
) -> Result<(), IpcError> {
    on_world(&engine, move |e| e.save_account(form)).await?;
    crate::world::spawn_link(Arc::clone(&engine));
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn forget_account(engine: State<'_, Arc<Engine>>) -> Result<(), IpcError> {
    on_world(&engine, Engine::forget_account).await
}

#[tauri::command]
#[specta::specta]
pub async fn review_queue(engine: State<'_, Arc<Engine>>) -> Result<Vec<ReviewRow>, IpcError> {
    on_world(&engine, Engine::review_queue).await
}

#[tauri::command]
#[specta::specta]
pub async fn resolve_review(
    engine: State<'_, Arc<Engine>>,
    id: i64,
    action: ReviewAction,
    reason: String,
) -> Result<(), IpcError> {
    on_world(&engine, move |e| e.resolve_review(id, action, &reason)).await
}

#[tauri::command]
#[specta::specta]
pub async fn notices(engine: State<'_, Arc<Engine>>) -> Result<Vec<NoticeRow>, IpcError> {
    on_world(&engine, Engine::notices).await
}

#[tauri::command]
#[specta::specta]
pub async fn acknowledge_notice(engine: State<'_, Arc<Engine>>, id: i64) -> Result<bool, IpcError> {
    on_world(&engine, move |e| e.acknowledge_notice(id)).await
}

/// "Sync now": changes waiting out a retry delay go at once (the network is back). Returns how many
/// changes wait to be sent.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(engine: State<'_, Arc<Engine>>) -> Result<u32, IpcError> {
    on_world(&engine, |e| {
        e.acting_agent()?;
        Ok(e.sync_now()?)
    })
    .await
}
