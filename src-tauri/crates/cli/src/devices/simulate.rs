//! `vaultpick devices simulate scale|scanner --link PATH`: a virtual device on a new pty, driven
//! from stdin, until stdin closes or Ctrl-C.

use super::SimulatedDevice;
use anyhow::{Context, bail};
use std::path::Path;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use vaultpick_sandbox::devices::{
    ScaleControl, ScannerSetup, SimProtocol, VirtualScale, VirtualScanner,
};

fn split_link(link: &Path) -> anyhow::Result<(&Path, String)> {
    let dir = link
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = link
        .file_name()
        .context("--link needs a file name")?
        .to_string_lossy()
        .into_owned();
    Ok((dir, name))
}

pub async fn run(device: SimulatedDevice) -> anyhow::Result<()> {
    let mut stdin = BufReader::new(tokio::io::stdin()).lines();
    match device {
        SimulatedDevice::Scale {
            protocol,
            link,
            weight_mg,
        } => {
            let protocol: SimProtocol = protocol.parse().map_err(anyhow::Error::msg)?;
            let (dir, name) = split_link(&link)?;
            let scale = VirtualScale::start(dir, &name, protocol, 1).await?;
            let c = scale.control();
            c.place(weight_mg);
            eprintln!(
                "simulated {protocol:?} scale on {} (serial {})",
                link.display(),
                c.serial()
            );
            loop {
                let line = tokio::select! {
                    _ = stop_signal() => return Ok(()),
                    l = stdin.next_line() => l?,
                };
                let Some(line) = line else { return Ok(()) };
                if let Err(e) = control_scale(&c, line.trim()).await {
                    eprintln!("{e}");
                }
            }
        }
        SimulatedDevice::Scanner {
            link,
            suffix,
            prefix,
        } => {
            let suffix = match suffix.as_str() {
                "crlf" => "\r\n",
                "cr" => "\r",
                "lf" => "\n",
                "tab" => "\t",
                other => bail!("unknown suffix {other:?} (crlf, cr, lf, tab)"),
            };
            let (dir, name) = split_link(&link)?;
            let setup = ScannerSetup {
                prefix,
                suffix: suffix.into(),
            };
            let scanner = VirtualScanner::start(dir, &name, setup).await?;
            let c = scanner.control();
            eprintln!(
                "simulated scanner on {}; type a line to scan it",
                link.display()
            );
            loop {
                let line = tokio::select! {
                    _ = stop_signal() => return Ok(()),
                    l = stdin.next_line() => l?,
                };
                let Some(line) = line else {
                    // Give the last scan time to leave before the pty goes away.
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    return Ok(());
                };
                if !line.is_empty() {
                    c.scan(&line.replace("<GS>", "\u{1d}"));
                }
            }
        }
    }
}

/// Ctrl-C or SIGTERM: return normally so the pty pair (and its socat) is torn down.
async fn stop_signal() {
    let mut term = match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
        Ok(t) => t,
        Err(_) => return std::future::pending().await,
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term.recv() => {}
    }
}

async fn control_scale(c: &ScaleControl, line: &str) -> anyhow::Result<()> {
    let mut words = line.split_whitespace();
    let verb = words.next().unwrap_or_default();
    let arg = words.next().unwrap_or_default();
    let number = || {
        arg.parse::<i64>()
            .with_context(|| format!("{verb} needs a number, got {arg:?}"))
    };
    let on = || match arg {
        "on" => Ok(true),
        "off" => Ok(false),
        _ => bail!("{verb} needs on or off"),
    };
    match verb {
        "" => {}
        "place" => c.place(number()?),
        "noise" => c.set_noise(number()?),
        "drift" => c.set_drift(number()?),
        "settle" => c.set_settle(Duration::from_millis(number()?.max(0) as u64)),
        "overload" => c.set_overload(on()?),
        "underload" => c.set_underload(on()?),
        "unplug" => c.link().unplug().await?,
        "replug" => c.link().replug().await?,
        other => bail!("unknown command {other:?}"),
    }
    Ok(())
}
