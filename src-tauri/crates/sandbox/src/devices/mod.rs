//! Virtual devices on ptys: a scale per protocol and a scanner, controllable from tests and from
//! the app's training mode. Needs `socat` on PATH. Each device's app-side path behaves like a
//! serial port (`/dev/ttyUSB0`): open it at any baud.

mod link;
mod pty;
mod scale;
mod scale_wire;
mod scanner;

pub use link::{LinkControl, PLUG_TIMEOUT};
pub use pty::{PTY_START_TIMEOUT, PtyError, PtyPair};
pub use scale::{ScaleControl, ScaleState, VirtualScale};
pub use scale_wire::{Display, SimProtocol, grams_2dp, weight_line};
pub use scanner::{ScannerControl, ScannerSetup, VirtualScanner};

use std::path::{Path, PathBuf};

/// The simulated station for training mode: one scale and one scanner.
pub struct TrainingDevices {
    pub scale: VirtualScale,
    pub scanner: VirtualScanner,
}

impl TrainingDevices {
    /// Starts both devices with their app-side ports at `dir/scale` and `dir/scanner`.
    pub async fn start(dir: &Path, protocol: SimProtocol) -> Result<TrainingDevices, PtyError> {
        let scale = VirtualScale::start(dir, "scale", protocol, 0x7EA1_5CA1E).await?;
        let scanner = VirtualScanner::start(dir, "scanner", ScannerSetup::default()).await?;
        Ok(TrainingDevices { scale, scanner })
    }

    pub fn scale_path(&self) -> PathBuf {
        self.scale.control().link().app_path().to_path_buf()
    }

    pub fn scanner_path(&self) -> PathBuf {
        self.scanner.control().link().app_path().to_path_buf()
    }
}
