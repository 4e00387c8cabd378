//! The station's device settings as the technician sets them on the Device settings screen, kept as
//! `devices.json` in the data directory and applied at start and whenever they are saved.
//!
//! These are the app's own wire types (specta): the devices crate's types stay free of the UI.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use vaultpick_devices::scale::Protocol;
use vaultpick_devices::scanner::{Framing, Suffix};
use vaultpick_devices::serial::{PortSelector, Preset, SerialSettings, UsbMatch};
use vaultpick_devices::supervisor::{ScaleStation, ScannerStation};
use vaultpick_devices::weigh::ScaleProfile;

pub const SETTINGS_FILE: &str = "devices.json";

/// Which port a device is on: a path, a USB identity (found again under a new path), or both.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct PortChoice {
    pub path: Option<String>,
    pub usb_vid: Option<u16>,
    pub usb_pid: Option<u16>,
    pub usb_serial: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ScaleProtocolChoice {
    MtSics,
    And,
    Ohaus,
}

/// Line settings by brand; `Custom` keeps the baud as entered with 8N1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PresetChoice {
    MettlerToledo,
    And,
    Ohaus,
    Sartorius,
    Scanner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum SuffixChoice {
    Cr,
    Lf,
    CrLf,
    Tab,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ScaleSettings {
    pub port: PortChoice,
    pub protocol: ScaleProtocolChoice,
    pub preset: PresetChoice,
    /// Baud rate; `None` uses the preset's.
    pub baud: Option<u32>,
    /// Verification interval `e` in grams, exact decimal text ("0.01").
    pub e_g: String,
    /// Display division `d` in grams.
    pub d_g: String,
    /// The serial number on the scale's plate; a different scale on the port is refused at weigh-in.
    pub serial_number: Option<String>,
    /// `YYYY-MM-DD`; weighing locks after this day.
    pub calibration_due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
pub struct ScannerSettings {
    pub port: PortChoice,
    pub preset: PresetChoice,
    pub baud: Option<u32>,
    pub suffix: SuffixChoice,
    pub prefix: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
pub struct DeviceSettings {
    pub scale: Option<ScaleSettings>,
    pub scanner: Option<ScannerSettings>,
}

impl PortChoice {
    pub fn path(path: &Path) -> PortChoice {
        PortChoice {
            path: Some(path.display().to_string()),
            ..PortChoice::default()
        }
    }

    fn selector(&self) -> Result<PortSelector, String> {
        let usb = match (self.usb_vid, self.usb_pid) {
            (Some(vid), Some(pid)) => Some(UsbMatch {
                vid,
                pid,
                serial_number: non_empty(&self.usb_serial),
            }),
            (None, None) => None,
            _ => return Err("give both the USB vendor id and the product id, or neither".into()),
        };
        let path = non_empty(&self.path);
        if path.is_none() && usb.is_none() {
            return Err("choose a port (or a USB device)".into());
        }
        Ok(PortSelector { path, usb })
    }
}

fn non_empty(s: &Option<String>) -> Option<String> {
    s.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

impl ScaleProtocolChoice {
    pub fn protocol(self) -> Protocol {
        match self {
            ScaleProtocolChoice::MtSics => Protocol::MtSics,
            ScaleProtocolChoice::And => Protocol::And,
            ScaleProtocolChoice::Ohaus => Protocol::Ohaus,
        }
    }
}

impl PresetChoice {
    fn serial(self, baud: Option<u32>) -> SerialSettings {
        let preset = match self {
            PresetChoice::MettlerToledo => Preset::MettlerToledo,
            PresetChoice::And => Preset::And,
            PresetChoice::Ohaus => Preset::Ohaus,
            PresetChoice::Sartorius => Preset::Sartorius,
            PresetChoice::Scanner => Preset::Scanner,
        };
        let mut settings = preset.settings();
        if let Some(baud) = baud {
            settings.baud = baud;
        }
        settings
    }
}

impl SuffixChoice {
    fn suffix(self) -> Suffix {
        match self {
            SuffixChoice::Cr => Suffix::Cr,
            SuffixChoice::Lf => Suffix::Lf,
            SuffixChoice::CrLf => Suffix::CrLf,
            SuffixChoice::Tab => Suffix::Tab,
        }
    }
}

fn decimal(what: &str, text: &str) -> Result<Decimal, String> {
    Decimal::from_str(text.trim())
        .ok()
        .filter(|d| d.is_sign_positive() && !d.is_zero())
        .ok_or_else(|| {
            format!("{what} must be a positive number of grams like 0.01 (got {text:?})")
        })
}

impl ScaleSettings {
    pub fn station(&self) -> Result<ScaleStation, String> {
        Ok(ScaleStation {
            port: self.port.selector()?,
            serial: self.preset.serial(self.baud),
            protocol: self.protocol.protocol(),
        })
    }

    /// The registered scale: e, d, serial number and calibration due date.
    pub fn profile(&self) -> Result<ScaleProfile, String> {
        let calibration_due = match non_empty(&self.calibration_due) {
            Some(day) => Some(NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| {
                format!("the calibration due date must look like 2027-03-31 (got {day:?})")
            })?),
            None => None,
        };
        Ok(ScaleProfile {
            serial: non_empty(&self.serial_number),
            e_g: decimal("e (verification interval)", &self.e_g)?,
            d_g: decimal("d (display division)", &self.d_g)?,
            class: None,
            coc: None,
            calibration_due,
        })
    }
}

impl ScannerSettings {
    pub fn station(&self) -> Result<ScannerStation, String> {
        Ok(ScannerStation {
            port: self.port.selector()?,
            serial: self.preset.serial(self.baud),
            framing: Framing {
                suffix: self.suffix.suffix(),
                prefix: non_empty(&self.prefix),
            },
        })
    }
}

impl DeviceSettings {
    /// Every field checked: the first problem in words the technician can act on.
    pub fn validate(&self) -> Result<(), String> {
        if let Some(scale) = &self.scale {
            scale.station().map_err(|e| format!("Scale: {e}"))?;
            scale.profile().map_err(|e| format!("Scale: {e}"))?;
        }
        if let Some(scanner) = &self.scanner {
            scanner.station().map_err(|e| format!("Scanner: {e}"))?;
        }
        Ok(())
    }

    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join(SETTINGS_FILE)
    }

    /// `Ok(None)` when nothing was saved yet.
    pub fn load(dir: &Path) -> Result<Option<DeviceSettings>, String> {
        let path = Self::path_in(dir);
        match std::fs::read_to_string(&path) {
            Ok(text) => serde_json::from_str(&text).map(Some).map_err(|e| {
                format!(
                    "{} is damaged ({e}); save the device settings again",
                    path.display()
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Writes to a temporary file and renames it, so a crash never leaves half a file.
    pub fn save(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = Self::path_in(dir);
        let tmp = dir.join(format!("{SETTINGS_FILE}.tmp"));
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(&tmp, text).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        std::fs::rename(&tmp, &path).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale() -> ScaleSettings {
        ScaleSettings {
            port: PortChoice::path(Path::new("/dev/ttyUSB0")),
            protocol: ScaleProtocolChoice::And,
            preset: PresetChoice::And,
            baud: None,
            e_g: "0.01".into(),
            d_g: "0.001".into(),
            serial_number: Some("B1234".into()),
            calibration_due: Some("2027-03-31".into()),
        }
    }

    #[test]
    fn settings_round_trip_through_the_file() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        assert_eq!(DeviceSettings::load(dir.path())?, None);
        let settings = DeviceSettings {
            scale: Some(scale()),
            scanner: None,
        };
        settings.save(dir.path())?;
        assert_eq!(DeviceSettings::load(dir.path())?, Some(settings));
        Ok(())
    }

    #[test]
    fn a_scale_station_takes_the_preset_line_settings_and_the_exact_e() -> Result<(), String> {
        let station = scale().station()?;
        assert_eq!(station.serial.baud, 2400);
        assert_eq!(station.serial.data_bits, 7);
        assert_eq!(station.protocol, Protocol::And);
        let profile = scale().profile()?;
        assert_eq!(profile.e_g.to_string(), "0.01");
        assert_eq!(profile.serial.as_deref(), Some("B1234"));
        Ok(())
    }

    #[test]
    fn bad_settings_are_refused_in_plain_words() {
        let mut bad = scale();
        bad.e_g = "abc".into();
        let err = DeviceSettings {
            scale: Some(bad),
            scanner: None,
        }
        .validate();
        assert!(
            matches!(&err, Err(m) if m.contains("e (verification interval)")),
            "{err:?}"
        );
        let mut bad = scale();
        bad.port = PortChoice::default();
        let err = DeviceSettings {
            scale: Some(bad),
            scanner: None,
        }
        .validate();
        assert!(
            matches!(&err, Err(m) if m.contains("choose a port")),
            "{err:?}"
        );
        let mut bad = scale();
        bad.calibration_due = Some("31/03/2027".into());
        assert!(
            DeviceSettings {
                scale: Some(bad),
                scanner: None
            }
            .validate()
            .is_err()
        );
    }

    #[test]
    fn a_damaged_file_is_reported_not_ignored() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        std::fs::write(DeviceSettings::path_in(dir.path()), "{not json")
            .map_err(|e| e.to_string())?;
        let err = DeviceSettings::load(dir.path());
        assert!(matches!(&err, Err(m) if m.contains("damaged")), "{err:?}");
        Ok(())
    }
}
