//! Serial ports: settings with brand presets, opening through tokio-serial, listing with USB ids,
//! and finding a configured device again after it comes back under a new path.

use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio_serial::{SerialPort, SerialPortBuilderExt, SerialPortType, SerialStream};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Parity {
    None,
    Even,
    Odd,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowControl {
    None,
    /// XON/XOFF.
    Software,
    /// RTS/CTS.
    Hardware,
}

/// Line settings for one station's device. Stored per station; start from a [`Preset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SerialSettings {
    pub baud: u32,
    /// 7 or 8.
    pub data_bits: u8,
    pub parity: Parity,
    /// 1 or 2.
    pub stop_bits: u8,
    pub flow: FlowControl,
}

/// Factory settings per brand (hardware.md §0.2, §1.2–§1.5); check the scale's menu if readings fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Preset {
    /// Mettler Toledo MT-SICS: 9600 8N1, no handshake.
    MettlerToledo,
    /// A&D: 2400 7E1.
    And,
    /// OHAUS (Scout, Explorer): 9600 8N1.
    Ohaus,
    /// Older Sartorius: 1200 7O1 with hardware handshake.
    Sartorius,
    /// Serial / USB-CDC barcode scanners: 9600 8N1 (CDC ignores the baud).
    Scanner,
}

impl Preset {
    pub fn settings(self) -> SerialSettings {
        let s = |baud, data_bits, parity, flow| SerialSettings {
            baud,
            data_bits,
            parity,
            stop_bits: 1,
            flow,
        };
        match self {
            Preset::MettlerToledo | Preset::Ohaus | Preset::Scanner => {
                s(9600, 8, Parity::None, FlowControl::None)
            }
            Preset::And => s(2400, 7, Parity::Even, FlowControl::None),
            Preset::Sartorius => s(1200, 7, Parity::Odd, FlowControl::Hardware),
        }
    }

    pub fn for_protocol(protocol: crate::scale::Protocol) -> Preset {
        match protocol {
            crate::scale::Protocol::MtSics => Preset::MettlerToledo,
            crate::scale::Protocol::And => Preset::And,
            crate::scale::Protocol::Ohaus => Preset::Ohaus,
        }
    }
}

impl Default for SerialSettings {
    fn default() -> Self {
        Preset::MettlerToledo.settings()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("unsupported serial settings: {0}")]
    Settings(String),
    #[error("cannot open {path}: {source}")]
    Open {
        path: String,
        source: tokio_serial::Error,
    },
}

/// Opens `path` with `settings`. Raising DTR/RTS is attempted but optional: ptys (and some CDC
/// devices) refuse modem-control calls with ENOTTY.
pub fn open(path: &str, settings: &SerialSettings) -> Result<SerialStream, OpenError> {
    let data_bits = match settings.data_bits {
        5 => tokio_serial::DataBits::Five,
        6 => tokio_serial::DataBits::Six,
        7 => tokio_serial::DataBits::Seven,
        8 => tokio_serial::DataBits::Eight,
        n => return Err(OpenError::Settings(format!("{n} data bits"))),
    };
    let stop_bits = match settings.stop_bits {
        1 => tokio_serial::StopBits::One,
        2 => tokio_serial::StopBits::Two,
        n => return Err(OpenError::Settings(format!("{n} stop bits"))),
    };
    let parity = match settings.parity {
        Parity::None => tokio_serial::Parity::None,
        Parity::Even => tokio_serial::Parity::Even,
        Parity::Odd => tokio_serial::Parity::Odd,
    };
    let flow = match settings.flow {
        FlowControl::None => tokio_serial::FlowControl::None,
        FlowControl::Software => tokio_serial::FlowControl::Software,
        FlowControl::Hardware => tokio_serial::FlowControl::Hardware,
    };
    let mut stream = tokio_serial::new(path, settings.baud)
        .data_bits(data_bits)
        .stop_bits(stop_bits)
        .parity(parity)
        .flow_control(flow)
        .timeout(Duration::from_millis(100))
        .open_native_async()
        .map_err(|source| OpenError::Open {
            path: path.to_string(),
            source,
        })?;
    // Some USB-serial adapters only talk once DTR is up; a pty answers ENOTTY, which is fine.
    if let Err(e) = stream.write_data_terminal_ready(true) {
        tracing::debug!(path, error = %e, "DTR not settable (normal on a pty)");
    }
    Ok(stream)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsbId {
    pub vid: u16,
    pub pid: u16,
    pub serial_number: Option<String>,
    pub manufacturer: Option<String>,
    pub product: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortInfo {
    pub path: String,
    /// `usb`, `pci`, `bluetooth` or `unknown`.
    pub kind: String,
    pub usb: Option<UsbId>,
}

/// The serial ports the OS knows about, with USB ids where it gives them. An error listing is an empty list.
pub fn list_ports() -> Vec<PortInfo> {
    let ports = match tokio_serial::available_ports() {
        Ok(p) => p,
        Err(e) => {
            tracing::warn!(error = %e, "cannot list serial ports");
            return Vec::new();
        }
    };
    ports
        .into_iter()
        .map(|p| {
            let (kind, usb) = match p.port_type {
                SerialPortType::UsbPort(u) => (
                    "usb",
                    Some(UsbId {
                        vid: u.vid,
                        pid: u.pid,
                        serial_number: u.serial_number,
                        manufacturer: u.manufacturer,
                        product: u.product,
                    }),
                ),
                SerialPortType::PciPort => ("pci", None),
                SerialPortType::BluetoothPort => ("bluetooth", None),
                SerialPortType::Unknown => ("unknown", None),
            };
            PortInfo {
                path: p.port_name,
                kind: kind.to_string(),
                usb,
            }
        })
        .collect()
}

/// Which USB device a station means, so it is found again under a new path (`ttyACM0` → `ttyACM1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsbMatch {
    pub vid: u16,
    pub pid: u16,
    /// When set, only the device with this serial number matches (two identical scales on one PC).
    pub serial_number: Option<String>,
}

/// How a station names its device: a path, a USB identity, or both (USB wins when it is found).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PortSelector {
    pub path: Option<String>,
    pub usb: Option<UsbMatch>,
}

