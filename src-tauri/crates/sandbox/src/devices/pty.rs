//! A socat pty pair: two linked pseudo-terminals whose paths are stable symlinks, so a device can be
//! "unplugged" (socat killed, links gone) and "replugged" (a new pair under the same names).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum PtyError {
    #[error("cannot start socat (is it installed? apt-get install socat): {0}")]
    Spawn(std::io::Error),
    #[error("socat did not create {0} within {1:?}")]
    NoLink(PathBuf, Duration),
    #[error("socat exited early: {0}")]
    Exited(String),
}

/// Kills socat on drop, which removes both links.
#[derive(Debug)]
pub struct PtyPair {
    child: Child,
    /// The end the simulator holds.
    pub device: PathBuf,
    /// The end the app opens, as if it were `/dev/ttyUSB0`.
    pub app: PathBuf,
}

/// How long socat may take to come up on a busy machine.
pub const PTY_START_TIMEOUT: Duration = Duration::from_secs(15);

impl PtyPair {
    pub fn spawn(device: &Path, app: &Path) -> Result<PtyPair, PtyError> {
        // Stale links from a crashed run would make the poll below succeed too early.
        let _ = std::fs::remove_file(device);
        let _ = std::fs::remove_file(app);
        let end = |p: &Path| format!("pty,raw,echo=0,link={}", p.display());
        let child = Command::new("socat")
            .arg(end(device))
            .arg(end(app))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(PtyError::Spawn)?;
        let mut pair = PtyPair {
            child,
            device: device.to_path_buf(),
            app: app.to_path_buf(),
        };
        let started = Instant::now();
        while !(device.exists() && app.exists()) {
            if let Ok(Some(status)) = pair.child.try_wait() {
                return Err(PtyError::Exited(status.to_string()));
            }
            if started.elapsed() > PTY_START_TIMEOUT {
                return Err(PtyError::NoLink(app.to_path_buf(), PTY_START_TIMEOUT));
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        Ok(pair)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for PtyPair {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        // socat removes its links on SIGTERM, not on SIGKILL.
        let _ = std::fs::remove_file(&self.device);
        let _ = std::fs::remove_file(&self.app);
    }
}
