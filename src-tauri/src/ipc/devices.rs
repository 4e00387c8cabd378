//! Device commands and the scan event: settings, ports, scale tests, the keyboard-wedge entry and
//! training's simulated-devices panel. Every accepted scan reaches the UI as one `ScanReceived`.

use super::{IpcError, on_engine};
use crate::devices::sim::{self, SimWeight};
use crate::devices::views::{PortView, ScanView, SimPackage};
use crate::devices::{DeviceHub, DeviceSettings, WeightView};
use crate::engine::Engine;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use tauri::{AppHandle, Runtime, State};
use tauri_specta::Event;
use vaultpick_core::status::DeviceStatus;

/// Pushed once for every scan the intake accepts (serial, keyboard wedge or simulated).
#[derive(Debug, Clone, Serialize, specta::Type, tauri_specta::Event)]
pub struct ScanReceived(pub ScanView);

/// What the device screens show.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct DevicesOverview {
    pub training: bool,
    pub settings: DeviceSettings,
    pub scale: DeviceStatus,
    pub scanner: DeviceStatus,
    /// The serial number the connected scale reported.
    pub scale_serial: Option<String>,
    /// Training without simulators: why (e.g. socat is not installed).
    pub simulator_problem: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum WeightRead {
    /// Whatever the scale shows now.
    Current,
    /// Waits for a stable reading (what a weighing accepts).
    Stable,
}

fn overview(hub: &DeviceHub) -> DevicesOverview {
    DevicesOverview {
        training: hub.is_training(),
        settings: hub.settings(),
        scale: hub.scale_status(),
        scanner: hub.scanner_status(),
        scale_serial: hub.scale().and_then(|s| s.handle().serial_number()),
        simulator_problem: hub.sim_problem(),
    }
}

fn hub(engine: &State<'_, Arc<Engine>>) -> Arc<DeviceHub> {
    Arc::clone(engine.devices())
}

fn station_scale(hub: &DeviceHub) -> Result<crate::devices::StationScale, IpcError> {
    hub.scale()
        .ok_or_else(|| IpcError::device(crate::devices::ScaleUseError::NotConfigured))
}

#[tauri::command]
#[specta::specta]
pub async fn devices_overview(engine: State<'_, Arc<Engine>>) -> Result<DevicesOverview, IpcError> {
    Ok(overview(&hub(&engine)))
}

/// Serial ports the OS lists now, with USB ids.
#[tauri::command]
#[specta::specta]
pub async fn devices_list_ports() -> Result<Vec<PortView>, IpcError> {
    let ports = tauri::async_runtime::spawn_blocking(vaultpick_devices::serial::list_ports)
        .await
        .map_err(IpcError::internal)?;
    Ok(ports.into_iter().map(PortView::from).collect())
}

/// Checks, saves (data dir `devices.json`) and applies the settings at once.
#[tauri::command]
#[specta::specta]
pub async fn devices_save_settings(
    engine: State<'_, Arc<Engine>>,
    settings: DeviceSettings,
) -> Result<DevicesOverview, IpcError> {
    let hub = hub(&engine);
    hub.save(settings).map_err(IpcError::invalid)?;
    Ok(overview(&hub))
}

#[tauri::command]
#[specta::specta]
pub async fn scale_read(
    engine: State<'_, Arc<Engine>>,
    read: WeightRead,
) -> Result<WeightView, IpcError> {
    let scale = station_scale(&hub(&engine))?;
    let w = match read {
        WeightRead::Current => scale.current_weight().await,
        WeightRead::Stable => scale.stable_weight().await,
    };
    w.map(|w| WeightView::from(&w)).map_err(IpcError::device)
}

#[tauri::command]
#[specta::specta]
pub async fn scale_zero(engine: State<'_, Arc<Engine>>) -> Result<(), IpcError> {
    station_scale(&hub(&engine))?
        .zero()
        .await
        .map_err(IpcError::device)
}

/// Tares; the tare in grams (exact text) when the scale reports it.
#[tauri::command]
#[specta::specta]
pub async fn scale_tare(engine: State<'_, Arc<Engine>>) -> Result<Option<String>, IpcError> {
    let tare = station_scale(&hub(&engine))?
        .tare_now()
        .await
        .map_err(IpcError::device)?;
    Ok(tare.map(|g| g.to_string()))
}

/// A keyboard-wedge burst from the UI's global catcher; the scan if accepted (not a repeat).
#[tauri::command]
#[specta::specta]
pub async fn submit_wedge(
    engine: State<'_, Arc<Engine>>,
    text: String,
) -> Result<Option<ScanView>, IpcError> {
    Ok(hub(&engine)
        .intake()
        .submit_wedge(&text)
        .as_ref()
        .map(ScanView::from))
}

/// Training: puts a weight on the virtual scale (with settle time, noise, overload).
#[tauri::command]
#[specta::specta]
pub async fn sim_place_weight(
    engine: State<'_, Arc<Engine>>,
    weight: SimWeight,
) -> Result<(), IpcError> {
    let (scale, _) = hub(&engine).simulator().map_err(IpcError::device)?;
    sim::apply_weight(&scale, &weight).map_err(IpcError::invalid)
}

/// Training: pulls (`false`) or plugs back (`true`) the virtual scale's cable; returns once done.
#[tauri::command]
#[specta::specta]
pub async fn sim_plug_scale(engine: State<'_, Arc<Engine>>, plugged: bool) -> Result<(), IpcError> {
    let (scale, _) = hub(&engine).simulator().map_err(IpcError::device)?;
    let link = scale.link();
    let done = if plugged {
        link.replug().await
    } else {
        link.unplug().await
    };
    done.map_err(IpcError::device)
}

/// Training: the virtual scanner sends `text` down its serial line (as a real scan would arrive).
#[tauri::command]
#[specta::specta]
pub async fn sim_scan(engine: State<'_, Arc<Engine>>, text: String) -> Result<(), IpcError> {
    if text.is_empty() || text.contains(['\r', '\n']) {
        return Err(IpcError::invalid(
            "type one barcode's text (no line breaks)",
        ));
    }
    let (_, scanner) = hub(&engine).simulator().map_err(IpcError::device)?;
    scanner.scan(&text);
    Ok(())
}

/// Training: active packages matching `filter`, to "scan" from the panel.
#[tauri::command]
#[specta::specta]
pub async fn sim_packages(
    engine: State<'_, Arc<Engine>>,
    filter: String,
) -> Result<Vec<SimPackage>, IpcError> {
    on_engine(&engine, move |e| e.sim_packages(&filter)).await
}

/// Starts the devices and forwards every accepted scan to the window as `ScanReceived`.
pub fn spawn<R: Runtime>(app: &AppHandle<R>, engine: &Arc<Engine>) {
    let hub = Arc::clone(engine.devices());
    let mut scans = hub.intake().subscribe();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match scans.recv().await {
                Ok(scan) => {
                    tracing::info!(text = %scan.scan.text, source = ?scan.source, "scan accepted");
                    if let Err(e) = ScanReceived(ScanView::from(&scan)).emit(&app) {
                        tracing::warn!(error = %e, "could not push a scan to the window");
                    }
                }
                Err(tokio::sync::broadcast::error::RecvError::Lagged(n)) => {
                    tracing::warn!(
                        skipped = n,
                        "the window fell behind; some scans were not shown"
                    );
                }
                Err(tokio::sync::broadcast::error::RecvError::Closed) => return,
            }
        }
    });
    tauri::async_runtime::spawn(async move { hub.start().await });
}
