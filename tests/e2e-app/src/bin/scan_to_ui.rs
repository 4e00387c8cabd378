//! Scan-to-screen latency of the real app in training mode. Prints figures, asserts nothing.
//!
//! Method: start the app under WebDriver (fresh data folder, `--training`: the virtual scanner on a
//! socat pty), sign in through the UI, wait until the scanner is connected, then N times take the
//! wall clock and write one scan line (`BENCH-<i>\r\n`) to the scanner's device end of the pty
//! (`training/devices/.scanner.device`), exactly as a USB-CDC scanner would. Two points are read
//! back from the app's log:
//! - engine: the intake's `scan accepted` line (tracing timestamp, µs): pty → parsed scan in the core;
//! - screen: the UI's `scan shown: "BENCH-<i>" at_ms=…` line, logged with `Date.now()` in the frame
//!   after the header's last-scan display was updated: pty → UI updated (ms resolution).
//!
//! All clocks are this machine's wall clock. Scans are 150 ms apart (one at a time, as at a
//! station), each text distinct so the duplicate window drops none.
//!
//! Run (after `npm --prefix ui run build && cargo build -p vaultpick-app --features
//! tauri/custom-protocol`): `xvfb-run -a dbus-run-session -- cargo run -p vaultpick-e2e-app --bin
//! scan_to_ui -- [N]` (default 200).

use chrono::{DateTime, Utc};
use std::io::Write;
use std::path::Path;
use std::time::Duration;
use vaultpick_e2e_app::page::{AppSession, eventually};
use vaultpick_e2e_app::signin::TECHNICIAN;
use vaultpick_e2e_app::{TestResult, app_binary, with_app};

fn main() -> TestResult {
    let n: usize = match std::env::args().nth(1) {
        Some(a) => a
            .parse()
            .map_err(|_| format!("N must be a count, got {a:?}"))?,
        None => 200,
    };
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?
        .block_on(run(n))
}

async fn run(n: usize) -> TestResult {
    let data = tempfile::tempdir()?;
    let sent = with_app(
        &[("VAULTPICK_DATA_DIR", data.path())],
        &["--training"],
        async |s| measure(s, data.path(), n).await,
    )
    .await?;
    report(data.path(), &sent, &app_binary()?)
}

/// Signs in, then sends the scans; returns when each was sent (µs since the epoch).
async fn measure(session: &AppSession, data: &Path, n: usize) -> TestResult<Vec<i64>> {
    session.sign_in(TECHNICIAN).await?;
    session
        .wait_attr("status-scanner", "data-state", "connected")
        .await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut pty = std::fs::OpenOptions::new()
        .write(true)
        .open(data.join("training/devices/.scanner.device"))?;
    let mut sent = Vec::with_capacity(n);
    for i in 1..=n {
        sent.push(Utc::now().timestamp_micros());
        pty.write_all(format!("BENCH-{i}\r\n").as_bytes())?;
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // Let the last scans reach the log.
    let last = format!("scan shown: \"BENCH-{n}\"");
    eventually("the last scan is shown", || async {
        Ok(all_logs(data)?.contains(&last).then_some(()))
    })
    .await?;
    Ok(sent)
}

fn all_logs(data: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    for entry in std::fs::read_dir(data.join("training/logs"))? {
        let path = entry?.path();
        if path.is_file() {
            text.push_str(&String::from_utf8_lossy(&std::fs::read(&path)?));
        }
    }
    Ok(text)
}

fn report(data: &Path, sent: &[i64], app: &Path) -> TestResult {
    let logs = all_logs(data)?;
    let mut engine_us = Vec::new();
    let mut screen_us = Vec::new();
    for (i, sent_us) in sent.iter().enumerate() {
        let text = format!("BENCH-{}", i + 1);
        let engine = logs
            .lines()
            .find(|l| l.contains(&format!("scan accepted text={text} source")))
            .and_then(|l| l.split_whitespace().next())
            .and_then(|stamp| DateTime::parse_from_rfc3339(stamp).ok());
        let shown = format!("scan shown: \"{text}\" at_ms=");
        let screen = logs
            .lines()
            .find_map(|l| l.split_once(&shown).map(|(_, rest)| rest.to_owned()))
            .and_then(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse::<i64>()
                    .ok()
            });
        if let (Some(engine), Some(screen_ms)) = (engine, screen) {
            engine_us.push(engine.timestamp_micros() - sent_us);
            screen_us.push(screen_ms * 1000 - sent_us);
        }
    }
    println!(
        "scan-to-UI latency, {} scans, app: {}",
        sent.len(),
        app.display()
    );
    println!("  received: {}/{}", engine_us.len(), sent.len());
    println!(
        "  pty -> parsed scan in the app core (engine log):  {}",
        figures(&mut engine_us)
    );
    println!(
        "  pty -> UI updated (painted, Date.now):            {}",
        figures(&mut screen_us)
    );
    Ok(())
}

/// p50, p99 and max in milliseconds.
fn figures(us: &mut [i64]) -> String {
    if us.is_empty() {
        return "no samples".into();
    }
    us.sort_unstable();
    let at = |p: usize| us[(us.len() - 1) * p / 100] as f64 / 1000.0;
    format!(
        "p50 {:.1} ms  p99 {:.1} ms  max {:.1} ms",
        at(50),
        at(99),
        at(100)
    )
}
