//! Latency from the last byte of a scanner line written to a pty to the parsed scan event coming
//! out of the ScanIntake (through the supervisor's serial read, framing and classification).
//! Prints p50/p99/max; asserts nothing. Needs `socat`.
//! Run: `cargo bench -p vaultpick-devices --bench scan_latency` (`SCAN_LATENCY_N` sets the count).

use std::io::Write;
use std::time::{Duration, Instant};
use vaultpick_devices::scanner::{IntakeConfig, ScanIntake};
use vaultpick_devices::serial::{PortSelector, Preset};
use vaultpick_devices::supervisor::{ScannerHandle, ScannerStation};
use vaultpick_sandbox::devices::PtyPair;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).copied().unwrap_or_default()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::var("SCAN_LATENCY_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let dir = tempfile::tempdir()?;
    let pair = PtyPair::spawn(&dir.path().join("dev"), &dir.path().join("app"))?;
    let intake = ScanIntake::new(IntakeConfig {
        dedup_window: Duration::ZERO,
    });
    let mut events = intake.subscribe();
    let station = ScannerStation {
        port: PortSelector::path(pair.app.to_string_lossy()),
        serial: Preset::Scanner.settings(),
        framing: Default::default(),
    };
    let scanner = ScannerHandle::spawn(station, intake.clone(), None);
    let mut status = scanner.watch_status();
    tokio::time::timeout(
        Duration::from_secs(30),
        status.wait_for(|s| matches!(s, vaultpick_core::status::DeviceStatus::Connected(_))),
    )
    .await??;
    // The scanner's end, written synchronously so "written" means the last byte left us.
    let mut device = std::fs::OpenOptions::new().write(true).open(&pair.device)?;
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let line = format!("]d20109506000134352\u{1d}21SER{i:06}\r\n");
        device.write_all(line.as_bytes())?;
        let written = Instant::now();
        let scan = tokio::time::timeout(Duration::from_secs(10), events.recv()).await??;
        samples.push(written.elapsed());
        assert!(
            scan.scan.raw.ends_with(&format!("SER{i:06}")),
            "out of order: {}",
            scan.scan.raw
        );
    }
    samples.sort();
    println!(
        "scan latency over a socat pty, {n} scans: p50 {:?}  p99 {:?}  max {:?}",
        percentile(&samples, 0.50),
        percentile(&samples, 0.99),
        samples.last().copied().unwrap_or_default()
    );
    Ok(())
}
