//! The supervisor against simulated devices on socat ptys: connect, publish status, notice an
//! unplug, reconnect after replug, and keep weighing and scanning. Waits poll for a condition with
//! generous timeouts; nothing asserts on elapsed time.

use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use vaultpick_core::ports::Scale;
use vaultpick_core::status::{DeviceStatus, Health};
use vaultpick_devices::driver::{DriverConfig, DriverError};
use vaultpick_devices::scale::Protocol;
use vaultpick_devices::scanner::{IntakeConfig, ScanIntake, ScanKind, ScanSource};
use vaultpick_devices::serial::{PortSelector, Preset};
use vaultpick_devices::supervisor::{ScaleHandle, ScaleStation, ScannerHandle, ScannerStation};
use vaultpick_sandbox::devices::{
    ScannerSetup, SimProtocol, TrainingDevices, VirtualScale, VirtualScanner,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const WAIT: Duration = Duration::from_secs(30);

async fn wait_until(
    rx: &mut watch::Receiver<DeviceStatus>,
    what: &str,
    ok: impl Fn(&DeviceStatus) -> bool,
) -> TestResult {
    let reached = matches!(
        tokio::time::timeout(WAIT, rx.wait_for(|s| ok(s))).await,
        Ok(Ok(_))
    );
    if reached {
        Ok(())
    } else {
        Err(format!("status never became {what}; last: {:?}", *rx.borrow()).into())
    }
}

fn connected(s: &DeviceStatus) -> bool {
    matches!(s, DeviceStatus::Connected(_))
}

fn lost(s: &DeviceStatus) -> bool {
    matches!(s, DeviceStatus::Lost(_))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scale_reconnects_after_unplug_and_replug() -> TestResult {
    let dir = tempfile::tempdir()?;
    let sim = VirtualScale::start(dir.path(), "scale", SimProtocol::MtSics, 7).await?;
    let c = sim.control();
    c.place(3500);
    let health = Arc::new(Health::default());
    let station = ScaleStation {
        port: PortSelector::path(c.link().app_path().to_string_lossy()),
        serial: Preset::MettlerToledo.settings(),
        protocol: Protocol::MtSics,
    };
    let mut config = DriverConfig::new(Protocol::MtSics);
    config.command_timeout = Duration::from_secs(10);
    let scale = ScaleHandle::spawn(station, config, Some(health.clone()));
    let mut status = scale.watch_status();
    wait_until(&mut status, "connected", connected).await?;
    assert!(connected(&health.scale()), "{:?}", health.scale());
    assert_eq!(scale.serial_number(), Some(c.serial()));
    // Through the core's port: whole milligrams.
    let reading = Scale::stable_weight(&scale).await?;
    assert_eq!((reading.net_mg, reading.stable), (3500, true));

    let unplugged = std::time::Instant::now();
    c.link().unplug().await?;
    wait_until(&mut status, "lost", lost).await?;
    // Printed, not asserted: the figures for the report (target: loss < 2 s, back < 5 s).
    println!("scale loss noticed after {:?}", unplugged.elapsed());
    assert!(lost(&health.scale()));
    assert!(matches!(
        scale.stable_weight().await,
        Err(DriverError::Disconnected(_))
    ));

    c.place(4250);
    let replugged = std::time::Instant::now();
    c.link().replug().await?;
    wait_until(&mut status, "connected again", connected).await?;
    println!("scale reconnected {:?} after replug", replugged.elapsed());
    let w = scale.stable_weight().await?;
    assert_eq!(w.reading.milligrams(), Some(4250));
    assert!(connected(&health.scale()));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scanner_scans_reach_the_intake_across_a_replug() -> TestResult {
    let dir = tempfile::tempdir()?;
    let sim = VirtualScanner::start(dir.path(), "scanner", ScannerSetup::default()).await?;
    let c = sim.control();
    let health = Arc::new(Health::default());
    let intake = ScanIntake::new(IntakeConfig {
        dedup_window: Duration::from_millis(200),
    });
    let mut scans = intake.subscribe();
    let station = ScannerStation {
        port: PortSelector::path(c.link().app_path().to_string_lossy()),
        serial: Preset::Scanner.settings(),
        framing: Default::default(),
    };
    let scanner = ScannerHandle::spawn(station, intake.clone(), Some(health.clone()));
    let mut status = scanner.watch_status();
    wait_until(&mut status, "connected", connected).await?;

    c.scan("]d20109506000134352172612311012AB\u{1d}21XYZ789");
    let scan = tokio::time::timeout(WAIT, scans.recv()).await??;
    assert_eq!(scan.source, ScanSource::Serial);
    match &scan.scan.kind {
        ScanKind::Gs1(r) => assert_eq!(
            (r.batch.as_deref(), r.serial.as_deref()),
            (Some("12AB"), Some("XYZ789"))
        ),
        other => return Err(format!("expected GS1, got {other:?}").into()),
    }

    c.link().unplug().await?;
    wait_until(&mut status, "lost", lost).await?;
    assert!(lost(&health.scanner()));
    c.link().replug().await?;
    wait_until(&mut status, "connected again", connected).await?;
    c.scan("6647330000000123");
    let scan = tokio::time::timeout(WAIT, scans.recv()).await??;
    assert_eq!(
        scan.scan.kind,
        ScanKind::Biotrack {
            id: "6647330000000123".into()
        }
    );
    Ok(())
}

/// What training mode does: start the simulated station, point the supervisors at its two paths,
/// "place" a weight and "scan" a package from the panel.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_devices_drive_the_real_supervisors() -> TestResult {
    let dir = tempfile::tempdir()?;
    let training = TrainingDevices::start(dir.path(), SimProtocol::And).await?;
    let intake = ScanIntake::new(IntakeConfig::default());
    let mut scans = intake.subscribe();
    let scale = ScaleHandle::spawn(
        ScaleStation {
            port: PortSelector::path(training.scale_path().to_string_lossy()),
            serial: Preset::And.settings(),
            protocol: Protocol::And,
        },
        DriverConfig::new(Protocol::And),
        None,
    );
    let scanner = ScannerHandle::spawn(
        ScannerStation {
            port: PortSelector::path(training.scanner_path().to_string_lossy()),
            serial: Preset::Scanner.settings(),
            framing: Default::default(),
        },
        intake,
        None,
    );
    wait_until(&mut scale.watch_status(), "connected", connected).await?;
    wait_until(&mut scanner.watch_status(), "connected", connected).await?;
    training.scale.control().place(1750);
    assert_eq!(
        scale.stable_weight().await?.reading.milligrams(),
        Some(1750)
    );
    training.scanner.control().scan("1A4FF0100000022000000123");
    let scan = tokio::time::timeout(WAIT, scans.recv()).await??;
    assert!(
        matches!(scan.scan.kind, ScanKind::Metrc { .. }),
        "{:?}",
        scan.scan.kind
    );
    Ok(())
}

/// A port that opens but where nothing answers (adapter present, scale switched off) is not
/// "connected": the status bar must say the scale is not answering.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_port_with_a_silent_scale_is_not_connected() -> TestResult {
    let dir = tempfile::tempdir()?;
    // A bare pty pair: the far end is held by nobody that answers.
    let pair = vaultpick_sandbox::devices::PtyPair::spawn(
        &dir.path().join("dev"),
        &dir.path().join("app"),
    )?;
    let health = Arc::new(Health::default());
    let station = ScaleStation {
        port: PortSelector::path(pair.app.to_string_lossy()),
        serial: Preset::MettlerToledo.settings(),
        protocol: Protocol::MtSics,
    };
    let mut config = DriverConfig::new(Protocol::MtSics);
    config.command_timeout = Duration::from_millis(300);
    let scale = ScaleHandle::spawn(station, config, Some(health.clone()));
    let mut status = scale.watch_status();
    wait_until(
        &mut status,
        "not answering",
        |s| matches!(s, DeviceStatus::Lost(d) if d.contains("does not answer")),
    )
    .await?;
    assert!(matches!(health.scale(), DeviceStatus::Lost(_)));
    Ok(())
}
