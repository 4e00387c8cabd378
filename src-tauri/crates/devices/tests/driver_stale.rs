//! Stale input (a print-key line, a power-up banner, half a frame) that is already waiting when a
//! command is sent must be drained, never taken as the reply. An in-memory duplex makes "already
//! waiting" certain: the bytes are written before the command. The far end answers like a scale.

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use vaultpick_devices::driver::{DriverConfig, DriverError, ScaleDriver};
use vaultpick_devices::scale::Protocol;

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// Reads one command line from the far end, then writes `reply`.
async fn answer_once(
    mut far: tokio::io::DuplexStream,
    reply: &'static [u8],
) -> std::io::Result<tokio::io::DuplexStream> {
    let mut got = Vec::new();
    let mut byte = [0u8; 1];
    while !got.ends_with(b"\r\n") {
        if far.read(&mut byte).await? == 0 {
            break;
        }
        got.push(byte[0]);
    }
    far.write_all(reply).await?;
    Ok(far)
}

#[tokio::test]
async fn stale_lines_before_a_command_are_drained() -> TestResult {
    for (protocol, stale, reply) in [
        (
            Protocol::MtSics,
            &b"S S       9.99 g\r\nI4 A \"X\"\r\nS S  "[..],
            &b"S S       3.50 g\r\n"[..],
        ),
        (
            Protocol::And,
            &b"ST,+00009.99  g\r\nST,+000"[..],
            &b"ST,+00003.50  g\r\n"[..],
        ),
        (
            Protocol::Ohaus,
            &b"      9.99 g\r\n\x00\x00 junk"[..],
            &b"      3.50 g\r\n"[..],
        ),
    ] {
        let (near, mut far) = tokio::io::duplex(1024);
        far.write_all(stale).await?;
        let mut driver = ScaleDriver::new(near, DriverConfig::new(protocol));
        let scale = tokio::spawn(answer_once(far, reply));
        let r = driver.stable_weight().await?;
        assert_eq!(
            r.reading.grams,
            "3.50".parse().ok(),
            "{protocol}: {:?}",
            r.reading
        );
        let _far = scale.await??;
    }
    Ok(())
}

#[tokio::test]
async fn silence_times_out_and_a_closed_stream_is_a_disconnect() -> TestResult {
    let (near, far) = tokio::io::duplex(64);
    let mut config = DriverConfig::new(Protocol::MtSics);
    config.stable_timeout = Duration::from_millis(200);
    let mut driver = ScaleDriver::new(near, config);
    assert_eq!(
        driver.stable_weight().await.map(|r| r.reading),
        Err(DriverError::Timeout)
    );
    drop(far);
    assert!(matches!(
        driver.stable_weight().await,
        Err(DriverError::Disconnected(_))
    ));
    Ok(())
}
