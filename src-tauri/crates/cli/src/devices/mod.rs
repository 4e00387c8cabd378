//! `vaultpick devices …`: list ports, monitor a scale, run a simulated scale or scanner.

mod monitor;
mod simulate;

use clap::Subcommand;
use std::path::PathBuf;
use vaultpick_devices::serial;

#[derive(Subcommand)]
pub enum DevicesCommand {
    /// Lists serial ports with their USB vendor/product ids and serial numbers.
    List {
        /// One JSON object per port instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Reads a scale and prints normalised readings as JSON lines.
    Monitor(monitor::MonitorArgs),
    /// Runs a simulated device on a new pty whose app-side path is `--link`.
    Simulate {
        #[command(subcommand)]
        device: SimulatedDevice,
    },
}

#[derive(Subcommand)]
pub enum SimulatedDevice {
    /// A scale; stdin takes control commands (`place 3500`, `noise 50`, `settle 800`, `drift 2`,
    /// `overload on|off`, `underload on|off`, `unplug`, `replug`; weights in mg, times in ms).
    Scale {
        #[arg(long, default_value = "mt-sics")]
        protocol: String,
        #[arg(long)]
        link: PathBuf,
        /// Initial load in milligrams.
        #[arg(long, default_value_t = 0)]
        weight_mg: i64,
    },
    /// A USB-CDC scanner; every stdin line is scanned (`<GS>` becomes 0x1D).
    Scanner {
        #[arg(long)]
        link: PathBuf,
        /// Suffix after each scan: crlf, cr, lf or tab.
        #[arg(long, default_value = "crlf")]
        suffix: String,
        #[arg(long, default_value = "")]
        prefix: String,
    },
}

pub async fn run(cmd: DevicesCommand) -> anyhow::Result<()> {
    match cmd {
        DevicesCommand::List { json } => {
            list(json);
            Ok(())
        }
        DevicesCommand::Monitor(args) => monitor::run(args).await,
        DevicesCommand::Simulate { device } => simulate::run(device).await,
    }
}

fn list(json: bool) {
    let ports = serial::list_ports();
    if json {
        for p in &ports {
            println!("{}", serde_json::to_string(p).unwrap_or_default());
        }
        return;
    }
    if ports.is_empty() {
        println!("no serial ports found");
        return;
    }
    println!(
        "{:<24} {:<8} {:<10} {:<16} product",
        "PORT", "TYPE", "VID:PID", "SERIAL"
    );
    for p in ports {
        let (ids, serial, product) = match &p.usb {
            Some(u) => (
                format!("{:04x}:{:04x}", u.vid, u.pid),
                u.serial_number.clone().unwrap_or_default(),
                [u.manufacturer.clone(), u.product.clone()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
            None => ("-".into(), String::new(), String::new()),
        };
        println!(
            "{:<24} {:<8} {:<10} {:<16} {product}",
            p.path, p.kind, ids, serial
        );
    }
}
