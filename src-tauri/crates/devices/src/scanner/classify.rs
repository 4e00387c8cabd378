//! What a scan is: a BioTrack id, a Metrc tag, a GS1 record, a command barcode, or unknown.
//!
//! Rules, in order (the order matters: `0109506000134352` is both 16 digits and a GS1 GTIN string):
//! 1. A GS1 AIM id (`]C1`, `]d2`, `]Q3`, `]e0`), a leading GS (FNC1) or the bracketed `(01)…` form → GS1.
//! 2. `CMD:<VERB>` with a known verb → command.
//! 3. Exactly 16 digits → BioTrack id.
//! 4. Exactly 24 of `0-9A-Z` → Metrc tag (opaque; a warning if it does not start with `1A4`).
//! 5. Anything else → unknown, with the reason.

use super::aim::{self, Symbology};
use super::command::{PREFIX, ScanCommand};
use super::gs1::{self, GS, Gs1Record};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScanKind {
    Biotrack {
        id: String,
    },
    Metrc {
        tag: String,
        warning: Option<String>,
    },
    Gs1(Gs1Record),
    Command {
        command: ScanCommand,
    },
    Unknown {
        reason: String,
    },
}

/// One scan, classified. `raw` is exactly what the scanner sent between prefix and suffix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClassifiedScan {
    pub raw: String,
    pub symbology: Option<Symbology>,
    /// The data without the AIM identifier.
    pub text: String,
    pub kind: ScanKind,
}

/// Classifies one scan. `reference_year` anchors two-digit GS1 years (pass the current year).
pub fn classify(raw: &str, reference_year: i32) -> ClassifiedScan {
    let (symbology, text) = aim::split(raw);
    let kind = kind_of(symbology.as_ref(), text, reference_year);
    ClassifiedScan {
        raw: raw.to_string(),
        symbology,
        text: text.to_string(),
        kind,
    }
}

fn kind_of(symbology: Option<&Symbology>, text: &str, reference_year: i32) -> ScanKind {
    let looks_gs1 =
        symbology.is_some_and(|s| s.gs1) || text.starts_with(GS) || text.starts_with("(0");
    if looks_gs1 {
        return match gs1::parse(text, reference_year) {
            Ok(record) => ScanKind::Gs1(record),
            Err(e) => ScanKind::Unknown {
                reason: format!("not a valid GS1 element string: {e}"),
            },
        };
    }
    if let Some(command) = ScanCommand::parse(text) {
        return ScanKind::Command { command };
    }
    if text.len() == 16 && text.bytes().all(|b| b.is_ascii_digit()) {
        return ScanKind::Biotrack {
            id: text.to_string(),
        };
    }
    if text.len() == 24
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        let warning = (!text.starts_with("1A4")).then(|| {
            "Metrc tags seen so far start with 1A4; check this tag against Metrc".to_string()
        });
        return ScanKind::Metrc {
            tag: text.to_string(),
            warning,
        };
    }
    let is_command_like = text
        .get(..PREFIX.len())
        .is_some_and(|p| p.eq_ignore_ascii_case(PREFIX));
    let reason = if is_command_like {
        format!("unknown command barcode {text:?}")
    } else if text.bytes().all(|b| b.is_ascii_digit()) {
        format!("{} digits: not a 16-digit BioTrack id", text.len())
    } else {
        "not a BioTrack id, Metrc tag, GS1 code or command".to_string()
    };
    ScanKind::Unknown { reason }
}
