//! The scale driver over real socat pty pairs against the simulated scales: stable, unstable,
//! overload, underload, line noise, partial frames and slow writes, for every protocol.
//! Needs `socat`. Timeouts are generous and nothing asserts on elapsed time.

use rust_decimal::Decimal;
use std::time::Duration;
use vaultpick_devices::driver::{DriverConfig, DriverError, ScaleDriver};
use vaultpick_devices::scale::{Fault, Protocol};
use vaultpick_devices::serial::{self, Preset};
use vaultpick_sandbox::devices::{ScaleControl, SimProtocol, VirtualScale};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const ALL: [(Protocol, SimProtocol); 3] = [
    (Protocol::MtSics, SimProtocol::MtSics),
    (Protocol::And, SimProtocol::And),
    (Protocol::Ohaus, SimProtocol::Ohaus),
];

async fn rig(
    dir: &std::path::Path,
    protocol: Protocol,
    sim: SimProtocol,
) -> Result<(VirtualScale, ScaleDriver<tokio_serial::SerialStream>), Box<dyn std::error::Error>> {
    let scale = VirtualScale::start(dir, &format!("scale-{protocol}"), sim, 42).await?;
    let path = scale
        .control()
        .link()
        .app_path()
        .to_string_lossy()
        .into_owned();
    let port = serial::open(&path, &Preset::for_protocol(protocol).settings())?;
    let mut config = DriverConfig::new(protocol);
    // Generous for a loaded 2-core machine; the simulator gives up on stability after its own wait.
    config.command_timeout = Duration::from_secs(10);
    config.stable_timeout = Duration::from_secs(20);
    Ok((scale, ScaleDriver::new(port, config)))
}

fn grams(s: &str) -> Option<Decimal> {
    s.parse().ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stable_weight_zero_tare_and_identity() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (protocol, sim) in ALL {
        let (scale, mut driver) = rig(dir.path(), protocol, sim).await?;
        let c = scale.control();
        c.place(3500);
        let r = driver.stable_weight().await?;
        assert_eq!(
            r.reading.grams,
            grams("3.50"),
            "{protocol}: {:?}",
            r.reading
        );
        assert!(r.reading.stable && r.reading.is_committable_weight());
        assert_eq!(driver.identity().await?, c.serial(), "{protocol}");
        // Empty pan zeroed; a container of 12.00 g tared; then 3.50 g in it reads 3.50 net.
        c.place(0);
        driver.zero().await?;
        c.place(12_000);
        let tare = driver.tare().await?;
        assert_eq!(c.tare_mg(), 12_000, "{protocol}");
        if protocol == Protocol::MtSics {
            assert_eq!(tare.and_then(|t| t.grams), grams("12.00"));
        }
        c.place(15_500);
        assert_eq!(
            driver.stable_weight().await?.reading.grams,
            grams("3.50"),
            "{protocol}"
        );
        assert!(driver.current_weight().await?.reading.stable);
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unstable_overload_and_underload_are_refused() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (protocol, sim) in ALL {
        let (scale, mut driver) = rig(dir.path(), protocol, sim).await?;
        let c: ScaleControl = scale.control();
        c.set_stable_wait(Duration::from_millis(300));
        c.place(3500);
        c.set_noise(200);
        let live = driver.current_weight().await?;
        assert!(!live.reading.stable, "{protocol}: {:?}", live.reading);
        let refused = driver.stable_weight().await;
        let expected = match protocol {
            Protocol::MtSics => Fault::NotExecutable,
            Protocol::And => Fault::Unstable,
            Protocol::Ohaus => Fault::Syntax,
        };
        assert_eq!(
            refused.map(|r| r.reading),
            Err(DriverError::Device(expected)),
            "{protocol}"
        );
        c.set_noise(0);
        c.set_overload(true);
        match driver.stable_weight().await {
            Err(DriverError::Overload) => assert_ne!(protocol, Protocol::Ohaus),
            // Native OHAUS has no documented overload line: the scale refuses instead.
            Err(DriverError::Device(_)) => assert_eq!(protocol, Protocol::Ohaus),
            other => panic!("{protocol}: overload gave {other:?}"),
        }
        c.set_overload(false);
        c.set_underload(true);
        let under = driver.current_weight().await;
        assert!(
            matches!(under, Err(DriverError::Underload | DriverError::Device(_))),
            "{protocol}: {under:?}"
        );
        c.set_underload(false);
        assert_eq!(
            driver.stable_weight().await?.reading.grams,
            grams("3.50"),
            "{protocol}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settling_load_is_weighed_once_stable() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (protocol, sim) in ALL {
        let (scale, mut driver) = rig(dir.path(), protocol, sim).await?;
        let c = scale.control();
        c.set_stable_wait(Duration::from_secs(15));
        c.set_settle(Duration::from_millis(600));
        c.place(7250);
        let r = driver.stable_weight().await?;
        assert_eq!(
            (r.reading.grams, r.reading.stable),
            (grams("7.25"), true),
            "{protocol}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn noise_partial_frames_and_slow_writes() -> TestResult {
    let dir = tempfile::tempdir()?;
    for (protocol, sim) in ALL {
        let (scale, mut driver) = rig(dir.path(), protocol, sim).await?;
        let c = scale.control();
        c.place(3500);
        // Control bytes glued to the front of every reply (the A&D resync bug), sent slowly.
        c.link().set_reply_prefix(&b"\x00\x07\x0e\xff"[..]);
        c.link().set_byte_delay(Duration::from_millis(3));
        assert_eq!(
            driver.stable_weight().await?.reading.grams,
            grams("3.50"),
            "{protocol}"
        );
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drift_creeps_while_the_reading_stays_stable() -> TestResult {
    let dir = tempfile::tempdir()?;
    let (scale, mut driver) = rig(dir.path(), Protocol::MtSics, SimProtocol::MtSics).await?;
    let c = scale.control();
    c.place(3500);
    // 1 g/s of creep: the driver's 30 ms quiet period before each command alone moves it ≥ 0.03 g.
    c.set_drift(1000);
    let first = driver.stable_weight().await?.reading;
    let second = driver.stable_weight().await?.reading;
    assert!(first.stable && second.stable);
    assert!(second.grams > first.grams, "{first:?} then {second:?}");
    Ok(())
}
