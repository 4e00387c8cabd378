//! `vaultpick`: the companion binary. Each subcommand group lives in its own module; this file only
//! parses the command line and dispatches.

mod devices;
mod label;
mod sandbox;
mod scan_parse;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "vaultpick", version, about = "VaultPick companion tools")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serial devices: list ports, monitor a scale, run simulators.
    #[command(subcommand)]
    Devices(devices::DevicesCommand),
    /// Reads scans (one per line) on stdin and prints one JSON object per scan.
    ScanParse(scan_parse::ScanParseArgs),
    /// Labels: render a package, exit-bag or pick-ticket PDF from a JSON data file.
    #[command(subcommand)]
    Label(label::LabelCommand),
    /// Runs the BioTrack v1 sandbox on loopback in the foreground.
    Sandbox(sandbox::SandboxArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("vaultpick: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Devices(cmd) => devices::run(cmd).await,
            Command::Label(cmd) => label::run(cmd).await,
            Command::ScanParse(args) => scan_parse::run(args).await,
            Command::Sandbox(args) => sandbox::run(args).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("vaultpick: {e:#}");
            ExitCode::FAILURE
        }
    }
}
