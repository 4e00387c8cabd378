//! The station's settings file, `vaultpick.json` in the data directory. Settings are data: a state's
//! BioTrack address, location and room ids, the idle-lock time, the reporting deadline and the size
//! of the pre-assigned id pool. Credentials never go here (they live in the OS keyring).
//!
//! Every section and field is optional except `biotrack` in production (see the README).

use serde::Deserialize;
use std::path::Path;
use vaultpick_trace::{BioTrackSettings, RoomIds};

pub const CONFIG_FILE: &str = "vaultpick.json";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StationConfig {
    /// The state system (production only; training always uses its sandbox).
    pub biotrack: Option<BioTrackConfig>,
    #[serde(default)]
    pub station: StationSection,
    #[serde(default)]
    pub sync: SyncSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BioTrackConfig {
    /// Two-letter state code with a BioTrack v1 preset (AR, CT, HI, ND, NM, PR).
    pub state: String,
    /// The store's own licence, which BioTrack calls the location.
    pub location: String,
    pub rooms: RoomIds,
    /// Overrides the state's preset address (a state's test server, say).
    pub base_url: Option<String>,
    pub time_zone: Option<String>,
    pub timeout_secs: Option<u64>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StationSection {
    /// Named in the audit log for every sign-in.
    pub name: String,
    /// Minutes without a key press or scan before the station locks itself.
    pub idle_lock_minutes: u32,
    /// The dispensary's name as package labels print it (production; training names its demo store).
    pub dispensary_name: String,
    /// Verification hides the items still to scan until the pass is finished (off: shows them).
    pub blind_verify: bool,
}

impl Default for StationSection {
    fn default() -> Self {
        StationSection {
            name: "station-1".into(),
            idle_lock_minutes: 5,
            dispensary_name: String::new(),
            blind_verify: true,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SyncSection {
    /// The state's reporting deadline for a change.
    pub deadline_hours: u32,
    /// Fractions of the deadline at which the status bar raises an alarm.
    pub warn_at: Vec<f64>,
    /// Pre-assigned package ids kept for offline weigh-outs (0 turns the pool off).
    pub preassigned_ids: u32,
    /// Seconds between pulls of the state system's quantities.
    pub pull_every_secs: u64,
}

impl Default for SyncSection {
    fn default() -> Self {
        SyncSection {
            deadline_hours: 24,
            warn_at: vec![0.5, 0.8],
            preassigned_ids: 20,
            pull_every_secs: 60,
        }
    }
}

impl StationConfig {
    /// Reads the file; a missing file means all defaults. A broken one is an error in plain words.
    pub fn load(data_dir: &Path) -> Result<StationConfig, String> {
        let path = data_dir.join(CONFIG_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text)
                .map_err(|e| format!("{} is not a valid settings file: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(StationConfig::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }
}

impl BioTrackConfig {
    /// The client's settings for this state, with the licence from the keyring account.
    pub fn settings(&self, license_number: &str) -> Result<BioTrackSettings, String> {
        let mut s =
            BioTrackSettings::for_state(&self.state, license_number, &self.location, self.rooms)
                .ok_or_else(|| {
                    format!(
                        "state '{}' has no BioTrack v1 settings in VaultPick",
                        self.state
                    )
                })?;
        if let Some(url) = &self.base_url {
            s.base_url = url.clone();
        }
        if let Some(tz) = &self.time_zone {
            s.time_zone = tz.clone();
        }
        if let Some(t) = self.timeout_secs {
            s.timeout_secs = t;
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_is_all_defaults_and_a_full_file_parses() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let none = StationConfig::load(dir.path())?;
        assert!(none.biotrack.is_none());
        assert_eq!(none.station.idle_lock_minutes, 5);
        assert!(none.station.blind_verify);
        assert_eq!(none.sync.warn_at, vec![0.5, 0.8]);
        std::fs::write(
            dir.path().join(CONFIG_FILE),
            r#"{"biotrack":{"state":"NM","location":"654321","rooms":{"vault":4,"pending_sale":5,"quarantine":6}},
                "station":{"name":"back-vault","idle_lock_minutes":2,"dispensary_name":"Green Door","blind_verify":false},"sync":{"deadline_hours":12}}"#,
        )
        .map_err(|e| e.to_string())?;
        let cfg = StationConfig::load(dir.path())?;
        assert_eq!(cfg.station.idle_lock_minutes, 2);
        assert_eq!(cfg.station.dispensary_name, "Green Door");
        assert!(!cfg.station.blind_verify);
        assert_eq!(cfg.sync.deadline_hours, 12);
        assert_eq!(cfg.sync.preassigned_ids, 20);
        let settings = cfg.biotrack.ok_or("no biotrack")?.settings("123456789")?;
        assert_eq!(settings.rooms.pending_sale, 5);
        assert_eq!(settings.license_number, "123456789");
        assert!(settings.base_url.starts_with("https://"));
        Ok(())
    }

    #[test]
    fn a_broken_file_names_itself_and_unknown_states_are_refused() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        std::fs::write(dir.path().join(CONFIG_FILE), "{\"station\": {\"idle\": 1}}")
            .map_err(|e| e.to_string())?;
        let err = StationConfig::load(dir.path()).err().unwrap_or_default();
        assert!(err.contains(CONFIG_FILE), "{err}");
        let il = BioTrackConfig {
            state: "IL".into(),
            location: "1".into(),
            rooms: RoomIds {
                vault: 1,
                pending_sale: 2,
                quarantine: 3,
            },
            base_url: None,
            time_zone: None,
            timeout_secs: None,
        };
        assert!(il.settings("1").is_err());
        Ok(())
    }
}
