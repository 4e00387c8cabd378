//! Per-state settings as data: where the state's BioTrack lives, its time zone, our licence and
//! location, and which room ids mean vault, pending sale and quarantine.

use serde::{Deserialize, Serialize};
use vaultpick_core::ports::Sensitive;

/// A state that runs BioTrack v1 (endpoints from OpenTHC's configuration; see biotrack.md §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatePreset {
    pub code: &'static str,
    pub name: &'static str,
    /// Base URL; the endpoint is `{base_url}/serverjson.asp`.
    pub base_url: &'static str,
    /// IANA time zone the state's reporting day is counted in.
    pub time_zone: &'static str,
}

pub const STATE_PRESETS: &[StatePreset] = &[
    StatePreset {
        code: "AR",
        name: "Arkansas",
        base_url: "https://arstems.arkansas.gov",
        time_zone: "America/Chicago",
    },
    StatePreset {
        code: "CT",
        name: "Connecticut",
        base_url: "https://trace.ct.biotr.ac",
        time_zone: "America/New_York",
    },
    StatePreset {
        code: "HI",
        name: "Hawaii",
        base_url: "https://hicsts.hawaii.gov",
        time_zone: "Pacific/Honolulu",
    },
    StatePreset {
        code: "ND",
        name: "North Dakota",
        base_url: "https://mminventory.health.nd.gov",
        time_zone: "America/Chicago",
    },
    StatePreset {
        code: "NM",
        name: "New Mexico",
        base_url: "https://mcp-tracking.nmhealth.org",
        time_zone: "America/Denver",
    },
    StatePreset {
        code: "PR",
        name: "Puerto Rico",
        base_url: "https://cannabispr.biotrackthc.net",
        time_zone: "America/Puerto_Rico",
    },
];

pub fn state_preset(code: &str) -> Option<&'static StatePreset> {
    STATE_PRESETS
        .iter()
        .find(|p| p.code.eq_ignore_ascii_case(code.trim()))
}

/// The BioTrack room ids the workflow moves packages between.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomIds {
    pub vault: i64,
    pub pending_sale: i64,
    pub quarantine: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BioTrackSettings {
    /// Two-letter state code, for display and presets.
    pub state: String,
    /// Base URL without `/serverjson.asp`.
    pub base_url: String,
    pub time_zone: String,
    /// The company licence (UBI) sent at login; BioTrack calls the company "the licence".
    pub license_number: String,
    /// The store's own licence, which BioTrack calls "the location".
    pub location: String,
    pub rooms: RoomIds,
    /// Send `training: 1`: BioTrack's training data set on the same server.
    #[serde(default)]
    pub training: bool,
    /// Seconds to wait for a reply before calling the outcome ambiguous.
    #[serde(default = "default_timeout_secs")]
    pub timeout_secs: u64,
}

fn default_timeout_secs() -> u64 {
    30
}

impl BioTrackSettings {
    /// Settings for a known state; `None` for a state without a BioTrack v1 preset.
    pub fn for_state(
        code: &str,
        license_number: &str,
        location: &str,
        rooms: RoomIds,
    ) -> Option<Self> {
        let preset = state_preset(code)?;
        Some(BioTrackSettings {
            state: preset.code.to_owned(),
            base_url: preset.base_url.to_owned(),
            time_zone: preset.time_zone.to_owned(),
            license_number: license_number.to_owned(),
            location: location.to_owned(),
            rooms,
            training: false,
            timeout_secs: default_timeout_secs(),
        })
    }

    /// A BioTrack sandbox on loopback (training mode, tests): `training` set, a generous timeout
    /// so a busy machine does not turn a slow reply into a fault.
    pub fn sandbox(base_url: &str, license_number: &str, location: &str, rooms: RoomIds) -> Self {
        BioTrackSettings {
            state: "NM".into(),
            base_url: base_url.to_owned(),
            time_zone: "America/Denver".into(),
            license_number: license_number.to_owned(),
            location: location.to_owned(),
            rooms,
            training: true,
            timeout_secs: 10,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("{}/serverjson.asp", self.base_url.trim_end_matches('/'))
    }
}

/// The agent's BioTrack login. The password never prints and never serialises.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub username: String,
    pub password: Sensitive<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOMS: RoomIds = RoomIds {
        vault: 1,
        pending_sale: 2,
        quarantine: 3,
    };

    #[test]
    fn presets_fill_url_and_time_zone_and_settings_round_trip_as_data()
    -> Result<(), serde_json::Error> {
        let settings = BioTrackSettings::for_state("nm", "123456789", "654321", ROOMS)
            .ok_or_else(|| serde::de::Error::custom("no NM preset"))?;
        assert_eq!(
            settings.endpoint(),
            "https://mcp-tracking.nmhealth.org/serverjson.asp"
        );
        assert_eq!(settings.time_zone, "America/Denver");
        assert!(
            BioTrackSettings::for_state("IL", "1", "2", ROOMS).is_none(),
            "IL moved to Metrc"
        );
        let json = serde_json::to_string(&settings)?;
        assert_eq!(serde_json::from_str::<BioTrackSettings>(&json)?, settings);
        let minimal = r#"{"state":"HI","base_url":"http://127.0.0.1:9/","time_zone":"Pacific/Honolulu",
            "license_number":"1","location":"2","rooms":{"vault":1,"pending_sale":2,"quarantine":3}}"#;
        let parsed: BioTrackSettings = serde_json::from_str(minimal)?;
        assert_eq!((parsed.training, parsed.timeout_secs), (false, 30));
        assert_eq!(parsed.endpoint(), "http://127.0.0.1:9/serverjson.asp");
        Ok(())
    }
}
