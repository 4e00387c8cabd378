//! Where VaultPick keeps its data: the OS convention (or `VAULTPICK_DATA_DIR`), with training and
//! production in separate sub-folders so demo orders can never mix with a licensee's records.

use serde::Serialize;
use std::path::{Path, PathBuf};

/// Overrides the base data directory (tests, kiosks, portable installs).
pub const DATA_DIR_ENV: &str = "VAULTPICK_DATA_DIR";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Production,
    Training,
}

impl Mode {
    fn folder(self) -> &'static str {
        match self {
            Mode::Production => "production",
            Mode::Training => "training",
        }
    }
}

/// The data directory for `mode` (not created here; the store creates it).
pub fn data_dir(mode: Mode) -> Result<PathBuf, String> {
    let base = match std::env::var_os(DATA_DIR_ENV).filter(|v| !v.is_empty()) {
        Some(dir) => absolute(Path::new(&dir))?,
        None => directories::ProjectDirs::from("app", "VaultPick", "VaultPick")
            .map(|d| d.data_dir().to_path_buf())
            .ok_or("cannot find your home directory to keep VaultPick's data in; set VAULTPICK_DATA_DIR")?,
    };
    Ok(base.join(mode.folder()))
}

fn absolute(dir: &Path) -> Result<PathBuf, String> {
    std::path::absolute(dir)
        .map_err(|e| format!("{DATA_DIR_ENV}={} is not a usable path: {e}", dir.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_live_in_separate_folders() {
        assert_ne!(Mode::Training.folder(), Mode::Production.folder());
    }

    #[test]
    fn a_relative_override_is_made_absolute() -> Result<(), String> {
        let dir = absolute(Path::new("some/dir"))?;
        assert!(dir.is_absolute());
        assert!(dir.ends_with("some/dir"));
        Ok(())
    }
}
