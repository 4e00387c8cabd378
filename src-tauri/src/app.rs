//! Builds the Tauri app around the engine and runs its event loop until the window closes.

use crate::engine::Engine;
use crate::ipc;
use crate::paths::Mode;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot open the VaultPick data in {dir}: {source}")]
    Engine {
        dir: String,
        source: vaultpick_core::pos_sync::PosSyncError,
    },
    #[error("refusing to start: {0}")]
    Keyring(String),
    #[error("the window system failed to start: {0}")]
    Tauri(#[from] tauri::Error),
}

/// Runs the app; returns the event loop's exit code.
pub fn run(mode: Mode, data_dir: &Path) -> Result<i32, StartError> {
    // A release build on a keyring that forgets (in-memory mock) must not run at all.
    crate::world::require_persistent().map_err(StartError::Keyring)?;
    let engine = Engine::open(mode, data_dir).map_err(|source| StartError::Engine {
        dir: data_dir.display().to_string(),
        source,
    })?;
    let engine = Arc::new(engine);
    let on_exit = Arc::clone(&engine);
    let specta = ipc::specta_builder();
    let app = tauri::Builder::default()
        .invoke_handler(specta.invoke_handler())
        .manage(Arc::clone(&engine))
        .setup(move |app| {
            specta.mount_events(app);
            ipc::devices::spawn(app.handle(), &engine);
            crate::tasks::spawn(app.handle(), engine);
            Ok(())
        })
        .build(tauri::generate_context!())?;
    Ok(app.run_return(move |_, event| {
        if let tauri::RunEvent::Exit = event {
            on_exit.devices().shutdown();
        }
    }))
}
