//! VaultPick desktop app: the thin Tauri shell around the engine in `vaultpick-core`.
//!
//! `main` checks what the process needs before any window exists (arguments, a display, a data
//! directory, log files), then hands over to [`app::run`]. Keeping the log guard in `main` and running
//! the event loop with `run_return` means the log files are flushed when the window closes.
#![cfg_attr(
    all(not(debug_assertions), target_os = "windows"),
    windows_subsystem = "windows"
)]

mod app;
mod args;
mod devices;
mod display;
mod engine;
mod flow;
mod ipc;
mod logging;
mod paths;
mod tasks;
mod world;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match args::Args::parse(std::env::args().skip(1)) {
        Ok(args::Parsed::Run(args)) => args,
        Ok(args::Parsed::Help) => {
            println!("{}", args::USAGE);
            return ExitCode::SUCCESS;
        }
        Ok(args::Parsed::Version) => {
            println!("vaultpick-app {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            eprintln!("vaultpick-app: {msg}\n\n{}", args::USAGE);
            return ExitCode::from(2);
        }
    };
    if let Err(msg) = display::check() {
        eprintln!("{msg}");
        return ExitCode::from(3);
    }
    let data_dir = match paths::data_dir(args.mode) {
        Ok(dir) => dir,
        Err(msg) => {
            eprintln!("vaultpick-app: {msg}");
            return ExitCode::FAILURE;
        }
    };
    // Dropped at the end of `main`, after the event loop returns: that flushes the log files.
    let _log_guard = match logging::init(&data_dir.join("logs")) {
        Ok(guard) => guard,
        Err(msg) => {
            eprintln!("vaultpick-app: {msg}");
            return ExitCode::FAILURE;
        }
    };
    match app::run(args.mode, &data_dir) {
        Ok(code) => {
            tracing::info!(code, "VaultPick closed");
            ExitCode::from(u8::try_from(code).unwrap_or(1))
        }
        Err(e) => {
            tracing::error!(error = %e, "VaultPick could not start");
            eprintln!("vaultpick-app: {e}");
            ExitCode::FAILURE
        }
    }
}
