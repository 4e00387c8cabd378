//! What the UI receives about devices: scans, weights and ports as plain wire types (specta).

use chrono::{DateTime, Utc};
use serde::Serialize;
use vaultpick_devices::scanner::{Scan, ScanKind, ScanSource};
use vaultpick_devices::serial::PortInfo;

/// What a scan is, as the UI branches on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScanKindView {
    /// A BioTrack 16-digit package id.
    Biotrack {
        id: String,
    },
    /// A Metrc 24-character tag (`warning` when it does not start `1A4`).
    Metrc {
        tag: String,
        warning: Option<String>,
    },
    /// A GS1 element string; `expiry` as `YYYY-MM-DD`.
    Gs1 {
        gtin: Option<String>,
        batch: Option<String>,
        expiry: Option<String>,
        serial: Option<String>,
    },
    /// A command barcode (`CMD:ZERO` → `zero`).
    Command {
        command: String,
    },
    Unknown {
        reason: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ScanSourceView {
    Serial,
    Wedge,
    Simulated,
}

/// One accepted scan (duplicates inside the window never arrive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct ScanView {
    /// The data without the AIM symbology id.
    pub text: String,
    /// Exactly what the scanner sent between prefix and suffix.
    pub raw: String,
    pub kind: ScanKindView,
    /// The AIM id's readable name (`GS1-128`, `QR Code`), when the scanner sent one.
    pub symbology: Option<String>,
    pub source: ScanSourceView,
    pub at: DateTime<Utc>,
}

impl From<&Scan> for ScanView {
    fn from(scan: &Scan) -> Self {
        let c = &scan.scan;
        let kind = match &c.kind {
            ScanKind::Biotrack { id } => ScanKindView::Biotrack { id: id.clone() },
            ScanKind::Metrc { tag, warning } => ScanKindView::Metrc {
                tag: tag.clone(),
                warning: warning.clone(),
            },
            ScanKind::Gs1(r) => ScanKindView::Gs1 {
                gtin: r.gtin.clone(),
                batch: r.batch.clone(),
                expiry: r.expiry.as_ref().map(|d| d.date.to_string()),
                serial: r.serial.clone(),
            },
            ScanKind::Command { command } => ScanKindView::Command {
                command: serde_json::to_value(command)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            },
            ScanKind::Unknown { reason } => ScanKindView::Unknown {
                reason: reason.clone(),
            },
        };
        ScanView {
            text: c.text.clone(),
            raw: c.raw.clone(),
            kind,
            symbology: c.symbology.as_ref().map(|s| s.name.clone()),
            source: match scan.source {
                ScanSource::Serial => ScanSourceView::Serial,
                ScanSource::Wedge => ScanSourceView::Wedge,
                ScanSource::Simulated => ScanSourceView::Simulated,
            },
            at: scan.at,
        }
    }
}

/// A serial port the OS lists, with its USB identity when it has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct PortView {
    pub path: String,
    pub kind: String,
    pub usb_vid: Option<u16>,
    pub usb_pid: Option<u16>,
    pub usb_serial: Option<String>,
    pub manufacturer: Option<String>,
    pub product: Option<String>,
}

impl From<PortInfo> for PortView {
    fn from(p: PortInfo) -> Self {
        let usb = p.usb;
        PortView {
            path: p.path,
            kind: p.kind,
            usb_vid: usb.as_ref().map(|u| u.vid),
            usb_pid: usb.as_ref().map(|u| u.pid),
            usb_serial: usb.as_ref().and_then(|u| u.serial_number.clone()),
            manufacturer: usb.as_ref().and_then(|u| u.manufacturer.clone()),
            product: usb.and_then(|u| u.product),
        }
    }
}

/// A package the training panel can "scan".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, specta::Type)]
pub struct SimPackage {
    pub uid: String,
    pub name: String,
    pub location: String,
}
