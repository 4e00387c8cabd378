//! `vaultpick devices monitor`: normalised scale readings as JSON lines. `--protocol auto` tries each
//! protocol's own question with that brand's line settings and keeps the first that answers in kind.

use anyhow::{Context, bail};
use clap::Args;
use serde::Serialize;
use std::time::Duration;
use vaultpick_devices::driver::{DriverConfig, DriverError, ScaleDriver};
use vaultpick_devices::scale::{Command, Protocol, Reading, ReplyKind};
use vaultpick_devices::serial::{self, Preset, SerialSettings};

#[derive(Args)]
pub struct MonitorArgs {
    #[arg(long)]
    port: String,
    /// auto, mt-sics, and or ohaus.
    #[arg(long, default_value = "auto")]
    protocol: String,
    /// Overrides the brand preset's baud rate.
    #[arg(long)]
    baud: Option<u32>,
    /// Milliseconds between readings.
    #[arg(long, default_value_t = 500)]
    interval_ms: u64,
    /// Stop after this many readings (default: run until interrupted).
    #[arg(long)]
    count: Option<u64>,
}

#[derive(Serialize)]
struct Line<'a> {
    at: String,
    port: &'a str,
    protocol: Protocol,
    #[serde(flatten)]
    reading: Option<&'a Reading>,
    error: Option<String>,
}

fn settings(protocol: Protocol, baud: Option<u32>) -> SerialSettings {
    let mut s = Preset::for_protocol(protocol).settings();
    if let Some(b) = baud {
        s.baud = b;
    }
    s
}

/// Whether `protocol`'s probe got an answer only that protocol gives.
async fn probe(port: &str, protocol: Protocol, baud: Option<u32>) -> anyhow::Result<bool> {
    let stream = serial::open(port, &settings(protocol, baud))?;
    let mut config = DriverConfig::new(protocol);
    // Long enough for a busy machine; a wrong protocol costs this once per probe.
    config.command_timeout = Duration::from_secs(3);
    let mut driver = ScaleDriver::new(stream, config);
    // MT-SICS: `I4 A "…"`; A&D and OHAUS: a weight line in their own format.
    let question = if protocol == Protocol::MtSics {
        Command::Identity
    } else {
        Command::CurrentWeight
    };
    Ok(match driver.request(&question).await {
        Ok(t) => t.reading.kind != ReplyKind::Unrecognised && t.reading.error.is_none(),
        Err(_) => false,
    })
}

pub async fn run(args: MonitorArgs) -> anyhow::Result<()> {
    let protocol = if args.protocol == "auto" {
        let mut found = None;
        for p in Protocol::ALL {
            eprintln!("trying {p}…");
            if probe(&args.port, p, args.baud)
                .await
                .with_context(|| format!("probing {}", args.port))?
            {
                found = Some(p);
                break;
            }
        }
        match found {
            Some(p) => p,
            None => bail!(
                "no scale protocol answered on {} (check cable, baud and the scale's interface menu)",
                args.port
            ),
        }
    } else {
        args.protocol
            .parse::<Protocol>()
            .map_err(anyhow::Error::msg)?
    };
    eprintln!("{} : {protocol}", args.port);
    let stream = serial::open(&args.port, &settings(protocol, args.baud))?;
    let mut driver = ScaleDriver::new(stream, DriverConfig::new(protocol));
    let mut seen = 0u64;
    let mut tick = tokio::time::interval(Duration::from_millis(args.interval_ms.max(50)));
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return Ok(()),
            _ = tick.tick() => {}
        }
        let result = driver.request(&Command::CurrentWeight).await;
        let (reading, error) = match &result {
            Ok(t) => (Some(&t.reading), None),
            Err(e) => (None, Some(e.to_string())),
        };
        let line = Line {
            at: chrono::Utc::now().to_rfc3339(),
            port: &args.port,
            protocol,
            reading,
            error,
        };
        println!("{}", serde_json::to_string(&line).context("encoding JSON")?);
        if let Err(DriverError::Disconnected(why)) = result {
            bail!("{} disconnected: {why}", args.port);
        }
        seen += 1;
        if args.count.is_some_and(|c| seen >= c) {
            return Ok(());
        }
    }
}
