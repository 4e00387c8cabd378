//! Harness for WebDriver runs of the real app: finds the built binary, starts tauri-driver (which
//! starts WebKitWebDriver, which starts the app) on free ports, and stops it all again on drop.
//!
//! Needs: `tauri-driver` 2.x on PATH (`cargo install tauri-driver --version ^2 --locked`), Debian's
//! `webkit2gtk-driver`, a display (run under `xvfb-run -a`) and a D-Bus session (`dbus-run-session`),
//! and the app built with its UI embedded (see `app_binary`).

pub mod driver;
pub mod page;
pub mod signin;
pub mod station;
pub mod training_world;

use std::path::PathBuf;

pub type TestResult<T = ()> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Starts the real app under tauri-driver with `env` and `args`, runs `drive` on its window, and
/// always closes the session and the driver afterwards, whatever `drive` returned.
pub async fn with_app<T>(
    env: &[(&str, &std::path::Path)],
    args: &[&str],
    drive: impl AsyncFnOnce(&page::AppSession) -> TestResult<T>,
) -> TestResult<T> {
    let app = app_binary()?;
    let driver = driver::TauriDriver::start(env)?;
    let session = page::AppSession::start(&driver.url(), &app, args).await?;
    let driven = drive(&session).await;
    let closed = session.quit().await;
    drop(driver);
    let value = driven?;
    closed?;
    Ok(value)
}

/// The app binary under test: `VAULTPICK_APP_BIN`, else `<target dir>/debug/vaultpick-app`.
/// It must be built with the UI embedded:
/// `npm --prefix ui run build && cargo build -p vaultpick-app --features tauri/custom-protocol`.
pub fn app_binary() -> TestResult<PathBuf> {
    let path = match std::env::var_os("VAULTPICK_APP_BIN") {
        Some(p) => PathBuf::from(p),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
            target.join("debug").join("vaultpick-app")
        }
    };
    if !path.is_file() {
        return Err(format!(
            "the app binary {} does not exist; build it first with \
             `npm --prefix ui run build && cargo build -p vaultpick-app --features tauri/custom-protocol` \
             (or point VAULTPICK_APP_BIN at it)",
            path.display()
        )
        .into());
    }
    Ok(std::path::absolute(path)?)
}
