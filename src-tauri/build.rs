//! Grants each app command explicitly: tauri-build generates an `allow-<command>` permission per
//! listed command, and `capabilities/main.json` grants them one by one.

include!("src/ipc/command_names.rs");

fn main() {
    let attributes = tauri_build::Attributes::new()
        .app_manifest(tauri_build::AppManifest::new().commands(APP_COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        // A build script reports failure by panicking; say what broke first.
        panic!("tauri-build failed: {e:#}");
    }
}