impl PortSelector {
    pub fn path(path: impl Into<String>) -> PortSelector {
        PortSelector {
            path: Some(path.into()),
            usb: None,
        }
    }

    /// The path to open now, given the ports the OS lists.
    pub fn resolve(&self, ports: &[PortInfo]) -> Option<String> {
        if let Some(want) = &self.usb {
            let found = ports.iter().find(|p| {
                p.usb.as_ref().is_some_and(|u| {
                    u.vid == want.vid
                        && u.pid == want.pid
                        && want
                            .serial_number
                            .as_ref()
                            .is_none_or(|s| u.serial_number.as_ref() == Some(s))
                })
            });
            if let Some(p) = found {
                return Some(p.path.clone());
            }
        }
        self.path.clone()
    }

    pub fn describe(&self) -> String {
        match (&self.path, &self.usb) {
            (Some(p), None) => p.clone(),
            (path, Some(u)) => format!(
                "USB {:04x}:{:04x}{}{}",
                u.vid,
                u.pid,
                u.serial_number
                    .as_ref()
                    .map(|s| format!(" #{s}"))
                    .unwrap_or_default(),
                path.as_ref()
                    .map(|p| format!(" (or {p})"))
                    .unwrap_or_default()
            ),
            (None, None) => "no port configured".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usb_port(path: &str, vid: u16, pid: u16, serial: &str) -> PortInfo {
        PortInfo {
            path: path.into(),
            kind: "usb".into(),
            usb: Some(UsbId {
                vid,
                pid,
                serial_number: Some(serial.into()),
                manufacturer: None,
                product: None,
            }),
        }
    }

    #[test]
    fn usb_match_finds_the_device_under_a_new_path() {
        let want = PortSelector {
            path: Some("/dev/ttyACM0".into()),
            usb: Some(UsbMatch {
                vid: 0x0eb8,
                pid: 0x2200,
                serial_number: Some("B42".into()),
            }),
        };
        let ports = vec![
            usb_port("/dev/ttyACM0", 0x0eb8, 0x2200, "OTHER"),
            usb_port("/dev/ttyACM3", 0x0eb8, 0x2200, "B42"),
        ];
        assert_eq!(want.resolve(&ports).as_deref(), Some("/dev/ttyACM3"));
        // Not plugged in: fall back to the configured path (the supervisor keeps retrying it).
        assert_eq!(want.resolve(&[]).as_deref(), Some("/dev/ttyACM0"));
        let any_serial = PortSelector {
            path: None,
            usb: Some(UsbMatch {
                vid: 0x0eb8,
                pid: 0x2200,
                serial_number: None,
            }),
        };
        assert_eq!(any_serial.resolve(&ports).as_deref(), Some("/dev/ttyACM0"));
    }

    #[test]
    fn presets_follow_the_brands() {
        let and = Preset::And.settings();
        assert_eq!(
            (and.baud, and.data_bits, and.parity, and.stop_bits),
            (2400, 7, Parity::Even, 1)
        );
        assert_eq!(Preset::MettlerToledo.settings().baud, 9600);
        assert_eq!(Preset::Sartorius.settings().flow, FlowControl::Hardware);
    }
}
