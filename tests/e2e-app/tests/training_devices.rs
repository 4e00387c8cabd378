//! The real app in training mode with its simulated scale and scanner on socat ptys: scans written
//! to the scanner's pty reach the screen, a weight placed from the Simulated devices panel shows as
//! stable on the live display, and unplugging the scale shows in the status bar until it is back.
//!
//! Needs socat, tauri-driver, a display and a D-Bus session; run (after building the app with its UI
//! embedded): `xvfb-run -a dbus-run-session -- cargo test -p vaultpick-e2e-app`

use std::io::Write;
use std::path::Path;
use vaultpick_e2e_app::page::AppSession;
use vaultpick_e2e_app::signin::TECHNICIAN;
use vaultpick_e2e_app::{TestResult, with_app};

/// The scanner end of the training scanner's pty pair (the app opens `training/devices/scanner`).
fn write_scan(data_dir: &Path, text: &str) -> TestResult {
    let device = data_dir.join("training/devices/.scanner.device");
    let mut pty = std::fs::OpenOptions::new().write(true).open(&device)?;
    pty.write_all(format!("{text}\r\n").as_bytes())?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_devices_scan_weigh_unplug_replug() -> TestResult {
    let data = tempfile::tempdir()?;
    with_app(
        &[("VAULTPICK_DATA_DIR", data.path())],
        &["--training"],
        async |s| check_devices(s, data.path()).await,
    )
    .await
}

async fn check_devices(s: &AppSession, data_dir: &Path) -> TestResult {
    // Everything is behind sign-in (badge B-1042, PIN 1234).
    s.sign_in(TECHNICIAN).await?;
    s.wait_attr("status-scale", "data-state", "connected")
        .await?;
    s.wait_attr("status-scanner", "data-state", "connected")
        .await?;

    // Bytes on the scanner's serial line → intake → scan-received → the header's last scan.
    write_scan(data_dir, "6000000000000001")?;
    s.wait_attr("last-scan", "data-text", "6000000000000001")
        .await?;
    assert_eq!(
        s.attr_of("last-scan", "data-source").await?.as_deref(),
        Some("serial")
    );
    assert_eq!(
        s.attr_of("last-scan", "data-kind").await?.as_deref(),
        Some("biotrack")
    );

    s.click("open-sim-panel").await?;
    // The virtual scanner "scans" typed text down the same pty.
    s.fill("sim-scan-text", "HELLO-E2E").await?;
    s.click("sim-scan").await?;
    s.wait_attr("last-scan", "data-text", "HELLO-E2E").await?;

    s.fill("sim-weight-grams", "3.50").await?;
    s.fill("sim-settle-ms", "300").await?;
    s.click("sim-place").await?;
    s.wait_attr("weight-net", "data-value", "3.50").await?;
    s.wait_attr("weight-display", "data-state", "stable")
        .await?;

    s.click("sim-unplug").await?;
    s.wait_attr("status-scale", "data-state", "lost").await?;
    s.click("sim-replug").await?;
    s.wait_attr("status-scale", "data-state", "connected")
        .await?;
    // The live display reads again after the reconnect.
    s.wait_attr("weight-display", "data-state", "stable")
        .await?;
    Ok(())
}
