//! Training mode's simulated station: the virtual MT-SICS scale and scanner on socat ptys under the
//! data directory. The app opens their ports exactly as it opens real ones; this module only holds
//! the simulators' controls for the "Simulated devices" panel.

use rust_decimal::Decimal;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;
use vaultpick_sandbox::devices::{ScaleControl, ScannerControl, SimProtocol, TrainingDevices};

/// The sub-folder of the training data directory that holds the pty links.
pub const SIM_DIR: &str = "devices";

/// What the panel sets on the virtual scale in one go.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, specta::Type)]
pub struct SimWeight {
    /// Grams on the pan as exact decimal text ("3.50").
    pub grams: String,
    /// How long the load takes to settle (unstable until then).
    pub settle_ms: u32,
    /// Vibration in milligrams; above 10 mg the scale never reads stable.
    pub noise_mg: u32,
    pub overload: bool,
}

pub struct Simulator {
    // Kept alive: dropping it stops the simulators and removes the ptys.
    _devices: TrainingDevices,
    scale: ScaleControl,
    scanner: ScannerControl,
    pub scale_path: PathBuf,
    pub scanner_path: PathBuf,
}

impl Simulator {
    pub async fn start(data_dir: &Path) -> Result<Simulator, String> {
        // Said up front: without socat the pty links never appear and the start would only time out.
        if !on_path("socat") {
            return Err(
                "socat is not installed (apt-get install socat); the simulated scale and \
                        scanner need it"
                    .into(),
            );
        }
        let dir = data_dir.join(SIM_DIR);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let devices = TrainingDevices::start(&dir, SimProtocol::MtSics)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Simulator {
            scale: devices.scale.control(),
            scanner: devices.scanner.control(),
            scale_path: devices.scale_path(),
            scanner_path: devices.scanner_path(),
            _devices: devices,
        })
    }

    pub fn scale_serial(&self) -> String {
        self.scale.serial()
    }

    pub fn controls(&self) -> (ScaleControl, ScannerControl) {
        (self.scale.clone(), self.scanner.clone())
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Milligrams from the panel's gram text, exactly (3.50 → 3500); refuses anything finer than 1 mg.
pub fn grams_to_mg(text: &str) -> Result<i64, String> {
    let bad = || format!("type the weight in grams, like 3.50 (got {text:?})");
    let g = Decimal::from_str(text.trim()).map_err(|_| bad())?;
    let mg = g.checked_mul(Decimal::from(1000)).ok_or_else(bad)?;
    if !mg.fract().is_zero() {
        return Err(format!("{text} g is finer than a milligram"));
    }
    i64::try_from(mg).map_err(|_| bad())
}

pub fn apply_weight(scale: &ScaleControl, w: &SimWeight) -> Result<(), String> {
    let mg = grams_to_mg(&w.grams)?;
    scale.set_settle(Duration::from_millis(u64::from(w.settle_ms)));
    scale.set_noise(i64::from(w.noise_mg));
    scale.set_overload(w.overload);
    scale.place(mg);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panel_grams_become_exact_milligrams() {
        assert_eq!(grams_to_mg("3.50"), Ok(3500));
        assert_eq!(grams_to_mg(" 0.001 "), Ok(1));
        assert_eq!(grams_to_mg("-1.2"), Ok(-1200));
        assert!(grams_to_mg("0.0005").is_err());
        assert!(grams_to_mg("3,5 g").is_err());
        assert!(grams_to_mg("").is_err());
    }

    #[test]
    fn socat_is_looked_up_on_the_path() {
        assert!(!on_path("surely-no-such-program-vaultpick"));
        assert!(on_path("sh"), "sh is on every test machine's PATH");
    }
}
