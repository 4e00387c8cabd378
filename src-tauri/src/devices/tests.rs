//! The hub in training mode against the real simulators on socat ptys: the same supervisors and
//! intake the app runs. Polls with generous timeouts; never asserts on elapsed time.

use super::*;
use std::time::Duration;
use vaultpick_devices::scanner::ScanSource;

type TestResult = Result<(), Box<dyn std::error::Error>>;

const WAIT: Duration = Duration::from_secs(30);

async fn until(what: &str, mut check: impl FnMut() -> bool) -> TestResult {
    let deadline = tokio::time::Instant::now() + WAIT;
    while !check() {
        if tokio::time::Instant::now() > deadline {
            return Err(format!("timed out waiting for {what}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    Ok(())
}

fn connected(s: DeviceStatus) -> bool {
    matches!(s, DeviceStatus::Connected(_))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn training_hub_weighs_scans_and_survives_an_unplug() -> TestResult {
    let dir = tempfile::tempdir()?;
    let health = Arc::new(Health::default());
    let hub = DeviceHub::new(Mode::Training, dir.path(), Arc::clone(&health));
    let mut scans = hub.intake().subscribe();
    hub.start().await;
    assert_eq!(hub.sim_problem(), None);
    until("scale connected", || connected(health.scale())).await?;
    until("scanner connected", || connected(health.scanner())).await?;

    let (scale_sim, scanner_sim) = hub.simulator()?;
    let weight = sim::SimWeight {
        grams: "3.50".into(),
        settle_ms: 0,
        noise_mg: 0,
        overload: false,
    };
    sim::apply_weight(&scale_sim, &weight)?;
    let scale = hub.scale().ok_or("no scale")?;
    let w: WeightReading = scale.stable_weight().await?;
    let reading = w.reading.clone().ok_or("no weight")?;
    assert_eq!(reading.net_mg, 3500);
    assert!(reading.stable);
    assert_eq!(w.net_g().map(|g| g.to_string()).as_deref(), Some("3.50"));
    assert_eq!(w.scale_serial, Some(scale_sim.serial()));
    assert_eq!(w.scale_serial, w.profile.serial);
    assert_eq!(WeightView::from(&w).e_g, "0.01");
    assert_eq!((w.e_mg(), w.tare_mg()), (Some(10), 0));

    scanner_sim.scan("1234567890123456");
    let scan = tokio::time::timeout(WAIT, scans.recv()).await??;
    assert_eq!(scan.scan.text, "1234567890123456");
    assert_eq!(scan.source, ScanSource::Serial);
    // The wedge goes through the same intake: the same text at once is a repeat.
    assert_eq!(hub.intake().submit_wedge("1234567890123456\r"), None);

    scale_sim.link().unplug().await?;
    until("scale lost", || {
        matches!(health.scale(), DeviceStatus::Lost(_))
    })
    .await?;
    scale_sim.link().replug().await?;
    until("scale back", || connected(health.scale())).await?;
    // Training's first-run settings point at the simulators' ptys, as a real station's would.
    let expected = dir.path().join(sim::SIM_DIR).join("scale");
    let scale_port = hub.settings().scale.and_then(|s| s.port.path);
    assert_eq!(scale_port, Some(expected.display().to_string()));

    // On exit the simulators' socat processes go, and with them the pty links.
    hub.shutdown();
    assert!(!expected.exists(), "the scale's pty link outlived shutdown");
    assert!(hub.simulator().is_err());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_without_settings_shows_nothing_configured_and_saving_applies() -> TestResult {
    let dir = tempfile::tempdir()?;
    let health = Arc::new(Health::default());
    let hub = DeviceHub::new(Mode::Production, dir.path(), Arc::clone(&health));
    hub.start().await;
    assert_eq!(health.scale(), DeviceStatus::NotConfigured);
    assert!(hub.scale().is_none());
    assert!(hub.simulator().is_err());
    let missing = dir.path().join("no-such-port");
    let settings = DeviceSettings {
        scale: Some(ScaleSettings {
            port: PortChoice::path(&missing),
            protocol: ScaleProtocolChoice::MtSics,
            preset: PresetChoice::MettlerToledo,
            baud: None,
            e_g: "0.1".into(),
            d_g: "0.1".into(),
            serial_number: None,
            calibration_due: None,
        }),
        scanner: None,
    };
    hub.save(settings.clone())?;
    assert_eq!(DeviceSettings::load(dir.path())?, Some(settings));
    until("scale reported lost", || {
        matches!(health.scale(), DeviceStatus::Lost(_))
    })
    .await?;
    let err = hub.scale().ok_or("no scale")?.current_weight().await;
    assert!(err.is_err(), "{err:?}");
    Ok(())
}
