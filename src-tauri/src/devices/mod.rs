//! The station's devices as the app runs them: one [`ScanIntake`] for serial and keyboard-wedge
//! scans, the scale and scanner supervisors built from the saved [`DeviceSettings`], and in
//! training the simulated scale and scanner those settings point at.
//!
//! The workflow reads the scale through `engine.devices().scale()` (see [`StationScale`]).

mod scale;
pub mod settings;
pub mod sim;
pub mod views;

pub use scale::{ScaleUseError, StationScale, WeightReading, WeightView};
pub use settings::DeviceSettings;

use crate::paths::Mode;
use settings::{
    PortChoice, PresetChoice, ScaleProtocolChoice, ScaleSettings, ScannerSettings, SuffixChoice,
};
use sim::Simulator;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use vaultpick_core::status::{DeviceStatus, Health};
use vaultpick_devices::driver::DriverConfig;
use vaultpick_devices::scanner::{IntakeConfig, ScanIntake};
use vaultpick_devices::supervisor::{ScaleHandle, ScannerHandle};
use vaultpick_sandbox::devices::{ScaleControl, ScannerControl};

#[derive(Default)]
struct Live {
    settings: DeviceSettings,
    scale: Option<StationScale>,
    scanner: Option<ScannerHandle>,
    sim: Option<Simulator>,
    /// Why the simulated devices are not there (training without socat).
    sim_problem: Option<String>,
}

pub struct DeviceHub {
    mode: Mode,
    dir: PathBuf,
    health: Arc<Health>,
    intake: ScanIntake,
    live: Mutex<Live>,
}

impl DeviceHub {
    /// Nothing runs yet: [`DeviceHub::start`] (inside the async runtime) opens the ports.
    pub fn new(mode: Mode, data_dir: &Path, health: Arc<Health>) -> DeviceHub {
        DeviceHub {
            mode,
            dir: data_dir.to_path_buf(),
            health,
            intake: ScanIntake::new(IntakeConfig::default()),
            live: Mutex::new(Live::default()),
        }
    }

    fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The one intake every scan goes through (serial, keyboard wedge, simulated).
    pub fn intake(&self) -> &ScanIntake {
        &self.intake
    }

    pub fn is_training(&self) -> bool {
        self.mode == Mode::Training
    }

    /// The configured scale, `None` when no scale is set up (or training has no simulator).
    pub fn scale(&self) -> Option<StationScale> {
        self.live().scale.clone()
    }

    pub fn scanner_status(&self) -> DeviceStatus {
        self.health.scanner()
    }

    pub fn scale_status(&self) -> DeviceStatus {
        self.health.scale()
    }

    pub fn settings(&self) -> DeviceSettings {
        self.live().settings.clone()
    }

    /// In training: the simulators' controls, or why there are none.
    pub fn simulator(&self) -> Result<(ScaleControl, ScannerControl), String> {
        let live = self.live();
        match (&live.sim, &live.sim_problem) {
            (Some(sim), _) => Ok(sim.controls()),
            (None, Some(problem)) => Err(problem.clone()),
            (None, None) if self.is_training() => {
                Err("the simulated devices are still starting".into())
            }
            (None, None) => Err("simulated devices exist only in training mode".into()),
        }
    }

    pub fn sim_problem(&self) -> Option<String> {
        self.live().sim_problem.clone()
    }

    /// Starts the simulators (training) and applies the saved settings. Never fails: problems are
    /// shown as device status, so the app runs without socat and without any device.
    pub async fn start(&self) {
        let saved = DeviceSettings::load(&self.dir);
        if self.is_training() {
            match Simulator::start(&self.dir).await {
                Ok(sim) => {
                    let defaults = training_settings(&sim);
                    self.live().sim = Some(sim);
                    let settings = match saved {
                        Ok(Some(s)) => s,
                        _ => defaults,
                    };
                    self.apply_logged(settings);
                }
                Err(e) => {
                    let why = format!("simulated devices are not available: {e}");
                    tracing::warn!("{why}");
                    self.health.set_scale(DeviceStatus::Lost(why.clone()));
                    self.health.set_scanner(DeviceStatus::Lost(why.clone()));
                    self.live().sim_problem = Some(why);
                }
            }
            return;
        }
        match saved {
            Ok(Some(settings)) => self.apply_logged(settings),
            Ok(None) => tracing::info!("no devices are set up yet"),
            Err(e) => {
                tracing::error!("{e}");
                self.health.set_scale(DeviceStatus::Lost(e.clone()));
                self.health.set_scanner(DeviceStatus::Lost(e));
            }
        }
    }

    /// Stops the simulators (kills their socat processes) and waits, at most 3 s, until their pty
    /// links are gone. Called when the app exits: the runtime may never get to drop them itself.
    pub fn shutdown(&self) {
        let Some(sim) = self.live().sim.take() else {
            return;
        };
        let links = [sim.scale_path.clone(), sim.scanner_path.clone()];
        drop(sim);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        while links.iter().any(|p| p.exists()) && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn apply_logged(&self, settings: DeviceSettings) {
        if let Err(e) = self.apply(settings) {
            tracing::error!("device settings not applied: {e}");
        }
    }

    /// Checks, saves and applies new settings (the Device settings screen's Save).
    pub fn save(&self, settings: DeviceSettings) -> Result<(), String> {
        settings.validate()?;
        if let Some(problem) = self.sim_problem() {
            return Err(problem);
        }
        settings.save(&self.dir)?;
        self.apply(settings)
    }

    /// Replaces the running supervisors with ones for `settings`. Must run inside the async runtime.
    fn apply(&self, settings: DeviceSettings) -> Result<(), String> {
        settings.validate()?;
        let mut live = self.live();
        // Dropping the old handles stops their supervisors and closes the ports.
        live.scale = None;
        live.scanner = None;
        live.scale = match &settings.scale {
            Some(s) => {
                let station = s.station()?;
                let config = DriverConfig::new(station.protocol);
                let handle = ScaleHandle::spawn(station, config, Some(Arc::clone(&self.health)));
                Some(StationScale::new(handle, s.profile()?))
            }
            None => {
                self.health.set_scale(DeviceStatus::NotConfigured);
                None
            }
        };
        live.scanner = match &settings.scanner {
            Some(s) => Some(ScannerHandle::spawn(
                s.station()?,
                self.intake.clone(),
                Some(Arc::clone(&self.health)),
            )),
            None => {
                self.health.set_scanner(DeviceStatus::NotConfigured);
                None
            }
        };
        live.settings = settings;
        tracing::info!("device settings applied");
        Ok(())
    }
}

/// Training's first-run settings: the simulators' ports, MT-SICS, a 0.01 g scale due next year.
fn training_settings(sim: &Simulator) -> DeviceSettings {
    let due = chrono::Utc::now().date_naive() + chrono::Days::new(365);
    DeviceSettings {
        scale: Some(ScaleSettings {
            port: PortChoice::path(&sim.scale_path),
            protocol: ScaleProtocolChoice::MtSics,
            preset: PresetChoice::MettlerToledo,
            baud: None,
            e_g: "0.01".into(),
            d_g: "0.01".into(),
            serial_number: Some(sim.scale_serial()),
            calibration_due: Some(due.format("%Y-%m-%d").to_string()),
        }),
        scanner: Some(ScannerSettings {
            port: PortChoice::path(&sim.scanner_path),
            preset: PresetChoice::Scanner,
            baud: None,
            suffix: SuffixChoice::CrLf,
            prefix: None,
        }),
    }
}

#[cfg(test)]
mod tests;
